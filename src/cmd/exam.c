/* exam.c - `dkquiz exam`: record the exam date, show readiness and the plan.
 *
 * The exam is three rows of the settings table (see exam.h); the readiness
 * and the plan are computed on every run from the cards' current state, so
 * nothing derived is ever stale in the database.
 */
#include <ctype.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dkquiz/clock.h"
#include "dkquiz/cmd.h"
#include "dkquiz/exam.h"
#include "dkquiz/i18n.h"
#include "dkquiz/json.h"
#include "dkquiz/planner.h"
#include "dkquiz/settings.h"
#include "dkquiz/setup.h"
#include "dkquiz/store.h"
#include "dkquiz/text.h"
#include "dkquiz/util.h"

#define KEY_AT "exam.at"
#define KEY_MINUTES "exam.minutes"
#define KEY_DECK "exam.deck"
#define MAX_MINUTES 1440
/* A long plan shows its first two weeks and its last week. */
#define TABLE_FULL 21
#define TABLE_HEAD 14
#define TABLE_TAIL 7
#define NAME_COLS 40

static const char exam_usage[] = N_(
	"Usage: dkquiz exam [--deck DECK] [--json]\n"
	"       dkquiz exam --date YYYY-MM-DD [--time HH:MM] [--minutes-per-day N]\n"
	"                   [--deck DECK]\n"
	"       dkquiz exam --clear\n"
	"Record the date of an exam and show how ready you are: the predicted\n"
	"recall at the exam for the whole selection, per deck and per tag, the\n"
	"cards never seen, and the work planned for each day until then.\n\n"
	"      --date DATE           the day of the exam (local time)\n"
	"      --time HH:MM          the time it starts (default 09:00)\n"
	"      --minutes-per-day N   the time you can spend each day (0: no limit)\n"
	"      --deck DECK           the deck the exam covers (with its subdecks);\n"
	"                            without --date: show readiness for DECK only\n"
	"      --clear               forget the exam\n"
	"      --json                print the readiness and the plan as JSON\n"
	"  -h, --help                show this help\n");

/* ---- the record ---- */

static int parse_int64(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (!s || !isdigit((unsigned char)*s))
		return -1;
	v = strtoll(s, &end, 10);
	if (*end)
		return -1;
	*out = v;
	return 0;
}

int exam_get(struct store *st, struct exam_info *e)
{
	char *at, *min;
	int64_t v;

	memset(e, 0, sizeof(*e));
	if (store_read_setting(st, KEY_AT, &at))
		return -1;
	if (!at)
		return 0;
	if (parse_int64(at, &v)) {
		free(at);
		return error(_("the recorded exam date is damaged; set it again with 'dkquiz exam --date'"));
	}
	free(at);
	e->at = v;
	min = store_get_setting(st, KEY_MINUTES);
	if (min && !parse_int64(min, &v) && v <= MAX_MINUTES)
		e->minutes = (int)v;
	free(min);
	e->deck = store_get_setting(st, KEY_DECK);
	if (e->deck && !*e->deck) {
		free(e->deck);
		e->deck = NULL;
	}
	return 1;
}

void exam_info_release(struct exam_info *e)
{
	free(e->deck);
	memset(e, 0, sizeof(*e));
}

int exam_plan(struct store *st, const struct settings *set, const struct exam_info *e,
	      const char *deck, int64_t now, struct plan *pl)
{
	struct selection sel = { 0 };
	struct sess_card *cards;
	struct setup_exam ex = { 0 };
	size_t n;
	int reviews = 0, ret;

	memset(pl, 0, sizeof(*pl));
	if (e->at <= now)
		return 1;
	ex.at = e->at;
	ex.minutes_per_day = e->minutes;
	ex.deck = sel.deck = deck ? deck : e->deck;
	/* The plan needs the states, decks and tags, not the text; the new
	 * cards of its deck already seen today count against today's share;
	 * the budget is in minutes, so it plans with this student's pace. */
	ex.new_secs = PLANNER_NEW_SECS;
	ex.review_secs = PLANNER_REVIEW_SECS;
	if (store_count_since(st, &sel, clock_day_start(now, set->rollover), &ex.new_today, &reviews) ||
	    store_answer_seconds(st, now, &ex.new_secs, &ex.review_secs) ||
	    store_load_states(st, &sel, &cards, &n))
		return -1;
	ret = setup_exam_plan(set, &ex, cards, n, now, pl);
	sess_cards_free(cards, n);
	return ret;
}

