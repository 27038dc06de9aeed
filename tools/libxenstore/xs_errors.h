/* Error names of the XenStore protocol and their errno values (private). */
#ifndef XS_ERRORS_H
#define XS_ERRORS_H

#include <errno.h>
#include <string.h>

struct xs_errname {
    int xe_errno;
    const char *xe_name;
};

/* In the order of Xen's table; the first entry is the fallback. */
static const struct xs_errname xs_errnames[] = {
    { EINVAL, "EINVAL" },   { EACCES, "EACCES" }, { EEXIST, "EEXIST" },
    { EISDIR, "EISDIR" },   { ENOENT, "ENOENT" }, { ENOMEM, "ENOMEM" },
    { ENOSPC, "ENOSPC" },   { EIO, "EIO" },       { ENOTEMPTY, "ENOTEMPTY" },
    { ENOSYS, "ENOSYS" },   { EROFS, "EROFS" },   { EBUSY, "EBUSY" },
    { EAGAIN, "EAGAIN" },   { EISCONN, "EISCONN" }, { E2BIG, "E2BIG" },
    { EPERM, "EPERM" },
};

/* Wire name of err; unknown values are reported as EINVAL. */
static inline const char *xs_errno_name(int err)
{
    for (size_t i = 0; i < sizeof(xs_errnames) / sizeof(xs_errnames[0]); i++)
        if (xs_errnames[i].xe_errno == err)
            return xs_errnames[i].xe_name;
    return "EINVAL";
}

/* errno of a wire name (length len, NUL optional); EINVAL if unknown. */
static inline int xs_errno_value(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof(xs_errnames) / sizeof(xs_errnames[0]); i++) {
        size_t n = strlen(xs_errnames[i].xe_name);
        if ((len == n || (len == n + 1 && name[n] == '\0')) &&
            memcmp(name, xs_errnames[i].xe_name, n) == 0)
            return xs_errnames[i].xe_errno;
    }
    return EINVAL;
}

#endif /* XS_ERRORS_H */
