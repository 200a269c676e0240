/* loop: one epoll-based event loop with fd watchers, monotonic timers and
 * deferred calls. Single-threaded; callbacks run from mw_loop_run(). */
#ifndef MW_LOOP_H
#define MW_LOOP_H

#include <stdbool.h>
#include <stdint.h>

typedef struct mw_loop mw_loop;

enum { MW_EV_READ = 1, MW_EV_WRITE = 2, MW_EV_ERROR = 4 };

/* events is a mask of MW_EV_*; MW_EV_ERROR is reported with READ|WRITE set too
 * so a callback that only reads still notices hang-ups. */
typedef void (*mw_io_cb)(mw_loop *loop, int fd, unsigned events, void *data);
typedef void (*mw_timer_cb)(mw_loop *loop, void *data);

/* A timer handle; 0 is never a valid timer, so it can mean "none". */
typedef uint64_t mw_timer_id;

mw_loop *mw_loop_new(void);
void mw_loop_free(mw_loop *loop);

/* Watches fd for events (replacing any earlier watch of the same fd).
 * Returns 0 or -1 with errno set. */
int mw_loop_watch(mw_loop *loop, int fd, unsigned events, mw_io_cb cb, void *data);
/* Watches fd for reading without keeping mw_loop_run() going: an idle
 * connection that only has to notice its peer closing. Handing the fd on to
 * mw_loop_watch(..., MW_EV_READ, ...) then costs no system call. */
int mw_loop_watch_idle(mw_loop *loop, int fd, mw_io_cb cb, void *data);
/* Stops watching fd; call before closing it. Safe inside a callback: pending
 * events for that fd in the current round are dropped. */
void mw_loop_unwatch(mw_loop *loop, int fd);

/* Calls cb once after delay_ms (0: on the next round, a deferred call). */
mw_timer_id mw_loop_timer(mw_loop *loop, uint64_t delay_ms, mw_timer_cb cb, void *data);
/* Cancels a pending timer; cancelling 0, a fired or a cancelled timer is a no-op. */
void mw_loop_cancel(mw_loop *loop, mw_timer_id id);

/* Milliseconds on the monotonic clock. */
uint64_t mw_now_ms(void);

/* Runs until mw_loop_stop() or until nothing is watched and no timer is pending. */
void mw_loop_run(mw_loop *loop);
void mw_loop_stop(mw_loop *loop);
/* Runs the timers that are due now (deferred calls included), without waiting. */
void mw_loop_flush(mw_loop *loop);

#endif
