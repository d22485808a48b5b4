/* browse.c - the browse screen (the cards, narrowed by a query of words and
 * filters, query.h) and the card screen it opens (the card, its history,
 * its recall now and at the exam, its next due date; suspend, reset, edit).
 *
 * The cards belong to the source (ui_source.browse); the screens hold
 * pointers to them, and the source refreshes them in place, so a change
 * made in the card screen shows in the list when it comes back (the list
 * reads its cards again then: a filter may no longer hold the card).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dkquiz/clock.h"
#include "dkquiz/i18n.h"
#include "dkquiz/query.h"
#include "dkquiz/text.h"
#include "dkquiz/util.h"
#include "ui_int.h"

struct browse {
	char *deck;
	char *query;
	int filter;            /* the f filter: index of card_query_flag_at(), -1 none */
	const struct sess_card **cards;
	size_t n, sel;
	bool failed;
	bool stale;            /* a card screen was open: read the cards again */
	char *problem;         /* what is wrong with the query, or NULL */
	bool editing;          /* the query line takes the keys */
	struct editor ed;      /* the query being typed */
};

static void browse_load(struct ui *ui, struct browse *b)
{
	int64_t keep = b->n ? b->cards[b->sel]->id : -1;
	struct card_query q;
	char *err;

	free(b->cards);
	b->cards = NULL;
	b->n = 0;
	b->failed = false;
	b->stale = false;
	free(b->problem);
	b->problem = NULL;
	if (card_query_parse(b->query, &q, &err)) {
		b->problem = err;
	} else {
		q.flags |= card_query_flag_at(b->filter);
		b->failed = !ui->src->browse ||
			    ui->src->browse(ui->src->ctx, b->deck, &q, &b->cards, &b->n) < 0;
		card_query_release(&q);
	}
	if (b->failed)
		ui->failed = true;
	if (b->failed || b->problem) {
		b->cards = NULL;
		b->n = 0;
	}
	/* Stay on the same card when it is still listed. */
	for (size_t i = 0; i < b->n; i++)
		if (b->cards[i]->id == keep)
			b->sel = i;
	if (b->sel >= b->n)
		b->sel = b->n ? b->n - 1 : 0;
}

static void *browse_open(struct ui *ui, void *arg)
{
	const struct ui_browse_arg *a = arg;
	struct browse *b = xcalloc(1, sizeof(*b));

	editor_init(&b->ed, false);
	b->filter = -1;
	if (a && a->deck)
		b->deck = xstrdup(a->deck);
	if (a && a->query && *a->query)
		b->query = xstrdup(a->query);
	b->editing = a && a->search;
	browse_load(ui, b);
	return b;
}

/* The first line of a card's question, as plain text. */
static char *first_line(const char *md)
{
	char *t = render_plain(md ? md : "", 0);
	char *p = t;

	while (*p == '\n' || *p == ' ')
		p++;
	p[strcspn(p, "\n")] = '\0';
	memmove(t, p, strlen(p) + 1);
	return t;
}

/* The marks before a card in the list: R retired or S suspended, then L
 * for a leech. */
static void put_marks(struct ui *ui, int y, const struct sess_card *c, unsigned a)
{
	if (c->retired)
		ui_put(ui, y, 0, "R", a | UA_NOTICE);
	else if (c->suspended)
		ui_put(ui, y, 0, "S", a | UA_NOTICE);
	if (c->leech)
		ui_put(ui, y, 1, "L", a | UA_WRONG);
}

