/* test_setup.c - a session's set-up: decks in an exam's reach, the new-card
 * quotas, and an exam plan applied to the exam's cards only, on a fixed
 * clock in UTC. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dkquiz/clock.h"
#include "dkquiz/setup.h"
#include "dkquiz/util.h"

#define MIN_MS FSRS_MIN_MS
#define HOUR_MS 3600000LL
/* 2026-01-10 09:00 UTC; the exam 14 days later. */
#define NOW 1768035600000LL
#define EXAM (NOW + 14 * DAY_MS)

static int utc(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	return 0;
}

static void decks(void **state)
{
	(void)state;
	assert_true(setup_deck_in("A", "A"));
	assert_true(setup_deck_in("A::B", "A"));
	assert_true(setup_deck_in("A::B::C", "A::B"));
	assert_false(setup_deck_in("AB", "A"));
	assert_false(setup_deck_in("A", "A::B"));
	assert_false(setup_deck_in("B", "A"));
	assert_true(setup_deck_in("B", NULL));
	assert_false(setup_deck_in(NULL, "A"));
	/* an exam's reach */
	assert_true(setup_exam_reaches("Orchestration", NULL));
	assert_true(setup_exam_reaches(NULL, "Docker::CLI"));
	assert_true(setup_exam_reaches("Docker", "Docker::CLI"));
	assert_true(setup_exam_reaches("Docker::CLI", "Docker"));
	assert_false(setup_exam_reaches("Orchestration", "Docker::CLI"));
	assert_false(setup_exam_reaches("Docker::CLI", "Docker::CLIENT"));
}

/* A deck of `n` new cards in `deck`, ids from `first`. */
static void add_new(struct sess_card *c, size_t *n, int count, const char *deck, int64_t first)
{
	for (int i = 0; i < count; i++) {
		struct sess_card *k = &c[(*n)++];

		memset(k, 0, sizeof(*k));
		k->id = first + i;
		k->c.deck = xstrdup(deck);
		k->c.front = xasprintf("%s %d", deck, i);
		fsrs_card_init(&k->st, NOW - DAY_MS);
	}
}

struct fixture {
	struct settings set;
	struct setup_exam ex;
	struct plan pl;
	struct setup_in in;
	struct sess_card *cards;
	size_t n;
	struct session_opts so;
	struct fsrs_params exam_p;
};

/* 20 cards of deck Exam (ids 1..20), 20 of Other (ids 101..120), all new;
 * an exam on deck Exam with no budget; new-per-day 5, one already today
 * outside the exam. */
static void fixture_init(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	settings_defaults(&f->set);
	f->set.new_per_day = 5;
	f->cards = xcalloc(40, sizeof(*f->cards));
	add_new(f->cards, &f->n, 20, "Exam", 1);
	add_new(f->cards, &f->n, 20, "Other", 101);
	f->ex.at = EXAM;
	f->ex.deck = "Exam";
	assert_int_equal(setup_exam_plan(&f->set, &f->ex, f->cards, 20, NOW, &f->pl), 0);
	f->in.set = &f->set;
	f->in.mode = REVIEW_NORMAL;
	f->in.now = NOW;
	f->in.new_today = 1;
	f->in.seed = 7;
	f->in.exam = &f->ex;
	f->in.pl = &f->pl;
}

static void fixture_release(struct fixture *f)
{
	for (size_t i = 0; i < f->n; i++)
		card_release(&f->cards[i].c);
	free(f->cards);
	plan_release(&f->pl);
}

/* The plan's share for the exam's cards, new-per-day for the others; the
 * exam's cards follow the plan's steps, the others the settings'. */
