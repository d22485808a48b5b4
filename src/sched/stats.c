/* stats.c - the numbers of `dkquiz stats` and the arithmetic of its charts.
 *
 * One pass over the cards (states, due days, recall per deck and per tag,
 * leeches) and one over the review log (today, retention, streak, the
 * heatmap). Days are local days with the rollover hour, as the scheduler
 * counts them. */
#include "dkquiz/stats.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dkquiz/clock.h"
#include "dkquiz/util.h"

static int64_t day_of(int64_t ms, int rollover)
{
	return clock_local_day(ms, &rollover);
}

/* Monday = 0 of the local day holding `ms`. */
static int weekday(int64_t ms, int rollover)
{
	/* noon of that day: safe from daylight saving shifts */
	time_t t = (time_t)(clock_day_start(ms, rollover) / 1000 + 12 * 3600);
	struct tm tm;

	if (!localtime_r(&t, &tm))
		return 0;
	return (tm.tm_wday + 6) % 7;
}

struct groups {
	struct stats_group *g;
	size_t n, cap;
};

static struct stats_group *group_slot(struct groups *gs, const char *name, size_t len)
{
	for (size_t i = 0; i < gs->n; i++)
		if (strlen(gs->g[i].name) == len && !memcmp(gs->g[i].name, name, len))
			return &gs->g[i];
	XGROW(gs->g, gs->n + 1, gs->cap);
	memset(&gs->g[gs->n], 0, sizeof(gs->g[0]));
	gs->g[gs->n].name = xstrndup(name, len);
	return &gs->g[gs->n++];
}

static void group_count(struct stats_group *g, const struct sess_card *c, bool reviewed,
			double now, double exam)
{
	g->cards++;
	if (reviewed) {
		g->reviewed++;
		g->recall_now += now;
		g->recall_exam += exam;
	}
	if (c->suspended)
		g->suspended++;
	else if (c->st.state == FSRS_NEW)
		g->new_cards++;
	else if (c->st.state == FSRS_REVIEW)
		g->review++;
	else
		g->learning++;
}

static int cmp_group(const void *a, const void *b)
{
	return strcmp(((const struct stats_group *)a)->name, ((const struct stats_group *)b)->name);
}

static void groups_finish(struct groups *gs, struct stats_group **out, size_t *n)
{
	for (size_t i = 0; i < gs->n; i++) {
		struct stats_group *g = &gs->g[i];

		if (g->reviewed) {
			g->recall_now /= g->reviewed;
			g->recall_exam /= g->reviewed;
		}
	}
	if (gs->n)
		qsort(gs->g, gs->n, sizeof(*gs->g), cmp_group);
	*out = gs->g;
	*n = gs->n;
}

static int cmp_leech(const void *a, const void *b)
{
	const struct stats_leech *x = a, *y = b;

	if (x->lapses != y->lapses)
		return y->lapses - x->lapses;
	return x->id < y->id ? -1 : x->id > y->id;
}

static void count_cards(struct stats_report *s, const struct fsrs_params *p,
			const struct sess_card *c, size_t n, int leech_lapses)
{
	int64_t today = day_of(s->now, s->rollover);
	struct groups decks = { 0 }, tags = { 0 };
	size_t lcap = 0;

	for (size_t i = 0; i < n; i++) {
		const struct sess_card *k = &c[i];
		bool reviewed = k->st.state != FSRS_NEW && k->st.last_review != FSRS_NO_REVIEW;
		double rn = 0, re = 0;
		const char *t = k->c.tags ? k->c.tags : "";

		if (reviewed) {
			rn = fsrs_recall_at(p, &k->st, s->now);
			if (s->exam)
				re = fsrs_recall_at(p, &k->st, s->exam_at);
		}
		group_count(group_slot(&decks, k->c.deck, strlen(k->c.deck)), k, reviewed, rn, re);
		/* tags are space-separated words; a word twice counts once */
		while (*t) {
			size_t len;

			t += strspn(t, " \t");
			len = strcspn(t, " \t");
			if (!len)
				break;
			{
				const char *prev = k->c.tags;
				bool seen = false;

				while (prev < t && !seen) {
					size_t pl;

					prev += strspn(prev, " \t");
					pl = strcspn(prev, " \t");
					seen = prev < t && pl == len && !memcmp(prev, t, len);
					prev += pl;
				}
				if (!seen)
					group_count(group_slot(&tags, t, len), k, reviewed, rn, re);
			}
			t += len;
		}
		s->cards++;
		if (k->leech) {
			struct stats_leech *l;

			XGROW(s->leeches, s->nleeches + 1, lcap);
			l = &s->leeches[s->nleeches++];
			l->id = k->id;
			l->deck = xstrdup(k->c.deck);
			l->front = xstrdup(k->c.front ? k->c.front : "");
			l->lapses = k->st.lapses;
			l->suspended = k->suspended;
		}
		if (k->suspended) {
			s->suspended++;
			continue;
		}
		switch (k->st.state) {
		case FSRS_NEW:
			s->new_cards++;
			continue;
		case FSRS_LEARNING:
		case FSRS_RELEARNING:
			s->learning++;
			break;
		case FSRS_REVIEW:
			s->review++;
			break;
		}
		if (k->st.due <= s->now && k->buried_until <= s->now)
			s->due_now++;
		{
			int64_t d = day_of(k->st.due, s->rollover) - today;

			if (d < 0)
				d = 0; /* overdue cards are due today */
			if (d < STATS_FORECAST_DAYS)
				s->forecast[d]++;
		}
	}
	groups_finish(&decks, &s->decks, &s->ndecks);
	groups_finish(&tags, &s->tags, &s->ntags);
	if (s->nleeches)
		qsort(s->leeches, s->nleeches, sizeof(*s->leeches), cmp_leech);
}

