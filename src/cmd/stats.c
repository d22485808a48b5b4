/* stats.c - `dkquiz stats`: counts, retention, streak, a heatmap of the
 * reviews, a forecast of due cards, predicted recall per deck and tag,
 * leeches; a full-screen view on a terminal, else text or JSON.
 *
 * Three reads (the live cards with their state, the review log, the count
 * of retired cards) go through stats_compute() once, so the screen, the
 * text and the JSON always agree. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dkquiz/cmd.h"
#include "dkquiz/clock.h"
#include "dkquiz/exam.h"
#include "dkquiz/fsrs.h"
#include "dkquiz/i18n.h"
#include "dkquiz/json.h"
#include "dkquiz/session.h"
#include "dkquiz/settings.h"
#include "dkquiz/stats.h"
#include "dkquiz/store.h"
#include "dkquiz/text.h"
#include "dkquiz/ui.h"
#include "dkquiz/util.h"

#define BAR_WIDTH 40

static const char stats_usage[] = N_(
	"Usage: dkquiz stats [--json | --plain] [--deck NAME]\n"
	"Show the cards by state, reviews today, true retention over 7 and 30 days,\n"
	"the study streak, a heatmap of the last 90 days, the cards due in the\n"
	"next 30 days, the predicted recall of each deck and tag (now and at the\n"
	"exam), and the leeches. On a terminal this is a full-screen view (j/k and\n"
	"the page keys scroll, q quits); otherwise, or with --plain, it is text.\n\n"
	"      --json       one JSON object\n"
	"      --plain      text, even on a terminal\n"
	"      --deck NAME  only this deck and its subdecks\n"
	"  -h, --help       show this help\n");

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

static void json_groups(struct buf *b, bool *first, const char *key, const char *name_key,
			const struct stats_report *s, const struct stats_group *g, size_t n)
{
	json_add_key(b, first, key);
	buf_addch(b, '[');
	for (size_t i = 0; i < n; i++) {
		const struct stats_group *d = &g[i];
		bool f = true;

		buf_adds(b, i ? ",{" : "{");
		json_add_field_str(b, &f, name_key, d->name);
		json_add_field_int(b, &f, "cards", d->cards);
		json_add_field_int(b, &f, "new", d->new_cards);
		json_add_field_int(b, &f, "learning", d->learning);
		json_add_field_int(b, &f, "review", d->review);
		json_add_field_int(b, &f, "suspended", d->suspended);
		json_add_field_int(b, &f, "reviewed", d->reviewed);
		json_ratio(b, &f, "recall_now", (int)(d->recall_now * 1e6 + 0.5),
			   d->reviewed ? 1000000 : 0);
		if (s->exam)
			json_ratio(b, &f, "recall_exam", (int)(d->recall_exam * 1e6 + 0.5),
				   d->reviewed ? 1000000 : 0);
		buf_addch(b, '}');
	}
	buf_addch(b, ']');
}

static void print_json(const struct stats_report *s)
{
	struct buf b = BUF_INIT;
	bool first = true;

	buf_addch(&b, '{');
	json_add_field_int(&b, &first, "cards", s->cards);
	json_add_field_int(&b, &first, "new", s->new_cards);
	json_add_field_int(&b, &first, "learning", s->learning);
	json_add_field_int(&b, &first, "review", s->review);
	json_add_field_int(&b, &first, "suspended", s->suspended);
	json_add_field_int(&b, &first, "retired", s->retired);
	json_add_field_int(&b, &first, "due_now", s->due_now);
	json_add_field_int(&b, &first, "reviews_today", s->reviews_today);
	json_add_field_int(&b, &first, "reviews_total", s->reviews_total);
	json_ratio(&b, &first, "retention_7d", s->ret_ok[0], s->ret_n[0]);
	json_ratio(&b, &first, "retention_30d", s->ret_ok[1], s->ret_n[1]);
	json_add_field_int(&b, &first, "streak_days", s->streak);
	json_add_key(&b, &first, "forecast");
	buf_addch(&b, '[');
	for (int i = 0; i < STATS_FORECAST_DAYS; i++)
		buf_addf(&b, "%s%d", i ? "," : "", s->forecast[i]);
	buf_addch(&b, ']');
	json_add_key(&b, &first, "heatmap");
	buf_addch(&b, '[');
	for (int i = 0; i <= s->today_cell; i++)
		buf_addf(&b, "%s%d", i ? "," : "", s->heat[i]);
	buf_addch(&b, ']');
	json_add_field_int(&b, &first, "leeches", (long long)s->nleeches);
	json_add_key(&b, &first, "leech_cards");
	buf_addch(&b, '[');
	for (size_t i = 0; i < s->nleeches; i++) {
		bool f = true;

		buf_adds(&b, i ? ",{" : "{");
		json_add_field_int(&b, &f, "id", (long long)s->leeches[i].id);
		json_add_field_str(&b, &f, "deck", s->leeches[i].deck);
		json_add_field_str(&b, &f, "front", s->leeches[i].front);
		json_add_field_int(&b, &f, "lapses", s->leeches[i].lapses);
		json_add_key(&b, &f, "suspended");
		buf_adds(&b, s->leeches[i].suspended ? "true" : "false");
		buf_addch(&b, '}');
	}
	buf_addch(&b, ']');
	if (s->exam)
		json_add_field_int(&b, &first, "exam_at", (long long)s->exam_at);
	json_groups(&b, &first, "decks", "deck", s, s->decks, s->ndecks);
	json_groups(&b, &first, "tags", "tag", s, s->tags, s->ntags);
	buf_addch(&b, '}');
	puts(b.s);
	buf_release(&b);
}

static const char *const shades[] = { " ", "\xE2\x96\x91", "\xE2\x96\x92", "\xE2\x96\x93",
				      "\xE2\x96\x88" };

static void print_heatmap(const struct stats_report *s)
{
	printf(_("Reviews in the last %d weeks (each column a week, today last):\n"),
	       s->heat_weeks);
	for (int row = 0; row < 7; row++) {
		/* the weekday's name from the calendar, in the user's language */
		time_t t = (time_t)(stats_cell_time(s, row) / 1000);
		struct tm tm;
		char name[32];

		if (!localtime_r(&t, &tm) || !strftime(name, sizeof(name), "%a", &tm))
			name[0] = '\0';
		fputs("  ", stdout);
		put_cell(name, 4, true);
		for (int w = 0; w < s->heat_weeks; w++) {
			int cell = w * 7 + row, level;

			if (cell > s->today_cell) {
				fputs("  ", stdout);
				continue;
			}
			level = stats_heat_level(s->heat[cell], s->heat_max);
			/* an empty day still shows where the grid is */
			fputs(level ? shades[level] : "\xC2\xB7", stdout);
			fputs(shades[level], stdout);
		}
		putchar('\n');
	}
	printf(_("  (%s%s none  %s%s few  %s%s  %s%s  %s%s most: %d a day)\n"),
	       "\xC2\xB7", " ", shades[1], shades[1], shades[2], shades[2], shades[3], shades[3],
	       shades[4], shades[4], s->heat_max);
}

