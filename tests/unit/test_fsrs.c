/* test_fsrs.c - the FSRS-6 scheduler: numeric helpers, parameters, the
 * reference values of the specification and its worked example. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "dkquiz/fsrs.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define HOUR_MS 3600000LL

/* cmocka 1.1 compares only floats; these keep the full double. */
static void check_double(double got, double want, double tol, const char *what, int line)
{
	if (!(fabs(got - want) <= tol)) {
		print_error("%s (line %d): got %.17g, want %.17g\n", what, line, got, want);
		fail();
	}
}
#define assert_dbl(got, want) check_double((got), (want), 0.0, #got, __LINE__)
#define assert_near(got, want, tol) check_double((got), (want), (tol), #got, __LINE__)

/* 2025-MM-DD hh:mm UTC, for January and February only. */
static int64_t t2025(int month, int day, int h, int m)
{
	int64_t days = 20089 + (month == 2 ? 31 : 0) + day - 1;

	return days * FSRS_DAY_MS + h * HOUR_MS + m * FSRS_MIN_MS;
}

static void js_round_ties(void **state)
{
	(void)state;
	assert_dbl(fsrs_js_round(2.5), 3);
	assert_dbl(fsrs_js_round(-2.5), -2);
	assert_dbl(fsrs_js_round(0.5), 1);
	assert_dbl(fsrs_js_round(-0.5), 0);
	assert_dbl(fsrs_js_round(1.4999999), 1);
	assert_dbl(fsrs_js_round(-1.5000001), -2);
	assert_dbl(fsrs_js_round(5.5), 6);
	/* floor(x + 0.5) gets this one wrong: x + 0.5 rounds up to 1 */
	assert_dbl(fsrs_js_round(0.49999999999999994), 0);
	assert_dbl(fsrs_js_round(4503599627370497.0), 4503599627370497.0);
}

static void round8_negative(void **state)
{
	(void)state;
	assert_dbl(fsrs_round8(-4.77163070000001), -4.7716307);
	assert_dbl(fsrs_round8(1.234567891), 1.23456789);
	/* the difficulty damping term is negative for Easy */
	assert_dbl(fsrs_round8(-3.0194 * (10 - 2.11810397) / 9), -2.64428854);
	/* negative ties go toward +infinity */
	assert_dbl(fsrs_round8(-0.000000015), -0.00000001);
	assert_dbl(fsrs_round8(-0.000000005), 0);
	assert_dbl(fsrs_round8(-0.000000025), -0.00000002); /* C round() gives -3e-8 */
}

static void js_number_text(void **state)
{
	static const struct {
		double x;
		const char *text;
	} cases[] = {
		{ 0, "0" },
		{ -0.0, "0" },
		{ 5, "5" },
		{ 36500, "36500" },
		{ -2.5, "-2.5" },
		{ 9.021805513099823, "9.021805513099823" },
		{ 0.001, "0.001" },
		{ 0.000001, "0.000001" },
		{ 1e-7, "1e-7" },
		{ 1.5e-7, "1.5e-7" },
		{ 0.1 + 0.2, "0.30000000000000004" },
		{ 123456789012345680000.0, "123456789012345680000" },
		{ 1e21, "1e+21" },
	};
	char out[32];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fsrs_js_number(cases[i].x, out);
		assert_string_equal(out, cases[i].text);
	}
	/* the product of the fuzz seed example of the specification */
	fsrs_js_number(8.42053282 * 1.07140554, out);
	assert_string_equal(out, "9.021805513099823");
	fsrs_js_number(2.3065 * 2.11810397, out);
	assert_string_equal(out, "4.885406806805");
}

static void alea_first_output(void **state)
{
	(void)state;
	/* seeds from the fuzz vector file, outputs from the JavaScript Alea */
	assert_dbl(fsrs_alea_first("1733858595012_1_0"), 0.12539785634726286);
	assert_dbl(fsrs_alea_first("1733965333694_6_9.021805513099823"), 0.7448452215176076);
	assert_dbl(fsrs_alea_first("43711034254264_16_36500"), 0.9898845150601119);
	assert_dbl(fsrs_alea_first("1743744990764_2_8.2956"), 0.08657108270563185);
}

