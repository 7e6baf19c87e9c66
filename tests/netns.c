/* placeholder */
#include "config.h"
#include "netns.h"
