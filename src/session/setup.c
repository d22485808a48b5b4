/* setup.c - a review session's inputs: limits, siblings, the exam's plan
 * applied to the exam's cards (see setup.h). */
#include "dkquiz/setup.h"

#include <limits.h>
#include <string.h>

#include "dkquiz/clock.h"

/* Room kept when reading new cards, beyond the quotas: the session takes
 * one new card per note, so some it reads are left out. When they are more
 * than this, the caller reads again (setup_read_more). */
#define NEW_READ_MARGIN 50
/* The rounds after which the room stops doubling (it is then past any
 * deck: 50 << 24 cards). */
#define NEW_READ_ROUNDS 24

bool setup_deck_in(const char *deck, const char *root)
{
	size_t n;

	if (!root)
		return true;
	if (!deck)
		return false;
	n = strlen(root);
	return !strncmp(deck, root, n) && (!deck[n] || !strncmp(deck + n, "::", 2));
}

bool setup_exam_reaches(const char *exam_deck, const char *sel_deck)
{
	/* One of the two holds the other, or they are apart. */
	return !sel_deck || !exam_deck || setup_deck_in(sel_deck, exam_deck) ||
	       setup_deck_in(exam_deck, sel_deck);
}

void setup_exam_params(const struct settings *set, struct fsrs_params *out)
{
	planner_params(&set->fsrs, out);
}

int setup_exam_plan(const struct settings *set, const struct setup_exam *e,
		    const struct sess_card *cards, size_t n, int64_t now, struct plan *pl)
{
	struct planner_opts o;
	struct fsrs_params params;

	memset(pl, 0, sizeof(*pl));
	if (e->at <= now)
		return 1;
	planner_opts_init(&o, now, e->at, set->rollover);
	o.minutes_per_day = e->minutes_per_day;
	o.new_today = e->new_today;
	/* The budget is in minutes: plan with this student's own pace. */
	if (e->new_secs > 0)
		o.new_secs = e->new_secs;
	if (e->review_secs > 0)
		o.review_secs = e->review_secs;
	setup_exam_params(set, &params);
	return planner_build(&params, cards, n, &o, pl) ? 1 : 0;
}

void setup_new_quotas(const struct setup_in *in, int *other, int *exam)
{
	int per_day = in->set->new_per_day;

	*other = per_day > in->new_today ? per_day - in->new_today : 0;
	*exam = in->pl ? planner_new_quota(in->pl) : 0;
	if (*exam < 0)
		*exam = 0;
}

/* A quota and its room after `round` doublings, capped below INT_MAX. */
static int with_room(int quota, int round)
{
	long long n = (long long)quota + NEW_READ_MARGIN;

	if (round > NEW_READ_ROUNDS)
		round = NEW_READ_ROUNDS;
	n <<= round;
	return n < INT_MAX / 2 ? (int)n : INT_MAX / 2;
}

void setup_new_to_read(const struct setup_in *in, int round, int *other, int *exam)
{
	setup_new_quotas(in, other, exam);
	*other = with_room(*other, round);
	*exam = in->pl ? with_room(*exam, round) : 0;
}

bool setup_read_more(const struct setup_in *in, int round, size_t read_other, size_t read_exam,
		     const struct session *s)
{
	int quota[2], limit[2];
	size_t read[2] = { read_other, read_exam }, taken[2];

	if (in->mode == REVIEW_CRAM || round >= NEW_READ_ROUNDS)
		return false;
	setup_new_quotas(in, &quota[0], &quota[1]);
	setup_new_to_read(in, round, &limit[0], &limit[1]);
	session_new_taken(s, &taken[0], &taken[1]);
	for (int k = 0; k < 2; k++)
		if (taken[k] < (size_t)quota[k] && read[k] >= (size_t)limit[k])
			return true;
	return false;
}

void setup_session(const struct setup_in *in, struct sess_card *cards, size_t *n,
		   struct session_opts *so, struct fsrs_params *exam_params)
{
	const struct settings *set = in->set;
	int other, exam;

	so->mode = in->mode;
	so->day_end = clock_next_day_start(in->now, set->rollover);
	setup_new_quotas(in, &other, &exam);
	so->new_per_day = other;
	so->exam_new_per_day = exam;
	so->reviews_per_day = set->reviews_per_day < 0 ? -1
			      : set->reviews_per_day > in->reviews_today
			      ? set->reviews_per_day - in->reviews_today : 0;
	so->leech_lapses = set->leech_lapses;
	so->seed = in->seed;
	so->seen = in->mode == REVIEW_CRAM ? NULL : in->seen;
	so->nseen = in->mode == REVIEW_CRAM ? 0 : in->nseen;
	setup_exam_params(set, exam_params);
	so->exam_p = exam_params;

	if (in->mode == REVIEW_CRAM || !in->pl || !in->exam)
		return;
	for (size_t i = 0; i < *n; i++) {
		struct sess_card *c = &cards[i];

		if (!setup_deck_in(c->c.deck, in->exam->deck))
			continue;
		c->exam = true;
		c->st.due = planner_due_override(in->pl, c);
	}
	{
		int64_t later;

		*n = session_keep_reachable(cards, *n, so->day_end, &later);
		if (later && (!so->later_due || later < so->later_due))
			so->later_due = later;
	}
}