static void fuzz_seed_text(void **state)
{
	struct fsrs_card c;
	char seed[64];

	(void)state;
	fsrs_card_init(&c, 1733858595012LL);
	fsrs_fuzz_seed(&c, 1733858595012LL, seed);
	assert_string_equal(seed, "1733858595012_1_0");
	c.difficulty = 8.42053282;
	c.stability = 1.07140554;
	c.reps = 5;
	fsrs_fuzz_seed(&c, 1733965333694LL, seed);
	assert_string_equal(seed, "1733965333694_6_9.021805513099823");
}

static void step_parsing(void **state)
{
	static const char *const bad[] = { "", "m", "10", "10s", "10M", "-1m", "xm", "1.5", "m1" };
	int m = -1;

	(void)state;
	assert_int_equal(fsrs_parse_step("1m", &m), 0);
	assert_int_equal(m, 1);
	assert_int_equal(fsrs_parse_step("10m", &m), 0);
	assert_int_equal(m, 10);
	assert_int_equal(fsrs_parse_step("2h", &m), 0);
	assert_int_equal(m, 120);
	assert_int_equal(fsrs_parse_step("1d", &m), 0);
	assert_int_equal(m, 1440);
	/* read like parseInt: the fraction is dropped */
	assert_int_equal(fsrs_parse_step("1.5m", &m), 0);
	assert_int_equal(m, 1);
	assert_int_equal(fsrs_parse_step("0m", &m), 0);
	assert_int_equal(m, 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		m = 77;
		assert_int_equal(fsrs_parse_step(bad[i], &m), -1);
		assert_int_equal(m, 77);
	}
	assert_int_equal(fsrs_parse_step(NULL, &m), -1);
	assert_int_equal(fsrs_parse_step("99999999999d", &m), -1);
}

static void clipping(void **state)
{
	struct fsrs_params p;

	(void)state;
	/* the steps preset: w4 = 10.5 and w17/w18 above the ceiling */
	fsrs_params_default(&p);
	p.w[0] = 0.05;
	p.w[4] = 10.5;
	p.w[17] = 1.2;
	p.w[18] = 0.7;
	p.request_retention = 0.92;
	p.relearning_steps[0] = 5;
	p.relearning_steps[1] = 60;
	p.n_relearning_steps = 2;
	assert_int_equal(fsrs_params_finish(&p), 0);
	assert_dbl(p.w[0], 0.05);
	assert_dbl(p.w[4], 10);
	assert_dbl(p.w[17], 0.60045935);
	assert_dbl(p.w[18], 0.60045935);
	assert_dbl(p.interval_modifier, 0.73165113);
	/* clipping twice changes nothing */
	assert_int_equal(fsrs_params_finish(&p), 0);
	assert_dbl(p.w[17], 0.60045935);

	/* one relearning step: the ceiling is 2 */
	fsrs_params_default(&p);
	p.w[17] = 3;
	p.w[18] = 1.2;
	p.w[20] = 0.01;
	p.w[7] = NAN;
	fsrs_params_finish(&p);
	assert_dbl(p.w[17], 2);
	assert_dbl(p.w[18], 1.2);
	assert_dbl(p.w[20], 0.1);
	assert_dbl(p.w[7], 0.001);

	/* the w19 lower bound depends on the short-term scheduler */
	fsrs_params_default(&p);
	p.w[19] = 0;
	fsrs_params_finish(&p);
	assert_dbl(p.w[19], 0.01);
	p.w[19] = 0;
	p.enable_short_term = false;
	fsrs_params_finish(&p);
	assert_dbl(p.w[19], 0);

	/* zero means the default; retention outside (0, 1] is an error */
	fsrs_params_default(&p);
	p.request_retention = 0;
	p.maximum_interval = 0;
	assert_int_equal(fsrs_params_finish(&p), 0);
	assert_dbl(p.request_retention, 0.9);
	assert_int_equal(p.maximum_interval, 36500);
	p.request_retention = 1.5;
	assert_int_equal(fsrs_params_finish(&p), -1);
	p.request_retention = -0.2;
	assert_int_equal(fsrs_params_finish(&p), -1);
}

