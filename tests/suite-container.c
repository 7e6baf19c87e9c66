/* SPDX-License-Identifier: MIT */
/*
 * Naming the container a process is in, over tests/fixtures/netns/containers: a
 * /proc/PID/cgroup per runtime and cgroup version, docker's config.v2.json,
 * ns/net links and /run/netns names, read through the context's root.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "container.h"
#include "internal.h"
#include "testutil.h"

#define ID1 "3f4e8b2a9c1d0e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f"
#define ID2 "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"
#define POD "1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901"
#define ALLOC "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"

static const struct {
	int pid;
	const char *runtime, *name, *id; /* runtime NULL: no container */
} cases[] = {
	{ 101, "docker", "web-1", ID1 },	      /* v2, config.v2.json's name */
	{ 102, "docker", "a1b2c3d4e5f6", ID2 },	      /* v1 cgroupfs, no config */
	{ 103, "containerd", "a1b2c3d4e5f6", ID2 },
	{ 104, "kubernetes", "pod" POD, POD },	      /* systemd driver, v2 */
	{ 105, "kubernetes", "pod" POD, POD },	      /* cgroupfs driver, v1 */
	{ 106, "cri-o", "a1b2c3d4e5f6", ID2 },
	{ 107, "podman", "3f4e8b2a9c1d", ID1 },	      /* rootless, v2 */
	{ 108, "podman", "a1b2c3d4e5f6", ID2 },	      /* cgroupfs, v1 */
	{ 109, "nomad", "0c1d2e3f.redis", ALLOC },    /* >= 1.7, v2 */
	{ 110, "nomad", "0c1d2e3f", ALLOC },	      /* before 1.7, v1 */
	{ 111, "nspawn", "my-box", "my-box" },	      /* \x2d unescaped */
	{ 112, NULL, NULL, NULL },		      /* a login session */
	{ 114, NULL, NULL, NULL },		      /* upper-case hex */
	{ 115, "docker", "a1b2c3d4e5f6", ID2 },	      /* a name docker would refuse */
	{ 116, "docker", "web-1", ID1 },	      /* nomad's docker driver */
	{ 118, NULL, NULL, NULL },		      /* a machine named with \x07 */
};

START_TEST(test_container_of_pid)
{
	struct netobs_ctx *ctx = test_root_ctx(NETOBS_FIXTURES "/netns/containers", NETOBS_SOURCE_AUTO);
	struct netobs__container c;
	int err = netobs__container_of_pid(ctx, cases[_i].pid, &c);

	if (!cases[_i].runtime) {
		ck_assert_msg(err == 0, "pid %d: %d (%s), expected no container", cases[_i].pid, err,
			      netobs_ctx_message(ctx));
		ck_assert_str_eq(c.runtime, "");
	} else {
		ck_assert_msg(err == 1, "pid %d: %d (%s)", cases[_i].pid, err,
			      netobs_ctx_message(ctx));
		ck_assert_str_eq(c.runtime, cases[_i].runtime);
		ck_assert_str_eq(c.name, cases[_i].name);
		ck_assert_str_eq(c.id, cases[_i].id);
	}
	netobs_ctx_free(ctx);
}
END_TEST

START_TEST(test_malformed_line)
{
	struct netobs_ctx *ctx = test_root_ctx(NETOBS_FIXTURES "/netns/containers", NETOBS_SOURCE_AUTO);
	struct netobs__container c;

	ck_assert_int_eq(netobs__container_of_pid(ctx, 113, &c), -EBADMSG);
	ck_assert_msg(strstr(netobs_ctx_message(ctx), "/proc/113/cgroup:2: not ID:CONTROLLERS:PATH"),
		      "%s", netobs_ctx_message(ctx));
	netobs_ctx_free(ctx);
}
END_TEST

START_TEST(test_vanished_pid)
{
	struct netobs_ctx *ctx = test_root_ctx(NETOBS_FIXTURES "/netns/containers", NETOBS_SOURCE_AUTO);
	struct netobs__container c;

	ck_assert_int_eq(netobs__container_of_pid(ctx, 199, &c), -ESRCH);
	netobs_ctx_free(ctx);
}
END_TEST

START_TEST(test_bad_docker_config_warns)
{
	struct netobs_ctx *ctx = test_root_ctx(NETOBS_FIXTURES "/netns/containers", NETOBS_SOURCE_AUTO);
	struct netobs__container c;

	netobs__errors_clear(ctx);
	ck_assert_int_eq(netobs__container_of_pid(ctx, 115, &c), 1);
	netobs__warnings_finish(ctx);
	ck_assert_msg(strstr(test_warnings(ctx), ID2 "/config.v2.json: no docker container name"),
		      "%s", test_warnings(ctx));
	netobs_ctx_free(ctx);
}
END_TEST

