/* Symbol lookup by address: binary search of the table that the build
 * generates from the image's own symbols (sorted by address). */
#include <xen/lib.h>
#include <xen/symbols.h>

/* Generated (symtab.S): addresses ascending, the offset of each name in
 * symtab_names, the count, and the end of the last symbol (_etext). */
extern const unsigned long symtab_addrs[];
extern const unsigned int symtab_name_offs[];
extern const char symtab_names[];
extern const unsigned long symtab_count;
extern const char _etext[];

const char *symbols_lookup(unsigned long addr, unsigned long *offset,
                           unsigned long *size)
{
    unsigned long lo = 0, hi = symtab_count, end;

    if (!hi || addr < symtab_addrs[0] || addr >= (unsigned long)_etext)
        return NULL;
    while (hi - lo > 1) {
        unsigned long mid = lo + (hi - lo) / 2;

        if (symtab_addrs[mid] <= addr)
            lo = mid;
        else
            hi = mid;
    }
    end = lo + 1 < symtab_count ? symtab_addrs[lo + 1]
                                : (unsigned long)_etext;
    if (offset)
        *offset = addr - symtab_addrs[lo];
    if (size)
        *size = end - symtab_addrs[lo];
    return &symtab_names[symtab_name_offs[lo]];
}

void symbols_format(unsigned long addr, char *buf, size_t len)
{
    unsigned long off, size;
    const char *name = symbols_lookup(addr, &off, &size);

    if (name)
        snprintf(buf, len, "%s+%#lx/%#lx", name, off, size);
    else
        snprintf(buf, len, "??");
}
