/* planner.c - readiness at an exam and the day-by-day plan (see planner.h).
 *
 * The plan is a forward simulation over the days before the exam with each
 * card's projected state, followed by a backward pass that places last
 * reviews. Reviews before the last one are planned at PLANNER_RETENTION,
 * below the scheduler's own target: a card that will be reviewed again just
 * before the exam needs only enough stability to pass that last review, and
 * a review at lower recall raises stability more per answer. Day numbers of
 * instants are computed once per state change:
 * clock_local_day() goes through localtime_r, too slow to call per card per
 * day on a long plan.
 */
#include "dkquiz/planner.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dkquiz/clock.h"
#include "dkquiz/util.h"

#define HOUR_MS 3600000LL
/* A learning card goes through its steps in minutes; this bounds the loop
 * for odd parameters. */
#define MAX_LEARNING_ROUNDS (2 * FSRS_MAX_STEPS + 2)

struct sim {
	const struct sess_card *sc;
	struct fsrs_card st;      /* projected state */
	int due_day;              /* plan day of st.due (< 0: overdue) */
	int last_day;             /* plan day of the last review (negative: before today) */
	bool seen;                /* not new in the projection */
	bool active;              /* not suspended: the plan may schedule it */
	bool touched;             /* the plan reviews it: `expect` is set */
	int first_day;            /* its first planned review, -1: none */
	double expect;            /* expected recall at the exam after its last planned review */
	struct note *note;        /* its siblings' days, NULL without a note */
};

/* The days on which a card of a note is reviewed (planned, or today when
 * one was answered today), and which card: the review queue shows one card
 * of a note a day (a card in its learning steps aside), so the plan never
 * places two siblings on one day. A note has a handful of cards, each
 * reviewed a few times before the exam: a list is enough. */
struct note_day {
	int day;
	const struct sim *who;
};

struct note {
	struct note_day *v;
	size_t n, cap;
	int queued;               /* the last day a card of it was offered new or due
				     in its steps: no other new card that day */
	int offered;              /* the last day a new card of it was offered */
};

struct ctx {
	const struct fsrs_params *p;
	const struct planner_opts *o;
	int64_t today;            /* local day number of o->now */
	int64_t *start;           /* ndays + 1 day starts */
	size_t ndays;
	double budget;            /* seconds per day; < 0: none */
	double ivl_mod;           /* days of interval per day of stability */
};

void planner_opts_init(struct planner_opts *o, int64_t now, int64_t exam_at, int rollover)
{
	memset(o, 0, sizeof(*o));
	o->now = now;
	o->exam_at = exam_at;
	o->rollover = rollover;
	o->review_secs = PLANNER_REVIEW_SECS;
	o->new_secs = PLANNER_NEW_SECS;
	o->buffer_days = PLANNER_BUFFER_DAYS;
}

void planner_params(const struct fsrs_params *in, struct fsrs_params *out)
{
	*out = *in;
	if (out->n_learning_steps > 1)
		out->n_learning_steps = 1;
	out->n_relearning_steps = 0;
}

static int plan_day_of(const struct ctx *x, int64_t ms)
{
	int64_t d = clock_local_day(ms, &x->o->rollover) - x->today;

	if (d > INT32_MAX / 2)
		return INT32_MAX / 2;
	if (d < -(INT32_MAX / 2))
		return -(INT32_MAX / 2);
	return (int)d;
}

/* The plan day a card is next due: a card in (re)learning when its step
 * says, a review card when its recall falls to PLANNER_RETENTION (in whole
 * days from its last review, at least one, as the scheduler counts). */
static int due_day_of(const struct ctx *x, const struct fsrs_card *c)
{
	double ivl;

	if (c->state != FSRS_REVIEW || c->last_review == FSRS_NO_REVIEW)
		return plan_day_of(x, c->due);
	ivl = fmax(1, round(c->stability * x->ivl_mod));
	/* Past the longest plan the day does not matter, only that it is
	 * after the exam; this also keeps the product in range. */
	if (ivl > 2.0 * PLANNER_MAX_DAYS)
		ivl = 2.0 * PLANNER_MAX_DAYS;
	return plan_day_of(x, c->last_review + (int64_t)ivl * DAY_MS);
}

