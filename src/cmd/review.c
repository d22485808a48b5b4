/* review.c - `dkquiz review`: a session in the curses UI or in --plain line
 * mode, over the store.
 *
 * This file is the glue: it opens the store, imports the bundled deck on the
 * first run, builds the session from the settings and today's counts, and
 * hands it to a front end. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "browse.h"
#include "dkquiz/clock.h"
#include "dkquiz/cmd.h"
#include "dkquiz/exam.h"
#include "dkquiz/i18n.h"
#include "dkquiz/import.h"
#include "dkquiz/paths.h"
#include "dkquiz/plain.h"
#include "dkquiz/settings.h"
#include "dkquiz/setup.h"
#include "dkquiz/store.h"
#include "dkquiz/text.h"
#include "dkquiz/ui.h"
#include "dkquiz/util.h"

static const char review_usage[] = N_(
	"Usage: dkquiz review [OPTION]...\n"
	"Review the cards that are due: learning cards, then reviews (the weakest\n"
	"first), then today's new cards. Plain 'dkquiz' does the same.\n\n"
	"      --deck NAME    only this deck and its subdecks\n"
	"      --tag TAG      only cards with this tag (leech: the leeches)\n"
	"      --file PATH    only cards from this file\n"
	"      --cram         practise the selection without changing any schedule\n"
	"      --failed DAYS  with --cram: only cards answered Again in the last DAYS days\n"
	"                     (in reviews; Again in cram does not count)\n"
	"      --plain        line mode: no screen handling, one line of input per prompt\n"
	"  -h, --help         show this help\n");

struct review_ctx {
	struct app *app;
	struct store *st;
	struct settings set;
	struct selection sel;
	int mode;
	struct session_ops ops;   /* the store's, with the store as context */
	struct fsrs_params params; /* the session's: the settings' */
	struct fsrs_params exam_params; /* the exam plan's cards' (setup_exam_params) */
	char *exam_line;          /* cached with exam_today: building the plan is not free */
	struct exam_today exam_today;
	bool exam_line_valid;
	struct browse_src browse;
};

static int64_t ctx_now(void *p)
{
	struct review_ctx *rc = p;

	return rc->app->now_fixed ? rc->app->now_ms : clock_now_ms();
}

/* Wait for a learning card. A clock given with --now is the session's
 * own: it moves on to `t` at once. The real one is slept through. */
static void ctx_wait_until(void *p, int64_t t)
{
	struct review_ctx *rc = p;

	if (rc->app->now_fixed) {
		if (rc->app->now_ms < t)
			rc->app->now_ms = t;
		return;
	}
	for (int64_t now = clock_now_ms(); now < t; now = clock_now_ms()) {
		int64_t ms = t - now < 1000 ? t - now : 1000;
		struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };

		nanosleep(&ts, NULL);
	}
}

/* The first run: an empty database gets the bundled deck of the user's
 * language. */
static int first_run(struct review_ctx *rc)
{
	struct import_opts o = { .quiet = true };
	struct import_stats total;
	const char *lang = rc->app->lang ? rc->app->lang : paths_user_lang();
	char *dir, *sub;
	int ret;

	if ((ret = store_has_cards(rc->st)))
		return ret < 0 ? -1 : 0;
	if (!(dir = paths_content_dir())) {
		warning(_("no bundled deck found (set DKQUIZ_CONTENT); import your own files with 'dkquiz import'"));
		return 0;
	}
	sub = xasprintf("%s/%s", dir, lang);
	ret = import_paths(rc->st, &sub, 1, &o, ctx_now(rc), &total);
	if (ret == 0)
		fprintf(stderr, _("Imported the bundled %s deck: %d cards.\n"),
			strcmp(lang, "fr") == 0 ? _("French") : _("English"), total.new_cards);
	free(sub);
	free(dir);
	return ret;
}

/* The exam's plan, when one is set that this session's selection can
 * reach. Returns 1 with `pl` filled and *exam_deck set (to free), 0 when
 * no plan is followed, -1 on a store error. */
static int exam_plan_now(struct review_ctx *rc, const char *sel_deck, int64_t now,
			 struct plan *pl, char **exam_deck)
{
	struct exam_info e;
	int ret;

