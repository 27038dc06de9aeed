/* xenstored: XS_CONTROL commands (xenstore-control). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xsd.h"

struct xsd_ctl {
    const char *ct_name;
    int (*ct_fn)(struct xsd *d, const char **argv, unsigned argc, char *out,
                 size_t size);
    const char *ct_help;
};

static int ctl_check(struct xsd *d, const char **argv, unsigned argc,
                     char *out, size_t size)
{
    size_t nodes = 0;

    (void)argv;
    (void)argc;
    for (size_t i = 0; i <= d->x_store.t_mask; i++)
        for (struct xsd_node *n = d->x_store.t_buckets[i]; n; n = n->n_hnext)
            nodes++;
    if (nodes != d->x_store.t_count)
        return EIO;
    snprintf(out, size, "OK");
    return 0;
}

static int ctl_log(struct xsd *d, const char **argv, unsigned argc, char *out,
                   size_t size)
{
    (void)d;
    (void)argv;
    (void)argc;
    snprintf(out, size, "OK");
    return 0;
}

static int ctl_print(struct xsd *d, const char **argv, unsigned argc,
                     char *out, size_t size)
{
    if (argc < 1)
        return EINVAL;
    xsd_log(d, "control: %s", argv[0]);
    snprintf(out, size, "OK");
    return 0;
}

static int ctl_memreport(struct xsd *d, const char **argv, unsigned argc,
                         char *out, size_t size)
{
    unsigned conns = 0;

    (void)argv;
    (void)argc;
    for (struct xsd_conn *c = d->x_conns; c; c = c->c_next)
        conns++;
    snprintf(out, size, "nodes: %zu\nconnections: %u\nrequests: %lu\n"
             "watch events: %lu\ngeneration: %llu\n",
             d->x_store.t_count, conns, d->x_stat_requests,
             d->x_stat_events, (unsigned long long)d->x_gen);
    return 0;
}

static int ctl_quota(struct xsd *d, const char **argv, unsigned argc,
                     char *out, size_t size)
{
    size_t used = 0;

    if (argc >= 1) {
        uint32_t domid = (uint32_t)strtoul(argv[0], NULL, 10);
        struct xsd_domain *dom = domain_find(d, domid);
        if (!dom)
            return ENOENT;
        snprintf(out, size, "Domain %u:\n  nodes: %ld\n  watches: %u\n",
                 domid, dom->d_nodes, dom->d_watches);
        return 0;
    }
    for (int q = 0; q < Q_COUNT && used < size; q++)
        used += (size_t)snprintf(out + used, size - used, "%-18s %u\n",
                                 xsd_quota_names[q], d->x_opt.o_quota[q]);
    return 0;
}

static int ctl_quota_soft(struct xsd *d, const char **argv, unsigned argc,
                          char *out, size_t size)
{
    (void)argv;
    (void)argc;
    snprintf(out, size, "memory %u\n", d->x_opt.o_quota_soft_memory);
    return 0;
}

static int ctl_help(struct xsd *d, const char **argv, unsigned argc,
                    char *out, size_t size);

static const struct xsd_ctl ctl_cmds[] = {
    { "check", ctl_check, "check\t" },
    { "log", ctl_log, "log\ton|off" },
    { "logfile", ctl_log, "logfile\t<file>" },
    { "memreport", ctl_memreport, "memreport\t[<file>]" },
    { "print", ctl_print, "print\t<string>" },
    { "quota", ctl_quota, "quota\t[<domid>]" },
    { "quota-soft", ctl_quota_soft, "quota-soft\t" },
    { "help", ctl_help, "help\t" },
};

static int ctl_help(struct xsd *d, const char **argv, unsigned argc,
                    char *out, size_t size)
{
    size_t used = 0;

    (void)d;
    (void)argv;
    (void)argc;
    out[0] = '\0';
    for (size_t i = 0; i < sizeof(ctl_cmds) / sizeof(ctl_cmds[0]); i++)
        if (used < size)
            used += (size_t)snprintf(out + used, size - used, "%s\n",
                                     ctl_cmds[i].ct_help);
    return 0;
}

int control_command(struct xsd *d, struct xsd_conn *c,
                    const struct xsd_sockmsg *hdr, const char *body)
{
    const char *argv[16];
    unsigned argc = 0;
    char out[XENSTORE_PAYLOAD_MAX];
    int err = EINVAL;

    for (uint32_t off = 0; off < hdr->len && argc < 16;) {
        size_t l = strnlen(body + off, hdr->len - off);
        argv[argc++] = body + off;
        off += (uint32_t)l + 1;
    }
    if (argc == 0)
        return EINVAL;
    for (size_t i = 0; i < sizeof(ctl_cmds) / sizeof(ctl_cmds[0]); i++) {
        if (strcmp(argv[0], ctl_cmds[i].ct_name) == 0) {
            out[0] = '\0';
            err = ctl_cmds[i].ct_fn(d, argv + 1, argc - 1, out, sizeof(out) - 1);
            break;
        }
    }
    if (err)
        return err;
    conn_queue(c, XS_CONTROL, hdr->req_id, hdr->tx_id, out, strlen(out) + 1,
               NULL, 0, false);
    return -1;
}
