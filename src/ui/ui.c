/* ui.c - the curses main loop, terminal safety, drawing helpers and the
 * help screen.
 *
 * The loop knows screens only through struct screen_ops: it reads a key,
 * maps it to an action from actions.h, hands it to the top screen and
 * redraws. The terminal is restored on every way out: a normal quit, SIGINT
 * and SIGTERM (flagged by the handler, acted on by the loop, which wakes up
 * at least every second), and die() through the die hook.
 */
#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include "dkquiz/i18n.h"
#include "dkquiz/text.h"
#include "dkquiz/util.h"
#include "ui_int.h"

#define MIN_COLS 40
#define MIN_ROWS 10

static volatile sig_atomic_t got_signal;
static SCREEN *the_screen;
static bool curses_on;

static void on_signal(int sig)
{
	got_signal = sig;
}

static void end_curses(void)
{
	if (curses_on) {
		curs_set(1);
		endwin();
		curses_on = false;
	}
}

/* error() and warning() while curses is on: written to the terminal they
 * would land anywhere on the screen and stay there. They are caught here
 * and drawn over the bottom of the screen until the next key. */
static struct buf captured;

static void die_hook(void)
{
	end_curses();
	/* what was said and not drawn yet goes before the last words */
	if (captured.len)
		fputs(buf_str(&captured), stderr);
}

/* ---- fatal signals -------------------------------------------------------
 *
 * A crash (SIGSEGV, SIGBUS, SIGFPE) or an abort must not leave the terminal
 * without echo, in the alternate screen, with the cursor hidden. curses
 * cannot be called from a signal handler, so what endwin() would do is
 * prepared while curses starts: the terminal modes from before, and the
 * strings that leave the alternate screen, show the cursor and reset the
 * attributes. The handler writes those with async-signal-safe calls, puts
 * the previous handler back (the default action, or a sanitizer's) and lets
 * the signal act again: a fault repeats when the handler returns; a signal
 * that was sent is raised again. */

static const int fatal_signals[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE };
static struct sigaction fatal_old[ARRAY_SIZE(fatal_signals)];
static struct termios saved_modes;
static bool have_modes;
static char restore_seq[256];
static size_t restore_len;

static void add_restore(const char *cap)
{
	char *s = tigetstr((char *)cap);
	size_t n;

	if (!s || s == (char *)-1)
		return;
	n = strlen(s);
	if (restore_len + n < sizeof(restore_seq)) {
		memcpy(restore_seq + restore_len, s, n);
		restore_len += n;
	}
}

static void on_fatal(int sig, siginfo_t *info, void *uctx)
{
	(void)uctx;
	if (restore_len) {
		ssize_t w = write(STDOUT_FILENO, restore_seq, restore_len);
		(void)w;
	}
	if (have_modes)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_modes);
	for (size_t i = 0; i < ARRAY_SIZE(fatal_signals); i++)
		if (fatal_signals[i] == sig)
			sigaction(sig, &fatal_old[i], NULL);
	/* Sent (kill, raise, abort): send it again, to the old handler. A
	 * fault happens again by itself when this returns. */
	if (!info || info->si_code <= 0)
		raise(sig);
}

/* Called with curses started: what to write and which modes to restore. */
static void catch_fatal(void)
{
	struct sigaction sa;

	restore_len = 0;
	add_restore("sgr0");
	add_restore("cnorm");
	add_restore("rmkx");
	add_restore("rmcup");
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fatal;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ARRAY_SIZE(fatal_signals); i++)
		sigaction(fatal_signals[i], &sa, &fatal_old[i]);
}

static void release_fatal(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(fatal_signals); i++)
		sigaction(fatal_signals[i], &fatal_old[i], NULL);
	have_modes = false;
	restore_len = 0;
}

/* ---- actions ------------------------------------------------------------ */