static void reference_values(void **state)
{
	static const double custom_w[FSRS_NW] = {
		0.35, 1.05, 3.1, 12.5, 6.9, 0.62, 1.75, 0.0234, 1.65, 0.145, 0.95,
		1.7, 0.09, 0.31, 1.9, 0.45, 2.4, 0.48, 0.21, 0.12, 0.35,
	};
	struct fsrs_params p;

	(void)state;
	fsrs_params_default(&p);
	assert_dbl(p.decay, -0.1542);
	assert_dbl(p.factor, 0.98034649);
	assert_dbl(p.interval_modifier, 1);
	assert_dbl(fsrs_forgetting_curve(&p, 10, 10), 0.9);
	assert_dbl(fsrs_forgetting_curve(&p, 0, 3.7), 1);
	assert_dbl(fsrs_forgetting_curve(&p, 100, 1), 0.49232243);
	assert_int_equal(fsrs_interval_for(&p, 2.3065), 2);
	assert_int_equal(fsrs_interval_for(&p, 0.2), 1);
	assert_int_equal(fsrs_interval_for(&p, 99999), 36500);

	p.request_retention = 0.85;
	fsrs_params_finish(&p);
	assert_dbl(p.interval_modifier, 1.90642614);
	p.request_retention = 0.95;
	fsrs_params_finish(&p);
	assert_dbl(p.interval_modifier, 0.40255869);
	p.request_retention = 1;
	fsrs_params_finish(&p);
	assert_dbl(p.interval_modifier, 0);
	assert_int_equal(fsrs_interval_for(&p, 500), 1);

	fsrs_params_default(&p);
	memcpy(p.w, custom_w, sizeof(p.w));
	p.request_retention = 0.85;
	p.maximum_interval = 365;
	fsrs_params_finish(&p);
	assert_dbl(p.factor, 0.35124994);
	assert_dbl(p.interval_modifier, 1.68245861);
}

static void first_review_values(void **state)
{
	static const double s0[4] = { 0.212, 1.2931, 2.3065, 8.2956 };
	static const double d0[4] = { 6.4133, 5.11217071, 2.11810397, 1 };
	struct fsrs_params p;
	struct fsrs_card c, out[4];
	int64_t now = t2025(1, 1, 10, 0);

	(void)state;
	fsrs_params_default(&p);
	fsrs_card_init(&c, now);
	assert_int_equal(c.state, FSRS_NEW);
	assert_true(c.last_review == FSRS_NO_REVIEW);
	assert_int_equal(fsrs_repeat(&p, &c, now, out), 0);
	for (int g = 0; g < 4; g++) {
		assert_dbl(out[g].stability, s0[g]);
		assert_dbl(out[g].difficulty, d0[g]);
		assert_int_equal(out[g].reps, 1);
		assert_int_equal(out[g].lapses, 0);
	}
	/* default steps 1m 10m: +1 min, +6 min, +10 min, 8 days */
	assert_int_equal(out[0].state, FSRS_LEARNING);
	assert_true(out[0].due == now + 1 * FSRS_MIN_MS);
	assert_int_equal(out[1].learning_steps, 0);
	assert_true(out[1].due == now + 6 * FSRS_MIN_MS);
	assert_int_equal(out[2].learning_steps, 1);
	assert_true(out[2].due == now + 10 * FSRS_MIN_MS);
	assert_int_equal(out[3].state, FSRS_REVIEW);
	assert_int_equal(out[3].scheduled_days, 8);
	assert_true(out[3].due == now + 8 * FSRS_DAY_MS);
	assert_int_equal(fsrs_review(&p, &c, now, 0, &out[0]), -1);
	assert_int_equal(fsrs_review(&p, &c, now, 5, &out[0]), -1);
}

