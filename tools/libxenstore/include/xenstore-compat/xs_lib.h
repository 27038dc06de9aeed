/* Compatibility name of <xenstore_lib.h>. */
#include <xenstore_lib.h>