static int percent(double r)
{
	return (int)lround(r * 100);
}

char *exam_status_line(struct store *st, const struct settings *set, int64_t now,
		       struct exam_today *today)
{
	struct exam_info e;
	struct plan pl;
	char when[32], *line;

	if (today)
		memset(today, 0, sizeof(*today));
	if (exam_get(st, &e) != 1)
		return NULL;
	if (exam_plan(st, set, &e, NULL, now, &pl)) {
		exam_info_release(&e);
		return NULL;
	}
	if (today) {
		today->planned = true;
		today->new_quota = planner_new_quota(&pl) > 0 ? planner_new_quota(&pl) : 0;
		today->deck = e.deck;
		e.deck = NULL;
	}
	clock_format(e.at, when);
	line = xasprintf(_("Exam %s: %d days left, recall %d%% now, %d%% with the plan; "
			   "new cards today: %d"),
			 when, pl.days_left, percent(pl.recall), percent(pl.projected),
			 planner_new_quota(&pl));
	plan_release(&pl);
	exam_info_release(&e);
	return line;
}

void exam_today_release(struct exam_today *today)
{
	free(today->deck);
	memset(today, 0, sizeof(*today));
}

/* ---- setting the exam ---- */

/* "YYYY-MM-DD" and "HH:MM" to an instant in local time; -1 for a malformed
 * or impossible date (2026-02-30, a time skipped by a DST change). */
static int parse_exam_time(const char *date, const char *time, int64_t *at)
{
	static const char dpat[] = "dddd-dd-dd", tpat[] = "dd:dd";
	char text[32], back[32];

	if (strlen(date) != strlen(dpat) || strlen(time) != strlen(tpat))
		return -1;
	for (size_t i = 0; dpat[i]; i++)
		if (dpat[i] == 'd' ? !isdigit((unsigned char)date[i]) : date[i] != dpat[i])
			return -1;
	for (size_t i = 0; tpat[i]; i++)
		if (tpat[i] == 'd' ? !isdigit((unsigned char)time[i]) : time[i] != tpat[i])
			return -1;
	snprintf(text, sizeof(text), "%sT%s", date, time);
	if (clock_parse(text, at))
		return -1;
	/* clock_parse takes 2026-02-30 as March 2nd: the round trip tells. */
	clock_format(*at, back);
	snprintf(text, sizeof(text), "%s %s", date, time);
	return strcmp(text, back) ? -1 : 0;
}

static int save(struct store *st, const char *key, const char *value)
{
	return store_set_setting(st, key, value);
}

/* ---- showing readiness ---- */

/* Fixed-point text without the locale: "0.4213" even under fr_FR, where
 * printf would write a comma and break the JSON. */
static void add_fixed4(struct buf *b, double v)
{
	long long x = llround(v * 10000);

	if (x < 0) {
		buf_addch(b, '-');
		x = -x;
	}
	buf_addf(b, "%lld.%04lld", x / 10000, x % 10000);
}

static void day_date(int64_t start, char out[32])
{
	clock_format(start, out);
	out[10] = '\0'; /* the date; the time is the rollover */
}

static int day_minutes(const struct plan_day *d)
{
	return (int)ceil(d->seconds / 60 - 1e-9);
}

static void json_groups(struct buf *b, bool *first, const char *key, const struct plan_group *g,
			size_t n)
{
	json_add_key(b, first, key);
	buf_addch(b, '[');
	for (size_t i = 0; i < n; i++) {
		bool f = true;

		if (i)
			buf_addch(b, ',');
		buf_addch(b, '{');
		json_add_field_str(b, &f, "name", g[i].name);
		json_add_field_int(b, &f, "cards", (long long)g[i].cards);
		json_add_field_int(b, &f, "unseen", (long long)g[i].unseen);
		json_add_key(b, &f, "recall");
		add_fixed4(b, g[i].recall);
		json_add_key(b, &f, "projected");
		add_fixed4(b, g[i].projected);
		buf_addch(b, '}');
	}
	buf_addch(b, ']');
}

