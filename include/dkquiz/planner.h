/* planner.h - readiness for an exam and a day-by-day plan to get there.
 *
 * Pure: no I/O, no clock of its own; the time comes in as an argument.
 * Days are local days with a rollover hour, as clock.h counts them (the
 * time zone is the process's, like everywhere else in the program).
 *
 * Readiness is a projection of the current state: each card's predicted
 * recall at the exam instant (fsrs_recall_at) if it were not reviewed
 * again; a card never seen counts 0.
 *
 * The plan simulates the days from today to the day before the exam,
 * assuming every answer is Good:
 *   - due reviews: a review card is due on the day its predicted recall
 *     falls to PLANNER_RETENTION (whole days from its last review, at least
 *     one; overdue cards count on today); a card in its (re)learning steps
 *     when its step says. The retention is below the scheduler's own: the
 *     last review before the exam makes up for it, and a review at lower
 *     recall raises stability more per answer;
 *   - new cards: at least an even share of the days left, so that all of
 *     them are introduced `buffer_days` days before the exam (the buffer
 *     shrinks to at most half the days left when the exam is close); with a
 *     budget, as many more as the day's budget holds once its due reviews
 *     are paid for (a new card costs new_secs plus one review per learning
 *     step), since an early start leaves time for reviews before the exam
 *     (in `make bench-sim`, 0.973 mean recall at the exam against 0.950
 *     for the even spread alone); cards the budget pushed back are caught
 *     up on the next days;
 *   - last reviews: a card whose next review falls on or after the exam day
 *     gets one more review on the latest day before the exam that has budget
 *     left, when that raises its expected recall at the exam by at least
 *     PLANNER_MIN_GAIN;
 *   - the budget: when a day holds more than `minutes_per_day`, the items
 *     that buy the most expected recall at the exam per second are kept
 *     (a review is worth its expected gain, weighing a lapse by the
 *     probability of forgetting; a new card is worth its recall at the exam
 *     after learning); due reviews that do not fit stay due (the backlog);
 *   - siblings (cards of one note, c.note): as the review queue shows one
 *     card of a note a day (session.h), the plan never places two on one
 *     day, nor one on a day a sibling was answered (today, when its last
 *     review is today); a card in its learning steps is not held back. New
 *     cards are offered as the queue takes them, one per note a day; a
 *     review whose sibling is introduced that day waits, and of two
 *     siblings due the one that buys more per second goes first. So every
 *     review the plan places, last reviews included, is one the queue
 *     shows.
 * A planned review on a later day is taken to happen 8 hours after that
 * day starts (noon with the 4 am rollover); today's at `now`.
 */
#ifndef DKQUIZ_PLANNER_H
#define DKQUIZ_PLANNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dkquiz/fsrs.h"
#include "dkquiz/session.h"

#define PLANNER_REVIEW_SECS 8.0   /* a review, when nothing better is known */
#define PLANNER_NEW_SECS 20.0     /* a new card, its learning steps included */
#define PLANNER_BUFFER_DAYS 3     /* all new cards seen this many days before the exam */
#define PLANNER_MIN_GAIN 0.01     /* a last review must raise recall at the exam this much */
#define PLANNER_RETENTION 0.85    /* recall at which reviews before the last are due */
#define PLANNER_MAX_DAYS 1000     /* an exam further away than this is not planned */
/* The measured pace (store_answer_seconds): the mean answer time of the
 * normal answers of the last PLANNER_PACE_DAYS days, each capped at
 * PLANNER_PACE_CAP_MS (a break is not an answer), for new cards and for the
 * others, once a kind has PLANNER_PACE_MIN answers. */
#define PLANNER_PACE_DAYS 30
#define PLANNER_PACE_CAP_MS 60000
#define PLANNER_PACE_MIN 10

struct planner_opts {
	int64_t now;              /* ms */
	int64_t exam_at;          /* ms; must be after now */
	int rollover;             /* hour the day starts, 0..23 */
	int minutes_per_day;      /* the daily budget; <= 0: no limit */
	double review_secs;       /* measured seconds per review */
	double new_secs;          /* measured seconds per new card */
	int buffer_days;          /* >= 0 */
	int new_today;            /* new cards already introduced today (they are
				   * no longer new in `cards`, but count against
				   * today's share) */
};

