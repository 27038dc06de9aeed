/* xenstored: options, start-up, signals and the event loop. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "xsd.h"

#ifndef XENSTORED_RUNDIR
#define XENSTORED_RUNDIR "/var/run/xenstored"
#endif
#ifndef XENSTORED_STATEDIR
#define XENSTORED_STATEDIR "/var/lib/xenstored"
#endif
#ifndef XEN_LOG_DIR
#define XEN_LOG_DIR "/var/log/xen"
#endif

void xsd_log(struct xsd *d, const char *fmt, ...)
{
    FILE *f = d->x_log ? d->x_log : stderr;
    char when[32];
    time_t now = time(NULL);
    struct tm tm;
    va_list ap;

    strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", gmtime_r(&now, &tm));
    fprintf(f, "%s xenstored: ", when);
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fputc('\n', f);
    fflush(f);
}

static void usage(FILE *f)
{
    fprintf(f,
"Usage: xenstored [options]\n"
"  -N, --no-fork               stay in the foreground\n"
"  -F, --pid-file FILE         write the daemon's pid to FILE\n"
"  -T, --trace-file FILE       trace every request to FILE\n"
"  -L, --log-file FILE         log to FILE (default " XEN_LOG_DIR "/xenstored.log)\n"
"  -D, --no-domain-init        do not connect to the local domain's ring\n"
"                              (/proc/xen/xsd_kva and xsd_port)\n"
"  -E, --entry-nb N            node quota per domain (default 1000)\n"
"  -W, --watch-nb N            watch quota per domain (default 128)\n"
"  -t, --transaction N         transaction quota per domain (default 10)\n"
"  -A, --perm-nb N             permission entries per node (default 5)\n"
"  -M, --path-max N            path length limit (default 2048)\n"
"  -S, --entry-size N          node size limit in bytes (default 2048)\n"
"  -Q, --quota NAME=N          set any quota (nodes, watches, outstanding,\n"
"                              memory, transactions, transaction-nodes,\n"
"                              permissions, path-max, node-size)\n"
"  -q, --quota-soft NAME=N     soft quota (memory)\n"
"  -K, --keep-orphans          keep the nodes of dead domains\n"
"  -p, --priv-domid ID         privileged domain besides dom0\n"
"  -m, --master-domid ID       accepted for compatibility\n"
"  -e, --event PORT            accepted for compatibility\n"
"  -w, --timeout watch-event=SEC  drop watch events an unprivileged\n"
"                              connection leaves unread (default 20, 0 = never)\n"
"  -R, --no-recovery           accepted for compatibility\n"
"  -I, --internal-db           accepted for compatibility\n"
"  -V, --verbose               log every request\n"
"      --state-dir DIR         persistent state (default " XENSTORED_STATEDIR ";\n"
"                              'none' disables persistence)\n"
"      --ring-dir DIR          test ring transport directory\n"
"      --fsync                 fdatasync the journal after every change\n"
"      --reset-state[=WHEN]    discard the saved state at start: 'boot' when\n"
"                              it is from an earlier boot (what xencommons and\n"
"                              xenstored.service pass: a restart within a boot\n"
"                              keeps it), 'always' (the default WHEN: start\n"
"                              empty, as Xen's daemon), 'never' (the default)\n"
"  -h, --help                  this text\n"
"Environment: XENSTORED_RUNDIR (socket directory), XENSTORED_PATH (socket),\n"
"  XENSTORED_DEVROOT (tests only: prefix of /dev/xen and /proc/xen paths).\n");
}

/* Parse "name=value" for -Q/-q into quota q and value. */
static int parse_quota_arg(const char *arg, int *q, unsigned *val)
{
    char name[64];
    const char *eq = strchr(arg, '=');
    char *end;
    unsigned long v;

    if (!eq || (size_t)(eq - arg) >= sizeof(name))
        return EINVAL;
    memcpy(name, arg, (size_t)(eq - arg));
    name[eq - arg] = '\0';
    *q = quota_lookup(name);
    v = strtoul(eq + 1, &end, 10);
    if (*q < 0 || *end || end == eq + 1)
        return EINVAL;
    *val = v ? (unsigned)v : 0xffffffffu;
    return 0;
}

