/* review.c - the review screen (basic, cloze, multiple-choice and typed
 * cards, waiting for learning cards) and the summary screen.
 *
 * The screen holds the session; what it shows is composed again at every
 * draw from the current card and the phase, so that a resize, an undo or an
 * edit never leaves stale lines behind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dkquiz/answer.h"
#include "dkquiz/clock.h"
#include "dkquiz/i18n.h"
#include "dkquiz/text.h"
#include "dkquiz/util.h"
#include "ui_int.h"

enum phase { PH_ASK, PH_SHOWN, PH_WAIT, PH_OVER };

struct review {
	struct session *s;
	char *deck;
	const struct sess_card *card;
	int64_t shown_at;
	enum phase ph;
	bool waiting;          /* w pressed: poll until the next card is due */
	/* multiple choice */
	size_t *order;
	bool *picked;
	size_t nopt;
	bool submitted;
	bool correct;
	/* typed answer */
	struct buf line;
	size_t cur;            /* cursor, a byte offset on a character boundary */
	bool gave_up;
	struct answer_diff diff;
	int suggested;         /* 0: none */
	char *notice;
	int scroll, hscroll;
	int view_h;
	int editor_row;        /* the view's row of the line editor */
	struct render_doc view;
};

static int64_t now_ms(struct ui *ui)
{
	return ui->src->now(ui->src->ctx);
}

static void set_notice(struct review *r, const char *msg)
{
	free(r->notice);
	r->notice = msg ? xstrdup(msg) : NULL;
}

static bool is_mcq(const struct sess_card *c)
{
	return c->c.type == CARD_MCQ && c->c.noptions > 0;
}

static bool is_typed(const struct sess_card *c)
{
	return c->c.type == CARD_TYPED;
}

static const char *expected_answer(const struct sess_card *c)
{
	if (c->c.answer_text)
		return c->c.answer_text;
	return c->c.back ? c->c.back : "";
}

static void reset_card(struct ui *ui, struct review *r)
{
	free(r->order);
	free(r->picked);
	r->order = NULL;
	r->picked = NULL;
	r->nopt = 0;
	r->submitted = r->correct = r->gave_up = false;
	buf_reset(&r->line);
	r->cur = 0;
	answer_diff_release(&r->diff);
	r->suggested = 0;
	r->scroll = r->hscroll = 0;
	r->shown_at = now_ms(ui);
	if (r->card && is_mcq(r->card)) {
		const size_t *o = session_option_order(r->s);
		r->nopt = r->card->c.noptions;
		r->order = xcalloc(r->nopt, sizeof(*r->order));
		r->picked = xcalloc(r->nopt, sizeof(*r->picked));
		for (size_t i = 0; i < r->nopt; i++)
			r->order[i] = o && o[i] < r->nopt ? o[i] : i;
	}
}

/* Find what to show now. Returns true when the screen was replaced by the
 * summary (the caller must not touch `r` any more). */
static bool advance(struct ui *ui, struct review *r)
{
	int64_t now = now_ms(ui);

	if (!r->s)
		return false;
	r->card = session_current(r->s, now);
	if (r->card) {
		r->ph = PH_ASK;
		r->waiting = false;
		reset_card(ui, r);
		return false;
	}
	if (session_next_due(r->s) > 0) {
		r->ph = PH_WAIT;
		return false;
	}
	struct session *s = r->s;
	r->s = NULL;
	ui_replace(ui, &summary_screen, s);
	return true;
}

static void *review_open(struct ui *ui, void *arg)
{
	struct review *r = xcalloc(1, sizeof(*r));

	buf_init(&r->line);
	r->deck = arg ? xstrdup(arg) : NULL;
	r->s = ui->src->start(ui->src->ctx, r->deck);
	if (!r->s) {
		r->ph = PH_OVER;
		set_notice(r, _("The review could not start."));
		return r;
	}
	r->card = session_current(r->s, now_ms(ui));
	if (r->card) {
		r->ph = PH_ASK;
		reset_card(ui, r);
	} else {
		r->ph = session_next_due(r->s) > 0 ? PH_WAIT : PH_OVER;
	}
	return r;
}