static bool in_steps(const struct fsrs_card *c)
{
	return c->state == FSRS_LEARNING || c->state == FSRS_RELEARNING;
}

/* Another card of s's note is reviewed on day d. */
static bool sibling_on(const struct sim *s, int d)
{
	if (!s->note)
		return false;
	for (size_t i = 0; i < s->note->n; i++)
		if (s->note->v[i].day == d && s->note->v[i].who != s)
			return true;
	return false;
}

/* Whether the queue would hold s back on day d for a sibling: a card in
 * its learning steps goes on whatever its siblings do. */
static bool held_on(const struct sim *s, int d)
{
	return !in_steps(&s->st) && sibling_on(s, d);
}

static void note_mark(struct sim *s, int d)
{
	struct note *nt = s->note;

	if (!nt)
		return;
	XGROW(nt->v, nt->n + 1, nt->cap);
	nt->v[nt->n].day = d;
	nt->v[nt->n].who = s;
	nt->n++;
}

/* The instant a review planned on day d is taken to happen. */
static int64_t review_instant(const struct ctx *x, size_t d)
{
	int64_t t;

	if (d == 0)
		return x->o->now;
	t = x->start[d] + 8 * HOUR_MS;
	if (t >= x->start[d + 1])
		t = x->start[d + 1] - 1;
	if (t >= x->o->exam_at)
		t = x->o->exam_at - 1;
	return t;
}

/* Answer Good until the card leaves its (re)learning steps. */
static void finish_learning(const struct fsrs_params *p, struct fsrs_card *c, int64_t at)
{
	for (int i = 0; i < MAX_LEARNING_ROUNDS &&
			(c->state == FSRS_LEARNING || c->state == FSRS_RELEARNING); i++) {
		int64_t t = c->due > at ? c->due : at;

		if (fsrs_review(p, c, t, FSRS_GOOD, c))
			break;
		at = t;
	}
}

/* The state after a review at `at` answered Good (learning steps done). */
static int review_good(const struct fsrs_params *p, const struct fsrs_card *c, int64_t at,
		       struct fsrs_card *out)
{
	if (fsrs_review(p, c, at, FSRS_GOOD, out))
		return -1;
	finish_learning(p, out, at);
	return 0;
}

/* Expected recall at the exam after a review at `at`: the Good path weighed
 * by the chance of recalling then, the lapse path by the chance of not. */
static double expected_after_review(const struct ctx *x, const struct fsrs_card *c, int64_t at)
{
	struct fsrs_card out[4];
	double r, good, again;

	if (fsrs_repeat(x->p, c, at, out))
		return -1;
	finish_learning(x->p, &out[FSRS_GOOD - 1], at);
	finish_learning(x->p, &out[FSRS_AGAIN - 1], at);
	good = fsrs_recall_at(x->p, &out[FSRS_GOOD - 1], x->o->exam_at);
	if (c->state == FSRS_NEW)
		return good;
	again = fsrs_recall_at(x->p, &out[FSRS_AGAIN - 1], x->o->exam_at);
	r = fsrs_recall_at(x->p, c, at);
	return r * good + (1 - r) * again;
}

static double review_gain(const struct ctx *x, const struct sim *s, int64_t at)
{
	double after = expected_after_review(x, &s->st, at);

	if (after < 0)
		return -1;
	return after - fsrs_recall_at(x->p, &s->st, x->o->exam_at);
}

static void apply_review(const struct ctx *x, struct sim *s, size_t d)
{
	struct fsrs_card out;
	int64_t at = review_instant(x, d);
	double e = expected_after_review(x, &s->st, at);

	if (e < 0 || review_good(x->p, &s->st, at, &out)) {
		/* A state the scheduler refuses (a last review in the future):
		 * leave the card out rather than count it every day. */
		s->active = false;
		return;
	}
	s->st = out;
	s->seen = true;
	/* The projection follows Good answers, but the last review before the
	 * exam may still be forgotten: readiness uses the expectation. */
	s->touched = true;
	s->expect = e;
	s->due_day = due_day_of(x, &s->st);
	s->last_day = (int)d;
	if (s->first_day < 0)
		s->first_day = (int)d;
	note_mark(s, (int)d);
}

