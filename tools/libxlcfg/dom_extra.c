/*
 * dom_extra.c - the b_info options with their own small syntax: cpuid
 * (libxl string and xend list forms), vnuma, ioports, iomem, irqs,
 * viridian groups, altp2m, spice and rdm.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dom_priv.h"

/* ---- cpuid ---- */

enum { R_EAX, R_EBX, R_ECX, R_EDX };

/*
 * CPUID feature names of the libxl form: leaf, subleaf, register, first
 * bit, width.  Bit positions are those of the Intel SDM and AMD APM.
 */
static const struct cpuid_flag {
	const char	*f_name;
	uint32_t	 f_leaf, f_subleaf;
	int		 f_reg, f_bit, f_len;
} cpuid_flags[] = {
	{ "sse3", 1, XL_CPUID_NOSUB, R_ECX, 0, 1 },
	{ "pclmulqdq", 1, XL_CPUID_NOSUB, R_ECX, 1, 1 },
	{ "dtes64", 1, XL_CPUID_NOSUB, R_ECX, 2, 1 },
	{ "monitor", 1, XL_CPUID_NOSUB, R_ECX, 3, 1 },
	{ "dscpl", 1, XL_CPUID_NOSUB, R_ECX, 4, 1 },
	{ "vmx", 1, XL_CPUID_NOSUB, R_ECX, 5, 1 },
	{ "smx", 1, XL_CPUID_NOSUB, R_ECX, 6, 1 },
	{ "est", 1, XL_CPUID_NOSUB, R_ECX, 7, 1 },
	{ "tm2", 1, XL_CPUID_NOSUB, R_ECX, 8, 1 },
	{ "ssse3", 1, XL_CPUID_NOSUB, R_ECX, 9, 1 },
	{ "cntxid", 1, XL_CPUID_NOSUB, R_ECX, 10, 1 },
	{ "fma", 1, XL_CPUID_NOSUB, R_ECX, 12, 1 },
	{ "cmpxchg16", 1, XL_CPUID_NOSUB, R_ECX, 13, 1 },
	{ "xtpr", 1, XL_CPUID_NOSUB, R_ECX, 14, 1 },
	{ "pdcm", 1, XL_CPUID_NOSUB, R_ECX, 15, 1 },
	{ "pcid", 1, XL_CPUID_NOSUB, R_ECX, 17, 1 },
	{ "dca", 1, XL_CPUID_NOSUB, R_ECX, 18, 1 },
	{ "sse4_1", 1, XL_CPUID_NOSUB, R_ECX, 19, 1 },
	{ "sse4_2", 1, XL_CPUID_NOSUB, R_ECX, 20, 1 },
	{ "x2apic", 1, XL_CPUID_NOSUB, R_ECX, 21, 1 },
	{ "movbe", 1, XL_CPUID_NOSUB, R_ECX, 22, 1 },
	{ "popcnt", 1, XL_CPUID_NOSUB, R_ECX, 23, 1 },
	{ "tsc-deadline", 1, XL_CPUID_NOSUB, R_ECX, 24, 1 },
	{ "aes", 1, XL_CPUID_NOSUB, R_ECX, 25, 1 },
	{ "xsave", 1, XL_CPUID_NOSUB, R_ECX, 26, 1 },
	{ "osxsave", 1, XL_CPUID_NOSUB, R_ECX, 27, 1 },
	{ "avx", 1, XL_CPUID_NOSUB, R_ECX, 28, 1 },
	{ "f16c", 1, XL_CPUID_NOSUB, R_ECX, 29, 1 },
	{ "rdrand", 1, XL_CPUID_NOSUB, R_ECX, 30, 1 },
	{ "hypervisor", 1, XL_CPUID_NOSUB, R_ECX, 31, 1 },
	{ "fpu", 1, XL_CPUID_NOSUB, R_EDX, 0, 1 },
	{ "vme", 1, XL_CPUID_NOSUB, R_EDX, 1, 1 },
	{ "de", 1, XL_CPUID_NOSUB, R_EDX, 2, 1 },
	{ "pse", 1, XL_CPUID_NOSUB, R_EDX, 3, 1 },
	{ "tsc", 1, XL_CPUID_NOSUB, R_EDX, 4, 1 },
	{ "msr", 1, XL_CPUID_NOSUB, R_EDX, 5, 1 },
	{ "pae", 1, XL_CPUID_NOSUB, R_EDX, 6, 1 },
	{ "mce", 1, XL_CPUID_NOSUB, R_EDX, 7, 1 },
	{ "cmpxchg8", 1, XL_CPUID_NOSUB, R_EDX, 8, 1 },
	{ "apic", 1, XL_CPUID_NOSUB, R_EDX, 9, 1 },
	{ "sysenter", 1, XL_CPUID_NOSUB, R_EDX, 11, 1 },
	{ "mtrr", 1, XL_CPUID_NOSUB, R_EDX, 12, 1 },
	{ "pge", 1, XL_CPUID_NOSUB, R_EDX, 13, 1 },
	{ "mca", 1, XL_CPUID_NOSUB, R_EDX, 14, 1 },
	{ "cmov", 1, XL_CPUID_NOSUB, R_EDX, 15, 1 },
	{ "pat", 1, XL_CPUID_NOSUB, R_EDX, 16, 1 },
	{ "pse36", 1, XL_CPUID_NOSUB, R_EDX, 17, 1 },
	{ "psn", 1, XL_CPUID_NOSUB, R_EDX, 18, 1 },
	{ "clfsh", 1, XL_CPUID_NOSUB, R_EDX, 19, 1 },
	{ "ds", 1, XL_CPUID_NOSUB, R_EDX, 21, 1 },
	{ "acpi", 1, XL_CPUID_NOSUB, R_EDX, 22, 1 },
	{ "mmx", 1, XL_CPUID_NOSUB, R_EDX, 23, 1 },
	{ "fxsr", 1, XL_CPUID_NOSUB, R_EDX, 24, 1 },
	{ "sse", 1, XL_CPUID_NOSUB, R_EDX, 25, 1 },
	{ "sse2", 1, XL_CPUID_NOSUB, R_EDX, 26, 1 },
	{ "ss", 1, XL_CPUID_NOSUB, R_EDX, 27, 1 },
	{ "htt", 1, XL_CPUID_NOSUB, R_EDX, 28, 1 },
	{ "tm", 1, XL_CPUID_NOSUB, R_EDX, 29, 1 },
	{ "ia64", 1, XL_CPUID_NOSUB, R_EDX, 30, 1 },
	{ "pbe", 1, XL_CPUID_NOSUB, R_EDX, 31, 1 },
	{ "fsgsbase", 7, 0, R_EBX, 0, 1 },
	{ "tsc_adjust", 7, 0, R_EBX, 1, 1 },
	{ "bmi1", 7, 0, R_EBX, 3, 1 },
	{ "hle", 7, 0, R_EBX, 4, 1 },
	{ "avx2", 7, 0, R_EBX, 5, 1 },
	{ "smep", 7, 0, R_EBX, 7, 1 },
	{ "bmi2", 7, 0, R_EBX, 8, 1 },
	{ "erms", 7, 0, R_EBX, 9, 1 },
	{ "invpcid", 7, 0, R_EBX, 10, 1 },
	{ "rtm", 7, 0, R_EBX, 11, 1 },
	{ "mpx", 7, 0, R_EBX, 14, 1 },
	{ "avx512f", 7, 0, R_EBX, 16, 1 },
	{ "rdseed", 7, 0, R_EBX, 18, 1 },
	{ "adx", 7, 0, R_EBX, 19, 1 },
	{ "smap", 7, 0, R_EBX, 20, 1 },
	{ "clflushopt", 7, 0, R_EBX, 23, 1 },
	{ "clwb", 7, 0, R_EBX, 24, 1 },
	{ "sha", 7, 0, R_EBX, 29, 1 },
	{ "umip", 7, 0, R_ECX, 2, 1 },
	{ "pku", 7, 0, R_ECX, 3, 1 },
	{ "rdpid", 7, 0, R_ECX, 22, 1 },
	{ "md-clear", 7, 0, R_EDX, 10, 1 },
	{ "ibrsb", 7, 0, R_EDX, 26, 1 },
	{ "stibp", 7, 0, R_EDX, 27, 1 },
	{ "l1d-flush", 7, 0, R_EDX, 28, 1 },
	{ "arch-caps", 7, 0, R_EDX, 29, 1 },
	{ "ssbd", 7, 0, R_EDX, 31, 1 },
	{ "lahfsahf", 0x80000001, XL_CPUID_NOSUB, R_ECX, 0, 1 },
	{ "cmplegacy", 0x80000001, XL_CPUID_NOSUB, R_ECX, 1, 1 },
	{ "svm", 0x80000001, XL_CPUID_NOSUB, R_ECX, 2, 1 },
	{ "extapic", 0x80000001, XL_CPUID_NOSUB, R_ECX, 3, 1 },
	{ "altmovcr8", 0x80000001, XL_CPUID_NOSUB, R_ECX, 4, 1 },
	{ "abm", 0x80000001, XL_CPUID_NOSUB, R_ECX, 5, 1 },
	{ "sse4a", 0x80000001, XL_CPUID_NOSUB, R_ECX, 6, 1 },
	{ "misalignsse", 0x80000001, XL_CPUID_NOSUB, R_ECX, 7, 1 },
	{ "3dnowprefetch", 0x80000001, XL_CPUID_NOSUB, R_ECX, 8, 1 },
	{ "osvw", 0x80000001, XL_CPUID_NOSUB, R_ECX, 9, 1 },
	{ "ibs", 0x80000001, XL_CPUID_NOSUB, R_ECX, 10, 1 },
	{ "xop", 0x80000001, XL_CPUID_NOSUB, R_ECX, 11, 1 },
	{ "skinit", 0x80000001, XL_CPUID_NOSUB, R_ECX, 12, 1 },
	{ "wdt", 0x80000001, XL_CPUID_NOSUB, R_ECX, 13, 1 },
	{ "lwp", 0x80000001, XL_CPUID_NOSUB, R_ECX, 15, 1 },
	{ "fma4", 0x80000001, XL_CPUID_NOSUB, R_ECX, 16, 1 },
	{ "nodeid", 0x80000001, XL_CPUID_NOSUB, R_ECX, 19, 1 },
	{ "tbm", 0x80000001, XL_CPUID_NOSUB, R_ECX, 21, 1 },
	{ "topoext", 0x80000001, XL_CPUID_NOSUB, R_ECX, 22, 1 },
	{ "syscall", 0x80000001, XL_CPUID_NOSUB, R_EDX, 11, 1 },
	{ "nx", 0x80000001, XL_CPUID_NOSUB, R_EDX, 20, 1 },
	{ "mmxext", 0x80000001, XL_CPUID_NOSUB, R_EDX, 22, 1 },
	{ "ffxsr", 0x80000001, XL_CPUID_NOSUB, R_EDX, 25, 1 },
	{ "page1gb", 0x80000001, XL_CPUID_NOSUB, R_EDX, 26, 1 },
	{ "rdtscp", 0x80000001, XL_CPUID_NOSUB, R_EDX, 27, 1 },
	{ "lm", 0x80000001, XL_CPUID_NOSUB, R_EDX, 29, 1 },
	{ "3dnowext", 0x80000001, XL_CPUID_NOSUB, R_EDX, 30, 1 },
	{ "3dnow", 0x80000001, XL_CPUID_NOSUB, R_EDX, 31, 1 },
	{ "invtsc", 0x80000007, XL_CPUID_NOSUB, R_EDX, 8, 1 },
	{ "npt", 0x8000000a, XL_CPUID_NOSUB, R_EDX, 0, 1 },
	{ "lbrv", 0x8000000a, XL_CPUID_NOSUB, R_EDX, 1, 1 },
	{ "svm_lock", 0x8000000a, XL_CPUID_NOSUB, R_EDX, 2, 1 },
	{ "nripsave", 0x8000000a, XL_CPUID_NOSUB, R_EDX, 3, 1 },
	{ "vmcbclean", 0x8000000a, XL_CPUID_NOSUB, R_EDX, 5, 1 },
	{ "decodeassists", 0x8000000a, XL_CPUID_NOSUB, R_EDX, 7, 1 },
	{ "pausefilter", 0x8000000a, XL_CPUID_NOSUB, R_EDX, 10, 1 },
};

