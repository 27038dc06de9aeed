/* libxenstore internals shared by its source files. */
#ifndef XS_INTERNAL_H
#define XS_INTERNAL_H

#include <sys/uio.h>
#include <xenstore.h>

void *xs_talkv(struct xs_handle *h, xs_transaction_t t,
               enum xsd_sockmsg_type type, const struct iovec *iov,
               unsigned int num, unsigned int *len);

#endif /* XS_INTERNAL_H */
