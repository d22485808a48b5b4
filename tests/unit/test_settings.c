/* test_settings.c - the settings table: validation of each setting, the
 * stored spelling, defaults, and the scheduler parameters they give, on a
 * database in a temporary directory. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dkquiz/clock.h"
#include "dkquiz/settings.h"
#include "dkquiz/store.h"
#include "dkquiz/util.h"

static char tmpdir[] = "/tmp/dkquiz-settings-XXXXXX";
static char *db_path;

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(tmpdir))
		return -1;
	db_path = xasprintf("%s/db.sqlite", tmpdir);
	return 0;
}

static int teardown(void **state)
{
	char *wal = xasprintf("%s-wal", db_path), *shm = xasprintf("%s-shm", db_path);

	(void)state;
	unlink(wal);
	unlink(shm);
	unlink(db_path);
	free(wal);
	free(shm);
	free(db_path);
	return rmdir(tmpdir);
}

/* Weights: the defaults, and the defaults without w0 or the last two. */
#define W_HEAD "0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, " \
	"0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, "
#define W_TAIL "1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, " \
	"0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542"
#define VALID_W W_HEAD "0.0658, 0.1542"

/* The error messages go to stderr; the test only needs the verdict. */
static bool ok(const char *name, const char *value)
{
	const struct setting_def *d = settings_find(name);
	char *msg;

	assert_non_null(d);
	msg = d->problem(value);
	free(msg);
	return msg == NULL;
}

static void table(void **state)
{
	(void)state;
	assert_int_equal(settings_count, 9);
	assert_null(settings_find("nope"));
	assert_null(settings_find("exam.at"));
	for (size_t i = 0; i < settings_count; i++) {
		assert_ptr_equal(settings_find(settings_table[i].name), &settings_table[i]);
		assert_true(ok(settings_table[i].name, settings_table[i].def));
		assert_non_null(settings_table[i].help);
	}
	assert_int_equal(settings_check("nope", "1"), -1);
	assert_int_equal(settings_check("rollover", "3"), 0);
}

static void retention(void **state)
{
	const struct setting_def *d = settings_find("retention");
	char *msg;

	(void)state;
	assert_true(ok("retention", "0.70"));
	assert_true(ok("retention", "0.7"));
	assert_true(ok("retention", "0.99"));
	assert_true(ok("retention", " 0.9 "));
	assert_true(ok("retention", "0,85"));
	assert_true(ok("retention", "9e-1"));
	assert_false(ok("retention", "0.69"));
	assert_false(ok("retention", "0.995"));
	assert_false(ok("retention", "1"));
	assert_false(ok("retention", ""));
	assert_false(ok("retention", "abc"));
	assert_false(ok("retention", "0.9x"));
	assert_false(ok("retention", "nan"));
	assert_false(ok("retention", "inf"));
	assert_false(ok("retention", "0x1p-1"));
	msg = d->problem("2");
	assert_string_equal(msg, "retention must be between 0.70 and 0.99");
	free(msg);
}

static void whole_numbers(void **state)
{
	(void)state;
	assert_true(ok("max-interval", "1"));
	assert_true(ok("max-interval", "36500"));
	assert_false(ok("max-interval", "0"));
	assert_false(ok("max-interval", "36501"));
	assert_false(ok("max-interval", "1.5"));
	assert_false(ok("max-interval", "-3"));
	assert_false(ok("max-interval", "99999999999999999999"));
	assert_true(ok("new-per-day", "0"));
	assert_true(ok("new-per-day", "9999"));
	assert_false(ok("new-per-day", "10000"));
	assert_false(ok("new-per-day", "-1"));
	assert_true(ok("reviews-per-day", "none"));
	assert_true(ok("reviews-per-day", "NONE"));
	assert_true(ok("reviews-per-day", "0"));
	assert_true(ok("reviews-per-day", "99999"));
	assert_false(ok("reviews-per-day", "100000"));
	assert_false(ok("reviews-per-day", "no"));
	assert_true(ok("rollover", "0"));
	assert_true(ok("rollover", "23"));
	assert_false(ok("rollover", "24"));
	assert_false(ok("rollover", ""));
	assert_true(ok("leech-lapses", "1"));
	assert_true(ok("leech-lapses", "99"));
	assert_false(ok("leech-lapses", "0"));
	assert_false(ok("leech-lapses", "100"));
}

static void steps_and_weights(void **state)
{
	char many[128] = "";

	(void)state;
	assert_true(ok("learning-steps", "1m 10m"));
	assert_true(ok("learning-steps", "1m,10m, 1h 2d"));
	assert_true(ok("learning-steps", ""));
	assert_true(ok("relearning-steps", "10m"));
	assert_false(ok("learning-steps", "1.5m"));
	assert_false(ok("learning-steps", "0m"));
	assert_false(ok("learning-steps", "10"));
	assert_false(ok("learning-steps", "10s"));
	assert_false(ok("learning-steps", "-1m"));
	assert_false(ok("relearning-steps", "m"));
	for (int i = 0; i < FSRS_MAX_STEPS + 1; i++)
		strcat(many, "1m ");
	assert_false(ok("learning-steps", many));

	assert_true(ok("weights", VALID_W));
	assert_true(ok("weights", "0.1,0.2,0.3,0.4,5,0.6,0.7,0.7,0.8,0.8,1,1,0.2,0.8,1,1,1,1,1,0.5,1e-1"));
	assert_false(ok("weights", "1 2 3"));
	assert_false(ok("weights", "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22"));
	assert_false(ok("weights", "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 inf"));
	assert_false(ok("weights", "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 x"));
}

