/* Guests' side of the hypervisor console: the console_io hypercall (dom0
 * output, dom0 input ring + VIRQ_CONSOLE) and the CTRL-a switch that hands
 * serial input to dom0 or to the debug keys. */
#include <public/console_io.h>
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/hypercall.h>
#include <xen/keyhandler.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/string.h>
#include <xen/timer.h>

#define CONSOLE_SWITCH_CHAR     0x01    /* CTRL-a */
#define CONSOLE_SWITCH_COUNT    3       /* presses in a row that switch */
#define CONSOLE_RX_SIZE         256     /* dom0 input ring (power of two) */
#define CONSOLE_IO_CHUNK        128     /* bytes copied per step */
#define CONSOLE_WRITE_MAX       (64u * 1024) /* one write (no continuations) */

static struct domain *console_dom0;     /* receives input when switched */
static bool input_to_dom0;
static unsigned int switch_presses;     /* CTRL-a seen in a row */

static char rx_ring[CONSOLE_RX_SIZE];
static unsigned int rx_prod, rx_cons;   /* free-running indices */
static DEFINE_SPINLOCK(rx_lock);

/* Input can arrive in interrupt context, where event-channel locks must
 * not be taken: the VIRQ is raised from a timer (softirq) instead. */
static struct timer virq_timer;

static void console_virq_fn(void *data)
{
    (void)data;
    if (console_dom0)
        send_guest_global_virq(console_dom0, VIRQ_CONSOLE);
}

static void switch_announce(void)
{
    printk("*** Serial input to %s (type 'CTRL-a' three times to switch "
           "input)\n", input_to_dom0 ? "DOM0" : "Xen");
}

void console_set_dom0(struct domain *d)
{
    if (d && virq_timer.status == TIMER_STATUS_invalid)
        init_timer(&virq_timer, console_virq_fn, NULL, 0);
    console_dom0 = d;
    input_to_dom0 = d != NULL;
    switch_presses = 0;
    if (d)
        switch_announce();
}

bool console_input_is_dom0(void)
{
    return input_to_dom0;
}

/* Queue c for dom0 (dropped when the ring is full) and notify it: even a
 * drop notifies, so a guest that missed an event drains the ring. */
static void rx_to_dom0(char c)
{
    unsigned long flags;

    spin_lock_irqsave(&rx_lock, flags);
    if (rx_prod - rx_cons < CONSOLE_RX_SIZE)
        rx_ring[rx_prod++ & (CONSOLE_RX_SIZE - 1)] = c;
    spin_unlock_irqrestore(&rx_lock, flags);
    set_timer(&virq_timer, NOW());
}

static void rx_deliver(char c)
{
    if (input_to_dom0 && console_dom0)
        rx_to_dom0(c);
    else
        handle_keypress((unsigned char)c);
}

/*
 * One received character.  CTRL-a pressed three times in a row switches
 * the input between dom0 and the debug keys; fewer presses followed by
 * another character are passed on as typed.
 */
void console_input_char(char c)
{
    if (c == CONSOLE_SWITCH_CHAR) {
        if (++switch_presses < CONSOLE_SWITCH_COUNT)
            return;
        switch_presses = 0;
        if (!console_dom0)
            return;             /* nobody to switch to */
        input_to_dom0 = !input_to_dom0;
        switch_announce();
        return;
    }
    for (; switch_presses; switch_presses--)
        rx_deliver(CONSOLE_SWITCH_CHAR);
    rx_deliver(c);
}

/* Take up to len bytes of dom0 input. */
size_t console_rx_take(char *buf, size_t len)
{
    unsigned long flags;
    size_t n = 0;

    spin_lock_irqsave(&rx_lock, flags);
    while (n < len && rx_cons != rx_prod)
        buf[n++] = rx_ring[rx_cons++ & (CONSOLE_RX_SIZE - 1)];
    spin_unlock_irqrestore(&rx_lock, flags);
    return n;
}

/* dom0's text goes out as it is, with no prefix, whatever guest_loglvl
 * says (as Xen prints its hardware domain). */
static long console_io_write(struct vcpu *v, uint64_t count, uint64_t buf)
{
    char chunk[CONSOLE_IO_CHUNK];
    unsigned long flags;
    uint64_t done;

    if (count > CONSOLE_WRITE_MAX)
        return -EINVAL;
    for (done = 0; done < count; done += sizeof(chunk)) {
        size_t n = MIN(sizeof(chunk), count - done);

        if (copy_from_guest(v, chunk, buf + done, n))
            return -EFAULT;
        flags = console_lock();
        console_emit(chunk, n, 0, false);
        console_unlock(flags);
    }
    return 0;
}

/* Returns the bytes read (0: none waiting). */
static long console_io_read(struct vcpu *v, uint64_t count, uint64_t buf)
{
    char chunk[CONSOLE_IO_CHUNK];
    uint64_t done = 0;

    while (done < count) {
        size_t n = console_rx_take(chunk, MIN(sizeof(chunk), count - done));

        if (!n)
            break;
        if (copy_to_guest(v, buf + done, chunk, n))
            return -EFAULT;     /* as Xen: what was taken is lost */
        done += n;
    }
    return (long)done;
}

/* arg[0]: CONSOLEIO_*, arg[1]: count, arg[2]: guest buffer.  Only the
 * hardware domain has the console (domUs use their console ring). */
long do_console_io(struct vcpu *v, const uint64_t arg[5])
{
    uint64_t count = (uint32_t)arg[1];  /* an int in the ABI */

    if (!v->domain->is_privileged)
        return -EPERM;
    if ((int32_t)arg[1] < 0)
        return -EINVAL;
    switch (arg[0]) {
    case CONSOLEIO_write:
        return console_io_write(v, count, arg[2]);
    case CONSOLEIO_read:
        return console_io_read(v, count, arg[2]);
    default:
        return -ENOSYS;
    }
}
