/* Small-object allocation on the hypervisor heap: xmalloc(type), xzalloc,
 * xmalloc_array, xmalloc_bytes, xfree (Xen's names). */
#ifndef XEN_XMALLOC_H
#define XEN_XMALLOC_H

#include <xen/types.h>

void *_xmalloc(size_t size, size_t align);
void *_xzalloc(size_t size, size_t align);
void *_xmalloc_array(size_t size, size_t align, size_t num);
void *_xzalloc_array(size_t size, size_t align, size_t num);
void xfree(void *p);

/* Allocations come at least this aligned. */
#define XMALLOC_MIN_ALIGN   16

#define xmalloc(type)   ((type *)_xmalloc(sizeof(type), __alignof__(type)))
#define xzalloc(type)   ((type *)_xzalloc(sizeof(type), __alignof__(type)))
#define xmalloc_array(type, num) \
    ((type *)_xmalloc_array(sizeof(type), __alignof__(type), num))
#define xzalloc_array(type, num) \
    ((type *)_xzalloc_array(sizeof(type), __alignof__(type), num))
#define xmalloc_bytes(size)     _xmalloc(size, XMALLOC_MIN_ALIGN)
#define xzalloc_bytes(size)     _xzalloc(size, XMALLOC_MIN_ALIGN)

struct xmalloc_stats {
    unsigned long xs_bytes;         /* requested bytes currently allocated */
    unsigned long xs_objects;       /* live allocations */
    unsigned long xs_pages;         /* heap pages held by xmalloc */
    unsigned long xs_bad_frees;     /* rejected xfree() calls */
};

void xmalloc_get_stats(struct xmalloc_stats *st);

#endif /* XEN_XMALLOC_H */
