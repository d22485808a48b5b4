/* test_stats.c - the numbers of `dkquiz stats`: counts by state, groups by
 * deck and tag, leeches, the forecast, retention, streak, the heatmap grid,
 * and the arithmetic of the charts (shades, axis tops, bar lengths). The
 * clock is fixed and the time zone is UTC. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dkquiz/clock.h"
#include "dkquiz/fsrs.h"
#include "dkquiz/stats.h"

#define HOUR_MS 3600000LL
/* 2026-01-10 09:00 UTC, a Saturday */
#define NOW (20463LL * DAY_MS + 9 * HOUR_MS)
#define ROLLOVER 4

static int rollover = ROLLOVER;

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
	c->c.front = (char *)"Q";
	fsrs_card_init(&c->st, NOW - 40 * DAY_MS);
}

/* A review card last seen `ago` days ago, due `due_in` days from NOW. */
static void review_card(struct sess_card *c, int64_t id, const char *deck, const char *tags,
			double ago, double due_in)
{
	new_card(c, id, deck, tags);
	c->st.state = FSRS_REVIEW;
	c->st.stability = 10;
	c->st.difficulty = 5;
	c->st.reps = 3;
	c->st.last_review = NOW - (int64_t)(ago * DAY_MS);
	c->st.due = NOW + (int64_t)(due_in * DAY_MS);
}

static struct review_row row(int64_t at, int rating, int before, int mode)
{
	struct review_row r = { 0 };

	r.card = 1;
	r.at_ms = at;
	r.rating = rating;
	r.state_before = before;
	r.mode = mode;
	return r;
}

static void heat_levels(void **state)
{
	(void)state;
	assert_int_equal(stats_heat_level(0, 10), 0);
	assert_int_equal(stats_heat_level(3, 0), 0);
	assert_int_equal(stats_heat_level(1, 100), 1);   /* one review always shows */
	assert_int_equal(stats_heat_level(25, 100), 1);
	assert_int_equal(stats_heat_level(26, 100), 2);
	assert_int_equal(stats_heat_level(50, 100), 2);
	assert_int_equal(stats_heat_level(51, 100), 3);
	assert_int_equal(stats_heat_level(76, 100), 4);
	assert_int_equal(stats_heat_level(100, 100), 4);
	assert_int_equal(stats_heat_level(1, 1), 4);
}

/* The legend's ranges cover 1..max exactly, each count in the range of
 * its own shade. */
static void heat_ranges_partition(void **state)
{
	int lo, hi;

	(void)state;
	for (int max = 1; max <= 60; max++) {
		int next = 1;

		for (int level = 1; level <= 4; level++) {
			if (!stats_heat_range(level, max, &lo, &hi))
				continue;
			assert_int_equal(lo, next);
			assert_true(hi >= lo);
			for (int c = lo; c <= hi; c++)
				assert_int_equal(stats_heat_level(c, max), level);
			next = hi + 1;
		}
		assert_int_equal(next, max + 1);
	}
	assert_false(stats_heat_range(1, 1, &lo, &hi));
	assert_true(stats_heat_range(4, 1, &lo, &hi));
	assert_int_equal(lo, 1);
	assert_int_equal(hi, 1);
	assert_true(stats_heat_range(2, 8, &lo, &hi));
	assert_int_equal(lo, 3);
	assert_int_equal(hi, 4);
	assert_false(stats_heat_range(0, 8, &lo, &hi));
	assert_false(stats_heat_range(5, 8, &lo, &hi));
}

static void axis_tops(void **state)
{
	static const int in[] = { -3, 0, 1, 2, 3, 5, 6, 7, 10, 11, 19, 20, 21, 40, 51, 99, 100,
				  101, 450, 501 };
	static const int out[] = { 1, 1, 1, 2, 5, 5, 10, 10, 10, 20, 20, 20, 50, 50, 100, 100,
				   100, 200, 500, 1000 };

	(void)state;
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		assert_int_equal(stats_axis_top(in[i]), out[i]);
}

static void bars(void **state)
{
	(void)state;
	assert_int_equal(stats_bar_eighths(0, 10, 8), 0);
	assert_int_equal(stats_bar_eighths(10, 10, 8), 64);
	assert_int_equal(stats_bar_eighths(12, 10, 8), 64);   /* never past the top */
	assert_int_equal(stats_bar_eighths(5, 10, 8), 32);
	assert_int_equal(stats_bar_eighths(1, 1000, 8), 1);   /* a small value still shows */
	assert_int_equal(stats_bar_eighths(3, 0, 8), 0);
	assert_int_equal(stats_bar_eighths(1, 10, 2), 2);     /* 1.6 eighths: nearest */

	assert_int_equal(stats_bar_len(0, 10, 40), 0);
	assert_int_equal(stats_bar_len(10, 10, 40), 40);
	assert_int_equal(stats_bar_len(5, 10, 40), 20);
	assert_int_equal(stats_bar_len(1, 1000, 40), 1);
	assert_int_equal(stats_bar_len(3, 0, 40), 0);
}

