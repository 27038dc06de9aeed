/* Debug keys: a table from key to handler, with the built-in keys 'h'
 * (help), 'm' (memory) and 'R' (reboot); subsystems add theirs with
 * register_keyhandler(). */
#include <xen/keyhandler.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/param.h>
#include <xen/shutdown.h>
#include <xen/xmalloc.h>

#define NR_KEYS 128

struct keyhandler {
    keyhandler_fn_t *kh_fn;
    const char *kh_desc;
};

static void show_help(unsigned char key);
static void dump_memory(unsigned char key);
static void reboot_machine(unsigned char key);

static struct keyhandler key_table[NR_KEYS] = {
    ['h'] = { show_help, "show this message" },
    ['m'] = { dump_memory, "memory info" },
    ['R'] = { reboot_machine, "reboot machine" },
};

/* debug_keys=<keys>: run these keys at the end of boot. */
static char opt_debug_keys[32];
string_param("debug_keys", opt_debug_keys);

void register_keyhandler(unsigned char key, keyhandler_fn_t *fn,
                         const char *desc)
{
    if (key >= NR_KEYS) {
        printk(XENLOG_ERR "keyhandler: key %#x out of range\n", key);
        return;
    }
    key_table[key].kh_fn = fn;
    key_table[key].kh_desc = desc;
}

void handle_keypress(unsigned char key)
{
    if (key < NR_KEYS && key_table[key].kh_fn) {
        printk("'%c' pressed -> %s\n", key, key_table[key].kh_desc);
        key_table[key].kh_fn(key);
    } else {
        printk("'%c' (ascii %02x): no handler; press 'h' for help\n",
               key >= 0x20 && key < 0x7f ? key : '?', key);
    }
}

void run_boot_debug_keys(void)
{
    const char *k;

    for (k = opt_debug_keys; *k; k++)
        handle_keypress((unsigned char)*k);
}

static void show_help(unsigned char key)
{
    unsigned int k;

    (void)key;
    for (k = 0; k < NR_KEYS; k++)
        if (key_table[k].kh_fn)
            printk(" key '%c' (ascii '%02x') => %s\n", k, k,
                   key_table[k].kh_desc);
}

static void dump_memory(unsigned char key)
{
    struct xmalloc_stats xs;

    (void)key;
    dump_memory_info();
    xmalloc_get_stats(&xs);
    printk("xmalloc: %lu objects, %lu bytes, %lu pages\n", xs.xs_objects,
           xs.xs_bytes, xs.xs_pages);
}

static void reboot_machine(unsigned char key)
{
    (void)key;
    printk("Rebooting on request ('R')\n");
    machine_restart(0);
}
