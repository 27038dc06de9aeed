/* Generic helpers: array sizes, min/max and formatted output (printk). */
#ifndef XEN_LIB_H
#define XEN_LIB_H

#include <stdarg.h>
#include <xen/compiler.h>
#include <xen/types.h>

#define ARRAY_SIZE(a)   (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b)       ((a) < (b) ? (a) : (b))
#define MAX(a, b)       ((a) > (b) ? (a) : (b))

/* Receives formatted output in pieces of n bytes (not NUL-terminated). */
typedef void (*format_sink_t)(void *ctx, const char *s, size_t n);

size_t vformat(format_sink_t sink, void *ctx, const char *fmt, va_list args);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/*
 * Log levels, as a prefix of the format: printk(XENLOG_WARNING "...").  A
 * message without one is XENLOG_INFO; loglvl= and guest_loglvl= choose
 * what reaches the serial line (everything is kept in the console ring).
 * XENLOG_G_* mark messages a guest can provoke (rate of guest_loglvl).
 */
#define XENLOG_ERR          "<0>"
#define XENLOG_WARNING      "<1>"
#define XENLOG_INFO         "<2>"
#define XENLOG_DEBUG        "<3>"
#define XENLOG_GUEST        "<G>"
#define XENLOG_G_ERR        XENLOG_GUEST XENLOG_ERR
#define XENLOG_G_WARNING    XENLOG_GUEST XENLOG_WARNING
#define XENLOG_G_INFO       XENLOG_GUEST XENLOG_INFO
#define XENLOG_G_DEBUG      XENLOG_GUEST XENLOG_DEBUG

void vprintk(const char *fmt, va_list args);
void printk(const char *fmt, ...) __printf(1, 2);

/*
 * Fatal errors: print the message (with file:line for BUG_ON and ASSERT),
 * the CPU, registers and a symbolic stack trace, then reboot after a delay
 * (or halt with "noreboot").  See common/panic.c and arch/x86/traps.c.
 */
void __noreturn panic(const char *fmt, ...) __printf(1, 2);
void __noreturn __bug(const char *file, int line);
void __noreturn __assert_failed(const char *expr, const char *file, int line);

#define BUG()           __bug(__FILE__, __LINE__)
#define BUG_ON(cond)    do { if (unlikely(cond)) BUG(); } while (0)
#define ASSERT(p)       \
    do { if (unlikely(!(p))) __assert_failed(#p, __FILE__, __LINE__); } while (0)
#define ASSERT_UNREACHABLE() __assert_failed("unreachable", __FILE__, __LINE__)

#endif /* XEN_LIB_H */