static struct xl_cpuid_leaf *
cpuid_leaf(struct xl_binfo *b, uint32_t leaf, uint32_t subleaf)
{
	struct xl_cpuid_leaf *n;
	int i;

	for (i = 0; i < b->num_cpuid; i++)
		if (b->cpuid[i].leaf == leaf && b->cpuid[i].subleaf == subleaf)
			return &b->cpuid[i];
	if (xd_grow((void **)&b->cpuid, b->num_cpuid, sizeof(*n)) != 0)
		return NULL;
	n = &b->cpuid[b->num_cpuid++];
	n->leaf = leaf;
	n->subleaf = subleaf;
	return n;
}

/* One "name=value" of the libxl form. */
static int
cpuid_flag(struct xl_binfo *b, const char *name, const char *val)
{
	const struct cpuid_flag *f = NULL;
	struct xl_cpuid_leaf *l;
	char *reg;
	size_t i;

	for (i = 0; i < NELEM(cpuid_flags) && f == NULL; i++)
		if (strcmp(cpuid_flags[i].f_name, name) == 0)
			f = &cpuid_flags[i];
	if (f == NULL || strlen(val) != 1 || strchr("01xks", *val) == NULL)
		return -1;
	if ((l = cpuid_leaf(b, f->f_leaf, f->f_subleaf)) == NULL)
		return -1;
	reg = l->regs[f->f_reg];
	if (*reg == '\0')
		memset(reg, 'x', 32);
	reg[31 - f->f_bit] = *val;
	return 0;
}

