/*
 * xenstore, xenstore-{read,write,rm,exists,list,ls,chmod,watch}: one
 * multi-call program; the mode comes from the name it was started under
 * or from the first argument of `xenstore <mode>`.
 */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <xenstore.h>

#define LS_TAG_LEN 8       /* room kept for ` = "\..."` on a truncated line */
#define LS_PERM_COL 20     /* perms start this far before the line width */

struct cli {
    const char *prog;      /* name for messages */
    struct xs_handle *xsh;
    bool prefix;           /* -p */
    bool raw;              /* -R */
    bool tidy;             /* -t */
    bool upto;             /* -u */
    bool recurse;          /* -r */
    bool full_path;        /* -f */
    int max_events;        /* -n */
    int width;
    struct expanding_buffer ebuf;
};

enum mode { M_READ, M_WRITE, M_RM, M_EXISTS, M_LIST, M_LS, M_CHMOD, M_WATCH };

struct mode_desc {
    const char *md_name;
    enum mode md_mode;
    const char *md_opts;
    const char *md_usage;
    int md_min_args;
};

static const struct mode_desc modes[] = {
    { "read", M_READ, "hpsR", "[-h] [-p] [-s] [-R] key [...]", 1 },
    { "write", M_WRITE, "hsR", "[-h] [-s] [-R] key value [...]", 2 },
    { "rm", M_RM, "hst", "[-h] [-s] [-t] key [...]", 1 },
    { "exists", M_EXISTS, "hs", "[-h] [-p] [-s] key [...]", 1 },
    { "list", M_LIST, "hps", "[-h] [-p] [-s] key [...]", 1 },
    { "ls", M_LS, "hfps", "[-h] [-f] [-p] [-s] [path]", 0 },
    { "chmod", M_CHMOD, "hurs", "[-h] [-u] [-r] [-s] key <mode [modes...]>", 2 },
    { "watch", M_WATCH, "hn:s", "[-h] [-n NR] key", 1 },
};

static void usage(const struct cli *c, const struct mode_desc *m)
{
    if (m)
        fprintf(stderr, "%s: Usage: %s %s\n", c->prog, c->prog, m->md_usage);
    else
        fprintf(stderr, "%s: Usage: xenstore <mode> [-h] [...]\n", c->prog);
}

/* ---- one operation per key, inside a transaction ---- */

/* Returns 0 on success, 1 on a failure already reported. */
static int op_read(struct cli *c, xs_transaction_t t, const char *key)
{
    unsigned len;
    char *val = xs_read(c->xsh, t, key, &len);

    if (!val) {
        fprintf(stderr, "%s: couldn't read path %s\n", c->prog, key);
        return 1;
    }
    if (c->prefix)
        printf("%s: ", key);
    if (c->raw) {
        fwrite(val, 1, len, stdout);     /* raw: no newline, as Xen */
    } else {
        const char *s = sanitise_value(&c->ebuf, val, len);
        printf("%s\n", s ? s : "");
    }
    free(val);
    return 0;
}

static int op_write(struct cli *c, xs_transaction_t t, const char *key,
                    const char *value)
{
    char *buf = strdup(value);
    unsigned len = (unsigned)strlen(value);
    bool ok;

    if (!buf)
        return 1;
    if (!c->raw)
        unsanitise_value(buf, &len, value);
    ok = xs_write(c->xsh, t, key, buf, len);
    free(buf);
    if (!ok) {
        fprintf(stderr, "%s: could not write path %s\n", c->prog, key);
        return 1;
    }
    return 0;
}

static int op_rm(struct cli *c, xs_transaction_t t, const char *key)
{
    char *path;

    if (!xs_rm(c->xsh, t, key)) {
        fprintf(stderr, "%s: could not remove path %s\n", c->prog, key);
        return 1;
    }
    if (!c->tidy)
        return 0;
    /* -t: also remove ancestors left without children. */
    path = strdup(key);
    while (path) {
        char *slash = strrchr(path, '/');
        unsigned num;
        char **list;

        if (!slash || slash == path)
            break;
        *slash = '\0';
        list = xs_directory(c->xsh, t, path, &num);
        if (!list)
            break;
        free(list);
        if (num != 0 || !xs_rm(c->xsh, t, path))
            break;
    }
    free(path);
    return 0;
}

