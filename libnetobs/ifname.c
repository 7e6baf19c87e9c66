/* SPDX-License-Identifier: MIT */
/* The one rule for device names, whatever source gave the name. */
#include "config.h"

#include "internal.h"

/* The kernel's isspace() (lib/ctype.c): blank, \t to \r, and Latin-1's
 * no-break space 0xa0. */
static bool kernel_isspace(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xa0;
}

/* dev_valid_name() (net/core/dev.c): 1 to 15 bytes, not "." or "..", no
 * '/', ':' or white space.  Other control bytes and invalid UTF-8 are names
 * the kernel takes (`ip link add name $'a\x01\xff'`): refusing them would let
 * one such device fail every snapshot, so the outputs escape them instead. */
bool netobs__ifname_valid(const char *name, size_t len)
{
	size_t i;

	if (len == 0 || len >= NETOBS__IFNAMSIZ)
		return false;
	if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.'))
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c == '\0' || c == '/' || c == ':' || kernel_isspace(c))
			return false;
	}
	return true;
}
