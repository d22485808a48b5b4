/* render.c - markdown blocks to styled, wrapped lines.
 *
 * The block tree is walked in pre-order without recursion (md_next); a
 * stack of "levels" (quotes, lists, items) supplies each output line's
 * prefix: the item's marker on its first line, the hanging indent after.
 * Only the levels that fit in a third of the width are drawn, so a
 * pathological nesting costs memory linear in its depth and no more.
 *
 * Inline content becomes "runs" (sanitised text with style bits), which the
 * wrapper cuts into lines by display columns.
 *
 * A text of words, plain punctuation and code spans, as most questions and
 * options are, does not go through the markdown parser: the one paragraph
 * the parser would make of it is built directly (plain_paragraph). Its
 * plain rendering, and that of a list of such texts or of a fenced code
 * block, is laid out straight from the text (plain_direct).
 */
#include "dkquiz/render.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dkquiz/markdown.h"
#include "dkquiz/text.h"
#include "dkquiz/util.h"

#define NO_WRAP (INT_MAX / 4)
#define RUN_BREAK (1u << 31)   /* a hard line break inside inline content */

/* ---- line building ------------------------------------------------------ */

struct lb {
	struct buf t;
	struct render_span *sp;
	size_t nsp, cap;
	int width;
};

static void lb_init(struct lb *b)
{
	memset(b, 0, sizeof(*b));
}

static void lb_release(struct lb *b)
{
	buf_release(&b->t);
	free(b->sp);
	lb_init(b);
}

static void lb_add_w(struct lb *b, const char *s, size_t n, unsigned attr,
		     enum hl_class hl, int w)
{
	size_t off = b->t.len;

	if (!n)
		return;
	buf_add(&b->t, s, n);
	b->width += w;
	if (!attr && hl == HL_NONE)
		return;
	if (b->nsp) {
		struct render_span *last = &b->sp[b->nsp - 1];
		if (last->attr == attr && last->hl == hl && last->off + last->len == off) {
			last->len += n;
			return;
		}
	}
	XGROW(b->sp, b->nsp + 1, b->cap);
	b->sp[b->nsp].off = off;
	b->sp[b->nsp].len = n;
	b->sp[b->nsp].attr = attr;
	b->sp[b->nsp].hl = hl;
	b->nsp++;
}

static void lb_add(struct lb *b, const char *s, size_t n, unsigned attr, enum hl_class hl)
{
	lb_add_w(b, s, n, attr, hl, (int)text_width(s, n));
}

static void lb_adds(struct lb *b, const char *s, unsigned attr)
{
	lb_add(b, s, strlen(s), attr, HL_NONE);
}

static void lb_repeat(struct lb *b, const char *s, int times, unsigned attr)
{
	for (int i = 0; i < times; i++)
		lb_adds(b, s, attr);
}

/* Append another built line (its spans shifted). */
static void lb_append(struct lb *b, const struct lb *o)
{
	size_t start = 0;

	for (size_t i = 0; i < o->nsp; i++) {
		const struct render_span *s = &o->sp[i];
		if (s->off > start)
			lb_add(b, o->t.s + start, s->off - start, 0, HL_NONE);
		lb_add(b, o->t.s + s->off, s->len, s->attr, s->hl);
		start = s->off + s->len;
	}
	if (o->t.len > start)
		lb_add(b, o->t.s + start, o->t.len - start, 0, HL_NONE);
}

struct lines {
	struct lb *v;
	size_t n, cap;
};

static struct lb *lines_new(struct lines *l)
{
	XGROW(l->v, l->n + 1, l->cap);
	lb_init(&l->v[l->n]);
	return &l->v[l->n++];
}