static const struct {
	const char *json;
	int err;
	const char *name;
} docker_names[] = {
	{ "{\"Name\":\"/web\"}", 0, "web" },
	{ " {\n \"Config\": {\"Name\": \"/inner\"},\n \"Name\" : \"/outer_1.a-b\"}", 0, "outer_1.a-b" },
	{ "{\"State\":[{\"Name\":\"/x\"}],\"Path\":\"\\\"Name\\\":\",\"Name\":\"/y\"}", 0, "y" },
	{ "{\"Names\":\"/no\"}", -ENODATA, NULL },
	{ "{}", -ENODATA, NULL },
	{ "{\"Name\":\"/has space\"}", -EBADMSG, NULL },
	{ "{\"Name\":\"/-lead\"}", -EBADMSG, NULL },
	{ "{\"Name\":\"/\"}", -EBADMSG, NULL },
	{ "{\"Name\":42}", -EBADMSG, NULL },
	{ "[\"Name\",\"/web\"]", -EBADMSG, NULL },
	{ "{\"Name\":\"/unterminated", -EBADMSG, NULL },
	{ "{\"a\":1", -EBADMSG, NULL },
	{ "", -EBADMSG, NULL },
};

START_TEST(test_docker_name)
{
	char out[64] = "";
	int err = netobs__docker_name_parse(docker_names[_i].json, strlen(docker_names[_i].json), out,
					    sizeof(out));

	ck_assert_msg(err == docker_names[_i].err, "%s: %d, expected %d", docker_names[_i].json, err,
		      docker_names[_i].err);
	if (docker_names[_i].name)
		ck_assert_str_eq(out, docker_names[_i].name);
}
END_TEST

static const struct netobs_netns *ns_by_inode(const struct netobs_snapshot *snap, uint64_t inode)
{
	const struct netobs_netns *ns = netobs_snapshot_netns_by_inode(snap, inode);

	ck_assert_msg(ns, "namespace %llu not found", (unsigned long long)inode);
	return ns;
}

/* Every namespace of the fixture: distinct ns/net links, the process that
 * names each one's container, and the names under /run/netns.  Pid 30 is
 * a visitor (nsenter from a login session) with a lower pid than the
 * container's init, as after a pid wrap: the container still wins. */
START_TEST(test_scan)
{
	struct netobs_ctx *ctx = test_root_ctx(NETOBS_FIXTURES "/netns/containers", NETOBS_SOURCE_AUTO);
	struct timespec now = { 1, 0 };
	struct netobs_snapshot *snap;
	const struct netobs_netns *ns;

	ck_assert_int_eq(netobs_snapshot_new(&snap, &now), 0);
	struct netobs__ns_pid *list = NULL;
	size_t cap = 0;

	ck_assert_int_eq(netobs__netns_scan(ctx, snap, &list, &cap), 0);
	free(list);
	ck_assert_uint_eq(netobs_snapshot_netns_count(snap), 7);
	ns = ns_by_inode(snap, 4026532101);
	ck_assert_int_eq(netobs_netns_pid(ns), 101);
	ck_assert_str_eq(netobs_netns_runtime(ns), "docker");
	ck_assert_str_eq(netobs_netns_container(ns), "web-1");
	ck_assert_ptr_null(netobs_netns_name(ns));
	ns = ns_by_inode(snap, 4026532103);
	ck_assert_str_eq(netobs_netns_name(ns), "blue");
	ck_assert_str_eq(netobs_netns_runtime(ns), "containerd");
	ns = ns_by_inode(snap, 4026532109);
	ck_assert_str_eq(netobs_netns_container(ns), "0c1d2e3f.redis");
	ns = ns_by_inode(snap, 4026532111);
	ck_assert_str_eq(netobs_netns_container(ns), "my-box");
	ns = ns_by_inode(snap, 4026531840);
	ck_assert_ptr_null(netobs_netns_runtime(ns));
	ck_assert_ptr_null(netobs_netns_container(ns));
	ns = ns_by_inode(snap, 4026532200);
	ck_assert_str_eq(netobs_netns_name(ns), "empty");
	ck_assert_int_eq(netobs_netns_pid(ns), 0);
	ck_assert_ptr_null(netobs_snapshot_netns_by_inode(snap, 1));
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
}
END_TEST

static const struct {
	const char *link;
	int err;
	uint64_t inode;
} links[] = {
	{ "net:[4026531840]", 0, 4026531840 },
	{ "net:[1]", 0, 1 },
	{ "net:[0]", -EBADMSG, 0 },
	{ "uts:[4026531838]", -EBADMSG, 0 },
	{ "net:[]", -EBADMSG, 0 },
	{ "net:[12a]", -EBADMSG, 0 },
	{ "net:[99999999999999999999999]", -EBADMSG, 0 },
	{ "net:[4026531840", -EBADMSG, 0 },
};

