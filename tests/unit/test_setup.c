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
	setup_new_to_read(&f.in, &read_other, &read_exam);
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
	for (size_t i = 0; i < f.n; i++)
		card_release(&f.cards[i].c);
	free(f.cards);
	plan_release(&f.pl);

	fixture_init(&f);
	f.in.mode = REVIEW_CRAM;
	setup_session(&f.in, f.cards, &f.n, &f.so, &f.exam_p);
	assert_int_equal(f.so.mode, REVIEW_CRAM);
	for (size_t i = 0; i < f.n; i++)
		assert_false(f.cards[i].exam);
	for (size_t i = 0; i < f.n; i++)
		card_release(&f.cards[i].c);
	free(f.cards);
	plan_release(&f.pl);
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
	for (size_t i = 0; i < f.n; i++)
		card_release(&f.cards[i].c);
	free(f.cards);
	plan_release(&f.pl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decks),
		cmocka_unit_test(exam_governs_its_deck),
		cmocka_unit_test(no_plan_no_exam_cards),
		cmocka_unit_test(planned_dues),
	};

	return cmocka_run_group_tests(tests, utc, NULL);
}