/* "host,name=value,...": the first word names the base policy. */
static int
cpuid_libxl(struct xl_binfo *b, const char *spec)
{
	char *copy = strdup(spec), *tok, *save = NULL, *s;
	int rc = 0, first = 1;

	if (copy == NULL)
		return -1;
	for (s = copy; rc == 0 && (tok = strtok_r(s, ",", &save)) != NULL;
	    s = NULL, first = 0) {
		char *eq = strchr(tok, '=');

		if (eq == NULL) {
			rc = first && strcmp(tok, "host") == 0 ? 0 : -1;
			continue;
		}
		*eq = '\0';
		rc = cpuid_flag(b, tok, eq + 1);
	}
	free(copy);
	return rc;
}

/* "LEAF[,SUBLEAF]:eax=<32 chars>,ebx=...": one list item of the xend form. */
static int
cpuid_xend(struct xl_binfo *b, const char *spec)
{
	static const char *const regs[] = { "eax", "ebx", "ecx", "edx" };
	uint32_t leaf, subleaf = XL_CPUID_NOSUB;
	struct xl_cpuid_leaf *l;
	const char *s;
	char *end;
	int r;

	leaf = (uint32_t)strtoul(spec, &end, 0);
	if (end == spec)
		return -1;
	if (*end == ',') {
		s = end + 1;
		subleaf = (uint32_t)strtoul(s, &end, 0);
		if (end == s)
			return -1;
	}
	if (*end != ':' || (l = cpuid_leaf(b, leaf, subleaf)) == NULL)
		return -1;
	for (s = end + 1; *s != '\0'; ) {
		for (r = 0; r < 4; r++)
			if (strncmp(s, regs[r], 3) == 0 && s[3] == '=')
				break;
		if (r == 4 || strlen(s + 4) < 32 ||
		    strspn(s + 4, "01xks") < 32 || (s[36] != ',' && s[36] != '\0'))
			return -1;
		memcpy(l->regs[r], s + 4, 32);
		l->regs[r][32] = '\0';
		s += s[36] == ',' ? 37 : 36;
	}
	return 0;
}