static void exam_governs_its_deck(void **state)
{
	struct fixture f;
	struct session *s;
	const struct sess_card *c;
	int other, exam, read_other, read_exam, n_exam = 0, n_other = 0;

	(void)state;
	fixture_init(&f);
	setup_new_quotas(&f.in, &other, &exam);
	assert_int_equal(other, 4);
	assert_int_equal(exam, planner_new_quota(&f.pl));
	assert_true(exam > 0 && exam <= 20);
	setup_new_to_read(&f.in, 0, &read_other, &read_exam);
	assert_true(read_other >= other && read_exam >= exam);

	setup_session(&f.in, f.cards, &f.n, &f.so, &f.exam_p);
	assert_int_equal(f.n, 40);      /* new cards: all reachable */
	assert_int_equal(f.so.new_per_day, 4);
	assert_int_equal(f.so.exam_new_per_day, exam);
	assert_ptr_equal(f.so.exam_p, &f.exam_p);
	assert_int_equal(f.exam_p.n_learning_steps, 1);
	assert_int_equal(f.exam_p.n_relearning_steps, 0);
	assert_true(f.so.day_end == clock_next_day_start(NOW, f.set.rollover));
	for (size_t i = 0; i < f.n; i++)
		assert_true(f.cards[i].exam == (f.cards[i].id < 100));

	s = session_new(&f.set.fsrs, f.cards, f.n, &f.so, NULL, NOW);
	while ((c = session_current(s, NOW)) != NULL) {
		bool is_exam = c->exam;

		assert_int_equal(c->st.state, FSRS_NEW);
		assert_int_equal(session_grade(s, FSRS_GOOD, NOW, 1000), 0);
		/* one step under the plan: in review at once; two otherwise */
		assert_int_equal(c->st.state, is_exam ? FSRS_REVIEW : FSRS_LEARNING);
		if (is_exam)
			n_exam++;
		else
			n_other++;
		if (!is_exam)
			break;
	}
	session_skip_wait(s);
	while ((c = session_current(s, NOW)) != NULL) {
		if (c->st.state == FSRS_NEW) {
			if (c->exam)
				n_exam++;
			else
				n_other++;
		}
		assert_int_equal(session_grade(s, FSRS_GOOD, NOW, 1000), 0);
		session_skip_wait(s);
	}
	assert_int_equal(n_exam, exam);
	assert_int_equal(n_other, 4);
	session_free(s);
	plan_release(&f.pl);
}

/* No plan (a selection out of the exam's reach, or no exam): every card
 * follows the settings and new-per-day; cram takes no quota and no plan. */
/* A session of the first `read` of 70 new cards, the first `buried` of
 * them buried until tomorrow: new-per-day 5, no plan. Returns whether the
 * caller must read more after reading them in round `round`. */
static bool short_of_new(int round, size_t read, size_t buried, size_t *taken)
{
	struct settings set;
	struct setup_in in = { .set = &set, .mode = REVIEW_NORMAL, .now = NOW, .seed = 7 };
	struct session_opts so = { 0 };
	struct fsrs_params exam_p;
	struct sess_card *cards = xcalloc(70, sizeof(*cards));
	struct session *s;
	size_t n = 0, unused;
	bool more;

	settings_defaults(&set);
	set.new_per_day = 5;
	add_new(cards, &n, 70, "Deck", 1);
	for (size_t i = 0; i < buried; i++)
		cards[i].buried_until = NOW + DAY_MS;
	for (size_t i = read; i < n; i++)
		card_release(&cards[i].c);
	n = read;
	setup_session(&in, cards, &n, &so, &exam_p);
	s = session_new(&set.fsrs, cards, n, &so, NULL, NOW);
	session_new_taken(s, taken, &unused);
	more = setup_read_more(&in, round, read, 0, s);
	session_free(s);
	return more;
}

/* The new cards read leave room for some the session cannot take; when
 * they fill it (60 buried cards first), the next round reads twice as
 * many, until the quota is met or the read comes back short. */
