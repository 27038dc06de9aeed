/* Recognising the dom0 kernel image (a Linux bzImage, a raw xz or gzip
 * stream, or a plain ELF) and unpacking it to the ELF vmlinux. */
#include <xen/decompress.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/string.h>
#include <xen/types.h>

/* Linux boot protocol setup header fields (offsets in the image). */
#define BZ_SETUP_SECTS      0x1f1
#define BZ_HEADER_MAGIC     0x202       /* "HdrS" */
#define BZ_VERSION          0x206
#define BZ_PAYLOAD_OFFSET   0x248       /* from the protected-mode code */
#define BZ_PAYLOAD_LENGTH   0x24c
#define BZ_MIN_VERSION      0x0208      /* first protocol with the payload */
#define BZ_SECTOR           512

enum image_kind { IMG_ELF, IMG_XZ, IMG_GZIP };

struct payload {
    const uint8_t *data;
    size_t len;
    enum image_kind kind;
};

static const uint8_t elf_magic[4] = { 0x7f, 'E', 'L', 'F' };
static const uint8_t xz_magic[6] = { 0xfd, '7', 'z', 'X', 'Z', 0 };
static const uint8_t gz_magic[2] = { 0x1f, 0x8b };

static const struct {
    const uint8_t *magic;
    size_t len;
    enum image_kind kind;
} formats[] = {
    { elf_magic, sizeof(elf_magic), IMG_ELF },
    { xz_magic, sizeof(xz_magic), IMG_XZ },
    { gz_magic, sizeof(gz_magic), IMG_GZIP },
};

static bool classify(const uint8_t *p, size_t len, enum image_kind *kind)
{
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(formats); i++ )
        if ( len >= formats[i].len && !memcmp(p, formats[i].magic,
                                              formats[i].len) )
        {
            *kind = formats[i].kind;
            return true;
        }
    return false;
}

static uint32_t get_le(const uint8_t *p, unsigned int n)
{
    uint32_t v = 0;

    while ( n-- )
        v = (v << 8) | p[n];
    return v;
}

static int bzimage_payload(const uint8_t *img, size_t len, struct payload *pl,
                           const char **why)
{
    size_t setup, off, plen;
    const uint8_t *p;

    if ( get_le(img + BZ_VERSION, 2) < BZ_MIN_VERSION )
        return *why = "bzImage: boot protocol older than 2.08", -EINVAL;
    /* The real-mode setup is setup_sects sectors after the boot sector
     * (0 meant 4 in old kernels); the protected-mode code follows. */
    setup = img[BZ_SETUP_SECTS] ? img[BZ_SETUP_SECTS] : 4;
    setup = (setup + 1) * BZ_SECTOR;
    off = get_le(img + BZ_PAYLOAD_OFFSET, 4);
    plen = get_le(img + BZ_PAYLOAD_LENGTH, 4);
    if ( setup > len || off > len - setup || plen > len - setup - off )
        return *why = "bzImage: payload outside the image", -EINVAL;
    p = img + setup + off;
    if ( !classify(p, plen, &pl->kind) )
        return *why = "bzImage: unsupported payload compression "
                      "(only xz and gzip)", -EOPNOTSUPP;

    /* Linux appends the uncompressed size (4 bytes) after an xz stream. */
    if ( pl->kind == IMG_XZ && plen >= 6 + 4 &&
         !(p[plen - 2] == 'Y' && p[plen - 1] == 'Z') &&
         p[plen - 6] == 'Y' && p[plen - 5] == 'Z' )
        plen -= 4;
    pl->data = p;
    pl->len = plen;
    return 0;
}

static int find_payload(const void *img, size_t len, struct payload *pl,
                        const char **why)
{
    const uint8_t *p = img;

    if ( !p )
        return *why = "no kernel image", -EINVAL;
    if ( classify(p, len, &pl->kind) )
    {
        pl->data = p;
        pl->len = len;
        return 0;
    }
    if ( len >= BZ_PAYLOAD_LENGTH + 4 &&
         !memcmp(p + BZ_HEADER_MAGIC, "HdrS", 4) )
        return bzimage_payload(p, len, pl, why);
    return *why = "not a kernel image (no bzImage header, ELF, xz or gzip "
                  "magic)", -EINVAL;
}

int kernel_image_size(const void *img, size_t len, size_t *out_len,
                      const char **why)
{
    const char *dummy;
    struct payload pl;
    int rc;

    if ( !why )
        why = &dummy;
    rc = find_payload(img, len, &pl, why);
    if ( rc )
        return rc;
    switch ( pl.kind )
    {
    case IMG_XZ:
        return xz_size(pl.data, pl.len, out_len, why);
    case IMG_GZIP:
        return gzip_size(pl.data, pl.len, out_len, why);
    default:
        *out_len = pl.len;
        return 0;
    }
}

int kernel_image_unpack(const void *img, size_t len, void *out, size_t cap,
                        size_t *out_len, const char **why)
{
    const char *dummy;
    struct payload pl;
    int rc;

    if ( !why )
        why = &dummy;
    *out_len = 0;
    rc = find_payload(img, len, &pl, why);
    if ( rc )
        return rc;
    switch ( pl.kind )
    {
    case IMG_XZ:
        return xz_decode(pl.data, pl.len, out, cap, out_len, why);
    case IMG_GZIP:
        return gzip_decode(pl.data, pl.len, out, cap, out_len, why);
    default:
        if ( pl.len > cap )
            return *why = "output larger than buffer", -ENOSPC;
        memcpy(out, pl.data, pl.len);
        *out_len = pl.len;
        return 0;
    }
}