static void review_close(struct ui *ui, void *st)
{
	struct review *r = st;

	if (r->s)
		session_free(r->s);
	free(r->deck);
	free(r->order);
	free(r->picked);
	buf_release(&r->line);
	answer_diff_release(&r->diff);
	free(r->notice);
	view_clear(&r->view);
	free(r->view.lines);
	free(r);
}

/* ---- composing the card ------------------------------------------------- */

static void add_md(struct render_doc *v, const char *md, int width, const char *first,
		   const char *rest, unsigned pattr)
{
	int pw = (int)text_width(first, strlen(first));

	view_take(v, render_md(md ? md : "", width - pw), first, rest, pattr);
}

/* One line of words, each in its own style. */
static void add_words(struct render_doc *v, const char *label, const struct answer_diff *d)
{
	struct render_doc *one = xcalloc(1, sizeof(*one));
	struct render_line l;
	struct buf b = BUF_INIT;
	size_t n = 0, cap = 0;

	memset(&l, 0, sizeof(l));
	buf_adds(&b, label);
	for (size_t i = 0; i < d->n; i++) {
		unsigned a = d->w[i].kind == ANSWER_SAME ? 0 :
			d->w[i].kind == ANSWER_MISSING ? UA_RIGHT | RA_LINK : UA_WRONG | RA_STRIKE;
		char *t = text_sanitize(d->w[i].text, strlen(d->w[i].text));
		buf_addch(&b, ' ');
		if (a) {
			XGROW(l.spans, n + 1, cap);
			l.spans[n].off = b.len;
			l.spans[n].len = strlen(t);
			l.spans[n].attr = a;
			l.spans[n].hl = HL_NONE;
			n++;
		}
		buf_adds(&b, t);
		free(t);
	}
	l.nspans = n;
	l.text = buf_detach(&b);
	l.width = (int)text_width(l.text, strlen(l.text));
	l.scroll_col = 0;   /* a long command scrolls like code */
	XGROW(one->lines, 1, one->cap);
	one->lines[one->n++] = l;
	view_take(v, one, "", "", 0);
}

/* One line: a label, then `text` as written (a long one scrolls). */
static void add_text(struct render_doc *v, const char *label, const char *text)
{
	struct answer_word w = { (char *)text, ANSWER_SAME };
	struct answer_diff d = { &w, 1 };

	add_words(v, label, &d);
}

/* After a typed answer is checked: a right answer shows as typed, with
 * what it was taken for when it was written another way; a wrong one
 * shows its words, wrong ones struck through and missing ones added. */
static void add_verdict(struct render_doc *v, const struct review *r)
{
	const char *typed = buf_str(&r->line), *exp = expected_answer(r->card);

	if (!r->correct) {
		view_add(v, _("✗ Not quite."), UA_WRONG);
		add_words(v, _("Your answer:"), &r->diff);
		return;
	}
	view_add(v, _("✓ Right."), UA_RIGHT);
	add_text(v, _("Your answer:"), typed);
	if (!answer_same_text(typed, exp))
		add_text(v, _("Accepted as the same as:"), exp);
}

static void compose(struct ui *ui, struct review *r, int width)
{
	const struct sess_card *c = r->card;
	struct render_doc *v = &r->view;
	char pre[64];

	view_clear(v);
	add_md(v, c->c.front, width, "", "", 0);

	if (is_mcq(c)) {
		view_add(v, "", 0);
		for (size_t i = 0; i < r->nopt; i++) {
			const struct card_option *o = &c->c.options[r->order[i]];
			const char *pick = r->picked[i] ? "●" : "○";
			const char *mark = " ";
			unsigned a = r->picked[i] ? UA_KEY : 0;
			if (r->submitted) {
				mark = o->correct ? "✓" : r->picked[i] ? "✗" : " ";
				a = o->correct ? UA_RIGHT : r->picked[i] ? UA_WRONG : UA_DIM;
			}
			snprintf(pre, sizeof(pre), "%s %s %c) ", pick, mark, (int)('a' + (i % 26)));
			add_md(v, o->text, width, pre, "       ", a);
		}
		if (r->submitted) {
			view_add(v, "", 0);
			view_add(v, r->correct ? _("✓ Right.") : _("✗ Not quite."),
				 r->correct ? UA_RIGHT : UA_WRONG);
		}
	} else if (is_typed(c)) {
		view_add(v, "", 0);
		if (r->ph == PH_ASK && !r->submitted) {
			/* The line editor: drawn by review_draw, a blank row here. */
			r->editor_row = (int)v->n;
			view_add(v, "", 0);
		} else if (!r->gave_up) {
			add_verdict(v, r);
		}
	}

	if (r->ph == PH_SHOWN && c->c.back && *c->c.back) {
		char *rule;
		struct buf b = BUF_INIT;
		view_add(v, "", 0);
		for (int i = 0; i < width; i++)
			buf_adds(&b, "─");
		rule = buf_detach(&b);
		view_add(v, rule, RA_FRAME);
		free(rule);
		add_md(v, c->c.back, width, "", "", 0);
	}
}

