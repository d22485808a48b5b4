/* sim.c - a simulated student revising for an exam, four ways.
 *
 * A deck of SIM_CARDS cards, SIM_DAYS days of study of SIM_MINUTES minutes
 * each at 18:00, an exam on day SIM_DAYS at 09:00. Like a real deck, some
 * cards are siblings: SIM_PAIRS notes of two cards (a card and its
 * reverse) and SIM_TRIPLES of three (the gaps of a cloze text), each note's
 * cards next to each other. The student has a true FSRS-6 memory per card
 * whose weights are the defaults each multiplied by exp(N(0, SIM_SPREAD))
 * (then clipped as FSRS clips them), so the scheduler's model is close to
 * the student's but not the same. Each answer is drawn from the true recall
 * probability at that instant: recalled is Good (Hard or Easy one time in
 * ten each), forgotten is Again. At first sight a card is known with a
 * per-card chance between 0.2 and 0.6 (the student has attended the
 * course). An answer takes a drawn time: 14 to 26 s for a new card, 5 to
 * 9 s for another recalled, 10 to 16 s for one forgotten; the clock moves
 * on by that, and waits for learning steps within the evening.
 *
 * The rows:
 *   planner   what `dkquiz review` does with an exam set: each day the
 *             plan is built (setup_exam_plan) over the current states with
 *             the pace measured from the answers so far, as
 *             store_answer_seconds() measures it, and the session is set up
 *             by setup_session(), the function the review command calls;
 *   fsrs      plain FSRS-6 at retention 0.9, SIM_NEW_PER_DAY new cards a day,
 *             due reviews only (the same set-up without an exam);
 *   fsrs+last the same, and on the last day before the exam every review
 *             card is due (lowest recall first, as long as the budget lasts);
 *   sm2       classic SM-2 (ease 2.5, intervals 1, 6, then times the ease,
 *             Again starts over) with the same budget and new-card policy.
 * The three FSRS rows go through the real session (session_new,
 * session_current, session_grade), siblings rule included, with operations
 * that only record the new state; SM-2 has its own small queue built the
 * same way.
 *
 * Printed for each row: the mean TRUE recall probability at the exam over
 * all cards (a card never seen counts 0) and the answers spent. Everything
 * is seeded: the same students answer the same way in every row (each card
 * has its own random streams, so the order of reviews does not change which
 * numbers a card draws).
 *
 * Usage: sim [-s students] [-m minutes a day] [-v]   (-v: each row day by day)
 * The time zone is set to UTC so that local days are the same everywhere.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dkquiz/clock.h"
#include "dkquiz/fsrs.h"
#include "dkquiz/planner.h"
#include "dkquiz/session.h"
#include "dkquiz/settings.h"
#include "dkquiz/setup.h"
#include "dkquiz/util.h"

#define SIM_CARDS 300
#define SIM_DAYS 14
#define SIM_MINUTES 30
#define SIM_NEW_PER_DAY 30
#define SIM_STUDY_HOUR 18
#define SIM_EXAM_HOUR 9
#define SIM_SPREAD 0.15
#define SIM_STUDENTS 10
#define SIM_PAIRS 60       /* notes of two cards, after the single cards */
#define SIM_TRIPLES 20     /* notes of three cards, at the end of the deck */
#define SIM_TARGET 0.95

#define HOUR_MS 3600000LL
/* Monday 2026-03-02 18:00 UTC: day 0 of the revision. */
#define SIM_START (20514LL * DAY_MS + SIM_STUDY_HOUR * HOUR_MS)

enum row_kind { ROW_PLANNER, ROW_FSRS, ROW_FSRS_LAST, ROW_SM2, NROWS };

static const char *const row_names[NROWS] = {
	"planner", "fsrs", "fsrs+last", "sm2",
};

static const char *const row_help[NROWS] = {
	"exam planner (the review command's set-up)",
	"FSRS-6, retention 0.9, due reviews only",
	"FSRS-6, everything reviewed the last day",
	"SM-2, ease 2.5, 1 d, 6 d, then x ease",
};

static int rollover = 4;
static int minutes = SIM_MINUTES;   /* the daily budget, -m */

/* ---- random numbers ---- */

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double uniform(uint64_t *st)
{
	return (double)(splitmix64(st) >> 11) * 0x1.0p-53;
}

