/* interrupt: SIGINT, SIGTERM and SIGHUP stop the run cleanly. The first
 * one wakes the library through a pipe (partial files are cut back to
 * their valid bytes and marked for -c); the program then dies of that
 * same signal, so a shell sees an interrupted command. A second signal
 * while stopping kills at once. */
#ifndef MW_CLI_INTERRUPT_H
#define MW_CLI_INTERRUPT_H

/* Installs the handlers; returns the descriptor to give the library as
 * mw_options.interrupt_fd, or -1 when none could be made. */
int cli_interrupt_install(void);
/* After the library returned: closes the pipe, then dies of the signal
 * that interrupted the run, if one did; returns otherwise. */
void cli_interrupt_reraise(void);

#endif