/* Parse "watch-event=SEC" (-w) into milliseconds. */
static int parse_timeout_arg(const char *arg, unsigned *ms)
{
    char *end;
    unsigned long v;

    if (strncmp(arg, "watch-event=", 12) != 0)
        return EINVAL;
    v = strtoul(arg + 12, &end, 10);
    if (*end || end == arg + 12 || v > 4000000UL)
        return EINVAL;
    *ms = (unsigned)(v * 1000UL);
    return 0;
}

/* Parse a non-negative decimal option value into *out; 0 on success. */
static int parse_num(const char *s, unsigned *out)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);

    if (!*s || *end || v > 0xffffffffUL)
        return EINVAL;
    *out = (unsigned)v;
    return 0;
}

/* --reset-state[=boot|always|never]: no value means "always". */
static int parse_reset_arg(const char *arg, enum xsd_reset *out)
{
    if (!arg || strcmp(arg, "always") == 0)
        *out = XSD_RESET_ALWAYS;
    else if (strcmp(arg, "boot") == 0)
        *out = XSD_RESET_BOOT;
    else if (strcmp(arg, "never") == 0)
        *out = XSD_RESET_NEVER;
    else
        return EINVAL;
    return 0;
}

enum { OPT_STATEDIR = 256, OPT_RINGDIR, OPT_FSYNC, OPT_RESET };

static int parse_options(struct xsd_options *o, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "no-fork", no_argument, NULL, 'N' },
        { "pid-file", required_argument, NULL, 'F' },
        { "trace-file", required_argument, NULL, 'T' },
        { "log-file", required_argument, NULL, 'L' },
        { "no-domain-init", no_argument, NULL, 'D' },
        { "entry-nb", required_argument, NULL, 'E' },
        { "watch-nb", required_argument, NULL, 'W' },
        { "transaction", required_argument, NULL, 't' },
        { "perm-nb", required_argument, NULL, 'A' },
        { "path-max", required_argument, NULL, 'M' },
        { "entry-size", required_argument, NULL, 'S' },
        { "quota", required_argument, NULL, 'Q' },
        { "quota-soft", required_argument, NULL, 'q' },
        { "keep-orphans", no_argument, NULL, 'K' },
        { "priv-domid", required_argument, NULL, 'p' },
        { "master-domid", required_argument, NULL, 'm' },
        { "event", required_argument, NULL, 'e' },
        { "timeout", required_argument, NULL, 'w' },
        { "no-recovery", no_argument, NULL, 'R' },
        { "internal-db", no_argument, NULL, 'I' },
        { "verbose", no_argument, NULL, 'V' },
        { "state-dir", required_argument, NULL, OPT_STATEDIR },
        { "ring-dir", required_argument, NULL, OPT_RINGDIR },
        { "fsync", no_argument, NULL, OPT_FSYNC },
        { "reset-state", optional_argument, NULL, OPT_RESET },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int opt, q;
    unsigned v;

    while ((opt = getopt_long(argc, argv, "NF:T:L:DE:W:t:A:M:S:Q:q:Kp:m:e:w:RIVh",
                              longopts, NULL)) != -1) {
        int err = 0;
        switch (opt) {
        case 'N': o->o_foreground = true; break;
        case 'F': o->o_pidfile = optarg; break;
        case 'T': o->o_tracefile = optarg; break;
        case 'L': o->o_logfile = optarg; break;
        case 'D': o->o_no_domain_init = true; break;
        case 'E': err = parse_num(optarg, &o->o_quota[Q_NODES]); break;
        case 'W': err = parse_num(optarg, &o->o_quota[Q_WATCHES]); break;
        case 't': err = parse_num(optarg, &o->o_quota[Q_TRANSACTIONS]); break;
        case 'A': err = parse_num(optarg, &o->o_quota[Q_PERMS]); break;
        case 'M': err = parse_num(optarg, &o->o_quota[Q_PATH_MAX]); break;
        case 'S': err = parse_num(optarg, &o->o_quota[Q_NODE_SIZE]); break;
        case 'Q':
            if (!(err = parse_quota_arg(optarg, &q, &v)))
                o->o_quota[q] = v;
            break;
        case 'q':
            if (!(err = parse_quota_arg(optarg, &q, &v)))
                o->o_quota_soft_memory = v;
            break;
        case 'K': o->o_keep_orphans = true; break;
        case 'p': err = parse_num(optarg, &o->o_priv_domid); break;
        case 'w': err = parse_timeout_arg(optarg, &o->o_watch_event_ms); break;
        case 'm': case 'e': case 'R': case 'I': case 'V': break;
        case OPT_STATEDIR:
            o->o_statedir = strcmp(optarg, "none") ? optarg : NULL;
            break;
        case OPT_RINGDIR: o->o_ringdir = optarg; break;
        case OPT_FSYNC: o->o_fsync = true; break;
        case OPT_RESET: err = parse_reset_arg(optarg, &o->o_reset_state); break;
        case 'h': usage(stdout); exit(0);
        default: usage(stderr); return EINVAL;
        }
        if (err) {
            fprintf(stderr, "xenstored: bad value for -%c: %s\n", opt, optarg);
            return EINVAL;
        }
    }
    if (optind < argc) {
        usage(stderr);
        return EINVAL;
    }
    return 0;
}