static void print_json(const struct exam_info *e, const char *deck, const struct plan *pl)
{
	struct buf b = BUF_INIT;
	bool first = true;
	char when[32], *clean;

	clock_format(e->at, when);
	buf_addch(&b, '{');
	json_add_field_int(&b, &first, "exam_at", (long long)e->at);
	json_add_field_str(&b, &first, "exam", when);
	json_add_field_int(&b, &first, "days_left", pl->days_left);
	json_add_field_str(&b, &first, "deck", deck);
	json_add_field_int(&b, &first, "minutes_per_day", e->minutes);
	json_add_field_int(&b, &first, "cards", (long long)pl->ncards);
	json_add_field_int(&b, &first, "unseen", (long long)pl->unseen);
	json_add_field_int(&b, &first, "suspended", (long long)pl->suspended);
	json_add_key(&b, &first, "recall");
	add_fixed4(&b, pl->recall);
	json_add_key(&b, &first, "projected");
	add_fixed4(&b, pl->projected);
	json_add_field_int(&b, &first, "new_left", (long long)pl->new_left);
	json_add_field_int(&b, &first, "new_today", planner_new_quota(pl));
	json_groups(&b, &first, "decks", pl->decks, pl->ndecks);
	json_groups(&b, &first, "tags", pl->tags, pl->ntags);
	json_add_key(&b, &first, "days");
	buf_addch(&b, '[');
	for (size_t i = 0; i < pl->ndays; i++) {
		const struct plan_day *d = &pl->days[i];
		bool f = true;
		char date[32];

		day_date(d->start, date);
		if (i)
			buf_addch(&b, ',');
		buf_addch(&b, '{');
		json_add_field_str(&b, &f, "date", date);
		json_add_field_int(&b, &f, "new", d->new_cards);
		json_add_field_int(&b, &f, "reviews", d->reviews);
		json_add_field_int(&b, &f, "last_reviews", d->last_reviews);
		json_add_field_int(&b, &f, "backlog", d->backlog);
		json_add_field_int(&b, &f, "minutes", day_minutes(d));
		buf_addch(&b, '}');
	}
	buf_adds(&b, "]}");
	clean = text_sanitize(b.s, b.len);
	puts(clean);
	free(clean);
	buf_release(&b);
}

/* A name from a user file, sanitised and cut or padded to `cols` columns. */
static void put_name(const char *name, size_t cols)
{
	put_cell(name, cols, true);
}

static void print_groups(const char *title, const struct plan_group *g, size_t n)
{
	size_t cols = text_width(title, strlen(title));

	if (!n)
		return;
	for (size_t i = 0; i < n; i++) {
		char *c = text_sanitize(g[i].name, strlen(g[i].name));
		size_t w = text_width(c, strlen(c));

		if (w > cols)
			cols = w;
		free(c);
	}
	if (cols > NAME_COLS)
		cols = NAME_COLS;
	putchar('\n');
	put_name(title, cols);
	putchar(' ');
	put_cell(_("cards"), 6, false);
	putchar(' ');
	put_cell(_("unseen"), 7, false);
	putchar(' ');
	put_cell(_("recall"), 7, false);
	putchar(' ');
	put_cell(_("planned"), 8, false);
	putchar('\n');
	for (size_t i = 0; i < n; i++) {
		put_name(g[i].name, cols);
		printf(" %6zu %7zu %6d%% %7d%%\n", g[i].cards, g[i].unseen, percent(g[i].recall),
		       percent(g[i].projected));
	}
}

static void print_day(const struct plan_day *d)
{
	char date[32];

	day_date(d->start, date);
	printf("%-12s %5d %8d %8d\n", date, d->new_cards, d->reviews + d->last_reviews,
	       day_minutes(d));
}

