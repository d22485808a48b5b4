/* setup.h - what a review session is made of before it starts: today's
 * limits, the siblings answered today and, while an exam is set, its plan
 * for the cards of the exam's deck.
 *
 * Pure: no I/O, no clock. The review command gives it what it read from
 * the store; the exam simulation (tests/bench/sim.c) gives it its own
 * cards, so that both go through the same set-up.
 *
 * While an exam is set, its plan governs the cards of the exam's deck (and
 * subdecks) only: their due dates are the plan's, their new cards today are
 * the plan's share, and their answers follow planner_params(). Every other
 * card follows plain FSRS with the settings, and its new cards are limited
 * by new-per-day. A session holding both kinds (a plain `dkquiz review`)
 * offers the plan's share of new exam cards plus new-per-day others.
 */
#ifndef DKQUIZ_SETUP_H
#define DKQUIZ_SETUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dkquiz/planner.h"
#include "dkquiz/session.h"
#include "dkquiz/settings.h"

/* The exam being prepared. */
struct setup_exam {
	int64_t at;               /* ms */
	int minutes_per_day;      /* the daily budget; <= 0: no limit */
	const char *deck;         /* the deck it covers with its subdecks; NULL: every deck */
	double new_secs;          /* measured seconds per new card, per review */
	double review_secs;       /*   (store_answer_seconds(); <= 0: the planner's defaults) */
	int new_today;            /* new cards of the exam's deck introduced today */
};

/* True when `deck` is `root` or one of its subdecks ("A::B" is in "A"; "AB"
 * is not); every deck is in a NULL root. */
bool setup_deck_in(const char *deck, const char *root);

/* True when a selection of deck `sel_deck` (NULL: every deck) can hold a
 * card of the deck `exam_deck` (NULL: every deck): when not, the exam has
 * no say in it. */
bool setup_exam_reaches(const char *exam_deck, const char *sel_deck);

/* The scheduler parameters the exam's cards are reviewed with:
 * planner_params() of the settings'. */
void setup_exam_params(const struct settings *set, struct fsrs_params *out);

/* Build the plan for the exam at `now` over `cards`, the cards of the
 * exam's deck (as store_load_states() gives them, in deck/file order: new
 * cards are introduced in it), with the rollover, the scheduler parameters
 * (setup_exam_params) and the pace of `set` and `e`. Returns 0 with `pl`
 * filled (release it with plan_release), or 1 when there is nothing to
 * plan (the exam is not after `now`, or too far: `pl` is left empty). */
int setup_exam_plan(const struct settings *set, const struct setup_exam *e,
		    const struct sess_card *cards, size_t n, int64_t now, struct plan *pl);

/* What the session needs besides its cards. */
struct setup_in {
	const struct settings *set;
	int mode;                     /* enum review_mode */
	int64_t now;
	int new_today;                /* new cards introduced today outside the exam's
					 deck (all of them when no plan is followed) */
	int reviews_today;            /* review cards answered today (store_count_since) */
	const struct note_seen *seen; /* the cards answered today with a note */
	size_t nseen;
	uint64_t seed;                /* for the option shuffle */
	const struct setup_exam *exam; /* the exam whose plan `pl` is, or NULL */
	const struct plan *pl;        /* its plan, or NULL: no plan is followed */
};

/* The new cards a session of `in` may introduce today: *other outside the
 * exam's deck (new-per-day less today's), *exam of the exam's deck (the
 * plan's share; 0 without a plan). */
void setup_new_quotas(const struct setup_in *in, int *other, int *exam);

/* The new cards the caller should read for such a session, with room for
 * some the session leaves out (siblings of others, held, buried): *other
 * outside the exam's deck (every deck without a plan), *exam of it (0
 * without a plan); as selection.new_limit and selection.split_new_limit.
 * The room doubles with each `round` (0, 1, ...): see setup_read_more(). */
void setup_new_to_read(const struct setup_in *in, int round, int *other, int *exam);

/* Whether the caller should read the new cards again with round + 1: the
 * session `s`, built from the new cards read with setup_new_to_read(in,
 * round), took fewer than a quota of them while the read of that kind
 * stopped at its limit (more were there). `read_other` and `read_exam`
 * count the new cards given to the session, outside the exam's deck and
 * of it (c->exam, as setup_session() marks them). */
bool setup_read_more(const struct setup_in *in, int round, size_t read_other, size_t read_exam,
		     const struct session *s);

/* Prepare `cards` (n of them, as store_load_session() or, with a plan,
 * store_load_states() gives them) and `so` for session_new():
 *   - normal mode with a plan: each card of the exam's deck is marked
 *     (c->exam) and gets its planned due (planner_due_override); the cards
 *     a session cannot reach today are then dropped (released, the array
 *     compacted: *n is updated, order kept) and so->later_due is lowered
 *     to the earliest of them;
 *   - so: the mode, the new-card quotas, reviews-per-day less today's, the
 *     leech threshold, the seed, the end of today, the siblings seen, and
 *     the exam cards' parameters (`exam_params`, which must outlive the
 *     session; setup_exam_params()).
 * so->later_due is kept as the caller set it (what store_load_session()
 * found beyond the cards it gave, or 0) unless a card dropped here comes
 * back earlier. The session's own parameters are in->set->fsrs. */
void setup_session(const struct setup_in *in, struct sess_card *cards, size_t *n,
		   struct session_opts *so, struct fsrs_params *exam_params);

#endif