static int op_exists(struct cli *c, xs_transaction_t t, const char *key)
{
    unsigned len;
    char *val = xs_read(c->xsh, t, key, &len);

    if (!val)
        return 1;
    free(val);
    return 0;
}

static int op_list(struct cli *c, xs_transaction_t t, const char *key)
{
    unsigned num;
    char **list = xs_directory(c->xsh, t, key, &num);

    if (!list) {
        fprintf(stderr, "%s: could not list path %s\n", c->prog, key);
        return 1;
    }
    for (unsigned i = 0; i < num; i++) {
        if (c->prefix)
            printf("%s%s", key, strcmp(key, "/") ? "/" : "");
        printf("%s\n", list[i]);
    }
    free(list);
    return 0;
}

/* Parse "r1" style modes from argv into perms; 0 or 1 after a message. */
static int parse_modes(struct cli *c, char **argv, int n,
                       struct xs_permissions *perms)
{
    for (int i = 0; i < n; i++) {
        const char *m = argv[i];
        char *end;

        switch (m[0]) {
        case 'n': perms[i].perms = XS_PERM_NONE; break;
        case 'r': perms[i].perms = XS_PERM_READ; break;
        case 'w': perms[i].perms = XS_PERM_WRITE; break;
        case 'b': perms[i].perms = XS_PERM_READ | XS_PERM_WRITE; break;
        default:
            fprintf(stderr, "%s: Invalid permission specification: '%c'\n",
                    c->prog, m[0]);
            return 1;
        }
        perms[i].id = (unsigned)strtoul(m + 1, &end, 0);
        if (*end || end == m + 1) {
            fprintf(stderr, "%s: Invalid domain ID: '%s'\n", c->prog, m + 1);
            return 1;
        }
    }
    return 0;
}

/* Set perms on path, and below it with -r; 0 or 1 after a message. */
static int chmod_one(struct cli *c, xs_transaction_t t, const char *path,
                     struct xs_permissions *perms, int n, bool recurse)
{
    if (!xs_set_permissions(c->xsh, t, path, perms, (unsigned)n)) {
        fprintf(stderr, "%s: Error occurred setting permissions on '%s': %s\n",
                c->prog, path, strerror(errno));
        return 1;
    }
    if (recurse) {
        unsigned num;
        char **list = xs_directory(c->xsh, t, path, &num);
        for (unsigned i = 0; list && i < num; i++) {
            char *child;
            if (asprintf(&child, "%s/%s", strcmp(path, "/") ? path : "",
                         list[i]) < 0)
                break;
            if (chmod_one(c, t, child, perms, n, true)) {
                free(child);
                free(list);
                return 1;
            }
            free(child);
        }
        free(list);
    }
    return 0;
}

static int op_chmod(struct cli *c, xs_transaction_t t, const char *key,
                    struct xs_permissions *perms, int n)
{
    char *path;

    if (chmod_one(c, t, key, perms, n, c->recurse))
        return 1;
    if (!c->upto)
        return 0;
    path = strdup(key);
    for (char *slash; path && (slash = strrchr(path, '/')) && slash != path;) {
        *slash = '\0';
        if (chmod_one(c, t, path, perms, n, false))
            break;
    }
    free(path);
    return 0;
}

/* ---- xenstore-ls ---- */

static void print_perms(struct cli *c, const char *path)
{
    unsigned num;
    struct xs_permissions *p = xs_get_permissions(c->xsh, XBT_NULL, path, &num);
    char buf[MAX_STRLEN(unsigned int) + 2];

    if (!p) {
        fprintf(stderr, "\n%s: could not access permissions for %s: %s\n",
                c->prog, path, strerror(errno));
        return;
    }
    fputs("  (", stdout);
    for (unsigned i = 0; i < num; i++) {
        if (i)
            putchar(',');
        xs_perm_to_string(&p[i], buf, sizeof(buf));
        fputs(buf, stdout);
    }
    putchar(')');
    free(p);
}

