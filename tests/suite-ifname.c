/* SPDX-License-Identifier: MIT */
/*
 * One rule for device names (dev_valid_name(), libnetobs/ifname.c), held
 * by every source: each name of the table goes through the rule itself,
 * a /proc/net/dev text, a /sys/class/net tree and an RTM_NEWLINK message,
 * and all four must agree with the table.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/rtnetlink.h>

#include <libmnl/libmnl.h>

#include "internal.h"
#include "link_msg.h"
#include "testutil.h"

Suite *make_ifname_suite(void);

struct name_case {
	const char *name;
	bool valid;
};

static const struct name_case names[] = {
	{ "eth0", true },
	{ "a", true },
	{ "abcdefghijklmno", true },		/* 15 bytes: the most there is */
	{ "veth1a2b3c4d5e6", true },
	/* Control bytes and invalid UTF-8: the kernel takes them. */
	{ "a\x01" "b", true },
	{ "q\xffz", true },
	{ "ibr10_30", true },
	{ "", false },
	{ "abcdefghijklmnop", false },		/* 16 bytes: IFNAMSIZ, no room for NUL */
	{ ".", false },
	{ "..", false },
	{ "a/b", false },
	{ "ibr10:30", false },			/* an old ifconfig alias */
	{ "my nic", false },
	{ "a\tb", false },
	{ "a\xa0" "b", false },			/* 0xa0: white space to the kernel's isspace() */
};

/* NAME with bytes outside printable ASCII as \xNN, for failure messages. */
static const char *shown(const char *name)
{
	static char buf[4 * NETOBS__IFNAMSIZ + 8];
	size_t i, n = 0;

	for (i = 0; name[i] && n < sizeof(buf) - 5; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c >= 0x20 && c < 0x7f)
			buf[n++] = (char)c;
		else
			n += (size_t)snprintf(buf + n, 5, "\\x%02x", c);
	}
	buf[n] = '\0';
	return buf;
}

/* ---- the rule itself ------------------------------------------------------- */

START_TEST(rule)
{
	const struct name_case *c = &names[_i];

	ck_assert_msg(netobs__ifname_valid(c->name, strlen(c->name)) == c->valid,
		      "'%s': want %s", shown(c->name), c->valid ? "valid" : "invalid");
}
END_TEST

/* ---- /proc/net/dev ---------------------------------------------------------- */

#define HEADER "Inter-|   Receive                                                |  Transmit\n" \
	       " face |bytes    packets errs drop fifo frame compressed multicast|bytes    " \
	       "packets errs drop fifo colls carrier compressed\n"

static int seen_row(void *arg, const char *name, const uint64_t cols[16])
{
	(void)cols;
	snprintf(arg, NETOBS__IFNAMSIZ, "%s", name);
	return 0;
}

/* The kernel cannot print a name dev_valid_name() refused, so a row
 * holding one means the file is not /proc/net/dev: this source refuses
 * the whole file, where sysfs skips the one entry. */
START_TEST(procnetdev)
{
	const struct name_case *c = &names[_i];
	char text[512], seen[NETOBS__IFNAMSIZ] = "";
	struct netobs_ctx *ctx;
	int err;

	snprintf(text, sizeof(text), HEADER "%6s: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n",
		 c->name);
	ck_assert_int_eq(netobs_ctx_new(&ctx), 0);
	err = netobs__procnetdev_parse(ctx, "/proc/net/dev", text, strlen(text), seen_row, seen);
	if (c->valid) {
		ck_assert_msg(err == 0, "'%s': %d %s", shown(c->name), err, netobs_ctx_message(ctx));
		ck_assert_str_eq(seen, c->name);
	} else {
		ck_assert_msg(err == -EBADMSG, "'%s': %d", shown(c->name), err);
		ck_assert_msg(strncmp(netobs_ctx_message(ctx), "/proc/net/dev:3:", 16) == 0,
			      "'%s': %s", shown(c->name), netobs_ctx_message(ctx));
		ck_assert_str_eq(seen, "");
	}
	netobs_ctx_free(ctx);
}
END_TEST

/* ---- sysfs ------------------------------------------------------------------ */

/* /sys/class/net/NAME linked to a virtual device folder with the
 * attributes a device cannot go without. */
static void write_device(const char *root, const char *name)
{
	static const char *const attrs[][2] = {
		{ "ifindex", "7\n" }, { "iflink", "7\n" }, { "type", "1\n" },
		{ "flags", "0x1003\n" },
	};
	char rel[PATH_MAX], target[PATH_MAX];
	size_t i;

	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		snprintf(rel, sizeof(rel), "sys/devices/virtual/net/%s/%s", name, attrs[i][0]);
		test_write_file(root, rel, attrs[i][1]);
	}
	snprintf(rel, sizeof(rel), "sys/class/net/%s", name);
	snprintf(target, sizeof(target), "../../devices/virtual/net/%s", name);
	test_symlink(root, rel, target);
}

