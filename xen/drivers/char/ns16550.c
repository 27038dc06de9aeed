/* 16550-compatible UART driver: polled transmit at a fixed baud rate and
 * line format (data bits, parity, stop bits; 8n1 unless com1= says). */
#include <asm/io.h>
#include <xen/errno.h>
#include <xen/ns16550.h>

/* Give up waiting for the transmitter after this many polls. */
#define UART_TX_TIMEOUT 1000000

static uint8_t uart_in(const struct ns16550 *uart, unsigned int reg)
{
    return inb(uart->io_base + reg);
}

static void uart_out(const struct ns16550 *uart, unsigned int reg, uint8_t v)
{
    outb(v, uart->io_base + reg);
}

/* An absent port floats: its line status reads all ones. */
static bool ns16550_probe(const struct ns16550 *uart)
{
    return uart_in(uart, UART_LSR) != 0xff;
}

static void ns16550_set_baud(const struct ns16550 *uart)
{
    unsigned int divisor = UART_BASE_BAUD / uart->baud;

    uart_out(uart, UART_LCR, UART_LCR_DLAB);
    uart_out(uart, UART_DLL, divisor & 0xff);
    uart_out(uart, UART_DLM, (divisor >> 8) & 0xff);
    uart_out(uart, UART_LCR, uart->lcr);
}

void ns16550_init(struct ns16550 *uart, uint16_t io_base, unsigned int baud,
                  uint8_t lcr)
{
    uart->io_base = io_base;
    uart->baud = baud;
    uart->lcr = lcr;
    uart->present = ns16550_probe(uart);
    if (!uart->present)
        return;

    uart_out(uart, UART_IER, 0);        /* polled: no interrupts */
    ns16550_set_baud(uart);
    uart_out(uart, UART_FCR,
             UART_FCR_ENABLE | UART_FCR_CLEAR_RX | UART_FCR_CLEAR_TX);
    uart_out(uart, UART_MCR, UART_MCR_DTR | UART_MCR_RTS);
}

void ns16550_putc(struct ns16550 *uart, char c)
{
    unsigned int tries = UART_TX_TIMEOUT;

    if (!uart->present)
        return;
    while (!(uart_in(uart, UART_LSR) & UART_LSR_THRE) && --tries)
        ;
    uart_out(uart, UART_THR, (uint8_t)c);
}

/* LCR parity bits (PEN, EPS, stick) indexed by the DPS parity letter. */
static const struct {
    char letter;
    uint8_t bits;
} parity_bits[] = {
    { 'n', 0x00 }, { 'o', 0x08 }, { 'e', 0x18 }, { 'm', 0x28 }, { 's', 0x38 },
};

/* Xen's DPS ("8n1", "7e2"): data bits 5-8, parity n/o/e/m/s, stop bits 1/2.
 * Returns the LCR value and sets *end past the three characters, or
 * -EINVAL.  Pure, so the host unit tests can check every combination. */
int ns16550_parse_dps(const char *s, const char **end)
{
    unsigned int i;
    int lcr;

    if (!s || s[0] < '5' || s[0] > '8' || (s[2] != '1' && s[2] != '2'))
        return -EINVAL;
    for (i = 0; i < sizeof(parity_bits) / sizeof(parity_bits[0]); i++)
        if (parity_bits[i].letter == s[1])
            break;
    if (i == sizeof(parity_bits) / sizeof(parity_bits[0]))
        return -EINVAL;
    lcr = (s[0] - '5') | parity_bits[i].bits;
    if (s[2] == '2')
        lcr |= 0x04;                /* STB: 2 stop bits (1.5 for 5 bits) */
    if (end)
        *end = s + 3;
    return lcr;
}