/* Print one node's line in xenstore-ls format. */
static void ls_line(struct cli *c, const char *path, const char *name,
                    int depth, bool perms)
{
    unsigned len;
    char *val = xs_read(c->xsh, XBT_NULL, path, &len);
    int w = 0;

    if (c->full_path) {
        fputs(path, stdout);
    } else {
        for (; w < depth; w++)
            putchar(' ');
        w += printf("%.*s", c->width - LS_TAG_LEN - w > 0 ?
                    c->width - LS_TAG_LEN - w : 0, name);
    }
    if (!val) {
        fputs(":\n", stdout);
        return;
    }
    {
        const char *s = sanitise_value(&c->ebuf, val, len);
        int sl = s ? (int)strlen(s) : 0;
        if (!c->full_path && c->width < w + sl + LS_TAG_LEN) {
            int keep = c->width - LS_TAG_LEN - w;
            printf(" = \"%.*s\\...\"", keep > 0 ? keep : 0, s ? s : "");
            w = c->width;
        } else {
            w += printf(" = \"%s\"", s ? s : "");
        }
    }
    free(val);
    if (perms) {
        if (c->full_path) {
            putchar(' ');
        } else if (w < c->width) {
            putchar(' ');
            for (w++; w < c->width - LS_PERM_COL; w++)
                putchar(w & 1 ? '.' : ' ');
        }
        print_perms(c, path);
    }
    putchar('\n');
}

/* List path's children and their subtrees; 0 or 1 on failure. */
static int do_ls(struct cli *c, const char *path, int depth, bool perms)
{
    unsigned num;
    char **list = xs_directory(c->xsh, XBT_NULL, path, &num);

    if (!list) {
        if (depth == 0) {
            fprintf(stderr, "%s: xs_directory (%s): %s\n", c->prog, path,
                    strerror(errno));
            return 1;
        }
        return 0;
    }
    for (unsigned i = 0; i < num; i++) {
        char *child;
        if (asprintf(&child, "%s/%s", strcmp(path, "/") ? path : "",
                     list[i]) < 0)
            break;
        ls_line(c, child, list[i], depth, perms);
        do_ls(c, child, depth + 1, perms);
        free(child);
    }
    free(list);
    return 0;
}

/* ---- xenstore-watch ---- */

static int do_watch(struct cli *c, char **keys, int n)
{
    for (int i = 0; i < n; i++) {
        if (!xs_watch(c->xsh, keys[i], keys[i])) {
            fprintf(stderr, "%s: Unable to add watch on %s\n", c->prog, keys[i]);
            return 1;
        }
    }
    for (int seen = 0; c->max_events < 0 || seen < c->max_events; seen++) {
        unsigned num;
        char **vec = xs_read_watch(c->xsh, &num);
        if (!vec)
            return 1;
        printf("%s\n", vec[XS_WATCH_PATH]);
        fflush(stdout);
        free(vec);
    }
    return 0;
}

/* ---- driver ---- */

/* Run the per-key operation of mode over args inside one transaction. */
static int run_in_tx(struct cli *c, enum mode mode, char **args, int n,
                     struct xs_permissions *perms, int nperms)
{
    for (;;) {
        xs_transaction_t t = xs_transaction_start(c->xsh);
        int ret = 0;

        if (t == XBT_NULL) {
            fprintf(stderr, "%s: couldn't start transaction\n", c->prog);
            return 1;
        }
        switch (mode) {
        case M_READ:
            for (int i = 0; i < n && !ret; i++)
                ret = op_read(c, t, args[i]);
            break;
        case M_WRITE:
            for (int i = 0; i + 1 < n && !ret; i += 2)
                ret = op_write(c, t, args[i], args[i + 1]);
            break;
        case M_RM:
            for (int i = 0; i < n && !ret; i++)
                ret = op_rm(c, t, args[i]);
            break;
        case M_EXISTS:
            for (int i = 0; i < n && !ret; i++)
                ret = op_exists(c, t, args[i]);
            break;
        case M_LIST:
            for (int i = 0; i < n && !ret; i++)
                ret = op_list(c, t, args[i]);
            break;
        case M_CHMOD:
            ret = op_chmod(c, t, args[0], perms, nperms);
            break;
        default:
            break;
        }
        if (!xs_transaction_end(c->xsh, t, ret != 0)) {
            if (ret == 0 && errno == EAGAIN) {
                fflush(stdout);
                continue;
            }
            if (ret == 0) {
                fprintf(stderr, "%s: couldn't end transaction\n", c->prog);
                return 1;
            }
        }
        return ret;
    }
}