/* Each weight within the range FSRS would clip it to, with a message
 * naming it; the bounds themselves are valid. */
static void weights_in_range(void **state)
{
	static const char *const bad[] = { W_HEAD "0.0658, 9", "-0.212," W_TAIL, "0," W_TAIL };
	char *msg;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_false(ok("weights", bad[i]));
	msg = settings_find("weights")->problem(bad[0]);
	assert_string_equal(msg, "weight w20 must be between 0.1 and 0.8");
	free(msg);
	msg = settings_find("weights")->problem(bad[1]);
	assert_string_equal(msg, "weight w0 must be between 0.001 and 100");
	free(msg);
	assert_true(ok("weights", W_HEAD "0.01, 0.8"));
	assert_true(ok("weights", "0.001," W_TAIL));
	assert_true(ok("weights", W_HEAD "0.8, 0.1"));
	assert_false(ok("weights", W_HEAD "0.009, 0.5"));    /* w19 with short-term steps */
	/* w4 from 1 to 10 */
	assert_false(ok("weights", "0.212, 1.2931, 2.3065, 8.2956, 0.5, 0.8334, 3.0194, 0.001, 1.8722, "
			"0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, "
			"0.0658, 0.1542"));
}

/* A French LC_NUMERIC must not change what "0.9" means. */
static void c_locale_numbers(void **state)
{
	double v;

	(void)state;
	if (!setlocale(LC_NUMERIC, "fr_FR.UTF-8")) {
		skip();
		return;
	}
	assert_int_equal(settings_parse_double("0.9", false, &v), 0);
	assert_true(v == 0.9);
	assert_int_equal(settings_parse_double("0,9", true, &v), 0);
	assert_true(v == 0.9);
	assert_int_equal(settings_parse_double("0,9", false, &v), -1);
	assert_true(ok("retention", "0.95"));
	setlocale(LC_NUMERIC, "C");
}

static void stored_values(void **state)
{
	struct store *st;
	bool def = false;
	char *v;

	(void)state;
	assert_int_equal(store_open(db_path, STORE_CREATE, &st), 0);

	v = settings_get(st, "retention", &def);
	assert_string_equal(v, "0.9");
	assert_true(def);
	free(v);
	assert_null(settings_get(st, "nope", &def));

	assert_int_equal(settings_set(st, "retention", " 0,85 "), 0);
	v = settings_get(st, "retention", &def);
	assert_string_equal(v, "0.85");
	assert_false(def);
	free(v);

	/* a refused value leaves the stored one alone */
	assert_int_equal(settings_set(st, "retention", "0.5"), -1);
	v = settings_get(st, "retention", NULL);
	assert_string_equal(v, "0.85");
	free(v);
	assert_int_equal(settings_set(st, "nope", "1"), -1);
	v = store_get_setting(st, "nope");
	assert_null(v);

	assert_int_equal(settings_set(st, "learning-steps", "2m,  15m"), 0);
	v = settings_get(st, "learning-steps", NULL);
	assert_string_equal(v, "2m 15m");
	free(v);
	assert_int_equal(settings_set(st, "new-per-day", "007"), 0);
	v = settings_get(st, "new-per-day", NULL);
	assert_string_equal(v, "7");
	free(v);
	assert_int_equal(settings_set(st, "reviews-per-day", "None"), 0);
	v = settings_get(st, "reviews-per-day", NULL);
	assert_string_equal(v, "none");
	free(v);
	assert_int_equal(settings_set(st, "weights",
		"1 2 3 4 5 3 3 0.5 4 0.5 1 1 0.1 0.5 1 1 1 1 1 0.5 0.5"), 0);
	v = settings_get(st, "weights", NULL);
	assert_string_equal(v, "1, 2, 3, 4, 5, 3, 3, 0.5, 4, 0.5, 1, 1, 0.1, 0.5, 1, 1, 1, 1, 1, 0.5, 0.5");
	free(v);

	/* unset: back to the default */
	assert_int_equal(settings_set(st, "weights", NULL), 0);
	v = settings_get(st, "weights", &def);
	assert_true(def);
	assert_string_equal(v, settings_find("weights")->def);
	free(v);

	/* a value written by hand that does not validate is ignored */
	assert_int_equal(store_set_setting(st, "rollover", "25"), 0);
	v = settings_get(st, "rollover", &def);
	assert_string_equal(v, "4");
	assert_true(def);
	free(v);
	store_close(st);

	/* and it survives reopening */
	assert_int_equal(store_open(db_path, 0, &st), 0);
	v = settings_get(st, "retention", NULL);
	assert_string_equal(v, "0.85");
	free(v);
	store_close(st);
}