static int
parse_cpuid(const struct xlcfg *cfg, struct xl_binfo *b)
{
	const struct xlcfg_value *l;
	const char *v;
	size_t i;

	if (xlcfg_get_list(cfg, "cpuid", &l, 1) == 0) {
		b->have_cpuid = 1;
		for (i = 0; i < l->v_nitems; i++) {
			v = xlcfg_atom(l->v_items[i]);
			if (v == NULL || cpuid_xend(b, v) != 0)
				return xd_fail_at(cfg, "cpuid", "invalid cpuid"
				    " specification `%s'", v != NULL ? v : "[list]");
		}
	} else if (xlcfg_get_string(cfg, "cpuid", &v, 1) == 0) {
		b->have_cpuid = 1;
		if (cpuid_libxl(b, v) != 0)
			return xd_fail_at(cfg, "cpuid", "invalid cpuid"
			    " specification `%s'", v);
	}
	return 0;
}

/* ---- vnuma ---- */

static int
vnode_kv(struct xl_vnode *n, const char *k, const char *v,
    const struct xl_globals *g)
{
	char *end;
	unsigned long u;

	if (strcmp(k, "vcpus") == 0)
		return xldom_parse_cpulist(&n->vcpus, v, g->host_cpus, 1);
	if (strcmp(k, "vdistances") == 0) {
		const char *s = v;

		while (*s != '\0') {
			u = strtoul(s, &end, 10);
			if (end == s || (*end != ',' && *end != '\0'))
				return -1;
			if (xd_grow((void **)&n->distances, n->num_distances,
			    sizeof(*n->distances)) != 0)
				return -1;
			n->distances[n->num_distances++] = (uint32_t)u;
			s = *end == ',' ? end + 1 : end;
		}
		return 0;
	}
	u = strtoul(v, &end, 10);
	if (end == v || *end != '\0')
		return -1;
	if (strcmp(k, "pnode") == 0)
		n->pnode = (uint32_t)u;
	else if (strcmp(k, "size") == 0)
		n->memkb = (uint64_t)u * 1024;
	else
		return -1;
	return 0;
}

