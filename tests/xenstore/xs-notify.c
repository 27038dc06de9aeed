/*
 * xs-notify: play systemd's side of sd_notify for a test.  Binds a unix
 * datagram socket, runs the daemon with NOTIFY_SOCKET naming it, waits for
 * READY=1 and checks the store's socket accepts a connection right then.
 *
 *   xs-notify [-a] NOTIFY_PATH STORE_SOCKET -- DAEMON ARGS...
 *
 * -a: an abstract socket ("@NOTIFY_PATH").  Prints what it saw; exits 0 if
 * READY=1 came within 10 s and the store answered; the daemon is stopped
 * with SIGTERM either way.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

/* Bind the notification socket; fills addr for NOTIFY_SOCKET's value. */
static int bind_notify(const char *path, bool abstract, char *env, size_t size)
{
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    size_t len = strlen(path);
    int fd;

    if (len + 1 >= sizeof(a.sun_path))
        return -1;
    fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    memcpy(a.sun_path + (abstract ? 1 : 0), path, len);
    unlink(path);
    if (bind(fd, (struct sockaddr *)&a,
             (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len +
                         (abstract ? 1 : 0))) < 0) {
        close(fd);
        return -1;
    }
    snprintf(env, size, "%s%s", abstract ? "@" : "", path);
    return fd;
}

/* Can a client connect to the store's socket now? */
static bool store_accepts(const char *path)
{
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    bool ok;

    snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
    ok = fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0;
    if (fd >= 0)
        close(fd);
    return ok;
}

/* Wait up to 10 s for a datagram holding the line READY=1. */
static bool wait_ready(int fd)
{
    struct pollfd p = { .fd = fd, .events = POLLIN };
    char buf[4096];
    ssize_t n;

    while (poll(&p, 1, 10000) == 1) {
        n = recv(fd, buf, sizeof(buf) - 1, 0);
        if (n <= 0)
            return false;
        buf[n] = '\0';
        printf("notify: %s\n", buf);
        if (strcmp(buf, "READY=1") == 0 || strncmp(buf, "READY=1\n", 8) == 0 ||
            strstr(buf, "\nREADY=1"))
            return true;
    }
    return false;
}

int main(int argc, char **argv)
{
    bool abstract = argc > 1 && strcmp(argv[1], "-a") == 0;
    int i = abstract ? 2 : 1, fd, status = 0;
    char env[256];
    bool ready, accepts = false;
    pid_t pid;

    if (argc < i + 4 || strcmp(argv[i + 2], "--") != 0) {
        fprintf(stderr, "usage: xs-notify [-a] NOTIFY_PATH STORE_SOCKET -- "
                        "DAEMON ARGS...\n");
        return 2;
    }
    fd = bind_notify(argv[i], abstract, env, sizeof(env));
    if (fd < 0) {
        perror("xs-notify: notify socket");
        return 2;
    }
    setenv("NOTIFY_SOCKET", env, 1);
    pid = fork();
    if (pid == 0) {
        execv(argv[i + 3], argv + i + 3);
        _exit(127);
    }
    ready = pid > 0 && wait_ready(fd);
    if (ready)
        accepts = store_accepts(argv[i + 1]);
    printf("ready=%d accepts=%d\n", ready, accepts);
    if (pid > 0) {
        kill(pid, SIGTERM);
        waitpid(pid, &status, 0);
    }
    return ready && accepts ? 0 : 1;
}