static const struct {
	const char *section;
	const char *label;
	const char *help;
	int keys[4];
} actions[ACT_COUNT] = {
	[ACT_NONE] = { "", "", "", { 0, 0, 0, 0 } },
#define UI_ACTION_ROW(name, section, label, help, k1, k2, k3, k4) \
	[ACT_##name] = { section, label, help, { k1, k2, k3, k4 } },
	UI_ACTIONS(UI_ACTION_ROW)
#undef UI_ACTION_ROW
};

enum ui_action ui_action_of(int ch, int is_key)
{
	int code = is_key ? KK(ch) : ch;

	if (!code)
		return ACT_NONE;
	for (int a = 1; a < ACT_COUNT; a++)
		for (int k = 0; k < 4; k++)
			if (actions[a].keys[k] == code)
				return (enum ui_action)a;
	return ACT_NONE;
}

const char *ui_action_section(enum ui_action a)
{
	return a > ACT_NONE && a < ACT_COUNT ? _(actions[a].section) : NULL;
}

const char *ui_action_label(enum ui_action a)
{
	return a > ACT_NONE && a < ACT_COUNT ? C_msg(actions[a].label) : NULL;
}

const char *ui_action_help(enum ui_action a)
{
	return a > ACT_NONE && a < ACT_COUNT ? _(actions[a].help) : NULL;
}

void ui_keys_table(FILE *fp)
{
	for (int a = 1; a < ACT_COUNT; a++)
		fprintf(fp, "%s\t%s\n", ui_action_label((enum ui_action)a),
			ui_action_help((enum ui_action)a));
}

/* ---- colours and attributes --------------------------------------------- */

enum pair {
	P_KEYWORD = 1, P_STRING, P_COMMENT, P_NUMBER, P_KEY, P_VARIABLE, P_COMMAND,
	P_FLAG, P_CODE, P_HEADING, P_MARKER, P_RIGHT, P_WRONG, P_TITLE, P_NOTICE,
	P_BAR, P_HEAT1, P_HEAT2, P_HEAT3, P_HEAT4
};

static bool use_color;

static void init_colors(void)
{
	static const struct {
		short pair, fg;
	} map[] = {
		{ P_KEYWORD, COLOR_MAGENTA }, { P_STRING, COLOR_GREEN },
		{ P_COMMENT, COLOR_BLUE }, { P_NUMBER, COLOR_YELLOW },
		{ P_KEY, COLOR_CYAN }, { P_VARIABLE, COLOR_YELLOW },
		{ P_COMMAND, COLOR_BLUE }, { P_FLAG, COLOR_CYAN },
		{ P_CODE, COLOR_YELLOW }, { P_HEADING, COLOR_CYAN },
		{ P_MARKER, COLOR_YELLOW }, { P_RIGHT, COLOR_GREEN },
		{ P_WRONG, COLOR_RED }, { P_TITLE, COLOR_CYAN },
		{ P_NOTICE, COLOR_YELLOW },
	};

	start_color();
	/* Keep the terminal's own foreground and background. */
	use_default_colors();
	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		init_pair(map[i].pair, map[i].fg, -1);
	init_pair(P_BAR, COLOR_CYAN, -1);
	/* The heatmap's shades: four greens from dark to bright where the
	 * terminal has them, else one green that to_curses() dims or bolds. */
	for (short l = 0; l < 4; l++) {
		static const short greens[4] = { 22, 28, 34, 46 };

		init_pair((short)(P_HEAT1 + l), COLORS >= 256 ? greens[l] : COLOR_GREEN, -1);
	}
}

static attr_t color(short pair)
{
	return use_color ? COLOR_PAIR(pair) : 0;
}

/* Render and UI style bits to curses attributes. In monochrome the
 * attributes alone carry the meaning (bold, underline, reverse, dim). */
static attr_t to_curses(unsigned a, enum hl_class hl)
{
	attr_t r = 0;

	if (a & RA_BOLD)
		r |= A_BOLD;
	if (a & RA_ITALIC)
		r |= A_ITALIC;
	if (a & (RA_LINK | RA_STRIKE))
		r |= A_UNDERLINE;
	if (a & (RA_FRAME | RA_DIM | RA_PLACEHOLDER | UA_DIM))
		r |= A_DIM;
	if (a & RA_CODE)
		r |= use_color ? color(P_CODE) : A_BOLD;
	if (a & RA_HEADING)
		r |= A_BOLD | color(P_HEADING);
	if (a & RA_MARKER)
		r |= color(P_MARKER);
	if (a & UA_TITLE)
		r |= A_BOLD | color(P_TITLE);
	if (a & UA_SELECTED)
		r |= A_REVERSE;
	if (a & UA_RIGHT)
		r |= A_BOLD | color(P_RIGHT);
	if (a & UA_WRONG)
		r |= A_BOLD | color(P_WRONG) | (use_color ? 0 : A_UNDERLINE);
	if (a & UA_KEY)
		r |= A_BOLD;
	if (a & UA_NOTICE)
		r |= A_BOLD | color(P_NOTICE);
	if (a & UA_BAR)
		r |= color(P_BAR);
	if (a & UA_HEAT_MASK) {
		int l = (int)((a & UA_HEAT_MASK) >> UA_HEAT_SHIFT);

		if (l >= 1 && l <= 4)
			r |= color((short)(P_HEAT1 + l - 1));
		/* without 256 colours (or any), brightness still tells the ends */
		if (l == 1 && (!use_color || COLORS < 256))
			r |= A_DIM;
		if (l == 4)
			r |= A_BOLD;
	}
	switch (hl) {
	case HL_KEYWORD: r |= color(P_KEYWORD) | (use_color ? 0 : A_BOLD); break;
	case HL_STRING: r |= color(P_STRING); break;
	case HL_COMMENT: r |= use_color ? color(P_COMMENT) : A_DIM; break;
	case HL_NUMBER: r |= color(P_NUMBER); break;
	case HL_KEY: r |= color(P_KEY) | (use_color ? 0 : A_BOLD); break;
	case HL_VARIABLE: r |= color(P_VARIABLE); break;
	case HL_COMMAND: r |= A_BOLD | color(P_COMMAND); break;
	case HL_FLAG: r |= color(P_FLAG); break;
	case HL_PUNCT:
	case HL_NONE: break;
	}
	return r;
}

/* ---- drawing ------------------------------------------------------------ */

/* attr_set() takes the colour pair apart from the attributes and would
 * reset the pair that COLOR_PAIR() put in `a` to 0: split them. */
static void set_attr(attr_t a)
{
	attr_set(a & ~A_COLOR, (short)PAIR_NUMBER(a), NULL);
}

/* True when the locale's character set is UTF-8, as every string the
 * screens draw is. Elsewhere (LC_ALL=C, a Latin-1 locale) ncurses would
 * show the bytes of a "─" as "~T~@": text is converted as it is drawn. */
static bool locale_utf8;

/* A character of the same width in ASCII for the ones the screens draw
 * themselves (frames, bars, marks); 0 when there is none. */
static char ascii_glyph(uint32_t cp)
{
	static const struct { uint32_t cp; char c; } map[] = {
		{ 0x2013, '-' }, { 0x2014, '-' }, { 0x2018, '\'' }, { 0x2019, '\'' },
		{ 0x201C, '"' }, { 0x201D, '"' }, { 0x2022, '*' }, { 0x2026, '.' },
		{ 0x203A, '>' }, { 0x00B7, '.' }, { 0x00AB, '"' }, { 0x00BB, '"' },
		{ 0x00A0, ' ' }, { 0x202F, ' ' },
		{ 0x2190, '<' }, { 0x2191, '^' }, { 0x2192, '>' }, { 0x2193, 'v' },
		{ 0x2500, '-' }, { 0x2502, '|' }, { 0x250C, '+' }, { 0x2510, '+' },
		{ 0x2514, '+' }, { 0x2518, '+' }, { 0x251C, '+' }, { 0x2524, '+' },
		{ 0x252C, '+' }, { 0x2534, '+' }, { 0x253C, '+' },
		{ 0x2581, '_' }, { 0x2582, '_' }, { 0x2583, '=' }, { 0x2584, '=' },
		{ 0x2585, '=' }, { 0x2586, '#' }, { 0x2587, '#' }, { 0x2588, '#' },
		{ 0x2591, '.' }, { 0x2592, ':' }, { 0x2593, '%' },
		{ 0x25CB, 'o' }, { 0x25CF, '*' }, { 0x2610, 'o' }, { 0x2612, 'x' },
		{ 0x2713, '+' }, { 0x2717, 'x' }, { 0x241B, '^' }, { 0x2400, '@' },
		{ 0xFFFD, '?' },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].cp == cp)
			return map[i].c;
	return 0;
}

