/* Host-test shim for xen/include/xen/spinlock.h: single-threaded tests
 * need no locking (and may not execute cli). */
#ifndef XEN_SPINLOCK_H
#define XEN_SPINLOCK_H

typedef struct spinlock {
    int sl_locked;
} spinlock_t;

#define DEFINE_SPINLOCK(l)              spinlock_t l = { 0 }
#define spin_lock_init(l)               ((l)->sl_locked = 0)
#define spin_lock(l)                    ((l)->sl_locked = 1)
#define spin_unlock(l)                  ((l)->sl_locked = 0)
#define spin_lock_irqsave(l, f)         ((f) = 0, (l)->sl_locked = 1)
#define spin_unlock_irqrestore(l, f)    ((void)(f), (l)->sl_locked = 0)

#endif /* XEN_SPINLOCK_H */
