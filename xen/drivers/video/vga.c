/* VGA text console (console=vga): 80x25 cells at 0xB8000, written like a
 * terminal with line wrap and scrolling.  Output only; the serial line
 * stays the primary console. */
#include <asm/io.h>
#include <xen/lib.h>
#include <xen/string.h>
#include <xen/types.h>
#include <xen/vga.h>

#define VGA_TEXT_BASE   0xb8000UL   /* identity-mapped: phys == virt */
#define VGA_COLS        80
#define VGA_ROWS        25
#define VGA_ATTR        0x07        /* light grey on black */
#define VGA_MISC_READ   0x3cc       /* Miscellaneous Output, read port */

static volatile uint16_t *const vga_mem = (volatile uint16_t *)VGA_TEXT_BASE;
static unsigned int vga_col, vga_row;
static bool vga_on;

static uint16_t vga_cell(char c)
{
    return (uint16_t)((VGA_ATTR << 8) | (uint8_t)c);
}

static void vga_clear_row(unsigned int row)
{
    for (unsigned int col = 0; col < VGA_COLS; col++)
        vga_mem[row * VGA_COLS + col] = vga_cell(' ');
}

/* Move every line up one and blank the last (no hardware scrolling: the
 * start-address register would need the CRTC). */
static void vga_scroll(void)
{
    for (unsigned int i = 0; i < (VGA_ROWS - 1) * VGA_COLS; i++)
        vga_mem[i] = vga_mem[i + VGA_COLS];
    vga_clear_row(VGA_ROWS - 1);
}

static void vga_newline(void)
{
    vga_col = 0;
    if (++vga_row == VGA_ROWS) {
        vga_scroll();
        vga_row = VGA_ROWS - 1;
    }
}

static void vga_putc(char c)
{
    if (c == '\n') {
        vga_newline();
        return;
    }
    if (c == '\r') {
        vga_col = 0;
        return;
    }
    vga_mem[vga_row * VGA_COLS + vga_col] = vga_cell(c);
    if (++vga_col == VGA_COLS)
        vga_newline();
}

/* Claim the text buffer if an adapter is there: its Miscellaneous Output
 * register must answer (no device reads as all ones; the memory at 0xB8000
 * alone proves nothing, QEMU backs it with RAM) and a write must read
 * back. */
int vga_init(void)
{
    uint16_t probe = vga_cell('X');

    if (inb(VGA_MISC_READ) == 0xff)
        return -1;
    vga_mem[0] = probe;
    if (vga_mem[0] != probe)
        return -1;
    for (unsigned int row = 0; row < VGA_ROWS; row++)
        vga_clear_row(row);
    vga_col = vga_row = 0;
    vga_on = true;
    return 0;
}

bool vga_enabled(void)
{
    return vga_on;
}

/* Called with the console lock held, like the serial output. */
void vga_write(const char *s, size_t n)
{
    if (!vga_on)
        return;
    for (; n; n--, s++)
        vga_putc(*s);
}