START_TEST(test_netns_link)
{
	uint64_t inode = 0;
	int err = netobs__netns_link_parse(links[_i].link, strlen(links[_i].link), &inode);

	ck_assert_msg(err == links[_i].err, "%s: %d", links[_i].link, err);
	if (err == 0)
		ck_assert_uint_eq(inode, links[_i].inode);
}
END_TEST

static const struct {
	const char *spec, *path;
	int err;
} specs[] = {
	{ "blue", "/run/netns/blue", 0 },
	{ "pid:42", "/proc/42/ns/net", 0 },
	{ "/proc/7/ns/net", "/proc/7/ns/net", 0 },
	{ "./x", "./x", 0 },
	{ "pid:", NULL, -EINVAL },
	{ "pid:4x", NULL, -EINVAL },
	{ "pid:12345678901", NULL, -EINVAL },
	{ "..", NULL, -EINVAL },
	{ "", NULL, -EINVAL },
};

START_TEST(test_netns_resolve)
{
	char buf[64];
	int err = netobs__netns_resolve(specs[_i].spec, buf, sizeof(buf));

	ck_assert_msg(err == specs[_i].err, "%s: %d", specs[_i].spec, err);
	if (err == 0)
		ck_assert_str_eq(buf, specs[_i].path);
}
END_TEST

static const struct {
	const char *name, *kind;
	bool peer_container;
	const char *role; /* NULL: none */
} roles[] = {
	{ "docker0", "bridge", false, "docker-bridge" },
	{ "docker0", "dummy", false, NULL },	   /* the kind is a fact too */
	{ "br-0123456789ab", "bridge", false, "docker-network" },
	{ "br-0123456789AB", "bridge", false, NULL }, /* docker writes lower case */
	{ "br-0123456789a", "bridge", false, NULL },
	{ "br-lan", "bridge", false, NULL },
	{ "nomad", "bridge", false, "nomad-bridge" },
	{ "cni0", "bridge", false, "cni-bridge" },
	{ "flannel.1", "vxlan", false, "flannel" },
	{ "flannel.", "vxlan", false, NULL },
	{ "flannel.1x", "vxlan", false, NULL },
	{ "cali1a2b3c4d5e6", "veth", true, "calico-endpoint" }, /* the CNI's own rule first */
	{ "tunl0", "ipip", false, "calico-tunnel" },
	{ "vxlan.calico", "vxlan", false, "calico-tunnel" },
	{ "cilium_host", "veth", false, "cilium" },
	{ "cilium_vxlan", "vxlan", false, "cilium" },
	{ "lxc12ab34cd", "veth", false, "cilium-endpoint" },
	{ "weave", "bridge", false, "weave" },
	{ "vethwe-bridge", "veth", false, "weave" },
	{ "kube-ipvs0", "dummy", false, "kube-ipvs" },
	{ "veth1c2d3e4", "veth", true, "container-veth" },
	{ "veth1c2d3e4", "veth", false, NULL },	   /* peer in no container */
	{ "eth0", "ether", false, NULL },
};

START_TEST(test_role)
{
	const char *got = netobs__role(roles[_i].name, roles[_i].kind, roles[_i].peer_container);

	if (!roles[_i].role)
		ck_assert_msg(!got, "%s (%s): role %s, expected none", roles[_i].name, roles[_i].kind,
			      got);
	else
		ck_assert_msg(got && strcmp(got, roles[_i].role) == 0, "%s (%s): role %s, expected %s",
			      roles[_i].name, roles[_i].kind, got ? got : "(none)", roles[_i].role);
}
END_TEST

START_TEST(test_role_names)
{
	unsigned int i, n = 0;

	for (i = 0; netobs_role_name(i); i++)
		n++;
	ck_assert_uint_eq(n, 12);
	ck_assert_str_eq(netobs_role_name(0), "docker-bridge");
	ck_assert_str_eq(netobs_role_name(11), "container-veth");
	ck_assert_ptr_null(netobs_role_name(12));
}
END_TEST

#define N(a) (int)(sizeof(a) / sizeof((a)[0]))

/* A capture keeps the one fact behind a role that name and kind cannot
 * give: a veth whose peer is a container's.  Unknown roles are refused. */