/* ---- drawing ------------------------------------------------------------ */

static void draw_header(struct ui *ui, struct review *r)
{
	struct buf b = BUF_INIT;
	const struct sess_card *c = r->card;
	char timer[32];
	int64_t el = (now_ms(ui) - r->shown_at) / 1000;

	if (c) {
		buf_adds(&b, c->c.deck ? c->c.deck : "");
		for (size_t i = 0; i < c->c.nbreadcrumb; i++)
			buf_addf(&b, " › %s", c->c.breadcrumb[i]);
	} else if (r->deck) {
		buf_adds(&b, r->deck);
	}
	if (el < 0)
		el = 0;
	snprintf(timer, sizeof(timer), "%lld:%02lld", (long long)(el / 60), (long long)(el % 60));
	int tw = (int)strlen(timer);
	ui_putn(ui, 0, 1, buf_str(&b), b.len, UA_TITLE, ui->cols - tw - 3);
	if (c && r->ph != PH_WAIT)
		ui_put(ui, 0, ui->cols - tw - 1, timer, UA_DIM);
	buf_release(&b);

	if (!r->s)
		return;
	size_t done = session_done(r->s), left = session_left(r->s, now_ms(ui));
	char *prog = xasprintf(_("%zu done · %zu left"), done, left);
	int x = ui_put(ui, 1, 1, prog, 0) + 2;
	free(prog);
	int bar = ui->cols - x - 2;
	if (bar > 30)
		bar = 30;
	if (bar >= 5) {
		int fill = done + left ? (int)((double)bar * (double)done / (double)(done + left)) : 0;
		struct buf pb = BUF_INIT;
		for (int i = 0; i < bar; i++)
			buf_adds(&pb, i < fill ? "█" : "░");
		ui_put(ui, 1, x, buf_str(&pb), UA_DIM);
		buf_release(&pb);
	}
}

static void draw_hints(struct ui *ui, struct review *r)
{
	int y = ui->rows - 1;
	const struct sess_card *c = r->card;

	if (r->ph == PH_SHOWN) {
		static const char *const names[4] = { N_("Again"), N_("Hard"), N_("Good"), N_("Easy") };
		char labels[4][16];
		int x = 1;
		session_preview(r->s, now_ms(ui), labels);
		for (int i = 0; i < 4; i++) {
			char *t = xasprintf("%d %s %s", i + 1, _(names[i]), labels[i]);
			unsigned a = r->suggested == i + 1 ? UA_SELECTED : 0;
			if (i)
				x = ui_put(ui, y, x, " · ", UA_DIM);
			x = ui_put(ui, y, x, t, a);
			free(t);
		}
		if (r->suggested)
			ui_put(ui, y, x, _(" · Enter accept"), UA_DIM);
		return;
	}
	if (r->ph == PH_WAIT || r->ph == PH_OVER) {
		ui_put(ui, y, 1, _("? help · q quit"), UA_DIM);
		return;
	}
	if (is_typed(c) && !r->submitted)
		ui_put(ui, y, 1, _("Enter submit · Esc show the answer · Ctrl-U clear · F1 help"), UA_DIM);
	else if (is_mcq(c) && !r->submitted)
		ui_put(ui, y, 1, _("a, b, c… choose · Enter submit · ? help · q quit"), UA_DIM);
	else
		ui_put(ui, y, 1, _("Space show answer · u undo · e edit · s suspend · b bury · ? help · q quit"),
		       UA_DIM);
}

