/* Host unit tests of the ELF64 parser (xen/common/elf.c): program headers,
 * PT_LOAD bounds and the Xen notes, on images built in memory, plus
 * malformed, truncated and randomly damaged copies. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xen/elf.h>
#include <public/elfnote.h>

#define IMG_SIZE    8192
#define NOTE_OFF    1024
#define SEG0_OFF    4096
#define SEG1_OFF    6144

static uint8_t img[IMG_SIZE];
static size_t img_len;

static void put(uint8_t *p, uint64_t v, unsigned int n)
{
    while (n--)
    {
        *p++ = v & 0xff;
        v >>= 8;
    }
}

static void ehdr(unsigned int phnum)
{
    memset(img, 0, sizeof(img));
    memcpy(img, "\177ELF", 4);
    img[4] = 2;                         /* ELFCLASS64 */
    img[5] = 1;                         /* little-endian */
    img[6] = 1;
    put(img + 16, 2, 2);                /* ET_EXEC */
    put(img + 18, 62, 2);               /* EM_X86_64 */
    put(img + 20, 1, 4);
    put(img + 24, 0xffffffff81000000ull, 8);
    put(img + 32, 64, 8);               /* e_phoff */
    put(img + 52, 64, 2);
    put(img + 54, 56, 2);
    put(img + 56, phnum, 2);
    img_len = IMG_SIZE;
}

static void phdr(unsigned int i, uint32_t type, uint32_t flags, uint64_t off,
                 uint64_t vaddr, uint64_t paddr, uint64_t filesz,
                 uint64_t memsz)
{
    uint8_t *p = img + 64 + 56 * i;

    put(p, type, 4);
    put(p + 4, flags, 4);
    put(p + 8, off, 8);
    put(p + 16, vaddr, 8);
    put(p + 24, paddr, 8);
    put(p + 32, filesz, 8);
    put(p + 40, memsz, 8);
    put(p + 48, 0x200000, 8);
}

/* Append one note at *off; returns its padded size. */
static size_t note(size_t *off, const char *name, uint32_t type,
                   const void *desc, uint32_t descsz)
{
    uint32_t namesz = strlen(name) + 1;
    uint8_t *p = img + *off;
    size_t n = 12 + ((namesz + 3) & ~3u) + ((descsz + 3) & ~3u);

    put(p, namesz, 4);
    put(p + 4, descsz, 4);
    put(p + 8, type, 4);
    memcpy(p + 12, name, namesz);
    memcpy(p + 12 + ((namesz + 3) & ~3u), desc, descsz);
    *off += n;
    return n;
}

static void num_note(size_t *off, uint32_t type, uint64_t v, unsigned int n)
{
    uint8_t d[8];

    put(d, v, n);
    note(off, "Xen", type, d, n);
}

/* Linux's layout in miniature: text at 16 MiB, data with bss after it,
 * and the notes in their own PT_NOTE. */
static void build_good(bool with_phys32)
{
    size_t off = NOTE_OFF;

    ehdr(3);
    phdr(0, 1, 5, SEG0_OFF, 0xffffffff81000000ull, 0x1000000, 2048, 2048);
    phdr(1, 1, 6, SEG1_OFF, 0xffffffff81200000ull, 0x1200000, 1024,
         0x300000);
    note(&off, "GNU", 3, "abcdefgh", 8);           /* not ours */
    note(&off, "GNU", XEN_ELFNOTE_PHYS32_ENTRY, "\x01\x02\x03\x04", 4);
    note(&off, "Xen", XEN_ELFNOTE_GUEST_OS, "linux", 6);
    note(&off, "Xen", XEN_ELFNOTE_XEN_VERSION, "xen-3.0", 8);
    note(&off, "Xen", XEN_ELFNOTE_LOADER, "generic", 8);
    note(&off, "Xen", XEN_ELFNOTE_FEATURES, "!writable_page_tables", 22);
    num_note(&off, XEN_ELFNOTE_ENTRY, 0xffffffff81001000ull, 8);
    num_note(&off, XEN_ELFNOTE_HYPERCALL_PAGE, 0xffffffff81002000ull, 8);
    num_note(&off, XEN_ELFNOTE_VIRT_BASE, 0xffffffff80000000ull, 8);
    num_note(&off, XEN_ELFNOTE_SUPPORTED_FEATURES, 0x801, 4);
    num_note(&off, XEN_ELFNOTE_PADDR_OFFSET, 0, 8);  /* seen, not kept */
    if (with_phys32)
        num_note(&off, XEN_ELFNOTE_PHYS32_ENTRY, 0x1000850, 4);
    phdr(2, 4, 4, NOTE_OFF, 0, 0, off - NOTE_OFF, off - NOTE_OFF);
}

