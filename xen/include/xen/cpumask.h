/* CPU sets: a fixed-size bitmap of NR_CPUS bits with Xen's cpumask names. */
#ifndef XEN_CPUMASK_H
#define XEN_CPUMASK_H

#include <xen/types.h>

#define NR_CPUS             64      /* one 64-bit word: see cpumask_t */

typedef struct cpumask {
    uint64_t bits;
} cpumask_t;

static inline void cpumask_clear(cpumask_t *m)
{
    m->bits = 0;
}

static inline void cpumask_set_cpu(unsigned int cpu, cpumask_t *m)
{
    __atomic_fetch_or(&m->bits, 1ull << cpu, __ATOMIC_SEQ_CST);
}

static inline void cpumask_clear_cpu(unsigned int cpu, cpumask_t *m)
{
    __atomic_fetch_and(&m->bits, ~(1ull << cpu), __ATOMIC_SEQ_CST);
}

static inline bool cpumask_test_cpu(unsigned int cpu, const cpumask_t *m)
{
    return (__atomic_load_n(&m->bits, __ATOMIC_RELAXED) >> cpu) & 1;
}

/* No libgcc in the image: a plain SWAR population count. */
static inline unsigned int cpumask_weight(const cpumask_t *m)
{
    uint64_t v = m->bits;

    v = v - ((v >> 1) & 0x5555555555555555ull);
    v = (v & 0x3333333333333333ull) + ((v >> 2) & 0x3333333333333333ull);
    v = (v + (v >> 4)) & 0x0f0f0f0f0f0f0f0full;
    return (unsigned int)((v * 0x0101010101010101ull) >> 56);
}

static inline bool cpumask_empty(const cpumask_t *m)
{
    return !m->bits;
}

static inline void cpumask_copy(cpumask_t *d, const cpumask_t *s)
{
    d->bits = s->bits;
}

static inline void cpumask_and(cpumask_t *d, const cpumask_t *a,
                               const cpumask_t *b)
{
    d->bits = a->bits & b->bits;
}

static inline void cpumask_or(cpumask_t *d, const cpumask_t *a,
                              const cpumask_t *b)
{
    d->bits = a->bits | b->bits;
}

static inline void cpumask_andnot(cpumask_t *d, const cpumask_t *a,
                                  const cpumask_t *b)
{
    d->bits = a->bits & ~b->bits;
}

/* The first set bit at or after n, or NR_CPUS. */
static inline unsigned int cpumask_next_from(unsigned int n,
                                             const cpumask_t *m)
{
    uint64_t rest = n >= NR_CPUS ? 0 : m->bits >> n;

    return rest ? n + __builtin_ctzll(rest) : NR_CPUS;
}

static inline unsigned int cpumask_first(const cpumask_t *m)
{
    return cpumask_next_from(0, m);
}

static inline unsigned int cpumask_next(int n, const cpumask_t *m)
{
    return cpumask_next_from(n + 1, m);
}

#define for_each_cpu(cpu, mask)                                 \
    for ((cpu) = cpumask_first(mask); (cpu) < NR_CPUS;          \
         (cpu) = cpumask_next(cpu, mask))

extern cpumask_t cpu_online_map;    /* running the hypervisor */
extern cpumask_t cpu_present_map;   /* found in the MADT (and allowed) */

#define cpu_online(cpu)     cpumask_test_cpu(cpu, &cpu_online_map)
#define cpu_present(cpu)    cpumask_test_cpu(cpu, &cpu_present_map)
#define num_online_cpus()   cpumask_weight(&cpu_online_map)
#define num_present_cpus()  cpumask_weight(&cpu_present_map)
#define for_each_online_cpu(cpu)    for_each_cpu(cpu, &cpu_online_map)
#define for_each_present_cpu(cpu)   for_each_cpu(cpu, &cpu_present_map)

#endif /* XEN_CPUMASK_H */
