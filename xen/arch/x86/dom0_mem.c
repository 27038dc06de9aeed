/* dom0's memory, pure logic shared with the host tests: the dom0_mem= syntax,
 * the size it asks for, and dom0's e820 map built from the host's. */
#include <asm/dom0_build.h>
#include <asm/page.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/string.h>

/* What the hypervisor keeps when no size is given: 1/16th, at most this. */
#define DOM0_DEFAULT_RESERVE    (128ull << 20)

/* One size with a unit; a bare number is KiB as in every Xen size option. */
static int parse_one_size(const char **s, uint64_t *out, const char **why)
{
    const char *p = *s;

    if (*p < '0' || *p > '9') {
        *why = "expected a size such as 512M";
        return -EINVAL;
    }
    *out = parse_size_and_unit(p, &p);
    if (*p && *p != ',') {
        *why = "unexpected text after a size";
        return -EINVAL;
    }
    *s = p;
    return 0;
}

int dom0_mem_parse(const char *s, struct dom0_mem_spec *spec,
                   const char **why)
{
    struct dom0_mem_spec r = { 0 };

    if (!s || !*s) {
        *why = "empty value";
        return -EINVAL;
    }
    for (;;) {
        uint64_t *dst = &r.amount;
        int rc;

        if (!strncmp(s, "min:", 4)) {
            dst = &r.min;
            s += 4;
        } else if (!strncmp(s, "max:", 4)) {
            dst = &r.max;
            s += 4;
        } else if (*s == '-') {
            r.neg = true;
            s++;
        } else {
            r.neg = false;
        }
        rc = parse_one_size(&s, dst, why);
        if (rc)
            return rc;
        if (dst == &r.amount && !r.amount) {
            *why = "a size of 0";
            return -EINVAL;
        }
        if (!*s)
            break;
        s++;                            /* the ',' */
    }
    if (r.min && r.max && r.min > r.max) {
        *why = "min: is larger than max:";
        return -EINVAL;
    }
    *spec = r;
    return 0;
}

uint64_t dom0_mem_compute(const struct dom0_mem_spec *spec, uint64_t avail,
                          const char **why)
{
    uint64_t size;

    avail &= ~(uint64_t)(PAGE_SIZE - 1);
    if (spec->amount && !spec->neg) {
        if (spec->amount > avail) {
            *why = "exceeds available memory";
            return 0;
        }
        size = spec->amount;
    } else if (spec->amount) {
        if (spec->amount >= avail) {
            *why = "leaves nothing for dom0";
            return 0;
        }
        size = avail - spec->amount;
    } else {
        size = avail - MIN(avail / 16, DOM0_DEFAULT_RESERVE);
    }
    if (spec->max && size > spec->max)
        size = spec->max;
    if (spec->min && size < spec->min) {
        if (spec->min > avail) {
            *why = "min: exceeds available memory";
            return 0;
        }
        size = spec->min;
    }
    size &= ~(uint64_t)(PAGE_SIZE - 1);
    if (!size)
        *why = "no memory for dom0";
    return size;
}

bool dom0_range_add(struct dom0_range *r, unsigned int *nr, unsigned int max,
                    uint64_t start, uint64_t end)
{
    unsigned int i, j;

    if (start >= end)
        return true;
    /* i: the first range that ends at or after start (may merge). */
    for (i = 0; i < *nr && r[i].end < start; i++)
        ;
    if (i == *nr || r[i].start > end) {
        if (*nr >= max)
            return false;
        memmove(&r[i + 1], &r[i], (*nr - i) * sizeof(*r));
        r[i].start = start;
        r[i].end = end;
        (*nr)++;
        return true;
    }
    r[i].start = MIN(r[i].start, start);
    r[i].end = MAX(r[i].end, end);
    /* Swallow the ranges the grown one now touches. */
    for (j = i + 1; j < *nr && r[j].start <= r[i].end; j++)
        r[i].end = MAX(r[i].end, r[j].end);
    memmove(&r[i + 1], &r[j], (*nr - j) * sizeof(*r));
    *nr -= j - i - 1;
    return true;
}

/* Append [start, end) of type, merging with the previous entry. */
static int e820_append(struct e820map *m, uint64_t start, uint64_t end,
                       uint32_t type)
{
    struct e820entry *last = m->nr_map ? &m->map[m->nr_map - 1] : NULL;

    if (start >= end)
        return 0;
    if (last && last->type == type && last->addr + last->size == start) {
        last->size = end - last->addr;
        return 0;
    }
    if (m->nr_map >= E820MAX)
        return -ENOSPC;
    m->map[m->nr_map].addr = start;
    m->map[m->nr_map].size = end - start;
    m->map[m->nr_map].type = type;
    m->nr_map++;
    return 0;
}