static void read_more_when_short(void **state)
{
	struct settings set;
	struct setup_in in = { .set = &set, .mode = REVIEW_NORMAL, .now = NOW };
	int other, exam;
	size_t taken;

	(void)state;
	settings_defaults(&set);
	set.new_per_day = 5;
	setup_new_to_read(&in, 0, &other, &exam);
	assert_int_equal(other, 55);
	assert_int_equal(exam, 0);
	setup_new_to_read(&in, 1, &other, &exam);
	assert_int_equal(other, 110);
	/* round 0: 55 read, all buried: none taken, and there may be more */
	assert_true(short_of_new(0, 55, 60, &taken));
	assert_int_equal(taken, 0);
	/* round 1: all 70 read, fewer than 110: the quota is met */
	assert_false(short_of_new(1, 70, 60, &taken));
	assert_int_equal(taken, 5);
	/* fewer than the limit read: no more to read, short or not */
	assert_false(short_of_new(0, 54, 54, &taken));
	assert_int_equal(taken, 0);
	/* the quota met at once */
	assert_false(short_of_new(0, 55, 0, &taken));
	assert_int_equal(taken, 5);
	/* cram reads no new cards apart */
	in.mode = REVIEW_CRAM;
	assert_false(setup_read_more(&in, 0, 55, 0, NULL));
}

static void no_plan_no_exam_cards(void **state)
{
	struct fixture f;

	(void)state;
	fixture_init(&f);
	f.in.pl = NULL;
	f.in.exam = NULL;
	setup_session(&f.in, f.cards, &f.n, &f.so, &f.exam_p);
	assert_int_equal(f.n, 40);
	assert_int_equal(f.so.new_per_day, 4);
	assert_int_equal(f.so.exam_new_per_day, 0);
	for (size_t i = 0; i < f.n; i++)
		assert_false(f.cards[i].exam);
	fixture_release(&f);

	fixture_init(&f);
	f.in.mode = REVIEW_CRAM;
	setup_session(&f.in, f.cards, &f.n, &f.so, &f.exam_p);
	assert_int_equal(f.so.mode, REVIEW_CRAM);
	for (size_t i = 0; i < f.n; i++)
		assert_false(f.cards[i].exam);
	fixture_release(&f);
}

/* Under a plan, a review card of the exam's deck gets its planned day, and
 * one the plan leaves for later leaves the session (so->later_due says when
 * it comes back); a card of another deck keeps its own due. */
static void planned_dues(void **state)
{
	struct fixture f;
	struct sess_card *r;
	int64_t planned;

	(void)state;
	fixture_init(&f);
	plan_release(&f.pl);
	/* a firm exam card due today: the plan puts it off, past the exam */
	r = &f.cards[0];
	r->st.state = FSRS_REVIEW;
	r->st.stability = 400;
	r->st.difficulty = 3;
	r->st.last_review = NOW - 400 * DAY_MS;
	r->st.due = NOW - HOUR_MS;
	r->st.reps = 5;
	/* the same card in the other deck: due today for FSRS */
	f.cards[20].st = r->st;
	assert_int_equal(setup_exam_plan(&f.set, &f.ex, f.cards, 20, NOW, &f.pl), 0);
	planned = planner_due_override(&f.pl, r);
	f.so.later_due = EXAM + 30 * DAY_MS;
	setup_session(&f.in, f.cards, &f.n, &f.so, &f.exam_p);
	assert_true(planned >= f.so.day_end && planned < EXAM + 2 * DAY_MS);
	assert_int_equal(f.n, 39);
	assert_true(f.cards[0].id == 2);
	assert_true(f.cards[19].id == 101 && f.cards[19].st.due == NOW - HOUR_MS);
	assert_false(f.cards[19].exam);
	assert_true(f.so.later_due == planned);
	fixture_release(&f);
}

/* ---- the plan and the queue agree, day after day ---- */

#define AGREE_N 14

struct agree {
	struct fsrs_card st[AGREE_N];
	int64_t answered_at[AGREE_N];
};

static int agree_commit(void *ctx, struct review_rec *r)
{
	struct agree *a = ctx;

	a->st[r->card_id - 1] = r->after;
	a->answered_at[r->card_id - 1] = r->at_ms;
	return 0;
}

/* One session at `now`, answering Good up to `max` cards (learning steps
 * included, waited for). Every review card the plan puts on this day must
 * be shown. */
