/* The legacy 8259 PICs: re-based away from the exception vectors and fully
 * masked, since interrupts come through the IOAPIC. */
#include <asm/io.h>
#include <asm/irq.h>

#define PIC_MASTER_CMD      0x20
#define PIC_MASTER_DATA     0x21
#define PIC_SLAVE_CMD       0xa0
#define PIC_SLAVE_DATA      0xa1
#define ICW1_INIT_ICW4      0x11
#define ICW4_8086           0x01
#define PIC_VECTOR_BASE     0x20    /* spurious IRQ 7/15: 0x27/0x2f */

void i8259_disable(void)
{
    /* Re-initialise so that a stray (spurious) interrupt cannot arrive
     * on an exception vector, then mask every line. */
    outb(ICW1_INIT_ICW4, PIC_MASTER_CMD);
    outb(ICW1_INIT_ICW4, PIC_SLAVE_CMD);
    outb(PIC_VECTOR_BASE, PIC_MASTER_DATA);
    outb(PIC_VECTOR_BASE + 8, PIC_SLAVE_DATA);
    outb(1u << 2, PIC_MASTER_DATA);     /* slave on IRQ 2 */
    outb(2, PIC_SLAVE_DATA);            /* slave identity */
    outb(ICW4_8086, PIC_MASTER_DATA);
    outb(ICW4_8086, PIC_SLAVE_DATA);
    outb(0xff, PIC_MASTER_DATA);
    outb(0xff, PIC_SLAVE_DATA);
}
