/* SPDX-License-Identifier: MIT */
/*
 * Private to the diagnosis: doctor.c (the checks and their gates),
 * doctor_layers.c (one walk per layer), doctor_api.c (the getters).
 * Thresholds and their anchors are justified in docs/DOCTOR.md.
 */
#ifndef NETOBS_DOCTOR_H
#define NETOBS_DOCTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "internal.h"

#define NETOBS__LAYER_MAX (NETOBS_LAYER_SOCKET + 1)
#define NETOBS__VERDICT_MAX (NETOBS_VERDICT_UNOBSERVABLE + 1)

/* Findings a layer keeps, worst first; the rest are only counted.  An
 * operator reads one screen of a layer's details (a terminal's 24 to 50
 * lines), and 32 worst objects say where the loss is as well as 40,010
 * would: at 4001 dropping devices the full list was 36 MB and most of the
 * diagnosis's CPU, formatting sentences nobody reads. */
#define NETOBS__FINDINGS_KEPT 32

struct netobs_finding {
	enum netobs_verdict verdict;
	char object[96];		/* as long as a socket's description */
	char counter[48];
	uint64_t delta;
	double rate;
	double ratio;		/* NAN: no denominator */
	const char *threshold;	/* the gate's: gates are static, never copied */
	const char *anchor;
	char knob[128];
	char command[96];
	char note[128];		/* the evidence's note, worded at the end */
	const char *ratio_of;	/* what RATIO is a share of: a literal */
	bool led;		/* TEXT already holds the evidence's lead */
	char text[384];
	size_t seq;		/* order of offering: ties keep it */
};

/* What ranks a finding, apart from it (the findings are a kilobyte each),
 * and where it is kept. */
struct netobs__rank {
	enum netobs_verdict verdict;
	double rate;
	size_t seq;
	size_t slot;		/* its index in findings */
};

struct netobs_layer {
	enum netobs_layer_id id;
	enum netobs_verdict verdict;
	enum netobs_scope scope;
	char reason[160];
	struct netobs_finding *findings;	/* at most NETOBS__FINDINGS_KEPT */
	size_t n, cap;
	size_t offered;			/* findings offered, kept or not */
	/* The kept ones' ranks as a heap, the last ranked at the root: a
	 * newcomer is compared with one rank, and replacing it costs log2(32)
	 * steps (a scan of all 32 was a tenth of the diagnosis at 4001
	 * dropping devices).  Stale once the layer is sorted. */
	struct netobs__rank ranks[NETOBS__FINDINGS_KEPT];
	size_t omitted[NETOBS__VERDICT_MAX];	/* offered, not kept, per verdict */
};

struct netobs_diagnosis {
	struct netobs_layer layers[NETOBS__LAYER_MAX];
};

/* A gate: a finding alarms only past MIN_DELTA events, and past both the
 * rate and the ratio (a ratio gate of 0 or a NAN ratio always passes), so
 * a handful of drops on a quiet host stays information.  Gates are static:
 * findings point to their strings. */
struct netobs__gate {
	uint64_t min_delta;
	double warn_rate, warn_ratio;
	double crit_rate, crit_ratio; /* crit_rate < 0: never critical */
	const char *threshold;	      /* the gate as text, for the finding */
	const char *anchor;	      /* who set it */
};

/* What a walk found, before it becomes a finding. */
struct netobs__evidence {
	const char *object;
	const char *counter;
	uint64_t delta;
	double rate;
	double ratio;		/* NAN: none */
	const char *knob;	/* "" or "net.core.x = 1000: double it" */
	const char *command;	/* "" or the next command */
	const char *note;	/* "" or extra words for the sentence */
	const char *ratio_of;	/* NULL: "of packets"; else a literal (kept, not copied) */
	const char *lead;	/* NULL, or the sentence's start instead of the counts */
};

/* What every layer walk gets. */
struct netobs__walk {
	const struct netobs_diff *diff;
	const struct netobs_snapshot *older, *newer;
	struct netobs_layer *layer;
	netobs_device_keep_fn keep;	/* the device layers' filter, NULL: all */
	void *keep_arg;
};

/* doctor.c: the diagnosis over the devices KEEP accepts (NULL: all). */
int netobs__diagnose(struct netobs_diagnosis **out, const struct netobs_diff *diff,
		     netobs_device_keep_fn keep, void *arg);
/* doctor_layers.c: whether the device layers judge DEV. */
bool netobs__walk_keeps(const struct netobs__walk *w, const struct netobs_device *dev);

/* doctor.c */
enum netobs_verdict netobs__gate_verdict(const struct netobs__gate *g, uint64_t delta,
					 double rate, double ratio);
/* Adds a finding judged by G (NULL: information only) if it ranks among
 * the layer's NETOBS__FINDINGS_KEPT worst, else counts it; -ENOMEM.  Its
 * sentence is worded when the layer is done, for the kept ones only. */
int netobs__finding_add(struct netobs_layer *l, const struct netobs__gate *g,
			const struct netobs__evidence *e);
/* Whether a finding with E's numbers (delta, rate, ratio) would be kept:
 * a walk asks before it formats E's strings.  False means it was counted
 * (and raised the layer's verdict): do not add it.  True changes nothing. */
bool netobs__finding_wanted(struct netobs_layer *l, const struct netobs__gate *g,
			    const struct netobs__evidence *e);
void netobs__layer_set(struct netobs_layer *l, enum netobs_verdict v, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "name = value" of a tunable of SNAP, with ADVICE after a colon; "name:
 * unknown" when the snapshot lacks it. */
void netobs__knob(char *buf, size_t size, const struct netobs_snapshot *snap,
		  enum netobs_tunable t, const char *advice);

/* doctor_layers.c, doctor_cpu.c, doctor_sock.c: one walk per layer. */
int netobs__walk_link(struct netobs__walk *w);
int netobs__walk_nic_ring(struct netobs__walk *w);
int netobs__walk_device_drops(struct netobs__walk *w);
int netobs__walk_cpu_backlog(struct netobs__walk *w);
int netobs__walk_cpu_budget(struct netobs__walk *w);
int netobs__walk_udp(struct netobs__walk *w);
int netobs__walk_tcp_accept(struct netobs__walk *w);
int netobs__walk_socket(struct netobs__walk *w);
/* doctor_proto.c: the protocol counters and qdiscs. */
int netobs__walk_qdisc(struct netobs__walk *w);
int netobs__walk_ip(struct netobs__walk *w);
int netobs__walk_tcp_accept_proto(struct netobs__walk *w);
int netobs__walk_tcp_memory(struct netobs__walk *w);
int netobs__walk_tcp_loss(struct netobs__walk *w);
int netobs__walk_udp_proto(struct netobs__walk *w);

/* doctor.c: 4210 as "4,210", as every finding writes its counts. */
void netobs__grouped(char *buf, size_t size, uint64_t v);
/* doctor.c: "A = 1, B = 2: ADVICE" for two tunables of SNAP (-1: unknown). */
void netobs__knob2(char *buf, size_t size, const struct netobs_snapshot *snap,
		   enum netobs_tunable a, enum netobs_tunable b, const char *advice);
/* doctor.c: appends "; TEXT" (or TEXT to an empty reason) to L's reason. */
void netobs__layer_note(struct netobs_layer *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* doctor_proto.c and doctor_sock.c share the accept queue's gate:
 * netdata tcp_listen.conf 1m_tcp_accept_queue_overflows. */
extern const struct netobs__gate netobs__accept_gate;

#endif /* NETOBS_DOCTOR_H */