static double normal(uint64_t *st)
{
	double u = uniform(st), v = uniform(st);

	return sqrt(-2.0 * log(1.0 - u)) * cos(2.0 * M_PI * v);
}

/* ---- the student ---- */

struct student {
	struct fsrs_params mem[SIM_CARDS];  /* the true memory model of each card */
	double know[SIM_CARDS];             /* chance of knowing a card at first sight */
	uint64_t seed;
};

struct learner {
	const struct student *who;
	struct fsrs_card truth[SIM_CARDS];
	uint64_t rng[SIM_CARDS];            /* each card's own stream of answers */
	uint64_t time_rng[SIM_CARDS];       /* and of answer times */
};

/* The note of each card ("" for none): singles, then pairs, then triples. */
static char notes[SIM_CARDS][16];

static void notes_init(void)
{
	size_t first_pair = SIM_CARDS - 2 * SIM_PAIRS - 3 * SIM_TRIPLES;
	size_t first_triple = SIM_CARDS - 3 * SIM_TRIPLES;

	for (size_t i = 0; i < SIM_CARDS; i++) {
		if (i >= first_triple)
			snprintf(notes[i], sizeof(notes[i]), "t%zu", (i - first_triple) / 3);
		else if (i >= first_pair)
			snprintf(notes[i], sizeof(notes[i]), "p%zu", (i - first_pair) / 2);
		else
			notes[i][0] = '\0';
	}
}

static void student_init(struct student *s, uint64_t seed)
{
	uint64_t rng = seed;

	s->seed = seed;
	for (size_t i = 0; i < SIM_CARDS; i++) {
		struct fsrs_params *p = &s->mem[i];

		fsrs_params_default(p);
		for (int k = 0; k < FSRS_NW; k++)
			p->w[k] *= exp(SIM_SPREAD * normal(&rng));
		p->enable_fuzz = false;
		p->day = clock_local_day;
		p->day_ctx = &rollover;
		fsrs_params_finish(p);
		/* The student has attended the course: some cards are
		 * half-known before the first review. */
		s->know[i] = 0.2 + 0.4 * uniform(&rng);
	}
}

static void learner_init(struct learner *l, const struct student *s)
{
	l->who = s;
	for (size_t i = 0; i < SIM_CARDS; i++) {
		fsrs_card_init(&l->truth[i], SIM_START - 7 * DAY_MS);
		l->rng[i] = s->seed * 1000003ULL + i;
		l->time_rng[i] = s->seed * 2000003ULL + i + 0x7100;
	}
}

static double true_recall(const struct learner *l, size_t i, int64_t at)
{
	if (l->truth[i].state == FSRS_NEW)
		return 0;
	return fsrs_recall_at(&l->who->mem[i], &l->truth[i], at);
}

/* The student's answer to card i shown at `at`. */
static int answer(struct learner *l, size_t i, int64_t at)
{
	double p = l->truth[i].state == FSRS_NEW ? l->who->know[i] : true_recall(l, i, at);
	double u = uniform(&l->rng[i]), v = uniform(&l->rng[i]);

	if (u >= p)
		return FSRS_AGAIN;
	if (v < 0.10)
		return FSRS_HARD;
	if (v > 0.90)
		return FSRS_EASY;
	return FSRS_GOOD;
}

/* How long the answer `rating` to card i, in state `before`, takes. */
static int64_t answer_ms(struct learner *l, size_t i, bool first_sight, int rating)
{
	double u = uniform(&l->time_rng[i]);

	if (first_sight)
		return (int64_t)llround((14 + 12 * u) * 1000);
	if (rating == FSRS_AGAIN)
		return (int64_t)llround((10 + 6 * u) * 1000);
	return (int64_t)llround((5 + 4 * u) * 1000);
}

/* The answer changes the true memory the way FSRS-6 says, with the
 * student's own weights. */
static void learn(struct learner *l, size_t i, int64_t at, int rating)
{
	if (fsrs_review(&l->who->mem[i], &l->truth[i], at, rating, &l->truth[i]))
		die("sim: the true memory refused a review of card %zu", i);
}

/* ---- one row's bookkeeping ---- */

