/* Debug keys: single characters typed on the serial console that dump
 * state ('h' lists them all), in the manner of Xen's. */
#ifndef XEN_KEYHANDLER_H
#define XEN_KEYHANDLER_H

typedef void keyhandler_fn_t(unsigned char key);

/* Bind key to fn (replacing any earlier binding); desc shows in 'h'. */
void register_keyhandler(unsigned char key, keyhandler_fn_t *fn,
                         const char *desc);

/* Run the handler of key, or say that there is none. */
void handle_keypress(unsigned char key);

/* Run the keys of the debug_keys= option (system tests use it, as they
 * have no serial input). */
void run_boot_debug_keys(void);

#endif /* XEN_KEYHANDLER_H */
