/* gzip members and raw DEFLATE (RFC 1951/1952), decoded whole into a caller
 * buffer that doubles as the back-reference window; plus the CRC-32 both
 * this and the xz decoder use. */
#include <xen/decompress.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/string.h>
#include <xen/types.h>

/* ---- CRC-32 (reflected polynomial 0xEDB88320) ---- */

static uint32_t crc_table[4][256];
static bool crc_ready;

/* Four tables let the loop fold a 32-bit word per step ("slicing"), which
 * matters when tens of MiB are checked under an emulated CPU. */
static void crc_init(void)
{
    unsigned int i, k;

    for ( i = 0; i < 256; i++ )
    {
        uint32_t c = i;

        for ( k = 0; k < 8; k++ )
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
        crc_table[0][i] = c;
    }
    for ( i = 0; i < 256; i++ )
        for ( k = 1; k < 4; k++ )
            crc_table[k][i] = (crc_table[k - 1][i] >> 8) ^
                              crc_table[0][crc_table[k - 1][i] & 0xff];
    crc_ready = true;
}

uint32_t crc32_update(uint32_t crc, const void *buf, size_t n)
{
    const uint8_t *p = buf;

    if ( !crc_ready )
        crc_init();
    crc = ~crc;
    for ( ; n >= 4; n -= 4, p += 4 )
    {
        crc ^= (uint32_t)p[0] | ((uint32_t)p[1] << 8) |
               ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
        crc = crc_table[3][crc & 0xff] ^ crc_table[2][(crc >> 8) & 0xff] ^
              crc_table[1][(crc >> 16) & 0xff] ^ crc_table[0][crc >> 24];
    }
    while ( n-- )
        crc = crc_table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

/* ---- bit input, least significant bit first ---- */

struct bitin {
    const uint8_t *in;
    size_t len, pos;
    uint64_t buf;
    unsigned int cnt;           /* valid bits in buf */
};

static void bits_fill(struct bitin *b)
{
    while ( b->cnt <= 56 && b->pos < b->len )
    {
        b->buf |= (uint64_t)b->in[b->pos++] << b->cnt;
        b->cnt += 8;
    }
}

/* Take n (<= 32) bits; false when the input ran out. */
static bool bits_get(struct bitin *b, unsigned int n, uint32_t *v)
{
    if ( b->cnt < n )
    {
        bits_fill(b);
        if ( b->cnt < n )
            return false;
    }
    *v = (uint32_t)(b->buf & ((1ull << n) - 1));
    b->buf >>= n;
    b->cnt -= n;
    return true;
}

/* ---- canonical Huffman codes ---- */

#define HUFF_MAXLEN   15
#define HUFF_FAST     9         /* codes up to this long decode in one look */
#define HUFF_MAXSYM   288

struct huff {
    uint16_t fast[1u << HUFF_FAST];     /* sym << 4 | len; 0 = longer code */
    uint16_t count[HUFF_MAXLEN + 1];    /* number of codes of each length */
    uint16_t sym[HUFF_MAXSYM];          /* symbols ordered by code */
};

static unsigned int bit_reverse(unsigned int code, unsigned int len)
{
    unsigned int r = 0;

    while ( len-- )
    {
        r = (r << 1) | (code & 1);
        code >>= 1;
    }
    return r;
}

/* Codes from lengths (0 = unused symbol).  Over-subscribed sets are corrupt;
 * incomplete ones are allowed (a lone distance code is legal) and a code
 * that falls in the gap fails to decode. */
static bool huff_build(struct huff *h, const uint8_t *lens, unsigned int n)
{
    uint16_t offs[HUFF_MAXLEN + 2];
    uint32_t next[HUFF_MAXLEN + 1];
    int left = 1;
    unsigned int i, len;

    memset(h->count, 0, sizeof(h->count));
    for ( i = 0; i < n; i++ )
        h->count[lens[i]]++;
    h->count[0] = 0;
    for ( len = 1; len <= HUFF_MAXLEN; len++ )
    {
        left = (left << 1) - h->count[len];
        if ( left < 0 )
            return false;
    }

    offs[1] = 0;
    next[1] = 0;
    for ( len = 1; len < HUFF_MAXLEN; len++ )
    {
        offs[len + 1] = offs[len] + h->count[len];
        next[len + 1] = (next[len] + h->count[len]) << 1;
    }

    memset(h->fast, 0, sizeof(h->fast));
    for ( i = 0; i < n; i++ )
    {
        unsigned int l = lens[i], code, j;

        if ( !l )
            continue;
        h->sym[offs[l]++] = i;
        code = next[l]++;
        if ( l > HUFF_FAST )
            continue;
        /* The stream sends a code's first bit first, i.e. reversed in an
         * LSB-first bit buffer. */
        for ( j = bit_reverse(code, l); j < (1u << HUFF_FAST); j += 1u << l )
            h->fast[j] = (uint16_t)(i << 4 | l);
    }
    return true;
}

/* A symbol, or -1 when the bits match no code or the input ran out. */
static int huff_decode(struct bitin *b, const struct huff *h)
{
    unsigned int e, len, idx = 0;
    int code = 0, first = 0;

    if ( b->cnt < HUFF_MAXLEN )
        bits_fill(b);
    e = h->fast[b->buf & ((1u << HUFF_FAST) - 1)];
    if ( e )
    {
        len = e & 15;
        if ( len > b->cnt )
            return -1;
        b->buf >>= len;
        b->cnt -= len;
        return (int)(e >> 4);
    }

    /* Longer code: walk the lengths, comparing against the first code of
     * each length (canonical codes are consecutive within a length). */
    for ( len = 1; len <= HUFF_MAXLEN && len <= b->cnt; len++ )
    {
        int cnt = h->count[len];

        code |= (int)((b->buf >> (len - 1)) & 1);
        if ( code - first < cnt )
        {
            b->buf >>= len;
            b->cnt -= len;
            return h->sym[idx + code - first];
        }
        idx += cnt;
        first = (first + cnt) << 1;
        code <<= 1;
    }
    return -1;
}

/* ---- DEFLATE blocks ---- */

struct inflate_state {
    struct bitin b;
    uint8_t *out;
    size_t cap, pos;
    const char *why;
    struct huff lit, dist, clen;
};

/* One static decoder: the loader runs once, single-threaded, and the tables
 * (~3 KiB) stay off the hypervisor stack. */
static struct inflate_state ist;

#define FAIL(s, msg, err) ((s)->why = (msg), -(err))

static int inflate_stored(struct inflate_state *s)
{
    struct bitin *b = &s->b;
    uint32_t len, nlen, v;

    /* Stored data starts on a byte boundary. */
    b->buf >>= b->cnt & 7;
    b->cnt &= ~7u;
    if ( !bits_get(b, 16, &len) || !bits_get(b, 16, &nlen) )
        return FAIL(s, "inflate: truncated input", EINVAL);
    if ( (len ^ 0xffff) != nlen )
        return FAIL(s, "inflate: bad stored block length", EINVAL);
    if ( len > s->cap - s->pos )
        return FAIL(s, "output larger than buffer", ENOSPC);
    /* Whole bytes still in the bit buffer first, then straight from input. */
    while ( len && b->cnt )
    {
        bits_get(b, 8, &v);
        s->out[s->pos++] = (uint8_t)v;
        len--;
    }
    if ( len > b->len - b->pos )
        return FAIL(s, "inflate: truncated input", EINVAL);
    memcpy(s->out + s->pos, b->in + b->pos, len);
    s->pos += len;
    b->pos += len;
    return 0;
}

/* Length symbols 257..285 and distance symbols 0..29 as base + extra bits:
 * each group of four (lengths) or two (distances) doubles the step. */
static void length_code(unsigned int i, uint32_t *base, unsigned int *extra)
{
    if ( i < 8 )
    {
        *base = 3 + i;
        *extra = 0;
    }
    else if ( i == 28 )
    {
        *base = 258;
        *extra = 0;
    }
    else
    {
        *extra = (i - 4) >> 2;
        *base = ((4u + (i & 3)) << *extra) + 3;
    }
}

static void distance_code(unsigned int i, uint32_t *base, unsigned int *extra)
{
    if ( i < 4 )
    {
        *base = 1 + i;
        *extra = 0;
    }
    else
    {
        *extra = (i - 2) >> 1;
        *base = ((2u + (i & 1)) << *extra) + 1;
    }
}

static int inflate_codes(struct inflate_state *s)
{
    struct bitin *b = &s->b;
    uint8_t *out = s->out;

    for ( ;; )
    {
        int sym = huff_decode(b, &s->lit);
        uint32_t len, dist, v;
        unsigned int extra;
        size_t pos = s->pos;

        if ( sym < 0 )
            return FAIL(s, "inflate: bad literal/length code", EINVAL);
        if ( sym < 256 )
        {
            if ( pos >= s->cap )
                return FAIL(s, "output larger than buffer", ENOSPC);
            out[pos] = (uint8_t)sym;
            s->pos = pos + 1;
            continue;
        }
        if ( sym == 256 )
            return 0;
        if ( sym > 285 )
            return FAIL(s, "inflate: bad length symbol", EINVAL);
        length_code(sym - 257, &len, &extra);
        if ( !bits_get(b, extra, &v) )
            return FAIL(s, "inflate: truncated input", EINVAL);
        len += v;

        sym = huff_decode(b, &s->dist);
        if ( sym < 0 || sym > 29 )
            return FAIL(s, "inflate: bad distance code", EINVAL);
        distance_code(sym, &dist, &extra);
        if ( !bits_get(b, extra, &v) )
            return FAIL(s, "inflate: truncated input", EINVAL);
        dist += v;

        if ( dist > pos )
            return FAIL(s, "inflate: distance before start of data", EINVAL);
        if ( len > s->cap - pos )
            return FAIL(s, "output larger than buffer", ENOSPC);
        if ( dist >= len )
            memcpy(out + pos, out + pos - dist, len);
        else
        {
            /* Overlapping copy repeats the last dist bytes. */
            const uint8_t *from = out + pos - dist;
            uint8_t *to = out + pos;
            uint32_t k;

            for ( k = 0; k < len; k++ )
                to[k] = from[k];
        }
        s->pos = pos + len;
    }
}

static void fixed_tables(struct inflate_state *s)
{
    uint8_t lens[HUFF_MAXSYM];
    unsigned int i;

    for ( i = 0; i < 144; i++ )
        lens[i] = 8;
    for ( ; i < 256; i++ )
        lens[i] = 9;
    for ( ; i < 280; i++ )
        lens[i] = 7;
    for ( ; i < 288; i++ )
        lens[i] = 8;
    huff_build(&s->lit, lens, 288);
    for ( i = 0; i < 30; i++ )
        lens[i] = 5;
    huff_build(&s->dist, lens, 30);
}

/* The order code-length code lengths are sent in (RFC 1951 3.2.7). */
static const uint8_t clen_order[19] = {
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15
};

static int dynamic_tables(struct inflate_state *s)
{
    struct bitin *b = &s->b;
    uint8_t lens[286 + 30];
    uint32_t hlit, hdist, hclen, v;
    unsigned int i, n;

    if ( !bits_get(b, 5, &hlit) || !bits_get(b, 5, &hdist) ||
         !bits_get(b, 4, &hclen) )
        return FAIL(s, "inflate: truncated input", EINVAL);
    hlit += 257;
    hdist += 1;
    hclen += 4;
    if ( hlit > 286 || hdist > 30 )
        return FAIL(s, "inflate: bad dynamic block header", EINVAL);

    memset(lens, 0, 19);
    for ( i = 0; i < hclen; i++ )
    {
        if ( !bits_get(b, 3, &v) )
            return FAIL(s, "inflate: truncated input", EINVAL);
        lens[clen_order[i]] = (uint8_t)v;
    }
    if ( !huff_build(&s->clen, lens, 19) )
        return FAIL(s, "inflate: bad code length code", EINVAL);

    /* Literal/length and distance lengths form one run-length coded list. */
    n = hlit + hdist;
    for ( i = 0; i < n; )
    {
        int sym = huff_decode(b, &s->clen);
        unsigned int rep, val = 0;

        if ( sym < 0 )
            return FAIL(s, "inflate: bad code length code", EINVAL);
        if ( sym < 16 )
        {
            lens[i++] = (uint8_t)sym;
            continue;
        }
        if ( sym == 16 )
        {
            if ( !i )
                return FAIL(s, "inflate: repeat with no previous length",
                            EINVAL);
            val = lens[i - 1];
            if ( !bits_get(b, 2, &v) )
                return FAIL(s, "inflate: truncated input", EINVAL);
            rep = 3 + v;
        }
        else if ( sym == 17 )
        {
            if ( !bits_get(b, 3, &v) )
                return FAIL(s, "inflate: truncated input", EINVAL);
            rep = 3 + v;
        }
        else
        {
            if ( !bits_get(b, 7, &v) )
                return FAIL(s, "inflate: truncated input", EINVAL);
            rep = 11 + v;
        }
        if ( rep > n - i )
            return FAIL(s, "inflate: code lengths overrun", EINVAL);
        while ( rep-- )
            lens[i++] = (uint8_t)val;
    }
    if ( !lens[256] )
        return FAIL(s, "inflate: no end-of-block code", EINVAL);
    if ( !huff_build(&s->lit, lens, hlit) ||
         !huff_build(&s->dist, lens + hlit, hdist) )
        return FAIL(s, "inflate: over-subscribed Huffman code", EINVAL);
    return 0;
}

int inflate_raw(const uint8_t *in, size_t len, uint8_t *out, size_t cap,
                size_t *in_used, size_t *out_len, const char **why)
{
    struct inflate_state *s = &ist;
    uint32_t final = 0, type;
    int rc = 0;

    memset(&s->b, 0, sizeof(s->b));
    s->b.in = in;
    s->b.len = len;
    s->out = out;
    s->cap = cap;
    s->pos = 0;
    s->why = NULL;

    while ( !final && !rc )
    {
        if ( !bits_get(&s->b, 1, &final) || !bits_get(&s->b, 2, &type) )
            rc = FAIL(s, "inflate: truncated input", EINVAL);
        else if ( type == 0 )
            rc = inflate_stored(s);
        else if ( type == 1 )
        {
            fixed_tables(s);
            rc = inflate_codes(s);
        }
        else if ( type == 2 )
        {
            rc = dynamic_tables(s);
            if ( !rc )
                rc = inflate_codes(s);
        }
        else
            rc = FAIL(s, "inflate: bad block type", EINVAL);
    }

    *out_len = s->pos;
    /* Bytes pulled into the bit buffer but not used go back. */
    *in_used = s->b.pos - s->b.cnt / 8;
    if ( rc && why )
        *why = s->why;
    return rc;
}

/* ---- gzip member (RFC 1952) ---- */

#define GZ_FTEXT    0x01
#define GZ_FHCRC    0x02
#define GZ_FEXTRA   0x04
#define GZ_FNAME    0x08
#define GZ_FCOMMENT 0x10

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

/* Skip a NUL-terminated header field; false if it runs off the end. */
static bool skip_string(const uint8_t *in, size_t len, size_t *pos)
{
    while ( *pos < len )
        if ( !in[(*pos)++] )
            return true;
    return false;
}

/* Offset of the DEFLATE data after the member header, or -errno. */
static long gzip_header(const uint8_t *in, size_t len, const char **why)
{
    size_t pos = 10;
    uint8_t flags;

    if ( len < 18 || in[0] != 0x1f || in[1] != 0x8b )
        return *why = "gzip: bad magic", -EINVAL;
    if ( in[2] != 8 )
        return *why = "gzip: not deflate", -EINVAL;
    flags = in[3];
    if ( flags & 0xe0 )
        return *why = "gzip: reserved flags set", -EINVAL;
    if ( flags & GZ_FEXTRA )
    {
        size_t xlen = in[10] | ((size_t)in[11] << 8);

        if ( xlen > len - 12 )
            return *why = "gzip: truncated header", -EINVAL;
        pos = 12 + xlen;
    }
    if ( (flags & GZ_FNAME) && !skip_string(in, len, &pos) )
        return *why = "gzip: truncated header", -EINVAL;
    if ( (flags & GZ_FCOMMENT) && !skip_string(in, len, &pos) )
        return *why = "gzip: truncated header", -EINVAL;
    if ( flags & GZ_FHCRC )
    {
        if ( len - pos < 2 )
            return *why = "gzip: truncated header", -EINVAL;
        if ( (crc32_update(0, in, pos) & 0xffff) !=
             (uint32_t)(in[pos] | (in[pos + 1] << 8)) )
            return *why = "gzip: bad header CRC", -EINVAL;
        pos += 2;
    }
    if ( len - pos < 8 )
        return *why = "gzip: truncated input", -EINVAL;
    return (long)pos;
}

/* A single member filling the whole input: its size is the trailer's ISIZE
 * (the uncompressed length mod 2^32). */
int gzip_size(const uint8_t *in, size_t len, size_t *out_len,
              const char **why)
{
    const char *dummy;
    long hdr;

    if ( !why )
        why = &dummy;
    hdr = gzip_header(in, len, why);
    if ( hdr < 0 )
        return (int)hdr;
    *out_len = le32(in + len - 4);
    /* DEFLATE cannot expand more than ~1032:1; a bigger ISIZE means the
     * input is truncated or not gzip at all. */
    if ( *out_len / 1032 > len )
        return *why = "gzip: ISIZE impossible for the input size", -EINVAL;
    return 0;
}

int gzip_decode(const uint8_t *in, size_t len, uint8_t *out, size_t cap,
                size_t *out_len, const char **why)
{
    const char *dummy;
    size_t isize, used, n;
    long hdr;
    int rc;

    if ( !why )
        why = &dummy;
    *out_len = 0;
    rc = gzip_size(in, len, &isize, why);
    if ( rc )
        return rc;
    hdr = gzip_header(in, len, why);

    /* Within ISIZE, running past it can only mean corrupt data.  An ISIZE
     * above cap may itself be corrupt: decode anyway, so that only data
     * that really is larger reports -ENOSPC. */
    rc = inflate_raw(in + hdr, len - hdr - 8, out, isize <= cap ? isize : cap,
                     &used, &n, why);
    *out_len = n;
    if ( rc == -ENOSPC && isize <= cap )
        return *why = "gzip: data longer than ISIZE", -EINVAL;
    if ( rc )
        return rc;
    if ( used != len - hdr - 8 )
        return *why = "gzip: data after the member", -EINVAL;
    if ( n != isize )
        return *why = "gzip: length differs from ISIZE", -EINVAL;
    if ( crc32_update(0, out, n) != le32(in + len - 8) )
        return *why = "gzip: bad CRC", -EINVAL;
    return 0;
}
