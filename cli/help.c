/* SPDX-License-Identifier: MIT */
/*
 * The --help texts: the global one, and each command's own (netobs watch
 * --help), built from the same pieces so that they cannot drift apart.
 */
#include "config.h"

#include <string.h>

#include "commands.h"
#include "outbuf.h"

static const char global_head[] =
	"Usage: netobs [show] [OPTION...] [DEV...]\n"
	"       netobs devices [OPTION...] [DEV...]\n"
	"       netobs softnet [OPTION...]\n"
	"       netobs stack [--all] [OPTION...]\n"
	"       netobs watch [-i SECONDS] [-c COUNT] [OPTION...] [DEV...]\n"
	"       netobs sockets [--all] [OPTION...]\n"
	"       netobs qdisc [OPTION...] [DEV...]\n"
	"       netobs doctor [-i SECONDS] [--json] [DEV...] | BEFORE AFTER\n"
	"       netobs drops [-i SECONDS] [-c COUNT] [--all] [--json | --prom]\n"
	"Every counter the kernel keeps for network devices, per-CPU softnet drops\n"
	"and softirqs: where packets die between the wire and the socket.\n"
	"\n"
	"Commands:\n"
	"  show       counters per device and a softnet summary (the default)\n"
	"  devices    classification: class, kind, driver, bus, master, peer, speed\n"
	"  softnet    per-CPU softnet fields, NET_RX/NET_TX softirqs, tunables\n"
	"  stack      protocol drops and errors (/proc/net/snmp, netstat, snmp6);\n"
	"             --all: every counter\n"
	"  watch      rates every interval: a live screen on a terminal, plain\n"
	"             timestamped lines on a pipe\n"
	"  sockets    the UDP sockets and TCP listeners that drop or are full, with\n"
	"             their process (--all: every one)\n"
	"  qdisc      queueing disciplines: packets, bytes, drops, overlimits,\n"
	"             requeues, qlen, backlog (egress loss tx_dropped misses)\n"
	"  doctor     which layer loses packets, the evidence and the knob\n"
	"  drops      the kernel's own drop reasons (skb:kfree_skb): by reason,\n"
	"             code location and protocol\n"
	"\n";

enum help_section {
	HELP_DEVICES = 1 << 0,
	HELP_OUTPUT = 1 << 1,
	HELP_WATCH = 1 << 2,
	HELP_SOURCE = 1 << 3,
};

static const struct {
	enum help_section section;
	const char *text;
} sections[] = {
	{ HELP_DEVICES,
	  "Devices: DEV is a name or a shell glob ('veth*'); a missing name is an error.\n"
	  "      --class LIST     physical,virtual,loopback\n"
	  "      --role LIST      docker-bridge,cni-bridge,container-veth,... (netobs(1))\n"
	  "      --kind LIST      veth,bridge,vxlan,ether,... (any [a-z0-9_-] word)\n"
	  "      --exclude GLOB   leave out matching devices (repeatable)\n" },
	{ HELP_OUTPUT,
	  "Output:\n"
	  "      --json           JSON (watch: one object per line)\n"
	  "      --prom           Prometheus text (one-shot commands)\n"
	  "      --textfile PATH  write Prometheus text atomically to PATH (*.prom) for\n"
	  "                       node_exporter (watch: rewrite every interval)\n"
	  "      --metrics GROUPS Prometheus families: core,errors,drops,details,\n"
	  "                       softnet,softirq,sysctl,qdisc,sockets,stack,\n"
	  "                       stack_extra, default, all; +G/-G from the default\n"
	  "      --bytes          rates in bytes/s (IEC prefixes), not bits/s (SI)\n"
	  "      --raw            exact numbers, no unit prefixes\n"
	  "  -q, --quiet          no warnings on stderr (errors are still printed)\n"
	  "      --strict         exit 1 when any warning arose (a section absent,\n"
	  "                       a value unreadable), after the output\n"
	  "      --capture FILE   one-shot commands: report a capture (show --json)\n" },
	{ HELP_WATCH,
	  "Watch:\n"
	  "  -i, --interval SECONDS  between samples, fractions allowed (default 1)\n"
	  "  -c, --count N           stop after N samples (default: until q, Ctrl-C)\n" },
	{ HELP_SOURCE,
	  "Source:\n"
	  "      --root DIR       read DIR/proc and DIR/sys instead of the host's\n"
	  "      --source NAME    auto (default), netlink, sysfs or procfs\n"
	  "      --netns NS       read network namespace NS: a name from ip netns,\n"
	  "                       pid:PID, or a path such as /proc/PID/ns/net\n"
	  "      --all-netns      every network namespace, each labelled (one-shot)\n" },
};

static const char tail[] =
	"\n"
	"  -h, --help           this text\n"
	"      --version        the version\n"
	"\n"
	"Exit status: 0 success, 1 runtime error, 2 usage error.  See netobs(1).\n";

