/* placeholder */
#ifndef NETOBS_NETNS_H
#define NETOBS_NETNS_H
#endif