static void lines_release(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		lb_release(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* ---- inline runs -------------------------------------------------------- */

struct run {
	size_t off, len;
	unsigned attr;
};

struct runs {
	struct buf text;
	struct run *r;
	size_t n, cap;
};

static void runs_add(struct runs *rs, const char *s, size_t n, unsigned attr)
{
	size_t off = rs->text.len;

	if (!n && !(attr & RUN_BREAK))
		return;
	buf_add(&rs->text, s, n);
	if (rs->n && rs->r[rs->n - 1].attr == attr && !(attr & RUN_BREAK) &&
	    rs->r[rs->n - 1].off + rs->r[rs->n - 1].len == off) {
		rs->r[rs->n - 1].len += n;
		return;
	}
	XGROW(rs->r, rs->n + 1, rs->cap);
	rs->r[rs->n].off = off;
	rs->r[rs->n].len = n;
	rs->r[rs->n].attr = attr;
	rs->n++;
}

/* Text from a file: control characters become visible placeholders. */
static void runs_add_text(struct runs *rs, const char *s, unsigned attr)
{
	char *clean;

	if (!s || !*s)
		return;
	clean = text_sanitize(s, strlen(s));
	runs_add(rs, clean, strlen(clean), attr);
	free(clean);
}

static void runs_release(struct runs *rs)
{
	buf_release(&rs->text);
	free(rs->r);
	memset(rs, 0, sizeof(*rs));
}

static unsigned inline_attr(int emph, int strong, int strike, int link, int image)
{
	return (emph ? RA_ITALIC : 0) | (strong ? RA_BOLD : 0) | (strike ? RA_STRIKE : 0) |
		(link ? RA_LINK : 0) | (image ? RA_PLACEHOLDER : 0);
}

/* Leaving a container inline: undo what entering it did. */
static void inline_close(struct runs *rs, const struct md_inline *n, unsigned base,
			 int *emph, int *strong, int *strike, int *link, int *image)
{
	switch (n->type) {
	case MD_EMPH: (*emph)--; break;
	case MD_STRONG: (*strong)--; break;
	case MD_STRIKE: (*strike)--; break;
	case MD_LINK: (*link)--; break;
	case MD_IMAGE:
		runs_add(rs, "]", 1, base | RA_PLACEHOLDER);
		(*image)--;
		break;
	default: break;
	}
}

static void runs_from_inlines(struct runs *rs, const struct md_inline *first, unsigned base)
{
	int emph = 0, strong = 0, strike = 0, link = 0, image = 0;
	const struct md_inline *stop = first ? first->parent : NULL;
	const struct md_inline *n = first;

	while (n) {
		unsigned a = base | inline_attr(emph, strong, strike, link, image);
		bool container = false;

		switch (n->type) {
		case MD_TEXT:
			runs_add_text(rs, n->text, a);
			break;
		case MD_CODE_SPAN:
			runs_add_text(rs, n->text, a | RA_CODE);
			break;
		case MD_HTML_INLINE:
			/* Tags are markup, not text; only a line break shows. */
			if (n->text && !strncasecmp(n->text, "<br", 3))
				runs_add(rs, "", 0, base | RUN_BREAK);
			break;
		case MD_SOFTBREAK:
			runs_add(rs, " ", 1, a);
			break;
		case MD_LINEBREAK:
			runs_add(rs, "", 0, base | RUN_BREAK);
			break;
		case MD_EMPH: emph++; container = true; break;
		case MD_STRONG: strong++; container = true; break;
		case MD_STRIKE: strike++; container = true; break;
		case MD_LINK: link++; container = true; break;
		case MD_IMAGE:
			runs_add(rs, "[image: ", 8, a | RA_PLACEHOLDER);
			image++;
			container = true;
			break;
		}
		if (container && n->children) {
			n = n->children;
			continue;
		}
		if (container)
			inline_close(rs, n, base, &emph, &strong, &strike, &link, &image);
		while (n && !n->next) {
			n = n->parent;
			if (!n || n == stop) {
				n = NULL;
				break;
			}
			inline_close(rs, n, base, &emph, &strong, &strike, &link, &image);
		}
		if (n)
			n = n->next;
	}
}

/* ---- wrapping ----------------------------------------------------------- */

struct chunk {
	size_t off, len;
	unsigned attr;
	int w;
};

struct wrapper {
	const struct runs *rs;
	int width;
	struct lines *out;
	struct lb *cur;
	struct chunk *word;
	size_t nword, capword;
	int word_w;
	bool space;          /* a space separates the pending word from the line */
	unsigned space_attr;
};

static struct lb *wr_line(struct wrapper *w)
{
	if (!w->cur)
		w->cur = lines_new(w->out);
	return w->cur;
}

static void wr_break(struct wrapper *w)
{
	wr_line(w);
	w->cur = NULL;
}

static void wr_flush(struct wrapper *w, bool space_before)
{
	struct lb *l;

	if (!w->nword)
		return;
	l = wr_line(w);
	if (l->width > 0 && l->width + (space_before ? 1 : 0) + w->word_w > w->width) {
		wr_break(w);
		l = wr_line(w);
	} else if (l->width > 0 && space_before) {
		lb_add_w(l, " ", 1, w->space_attr, HL_NONE, 1);
	}
	if (w->word_w <= w->width - l->width) {
		for (size_t i = 0; i < w->nword; i++)
			lb_add_w(l, w->rs->text.s + w->word[i].off, w->word[i].len,
				 w->word[i].attr, HL_NONE, w->word[i].w);
	} else {
		/* Longer than a line: cut it between characters. */
		for (size_t i = 0; i < w->nword; i++) {
			const char *s = w->rs->text.s + w->word[i].off;
			size_t left = w->word[i].len;
			while (left) {
				size_t used = 0;
				size_t room = (size_t)(w->width - l->width);
				size_t k = text_fit(s, left, room, &used);
				if (!k && l->width == 0) {
					/* A wide character on a 1-column line. */
					uint32_t cp;
					k = utf8_next(s, left, &cp);
					used = (size_t)cp_width(cp);
				}
				if (!k) {
					wr_break(w);
					l = wr_line(w);
					continue;
				}
				lb_add_w(l, s, k, w->word[i].attr, HL_NONE, (int)used);
				s += k;
				left -= k;
			}
		}
	}
	w->nword = 0;
	w->word_w = 0;
}

static void wr_char(struct wrapper *w, size_t off, size_t len, unsigned attr, int cw)
{
	if (w->nword) {
		struct chunk *c = &w->word[w->nword - 1];
		if (c->attr == attr && c->off + c->len == off) {
			c->len += len;
			c->w += cw;
			w->word_w += cw;
			return;
		}
	}
	XGROW(w->word, w->nword + 1, w->capword);
	w->word[w->nword].off = off;
	w->word[w->nword].len = len;
	w->word[w->nword].attr = attr;
	w->word[w->nword].w = cw;
	w->nword++;
	w->word_w += cw;
}

/* Wrap runs to `width` columns, appending lines to `out` (at least one). */
static void wrap_runs(const struct runs *rs, int width, struct lines *out)
{
	struct wrapper w;
	size_t first = out->n;

	memset(&w, 0, sizeof(w));
	w.rs = rs;
	w.width = width < 1 ? 1 : width;
	w.out = out;
	for (size_t i = 0; i < rs->n; i++) {
		const struct run *r = &rs->r[i];
		if (r->attr & RUN_BREAK) {
			wr_flush(&w, w.space);
			w.space = false;
			wr_break(&w);
			continue;
		}
		/* A code span that fits a line stays on one: a command cut in two
		 * reads as two commands. */
		bool keep = (r->attr & RA_CODE) &&
			(int)text_width(rs->text.s + r->off, r->len) <= w.width;
		for (size_t p = r->off, end = r->off + r->len; p < end;) {
			const unsigned char *t = (const unsigned char *)rs->text.s;
			uint32_t cp;
			size_t k;

			/* ASCII that does not break a line, a column a byte: in
			 * one piece rather than a call per character */
			for (k = 0; p + k < end && t[p + k] < 0x80 && t[p + k] != '\t' &&
			     t[p + k] != '\n' && (keep || t[p + k] != ' '); k++)
				;
			if (k) {
				wr_char(&w, p, k, r->attr, (int)k);
				p += k;
				continue;
			}
			k = utf8_next(rs->text.s + p, end - p, &cp);
			if (keep && cp == ' ') {
				wr_char(&w, p, k, r->attr, 1);
			} else if (cp == ' ' || cp == '\t' || cp == '\n') {
				wr_flush(&w, w.space);
				w.space = true;
				w.space_attr = r->attr;
			} else {
				int cw = cp_width(cp);
				if (cw == 2) {
					/* Wide characters (CJK) may break on either side. */
					if (w.nword) {
						wr_flush(&w, w.space);
						w.space = false;
					}
					wr_char(&w, p, k, r->attr, cw);
					wr_flush(&w, w.space);
					w.space = false;
				} else {
					wr_char(&w, p, k, r->attr, cw);
				}
			}
			p += k;
		}
	}
	wr_flush(&w, w.space);
	free(w.word);
	if (out->n == first)
		lines_new(out);
}

/* ---- the document walk -------------------------------------------------- */

struct level {
	const struct md_block *b;
	char marker[48];    /* first line */
	char cont[48];      /* following lines */
	unsigned attr;
	int w;
	bool pending;       /* the marker has not been drawn yet */
	bool visible;
	int counter;        /* list: the next item's number */
	int numw;           /* list: digits of the largest number */
};

struct ctx {
	struct render_doc *doc;
	int width;
	bool plain;
	struct level *lev;
	size_t nlev, caplev;
	size_t *vis;        /* indices of the visible levels */
	size_t nvis, capvis;
	int prefix_w;
	int quotes;         /* quote levels open, drawn or not */
	bool list_start;
	bool any;           /* a block has been drawn */
};

static const char *frame(const struct ctx *c, const char *box, const char *ascii)
{
	return c->plain ? ascii : box;
}

static void doc_push(struct ctx *c, struct lb *b, int scroll_col)
{
	struct render_doc *d = c->doc;
	struct render_line *l;

	XGROW(d->lines, d->n + 1, d->cap);
	l = &d->lines[d->n++];
	l->text = buf_detach(&b->t);
	l->spans = b->sp;
	l->nspans = b->nsp;
	l->width = b->width;
	l->scroll_col = scroll_col;
	if (l->width > d->max_width)
		d->max_width = l->width;
	lb_init(b);
}

/* Emit one line: the levels' prefixes, then `content`. */
static void emit(struct ctx *c, const struct lb *content, int scroll_col, bool blank)
{
	struct lb l;

	lb_init(&l);
	for (size_t i = 0; i < c->nvis; i++) {
		struct level *v = &c->lev[c->vis[i]];
		bool first = v->pending && !blank;
		/* A blank line belongs to the levels already drawn, not to a
		 * quote or item that starts after it. */
		if (blank && v->pending)
			break;
		lb_adds(&l, first ? v->marker : v->cont, v->attr);
		if (first)
			v->pending = false;
	}
	if (content)
		lb_append(&l, content);
	if (blank) {
		/* No trailing blanks: a quote's bar stays, the indent goes. */
		while (l.t.len && l.t.s[l.t.len - 1] == ' ') {
			l.t.s[--l.t.len] = '\0';
			l.width--;
		}
		while (l.nsp && l.sp[l.nsp - 1].off >= l.t.len)
			l.nsp--;
		if (l.nsp && l.sp[l.nsp - 1].off + l.sp[l.nsp - 1].len > l.t.len)
			l.sp[l.nsp - 1].len = l.t.len - l.sp[l.nsp - 1].off;
	}
	doc_push(c, &l, scroll_col);
	lb_release(&l);
}

static int avail(const struct ctx *c)
{
	int a = c->width - c->prefix_w;
	return a < 4 ? 4 : a;
}

static void pop_level(struct ctx *c)
{
	struct level *v = &c->lev[c->nlev - 1];

	/* An item with no content still shows its marker. */
	if (v->b->type == MD_ITEM && v->pending && v->visible)
		emit(c, NULL, -1, false);
	if (v->visible) {
		c->nvis--;
		c->prefix_w -= v->w;
	}
	if (v->b->type == MD_QUOTE)
		c->quotes--;
	c->nlev--;
}

/* Copy `s` into `dst` of `size` bytes, cut to fit. */
static void copy_cut(char *dst, size_t size, const char *s)
{
	size_t n = strlen(s);

	if (n >= size)
		n = size - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

static struct level *push_level(struct ctx *c, const struct md_block *b,
				const char *marker, const char *cont, unsigned attr)
{
	struct level *v;
	int w = (int)text_width(cont, strlen(cont));

	XGROW(c->lev, c->nlev + 1, c->caplev);
	v = &c->lev[c->nlev++];
	memset(v, 0, sizeof(*v));
	v->b = b;
	copy_cut(v->marker, sizeof(v->marker), marker);
	copy_cut(v->cont, sizeof(v->cont), cont);
	v->attr = attr;
	v->w = w;
	v->pending = true;
	/* Deep nesting stops indenting once it uses a third of the width. */
	v->visible = w == 0 || c->prefix_w + w <= c->width / 3;
	if (v->visible) {
		XGROW(c->vis, c->nvis + 1, c->capvis);
		c->vis[c->nvis++] = c->nlev - 1;
		c->prefix_w += w;
	}
	if (b->type == MD_QUOTE)
		c->quotes++;
	return v;
}

/* Blank line before a block, except at the top and inside tight lists. */
static void before_leaf(struct ctx *c, const struct md_block *b)
{
	bool blank = c->any;

	if (b->parent && b->parent->type == MD_ITEM && b->parent->parent &&
	    b->parent->parent->tight && !c->list_start)
		blank = false;
	if (blank)
		emit(c, NULL, -1, true);
	c->list_start = false;
	c->any = true;
}

static void emit_lines(struct ctx *c, struct lines *ls)
{
	for (size_t i = 0; i < ls->n; i++)
		emit(c, &ls->v[i], -1, false);
}

static void render_text_block(struct ctx *c, const struct md_inline *in, unsigned attr)
{
	struct runs rs;
	struct lines ls;

	memset(&rs, 0, sizeof(rs));
	memset(&ls, 0, sizeof(ls));
	runs_from_inlines(&rs, in, attr | (c->quotes ? RA_QUOTE : 0));
	wrap_runs(&rs, avail(c), &ls);
	emit_lines(c, &ls);
	lines_release(&ls);
	runs_release(&rs);
}

/* Expand tabs to 4-column stops; the text is already sanitised. */
static char *expand_tabs(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	size_t col = 0;

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_next(s + i, n - i, &cp);
		if (cp == '\t') {
			do
				buf_addch(&b, ' ');
			while (++col % 4);
		} else {
			buf_add(&b, s + i, k);
			col += (size_t)cp_width(cp);
		}
		i += k;
	}
	return buf_detach(&b);
}

static void render_code(struct ctx *c, const struct md_block *b)
{
	char *clean = text_sanitize(b->literal ? b->literal : "", b->literal ? strlen(b->literal) : 0);
	enum hl_lang lang = hl_lang_from_info(b->info);
	size_t len = strlen(clean);
	int a = avail(c), state = 0;
	struct lb l;
	char *info = NULL;

	if (len && clean[len - 1] == '\n')
		len--;
	lb_init(&l);
	if (!c->plain) {
		lb_adds(&l, "┌", RA_FRAME);
		if (b->info && *b->info) {
			size_t il = strcspn(b->info, " \t");
			info = text_sanitize(b->info, il);
			size_t used = 0;
			size_t fit = text_fit(info, strlen(info), (size_t)(a > 6 ? a - 4 : 2), &used);
			lb_adds(&l, "─ ", RA_FRAME);
			lb_add_w(&l, info, fit, RA_FRAME | RA_DIM, HL_NONE, (int)used);
			lb_adds(&l, " ", RA_FRAME);
		}
		lb_repeat(&l, "─", a - l.width, RA_FRAME);
		emit(c, &l, -1, false);
		lb_release(&l);
	}
	for (size_t p = 0; p <= len;) {
		size_t e = p;
		while (e < len && clean[e] != '\n')
			e++;
		char *line = expand_tabs(clean + p, e - p);
		size_t ll = strlen(line);
		struct hl_token tok[128];
		size_t nt = hl_line(lang, line, ll, &state, tok, ARRAY_SIZE(tok));
		size_t at = 0;

		lb_adds(&l, c->plain ? "    " : "│ ", c->plain ? 0 : RA_FRAME);
		for (size_t i = 0; i < nt; i++) {
			if (tok[i].off > at)
				lb_add(&l, line + at, tok[i].off - at, RA_CODEBLOCK, HL_NONE);
			lb_add(&l, line + tok[i].off, tok[i].len, RA_CODEBLOCK, tok[i].cls);
			at = tok[i].off + tok[i].len;
		}
		if (ll > at)
			lb_add(&l, line + at, ll - at, RA_CODEBLOCK, HL_NONE);
		/* The frame stays; the code scrolls. */
		emit(c, &l, c->prefix_w + (c->plain ? 4 : 2), false);
		lb_release(&l);
		free(line);
		p = e + 1;
	}
	if (!c->plain) {
		lb_adds(&l, "└", RA_FRAME);
		lb_repeat(&l, "─", a - 1, RA_FRAME);
		emit(c, &l, -1, false);
		lb_release(&l);
	}
	free(info);
	free(clean);
}

static void render_html(struct ctx *c, const struct md_block *b)
{
	struct runs rs;
	struct lines ls;
	const char *s = b->literal ? b->literal : "";

	memset(&rs, 0, sizeof(rs));
	memset(&ls, 0, sizeof(ls));
	for (const char *p = s; *p;) {
		size_t n = strcspn(p, "\n");
		char *line = xstrndup(p, n);
		if (rs.n)
			runs_add(&rs, "", 0, RUN_BREAK);
		runs_add_text(&rs, line, RA_DIM);
		free(line);
		p += n;
		if (*p)
			p++;
	}
	wrap_runs(&rs, avail(c), &ls);
	emit_lines(c, &ls);
	lines_release(&ls);
	runs_release(&rs);
}

/* A comment-only HTML block (<!-- id: x -->) is metadata: not drawn. */
static bool html_is_comment(const char *s)
{
	if (!s)
		return true;
	while (*s == ' ' || *s == '\n' || *s == '\t')
		s++;
	while (!strncmp(s, "<!--", 4)) {
		const char *e = strstr(s, "-->");
		if (!e)
			return false;
		s = e + 3;
		while (*s == ' ' || *s == '\n' || *s == '\t')
			s++;
	}
	return !*s;
}

/* ---- tables ------------------------------------------------------------- */

static void table_widths(int *nat, int *colw, int ncols, int room)
{
	int sum = 0;

	for (int i = 0; i < ncols; i++)
		sum += nat[i];
	if (sum <= room) {
		memcpy(colw, nat, (size_t)ncols * sizeof(int));
		return;
	}
	/* Water-filling: narrow columns keep their width, wide ones share
	 * what is left equally. */
	bool *done = xcalloc((size_t)ncols, sizeof(bool));
	int left = room, nleft = ncols;
	bool changed = true;
	while (changed && nleft) {
		changed = false;
		int share = left / nleft;
		for (int i = 0; i < ncols; i++) {
			if (!done[i] && nat[i] <= share) {
				colw[i] = nat[i];
				done[i] = true;
				left -= nat[i];
				nleft--;
				changed = true;
			}
		}
	}
	for (int i = 0, k = 0; i < ncols; i++) {
		if (done[i])
			continue;
		int share = nleft ? left / nleft : 1;
		/* The remainder goes to the first wide columns. */
		colw[i] = share + (k < (nleft ? left % nleft : 0) ? 1 : 0);
		if (colw[i] < 1)
			colw[i] = 1;
		k++;
	}
	free(done);
}

static void table_rule(struct ctx *c, const int *colw, int ncols,
		       const char *l, const char *m, const char *r)
{
	struct lb b;

	lb_init(&b);
	lb_adds(&b, l, RA_FRAME);
	for (int i = 0; i < ncols; i++) {
		lb_repeat(&b, "─", colw[i] + 2, RA_FRAME);
		lb_adds(&b, i + 1 < ncols ? m : r, RA_FRAME);
	}
	emit(c, &b, -1, false);
	lb_release(&b);
}

static void render_table(struct ctx *c, const struct md_block *t)
{
	int ncols = t->ncols > 0 ? t->ncols : 1;
	size_t nrows = 0;

	for (const struct md_block *r = t->children; r; r = r->next)
		nrows++;
	if (!nrows)
		return;
	/* runs[row * ncols + col] */
	struct runs *cells = xcalloc(nrows * (size_t)ncols, sizeof(*cells));
	bool *head = xcalloc(nrows, sizeof(bool));
	size_t ri = 0;
	for (const struct md_block *r = t->children; r; r = r->next, ri++) {
		int ci = 0;
		head[ri] = r->header;
		for (const struct md_block *cell = r->children; cell && ci < ncols; cell = cell->next, ci++)
			runs_from_inlines(&cells[ri * (size_t)ncols + (size_t)ci], cell->inlines,
					  r->header ? RA_TABLE_HEAD | RA_BOLD : 0);
	}

	if (c->plain) {
		/* --plain: "a | b" rows, wrapped like a paragraph whose
		 * further lines are indented, so that a line starting at the
		 * margin always starts a row. */
		for (ri = 0; ri < nrows; ri++) {
			struct runs row;
			struct lines ls;
			memset(&row, 0, sizeof(row));
			memset(&ls, 0, sizeof(ls));
			for (int ci = 0; ci < ncols; ci++) {
				struct runs *cr = &cells[ri * (size_t)ncols + (size_t)ci];
				if (ci)
					runs_add(&row, " | ", 3, 0);
				for (size_t k = 0; k < cr->n; k++)
					if (cr->r[k].attr & RUN_BREAK)
						runs_add(&row, " ", 1, 0);
					else
						runs_add(&row, cr->text.s + cr->r[k].off, cr->r[k].len, 0);
			}
			wrap_runs(&row, avail(c) > 8 ? avail(c) - 2 : avail(c), &ls);
			for (size_t i = 0; i < ls.n; i++) {
				struct lb b;

				lb_init(&b);
				if (i)
					lb_adds(&b, "  ", 0);
				lb_append(&b, &ls.v[i]);
				emit(c, &b, -1, false);
				lb_release(&b);
			}
			lines_release(&ls);
			runs_release(&row);
		}
		goto out;
	}

	int *nat = xcalloc((size_t)ncols, sizeof(int));
	int *colw = xcalloc((size_t)ncols, sizeof(int));
	for (size_t k = 0; k < nrows * (size_t)ncols; k++) {
		struct lines ls;
		memset(&ls, 0, sizeof(ls));
		wrap_runs(&cells[k], NO_WRAP, &ls);
		for (size_t i = 0; i < ls.n; i++)
			if (ls.v[i].width > nat[k % (size_t)ncols])
				nat[k % (size_t)ncols] = ls.v[i].width;
		lines_release(&ls);
	}
	for (int i = 0; i < ncols; i++)
		if (nat[i] < 1)
			nat[i] = 1;
	/* "│ a │ b │": one border per column plus one, two blanks per column. */
	table_widths(nat, colw, ncols, avail(c) - (ncols + 1) - 2 * ncols);

	table_rule(c, colw, ncols, "┌", "┬", "┐");
	for (ri = 0; ri < nrows; ri++) {
		struct lines *cl = xcalloc((size_t)ncols, sizeof(*cl));
		size_t height = 1;
		for (int ci = 0; ci < ncols; ci++) {
			wrap_runs(&cells[ri * (size_t)ncols + (size_t)ci], colw[ci], &cl[ci]);
			if (cl[ci].n > height)
				height = cl[ci].n;
		}
		for (size_t h = 0; h < height; h++) {
			struct lb b;
			lb_init(&b);
			lb_adds(&b, "│", RA_FRAME);
			for (int ci = 0; ci < ncols; ci++) {
				char al = t->align && (int)strlen(t->align) > ci ? t->align[ci] : 'l';
				int cw = h < cl[ci].n ? cl[ci].v[h].width : 0;
				int pad = colw[ci] - cw, lpad = 0;
				if (pad < 0)
					pad = 0;
				if (al == 'r')
					lpad = pad;
				else if (al == 'c')
					lpad = pad / 2;
				lb_repeat(&b, " ", 1 + lpad, 0);
				if (h < cl[ci].n)
					lb_append(&b, &cl[ci].v[h]);
				lb_repeat(&b, " ", 1 + pad - lpad, 0);
				lb_adds(&b, "│", RA_FRAME);
			}
			emit(c, &b, -1, false);
			lb_release(&b);
		}
		for (int ci = 0; ci < ncols; ci++)
			lines_release(&cl[ci]);
		free(cl);
		if (head[ri] && ri + 1 < nrows)
			table_rule(c, colw, ncols, "├", "┼", "┤");
	}
	table_rule(c, colw, ncols, "└", "┴", "┘");
	free(nat);
	free(colw);
out:
	for (size_t k = 0; k < nrows * (size_t)ncols; k++)
		runs_release(&cells[k]);
	free(cells);
	free(head);
}

/* ---- lists and the walk ------------------------------------------------- */

static int digits(long v)
{
	int d = 1;

	while (v >= 10) {
		v /= 10;
		d++;
	}
	return d;
}

static void open_item(struct ctx *c, const struct md_block *b)
{
	struct level *list = c->nlev ? &c->lev[c->nlev - 1] : NULL;
	char marker[48], cont[48];
	int n;

	if (list && list->b->type == MD_LIST && list->b->ordered) {
		n = snprintf(marker, sizeof(marker), "%*d. ", list->numw, list->counter++);
	} else {
		n = snprintf(marker, sizeof(marker), "%s", frame(c, "• ", "- "));
	}
	int w = (int)text_width(marker, strlen(marker));
	if (b->task >= 0) {
		const char *box = b->task ? frame(c, "☒ ", "[x] ") : frame(c, "☐ ", "[ ] ");
		snprintf(marker + n, sizeof(marker) - (size_t)n, "%s", box);
		w += (int)text_width(box, strlen(box));
	}
	if (w >= (int)sizeof(cont))
		w = (int)sizeof(cont) - 1;
	memset(cont, ' ', (size_t)w);
	cont[w] = '\0';
	push_level(c, b, marker, cont, RA_MARKER);
}

static void open_list(struct ctx *c, const struct md_block *b)
{
	struct level *v = push_level(c, b, "", "", 0);
	long count = 0;

	for (const struct md_block *i = b->children; i; i = i->next)
		count++;
	v->counter = b->start;
	v->numw = digits((long)b->start + (count ? count - 1 : 0));
	if (v->numw > 9)
		v->numw = 9;
	/* A list nested in a tight item follows its parent line directly. */
	c->list_start = !(b->parent && b->parent->type == MD_ITEM && b->parent->parent &&
			  b->parent->parent->tight);
}

/* Whether `s` is a text with no markdown syntax but code spans, the common
 * case of a question or an option: lines of ASCII letters, digits, spaces
 * and the punctuation below, each starting with a letter or a code span
 * and not ending in a space, no blank line (a last newline aside); a code
 * span is one backtick, one or more printable ASCII characters but a
 * backtick, the first and the last not a space, one backtick not followed
 * by another. No block can start such a line (a list, a quote, a heading,
 * a fence, an indented code block, a table, a setext underline, HTML all
 * start otherwise), no character outside a code span starts an inline
 * (emphasis, a link, an entity, an escape, HTML, a hard break,
 * strikethrough), and inside one every character is literal: the parser
 * makes it one paragraph of text and code spans, its lines joined by soft
 * breaks. */
static bool plain_text(const char *s, size_t n)
{
	static const char punct[] = " ,.;:?'\"/()%@+-=$";
	bool line_start = true;

	if (!n || s[n - 1] == ' ')
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\n') {
			if (line_start || s[i - 1] == ' ')
				return false;       /* a blank line, a trailing space */
			line_start = true;
		} else if (c == '`') {
			size_t j = i + 1;

			while (j < n && s[j] >= ' ' && s[j] <= '~' && s[j] != '`')
				j++;
			/* a run of two backticks would not close the span */
			if (j == i + 1 || j == n || s[j] != '`' || (j + 1 < n && s[j + 1] == '`') ||
			    s[i + 1] == ' ' || s[j - 1] == ' ')
				return false;
			line_start = false;
			i = j;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
			line_start = false;
		} else if (line_start || !((c >= '0' && c <= '9') || (c && strchr(punct, c)))) {
			return false;
		}
	}
	return true;
}