static void default_options(struct xsd_options *o)
{
    static const unsigned defaults[Q_COUNT] = {
        [Q_NODES] = 1000, [Q_WATCHES] = 128, [Q_OUTSTANDING] = 20,
        [Q_MEMORY] = 2560 * 1024, [Q_TRANSACTIONS] = 10,
        [Q_TRANSACTION_NODES] = 1024, [Q_PERMS] = 5, [Q_PATH_MAX] = 2048,
        [Q_NODE_SIZE] = 2048,
    };

    memset(o, 0, sizeof(*o));
    memcpy(o->o_quota, defaults, sizeof(defaults));
    o->o_quota_soft_memory = 2048 * 1024;
    o->o_watch_event_ms = 20000;
    o->o_priv_domid = 0;
    o->o_statedir = XENSTORED_STATEDIR;
    o->o_rundir = getenv("XENSTORED_RUNDIR");
    if (!o->o_rundir)
        o->o_rundir = XENSTORED_RUNDIR;
    o->o_socket = getenv("XENSTORED_PATH");
}

/* Create the listening socket; -1 with errno. */
static int listen_socket(const char *path)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int fd;

    if (strlen(path) >= sizeof(addr.sun_path)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(addr.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return -1;
    unlink(path);
    if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
        chmod(path, 0600) < 0 || listen(fd, 128) < 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

/* Tell systemd we are ready, if it started us (no libsystemd needed). */
static void notify_systemd(void)
{
    const char *s = getenv("NOTIFY_SOCKET");
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    socklen_t len;
    int fd;

    if (!s || (s[0] != '/' && s[0] != '@') || strlen(s) >= sizeof(addr.sun_path))
        return;
    strcpy(addr.sun_path, s);
    if (s[0] == '@')
        addr.sun_path[0] = '\0';
    len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(s));
    fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return;
    if (sendto(fd, "READY=1", 7, 0, (struct sockaddr *)&addr, len) < 0) {
        /* systemd will time us out and say so */
    }
    close(fd);
}

static void open_log(struct xsd *d)
{
    const char *path = d->x_opt.o_logfile;

    if (d->x_log)
        fclose(d->x_log);
    d->x_log = NULL;
    if (!path)
        path = XEN_LOG_DIR "/xenstored.log";
    d->x_log = fopen(path, "a");
    if (!d->x_log && d->x_opt.o_logfile)
        fprintf(stderr, "xenstored: cannot open log %s: %s\n", path,
                strerror(errno));
}

static void accept_clients(struct xsd *d)
{
    for (;;) {
        int fd = accept4(d->x_listen_fd, NULL, NULL,
                         SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd < 0)
            return;
        if (!conn_new(d, &xsd_socket_ops, fd, 0))
            close(fd);
    }
}

/* Reopen the rings of domains that were introduced before a restart. */
static void restore_domains(struct xsd *d)
{
    for (struct xsd_domain *dom = d->x_domains; dom; dom = dom->d_next) {
        if (!dom->d_introduced || dom->d_conn)
            continue;
        dom->d_introduced = false;
        if (domain_introduce(d, dom->d_domid, dom->d_gfn, dom->d_evtchn, true))
            xsd_log(d, "dom%u: cannot reconnect its ring", dom->d_domid);
    }
}

/*
 * The ring backend, then our own domain's ring unless -D (as Xen's daemon:
 * dom0's kernel left its page in /proc/xen/xsd_kva).  Neither is fatal: on
 * a host without Xen only the socket is served.
 */
static void start_rings(struct xsd *d)
{
    int err = ring_backend_init(d);

    if (err)
        xsd_log(d, "no ring transport (/dev/xen/evtchn: %s)", strerror(err));
    else
        xsd_log(d, "ring transport: %s", d->x_ring->name);
    if (d->x_ring && !d->x_opt.o_no_domain_init &&
        (err = ring_local_init(d)))
        xsd_log(d, "no local domain ring (/proc/xen/xsd_port, xsd_kva): %s",
                strerror(err));
}

/* Returns false when the daemon should stop. */
static bool handle_signals(struct xsd *d, int sfd)
{
    struct signalfd_siginfo si;

    while (read(sfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
        if (si.ssi_signo == SIGHUP) {
            open_log(d);
            xsd_log(d, "SIGHUP: log reopened");
        } else {
            xsd_log(d, "signal %u: shutting down", si.ssi_signo);
            return false;
        }
    }
    return true;
}

/* poll() timeout: the nearest watch-event deadline or write-rate refill. */
static int poll_timeout(struct xsd *d)
{
    uint64_t now = xsd_now_ms();
    long t = -1;

    for (struct xsd_conn *c = d->x_conns; c; c = c->c_next) {
        long w = -1;
        if (conn_has_request(c) && conn_wants_input(d, c))
            return 0;
        if (c->c_priv_dom)
            continue;
        if (wrl_blocked(d, c, now, &w) && (t < 0 || w < t))
            t = w;
        w = conn_expire_events(d, c, now);
        if (w >= 0 && (t < 0 || w < t))
            t = w;
    }
    return t < 0 ? -1 : (int)(t > 60000 ? 60000 : t + 1);
}

/* One pass of poll() and the work it reports; false to stop. */
static bool loop_once(struct xsd *d, int sfd, struct pollfd **pfdp,
                      size_t *capp)
{
    size_t n = 0, cap = *capp;
    struct pollfd *pfd = *pfdp;
    bool run = true;
    size_t i;

    for (struct xsd_conn *c = d->x_conns; c; c = c->c_next)
        n++;
    if (n + 3 > cap) {
        cap = (n + 3) * 2;
        pfd = realloc(pfd, cap * sizeof(*pfd));
        if (!pfd)
            return false;
        *pfdp = pfd;
        *capp = cap;
    }
    pfd[0] = (struct pollfd){ .fd = d->x_listen_fd, .events = POLLIN };
    pfd[1] = (struct pollfd){ .fd = sfd, .events = POLLIN };
    /* Every ring's event channel comes through the backend's one fd. */
    pfd[2] = (struct pollfd){ .fd = d->x_ring_fd, .events = POLLIN };
    i = 3;
    for (struct xsd_conn *c = d->x_conns; c; c = c->c_next, i++) {
        pfd[i].fd = c->c_fd;    /* rings: -1, which poll() skips */
        pfd[i].events = (short)((conn_wants_input(d, c) ? POLLIN : 0) |
                                (c->c_out_head ? POLLOUT : 0));
        pfd[i].revents = 0;
    }
    if (poll(pfd, i, poll_timeout(d)) < 0)
        return errno == EINTR;
    if (pfd[1].revents)
        run = handle_signals(d, sfd);
    i = 3;
    for (struct xsd_conn *c = d->x_conns; c; c = c->c_next, i++) {
        if (c->c_fd < 0)
            continue;
        if (pfd[i].revents & (POLLIN | POLLHUP | POLLERR))
            conn_input(d, c);
        if (pfd[i].revents & (POLLHUP | POLLERR) && !(pfd[i].revents & POLLIN))
            c->c_dead = true;
    }
    if (pfd[2].revents)
        ring_backend_events(d);
    if (pfd[0].revents)
        accept_clients(d);
    /* Watch-event timeouts; rings held back by a quota resume here. */
    {
        uint64_t now = xsd_now_ms();
        for (struct xsd_conn *c = d->x_conns; c; c = c->c_next) {
            conn_expire_events(d, c, now);
            if ((c->c_fd < 0 || conn_has_request(c)) && !c->c_dead &&
                conn_wants_input(d, c))
                conn_input(d, c);
        }
    }
    /* Changes reach the journal before any reply that reports them. */
    journal_flush(d);
    /* Flush replies and events, then drop broken socket connections. */
    for (struct xsd_conn *c = d->x_conns, *next; c; c = next) {
        next = c->c_next;
        if (c->c_out_head)
            conn_output(c);
        if (c->c_dead && c->c_fd >= 0)
            conn_destroy(d, c);
        else if (c->c_dead && c->c_domain && !c->c_domain->d_introduced)
            conn_destroy(d, c);
    }
    return run;
}

/* Detach from the terminal unless -N; false on failure. */
static bool daemonize(void)
{
    pid_t pid = fork();

    if (pid < 0)
        return false;
    if (pid > 0)
        _exit(0);
    if (setsid() < 0)
        return false;
    pid = fork();
    if (pid < 0)
        return false;
    if (pid > 0)
        _exit(0);
    if (chdir("/") < 0)
        return false;
    {
        int fd = open("/dev/null", O_RDWR);
        if (fd >= 0) {
            dup2(fd, 0);
            dup2(fd, 1);
            dup2(fd, 2);
            if (fd > 2)
                close(fd);
        }
    }
    return true;
}

static void write_pidfile(const char *path)
{
    FILE *f = fopen(path, "w");

    if (f) {
        fprintf(f, "%ld\n", (long)getpid());
        fclose(f);
    }
}

int main(int argc, char **argv)
{
    static struct xsd daemon_state;
    struct xsd *d = &daemon_state;
    char sockpath[4096];
    struct pollfd *pfd = NULL;
    size_t cap = 0;
    sigset_t mask;
    int sfd, err;

    default_options(&d->x_opt);
    if (parse_options(&d->x_opt, argc, argv))
        return 1;
    d->x_intro_perms[0] = (struct xsd_perm){ 0, 0 };
    d->x_intro_nperms = 1;
    d->x_release_perms[0] = (struct xsd_perm){ 0, 0 };
    d->x_release_nperms = 1;
    open_log(d);
    if (d->x_opt.o_tracefile) {
        d->x_trace = fopen(d->x_opt.o_tracefile, "a");
        if (d->x_trace)
            setvbuf(d->x_trace, NULL, _IOLBF, 0);
    }
    if ((err = store_init(d))) {
        fprintf(stderr, "xenstored: cannot initialise the store: %s\n",
                strerror(err));
        return 1;
    }
    if ((err = journal_open(d))) {
        fprintf(stderr, "xenstored: state directory %s: %s (running without "
                "persistence)\n", d->x_opt.o_statedir, strerror(err));
        xsd_log(d, "state directory %s: %s", d->x_opt.o_statedir,
                strerror(err));
    }
    if (d->x_opt.o_socket)
        snprintf(sockpath, sizeof(sockpath), "%s", d->x_opt.o_socket);
    else
        snprintf(sockpath, sizeof(sockpath), "%s/socket", d->x_opt.o_rundir);
    mkdir(d->x_opt.o_rundir, 0755);
    d->x_listen_fd = listen_socket(sockpath);
    if (d->x_listen_fd < 0) {
        fprintf(stderr, "xenstored: cannot listen on %s: %s\n", sockpath,
                strerror(errno));
        return 1;
    }
    sigemptyset(&mask);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGHUP);
    sigprocmask(SIG_BLOCK, &mask, NULL);
    signal(SIGPIPE, SIG_IGN);
    if (!d->x_opt.o_foreground && !daemonize()) {
        fprintf(stderr, "xenstored: cannot daemonize: %s\n", strerror(errno));
        return 1;
    }
    sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
    if (d->x_opt.o_pidfile)
        write_pidfile(d->x_opt.o_pidfile);
    start_rings(d);
    restore_domains(d);
    /* Domains that died while the daemon was down go now, as after a VIRQ. */
    if (d->x_ring)
        domain_check_states(d);
    notify_systemd();
    xsd_log(d, "started, socket %s, %zu nodes", sockpath, d->x_store.t_count);
    while (loop_once(d, sfd, &pfd, &cap))
        ;
    while (d->x_conns)
        conn_destroy(d, d->x_conns);
    if (d->x_ring)
        d->x_ring->close(d);
    journal_close(d);
    unlink(sockpath);
    if (d->x_opt.o_pidfile)
        unlink(d->x_opt.o_pidfile);
    table_free(&d->x_store);
    domain_free_all(d);
    free(pfd);
    xsd_log(d, "stopped");
    return 0;
}