struct run {
	enum row_kind kind;
	struct learner l;
	struct fsrs_card st[SIM_CARDS];     /* the scheduler's state (FSRS rows) */
	bool suspended[SIM_CARDS];
	long answers, first_seen;
	int64_t used_ms;                    /* answer time today */
	/* the answer times by day, capped, new cards [0] and others [1]: the
	 * pace store_answer_seconds() would measure */
	double pace_ms[SIM_DAYS][2];
	long pace_n[SIM_DAYS][2];
	bool verbose;
};

static void pace_add(struct run *run, int day, bool first_sight, int64_t ms)
{
	int k = first_sight ? 0 : 1;

	run->pace_ms[day][k] += (double)(ms < PLANNER_PACE_CAP_MS ? ms : PLANNER_PACE_CAP_MS);
	run->pace_n[day][k]++;
}

/* The measured seconds per new card and per other answer before `day`
 * (the planner's defaults for a kind with too few answers). */
static void pace(const struct run *run, int day, double *new_secs, double *review_secs)
{
	double sum[2] = { 0, 0 };
	long n[2] = { 0, 0 };

	*new_secs = PLANNER_NEW_SECS;
	*review_secs = PLANNER_REVIEW_SECS;
	for (int d = day - 1; d >= 0 && d > day - 1 - PLANNER_PACE_DAYS; d--)
		for (int k = 0; k < 2; k++) {
			sum[k] += run->pace_ms[d][k];
			n[k] += run->pace_n[d][k];
		}
	if (n[0] >= PLANNER_PACE_MIN)
		*new_secs = sum[0] / (double)n[0] / 1000.0;
	if (n[1] >= PLANNER_PACE_MIN)
		*review_secs = sum[1] / (double)n[1] / 1000.0;
}

static int commit(void *ctx, struct review_rec *r)
{
	struct run *run = ctx;
	size_t i = (size_t)(r->card_id - 1);

	run->st[i] = r->after;
	if (r->became_leech)
		run->suspended[i] = true;
	return 0;
}

/* One day of an FSRS row through the real session, set up as the review
 * command sets it up. */
static void fsrs_day(struct run *run, const struct settings *set, int day, int64_t exam_at)
{
	int64_t now = SIM_START + (int64_t)day * DAY_MS;
	int64_t budget = minutes * 60000LL;
	struct sess_card *cards = xcalloc(SIM_CARDS, sizeof(*cards));
	size_t n = SIM_CARDS;
	struct session_opts so = { 0 };
	struct session_ops ops = { .commit = commit, .ctx = run };
	struct setup_in in = { .set = set, .mode = REVIEW_NORMAL, .now = now, .seed = (uint64_t)day };
	struct setup_exam ex = { .at = exam_at, .minutes_per_day = minutes };
	struct fsrs_params exam_params;
	struct plan pl;
	struct session *s;
	long answers = run->answers, fresh = run->first_seen;
	bool planned = false;

	for (size_t i = 0; i < SIM_CARDS; i++) {
		cards[i].id = (int64_t)i + 1;
		cards[i].st = run->st[i];
		cards[i].suspended = run->suspended[i];
		cards[i].leech = run->suspended[i];
		cards[i].c.deck = xstrdup("Sim");
		if (notes[i][0])
			cards[i].c.note = xstrdup(notes[i]);
	}
	if (run->kind == ROW_PLANNER) {
		/* The exam covers the whole deck; the pace is measured. */
		pace(run, day, &ex.new_secs, &ex.review_secs);
		if (setup_exam_plan(set, &ex, cards, SIM_CARDS, now, &pl) == 0) {
			planned = true;
			in.exam = &ex;
			in.pl = &pl;
			if (run->verbose) {
				const struct plan_day *d0 = &pl.days[0];

				printf("  day %2d: plan new %3d due %3d last %3d backlog %3d "
				       "(%4.0f s at %.1f/%.1f s), projected %.3f, new left %zu\n",
				       day, d0->new_cards, d0->reviews, d0->last_reviews, d0->backlog,
				       d0->seconds, ex.new_secs, ex.review_secs, pl.projected, pl.new_left);
			}
		}
	} else if (run->kind == ROW_FSRS_LAST && day == SIM_DAYS - 1) {
		/* The last evening: everything in review is due now. */
		for (size_t i = 0; i < SIM_CARDS; i++)
			if (cards[i].st.state == FSRS_REVIEW && cards[i].st.due > now)
				cards[i].st.due = now;
	}
	/* One session a day: nothing was answered earlier today. */
	setup_session(&in, cards, &n, &so, &exam_params);
	if (planned)
		plan_release(&pl);

	s = session_new(&set->fsrs, cards, n, &so, &ops, now);
	run->used_ms = 0;
	for (;;) {
		const struct sess_card *c = session_current(s, now);
		int64_t dur;
		size_t i;
		int rating;
		bool first;

		if (!c) {
			int64_t next = session_next_due(s);

			/* Wait for the next learning step, within the evening. */
			if (!next || next >= so.day_end)
				break;
			now = next > now ? next : now;
			continue;
		}
		i = (size_t)(c->id - 1);
		first = c->st.state == FSRS_NEW;
		rating = answer(&run->l, i, now);
		dur = answer_ms(&run->l, i, first, rating);
		if (run->used_ms + dur > budget)
			break;
		if (first)
			run->first_seen++;
		if (session_grade(s, rating, now, dur))
			die("sim: the session refused a grade");
		learn(&run->l, i, now, rating);
		pace_add(run, day, first, dur);
		run->answers++;
		run->used_ms += dur;
		now += dur;
	}
	if (run->verbose)
		printf("  day %2d: did new %3ld answers %3ld (%4.0f s)\n", day, run->first_seen - fresh,
		       run->answers - answers, run->used_ms / 1000.0);
	session_free(s);
}

