/* The hypervisor console: the serial line (COM1), the console ring that
 * keeps every message for later readout (xl dmesg), log-level filtering
 * and serial input for debug keys. */
#ifndef XEN_CONSOLE_H
#define XEN_CONSOLE_H

#include <xen/types.h>

/* Serial output with default settings (before the command line is read). */
void console_init(void);
/* Apply console=, com1=, sync_console (after cmdline_parse()). */
void console_init_postparse(void);
/* Move the ring to conring_size= bytes of heap (after the heap is up). */
void console_init_ring(void);

/* Raw serial output (CR LF line ends), bypassing ring and levels. */
void console_write(const char *s, size_t n);

/*
 * One piece of printk() text: kept in the ring, and written to the serial
 * line if its level (0 error .. 3 debug) passes loglvl= (or guest_loglvl=
 * for guest-caused messages).
 */
void console_emit(const char *s, size_t n, int level, bool guest);

/* Take and drop the console lock around one printk(). */
unsigned long console_lock(void);
void console_unlock(unsigned long flags);
/* Fatal errors: break the lock so the report gets out. */
void console_force_unlock(void);
/* Everything from now on goes out synchronously (fatal errors). */
void console_start_sync(void);

/* Copy up to len bytes of the ring from the logical offset *pos (0: the
 * oldest byte kept) and advance *pos; returns the bytes copied. */
size_t console_ring_read(char *buf, size_t len, uint64_t *pos);

/* Serial input: a received character goes to dom0 or the debug keys
 * (console_input_char).
 * Engineer B's UART interrupt calls console_handle_input(); until then the
 * idle loop calls console_poll_input(). */
void console_handle_input(char c);
void console_poll_input(void);

/* console_io.c: the hardware domain's console.  The dom0 builder calls
 * console_set_dom0(d) once dom0 exists (NULL: it is gone): serial input
 * then goes to it, until CTRL-a is typed three times (debug keys). */
struct domain;
void console_set_dom0(struct domain *d);
bool console_input_is_dom0(void);
/* A received character: to dom0's input ring or to the debug keys. */
void console_input_char(char c);
/* Take up to len bytes of dom0's pending input; returns the count. */
size_t console_rx_take(char *buf, size_t len);

#endif /* XEN_CONSOLE_H */
