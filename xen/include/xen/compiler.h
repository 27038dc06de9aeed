/* Compiler attributes and helpers used throughout the hypervisor. */
#ifndef XEN_COMPILER_H
#define XEN_COMPILER_H

#define __packed        __attribute__((__packed__))
#define __aligned(n)    __attribute__((__aligned__(n)))
#define __noreturn      __attribute__((__noreturn__))
#define __used          __attribute__((__used__))
#define __section(s)    __attribute__((__section__(s)))
#define __printf(f, a)  __attribute__((__format__(__printf__, f, a)))

#define likely(x)       __builtin_expect(!!(x), 1)
#define unlikely(x)     __builtin_expect(!!(x), 0)

/* Hide a pointer's origin from the optimiser (e.g. fixed low addresses). */
#define RELOC_HIDE(ptr) ({                  \
    __typeof__(ptr) hidden_ = (ptr);        \
    __asm__ ("" : "+r" (hidden_));          \
    hidden_;                                \
})

#define barrier()       __asm__ __volatile__ ("" ::: "memory")

#endif /* XEN_COMPILER_H */