/* `fit` bytes of clean UTF-8 in the locale's character set, each character
 * taking the columns it took: a known glyph as its ASCII look-alike, a
 * letter the locale has as itself (é in Latin-1), anything else as '?'. */
static char *to_locale(const char *s, size_t fit)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < fit;) {
		uint32_t cp;
		size_t k = utf8_next(s + i, fit - i, &cp);
		char mb[MB_LEN_MAX];
		int w = cp_width(cp), len;
		char c;

		i += k;
		if (cp < 0x80) {
			buf_addch(&b, (char)cp);
		} else if ((c = ascii_glyph(cp))) {
			buf_addch(&b, c);
		} else if (w > 0 && (len = wctomb(mb, (wchar_t)cp)) > 0) {
			buf_add(&b, mb, (size_t)len);
		} else {
			for (int j = 0; j < w; j++)
				buf_addch(&b, '?');
		}
	}
	return buf_detach(&b);
}

/* Draw n bytes of already clean UTF-8 from column x, stopping at maxx.
 * Returns the column reached. */
static int put_clean(int y, int x, const char *s, size_t n, attr_t a, int maxx)
{
	size_t used = 0, fit;

	if (x >= maxx || y < 0 || y >= LINES)
		return x;
	fit = text_fit(s, n, (size_t)(maxx - x), &used);
	if (!fit)
		return x;
	set_attr(a);
	if (locale_utf8) {
		mvaddnstr(y, x, s, (int)fit);
	} else {
		char *t = to_locale(s, fit);

		mvaddstr(y, x, t ? t : "");
		free(t);
	}
	set_attr(A_NORMAL);
	return x + (int)used;
}

