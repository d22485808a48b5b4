/* browse.c - the browse screen (the cards, narrowed by a full-text query)
 * and the card screen it opens (the card, its history, its recall now).
 *
 * The cards belong to the source (ui_source.browse); the screens hold
 * pointers to them, so a suspension made in the card screen shows in the
 * list when it comes back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dkquiz/i18n.h"
#include "dkquiz/text.h"
#include "dkquiz/util.h"
#include "ui_int.h"

struct browse {
	char *deck;
	char *query;
	const struct sess_card **cards;
	size_t n, sel;
	bool failed;
	bool editing;          /* the query line takes the keys */
	struct buf line;       /* the query being typed */
};

static void browse_load(struct ui *ui, struct browse *b)
{
	free(b->cards);
	b->cards = NULL;
	b->n = 0;
	b->failed = !ui->src->browse ||
		    ui->src->browse(ui->src->ctx, b->deck, b->query, &b->cards, &b->n) < 0;
	if (b->failed) {
		b->cards = NULL;
		b->n = 0;
	}
	if (b->sel >= b->n)
		b->sel = b->n ? b->n - 1 : 0;
}

static void *browse_open(struct ui *ui, void *arg)
{
	const struct ui_browse_arg *a = arg;
	struct browse *b = xcalloc(1, sizeof(*b));

	buf_init(&b->line);
	if (a && a->deck)
		b->deck = xstrdup(a->deck);
	if (a && a->query && *a->query)
		b->query = xstrdup(a->query);
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

static void browse_draw(struct ui *ui, void *st)
{
	struct browse *b = st;
	int y = 0, deckw = ui->cols / 4;
	char *s;

	ui_put(ui, y, 1, _("dkquiz — browse"), UA_TITLE);
	if (b->deck) {
		int x = ui_put(ui, y, ui->cols / 2, _("Deck: "), UA_DIM);
		ui_put(ui, y, x, b->deck, 0);
	}
	y++;
	{
		int x = ui_put(ui, y, 1, _("Search: "), UA_DIM);
		if (b->editing) {
			const char *q = buf_str(&b->line);
			size_t start = 0;
			int room = ui->cols - x - 1;

			while ((int)text_width(q + start, b->line.len - start) > room &&
			       start < b->line.len) {
				uint32_t cp;
				start += utf8_next(q + start, b->line.len - start, &cp);
			}
			x = ui_putn(ui, y, x, q + start, b->line.len - start, RA_CODE, ui->cols - 1);
			ui->wants_cursor = true;
			ui->cursor_y = y;
			ui->cursor_x = x;
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
	if (!b->n)
		ui_put(ui, y, 1, b->failed ? _("The cards could not be read.") :
		       _("No card matches."), 0);
	for (size_t i = first; i < b->n && y < ui->rows - 1; i++, y++) {
		const struct sess_card *c = b->cards[i];
		unsigned a = i == b->sel ? UA_SELECTED : 0;
		char *front = first_line(c->c.front);

		if (a)
			ui_fill(ui, y, a);
		if (c->suspended)
			ui_put(ui, y, 0, "S", a | UA_NOTICE);
		ui_putn(ui, y, 2, c->c.deck, strlen(c->c.deck), a | UA_DIM, deckw);
		ui_putn(ui, y, deckw + 2, front, strlen(front), a | (c->suspended ? UA_DIM : 0),
			ui->cols - 1);
		free(front);
	}
	ui_put(ui, ui->rows - 1, 1, b->editing ?
	       _("Enter search · Esc cancel · Ctrl-U clear") :
	       _("Enter open · / search · j/k choose · s suspend · q quit"), UA_DIM);
}

/* The query line: returns after using the key. */
static void edit_key(struct ui *ui, struct browse *b, const struct ui_key *k)
{
	if ((k->is_key && k->ch == KEY_ENTER) || (!k->is_key && (k->ch == '\r' || k->ch == '\n'))) {
		free(b->query);
		b->query = b->line.len ? xstrdup(buf_str(&b->line)) : NULL;
		b->editing = false;
		b->sel = 0;
		browse_load(ui, b);
		return;
	}
	if (!k->is_key && k->ch == 27) {
		b->editing = false;
		return;
	}
	if ((k->is_key && k->ch == KEY_BACKSPACE) || (!k->is_key && (k->ch == 127 || k->ch == 8))) {
		/* Drop the last character with its continuation bytes. */
		while (b->line.len && ((unsigned char)b->line.s[b->line.len - 1] & 0xC0) == 0x80)
			b->line.len--;
		if (b->line.len)
			b->line.len--;
		if (b->line.s)
			b->line.s[b->line.len] = '\0';
		return;
	}
	if (!k->is_key && k->ch == 21) {     /* Ctrl-U */
		b->line.len = 0;
		if (b->line.s)
			b->line.s[0] = '\0';
		return;
	}
	if (k->is_key || k->ch < 0x20 || k->ch == 0x7f || (k->ch >= 0x80 && k->ch < 0xa0) ||
	    k->ch > 0x10FFFF || (k->ch >= 0xD800 && k->ch <= 0xDFFF) || b->line.len > 1024)
		return;
	{
		char u[4];
		size_t n = utf8_put((uint32_t)k->ch, u);

		buf_grow(&b->line, n);
		memcpy(b->line.s + b->line.len, u, n);
		b->line.len += n;
		b->line.s[b->line.len] = '\0';
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
		b->line.len = 0;
		if (b->query)
			buf_adds(&b->line, b->query);
		else if (b->line.s)
			b->line.s[0] = '\0';
		break;
	case ACT_ENTER:
	case ACT_RIGHT:
		if (b->n)
			ui_push(ui, &card_screen, (void *)b->cards[b->sel]);
		break;
	case ACT_SUSPEND:
		if (b->n && ui->src->set_suspended) {
			const struct sess_card *c = b->cards[b->sel];
			ui->src->set_suspended(ui->src->ctx, c->id, !c->suspended);
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
	buf_release(&b->line);
	free(b);
}

const struct screen_ops browse_screen = { browse_open, browse_draw, browse_key, browse_close };

/* ---- one card ------------------------------------------------------------ */

struct card_view {
	const struct sess_card *card;
	struct ui_review *log;
	size_t nlog;
	bool log_failed;
	struct render_doc view;
	int scroll;
	char *notice;
};

static void *card_open(struct ui *ui, void *arg)
{
	struct card_view *v = xcalloc(1, sizeof(*v));

	v->card = arg;
	v->log_failed = !ui->src->history ||
			ui->src->history(ui->src->ctx, v->card->id, &v->log, &v->nlog) < 0;
	return v;
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
	if (c->suspended)
		view_add(&v->view, _("Suspended: left out of reviews."), UA_NOTICE);
	view_add(&v->view, "", 0);

	view_add(&v->view, _("Question"), UA_DIM);
	add_md(&v->view, c->c.front, width, "  ");
	for (size_t i = 0; i < c->c.noptions; i++)
		add_md(&v->view, c->c.options[i].text, width, c->c.options[i].correct ? "  ✓ " : "  · ");
	view_add(&v->view, "", 0);
	view_add(&v->view, _("Answer"), UA_DIM);
	add_md(&v->view, c->c.back, width, "  ");
	view_add(&v->view, "", 0);

	double r = ui->src->recall ? ui->src->recall(ui->src->ctx, c, ui->src->now(ui->src->ctx)) : -1;
	if (r < 0)
		s = xstrdup(_("Predicted recall now: not reviewed yet"));
	else
		s = xasprintf(_("Predicted recall now: %.0f%%"), r * 100);
	view_add(&v->view, s, 0);
	free(s);
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
		if (l->interval_days > 0)
			format_interval((int64_t)l->interval_days * 86400000LL, iv);
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
	if (v->notice)
		ui_put(ui, ui->rows - 1, 1, v->notice, UA_NOTICE);
	else
		ui_put(ui, ui->rows - 1, 1, v->card->suspended ?
		       _("s unsuspend · j/k scroll · q back") :
		       _("s suspend · j/k scroll · q back"), UA_DIM);
}

static void card_key(struct ui *ui, void *st, const struct ui_key *k)
{
	struct card_view *v = st;
	int page = ui->rows > 3 ? ui->rows - 2 : 1;

	free(v->notice);
	v->notice = NULL;
	switch (k->act) {
	case ACT_UP: v->scroll--; break;
	case ACT_DOWN: v->scroll++; break;
	case ACT_PAGE_UP: v->scroll -= page; break;
	case ACT_PAGE_DOWN: v->scroll += page; break;
	case ACT_TOP: v->scroll = 0; break;
	case ACT_BOTTOM: v->scroll = (int)v->view.n; break;
	case ACT_SUSPEND:
		if (!ui->src->set_suspended ||
		    ui->src->set_suspended(ui->src->ctx, v->card->id, !v->card->suspended) < 0)
			v->notice = xstrdup(_("The card could not be changed."));
		break;
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

	view_clear(&v->view);
	free(v->view.lines);
	free(v->log);
	free(v->notice);
	free(v);
}

const struct screen_ops card_screen = { card_open, card_draw, card_key, card_close };