static void agree_session(struct agree *a, const struct settings *set, int64_t now, int max)
{
	static const char *const notes[AGREE_N] = {
		"a", "a", "b", "b", "c", "c", NULL, NULL, "n", "n", NULL, "m", "m", NULL,
	};
	struct sess_card *cards = xcalloc(AGREE_N, sizeof(*cards));
	struct setup_exam ex = { .at = EXAM };
	struct setup_in in = { .set = set, .mode = REVIEW_NORMAL, .now = now, .seed = 1 };
	struct session_ops ops = { .commit = agree_commit, .ctx = a };
	struct note_seen seen[AGREE_N];
	struct session_opts so = { 0 };
	struct fsrs_params exam_p;
	struct plan pl;
	struct session *s;
	const struct sess_card *c;
	bool planned[AGREE_N] = { false }, shown[AGREE_N] = { false };
	size_t n = AGREE_N;
	int64_t day_start = clock_day_start(now, set->rollover);

	for (size_t i = 0; i < AGREE_N; i++) {
		cards[i].id = (int64_t)i + 1;
		cards[i].st = a->st[i];
		cards[i].c.deck = xstrdup("D");
		cards[i].c.note = notes[i] ? xstrdup(notes[i]) : NULL;
		if (notes[i] && a->answered_at[i] >= day_start) {
			seen[in.nseen].note = (char *)notes[i];
			seen[in.nseen].card_id = cards[i].id;
			in.nseen++;
		}
	}
	in.seen = seen;
	assert_int_equal(setup_exam_plan(set, &ex, cards, n, now, &pl), 0);
	in.exam = &ex;
	in.pl = &pl;
	setup_session(&in, cards, &n, &so, &exam_p);
	for (size_t i = 0; i < n; i++)
		if (cards[i].st.state == FSRS_REVIEW && cards[i].st.due < so.day_end)
			planned[cards[i].id - 1] = true;
	s = session_new(&set->fsrs, cards, n, &so, &ops, now);
	for (int k = 0; k < max; k++) {
		if (!(c = session_current(s, now))) {
			if (!session_next_due(s))
				break;
			session_skip_wait(s);
			continue;
		}
		shown[c->id - 1] = true;
		assert_int_equal(session_grade(s, FSRS_GOOD, now, 8000), 0);
		now += 8000;
	}
	if (max > AGREE_N)
		for (size_t i = 0; i < AGREE_N; i++)
			if (planned[i] && !shown[i])
				fail_msg("card %zu was planned for %lld but not shown", i + 1,
					 (long long)day_start);
	session_free(s);
	plan_release(&pl);
}

static void plan_and_queue_agree(void **state)
{
	struct settings set;
	struct agree a;

	(void)state;
	settings_defaults(&set);
	memset(&a, 0, sizeof(a));
	/* six review cards in three notes, due after the exam; eight new cards,
	 * two notes of two among them */
	for (size_t i = 0; i < AGREE_N; i++) {
		fsrs_card_init(&a.st[i], NOW - 60 * DAY_MS);
		a.answered_at[i] = 0;
		if (i < 6) {
			a.st[i].state = FSRS_REVIEW;
			a.st[i].stability = 20 + (double)i;
			a.st[i].difficulty = 5;
			a.st[i].reps = 4;
			a.st[i].last_review = NOW - 3 * DAY_MS;
			a.st[i].scheduled_days = 20;
			a.st[i].due = a.st[i].last_review + 20 * DAY_MS;
		}
	}
	/* every evening: a first session cut short after one card, then the
	 * rest; each review the plan puts on a day is shown that day */
	for (int d = 0; d < 14; d++) {
		int64_t at = NOW + (int64_t)d * DAY_MS + 9 * HOUR_MS;

		agree_session(&a, &set, at, 1);
		agree_session(&a, &set, at + 2 * HOUR_MS, 1000);
	}
	/* and every card had a review in the last three days before the exam */
	for (size_t i = 0; i < AGREE_N; i++)
		assert_true(a.st[i].last_review >= EXAM - 3 * DAY_MS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decks),
		cmocka_unit_test(exam_governs_its_deck),
		cmocka_unit_test(no_plan_no_exam_cards),
		cmocka_unit_test(read_more_when_short),
		cmocka_unit_test(planned_dues),
		cmocka_unit_test(plan_and_queue_agree),
	};

	return cmocka_run_group_tests(tests, utc, NULL);
}
