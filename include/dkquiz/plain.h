/* plain.h - the line mode of a review (--plain): no curses, no escape codes,
 * one line of input per prompt, so that a screen reader, a pipe or a test can
 * drive a real session.
 *
 * Protocol: for each card a header "[N/M] deck › breadcrumb" (M = cards left
 * including this one), the question as plain text (options as "a) …"), then a
 * prompt ending in "> ". An empty line reveals; otherwise the line is the
 * typed answer or the option letters. Then the answer and the grade prompt
 * "grade [1 again, 2 hard, 3 good, 4 easy, u undo, s suspend, b bury, q quit]> ";
 * an empty line takes the suggested grade when there is one. A grade is
 * committed to the database before the next header is printed. When only
 * learning cards wait, "The next card is due in …" and a prompt: Enter
 * shows it now, "w" waits until it is due, "u" undoes. "q" or the end of
 * input ends the session with its summary.
 *
 * The output is flushed whenever the session is about to wait for input,
 * not at each prompt: a prompt is on the output before its line is
 * awaited, and a script sent ahead costs no write per prompt.
 */
#ifndef DKQUIZ_PLAIN_H
#define DKQUIZ_PLAIN_H

#include <stdint.h>
#include <stdio.h>

#include "dkquiz/session.h"

/* Run the session. `in` is read through its file descriptor, not through
 * its stdio buffer (which must hold nothing). `now` gives the clock (with
 * `ctx`); `wait_until` returns once the clock reads `t` or later (the
 * student chose to wait for a learning card). Returns the exit code: 0, or
 * 1 if an answer could not be saved. */
int plain_run(struct session *s, FILE *in, FILE *out, int64_t (*now)(void *ctx),
	      void (*wait_until)(void *ctx, int64_t t), void *ctx, int rollover);

#endif