START_TEST(test_role_from_capture)
{
	struct timespec now = { 1, 0 };
	struct netobs_snapshot *snap;

	ck_assert_int_eq(netobs_snapshot_new(&snap, &now), 0);
	ck_assert_int_eq(netobs_snapshot_add_device(snap, 5, "veth1a2b3c"), 0);
	ck_assert_int_eq(netobs_snapshot_device_set(snap, "kind", "veth"), 0);
	ck_assert_int_eq(netobs_snapshot_device_set(snap, "role", "container-veth"), 0);
	ck_assert_int_eq(netobs_snapshot_add_device(snap, 6, "veth9"), 0);
	ck_assert_int_eq(netobs_snapshot_device_set(snap, "kind", "veth"), 0);
	ck_assert_int_eq(netobs_snapshot_device_set(snap, "role", NULL), 0);
	ck_assert_int_eq(netobs_snapshot_device_set(snap, "role", "no-such-role"), -EINVAL);
	ck_assert_int_eq(netobs_snapshot_finish(snap), 0);
	ck_assert_str_eq(netobs_device_role(netobs_snapshot_device_by_ifindex(snap, 5)),
			 "container-veth");
	ck_assert_ptr_null(netobs_device_role(netobs_snapshot_device_by_ifindex(snap, 6)));
	netobs_snapshot_free(snap);
}
END_TEST

/* A capture's "peers": the namespace once, its container, each veth's
 * peer name and namespace; bad values refused. */
START_TEST(test_peers_from_capture)
{
	struct timespec now = { 1, 0 };
	struct netobs_snapshot *snap;
	const struct netobs_device *dev;
	const struct netobs_netns *ns;
	uint64_t inode = 0;

	ck_assert_int_eq(netobs_snapshot_new(&snap, &now), 0);
	ck_assert_int_eq(netobs_snapshot_add_netns(snap, 4026532101, NULL, 4242), 0);
	ck_assert_int_eq(netobs_snapshot_netns_set_container(snap, "docker", "web-1", "3f4e"), 0);
	ck_assert_int_eq(netobs_snapshot_add_netns(snap, 4026532101, "x", 1), -EEXIST);
	ck_assert_int_eq(netobs_snapshot_add_netns(snap, 0, NULL, 0), -EINVAL);
	ck_assert_int_eq(netobs_snapshot_netns_set_container(snap, "", "a", "b"), -EINVAL);
	ck_assert_int_eq(netobs_snapshot_add_device(snap, 5, "veth1a2b3c"), 0);
	ck_assert_int_eq(netobs_snapshot_device_set(snap, "peer", "eth0"), 0);
	ck_assert_int_eq(netobs_snapshot_device_set(snap, "peer_netns", "4026532101"), 0);
	ck_assert_int_eq(netobs_snapshot_add_device(snap, 6, "veth9"), 0);
	ck_assert_int_eq(netobs_snapshot_device_set(snap, "peer_netns", "-1"), -EINVAL);
	ck_assert_int_eq(netobs_snapshot_device_set(snap, "peer_netns", "12x"), -EINVAL);
	ck_assert_int_eq(netobs_snapshot_finish(snap), 0);
	dev = netobs_snapshot_device_by_ifindex(snap, 5);
	ck_assert_str_eq(netobs_device_peer_name(dev), "eth0");
	ck_assert_int_eq(netobs_device_peer_netns(dev, &inode), 0);
	ck_assert_uint_eq(inode, 4026532101);
	ns = netobs_snapshot_netns_by_inode(snap, inode);
	ck_assert_int_eq(netobs_netns_pid(ns), 4242);
	ck_assert_str_eq(netobs_netns_container(ns), "web-1");
	ck_assert_str_eq(netobs_netns_container_id(ns), "3f4e");
	ck_assert_int_eq(netobs_device_peer_netns(netobs_snapshot_device_by_ifindex(snap, 6), &inode),
			 -ENODATA);
	netobs_snapshot_free(snap);
}
END_TEST

Suite *make_container_suite(void);

Suite *make_container_suite(void)
{
	Suite *s = suite_create("container");
	TCase *tc = tcase_create("cgroup");

	tcase_add_loop_test(tc, test_container_of_pid, 0, N(cases));
	tcase_add_test(tc, test_malformed_line);
	tcase_add_test(tc, test_vanished_pid);
	tcase_add_test(tc, test_bad_docker_config_warns);
	tcase_add_loop_test(tc, test_docker_name, 0, N(docker_names));
	suite_add_tcase(s, tc);
	tc = tcase_create("netns");
	tcase_add_test(tc, test_scan);
	tcase_add_loop_test(tc, test_netns_link, 0, N(links));
	tcase_add_loop_test(tc, test_netns_resolve, 0, N(specs));
	suite_add_tcase(s, tc);
	tc = tcase_create("role");
	tcase_add_loop_test(tc, test_role, 0, N(roles));
	tcase_add_test(tc, test_role_names);
	tcase_add_test(tc, test_role_from_capture);
	tcase_add_test(tc, test_peers_from_capture);
	suite_add_tcase(s, tc);
	return s;
}