static void draw_wait(struct ui *ui, struct review *r)
{
	int64_t now = now_ms(ui), due = session_next_due(r->s);
	char iv[16];
	char *msg;

	if (r->waiting) {
		int64_t secs = (due - now + 999) / 1000;
		if (secs < 0)
			secs = 0;
		msg = xasprintf(_("Waiting — next card in %lldm %02llds (Enter: go on now, q: quit)"),
				(long long)(secs / 60), (long long)(secs % 60));
	} else {
		format_interval(due - now > 0 ? due - now : 0, iv);
		msg = xasprintf(_("Next card in %s — w to wait, Enter to go on now, q to quit"), iv);
	}
	ui_put(ui, ui->rows / 2, 2, msg, UA_NOTICE);
	free(msg);
}

static void draw_editor(struct ui *ui, struct review *r, int y)
{
	const char *s = buf_str(&r->line);
	int room = ui->cols - 5;
	int cw = (int)text_width(s, r->cur);
	size_t start = 0;

	/* Keep the cursor in view: drop characters from the left. */
	while (cw - (int)text_width(s, start) > room && start < r->cur) {
		uint32_t cp;
		start += utf8_next(s + start, r->line.len - start, &cp);
	}
	ui_put(ui, y, 1, "›", UA_KEY);
	ui_putn(ui, y, 3, s + start, r->line.len - start, RA_CODE, ui->cols - 1);
	ui->wants_cursor = true;
	ui->cursor_y = y;
	ui->cursor_x = 3 + (int)text_width(s + start, r->cur - start);
}

static void review_draw(struct ui *ui, void *st)
{
	struct review *r = st;
	int top = 3;

	if (r->ph == PH_WAIT) {
		int64_t now = now_ms(ui);
		if (r->waiting && session_next_due(r->s) <= now && advance(ui, r)) {
			ui->stack[ui->depth - 1].ops->draw(ui, ui->stack[ui->depth - 1].st);
			return;
		}
		if (r->ph == PH_WAIT && !session_next_due(r->s) && advance(ui, r)) {
			ui->stack[ui->depth - 1].ops->draw(ui, ui->stack[ui->depth - 1].st);
			return;
		}
	}
	draw_header(ui, r);
	if (r->ph == PH_OVER) {
		ui_put(ui, top + 1, 2, r->notice ? r->notice : _("Nothing to review now."), UA_NOTICE);
		ui_put(ui, ui->rows - 1, 1, _("Press any key to go back."), UA_DIM);
		return;
	}
	if (r->ph == PH_WAIT) {
		draw_wait(ui, r);
		draw_hints(ui, r);
		return;
	}

	int width = ui->cols - 2;
	compose(ui, r, width);
	r->view_h = ui->rows - top - 2;
	int maxs = (int)r->view.n - r->view_h;
	if (r->scroll > maxs)
		r->scroll = maxs > 0 ? maxs : 0;
	if (r->scroll < 0)
		r->scroll = 0;
	int hmax = r->view.max_width - width;
	if (r->hscroll > hmax)
		r->hscroll = hmax > 0 ? hmax : 0;

	int editor_row = is_typed(r->card) && r->ph == PH_ASK && !r->submitted ? r->editor_row : -1;
	for (int i = 0; i < r->view_h && (size_t)(r->scroll + i) < r->view.n; i++) {
		int li = r->scroll + i;
		if (li == editor_row) {
			draw_editor(ui, r, top + i);
			continue;
		}
		/* Shift the view one column right: a margin. */
		struct render_line l = r->view.lines[li];
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
		ui_draw_line(ui, top + i, &l, r->hscroll);
		free(t);
		free(sp);
	}
	if ((int)r->view.n > r->view_h + r->scroll)
		ui_put(ui, ui->rows - 3, ui->cols - 3, "↓", UA_DIM);
	if (r->scroll > 0)
		ui_put(ui, top, ui->cols - 3, "↑", UA_DIM);
	if (r->notice)
		ui_put(ui, ui->rows - 2, 1, r->notice, UA_NOTICE);
	draw_hints(ui, r);
}