/* The tree md_parse() gives a plain_text(), built without the parser. */
static struct md_block *plain_paragraph(const char *s, size_t n)
{
	struct md_block *root = xcalloc(1, sizeof(*root)), *para = xcalloc(1, sizeof(*para));
	struct md_inline **link = &para->inlines;

	root->type = MD_DOCUMENT;
	root->task = -1;
	root->children = para;
	para->type = MD_PARAGRAPH;
	para->task = -1;
	para->parent = root;
	for (size_t i = 0; i < n;) {
		struct md_inline *in = xcalloc(1, sizeof(*in));
		size_t j = i;

		if (s[i] == '\n') {
			in->type = MD_SOFTBREAK;
			j = i + 1;
		} else if (s[i] == '`') {
			in->type = MD_CODE_SPAN;
			j = (size_t)((const char *)memchr(s + i + 1, '`', n - i - 1) - s);
			in->text = xstrndup(s + i + 1, j - i - 1);
			j++;
		} else {
			in->type = MD_TEXT;
			while (j < n && s[j] != '\n' && s[j] != '`')
				j++;
			in->text = xstrndup(s + i, j - i);
		}
		*link = in;
		link = &in->next;
		i = j;
		if (i == n - 1 && s[i] == '\n')
			break;              /* the last newline ends the last line */
	}
	return root;
}