static void counts_groups_leeches(void **state)
{
	struct fsrs_params p;
	struct sess_card c[6];
	struct stats_report s;

	(void)state;
	params(&p);
	new_card(&c[0], 1, "Docker", "net net run");
	review_card(&c[1], 2, "Docker", "net", 5, -2);         /* overdue: due today */
	review_card(&c[2], 3, "K8s", "", 5, 3.5);
	c[2].st.lapses = 9;
	review_card(&c[3], 4, "K8s", "run", 5, 30);             /* past the forecast */
	c[3].suspended = true;
	c[3].leech = true;
	c[3].st.lapses = 8;
	review_card(&c[4], 5, "Docker", "", 1, 0.1);
	c[4].st.state = FSRS_RELEARNING;
	c[4].st.lapses = 2;
	review_card(&c[5], 6, "Docker::Images", "", 2, 29);

	stats_compute(&s, &p, c, 6, NULL, 0, NOW, ROLLOVER, 8, 0);
	assert_int_equal(s.cards, 6);
	assert_int_equal(s.new_cards, 1);
	assert_int_equal(s.learning, 1);
	assert_int_equal(s.review, 3);
	assert_int_equal(s.suspended, 1);
	assert_int_equal(s.due_now, 1);
	assert_int_equal(s.retired, 0);
	assert_false(s.exam);
	assert_int_equal(s.leech_lapses, 8);

	assert_int_equal(s.forecast[0], 2);      /* the overdue card and c[4] */
	assert_int_equal(s.forecast[3], 1);      /* 3.5 days from 09:00: day 3 */
	assert_int_equal(s.forecast[29], 1);
	{
		int total = 0;

		for (int i = 0; i < STATS_FORECAST_DAYS; i++)
			total += s.forecast[i];
		assert_int_equal(total, 4);   /* not the new, not the suspended */
	}

	assert_int_equal(s.ndecks, 3);
	assert_string_equal(s.decks[0].name, "Docker");
	assert_string_equal(s.decks[1].name, "Docker::Images");
	assert_string_equal(s.decks[2].name, "K8s");
	assert_int_equal(s.decks[0].cards, 3);
	assert_int_equal(s.decks[0].new_cards, 1);
	assert_int_equal(s.decks[0].reviewed, 2);
	assert_int_equal(s.decks[2].suspended, 1);
	assert_int_equal(s.decks[2].review, 1);
	{
		double r1 = fsrs_recall_at(&p, &c[1].st, NOW), r4 = fsrs_recall_at(&p, &c[4].st, NOW);

		assert_true(fabs(s.decks[0].recall_now - (r1 + r4) / 2) < 1e-12);
		assert_true(s.decks[0].recall_now > 0 && s.decks[0].recall_now < 1);
	}
	assert_true(s.decks[0].recall_exam == 0);

	/* "net net run": net once; the empty tags give no group */
	assert_int_equal(s.ntags, 2);
	assert_string_equal(s.tags[0].name, "net");
	assert_string_equal(s.tags[1].name, "run");
	assert_int_equal(s.tags[0].cards, 2);
	assert_int_equal(s.tags[0].reviewed, 1);
	assert_int_equal(s.tags[1].cards, 2);
	assert_int_equal(s.tags[1].suspended, 1);

	/* the flag, as is:leech: 9 lapses without it is not one */
	assert_int_equal(s.nleeches, 1);
	assert_int_equal(s.leeches[0].id, 4);
	assert_int_equal(s.leeches[0].lapses, 8);
	assert_true(s.leeches[0].suspended);
	assert_string_equal(s.leeches[0].deck, "K8s");
	stats_report_release(&s);

	/* flagged too: most lapses first */
	c[2].leech = true;
	stats_compute(&s, &p, c, 6, NULL, 0, NOW, ROLLOVER, 0, 0);
	assert_int_equal(s.nleeches, 2);
	assert_int_equal(s.leeches[0].id, 3);
	assert_int_equal(s.leeches[0].lapses, 9);
	assert_false(s.leeches[0].suspended);
	assert_int_equal(s.leeches[1].id, 4);
	stats_report_release(&s);
}

