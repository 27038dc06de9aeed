/* The platform_op hypercall (7): dom0's requests about the physical
 * machine.  One struct with a command, the interface version and a union
 * of per-command arguments (Xen's numbers and layouts). */
#ifndef PUBLIC_PLATFORM_H
#define PUBLIC_PLATFORM_H

#include <xen/types.h>

#define XENPF_INTERFACE_VERSION     0x03000001

#define XENPF_settime32             17
#define XENPF_firmware_info         50
#define XENPF_enter_acpi_sleep      51
#define XENPF_set_processor_pminfo  54
#define XENPF_get_cpuinfo           55
#define XENPF_settime64             62
#define XENPF_get_dom0_console      64

struct xenpf_settime32 {
    uint32_t secs;
    uint32_t nsecs;
    uint64_t system_time;       /* the system time the wallclock is for */
};

struct xenpf_settime64 {
    uint64_t secs;
    uint32_t nsecs;
    uint32_t mbz;               /* must be zero */
    uint64_t system_time;
};

struct xen_platform_op {
    uint32_t cmd;
    uint32_t interface_version; /* XENPF_INTERFACE_VERSION */
    union {
        struct xenpf_settime32 settime32;
        struct xenpf_settime64 settime64;
        uint8_t pad[128];
    } u;
};

_Static_assert(sizeof(struct xenpf_settime32) == 16, "ABI");
_Static_assert(sizeof(struct xenpf_settime64) == 24, "ABI");
_Static_assert(sizeof(struct xen_platform_op) == 136, "ABI");
_Static_assert(__builtin_offsetof(struct xen_platform_op, u) == 8, "ABI");

#endif /* PUBLIC_PLATFORM_H */
