/*
 * Grading launcher: the last step on the host before bubblewrap.
 *
 *   launcher [-c CGROUP_PROCS_FILE]... [-r RESOURCE:SOFT:HARD]... [-u UID -g GID] -- PROG ARG...
 *   launcher -K UID          kill every process owned by UID (setuid to it, then kill(-1))
 *
 * The launcher (root, outside the sandbox) becomes a child subreaper and forks. The child joins
 * the run's cgroups (while still root), takes its own process group, sets the rlimits, drops
 * every group and switches to the unprivileged uid/gid, sets no_new_privs and dies with its
 * parent, closes every fd above 3 (fd 3 is bubblewrap's status pipe) and execs. The launcher
 * reaps everything reparented to it and exits with the child's status (128+N for signal N);
 * SIGTERM makes it kill the child's process group. Failures are reported on stderr as
 * "grading-launcher: ..." with exit status 125.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define FAIL_STATUS 125

static void die(const char *what) {
    fprintf(stderr, "grading-launcher: %s: %s\n", what, strerror(errno));
    _exit(FAIL_STATUS);
}

static void die_msg(const char *what) {
    fprintf(stderr, "grading-launcher: %s\n", what);
    _exit(FAIL_STATUS);
}

static int resource_by_name(const char *name) {
    static const struct { const char *name; int res; } table[] = {
        {"CPU", RLIMIT_CPU}, {"FSIZE", RLIMIT_FSIZE}, {"NOFILE", RLIMIT_NOFILE},
        {"CORE", RLIMIT_CORE}, {"NPROC", RLIMIT_NPROC}, {"AS", RLIMIT_AS},
        {"STACK", RLIMIT_STACK}, {"DATA", RLIMIT_DATA}, {"MEMLOCK", RLIMIT_MEMLOCK},
        {"MSGQUEUE", RLIMIT_MSGQUEUE}, {"SIGPENDING", RLIMIT_SIGPENDING},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(table[i].name, name) == 0) return table[i].res;
    return -1;
}

static rlim_t parse_limit(const char *text) {
    if (strcmp(text, "inf") == 0) return RLIM_INFINITY;
    char *end;
    errno = 0;
    unsigned long long value = strtoull(text, &end, 10);
    if (errno || *end != '\0') die_msg("bad rlimit value");
    return (rlim_t)value;
}

static void apply_rlimit(char *spec) {
    char *soft = strchr(spec, ':');
    if (!soft) die_msg("rlimit needs NAME:SOFT:HARD");
    *soft++ = '\0';
    char *hard = strchr(soft, ':');
    if (!hard) die_msg("rlimit needs NAME:SOFT:HARD");
    *hard++ = '\0';
    int res = resource_by_name(spec);
    if (res < 0) die_msg("unknown rlimit");
    struct rlimit rl = {parse_limit(soft), parse_limit(hard)};
    if (setrlimit(res, &rl) != 0) die("setrlimit");
}

static void join_cgroup(const char *procs_file) {
    int fd = open(procs_file, O_WRONLY | O_CLOEXEC);
    if (fd < 0) die(procs_file);
    char buf[32];
    int len = snprintf(buf, sizeof buf, "%d\n", (int)getpid());
    if (write(fd, buf, (size_t)len) != len) die("joining the cgroup");
    close(fd);
}

static void close_fds_from(int first) {
#ifdef SYS_close_range
    if (syscall(SYS_close_range, (unsigned)first, ~0U, 0) == 0) return;
#endif
    DIR *dir = opendir("/proc/self/fd");
    if (!dir) die("opendir /proc/self/fd");
    int own = dirfd(dir);
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        int fd = atoi(entry->d_name);
        if (fd >= first && fd != own) close(fd);
    }
    closedir(dir);
}

static void drop_to(uid_t uid, gid_t gid) {
    if (setgroups(0, NULL) != 0) die("setgroups");
    if (setresgid(gid, gid, gid) != 0) die("setresgid");
    if (setresuid(uid, uid, uid) != 0) die("setresuid");
    uid_t r, e, s;
    if (getresuid(&r, &e, &s) != 0 || r != uid || e != uid || s != uid) die_msg("uid not dropped");
}

static long parse_id(const char *text) {
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno || *end != '\0' || value <= 0 || value > 0x7fffffff) die_msg("bad uid/gid");
    return value;
}

static volatile pid_t child;

static void on_term(int signo) {
    (void)signo;
    if (child > 0) kill(-child, SIGKILL);
}

int main(int argc, char **argv) {
    long uid = -1, gid = -1;
    int i = 1;
    pid_t parent = getppid();
    char *cgroups[16];
    int ncgroups = 0;
    char *rlimits[32];
    int nrlimits = 0;

    if (argc == 3 && strcmp(argv[1], "-K") == 0) {
        uid = parse_id(argv[2]);
        drop_to((uid_t)uid, (gid_t)uid);
        /* kill(-1) reaches every process this uid may signal, never the caller itself. */
        if (kill(-1, SIGKILL) != 0 && errno != ESRCH) die("kill");
        return 0;
    }
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) { i++; break; }
        if (i + 1 >= argc) die_msg("option needs a value");
        if (strcmp(argv[i], "-c") == 0 && ncgroups < 16) cgroups[ncgroups++] = argv[++i];
        else if (strcmp(argv[i], "-r") == 0 && nrlimits < 32) rlimits[nrlimits++] = argv[++i];
        else if (strcmp(argv[i], "-u") == 0) uid = parse_id(argv[++i]);
        else if (strcmp(argv[i], "-g") == 0) gid = parse_id(argv[++i]);
        else die_msg("unknown option");
    }
    if (i >= argc) die_msg("nothing to execute");

    /* The launcher stays outside the sandbox as the reaper of everything below it: bubblewrap
     * may exit before its pid-namespace init is reaped, which would leave a zombie on the
     * host's init. SIGTERM from the grader kills the sandbox's process group. */
    if (setsid() < 0) die("setsid");
    if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) die("subreaper");
    if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) die("pdeathsig");
    if (getppid() != parent) die_msg("parent exited");
    sigset_t term, old;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    sigprocmask(SIG_BLOCK, &term, &old);
    struct sigaction action = {0};
    action.sa_handler = on_term;
    sigaction(SIGTERM, &action, NULL);

    pid_t pid = fork();
    if (pid < 0) die("fork");
    if (pid == 0) {
        signal(SIGTERM, SIG_DFL);
        sigprocmask(SIG_SETMASK, &old, NULL);
        for (int c = 0; c < ncgroups; c++) join_cgroup(cgroups[c]);
        if (setpgid(0, 0) != 0) die("setpgid");
        for (int r = 0; r < nrlimits; r++) apply_rlimit(rlimits[r]);
        if (uid > 0) drop_to((uid_t)uid, (gid_t)(gid > 0 ? gid : uid));
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) die("no_new_privs");
        /* Set after the uid change: changing credentials clears the parent-death signal. */
        if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) die("pdeathsig");
        if (getppid() == 1) die_msg("launcher exited");
        close_fds_from(4);
        execv(argv[i], &argv[i]);
        die(argv[i]);
    }
    child = pid;
    /* Hold no end of the sandbox's pipes, so they reach EOF when the sandbox is gone. */
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    for (int fd = 0; fd <= 3; fd++) {
        if (null >= 0 && fd <= 2) dup2(null, fd);
        else close(fd);
    }
    if (null > 2) close(null);
    close_fds_from(4);
    sigprocmask(SIG_SETMASK, &old, NULL);

    int status = 0, result = FAIL_STATUS;
    for (;;) {
        pid_t done = waitpid(-1, &status, __WALL);
        if (done < 0) {
            if (errno == EINTR) continue;
            break; /* ECHILD: everything reaped */
        }
        if (done == pid)
            result = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    return result;
}