/* ---- keys --------------------------------------------------------------- */

static void quit_to_summary(struct ui *ui, struct review *r)
{
	struct session *s = r->s;

	r->s = NULL;
	if (s)
		ui_replace(ui, &summary_screen, s);
	else
		ui_pop(ui);
}

static void grade(struct ui *ui, struct review *r, int rating)
{
	int64_t now = now_ms(ui);

	if (session_grade(r->s, rating, now, now - r->shown_at) < 0) {
		set_notice(r, _("The answer could not be saved."));
		return;
	}
	set_notice(r, session_last_was_leech(r->s) ?
		   _("Leech: this card keeps slipping, so it was suspended. Rewrite it or split it.") :
		   NULL);
	advance(ui, r);
}

static void submit_typed(struct review *r)
{
	const char *exp = expected_answer(r->card);

	r->submitted = true;
	r->correct = answer_matches(buf_str(&r->line), exp);
	answer_diff(buf_str(&r->line), exp, &r->diff);
	r->suggested = session_suggest(r->correct);
	r->ph = PH_SHOWN;
}

static void submit_mcq(struct review *r)
{
	bool ok = true;

	for (size_t i = 0; i < r->nopt; i++)
		if (r->picked[i] != r->card->c.options[r->order[i]].correct)
			ok = false;
	r->submitted = true;
	r->correct = ok;
	r->suggested = session_suggest(ok);
	r->ph = PH_SHOWN;
}

static size_t prev_char(const char *s, size_t at)
{
	while (at > 0) {
		at--;
		if (((unsigned char)s[at] & 0xC0) != 0x80)
			break;
	}
	return at;
}

static size_t next_char(const char *s, size_t len, size_t at)
{
	uint32_t cp;

	return at < len ? at + utf8_next(s + at, len - at, &cp) : at;
}

static void line_delete(struct review *r, size_t from, size_t to)
{
	if (from >= to)
		return;
	memmove(r->line.s + from, r->line.s + to, r->line.len - to + 1);
	r->line.len -= to - from;
	r->cur = from;
}

/* The typed-answer editor. Returns true when it used the key. */
static bool edit_key(struct ui *ui, struct review *r, const struct ui_key *k)
{
	const char *s = buf_str(&r->line);
	size_t len = r->line.len;

	if (k->is_key) {
		switch (k->ch) {
		case KEY_LEFT: r->cur = prev_char(s, r->cur); return true;
		case KEY_RIGHT: r->cur = next_char(s, len, r->cur); return true;
		case KEY_HOME: r->cur = 0; return true;
		case KEY_END: r->cur = len; return true;
		case KEY_BACKSPACE:
			if (r->cur)
				line_delete(r, prev_char(s, r->cur), r->cur);
			return true;
		case KEY_DC:
			if (r->cur < len)
				line_delete(r, r->cur, next_char(s, len, r->cur));
			return true;
		case KEY_ENTER:
			submit_typed(r);
			return true;
		default:
			return false;
		}
	}
	switch (k->ch) {
	case '\r':
	case '\n':
		submit_typed(r);
		return true;
	case 27:   /* Esc: show the answer without checking */
		r->submitted = true;
		r->gave_up = true;
		r->ph = PH_SHOWN;
		return true;
	case 127:
	case 8:
		if (r->cur)
			line_delete(r, prev_char(s, r->cur), r->cur);
		return true;
	case 1: r->cur = 0; return true;        /* Ctrl-A */
	case 5: r->cur = len; return true;      /* Ctrl-E */
	case 21:                                /* Ctrl-U: kill to the start */
		line_delete(r, 0, r->cur);
		return true;
	case 23: {                              /* Ctrl-W: the word before */
		size_t p = r->cur;
		while (p && s[p - 1] == ' ')
			p--;
		while (p && s[p - 1] != ' ')
			p--;
		line_delete(r, p, r->cur);
		return true;
	}
	default:
		break;
	}
	if (k->ch < 0x20 || k->ch == 0x7f || (k->ch >= 0x80 && k->ch < 0xa0) ||
	    k->ch > 0x10FFFF || (k->ch >= 0xD800 && k->ch <= 0xDFFF))
		return false;
	if (r->line.len > 4096)
		return true;
	char u[4];
	size_t n = utf8_put((uint32_t)k->ch, u);
	buf_grow(&r->line, n);
	memmove(r->line.s + r->cur + n, r->line.s + r->cur, r->line.len - r->cur);
	memcpy(r->line.s + r->cur, u, n);
	r->line.len += n;
	r->line.s[r->line.len] = '\0';
	r->cur += n;
	(void)ui;
	return true;
}

