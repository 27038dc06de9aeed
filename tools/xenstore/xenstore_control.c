/* xenstore-control: send an XS_CONTROL command to xenstored. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenstore.h>

int main(int argc, char **argv)
{
    char buf[XENSTORE_PAYLOAD_MAX];
    size_t used = 0;
    struct xs_handle *xsh;
    char *ret;
    int i = 1;

    if (argc > 1 && strcmp(argv[1], "-s") == 0)
        i++;
    if (i >= argc) {
        fprintf(stderr, "Usage:\n%s <command> [<arg>...]\n", argv[0]);
        return 2;
    }
    for (int j = i + 1; j < argc; j++) {
        size_t l = strlen(argv[j]) + 1;
        if (used + l > sizeof(buf)) {
            fprintf(stderr, "%s: arguments too long\n", argv[0]);
            return 2;
        }
        memcpy(buf + used, argv[j], l);
        used += l;
    }
    xsh = xs_open(0);
    if (!xsh) {
        fprintf(stderr, "Failed to open connection to xenstore: %s\n",
                strerror(errno));
        return 2;
    }
    ret = xs_control_command(xsh, argv[i], buf, (unsigned)used);
    if (!ret) {
        fprintf(stderr, "Failed to send command: %s\n", strerror(errno));
        xs_close(xsh);
        return 3;
    }
    if (strlen(ret) > 0)
        printf("%s\n", ret);
    free(ret);
    xs_close(xsh);
    return 0;
}
