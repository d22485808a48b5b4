/* test_planner.c - the exam planner: readiness numbers, the spread of new
 * cards with the final buffer, last reviews before the exam, the budget.
 * The clock is fixed and the time zone is UTC. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dkquiz/clock.h"
#include "dkquiz/fsrs.h"
#include "dkquiz/planner.h"
#include "dkquiz/session.h"

#define HOUR_MS 3600000LL
/* 2026-01-10 09:00 UTC */
#define NOW (20463LL * DAY_MS + 9 * HOUR_MS)

static int rollover = 4;

static void params(struct fsrs_params *p)
{
	fsrs_params_default(p);
	p->day = clock_local_day;
	p->day_ctx = &rollover;
	fsrs_params_finish(p);
}

static void new_card(struct sess_card *c, int64_t id, const char *deck, const char *tags)
{
	memset(c, 0, sizeof(*c));
	c->id = id;
	c->c.deck = (char *)deck;
	c->c.tags = (char *)tags;
	fsrs_card_init(&c->st, NOW - 40 * DAY_MS);
}

/* A review card last seen `ago` days before NOW with stability s. */
static void review_card(const struct fsrs_params *p, struct sess_card *c, int64_t id,
			const char *deck, const char *tags, double ago, double s)
{
	new_card(c, id, deck, tags);
	c->st.state = FSRS_REVIEW;
	c->st.stability = s;
	c->st.difficulty = 5;
	c->st.reps = 3;
	c->st.last_review = NOW - (int64_t)(ago * DAY_MS);
	c->st.scheduled_days = fsrs_interval_for(p, s);
	c->st.due = c->st.last_review + (int64_t)c->st.scheduled_days * DAY_MS;
}

static int total_new(const struct plan *pl)
{
	int t = 0;

	for (size_t d = 0; d < pl->ndays; d++)
		t += pl->days[d].new_cards;
	return t;
}

static void readiness_numbers(void **state)
{
	struct fsrs_params p;
	struct sess_card c[4];
	struct planner_opts o;
	struct plan pl;
	int64_t exam = NOW + 7 * DAY_MS;
	double r1, r2;

	(void)state;
	params(&p);
	review_card(&p, &c[0], 1, "docker", "net run", 2, 30);
	review_card(&p, &c[1], 2, "k8s", "net", 10, 5);
	new_card(&c[2], 3, "docker", "");
	new_card(&c[3], 4, "k8s", "pods");
	planner_opts_init(&o, NOW, exam, rollover);
	assert_int_equal(planner_build(&p, c, 4, &o, &pl), 0);

	r1 = fsrs_recall_at(&p, &c[0].st, exam);
	r2 = fsrs_recall_at(&p, &c[1].st, exam);
	assert_true(r1 > 0.9 && r1 < 1);
	assert_true(r2 > 0.3 && r2 < 0.9);
	assert_int_equal(pl.ncards, 4);
	assert_int_equal(pl.unseen, 2);
	assert_int_equal(pl.days_left, 7);
	assert_int_equal(pl.ndays, 7);
	assert_true(fabs(pl.recall - (r1 + r2) / 4) < 1e-12);
	/* following the plan can only help */
	assert_true(pl.projected > pl.recall);

	assert_int_equal(pl.ndecks, 2);
	assert_string_equal(pl.decks[0].name, "docker");
	assert_int_equal(pl.decks[0].cards, 2);
	assert_int_equal(pl.decks[0].unseen, 1);
	assert_true(fabs(pl.decks[0].recall - r1 / 2) < 1e-12);
	assert_string_equal(pl.decks[1].name, "k8s");
	assert_true(fabs(pl.decks[1].recall - r2 / 2) < 1e-12);

	assert_int_equal(pl.ntags, 3);
	assert_string_equal(pl.tags[0].name, "net");
	assert_int_equal(pl.tags[0].cards, 2);
	assert_true(fabs(pl.tags[0].recall - (r1 + r2) / 2) < 1e-12);
	assert_string_equal(pl.tags[1].name, "pods");
	assert_int_equal(pl.tags[1].unseen, 1);
	assert_true(pl.tags[1].recall == 0);
	assert_string_equal(pl.tags[2].name, "run");
	plan_release(&pl);
	assert_null(pl.days);
}

