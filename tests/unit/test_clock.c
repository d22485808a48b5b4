/* test_clock.c - local days with a rollover hour in a time zone with
 * summer time: the boundary at the rollover, the days of 23 and 25 hours,
 * and a rollover hour that a change of time skips or repeats.
 *
 * The zone is given as a POSIX TZ rule (Central European Time: UTC+1, UTC+2
 * from the last Sunday of March at 02:00 to the last Sunday of October at
 * 03:00), so no time zone database is needed. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <time.h>

#include "dkquiz/clock.h"

#define HOUR_MS 3600000LL
#define MIN_MS 60000LL
#define CET "CET-1CEST,M3.5.0,M10.5.0/3"

/* Days since the epoch of a UTC date. */
#define D_2026_03_10 20522LL
#define D_2026_03_28 20540LL
#define D_2026_03_29 20541LL
#define D_2026_10_24 20750LL
#define D_2026_10_25 20751LL

/* An instant given in UTC. */
static int64_t utc(int64_t day, int hour, int min)
{
	return day * DAY_MS + hour * HOUR_MS + min * MIN_MS;
}

static int cet(void **state)
{
	(void)state;
	setenv("TZ", CET, 1);
	tzset();
	return 0;
}

static int64_t day_of(int64_t ms, int rollover)
{
	return clock_local_day(ms, &rollover);
}

/* A date is parsed when it exists: the last day of each month, 29
 * February of a leap year, offsets up to ±14:00; the day after a month's
 * last, and further offsets, are refused. */
static void parse_real_dates_only(void **state)
{
	static const char *const good[] = {
		"2026-01-31", "2026-02-28", "2024-02-29", "2000-02-29", "2026-04-30",
		"2026-12-31T23:59:59Z", "2026-01-10T09:00:00+14:00", "2026-01-10T09:00:00-14:00",
		"2026-01-10T09:00:00+05:45",
	};
	static const char *const bad[] = {
		"2026-02-30", "2026-02-29", "1900-02-29", "2100-02-29", "2026-04-31",
		"2026-06-31T10:00Z", "2026-11-31", "2026-00-10", "2026-01-00",
		"2026-01-10T09:00:00+14:01", "2026-01-10T09:00:00+99:00", "2026-01-10T09:00:00-15:00",
		"2026-01-10T09:00:00+05:60", "",
	};
	int64_t ms;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++)
		if (clock_parse(good[i], &ms) != 0)
			fail_msg("'%s' refused", good[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		if (clock_parse(bad[i], &ms) != -1)
			fail_msg("'%s' accepted", bad[i]);
	/* what is accepted means what it says */
	assert_int_equal(clock_parse("2024-02-29T00:00:00Z", &ms), 0);
	assert_true(ms == 19782 * DAY_MS);
	assert_int_equal(clock_parse("2026-01-10T09:00:00+14:00", &ms), 0);
	assert_true(ms == utc(20463, 19, 0) - DAY_MS);
}

/* Every instant of [start, next) is in one day, the one before start in
 * the day before, and next is where the following day starts. */
static void assert_day(int64_t start, int64_t next, int rollover)
{
	int64_t d = day_of(start, rollover);

	assert_true(day_of(start - 1, rollover) == d - 1);
	assert_true(day_of(next - 1, rollover) == d);
	assert_true(day_of(next, rollover) == d + 1);
	for (int64_t t = start; t < next; t += 15 * MIN_MS) {
		assert_true(day_of(t, rollover) == d);
		assert_true(clock_day_start(t, rollover) == start);
		assert_true(clock_next_day_start(t, rollover) == next);
	}
	assert_true(clock_day_start(next - 1, rollover) == start);
}

/* A winter day: 04:00 local is 03:00 UTC. */
static void rollover_boundary(void **state)
{
	int64_t start = utc(D_2026_03_10, 3, 0);

	(void)state;
	assert_true(day_of(start, 4) == D_2026_03_10);
	assert_true(day_of(start - 1, 4) == D_2026_03_10 - 1);   /* 03:59:59.999 local */
	assert_true(clock_day_start(start - 1, 4) == start - DAY_MS);
	assert_true(clock_next_day_start(start - 1, 4) == start);
	assert_true(clock_day_start(start, 4) == start);
	assert_true(clock_next_day_start(start, 4) == start + DAY_MS);
	assert_day(start, start + DAY_MS, 4);
	/* midnight local, rollover 0 */
	assert_true(clock_day_start(utc(D_2026_03_10, 12, 0), 0) == utc(D_2026_03_10, -1, 0));
	assert_true(day_of(utc(D_2026_03_10, -1, 0), 0) == D_2026_03_10);
	assert_true(day_of(utc(D_2026_03_10, -1, 0) - 1, 0) == D_2026_03_10 - 1);
	/* 23:00 UTC is already tomorrow in Paris, before the rollover */
	assert_true(day_of(utc(D_2026_03_10, 23, 0), 0) == D_2026_03_10 + 1);
	assert_true(day_of(utc(D_2026_03_10, 23, 0), 4) == D_2026_03_10);
}

/* Summer time starts on 2026-03-29 at 02:00 local (01:00 UTC): the day from
 * 04:00 on the 28th (03:00 UTC) to 04:00 on the 29th (02:00 UTC) is 23
 * hours long. */
static void spring_forward(void **state)
{
	int64_t start28 = utc(D_2026_03_28, 3, 0), start29 = utc(D_2026_03_29, 2, 0);

	(void)state;
	assert_true(start29 - start28 == 23 * HOUR_MS);
	assert_day(start28, start29, 4);
	assert_day(start29, utc(D_2026_03_29 + 1, 2, 0), 4);
	/* a rollover at 02:00, which does not exist that night: the day
	 * starts when the clocks jump, 01:00 UTC */
	assert_day(utc(D_2026_03_28, 1, 0), utc(D_2026_03_29, 1, 0), 2);
	assert_day(utc(D_2026_03_29, 1, 0), utc(D_2026_03_29 + 1, 0, 0), 2);
}

/* Summer time ends on 2026-10-25 at 03:00 local (01:00 UTC): the day from
 * 04:00 on the 24th (02:00 UTC) to 04:00 on the 25th (03:00 UTC) is 25
 * hours long. */
static void fall_back(void **state)
{
	int64_t start24 = utc(D_2026_10_24, 2, 0), start25 = utc(D_2026_10_25, 3, 0);

	(void)state;
	assert_true(start25 - start24 == 25 * HOUR_MS);
	assert_day(start24, start25, 4);
	assert_day(start25, utc(D_2026_10_25 + 1, 3, 0), 4);
	/* a rollover at 02:00, which comes twice that night: the day starts
	 * at the first, 00:00 UTC (02:00 summer time) */
	assert_day(utc(D_2026_10_24, 0, 0), utc(D_2026_10_25, 0, 0), 2);
	assert_day(utc(D_2026_10_25, 0, 0), utc(D_2026_10_25 + 1, 1, 0), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_real_dates_only),
		cmocka_unit_test(rollover_boundary),
		cmocka_unit_test(spring_forward),
		cmocka_unit_test(fall_back),
	};

	return cmocka_run_group_tests(tests, cet, NULL);
}
