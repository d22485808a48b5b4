/* review.c - the review screen (basic, cloze, multiple-choice and typed
 * cards, waiting for learning cards) and the summary screen.
 *
 * The screen holds the session; what it shows is composed again at every
 * draw from the current card and the phase, so that a resize, an undo or an
 * edit never leaves stale lines behind.
 *
 * A typed or multiple-choice card starts in answering mode: the keys type
 * the answer or tick the option letters, so that `b` or `e` can be an
 * option and any letter part of a command. Esc leaves answering mode for
 * the commands (undo, edit, bury, ...); i or Tab goes back to answering,
 * Enter checks what was given, Esc again or Space shows the answer.
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
	int64_t shown_at;      /* clock_mono_ms() when the card was shown */
	enum phase ph;
	bool waiting;          /* w pressed: poll until the next card is due */
	bool answering;        /* the keys type the answer (typed, multiple choice) */
	/* multiple choice */
	size_t *order;
	bool *picked;
	size_t nopt;
	bool submitted;
	bool correct;
	/* typed answer */
	struct editor ed;
	bool follow;           /* scroll the view to the editor's cursor */
	bool gave_up;
	struct answer_diff diff;
	int suggested;         /* 0: none */
	char *notice;
	int scroll, hscroll;
	int view_h;
	int editor_row;        /* the view's row of the editor's first line */
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

/* The screen `ops` in place of this one, taking its session *s and deck
 * name *deck (freed here: the screen opened copies it). */
static void hand_over(struct ui *ui, const struct screen_ops *ops, struct session **s, char **deck,
		      const char *notice)
{
	char *name = *deck;
	struct review_arg to = { name, *s, notice };

	*s = NULL;
	*deck = NULL;
	ui_replace(ui, ops, &to);
	free(name);
}