static void exam_must_be_ahead(void **state)
{
	struct fsrs_params p;
	struct sess_card c;
	struct planner_opts o;
	struct plan pl;

	(void)state;
	params(&p);
	new_card(&c, 1, "d", "");
	planner_opts_init(&o, NOW, NOW, rollover);
	assert_int_equal(planner_build(&p, &c, 1, &o, &pl), -1);
	assert_int_equal(pl.ndays, 0);
	planner_opts_init(&o, NOW, NOW - DAY_MS, rollover);
	assert_int_equal(planner_build(&p, &c, 1, &o, &pl), -1);
	planner_opts_init(&o, NOW, NOW + (PLANNER_MAX_DAYS + 2) * DAY_MS, rollover);
	assert_int_equal(planner_build(&p, &c, 1, &o, &pl), -1);
	plan_release(&pl);

	/* an exam later today: one day, today, and the cards can still be seen */
	planner_opts_init(&o, NOW, NOW + 3 * HOUR_MS, rollover);
	assert_int_equal(planner_build(&p, &c, 1, &o, &pl), 0);
	assert_int_equal(pl.days_left, 0);
	assert_int_equal(pl.ndays, 1);
	assert_int_equal(planner_new_quota(&pl), 1);
	plan_release(&pl);
}

static void new_cards_spread_with_buffer(void **state)
{
	struct fsrs_params p;
	struct sess_card c[30];
	struct planner_opts o;
	struct plan pl;

	(void)state;
	params(&p);
	for (int i = 0; i < 30; i++)
		new_card(&c[i], i + 1, "docker", "");
	planner_opts_init(&o, NOW, NOW + 13 * DAY_MS, rollover);
	assert_int_equal(planner_build(&p, c, 30, &o, &pl), 0);
	assert_int_equal(pl.ndays, 13);
	assert_int_equal(pl.intro_days, 10);
	for (size_t d = 0; d < 10; d++)
		assert_int_equal(pl.days[d].new_cards, 3);
	for (size_t d = 10; d < 13; d++)
		assert_int_equal(pl.days[d].new_cards, 0);
	assert_int_equal(total_new(&pl), 30);
	assert_int_equal(pl.new_left, 0);
	assert_int_equal(planner_new_quota(&pl), 3);
	/* the cards introduced come back as due reviews before the exam, at
	 * PLANNER_RETENTION: a Good first answer gives 2.3 days of stability,
	 * 4 days of interval at 0.85 where 0.9 gives 2 */
	assert_int_equal(pl.days[0].reviews, 0);
	assert_int_equal(pl.days[1].reviews, 0);
	assert_int_equal(pl.days[2].reviews, 0);
	assert_true(pl.days[4].reviews > 0);
	assert_true(pl.projected > 0.5);
	plan_release(&pl);

	/* two already seen today count against today's share: 31 over 10
	 * days is 4 today, 2 of them done */
	planner_opts_init(&o, NOW, NOW + 13 * DAY_MS, rollover);
	o.new_today = 2;
	assert_int_equal(planner_build(&p, c, 29, &o, &pl), 0);
	assert_int_equal(planner_new_quota(&pl), 2);
	assert_int_equal(total_new(&pl), 29);
	for (size_t d = 1; d < 10; d++)
		assert_int_equal(pl.days[d].new_cards, 3);
	plan_release(&pl);

	/* a close exam shrinks the buffer: two days, both used */
	planner_opts_init(&o, NOW, NOW + 2 * DAY_MS, rollover);
	assert_int_equal(planner_build(&p, c, 30, &o, &pl), 0);
	assert_int_equal(pl.ndays, 2);
	assert_int_equal(pl.intro_days, 2);
	assert_int_equal(pl.days[0].new_cards, 15);
	assert_int_equal(pl.days[1].new_cards, 15);
	plan_release(&pl);

	/* suspended cards are not planned */
	c[0].suspended = true;
	planner_opts_init(&o, NOW, NOW + 13 * DAY_MS, rollover);
	assert_int_equal(planner_build(&p, c, 30, &o, &pl), 0);
	assert_int_equal(total_new(&pl), 29);
	assert_int_equal(pl.suspended, 1);
	plan_release(&pl);
	c[0].suspended = false;
}

