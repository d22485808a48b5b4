/* stats.c - `dkquiz stats`: counts, retention, streak, a heatmap of the
 * reviews, a forecast of due cards, predicted recall per deck, leeches.
 *
 * Everything is computed here from two reads (the live cards with their
 * state, the review log), so the text and the JSON always agree. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dkquiz/cmd.h"
#include "dkquiz/clock.h"
#include "dkquiz/exam.h"
#include "dkquiz/fsrs.h"
#include "dkquiz/i18n.h"
#include "dkquiz/json.h"
#include "dkquiz/session.h"
#include "dkquiz/settings.h"
#include "dkquiz/store.h"
#include "dkquiz/text.h"
#include "dkquiz/util.h"

#define HEAT_WEEKS 13
#define FORECAST_DAYS 30
#define BAR_WIDTH 40

static const char stats_usage[] = N_(
	"Usage: dkquiz stats [--json] [--deck NAME]\n"
	"Show the cards by state, reviews today, true retention over 7 and 30 days,\n"
	"the study streak, a heatmap of the last 13 weeks, the cards due in the\n"
	"next 30 days, the predicted recall of each deck (now and at the exam),\n"
	"and the leeches.\n\n"
	"      --json       one JSON object\n"
	"      --deck NAME  only this deck and its subdecks\n"
	"  -h, --help       show this help\n");

struct deck_stat {
	const char *name;      /* points into a card */
	int cards, new_cards, learning, review, suspended, reviewed;
	double recall_now, recall_exam;   /* sums, then means */
};

struct stats {
	int cards, new_cards, learning, review, suspended, due_now, leeches;
	int reviews_today, reviews_total;
	int ret_n[2], ret_ok[2];          /* 7 and 30 days */
	int streak;
	int forecast[FORECAST_DAYS];
	int heat[HEAT_WEEKS * 7];         /* Monday of the first week first */
	int heat_first_day, today_cell;
	struct deck_stat *decks;
	size_t ndecks;
	bool exam;
	int64_t exam_at;
};

static int64_t day_of(int64_t ms, int rollover)
{
	return clock_local_day(ms, &rollover);
}

/* Monday = 0 of the local day holding `ms`. */
static int weekday(int64_t ms, int rollover)
{
	time_t t = (time_t)(clock_day_start(ms, rollover) / 1000);
	struct tm tm;

	localtime_r(&t, &tm);
	return (tm.tm_wday + 6) % 7;
}

static struct deck_stat *deck_slot(struct stats *s, const char *name)
{
	size_t cap = s->ndecks;

	for (size_t i = 0; i < s->ndecks; i++)
		if (!strcmp(s->decks[i].name, name))
			return &s->decks[i];
	/* cap == n: XGROW doubles whenever full */
	XGROW(s->decks, s->ndecks + 1, cap);
	memset(&s->decks[s->ndecks], 0, sizeof(s->decks[0]));
	s->decks[s->ndecks].name = name;
	return &s->decks[s->ndecks++];
}

static int cmp_deck(const void *a, const void *b)
{
	return strcmp(((const struct deck_stat *)a)->name, ((const struct deck_stat *)b)->name);
}

static void count_cards(struct stats *s, const struct settings *set, const struct sess_card *c,
			size_t n, int64_t now)
{
	int64_t today = day_of(now, set->rollover);

	for (size_t i = 0; i < n; i++) {
		struct deck_stat *d = deck_slot(s, c[i].c.deck);

		s->cards++;
		d->cards++;
		s->leeches += c[i].leech;
		if (c[i].st.state != FSRS_NEW) {
			double r = fsrs_recall_at(&set->fsrs, &c[i].st, now);

			d->reviewed++;
			d->recall_now += r;
			if (s->exam)
				d->recall_exam += fsrs_recall_at(&set->fsrs, &c[i].st, s->exam_at);
		}
		if (c[i].suspended) {
			s->suspended++;
			d->suspended++;
			continue;
		}
		switch (c[i].st.state) {
		case FSRS_NEW:
			s->new_cards++;
			d->new_cards++;
			continue;
		case FSRS_LEARNING:
		case FSRS_RELEARNING:
			s->learning++;
			d->learning++;
			break;
		case FSRS_REVIEW:
			s->review++;
			d->review++;
			break;
		}
		if (c[i].st.due <= now && c[i].buried_until <= now)
			s->due_now++;
		{
			int64_t k = day_of(c[i].st.due, set->rollover) - today;

			if (k < 0)
				k = 0; /* overdue cards are due today */
			if (k < FORECAST_DAYS)
				s->forecast[k]++;
		}
	}
	for (size_t i = 0; i < s->ndecks; i++) {
		struct deck_stat *d = &s->decks[i];

		if (d->reviewed) {
			d->recall_now /= d->reviewed;
			d->recall_exam /= d->reviewed;
		}
	}
	qsort(s->decks, s->ndecks, sizeof(*s->decks), cmp_deck);
}