int ui_putn(struct ui *ui, int y, int x, const char *s, size_t n, unsigned attr, int maxx)
{
	char *clean = text_sanitize(s, n);
	int r;

	/* A tab or newline would move the cursor: one column each. */
	for (char *p = clean; *p; p++)
		if (*p == '\t' || *p == '\n')
			*p = ' ';
	if (maxx > ui->cols)
		maxx = ui->cols;
	r = put_clean(y, x, clean, strlen(clean), to_curses(attr, HL_NONE), maxx);
	free(clean);
	return r;
}

int ui_put(struct ui *ui, int y, int x, const char *s, unsigned attr)
{
	return ui_putn(ui, y, x, s, strlen(s), attr, ui->cols);
}

void ui_fill(struct ui *ui, int y, unsigned attr)
{
	set_attr(to_curses(attr, HL_NONE));
	mvhline(y, 0, ' ', ui->cols);
	set_attr(A_NORMAL);
}

void ui_draw_line(struct ui *ui, int y, const struct render_line *l, int hscroll)
{
	const char *t = l->text;
	size_t len = strlen(t), si = 0, seg = 0, segn = 0;
	int fixed = l->scroll_col >= 0 ? l->scroll_col : INT32_MAX;
	int col = 0, segx = 0;
	attr_t sega = 0;

	if (l->scroll_col < 0 || hscroll < 0)
		hscroll = 0;
	/* Characters are gathered into segments of one style drawn in one call,
	 * so that combining marks stay with their base character. Columns at
	 * or after scroll_col move left by hscroll; those that land in the
	 * fixed part are hidden. */
	for (size_t pos = 0; pos < len;) {
		uint32_t cp;
		size_t k = utf8_next(t + pos, len - pos, &cp);
		int w = cp_width(cp);
		unsigned attr = 0;
		enum hl_class hl = HL_NONE;

		while (si < l->nspans && l->spans[si].off + l->spans[si].len <= pos)
			si++;
		if (si < l->nspans && l->spans[si].off <= pos) {
			attr = l->spans[si].attr;
			hl = l->spans[si].hl;
		}
		attr_t a = to_curses(attr, hl);
		int x = col < fixed ? col : col - hscroll;
		bool hidden = col >= fixed && x < fixed;

		if (w == 0 && segn) {
			segn += k;
		} else {
			if (segn && (hidden || a != sega || segx + (int)text_width(t + seg, segn) != x)) {
				put_clean(y, segx, t + seg, segn, sega, ui->cols);
				segn = 0;
			}
			if (hidden) {
				/* A wide character cut by the fixed part: blanks. */
				for (int c = fixed; c < x + w && c < ui->cols; c++)
					mvaddch(y, c, ' ');
			} else if (w > 0 || !segn) {
				if (x >= ui->cols)
					break;
				if (!segn) {
					seg = pos;
					segx = x;
					sega = a;
				}
				segn += k;
			}
		}
		col += w;
		pos += k;
	}
	if (segn)
		put_clean(y, segx, t + seg, segn, sega, ui->cols);
}