static void last_review_raises_recall(void **state)
{
	struct fsrs_params p;
	struct sess_card c[2];
	struct planner_opts o;
	struct plan pl;
	int64_t exam = NOW + 10 * DAY_MS, at;

	(void)state;
	params(&p);
	/* due after the exam: gets a last review the day before it */
	review_card(&p, &c[0], 7, "docker", "", 3, 20);
	/* FSRS-due tomorrow: the plan reviews it later, at PLANNER_RETENTION */
	review_card(&p, &c[1], 9, "docker", "", 3, 4);
	assert_true(c[0].st.due > exam);
	assert_true(c[1].st.due < NOW + 3 * DAY_MS);
	planner_opts_init(&o, NOW, exam, rollover);
	assert_int_equal(planner_build(&p, c, 2, &o, &pl), 0);
	assert_int_equal(pl.ndays, 10);
	assert_int_equal(pl.days[9].last_reviews, 2);
	for (size_t d = 0; d < 9; d++)
		assert_int_equal(pl.days[d].last_reviews, 0);
	assert_int_equal(pl.nplanned, 2);
	assert_true(pl.projected > pl.recall + 0.02);

	at = planner_due_override(&pl, &c[0]);
	assert_true(at == pl.days[9].start);
	assert_true(at < c[0].st.due);
	assert_true(at < exam);
	/* postponed: 4 days of stability give 8 days of interval at 0.85, so
	 * the day 5 days from now instead of tomorrow; then the last review */
	at = planner_due_override(&pl, &c[1]);
	assert_true(at > c[1].st.due);
	assert_true(at == pl.days[5].start);
	assert_int_equal(pl.days[5].reviews, 1);
	plan_release(&pl);

	/* the same card reviewed on the last day gains more than a week earlier */
	{
		struct sess_card late = c[0];
		struct fsrs_card g;
		double r_late, r_early;

		assert_int_equal(fsrs_review(&p, &late.st, NOW + 9 * DAY_MS, FSRS_GOOD, &g), 0);
		r_late = fsrs_recall_at(&p, &g, exam);
		assert_int_equal(fsrs_review(&p, &late.st, NOW + 2 * DAY_MS, FSRS_GOOD, &g), 0);
		r_early = fsrs_recall_at(&p, &g, exam);
		assert_true(r_late > r_early);
		assert_true(r_late > fsrs_recall_at(&p, &late.st, exam));
	}
}

/* The override moves a review card to its first planned day, later or
 * earlier than its FSRS due; cards that are not review cards keep theirs. */
