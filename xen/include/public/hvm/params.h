/* HVM_PARAM_* indices of HVMOP_set_param / get_param (Xen's numbers). */
#ifndef PUBLIC_HVM_PARAMS_H
#define PUBLIC_HVM_PARAMS_H

/*
 * Where the event-channel upcall goes.  Bits 63:56 give the type, the
 * rest its target: a GSI, a PCI INTx (domain/bus/device/pin), or a vector
 * injected directly (PVH and Linux's callback vector).  0 = none.
 */
#define HVM_PARAM_CALLBACK_IRQ          0
#define HVM_PARAM_CALLBACK_TYPE_SHIFT   56
#define HVM_PARAM_CALLBACK_TYPE_GSI     0
#define HVM_PARAM_CALLBACK_TYPE_PCI_INTX 1
#define HVM_PARAM_CALLBACK_TYPE_VECTOR  2
#define HVM_PARAM_CALLBACK_TYPE_PPI     3   /* Arm only */

#define HVM_PARAM_STORE_PFN             1
#define HVM_PARAM_STORE_EVTCHN          2
#define HVM_PARAM_PAE_ENABLED           4
#define HVM_PARAM_IOREQ_PFN             5
#define HVM_PARAM_BUFIOREQ_PFN          6
#define HVM_PARAM_VIRIDIAN              9
#define HVM_PARAM_TIMER_MODE            10
#define HVM_PARAM_HPET_ENABLED          11
#define HVM_PARAM_IDENT_PT              12
#define HVM_PARAM_ACPI_S_STATE          14
#define HVM_PARAM_VM86_TSS              15
#define HVM_PARAM_VPT_ALIGN             16
#define HVM_PARAM_CONSOLE_PFN           17
#define HVM_PARAM_CONSOLE_EVTCHN        18
#define HVM_PARAM_NESTEDHVM             24
#define HVM_PARAM_TRIPLE_FAULT_REASON   31
#define HVM_PARAM_VM86_TSS_SIZED        37
#define HVM_PARAM_MCA_CAP               38

#endif /* PUBLIC_HVM_PARAMS_H */
