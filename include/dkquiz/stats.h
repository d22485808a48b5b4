/* stats.h - the numbers `dkquiz stats` shows, computed from the cards and
 * the review log, and the small pieces of arithmetic its charts use.
 *
 * Pure: no I/O, the clock is passed in. Local days come from clock.h (the
 * process's time zone and the rollover hour), so that a day here is the
 * same day the scheduler counts. The text output, the JSON and the curses
 * screen all draw from one struct stats_report, so they always agree.
 */
#ifndef DKQUIZ_STATS_H
#define DKQUIZ_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dkquiz/fsrs.h"
#include "dkquiz/session.h"
#include "dkquiz/store.h"

#define STATS_HEAT_DAYS 90                      /* the heatmap holds the last 90 days at least */
#define STATS_HEAT_MAX_WEEKS 14                 /* in whole weeks: 13 or 14 */
#define STATS_HEAT_CELLS (STATS_HEAT_MAX_WEEKS * 7)
#define STATS_HEAT_LEVELS 5                     /* level 0 (no review) to 4 */
#define STATS_FORECAST_DAYS 30

/* The cards of one deck or one tag. recall_now and recall_exam are means
 * over the `reviewed` cards (those that have a schedule; suspended ones
 * included), 0 when there is none; recall_exam only with an exam. */
struct stats_group {
	char *name;
	int cards, new_cards, learning, review, suspended, reviewed;
	double recall_now, recall_exam;
};

/* A card that lapses again and again: flagged as a leech (by the lapse that
 * reached leech-lapses, or when the setting came down to its lapses), as
 * is:leech finds it. */
struct stats_leech {
	int64_t id;
	char *deck;
	char *front;         /* the question's markdown, as stored (user text) */
	int lapses;
	bool suspended;
};

struct stats_report {
	int64_t now;
	int rollover;
	/* live cards by state; suspended cards count only as suspended */
	int cards, new_cards, learning, review, suspended, due_now;
	int retired;                     /* filled by the caller (a store count) */
	/* Answers of every mode: cram is study, and counts here, in the
	 * streak and in the heatmap as any review does. */
	int reviews_today, reviews_total;
	/* true retention (Anki's): share of Hard/Good/Easy among the normal
	 * reviews of cards in the review state, learning and relearning steps
	 * and cram left out, over the last 7 ([0]) and 30 ([1]) days */
	int ret_n[2], ret_ok[2];
	int streak;                      /* days in a row with a review, ending today or yesterday */
	int forecast[STATS_FORECAST_DAYS];  /* cards due each day from today (overdue: today) */
	/* Reviews of every mode per local day. Cell w * 7 + d is weekday d
	 * (Monday 0) of week w of heat_weeks; the last week holds today, the
	 * first starts STATS_HEAT_DAYS days ago or earlier; cells after
	 * today_cell are in the future and stay 0. */
	int heat[STATS_HEAT_CELLS];
	int heat_weeks;
	int today_cell;
	int heat_max;                    /* the largest cell */
	int64_t heat_first_day;          /* local day number of cell 0 */
	struct stats_group *decks, *tags;   /* sorted by name */
	size_t ndecks, ntags;
	struct stats_leech *leeches;     /* most lapses first */
	size_t nleeches;
	int leech_lapses;                /* as given to stats_compute() */
	bool exam;                       /* an exam is set after `now` */
	int64_t exam_at;
};

/* Compute the report at `now` from the live cards `c` (n of them) and the
 * review log `r` (nr rows, in time order; rows after `now` are ignored).
 * `p` gives the recall (its day function is not used), `rollover` the hour
 * a day starts, `leech_lapses` the lapses that make a leech (shown; the list
 * is of the flagged cards), `exam_at` the exam instant or 0 for none (an exam not after `now`
 * counts as none). Names and fronts are copied: the report owns them;
 * release it with stats_report_release(). `retired` is left 0. */
void stats_compute(struct stats_report *s, const struct fsrs_params *p,
		   const struct sess_card *c, size_t n, const struct review_row *r, size_t nr,
		   int64_t now, int rollover, int leech_lapses, int64_t exam_at);
void stats_report_release(struct stats_report *s);

/* The instant (noon, so any time zone shift stays on the day) of the day
 * shown in heatmap cell `cell`. */
int64_t stats_cell_time(const struct stats_report *s, int cell);

/* Shade of a heatmap count: 0 for none, else 1..4 in quarters of `max`
 * (rounded up, so one review always shows). */
int stats_heat_level(int count, int max);

/* The counts that give shade `level` (1..4) when the largest is `max`:
 * *lo..*hi. Returns false when no count gives it (a small max). */
bool stats_heat_range(int level, int max, int *lo, int *hi);

/* A round top for a chart's axis: the smallest of 1, 2, 5, 10, 20, 50 ...
 * that is at least `max` (1 for max <= 0). */
int stats_axis_top(int max);

/* The height of a bar of `value` on a scale whose top is `top`, in eighths
 * of a row for a chart `rows` high: 0 for 0, at least 1 for any positive
 * value, at most rows * 8. */
int stats_bar_eighths(int value, int top, int rows);

/* The length, in cells, of a horizontal bar of `value` for a largest value
 * `max` drawn in `width` cells: 0 for 0, at least 1 for any positive value. */
int stats_bar_len(int value, int max, int width);

#endif