/* ---- SM-2 ---- */

struct sm2 {
	int reps;          /* successful reviews in a row */
	double ease;
	double interval;   /* days */
	int64_t due;
	int step;          /* learning step, -1 when in review */
	bool seen;
};

#define SM2_STEP1_MS (1 * 60000LL)
#define SM2_STEP2_MS (10 * 60000LL)

static int64_t days_ms(double d)
{
	return (int64_t)llround(d * (double)DAY_MS);
}

/* Classic SM-2 with Anki's learning steps (1 m, 10 m for new cards, 10 m
 * after a lapse). */
static void sm2_grade(struct sm2 *c, int rating, int64_t now)
{
	if (!c->seen) {
		c->seen = true;
		c->ease = 2.5;
		c->reps = 0;
		c->step = 0;
	}
	if (c->step >= 0) {
		if (rating == FSRS_AGAIN) {
			c->step = 0;
			c->due = now + SM2_STEP1_MS;
		} else if (rating == FSRS_EASY || (rating == FSRS_GOOD && c->step >= 1)) {
			c->step = -1;
			c->reps = 1;
			c->interval = rating == FSRS_EASY && c->interval < 1 ? 4 : 1;
			c->due = now + days_ms(c->interval);
		} else if (rating == FSRS_GOOD) {
			c->step = 1;
			c->due = now + SM2_STEP2_MS;
		} else {
			c->due = now + (c->step ? SM2_STEP2_MS : SM2_STEP1_MS);
		}
		return;
	}
	switch (rating) {
	case FSRS_AGAIN:
		c->ease = fmax(1.3, c->ease - 0.20);
		c->reps = 0;
		c->interval = 0;
		c->step = 1;
		c->due = now + SM2_STEP2_MS;
		return;
	case FSRS_HARD:
		c->ease = fmax(1.3, c->ease - 0.15);
		c->interval = c->reps == 1 ? 1 : fmax(c->interval + 1, c->interval * 1.2);
		break;
	case FSRS_GOOD:
		c->interval = c->reps == 1 ? 6 : round(c->interval * c->ease);
		break;
	default:
		c->ease += 0.15;
		c->interval = c->reps == 1 ? 6 * 1.3 : round(c->interval * c->ease * 1.3);
		break;
	}
	c->reps++;
	c->due = now + days_ms(c->interval);
}

struct due_ent {
	size_t i;
	int64_t due;
};