/* `e`: edit the card's source, then show the card as it now is. Whatever
 * the edit did, the view state is made again from the card: the options
 * may be others (or none: the card changed its type), and a card that left
 * its file or the database leaves the session. A card that was answered
 * (options marked, a typed answer checked) is asked again, since the old
 * verdict was about another text; a revealed basic card stays revealed. */
static void edit_current(struct ui *ui, struct review *r)
{
	struct sess_card *c = (struct sess_card *)r->card;
	const char *msg;
	int64_t shown_at = r->shown_at;
	bool revealed = r->ph == PH_SHOWN;
	int rc = ui_edit_card(ui, r->s, c, &msg);

	if (rc > 0 || (rc == 0 && c->retired)) {
		session_edited(r->s, true);
		if (!advance(ui, r))
			set_notice(r, msg);
		return;
	}
	session_edited(r->s, false);
	reset_card(ui, r);
	r->shown_at = shown_at;
	r->ph = revealed && !is_mcq(c) && !is_typed(c) ? PH_SHOWN : PH_ASK;
	set_notice(r, msg);
}

static void review_key(struct ui *ui, void *st, const struct ui_key *k)
{
	struct review *r = st;
	const struct sess_card *c = r->card;
	int page = r->view_h > 2 ? r->view_h - 1 : 1;

	if (r->ph == PH_OVER) {
		ui_pop(ui);
		return;
	}
	/* Text first: letters of a multiple choice, the line editor. */
	if (r->ph == PH_ASK && c && is_typed(c) && !r->submitted) {
		if (k->is_key && k->ch == KEY_F(1)) {
			ui_push(ui, &help_screen, NULL);
			return;
		}
		if (k->act == ACT_PAGE_UP || k->act == ACT_PAGE_DOWN) {
			r->scroll += k->act == ACT_PAGE_UP ? -page : page;
			return;
		}
		edit_key(ui, r, k);
		return;
	}
	if (r->ph == PH_ASK && c && is_mcq(c) && !r->submitted && !k->is_key &&
	    k->ch >= 'a' && k->ch < 'a' + (int)(r->nopt < 26 ? r->nopt : 26)) {
		r->picked[k->ch - 'a'] = !r->picked[k->ch - 'a'];
		return;
	}

	set_notice(r, NULL);
	switch (k->act) {
	case ACT_QUIT:
		quit_to_summary(ui, r);
		return;
	case ACT_HELP:
		ui_push(ui, &help_screen, NULL);
		return;
	case ACT_UP: r->scroll--; return;
	case ACT_DOWN: r->scroll++; return;
	case ACT_PAGE_UP: r->scroll -= page; return;
	case ACT_PAGE_DOWN: r->scroll += page; return;
	case ACT_TOP: r->scroll = 0; return;
	case ACT_BOTTOM: r->scroll = 1 << 28; return;
	case ACT_LEFT: r->hscroll -= 4; if (r->hscroll < 0) r->hscroll = 0; return;
	case ACT_RIGHT: r->hscroll += 4; return;
	default:
		break;
	}

	if (r->ph == PH_WAIT) {
		if (k->act == ACT_WAIT) {
			r->waiting = true;
		} else if (k->act == ACT_ENTER || k->act == ACT_REVEAL) {
			session_skip_wait(r->s);
			advance(ui, r);
		} else if (k->act == ACT_UNDO) {
			if (session_undo(r->s) == 0) {
				advance(ui, r);
				set_notice(r, _("Undone."));
			} else {
				set_notice(r, _("Nothing to undo."));
			}
		}
		return;
	}

	switch (k->act) {
	case ACT_ENTER:
	case ACT_REVEAL:
		if (r->ph == PH_ASK) {
			if (is_mcq(c))
				submit_mcq(r);
			else
				r->ph = PH_SHOWN;
		} else if (r->ph == PH_SHOWN && r->suggested && k->act == ACT_ENTER) {
			grade(ui, r, r->suggested);
		} else if (r->ph == PH_SHOWN) {
			set_notice(r, _("Grade it: 1 Again, 2 Hard, 3 Good, 4 Easy."));
		}
		break;
	case ACT_AGAIN:
	case ACT_HARD:
	case ACT_GOOD:
	case ACT_EASY:
		if (r->ph == PH_SHOWN)
			grade(ui, r, k->act - ACT_AGAIN + 1);
		else
			set_notice(r, _("Show the answer first (Space)."));
		break;
	case ACT_UNDO:
		if (session_undo(r->s) == 0) {
			advance(ui, r);
			set_notice(r, _("Undone."));
		} else {
			set_notice(r, _("Nothing to undo."));
		}
		break;
	case ACT_SUSPEND:
		if (session_suspend(r->s) == 0) {
			advance(ui, r);
			set_notice(r, _("Card suspended."));
		}
		break;
	case ACT_BURY:
		if (session_bury(r->s, clock_next_day_start(now_ms(ui), ui->src->rollover)) == 0) {
			advance(ui, r);
			set_notice(r, _("Card buried until tomorrow."));
		}
		break;
	case ACT_EDIT:
		edit_current(ui, r);
		break;
	default:
		break;
	}
}