static void recall_at_exam(void **state)
{
	struct fsrs_params p;
	struct sess_card c[2];
	struct stats_report s;
	int64_t exam = NOW + 20 * DAY_MS;

	(void)state;
	params(&p);
	review_card(&c[0], 1, "A", "t", 3, 5);
	review_card(&c[1], 2, "A", "t", 1, 5);
	stats_compute(&s, &p, c, 2, NULL, 0, NOW, ROLLOVER, 8, exam);
	assert_true(s.exam);
	assert_true(s.exam_at == exam);
	assert_true(s.decks[0].recall_exam < s.decks[0].recall_now);
	assert_true(fabs(s.decks[0].recall_exam - (fsrs_recall_at(&p, &c[0].st, exam) +
						   fsrs_recall_at(&p, &c[1].st, exam)) / 2) < 1e-12);
	assert_true(fabs(s.tags[0].recall_exam - s.decks[0].recall_exam) < 1e-12);
	stats_report_release(&s);

	/* an exam already past is no exam */
	stats_compute(&s, &p, c, 2, NULL, 0, NOW, ROLLOVER, 8, NOW - DAY_MS);
	assert_false(s.exam);
	stats_report_release(&s);
}

static void reviews_retention_streak(void **state)
{
	struct fsrs_params p;
	struct stats_report s;
	struct review_row r[9];
	size_t n = 0;

	(void)state;
	params(&p);
	r[n++] = row(NOW - 100 * DAY_MS, 1, FSRS_REVIEW, 0);           /* out of every window */
	r[n++] = row(NOW - 20 * DAY_MS, 1, FSRS_REVIEW, 0);            /* 30 days: failed */
	r[n++] = row(NOW - 2 * DAY_MS, 3, FSRS_NEW, 0);                /* new: not retention */
	r[n++] = row(NOW - 2 * DAY_MS + 1000, 2, FSRS_REVIEW, 0);      /* 7 days: Hard passes */
	r[n++] = row(NOW - DAY_MS, 1, FSRS_RELEARNING, 0);             /* 7 days: failed */
	r[n++] = row(NOW - DAY_MS + 1000, 4, FSRS_REVIEW, 1);          /* cram: only the heatmap */
	r[n++] = row(NOW - HOUR_MS, 3, FSRS_REVIEW, 0);                /* today */
	r[n++] = row(NOW - 4 * HOUR_MS, 3, FSRS_REVIEW, 0);            /* 05:00: today too */
	r[n++] = row(NOW + HOUR_MS, 3, FSRS_REVIEW, 0);                /* the future: ignored */
	/* rows in time order */
	{
		struct review_row t = r[7];

		r[7] = r[6];
		r[6] = t;
	}
	stats_compute(&s, &p, NULL, 0, r, n, NOW, ROLLOVER, 8, 0);
	/* cram is study: counted with the others */
	assert_int_equal(s.reviews_total, 8);
	assert_int_equal(s.reviews_today, 2);
	/* retention: reviews of cards in the review state only, no learning
	 * or relearning step, no cram */
	assert_int_equal(s.ret_n[0], 3);
	assert_int_equal(s.ret_ok[0], 3);
	assert_int_equal(s.ret_n[1], 4);
	assert_int_equal(s.ret_ok[1], 3);
	assert_int_equal(s.streak, 3);            /* two days ago, yesterday, today */

	/* the grid: Saturday is weekday 5 of the last of 13 weeks, 90 days */
	assert_int_equal(s.heat_weeks, 13);
	assert_int_equal(s.today_cell, 12 * 7 + 5);
	assert_int_equal(s.heat[s.today_cell], 2);
	assert_int_equal(s.heat[s.today_cell - 1], 2);   /* cram counts here */
	assert_int_equal(s.heat[s.today_cell - 2], 2);
	assert_int_equal(s.heat[s.today_cell - 20], 1);
	assert_int_equal(s.heat_max, 2);
	assert_true(s.heat_first_day == clock_local_day(NOW, &rollover) - s.today_cell);
	{
		int total = 0;

		for (int i = 0; i < STATS_HEAT_CELLS; i++)
			total += s.heat[i];
		assert_int_equal(total, 7);   /* 100 days ago is off the grid; the future too */
	}
	/* cell 0 is a Monday, and the cell times walk the days */
	{
		time_t t = (time_t)(stats_cell_time(&s, 0) / 1000);
		struct tm tm;

		gmtime_r(&t, &tm);
		assert_int_equal(tm.tm_wday, 1);
		assert_true(stats_cell_time(&s, s.today_cell) / DAY_MS == NOW / DAY_MS);
		assert_true(stats_cell_time(&s, 1) - stats_cell_time(&s, 0) == DAY_MS);
	}
	stats_report_release(&s);

	/* cram alone keeps a streak going and shows today */
	n = 0;
	r[n++] = row(NOW - DAY_MS, 3, FSRS_REVIEW, 1);
	r[n++] = row(NOW - HOUR_MS, 3, FSRS_REVIEW, 1);
	stats_compute(&s, &p, NULL, 0, r, n, NOW, ROLLOVER, 8, 0);
	assert_int_equal(s.streak, 2);
	assert_int_equal(s.reviews_today, 1);
	assert_int_equal(s.ret_n[1], 0);
	stats_report_release(&s);

	/* a gap of a day ends a streak; none today nor yesterday: no streak */
	n = 0;
	r[n++] = row(NOW - 5 * DAY_MS, 3, FSRS_REVIEW, 0);
	r[n++] = row(NOW - 4 * DAY_MS, 3, FSRS_REVIEW, 0);
	r[n++] = row(NOW - 2 * DAY_MS, 3, FSRS_REVIEW, 0);
	stats_compute(&s, &p, NULL, 0, r, n, NOW, ROLLOVER, 8, 0);
	assert_int_equal(s.streak, 0);
	stats_report_release(&s);
	r[n++] = row(NOW - DAY_MS, 3, FSRS_REVIEW, 0);
	stats_compute(&s, &p, NULL, 0, r, n, NOW, ROLLOVER, 8, 0);
	assert_int_equal(s.streak, 2);
	stats_report_release(&s);
}