static void worked_example(void **state)
{
	static const struct {
		int mon, day, h, m, grade, elapsed;
		double r_api; /* -1: not given (new card) */
		enum fsrs_state st;
		double s, d;
		int sched, step;
		int due_mon, due_day, due_h, due_m, lapses;
	} rows[] = {
		{ 1, 1, 10, 0, 3, 0, -1, FSRS_LEARNING, 2.3065, 2.11810397, 0, 1, 1, 1, 10, 10, 0 },
		{ 1, 1, 10, 10, 3, 0, 1, FSRS_REVIEW, 2.3065, 2.11121424, 2, 0, 1, 3, 10, 10, 0 },
		{ 1, 9, 11, 0, 3, 8, 0.79574728, FSRS_REVIEW, 22.78405258, 2.1043314, 23, 0,
		  2, 1, 11, 0, 0 },
		{ 1, 29, 11, 0, 1, 20, 0.90870125, FSRS_RELEARNING, 2.14249863, 7.38997579, 0, 0,
		  1, 29, 11, 10, 1 },
		{ 1, 29, 11, 11, 3, 0, 1, FSRS_REVIEW, 2.14249863, 7.37781418, 2, 0,
		  1, 31, 11, 11, 1 },
		{ 2, 3, 11, 11, 2, 5, 0.83232322, FSRS_REVIEW, 5.95930891, 8.24449923, 6, 0,
		  2, 9, 11, 11, 1 },
	};
	struct fsrs_params p;
	struct fsrs_card c;

	(void)state;
	fsrs_params_default(&p);
	fsrs_card_init(&c, t2025(1, 1, 10, 0));
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		int64_t now = t2025(rows[i].mon, rows[i].day, rows[i].h, rows[i].m);

		assert_int_equal(fsrs_elapsed_days(&p, &c, now), rows[i].elapsed);
		if (rows[i].r_api >= 0)
			assert_dbl(fsrs_retrievability(&p, &c, now), rows[i].r_api);
		else
			assert_dbl(fsrs_retrievability(&p, &c, now), 0);
		assert_int_equal(fsrs_review(&p, &c, now, rows[i].grade, &c), 0);
		assert_int_equal(c.state, rows[i].st);
		assert_dbl(c.stability, rows[i].s);
		assert_dbl(c.difficulty, rows[i].d);
		assert_int_equal(c.scheduled_days, rows[i].sched);
		assert_int_equal(c.learning_steps, rows[i].step);
		assert_true(c.due == t2025(rows[i].due_mon, rows[i].due_day, rows[i].due_h,
					   rows[i].due_m));
		assert_int_equal(c.lapses, rows[i].lapses);
		assert_int_equal(c.reps, (int)i + 1);
		assert_int_equal(c.elapsed_days, rows[i].elapsed);
		assert_true(c.last_review == now);
	}
}

/* Local days with a rollover at 04:00 UTC+0, as the app computes them. */
static int64_t rollover_day(int64_t ms, const void *ctx)
{
	int64_t shift = *(const int64_t *)ctx;
	int64_t x = ms - shift;

	return x >= 0 ? x / FSRS_DAY_MS : -((-x + FSRS_DAY_MS - 1) / FSRS_DAY_MS);
}

static void custom_day_function(void **state)
{
	static const int64_t shift = 4 * HOUR_MS;
	struct fsrs_params utc, local;
	struct fsrs_card c, a, b;
	int64_t first = t2025(1, 1, 23, 50), second = t2025(1, 2, 0, 10);

	(void)state;
	fsrs_params_default(&utc);
	fsrs_params_default(&local);
	local.day = rollover_day;
	local.day_ctx = &shift;
	fsrs_card_init(&c, first);
	assert_int_equal(fsrs_review(&utc, &c, first, FSRS_GOOD, &c), 0);
	/* 20 minutes over UTC midnight: a new UTC day, the same local day */
	assert_int_equal(fsrs_elapsed_days(&utc, &c, second), 1);
	assert_int_equal(fsrs_elapsed_days(&local, &c, second), 0);
	assert_int_equal(fsrs_review(&utc, &c, second, FSRS_GOOD, &a), 0);
	assert_int_equal(fsrs_review(&local, &c, second, FSRS_GOOD, &b), 0);
	assert_int_equal(a.elapsed_days, 1);
	assert_int_equal(b.elapsed_days, 0);
	/* the same-day formula keeps S (floored at 1x), the next-day one grows it */
	assert_dbl(b.stability, 2.3065);
	assert_true(a.stability > b.stability);
	/* past 04:00 the local day turns too */
	assert_int_equal(fsrs_elapsed_days(&local, &c, t2025(1, 2, 4, 0)), 1);
	/* the display retrievability counts 24-hour periods either way */
	assert_dbl(fsrs_retrievability(&local, &c, second), 1);
	/* a review on an earlier day than the last one is refused */
	assert_int_equal(fsrs_review(&utc, &c, t2025(1, 1, 1, 0) - FSRS_DAY_MS, 3, &a), -1);
}

