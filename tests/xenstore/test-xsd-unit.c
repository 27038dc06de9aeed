/* Unit tests of xenstored's permission, path and tree code (cmocka). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "xsd.h"

void xsd_log(struct xsd *d, const char *fmt, ...)
{
    (void)d;
    (void)fmt;
}

static void test_perms_parse(void **state)
{
    struct xsd_perm p[8];
    unsigned n;
    char buf[64];

    (void)state;
    assert_int_equal(perms_parse("r1\0w2\0b3\0n0", 12, p, 8, &n), 0);
    assert_int_equal(n, 4);
    assert_int_equal(p[0].p_id, 1);
    assert_int_equal(p[0].p_bits, XSD_PERM_READ);
    assert_int_equal(p[2].p_bits, XSD_PERM_READ | XSD_PERM_WRITE);
    assert_int_equal(perms_format(p, n, buf, sizeof(buf)), 12);
    assert_memory_equal(buf, "r1\0w2\0b3\0n0", 12);
    assert_int_equal(perms_parse("x1", 3, p, 8, &n), EINVAL);
    assert_int_equal(perms_parse("r", 2, p, 8, &n), EINVAL);
    assert_int_equal(perms_parse("r1a", 4, p, 8, &n), EINVAL);
    assert_int_equal(perms_parse("r1", 2, p, 8, &n), EINVAL);   /* no NUL */
    assert_int_equal(perms_parse("r1\0r2", 6, p, 1, &n), ENOSPC);
}

static void test_perms_access(void **state)
{
    struct xsd_conn c = { .c_domid = 5, .c_target = XSD_DOMID_NONE };
    struct xsd_perm owner5[] = { { 5, 0 } };
    struct xsd_perm other[] = { { 0, XSD_PERM_READ }, { 5, XSD_PERM_WRITE } };
    struct xsd_perm dflt[] = { { 0, XSD_PERM_READ }, { 7, 0 } };

    (void)state;
    assert_true(perms_for_conn(&c, owner5, 1) & XSD_PERM_OWNER);
    assert_int_equal(perms_for_conn(&c, other, 2), XSD_PERM_WRITE);
    assert_int_equal(perms_for_conn(&c, dflt, 2), XSD_PERM_READ);
    c.c_target = 7;
    dflt[0].p_id = 7;
    assert_true(perms_for_conn(&c, dflt, 2) & XSD_PERM_OWNER);
    c.c_priv_dom = true;
    assert_true(perms_for_conn(&c, other, 2) & XSD_PERM_WRITE);
}

static void test_paths(void **state)
{
    static struct xsd d;
    struct xsd_conn c = { .c_domid = 3, .c_target = XSD_DOMID_NONE };
    char out[XENSTORE_ABS_PATH_MAX + 1];

    (void)state;
    d.x_opt.o_quota[Q_PATH_MAX] = 2048;
    assert_int_equal(path_canonical(&d, &c, "a/b", false, out, sizeof(out)), 0);
    assert_string_equal(out, "/local/domain/3/a/b");
    assert_int_equal(path_canonical(&d, &c, "/a//b", false, out, sizeof(out)), EINVAL);
    assert_int_equal(path_canonical(&d, &c, "/a/", false, out, sizeof(out)), EINVAL);
    assert_int_equal(path_canonical(&d, &c, "/a!", false, out, sizeof(out)), EINVAL);
    assert_int_equal(path_canonical(&d, &c, "", false, out, sizeof(out)), EINVAL);
    assert_int_equal(path_canonical(&d, &c, "@x", false, out, sizeof(out)), EINVAL);
    assert_int_equal(path_canonical(&d, &c, "@x", true, out, sizeof(out)), 0);
    assert_int_equal(path_canonical(&d, &c, "/", false, out, sizeof(out)), 0);
}

static void test_tree_tx(void **state)
{
    static struct xsd d;
    static const struct xsd_perm p0[] = { { 0, 0 } };
    const struct xsd_node *n;
    struct xsd_node *w;
    struct xsd_tx *a, *b;

    (void)state;
    assert_int_equal(store_init(&d), 0);
    a = tx_new(1);
    b = tx_new(2);
    assert_int_equal(tx_create(&d, a, "/x", p0, 1, &w), 0);
    assert_int_equal(tx_get(&d, NULL, "/x", &n), ENOENT);
    assert_int_equal(tx_get(&d, b, "/x", &n), ENOENT);  /* b read its absence */
    assert_int_equal(tx_commit(&d, NULL, a), 0);
    assert_int_equal(tx_get(&d, NULL, "/x", &n), 0);
    assert_int_equal(tx_commit(&d, NULL, b), EAGAIN);
    tx_free(a);
    tx_free(b);
    a = tx_new(3);
    assert_int_equal(tx_delete_tree(&d, a, "/tool"), 0);
    assert_int_equal(tx_commit(&d, NULL, a), 0);
    tx_free(a);
    assert_int_equal(tx_get(&d, NULL, "/tool/xenstored", &n), ENOENT);
    assert_int_equal(tx_get(&d, NULL, "/", &n), 0);
    assert_int_equal(n->n_clen, 2);      /* "x\0" */
    table_free(&d.x_store);
    domain_free_all(&d);
}