static int
parse_vnuma(const struct xlcfg *cfg, struct xl_binfo *b,
    const struct xl_globals *g)
{
	const struct xlcfg_value *l;
	size_t i, j;

	if (xlcfg_get_list(cfg, "vnuma", &l, 0) != 0)
		return 0;
	b->vnuma = calloc(l->v_nitems + 1, sizeof(*b->vnuma));
	if (b->vnuma == NULL)
		return -1;
	for (i = 0; i < l->v_nitems; i++) {
		const struct xlcfg_value *node = l->v_items[i];
		struct xl_vnode *n = &b->vnuma[b->num_vnuma++];

		if (node->v_kind != XLCFG_LIST)
			return xd_fail_at(cfg, "vnuma", "%s", "each vnuma node"
			    " must be a list of \"key=value\" strings");
		for (j = 0; j < node->v_nitems; j++) {
			const char *kv = xlcfg_atom(node->v_items[j]), *eq;
			char key[16];

			if (kv == NULL || (eq = strchr(kv, '=')) == NULL ||
			    (size_t)(eq - kv) >= sizeof(key))
				return xd_fail_at(cfg, "vnuma", "invalid vnuma"
				    " item `%s'", kv != NULL ? kv : "[list]");
			memcpy(key, kv, (size_t)(eq - kv));
			key[eq - kv] = '\0';
			if (vnode_kv(n, key, eq + 1, g) != 0)
				return xd_fail_at(cfg, "vnuma", "invalid vnuma"
				    " item `%s'", kv);
		}
	}
	b->numa_placement = -1;
	return 0;
}

/* ---- ioports, iomem, irqs ---- */

