/* Basic integer types: gcc's freestanding headers plus hypervisor names. */
#ifndef XEN_TYPES_H
#define XEN_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t paddr_t;       /* a machine (host physical) address */
typedef long ssize_t;

#endif /* XEN_TYPES_H */