static void print_plan(const struct exam_info *e, const struct plan *pl)
{
	int backlog = 0;

	putchar('\n');
	if (e->minutes > 0)
		printf(P_("Plan, at most %d minute a day:\n", "Plan, at most %d minutes a day:\n",
			  (unsigned long)e->minutes), e->minutes);
	else
		printf(_("Plan, with no daily limit:\n"));
	put_cell(_("date"), 12, true);
	putchar(' ');
	put_cell(_("new"), 5, false);
	putchar(' ');
	put_cell(_("reviews"), 8, false);
	putchar(' ');
	put_cell(_("minutes"), 8, false);
	putchar('\n');
	for (size_t i = 0; i < pl->ndays; i++) {
		backlog = pl->days[i].backlog;
		if (pl->ndays > TABLE_FULL && i >= TABLE_HEAD && i < pl->ndays - TABLE_TAIL) {
			struct plan_day sum = { 0 };
			size_t k = i;

			for (; k < pl->ndays - TABLE_TAIL; k++) {
				sum.new_cards += pl->days[k].new_cards;
				sum.reviews += pl->days[k].reviews + pl->days[k].last_reviews;
				sum.seconds += pl->days[k].seconds;
			}
			int minutes = (int)ceil(sum.seconds / 60 - 1e-9);

			printf(P_("... %zu more day: ", "... %zu more days: ", k - i), k - i);
			printf(P_("%d new", "%d new", sum.new_cards), sum.new_cards);
			fputs(", ", stdout);
			printf(P_("%d review", "%d reviews", sum.reviews), sum.reviews);
			fputs(", ", stdout);
			printf(P_("%d minute\n", "%d minutes\n", minutes), minutes);
			i = k - 1;
			continue;
		}
		print_day(&pl->days[i]);
	}
	if (pl->new_left)
		printf(_("\nAt this pace %zu new cards will not be seen before the exam: allow more "
			 "minutes a day (--minutes-per-day).\n"), pl->new_left);
	else if (backlog)
		printf(_("\nAt this pace %d due reviews will be left over on the last day.\n"), backlog);
}

static void print_text(const struct exam_info *e, const char *deck, const struct plan *pl)
{
	char when[32];

	clock_format(e->at, when);
	if (pl->days_left == 0)
		printf(_("Exam: %s (today)"), when);
	else
		printf(P_("Exam: %s (in %d day)", "Exam: %s (in %d days)", (unsigned long)pl->days_left),
		       when, pl->days_left);
	if (deck) {
		fputs(_(", deck "), stdout);
		{
			char *c = text_sanitize(deck, strlen(deck));

			fputs(c, stdout);
			free(c);
		}
	}
	putchar('\n');
	if (!pl->ncards && deck) {
		char *c = text_sanitize(deck, strlen(deck));

		printf(_("The deck %s has no cards (see 'dkquiz decks').\n"), c);
		free(c);
		return;
	}
	if (!pl->ncards) {
		printf(_("No cards to revise: import some with 'dkquiz import FILE'.\n"));
		return;
	}
	printf(_("Predicted recall at the exam: %d%% now, %d%% if you follow the plan.\n"),
	       percent(pl->recall), percent(pl->projected));
	printf(_("Cards: %zu, never seen: %zu"), pl->ncards, pl->unseen);
	if (pl->suspended)
		printf(_(", suspended: %zu"), pl->suspended);
	putchar('\n');
	print_groups(_("deck"), pl->decks, pl->ndecks);
	print_groups(_("tag"), pl->tags, pl->ntags);
	print_plan(e, pl);
}

static int show(struct store *st, const char *deck_opt, bool json, int64_t now)
{
	struct settings set;
	struct exam_info e;
	struct plan pl;
	char when[32];
	int r = st ? exam_get(st, &e) : 0;

	if (r < 0)
		return 1;
	if (r == 0) {
		if (json)
			puts("{\"exam\":null}");
		else
			printf(_("No exam date set. Set one with 'dkquiz exam --date YYYY-MM-DD'.\n"));
		return 0;
	}
	clock_format(e.at, when);
	if (e.at <= now) {
		if (json)
			printf("{\"exam_at\":%lld,\"exam\":\"%s\",\"passed\":true}\n", (long long)e.at, when);
		else
			printf(_("The exam of %s has passed. Set a new date with --date, or forget it "
				 "with --clear.\n"), when);
		exam_info_release(&e);
		return 0;
	}
	settings_load(st, &set);
	r = exam_plan(st, &set, &e, deck_opt, now, &pl);
	if (r < 0) {
		exam_info_release(&e);
		return 1;
	}
	if (r > 0) {
		/* planner_build refuses only what --date refuses: a date too far */
		error(_("the exam of %s is too far away to plan (more than %d days)"), when,
		      PLANNER_MAX_DAYS);
		exam_info_release(&e);
		return 1;
	}
	if (json)
		print_json(&e, deck_opt ? deck_opt : e.deck, &pl);
	else
		print_text(&e, deck_opt ? deck_opt : e.deck, &pl);
	plan_release(&pl);
	exam_info_release(&e);
	return 0;
}

