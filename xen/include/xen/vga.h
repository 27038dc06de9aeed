/* VGA text-mode console output (drivers/video/vga.c). */
#ifndef XEN_VGA_H
#define XEN_VGA_H

#include <xen/types.h>

/* 0, or -1 when no text buffer answers at 0xB8000. */
int vga_init(void);
bool vga_enabled(void);
void vga_write(const char *s, size_t n);

#endif /* XEN_VGA_H */