static void test_good(void **state)
{
    struct elf_image im;
    const char *why = NULL;

    (void)state;
    build_good(true);
    assert_int_equal(elf_parse(img, img_len, &im, &why), 0);
    assert_int_equal(im.entry, 0xffffffff81000000ull);
    assert_int_equal(im.nr_loads, 2);
    assert_int_equal(im.load[0].paddr, 0x1000000);
    assert_int_equal(im.load[0].vaddr, 0xffffffff81000000ull);
    assert_int_equal(im.load[0].offset, SEG0_OFF);
    assert_int_equal(im.load[0].filesz, 2048);
    assert_int_equal(im.load[0].memsz, 2048);
    assert_int_equal(im.load[0].flags, ELF_PF_R | ELF_PF_X);
    assert_int_equal(im.load[1].paddr, 0x1200000);
    assert_int_equal(im.load[1].filesz, 1024);
    assert_int_equal(im.load[1].memsz, 0x300000);
    assert_int_equal(im.load[1].flags, ELF_PF_R | ELF_PF_W);
    assert_int_equal(im.lowest_paddr, 0x1000000);
    assert_int_equal(im.highest_paddr, 0x1500000);

    assert_true(im.has_phys32_entry);
    assert_int_equal(im.phys32_entry, 0x1000850);
    assert_int_equal(im.note_entry, 0xffffffff81001000ull);
    assert_int_equal(im.hypercall_page, 0xffffffff81002000ull);
    assert_int_equal(im.virt_base, 0xffffffff80000000ull);
    assert_int_equal(im.supported_features, 0x801);
    assert_string_equal(im.guest_os, "linux");
    assert_string_equal(im.xen_version, "xen-3.0");
    assert_string_equal(im.loader, "generic");
    assert_string_equal(im.features, "!writable_page_tables");
    assert_int_equal(im.notes_seen,
                     1u << XEN_ELFNOTE_ENTRY | 1u << XEN_ELFNOTE_HYPERCALL_PAGE |
                     1u << XEN_ELFNOTE_VIRT_BASE |
                     1u << XEN_ELFNOTE_XEN_VERSION |
                     1u << XEN_ELFNOTE_GUEST_OS | 1u << XEN_ELFNOTE_LOADER |
                     1u << XEN_ELFNOTE_FEATURES |
                     1u << XEN_ELFNOTE_SUPPORTED_FEATURES |
                     1u << XEN_ELFNOTE_PHYS32_ENTRY);
    /* Strings point into the image itself. */
    assert_true((const uint8_t *)im.guest_os > img &&
                (const uint8_t *)im.guest_os < img + img_len);
}

/* No PVH note is the caller's problem, not a parse error. */
static void test_no_phys32(void **state)
{
    struct elf_image im;
    const char *why;

    (void)state;
    build_good(false);
    assert_int_equal(elf_parse(img, img_len, &im, &why), 0);
    assert_false(im.has_phys32_entry);
    assert_int_equal(im.phys32_entry, 0);
    assert_string_equal(im.guest_os, "linux");
}

static void expect(int rc, const char *msg)
{
    struct elf_image im;
    const char *why = NULL;

    assert_int_equal(elf_parse(img, img_len, &im, &why), rc);
    assert_non_null(why);
    assert_string_equal(why, msg);
}