/* ---- views -------------------------------------------------------------- */

static void doc_add_line(struct render_doc *v, struct render_line *l)
{
	XGROW(v->lines, v->n + 1, v->cap);
	v->lines[v->n++] = *l;
	if (l->width > v->max_width)
		v->max_width = l->width;
}

void view_add(struct render_doc *v, const char *text, unsigned attr)
{
	struct render_line l;

	l.text = text_sanitize(text, strlen(text));
	for (char *p = l.text; *p; p++)
		if (*p == '\t' || *p == '\n')
			*p = ' ';
	l.width = (int)text_width(l.text, strlen(l.text));
	l.scroll_col = -1;
	l.nspans = 0;
	l.spans = NULL;
	if (attr && *l.text) {
		l.spans = xmalloc(sizeof(*l.spans));
		l.spans[0].off = 0;
		l.spans[0].len = strlen(l.text);
		l.spans[0].attr = attr;
		l.spans[0].hl = HL_NONE;
		l.nspans = 1;
	}
	doc_add_line(v, &l);
}

void view_take(struct render_doc *v, struct render_doc *d, const char *first,
	       const char *rest, unsigned pattr)
{
	for (size_t i = 0; i < d->n; i++) {
		struct render_line *l = &d->lines[i];
		const char *pre = i ? rest : first;
		size_t pl = strlen(pre);
		int pw = (int)text_width(pre, pl);
		struct render_line nl;

		nl.text = xasprintf("%s%s", pre, l->text);
		nl.width = l->width + pw;
		nl.scroll_col = l->scroll_col >= 0 ? l->scroll_col + pw : -1;
		nl.nspans = l->nspans + (pl && pattr ? 1 : 0);
		nl.spans = xcalloc(nl.nspans ? nl.nspans : 1, sizeof(*nl.spans));
		size_t k = 0;
		if (pl && pattr) {
			nl.spans[0].off = 0;
			nl.spans[0].len = pl;
			nl.spans[0].attr = pattr;
			nl.spans[0].hl = HL_NONE;
			k = 1;
		}
		for (size_t j = 0; j < l->nspans; j++, k++) {
			nl.spans[k] = l->spans[j];
			nl.spans[k].off += pl;
		}
		free(l->text);
		free(l->spans);
		doc_add_line(v, &nl);
	}
	d->n = 0;
	render_doc_free(d);
}

void view_clear(struct render_doc *v)
{
	for (size_t i = 0; i < v->n; i++) {
		free(v->lines[i].text);
		free(v->lines[i].spans);
	}
	v->n = 0;
	v->max_width = 0;
}

void view_release(struct render_doc *v)
{
	view_clear(v);
	free(v->lines);
	v->lines = NULL;
}

/* ---- the screen stack --------------------------------------------------- */

void ui_push(struct ui *ui, const struct screen_ops *ops, void *arg)
{
	if (ui->depth == (int)ARRAY_SIZE(ui->stack))
		die("too many screens open");
	ui->stack[ui->depth].ops = ops;
	ui->stack[ui->depth].st = NULL;
	ui->depth++;
	ui->stack[ui->depth - 1].st = ops->open(ui, arg);
}

void ui_pop(struct ui *ui)
{
	if (!ui->depth)
		return;
	ui->depth--;
	ui->stack[ui->depth].ops->close(ui, ui->stack[ui->depth].st);
}

void ui_replace(struct ui *ui, const struct screen_ops *ops, void *arg)
{
	ui_pop(ui);
	ui_push(ui, ops, arg);
}

void ui_suspend(struct ui *ui)
{
	def_prog_mode();
	endwin();
}

void ui_resume(struct ui *ui)
{
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
}