static void recall_at(void **state)
{
	struct fsrs_params p;
	struct fsrs_card c;
	int64_t t0 = t2025(1, 1, 10, 0);

	(void)state;
	fsrs_params_default(&p);
	fsrs_card_init(&c, t0);
	assert_dbl(fsrs_recall_at(&p, &c, t0 + FSRS_DAY_MS), 0);
	c.state = FSRS_REVIEW;
	c.stability = 10;
	c.difficulty = 5;
	c.last_review = t0;
	assert_dbl(fsrs_recall_at(&p, &c, t0), 1);
	/* R(S, S) = 0.9 up to the rounding of the factor */
	assert_near(fsrs_recall_at(&p, &c, t0 + 10 * FSRS_DAY_MS), 0.9, 1e-8);
	/* fractional days, unrounded, between the whole-day values */
	{
		double half = fsrs_recall_at(&p, &c, t0 + 36 * HOUR_MS);
		double want = pow(1 + p.factor * 1.5 / 10, p.decay);

		assert_dbl(half, want);
		assert_true(half < fsrs_forgetting_curve(&p, 1, 10));
		assert_true(half > fsrs_forgetting_curve(&p, 2, 10));
		assert_true(half != fsrs_round8(half));
	}
	/* before the last review counts as no time */
	assert_dbl(fsrs_recall_at(&p, &c, t0 - HOUR_MS), 1);
	/* decreasing in time */
	assert_true(fsrs_recall_at(&p, &c, t0 + 100 * FSRS_DAY_MS) <
		    fsrs_recall_at(&p, &c, t0 + 99 * FSRS_DAY_MS));
}

static void longterm_and_steps(void **state)
{
	struct fsrs_params p;
	struct fsrs_card c, out[4];
	int64_t now = t2025(1, 1, 10, 0);

	(void)state;
	/* long-term: every outcome is Review, at least 1/2/3/4 days */
	fsrs_params_default(&p);
	p.enable_short_term = false;
	fsrs_params_finish(&p);
	fsrs_card_init(&c, now);
	assert_int_equal(fsrs_repeat(&p, &c, now, out), 0);
	for (int g = 0; g < 4; g++) {
		assert_int_equal(out[g].state, FSRS_REVIEW);
		assert_true(out[g].scheduled_days >= g + 1);
		assert_int_equal(out[g].lapses, 0);
	}

	/* a day-long learning step graduates at once but keeps its index */
	fsrs_params_default(&p);
	p.learning_steps[0] = 10;
	p.learning_steps[1] = 1440;
	p.n_learning_steps = 2;
	fsrs_params_finish(&p);
	fsrs_card_init(&c, now);
	assert_int_equal(fsrs_review(&p, &c, now, FSRS_GOOD, &c), 0);
	assert_int_equal(c.state, FSRS_REVIEW);
	assert_int_equal(c.learning_steps, 1);
	assert_int_equal(c.scheduled_days, 1);
	assert_true(c.due == now + FSRS_DAY_MS);
	/* an Again then has no relearning step at index 1: it stays Review */
	now += 3 * FSRS_DAY_MS;
	assert_int_equal(fsrs_review(&p, &c, now, FSRS_AGAIN, &c), 0);
	assert_int_equal(c.state, FSRS_REVIEW);
	assert_int_equal(c.lapses, 1);
	assert_true(c.scheduled_days >= 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(js_round_ties),
		cmocka_unit_test(round8_negative),
		cmocka_unit_test(js_number_text),
		cmocka_unit_test(alea_first_output),
		cmocka_unit_test(fuzz_seed_text),
		cmocka_unit_test(step_parsing),
		cmocka_unit_test(clipping),
		cmocka_unit_test(reference_values),
		cmocka_unit_test(first_review_values),
		cmocka_unit_test(worked_example),
		cmocka_unit_test(custom_day_function),
		cmocka_unit_test(recall_at),
		cmocka_unit_test(longterm_and_steps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
