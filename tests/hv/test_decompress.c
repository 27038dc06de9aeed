/* Host unit tests of the kernel image unpacker (xen/common/{bzimage,xz,
 * inflate}.c): round trips against gzip and xz run at test time, synthetic
 * bzImages, damaged input, small buffers, and Debian's real kernel. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <xen/decompress.h>
#include <xen/elf.h>

#define DEBIAN_KERNEL "/var/cache/cxen-tests/extract/" \
    "linux-image-6.1.0-56-amd64-unsigned_6.1.192-2/boot/vmlinuz-6.1.0-56-amd64"

static char tmpdir[64];

/* ---- files and host tools ---- */

static void put_file(const char *path, const void *buf, size_t n)
{
    FILE *f = fopen(path, "wb");

    assert_non_null(f);
    assert_int_equal(fwrite(buf, 1, n, f), n);
    fclose(f);
}

static uint8_t *get_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf;
    long sz;

    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc(sz ? sz : 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, sz, f), (size_t)sz);
    fclose(f);
    *n = sz;
    return buf;
}

static int run(const char *fmt, ...)
{
    char cmd[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    return system(cmd);
}

/* Compress buf with "tool args" (e.g. "xz --check=crc32"); returns the
 * compressed bytes. */
static uint8_t *compress(const char *tool, const void *buf, size_t n,
                         size_t *out_n)
{
    char in[128], out[128];
    uint8_t *res;

    snprintf(in, sizeof(in), "%s/in", tmpdir);
    snprintf(out, sizeof(out), "%s/out", tmpdir);
    put_file(in, buf, n);
    assert_int_equal(run("%s -c <%s >%s", tool, in, out), 0);
    res = get_file(out, out_n);
    assert_non_null(res);
    return res;
}

/* ---- test data ---- */

enum pattern { RANDOM, REPETITIVE };

static uint8_t *make_data(enum pattern pat, size_t n, unsigned int seed)
{
    uint8_t *buf = malloc(n ? n : 1);
    size_t i;

    assert_non_null(buf);
    srand(seed);
    if (pat == RANDOM)
        for (i = 0; i < n; i++)
            buf[i] = rand() & 0xff;
    else
    {
        /* Text-like lines with varying numbers: long and short matches,
         * repeated distances and literals. */
        size_t pos = 0;
        unsigned int line = 0;

        while (pos < n)
        {
            char tmp[80];
            int len = snprintf(tmp, sizeof(tmp), "line %u: value=%d %s\n",
                               line++, rand() % 1000,
                               (rand() & 3) ? "repeat repeat" : "other");
            size_t k;

            for (k = 0; k < (size_t)len && pos < n; k++)
                buf[pos++] = tmp[k];
        }
    }
    return buf;
}

static const size_t sizes[] = { 0, 1, 4095, 1 << 20 };

static const char *const xz_tools[] = {
    "xz --check=crc32 --x86 --lzma2=preset=9",
    "xz --check=crc64",
    "xz --check=none",
};

/* Unpack through the public entry points and compare with the original. */
static void check_roundtrip(const uint8_t *img, size_t len,
                            const uint8_t *orig, size_t n)
{
    size_t need = 12345, got = 0;
    const char *why = NULL;
    uint8_t *out;
    int rc;

    rc = kernel_image_size(img, len, &need, &why);
    if (rc)
        fail_msg("size: %d %s", rc, why);
    assert_int_equal(need, n);
    out = malloc(n + 1);
    assert_non_null(out);
    rc = kernel_image_unpack(img, len, out, n, &got, &why);
    if (rc)
        fail_msg("unpack: %d %s", rc, why);
    assert_int_equal(got, n);
    assert_memory_equal(out, orig, n);
    free(out);
}

static void test_gzip_roundtrip(void **state)
{
    unsigned int i, p;

    (void)state;
    for (p = RANDOM; p <= REPETITIVE; p++)
        for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
        {
            uint8_t *data = make_data(p, sizes[i], i + 1);
            size_t zn;
            uint8_t *z = compress("gzip -9", data, sizes[i], &zn);

            check_roundtrip(z, zn, data, sizes[i]);
            free(z);
            /* gzip -1 picks other block shapes (and a name in the header
             * comes with -N from a file; stdin gives none). */
            z = compress("gzip -1", data, sizes[i], &zn);
            check_roundtrip(z, zn, data, sizes[i]);
            free(z);
            free(data);
        }
}

static void test_xz_roundtrip(void **state)
{
    unsigned int i, p, t;

    (void)state;
    for (t = 0; t < sizeof(xz_tools) / sizeof(xz_tools[0]); t++)
        for (p = RANDOM; p <= REPETITIVE; p++)
            for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
            {
                uint8_t *data = make_data(p, sizes[i], 7 * i + p);
                size_t zn;
                uint8_t *z = compress(xz_tools[t], data, sizes[i], &zn);

                check_roundtrip(z, zn, data, sizes[i]);
                free(z);
                free(data);
            }
}

/* Real x86 code gives the BCJ filter calls and jumps to convert. */
static void test_xz_x86_code(void **state)
{
    static const char *const bins[] = { "/bin/sh", "/usr/bin/xz",
                                        "/usr/bin/gzip" };
    unsigned int i;

    (void)state;
    for (i = 0; i < sizeof(bins) / sizeof(bins[0]); i++)
    {
        size_t n, zn;
        uint8_t *data = get_file(bins[i], &n), *z;

        if (!data)
            continue;
        z = compress(xz_tools[0], data, n, &zn);
        check_roundtrip(z, zn, data, n);
        free(z);
        /* A BCJ start offset (filter properties of 4 bytes). */
        z = compress("xz --check=crc32 --x86=start=4096 --lzma2=preset=6",
                     data, n, &zn);
        check_roundtrip(z, zn, data, n);
        free(z);
        free(data);
    }
}

/* Several streams with stream padding between and after them, and
 * several blocks per stream. */
static void test_xz_multi(void **state)
{
    uint8_t *a = make_data(REPETITIVE, 300000, 3), *b = make_data(RANDOM, 5000, 4);
    size_t an, bn, n;
    uint8_t *za = compress("xz --check=crc32 --block-size=65536", a, 300000,
                           &an);
    uint8_t *zb = compress("xz --check=crc64", b, 5000, &bn);
    uint8_t *img = calloc(1, an + bn + 16), *orig = malloc(305000);

    (void)state;
    memcpy(img, za, an);
    memcpy(img + an + 8, zb, bn);               /* 8 bytes of padding */
    n = an + 8 + bn + 4;                        /* and 4 at the end */
    memcpy(orig, a, 300000);
    memcpy(orig + 300000, b, 5000);
    check_roundtrip(img, n, orig, 305000);

    /* Padding that is not a multiple of four is corrupt. */
    {
        size_t need;
        const char *why;

        assert_int_equal(kernel_image_size(img, n - 2, &need, &why), -EINVAL);
    }
    free(a); free(b); free(za); free(zb); free(img); free(orig);
}

/* Long runs: DEFLATE's 258-byte and LZMA's 273-byte maximum matches, and
 * xz's multi-threaded mode, which records sizes in the block headers. */
static void test_long_runs(void **state)
{
    size_t n = 3 << 20, zn;
    uint8_t *data = calloc(1, n), *z;

    (void)state;
    memset(data + 1000, 'x', 100000);
    z = compress("gzip -9", data, n, &zn);
    check_roundtrip(z, zn, data, n);
    free(z);
    z = compress("xz --check=crc32", data, n, &zn);
    check_roundtrip(z, zn, data, n);
    free(z);
    z = compress("xz -T2 --block-size=1000000 --check=crc64", data, n, &zn);
    check_roundtrip(z, zn, data, n);
    free(z);
    free(data);
}

/* Optional gzip header fields (FEXTRA, FNAME, FCOMMENT, FHCRC), which the
 * gzip tool does not write from stdin: spliced in by hand. */
static void test_gzip_header_fields(void **state)
{
    static const uint8_t extra[] = { 4, 0, 'A', 'B', 2, 0 };
    uint8_t *data = make_data(REPETITIVE, 10000, 11), *z, *img;
    size_t zn, n = 0, out_n;
    uint32_t crc;
    const char *why;

    (void)state;
    z = compress("gzip -9", data, 10000, &zn);
    img = malloc(zn + 64);
    memcpy(img, z, 10);
    img[3] = 0x02 | 0x04 | 0x08 | 0x10;
    n = 10;
    memcpy(img + n, extra, sizeof(extra));
    n += sizeof(extra);
    memcpy(img + n, "name", 5);
    n += 5;
    memcpy(img + n, "a comment", 10);
    n += 10;
    crc = crc32_update(0, img, n);
    img[n++] = crc & 0xff;
    img[n++] = (crc >> 8) & 0xff;
    memcpy(img + n, z + 10, zn - 10);
    n += zn - 10;
    check_roundtrip(img, n, data, 10000);

    /* A wrong header CRC, and a reserved flag. */
    img[n - (zn - 10) - 1] ^= 1;
    assert_int_equal(kernel_image_size(img, n, &out_n, &why), -EINVAL);
    assert_string_equal(why, "gzip: bad header CRC");
    img[n - (zn - 10) - 1] ^= 1;
    img[3] |= 0x20;
    assert_int_equal(kernel_image_size(img, n, &out_n, &why), -EINVAL);
    free(img); free(z); free(data);
}

/* CRC-32 against the standard check value. */
static void test_crc32(void **state)
{
    (void)state;
    assert_int_equal(crc32_update(0, "123456789", 9), 0xCBF43926);
    assert_int_equal(crc32_update(crc32_update(0, "1234", 4), "56789", 5),
                     0xCBF43926);
    assert_int_equal(crc32_update(0, "", 0), 0);
}

/* ---- damaged input ---- */

static void expect_bad(const uint8_t *img, size_t len, const uint8_t *orig,
                       size_t n, const char *what, size_t where)
{
    uint8_t *out = malloc(n + 1);
    size_t got = 0;
    const char *why = NULL;
    int rc = kernel_image_unpack(img, len, out, n, &got, &why);

    assert_true(got <= n);
    if (rc == 0)
    {
        /* A change in a field nothing checks (gzip's mtime, say). */
        if (got != n || memcmp(out, orig, n))
            fail_msg("%s at %zu: success with wrong output", what, where);
    }
    else if (rc != -EINVAL)
        fail_msg("%s at %zu: rc %d (%s)", what, where, rc, why);
    else
        assert_non_null(why);
    free(out);
}

static void damage(const char *tool, enum pattern pat, size_t n)
{
    uint8_t *data = make_data(pat, n, 99);
    size_t zn, i, cut;
    uint8_t *z = compress(tool, data, n, &zn), *copy = malloc(zn);
    size_t need;
    const char *why;

    /* Truncated at several points, including inside the trailer. */
    for (i = 0; i < 16; i++)
    {
        cut = i < 8 ? i * 3 : zn - (16 - i);
        if (cut >= zn)
            continue;
        memcpy(copy, z, cut);
        expect_bad(copy, cut, data, n, "truncated", cut);
        if (kernel_image_size(copy, cut, &need, &why) == 0)
            assert_true(need / 1032 <= cut);
    }
    cut = zn / 2;
    memcpy(copy, z, cut);
    expect_bad(copy, cut, data, n, "truncated", cut);

    /* One flipped byte at every position of small files, a spread of
     * positions in larger ones. */
    for (i = 0; i < zn; i += zn > 2000 ? zn / 997 + 1 : 1)
    {
        memcpy(copy, z, zn);
        copy[i] ^= 1u << (i % 8);
        expect_bad(copy, zn, data, n, tool, i);
        copy[i] ^= 0xff;
        expect_bad(copy, zn, data, n, tool, i);
    }
    free(data); free(z); free(copy);
}

static void test_damaged_gzip(void **state)
{
    (void)state;
    damage("gzip -9", REPETITIVE, 70000);
    damage("gzip -9", RANDOM, 3000);
    damage("gzip -9", REPETITIVE, 100);
}

static void test_damaged_xz(void **state)
{
    (void)state;
    damage("xz --check=crc32 --x86 --lzma2=preset=9", REPETITIVE, 70000);
    damage("xz --check=crc64", RANDOM, 3000);
    damage("xz --check=crc32", REPETITIVE, 100);
}

/* ---- buffer too small ---- */

static void test_cap_too_small(void **state)
{
    static const char *const tools[] = { "gzip -9", "xz --check=crc32" };
    uint8_t *data = make_data(REPETITIVE, 50000, 5);
    uint8_t *out = malloc(50000);
    unsigned int t;
    size_t got;
    const char *why;

    (void)state;
    for (t = 0; t < 2; t++)
    {
        size_t zn;
        uint8_t *z = compress(tools[t], data, 50000, &zn);

        why = NULL;
        assert_int_equal(kernel_image_unpack(z, zn, out, 49999, &got, &why),
                         -ENOSPC);
        assert_string_equal(why, "output larger than buffer");
        assert_int_equal(kernel_image_unpack(z, zn, out, 0, &got, &why),
                         -ENOSPC);
        free(z);
    }
    free(data);
    free(out);
}

/* ---- synthetic bzImages ---- */

#define SETUP_SECTS 3
#define PM_START    ((SETUP_SECTS + 1) * 512)
#define PAYLOAD_OFF 0x123

static uint8_t *make_bzimage(const uint8_t *payload, size_t plen,
                             size_t *len)
{
    uint8_t *img = calloc(1, PM_START + PAYLOAD_OFF + plen + 64);

    assert_non_null(img);
    img[0x1f1] = SETUP_SECTS;
    memcpy(img + 0x202, "HdrS", 4);
    img[0x206] = 0x0f;                  /* protocol 2.15 */
    img[0x207] = 0x02;
    img[0x248] = PAYLOAD_OFF & 0xff;
    img[0x249] = PAYLOAD_OFF >> 8;
    img[0x24c] = plen & 0xff;
    img[0x24d] = (plen >> 8) & 0xff;
    img[0x24e] = (plen >> 16) & 0xff;
    memcpy(img + PM_START + PAYLOAD_OFF, payload, plen);
    *len = PM_START + PAYLOAD_OFF + plen + 64;  /* trailing code/data */
    return img;
}

static void test_bzimage(void **state)
{
    uint8_t *data = make_data(REPETITIVE, 200000, 6), *z, *img, *p;
    size_t zn, len, need;
    const char *why;

    (void)state;
    /* xz with Linux's appended 4-byte size. */
    z = compress("xz --check=crc32 --x86 --lzma2=preset=9", data, 200000, &zn);
    p = malloc(zn + 4);
    memcpy(p, z, zn);
    p[zn] = 200000 & 0xff;
    p[zn + 1] = (200000 >> 8) & 0xff;
    p[zn + 2] = 200000 >> 16;
    p[zn + 3] = 0;
    img = make_bzimage(p, zn + 4, &len);
    check_roundtrip(img, len, data, 200000);
    free(img); free(p); free(z);

    /* gzip payload */
    z = compress("gzip -9", data, 200000, &zn);
    img = make_bzimage(z, zn, &len);
    check_roundtrip(img, len, data, 200000);

    /* setup_sects 0 means 4: the payload is then not where it says. */
    img[0x1f1] = 0;
    assert_int_not_equal(kernel_image_size(img, len, &need, &why), 0);

    /* Payload outside the image. */
    img[0x1f1] = SETUP_SECTS;
    img[0x24f] = 0x10;
    assert_int_equal(kernel_image_size(img, len, &need, &why), -EINVAL);
    assert_string_equal(why, "bzImage: payload outside the image");
    img[0x24f] = 0;

    /* Old boot protocol. */
    img[0x206] = 0x06;
    assert_int_equal(kernel_image_size(img, len, &need, &why), -EINVAL);
    img[0x206] = 0x0f;

    /* An LZ4 (or other) payload. */
    img[PM_START + PAYLOAD_OFF] = 0x02;
    assert_int_equal(kernel_image_size(img, len, &need, &why), -EOPNOTSUPP);
    free(img); free(z); free(data);
}

static void test_not_a_kernel(void **state)
{
    uint8_t *junk = make_data(RANDOM, 8192, 8), out[16];
    static const uint8_t elf[] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };
    size_t need, got;
    const char *why = NULL;

    (void)state;
    junk[0] = 0;                        /* no magic by chance */
    memset(junk + 0x202, 0, 4);
    assert_int_equal(kernel_image_size(junk, 8192, &need, &why), -EINVAL);
    assert_non_null(why);
    assert_int_equal(kernel_image_unpack(junk, 8192, out, sizeof(out), &got,
                                         &why), -EINVAL);
    assert_int_equal(kernel_image_size(junk, 0, &need, &why), -EINVAL);
    assert_int_equal(kernel_image_size(NULL, 0, &need, &why), -EINVAL);
    /* A bare xz or gzip magic and nothing else. */
    assert_int_equal(kernel_image_size("\xfd" "7zXZ", 6, &need, &why), -EINVAL);
    assert_int_equal(kernel_image_size("\x1f\x8b", 2, &need, &why), -EINVAL);

    /* A plain ELF is copied as it is. */
    assert_int_equal(kernel_image_size(elf, sizeof(elf), &need, &why), 0);
    assert_int_equal(need, sizeof(elf));
    assert_int_equal(kernel_image_unpack(elf, sizeof(elf), out, sizeof(out),
                                         &got, &why), 0);
    assert_int_equal(got, sizeof(elf));
    assert_memory_equal(out, elf, sizeof(elf));
    assert_int_equal(kernel_image_unpack(elf, sizeof(elf), out, 3, &got,
                                         &why), -ENOSPC);
    free(junk);
}