/* The lines render_plain() makes straight from a text (below): the text
 * so far, the width of a line's content, the content's width on the
 * current line, and what starts each line after the first. */
struct plain_out {
	struct buf b;
	size_t width, col;
	const char *rest;
};

/* End the current line without its trailing spaces, as render_plain()
 * gives its lines (a code span cut where it has one leaves one), and
 * start the next. */
static void plain_new_line(struct plain_out *o)
{
	while (o->b.len && o->b.s[o->b.len - 1] == ' ')
		o->b.s[--o->b.len] = '\0';
	buf_addch(&o->b, '\n');
	buf_adds(&o->b, o->rest);
	o->col = 0;
}

/* A word of a plain_text() put on the lines as wrap_runs() puts it: after
 * a space on the line if it fits, else on a new line; cut between
 * characters when it is wider than a line. (ASCII: a column a byte.) */
static void plain_word(struct plain_out *o, const char *w, size_t n)
{
	if (!n)
		return;
	if (o->col && o->col + 1 + n > o->width) {
		plain_new_line(o);
	} else if (o->col) {
		buf_addch(&o->b, ' ');
		o->col++;
	}
	while (n) {
		size_t k = o->width - o->col < n ? o->width - o->col : n;

		if (!k) {
			plain_new_line(o);
			continue;
		}
		buf_add(&o->b, w, k);
		o->col += k;
		w += k;
		n -= k;
	}
}

