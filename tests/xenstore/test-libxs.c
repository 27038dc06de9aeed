/* Tests of libxenstore against a running xenstored ($XENSTORED_PATH). */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenstore.h>

static int failures;

#define CHECK(cond)                                                         \
    do {                                                                    \
        if (!(cond)) {                                                      \
            fprintf(stderr, "%s:%d: check failed: %s (errno %d)\n",         \
                    __FILE__, __LINE__, #cond, errno);                      \
            failures++;                                                     \
        }                                                                   \
    } while (0)

static void test_basic(struct xs_handle *h)
{
    unsigned len, num;
    char *v, **dir;
    struct xs_permissions p[2] = { { 0, XS_PERM_NONE }, { 3, XS_PERM_READ } };
    struct xs_permissions *got;

    CHECK(xs_write(h, XBT_NULL, "/lib/a", "hello", 5));
    v = xs_read(h, XBT_NULL, "/lib/a", &len);
    CHECK(v && len == 5 && memcmp(v, "hello", 5) == 0);
    free(v);
    CHECK(!xs_read(h, XBT_NULL, "/lib/none", &len) && errno == ENOENT);
    CHECK(xs_mkdir(h, XBT_NULL, "/lib/d"));
    dir = xs_directory(h, XBT_NULL, "/lib", &num);
    CHECK(dir && num == 2 && strcmp(dir[0], "a") == 0 && strcmp(dir[1], "d") == 0);
    free(dir);
    CHECK(xs_set_permissions(h, XBT_NULL, "/lib/a", p, 2));
    got = xs_get_permissions(h, XBT_NULL, "/lib/a", &num);
    CHECK(got && num == 2 && got[1].id == 3 && got[1].perms == XS_PERM_READ);
    free(got);
    v = xs_get_domain_path(h, 7);
    CHECK(v && strcmp(v, "/local/domain/7") == 0);
    free(v);
    CHECK(!xs_is_domain_introduced(h, 7));
    CHECK(xs_rm(h, XBT_NULL, "/lib/d"));
    CHECK(!xs_rm(h, XBT_NULL, "/nolib/x") && errno == ENOENT);
    v = xs_control_command(h, "check", NULL, 0);
    CHECK(v != NULL);
    free(v);
}

static void test_transactions(struct xs_handle *h, struct xs_handle *h2)
{
    xs_transaction_t t = xs_transaction_start(h);
    unsigned len;
    char *v;

    CHECK(t != XBT_NULL);
    CHECK(xs_write(h, t, "/lib/tx", "1", 1));
    CHECK(!xs_read(h2, XBT_NULL, "/lib/tx", &len));
    CHECK(xs_transaction_end(h, t, false));
    v = xs_read(h2, XBT_NULL, "/lib/tx", &len);
    CHECK(v && len == 1);
    free(v);
    t = xs_transaction_start(h);
    v = xs_read(h, t, "/lib/tx", &len);
    free(v);
    CHECK(xs_write(h2, XBT_NULL, "/lib/tx", "2", 1));
    CHECK(!xs_transaction_end(h, t, false) && errno == EAGAIN);
    t = xs_transaction_start(h);
    CHECK(xs_write(h, t, "/lib/tx", "3", 1));
    CHECK(xs_transaction_end(h, t, true));
    v = xs_read(h, XBT_NULL, "/lib/tx", &len);
    CHECK(v && v[0] == '2');
    free(v);
}

struct writer_arg {
    struct xs_handle *h;
    int n;
};

static void *writer(void *p)
{
    struct writer_arg *a = p;
    char path[64];

    for (int i = 0; i < a->n; i++) {
        snprintf(path, sizeof(path), "/lib/w/%d", i);
        if (!xs_write(a->h, XBT_NULL, path, "x", 1))
            failures++;
    }
    return NULL;
}

static void test_watches(struct xs_handle *h, struct xs_handle *h2)
{
    struct pollfd pfd;
    char **vec;
    unsigned num;
    int events = 0;
    pthread_t th[4];
    struct writer_arg wa = { h2, 50 };

    CHECK(xs_watch(h, "/lib/w", "tok"));
    vec = xs_read_watch(h, &num);     /* the initial event */
    CHECK(vec && num == 2 && strcmp(vec[XS_WATCH_PATH], "/lib/w") == 0 &&
          strcmp(vec[XS_WATCH_TOKEN], "tok") == 0);
    free(vec);
    pfd.fd = xs_fileno(h);
    pfd.events = POLLIN;
    CHECK(pfd.fd >= 0);
    /* Several threads share h2 while h's watch thread collects events. */
    for (int i = 0; i < 4; i++)
        pthread_create(&th[i], NULL, writer, &wa);
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    while (events < 4 * 50 && poll(&pfd, 1, 2000) > 0) {
        while ((vec = xs_check_watch(h))) {
            events++;
            free(vec);
        }
    }
    CHECK(events == 4 * 50);
    /* Requests on h still work while its reader thread runs. */
    CHECK(xs_write(h, XBT_NULL, "/lib/after", "1", 1));
    CHECK(xs_unwatch(h, "/lib/w", "tok"));
    CHECK(!xs_unwatch(h, "/lib/w", "tok") && errno == ENOENT);
    CHECK(!xs_check_watch(h) && errno == EAGAIN);
}

int main(void)
{
    struct xs_handle *h = xs_open(0), *h2 = xs_open(0);

    if (!h || !h2) {
        perror("xs_open");
        return 1;
    }
    test_basic(h);
    test_transactions(h, h2);
    test_watches(h, h2);
    xs_close(h);
    xs_close(h2);
    if (failures)
        fprintf(stderr, "%d failures\n", failures);
    return failures ? 1 : 0;
}