/* The scheduler parameters to plan and review with while an exam is set:
 * `in` with at most its first learning step and no relearning step. Another
 * look at a card the same evening raises its stability far less than one on
 * a later day, and the days before an exam are few: the simulation in
 * `make bench` gets more recall at the exam for fewer answers this way, with
 * any daily budget. So a new card answered Again or Hard comes back after the
 * first step, one answered Good is in review at once, and a lapse comes back
 * on a later day, when the plan says. */
void planner_params(const struct fsrs_params *in, struct fsrs_params *out);

/* Defaults: no budget, PLANNER_REVIEW_SECS, PLANNER_NEW_SECS,
 * PLANNER_BUFFER_DAYS, new_today 0. */
void planner_opts_init(struct planner_opts *o, int64_t now, int64_t exam_at, int rollover);

/* Readiness of a group of cards: a deck (exact name) or a tag. */
struct plan_group {
	char *name;
	size_t cards;
	size_t unseen;            /* never reviewed */
	double recall;            /* mean recall at the exam now, 0..1 */
	double projected;         /* mean recall at the exam if the plan is followed */
};

/* One day of the plan. Day 0 is today. */
struct plan_day {
	int64_t start;            /* the instant the local day starts */
	int new_cards;            /* new cards to introduce */
	int reviews;              /* due reviews done that day */
	int last_reviews;         /* extra reviews placed before the exam */
	int backlog;              /* due reviews left over for lack of time */
	double seconds;           /* planned workload */
};

/* A review card and its first planned review (see planner_due_override). */
struct plan_card {
	int64_t id;
	int64_t review_at;        /* the start of the planned day (today: its
				   * start); when the plan does not review it
				   * before the exam, the later of its due and
				   * the start of the day after the exam day */
};

struct plan {
	int64_t exam_at;
	int days_left;            /* local days from today to the exam day (0: today) */
	size_t ncards;            /* all cards given, suspended ones included */
	size_t unseen;            /* never reviewed */
	size_t suspended;         /* counted in readiness, left out of the plan */
	double recall;            /* mean recall at the exam now (new cards 0) */
	double projected;         /* the same if the plan is followed: each card's
				   * last planned review is forgotten with the
				   * probability the model gives, the earlier ones
				   * are taken as Good */
	size_t new_left;          /* new cards the budget leaves unseen at the exam */
	int intro_days;           /* days over which new cards are spread */
	struct plan_group *decks; /* sorted by name */
	size_t ndecks;
	struct plan_group *tags;  /* sorted by name; cards without tags are in none */
	size_t ntags;
	struct plan_day *days;    /* today .. the day before the exam (today only
				   * when the exam is today) */
	size_t ndays;
	struct plan_card *planned; /* every review card not suspended, sorted by id */
	size_t nplanned;
};

/* Build the readiness and the plan for `cards` (a selection as
 * store_load_cards() gives it; order matters: new cards are introduced in
 * it). `p` are the scheduler parameters (its day function should count the
 * same days as o->rollover). `out` is filled and must be released with
 * plan_release(). Returns 0, or -1 (and `out` is left empty) when the exam
 * is not after o->now or is more than PLANNER_MAX_DAYS days away. */
int planner_build(const struct fsrs_params *p, const struct sess_card *cards, size_t n,
		  const struct planner_opts *o, struct plan *out);

/* Free what the plan owns and leave it empty. */
void plan_release(struct plan *pl);

/* When `c` should next be reviewed given the exam: for a review card, the
 * start of the day of its first planned review, which may be earlier than
 * c->st.due (a last review before the exam) or later (a review postponed
 * to PLANNER_RETENTION, or one the budget pushed back); when the plan does
 * not review it before the exam, not before the day after the exam. A card planned today
 * that is already overdue keeps c->st.due. Any other card (new, in its
 * learning steps, suspended, or not in the plan) keeps c->st.due. The
 * review queue uses this in place of c->st.due while an exam is set; the
 * plan should be built at the same `now` over the same cards. */
int64_t planner_due_override(const struct plan *pl, const struct sess_card *c);

/* How many new cards to introduce today (day 0 of the plan), already net of
 * o->new_today. While an exam is set this replaces the new-per-day setting
 * (which a front end may still use as a ceiling). 0 for an empty plan. */
int planner_new_quota(const struct plan *pl);

#endif