	*exam_deck = NULL;
	if ((ret = exam_get(rc->st, &e)) != 1)
		return ret;
	ret = 0;
	if (e.at > now && setup_exam_reaches(e.deck, sel_deck)) {
		ret = exam_plan(rc->st, &rc->set, &e, NULL, now, pl);
		ret = ret < 0 ? -1 : ret == 0;
	}
	if (ret == 1) {
		*exam_deck = e.deck;
		e.deck = NULL;
	}
	exam_info_release(&e);
	return ret;
}

/* Start a session over the selection (narrowed to `deck` when not NULL):
 * what the store says of today and of the exam, the cards, then the
 * set-up the exam simulation shares (setup.h). */
static struct session *start_session(void *p, const char *deck)
{
	struct review_ctx *rc = p;
	int64_t now = ctx_now(rc);
	int64_t day_start = clock_day_start(now, rc->set.rollover);
	struct selection sel = rc->sel;
	struct setup_in in = { .set = &rc->set, .mode = rc->mode, .now = now };
	struct setup_exam ex = { 0 };
	struct session_opts so = { 0 };
	struct note_seen *seen = NULL;
	struct sess_card *cards = NULL;
	struct plan pl = { 0 };
	struct session *s = NULL;
	char *exam_deck = NULL;
	size_t n;
	int planned = 0, rc_load;

	if (deck)
		sel.deck = deck;
	in.seed = (uint64_t)now ^ (uint64_t)getpid() << 32;
	if (store_count_since(rc->st, NULL, day_start, &in.new_today, &in.reviews_today))
		return NULL;
	if (rc->mode != REVIEW_CRAM) {
		if (store_notes_reviewed_since(rc->st, day_start, &seen, &in.nseen))
			return NULL;
		in.seen = seen;
		if ((planned = exam_plan_now(rc, sel.deck, now, &pl, &exam_deck)) < 0)
			goto out;
		if (planned) {
			struct selection in_exam = { .deck = exam_deck };
			int exam_new = 0, unused;

			/* today's new cards outside the exam count against new-per-day */
			if (store_count_since(rc->st, &in_exam, day_start, &exam_new, &unused))
				goto out;
			in.new_today -= exam_new;
			ex.deck = exam_deck;
			in.exam = &ex;
			in.pl = &pl;
		}
		sel.limit_new = true;
		sel.split_deck = planned ? exam_deck : NULL;
	}
	rc->exam_line_valid = false;
	rc->params = rc->set.fsrs;
	rc->ops = store_session_ops;
	rc->ops.ctx = rc->st;
	for (int round = 0;; round++) {
		size_t read[2] = { 0, 0 };

		/* Only the new cards the day can take are read, with some room:
		 * of the exam's deck and of the others apart, as each has its
		 * quota; more when the session could not fill a quota from
		 * them. */
		if (sel.limit_new) {
			setup_new_to_read(&in, round, &sel.new_limit, &sel.split_new_limit);
			if (planned && !exam_deck)   /* an exam on every deck: its cards only */
				sel.new_limit = sel.split_new_limit;
		}
		/* The session gets the cards it can reach today without their
		 * text, and reads each card's text when it shows it: a
		 * 100,000-card deck costs what today's cards cost. Under an
		 * exam plan, which moves some cards' due, the cards seen are
		 * all read and sorted out by the set-up. */
		memset(&so, 0, sizeof(so));
		rc_load = planned ? store_load_states(rc->st, &sel, &cards, &n)
				  : store_load_session(rc->st, &sel,
						       clock_next_day_start(now, rc->set.rollover),
						       &cards, &n, &so.later_due);
		if (rc_load)
			goto out;
		setup_session(&in, cards, &n, &so, &rc->exam_params);
		for (size_t i = 0; i < n; i++)
			if (cards[i].st.state == FSRS_NEW)
				read[cards[i].exam]++;
		s = session_new(&rc->params, cards, n, &so, &rc->ops, now);
		if (!sel.limit_new || !setup_read_more(&in, round, read[0], read[1], s))
			break;
		session_free(s);
		s = NULL;
	}
out:
	if (planned > 0)
		plan_release(&pl);
	free(exam_deck);
	note_seen_free(seen, in.nseen);
	return s;
}

/* The home screen's exam line and what the exam's plan asks of today,
 * built once until a session, an edit or a reset changes them. */
static void refresh_exam(struct review_ctx *rc)
{
	if (rc->exam_line_valid)
		return;
	free(rc->exam_line);
	exam_today_release(&rc->exam_today);
	rc->exam_line = exam_status_line(rc->st, &rc->set, ctx_now(rc), &rc->exam_today);
	rc->exam_line_valid = true;
}