/* The lines wrap_runs() makes of the paragraph of a plain_text(), without
 * the tree, the runs and the styled lines, after `first` (the next lines
 * after o->rest). Words end at spaces and line ends, but at the spaces of
 * a code span that fits on a line, which stays whole. */
static void plain_wrap(struct plain_out *o, const char *s, size_t n, const char *first)
{
	char *word = xmalloc(n + 1);   /* no word is longer than the text */
	size_t len = 0;

	buf_adds(&o->b, first);
	o->col = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ' ' || s[i] == '\n') {
			plain_word(o, word, len);
			len = 0;
		} else if (s[i] == '`') {
			const char *end = memchr(s + i + 1, '`', n - i - 1);
			size_t span = (size_t)(end - s) - i - 1;

			for (size_t k = i + 1; k < i + 1 + span; k++) {
				if (s[k] == ' ' && span > o->width) {
					plain_word(o, word, len);
					len = 0;
				} else {
					word[len++] = s[k];
				}
			}
			i += span + 1;
		} else {
			word[len++] = s[i];
		}
	}
	plain_word(o, word, len);
	free(word);
}

/* Whether `s` is a bullet list and nothing else, of items of one line
 * each, "- " and a plain_text() (a last newline aside): the parser makes
 * it a tight list of one paragraph an item. */