static void print_forecast(const struct stats_report *s)
{
	int max = 0;

	for (int i = 0; i < STATS_FORECAST_DAYS; i++)
		if (s->forecast[i] > max)
			max = s->forecast[i];
	printf(_("Cards due in the next %d days:\n"), STATS_FORECAST_DAYS);
	for (int i = 0; i < STATS_FORECAST_DAYS; i++) {
		int64_t start = clock_day_start(s->now + (int64_t)i * DAY_MS, s->rollover);
		time_t t = (time_t)(start / 1000 + 12 * 3600);
		int len = stats_bar_len(s->forecast[i], max, BAR_WIDTH);
		struct tm tm;
		char when[32];

		if (!localtime_r(&t, &tm) || !strftime(when, sizeof(when), "%m-%d %a", &tm))
			when[0] = '\0';
		fputs("  ", stdout);
		put_cell(when, 10, true);
		printf(" %4d ", s->forecast[i]);
		for (int k = 0; k < len; k++)
			fputs("\xE2\x96\x88", stdout);
		putchar('\n');
	}
}

static void print_groups(const struct stats_report *s, const char *title,
			 const struct stats_group *g, size_t n)
{
	struct buf b = BUF_INIT;

	if (!n)
		return;
	fputs("  ", stdout);
	put_cell(title, 36, true);
	putchar(' ');
	put_cell(_("cards"), 6, false);
	putchar(' ');
	put_cell(_("recall"), 8, false);
	if (s->exam) {
		putchar(' ');
		put_cell(_("at exam"), 8, false);
	}
	putchar('\n');
	for (size_t i = 0; i < n; i++) {
		const struct stats_group *d = &g[i];

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
	buf_release(&b);
}

static void print_text(const struct stats_report *s)
{
	struct buf b = BUF_INIT;

	printf(_("Cards: %d (new %d, learning %d, review %d; suspended %d; retired %d)\n"),
	       s->cards, s->new_cards, s->learning, s->review, s->suspended, s->retired);
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
	print_heatmap(s);
	putchar('\n');
	print_forecast(s);
	putchar('\n');
	print_groups(s, _("deck"), s->decks, s->ndecks);
	if (s->ntags) {
		putchar('\n');
		print_groups(s, _("tag"), s->tags, s->ntags);
	}
	if (s->nleeches) {
		printf(_("\nLeeches (cards that lapse again and again):\n"));
		for (size_t i = 0; i < s->nleeches; i++) {
			const struct stats_leech *l = &s->leeches[i];
			char *clean;

			buf_reset(&b);
			buf_addf(&b, "  %s \xC2\xB7 ", l->deck);
			buf_add(&b, l->front, strcspn(l->front, "\n"));
			buf_adds(&b, " \xC2\xB7 ");
			buf_addf(&b, P_("%d lapse", "%d lapses", l->lapses), l->lapses);
			clean = text_sanitize(b.s, b.len);
			printf("%s\n", clean);
			free(clean);
		}
	}
	buf_release(&b);
}

static int64_t fixed_now(void *ctx)
{
	return *(const int64_t *)ctx;
}

int cmd_stats(int argc, char **argv, struct app *app)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "plain", no_argument, NULL, 'p' },
		{ "deck", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct selection sel = { 0 };
	struct stats_report s;
	struct settings set;
	struct exam_info e;
	struct sess_card *cards = NULL;
	struct review_row *rows = NULL;
	struct store *st;
	size_t ncards = 0, nrows = 0;
	int64_t exam_at = 0;
	int retired = 0;
	bool json = false, plain = false;
	int c, r, ret = 0;

	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'p': plain = true; break;
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
	if (json && plain)
		return usage_error("stats", _("--json and --plain do not go together"));
	if (store_open(app->db_path, STORE_READONLY, &st))
		return 1;
	if (settings_load(st, &set) || (r = exam_get(st, &e)) < 0) {
		ret = 1;
		goto out;
	}
	if (r == 1) {
		exam_at = e.at;
		exam_info_release(&e);
	}
	if (store_load_cards(st, &sel, &cards, &ncards) ||
	    store_review_log(st, sel.deck, 0, false, &rows, &nrows) ||
	    store_count_retired(st, sel.deck, &retired)) {
		ret = 1;
		goto out;
	}
	stats_compute(&s, &set.fsrs, cards, ncards, rows, nrows, app->now_ms, set.rollover,
		      set.leech_lapses, exam_at);
	s.retired = retired;
	/* The data is read: the database is not needed while the screen is up. */
	store_close(st);
	st = NULL;
	if (json) {
		print_json(&s);
	} else if (plain || !isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		print_text(&s);
	} else {
		struct ui_source src = { .ctx = &app->now_ms, .rollover = set.rollover,
					 .now = fixed_now };
		struct ui_options uo = { .color = app->color, .deck = sel.deck,
					 .start_stats = true, .stats = &s };

		ret = ui_run(&src, &uo);
	}
	stats_report_release(&s);
out:
	free(rows);
	sess_cards_free(cards, ncards);
	if (st)
		store_close(st);
	return ret;
}
