/* ELF64 x86-64 parsing for the domain builder: bounds-checked headers, the
 * PT_LOAD list and the Xen notes (PVH entry point) from PT_NOTE segments. */
#include <xen/elf.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/string.h>
#include <xen/types.h>
#include <public/elfnote.h>

/* ELF64 header and program header layout (offsets in bytes). */
#define EH_CLASS        4
#define EH_DATA         5
#define EH_VERSION      6
#define EH_MACHINE      18
#define EH_ENTRY        24
#define EH_PHOFF        32
#define EH_PHENTSIZE    54
#define EH_PHNUM        56
#define EH_SIZE         64

#define PH_TYPE         0
#define PH_FLAGS        4
#define PH_OFFSET       8
#define PH_VADDR        16
#define PH_PADDR        24
#define PH_FILESZ       32
#define PH_MEMSZ        40
#define PH_ALIGN        48
#define PH_SIZE         56

#define ELFCLASS64      2
#define ELFDATA2LSB     1
#define EV_CURRENT      1
#define EM_X86_64       62
#define PT_LOAD         1
#define PT_NOTE         4
#define PN_XNUM         0xffff

#define BAD(msg)        (*why = (msg), -EINVAL)

static uint64_t get_le(const uint8_t *p, unsigned int n)
{
    uint64_t v = 0;

    while ( n-- )
        v = (v << 8) | p[n];
    return v;
}

/* Where each Xen note we keep goes: a number of the field's width, or a
 * string that must be NUL-terminated inside its descriptor. */
enum note_kind { NOTE_NUM, NOTE_STR };

static const struct {
    unsigned int type;
    enum note_kind kind;
    size_t field, width;
} xen_notes[] = {
#define NUM(t, f) { t, NOTE_NUM, offsetof(struct elf_image, f), \
                    sizeof(((struct elf_image *)0)->f) }
#define STR(t, f) { t, NOTE_STR, offsetof(struct elf_image, f), 0 }
    NUM(XEN_ELFNOTE_ENTRY, note_entry),
    NUM(XEN_ELFNOTE_HYPERCALL_PAGE, hypercall_page),
    NUM(XEN_ELFNOTE_VIRT_BASE, virt_base),
    STR(XEN_ELFNOTE_XEN_VERSION, xen_version),
    STR(XEN_ELFNOTE_GUEST_OS, guest_os),
    STR(XEN_ELFNOTE_LOADER, loader),
    STR(XEN_ELFNOTE_FEATURES, features),
    NUM(XEN_ELFNOTE_SUPPORTED_FEATURES, supported_features),
    NUM(XEN_ELFNOTE_PHYS32_ENTRY, phys32_entry),
#undef NUM
#undef STR
};

static bool has_nul(const uint8_t *p, size_t n)
{
    while ( n-- )
        if ( !*p++ )
            return true;
    return false;
}

static void record_note(struct elf_image *im, unsigned int type,
                        const uint8_t *desc, uint32_t descsz)
{
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(xen_notes); i++ )
    {
        uint8_t *field = (uint8_t *)im + xen_notes[i].field;
        uint64_t v;

        if ( xen_notes[i].type != type )
            continue;
        if ( xen_notes[i].kind == NOTE_STR )
        {
            const char *s = (const char *)desc;

            if ( !descsz || !has_nul(desc, descsz) )
                return;
            memcpy(field, &s, sizeof(s));
        }
        else
        {
            /* Numbers are little-endian of the note's own size. */
            if ( !descsz || descsz > 8 )
                return;
            v = get_le(desc, descsz);
            if ( xen_notes[i].width == 4 )
            {
                uint32_t v32 = (uint32_t)v;

                if ( v32 != v )
                    return;
                memcpy(field, &v32, 4);
            }
            else
                memcpy(field, &v, 8);
        }
        im->notes_seen |= 1u << type;
        return;
    }
}

/* Walk one PT_NOTE segment's entries: 12-byte header, name and descriptor
 * each padded to 4 bytes (8 in a segment aligned to 8, as GNU property
 * notes are).  A malformed entry ends the walk (notes are
 * advisory; the caller checks for the ones it needs). */