static bool plain_list(const char *s, size_t n)
{
	if (n && s[n - 1] == '\n')
		n--;
	if (!n || s[n - 1] == '\n')
		return false;              /* a blank line at the end */
	for (size_t i = 0; i < n;) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - s) : n;

		if (e - i < 3 || s[i] != '-' || s[i + 1] != ' ' || !plain_text(s + i + 2, e - i - 2))
			return false;
		i = e + 1;
	}
	return true;
}

/* Whether `s` is a fenced code block and nothing else: "```", an info
 * string of letters, digits, '_', '+' or '-', its lines (printable ASCII
 * and tabs; none that starts, after spaces, with a backtick, which could
 * close it), and a line of "```" (a newline after it aside). Sets its
 * content, the lines with their newlines: the block's literal. */
static bool plain_code(const char *s, size_t n, const char **body, size_t *blen)
{
	size_t i = 3, start, last;

	if (n && s[n - 1] == '\n')
		n--;
	if (n < 7 || memcmp(s, "```", 3) || memcmp(s + n - 4, "\n```", 4))
		return false;
	for (; s[i] != '\n'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '+' || s[i] == '-'))
			return false;
	start = i + 1;
	last = n - 3;                  /* where the closing fence starts */
	if (start > last)
		return false;
	for (i = start; i < last; i++) {
		size_t k = i;

		while (k < last && s[k] == ' ')
			k++;
		if (s[k] == '`')
			return false;
		for (; s[i] != '\n'; i++)
			if ((s[i] < ' ' || s[i] > '~') && s[i] != '\t')
				return false;
	}
	*body = s + start;
	*blen = last - start;
	return true;
}