/* ---- the command ---- */

int cmd_exam(int argc, char **argv, struct app *app)
{
	enum { OPT_DATE = 256, OPT_TIME, OPT_MINUTES, OPT_DECK, OPT_CLEAR, OPT_JSON };
	static const struct option opts[] = {
		{ "date", required_argument, NULL, OPT_DATE },
		{ "time", required_argument, NULL, OPT_TIME },
		{ "minutes-per-day", required_argument, NULL, OPT_MINUTES },
		{ "deck", required_argument, NULL, OPT_DECK },
		{ "clear", no_argument, NULL, OPT_CLEAR },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *date = NULL, *time = NULL, *minutes = NULL, *deck = NULL;
	bool clear = false, json = false, setting;
	struct store *st;
	int c, ret = 0, mins = 0;
	int64_t at = 0;

	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_DATE: date = optarg; break;
		case OPT_TIME: time = optarg; break;
		case OPT_MINUTES: minutes = optarg; break;
		case OPT_DECK: deck = optarg; break;
		case OPT_CLEAR: clear = true; break;
		case OPT_JSON: json = true; break;
		case 'h': fputs(_(exam_usage), stdout); return 0;
		case ':':
			return usage_error("exam", _("option '%s' needs a value"), argv[optind - 1]);
		default:
			return usage_error("exam", _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error("exam", _("unexpected argument '%s'"), argv[optind]);
	if (clear && (date || time || minutes || deck || json))
		return usage_error("exam", _("--clear takes no other option"));
	if (time && !date)
		return usage_error("exam", _("--time needs --date"));
	if (minutes) {
		int64_t v;

		if (parse_int64(minutes, &v) || v > MAX_MINUTES)
			return usage_error("exam", _("--minutes-per-day must be a whole number between 0 and %d"),
					   MAX_MINUTES);
		mins = (int)v;
	}
	if (date) {
		char when[32];

		if (parse_exam_time(date, time ? time : "09:00", &at))
			return usage_error("exam", _("invalid date or time '%s%s%s' (YYYY-MM-DD and HH:MM)"),
					   date, time ? " " : "", time ? time : "");
		clock_format(at, when);
		if (at <= app->now_ms) {
			error(_("the exam date %s is in the past"), when);
			return 1;
		}
		if (at - app->now_ms > (int64_t)PLANNER_MAX_DAYS * DAY_MS) {
			error(_("the exam date %s is more than %d days away"), when, PLANNER_MAX_DAYS);
			return 1;
		}
	}
	/* --deck alone only narrows what is shown; with --date or
	 * --minutes-per-day it is recorded. */
	setting = clear || date || minutes;

	if (!setting) {
		struct stat sb;

		/* No database yet: no exam either, and nothing to create. */
		if (stat(app->db_path, &sb) != 0)
			return show(NULL, deck, json, app->now_ms);
		if (store_open(app->db_path, STORE_READONLY, &st))
			return 1;
		ret = show(st, deck, json, app->now_ms);
		store_close(st);
		return ret;
	}

	if (store_open(app->db_path, STORE_CREATE, &st))
		return 1;
	if (clear) {
		if (save(st, KEY_AT, NULL) || save(st, KEY_MINUTES, NULL) || save(st, KEY_DECK, NULL))
			ret = 1;
		else
			printf(_("Exam date removed.\n"));
		store_close(st);
		return ret;
	}
	if (!date) {
		struct exam_info e;
		int r = exam_get(st, &e);

		exam_info_release(&e);
		if (r <= 0) {
			if (r == 0)
				error(_("no exam date set; give one with --date YYYY-MM-DD"));
			store_close(st);
			return 1;
		}
	} else {
		char *v = xasprintf("%lld", (long long)at);

		/* A new date keeps the budget and the deck unless given. */
		ret = save(st, KEY_AT, v);
		free(v);
	}
	if (!ret && minutes) {
		char *v = xasprintf("%d", mins);

		ret = save(st, KEY_MINUTES, mins ? v : NULL);
		free(v);
	}
	if (!ret && deck)
		ret = save(st, KEY_DECK, *deck ? deck : NULL);
	if (!ret)
		ret = show(st, NULL, json, app->now_ms);
	else
		ret = 1;
	store_close(st);
	return ret;
}