/* The review cannot go on: it ends with status 1, saying why. */
static void stop_failed(struct ui *ui, struct review *r, const char *msg)
{
	r->ph = PH_OVER;
	ui->failed = true;
	set_notice(r, msg);
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

/* An answer of several lines is typed in an editor of several lines. */
static bool is_multiline(const struct sess_card *c)
{
	return is_typed(c) && strchr(expected_answer(c), '\n');
}

/* The card waits for an answer: typed, or options to tick. */
static bool wants_answer(const struct review *r)
{
	return r->ph == PH_ASK && r->card && !r->submitted &&
	       (is_typed(r->card) || is_mcq(r->card));
}

static void reset_card(struct ui *ui, struct review *r)
{
	free(r->order);
	free(r->picked);
	r->order = NULL;
	r->picked = NULL;
	r->nopt = 0;
	r->submitted = r->correct = r->gave_up = false;
	editor_set(&r->ed, NULL, r->card && is_multiline(r->card));
	r->follow = true;
	answer_diff_release(&r->diff);
	r->suggested = 0;
	r->scroll = r->hscroll = 0;
	r->shown_at = clock_mono_ms();
	r->answering = r->card && (is_typed(r->card) || is_mcq(r->card));
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
	if (session_failed(r->s)) {
		stop_failed(ui, r, _("A card could not be read: the review stopped."));
		return false;
	}
	if (session_next_due(r->s) > 0) {
		r->ph = PH_WAIT;
		return false;
	}
	hand_over(ui, &summary_screen, &r->s, &r->deck, NULL);
	return true;
}

static void *review_open(struct ui *ui, void *arg)
{
	const struct review_arg *a = arg;
	struct review *r = xcalloc(1, sizeof(*r));

	editor_init(&r->ed, false);
	r->deck = a && a->deck ? xstrdup(a->deck) : NULL;
	r->s = a && a->s ? a->s : ui->src->start(ui->src->ctx, r->deck);
	if (!r->s) {
		stop_failed(ui, r, _("The review could not start."));
		return r;
	}
	r->card = session_current(r->s, now_ms(ui));
	if (r->card) {
		r->ph = PH_ASK;
		reset_card(ui, r);
	} else if (session_failed(r->s)) {
		stop_failed(ui, r, _("A card could not be read: the review stopped."));
	} else {
		r->ph = session_next_due(r->s) > 0 ? PH_WAIT : PH_OVER;
	}
	if (a && a->notice)
		set_notice(r, a->notice);
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
	editor_release(&r->ed);
	answer_diff_release(&r->diff);
	free(r->notice);
	view_release(&r->view);
	free(r);
}

/* ---- composing the card ------------------------------------------------- */

static void add_md(struct render_doc *v, const char *md, int width, const char *first,
		   const char *rest, unsigned pattr)
{
	int pw = (int)text_width(first, strlen(first));

	view_take(v, render_md(md ? md : "", width - pw), first, rest, pattr);
}

/* The words of an answer, each in its own style, after a label: on the
 * label's line, or for an answer of several lines (ANSWER_LINE marks) one
 * line each under it. A long line scrolls like code. */
static void add_words(struct render_doc *v, const char *label, const struct answer_diff *d)
{
	struct render_doc *doc = xcalloc(1, sizeof(*doc));
	struct render_line l;
	struct buf b = BUF_INIT;
	size_t n = 0, cap = 0;
	bool fresh = true;   /* nothing after the label or the indentation yet */

	memset(&l, 0, sizeof(l));
	buf_adds(&b, label);
	for (size_t i = 0; i <= d->n; i++) {
		if (i == d->n || d->w[i].kind == ANSWER_LINE) {
			if (i < d->n || b.len) {
				l.nspans = n;
				l.text = buf_detach(&b);
				l.width = (int)text_width(l.text, strlen(l.text));
				l.scroll_col = 0;
				XGROW(doc->lines, doc->n + 1, doc->cap);
				doc->lines[doc->n++] = l;
				memset(&l, 0, sizeof(l));
				n = cap = 0;
			}
			if (i < d->n) {
				buf_adds(&b, "  ");
				buf_adds(&b, d->w[i].text);   /* blanks */
				fresh = true;
			}
			if (i == d->n)
				break;
			continue;
		}
		unsigned a = d->w[i].kind == ANSWER_SAME ? 0 :
			d->w[i].kind == ANSWER_MISSING ? UA_RIGHT | RA_LINK : UA_WRONG | RA_STRIKE;
		char *t = text_sanitize(d->w[i].text, strlen(d->w[i].text));

		if (!fresh || (b.len && b.s[b.len - 1] != ' '))
			buf_addch(&b, ' ');
		fresh = false;
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
	buf_release(&b);
	free(l.spans);
	view_take(v, doc, "", "", 0);
}

/* A label, then `text` as written: on the label's line, or its lines under
 * it with their indentation. */
static void add_text(struct render_doc *v, const char *label, const char *text)
{
	struct answer_diff d = { NULL, 0 };
	size_t cap = 0;
	bool lines = strchr(text, '\n') != NULL;

	for (const char *p = text; *p;) {
		size_t len = strcspn(p, "\n"), ind = 0;

		while (ind < len && p[ind] == ' ')
			ind++;
		if (len > ind || !lines) {
			XGROW(d.w, d.n + 2, cap);
			if (lines) {
				d.w[d.n].text = xstrndup(p, ind);
				d.w[d.n++].kind = ANSWER_LINE;
			}
			d.w[d.n].text = xstrndup(p + ind, len - ind);
			d.w[d.n++].kind = ANSWER_SAME;
		}
		p += len + (p[len] ? 1 : 0);
	}
	add_words(v, label, &d);
	answer_diff_release(&d);
}

/* After a typed answer is checked: a right answer shows as typed, with
 * what it was taken for when it was written another way; a wrong one
 * shows its words, wrong ones struck through and missing ones added. */
static void add_verdict(struct render_doc *v, const struct review *r)
{
	const char *typed = editor_text(&r->ed), *exp = expected_answer(r->card);

	if (!r->correct) {
		view_add(v, _("✗ Not quite."), UA_WRONG);
		add_words(v, _("Your answer:"), &r->diff);
		return;
	}
	view_add(v, _("✓ Right."), UA_RIGHT);
	add_text(v, _("Your answer:"), typed);
	/* (an answer of several lines is under the rule, whole) */
	if (!answer_same_text(typed, exp) && !strchr(exp, '\n'))
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
			/* The editor: drawn by review_draw, blank rows here. */
			r->editor_row = (int)v->n;
			for (int i = editor_lines(&r->ed); i > 0; i--)
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
	int64_t el = (clock_mono_ms() - r->shown_at) / 1000;

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
	char *d = xasprintf(P_("%zu done", "%zu done", done), done);
	char *l = xasprintf(P_("%zu left", "%zu left", left), left);
	char *prog = xasprintf("%s · %s", d, l);

	free(d);
	free(l);
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

/* The grade keys with the interval each gives ("1 Again 10m · 2 Hard 2d
 * ..."; no interval in cram mode, where none changes), the suggested one
 * in reverse. Narrower, the names go ("1 10m · 2 2d ..."), then the
 * "Enter accept" that the reverse already says. */
static void draw_grades(struct ui *ui, struct review *r, int y, char labels[4][16])
{
	static const char *const names[4] = { N_("Again"), N_("Hard"), N_("Good"), N_("Easy") };
	bool intervals = labels[0][0] != '\0', drawn = false;

	for (int form = 0; form < 4 && !drawn; form++) {
		bool named = form < 2 || !intervals, enter = r->suggested && !(form & 1);
		char *t[4];
		int w = 0;

		for (int i = 0; i < 4; i++) {
			t[i] = !intervals ? xasprintf("%d %s", i + 1, _(names[i])) :
			       named ? xasprintf("%d %s %s", i + 1, _(names[i]), labels[i]) :
			       xasprintf("%d %s", i + 1, labels[i]);
			w += (int)text_width(t[i], strlen(t[i])) + (i ? 3 : 0);
		}
		if (enter)
			w += (int)text_width(_(" · Enter accept"), strlen(_(" · Enter accept")));
		if (w <= ui->cols - 2 || form == 3) {
			int x = 1;

			for (int i = 0; i < 4; i++) {
				if (i)
					x = ui_put(ui, y, x, " · ", UA_DIM);
				x = ui_put(ui, y, x, t[i], r->suggested == i + 1 ? UA_SELECTED : 0);
			}
			if (enter)
				ui_put(ui, y, x, _(" · Enter accept"), UA_DIM);
			drawn = true;
		}
		for (int i = 0; i < 4; i++)
			free(t[i]);
	}
}

static void draw_hints(struct ui *ui, struct review *r)
{
	int y = ui->rows - 1;
	const struct sess_card *c = r->card;

	if (r->ph == PH_SHOWN) {
		char labels[4][16];

		session_preview(r->s, now_ms(ui), labels);
		draw_grades(ui, r, y, labels);
		return;
	}
	if (r->ph == PH_WAIT || r->ph == PH_OVER) {
		ui_put(ui, y, 1, _("? help · q quit"), UA_DIM);
		return;
	}
	if (wants_answer(r) && r->answering && is_mcq(c)) {
		char *t = xasprintf(_("a–%c choose · Enter check · Esc commands · F1 help"),
				    (int)('a' + (r->nopt < 26 ? r->nopt : 26) - 1));

		ui_put(ui, y, 1, t, UA_DIM);
		free(t);
	} else if (wants_answer(r) && r->answering) {
		ui_put(ui, y, 1, r->ed.multi ?
		       _("Enter new line · Ctrl-D check · Esc commands · F1 help") :
		       _("Enter check · Esc commands · Ctrl-U clear · F1 help"), UA_DIM);
	} else if (wants_answer(r) && is_mcq(c)) {
		ui_put(ui, y, 1, _("Enter check · i choose · u undo · e edit · s suspend · b bury · ? help · q quit"),
		       UA_DIM);
	} else if (wants_answer(r)) {
		ui_put(ui, y, 1, _("Space reveal · i type · u undo · e edit · s suspend · b bury · ? help · q quit"),
		       UA_DIM);
	} else {
		ui_put(ui, y, 1, _("Space show answer · u undo · e edit · s suspend · b bury · ? help · q quit"),
		       UA_DIM);
	}
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

/* Line `line` of the editor at row y: a prompt mark, then the text. In
 * answering mode the cursor is shown. */
static void draw_editor(struct ui *ui, struct review *r, int line, int y)
{
	ui_put(ui, y, 1, line ? "·" : "›", line ? UA_DIM : UA_KEY);
	editor_draw(ui, &r->ed, line, y, 3, ui->cols - 1, r->answering);
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

	int editor_row = -1, editor_n = 0;
	if (is_typed(r->card) && wants_answer(r)) {
		editor_row = r->editor_row;
		editor_n = editor_lines(&r->ed);
		/* The editor grows downwards; the view follows its cursor. */
		if (r->follow && r->answering) {
			int crow = editor_row + editor_cursor_line(&r->ed);

			if (crow < r->scroll)
				r->scroll = crow;
			if (crow >= r->scroll + r->view_h)
				r->scroll = crow - r->view_h + 1;
		}
	}
	for (int i = 0; i < r->view_h && (size_t)(r->scroll + i) < r->view.n; i++) {
		int li = r->scroll + i;
		if (editor_row >= 0 && li >= editor_row && li < editor_row + editor_n) {
			draw_editor(ui, r, li - editor_row, top + i);
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
	if (!r->s) {
		ui_pop(ui);
		return;
	}
	hand_over(ui, &summary_screen, &r->s, &r->deck, NULL);
}

static void grade(struct ui *ui, struct review *r, int rating)
{
	if (session_grade(r->s, rating, now_ms(ui), clock_mono_ms() - r->shown_at) < 0) {
		set_notice(r, _("The answer could not be saved."));
		return;
	}
	set_notice(r, session_last_was_leech(r->s) ?
		   _("Leech: this card keeps slipping, so it was suspended. Rewrite it or split it.") :
		   NULL);
	advance(ui, r);
}

static void undo(struct ui *ui, struct review *r)
{
	if (session_undo(r->s) == 0) {
		advance(ui, r);
		set_notice(r, _("Undone."));
	} else {
		set_notice(r, _("Nothing to undo."));
	}
}

static void submit_typed(struct review *r)
{
	const char *exp = expected_answer(r->card);

	r->submitted = true;
	r->correct = answer_matches(editor_text(&r->ed), exp);
	answer_diff(editor_text(&r->ed), exp, &r->diff);
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

/* Check what was given: the typed text, or the options ticked. */
static void submit(struct review *r)
{
	if (is_mcq(r->card))
		submit_mcq(r);
	else
		submit_typed(r);
}

/* Show the answer of a typed card without checking anything. */
static void give_up(struct review *r)
{
	r->submitted = true;
	r->gave_up = true;
	r->ph = PH_SHOWN;
}

/* A key in answering mode: it goes to the editor or picks an option.
 * Esc leaves for the commands; F1, the page keys and (where the editor
 * has no use for them) the arrows keep their use. */
static void answer_key(struct ui *ui, struct review *r, const struct ui_key *k)
{
	int page = r->view_h > 2 ? r->view_h - 1 : 1;

	if (k->is_key && k->ch == KEY_F(1)) {
		ui_push(ui, &help_screen, NULL);
		return;
	}
	if (k->act == ACT_PAGE_UP || k->act == ACT_PAGE_DOWN) {
		r->scroll += k->act == ACT_PAGE_UP ? -page : page;
		r->follow = false;
		return;
	}
	if (is_mcq(r->card)) {
		int letters = (int)(r->nopt < 26 ? r->nopt : 26);

		if (!k->is_key && k->ch >= 'a' && k->ch < 'a' + letters) {
			r->picked[k->ch - 'a'] = !r->picked[k->ch - 'a'];
		} else if (k->act == ACT_ENTER || k->act == ACT_REVEAL) {
			submit_mcq(r);
		} else if (k->act == ACT_CANCEL) {
			r->answering = false;
		} else if (k->act == ACT_UP || k->act == ACT_DOWN) {
			r->scroll += k->act == ACT_UP ? -1 : 1;
		} else {
			set_notice(r, _("Esc first: the letters tick options here."));
		}
		return;
	}
	switch (editor_key(&r->ed, k)) {
	case EDITOR_SUBMIT:
		submit_typed(r);
		break;
	case EDITOR_LEAVE:
		r->answering = false;
		break;
	case EDITOR_USED:
		r->follow = true;
		break;
	case EDITOR_IGNORED:
		if (k->act == ACT_UP || k->act == ACT_DOWN) {
			r->scroll += k->act == ACT_UP ? -1 : 1;
			r->follow = false;
		}
		break;
	}
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
	if (rc < 0) {
		/* nothing changed: the answer under way and its verdict stay */
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
	set_notice(r, NULL);
	if (wants_answer(r) && r->answering) {
		answer_key(ui, r, k);
		return;
	}
	switch (k->act) {
	case ACT_QUIT:
		quit_to_summary(ui, r);
		return;
	case ACT_HELP:
		ui_push(ui, &help_screen, NULL);
		return;
	case ACT_UP: r->scroll--; r->follow = false; return;
	case ACT_DOWN: r->scroll++; r->follow = false; return;
	case ACT_PAGE_UP: r->scroll -= page; r->follow = false; return;
	case ACT_PAGE_DOWN: r->scroll += page; r->follow = false; return;
	case ACT_TOP: r->scroll = 0; r->follow = false; return;
	case ACT_BOTTOM: r->scroll = 1 << 28; r->follow = false; return;
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
			undo(ui, r);
		}
		return;
	}

	switch (k->act) {
	case ACT_ANSWER:
		if (wants_answer(r)) {
			r->answering = true;
			r->follow = true;
		}
		break;
	case ACT_CANCEL:
		/* Esc after Esc: a typed card shows its answer, options are checked */
		if (wants_answer(r) && is_mcq(c))
			submit_mcq(r);
		else if (wants_answer(r))
			give_up(r);
		break;
	case ACT_ENTER:
	case ACT_REVEAL:
		if (wants_answer(r)) {
			if (k->act == ACT_ENTER || is_mcq(c))
				submit(r);
			else
				give_up(r);
		} else if (r->ph == PH_ASK) {
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
		undo(ui, r);
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
	struct session *s;   /* kept: u takes the last grade back */
	char *deck;
	struct session_summary sum;
	int64_t now;
	const char *notice;
};

static void *summary_open(struct ui *ui, void *arg)
{
	const struct review_arg *a = arg;
	struct summary *m = xcalloc(1, sizeof(*m));

	m->s = a->s;
	m->deck = a->deck ? xstrdup(a->deck) : NULL;
	session_summary(m->s, &m->sum);
	m->now = now_ms(ui);
	return m;
}

static void format_duration(int64_t ms, char *out, size_t n)
{
	int64_t s = ms / 1000;

	if (s >= 3600)
		snprintf(out, n, _("%lldh %02lldm"), (long long)(s / 3600), (long long)(s / 60 % 60));
	else
		snprintf(out, n, _("%lldm %02llds"), (long long)(s / 60), (long long)(s % 60));
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
	if (m->notice)
		ui_put(ui, ui->rows - 2, 1, m->notice, UA_NOTICE);
	ui_put(ui, ui->rows - 1, 1,
	       m->sum.reviewed ? _("u undo the last grade · any other key leaves") :
	       _("Press any key to leave."), UA_DIM);
}

static void summary_key(struct ui *ui, void *st, const struct ui_key *k)
{
	struct summary *m = st;

	if (k->act != ACT_UNDO) {
		ui_pop(ui);
		return;
	}
	if (session_undo(m->s) != 0) {
		m->notice = _("Nothing to undo.");
		return;
	}
	/* Back to the review, with the card of that grade. */
	hand_over(ui, &review_screen, &m->s, &m->deck, _("Undone."));
}

static void summary_close(struct ui *ui, void *st)
{
	struct summary *m = st;

	if (m->s)
		session_free(m->s);
	free(m->deck);
	free(m);
}

const struct screen_ops summary_screen = { summary_open, summary_draw, summary_key, summary_close };