static void browse_draw(struct ui *ui, void *st)
{
	struct browse *b = st;
	int y = 0, deckw = ui->cols / 4;
	char *s;

	if (b->stale)
		browse_load(ui, b);
	ui_put(ui, y, 1, _("dkquiz — browse"), UA_TITLE);
	{
		int x = ui->cols / 2 - 10;

		if (b->deck) {
			x = ui_put(ui, y, x, _("Deck: "), UA_DIM);
			x = ui_put(ui, y, x, b->deck, 0) + 2;
		}
		if (b->filter >= 0) {
			x = ui_put(ui, y, x, _("Filter: "), UA_DIM);
			x = ui_put(ui, y, x, "is:", UA_KEY);
			ui_put(ui, y, x, card_query_flag_name(card_query_flag_at(b->filter)), UA_KEY);
		}
	}
	y++;
	{
		int x = ui_put(ui, y, 1, _("Search: "), UA_DIM);
		if (b->editing) {
			editor_draw(ui, &b->ed, 0, y, x, ui->cols - 1, true);
		} else {
			ui_put(ui, y, x, b->query ? b->query : _("(all cards)"), b->query ? RA_CODE : UA_DIM);
		}
	}
	y++;
	s = xasprintf(P_("%zu card", "%zu cards", b->n), b->n);
	ui_put(ui, y, 1, s, UA_DIM);
	free(s);
	y += 2;

	int list_rows = ui->rows - y - 1;
	size_t first = 0;
	if (list_rows < 1)
		list_rows = 1;
	if (b->sel >= (size_t)list_rows)
		first = b->sel - (size_t)list_rows + 1;
	if (b->problem)
		ui_put(ui, y, 1, b->problem, UA_WRONG);
	else if (!b->n)
		ui_put(ui, y, 1, b->failed ? _("The cards could not be read.") :
		       _("No card matches."), 0);
	for (size_t i = first; i < b->n && y < ui->rows - 1; i++, y++) {
		const struct sess_card *c = b->cards[i];
		unsigned a = i == b->sel ? UA_SELECTED : 0;
		char *front = first_line(c->c.front);

		if (a)
			ui_fill(ui, y, a);
		put_marks(ui, y, c, a);
		ui_putn(ui, y, 3, c->c.deck, strlen(c->c.deck), a | UA_DIM, deckw);
		ui_putn(ui, y, deckw + 2, front, strlen(front),
			a | (c->suspended || c->retired ? UA_DIM : 0), ui->cols - 1);
		free(front);
	}
	ui_put(ui, ui->rows - 1, 1, b->editing ?
	       _("Enter search · Esc cancel · Ctrl-U clear · deck: tag: is: filter") :
	       _("Enter open · / search · f filter · j/k choose · s suspend · ? help · q quit"), UA_DIM);
}

/* The query line: returns after using the key. */
static void edit_key(struct ui *ui, struct browse *b, const struct ui_key *k)
{
	switch (editor_key(&b->ed, k)) {
	case EDITOR_SUBMIT:
		free(b->query);
		b->query = *editor_text(&b->ed) ? xstrdup(editor_text(&b->ed)) : NULL;
		b->editing = false;
		b->sel = 0;
		browse_load(ui, b);
		break;
	case EDITOR_LEAVE:
		b->editing = false;
		break;
	case EDITOR_USED:
	case EDITOR_IGNORED:
		break;
	}
}

static void browse_key(struct ui *ui, void *st, const struct ui_key *k)
{
	struct browse *b = st;
	int page = ui->rows > 8 ? ui->rows - 6 : 1;

	if (b->editing) {
		edit_key(ui, b, k);
		return;
	}
	switch (k->act) {
	case ACT_UP:
		if (b->sel)
			b->sel--;
		break;
	case ACT_DOWN:
		if (b->sel + 1 < b->n)
			b->sel++;
		break;
	case ACT_PAGE_UP:
		b->sel = b->sel > (size_t)page ? b->sel - (size_t)page : 0;
		break;
	case ACT_PAGE_DOWN:
		b->sel += (size_t)page;
		if (b->sel >= b->n)
			b->sel = b->n ? b->n - 1 : 0;
		break;
	case ACT_TOP:
		b->sel = 0;
		break;
	case ACT_BOTTOM:
		b->sel = b->n ? b->n - 1 : 0;
		break;
	case ACT_SEARCH:
		b->editing = true;
		editor_set(&b->ed, b->query, false);
		break;
	case ACT_FILTER:
		b->filter = b->filter + 1 < QUERY_FLAG_COUNT ? b->filter + 1 : -1;
		browse_load(ui, b);
		break;
	case ACT_ENTER:
	case ACT_RIGHT:
		if (b->n) {
			b->stale = true;
			/* The source's card, which the card screen may refresh. */
			ui_push(ui, &card_screen, (void *)(uintptr_t)b->cards[b->sel]);
		}
		break;
	case ACT_SUSPEND:
		if (b->n && ui->src->set_suspended) {
			const struct sess_card *c = b->cards[b->sel];
			ui->src->set_suspended(ui->src->ctx, c->id, !c->suspended);
			/* The card stays in view until the list is read again,
			 * even under a filter it no longer matches. */
		}
		break;
	case ACT_HELP:
		ui_push(ui, &help_screen, NULL);
		break;
	case ACT_QUIT:
	case ACT_CANCEL:
		ui_pop(ui);
		break;
	default:
		break;
	}
}

