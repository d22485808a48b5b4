/* clock.c - local days with a rollover hour, and time parsing.
 *
 * Local time goes through mktime/localtime_r so that DST is right; the
 * scheduler itself only ever sees day numbers. */
#include "dkquiz/clock.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int64_t clock_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t clock_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/* Days from 1970-01-01 to a civil date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = floor_div(y, 400);
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

/* The days of month m (1 to 12) of year y. */
static int days_in_month(int64_t y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

static int64_t local_offset_ms(int64_t ms)
{
	time_t t = (time_t)floor_div(ms, 1000);
	struct tm tm;

	if (!localtime_r(&t, &tm))
		return 0;
	return (int64_t)tm.tm_gmtoff * 1000;
}

int64_t clock_local_day(int64_t ms, const void *rollover_hour)
{
	int hour = rollover_hour ? *(const int *)rollover_hour : 0;

	return floor_div(ms + local_offset_ms(ms) - (int64_t)hour * 3600000, DAY_MS);
}

int64_t clock_day_start(int64_t ms, int rollover)
{
	int64_t day = clock_local_day(ms, &rollover);
	int64_t base = day * DAY_MS + (int64_t)rollover * 3600000;
	/* Start from the UTC guess, then correct by the offset at that instant
	 * (twice, for a DST change near the boundary: when the clocks jump
	 * over the rollover hour, the day starts at the jump). */
	int64_t t = base, first;

	for (int i = 0; i < 2; i++)
		t = base - local_offset_ms(t);
	/* When the clocks go back over the rollover hour, it comes twice: the
	 * day starts at the first, under the offset before the change. */
	first = base - local_offset_ms(t - 1);
	if (first < t && clock_local_day(first, &rollover) == day)
		t = first;
	return t;
}

int64_t clock_next_day_start(int64_t ms, int rollover)
{
	int64_t start = clock_day_start(ms, rollover);

	/* 26 hours lands inside the next day even across a DST change. */
	return clock_day_start(start + 26 * 3600000LL, rollover);
}

static int digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)**p))
			return -1;
		v = v * 10 + (**p - '0');
		(*p)++;
	}
	*out = v;
	return 0;
}

int clock_parse(const char *s, int64_t *ms)
{
	const char *p = s;
	int y, mo, d, h = 0, mi = 0, sec = 0, milli = 0;
	int64_t t;

	if (!s || !*s)
		return -1;
	if (strspn(s, "0123456789") == strlen(s)) {
		if (strlen(s) > 15)
			return -1;
		*ms = strtoll(s, NULL, 10);
		return 0;
	}
	if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) || *p++ != '-' ||
	    digits(&p, 2, &d))
		return -1;
	if (*p == 'T' || *p == ' ') {
		p++;
		if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi))
			return -1;
		if (*p == ':') {
			p++;
			if (digits(&p, 2, &sec))
				return -1;
			if (*p == '.') {
				p++;
				if (digits(&p, 3, &milli))
					return -1;
			}
		}
	}
	/* a day the month has: 2026-02-30 would be taken as March 2 */
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 60)
		return -1;
	t = (days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec) * 1000 + milli;
	if (*p == 'Z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1, oh, om;

		if (digits(&p, 2, &oh))
			return -1;
		if (*p == ':')
			p++;
		if (digits(&p, 2, &om))
			return -1;
		/* no zone is further than 14 hours from UTC */
		if (om > 59 || oh * 60 + om > 14 * 60)
			return -1;
		t -= sign * ((int64_t)oh * 3600 + om * 60) * 1000;
	} else if (*p == '\0') {
		/* Local time: the offset that applies at that local instant. */
		int64_t off = local_offset_ms(t);

		off = local_offset_ms(t - off);
		t -= off;
	}
	if (*p)
		return -1;
	*ms = t;
	return 0;
}

void clock_format(int64_t ms, char out[32])
{
	time_t t = (time_t)floor_div(ms, 1000);
	struct tm tm;

	if (!localtime_r(&t, &tm)) {
		snprintf(out, 32, "?");
		return;
	}
	strftime(out, 32, "%Y-%m-%d %H:%M", &tm);
}