/* "." and ".." are in every folder already: readdir hands them over and
 * they must not come out as devices. */
static bool is_dot(const char *name)
{
	return strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
}

/* The skip warning: link_sysfs.c device_name() words a name of IFNAMSIZ
 * bytes or more apart from the other refusals. */
static const char *sysfs_warning(const char *name)
{
	if (strlen(name) >= NETOBS__IFNAMSIZ)
		return "name too long, skipped";
	return "invalid device name, skipped";
}

static void assert_sysfs(const struct name_case *c, struct netobs_ctx *ctx,
			 const struct netobs_snapshot *snap)
{
	const struct netobs_device *dev = netobs_snapshot_device_by_name(snap, c->name);
	const char *warnings = test_warnings(ctx);

	if (c->valid) {
		ck_assert_msg(dev != NULL, "'%s' missing: %s", shown(c->name), warnings);
		return;
	}
	ck_assert_msg(dev == NULL, "'%s' taken", shown(c->name));
	ck_assert_uint_eq(netobs_snapshot_device_count(snap), 0);
	if (is_dot(c->name))
		ck_assert_msg(strstr(warnings, "/sys/class/net/") == NULL, "%s", warnings);
	else
		ck_assert_msg(strstr(warnings, sysfs_warning(c->name)) != NULL,
			      "'%s': %s", shown(c->name), warnings);
}

START_TEST(sysfs)
{
	const struct name_case *c = &names[_i];
	struct netobs_snapshot *snap;
	struct netobs_ctx *ctx;
	char *root;

	/* No folder can be named "" or hold a '/': nothing to read. */
	if (c->name[0] == '\0' || strchr(c->name, '/'))
		return;
	root = test_tmpdir();
	test_mkdir(root, "sys/class/net");
	if (!is_dot(c->name))
		write_device(root, c->name);
	ctx = test_root_ctx(root, NETOBS_SOURCE_SYSFS);
	ck_assert_int_eq(netobs_snapshot_take(&snap, ctx), 0);
	assert_sysfs(c, ctx, snap);
	test_drop_tree(root, ctx, snap);
}
END_TEST

/* ---- netlink ---------------------------------------------------------------- */

union msgbuf {
	struct nlmsghdr nlh;
	uint64_t align;
	char b[512];
};

static struct nlmsghdr *newlink(union msgbuf *m, const char *name)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	memset(m, 0, sizeof(*m));
	nlh = mnl_nlmsg_put_header(m->b);
	nlh->nlmsg_type = RTM_NEWLINK;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_index = 7;
	ifi->ifi_type = 1;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	return nlh;
}

START_TEST(netlink)
{
	const struct name_case *c = &names[_i];
	struct netobs_snapshot *snap = calloc(1, sizeof(*snap));
	struct netobs_ctx *ctx;
	union msgbuf m;
	int err;

	ck_assert_ptr_nonnull(snap);
	ck_assert_int_eq(netobs_ctx_new(&ctx), 0);
	/* An empty sysfs: nothing is read from the host's /sys. */
	ck_assert_int_eq(netobs_ctx_set_root(ctx, NETOBS_FIXTURES "/no-such-tree"), 0);
	err = netobs__link_msg_parse(ctx, newlink(&m, c->name), snap, NULL);
	ck_assert_int_eq(netobs__snapshot_finish(snap), 0);
	if (c->valid) {
		ck_assert_msg(err == 0, "'%s': %d %s", shown(c->name), err, netobs_ctx_message(ctx));
		ck_assert_ptr_nonnull(netobs_snapshot_device_by_name(snap, c->name));
	} else {
		ck_assert_msg(err == -EBADMSG, "'%s': %d", shown(c->name), err);
		ck_assert_uint_eq(netobs_snapshot_device_count(snap), 0);
	}
	netobs_snapshot_free(snap);
	netobs_ctx_free(ctx);
}
END_TEST

Suite *make_ifname_suite(void)
{
	Suite *s = suite_create("ifname");
	TCase *tc = tcase_create("sources");
	int n = (int)(sizeof(names) / sizeof(names[0]));

	tcase_add_loop_test(tc, rule, 0, n);
	tcase_add_loop_test(tc, procnetdev, 0, n);
	tcase_add_loop_test(tc, sysfs, 0, n);
	tcase_add_loop_test(tc, netlink, 0, n);
	suite_add_tcase(s, tc);
	return s;
}