/* The host's type at addr (0: a hole), and where that answer ends. */
static uint32_t host_type_at(const struct e820map *host, uint64_t addr,
                             uint64_t *until)
{
    uint32_t type = 0;
    uint64_t next = ~0ull;
    unsigned int i;

    for (i = 0; i < host->nr_map; i++) {
        const struct e820entry *e = &host->map[i];
        uint64_t end = e->addr + e->size;

        if (e->addr <= addr && addr < end) {
            /* Overlaps: the most restrictive (highest number) wins, but
             * RAM never beats anything else. */
            if (e->type == E820_RAM) {
                if (!type)
                    type = E820_RAM;
            } else if (!type || type == E820_RAM || e->type > type) {
                type = e->type;
            }
            next = MIN(next, end);
        } else if (e->addr > addr) {
            next = MIN(next, e->addr);
        }
    }
    *until = next;
    return type;
}

/* The dom0 type at addr and where it ends (0: not dom0's). */
static uint32_t dom0_type_at(const struct dom0_range *ram, unsigned int nr,
                             struct dom0_range acpi, uint64_t addr,
                             uint64_t *until)
{
    uint64_t next = ~0ull;
    unsigned int i;

    if (acpi.start < acpi.end) {
        if (acpi.start <= addr && addr < acpi.end) {
            *until = acpi.end;
            return E820_ACPI;
        }
        if (acpi.start > addr)
            next = acpi.start;
    }
    for (i = 0; i < nr; i++) {
        if (ram[i].start <= addr && addr < ram[i].end) {
            *until = MIN(next, ram[i].end);
            return E820_RAM;
        }
        if (ram[i].start > addr) {
            next = MIN(next, ram[i].start);
            break;
        }
    }
    *until = next;
    return 0;
}

int dom0_e820_build(const struct e820map *host, const struct dom0_range *ram,
                    unsigned int nr_ram, struct dom0_range acpi,
                    struct e820map *out)
{
    uint64_t addr = 0;

    out->nr_map = 0;
    /* Walk the address space piece by piece: each piece has one host type
     * and one dom0 type. */
    while (addr != ~0ull) {
        uint64_t host_end, dom0_end, end;
        uint32_t ht = host_type_at(host, addr, &host_end);
        uint32_t dt = dom0_type_at(ram, nr_ram, acpi, addr, &dom0_end);
        uint32_t type = dt ? dt : ht == E820_RAM ? E820_UNUSABLE : ht;

        end = MIN(host_end, dom0_end);
        if (type && e820_append(out, addr, end, type))
            return -ENOSPC;
        addr = end;
    }
    return 0;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* dom0_max_vcpus=<n> | <min>-<max> (either bound may be left out). */
int dom0_vcpus_parse(const char *s, struct dom0_vcpus_spec *spec,
                     const char **why)
{
    struct dom0_vcpus_spec r = { 0, 0 };
    bool have_min = false, have_max = false, range = false;
    const char *p = s;

    if (!s || !*s) {
        *why = "empty value";
        return -EINVAL;
    }
    if (is_digit(*p)) {
        r.min = (unsigned int)simple_strtoull(p, &p, 10);
        have_min = true;
    }
    if (*p == '-') {
        range = true;
        p++;
        if (is_digit(*p)) {
            r.max = (unsigned int)simple_strtoull(p, &p, 10);
            have_max = true;
        }
    }
    if (*p) {
        *why = "expected <n> or <min>-<max>";
        return -EINVAL;
    }
    if (!have_min && !have_max) {
        *why = "no bound given";
        return -EINVAL;
    }
    if (!range)
        r.max = r.min;          /* a single number: exactly that many */
    if (have_max || !range) {
        if (!r.max) {
            *why = "dom0 needs at least one vCPU";
            return -EINVAL;
        }
        if (r.min > r.max) {
            *why = "min is larger than max";
            return -EINVAL;
        }
    }
    *spec = r;
    return 0;
}

unsigned int dom0_vcpus_compute(const struct dom0_vcpus_spec *spec,
                                unsigned int nr_pcpus, unsigned int limit)
{
    unsigned int n = nr_pcpus;

    if (spec->max && n > spec->max)
        n = spec->max;
    if (n < spec->min)
        n = spec->min;
    if (n > limit)
        n = limit;
    return n ? n : 1;
}
