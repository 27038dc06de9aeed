/* Symbol lookup for stack traces: a table of the image's text symbols,
 * embedded at link time (xen/tools/symbols.awk over `nm -n` of a first
 * link, see xen/Makefile.am). */
#ifndef XEN_SYMBOLS_H
#define XEN_SYMBOLS_H

#include <xen/types.h>

#define SYMBOL_TEXT_LEN 96

/* The symbol containing addr: its name (NULL if none), the offset of addr
 * into it and its size (up to the next symbol). */
const char *symbols_lookup(unsigned long addr, unsigned long *offset,
                           unsigned long *size);

/* "name+0xoff/0xsize", or "??" when addr is in no known symbol. */
void symbols_format(unsigned long addr, char *buf, size_t len);

#endif /* XEN_SYMBOLS_H */