/* ---- the forward pass ---- */

struct item {
	struct sim *s;
	double gain, cost;
	bool is_new;
	size_t order;             /* keeps the sort stable */
};

static int cmp_item(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	double rx = x->gain / x->cost, ry = y->gain / y->cost;

	if (rx > ry)
		return -1;
	if (rx < ry)
		return 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static size_t ceil_div(size_t a, size_t b)
{
	return b ? (a + b - 1) / b : a;
}

/* New cards to offer on day d. */
static size_t new_quota(const struct ctx *x, const struct plan *pl, size_t d, size_t remaining)
{
	size_t intro = (size_t)pl->intro_days, extra, want;

	if (d >= intro)
		return remaining;       /* catching up what the budget pushed back */
	extra = d == 0 ? (size_t)(x->o->new_today > 0 ? x->o->new_today : 0) : 0;
	want = ceil_div(remaining + extra, intro - d);
	return want > extra ? want - extra : 0;
}

static void forward(struct ctx *x, struct sim *sims, size_t n, struct plan *pl)
{
	struct item *items = xcalloc(n ? n : 1, sizeof(*items));
	size_t next_new = 0;  /* index in sims of the next new card to consider */
	size_t remaining = 0;

	for (size_t i = 0; i < n; i++)
		if (sims[i].active && !sims[i].seen)
			remaining++;

	for (size_t d = 0; d < x->ndays; d++) {
		struct plan_day *day = &pl->days[d];
		int64_t at = review_instant(x, d);
		size_t ni = 0, q, offered = 0;
		double used = 0;

		for (size_t i = 0; i < n; i++) {
			struct sim *s = &sims[i];

			if (!s->active || !s->seen || s->due_day > (int)d)
				continue;
			items[ni].s = s;
			items[ni].gain = review_gain(x, s, at);
			items[ni].cost = x->o->review_secs;
			items[ni].is_new = false;
			items[ni].order = ni;
			if (items[ni].gain < 0) /* cannot be simulated: count it, no gain */
				items[ni].gain = 0;
			ni++;
			/* the queue takes no new card beside a sibling in its steps */
			if (s->note && in_steps(&s->st))
				s->note->queued = (int)d;
		}
		/* New cards come as early as the budget allows once the due
		 * reviews are paid for (a new card costs its first answer and
		 * one review per learning step), and never later than the even
		 * spread that ends buffer_days before the exam. */
		q = new_quota(x, pl, d, remaining);
		if (x->budget >= 0) {
			double new_cost = x->o->new_secs + x->o->review_secs * x->p->n_learning_steps;
			double left = x->budget - (double)ni * x->o->review_secs;
			size_t fit = left > 0 ? (size_t)(left / new_cost) : 0;

			if (fit > q)
				q = fit < remaining ? fit : remaining;
		}
		for (size_t i = next_new; i < n && offered < q; i++) {
			struct sim *s = &sims[i];

			if (!s->active || s->seen)
				continue;
			/* As the queue takes them: one new card of a note a
			 * day, none beside a sibling answered today or in its
			 * steps. A sibling due for review waits for another day
			 * when the new card goes first (below). */
			if (s->note && (s->note->queued == (int)d || sibling_on(s, (int)d)))
				continue;
			if (s->note)
				s->note->queued = s->note->offered = (int)d;
			items[ni].s = s;
			items[ni].gain = expected_after_review(x, &s->st, at);
			items[ni].cost = x->o->new_secs + x->o->review_secs * x->p->n_learning_steps;
			items[ni].is_new = true;
			items[ni].order = ni;
			if (items[ni].gain < 0)
				items[ni].gain = 0;
			ni++;
			offered++;
		}
		/* The most expected recall per second first: what the budget
		 * keeps, and which of two siblings due goes today. */
		qsort(items, ni, sizeof(*items), cmp_item);
		for (size_t k = 0; k < ni; k++) {
			struct item *it = &items[k];

			/* A sibling went first today: this one waits. A review
			 * waits for a new sibling too: the new card is not seen
			 * at all until it is introduced. */
			if (held_on(it->s, (int)d) ||
			    (!it->is_new && it->s->note && it->s->note->offered == (int)d &&
			     !in_steps(&it->s->st)))
				continue;
			if (x->budget >= 0 && used + it->cost > x->budget + 1e-9) {
				if (!it->is_new)
					day->backlog++;
				continue;
			}
			used += it->cost;
			apply_review(x, it->s, d);
			if (it->is_new) {
				day->new_cards++;
				remaining--;
			} else {
				day->reviews++;
			}
		}
		day->seconds = used;
		/* New cards are introduced in order: skip past those now seen. */
		while (next_new < n && (!sims[next_new].active || sims[next_new].seen))
			next_new++;
	}
	pl->new_left = remaining;
	free(items);
}

/* ---- the backward pass: last reviews before the exam ---- */

static int cmp_gain_desc(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	if (x->gain > y->gain)
		return -1;
	if (x->gain < y->gain)
		return 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static void place_last_reviews(struct ctx *x, struct sim *sims, size_t n, struct plan *pl)
{
	struct item *items = xcalloc(n ? n : 1, sizeof(*items));
	size_t ni = 0, last = x->ndays - 1;

	for (size_t i = 0; i < n; i++) {
		struct sim *s = &sims[i];
		double g;

		if (!s->active || !s->seen || s->due_day < (int)x->ndays || s->last_day >= (int)last)
			continue;
		g = review_gain(x, s, review_instant(x, last));
		if (g < PLANNER_MIN_GAIN)
			continue;
		items[ni].s = s;
		items[ni].gain = g;
		items[ni].order = ni;
		ni++;
	}
	qsort(items, ni, sizeof(*items), cmp_gain_desc);
	for (size_t k = 0; k < ni; k++) {
		struct sim *s = items[k].s;

		/* The latest day with room; an earlier day buys less, so stop
		 * once the gain falls below the bar. */
		for (size_t d = last + 1; d-- > 0 && (int)d > s->last_day;) {
			struct plan_day *day = &pl->days[d];

			if (x->budget >= 0 && day->seconds + x->o->review_secs > x->budget + 1e-9)
				continue;
			if (sibling_on(s, (int)d))
				continue;
			if (d != last && review_gain(x, s, review_instant(x, d)) < PLANNER_MIN_GAIN)
				break;
			day->last_reviews++;
			day->seconds += x->o->review_secs;
			apply_review(x, s, d);
			break;
		}
	}
	free(items);
}

static int cmp_planned(const void *a, const void *b)
{
	const struct plan_card *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* Every review card the plan may schedule, with the start of its first
 * planned day; when the plan leaves it alone until the exam, the day after
 * the exam day (a day that merely holds the exam would let the queue show
 * it on the exam morning), or its own due if later. */
static void list_planned(const struct ctx *x, const struct sim *sims, size_t n, struct plan *pl)
{
	int64_t after = clock_next_day_start(x->o->exam_at, x->o->rollover);
	size_t cap = 0;

	for (size_t i = 0; i < n; i++) {
		const struct sess_card *c = sims[i].sc;

		if (!sims[i].active || c->st.state != FSRS_REVIEW)
			continue;
		XGROW(pl->planned, pl->nplanned + 1, cap);
		pl->planned[pl->nplanned].id = c->id;
		pl->planned[pl->nplanned].review_at = sims[i].first_day >= 0
			? x->start[sims[i].first_day] : c->st.due > after ? c->st.due : after;
		pl->nplanned++;
	}
	if (pl->nplanned)
		qsort(pl->planned, pl->nplanned, sizeof(*pl->planned), cmp_planned);
}

/* ---- readiness by deck and tag ---- */

struct group_acc {
	struct plan_group *v;
	size_t n, cap;
};

static struct plan_group *group_for(struct group_acc *g, const char *name, size_t len)
{
	/* Linear: a selection has a handful of decks and tags. */
	for (size_t i = 0; i < g->n; i++)
		if (strlen(g->v[i].name) == len && !memcmp(g->v[i].name, name, len))
			return &g->v[i];
	XGROW(g->v, g->n + 1, g->cap);
	memset(&g->v[g->n], 0, sizeof(g->v[g->n]));
	g->v[g->n].name = xstrndup(name, len);
	return &g->v[g->n++];
}

static void group_add(struct plan_group *g, bool unseen, double now, double proj)
{
	g->cards++;
	if (unseen)
		g->unseen++;
	g->recall += now;
	g->projected += proj;
}

static int cmp_group(const void *a, const void *b)
{
	return strcmp(((const struct plan_group *)a)->name, ((const struct plan_group *)b)->name);
}

static void groups_finish(struct group_acc *g, struct plan_group **out, size_t *n)
{
	for (size_t i = 0; i < g->n; i++) {
		g->v[i].recall /= (double)g->v[i].cards;
		g->v[i].projected /= (double)g->v[i].cards;
	}
	if (g->n)
		qsort(g->v, g->n, sizeof(*g->v), cmp_group);
	*out = g->v;
	*n = g->n;
}

static void readiness(const struct ctx *x, const struct sim *sims, size_t n, struct plan *pl)
{
	struct group_acc decks = { NULL, 0, 0 }, tags = { NULL, 0, 0 };
	double sum_now = 0, sum_proj = 0;

	for (size_t i = 0; i < n; i++) {
		const struct sess_card *c = sims[i].sc;
		bool unseen = c->st.state == FSRS_NEW;
		double now = fsrs_recall_at(x->p, &c->st, x->o->exam_at);
		double proj = sims[i].touched ? sims[i].expect
					      : fsrs_recall_at(x->p, &sims[i].st, x->o->exam_at);
		const char *t = c->c.tags ? c->c.tags : "";

		sum_now += now;
		sum_proj += proj;
		if (unseen)
			pl->unseen++;
		if (c->suspended)
			pl->suspended++;
		group_add(group_for(&decks, c->c.deck ? c->c.deck : "", c->c.deck ? strlen(c->c.deck) : 0),
			  unseen, now, proj);
		for (;;) {
			size_t len;

			t += strspn(t, " \t");
			if (!*t)
				break;
			len = strcspn(t, " \t");
			group_add(group_for(&tags, t, len), unseen, now, proj);
			t += len;
		}
	}
	pl->ncards = n;
	pl->recall = n ? sum_now / (double)n : 0;
	pl->projected = n ? sum_proj / (double)n : 0;
	groups_finish(&decks, &pl->decks, &pl->ndecks);
	groups_finish(&tags, &pl->tags, &pl->ntags);
}

/* ---- notes ---- */

static int cmp_sim_note(const void *a, const void *b)
{
	const struct sim *x = *(const struct sim *const *)a, *y = *(const struct sim *const *)b;

	return strcmp(x->sc->c.note, y->sc->c.note);
}

/* Give the cards of each note one struct note (returned, *n of them; the
 * caller frees each one's list and the array), and mark the notes of the
 * cards answered today: their siblings wait for tomorrow. */
static struct note *group_notes(struct sim *sims, size_t n, size_t *nnotes)
{
	struct sim **v = xmalloc((n ? n : 1) * sizeof(*v));
	struct note *notes;
	size_t nv = 0;

	for (size_t i = 0; i < n; i++)
		if (sims[i].sc->c.note)
			v[nv++] = &sims[i];
	qsort(v, nv, sizeof(*v), cmp_sim_note);
	notes = xcalloc(nv ? nv : 1, sizeof(*notes));
	*nnotes = 0;
	for (size_t k = 0; k < nv; k++) {
		if (!k || strcmp(v[k - 1]->sc->c.note, v[k]->sc->c.note)) {
			notes[*nnotes].queued = notes[*nnotes].offered = INT32_MIN;
			(*nnotes)++;
		}
		v[k]->note = &notes[*nnotes - 1];
	}
	for (size_t i = 0; i < n; i++)
		if (sims[i].last_day == 0)
			note_mark(&sims[i], 0);
	free(v);
	return notes;
}

/* ---- entry points ---- */

int planner_build(const struct fsrs_params *p, const struct sess_card *cards, size_t n,
		  const struct planner_opts *o, struct plan *out)
{
	struct planner_opts oo = *o;
	/* The plan simulates reviews without the interval fuzz: a plan is a
	 * forecast, fuzz moves an interval by a few percent, and seeding it
	 * for each simulated review was nearly all of the time it took. */
	struct fsrs_params plain = *p;
	struct ctx x = { &plain, &oo, 0, NULL, 0, -1, 1 };
	struct sim *sims;
	struct note *notes;
	int64_t exam_day;
	size_t buffer, nnotes;

	memset(out, 0, sizeof(*out));
	/* A zero cost would make the budget meaningless and divide by zero. */
	if (!(oo.review_secs > 0))
		oo.review_secs = PLANNER_REVIEW_SECS;
	if (!(oo.new_secs > 0))
		oo.new_secs = PLANNER_NEW_SECS;
	o = &oo;
	plain.enable_fuzz = false;
	p = &plain;
	x.ivl_mod = (pow(PLANNER_RETENTION, 1 / p->decay) - 1) / p->factor;
	if (!(x.ivl_mod > 0))
		x.ivl_mod = 1;
	if (o->exam_at <= o->now)
		return -1;
	x.today = clock_local_day(o->now, &o->rollover);
	exam_day = clock_local_day(o->exam_at, &o->rollover) - x.today;
	if (exam_day > PLANNER_MAX_DAYS)
		return -1;
	out->exam_at = o->exam_at;
	out->days_left = (int)exam_day;
	x.ndays = exam_day >= 1 ? (size_t)exam_day : 1;
	if (o->minutes_per_day > 0)
		x.budget = o->minutes_per_day * 60.0;

	x.start = xcalloc(x.ndays + 1, sizeof(*x.start));
	x.start[0] = clock_day_start(o->now, o->rollover);
	for (size_t d = 0; d < x.ndays; d++)
		x.start[d + 1] = clock_next_day_start(x.start[d], o->rollover);

	out->ndays = x.ndays;
	out->days = xcalloc(x.ndays, sizeof(*out->days));
	for (size_t d = 0; d < x.ndays; d++)
		out->days[d].start = x.start[d];
	buffer = o->buffer_days > 0 ? (size_t)o->buffer_days : 0;
	if (buffer > (x.ndays - 1) / 2)
		buffer = (x.ndays - 1) / 2;
	out->intro_days = (int)(x.ndays - buffer);

	sims = xcalloc(n ? n : 1, sizeof(*sims));
	for (size_t i = 0; i < n; i++) {
		sims[i].sc = &cards[i];
		sims[i].st = cards[i].st;
		sims[i].seen = cards[i].st.state != FSRS_NEW;
		sims[i].active = !cards[i].suspended;
		sims[i].first_day = -1;
		sims[i].due_day = due_day_of(&x, &cards[i].st);
		sims[i].last_day = cards[i].st.last_review == FSRS_NO_REVIEW
			? -1 - (int)x.ndays
			: plan_day_of(&x, cards[i].st.last_review);
	}
	notes = group_notes(sims, n, &nnotes);
	forward(&x, sims, n, out);
	place_last_reviews(&x, sims, n, out);
	list_planned(&x, sims, n, out);
	readiness(&x, sims, n, out);
	for (size_t i = 0; i < nnotes; i++)
		free(notes[i].v);
	free(notes);
	free(sims);
	free(x.start);
	return 0;
}

void plan_release(struct plan *pl)
{
	for (size_t i = 0; i < pl->ndecks; i++)
		free(pl->decks[i].name);
	for (size_t i = 0; i < pl->ntags; i++)
		free(pl->tags[i].name);
	free(pl->decks);
	free(pl->tags);
	free(pl->days);
	free(pl->planned);
	memset(pl, 0, sizeof(*pl));
}

int64_t planner_due_override(const struct plan *pl, const struct sess_card *c)
{
	struct plan_card key = { c->id, 0 };
	const struct plan_card *hit;

	if (!pl->nplanned)
		return c->st.due;
	hit = bsearch(&key, pl->planned, pl->nplanned, sizeof(key), cmp_planned);
	if (!hit || c->st.state != FSRS_REVIEW)
		return c->st.due;
	/* Planned today: an overdue card keeps its due, so that the queue
	 * still takes the most overdue first. */
	if (pl->ndays && hit->review_at == pl->days[0].start && c->st.due < hit->review_at)
		return c->st.due;
	return hit->review_at;
}

int planner_new_quota(const struct plan *pl)
{
	return pl->ndays ? pl->days[0].new_cards : 0;
}