int ui_edit_card(struct ui *ui, struct session *s, struct sess_card *c, const char **notice)
{
	int rc = -1;

	if (ui->src->edit) {
		ui_suspend(ui);
		rc = ui->src->edit(ui->src->ctx, s, c);
		ui_resume(ui);
	}
	if (rc < 0)
		*notice = _("The card could not be edited.");
	else if (rc > 0)
		*notice = _("The card is no longer in the database.");
	else if (c->retired)
		*notice = _("The card is no longer in its file: it is retired, its history kept.");
	else
		*notice = NULL;
	return rc;
}

/* ---- help --------------------------------------------------------------- */

/* The help is the action list, section by section: the keys in a column,
 * their help wrapped beside them. */
struct help {
	int scroll;
	struct render_doc view;
	int cols;              /* the width the view was made for */
};

static void *help_open(struct ui *ui, void *arg)
{
	return xcalloc(1, sizeof(struct help));
}

void view_add_wrapped(struct render_doc *v, const char *pre, const char *text, int width,
		      unsigned pattr)
{
	const char *p = text;
	int pw = (int)text_width(pre, strlen(pre));
	bool first = true;

	if (width < 10)
		width = 10;
	do {
		size_t used = 0, fit = text_fit(p, strlen(p), (size_t)width, &used), cut = fit;
		char *line;

		if (p[fit]) {
			while (cut && p[cut] != ' ')
				cut--;
			if (!cut)
				cut = fit;
		}
		line = xasprintf("%s%.*s", first ? pre : "", (int)cut, p);
		if (!first) {
			char *ind = xasprintf("%*s%s", pw, "", line);

			free(line);
			line = ind;
		}
		view_add(v, line, 0);
		/* the keys in their style */
		if (first && pattr && v->lines[v->n - 1].nspans == 0 && *pre) {
			struct render_line *l = &v->lines[v->n - 1];

			l->spans = xmalloc(sizeof(*l->spans));
			l->spans[0] = (struct render_span){ 0, strlen(pre), pattr, HL_NONE };
			l->nspans = 1;
		}
		free(line);
		first = false;
		p += cut;
		while (*p == ' ')
			p++;
	} while (*p);
}

static void help_compose(struct ui *ui, struct help *h)
{
	int labw = 0;
	const char *section = NULL;

	view_clear(&h->view);
	for (int a = 1; a < ACT_COUNT; a++) {
		int w = (int)text_width(ui_action_label(a), strlen(ui_action_label(a)));

		if (w > labw)
			labw = w;
	}
	if (labw > ui->cols / 3)
		labw = ui->cols / 3;
	for (int a = 1; a < ACT_COUNT; a++) {
		const char *label = ui_action_label(a);
		int w = (int)text_width(label, strlen(label));
		char *pre;

		if (!section || strcmp(section, ui_action_section(a))) {
			section = ui_action_section(a);
			if (h->view.n)
				view_add(&h->view, "", 0);
			view_add(&h->view, section, UA_TITLE);
		}
		/* a label wider than the column gets a line of its own */
		if (w > labw) {
			view_add(&h->view, label, UA_KEY);
			pre = xasprintf("%*s", labw + 2, "");
		} else {
			pre = xasprintf("%s%*s", label, labw - w + 2, "");
		}
		view_add_wrapped(&h->view, pre, ui_action_help(a), ui->cols - labw - 4,
			    w > labw ? 0 : UA_KEY);
		free(pre);
	}
	h->cols = ui->cols;
}

static void help_draw(struct ui *ui, void *st)
{
	struct help *h = st;
	int rows = ui->rows - 3;

	if (h->cols != ui->cols || !h->view.n)
		help_compose(ui, h);
	if (h->scroll > (int)h->view.n - rows)
		h->scroll = (int)h->view.n - rows;
	if (h->scroll < 0)
		h->scroll = 0;
	ui_put(ui, 0, 0, _("dkquiz — keys"), UA_TITLE);
	for (int i = 0; i < rows && (size_t)(h->scroll + i) < h->view.n; i++)
		ui_draw_line(ui, 2 + i, &h->view.lines[h->scroll + i], 0);
	ui_put(ui, ui->rows - 1, 0, _("↑/↓ PgUp/PgDn scroll, any other key closes."), UA_DIM);
}