static void test_bad_headers(void **state)
{
    unsigned int i;

    (void)state;
    build_good(true);
    img[1] = 'X';
    expect(-EINVAL, "not an ELF file");

    build_good(true);
    img_len = 63;
    expect(-EINVAL, "not an ELF file");

    build_good(true);
    img[4] = 1;                                 /* ELF32 */
    expect(-EINVAL, "not x86-64");
    build_good(true);
    img[5] = 2;                                 /* big-endian */
    expect(-EINVAL, "not x86-64");
    build_good(true);
    put(img + 18, 3, 2);                        /* EM_386 */
    expect(-EINVAL, "not x86-64");

    build_good(true);
    put(img + 32, IMG_SIZE - 100, 8);           /* e_phoff */
    expect(-EINVAL, "truncated program headers");
    build_good(true);
    put(img + 32, ~0ull - 10, 8);
    expect(-EINVAL, "truncated program headers");
    build_good(true);
    put(img + 56, 0xfffe, 2);                   /* e_phnum */
    expect(-EINVAL, "truncated program headers");
    build_good(true);
    put(img + 54, 32, 2);                       /* e_phentsize */
    expect(-EINVAL, "bad program header size");

    build_good(true);
    phdr(1, 1, 6, SEG1_OFF, 0, 0x1200000, IMG_SIZE, IMG_SIZE);
    expect(-EINVAL, "segment outside the file");
    build_good(true);
    phdr(1, 1, 6, ~0ull - 5, 0, 0x1200000, 16, 16);
    expect(-EINVAL, "segment outside the file");
    build_good(true);
    phdr(1, 1, 6, SEG1_OFF, 0, 0x1200000, 1024, 512);
    expect(-EINVAL, "segment file size above its memory size");
    build_good(true);
    phdr(1, 1, 6, SEG1_OFF, 0, ~0ull - 100, 16, 4096);
    expect(-EINVAL, "segment wraps the address space");
    build_good(true);
    phdr(2, 4, 4, IMG_SIZE - 4, 0, 0, 64, 64);  /* PT_NOTE */
    expect(-EINVAL, "segment outside the file");

    ehdr(0);
    expect(-EINVAL, "no PT_LOAD segments");

    ehdr(ELF_MAX_LOADS + 1);
    for (i = 0; i <= ELF_MAX_LOADS; i++)
        phdr(i, 1, 4, SEG0_OFF, 0, 0x1000000 + i * 0x1000, 16, 16);
    expect(-E2BIG, "too many PT_LOAD segments");
}

/* Malformed notes are skipped (the walk stops), never read out of bounds. */
static void test_bad_notes(void **state)
{
    struct elf_image im;
    const char *why;
    size_t off;

    (void)state;
    /* No NUL inside the descriptor: the string is not taken. */
    build_good(true);
    off = NOTE_OFF;
    {
        uint8_t *p = img + off;

        put(p, 4, 4);
        put(p + 4, 8, 4);
        put(p + 8, XEN_ELFNOTE_GUEST_OS, 4);
        memcpy(p + 12, "Xen", 4);
        memcpy(p + 16, "abcdefgh", 8);
    }
    phdr(2, 4, 4, NOTE_OFF, 0, 0, 24, 24);
    assert_int_equal(elf_parse(img, img_len, &im, &why), 0);
    assert_null(im.guest_os);
    assert_int_equal(im.notes_seen, 0);

    /* A PVH entry above 4 GiB or longer than 8 bytes is not an entry. */
    build_good(false);
    off = NOTE_OFF;
    num_note(&off, XEN_ELFNOTE_PHYS32_ENTRY, 0x100000000ull, 8);
    assert_int_equal(elf_parse(img, img_len, &im, &why), 0);
    assert_false(im.has_phys32_entry);
    build_good(false);
    off = NOTE_OFF;
    note(&off, "Xen", XEN_ELFNOTE_PHYS32_ENTRY, "0123456789ab", 12);
    assert_int_equal(elf_parse(img, img_len, &im, &why), 0);
    assert_false(im.has_phys32_entry);
    /* An 8-byte note holding a 32-bit value is fine. */
    build_good(false);
    off = NOTE_OFF;
    num_note(&off, XEN_ELFNOTE_PHYS32_ENTRY, 0x1000850, 8);
    assert_int_equal(elf_parse(img, img_len, &im, &why), 0);
    assert_true(im.has_phys32_entry);
    assert_int_equal(im.phys32_entry, 0x1000850);

    /* Sizes running past the segment end the walk. */
    build_good(true);
    put(img + NOTE_OFF, 0xfffffff0u, 4);
    assert_int_equal(elf_parse(img, img_len, &im, &why), 0);
    assert_false(im.has_phys32_entry);
    build_good(true);
    put(img + NOTE_OFF + 4, 0xffffffffu, 4);
    assert_int_equal(elf_parse(img, img_len, &im, &why), 0);
    assert_int_equal(im.notes_seen, 0);
}