static void browse_close(struct ui *ui, void *st)
{
	struct browse *b = st;

	free(b->deck);
	free(b->query);
	free(b->cards);
	free(b->problem);
	editor_release(&b->ed);
	free(b);
}

const struct screen_ops browse_screen = { browse_open, browse_draw, browse_key, browse_close };

/* ---- one card ------------------------------------------------------------ */

struct card_view {
	struct sess_card *card;    /* the source's copy: edit refreshes it */
	struct ui_review *log;
	size_t nlog;
	bool log_failed;
	bool gone;                 /* no longer in the database: nothing to change */
	bool confirm_reset;        /* r asked: y resets, any other key does not */
	int64_t exam_at;           /* 0: no exam */
	struct render_doc view;
	int scroll;
	char *notice;
};

static void read_history(struct ui *ui, struct card_view *v)
{
	free(v->log);
	v->log = NULL;
	v->nlog = 0;
	v->log_failed = !ui->src->history ||
			ui->src->history(ui->src->ctx, v->card->id, &v->log, &v->nlog) < 0;
}

static void *card_open(struct ui *ui, void *arg)
{
	struct card_view *v = xcalloc(1, sizeof(*v));

	/* The source owns the card and lets the screens change it through
	 * its callbacks only; edit needs the copy itself to refresh it. */
	v->card = arg;
	read_history(ui, v);
	v->exam_at = ui->src->exam_at ? ui->src->exam_at(ui->src->ctx) : 0;
	return v;
}

static void set_notice(struct card_view *v, const char *msg)
{
	free(v->notice);
	v->notice = msg ? xstrdup(msg) : NULL;
}

static void add_md(struct render_doc *v, const char *md, int width, const char *prefix)
{
	int pw = (int)text_width(prefix, strlen(prefix));

	view_take(v, render_md(md ? md : "", width - pw), prefix, "  ", 0);
}

static const char *grade_name(int rating)
{
	static const char *const names[4] = { N_("Again"), N_("Hard"), N_("Good"), N_("Easy") };

	return rating >= 1 && rating <= 4 ? _(names[rating - 1]) : "?";
}

static void add_text(struct render_doc *v, char *s, unsigned attr)
{
	view_add(v, s, attr);
	free(s);
}

/* Recall now and at the exam, the next due date. */
static void compose_schedule(struct ui *ui, struct card_view *v)
{
	const struct sess_card *c = v->card;
	int64_t now = ui->src->now(ui->src->ctx);
	double r = ui->src->recall ? ui->src->recall(ui->src->ctx, c, now) : -1;
	char when[32], iv[16];

	if (r < 0)
		add_text(&v->view, xstrdup(_("Predicted recall now: not reviewed yet")), 0);
	else
		add_text(&v->view, xasprintf(_("Predicted recall now: %.0f%%"), r * 100), 0);
	if (v->exam_at > now) {
		double e = ui->src->recall ? ui->src->recall(ui->src->ctx, c, v->exam_at) : -1;

		clock_format(v->exam_at, when);
		if (e < 0)
			add_text(&v->view, xasprintf(_("Predicted recall at the exam (%s): not reviewed yet"),
						     when), 0);
		else
			add_text(&v->view, xasprintf(_("Predicted recall at the exam (%s): %.0f%% "
						       "without another review"), when, e * 100), 0);
	}
	if (c->st.state == FSRS_NEW) {
		add_text(&v->view, xstrdup(_("Next due: a new card, not scheduled yet")), 0);
	} else {
		clock_format(c->st.due, when);
		if (c->st.due > now) {
			format_interval(c->st.due - now, iv);
			add_text(&v->view, xasprintf(_("Next due: %s (in %s)"), when, iv), 0);
		} else {
			add_text(&v->view, xasprintf(_("Next due: %s (due now)"), when), 0);
		}
	}
	if (c->buried_until > now) {
		clock_format(c->buried_until, when);
		add_text(&v->view, xasprintf(_("Buried until %s."), when), 0);
	}
}