/* Each command's head, and the sections of the options it takes. */
static const struct {
	const char *name;
	const char *head;
	unsigned int sections;
} commands[] = {
	{ "show",
	  "Usage: netobs [show] [OPTION...] [DEV...]\n"
	  "Counters per device and a softnet summary; the default command.\n\n",
	  HELP_DEVICES | HELP_OUTPUT | HELP_SOURCE },
	{ "devices",
	  "Usage: netobs devices [OPTION...] [DEV...]\n"
	  "Classification per device: class, kind, driver, bus, master, peer, speed.\n\n",
	  HELP_DEVICES | HELP_OUTPUT | HELP_SOURCE },
	{ "softnet",
	  "Usage: netobs softnet [OPTION...]\n"
	  "Per-CPU softnet fields, NET_RX/NET_TX softirqs and tunables; no device\n"
	  "filters.\n\n",
	  HELP_OUTPUT | HELP_SOURCE },
	{ "watch",
	  "Usage: netobs watch [-i SECONDS] [-c COUNT] [--active] [OPTION...] [DEV...]\n"
	  "Rates every interval: a live screen on a terminal (q quits, ? lists\n"
	  "the keys), plain timestamped lines on a pipe, one JSON object per line\n"
	  "with --json, the file of --textfile rewritten.\n"
	  "      --active         only devices with traffic, drops or errors in the\n"
	  "                       interval (the screen: idle ones hidden, i shows)\n\n",
	  HELP_DEVICES | HELP_OUTPUT | HELP_WATCH | HELP_SOURCE },
	{ "sockets",
	  "Usage: netobs sockets [--all] [OPTION...]\n"
	  "The UDP sockets and TCP listeners that drop or whose queue is full, most\n"
	  "drops first, with the process that holds each (netlink: not under --root).\n"
	  "      --all            every UDP socket and TCP listener\n\n",
	  HELP_OUTPUT },
	{ "qdisc",
	  "Usage: netobs qdisc [OPTION...] [DEV...]\n"
	  "Every queueing discipline of the selected devices: packets, bytes, drops,\n"
	  "overlimits, requeues, qlen, backlog.  Read over netlink only.\n\n",
	  HELP_DEVICES | HELP_OUTPUT },
	{ "stack",
	  "Usage: netobs stack [--all] [OPTION...]\n"
	  "The network namespace's protocol counters (/proc/net/snmp, netstat,\n"
	  "snmp6): the drop and error counters above zero; --all: every counter.\n"
	  "JSON and Prometheus always carry every counter.  No device filters.\n\n",
	  HELP_OUTPUT | HELP_SOURCE },
	{ "doctor",
	  "Usage: netobs doctor [-i SECONDS] [--json] [OPTION...] [DEV...]\n"
	  "       netobs doctor [--json] BEFORE AFTER\n"
	  "Names the layer where packets are lost or delayed (link, NIC ring, device,\n"
	  "CPU backlog and budget, qdisc, IP, TCP, UDP, socket), with the evidence,\n"
	  "the threshold and its anchor, the knob with its value, the next command.\n"
	  "Two snapshots SECONDS apart (default 5), or two captures of show --json.\n"
	  "Exit status: 0 ok, 10 warning, 11 critical, 12 unknown.\n"
	  "  --plugin  a monitoring-plugins check: first line \"NETOBS STATE - ...\n"
	  "            | perfdata\", exit 0 ok, 1 warning, 2 critical, 3 unknown\n"
	  "            (errors and usage errors too)\n"
	  "  --strict  a warning in taking the snapshots: exit 1 (--plugin: 3)\n\n",
	  HELP_DEVICES | HELP_SOURCE },
	{ "drops",
	  "Usage: netobs drops [-i SECONDS] [-c COUNT] [--all] [--json | --prom]\n"
	  "Traces the kernel's skb:kfree_skb for SECONDS (default 5), COUNT times\n"
	  "(default 1), and counts dropped packets by reason, code location and\n"
	  "protocol, with rates; the top 10 of each (--all: every one).  Needs root or\n"
	  "CAP_PERFMON and a mounted tracefs; the tracepoint is on only while this\n"
	  "runs.  --json: one object per interval per line.  Exit status: 0 counted,\n"
	  "1 failed, 3 the drop reasons cannot be traced here (the message says why).\n\n",
	  HELP_OUTPUT },
};

void help_write(struct out *out, const char *command)
{
	unsigned int want = ~0u;
	size_t i;

	for (i = 0; command && i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, command) == 0)
			break;
	if (command && i < sizeof(commands) / sizeof(commands[0])) {
		out_str(out, commands[i].head);
		want = commands[i].sections;
	} else {
		out_str(out, global_head);
	}
	for (i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		if (want & sections[i].section)
			out_str(out, sections[i].text);
	out_str(out, tail);
}