/* ---- Debian's kernel ---- */

static double now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void test_debian_kernel(void **state)
{
    size_t len, need, got, i;
    uint8_t *img = get_file(DEBIAN_KERNEL, &len), *out, *ref;
    const char *why = NULL;
    struct elf_image im;
    double t0, t1;
    uint32_t appended;
    char path[128];
    int rc;

    (void)state;
    if (!img)
        skip();
    rc = kernel_image_size(img, len, &need, &why);
    if (rc)
        fail_msg("size: %d %s", rc, why);
    out = malloc(need);
    assert_non_null(out);
    t0 = now_ms();
    rc = kernel_image_unpack(img, len, out, need, &got, &why);
    t1 = now_ms();
    if (rc)
        fail_msg("unpack: %d %s", rc, why);
    assert_int_equal(got, need);
    print_message("Debian kernel: %zu -> %zu bytes in %.0f ms\n", len, got,
                  t1 - t0);

    /* Linux appends the size after the payload: it must agree. */
    {
        uint32_t poff = img[0x248] | img[0x249] << 8 | img[0x24a] << 16 |
                        (uint32_t)img[0x24b] << 24;
        uint32_t plen = img[0x24c] | img[0x24d] << 8 | img[0x24e] << 16 |
                        (uint32_t)img[0x24f] << 24;
        const uint8_t *end = img + (img[0x1f1] + 1) * 512 + poff + plen;

        appended = end[-4] | end[-3] << 8 | end[-2] << 16 |
                   (uint32_t)end[-1] << 24;
        assert_int_equal(appended, got);

        /* And the host's xz must produce the same bytes. */
        snprintf(path, sizeof(path), "%s/payload.xz", tmpdir);
        put_file(path, end - plen, plen - 4);
        assert_int_equal(run("xz -dc <%s >%s/vmlinux", path, tmpdir), 0);
        snprintf(path, sizeof(path), "%s/vmlinux", tmpdir);
        ref = get_file(path, &i);
        assert_non_null(ref);
        assert_int_equal(i, got);
        assert_memory_equal(ref, out, got);
        free(ref);
    }

    rc = elf_parse(out, got, &im, &why);
    if (rc)
        fail_msg("elf_parse: %d %s", rc, why);
    assert_true(im.nr_loads >= 1);
    assert_int_equal(im.load[0].paddr, 0x1000000);
    assert_int_equal(im.lowest_paddr, 0x1000000);
    assert_true(im.highest_paddr > im.lowest_paddr);
    assert_true(im.has_phys32_entry);
    assert_true(im.phys32_entry >= im.load[0].paddr &&
                im.phys32_entry < im.load[0].paddr + im.load[0].memsz);
    assert_non_null(im.guest_os);
    assert_string_equal(im.guest_os, "linux");
    for (i = 0; i < im.nr_loads; i++)
        assert_true(im.load[i].offset + im.load[i].filesz <= got);
    print_message("  %u PT_LOADs, paddr %#llx-%#llx, PVH entry %#x\n",
                  im.nr_loads, (unsigned long long)im.lowest_paddr,
                  (unsigned long long)im.highest_paddr, im.phys32_entry);

    /* Damage in the payload is caught (the CRC32 check covers it). */
    img[len / 2] ^= 0x40;
    assert_int_equal(kernel_image_unpack(img, len, out, need, &got, &why),
                     -EINVAL);
    free(out);
    free(img);
}

static int setup_tmp(void **state)
{
    (void)state;
    strcpy(tmpdir, "/tmp/test_decompress.XXXXXX");
    assert_non_null(mkdtemp(tmpdir));
    return 0;
}

static int teardown_tmp(void **state)
{
    (void)state;
    run("rm -rf %s", tmpdir);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gzip_roundtrip),
        cmocka_unit_test(test_xz_roundtrip),
        cmocka_unit_test(test_xz_x86_code),
        cmocka_unit_test(test_xz_multi),
        cmocka_unit_test(test_long_runs),
        cmocka_unit_test(test_gzip_header_fields),
        cmocka_unit_test(test_crc32),
        cmocka_unit_test(test_damaged_gzip),
        cmocka_unit_test(test_damaged_xz),
        cmocka_unit_test(test_cap_too_small),
        cmocka_unit_test(test_bzimage),
        cmocka_unit_test(test_not_a_kernel),
        cmocka_unit_test(test_debian_kernel),
    };

    if (system("xz --version >/dev/null 2>&1 && gzip --version >/dev/null 2>&1"))
    {
        fprintf(stderr, "xz or gzip missing: skipping\n");
        return 77;
    }
    return cmocka_run_group_tests(tests, setup_tmp, teardown_tmp);
}
