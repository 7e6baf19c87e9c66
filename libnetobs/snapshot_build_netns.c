/* SPDX-License-Identifier: MIT */
/* Building a snapshot, part three: the namespaces it names and the peers
 * of its veths, so a capture of `show --json` keeps its "peers" array. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "container.h"
#include "internal.h"

/* Text into a fixed field: NULL is empty; too long is refused, not cut. */
static int copy_field(char *dst, size_t size, const char *src)
{
	size_t len = src ? strlen(src) : 0;

	if (len >= size)
		return -EINVAL;
	memcpy(dst, src ? src : "", len);
	dst[len] = '\0';
	return 0;
}

NETOBS_API int netobs_snapshot_add_netns(struct netobs_snapshot *snap, uint64_t inode,
					 const char *name, int pid)
{
	struct netobs_netns *ns;

	if (!snap || inode == 0 || pid < 0 || (name && strlen(name) >= sizeof(ns->name)))
		return -EINVAL;
	if (netobs_snapshot_netns_by_inode(snap, inode))
		return -EEXIST;
	if (netobs__grow((void **)&snap->netns, &snap->netns_cap, snap->nnetns + 1,
			 sizeof(*snap->netns)) < 0)
		return -ENOMEM;
	ns = &snap->netns[snap->nnetns++];
	memset(ns, 0, sizeof(*ns));
	ns->inode = inode;
	ns->nsid = -1;
	ns->pid = pid;
	return copy_field(ns->name, sizeof(ns->name), name);
}

NETOBS_API int netobs_snapshot_netns_set_container(struct netobs_snapshot *snap,
						   const char *runtime, const char *name,
						   const char *id)
{
	struct netobs__container c;

	if (!snap || !snap->nnetns || !runtime || !*runtime || !name || !id)
		return -EINVAL;
	if (copy_field(c.runtime, sizeof(c.runtime), runtime) < 0 ||
	    copy_field(c.name, sizeof(c.name), name) < 0 ||
	    copy_field(c.id, sizeof(c.id), id) < 0)
		return -EINVAL;
	snap->netns[snap->nnetns - 1].container = c;
	return 0;
}
