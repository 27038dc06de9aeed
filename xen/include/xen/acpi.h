/* ACPI tables: the structures we read and the table lookup interface. */
#ifndef XEN_ACPI_H
#define XEN_ACPI_H

#include <xen/compiler.h>
#include <xen/types.h>

#define ACPI_RSDP_SIGNATURE     "RSD PTR "
#define ACPI_SIG_RSDT           "RSDT"
#define ACPI_SIG_XSDT           "XSDT"
#define ACPI_SIG_FADT           "FACP"
#define ACPI_SIG_DSDT           "DSDT"

struct acpi_rsdp {
    char signature[8];
    uint8_t checksum;           /* over the first 20 bytes */
    char oem_id[6];
    uint8_t revision;           /* 0: ACPI 1.0; 2: ACPI 2.0+ */
    uint32_t rsdt_address;
    /* ACPI 2.0+ */
    uint32_t length;
    uint64_t xsdt_address;
    uint8_t extended_checksum;  /* over 'length' bytes */
    uint8_t reserved[3];
} __packed;

#define ACPI_RSDP_V1_SIZE       20

struct acpi_table_header {
    char signature[4];
    uint32_t length;
    uint8_t revision;
    uint8_t checksum;
    char oem_id[6];
    char oem_table_id[8];
    uint32_t oem_revision;
    uint32_t creator_id;
    uint32_t creator_revision;
} __packed;

/* Generic Address Structure. */
struct acpi_gas {
    uint8_t space_id;
    uint8_t bit_width;
    uint8_t bit_offset;
    uint8_t access_size;
    uint64_t address;
} __packed;

#define ACPI_GAS_SYSTEM_MEMORY  0
#define ACPI_GAS_SYSTEM_IO      1

/* Fixed ACPI Description Table; fields past header.length are absent. */
struct acpi_fadt {
    struct acpi_table_header header;
    uint32_t firmware_ctrl;
    uint32_t dsdt;
    uint8_t reserved0;
    uint8_t preferred_pm_profile;
    uint16_t sci_int;
    uint32_t smi_cmd;
    uint8_t acpi_enable;
    uint8_t acpi_disable;
    uint8_t s4bios_req;
    uint8_t pstate_cnt;
    uint32_t pm1a_evt_blk;
    uint32_t pm1b_evt_blk;
    uint32_t pm1a_cnt_blk;
    uint32_t pm1b_cnt_blk;
    uint32_t pm2_cnt_blk;
    uint32_t pm_tmr_blk;
    uint32_t gpe0_blk;
    uint32_t gpe1_blk;
    uint8_t pm1_evt_len;
    uint8_t pm1_cnt_len;
    uint8_t pm2_cnt_len;
    uint8_t pm_tmr_len;
    uint8_t gpe0_blk_len;
    uint8_t gpe1_blk_len;
    uint8_t gpe1_base;
    uint8_t cst_cnt;
    uint16_t p_lvl2_lat;
    uint16_t p_lvl3_lat;
    uint16_t flush_size;
    uint16_t flush_stride;
    uint8_t duty_offset;
    uint8_t duty_width;
    uint8_t day_alrm;
    uint8_t mon_alrm;
    uint8_t century;
    uint16_t iapc_boot_arch;
    uint8_t reserved1;
    uint32_t flags;
    struct acpi_gas reset_reg;
    uint8_t reset_value;
    uint16_t arm_boot_arch;
    uint8_t minor_revision;
    uint64_t x_firmware_ctrl;
    uint64_t x_dsdt;
    struct acpi_gas x_pm1a_evt_blk;
    struct acpi_gas x_pm1b_evt_blk;
    struct acpi_gas x_pm1a_cnt_blk;
    struct acpi_gas x_pm1b_cnt_blk;
    struct acpi_gas x_pm2_cnt_blk;
    struct acpi_gas x_pm_tmr_blk;
    struct acpi_gas x_gpe0_blk;
    struct acpi_gas x_gpe1_blk;
    struct acpi_gas sleep_control;
    struct acpi_gas sleep_status;
} __packed;

#define ACPI_FADT_HW_REDUCED    (1u << 20)

/* Whether a FADT of this length contains the whole of 'field'. */
#define ACPI_FADT_HAS(fadt, field)                                   \
    ((fadt)->header.length >=                                        \
     __builtin_offsetof(struct acpi_fadt, field) + sizeof((fadt)->field))

bool acpi_checksum_ok(const void *data, size_t len);
int acpi_tables_init(const void *rsdp_hint);
const struct acpi_table_header *acpi_map_table(paddr_t addr);
const struct acpi_table_header *acpi_find_table(const char *signature);
void acpi_print_tables(void);
const struct acpi_table_header *acpi_find_table_unchecked(const char *sig,
                                                          size_t *avail);
unsigned int acpi_root_entries(uint64_t *out, unsigned int max);


/* ---- MADT, HPET and MCFG layouts (ACPI 6.x, sections 5.2.12, HPET spec,
 * PCI firmware spec) ---- */
#define ACPI_SIG_MADT           "APIC"
#define ACPI_SIG_HPET           "HPET"
#define ACPI_SIG_MCFG           "MCFG"

struct acpi_madt {
    struct acpi_table_header header;
    uint32_t lapic_address;
    uint32_t flags;             /* bit 0: PCAT_COMPAT (8259s present) */
} __packed;

#define ACPI_MADT_PCAT_COMPAT   (1u << 0)

struct acpi_subtable_header {
    uint8_t type;
    uint8_t length;
} __packed;