static int
parse_ioports(const struct xlcfg *cfg, struct xl_binfo *b)
{
	const struct xlcfg_value *l;
	size_t i;

	if (xlcfg_get_list(cfg, "ioports", &l, 0) != 0)
		return 0;
	b->ioports = calloc(l->v_nitems + 1, sizeof(*b->ioports));
	if (b->ioports == NULL)
		return -1;
	for (i = 0; i < l->v_nitems; i++) {
		const char *v = xlcfg_atom(l->v_items[i]);
		unsigned long lo, hi;
		char *end;

		if (v == NULL)
			return xd_fail_at(cfg, "ioports", "%s", "ioports items"
			    " must be strings");
		lo = hi = strtoul(v, &end, 16);
		if (end != v && *end == '-')
			hi = strtoul(end + 1, &end, 16);
		if (end == v || *end != '\0' || hi < lo || hi > 0xffff)
			return xd_fail_at(cfg, "ioports", "invalid ioport"
			    " range `%s'", v);
		b->ioports[i].first = (uint32_t)lo;
		b->ioports[i].number = (uint32_t)(hi - lo + 1);
		b->num_ioports++;
	}
	return 0;
}

static int
parse_iomem(const struct xlcfg *cfg, struct xl_binfo *b)
{
	const struct xlcfg_value *l;
	size_t i;

	if (xlcfg_get_list(cfg, "iomem", &l, 0) != 0)
		return 0;
	b->iomem = calloc(l->v_nitems + 1, sizeof(*b->iomem));
	if (b->iomem == NULL)
		return -1;
	for (i = 0; i < l->v_nitems; i++) {
		const char *v = xlcfg_atom(l->v_items[i]);
		struct xl_iomem *m = &b->iomem[i];
		char *end = NULL;

		if (v != NULL) {
			m->start = strtoull(v, &end, 16);
			if (end != v && *end == ',')
				m->number = strtoull(end + 1, &end, 16);
			if (end != NULL && *end == '@') {
				m->gfn = strtoull(end + 1, &end, 16);
				m->has_gfn = 1;
			}
		}
		if (v == NULL || *end != '\0' || m->number == 0)
			return xd_fail_at(cfg, "iomem", "invalid iomem range"
			    " `%s'", v != NULL ? v : "[list]");
		b->num_iomem++;
	}
	return 0;
}

static int
parse_irqs(const struct xlcfg *cfg, struct xl_binfo *b)
{
	const struct xlcfg_value *l;
	size_t i;
	long irq = 0;

	if (xlcfg_get_list(cfg, "irqs", &l, 0) != 0)
		return 0;
	b->irqs = calloc(l->v_nitems + 1, sizeof(*b->irqs));
	if (b->irqs == NULL)
		return -1;
	for (i = 0; i < l->v_nitems; i++) {
		const char *v = xlcfg_atom(l->v_items[i]);

		char *end = NULL;

		/* Decimal only, as xl reads them. */
		if (v != NULL)
			irq = strtol(v, &end, 10);
		if (v == NULL || end == v || *end != '\0' || irq < 0)
			return xd_fail(cfg, "xl: Invalid argument parsing irq: %s",
			    v != NULL ? v : "[list]");
		b->irqs[b->num_irqs++] = (uint32_t)irq;
	}
	return 0;
}

/* ---- HVM: viridian groups, spice, rdm ---- */

static int
bit_set(struct xl_bitmap *bm, int bit)
{
	if (bm->bits == NULL) {
		bm->nbits = 64;
		if ((bm->bits = calloc(8, 1)) == NULL)
			return -1;
	}
	bm->bits[bit / 8] |= (uint8_t)(1 << (bit % 8));
	return 0;
}

static int
parse_viridian(const struct xlcfg *cfg, struct xl_hvm *h)
{
	static const char *const groups[] = {
		"base", "freq", "time_ref_count", "reference_tsc",
		"hcall_remote_tlb_flush", "apic_assist", "crash_ctl", "synic",
		"stimer", "hcall_ipi", "ex_processor_masks", "no_vp_limit",
		"cpu_hotplug",
	};
	const struct xlcfg_value *l;
	size_t i;
	int g;

	if (xlcfg_get_list(cfg, "viridian", &l, 1) != 0) {
		xd_defbool(cfg, "viridian", &h->viridian);
		return 0;
	}
	for (i = 0; i < l->v_nitems; i++) {
		const char *v = xlcfg_atom(l->v_items[i]);
		int neg = v != NULL && *v == '!';

		if (v == NULL)
			return xd_fail_at(cfg, "viridian", "%s", "viridian"
			    " groups must be strings");
		if (strcmp(v, "defaults") == 0) {
			h->viridian = 1;
			continue;
		}
		if (strcmp(v, "all") == 0) {	/* every bit of the 64-bit map */
			for (g = 0; g < 64; g++)
				if (bit_set(&h->viridian_enable, g) != 0)
					return -1;
			continue;
		}
		if (xd_enum(groups, NELEM(groups), v + neg, 0, &g) != 0)
			return xd_fail_at(cfg, "viridian", "unknown viridian"
			    " enlightenment `%s'", v);
		if (bit_set(neg ? &h->viridian_disable : &h->viridian_enable,
		    g) != 0)
			return -1;
		if (neg && h->viridian_enable.bits != NULL) /* leaves enable */
			h->viridian_enable.bits[g / 8] &= (uint8_t)~(1 << (g % 8));
	}
	return 0;
}