static int cmp_due(const void *a, const void *b)
{
	const struct due_ent *x = a, *y = b;

	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static void sm2_day(struct run *run, struct sm2 *cards, int day)
{
	int64_t now = SIM_START + (int64_t)day * DAY_MS;
	int64_t day_end = clock_next_day_start(now, rollover);
	int64_t budget = minutes * 60000LL;
	struct due_ent rev[SIM_CARDS];
	size_t fresh[SIM_CARDS], main_q[SIM_CARDS], learn_q[SIM_CARDS];
	size_t nrev = 0, nfresh = 0, nmain = 0, nlearn = 0, head = 0;
	long answers, seen;

	for (size_t i = 0; i < SIM_CARDS; i++) {
		if (!cards[i].seen) {
			if (nfresh < SIM_NEW_PER_DAY)
				fresh[nfresh++] = i;
		} else if (cards[i].step >= 0) {
			learn_q[nlearn++] = i;
		} else if (cards[i].due < day_end) {
			rev[nrev].i = i;
			rev[nrev].due = cards[i].due;
			nrev++;
		}
	}
	qsort(rev, nrev, sizeof(*rev), cmp_due);
	/* New cards spread among the reviews, as the session does. */
	for (size_t r = 0, k = 0; r < nrev || k < nfresh;) {
		if (k < nfresh && (r == nrev || (k + 1) * (nrev + 1) < (r + 1) * (nfresh + 1)))
			main_q[nmain++] = fresh[k++];
		else
			main_q[nmain++] = rev[r++].i;
	}
	run->used_ms = 0;
	answers = run->answers;
	seen = run->first_seen;
	for (;;) {
		size_t best = SIZE_MAX, i;
		int64_t dur;
		int rating;

		for (size_t k = 0; k < nlearn; k++)
			if (cards[learn_q[k]].due <= now &&
			    (best == SIZE_MAX || cards[learn_q[k]].due < cards[learn_q[best]].due))
				best = k;
		if (best != SIZE_MAX) {
			i = learn_q[best];
			learn_q[best] = learn_q[--nlearn];
		} else if (head < nmain) {
			i = main_q[head++];
		} else {
			int64_t next = 0;

			for (size_t k = 0; k < nlearn; k++)
				if (!next || cards[learn_q[k]].due < next)
					next = cards[learn_q[k]].due;
			if (!next || next >= day_end)
				break;
			now = next;
			continue;
		}
		rating = answer(&run->l, i, now);
		dur = answer_ms(&run->l, i, !cards[i].seen, rating);
		if (run->used_ms + dur > budget)
			break;
		if (!cards[i].seen)
			run->first_seen++;
		sm2_grade(&cards[i], rating, now);
		learn(&run->l, i, now, rating);
		run->answers++;
		run->used_ms += dur;
		now += dur;
		if (cards[i].step >= 0)
			learn_q[nlearn++] = i;
	}
	if (run->verbose)
		printf("  day %2d: did new %3ld answers %3ld (%4.0f s)\n", day, run->first_seen - seen,
		       run->answers - answers, run->used_ms / 1000.0);
}

/* ---- the runs ---- */

struct result {
	double recall;
	long answers, seen;
};

static void run_row(enum row_kind kind, const struct student *who, const struct settings *set,
		    bool verbose, struct result *res)
{
	struct run *run = xcalloc(1, sizeof(*run));
	struct sm2 *sm = NULL;
	int64_t exam_at = SIM_START - SIM_STUDY_HOUR * HOUR_MS + (int64_t)SIM_DAYS * DAY_MS +
			  SIM_EXAM_HOUR * HOUR_MS;
	double sum = 0;

	run->kind = kind;
	run->verbose = verbose;
	learner_init(&run->l, who);
	for (size_t i = 0; i < SIM_CARDS; i++)
		fsrs_card_init(&run->st[i], SIM_START - 7 * DAY_MS);
	if (kind == ROW_SM2)
		sm = xcalloc(SIM_CARDS, sizeof(*sm));
	for (int d = 0; d < SIM_DAYS; d++) {
		if (kind == ROW_SM2)
			sm2_day(run, sm, d);
		else
			fsrs_day(run, set, d, exam_at);
	}
	for (size_t i = 0; i < SIM_CARDS; i++)
		sum += true_recall(&run->l, i, exam_at);
	res->recall = sum / SIM_CARDS;
	res->answers = run->answers;
	res->seen = run->first_seen;
	free(sm);
	free(run);
}

static void usage(void)
{
	fprintf(stderr, "usage: sim [-s students] [-m minutes] [-v]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static struct settings set;
	int nstudents = SIM_STUDENTS;
	bool verbose = false;
	struct student *who = xmalloc(sizeof(*who));
	struct result (*res)[NROWS];
	double mean[NROWS] = { 0 }, lo[NROWS], hi[NROWS], ans[NROWS] = { 0 }, seen[NROWS] = { 0 };
	int wins = 0;
	bool target, ahead = true, cheaper = true;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-v"))
			verbose = true;
		else if (!strcmp(argv[i], "-s") && i + 1 < argc)
			nstudents = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-m") && i + 1 < argc)
			minutes = atoi(argv[++i]);
		else
			usage();
	}
	if (nstudents < 1 || minutes < 1)
		usage();
	setenv("TZ", "UTC", 1);
	tzset();
	notes_init();
	settings_defaults(&set);
	set.new_per_day = SIM_NEW_PER_DAY;
	res = xcalloc((size_t)nstudents, sizeof(*res));

	printf("# %d cards (%d notes of 2, %d of 3), %d days x %d min at %02d:00, exam day %d "
	       "at %02d:00; %d students, weights x exp(N(0, %.2f))\n",
	       SIM_CARDS, SIM_PAIRS, SIM_TRIPLES, SIM_DAYS, minutes, SIM_STUDY_HOUR, SIM_DAYS,
	       SIM_EXAM_HOUR, nstudents, SIM_SPREAD);
	for (int s = 0; s < nstudents; s++) {
		student_init(who, 0x5EED0000ULL + (uint64_t)s);
		for (int r = 0; r < NROWS; r++) {
			if (verbose)
				printf("# student %d, %s\n", s, row_names[r]);
			run_row((enum row_kind)r, who, &set, verbose, &res[s][r]);
		}
	}
	for (int r = 0; r < NROWS; r++) {
		lo[r] = 1;
		hi[r] = 0;
		for (int s = 0; s < nstudents; s++) {
			mean[r] += res[s][r].recall;
			ans[r] += (double)res[s][r].answers;
			seen[r] += (double)res[s][r].seen;
			lo[r] = fmin(lo[r], res[s][r].recall);
			hi[r] = fmax(hi[r], res[s][r].recall);
		}
		mean[r] /= nstudents;
		ans[r] /= nstudents;
		seen[r] /= nstudents;
	}
	for (int s = 0; s < nstudents; s++) {
		bool best = true;

		for (int r = 1; r < NROWS; r++)
			best = best && res[s][ROW_PLANNER].recall > res[s][r].recall;
		wins += best;
	}

	printf("%-10s %8s %15s %8s %6s\n", "row", "recall", "min..max", "answers", "seen");
	for (int r = 0; r < NROWS; r++)
		printf("%-10s %8.4f %7.4f..%.4f %8.0f %6.0f  %s\n", row_names[r], mean[r], lo[r],
		       hi[r], ans[r], seen[r], row_help[r]);

	/* Paired: the same students in both rows. */
	for (int r = 1; r < NROWS; r++) {
		int better = 0;

		for (int s = 0; s < nstudents; s++)
			better += res[s][ROW_PLANNER].recall > res[s][r].recall;
		printf("planner vs %-9s recall %+.4f, answers %+5.0f, ahead for %d of %d students\n",
		       row_names[r], mean[ROW_PLANNER] - mean[r], ans[ROW_PLANNER] - ans[r], better,
		       nstudents);
		ahead = ahead && mean[ROW_PLANNER] > mean[r];
		cheaper = cheaper && ans[ROW_PLANNER] <= ans[r];
	}
	target = mean[ROW_PLANNER] >= SIM_TARGET;
	printf("target: recall %.4f %s %.2f: %s; ahead of every row: %s (best of all for %d of %d "
	       "students); no more answers than any row: %s\n",
	       mean[ROW_PLANNER], target ? ">=" : "<", SIM_TARGET, target ? "yes" : "no",
	       ahead ? "yes" : "no", wins, nstudents, cheaper ? "yes" : "no");
	printf("%s\n", target && ahead && cheaper ? "PASS" : "MISS");
	free(res);
	free(who);
	return 0;
}