/* render_plain() of a text of plain_text(), plain_list() or plain_code(),
 * `width` columns: the lines render_into() would give, laid out straight
 * from the text. NULL for any other text. */
static char *plain_direct(const char *s, size_t n, size_t width)
{
	struct plain_out o = { .width = width, .rest = "" };
	const char *body;
	size_t blen;

	if (plain_text(s, n)) {
		buf_grow(&o.b, n + n / 8 + 16);
		plain_wrap(&o, s, n, "");
	} else if (plain_list(s, n)) {
		/* an item's lines after its marker or its indent */
		buf_grow(&o.b, n + n / 4 + 16);
		o.width = width - 2;
		o.rest = "  ";
		for (size_t i = 0; i < n;) {
			const char *nl = memchr(s + i, '\n', n - i);
			size_t e = nl ? (size_t)(nl - s) : n;

			if (i)
				buf_addch(&o.b, '\n');
			plain_wrap(&o, s + i + 2, e - i - 2, "- ");
			i = e + 1;
		}
	} else if (plain_code(s, n, &body, &blen)) {
		/* each line of the literal but its last newline, indented four
		 * columns, its tabs expanded */
		if (blen && body[blen - 1] == '\n')
			blen--;
		for (size_t i = 0; i <= blen;) {
			const char *nl = memchr(body + i, '\n', blen - i);
			size_t e = nl ? (size_t)(nl - body) : blen;
			char *line = expand_tabs(body + i, e - i);

			if (i)
				plain_new_line(&o);
			buf_adds(&o.b, "    ");
			buf_adds(&o.b, line);
			free(line);
			i = e + 1;
		}
		while (o.b.len && o.b.s[o.b.len - 1] == ' ')
			o.b.s[--o.b.len] = '\0';
	} else {
		return NULL;
	}
	return buf_detach(&o.b);
}

