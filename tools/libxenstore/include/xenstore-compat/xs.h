/* Compatibility name of <xenstore.h>. */
#include <xenstore.h>