static void count_reviews(struct stats_report *s, const struct review_row *r, size_t n)
{
	int64_t today = day_of(s->now, s->rollover), last = INT64_MIN;
	int64_t *days = xcalloc(n ? n : 1, sizeof(*days));
	size_t ndays = 0;

	/* The grid ends with the week of today and starts on a Monday far
	 * enough back to hold the last STATS_HEAT_DAYS days: 13 weeks on a
	 * Saturday or Sunday, 14 on the other days. */
	{
		int wd = weekday(s->now, s->rollover);

		s->heat_weeks = 1 + (STATS_HEAT_DAYS - 1 - wd + 6) / 7;
		s->today_cell = (s->heat_weeks - 1) * 7 + wd;
	}
	s->heat_first_day = today - s->today_cell;
	for (size_t i = 0; i < n; i++) {
		int64_t d, cell;

		if (r[i].at_ms > s->now)
			continue; /* a pinned clock in the past: the future did not happen */
		d = day_of(r[i].at_ms, s->rollover);
		if (d != last)
			days[ndays++] = last = d;
		cell = d - s->heat_first_day;
		if (cell >= 0 && cell <= s->today_cell) {
			s->heat[cell]++;
			if (s->heat[cell] > s->heat_max)
				s->heat_max = s->heat[cell];
		}
		/* cram is study too: it counts wherever answers are counted */
		s->reviews_total++;
		s->reviews_today += d == today;
		/* true retention, as Anki has it: the scheduled reviews of cards
		 * in the review state; a learning step or a cram answer says
		 * nothing of what was remembered over an interval */
		if (r[i].mode != REVIEW_NORMAL || r[i].state_before != FSRS_REVIEW)
			continue;
		for (int k = 0; k < 2; k++) {
			if (r[i].at_ms >= s->now - (k ? 30 : 7) * DAY_MS) {
				s->ret_n[k]++;
				s->ret_ok[k] += r[i].rating >= FSRS_HARD;
			}
		}
	}
	/* rows come in time order, so `days` is sorted and distinct */
	if (ndays && (days[ndays - 1] == today || days[ndays - 1] == today - 1)) {
		size_t i = ndays - 1;

		s->streak = 1;
		while (i > 0 && days[i - 1] == days[i] - 1) {
			s->streak++;
			i--;
		}
	}
	free(days);
}

void stats_compute(struct stats_report *s, const struct fsrs_params *p,
		   const struct sess_card *c, size_t n, const struct review_row *r, size_t nr,
		   int64_t now, int rollover, int leech_lapses, int64_t exam_at)
{
	memset(s, 0, sizeof(*s));
	s->now = now;
	s->rollover = rollover;
	s->leech_lapses = leech_lapses;
	s->exam = exam_at > now;
	s->exam_at = s->exam ? exam_at : 0;
	count_cards(s, p, c, n, leech_lapses);
	count_reviews(s, r, nr);
}

void stats_report_release(struct stats_report *s)
{
	for (size_t i = 0; i < s->ndecks; i++)
		free(s->decks[i].name);
	for (size_t i = 0; i < s->ntags; i++)
		free(s->tags[i].name);
	for (size_t i = 0; i < s->nleeches; i++) {
		free(s->leeches[i].deck);
		free(s->leeches[i].front);
	}
	free(s->decks);
	free(s->tags);
	free(s->leeches);
	memset(s, 0, sizeof(*s));
}

int64_t stats_cell_time(const struct stats_report *s, int cell)
{
	/* whole days back from today, then to that day's noon */
	int64_t back = (int64_t)(s->today_cell - cell) * DAY_MS;

	return clock_day_start(clock_day_start(s->now, s->rollover) + 12 * 3600000LL - back,
			       s->rollover) + 12 * 3600000LL;
}

int stats_heat_level(int count, int max)
{
	int level;

	if (count <= 0 || max <= 0)
		return 0;
	if (count >= max)
		return 4;
	level = (int)(((long long)count * 4 + max - 1) / max);
	return level < 1 ? 1 : level;
}

bool stats_heat_range(int level, int max, int *lo, int *hi)
{
	/* count c has level L when ceil(4c / max) == L: max(L-1)/4 < c <= max L/4 */
	if (level < 1 || level > 4 || max <= 0)
		return false;
	*lo = (int)((long long)max * (level - 1) / 4) + 1;
	*hi = level == 4 ? max : (int)((long long)max * level / 4);
	return *lo <= *hi;
}

int stats_axis_top(int max)
{
	long long step = 1;

	if (max <= 1)
		return 1;
	for (;;) {
		if (step >= max)
			return (int)step;
		if (step * 2 >= max)
			return (int)(step * 2);
		if (step * 5 >= max)
			return (int)(step * 5);
		step *= 10;
	}
}

int stats_bar_eighths(int value, int top, int rows)
{
	long long e;

	if (value <= 0 || top <= 0 || rows <= 0)
		return 0;
	if (value >= top)
		return rows * 8;
	/* nearest eighth; a small value still shows */
	e = ((long long)value * rows * 8 * 2 + top) / (2LL * top);
	return e < 1 ? 1 : (int)e;
}

int stats_bar_len(int value, int max, int width)
{
	if (value <= 0 || max <= 0 || width <= 0)
		return 0;
	if (value >= max)
		return width;
	return (int)(((long long)value * width + max - 1) / max);
}