enum acpi_madt_type {
    ACPI_MADT_LAPIC = 0,
    ACPI_MADT_IOAPIC = 1,
    ACPI_MADT_INT_SRC_OVR = 2,
    ACPI_MADT_NMI_SRC = 3,
    ACPI_MADT_LAPIC_NMI = 4,
    ACPI_MADT_LAPIC_ADDR_OVR = 5,
    ACPI_MADT_X2APIC = 9,
    ACPI_MADT_X2APIC_NMI = 10,
};

struct acpi_madt_lapic {
    struct acpi_subtable_header h;
    uint8_t acpi_id;
    uint8_t apic_id;
    uint32_t flags;
} __packed;

#define ACPI_MADT_ENABLED           (1u << 0)
#define ACPI_MADT_ONLINE_CAPABLE    (1u << 1)

struct acpi_madt_ioapic {
    struct acpi_subtable_header h;
    uint8_t id;
    uint8_t reserved;
    uint32_t address;
    uint32_t gsi_base;
} __packed;

struct acpi_madt_int_src_ovr {
    struct acpi_subtable_header h;
    uint8_t bus;
    uint8_t source;
    uint32_t gsi;
    uint16_t flags;             /* MPS INTI flags: polarity 1:0, trigger 3:2 */
} __packed;

struct acpi_madt_lapic_nmi {
    struct acpi_subtable_header h;
    uint8_t acpi_id;            /* 0xff: all processors */
    uint16_t flags;
    uint8_t lint;
} __packed;

struct acpi_madt_lapic_addr_ovr {
    struct acpi_subtable_header h;
    uint16_t reserved;
    uint64_t address;
} __packed;

struct acpi_madt_x2apic {
    struct acpi_subtable_header h;
    uint16_t reserved;
    uint32_t x2apic_id;
    uint32_t flags;
    uint32_t uid;
} __packed;

struct acpi_hpet {
    struct acpi_table_header header;
    uint32_t id;                /* event timer block id (vendor, counters) */
    struct acpi_gas address;
    uint8_t sequence;
    uint16_t min_tick;
    uint8_t flags;
} __packed;

struct acpi_mcfg {
    struct acpi_table_header header;
    uint8_t reserved[8];
} __packed;

struct acpi_mcfg_allocation {
    uint64_t address;
    uint16_t segment;
    uint8_t start_bus;
    uint8_t end_bus;
    uint32_t reserved;
} __packed;

#define ACPI_FADT_TMR_VAL_EXT   (1u << 8)   /* 32-bit PM timer */
#define ACPI_FADT_RESET_REG_SUP (1u << 10)

/* ---- What the parsers (drivers/acpi/parse.c) extract ---- */
#define ACPI_MAX_LAPICS         64
#define ACPI_MAX_IOAPICS        8
#define ACPI_MAX_OVERRIDES      16
#define ACPI_MAX_LAPIC_NMIS     8
#define ACPI_MAX_MCFG           4

struct acpi_lapic_info {
    uint32_t apic_id;
    uint32_t acpi_id;
    bool enabled;
};

struct acpi_ioapic_info {
    uint8_t id;
    uint32_t address;
    uint32_t gsi_base;
};

struct acpi_override_info {
    uint8_t bus;
    uint8_t source;             /* ISA IRQ */
    uint32_t gsi;
    uint16_t flags;
};

struct acpi_lapic_nmi_info {
    uint32_t acpi_id;
    uint16_t flags;
    uint8_t lint;
};

struct acpi_madt_info {
    uint64_t lapic_address;
    uint32_t flags;
    unsigned int nr_lapics, nr_ioapics, nr_overrides, nr_lapic_nmis;
    unsigned int nr_ignored;    /* entries past our limits or unknown */
    struct acpi_lapic_info lapics[ACPI_MAX_LAPICS];
    struct acpi_ioapic_info ioapics[ACPI_MAX_IOAPICS];
    struct acpi_override_info overrides[ACPI_MAX_OVERRIDES];
    struct acpi_lapic_nmi_info lapic_nmis[ACPI_MAX_LAPIC_NMIS];
};

struct acpi_fadt_info {
    uint32_t flags;
    uint16_t sci_int;
    bool hw_reduced;
    bool reset_supported;       /* RESET_REG_SUP and a usable register */
    struct acpi_gas reset_reg;
    uint8_t reset_value;
    struct acpi_gas pm_timer;   /* address 0: none */
    unsigned int pm_timer_bits; /* 24 or 32 */
    uint64_t dsdt;
};

struct acpi_hpet_info {
    uint32_t id;
    uint64_t address;
    uint8_t sequence;
    uint16_t min_tick;
};

struct acpi_mcfg_info {
    unsigned int nr;
    struct {
        uint64_t address;
        uint16_t segment;
        uint8_t start_bus, end_bus;
    } entries[ACPI_MAX_MCFG];
};

/* The platform as ACPI describes it, filled by acpi_boot_init(). */
struct acpi_platform {
    bool have_madt, have_fadt, have_hpet, have_mcfg;
    struct acpi_madt_info madt;
    struct acpi_fadt_info fadt;
    struct acpi_hpet_info hpet;
    struct acpi_mcfg_info mcfg;
};

extern struct acpi_platform acpi_platform;

int acpi_table_check(const struct acpi_table_header *t, size_t avail,
                     const char *signature, size_t min_length);
const char *acpi_strerror(int rc);
int acpi_parse_madt(const struct acpi_table_header *t, size_t avail,
                    struct acpi_madt_info *info);
int acpi_parse_fadt(const struct acpi_table_header *t, size_t avail,
                    struct acpi_fadt_info *info);
int acpi_parse_hpet(const struct acpi_table_header *t, size_t avail,
                    struct acpi_hpet_info *info);
int acpi_parse_mcfg(const struct acpi_table_header *t, size_t avail,
                    struct acpi_mcfg_info *info);
int acpi_boot_init(void);

#endif /* XEN_ACPI_H */
