/* Kernel image unpacking for the dom0 builder: a Linux bzImage (or a raw
 * gzip/xz stream, or a plain ELF) turned into the ELF vmlinux. */
#ifndef XEN_DECOMPRESS_H
#define XEN_DECOMPRESS_H

#include <xen/types.h>

/*
 * Size the output needs: from the xz index or the gzip ISIZE (for a bzImage,
 * of its payload; for a plain ELF, its own length).  0 or -errno, with *why
 * set to a short human reason on error.
 */
int kernel_image_size(const void *img, size_t len, size_t *out_len,
                      const char **why);

/*
 * Produce the ELF vmlinux in out[0..cap): decompress the bzImage payload or
 * raw stream, or copy a plain ELF.  *out_len = bytes written.  An output
 * that would not fit is -ENOSPC; corrupt input is -EINVAL.
 */
int kernel_image_unpack(const void *img, size_t len, void *out, size_t cap,
                        size_t *out_len, const char **why);

/* The formats on their own (whole input in memory, whole output into out,
 * which doubles as the LZ77 window: no other large buffer is needed). */
int xz_size(const uint8_t *in, size_t len, size_t *out_len, const char **why);
int xz_decode(const uint8_t *in, size_t len, uint8_t *out, size_t cap,
              size_t *out_len, const char **why);
int gzip_size(const uint8_t *in, size_t len, size_t *out_len,
              const char **why);
int gzip_decode(const uint8_t *in, size_t len, uint8_t *out, size_t cap,
                size_t *out_len, const char **why);
/* Raw DEFLATE data (RFC 1951); *in_used = bytes of input consumed. */
int inflate_raw(const uint8_t *in, size_t len, uint8_t *out, size_t cap,
                size_t *in_used, size_t *out_len, const char **why);

/* CRC-32 (IEEE 802.3, reflected, as gzip and xz use it): pass 0 first. */
uint32_t crc32_update(uint32_t crc, const void *buf, size_t n);

#endif /* XEN_DECOMPRESS_H */
