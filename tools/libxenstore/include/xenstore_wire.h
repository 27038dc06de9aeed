/* XenStore wire protocol: message header, message types, ring page layout. */
#ifndef XENSTORE_WIRE_H
#define XENSTORE_WIRE_H

#include <stdint.h>

/*
 * Message types of the XenStore protocol.  The numbers are part of Xen's
 * public ABI (io/xs_wire.h); the names are the ones clients already use.
 */
enum xsd_sockmsg_type {
    XS_CONTROL = 0,
#define XS_DEBUG XS_CONTROL
    XS_DIRECTORY = 1,
    XS_READ = 2,
    XS_GET_PERMS = 3,
    XS_WATCH = 4,
    XS_UNWATCH = 5,
    XS_TRANSACTION_START = 6,
    XS_TRANSACTION_END = 7,
    XS_INTRODUCE = 8,
    XS_RELEASE = 9,
    XS_GET_DOMAIN_PATH = 10,
    XS_WRITE = 11,
    XS_MKDIR = 12,
    XS_RM = 13,
    XS_SET_PERMS = 14,
    XS_WATCH_EVENT = 15,
    XS_ERROR = 16,
    XS_IS_DOMAIN_INTRODUCED = 17,
    XS_RESUME = 18,
    XS_SET_TARGET = 19,
    /* 20 was XS_RESTRICT; it is no longer accepted. */
    XS_RESET_WATCHES = 21,
    XS_DIRECTORY_PART = 22,
    XS_GET_FEATURE = 23,
    XS_SET_FEATURE = 24,
    XS_GET_QUOTA = 25,
    XS_SET_QUOTA = 26,
    XS_TYPE_COUNT,
    XS_INVALID = 0xffff
};

#define XS_WRITE_NONE "NONE"
#define XS_WRITE_CREATE "CREATE"
#define XS_WRITE_CREATE_EXCL "CREATE|EXCL"

/* Header of every message, in the host's byte order. */
struct xsd_sockmsg {
    uint32_t type;   /* enum xsd_sockmsg_type */
    uint32_t req_id; /* echoed in the reply */
    uint32_t tx_id;  /* transaction id, 0 outside a transaction */
    uint32_t len;    /* payload length that follows the header */
};

/* Indices into the strings of a watch event. */
enum xs_watch_type {
    XS_WATCH_PATH = 0,
    XS_WATCH_TOKEN
};

/* Limits of the protocol. */
#define XENSTORE_PAYLOAD_MAX 4096
#define XENSTORE_ABS_PATH_MAX 3072
#define XENSTORE_REL_PATH_MAX 2048

/* The shared ring page a domain talks to the store through. */
#define XENSTORE_RING_SIZE 1024
typedef uint32_t XENSTORE_RING_IDX;
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))

struct xenstore_domain_interface {
    char req[XENSTORE_RING_SIZE];     /* +0x000 requests to the store */
    char rsp[XENSTORE_RING_SIZE];     /* +0x400 replies and watch events */
    XENSTORE_RING_IDX req_cons;       /* +0x800 */
    XENSTORE_RING_IDX req_prod;       /* +0x804 */
    XENSTORE_RING_IDX rsp_cons;       /* +0x808 */
    XENSTORE_RING_IDX rsp_prod;       /* +0x80c */
    uint32_t server_features;         /* +0x810 XENSTORE_SERVER_FEATURE_* */
    uint32_t connection;              /* +0x814 XENSTORE_CONNECTED/RECONNECT */
    uint32_t error;                   /* +0x818 XENSTORE_ERROR_* */
    uint32_t evtchn_port;             /* +0x81c */
};

#define XENSTORE_SERVER_FEATURE_RECONNECTION 1
#define XENSTORE_SERVER_FEATURE_ERROR 2

#define XENSTORE_CONNECTED 0
#define XENSTORE_RECONNECT 1

#define XENSTORE_ERROR_NONE 0
#define XENSTORE_ERROR_COMM 1
#define XENSTORE_ERROR_RINGIDX 2
#define XENSTORE_ERROR_PROTO 3

#endif /* XENSTORE_WIRE_H */
