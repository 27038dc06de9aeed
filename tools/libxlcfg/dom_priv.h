/*
 * dom_priv.h - helpers shared by the files that build the domain model
 * (dom_parse.c for c_info/b_info, dom_devices.c for the device lists).
 */
#ifndef XLDOM_PRIV_H
#define XLDOM_PRIV_H

#include <stddef.h>
#include <string.h>

#include "xldom.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Print MSG (a format taking ARG) and a newline; returns -1. */
int	xd_fail(const struct xlcfg *, const char *msg, const char *arg);
/* Copy the string option KEY into *DST when it is set; -1 on ENOMEM. */
int	xd_dup_opt(const struct xlcfg *, const char *key, char **dst);
/* Set *DST from the numeric option KEY when it is set. */
void	xd_defbool(const struct xlcfg *, const char *key, xl_defbool *dst);
/* Copy the list of strings KEY; -1 on ENOMEM or a non-string item. */
int	xd_strlist(const struct xlcfg *, const char *key, struct xl_strlist *);
/* Index of VAL in NAMES plus BASE into *OUT; -1 when absent. */
int	xd_enum(const char *const *names, size_t n, const char *val, int base,
	    int *out);
/* The string option KEY as an index into NAMES; -1 after a message. */
int	xd_enum_opt(const struct xlcfg *, const char *key,
	    const char *const *names, size_t n, int base, int *out);
/* A bitmap of SIZE bits with the first N set; -1 on ENOMEM. */
int	xd_bitmap_first_n(struct xl_bitmap *, int size, int n);
/* Split "k=v,k=v" and call FN(obj, k, v) for each pair. */
int	xd_each_kv(const char *spec, void *obj,
	    int (*fn)(void *, const char *, const char *));
/* Replace *DST with a copy of V; -1 on ENOMEM. */
int	xd_sdup(char **dst, const char *v);

/* Warn about unknown option names and options of another guest type. */
void	xd_check_keys(const struct xlcfg *, int type);
/* Print "FILE:LINE: MSG" for the last setting of KEY; returns -1. */
int	xd_fail_at(const struct xlcfg *, const char *key, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* dom_extra.c: cpuid, vnuma, ioports, iomem, irqs, altp2m; HVM viridian,
 * spice, rdm, altp2mhvm. */
int	xd_parse_binfo_extra(const struct xlcfg *, struct xl_binfo *,
	    const struct xl_globals *);
int	xd_parse_hvm_extra(const struct xlcfg *, struct xl_hvm *);

/* Parse the device lists (disk, vif, pci, ...) of CFG into D. */
int	xd_parse_devices(const struct xlcfg *, struct xl_domain *,
	    const struct xl_globals *);

/* dom_vsnd.c: the vsnd list of CFG into D. */
int	xd_parse_vsnds(const struct xlcfg *, struct xl_domain *);

/* Grow a device array by one zeroed entry; -1 on ENOMEM. */
#define XD_GROW(arr) xd_grow((void **)&(arr).v, (arr).n_, sizeof(*(arr).v))
int	xd_grow(void **v, int n, size_t size);

#endif /* XLDOM_PRIV_H */