static void help_key(struct ui *ui, void *st, const struct ui_key *k)
{
	struct help *h = st;
	int page = ui->rows - 4 > 1 ? ui->rows - 4 : 1;

	if (k->act == ACT_DOWN || k->act == ACT_PAGE_DOWN)
		h->scroll += k->act == ACT_DOWN ? 1 : page;
	else if (k->act == ACT_UP || k->act == ACT_PAGE_UP)
		h->scroll -= k->act == ACT_UP ? 1 : page;
	else
		ui_pop(ui);
}

static void help_close(struct ui *ui, void *st)
{
	struct help *h = st;

	view_release(&h->view);
	free(h);
}

const struct screen_ops help_screen = { help_open, help_draw, help_key, help_close };

/* ---- the main loop ------------------------------------------------------ */

#define MESSAGE_ROWS 4

static void draw_messages(struct ui *ui)
{
	struct render_doc v = { NULL, 0, 0, 0 };
	const char *p;
	size_t first;

	if (captured.len) {
		buf_adds(&ui->messages, buf_str(&captured));
		buf_reset(&captured);
	}
	if (!ui->messages.len)
		return;
	for (p = buf_str(&ui->messages); *p;) {
		size_t len = strcspn(p, "\n");
		char *line = xstrndup(p, len);

		view_add_wrapped(&v, "", line, ui->cols - 2, 0);
		free(line);
		p += len + (p[len] ? 1 : 0);
	}
	/* the last lines, the newest at the bottom, above the screen's own
	 * notice line and its key line */
	first = v.n > MESSAGE_ROWS ? v.n - MESSAGE_ROWS : 0;
	for (size_t i = first; i < v.n; i++) {
		int y = ui->rows - 2 - (int)(v.n - i);

		if (y >= 0) {
			ui_fill(ui, y, 0);
			ui_putn(ui, y, 1, v.lines[i].text, strlen(v.lines[i].text), UA_WRONG, ui->cols - 1);
		}
	}
	view_release(&v);
}

static void draw(struct ui *ui)
{
	getmaxyx(stdscr, ui->rows, ui->cols);
	erase();
	ui->wants_cursor = false;
	if (ui->cols < MIN_COLS || ui->rows < MIN_ROWS) {
		char *msg = xasprintf(_("(need %d×%d)"), MIN_COLS, MIN_ROWS);
		ui_put(ui, ui->rows / 2 - 1, 0, _("Terminal too small"), UA_NOTICE);
		ui_put(ui, ui->rows / 2, 0, msg, UA_DIM);
		free(msg);
	} else if (ui->depth) {
		ui->stack[ui->depth - 1].ops->draw(ui, ui->stack[ui->depth - 1].st);
		draw_messages(ui);
	}
	if (ui->wants_cursor) {
		curs_set(1);
		move(ui->cursor_y, ui->cursor_x);
	} else {
		curs_set(0);
	}
	refresh();
}

/* After an ESC: curses has already waited ESCDELAY for a sequence it knows.
 * Bytes that are there at once belong to a sequence it does not know (tmux
 * and some terminals send "\e[1~" for Home); they must not act as keys
 * ("\e[1~" would otherwise be Esc, '[', '1' = grade Again). The usual
 * Home and End forms become those keys; the rest is dropped. Returns the
 * key code, 0 for a dropped sequence, or -1 for a lone Esc. */
static int read_sequence(void)
{
	static const struct {
		const char *seq;
		int key;
	} known[] = {
		{ "[1~", KEY_HOME }, { "[7~", KEY_HOME }, { "[H", KEY_HOME }, { "OH", KEY_HOME },
		{ "[4~", KEY_END }, { "[8~", KEY_END }, { "[F", KEY_END }, { "OF", KEY_END },
		{ "[3~", KEY_DC }, { "[5~", KEY_PPAGE }, { "[6~", KEY_NPAGE },
	};
	char seq[40];
	wint_t ch;
	int r, n = 0;

	timeout(0);
	/* Only CSI ("\e[") and SS3 ("\eO") start a sequence; anything else
	 * after an Esc is a key of its own and goes back to the queue. */
	r = get_wch(&ch);
	if (r == ERR) {
		timeout(1000);
		return -1;
	}
	if (r != OK || (ch != '[' && ch != 'O')) {
		if (r == KEY_CODE_YES)
			ungetch((int)ch);
		else
			unget_wch((wchar_t)ch);
		timeout(1000);
		return -1;
	}
	seq[n++] = (char)ch;
	while ((r = get_wch(&ch)) != ERR) {
		if (r == KEY_CODE_YES || ch > 0x7e || n + 1 >= (int)sizeof(seq))
			break;
		seq[n++] = (char)ch;
		/* The final byte of a CSI or SS3 sequence ends it. */
		if (n > 1 && ch >= 0x40 && ch <= 0x7e)
			break;
	}
	timeout(1000);
	if (!n)
		return -1;
	seq[n] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(known); i++)
		if (!strcmp(seq, known[i].seq))
			return known[i].key;
	return 0;
}