static void compose(struct ui *ui, struct card_view *v, int width)
{
	const struct sess_card *c = v->card;
	struct buf t = BUF_INIT;
	char *s;

	view_clear(&v->view);
	buf_adds(&t, c->c.deck);
	for (size_t i = 0; i < c->c.nbreadcrumb; i++) {
		buf_adds(&t, " › ");
		buf_adds(&t, c->c.breadcrumb[i]);
	}
	view_add(&v->view, buf_str(&t), UA_TITLE);
	buf_release(&t);
	s = *c->c.file ? xasprintf("%s:%d", c->c.file, c->c.line) : xstrdup(_("(no source file)"));
	view_add(&v->view, s, UA_DIM);
	free(s);
	if (v->gone)
		view_add(&v->view, _("Deleted: no longer in the database."), UA_NOTICE);
	else if (c->retired)
		view_add(&v->view, _("Retired: no longer in its file, left out of reviews."), UA_NOTICE);
	if (c->suspended)
		view_add(&v->view, c->leech ? _("Suspended as a leech: left out of reviews.")
					    : _("Suspended: left out of reviews."), UA_NOTICE);
	else if (c->leech)
		view_add(&v->view, _("Leech: forgotten again and again."), UA_NOTICE);
	view_add(&v->view, "", 0);

	view_add(&v->view, _("Question"), UA_DIM);
	add_md(&v->view, c->c.front, width, "  ");
	for (size_t i = 0; i < c->c.noptions; i++)
		add_md(&v->view, c->c.options[i].text, width, c->c.options[i].correct ? "  ✓ " : "  · ");
	view_add(&v->view, "", 0);
	view_add(&v->view, _("Answer"), UA_DIM);
	add_md(&v->view, c->c.back, width, "  ");
	view_add(&v->view, "", 0);

	compose_schedule(ui, v);
	view_add(&v->view, "", 0);

	view_add(&v->view, _("History"), UA_DIM);
	if (v->log_failed)
		view_add(&v->view, _("  The history could not be read."), 0);
	else if (!v->nlog)
		view_add(&v->view, _("  No review yet."), 0);
	for (size_t i = 0; i < v->nlog; i++) {
		const struct ui_review *l = &v->log[i];
		time_t when = (time_t)(l->at_ms / 1000);
		struct tm tm;
		char date[32] = "?", iv[16];

		if (localtime_r(&when, &tm))
			strftime(date, sizeof(date), "%Y-%m-%d %H:%M", &tm);
		if (l->interval_ms >= 0)
			format_interval(l->interval_ms, iv);
		else
			snprintf(iv, sizeof(iv), "-");
		s = xasprintf(_("  %s  %-5s  interval %s%s"), date, grade_name(l->rating), iv,
			      l->mode == REVIEW_CRAM ? _("  (cram)") : "");
		view_add(&v->view, s, 0);
		free(s);
	}
}

