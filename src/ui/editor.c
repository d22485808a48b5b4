/* editor.c - the text editor of typed answers and of the browse query:
 * UTF-8 text of one line, or of several (see ui_int.h). */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "dkquiz/text.h"
#include "dkquiz/util.h"
#include "ui_int.h"

/* More would be no answer. */
#define EDITOR_MAX 8192

void editor_init(struct editor *e, bool multi)
{
	buf_init(&e->text);
	e->cur = 0;
	e->multi = multi;
}

void editor_release(struct editor *e)
{
	buf_release(&e->text);
	e->cur = 0;
}

void editor_set(struct editor *e, const char *s, bool multi)
{
	buf_reset(&e->text);
	if (s)
		buf_adds(&e->text, s);
	e->cur = e->text.len;
	e->multi = multi;
}

const char *editor_text(const struct editor *e)
{
	return buf_str(&e->text);
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

static size_t line_start(const struct editor *e, size_t at)
{
	while (at > 0 && e->text.s[at - 1] != '\n')
		at--;
	return at;
}

static size_t line_end(const struct editor *e, size_t at)
{
	while (at < e->text.len && e->text.s[at] != '\n')
		at++;
	return at;
}

static void cut(struct editor *e, size_t from, size_t to)
{
	if (from >= to)
		return;
	memmove(e->text.s + from, e->text.s + to, e->text.len - to + 1);
	e->text.len -= to - from;
	e->cur = from;
}

static void insert(struct editor *e, const char *s, size_t n)
{
	if (e->text.len + n > EDITOR_MAX)
		return;
	buf_grow(&e->text, n);
	memmove(e->text.s + e->cur + n, e->text.s + e->cur, e->text.len - e->cur);
	memcpy(e->text.s + e->cur, s, n);
	e->text.len += n;
	e->text.s[e->text.len] = '\0';
	e->cur += n;
}

/* Up or down a line, to the same column or the end of a shorter line. */
static void move_line(struct editor *e, int dir)
{
	size_t start = line_start(e, e->cur), to;
	size_t col = text_width(e->text.s + start, e->cur - start), used = 0;

	if (dir < 0) {
		if (!start)
			return;
		to = line_start(e, start - 1);
	} else {
		size_t end = line_end(e, e->cur);

		if (end == e->text.len)
			return;
		to = end + 1;
	}
	e->cur = to + text_fit(e->text.s + to, line_end(e, to) - to, col, &used);
}

enum editor_result editor_key(struct editor *e, const struct ui_key *k)
{
	const char *s = buf_str(&e->text);
	size_t len = e->text.len;

	if (k->is_key) {
		switch (k->ch) {
		case KEY_LEFT: e->cur = prev_char(s, e->cur); return EDITOR_USED;
		case KEY_RIGHT: e->cur = next_char(s, len, e->cur); return EDITOR_USED;
		case KEY_HOME: e->cur = line_start(e, e->cur); return EDITOR_USED;
		case KEY_END: e->cur = line_end(e, e->cur); return EDITOR_USED;
		case KEY_UP:
		case KEY_DOWN:
			if (!e->multi)
				return EDITOR_IGNORED;
			move_line(e, k->ch == KEY_UP ? -1 : 1);
			return EDITOR_USED;
		case KEY_BACKSPACE:
			if (e->cur)
				cut(e, prev_char(s, e->cur), e->cur);
			return EDITOR_USED;
		case KEY_DC:
			if (e->cur < len)
				cut(e, e->cur, next_char(s, len, e->cur));
			return EDITOR_USED;
		case KEY_ENTER:
			break;   /* as '\r' */
		default:
			return EDITOR_IGNORED;
		}
	}
	switch (k->is_key ? '\r' : k->ch) {
	case '\r':
	case '\n':
		if (!e->multi)
			return EDITOR_SUBMIT;
		insert(e, "\n", 1);
		return EDITOR_USED;
	case 4:                                 /* Ctrl-D */
		return EDITOR_SUBMIT;
	case 27:                                /* Esc */
		return EDITOR_LEAVE;
	case '\t':                              /* YAML wants spaces */
		if (!e->multi)
			return EDITOR_IGNORED;
		insert(e, "  ", 2);
		return EDITOR_USED;
	case 127:
	case 8:
		if (e->cur)
			cut(e, prev_char(s, e->cur), e->cur);
		return EDITOR_USED;
	case 1: e->cur = line_start(e, e->cur); return EDITOR_USED;    /* Ctrl-A */
	case 5: e->cur = line_end(e, e->cur); return EDITOR_USED;      /* Ctrl-E */
	case 21:                                /* Ctrl-U: erase to the line's start */
		cut(e, line_start(e, e->cur), e->cur);
		return EDITOR_USED;
	case 23: {                              /* Ctrl-W: the word before */
		size_t p = e->cur, start = line_start(e, e->cur);

		while (p > start && s[p - 1] == ' ')
			p--;
		while (p > start && s[p - 1] != ' ')
			p--;
		cut(e, p, e->cur);
		return EDITOR_USED;
	}
	default:
		break;
	}
	if (k->ch < 0x20 || k->ch == 0x7f || (k->ch >= 0x80 && k->ch < 0xa0) ||
	    k->ch > 0x10FFFF || (k->ch >= 0xD800 && k->ch <= 0xDFFF))
		return EDITOR_IGNORED;
	char u[4];
	size_t n = utf8_put((uint32_t)k->ch, u);

	insert(e, u, n);
	return EDITOR_USED;
}

int editor_lines(const struct editor *e)
{
	int n = 1;

	for (size_t i = 0; i < e->text.len; i++)
		n += e->text.s[i] == '\n';
	return n;
}

int editor_cursor_line(const struct editor *e)
{
	int n = 0;

	for (size_t i = 0; i < e->cur; i++)
		n += e->text.s[i] == '\n';
	return n;
}

void editor_draw(struct ui *ui, const struct editor *e, int line, int y, int x, int maxx,
		 bool cursor)
{
	const char *s = buf_str(&e->text);
	size_t start = 0, cstart = line_start(e, e->cur);
	int room = maxx - x - 1;
	int shift, ccol = (int)text_width(s + cstart, e->cur - cstart);

	for (int i = 0; i < line && start < e->text.len; i++)
		start = line_end(e, start) + 1;
	if (start > e->text.len)
		return;
	/* Every line shifts as the cursor's does, so that indentation stays
	 * lined up while the cursor is kept in view. */
	shift = ccol > room ? ccol - room : 0;
	size_t end = line_end(e, start), from = start;
	int skipped = 0;

	while (from < end && skipped < shift) {
		uint32_t cp;
		size_t k = utf8_next(s + from, end - from, &cp);

		skipped += cp_width(cp);
		from += k;
	}
	ui_putn(ui, y, x + (skipped - shift), s + from, end - from, RA_CODE, maxx);
	if (cursor && e->cur >= start && e->cur <= end) {
		ui->wants_cursor = true;
		ui->cursor_y = y;
		ui->cursor_x = x + ccol - shift;
	}
}