const struct screen_ops review_screen = { review_open, review_draw, review_key, review_close };

/* ---- summary ------------------------------------------------------------ */

struct summary {
	struct session_summary sum;
	int64_t now;
};

static void *summary_open(struct ui *ui, void *arg)
{
	struct summary *m = xcalloc(1, sizeof(*m));
	struct session *s = arg;

	session_summary(s, &m->sum);
	session_free(s);
	m->now = now_ms(ui);
	return m;
}

static void format_duration(int64_t ms, char *out, size_t n)
{
	int64_t s = ms / 1000;

	if (s >= 3600)
		snprintf(out, n, "%lldh %02lldm", (long long)(s / 3600), (long long)(s / 60 % 60));
	else
		snprintf(out, n, "%lldm %02llds", (long long)(s / 60), (long long)(s % 60));
}

static void summary_draw(struct ui *ui, void *st)
{
	struct summary *m = st;
	char buf[64], when[32];
	char *t;
	int y = 1;

	ui_put(ui, y, 2, _("Session over"), UA_TITLE);
	y += 2;
	t = xasprintf(_("Cards reviewed: %zu"), m->sum.reviewed);
	ui_put(ui, y++, 2, t, 0);
	free(t);
	t = xasprintf(_("Right: %zu · Wrong: %zu"), m->sum.right, m->sum.wrong);
	ui_put(ui, y++, 2, t, 0);
	free(t);
	format_duration(m->sum.time_ms, buf, sizeof(buf));
	t = xasprintf(_("Time spent: %s"), buf);
	ui_put(ui, y++, 2, t, 0);
	free(t);
	if (m->sum.next_due > 0) {
		char iv[16];
		format_interval(m->sum.next_due > m->now ? m->sum.next_due - m->now : 0, iv);
		clock_format(m->sum.next_due, when);
		t = xasprintf(_("Next due: in %s (%s)"), iv, when);
	} else {
		t = xstrdup(_("Next due: nothing scheduled"));
	}
	ui_put(ui, y++, 2, t, 0);
	free(t);
	ui_put(ui, ui->rows - 1, 1, _("Press any key to leave."), UA_DIM);
}

static void summary_key(struct ui *ui, void *st, const struct ui_key *k)
{
	ui_pop(ui);
}

static void summary_close(struct ui *ui, void *st)
{
	free(st);
}

const struct screen_ops summary_screen = { summary_open, summary_draw, summary_key, summary_close };