/* The home screen's rows. Each deck's new count is what a review of it
 * would offer today: one card a note, within the quota that governs the
 * deck (the exam plan's share for the exam's decks, new-per-day less
 * today's for the others). */
static int list_decks(void *p, struct deck_count **out, size_t *n)
{
	struct review_ctx *rc = p;
	int64_t now = ctx_now(rc);
	int64_t day_start = clock_day_start(now, rc->set.rollover);
	const struct exam_today *et = &rc->exam_today;
	struct deck_info *d;
	size_t nd;
	int new_today = 0, reviews_today = 0, exam_new = 0, unused, left;

	refresh_exam(rc);
	if (store_count_since(rc->st, NULL, day_start, &new_today, &reviews_today))
		return -1;
	if (et->planned) {
		struct selection in_exam = { .deck = et->deck };

		if (store_count_since(rc->st, &in_exam, day_start, &exam_new, &unused))
			return -1;
		new_today -= exam_new;
	}
	if (store_decks(rc->st, now, clock_next_day_start(now, rc->set.rollover), &d, &nd))
		return -1;
	left = rc->set.new_per_day > new_today ? rc->set.new_per_day - new_today : 0;
	*out = xcalloc(nd ? nd : 1, sizeof(**out));
	*n = 0;
	for (size_t i = 0; i < nd; i++) {
		struct deck_count *c;
		int quota = et->planned && setup_deck_in(d[i].name, et->deck) ? et->new_quota : left;

		if (d[i].total == d[i].retired)
			continue;
		c = &(*out)[(*n)++];
		c->name = d[i].name;
		d[i].name = NULL;
		c->total = d[i].total - d[i].retired;
		c->new_cards = d[i].new_notes < quota ? d[i].new_notes : quota;
		c->learning = d[i].learning;
		c->due = d[i].due;
	}
	deck_info_free(d, nd);
	return 0;
}

static char *exam_line(void *p)
{
	struct review_ctx *rc = p;

	refresh_exam(rc);
	return rc->exam_line ? xstrdup(rc->exam_line) : NULL;
}

/* Run the editor on the card's file at its line, then re-import the file. */
static int edit_card(void *p, struct session *s, struct sess_card *c)
{
	struct review_ctx *rc = p;
	const char *editor = getenv("VISUAL");
	struct import_opts o = { .quiet = true };
	struct import_stats total;
	char *cmd, *quoted;
	struct buf q = BUF_INIT;
	int status;

	(void)s;
	if (!editor || !*editor)
		editor = getenv("EDITOR");
	if (!editor || !*editor)
		editor = "vi";
	if (!*c->c.file)
		return error(_("this card has no source file"));
	/* Single-quote the path for the shell. */
	buf_addch(&q, '\'');
	for (const char *f = c->c.file; *f; f++) {
		if (*f == '\'')
			buf_adds(&q, "'\\''");
		else
			buf_addch(&q, *f);
	}
	buf_addch(&q, '\'');
	quoted = buf_detach(&q);
	cmd = xasprintf("%s +%d %s", editor, c->c.line, quoted);
	status = system(cmd);
	free(cmd);
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		free(quoted);
		return error(_("the editor failed"));
	}
	free(quoted);
	if (import_paths(rc->st, &c->c.file, 1, &o, ctx_now(rc), &total))
		return -1;
	rc->exam_line_valid = false;
	return store_reload_card(rc->st, c);
}

static int ctx_browse(void *p, const char *deck, const struct card_query *q,
		      const struct sess_card ***out, size_t *n)
{
	return browse_list(&((struct review_ctx *)p)->browse, deck, q, out, n);
}

static int ctx_history(void *p, int64_t card_id, struct ui_review **out, size_t *n)
{
	return browse_history(&((struct review_ctx *)p)->browse, card_id, out, n);
}

static double ctx_recall(void *p, const struct sess_card *c, int64_t now)
{
	return browse_recall(&((struct review_ctx *)p)->browse, c, now);
}

static int ctx_set_suspended(void *p, int64_t card_id, bool on)
{
	struct review_ctx *rc = p;

	rc->exam_line_valid = false;
	return browse_set_suspended(&rc->browse, card_id, on);
}

static int ctx_reset(void *p, int64_t card_id)
{
	struct review_ctx *rc = p;

	rc->exam_line_valid = false;
	return browse_reset(&rc->browse, card_id);
}

