/* Hypervisor console: the console ring (conring_size=), log-level filters
 * (loglvl=, guest_loglvl=), the serial line (console=, com1=) and polled
 * serial input handed to the debug keys. */
#include <asm/io.h>
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/keyhandler.h>
#include <xen/lib.h>
#include <xen/ns16550.h>
#include <xen/param.h>
#include <xen/spinlock.h>
#include <xen/string.h>
#include <xen/vga.h>
#include <xen/xmalloc.h>

#define CONSOLE_BAUD        115200
#define CONRING_DEFAULT     (16 * 1024)
#define UART_LSR_DR         0x01            /* receive data ready */

static struct ns16550 com1;
static unsigned int com1_baud = CONSOLE_BAUD;
static uint8_t com1_lcr = UART_LCR_8N1;
static bool serial_enabled = true;
static bool console_all_levels;     /* fatal error: no filtering */
static DEFINE_SPINLOCK(console_spinlock);

/* ---- command-line options ---- */

static char opt_console[32] = "com1";
string_param("console", opt_console);
static bool opt_sync_console;
boolean_param("sync_console", opt_sync_console);
static unsigned long opt_conring_size;
size_param("conring_size", opt_conring_size);

/* Levels: messages at or below the threshold reach the serial line. */
static int xenlog_threshold = 2;        /* info: everything but debug */
static int guestlog_threshold = 1;      /* warning */

static const char *const level_names[] = {
    "error", "warning", "info", "debug",
};

static int parse_level(const char *s, const char *e)
{
    size_t n = (size_t)(e - s);
    unsigned int i;

    if (n == 4 && !strncmp(s, "none", 4))
        return -1;
    if (n == 3 && !strncmp(s, "all", 3))
        return 3;
    for (i = 0; i < ARRAY_SIZE(level_names); i++)
        if (n == strlen(level_names[i]) && !strncmp(s, level_names[i], n))
            return (int)i;
    return -2;
}

/* "<level>[/<rate-limited level>]": the second part is accepted and, as we
 * do not rate-limit, ignored. */
static int parse_loglvl_into(const char *s, int *threshold)
{
    const char *slash;
    int lvl;

    if (!s)
        return -EINVAL;
    slash = strchr(s, '/');
    lvl = parse_level(s, slash ? slash : s + strlen(s));
    if (lvl < -1 || (slash && parse_level(slash + 1, slash + strlen(slash)) < -1))
        return -EINVAL;
    *threshold = lvl;
    return 0;
}

static int parse_loglvl(const char *s)
{
    return parse_loglvl_into(s, &xenlog_threshold);
}
custom_param("loglvl", parse_loglvl);

static int parse_guest_loglvl(const char *s)
{
    return parse_loglvl_into(s, &guestlog_threshold);
}
custom_param("guest_loglvl", parse_guest_loglvl);

/* com1=<baud>|auto[,DPS] with DPS = data bits 5-8, parity n/o/e/m/s, stop
 * bits 1/2 (e.g. 8n1, 7e2); further fields are accepted and ignored. */
static int parse_com1(const char *s)
{
    const char *p = s;
    unsigned long long baud;
    int lcr = UART_LCR_8N1;

    if (!s)
        return -EINVAL;
    if (!strncmp(p, "auto", 4)) {
        p += 4;
        baud = CONSOLE_BAUD;
    } else {
        baud = simple_strtoull(p, &p, 10);
        if (!baud || baud > UART_BASE_BAUD || UART_BASE_BAUD % baud)
            return -EINVAL;
    }
    if (*p == ',') {
        lcr = ns16550_parse_dps(p + 1, &p);
        if (lcr < 0)
            return lcr;
    }
    if (*p && *p != ',')
        return -EINVAL;
    com1_baud = (unsigned int)baud;
    com1_lcr = (uint8_t)lcr;
    return 0;
}
custom_param("com1", parse_com1);

/* ---- the ring ---- */

static char conring_static[CONRING_DEFAULT];
static char *conring = conring_static;
static size_t conring_size = CONRING_DEFAULT;   /* a power of two */
static uint64_t conring_prod;                   /* bytes ever written */

static void conring_put(const char *s, size_t n)
{
    for (; n; n--, s++)
        conring[conring_prod++ & (conring_size - 1)] = *s;
}

