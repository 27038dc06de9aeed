/* Generic start of day: version banner and the hypervisor command line. */
#ifndef XEN_KERNEL_H
#define XEN_KERNEL_H

void print_banner(void);
void cmdline_parse(const char *cmdline);
void cmdline_report(void);
const char *cmdline_get(void);

#endif /* XEN_KERNEL_H */