static int64_t ctx_exam_at(void *p)
{
	struct review_ctx *rc = p;
	struct exam_info e;
	int64_t at = 0;

	if (exam_get(rc->st, &e) == 1) {
		at = e.at;
		exam_info_release(&e);
	}
	return at;
}

static int run_ui(struct review_ctx *rc, const struct ui_options *uo)
{
	struct ui_source src = {
		.ctx = rc, .rollover = rc->set.rollover, .now = ctx_now, .decks = list_decks,
		.exam_line = exam_line, .start = start_session, .edit = edit_card,
		.browse = ctx_browse, .history = ctx_history, .recall = ctx_recall,
		.set_suspended = ctx_set_suspended, .reset = ctx_reset, .exam_at = ctx_exam_at,
	};
	int ret;

	rc->browse.st = rc->st;
	rc->browse.fsrs = &rc->set.fsrs;
	rc->browse.now = ctx_now;
	rc->browse.now_ctx = rc;
	ret = ui_run(&src, uo);
	browse_src_release(&rc->browse);
	return ret;
}

int review_open_ui(struct app *app, const struct ui_options *uo)
{
	struct review_ctx rc = { .app = app };
	int ret = 1;

	if (store_open(app->db_path, STORE_CREATE, &rc.st))
		return 1;
	store_small_writes(rc.st);
	if (!settings_load(rc.st, &rc.set) && !first_run(&rc))
		ret = run_ui(&rc, uo);
	free(rc.exam_line);
	exam_today_release(&rc.exam_today);
	store_close(rc.st);
	return ret;
}

int cmd_review(int argc, char **argv, struct app *app)
{
	static const struct option opts[] = {
		{ "deck", required_argument, NULL, 'D' },
		{ "tag", required_argument, NULL, 'T' },
		{ "file", required_argument, NULL, 'F' },
		{ "cram", no_argument, NULL, 'c' },
		{ "failed", required_argument, NULL, 'f' },
		{ "plain", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct review_ctx rc = { .app = app };
	bool plain = false;
	char *file_abs = NULL;
	int c, ret = 1;

	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'D': rc.sel.deck = optarg; break;
		case 'T': rc.sel.tag = optarg; break;
		case 'F': free(file_abs); file_abs = paths_absolute(optarg); rc.sel.file = file_abs; break;
		case 'c': rc.mode = REVIEW_CRAM; break;
		case 'f': {
			char *end;
			long days = strtol(optarg, &end, 10);

			if (*end || days < 1 || days > 3650) {
				free(file_abs);
				return usage_error("review", _("--failed takes a number of days"));
			}
			rc.sel.failed_since = true;
			rc.sel.since_ms = app->now_ms - days * DAY_MS;
			break;
		}
		case 'p': plain = true; break;
		case 'h': fputs(_(review_usage), stdout); free(file_abs); return 0;
		case ':':
			free(file_abs);
			return usage_error("review", _("option '%s' needs a value"), argv[optind - 1]);
		default:
			free(file_abs);
			return usage_error("review", _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (optind < argc) {
		free(file_abs);
		return usage_error("review", _("unexpected argument '%s'"), argv[optind]);
	}
	if (rc.sel.failed_since && rc.mode != REVIEW_CRAM) {
		free(file_abs);
		return usage_error("review", _("--failed goes with --cram"));
	}
	if (store_open(app->db_path, STORE_CREATE, &rc.st))
		goto out;
	store_small_writes(rc.st);
	if (settings_load(rc.st, &rc.set) || first_run(&rc))
		goto out;
	/* No terminal on both ends, or one that cannot move its cursor: the
	 * line mode is the only one that works. */
	if (!plain && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO) ||
		       ui_term_check() == UI_TERM_DUMB))
		plain = true;
	if (plain) {
		struct session *s = start_session(&rc, NULL);

		if (!s)
			goto out;
		ret = plain_run(s, stdin, stdout, ctx_now, ctx_wait_until, &rc, rc.set.rollover);
		session_free(s);
	} else {
		struct ui_options uo = {
			.color = app->color,
			.start_review = rc.sel.deck || rc.sel.tag || rc.sel.file || rc.mode == REVIEW_CRAM,
			.deck = rc.sel.deck,
		};

		ret = run_ui(&rc, &uo);
	}
out:
	free(rc.exam_line);
	exam_today_release(&rc.exam_today);
	store_close(rc.st);
	free(file_abs);
	return ret;
}