size_t console_ring_read(char *buf, size_t len, uint64_t *pos)
{
    uint64_t oldest, p;
    unsigned long flags = console_lock();
    size_t n = 0;

    oldest = conring_prod > conring_size ? conring_prod - conring_size : 0;
    p = *pos < oldest ? oldest : *pos;
    while (n < len && p < conring_prod)
        buf[n++] = conring[p++ & (conring_size - 1)];
    *pos = p;
    console_unlock(flags);
    return n;
}

void console_init_ring(void)
{
    size_t size = CONRING_DEFAULT;
    unsigned long flags;
    uint64_t pos = 0;
    char *ring;

    while (size < opt_conring_size && size < (1UL << 30))
        size <<= 1;
    if (size == conring_size)
        return;
    ring = xmalloc_bytes(size);
    if (!ring) {
        printk(XENLOG_WARNING "No memory for a %zu-byte console ring\n", size);
        return;
    }
    flags = console_lock();
    while (pos < conring_prod) {
        ring[pos & (size - 1)] = conring[pos & (conring_size - 1)];
        pos++;
    }
    conring = ring;
    conring_size = size;
    console_unlock(flags);
    printk("Console ring: %zu KiB\n", size >> 10);
}

/* ---- output ---- */

void console_init(void)
{
    ns16550_init(&com1, COM1_IO_BASE, com1_baud, com1_lcr);
}

/* Whether the comma-separated list names dev. */
static bool list_has(const char *list, const char *dev)
{
    size_t n = strlen(dev);

    while (*list) {
        if (!strncmp(list, dev, n) && (list[n] == ',' || !list[n]))
            return true;
        while (*list && *list != ',')
            list++;
        if (*list)
            list++;
    }
    return false;
}

/* console= lists devices ("com1", "vga", "none"); with neither com1 nor a
 * working vga, printk output stays in the ring.
 *
 * sync_console is accepted for Xen compatibility and reported, but changes
 * nothing: Xen uses it to bypass its buffered, interrupt-driven serial
 * transmit, whereas here every printk is written out, polled, before it
 * returns (the UART driver has no transmit buffer), so output is always
 * synchronous.  Fatal reports lift the loglvl filter (console_start_sync).
 */
void console_init_postparse(void)
{
    serial_enabled = list_has(opt_console, "com1");
    if (com1_baud != com1.baud || com1_lcr != com1.lcr)
        ns16550_init(&com1, COM1_IO_BASE, com1_baud, com1_lcr);
    if (list_has(opt_console, "vga")) {
        if (vga_init())
            printk(XENLOG_WARNING "VGA: no text buffer at 0xb8000; "
                   "vga console off\n");
        else
            printk("VGA: text console 80x25 at 0xb8000\n");
    }
    if (opt_sync_console)
        printk("Console output is synchronous (sync_console; always so: "
               "polled output)\n");
}

/* Serial terminals want CR LF line ends. */
void console_write(const char *s, size_t n)
{
    for (; n; n--, s++) {
        if (*s == '\n')
            ns16550_putc(&com1, '\r');
        ns16550_putc(&com1, *s);
    }
}

void console_emit(const char *s, size_t n, int level, bool guest)
{
    conring_put(s, n);
    if (serial_enabled && (console_all_levels ||
        level <= (guest ? guestlog_threshold : xenlog_threshold)))
        console_write(s, n);
    if (vga_enabled() && (console_all_levels ||
        level <= (guest ? guestlog_threshold : xenlog_threshold)))
        vga_write(s, n);
}

unsigned long console_lock(void)
{
    unsigned long flags;

    spin_lock_irqsave(&console_spinlock, flags);
    return flags;
}

void console_unlock(unsigned long flags)
{
    spin_unlock_irqrestore(&console_spinlock, flags);
}

void console_force_unlock(void)
{
    spin_lock_init(&console_spinlock);
    serial_enabled = true;
}

/* Output is polled and unbuffered already; what remains is to keep fatal
 * reports from being filtered by loglvl=. */
void console_start_sync(void)
{
    opt_sync_console = true;
    console_all_levels = true;
}

/* ---- input ---- */

void console_handle_input(char c)
{
    console_input_char(c);
}

void console_poll_input(void)
{
    if (!com1.present)
        return;
    while (inb(COM1_IO_BASE + UART_LSR) & UART_LSR_DR)
        console_handle_input((char)inb(COM1_IO_BASE + UART_RBR));
}
