/* printk(): hypervisor log output, each line prefixed "(XEN) ", with Xen's
 * level prefixes (XENLOG_*) deciding what the serial line shows. */
#include <xen/console.h>
#include <xen/lib.h>
#include <xen/string.h>

#define PRINTK_PREFIX       "(XEN) "
#define DEFAULT_LEVEL       2           /* XENLOG_INFO */

struct printk_ctx {
    int level;
    bool guest;
};

static bool printk_at_line_start = true;

/* Formatter sink: write the text, starting each new line with the prefix. */
static void printk_sink(void *arg, const char *s, size_t n)
{
    const struct printk_ctx *ctx = arg;

    while (n) {
        size_t len = 0;

        while (len < n && s[len++] != '\n')
            ;
        if (printk_at_line_start)
            console_emit(PRINTK_PREFIX, strlen(PRINTK_PREFIX), ctx->level,
                         ctx->guest);
        console_emit(s, len, ctx->level, ctx->guest);
        printk_at_line_start = s[len - 1] == '\n';
        s += len;
        n -= len;
    }
}

/* Strip "<G>" and "<0>".."<3>" from the front of fmt into ctx. */
static const char *parse_level_prefix(const char *fmt, struct printk_ctx *ctx)
{
    ctx->level = DEFAULT_LEVEL;
    ctx->guest = false;
    if (!strncmp(fmt, "<G>", 3)) {
        ctx->guest = true;
        fmt += 3;
    }
    if (fmt[0] == '<' && fmt[1] >= '0' && fmt[1] <= '3' && fmt[2] == '>') {
        ctx->level = fmt[1] - '0';
        fmt += 3;
    }
    return fmt;
}

void vprintk(const char *fmt, va_list args)
{
    struct printk_ctx ctx;
    unsigned long flags;

    fmt = parse_level_prefix(fmt, &ctx);
    flags = console_lock();
    vformat(printk_sink, &ctx, fmt, args);
    console_unlock(flags);
}

void printk(const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    vprintk(fmt, args);
    va_end(args);
}
