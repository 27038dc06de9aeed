/* libxenstore helpers shared by clients: permissions, paths, value escaping. */
#ifndef XENSTORE_LIB_H
#define XENSTORE_LIB_H

#include <stddef.h>
#include <stdbool.h>
#include <limits.h>
#include <errno.h>
#include <stdint.h>
#include <xenstore_wire.h>

/* Access bits of one permission entry. */
enum xs_perm_type {
    XS_PERM_NONE = 0x00,
    XS_PERM_READ = 0x01,
    XS_PERM_WRITE = 0x02,
    XS_PERM_ENOENT_OK = 0x04, /* internal to the daemon */
    XS_PERM_OWNER = 0x08,     /* internal to the daemon */
    XS_PERM_IGNORE = 0x10     /* internal to the daemon */
};
#define XS_PERM_NONE XS_PERM_NONE
#define XS_PERM_READ XS_PERM_READ
#define XS_PERM_WRITE XS_PERM_WRITE
#define XS_PERM_ENOENT_OK XS_PERM_ENOENT_OK
#define XS_PERM_OWNER XS_PERM_OWNER
#define XS_PERM_IGNORE XS_PERM_IGNORE

struct xs_permissions {
    unsigned int id;
    enum xs_perm_type perms;
};

/* Longest decimal rendering of an integer object x, plus sign and NUL. */
#define MAX_STRLEN(x) ((sizeof(x) * CHAR_BIT + CHAR_BIT - 1) / 10 * 3 + 2)

/* Directory holding the daemon's socket ($XENSTORED_RUNDIR or the default). */
const char *xs_daemon_rundir(void);
/* Path of the daemon's socket ($XENSTORED_PATH or RUNDIR/socket). */
const char *xs_daemon_socket(void);
/* Path of the read-only socket (same as the socket in this implementation). */
const char *xs_daemon_socket_ro(void);

/* Write all of data to fd, retrying on EINTR; false with errno on failure. */
bool xs_write_all(int fd, const void *data, unsigned int len);

/* Parse num NUL-separated "[nrwb]domid" strings into perms. */
bool xs_strings_to_perms(struct xs_permissions *perms, unsigned int num,
                         const char *strings);
/* Render one permission as "[nrwb]domid" into buffer (MAX_STRLEN+1 bytes). */
bool xs_perm_to_string(const struct xs_permissions *perm, char *buffer,
                       size_t buf_len);
/* Number of NUL-terminated strings in the first len bytes of strings. */
unsigned int xs_count_strings(const char *strings, unsigned int len);

/* A growable buffer for sanitise_value(). */
struct expanding_buffer {
    char *buf;
    int avail;
};
/* Make buffer hold min_avail bytes; returns the buffer or NULL. */
char *expanding_buffer_ensure(struct expanding_buffer *, int min_avail);
/* Escape val (len bytes) into printable C-like text held by buffer. */
char *sanitise_value(struct expanding_buffer *, const char *val, unsigned len);
/* Undo sanitise_value() in place; stores the resulting length in *out_len. */
void unsanitise_value(char *out, unsigned *out_len, const char *in);

#endif /* XENSTORE_LIB_H */
