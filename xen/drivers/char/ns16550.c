/* 16550-compatible UART driver: polled transmit at a fixed baud rate, 8n1. */
#include <asm/io.h>
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
    uart_out(uart, UART_LCR, UART_LCR_8N1);
}

void ns16550_init(struct ns16550 *uart, uint16_t io_base, unsigned int baud)
{
    uart->io_base = io_base;
    uart->baud = baud;
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