static void card_draw(struct ui *ui, void *st)
{
	struct card_view *v = st;
	int width = ui->cols - 2, h = ui->rows - 1;

	compose(ui, v, width);
	int maxs = (int)v->view.n - h;
	if (v->scroll > maxs)
		v->scroll = maxs > 0 ? maxs : 0;
	if (v->scroll < 0)
		v->scroll = 0;
	for (int i = 0; i < h && (size_t)(v->scroll + i) < v->view.n; i++) {
		struct render_line l = v->view.lines[v->scroll + i];
		char *t = xasprintf(" %s", l.text);
		struct render_span *sp = xcalloc(l.nspans ? l.nspans : 1, sizeof(*sp));

		for (size_t k = 0; k < l.nspans; k++) {
			sp[k] = l.spans[k];
			sp[k].off++;
		}
		l.text = t;
		l.spans = sp;
		if (l.scroll_col >= 0)
			l.scroll_col++;
		ui_draw_line(ui, i, &l, 0);
		free(t);
		free(sp);
	}
	if (v->confirm_reset)
		ui_put(ui, ui->rows - 1, 1,
		       _("Reset this card to new? Its review history is kept. (y/n)"), UA_NOTICE);
	else if (v->notice)
		ui_put(ui, ui->rows - 1, 1, v->notice, UA_NOTICE);
	else if (v->gone)
		ui_put(ui, ui->rows - 1, 1, _("j/k scroll · q back"), UA_DIM);
	else
		ui_put(ui, ui->rows - 1, 1, v->card->suspended ?
		       _("s unsuspend · r reset · e edit · j/k scroll · q back") :
		       _("s suspend · r reset · e edit · j/k scroll · q back"), UA_DIM);
}

/* The answer to "Reset this card?": y, or the translation's own letter. */
static bool is_yes(const struct ui_key *k)
{
	/* TRANSLATORS: the key that answers yes to a question (one letter). */
	const char *yes = _("y");

	return !k->is_key && (k->ch == 'y' || k->ch == 'Y' ||
			      (yes[0] && !yes[1] && (k->ch == yes[0] || k->ch == (yes[0] & ~0x20))));
}

static void reset_card(struct ui *ui, struct card_view *v)
{
	if (!ui->src->reset || ui->src->reset(ui->src->ctx, v->card->id) < 0) {
		set_notice(v, _("The card could not be changed."));
		return;
	}
	read_history(ui, v);
	set_notice(v, _("The card is new again; its history is kept."));
}

static void card_key(struct ui *ui, void *st, const struct ui_key *k)
{
	struct card_view *v = st;
	int page = ui->rows > 3 ? ui->rows - 2 : 1;

	set_notice(v, NULL);
	if (v->confirm_reset) {
		v->confirm_reset = false;
		if (is_yes(k))
			reset_card(ui, v);
		else
			set_notice(v, _("The card was left as it was."));
		return;
	}
	switch (k->act) {
	case ACT_UP: v->scroll--; break;
	case ACT_DOWN: v->scroll++; break;
	case ACT_PAGE_UP: v->scroll -= page; break;
	case ACT_PAGE_DOWN: v->scroll += page; break;
	case ACT_TOP: v->scroll = 0; break;
	case ACT_BOTTOM: v->scroll = (int)v->view.n; break;
	case ACT_SUSPEND:
		if (v->gone)
			break;
		if (!ui->src->set_suspended ||
		    ui->src->set_suspended(ui->src->ctx, v->card->id, !v->card->suspended) < 0)
			set_notice(v, _("The card could not be changed."));
		else
			set_notice(v, v->card->suspended ? _("Card suspended.") : _("Card unsuspended."));
		break;
	case ACT_REVIEW_DECK:
		/* r: on a card, the action list's r resets it (after a y). */
		if (!v->gone)
			v->confirm_reset = true;
		break;
	case ACT_EDIT: {
		const char *msg;

		if (v->gone)
			break;
		if (ui_edit_card(ui, NULL, v->card, &msg) > 0)
			v->gone = true;
		read_history(ui, v);
		set_notice(v, msg ? msg : _("Card edited and imported again."));
		break;
	}
	case ACT_HELP:
		ui_push(ui, &help_screen, NULL);
		break;
	case ACT_QUIT:
	case ACT_CANCEL:
	case ACT_LEFT:
		ui_pop(ui);
		break;
	default:
		break;
	}
}

static void card_close(struct ui *ui, void *st)
{
	struct card_view *v = st;

	view_release(&v->view);
	free(v->log);
	free(v->notice);
	free(v);
}

const struct screen_ops card_screen = { card_open, card_draw, card_key, card_close };
