/* 16550-compatible UART: register layout and the polled driver's interface. */
#ifndef XEN_NS16550_H
#define XEN_NS16550_H

#define COM1_IO_BASE        0x3f8

/* Register offsets from the I/O base. */
#define UART_THR            0       /* transmit holding (write) */
#define UART_RBR            0       /* receive buffer (read) */
#define UART_DLL            0       /* divisor latch low (DLAB=1) */
#define UART_IER            1       /* interrupt enable */
#define UART_DLM            1       /* divisor latch high (DLAB=1) */
#define UART_FCR            2       /* FIFO control (write) */
#define UART_LCR            3       /* line control */
#define UART_MCR            4       /* modem control */
#define UART_LSR            5       /* line status */

#define UART_LCR_8N1        0x03
#define UART_LCR_DLAB       0x80
#define UART_FCR_ENABLE     0x01
#define UART_FCR_CLEAR_RX   0x02
#define UART_FCR_CLEAR_TX   0x04
#define UART_MCR_DTR        0x01
#define UART_MCR_RTS        0x02
#define UART_LSR_THRE       0x20    /* transmit holding register empty */

#define UART_BASE_BAUD      115200  /* 1.8432 MHz clock / 16 */

#ifndef __ASSEMBLY__

#include <xen/types.h>

struct ns16550 {
    uint16_t io_base;
    unsigned int baud;
    uint8_t lcr;                /* line format: UART_LCR_8N1 etc. */
    bool present;
};

void ns16550_init(struct ns16550 *uart, uint16_t io_base, unsigned int baud,
                  uint8_t lcr);
int ns16550_parse_dps(const char *s, const char **end);
void ns16550_putc(struct ns16550 *uart, char c);

#endif /* !__ASSEMBLY__ */

#endif /* XEN_NS16550_H */
