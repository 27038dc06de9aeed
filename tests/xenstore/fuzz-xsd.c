/*
 * libFuzzer target: feed arbitrary bytes to xenstored's request handling
 * as the input of one privileged and one unprivileged connection.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xsd.h"

void xsd_log(struct xsd *d, const char *fmt, ...)
{
    (void)d;
    (void)fmt;
}

struct fuzz_in {
    const uint8_t *p;
    size_t left;
};

static long fuzz_read(struct xsd_conn *c, void *buf, size_t len)
{
    struct fuzz_in *in = c->c_priv;

    if (!in->left)
        return -1;
    if (len > in->left)
        len = in->left;
    memcpy(buf, in->p, len);
    in->p += len;
    in->left -= len;
    return (long)len;
}

static long fuzz_write(struct xsd_conn *c, const void *buf, size_t len)
{
    (void)c;
    (void)buf;
    return (long)len;
}

static const struct xsd_transport_ops fuzz_ops = {
    .name = "fuzz", .read = fuzz_read, .write = fuzz_write, .close = NULL,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const unsigned quota[Q_COUNT] = { 1000, 128, 20, 2621440, 10, 1024,
                                            5, 2048, 2048 };
    struct xsd d;
    struct fuzz_in in0, in1;
    struct xsd_conn *c0, *c1;
    size_t half = size / 2;

    memset(&d, 0, sizeof(d));
    memcpy(d.x_opt.o_quota, quota, sizeof(quota));
    d.x_intro_nperms = d.x_release_nperms = 1;
    if (store_init(&d))
        return 0;
    c0 = conn_new(&d, &fuzz_ops, -1, 0);
    c1 = conn_new(&d, &fuzz_ops, -1, 7);
    in0 = (struct fuzz_in){ data, half };
    in1 = (struct fuzz_in){ data + half, size - half };
    c0->c_priv = &in0;
    c1->c_priv = &in1;
    for (int i = 0; i < 64 && (in0.left || in1.left); i++) {
        if (!c0->c_dead)
            conn_input(&d, c0);
        if (!c1->c_dead)
            conn_input(&d, c1);
        conn_output(c0);
        conn_output(c1);
        if (c0->c_dead && c1->c_dead)
            break;
    }
    while (d.x_conns)
        conn_destroy(&d, d.x_conns);
    table_free(&d.x_store);
    domain_free_all(&d);
    return 0;
}