static void override_postpones_and_keeps(void **state)
{
	struct fsrs_params p;
	struct sess_card c[5];
	struct planner_opts o;
	struct plan pl;
	int64_t exam = NOW + 6 * DAY_MS, after;

	(void)state;
	params(&p);
	/* FSRS-due today (9 days of interval at 0.9, 9 days ago): at 0.85 its
	 * interval is 17 days, past the exam, so only the last review is
	 * planned, on the day before the exam */
	review_card(&p, &c[0], 1, "docker", "", 9, 9);
	/* overdue even at 0.85: today, and it keeps its due */
	review_card(&p, &c[1], 2, "docker", "", 12, 2);
	/* learning steps are the session's business */
	review_card(&p, &c[2], 3, "docker", "", 0.01, 0.2);
	c[2].st.state = FSRS_LEARNING;
	c[2].st.due = NOW + 10 * FSRS_MIN_MS;
	new_card(&c[3], 4, "docker", "");
	/* a very stable card the plan leaves alone: not before its own due */
	review_card(&p, &c[4], 5, "docker", "", 1, 3000);
	planner_opts_init(&o, NOW, exam, rollover);
	assert_int_equal(planner_build(&p, c, 5, &o, &pl), 0);
	assert_int_equal(pl.ndays, 6);

	assert_true(c[0].st.due <= NOW);
	assert_true(planner_due_override(&pl, &c[0]) == pl.days[5].start);
	/* today: the overdue card and the learning one, not c[0] */
	assert_int_equal(pl.days[0].reviews, 2);
	assert_true(planner_due_override(&pl, &c[1]) == c[1].st.due);
	assert_true(planner_due_override(&pl, &c[2]) == c[2].st.due);
	assert_true(planner_due_override(&pl, &c[3]) == c[3].st.due);
	assert_true(planner_due_override(&pl, &c[4]) == c[4].st.due);
	plan_release(&pl);

	/* a card with no review planned and an FSRS due before the exam
	 * waits for the day after the exam day, not the exam morning */
	review_card(&p, &c[4], 5, "docker", "", 1, 150);
	c[4].st.due = NOW + 2 * DAY_MS;
	after = clock_next_day_start(exam, rollover);
	planner_opts_init(&o, NOW, exam, rollover);
	assert_int_equal(planner_build(&p, c, 5, &o, &pl), 0);
	assert_true(after > exam);
	assert_true(planner_due_override(&pl, &c[4]) == after);
	plan_release(&pl);
}

static void budget_respected(void **state)
{
	struct fsrs_params p;
	struct sess_card *c = calloc(400, sizeof(*c));
	struct planner_opts o;
	struct plan pl;
	int reviews = 0;

	(void)state;
	assert_non_null(c);
	params(&p);
	for (int i = 0; i < 100; i++)
		review_card(&p, &c[i], i + 1, "k8s", "", 1 + i % 20, 2 + i % 40);
	for (int i = 100; i < 300; i++)
		new_card(&c[i], i + 1, "k8s", "");
	planner_opts_init(&o, NOW, NOW + 20 * DAY_MS, rollover);
	o.minutes_per_day = 3;
	assert_int_equal(planner_build(&p, c, 300, &o, &pl), 0);
	for (size_t d = 0; d < pl.ndays; d++) {
		assert_true(pl.days[d].seconds <= 180 + 1e-9);
		reviews += pl.days[d].reviews + pl.days[d].last_reviews;
	}
	/* 3 minutes a day cannot hold 200 new cards: new cards buy the most
	 * recall at the exam, so they take the whole budget */
	assert_true(pl.new_left > 0);
	assert_int_equal((size_t)total_new(&pl) + pl.new_left, 200);
	plan_release(&pl);

	/* 10 minutes leave room for reviews beside the new cards */
	for (int i = 300; i < 400; i++)
		new_card(&c[i], i + 1, "k8s", "");
	planner_opts_init(&o, NOW, NOW + 20 * DAY_MS, rollover);
	o.minutes_per_day = 10;
	assert_int_equal(planner_build(&p, c, 400, &o, &pl), 0);
	for (size_t d = 0; d < pl.ndays; d++) {
		assert_true(pl.days[d].seconds <= 600 + 1e-9);
		reviews += pl.days[d].reviews + pl.days[d].last_reviews;
	}
	assert_true(reviews > 100);
	assert_true(total_new(&pl) > 200);
	plan_release(&pl);

	/* without a budget everything new is introduced, and more is spent */
	planner_opts_init(&o, NOW, NOW + 20 * DAY_MS, rollover);
	assert_int_equal(planner_build(&p, c, 300, &o, &pl), 0);
	assert_int_equal(pl.new_left, 0);
	assert_int_equal(total_new(&pl), 200);
	plan_release(&pl);
	free(c);
}

/* With a budget, new cards come as early as it allows after the due
 * reviews, never later than the even spread. */
