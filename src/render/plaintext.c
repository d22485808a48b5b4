/* plaintext.c - card markdown as plain text or simple HTML, and plain text
 * as markdown (see plaintext.h).
 *
 * Both directions lean on the renderer rather than on a second reading of
 * markdown: the text of a card is what render_plain() shows, and the
 * escaping is checked against it (test_export.c runs every bundled card
 * through both), so the two cannot drift apart. */
#include "dkquiz/plaintext.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "dkquiz/render.h"
#include "dkquiz/util.h"

#define NBSP "\xC2\xA0"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_xdigit(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* ---- markdown to text ---------------------------------------------------- */

char *plaintext_from_md(const char *md)
{
	char *s = render_plain(md ? md : "", 0);
	char *w = s;

	/* a no-break space is a space to anyone reading the table */
	for (const char *r = s; *r;) {
		if (!strncmp(r, NBSP, 2)) {
			*w++ = ' ';
			r += 2;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	return s;
}

/* ---- markdown to HTML ---------------------------------------------------- */

static unsigned attr_at(const struct render_line *l, size_t off)
{
	for (size_t i = 0; i < l->nspans; i++)
		if (off >= l->spans[i].off && off < l->spans[i].off + l->spans[i].len)
			return l->spans[i].attr;
	return 0;
}

static const struct {
	unsigned attr;
	const char *open, *close;
} html_styles[] = {
	{ RA_BOLD, "<b>", "</b>" },
	{ RA_ITALIC, "<i>", "</i>" },
	{ RA_STRIKE, "<s>", "</s>" },
	{ RA_CODE | RA_CODEBLOCK, "<code>", "</code>" },
};

static void html_line(struct buf *out, const struct render_line *l)
{
	const char *t = l->text;
	size_t n = strlen(t), i = 0;

	while (n && t[n - 1] == ' ')
		n--;
	while (i < n) {
		unsigned a = attr_at(l, i);
		size_t e = i;

		while (e < n && attr_at(l, e) == a)
			e++;
		for (size_t k = 0; k < ARRAY_SIZE(html_styles); k++)
			if (a & html_styles[k].attr)
				buf_adds(out, html_styles[k].open);
		for (size_t k = i; k < e; k++) {
			switch (t[k]) {
			case '&': buf_adds(out, "&amp;"); break;
			case '<': buf_adds(out, "&lt;"); break;
			case '>': buf_adds(out, "&gt;"); break;
			case '"': buf_adds(out, "&quot;"); break;
			case ' ':
				/* HTML folds spaces: the leading ones and the
				 * second of a run must not be */
				buf_adds(out, k == 0 || t[k - 1] == ' ' ? "&nbsp;" : " ");
				break;
			default:
				if (!strncmp(t + k, NBSP, 2)) {
					buf_adds(out, "&nbsp;");
					k++;
				} else {
					buf_addch(out, t[k]);
				}
			}
		}
		for (size_t k = ARRAY_SIZE(html_styles); k-- > 0;)
			if (a & html_styles[k].attr)
				buf_adds(out, html_styles[k].close);
		i = e;
	}
}

char *plaintext_html_from_md(const char *md)
{
	struct render_doc *d = render_plain_doc(md ? md : "");
	struct buf b = BUF_INIT;
	size_t first = 0, last = d->n;

	while (first < last && !d->lines[first].text[strspn(d->lines[first].text, " ")])
		first++;
	while (last > first && !d->lines[last - 1].text[strspn(d->lines[last - 1].text, " ")])
		last--;
	for (size_t i = first; i < last; i++) {
		if (i > first)
			buf_adds(&b, "<br>");
		html_line(&b, &d->lines[i]);
	}
	render_doc_free(d);
	return buf_detach(&b);
}

/* ---- text to markdown ---------------------------------------------------- */

/* The length of the entity reference at `s` ("&amp;", "&#38;", "&#x26;"),
 * or 0: an & markdown would decode. */
static size_t entity_len(const char *s)
{
	size_t i = 1, start;

	if (s[i] == '#') {
		bool hex = s[++i] == 'x' || s[i] == 'X';

		i += hex;
		start = i;
		while (hex ? is_xdigit(s[i]) : is_digit(s[i]))
			i++;
		if (i == start || i - start > (hex ? 6u : 7u))
			return 0;
	} else {
		start = i;
		while (is_alnum(s[i]))
			i++;
		if (i == start || i - start > 32)
			return 0;
	}
	return s[i] == ';' ? i + 1 : 0;
}

/* Columns of indentation at the start of `s` (n bytes): spaces count one,
 * a tab goes to the next multiple of four. *len gets their bytes. */
static size_t indent_of(const char *s, size_t n, size_t *len)
{
	size_t col = 0, i = 0;

	for (; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
		col = s[i] == '\t' ? col + 4 - col % 4 : col + 1;
	*len = i;
	return col;
}

/* One line of a paragraph, without its indentation. */
static void escape_line(struct buf *out, const char *s, size_t n)
{
	size_t i = 0, d = 0;

	/* what would open a block at the start of a line */
	if (n && strchr("#>-+=", s[0])) {
		buf_addch(out, '\\');
	} else {
		while (d < n && d < 10 && is_digit(s[d]))
			d++;
		if (d && d < 10 && d < n && (s[d] == '.' || s[d] == ')')) {
			buf_add(out, s, d);
			buf_addch(out, '\\');
			i = d;
		}
	}
	for (; i < n; i++) {
		char c = s[i];

		if (strchr("\\`*_[]<|~{", c) || (c == '&' && entity_len(s + i))) {
			buf_addch(out, '\\');
			buf_addch(out, c);
		} else if (c == ' ' && i && s[i - 1] == ' ') {
			buf_adds(out, "&nbsp;");
		} else {
			buf_addch(out, c);
		}
	}
}

struct line {
	const char *s;
	size_t n;
};

/* Lines [from, to) of `v`, none blank: code when all are indented four
 * columns or more, else one paragraph. */
static void add_chunk(struct buf *out, const struct line *v, size_t from, size_t to)
{
	bool code = true;

	for (size_t i = from; i < to && code; i++) {
		size_t len;

		code = indent_of(v[i].s, v[i].n, &len) >= 4;
	}
	for (size_t i = from; i < to; i++) {
		size_t len, col = indent_of(v[i].s, v[i].n, &len);

		if (i > from)
			buf_adds(out, code ? "\n" : "\\\n");
		/* tabs of the indentation as the spaces they stand for */
		for (size_t k = 0; k < col; k++)
			buf_adds(out, code ? " " : "&nbsp;");
		if (code)
			buf_add(out, v[i].s + len, v[i].n - len);
		else
			escape_line(out, v[i].s + len, v[i].n - len);
	}
}

char *plaintext_to_md(const char *text)
{
	struct line *v = NULL;
	size_t n = 0, cap = 0, start = SIZE_MAX;
	struct buf out = BUF_INIT;
	const char *p = text ? text : "";

	for (;;) {
		size_t len = strcspn(p, "\n");
		size_t k = len;

		if (k && p[k - 1] == '\r')
			k--;
		while (k && (p[k - 1] == ' ' || p[k - 1] == '\t'))
			k--;
		XGROW(v, n + 1, cap);
		v[n].s = p;
		v[n++].n = k;
		if (!p[len])
			break;
		p += len + 1;
	}
	for (size_t i = 0; i <= n; i++) {
		/* trailing spaces are gone: a line of spaces is empty */
		bool blank = i == n || !v[i].n;

		if (!blank && start == SIZE_MAX) {
			start = i;
		} else if (blank && start != SIZE_MAX) {
			if (out.len)
				buf_adds(&out, "\n\n");
			add_chunk(&out, v, start, i);
			start = SIZE_MAX;
		}
	}
	free(v);
	if (!out.s)
		return xstrdup("");
	return buf_detach(&out);
}

char *plaintext_code_md(const char *text)
{
	struct buf b = BUF_INIT;
	size_t run = 0, longest = 0, n = strlen(text ? text : "");
	bool pad;

	text = text ? text : "";
	for (size_t i = 0; i < n; i++) {
		run = text[i] == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	/* a backtick at either end would join the fence: a space keeps it out */
	pad = n && (text[0] == '`' || text[n - 1] == '`');
	for (size_t i = 0; i <= longest; i++)
		buf_addch(&b, '`');
	if (pad)
		buf_addch(&b, ' ');
	buf_adds(&b, text);
	if (pad)
		buf_addch(&b, ' ');
	for (size_t i = 0; i <= longest; i++)
		buf_addch(&b, '`');
	return buf_detach(&b);
}
