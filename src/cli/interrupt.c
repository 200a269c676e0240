#include "interrupt.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t caught;
static int wake[2] = { -1, -1 };

static void on_signal(int signo)
{
    int saved = errno;
    caught = signo;
    ssize_t n = write(wake[1], "!", 1); /* a full pipe already says it */
    (void)n;
    errno = saved;
}

int cli_interrupt_install(void)
{
    if (pipe2(wake, O_CLOEXEC | O_NONBLOCK) < 0)
        return -1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESETHAND; /* the second signal takes its default action: kill now */
    sigemptyset(&sa.sa_mask);
    const int signals[] = { SIGINT, SIGTERM, SIGHUP };
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        struct sigaction old;
        /* a signal ignored by whoever started us (nohup) stays ignored */
        if (sigaction(signals[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(signals[i], &sa, NULL);
    }
    return wake[0];
}

void cli_interrupt_reraise(void)
{
    for (int i = 0; i < 2; i++) {
        if (wake[i] >= 0)
            close(wake[i]);
        wake[i] = -1; /* a late signal's write then fails harmlessly */
    }
    int signo = caught;
    if (!signo)
        return;
    fflush(NULL);
    signal(signo, SIG_DFL);
    raise(signo);
}
