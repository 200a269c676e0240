#include "loop.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "strbuf.h"

typedef struct fd_watch {
    mw_io_cb cb;         /* NULL when the fd is not watched */
    void *data;
    unsigned events;     /* the MW_EV_* mask registered with epoll */
    bool keeps_running;  /* counted in active: mw_loop_run() waits for it */
    uint32_t generation; /* bumped on every unwatch, so stale events are dropped */
} fd_watch;

typedef struct timer {
    mw_timer_id id;
    uint64_t due_ms;
    mw_timer_cb cb;
    void *data;
} timer;

struct mw_loop {
    int epfd;
    fd_watch *watches; /* indexed by fd */
    int nwatches;      /* allocated slots */
    int active;        /* fds currently watched */
    timer *timers;     /* unordered; few at a time, so a scan is cheaper than a heap */
    size_t ntimers, captimers;
    mw_timer_id next_id;
    bool stopped;
};

uint64_t mw_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

mw_loop *mw_loop_new(void)
{
    mw_loop *loop = calloc(1, sizeof *loop);
    if (!loop)
        return NULL;
    loop->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (loop->epfd < 0) {
        free(loop);
        return NULL;
    }
    loop->next_id = 1;
    return loop;
}

void mw_loop_free(mw_loop *loop)
{
    if (!loop)
        return;
    close(loop->epfd);
    free(loop->watches);
    free(loop->timers);
    free(loop);
}

static int grow_watches(mw_loop *loop, int fd)
{
    if (fd < loop->nwatches)
        return 0;
    int n = loop->nwatches ? loop->nwatches : 64;
    while (n <= fd)
        n *= 2;
    fd_watch *w = realloc(loop->watches, (size_t)n * sizeof *w);
    if (!w)
        return -1;
    memset(w + loop->nwatches, 0, (size_t)(n - loop->nwatches) * sizeof *w);
    loop->watches = w;
    loop->nwatches = n;
    return 0;
}

static int watch(mw_loop *loop, int fd, unsigned events, mw_io_cb cb, void *data, bool keeps_running)
{
    if (fd < 0 || grow_watches(loop, fd) < 0) {
        errno = fd < 0 ? EBADF : ENOMEM;
        return -1;
    }
    fd_watch *w = &loop->watches[fd];
    /* The same events for a new owner (a connection going to or from the
     * pool) need no system call: only the callback changes. */
    if (!w->cb || w->events != events) {
        struct epoll_event ev = { 0 };
        ev.events = (events & MW_EV_READ ? EPOLLIN | EPOLLRDHUP : 0) | (events & MW_EV_WRITE ? EPOLLOUT : 0);
        ev.data.u64 = ((uint64_t)w->generation << 32) | (uint32_t)fd;
        if (epoll_ctl(loop->epfd, w->cb ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &ev) < 0)
            return -1;
    }
    if (w->cb && w->keeps_running)
        loop->active--;
    if (keeps_running)
        loop->active++;
    w->cb = cb;
    w->data = data;
    w->events = events;
    w->keeps_running = keeps_running;
    return 0;
}

int mw_loop_watch(mw_loop *loop, int fd, unsigned events, mw_io_cb cb, void *data)
{
    return watch(loop, fd, events, cb, data, true);
}

int mw_loop_watch_idle(mw_loop *loop, int fd, mw_io_cb cb, void *data)
{
    return watch(loop, fd, MW_EV_READ, cb, data, false);
}

void mw_loop_unwatch(mw_loop *loop, int fd)
{
    if (fd < 0 || fd >= loop->nwatches || !loop->watches[fd].cb)
        return;
    epoll_ctl(loop->epfd, EPOLL_CTL_DEL, fd, NULL);
    fd_watch *w = &loop->watches[fd];
    if (w->keeps_running)
        loop->active--;
    w->cb = NULL;
    w->data = NULL;
    w->generation++;
}

mw_timer_id mw_loop_timer(mw_loop *loop, uint64_t delay_ms, mw_timer_cb cb, void *data)
{
    if (mw_grow(&loop->timers, &loop->captimers, loop->ntimers + 1, sizeof *loop->timers, 16) < 0)
        return 0;
    mw_timer_id id = loop->next_id++;
    loop->timers[loop->ntimers++] = (timer){ id, mw_now_ms() + delay_ms, cb, data };
    return id;
}

void mw_loop_cancel(mw_loop *loop, mw_timer_id id)
{
    for (size_t i = 0; id && i < loop->ntimers; i++) {
        if (loop->timers[i].id == id) {
            loop->timers[i] = loop->timers[--loop->ntimers];
            return;
        }
    }
}

void mw_loop_stop(mw_loop *loop)
{
    loop->stopped = true;
}

static int next_timeout_ms(const mw_loop *loop)
{
    if (loop->ntimers == 0)
        return -1;
    uint64_t now = mw_now_ms(), soonest = UINT64_MAX;
    for (size_t i = 0; i < loop->ntimers; i++)
        if (loop->timers[i].due_ms < soonest)
            soonest = loop->timers[i].due_ms;
    if (soonest <= now)
        return 0;
    uint64_t wait = soonest - now;
    return wait > 60000 ? 60000 : (int)wait;
}

/* Fires the timers due now, one at a time: a callback may add or cancel timers. */
static void run_due_timers(mw_loop *loop)
{
    uint64_t now = mw_now_ms();
    mw_timer_id last_existing = loop->next_id; /* timers added by callbacks wait a round */
    for (;;) {
        size_t due = loop->ntimers;
        for (size_t i = 0; i < loop->ntimers; i++) {
            if (loop->timers[i].due_ms <= now && loop->timers[i].id < last_existing) {
                due = i;
                break;
            }
        }
        if (due == loop->ntimers || loop->stopped)
            return;
        timer t = loop->timers[due];
        loop->timers[due] = loop->timers[--loop->ntimers];
        t.cb(loop, t.data);
    }
}

static void dispatch(mw_loop *loop, const struct epoll_event *ev)
{
    int fd = (int)(uint32_t)ev->data.u64;
    uint32_t generation = (uint32_t)(ev->data.u64 >> 32);
    if (fd >= loop->nwatches)
        return;
    fd_watch *w = &loop->watches[fd];
    if (!w->cb || w->generation != generation)
        return;
    unsigned events = 0;
    if (ev->events & (EPOLLIN | EPOLLRDHUP))
        events |= MW_EV_READ;
    if (ev->events & EPOLLOUT)
        events |= MW_EV_WRITE;
    if (ev->events & (EPOLLERR | EPOLLHUP))
        events |= MW_EV_ERROR | MW_EV_READ | MW_EV_WRITE;
    w->cb(loop, fd, events, w->data);
}

void mw_loop_flush(mw_loop *loop)
{
    loop->stopped = false;
    run_due_timers(loop);
}

void mw_loop_run(mw_loop *loop)
{
    struct epoll_event events[64];
    loop->stopped = false;
    while (!loop->stopped && (loop->active > 0 || loop->ntimers > 0)) {
        int n = epoll_wait(loop->epfd, events, 64, next_timeout_ms(loop));
        if (n < 0 && errno != EINTR)
            break;
        for (int i = 0; i < n && !loop->stopped; i++)
            dispatch(loop, &events[i]);
        if (!loop->stopped)
            run_due_timers(loop);
    }
}