static int
parse_spice(const struct xlcfg *cfg, struct xl_spice *s)
{
	long l;

	xd_defbool(cfg, "spice", &s->enable);
	if (xlcfg_get_long(cfg, "spiceport", &l, 0) == 0)
		s->port = (int)l;
	if (xlcfg_get_long(cfg, "spicetls_port", &l, 0) == 0)
		s->tls_port = (int)l;
	if (xd_dup_opt(cfg, "spicehost", &s->host) != 0 ||
	    xd_dup_opt(cfg, "spicepasswd", &s->passwd) != 0)
		return -1;
	xd_defbool(cfg, "spicedisable_ticketing", &s->disable_ticketing);
	xd_defbool(cfg, "spiceagent_mouse", &s->agent_mouse);
	xd_defbool(cfg, "spicevdagent", &s->vdagent);
	xd_defbool(cfg, "spice_clipboard_sharing", &s->clipboard_sharing);
	if (xlcfg_get_long(cfg, "spiceusbredirection", &l, 0) == 0)
		s->usbredirection = (int)l;
	if (xd_dup_opt(cfg, "spice_image_compression",
	    &s->image_compression) != 0 ||
	    xd_dup_opt(cfg, "spice_streaming_video", &s->streaming_video) != 0)
		return -1;
	return 0;
}

static int
rdm_kv(void *o, const char *k, const char *v)
{
	struct xl_hvm *h = o;

	if (strcmp(k, "strategy") == 0 && strcmp(v, "host") == 0)
		h->rdm_strategy = 1;
	else if (strcmp(k, "strategy") == 0 && strcmp(v, "ignore") == 0)
		h->rdm_strategy = 0;
	else if (strcmp(k, "policy") == 0 && strcmp(v, "strict") == 0)
		h->rdm_policy = 0;
	else if (strcmp(k, "policy") == 0 && strcmp(v, "relaxed") == 0)
		h->rdm_policy = 1;
	else
		return -1;
	return 0;
}

int
xd_parse_hvm_extra(const struct xlcfg *cfg, struct xl_hvm *h)
{
	const char *v;

	h->rdm_policy = -1;
	if (xlcfg_get_string(cfg, "rdm", &v, 0) == 0 &&
	    xd_each_kv(v, h, rdm_kv) != 0)
		return xd_fail_at(cfg, "rdm", "invalid rdm specification `%s'", v);
	xd_defbool(cfg, "altp2mhvm", &h->altp2m);
	if (parse_viridian(cfg, h) != 0 || parse_spice(cfg, &h->spice) != 0)
		return -1;
	return 0;
}

int
xd_parse_binfo_extra(const struct xlcfg *cfg, struct xl_binfo *b,
    const struct xl_globals *g)
{
	static const char *const altp2m[] = {
		"disabled", "mixed", "external", "limited"
	};

	if (parse_cpuid(cfg, b) != 0 || parse_vnuma(cfg, b, g) != 0 ||
	    parse_ioports(cfg, b) != 0 || parse_iomem(cfg, b) != 0 ||
	    parse_irqs(cfg, b) != 0 ||
	    xd_enum_opt(cfg, "altp2m", altp2m, NELEM(altp2m), 0,
	    &b->altp2m) != 0)
		return -1;
	return 0;
}