/* A value edited by hand into the database that does not validate: the
 * default is used, and a warning says so, once per load. */
static void load_ignores_invalid(void **state)
{
	struct store *st;
	struct settings s;
	struct buf msgs = BUF_INIT, *before;

	(void)state;
	assert_int_equal(store_open(db_path, STORE_CREATE, &st), 0);
	assert_int_equal(store_set_setting(st, "new-per-day", "lots"), 0);
	assert_int_equal(settings_set(st, "rollover", "3"), 0);
	before = capture_messages(&msgs);
	assert_int_equal(settings_load(st, &s), 0);
	capture_messages(before);
	/* as it was, for the tests after this one */
	assert_int_equal(settings_set(st, "new-per-day", "20"), 0);
	assert_int_equal(settings_set(st, "rollover", "4"), 0);
	store_close(st);
	assert_int_equal(s.new_per_day, 20);
	assert_int_equal(s.rollover, 3);
	assert_non_null(strstr(buf_str(&msgs), "ignoring the setting new-per-day"));
	assert_null(strstr(strstr(buf_str(&msgs), "new-per-day") + 1, "ignoring"));
	buf_release(&msgs);
}

static void load_params(void **state)
{
	struct store *st;
	struct settings s, d;
	int64_t t = 20463LL * DAY_MS + 2 * 3600000LL; /* 02:00 UTC */

	(void)state;
	assert_int_equal(store_open(db_path, STORE_CREATE, &st), 0);
	assert_int_equal(settings_set(st, "retention", "0.8"), 0);
	assert_int_equal(settings_set(st, "max-interval", "365"), 0);
	assert_int_equal(settings_set(st, "learning-steps", "5m 1h 1d"), 0);
	assert_int_equal(settings_set(st, "relearning-steps", ""), 0);
	assert_int_equal(settings_set(st, "new-per-day", "35"), 0);
	assert_int_equal(settings_set(st, "reviews-per-day", "200"), 0);
	assert_int_equal(settings_set(st, "rollover", "3"), 0);
	assert_int_equal(settings_set(st, "leech-lapses", "5"), 0);
	assert_int_equal(settings_set(st, "weights",
		"0.3 1.2931 2.3065 8.2956 6.4133 0.8334 3.0194 0.001 1.8722 0.1666 0.796 "
		"1.4835 0.0614 0.2629 1.6483 0.6014 1.8729 0.5425 0.0912 0.0658 0.2"), 0);
	assert_int_equal(settings_load(st, &s), 0);
	store_close(st);

	assert_true(s.fsrs.request_retention == 0.8);
	assert_int_equal(s.fsrs.maximum_interval, 365);
	assert_int_equal(s.fsrs.n_learning_steps, 3);
	assert_int_equal(s.fsrs.learning_steps[0], 5);
	assert_int_equal(s.fsrs.learning_steps[1], 60);
	assert_int_equal(s.fsrs.learning_steps[2], 1440);
	assert_int_equal(s.fsrs.n_relearning_steps, 0);
	assert_int_equal(s.new_per_day, 35);
	assert_int_equal(s.reviews_per_day, 200);
	assert_int_equal(s.rollover, 3);
	assert_int_equal(s.leech_lapses, 5);
	assert_true(s.fsrs.w[0] == 0.3);
	assert_true(s.fsrs.w[20] == 0.2);
	assert_true(s.fsrs.decay == -0.2);
	assert_true(s.fsrs.enable_fuzz);
	assert_true(s.fsrs.enable_short_term);
	assert_ptr_equal(s.fsrs.day, clock_local_day);
	assert_ptr_equal(s.fsrs.day_ctx, &s.rollover);
	/* 02:00 is still the previous day with a 3 am rollover */
	assert_int_equal(s.fsrs.day(t, s.fsrs.day_ctx), 20462);

	settings_defaults(&d);
	assert_true(d.fsrs.request_retention == 0.9);
	assert_int_equal(d.fsrs.maximum_interval, 36500);
	assert_int_equal(d.fsrs.n_learning_steps, 2);
	assert_int_equal(d.fsrs.n_relearning_steps, 1);
	assert_int_equal(d.new_per_day, 20);
	assert_int_equal(d.reviews_per_day, -1);
	assert_int_equal(d.rollover, 4);
	assert_int_equal(d.leech_lapses, 8);
	assert_true(d.fsrs.w[0] == 0.212);
	assert_ptr_equal(d.fsrs.day_ctx, &d.rollover);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table),
		cmocka_unit_test(retention),
		cmocka_unit_test(whole_numbers),
		cmocka_unit_test(steps_and_weights),
		cmocka_unit_test(weights_in_range),
		cmocka_unit_test(c_locale_numbers),
		cmocka_unit_test(stored_values),
		cmocka_unit_test(load_ignores_invalid),
		cmocka_unit_test(load_params),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, setup, teardown);
}
