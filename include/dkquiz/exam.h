/* exam.h - the recorded exam (date, daily budget, deck) and its plan, on top
 * of the store; what `dkquiz exam` shows and what the review command needs
 * to follow the plan.
 *
 * The exam lives in the settings table: "exam.at" (epoch milliseconds),
 * "exam.minutes" (the daily budget in minutes, absent: no limit) and
 * "exam.deck" (absent: every deck). These keys are not `dkquiz config`
 * settings; only `dkquiz exam` writes them.
 */
#ifndef DKQUIZ_EXAM_H
#define DKQUIZ_EXAM_H

#include <stdbool.h>
#include <stdint.h>

#include "dkquiz/planner.h"
#include "dkquiz/settings.h"

struct store;

struct exam_info {
	int64_t at;          /* ms */
	int minutes;         /* daily budget; 0: no limit */
	char *deck;          /* NULL: every deck */
};

/* Read the recorded exam. Returns 1 and fills `e` (release it with
 * exam_info_release) when one is set, 0 when none is (e is zeroed), -1 on a
 * damaged record (after printing an error). */
int exam_get(struct store *st, struct exam_info *e);
void exam_info_release(struct exam_info *e);

/* Build the plan for the recorded exam at `now` (setup_exam_plan()): the
 * cards of the exam's deck (or `deck` when not NULL), the new cards of that
 * deck already introduced today, the budget, the measured pace, the
 * rollover of `set`. Returns 0 with `pl` filled (release it
 * with plan_release), 1 when there is no exam or it is not after `now` (pl
 * is left empty), -1 on a store error. */
int exam_plan(struct store *st, const struct settings *set, const struct exam_info *e,
	      const char *deck, int64_t now, struct plan *pl);

/* What the plan of the recorded exam asks of today, for the home screen. */
struct exam_today {
	bool planned;        /* an exam is set after now and has a plan */
	int new_quota;       /* the plan's new cards for the rest of today */
	char *deck;          /* the exam's deck (owned), NULL: every deck */
};

/* One line for the home screen, e.g. "Exam 2026-01-23 09:00: 13 days left,
 * recall 42% now, 88% with the plan; new cards today: 10", or NULL when no
 * exam is set or it has passed. Caller frees. When `today` is not NULL it
 * is filled from the same plan (release it with exam_today_release). */
char *exam_status_line(struct store *st, const struct settings *set, int64_t now,
		       struct exam_today *today);
void exam_today_release(struct exam_today *today);

#endif