static void render_into(struct render_doc *d, const char *md, int width, bool plain)
{
	struct ctx c;
	struct md_block *root;
	const char *text = md ? md : "";
	size_t len;

	memset(&c, 0, sizeof(c));
	c.doc = d;
	c.width = width;
	c.plain = plain;
	len = strlen(text);
	root = plain_text(text, len) ? plain_paragraph(text, len) : md_parse(text, len);

	bool skip = false;
	for (const struct md_block *b = root; b; b = md_next(root, b, skip)) {
		skip = true;
		while (c.nlev && c.lev[c.nlev - 1].b != b->parent)
			pop_level(&c);
		switch (b->type) {
		case MD_DOCUMENT:
			push_level(&c, b, "", "", 0);
			skip = false;
			break;
		case MD_QUOTE:
			push_level(&c, b, frame(&c, "│ ", "> "), frame(&c, "│ ", "> "),
				   RA_MARKER | RA_QUOTE);
			skip = false;
			break;
		case MD_LIST:
			open_list(&c, b);
			skip = false;
			break;
		case MD_ITEM:
			open_item(&c, b);
			skip = false;
			break;
		case MD_PARAGRAPH:
			before_leaf(&c, b);
			render_text_block(&c, b->inlines, 0);
			break;
		case MD_HEADING:
			before_leaf(&c, b);
			render_text_block(&c, b->inlines, plain ? 0 : RA_HEADING | RA_BOLD);
			break;
		case MD_CODE:
			before_leaf(&c, b);
			render_code(&c, b);
			break;
		case MD_HTML:
			if (html_is_comment(b->literal))
				break;
			before_leaf(&c, b);
			render_html(&c, b);
			break;
		case MD_THEMATIC_BREAK: {
			struct lb l;
			before_leaf(&c, b);
			lb_init(&l);
			lb_repeat(&l, frame(&c, "─", "-"), plain ? 3 : avail(&c), RA_FRAME);
			emit(&c, &l, -1, false);
			lb_release(&l);
			break;
		}
		case MD_TABLE:
			before_leaf(&c, b);
			render_table(&c, b);
			break;
		case MD_TABLE_ROW:
		case MD_TABLE_CELL:
			break;
		}
	}
	while (c.nlev)
		pop_level(&c);
	free(c.lev);
	free(c.vis);
	md_free(root);
}

struct render_doc *render_md(const char *md, int width)
{
	struct render_doc *d = xcalloc(1, sizeof(*d));

	render_into(d, md, width < 8 ? 8 : width, false);
	return d;
}

void render_doc_free(struct render_doc *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		free(d->lines[i].text);
		free(d->lines[i].spans);
	}
	free(d->lines);
	free(d);
}

struct render_doc *render_plain_doc(const char *md)
{
	struct render_doc *d = xcalloc(1, sizeof(*d));

	render_into(d, md, NO_WRAP, true);
	return d;
}

char *render_plain(const char *md, int width)
{
	struct render_doc d;
	struct buf b = BUF_INIT;
	int w = width <= 0 ? NO_WRAP : (width < 8 ? 8 : width);
	char *direct = md ? plain_direct(md, strlen(md), (size_t)w) : NULL;

	if (direct)
		return direct;
	memset(&d, 0, sizeof(d));
	render_into(&d, md, w, true);
	for (size_t i = 0; i < d.n; i++) {
		size_t n = strlen(d.lines[i].text);
		while (n && d.lines[i].text[n - 1] == ' ')
			n--;
		if (i)
			buf_addch(&b, '\n');
		buf_add(&b, d.lines[i].text, n);
		free(d.lines[i].text);
		free(d.lines[i].spans);
	}
	free(d.lines);
	return buf_detach(&b);
}