/* A PT_NOTE aligned to 8 pads names and descriptors to 8 bytes. */
static void test_note_align8(void **state)
{
    struct elf_image im;
    const char *why;
    uint8_t *p = img + NOTE_OFF;

    (void)state;
    build_good(false);
    memset(p, 0, 64);
    put(p, 4, 4);                               /* "Xen", padded to 8 */
    put(p + 4, 6, 4);                           /* "linux", padded to 8 */
    put(p + 8, XEN_ELFNOTE_GUEST_OS, 4);
    memcpy(p + 12, "Xen", 4);
    memcpy(p + 20, "linux", 6);
    p += 28;
    put(p, 4, 4);
    put(p + 4, 4, 4);
    put(p + 8, XEN_ELFNOTE_PHYS32_ENTRY, 4);
    memcpy(p + 12, "Xen", 4);
    put(p + 20, 0x1000850, 4);
    phdr(2, 4, 4, NOTE_OFF, 0, 0, 56, 56);
    put(img + 64 + 56 * 2 + 48, 8, 8);          /* p_align */
    assert_int_equal(elf_parse(img, img_len, &im, &why), 0);
    assert_string_equal(im.guest_os, "linux");
    assert_true(im.has_phys32_entry);
    assert_int_equal(im.phys32_entry, 0x1000850);
}

/* Every truncation and many random byte changes: only 0 or an error. */
static void test_damage(void **state)
{
    static uint8_t copy[IMG_SIZE];
    struct elf_image im;
    const char *why;
    size_t n;
    unsigned int i, k;

    (void)state;
    build_good(true);
    for (n = 0; n <= IMG_SIZE; n++)
    {
        int rc;

        memcpy(copy, img, n);
        rc = elf_parse(copy, n, &im, &why);
        assert_true(rc == 0 || rc == -EINVAL);
        if (n < SEG1_OFF + 1024)
            assert_int_equal(rc, -EINVAL);
    }

    srand(1);
    for (i = 0; i < 20000; i++)
    {
        int rc;

        memcpy(copy, img, IMG_SIZE);
        for (k = 0; k < 1 + (unsigned int)rand() % 4; k++)
            copy[rand() % NOTE_OFF + (rand() & 1) * 200] = rand();
        rc = elf_parse(copy, IMG_SIZE, &im, &why);
        assert_true(rc == 0 || rc == -EINVAL || rc == -E2BIG);
        if (rc == 0)
        {
            for (k = 0; k < im.nr_loads; k++)
                assert_true(im.load[k].offset + im.load[k].filesz <=
                            IMG_SIZE);
            if (im.guest_os)
                assert_true(memchr(im.guest_os, 0,
                                   copy + IMG_SIZE -
                                   (const uint8_t *)im.guest_os));
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good),
        cmocka_unit_test(test_no_phys32),
        cmocka_unit_test(test_bad_headers),
        cmocka_unit_test(test_bad_notes),
        cmocka_unit_test(test_note_align8),
        cmocka_unit_test(test_damage),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
