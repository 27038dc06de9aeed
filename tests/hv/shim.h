/* Host-test harness for hypervisor sources: what the shim provides in
 * place of the hypervisor's printk/panic/BUG. */
#ifndef HV_SHIM_H
#define HV_SHIM_H

#include <stddef.h>

/* Everything printk() wrote since the last shim_log_reset(). */
extern char shim_log[8192];
extern unsigned int shim_printk_calls;
void shim_log_reset(void);

#endif /* HV_SHIM_H */