static void walk_notes(struct elf_image *im, const uint8_t *p, uint64_t size,
                       uint64_t align)
{
    while ( size >= 12 )
    {
        uint32_t namesz = (uint32_t)get_le(p, 4);
        uint32_t descsz = (uint32_t)get_le(p + 4, 4);
        uint32_t type = (uint32_t)get_le(p + 8, 4);
        uint64_t name_pad = ((uint64_t)namesz + align - 1) & ~(align - 1);
        uint64_t desc_pad = ((uint64_t)descsz + align - 1) & ~(align - 1);
        const uint8_t *name = p + 12;

        if ( name_pad > size - 12 || desc_pad > size - 12 - name_pad )
            return;
        if ( namesz == sizeof(XEN_ELFNOTE_NAME) &&
             !memcmp(name, XEN_ELFNOTE_NAME, sizeof(XEN_ELFNOTE_NAME)) &&
             type <= XEN_ELFNOTE_MAX )
            record_note(im, type, name + name_pad, descsz);
        p += 12 + name_pad + desc_pad;
        size -= 12 + name_pad + desc_pad;
    }
}

static int add_load(struct elf_image *im, const uint8_t *ph, size_t len,
                    const char **why)
{
    struct elf_segment *s;

    if ( im->nr_loads == ELF_MAX_LOADS )
        return *why = "too many PT_LOAD segments", -E2BIG;
    s = &im->load[im->nr_loads];
    s->flags = (uint32_t)get_le(ph + PH_FLAGS, 4);
    s->offset = get_le(ph + PH_OFFSET, 8);
    s->vaddr = get_le(ph + PH_VADDR, 8);
    s->paddr = get_le(ph + PH_PADDR, 8);
    s->filesz = get_le(ph + PH_FILESZ, 8);
    s->memsz = get_le(ph + PH_MEMSZ, 8);
    if ( s->offset > len || s->filesz > len - s->offset )
        return BAD("segment outside the file");
    if ( s->filesz > s->memsz )
        return BAD("segment file size above its memory size");
    if ( s->paddr + s->memsz < s->paddr )
        return BAD("segment wraps the address space");
    if ( !im->nr_loads || s->paddr < im->lowest_paddr )
        im->lowest_paddr = s->paddr;
    if ( !im->nr_loads || s->paddr + s->memsz > im->highest_paddr )
        im->highest_paddr = s->paddr + s->memsz;
    im->nr_loads++;
    return 0;
}

int elf_parse(const void *img, size_t len, struct elf_image *im,
              const char **why)
{
    const uint8_t *p = img;
    const char *dummy;
    uint64_t phoff;
    unsigned int phentsize, phnum, i;
    int rc;

    if ( !why )
        why = &dummy;
    memset(im, 0, sizeof(*im));
    if ( !p || len < EH_SIZE || memcmp(p, "\177ELF", 4) )
        return BAD("not an ELF file");
    if ( p[EH_CLASS] != ELFCLASS64 || p[EH_DATA] != ELFDATA2LSB ||
         p[EH_VERSION] != EV_CURRENT ||
         get_le(p + EH_MACHINE, 2) != EM_X86_64 )
        return BAD("not x86-64");

    im->entry = get_le(p + EH_ENTRY, 8);
    phoff = get_le(p + EH_PHOFF, 8);
    phentsize = (unsigned int)get_le(p + EH_PHENTSIZE, 2);
    phnum = (unsigned int)get_le(p + EH_PHNUM, 2);
    if ( phnum == PN_XNUM )
        return BAD("too many program headers");
    if ( phentsize < PH_SIZE )
        return BAD("bad program header size");
    if ( phoff > len || (uint64_t)phnum * phentsize > len - phoff )
        return BAD("truncated program headers");

    for ( i = 0; i < phnum; i++ )
    {
        const uint8_t *ph = p + phoff + (uint64_t)i * phentsize;
        uint32_t type = (uint32_t)get_le(ph + PH_TYPE, 4);

        if ( type == PT_LOAD )
        {
            rc = add_load(im, ph, len, why);
            if ( rc )
                return rc;
        }
        else if ( type == PT_NOTE )
        {
            uint64_t off = get_le(ph + PH_OFFSET, 8);
            uint64_t size = get_le(ph + PH_FILESZ, 8);

            if ( off > len || size > len - off )
                return BAD("segment outside the file");
            walk_notes(im, p + off, size,
                       get_le(ph + PH_ALIGN, 8) == 8 ? 8 : 4);
        }
    }
    if ( !im->nr_loads )
        return BAD("no PT_LOAD segments");
    im->has_phys32_entry = im->notes_seen & (1u << XEN_ELFNOTE_PHYS32_ENTRY);
    return 0;
}
