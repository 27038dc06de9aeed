/* xenstored: node permissions, "[nrwb]domid" lists and access checks. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xsd.h"

/* Access bits of a permission letter, or -1. */
static int letter_bits(char c)
{
    switch (c) {
    case 'n': return 0;
    case 'r': return XSD_PERM_READ;
    case 'w': return XSD_PERM_WRITE;
    case 'b': return XSD_PERM_READ | XSD_PERM_WRITE;
    default: return -1;
    }
}

/*
 * Parse the NUL-terminated permission strings in s[0..len).
 * Returns 0, EINVAL for a malformed list, or ENOSPC for more than max.
 */
int perms_parse(const char *s, size_t len, struct xsd_perm *out, unsigned max,
                unsigned *num)
{
    unsigned n = 0;
    size_t off = 0;

    if (len == 0 || s[len - 1] != '\0')
        return EINVAL;
    while (off < len) {
        const char *p = s + off;
        size_t l = strlen(p);
        unsigned long id = 0;
        int bits = letter_bits(p[0]);

        if (bits < 0 || l < 2 || l > 11)
            return EINVAL;
        for (size_t i = 1; i < l; i++) {
            if (p[i] < '0' || p[i] > '9')
                return EINVAL;
            id = id * 10 + (unsigned long)(p[i] - '0');
        }
        if (id > 0xffffffffUL)
            return EINVAL;
        if (n >= max)
            return ENOSPC;
        out[n].p_id = (uint32_t)id;
        out[n].p_bits = (uint8_t)bits;
        n++;
        off += l + 1;
    }
    *num = n;
    return 0;
}

/* GET_PERMS text; ignored entries are listed like the others (as 4.17). */
size_t perms_format(const struct xsd_perm *p, unsigned num, char *buf,
                    size_t size)
{
    static const char letters[] = "nrwb";
    size_t used = 0;

    for (unsigned i = 0; i < num; i++) {
        int l = snprintf(buf + used, size - used, "%c%u",
                         letters[p[i].p_bits & 3], p[i].p_id);
        if (l < 0 || (size_t)l + 1 > size - used)
            break;
        used += (size_t)l + 1;
    }
    return used;
}

/*
 * Access of c to a node.  The owner (first entry) and privileged callers
 * get everything; otherwise the first entry naming c (or its SET_TARGET
 * domain) decides, else the owner's entry is the default for everyone.
 * Entries marked XSD_PERM_IGNORE name a released domain and match nobody.
 */
unsigned perms_for_conn(const struct xsd_conn *c, const struct xsd_perm *p,
                        unsigned num)
{
    const unsigned all = XSD_PERM_READ | XSD_PERM_WRITE | XSD_PERM_OWNER;
    const unsigned rw = XSD_PERM_READ | XSD_PERM_WRITE;

    if (c->c_priv_dom || num == 0)
        return all;
    if (p[0].p_id == c->c_domid ||
        (c->c_target != XSD_DOMID_NONE && p[0].p_id == c->c_target))
        return all;
    for (unsigned i = 1; i < num; i++) {
        if (p[i].p_bits & XSD_PERM_IGNORE)
            continue;
        if (p[i].p_id == c->c_domid || p[i].p_id == XSD_DOMID_ANY ||
            (c->c_target != XSD_DOMID_NONE && p[i].p_id == c->c_target))
            return p[i].p_bits & rw;
    }
    return p[0].p_bits & rw;
}

/*
 * Domain domid is gone: mark the entries after the owner that name it as
 * ignored (the owner is dealt with by deleting or handing over the node).
 * True if any entry changed.
 */
bool perms_revoke(struct xsd_perm *p, unsigned num, uint32_t domid)
{
    bool changed = false;

    for (unsigned i = 1; i < num; i++) {
        if (p[i].p_id == domid && !(p[i].p_bits & XSD_PERM_IGNORE)) {
            p[i].p_bits |= XSD_PERM_IGNORE;
            changed = true;
        }
    }
    return changed;
}

/*
 * The same for the permissions of @introduceDomain / @releaseDomain, which
 * Xen 4.17 rewrites instead: an owner domid becomes heir (the privileged
 * domain), other entries naming it are removed.  Returns the new count.
 */
unsigned perms_drop_domid(struct xsd_perm *p, unsigned num, uint32_t domid,
                          uint32_t heir)
{
    unsigned kept = num ? 1 : 0;

    if (num && p[0].p_id == domid)
        p[0].p_id = heir;
    for (unsigned i = 1; i < num; i++)
        if (p[i].p_id != domid)
            p[kept++] = p[i];
    return kept;
}