/* Entries of a released domain: listed, matching nobody; special perms. */
static void test_perms_revoke(void **state)
{
    struct xsd_conn c = { .c_domid = 5, .c_target = XSD_DOMID_NONE };
    struct xsd_perm p[] = { { 0, XSD_PERM_READ }, { 5, XSD_PERM_WRITE },
                            { 5, 0 }, { 6, 0 } };
    struct xsd_perm sp[] = { { 5, 0 }, { 5, XSD_PERM_READ } };
    char buf[64];

    (void)state;
    assert_int_equal(perms_for_conn(&c, p, 4), XSD_PERM_WRITE);
    assert_true(perms_revoke(p, 4, 5));
    assert_false(perms_revoke(p, 4, 5));        /* already marked */
    assert_int_equal(p[3].p_bits, 0);
    assert_int_equal(perms_for_conn(&c, p, 4), XSD_PERM_READ);  /* default */
    assert_int_equal(perms_format(p, 4, buf, sizeof(buf)), 12);
    assert_memory_equal(buf, "r0\0w5\0n5\0n6", 12);
    c.c_target = 5;
    c.c_domid = 9;
    assert_int_equal(perms_for_conn(&c, p, 4), XSD_PERM_READ);
    assert_int_equal(perms_drop_domid(sp, 2, 5, 0), 1);
    assert_int_equal(sp[0].p_id, 0);
}

struct walk_log {
    char w_buf[256];
    size_t w_len;
};

static int walk_record(struct xsd *d, const struct xsd_node *n, void *arg)
{
    struct walk_log *l = arg;

    (void)d;
    l->w_len += (size_t)snprintf(l->w_buf + l->w_len,
                                 sizeof(l->w_buf) - l->w_len, "%s ", n->n_path);
    return strcmp(n->n_path, "/tool") == 0 ? WALK_SKIP : WALK_ENTER;
}

/* Parents first, children in creation order; WALK_SKIP prunes. */
static void test_store_walk(void **state)
{
    static struct xsd d;
    static const struct xsd_perm p0[] = { { 0, 0 } };
    struct walk_log l = { .w_len = 0 };

    (void)state;
    assert_int_equal(store_init(&d), 0);
    assert_int_equal(store_put(&d, "/b", "", 0, p0, 1), 0);
    assert_int_equal(store_put(&d, "/b/y", "", 0, p0, 1), 0);
    assert_int_equal(store_put(&d, "/a", "", 0, p0, 1), 0);
    assert_int_equal(store_walk(&d, walk_record, &l), 0);
    assert_string_equal(l.w_buf, "/ /tool /b /b/y /a ");
    table_free(&d.x_store);
    domain_free_all(&d);
}

/* RELEASE: owned subtrees deleted (or, -K, given to dom0), ACLs revoked. */
static void test_release_orphans(void **state)
{
    static struct xsd d;
    static const struct xsd_perm p5[] = { { 5, 0 } };
    static const struct xsd_perm p0r5[] = { { 0, 0 }, { 5, XSD_PERM_READ } };
    const struct xsd_node *n;

    (void)state;
    for (int keep = 0; keep < 2; keep++) {
        memset(&d, 0, sizeof(d));
        d.x_opt.o_keep_orphans = keep;
        d.x_intro_perms[0] = (struct xsd_perm){ 5, 0 };
        d.x_intro_nperms = 1;
        d.x_release_nperms = 1;
        assert_int_equal(store_init(&d), 0);
        assert_int_equal(store_put(&d, "/h", "", 0, p5, 1), 0);
        assert_int_equal(store_put(&d, "/h/x", "", 0, p0r5, 2), 0);
        assert_int_equal(store_put(&d, "/s", "", 0, p0r5, 2), 0);
        domain_get(&d, 5)->d_introduced = true;
        assert_int_equal(domain_find(&d, 5)->d_nodes, 1);
        assert_int_equal(domain_release(&d, 5), 0);
        assert_int_equal(domain_release(&d, 5), ENOENT);
        assert_int_equal(domain_find(&d, 5)->d_nodes, 0);
        assert_int_equal(tx_get(&d, NULL, "/h/x", &n), keep ? 0 : ENOENT);
        if (keep) {
            assert_int_equal(tx_get(&d, NULL, "/h", &n), 0);
            assert_int_equal(node_perms(n)[0].p_id, 0);
        }
        assert_int_equal(tx_get(&d, NULL, "/s", &n), 0);
        assert_int_equal(node_perms(n)[1].p_bits,
                         XSD_PERM_READ | XSD_PERM_IGNORE);
        assert_int_equal(d.x_intro_perms[0].p_id, 0);
        table_free(&d.x_store);
        domain_free_all(&d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_perms_parse),
        cmocka_unit_test(test_perms_access),
        cmocka_unit_test(test_paths),
        cmocka_unit_test(test_tree_tx),
        cmocka_unit_test(test_perms_revoke),
        cmocka_unit_test(test_store_walk),
        cmocka_unit_test(test_release_orphans),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