static const struct mode_desc *find_mode(const char *name)
{
    for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
        if (strcmp(modes[i].md_name, name) == 0)
            return &modes[i];
    return NULL;
}

static int terminal_width(void)
{
    struct winsize ws;

    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
        ws.ws_col > 0)
        return ws.ws_col;
    return 80;
}

int main(int argc, char **argv)
{
    struct cli c = { .max_events = -1 };
    const struct mode_desc *m;
    const char *base = strrchr(argv[0], '/');
    unsigned long flags = 0;
    int opt, ret, nargs;
    static char progbuf[32];

    base = base ? base + 1 : argv[0];
    c.prog = base;
    if (strncmp(base, "xenstore-", 9) == 0) {
        m = find_mode(base + 9);
    } else {
        m = argc > 1 ? find_mode(argv[1]) : NULL;
        if (m) {
            snprintf(progbuf, sizeof(progbuf), "xenstore-%s", m->md_name);
            c.prog = progbuf;
            argv++;
            argc--;
        }
    }
    if (!m) {
        usage(&c, NULL);
        return 1;
    }
    while ((opt = getopt(argc, argv, m->md_opts)) != -1) {
        switch (opt) {
        case 'p': c.prefix = true; c.full_path = m->md_mode == M_LS || c.full_path; break;
        case 's': flags |= XS_OPEN_SOCKETONLY; break;
        case 'R': c.raw = true; break;
        case 't': c.tidy = true; break;
        case 'u': c.upto = true; break;
        case 'r': c.recurse = true; break;
        case 'f': c.full_path = true; break;
        case 'n': c.max_events = atoi(optarg); break;
        default: usage(&c, m); return 1;
        }
    }
    if (m->md_mode == M_LS) {
        /* -p on ls means "show permissions", not "prefix". */
        c.full_path = false;
        optind = 1;
        c.prefix = false;
        while ((opt = getopt(argc, argv, m->md_opts)) != -1)
            if (opt == 'f')
                c.full_path = true;
            else if (opt == 'p')
                c.prefix = true;
    }
    nargs = argc - optind;
    if (nargs < m->md_min_args || (m->md_mode == M_WRITE && nargs % 2) ||
        (m->md_mode == M_LS && nargs > 1) ||
        (m->md_mode == M_WATCH && nargs != 1)) {
        usage(&c, m);
        return 1;
    }
    c.width = terminal_width();
    c.xsh = xs_open(flags);
    if (!c.xsh) {
        fprintf(stderr, "%s: xs_open: %s\n", c.prog, strerror(errno));
        return 1;
    }
    switch (m->md_mode) {
    case M_LS:
        ret = do_ls(&c, nargs ? argv[optind] : "/", 0, c.prefix);
        break;
    case M_WATCH:
        ret = do_watch(&c, argv + optind, nargs);
        break;
    case M_CHMOD: {
        int np = nargs - 1;
        struct xs_permissions *perms = calloc((size_t)np, sizeof(*perms));
        if (!perms || parse_modes(&c, argv + optind + 1, np, perms)) {
            free(perms);
            ret = 1;
            break;
        }
        ret = run_in_tx(&c, m->md_mode, argv + optind, nargs, perms, np);
        free(perms);
        break;
    }
    default:
        ret = run_in_tx(&c, m->md_mode, argv + optind, nargs, NULL, 0);
        break;
    }
    xs_close(c.xsh);
    free(c.ebuf.buf);
    return ret;
}
