/* CONSOLEIO_* sub-ops of the console_io hypercall (18): cmd, count, buffer
 * (Xen's numbers). */
#ifndef PUBLIC_CONSOLE_IO_H
#define PUBLIC_CONSOLE_IO_H

#define CONSOLEIO_write     0   /* count bytes from buffer to the console */
#define CONSOLEIO_read      1   /* up to count bytes of input; returns n */

#endif /* PUBLIC_CONSOLE_IO_H */