static void new_cards_front_loaded(void **state)
{
	struct fsrs_params p;
	struct sess_card c[60];
	struct planner_opts o;
	struct plan pl;

	(void)state;
	params(&p);
	for (int i = 0; i < 60; i++)
		new_card(&c[i], i + 1, "docker", "");
	/* 13 days, 10 for introductions: the spread alone is 6 a day. 10
	 * minutes hold 600 / (20 + 2 * 8) = 16 new cards on the first day. */
	planner_opts_init(&o, NOW, NOW + 13 * DAY_MS, rollover);
	o.minutes_per_day = 10;
	assert_int_equal(planner_build(&p, c, 60, &o, &pl), 0);
	assert_int_equal(pl.days[0].new_cards, 16);
	assert_int_equal(planner_new_quota(&pl), 16);
	assert_int_equal(total_new(&pl), 60);
	for (size_t d = 0; d < pl.ndays; d++)
		assert_true(pl.days[d].seconds <= 600 + 1e-9);
	/* everything is in well before the buffer */
	for (size_t d = (size_t)pl.intro_days; d < pl.ndays; d++)
		assert_int_equal(pl.days[d].new_cards, 0);
	plan_release(&pl);
}

/* With room for one review a day, last reviews go to the latest free days,
 * the card that gains most on the last day. */
static void last_reviews_fill_back(void **state)
{
	struct fsrs_params p;
	struct sess_card c[3];
	struct planner_opts o;
	struct plan pl;
	int64_t exam = NOW + 10 * DAY_MS;

	(void)state;
	params(&p);
	review_card(&p, &c[0], 1, "d", "", 1, 60);
	review_card(&p, &c[1], 2, "d", "", 1, 15);
	review_card(&p, &c[2], 3, "d", "", 1, 30);
	planner_opts_init(&o, NOW, exam, rollover);
	o.minutes_per_day = 1;
	o.review_secs = 40; /* one review fits in a minute, two do not */
	assert_int_equal(planner_build(&p, c, 3, &o, &pl), 0);
	assert_int_equal(pl.days[9].last_reviews, 1);
	assert_int_equal(pl.days[8].last_reviews, 1);
	assert_int_equal(pl.days[7].last_reviews + pl.days[6].last_reviews, 1);
	for (size_t d = 0; d < pl.ndays; d++)
		assert_true(pl.days[d].seconds <= 60);
	/* the least stable card gains most and gets the day before the exam */
	assert_true(planner_due_override(&pl, &c[1]) == pl.days[9].start);
	assert_true(planner_due_override(&pl, &c[2]) == pl.days[8].start);
	plan_release(&pl);
}

/* The queue shows one card of a note a day: the plan never places two
 * siblings on one day, nor one beside a sibling answered today. */
static void siblings_apart(void **state)
{
	struct fsrs_params p;
	struct sess_card c[6];
	struct planner_opts o;
	struct plan pl;
	int64_t exam = NOW + 10 * DAY_MS, a, b;

	(void)state;
	params(&p);
	/* two clozes of one text, both due after the exam: each gets a last
	 * review, on two different days near the end */
	review_card(&p, &c[0], 1, "d", "", 3, 20);
	review_card(&p, &c[1], 2, "d", "", 3, 20);
	c[0].c.note = c[1].c.note = (char *)"cloze";
	planner_opts_init(&o, NOW, exam, rollover);
	assert_int_equal(planner_build(&p, c, 2, &o, &pl), 0);
	a = planner_due_override(&pl, &c[0]);
	b = planner_due_override(&pl, &c[1]);
	assert_true(a != b);
	assert_true(a >= pl.days[8].start && b >= pl.days[8].start);
	assert_int_equal(pl.days[9].last_reviews, 1);
	assert_int_equal(pl.days[8].last_reviews, 1);
	plan_release(&pl);

	/* a sibling answered an hour ago: the other, due today, waits */
	review_card(&p, &c[0], 1, "d", "", 1.0 / 24, 20);
	review_card(&p, &c[1], 2, "d", "", 12, 2);
	c[0].c.note = c[1].c.note = (char *)"pair";
	assert_true(c[1].st.due < NOW);
	planner_opts_init(&o, NOW, exam, rollover);
	assert_int_equal(planner_build(&p, c, 2, &o, &pl), 0);
	assert_int_equal(pl.days[0].reviews, 0);
	assert_true(planner_due_override(&pl, &c[1]) >= pl.days[1].start);
	assert_int_equal(pl.days[1].reviews, 1);
	plan_release(&pl);

	/* new cards: one of a note a day, the next card in order instead */
	new_card(&c[0], 1, "d", "");
	new_card(&c[1], 2, "d", "");
	new_card(&c[2], 3, "d", "");
	new_card(&c[3], 4, "d", "");
	c[0].c.note = c[1].c.note = (char *)"rev";
	planner_opts_init(&o, NOW, NOW + 2 * DAY_MS, rollover);
	assert_int_equal(planner_build(&p, c, 4, &o, &pl), 0);
	assert_int_equal(pl.days[0].new_cards, 2);
	assert_int_equal(pl.days[1].new_cards, 2);
	plan_release(&pl);

	/* a new card goes before the review of a sibling due the same day */
	new_card(&c[0], 1, "d", "");
	review_card(&p, &c[1], 2, "d", "", 12, 2);
	c[0].c.note = c[1].c.note = (char *)"mixed";
	planner_opts_init(&o, NOW, exam, rollover);
	assert_int_equal(planner_build(&p, c, 2, &o, &pl), 0);
	assert_int_equal(pl.days[0].new_cards, 1);
	assert_int_equal(pl.days[0].reviews, 0);
	assert_true(planner_due_override(&pl, &c[1]) >= pl.days[1].start);
	plan_release(&pl);
}