static void count_reviews(struct stats *s, const struct settings *set, const struct review_row *r,
			  size_t n, int64_t now)
{
	int64_t today = day_of(now, set->rollover), d, last = INT64_MIN;
	int64_t *days = xcalloc(n ? n : 1, sizeof(*days));
	size_t ndays = 0;
	int wd = weekday(now, set->rollover);

	/* the grid ends with the week of today; Monday of its first week */
	s->today_cell = (HEAT_WEEKS - 1) * 7 + wd;
	s->heat_first_day = (int)(today - s->today_cell);
	for (size_t i = 0; i < n; i++) {
		if (r[i].at_ms > now)
			continue; /* a pinned clock in the past: the future did not happen */
		d = day_of(r[i].at_ms, set->rollover);
		if (d != last)
			days[ndays++] = last = d;
		if (d - s->heat_first_day >= 0 && d - s->heat_first_day <= s->today_cell)
			s->heat[d - s->heat_first_day]++;
		if (r[i].mode != REVIEW_NORMAL)
			continue;
		s->reviews_total++;
		s->reviews_today += d == today;
		if (r[i].state_before == FSRS_NEW)
			continue;
		for (int k = 0; k < 2; k++) {
			if (r[i].at_ms >= now - (k ? 30 : 7) * DAY_MS) {
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

/* A ratio in the C locale, whatever LC_NUMERIC says. */
static void add_ratio(struct buf *b, double v)
{
	long long x = (long long)(v * 10000 + 0.5);

	buf_addf(b, "%lld.%04lld", x / 10000, x % 10000);
}

static void add_percent(struct buf *b, double v)
{
	long long x = (long long)(v * 1000 + 0.5);

	buf_addf(b, "%lld.%lld%%", x / 10, x % 10);
}

static void json_ratio(struct buf *b, bool *first, const char *key, int ok, int n)
{
	json_add_key(b, first, key);
	if (n)
		add_ratio(b, (double)ok / n);
	else
		buf_adds(b, "null");
}

static void print_json(const struct stats *s)
{
	struct buf b = BUF_INIT;
	bool first = true;

	buf_addch(&b, '{');
	json_add_field_int(&b, &first, "cards", s->cards);
	json_add_field_int(&b, &first, "new", s->new_cards);
	json_add_field_int(&b, &first, "learning", s->learning);
	json_add_field_int(&b, &first, "review", s->review);
	json_add_field_int(&b, &first, "suspended", s->suspended);
	json_add_field_int(&b, &first, "due_now", s->due_now);
	json_add_field_int(&b, &first, "reviews_today", s->reviews_today);
	json_add_field_int(&b, &first, "reviews_total", s->reviews_total);
	json_ratio(&b, &first, "retention_7d", s->ret_ok[0], s->ret_n[0]);
	json_ratio(&b, &first, "retention_30d", s->ret_ok[1], s->ret_n[1]);
	json_add_field_int(&b, &first, "streak_days", s->streak);
	json_add_key(&b, &first, "forecast");
	buf_addch(&b, '[');
	for (int i = 0; i < FORECAST_DAYS; i++)
		buf_addf(&b, "%s%d", i ? "," : "", s->forecast[i]);
	buf_addch(&b, ']');
	json_add_key(&b, &first, "heatmap");
	buf_addch(&b, '[');
	for (int i = 0; i <= s->today_cell; i++)
		buf_addf(&b, "%s%d", i ? "," : "", s->heat[i]);
	buf_addch(&b, ']');
	json_add_field_int(&b, &first, "leeches", s->leeches);
	if (s->exam)
		json_add_field_int(&b, &first, "exam_at", (long long)s->exam_at);
	json_add_key(&b, &first, "decks");
	buf_addch(&b, '[');
	for (size_t i = 0; i < s->ndecks; i++) {
		const struct deck_stat *d = &s->decks[i];
		bool f = true;

		buf_adds(&b, i ? ",{" : "{");
		json_add_field_str(&b, &f, "deck", d->name);
		json_add_field_int(&b, &f, "cards", d->cards);
		json_add_field_int(&b, &f, "new", d->new_cards);
		json_add_field_int(&b, &f, "learning", d->learning);
		json_add_field_int(&b, &f, "review", d->review);
		json_add_field_int(&b, &f, "suspended", d->suspended);
		json_add_field_int(&b, &f, "reviewed", d->reviewed);
		json_ratio(&b, &f, "recall_now", (int)(d->recall_now * 1e6 + 0.5),
			   d->reviewed ? 1000000 : 0);
		if (s->exam)
			json_ratio(&b, &f, "recall_exam", (int)(d->recall_exam * 1e6 + 0.5),
				   d->reviewed ? 1000000 : 0);
		buf_addch(&b, '}');
	}
	buf_addch(&b, ']');
	buf_addch(&b, '}');
	puts(b.s);
	buf_release(&b);
}

static const char *const shades[] = { " ", "\xE2\x96\x91", "\xE2\x96\x92", "\xE2\x96\x93",
				      "\xE2\x96\x88" };

static void print_heatmap(const struct stats *s, int64_t now, int rollover)
{
	int max = 0;

	for (int i = 0; i <= s->today_cell; i++)
		if (s->heat[i] > max)
			max = s->heat[i];
	printf(_("Reviews in the last %d weeks (each column a week, today last):\n"), HEAT_WEEKS);
	for (int row = 0; row < 7; row++) {
		/* the weekday's name from the calendar, in the user's language */
		int64_t day_ms = now - (int64_t)(weekday(now, rollover) - row) * DAY_MS;
		time_t t = (time_t)(clock_day_start(day_ms, rollover) / 1000 + 12 * 3600);
		struct tm tm;
		char name[32];

		localtime_r(&t, &tm);
		if (!strftime(name, sizeof(name), "%a", &tm))
			name[0] = '\0';
		fputs("  ", stdout);
		put_cell(name, 4, true);
		for (int w = 0; w < HEAT_WEEKS; w++) {
			int cell = w * 7 + row, level = 0;

			if (cell > s->today_cell) {
				fputs("  ", stdout);
				continue;
			}
			if (s->heat[cell] && max)
				level = (s->heat[cell] * 4 + max - 1) / max;
			if (level > 4)
				level = 4;
			/* an empty day still shows where the grid is */
			fputs(level ? shades[level] : "\xC2\xB7", stdout);
			fputs(shades[level], stdout);
		}
		putchar('\n');
	}
	printf(_("  (%s%s none  %s%s few  %s%s  %s%s  %s%s most: %d a day)\n"),
	       "\xC2\xB7", " ", shades[1], shades[1], shades[2], shades[2], shades[3], shades[3],
	       shades[4], shades[4], max);
}

static void print_forecast(const struct stats *s, int64_t now, int rollover)
{
	int max = 0;

	for (int i = 0; i < FORECAST_DAYS; i++)
		if (s->forecast[i] > max)
			max = s->forecast[i];
	printf(_("Cards due in the next %d days:\n"), FORECAST_DAYS);
	for (int i = 0; i < FORECAST_DAYS; i++) {
		int64_t start = clock_day_start(now + (int64_t)i * DAY_MS, rollover);
		time_t t = (time_t)(start / 1000 + 12 * 3600);
		int len = max ? (s->forecast[i] * BAR_WIDTH + max - 1) / max : 0;
		struct tm tm;
		char when[32];

		localtime_r(&t, &tm);
		if (!strftime(when, sizeof(when), "%m-%d %a", &tm))
			when[0] = '\0';
		fputs("  ", stdout);
		put_cell(when, 10, true);
		printf(" %4d ", s->forecast[i]);
		for (int k = 0; k < len; k++)
			fputs("\xE2\x96\x88", stdout);
		putchar('\n');
	}
}

static void print_text(const struct stats *s, const struct sess_card *c, size_t n, int64_t now,
		       int rollover)
{
	struct buf b = BUF_INIT;

	printf(_("Cards: %d (new %d, learning %d, review %d; suspended %d)\n"), s->cards,
	       s->new_cards, s->learning, s->review, s->suspended);
	printf(_("Due now: %d   Reviews today: %d   All reviews: %d\n"), s->due_now,
	       s->reviews_today, s->reviews_total);
	for (int k = 0; k < 2; k++) {
		buf_reset(&b);
		if (s->ret_n[k])
			add_percent(&b, (double)s->ret_ok[k] / s->ret_n[k]);
		else
			buf_adds(&b, "-");
		printf(P_("Retention over %d days: %s (%d review)\n",
			  "Retention over %d days: %s (%d reviews)\n", s->ret_n[k]),
		       k ? 30 : 7, b.s, s->ret_n[k]);
	}
	printf(P_("Streak: %d day\n", "Streak: %d days\n", s->streak), s->streak);
	putchar('\n');
	print_heatmap(s, now, rollover);
	putchar('\n');
	print_forecast(s, now, rollover);
	putchar('\n');
	if (s->ndecks) {
		fputs("  ", stdout);
		put_cell(_("deck"), 36, true);
		putchar(' ');
		put_cell(_("cards"), 6, false);
		putchar(' ');
		put_cell(_("recall"), 8, false);
		if (s->exam) {
			putchar(' ');
			put_cell(_("at exam"), 8, false);
		}
		putchar('\n');
	}
	for (size_t i = 0; i < s->ndecks; i++) {
		const struct deck_stat *d = &s->decks[i];

		fputs("  ", stdout);
		put_cell(d->name, 36, true);
		printf(" %6d ", d->cards);
		buf_reset(&b);
		if (d->reviewed)
			add_percent(&b, d->recall_now);
		else
			buf_adds(&b, "-");
		put_cell(b.s, 8, false);
		if (s->exam) {
			buf_reset(&b);
			if (d->reviewed)
				add_percent(&b, d->recall_exam);
			else
				buf_adds(&b, "-");
			putchar(' ');
			put_cell(b.s, 8, false);
		}
		putchar('\n');
	}
	if (s->leeches) {
		printf(_("\nLeeches (suspended after too many lapses):\n"));
		for (size_t i = 0; i < n; i++) {
			char *clean;

			if (!c[i].leech)
				continue;
			buf_reset(&b);
			buf_addf(&b, "  %s \xC2\xB7 ", c[i].c.deck);
			buf_add(&b, c[i].c.front, strcspn(c[i].c.front, "\n"));
			clean = text_sanitize(b.s, b.len);
			printf("%s\n", clean);
			free(clean);
		}
	}
	buf_release(&b);
}

int cmd_stats(int argc, char **argv, struct app *app)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "deck", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct selection sel = { 0 };
	struct stats s;
	struct settings set;
	struct exam_info e;
	struct sess_card *cards = NULL;
	struct review_row *rows = NULL;
	struct store *st;
	size_t ncards = 0, nrows = 0;
	bool json = false;
	int c, ret = 0;

	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'D': sel.deck = optarg; break;
		case 'h': fputs(_(stats_usage), stdout); return 0;
		case ':': return usage_error("stats", _("option '%s' needs a value"), argv[optind - 1]);
		default:
			if (optopt)
				return usage_error("stats", _("unknown option '-%c'"), optopt);
			return usage_error("stats", _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error("stats", _("unexpected argument '%s'"), argv[optind]);
	if (store_open(app->db_path, STORE_READONLY, &st))
		return 1;
	memset(&s, 0, sizeof(s));
	settings_load(st, &set);
	if (exam_get(st, &e) == 1) {
		s.exam = e.at > app->now_ms;
		s.exam_at = e.at;
		exam_info_release(&e);
	}
	if (store_load_cards(st, &sel, &cards, &ncards) ||
	    store_review_log(st, sel.deck, 0, false, &rows, &nrows)) {
		ret = 1;
		goto out;
	}
	count_cards(&s, &set, cards, ncards, app->now_ms);
	count_reviews(&s, &set, rows, nrows, app->now_ms);
	if (json)
		print_json(&s);
	else
		print_text(&s, cards, ncards, app->now_ms, set.rollover);
out:
	free(s.decks);
	free(rows);
	sess_cards_free(cards, ncards);
	store_close(st);
	return ret;
}
