/* Spin locks (test-and-test-and-set on one byte) with the interrupt-saving
 * variants; the names and macro shapes follow Xen's. */
#ifndef XEN_SPINLOCK_H
#define XEN_SPINLOCK_H

#include <asm/processor.h>
#include <xen/types.h>

typedef struct spinlock {
    volatile uint8_t sl_locked;
} spinlock_t;

#define SPIN_LOCK_UNLOCKED      { 0 }
#define DEFINE_SPINLOCK(l)      spinlock_t l = SPIN_LOCK_UNLOCKED

static inline void spin_lock_init(spinlock_t *l)
{
    l->sl_locked = 0;
}

static inline bool spin_trylock(spinlock_t *l)
{
    return !__atomic_exchange_n(&l->sl_locked, 1, __ATOMIC_ACQUIRE);
}

static inline void spin_lock(spinlock_t *l)
{
    while (!spin_trylock(l))
        while (__atomic_load_n(&l->sl_locked, __ATOMIC_RELAXED))
            cpu_relax();
}

static inline void spin_unlock(spinlock_t *l)
{
    __atomic_store_n(&l->sl_locked, 0, __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(const spinlock_t *l)
{
    return __atomic_load_n(&l->sl_locked, __ATOMIC_RELAXED);
}

static inline unsigned long local_save_flags(void)
{
    unsigned long flags;

    __asm__ __volatile__ ("pushf; pop %0" : "=r" (flags) :: "memory");
    return flags;
}

static inline void local_irq_restore(unsigned long flags)
{
    if (flags & 0x200)      /* EFLAGS.IF */
        __asm__ __volatile__ ("sti" ::: "memory");
}

static inline unsigned long _spin_lock_irqsave(spinlock_t *l)
{
    unsigned long flags = local_save_flags();

    __asm__ __volatile__ ("cli" ::: "memory");
    spin_lock(l);
    return flags;
}

#define spin_lock_irqsave(l, f)         ((f) = _spin_lock_irqsave(l))
#define spin_unlock_irqrestore(l, f)    \
    do { spin_unlock(l); local_irq_restore(f); } while (0)

static inline void spin_lock_irq(spinlock_t *l)
{
    __asm__ __volatile__ ("cli" ::: "memory");
    spin_lock(l);
}

static inline void spin_unlock_irq(spinlock_t *l)
{
    spin_unlock(l);
    __asm__ __volatile__ ("sti" ::: "memory");
}

#endif /* XEN_SPINLOCK_H */