/* Under an exam: the first learning step only, no relearning step; a new
 * card answered Good is in review at once, one answered Again comes back
 * after the first step, a lapse on a later day. The memory model is the
 * same. */
static void plan_steps(void **state)
{
	struct fsrs_params p, q, none;
	struct fsrs_card c, out[4];

	(void)state;
	params(&p);
	planner_params(&p, &q);
	assert_int_equal(q.n_learning_steps, 1);
	assert_int_equal(q.learning_steps[0], p.learning_steps[0]);
	assert_int_equal(q.n_relearning_steps, 0);
	assert_memory_equal(q.w, p.w, sizeof(p.w));
	assert_true(q.request_retention == p.request_retention);

	fsrs_card_init(&c, NOW);
	assert_int_equal(fsrs_repeat(&q, &c, NOW, out), 0);
	assert_int_equal(out[FSRS_GOOD - 1].state, FSRS_REVIEW);
	assert_true(out[FSRS_GOOD - 1].due >= NOW + DAY_MS);
	assert_int_equal(out[FSRS_AGAIN - 1].state, FSRS_LEARNING);
	assert_true(out[FSRS_AGAIN - 1].due == NOW + p.learning_steps[0] * FSRS_MIN_MS);
	/* with the settings' steps, Good goes to the second step */
	assert_int_equal(fsrs_repeat(&p, &c, NOW, out), 0);
	assert_int_equal(out[FSRS_GOOD - 1].state, FSRS_LEARNING);

	c = out[FSRS_GOOD - 1];
	assert_int_equal(fsrs_repeat(&q, &c, NOW + 20 * 60000LL, out), 0);
	c = out[FSRS_EASY - 1];
	assert_int_equal(c.state, FSRS_REVIEW);
	assert_int_equal(fsrs_repeat(&q, &c, c.due, out), 0);
	assert_int_equal(out[FSRS_AGAIN - 1].state, FSRS_REVIEW);
	assert_true(out[FSRS_AGAIN - 1].due >= c.due + DAY_MS);

	/* no learning steps stay none */
	p.n_learning_steps = 0;
	planner_params(&p, &none);
	assert_int_equal(none.n_learning_steps, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(readiness_numbers),
		cmocka_unit_test(exam_must_be_ahead),
		cmocka_unit_test(new_cards_spread_with_buffer),
		cmocka_unit_test(last_review_raises_recall),
		cmocka_unit_test(override_postpones_and_keeps),
		cmocka_unit_test(budget_respected),
		cmocka_unit_test(new_cards_front_loaded),
		cmocka_unit_test(last_reviews_fill_back),
		cmocka_unit_test(plan_steps),
		cmocka_unit_test(siblings_apart),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