static void set_handlers(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: get_wch returns and the loop sees the flag. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

int ui_run(const struct ui_source *src, const struct ui_options *o)
{
	struct ui ui;
	const char *term = getenv("TERM");
	int rc = 0;
	struct buf *before;

	memset(&ui, 0, sizeof(ui));
	ui.src = src;
	ui.opt = o;
	got_signal = 0;
	/* Before curses starts, so that ncurses keeps our handlers. */
	set_handlers();
	have_modes = tcgetattr(STDIN_FILENO, &saved_modes) == 0;
	switch (ui_term_check()) {
	case UI_TERM_OK:
		the_screen = newterm(NULL, stdout, stdin);
		break;
	case UI_TERM_DUMB:
		if (!term || !*term)
			error(_("TERM is not set, so no screen can be drawn; "
				"'dkquiz review --plain' works on any terminal"));
		else
			error(_("terminal '%s' cannot draw a screen; "
				"'dkquiz review --plain' works on any terminal"), term);
		return 1;
	case UI_TERM_UNKNOWN:
		break;
	}
	if (!the_screen) {
		error(_("unknown terminal type '%s'"), term && *term ? term : "");
		return 1;
	}
	set_term(the_screen);
	locale_utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	curses_on = true;
	set_die_hook(die_hook);
	catch_fatal();
	before = capture_messages(&captured);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	/* Wake up every second: the timer, waiting cards, signals. */
	timeout(1000);
	use_color = o->color && has_colors();
	if (use_color)
		init_colors();
	ui.color = use_color;

	if (o->start_stats) {
		ui_push(&ui, &stats_screen, (void *)o->stats);
	} else if (o->start_browse) {
		struct ui_browse_arg ba = { o->deck, o->query, false };

		ui_push(&ui, &browse_screen, &ba);
	} else if (o->start_review)
		ui_push(&ui, &review_screen, &(struct review_arg){ o->deck, NULL, NULL });
	else
		ui_push(&ui, &home_screen, NULL);

	while (ui.depth && !got_signal) {
		wint_t ch;
		int r;

		draw(&ui);
		r = get_wch(&ch);
		if (got_signal)
			break;
		if (r == ERR)
			continue;
		if (r == KEY_CODE_YES && ch == KEY_RESIZE)
			continue;   /* the next draw lays out at the new size */
		if (r == OK && ch == 27) {
			int key = read_sequence();
			if (key == 0)
				continue;
			if (key > 0) {
				r = KEY_CODE_YES;
				ch = (wint_t)key;
			}
		}
		struct ui_key k;
		/* a key: the messages on screen have been seen */
		buf_reset(&ui.messages);
		k.is_key = r == KEY_CODE_YES;
		k.ch = (int)ch;
		/* nonl(): Enter arrives as '\r'. */
		k.act = ui_action_of(k.ch, k.is_key);
		ui.stack[ui.depth - 1].ops->key(&ui, ui.stack[ui.depth - 1].st, &k);
	}
	if (got_signal)
		rc = 128 + (int)got_signal;
	else if (ui.failed)
		rc = 1;
	while (ui.depth)
		ui_pop(&ui);
	capture_messages(before);
	end_curses();
	release_fatal();
	/* what came after the last draw is printed, now that it can be read */
	if (captured.len)
		put_messages(buf_str(&captured));
	buf_release(&captured);
	buf_release(&ui.messages);
	set_die_hook(NULL);
	delscreen(the_screen);
	the_screen = NULL;
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	return rc;
}

void ui_free_decks(struct deck_count *d, size_t n)
{
	if (!d)
		return;
	for (size_t i = 0; i < n; i++)
		free(d[i].name);
	free(d);
}
