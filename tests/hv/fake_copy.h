/* Fake guest copies for host tests: a "guest-virtual address" is a host
 * pointer; addresses below 4096 fault, as does writing fake_copy_readonly. */
#ifndef HV_FAKE_COPY_H
#define HV_FAKE_COPY_H

#include <stddef.h>
#include <stdint.h>

/* A buffer copies to the guest fail on (-EFAULT); NULL: none. */
extern const void *fake_copy_readonly;

/* Called after each copy to the guest that succeeded; NULL: none. */
extern void (*fake_copy_written)(uint64_t va, size_t len);

#endif /* HV_FAKE_COPY_H */
