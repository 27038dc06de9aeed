/* The .xz container with the LZMA2 and x86 BCJ filters, decoded whole into
 * a caller buffer that is also the LZMA dictionary (Linux's xz bzImages). */
#include <xen/decompress.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/string.h>
#include <xen/types.h>

#define XZ_HDR      12      /* stream header and footer are 12 bytes each */
#define CHECK_NONE  0
#define CHECK_CRC32 1
#define CHECK_CRC64 4

#define FILTER_X86   0x04
#define FILTER_LZMA2 0x21

static const uint8_t xz_magic[6] = { 0xfd, '7', 'z', 'X', 'Z', 0 };

#define BAD(msg)      (*why = (msg), -EINVAL)

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

static uint64_t le64(const uint8_t *p)
{
    return le32(p) | ((uint64_t)le32(p + 4) << 32);
}

/* ---- CRC-64 (ECMA-182, reflected, as xz uses it) ---- */

static uint64_t crc64_table[256];
static bool crc64_ready;

static uint64_t crc64_update(uint64_t crc, const uint8_t *p, size_t n)
{
    if ( !crc64_ready )
    {
        unsigned int i, k;

        for ( i = 0; i < 256; i++ )
        {
            uint64_t c = i;

            for ( k = 0; k < 8; k++ )
                c = (c >> 1) ^ (0xC96C5795D7870F42ull & (0ull - (c & 1)));
            crc64_table[i] = c;
        }
        crc64_ready = true;
    }
    crc = ~crc;
    while ( n-- )
        crc = crc64_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

/* ---- container helpers ---- */

/* A variable-length integer: 7 bits a byte, low first, at most 9 bytes,
 * and no superfluous trailing zero byte. */
static bool get_vli(const uint8_t *in, size_t end, size_t *pos, uint64_t *v)
{
    uint64_t r = 0;
    unsigned int i;

    for ( i = 0; i < 9 && *pos < end; i++ )
    {
        uint8_t b = in[(*pos)++];

        r |= (uint64_t)(b & 0x7f) << (7 * i);
        if ( !(b & 0x80) )
        {
            if ( !b && i )
                return false;
            *v = r;
            return true;
        }
    }
    return false;
}

/* Bytes of the integrity check for a check type (types come in groups of
 * three with sizes 4, 8, 16, 32, 64). */
static size_t check_size(unsigned int type)
{
    return type ? (size_t)4 << ((type - 1) / 3) : 0;
}

/* Stream flags (two bytes, only the check type nibble may be set) and
 * their CRC32; returns the check type or -EINVAL. */
static int stream_flags(const uint8_t *flags, const uint8_t *crc,
                        const char **why)
{
    if ( flags[0] || (flags[1] & 0xf0) )
        return BAD("xz: unsupported stream flags");
    if ( crc32_update(0, flags, 2) != le32(crc) )
        return BAD("xz: bad stream flags CRC");
    return flags[1];
}

struct xz_index {
    uint64_t records;
    uint64_t unpadded;          /* sum of unpadded block sizes */
    uint64_t blocks_len;        /* sum of the blocks rounded up to 4 */
    uint64_t uncompressed;      /* sum of uncompressed sizes */
    size_t len;                 /* bytes of the index itself */
};

#define XZ_VLI_MAX  (1ull << 63)

static int index_parse(const uint8_t *in, size_t start, size_t end,
                       struct xz_index *x, const char **why)
{
    size_t p = start;
    uint64_t i;

    memset(x, 0, sizeof(*x));
    if ( p >= end || in[p++] )
        return BAD("xz: bad index");
    if ( !get_vli(in, end, &p, &x->records) )
        return BAD("xz: bad index");
    /* Every record takes at least two bytes, so this ends with the input. */
    for ( i = 0; i < x->records; i++ )
    {
        uint64_t unpadded, size;

        if ( !get_vli(in, end, &p, &unpadded) ||
             !get_vli(in, end, &p, &size) )
            return BAD("xz: bad index");
        if ( unpadded < 5 || unpadded >= XZ_VLI_MAX / 4 )
            return BAD("xz: bad index");
        x->unpadded += unpadded;
        x->blocks_len += (unpadded + 3) & ~3ull;
        x->uncompressed += size;
        if ( x->blocks_len >= XZ_VLI_MAX || x->uncompressed >= XZ_VLI_MAX )
            return BAD("xz: bad index");
    }
    while ( (p - start) & 3 )
        if ( p >= end || in[p++] )
            return BAD("xz: bad index padding");
    if ( end - p < 4 )
        return BAD("xz: truncated index");
    if ( crc32_update(0, in + start, p - start) != le32(in + p) )
        return BAD("xz: bad index CRC");
    x->len = p + 4 - start;
    return 0;
}

/* Footer ending at in[end]: the index size and the check type. */
static int footer_parse(const uint8_t *in, size_t end, size_t *index_len,
                        int *check, const char **why)
{
    const uint8_t *f = in + end - XZ_HDR;

    if ( f[10] != 'Y' || f[11] != 'Z' )
        return BAD("xz: bad stream footer");
    if ( crc32_update(0, f + 4, 6) != le32(f) )
        return BAD("xz: bad stream footer CRC");
    if ( f[8] || (f[9] & 0xf0) )
        return BAD("xz: unsupported stream flags");
    *check = f[9];
    *index_len = ((size_t)le32(f + 4) + 1) * 4;
    return 0;
}

int xz_size(const uint8_t *in, size_t len, size_t *out_len, const char **why)
{
    const char *dummy;
    size_t end = len, index_len;
    uint64_t total = 0;
    unsigned int streams = 0;
    int check, rc;

    if ( !why )
        why = &dummy;
    if ( len & 3 )
        return BAD("xz: size is not a multiple of four");

    /* Streams from the last one backwards: each footer leads to its index,
     * whose block sizes lead to the stream header. */
    for ( ;; )
    {
        struct xz_index x;
        size_t index_start, start;

        while ( end >= 4 && !le32(in + end - 4) )
            end -= 4;                   /* stream padding */
        if ( !end && streams )
            break;
        if ( end < 2 * XZ_HDR )
            return BAD("xz: truncated stream");
        rc = footer_parse(in, end, &index_len, &check, why);
        if ( rc )
            return rc;
        if ( index_len > end - 2 * XZ_HDR )
            return BAD("xz: truncated stream");
        index_start = end - XZ_HDR - index_len;
        rc = index_parse(in, index_start, end - XZ_HDR, &x, why);
        if ( rc )
            return rc;
        if ( x.len != index_len )
            return BAD("xz: index size differs from footer");
        if ( x.blocks_len > index_start - XZ_HDR )
            return BAD("xz: truncated stream");
        start = index_start - x.blocks_len - XZ_HDR;
        if ( memcmp(in + start, xz_magic, sizeof(xz_magic)) )
            return BAD("xz: bad stream header");
        rc = stream_flags(in + start + 6, in + start + 8, why);
        if ( rc < 0 )
            return rc;
        if ( rc != check )
            return BAD("xz: header and footer flags differ");
        total += x.uncompressed;
        if ( total >= XZ_VLI_MAX || total != (size_t)total )
            return BAD("xz: output too large");
        streams++;
        end = start;
    }
    *out_len = (size_t)total;
    return 0;
}

/* ---- LZMA range decoder ---- */

/* The decoder's inner loop runs once per output symbol of a ~64 MiB kernel
 * under an emulated CPU: keep its helpers inlined so that the range coder
 * lives in registers. */
#define HOT_INLINE inline __attribute__((__always_inline__))

#define RC_TOP          (1u << 24)
#define PROB_BITS       11
#define PROB_INIT       (1u << (PROB_BITS - 1))
#define PROB_SHIFT      5

struct rc {
    const uint8_t *in;
    size_t pos, end;
    uint32_t range, code;
};

/* Reads past the end supply zeros; the caller checks pos against end at
 * the chunk's end, so a short chunk is caught without a test per byte. */
static HOT_INLINE void rc_norm(struct rc *r)
{
    if ( r->range < RC_TOP )
    {
        r->range <<= 8;
        r->code = (r->code << 8) | (r->pos < r->end ? r->in[r->pos] : 0);
        r->pos++;
    }
}

static HOT_INLINE unsigned int rc_bit(struct rc *r, uint16_t *p)
{
    uint32_t bound;

    rc_norm(r);
    bound = (r->range >> PROB_BITS) * *p;
    if ( r->code < bound )
    {
        r->range = bound;
        *p += ((1u << PROB_BITS) - *p) >> PROB_SHIFT;
        return 0;
    }
    r->range -= bound;
    r->code -= bound;
    *p -= *p >> PROB_SHIFT;
    return 1;
}

/* n bits, most significant first, through a binary tree of probabilities
 * indexed from 1. */
static HOT_INLINE uint32_t rc_tree(struct rc *r, uint16_t *probs, unsigned int n)
{
    uint32_t sym = 1;
    unsigned int i;

    for ( i = 0; i < n; i++ )
        sym = (sym << 1) | rc_bit(r, probs + sym);
    return sym - (1u << n);
}

/* The same tree walked with the bits least significant first; node sym
 * lives at probs[base + sym] (base may be -1: the trees of the distance
 * slots are packed back to back). */
static HOT_INLINE uint32_t rc_tree_rev(struct rc *r, uint16_t *probs, int base,
                                   unsigned int n)
{
    uint32_t sym = 1, v = 0;
    unsigned int i;

    for ( i = 0; i < n; i++ )
    {
        unsigned int b = rc_bit(r, probs + (base + (int)sym));

        sym = (sym << 1) | b;
        v |= b << i;
    }
    return v;
}

/* Bits with probability one half. */
static HOT_INLINE uint32_t rc_direct(struct rc *r, unsigned int n)
{
    uint32_t v = 0;

    while ( n-- )
    {
        rc_norm(r);
        r->range >>= 1;
        if ( r->code >= r->range )
        {
            r->code -= r->range;
            v = (v << 1) | 1;
        }
        else
            v <<= 1;
    }
    return v;
}

/* ---- LZMA ---- */

#define STATES          12
#define POS_STATES_MAX  16
#define LIT_STATES      7       /* states below this follow a literal */
#define DIST_STATES     4
#define DIST_SLOTS      64
#define DIST_MODEL_END  14      /* slots from here use direct + align bits */
#define FULL_DISTANCES  128
#define ALIGN_BITS      4
#define MATCH_MIN       2

struct len_probs {
    uint16_t choice, choice2;
    uint16_t low[POS_STATES_MAX][8];
    uint16_t mid[POS_STATES_MAX][8];
    uint16_t high[256];
};

struct lzma_probs {
    uint16_t is_match[STATES][POS_STATES_MAX];
    uint16_t is_rep[STATES], is_rep0[STATES], is_rep1[STATES], is_rep2[STATES];
    uint16_t is_rep0_long[STATES][POS_STATES_MAX];
    uint16_t slot[DIST_STATES][DIST_SLOTS];
    uint16_t special[FULL_DISTANCES - DIST_MODEL_END];
    uint16_t align[1u << ALIGN_BITS];
    struct len_probs match_len, rep_len;
    uint16_t literal[0x300u << 4];      /* lc + lp <= 4 in LZMA2 */
};

struct lzma_dec {
    struct lzma_probs p;
    uint32_t rep[4];
    unsigned int state;
    unsigned int lc, lp, pb;
};

/* One static decoder (~28 KiB): the loader is single-threaded and this
 * keeps it off the hypervisor stack. */
static struct lzma_dec lzd;

static void lzma_reset(struct lzma_dec *s)
{
    uint16_t *p = (uint16_t *)&s->p;
    size_t i, n = sizeof(s->p) / sizeof(uint16_t);

    for ( i = 0; i < n; i++ )
        p[i] = PROB_INIT;
    s->state = 0;
    s->rep[0] = s->rep[1] = s->rep[2] = s->rep[3] = 0;
}

static HOT_INLINE uint32_t lzma_len(struct rc *r, struct len_probs *l, unsigned int ps)
{
    if ( !rc_bit(r, &l->choice) )
        return MATCH_MIN + rc_tree(r, l->low[ps], 3);
    if ( !rc_bit(r, &l->choice2) )
        return MATCH_MIN + 8 + rc_tree(r, l->mid[ps], 3);
    return MATCH_MIN + 16 + rc_tree(r, l->high, 8);
}

/* Distance minus one: a 6-bit slot (by length) gives the top two bits and
 * the count of the rest, which are context coded for small distances and
 * direct bits plus 4 context-coded low bits for large ones. */
static HOT_INLINE uint32_t lzma_dist(struct rc *r, struct lzma_probs *p, uint32_t len)
{
    unsigned int lstate = len - MATCH_MIN < DIST_STATES - 1 ?
                          len - MATCH_MIN : DIST_STATES - 1;
    uint32_t slot = rc_tree(r, p->slot[lstate], 6), dist;
    unsigned int nbits;

    if ( slot < 4 )
        return slot;
    nbits = (slot >> 1) - 1;
    dist = (2 | (slot & 1)) << nbits;
    if ( slot < DIST_MODEL_END )
        return dist + rc_tree_rev(r, p->special, (int)(dist - slot) - 1,
                                  nbits);
    dist += rc_direct(r, nbits - ALIGN_BITS) << ALIGN_BITS;
    return dist + rc_tree_rev(r, p->align, 0, ALIGN_BITS);
}

/* State after a literal, a match, a long rep and a short rep. */
static inline unsigned int after_literal(unsigned int st)
{
    return st < 4 ? 0 : st < 10 ? st - 3 : st - 6;
}
#define AFTER_MATCH(st)     ((st) < LIT_STATES ? 7 : 10)
#define AFTER_REP(st)       ((st) < LIT_STATES ? 8 : 11)
#define AFTER_SHORTREP(st)  ((st) < LIT_STATES ? 9 : 11)


/* A literal byte under probs (chosen by the previous byte and position);
 * after a match it is coded against the byte at the last distance, match,
 * until the first bit that differs. */
static HOT_INLINE uint8_t lzma_literal(struct rc *r, uint16_t *probs,
                                       bool matched, unsigned int match)
{
    uint32_t sym = 1;

    if ( matched )
    {
        do {
            unsigned int mbit = (match >> 7) & 1, bit;

            match <<= 1;
            bit = rc_bit(r, probs + 0x100 + (mbit << 8) + sym);
            sym = (sym << 1) | bit;
            if ( bit != mbit )
                break;
        } while ( sym < 0x100 );
    }
    while ( sym < 0x100 )
        sym = (sym << 1) | rc_bit(r, probs + sym);
    return (uint8_t)sym;
}

/* Decode one LZMA chunk: exactly out[pos..end) from in[0..in_len).  Matches
 * may reach back to dstart (the last dictionary reset) but no further, and
 * may not run past the chunk's end.  0 or -1 (corrupt). */
static int lzma_chunk(struct lzma_dec *s, const uint8_t *in, size_t in_len,
                      uint8_t *out, size_t pos, size_t end, size_t dstart)
{
    struct rc r;
    struct lzma_probs *pr = &s->p;
    uint32_t pb_mask = (1u << s->pb) - 1, lp_mask = (1u << s->lp) - 1;
    unsigned int lc = s->lc, st = s->state;
    uint32_t rep0 = s->rep[0], rep1 = s->rep[1], rep2 = s->rep[2];
    uint32_t rep3 = s->rep[3];
    int rc = -1;

    if ( in_len < 5 || in[0] )
        return -1;
    r.in = in;
    r.end = in_len;
    r.pos = 5;
    r.range = 0xffffffffu;
    r.code = ((uint32_t)in[1] << 24) | ((uint32_t)in[2] << 16) |
             ((uint32_t)in[3] << 8) | in[4];

    while ( pos < end )
    {
        unsigned int ps = pos & pb_mask;
        uint32_t len, d, k;
        uint8_t *to;
        const uint8_t *from;

        if ( !rc_bit(&r, &pr->is_match[st][ps]) )
        {
            unsigned int prev = pos > dstart ? out[pos - 1] : 0;
            uint16_t *probs = pr->literal +
                0x300 * (((pos & lp_mask) << lc) + (prev >> (8 - lc)));

            /* A state >= 7 follows a match, whose distance was checked
             * (and a dictionary reset always comes with a state reset). */
            out[pos] = lzma_literal(&r, probs, st >= LIT_STATES,
                                    st >= LIT_STATES ? out[pos - rep0 - 1] : 0);
            pos++;
            st = after_literal(st);
            continue;
        }

        if ( !rc_bit(&r, &pr->is_rep[st]) )
        {
            len = lzma_len(&r, &pr->match_len, ps);
            rep3 = rep2;
            rep2 = rep1;
            rep1 = rep0;
            rep0 = lzma_dist(&r, pr, len);
            st = AFTER_MATCH(st);
        }
        else if ( !rc_bit(&r, &pr->is_rep0[st]) )
        {
            if ( !rc_bit(&r, &pr->is_rep0_long[st][ps]) )
            {
                /* One byte from the last distance. */
                if ( rep0 >= pos - dstart )
                    goto out;
                out[pos] = out[pos - rep0 - 1];
                pos++;
                st = AFTER_SHORTREP(st);
                continue;
            }
            len = lzma_len(&r, &pr->rep_len, ps);
            st = AFTER_REP(st);
        }
        else
        {
            /* An older distance moves to the front. */
            if ( !rc_bit(&r, &pr->is_rep1[st]) )
                d = rep1;
            else
            {
                if ( !rc_bit(&r, &pr->is_rep2[st]) )
                    d = rep2;
                else
                {
                    d = rep3;
                    rep3 = rep2;
                }
                rep2 = rep1;
            }
            rep1 = rep0;
            rep0 = d;
            len = lzma_len(&r, &pr->rep_len, ps);
            st = AFTER_REP(st);
        }

        /* Also rejects the end marker (distance 0xffffffff): LZMA2 chunks
         * have sizes instead. */
        if ( rep0 >= pos - dstart || len > end - pos )
            goto out;
        /* Byte by byte: overlapping copies must repeat the pattern. */
        to = out + pos;
        from = to - rep0 - 1;
        for ( k = 0; k < len; k++ )
            to[k] = from[k];
        pos += len;
    }

    /* The encoder's flush leaves the decoder needing one last byte. */
    rc_norm(&r);
    rc = r.pos == r.end && r.code == 0 ? 0 : -1;
 out:
    s->state = st;
    s->rep[0] = rep0;
    s->rep[1] = rep1;
    s->rep[2] = rep2;
    s->rep[3] = rep3;
    return rc;
}

/* lc/lp/pb from a properties byte ((pb * 5 + lp) * 9 + lc). */
static bool lzma_props(struct lzma_dec *s, uint8_t b)
{
    if ( b >= 9 * 5 * 5 )
        return false;
    s->lc = b % 9;
    b /= 9;
    s->lp = b % 5;
    s->pb = b / 5;
    return s->lc + s->lp <= 4;
}

static uint32_t be16(const uint8_t *p)
{
    return ((uint32_t)p[0] << 8) | p[1];
}

/* LZMA2: a series of chunks, each either stored or LZMA-coded, with control
 * bytes saying what to reset first.  out[start..limit) is free; *in_used
 * and *produced report the sizes.  0, -EINVAL, or -ENOSPC past limit. */
static int lzma2_decode(const uint8_t *in, size_t in_len, uint8_t *out,
                        size_t start, size_t limit, size_t *in_used,
                        size_t *produced, const char **why)
{
    struct lzma_dec *s = &lzd;
    size_t ip = 0, pos = start, dstart = start;
    bool need_dict = true, need_props = true;

    for ( ;; )
    {
        uint8_t c;
        size_t usize, csize;

        if ( ip >= in_len )
            return BAD("xz: truncated LZMA2 data");
        c = in[ip++];
        if ( !c )
            break;

        /* 0x01 and 0xe0..0xff reset the dictionary: new properties must
         * come with (or before) the next LZMA chunk. */
        if ( c == 0x01 || c >= 0xe0 )
        {
            dstart = pos;
            need_dict = false;
            need_props = true;
        }
        else if ( need_dict )
            return BAD("xz: LZMA2 data does not start with a dictionary reset");

        if ( c < 0x80 )
        {
            if ( c > 0x02 )
                return BAD("xz: corrupt LZMA2 chunk");
            if ( in_len - ip < 2 )
                return BAD("xz: truncated LZMA2 data");
            usize = be16(in + ip) + 1;
            ip += 2;
            if ( usize > in_len - ip )
                return BAD("xz: truncated LZMA2 data");
            if ( usize > limit - pos )
                return -ENOSPC;
            memcpy(out + pos, in + ip, usize);
            ip += usize;
            pos += usize;
            continue;
        }

        if ( in_len - ip < (c >= 0xc0 ? 5u : 4u) )
            return BAD("xz: truncated LZMA2 data");
        usize = ((size_t)(c & 0x1f) << 16) + be16(in + ip) + 1;
        csize = be16(in + ip + 2) + 1;
        ip += 4;
        if ( c >= 0xc0 )
        {
            if ( !lzma_props(s, in[ip++]) )
                return BAD("xz: bad LZMA properties");
            need_props = false;
            lzma_reset(s);
        }
        else if ( need_props )
            return BAD("xz: LZMA2 chunk without properties");
        else if ( c >= 0xa0 )
            lzma_reset(s);

        if ( csize > in_len - ip )
            return BAD("xz: truncated LZMA2 data");
        if ( usize > limit - pos )
            return -ENOSPC;
        if ( lzma_chunk(s, in + ip, csize, out, pos, pos + usize, dstart) )
            return BAD("xz: corrupt LZMA2 chunk");
        ip += csize;
        pos += usize;
    }
    *in_used = ip;
    *produced = pos - start;
    return 0;
}

/* ---- x86 BCJ: CALL/JMP rel32 targets were made absolute by the encoder ---- */

/* A rel32 whose top byte is 0x00 or 0xff is a plausible near target. */
static inline bool bcj_plausible(uint8_t b)
{
    return b == 0x00 || b == 0xff;
}

/*
 * Undo the filter over buf[0..size), whose first byte sits at stream
 * position start.  The encoder skipped an E8/E9 when one of the three bytes
 * before it was an unconverted E8/E9 in a pattern it distrusts, so the
 * decoder keeps the same history: bit k of hist is set when the byte k+1
 * before the current one was such an opcode.
 */
static void bcj_x86_decode(uint8_t *buf, size_t size, uint32_t start)
{
    /* Histories that still allow a conversion (none, or a single opcode),
     * and for each history the distance of the oldest opcode in it. */
    static const bool hist_ok[8] = { 1, 1, 1, 0, 1, 0, 0, 0 };
    static const uint8_t hist_back[8] = { 0, 1, 2, 2, 3, 3, 3, 3 };
    uint32_t hist = 0;
    size_t i, last = 0;
    bool seen = false;

    for ( i = 0; i + 4 < size; i++ )
    {
        size_t gap;
        uint32_t v, d;

        if ( (buf[i] & 0xfe) != 0xe8 )
            continue;
        gap = seen ? i - last : 4;
        hist = gap > 3 ? 0 : (hist << (gap - 1)) & 7;
        last = i;
        seen = true;

        if ( (hist && (!hist_ok[hist] ||
                       bcj_plausible(buf[i + 4 - hist_back[hist]]))) ||
             !bcj_plausible(buf[i + 4]) )
        {
            hist = (hist << 1) | 1;
            continue;
        }

        v = le32(buf + i + 1);
        for ( ;; )
        {
            unsigned int sh;

            d = v - (start + (uint32_t)i + 5);
            if ( !hist )
                break;
            sh = 24 - 8 * hist_back[hist];
            if ( !bcj_plausible((uint8_t)(d >> sh)) )
                break;
            v = d ^ ((1u << (sh + 8)) - 1);
        }
        /* Sign-extend from bit 24. */
        d = ((d & 0x01ffffff) ^ 0x01000000) - 0x01000000;
        buf[i + 1] = (uint8_t)d;
        buf[i + 2] = (uint8_t)(d >> 8);
        buf[i + 3] = (uint8_t)(d >> 16);
        buf[i + 4] = (uint8_t)(d >> 24);
        i += 4;
    }
}

/* ---- blocks and streams ---- */

struct block_filters {
    bool x86;
    uint32_t x86_start;
    bool has_csize, has_usize;
    uint64_t csize, usize;
};

static int block_header(const uint8_t *h, size_t hsize,
                        struct block_filters *f, const char **why)
{
    size_t p = 2, end = hsize - 4;
    unsigned int nfilters, i;
    uint8_t flags = h[1];

    memset(f, 0, sizeof(*f));
    if ( crc32_update(0, h, end) != le32(h + end) )
        return BAD("xz: bad block header CRC");
    if ( flags & 0x3c )
        return BAD("xz: unsupported block flags");
    nfilters = (flags & 3) + 1;
    if ( (flags & 0x40) && !get_vli(h, end, &p, &f->csize) )
        return BAD("xz: bad block header");
    if ( (flags & 0x80) && !get_vli(h, end, &p, &f->usize) )
        return BAD("xz: bad block header");
    f->has_csize = flags & 0x40;
    f->has_usize = flags & 0x80;

    for ( i = 0; i < nfilters; i++ )
    {
        uint64_t id, psize;
        bool last = i == nfilters - 1;

        if ( !get_vli(h, end, &p, &id) || !get_vli(h, end, &p, &psize) ||
             psize > end - p )
            return BAD("xz: bad block header");
        if ( id == FILTER_LZMA2 && last )
        {
            /* The dictionary size does not matter here: the output is. */
            if ( psize != 1 || h[p] > 40 )
                return BAD("xz: bad LZMA2 properties");
        }
        else if ( id == FILTER_X86 && !last && !f->x86 )
        {
            if ( psize != 0 && psize != 4 )
                return BAD("xz: bad x86 BCJ properties");
            f->x86 = true;
            f->x86_start = psize ? le32(h + p) : 0;
        }
        else
            return BAD("xz: unsupported filter chain (only x86 BCJ + LZMA2)");
        p += psize;
    }
    while ( p < end )
        if ( h[p++] )
            return BAD("xz: bad block header padding");
    return 0;
}

struct stream_pos {
    const uint8_t *in;
    size_t len, pos;
    uint8_t *out;
    size_t limit, opos;         /* output may not pass limit */
    int check;
};

/* One block at sp->pos; adds its sizes to x for the index comparison. */
static int decode_block(struct stream_pos *sp, struct xz_index *x,
                        const char **why)
{
    const uint8_t *in = sp->in;
    size_t hstart = sp->pos, hsize, data, avail, used, produced, p, csz;
    struct block_filters f;
    uint64_t unpadded;
    int rc;

    hsize = ((size_t)in[hstart] + 1) * 4;
    if ( hsize > sp->len - hstart )
        return BAD("xz: truncated block header");
    rc = block_header(in + hstart, hsize, &f, why);
    if ( rc )
        return rc;

    data = hstart + hsize;
    avail = sp->len - data;
    if ( f.has_csize && f.csize < avail )
        avail = (size_t)f.csize;
    rc = lzma2_decode(in + data, avail, sp->out, sp->opos,
                      f.has_usize && f.usize < sp->limit - sp->opos ?
                      sp->opos + f.usize : sp->limit,
                      &used, &produced, why);
    if ( rc == -ENOSPC )
        return BAD("xz: block larger than its recorded size");
    if ( rc )
        return rc;
    if ( (f.has_csize && f.csize != used) ||
         (f.has_usize && f.usize != produced) )
        return BAD("xz: block size differs from its header");
    if ( f.x86 )
        bcj_x86_decode(sp->out + sp->opos, produced, f.x86_start);

    p = data + used;
    while ( p & 3 )
        if ( p >= sp->len || in[p++] )
            return BAD("xz: bad block padding");
    csz = check_size(sp->check);
    if ( csz > sp->len - p )
        return BAD("xz: truncated block check");
    if ( sp->check == CHECK_CRC32 &&
         crc32_update(0, sp->out + sp->opos, produced) != le32(in + p) )
        return BAD("xz: bad CRC32");
    if ( sp->check == CHECK_CRC64 &&
         crc64_update(0, sp->out + sp->opos, produced) != le64(in + p) )
        return BAD("xz: bad CRC64");
    /* Other check types (SHA-256, reserved) are skipped unverified. */

    unpadded = hsize + used + csz;
    x->records++;
    x->unpadded += unpadded;
    x->uncompressed += produced;
    sp->pos = p + csz;
    sp->opos += produced;
    return 0;
}

static int decode_stream(struct stream_pos *sp, const char **why)
{
    const uint8_t *in = sp->in;
    struct xz_index seen, idx;
    size_t index_len;
    int rc, check;

    if ( sp->len - sp->pos < 2 * XZ_HDR ||
         memcmp(in + sp->pos, xz_magic, sizeof(xz_magic)) )
        return BAD("xz: bad stream header");
    rc = stream_flags(in + sp->pos + 6, in + sp->pos + 8, why);
    if ( rc < 0 )
        return rc;
    sp->check = rc;
    sp->pos += XZ_HDR;

    memset(&seen, 0, sizeof(seen));
    while ( sp->pos < sp->len && in[sp->pos] )
    {
        rc = decode_block(sp, &seen, why);
        if ( rc )
            return rc;
    }

    /* The index must describe exactly the blocks just decoded. */
    rc = index_parse(in, sp->pos, sp->len, &idx, why);
    if ( rc )
        return rc;
    if ( idx.records != seen.records || idx.unpadded != seen.unpadded ||
         idx.uncompressed != seen.uncompressed )
        return BAD("xz: index does not match the blocks");
    sp->pos += idx.len;
    if ( sp->len - sp->pos < XZ_HDR )
        return BAD("xz: truncated stream footer");
    rc = footer_parse(in, sp->pos + XZ_HDR, &index_len, &check, why);
    if ( rc )
        return rc;
    if ( index_len != idx.len || check != sp->check )
        return BAD("xz: stream footer does not match");
    sp->pos += XZ_HDR;
    return 0;
}

int xz_decode(const uint8_t *in, size_t len, uint8_t *out, size_t cap,
              size_t *out_len, const char **why)
{
    const char *dummy;
    struct stream_pos sp;
    size_t total;
    int rc;

    if ( !why )
        why = &dummy;
    *out_len = 0;
    /* The indexes give the exact size, so running past it is corruption
     * rather than a small buffer. */
    rc = xz_size(in, len, &total, why);
    if ( rc )
        return rc;
    if ( total > cap )
        return *why = "output larger than buffer", -ENOSPC;

    memset(&sp, 0, sizeof(sp));
    sp.in = in;
    sp.len = len;
    sp.out = out;
    sp.limit = total;
    while ( sp.pos < len )
    {
        rc = decode_stream(&sp, why);
        *out_len = sp.opos;
        if ( rc )
            return rc;
        while ( sp.pos < len && !le32(in + sp.pos) )
            sp.pos += 4;                /* stream padding */
    }
    if ( sp.opos != total )
        return BAD("xz: size differs from the index");
    return 0;
}