/* Every weekday: whole weeks from a Monday, today in the last one, and
 * the last 90 days at least (13 weeks hold 85 to 91 days). */
static void heat_grid_every_weekday(void **state)
{
	struct fsrs_params p;
	struct stats_report s;

	(void)state;
	params(&p);
	for (int d = 0; d < 7; d++) {
		int64_t now = NOW + d * DAY_MS;
		time_t t;
		struct tm tm;
		int days;

		stats_compute(&s, &p, NULL, 0, NULL, 0, now, ROLLOVER, 8, 0);
		days = s.today_cell + 1;
		assert_true(days >= STATS_HEAT_DAYS && days < STATS_HEAT_DAYS + 7);
		assert_true(s.heat_weeks == 13 || s.heat_weeks == 14);
		assert_true(s.today_cell / 7 == s.heat_weeks - 1);
		assert_true(s.heat_weeks * 7 <= STATS_HEAT_CELLS);
		t = (time_t)(stats_cell_time(&s, 0) / 1000);
		gmtime_r(&t, &tm);
		assert_int_equal(tm.tm_wday, 1);
		stats_report_release(&s);
	}
}

/* The forecast: the day a card is due, counted from today with the
 * rollover; overdue and learning cards today, new and suspended ones not. */
static void forecast_values(void **state)
{
	struct fsrs_params p;
	struct sess_card c[7];
	struct stats_report s;
	int total = 0;

	(void)state;
	params(&p);
	review_card(&c[0], 1, "F", "", 3, -10);        /* overdue: today */
	review_card(&c[1], 2, "F", "", 3, 0.5);        /* 21:00 today */
	/* 03:00 tomorrow is still today's day (rollover at 4) */
	review_card(&c[2], 3, "F", "", 3, (18.0 / 24));
	review_card(&c[3], 4, "F", "", 3, (20.0 / 24)); /* 05:00 tomorrow */
	review_card(&c[4], 5, "F", "", 3, 29.2);       /* the last day shown */
	review_card(&c[5], 6, "F", "", 3, 30.0);       /* past it */
	c[5].st.due = NOW + 30 * DAY_MS;
	new_card(&c[6], 7, "F", "");
	stats_compute(&s, &p, c, 7, NULL, 0, NOW, ROLLOVER, 8, 0);
	assert_int_equal(s.forecast[0], 3);
	assert_int_equal(s.forecast[1], 1);
	assert_int_equal(s.forecast[29], 1);
	for (int i = 0; i < STATS_FORECAST_DAYS; i++)
		total += s.forecast[i];
	assert_int_equal(total, 5);
	assert_int_equal(s.due_now, 1);
	stats_report_release(&s);
}

static void empty(void **state)
{
	struct fsrs_params p;
	struct stats_report s;

	(void)state;
	params(&p);
	stats_compute(&s, &p, NULL, 0, NULL, 0, NOW, ROLLOVER, 8, 0);
	assert_int_equal(s.cards, 0);
	assert_int_equal(s.ndecks, 0);
	assert_int_equal(s.ntags, 0);
	assert_int_equal(s.nleeches, 0);
	assert_int_equal(s.heat_max, 0);
	assert_int_equal(s.streak, 0);
	stats_report_release(&s);
	assert_null(s.decks);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(heat_levels),
		cmocka_unit_test(heat_ranges_partition),
		cmocka_unit_test(axis_tops),
		cmocka_unit_test(bars),
		cmocka_unit_test(counts_groups_leeches),
		cmocka_unit_test(recall_at_exam),
		cmocka_unit_test(reviews_retention_streak),
		cmocka_unit_test(heat_grid_every_weekday),
		cmocka_unit_test(forecast_values),
		cmocka_unit_test(empty),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
