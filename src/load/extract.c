/* extract.c - the block tree of one file to cards, every shape in one pass.
 *
 * The document's top-level blocks are read in order. Headings decide the
 * structure: a question heading takes the blocks after it as its answer; any
 * other heading opens a section whose blocks are read by a small machine
 * over an explicit stack of frames (a frame is a run of sibling blocks), so
 * that lists nested 100,000 deep cost heap, not C stack. Card text is cut
 * from the source by line ranges (see cut_block()), so it stays the
 * markdown the author wrote.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dkquiz/i18n.h"
#include "dkquiz/text.h"
#include "load_int.h"

/* Case-insensitive strstr (ASCII); strcasestr is a GNU extension. */
static const char *ci_find(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return hay;
	return NULL;
}

struct blist {
	const struct md_block **v;
	size_t n, cap;
};

static void blist_add(struct blist *l, const struct md_block *b)
{
	XGROW(l->v, l->n + 1, l->cap);
	l->v[l->n++] = b;
}

static void blist_children(struct blist *l, const struct md_block *first)
{
	for (; first; first = first->next)
		blist_add(l, first);
}

struct frame {
	struct blist l;       /* owned unless `borrowed` */
	bool borrowed;
	size_t i;
	size_t ntopics;       /* topics to keep when the frame ends */
	bool items;           /* the blocks are the items of `list` */
	const struct md_block *list;
	size_t parent;        /* index of the frame that holds `list` */
	int defs;             /* items: -1 not known yet, else whether one is a definition */
};

struct ectx {
	const struct extract_input *in;
	struct load_result *res;
	size_t cards_cap;
	size_t *loff;             /* byte offset of each body line, 0-based index */
	int nlines;
	bool fr;                  /* generated text in French */
	const char *keylang;
	char *hcrumb[7];          /* heading text by level */
	const struct md_block *title;
	char **topics;            /* bold list items that act as headings */
	size_t ntopics, captopics;
	bool defs_ok;             /* the current section holds no explicit question */
	struct md_block *kept_title; /* `title`, out of the released tree */
	struct frame *fr_stack;
	size_t nframes, capframes;
	/* an id comment waiting for the card of the block after it: that
	 * block is fr_stack[pend_frame].l.v[pend_index] */
	char *pend_id;
	bool pend_used;           /* a card took it */
	int pend_line;            /* the comment's line */
	size_t pend_frame, pend_index;
	bool defer_id;            /* do_paragraph: the id is for the block after */
	/* the term of each definition card, by card index (reverse cards) */
	char **terms;
	size_t nterms, cap_terms;
};

/* ---- source text ------------------------------------------------------ */

static void index_lines(struct ectx *x)
{
	const char *s = x->in->body;
	size_t n = x->in->blen, cap = 0;

	x->nlines = 0;
	XGROW(x->loff, 1, cap);
	x->loff[x->nlines++] = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n' && i + 1 < n) {
			XGROW(x->loff, (size_t)x->nlines + 1, cap);
			x->loff[x->nlines++] = i + 1;
		}
	}
}

static const char *line_at(const struct ectx *x, int ln, size_t *len)
{
	const char *s = x->in->body;
	size_t a, b;

	if (ln < 1 || ln > x->nlines) {
		*len = 0;
		return "";
	}
	a = x->loff[ln - 1];
	b = ln < x->nlines ? x->loff[ln] : x->in->blen;
	while (b > a && s[b - 1] == '\n')
		b--;
	*len = b - a;
	return s + a;
}

static size_t strip_quotes(const char *p, size_t n, int depth)
{
	size_t i = 0;

	for (int d = 0; d < depth; d++) {
		size_t k = i, sp = 0;

		while (k < n && p[k] == ' ' && sp < 3) {
			k++;
			sp++;
		}
		if (k < n && p[k] == '>') {
			i = k + 1;
			if (i < n && (p[i] == ' ' || p[i] == '\t'))
				i++;
		} else {
			break;
		}
	}
	return i;
}

static void add_code_block(struct buf *out, const struct md_block *b)
{
	const char *lit = b->literal ? b->literal : "";
	size_t run = 0, maxrun = 0, fence;

	for (const char *p = lit; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > maxrun)
			maxrun = run;
	}
	fence = maxrun >= 3 ? maxrun + 1 : 3;
	for (size_t i = 0; i < fence; i++)
		buf_addch(out, '`');
	buf_adds(out, b->info ? b->info : "");
	buf_addch(out, '\n');
	buf_adds(out, lit);
	if (out->len && out->s[out->len - 1] != '\n')
		buf_addch(out, '\n');
	for (size_t i = 0; i < fence; i++)
		buf_addch(out, '`');
}

/* Append the source of block `b`, de-indented: the first line from the
 * block's column, the others without the container's indentation and
 * block-quote markers. Code blocks are written from their literal with a
 * fence, which also turns indented code into fenced code. */
static void cut_block(const struct ectx *x, const struct md_block *b, struct buf *out)
{
	int depth = 0;
	size_t len, first, rem, start = out->len;
	const char *p;

	if (b->type == MD_CODE) {
		add_code_block(out, b);
		return;
	}
	for (const struct md_block *a = b->parent; a; a = a->parent)
		if (a->type == MD_QUOTE)
			depth++;
	p = line_at(x, b->line_start, &len);
	first = (size_t)(b->col_start - 1);
	if (first > len)
		first = len;
	rem = first - (depth ? strip_quotes(p, len, depth) : 0);
	if (rem > first)
		rem = 0;
	buf_add(out, p + first, len - first);
	for (int ln = b->line_start + 1; ln <= b->line_end; ln++) {
		size_t i, col = 0;

		p = line_at(x, ln, &len);
		i = depth ? strip_quotes(p, len, depth) : 0;
		while (i < len && col < rem && (p[i] == ' ' || p[i] == '\t')) {
			col += p[i] == '\t' ? 4 - (col % 4) : 1;
			i++;
		}
		buf_addch(out, '\n');
		buf_add(out, p + i, len - i);
	}
	/* items and lists end on the blank line after them */
	while (out->len > start && (out->s[out->len - 1] == '\n' || out->s[out->len - 1] == ' ' ||
				    out->s[out->len - 1] == '\t'))
		out->len--;
	out->s[out->len] = '\0';
}

static char *cut(const struct ectx *x, const struct md_block *b)
{
	struct buf out = BUF_INIT;

	cut_block(x, b, &out);
	return buf_detach(&out);
}

/* Inline markdown of a heading or table cell, re-written from the tree:
 * `in` and its following siblings, never climbing above `stop`. */
static void inline_md(const struct md_inline *in, const struct md_inline *stop, struct buf *out)
{
	while (in) {
		switch (in->type) {
		case MD_TEXT:
		case MD_HTML_INLINE:
			buf_adds(out, in->text ? in->text : "");
			break;
		case MD_CODE_SPAN: {
			const char *t = in->text ? in->text : "";
			bool tick = strchr(t, '`') != NULL;

			buf_adds(out, tick ? "`` " : "`");
			buf_adds(out, t);
			buf_adds(out, tick ? " ``" : "`");
			break;
		}
		case MD_EMPH: buf_addch(out, '*'); break;
		case MD_STRONG: buf_adds(out, "**"); break;
		case MD_STRIKE: buf_adds(out, "~~"); break;
		case MD_LINK: buf_addch(out, '['); break;
		case MD_IMAGE:
			if (in->children)
				buf_adds(out, "[image: ");
			else
				image_label(out, NULL, 0, in->url, in->url ? strlen(in->url) : 0);
			break;
		case MD_SOFTBREAK:
		case MD_LINEBREAK:
			buf_addch(out, ' ');
			break;
		}
		if (in->children) {
			in = in->children;
			continue;
		}
		/* close `in` if it is an empty container, then climb */
		for (;;) {
			switch (in->type) {
			case MD_EMPH: buf_addch(out, '*'); break;
			case MD_STRONG: buf_adds(out, "**"); break;
			case MD_STRIKE: buf_adds(out, "~~"); break;
			case MD_LINK: buf_addf(out, "](%s)", in->url ? in->url : ""); break;
			case MD_IMAGE:
				if (in->children)
					buf_addch(out, ']');
				break;
			default: break;
			}
			if (in->next) {
				in = in->next;
				break;
			}
			in = in->parent;
			if (!in || in == stop)
				return;
		}
	}
}

/* Heading or cell text; a heading that is all bold loses the bold. */
static char *block_md(const struct md_block *b)
{
	struct buf out = BUF_INIT;
	const struct md_inline *in = b->inlines;

	if (in && !in->next && (in->type == MD_STRONG || in->type == MD_EMPH) && in->children)
		inline_md(in->children, in, &out);
	else
		inline_md(in, NULL, &out);
	return text_trim(buf_detach(&out));
}

/* ---- cards ------------------------------------------------------------ */

static void trim_buf(struct buf *b)
{
	size_t i = 0;

	while (b->len && strchr(" \t\n", b->s[b->len - 1]))
		b->len--;
	while (i < b->len && strchr(" \t\n", b->s[i]))
		i++;
	if (i)
		memmove(b->s, b->s + i, b->len - i);
	b->len -= i;
	if (b->s)
		b->s[b->len] = '\0';
}

static char **crumb_snapshot(struct ectx *x, int below_level, size_t *n)
{
	char **v;
	size_t k = 0;

	v = xcalloc(6 + x->ntopics + 1, sizeof(*v));
	for (int l = 1; l < below_level && l <= 6; l++)
		if (x->hcrumb[l])
			v[k++] = xstrdup(x->hcrumb[l]);
	for (size_t t = 0; t < x->ntopics; t++)
		v[k++] = xstrdup(x->topics[t]);
	*n = k;
	if (!k) {
		free(v);
		return NULL;
	}
	return v;
}

static struct card *new_card(struct ectx *x, enum card_shape shape, int line, int crumb_level)
{
	struct load_result *r = x->res;
	struct card *c;

	XGROW(r->cards, r->ncards + 1, x->cards_cap);
	c = &r->cards[r->ncards++];
	memset(c, 0, sizeof(*c));
	c->shape = shape;
	c->type = CARD_BASIC;
	c->line = x->in->line0 + line;
	c->file = xstrdup(x->in->path);
	c->deck = xstrdup(r->deck);
	c->tags = xstrdup(x->in->tags);
	c->breadcrumb = crumb_snapshot(x, crumb_level, &c->nbreadcrumb);
	return c;
}

static int abs_line(const struct ectx *x, int line)
{
	return x->in->line0 + line;
}

static bool is_task_list(const struct md_block *b)
{
	if (!b || b->type != MD_LIST || !b->children)
		return false;
	for (const struct md_block *it = b->children; it; it = it->next)
		if (it->task < 0)
			return false;
	return true;
}

static bool html_has(const struct md_block *b, const char *what)
{
	return b && b->type == MD_HTML && b->literal && strstr(b->literal, what);
}

/* Remove <details>, </details> and the <summary> element from an HTML block
 * inside an answer; comments and other tags alone on their block go too. */
static void add_html_answer(const struct md_block *b, struct buf *out)
{
	const char *s = b->literal ? b->literal : "";
	struct buf t = BUF_INIT;

	while (*s) {
		if (!strncmp(s, "<!--", 4)) {
			const char *e = strstr(s, "-->");

			s = e ? e + 3 : s + strlen(s);
		} else if (!strncasecmp(s, "<summary", 8)) {
			const char *e = ci_find(s, "</summary>");

			s = e ? e + 10 : s + strlen(s);
		} else if (!strncasecmp(s, "<details", 8) || !strncasecmp(s, "</details", 9)) {
			const char *e = strchr(s, '>');

			s = e ? e + 1 : s + strlen(s);
		} else {
			buf_addch(&t, *s++);
		}
	}
	trim_buf(&t);
	if (t.len) {
		if (out->len)
			buf_adds(out, "\n\n");
		buf_add(out, t.s, t.len);
	}
	buf_release(&t);
}

static void add_blocks(const struct ectx *x, const struct md_block *const *v, size_t n,
		       struct buf *out)
{
	for (size_t i = 0; i < n; i++) {
		const struct md_block *b = v[i];

		if (b->type == MD_THEMATIC_BREAK)
			continue;
		if (b->type == MD_HTML) {
			add_html_answer(b, out);
			continue;
		}
		if (out->len)
			buf_adds(out, "\n\n");
		cut_block(x, b, out);
	}
}

/* Clean card text: answer label dropped, images as [image: alt], trimmed. */
static char *finish_text(struct buf *b, bool strip_label)
{
	char *s;

	trim_buf(b);
	if (strip_label) {
		size_t k = label_answer(b->s ? b->s : "", b->len);

		if (k) {
			memmove(b->s, b->s + k, b->len - k);
			b->len -= k;
			b->s[b->len] = '\0';
		}
	}
	s = clean_markup(buf_str(b));
	buf_release(b);
	return text_trim(s);
}

struct qa {
	enum card_shape shape;
	int line;                 /* body line of the question */
	int crumb_level;          /* headings above this level form the breadcrumb */
	char *front;              /* owned; for a cloze, the title (may be "") */
	char *lead;               /* owned or NULL: answer text before the blocks */
	const struct md_block *const *v;
	size_t n;
	const char *id;
};

/* A question of `shape` at body line `line`, breadcrumb of every heading
 * above it; the rest empty. */
static void qa_start(struct qa *q, enum card_shape shape, int line)
{
	memset(q, 0, sizeof(*q));
	q->shape = shape;
	q->line = line;
	q->crumb_level = 7;
}

/* Is the card at body line `line` asked to be typed by a
 * "<!-- type: typed -->" comment on the lines above it (blank lines and
 * other one-line comments, such as its id, may stand between)? */
static bool typed_comment(const struct ectx *x, int line)
{
	for (int l = line - 1; l >= 1; l--) {
		size_t n;
		const char *t = line_at(x, l, &n);

		while (n && (*t == ' ' || *t == '\t')) {
			t++;
			n--;
		}
		while (n && (t[n - 1] == ' ' || t[n - 1] == '\t' || t[n - 1] == '\r'))
			n--;
		if (!n)
			continue;
		if (n < 7 || memcmp(t, "<!--", 4) || memcmp(t + n - 3, "-->", 3))
			return false;
		t += 4;
		n -= 7;
		while (n && (*t == ' ' || *t == '\t')) {
			t++;
			n--;
		}
		while (n && (t[n - 1] == ' ' || t[n - 1] == '\t'))
			n--;
		if (n == 11 && !memcmp(t, "type: typed", 11))
			return true;
	}
	return false;
}

/* A card whose answer is one command is typed. A card asked to be typed
 * (front matter "type: typed", or a type comment above it) may also have
 * a block of several lines as its answer: the lines are then expected. */
static void set_typed(struct ectx *x, struct card *c)
{
	bool asked = x->in->force_type == CARD_TYPED ||
		     typed_comment(x, c->line - x->in->line0);
	char *cmd = asked ? typed_block_answer(c->back) : typed_answer(c->back);

	if (cmd) {
		c->typeable = true;
		c->answer_text = cmd;
		c->type = CARD_TYPED;
	} else if (asked && x->in->force_type != CARD_TYPED) {
		load_warn(x->res, c->line,
			  _("a typed card needs one code span or one code block as its answer; kept as a basic card"));
	}
}

static void emit_cloze(struct ectx *x, struct qa *q, const char *text)
{
	int nums[64];
	int n = cloze_numbers(text, nums, 64);
	char *filled = cloze_render(text, 0);
	char *base = identity_key(x->res->deck, filled, q->id, q->id ? x->keylang : NULL);

	for (int k = 0; k < n; k++) {
		struct card *c = new_card(x, SHAPE_CLOZE, q->line, q->crumb_level);
		char *gap = cloze_render(text, nums[k]);

		c->type = CARD_CLOZE;
		if (q->front && *q->front)
			c->front = xasprintf("%s\n\n%s", q->front, gap);
		else
			c->front = xstrdup(gap);
		free(gap);
		c->back = xstrdup(filled);
		c->note = xstrdup(base);
		c->key = xasprintf("%s#c%d", base, nums[k]);
	}
	free(base);
	free(filled);
}

static void emit_mcq(struct ectx *x, struct qa *q, const struct md_block *list)
{
	struct buf back = BUF_INIT;
	struct card *c;
	size_t nright = 0, nopt = 0;

	for (const struct md_block *it = list->children; it; it = it->next) {
		nopt++;
		nright += it->task == 1;
	}
	if (!nright) {
		load_warn(x->res, abs_line(x, q->line),
			  _("multiple-choice question has no right answer, skipped"));
		return;
	}
	c = new_card(x, SHAPE_MCQ, q->line, q->crumb_level);
	c->type = CARD_MCQ;
	c->front = q->front;
	q->front = NULL;
	c->options = xcalloc(nopt, sizeof(*c->options));
	for (const struct md_block *it = list->children; it; it = it->next) {
		struct buf t = BUF_INIT;
		struct blist l = { NULL, 0, 0 };

		blist_children(&l, it->children);
		add_blocks(x, l.v, l.n, &t);
		free(l.v);
		c->options[c->noptions].text = finish_text(&t, false);
		c->options[c->noptions].correct = it->task == 1;
		c->noptions++;
	}
	add_blocks(x, q->v + 1, q->n - 1, &back);
	c->back = finish_text(&back, true);
	if (!*c->back) {
		free(c->back);
		for (size_t i = 0; i < c->noptions; i++)
			if (c->options[i].correct) {
				if (back.len)
					buf_addch(&back, '\n');
				buf_addf(&back, "%s%s", nright > 1 ? "- " : "", c->options[i].text);
			}
		c->back = buf_detach(&back);
	}
	c->key = identity_key(x->res->deck, c->front, q->id, q->id ? x->keylang : NULL);
}

/* The one place a question and its answer become card(s). Frees q's strings. */
static void emit(struct ectx *x, struct qa *q)
{
	struct buf b = BUF_INIT;
	char *back, *front;
	struct card *c;
	int nums[1];

	/* the first card made after an id comment takes its id */
	if (!q->id && x->pend_id && !x->pend_used) {
		q->id = x->pend_id;
		x->pend_used = true;
	}
	/* a "### Answer" sub-heading right after the question is a label */
	if (q->n && q->v[0]->type == MD_HEADING && (!q->lead || !*q->lead)) {
		char *t = block_md(q->v[0]);

		if (label_heading(t) == 2) {
			q->v++;
			q->n--;
		}
		free(t);
	}
	front = q->front ? text_trim(q->front) : NULL;
	if (front) {
		char *f = clean_markup(front);

		free(front);
		q->front = front = f;
	}
	if (q->n && (!q->lead || !*q->lead) && is_task_list(q->v[0]) && front && *front) {
		emit_mcq(x, q, q->v[0]);
		goto out;
	}
	if (q->lead)
		buf_adds(&b, q->lead);
	add_blocks(x, q->v, q->n, &b);
	back = finish_text(&b, true);
	if (cloze_numbers(back, nums, 1) > 0) {
		emit_cloze(x, q, back);
		free(back);
		goto out;
	}
	if (!front || !*front) {
		free(back);
		goto out;
	}
	if (!*back) {
		load_warn(x->res, abs_line(x, q->line), _("question has no answer, skipped"));
		free(back);
		goto out;
	}
	if (text_is_todo(back)) {
		load_warn(x->res, abs_line(x, q->line), _("answer is a TODO placeholder, skipped"));
		free(back);
		goto out;
	}
	if (text_is_mark_only(back)) {
		load_warn(x->res, abs_line(x, q->line), _("answer is only punctuation, skipped"));
		free(back);
		goto out;
	}
	if (text_only_images(back)) {
		load_warn(x->res, abs_line(x, q->line), _("answer is only an image, skipped"));
		free(back);
		goto out;
	}
	if (cloze_unclosed(back))
		load_warn(x->res, abs_line(x, q->line), _("cloze is not closed (no '}}'), kept as text"));
	c = new_card(x, q->shape, q->line, q->crumb_level);
	c->front = front;
	q->front = NULL;
	c->back = back;
	c->key = identity_key(x->res->deck, c->front, q->id, q->id ? x->keylang : NULL);
	set_typed(x, c);
out:
	free(q->front);
	free(q->lead);
	q->front = q->lead = NULL;
}

/* ---- headings --------------------------------------------------------- */

enum hkind { H_SECTION, H_QUESTION, H_LAB, H_FRONT, H_BACK };

/* In an HTML block "<!-- KEY VALUE -->" (`key` with its colon): the
 * value, its blanks around it left out, and its length in *len; NULL for
 * any other block. */
static const char *comment_value(const struct md_block *b, const char *key, size_t *len)
{
	const char *s, *e;
	size_t k = strlen(key);

	if (!b || b->type != MD_HTML || !b->literal)
		return NULL;
	s = b->literal + strspn(b->literal, " ");
	if (strncmp(s, "<!--", 4))
		return NULL;
	s += 4;
	s += strspn(s, " \t");
	if (strncmp(s, key, k) || !(e = strstr(s, "-->")))
		return NULL;
	s += k;
	s += strspn(s, " \t");
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	*len = (size_t)(e - s);
	return s;
}

/* "<!-- id: NAME -->": the name, or NULL. */
static char *id_comment(const struct md_block *b)
{
	size_t n;
	const char *s = comment_value(b, "id:", &n);

	if (!s || !identity_valid_id(s, n))
		return NULL;
	return xstrndup(s, n);
}

/* "<!-- tags: a b -->" (words separated by spaces or commas): the words
 * joined by one space, or NULL. */
static char *tags_comment(const struct md_block *b)
{
	size_t n;
	const char *s = comment_value(b, "tags:", &n), *e;
	struct buf t = BUF_INIT;

	if (!s)
		return NULL;
	for (e = s + n; s < e;) {
		size_t w;

		s += strspn(s, " \t\n,");
		w = s < e ? strcspn(s, " \t\n,") : 0;
		if (s + w > e)
			w = (size_t)(e - s);
		if (w) {
			if (t.len)
				buf_addch(&t, ' ');
			buf_add(&t, s, w);
		}
		s += w;
	}
	return buf_detach(&t);
}

/* The tags comment right above the heading v[i], or above its id comment,
 * added to the tags of the cards made since card `first`. */
static void add_heading_tags(struct ectx *x, const struct md_block *const *v, size_t i, size_t first)
{
	char *idc = i ? id_comment(v[i - 1]) : NULL;
	char *tags = i > (idc ? 1u : 0u) ? tags_comment(v[i - (idc ? 2 : 1)]) : NULL;

	for (size_t k = first; tags && k < x->res->ncards; k++) {
		struct card *c = &x->res->cards[k];
		struct buf all = BUF_INIT;

		buf_adds(&all, c->tags);
		for (const char *t = tags; *t;) {
			size_t w = strcspn(t, " ");
			char *word = xstrndup(t, w);
			bool have = false;

			/* a tag the file already gives is not added twice */
			for (const char *p = all.s ? all.s : ""; *p && !have; p += strspn(p, " ")) {
				size_t l = strcspn(p, " ");

				have = l == w && !strncmp(p, word, w);
				p += l;
			}
			if (!have)
				buf_addf(&all, "%s%s", all.len ? " " : "", word);
			free(word);
			t += w + (t[w] == ' ');
		}
		free(c->tags);
		c->tags = buf_detach(&all);
	}
	free(idc);
	free(tags);
}

static bool is_id_comment(const struct md_block *b)
{
	char *id = id_comment(b);

	free(id);
	return id != NULL;
}

struct heading {
	enum hkind kind;
	char *text;      /* the heading as markdown */
	char *question;  /* the question text (prefix removed), H_QUESTION/H_LAB */
	char *id;        /* explicit id, or NULL */
};

static void heading_release(struct heading *h)
{
	free(h->text);
	free(h->question);
	free(h->id);
}

static void classify(const struct md_block *b, const struct md_block *prev, struct heading *h)
{
	size_t n, k;
	int qp;

	memset(h, 0, sizeof(*h));
	h->text = block_md(b);
	h->id = id_comment(prev);
	n = strlen(h->text);
	switch (label_heading(h->text)) {
	case 1:
		h->kind = H_FRONT;
		return;
	case 2:
		h->kind = H_BACK;
		return;
	}
	k = question_prefix(h->text, n, &qp);
	if (qp == QP_LAB) {
		h->kind = H_LAB;
		h->question = xstrdup(h->text);
		return;
	}
	if (qp == QP_QMARK ||
	    (qp == QP_NUMBER && (ends_question(h->text, n) || starts_interrogative(h->text + k, n - k)))) {
		h->kind = H_QUESTION;
		h->question = xstrdup(h->text + k);
		return;
	}
	if (ends_question(h->text, n) || h->id) {
		h->kind = H_QUESTION;
		h->question = xstrdup(h->text);
		return;
	}
	h->kind = H_SECTION;
}

static bool is_question_kind(enum hkind k)
{
	return k == H_QUESTION || k == H_LAB || k == H_FRONT;
}

/* "Exercice 3 : Construire une image" -> "Exercice 3 — Construire une image" */
static char *lab_context(const char *h)
{
	const char *p = h;
	size_t wl = 0;

	while (p[wl] && p[wl] != ' ')
		wl++;
	if ((wl == 8 && (!strncasecmp(p, "exercice", 8) || !strncasecmp(p, "exercise", 8))) ||
	    (wl == 2 && !strncasecmp(p, "tp", 2)) || (wl == 3 && !strncasecmp(p, "lab", 3))) {
		const char *q = p + wl;

		while (*q == ' ')
			q++;
		if (*q >= '0' && *q <= '9') {
			const char *num = q, *t;

			while ((*q >= '0' && *q <= '9') || *q == '.')
				q++;
			t = q;
			while (*t == ' ' || *t == ':' || *t == '-' || *t == '.')
				t++;
			if (!strncmp(t, "\xE2\x80\x94", 3) || !strncmp(t, "\xE2\x80\x93", 3))
				t += 3;
			while (*t == ' ')
				t++;
			if (*t)
				return xasprintf("%.*s %.*s \xE2\x80\x94 %s", (int)wl, p, (int)(q - num), num, t);
		}
	}
	return xstrdup(h);
}

static char *lab_front(struct ectx *x, int level, const char *q)
{
	size_t n = strlen(q);
	char *ctx = NULL, *out;

	while (n && (q[n - 1] == '.' || q[n - 1] == ' ' || q[n - 1] == ':'))
		n--;
	for (int l = level - 1; l >= 1 && !ctx; l--)
		if (x->hcrumb[l])
			ctx = lab_context(x->hcrumb[l]);
	/* the title H1 is not in the breadcrumb but still names the exercise */
	if (!ctx && x->title && level > 1) {
		char *t = block_md(x->title);

		ctx = lab_context(t);
		free(t);
	}
	if (ctx)
		out = xasprintf("%s \xC2\xB7 %.*s", ctx, (int)n, q);
	else
		out = xstrndup(q, n);
	free(ctx);
	return out;
}

/* ---- sections --------------------------------------------------------- */

static bool bold_span(const char *t, size_t n, size_t *in_start, size_t *in_len, size_t *after)
{
	const char *close;

	if (n < 5 || !((t[0] == '*' && t[1] == '*') || (t[0] == '_' && t[1] == '_')))
		return false;
	close = NULL;
	for (size_t j = 2; j + 1 < n; j++)
		if (t[j] == t[0] && t[j + 1] == t[0] && (j + 2 >= n || t[j + 2] != t[0])) {
			close = t + j;
			break;
		}
	if (!close || close == t + 2)
		return false;
	*in_start = 2;
	*in_len = (size_t)(close - t) - 2;
	*after = (size_t)(close - t) + 2;
	return true;
}

static size_t first_line_len(const char *t)
{
	const char *e = strchr(t, '\n');

	return e ? (size_t)(e - t) : strlen(t);
}

/* A paragraph that is a question on its own: one line ending in "?", or all
 * bold and asking something. */
static bool question_paragraph(const char *t)
{
	size_t n = strlen(t), s, l, a;

	if (!strchr(t, '\n') && n <= 300 && ends_question(t, n))
		return true;
	if (bold_span(t, n, &s, &l, &a) && a >= n &&
	    (ends_question(t + s, l) || starts_interrogative(t + s, l)))
		return true;
	return false;
}

static bool ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* The words of n bytes at s (runs of non-blanks), up to `max`. */
static size_t words_upto(const char *s, size_t n, size_t max, const char **second)
{
	size_t w = 0;

	*second = NULL;
	for (size_t i = 0; i < n && w < max; i++)
		if (s[i] != ' ' && s[i] != '\t' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t')) {
			if (++w == 2)
				*second = s + i;
		}
	return w;
}

/* "question::answer" on one line (doc/dkquiz.5, Line markers): the
 * position of the "::", or 0. It must be the line's only "::" outside code
 * spans and URLs, with text on both sides. Glued between two identifier
 * characters it is read as a scope ("std::vector", "Foo::bar", fe80::1)
 * unless the left side asks something, or is one word and the right side
 * several words that do not read as a sentence about the scoped name
 * ("kubectl::the Kubernetes CLI", not "std::vector is an array"). */
static size_t double_colon(const char *l, size_t n)
{
	size_t at = 0, count = 0, a, b, w;
	bool code = false, url = false;
	const char *second;

	for (size_t i = 0; i < n; i++) {
		if (l[i] == '`')
			code = !code;
		if (code)
			continue;
		if (l[i] == ' ' || l[i] == '\t') {
			url = false;
			continue;
		}
		if (!url && l[i] == ':' && i + 2 < n && l[i + 1] == '/' && l[i + 2] == '/')
			url = true;  /* the rest of this word is a URL */
		if (l[i] == '{' && i + 2 < n && l[i + 1] == '{' && l[i + 2] == 'c')
			return 0;    /* a cloze */
		if (l[i] == ':' && i + 1 < n && l[i + 1] == ':') {
			size_t k = i;

			while (k < n && l[k] == ':')
				k++;
			if (k - i == 2 && !url) {
				at = i;
				count++;
			}
			i = k - 1;
		}
	}
	if (count != 1 || code)
		return 0;
	a = 0;
	b = n;
	while (a < at && (l[a] == ' ' || l[a] == '\t'))
		a++;
	while (b > at + 2 && (l[b - 1] == ' ' || l[b - 1] == '\t'))
		b--;
	if (a == at || b == at + 2)
		return 0;
	if (l[at - 1] == ' ' || l[at + 2] == ' ' || ends_question(l, at))
		return at;
	if (!ident_char(l[at - 1]) || !ident_char(l[at + 2]))
		return at;
	if (starts_interrogative(l + a, at - a))
		return at;
	if (memchr(l + a, ' ', at - a))
		return 0;
	w = words_upto(l + at + 2, b - at - 2, 3, &second);
	if (w < 2)
		return 0;
	/* "std::vector is ...": the scoped name is the subject of a sentence */
	if (second && def_verb(second, (size_t)(l + b - second)))
		return 0;
	return at;
}

/* Every line of the paragraph text t is a "question::answer" pair. */
static bool dc_pairs(const char *t)
{
	if (!*t || !strstr(t, "::"))
		return false;
	for (const char *p = t; *p;) {
		size_t fl = first_line_len(p);

		if (!double_colon(p, fl))
			return false;
		p += fl + (p[fl] ? 1 : 0);
	}
	return true;
}

static bool has_question_line(const char *t)
{
	for (const char *p = t; *p;) {
		size_t n = first_line_len(p);
		size_t a = 0;

		while (a < n && (p[a] == ' ' || p[a] == '\t'))
			a++;
		if (n - a >= 1 && p[a] == '?' && (n - a == 1 || p[a + 1] == ' '))
			return true;
		p += n + (p[n] ? 1 : 0);
	}
	return false;
}

static bool strong_item_question(const char *t)
{
	size_t n = strlen(t), s, l, a, fl = first_line_len(t);

	if (bold_span(t, n, &s, &l, &a))
		return ends_question(t + s, l) || starts_interrogative(t + s, l) ||
		       (a >= n && count_words(t + s, l) >= 6);
	return ends_question(t, fl);
}

static bool generic_summary(const char *s);
static char *summary_text(const char *lit);

/* A cheap look at the source lines of paragraph b before cutting it: can
 * it be a question at all? It needs a "?", a "::", or a first word that is
 * a marker (Q:, Question:, Front:, Recto:). Keeps the answers of question
 * headings, most of a file, from being copied twice. */
static bool may_ask(const struct ectx *x, const struct md_block *b)
{
	const char *s = x->in->body, *p, *e;
	size_t a, z;

	if (b->line_start < 1 || b->line_start > x->nlines)
		return true;
	a = x->loff[b->line_start - 1] + (size_t)(b->col_start > 0 ? b->col_start - 1 : 0);
	z = b->line_end < x->nlines ? x->loff[b->line_end] : x->in->blen;
	if (a >= z)
		return true;
	p = s + a;
	e = s + z;
	while (p < e && (*p == '*' || *p == '_'))
		p++;
	if (p < e && strchr("QqFfRr", *p))
		return true;
	if (memchr(s + a, '?', z - a))
		return true;
	for (p = s + a; (p = memchr(p, ':', (size_t)(e - p))) != NULL && p + 1 < e; p++)
		if (p[1] == ':')
			return true;
	return false;
}

/* The first item of a list asks a question of its own: its first line is
 * all bold and ends in "?", or it ends in "?" and a task list follows. */
static bool list_question(struct ectx *x, const struct md_block *list)
{
	const struct md_block *it = list->children, *p = it ? it->children : NULL;
	size_t n, fl, s, l, a;
	char *t;
	bool q = false;

	if (!p || p->type != MD_PARAGRAPH)
		return false;
	t = cut(x, p);
	n = strlen(t);
	fl = first_line_len(t);
	if (bold_span(t, n, &s, &l, &a) && a >= fl && ends_question(t + s, l))
		q = true;
	if (!q && ends_question(t, fl))
		for (const struct md_block *c = p->next; c && !q; c = c->next)
			q = is_task_list(c);
	free(t);
	return q;
}

/* Is block b, met inside an answer, a question of another shape, which
 * ends that answer? A "Q:" paragraph, a line holding only "?", a
 * "question::answer" pair, an all-bold paragraph ending in "?", a
 * <details> whose summary asks something, a list whose first item asks a
 * question (list_question()). Lists, bold words and questions asked in
 * passing inside an answer are not. */
static bool explicit_question(struct ectx *x, const struct md_block *b)
{
	switch (b->type) {
	case MD_PARAGRAPH: {
		char *t;
		size_t n, s, l, a;
		bool q;

		if (!may_ask(x, b))
			return false;
		t = cut(x, b);
		n = strlen(t);
		q = label_front(t, n) || has_question_line(t) || dc_pairs(t) ||
		    (bold_span(t, n, &s, &l, &a) && a >= n && ends_question(t + s, l));
		free(t);
		return q;
	}
	case MD_HTML: {
		char *sum;
		bool q;

		if (!b->literal || !ci_find(b->literal, "<details"))
			return false;
		sum = summary_text(b->literal);
		q = sum && *sum && !generic_summary(sum);
		free(sum);
		return q;
	}
	case MD_LIST:
		return list_question(x, b);
	default:
		return false;
	}
}

/* Does the run of blocks hold an explicit question of any shape? Then its
 * notes are answers, not definitions. */
static bool section_has_questions(struct ectx *x, const struct md_block *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct md_block *b = v[i];

		for (const struct md_block *d = b; d; d = md_next(b, d, false)) {
			char *t;
			bool q = false;

			if (d->type == MD_HTML && d->literal && ci_find(d->literal, "<details"))
				return true;
			if (d->type == MD_LIST && is_task_list(d))
				return true;
			if (d->type != MD_PARAGRAPH)
				continue;
			t = cut(x, d);
			if (label_front(t, strlen(t)) || has_question_line(t) || question_paragraph(t))
				q = true;
			if (!q && d->parent && d->parent->type == MD_ITEM && d->parent->children == d &&
			    strong_item_question(t))
				q = true;
			if (!q)
				q = dc_pairs(t);
			free(t);
			if (q)
				return true;
		}
	}
	return false;
}

static char *def_front(struct ectx *x, const char *t, const struct definition *d)
{
	const char *term = t + d->term_start;
	int tl = (int)d->term_len;

	if (d->code || d->upper)
		return x->fr ? xasprintf("Que fait %.*s ?", tl, term)
			     : xasprintf("What does %.*s do?", tl, term);
	if (d->plural)
		return x->fr ? xasprintf("Que sont %.*s ?", tl, term)
			     : xasprintf("What are %.*s?", tl, term);
	if (x->fr) {
		unsigned char c0 = (unsigned char)term[0];
		bool vowel = strchr("AEIOUYaeiouy", c0) && c0;

		if (c0 == 0xC3 && tl > 1)
			vowel = strchr("\x80\x82\x88\x89\x8A\x8E\x94\x9B\xA0\xA2\xA8\xA9\xAA\xAE\xB4\xBB",
				       (unsigned char)term[1]) != NULL;
		return xasprintf(vowel ? "Qu'est-ce qu'%.*s ?" : "Qu'est-ce que %.*s ?", tl, term);
	}
	return xasprintf("What is %.*s?", tl, term);
}

/* One definition card from the n bytes at t, which parse as `d`, and the
 * blocks after it. Remembers the term for a reversed card. */
static void emit_definition(struct ectx *x, const char *t, size_t n, const struct definition *d,
			    int line, const struct md_block *const *more, size_t nmore)
{
	size_t before = x->res->ncards;
	struct qa q;

	qa_start(&q, SHAPE_DEFINITION, line);
	q.front = def_front(x, t, d);
	q.lead = d->kind == DEF_SEP ? xstrndup(t + d->rest, n - d->rest) : xstrndup(t, n);
	q.v = more;
	q.n = nmore;
	emit(x, &q);
	if (x->res->ncards == before + 1) {
		XGROW(x->terms, before + 1, x->cap_terms);
		while (x->nterms < before)
			x->terms[x->nterms++] = NULL;
		x->terms[x->nterms++] = xstrndup(t + d->term_start, d->term_len);
	}
}

/* Emit the definition card(s) of paragraph text `t` (owned, consumed) and
 * the blocks that follow it inside the same item. Consecutive lines that
 * each start a definition ("**Pod** : ...\n**Node** : ...") are one card
 * each; a line that does not start one goes on the definition before it. */
static bool try_definition(struct ectx *x, char *t, int line, const struct md_block *const *more,
			   size_t nmore)
{
	struct definition d, dl;
	size_t n = strlen(t), start = 0, fl = first_line_len(t);
	int ln = line, start_ln = line;

	if (!x->defs_ok || !parse_definition(t, n, &d)) {
		free(t);
		return false;
	}
	if (fl < n && parse_definition(t, fl, &dl)) {
		for (size_t p = fl + 1; p < n;) {
			size_t l = first_line_len(t + p);

			ln++;
			if (parse_definition(t + p, l, &dl)) {
				size_t e = p - 1;

				if (parse_definition(t + start, e - start, &d))
					emit_definition(x, t + start, e - start, &d, start_ln, NULL, 0);
				start = p;
				start_ln = ln;
			}
			p += l + 1;
		}
		if (!parse_definition(t + start, n - start, &d)) {
			free(t);
			return true;
		}
	}
	emit_definition(x, t + start, n - start, &d, start_ln, more, nmore);
	free(t);
	return true;
}

static bool generic_summary(const char *s)
{
	static const char *const words[] = {
		"show", "hide", "answer", "answers", "solution", "réponse", "reponse", "réponses",
		"voir", "la", "les", "the", "see", "afficher", "click", "to", "expand", "reveal",
		"cliquer", "cliquez", "pour", "details", "détails", "here", "ici", "correction",
		"me", "it", "spoiler", NULL
	};
	const char *p = s;
	int nw = 0;

	while (*p) {
		size_t w = 0;
		bool ok = false;

		while (*p && !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			       (unsigned char)*p >= 0xC3))
			p++;
		while (p[w] && ((p[w] >= 'a' && p[w] <= 'z') || (p[w] >= 'A' && p[w] <= 'Z') ||
				(unsigned char)p[w] >= 0x80))
			w++;
		if (!w)
			break;
		for (size_t k = 0; words[k]; k++)
			if (strlen(words[k]) == w && !strncasecmp(p, words[k], w))
				ok = true;
		if (!ok)
			return false;
		nw++;
		p += w;
	}
	return true;
}

/* Text of the <summary> element of an HTML block, tags removed. */
static char *summary_text(const char *lit)
{
	const char *s = ci_find(lit, "<summary"), *e;
	struct buf b = BUF_INIT;
	bool tag = false;

	if (!s)
		return NULL;
	s = strchr(s, '>');
	if (!s)
		return NULL;
	s++;
	e = ci_find(s, "</summary>");
	if (!e)
		e = s + strlen(s);
	for (; s < e; s++) {
		if (*s == '<')
			tag = true;
		else if (*s == '>')
			tag = false;
		else if (!tag)
			buf_addch(&b, *s == '\n' ? ' ' : *s);
	}
	return text_trim(buf_detach(&b));
}

/* <details> starting at v[i]: returns the blocks consumed. */
static size_t do_details(struct ectx *x, const struct md_block *const *v, size_t n, size_t i)
{
	const struct md_block *b = v[i];
	char *sum = summary_text(b->literal);
	struct qa q;
	size_t j = i + 1;
	int depth = 0;

	if (!sum)
		return 1;
	/* the body runs to the matching </details> */
	for (const char *p = b->literal; (p = ci_find(p, "<details")); p++)
		depth++;
	for (const char *p = b->literal; (p = ci_find(p, "</details")); p++)
		depth--;
	while (depth > 0 && j < n && v[j]->type != MD_HEADING) {
		if (v[j]->type == MD_HTML) {
			for (const char *p = v[j]->literal; (p = ci_find(p, "<details")); p++)
				depth++;
			for (const char *p = v[j]->literal; (p = ci_find(p, "</details")); p++)
				depth--;
		}
		j++;
	}
	if (depth > 0)
		load_warn(x->res, abs_line(x, b->line_start), _("<details> is not closed"));
	qa_start(&q, SHAPE_DETAILS, b->line_start);
	if (!*sum || generic_summary(sum)) {
		const struct md_block *prev = i ? v[i - 1] : NULL;

		free(sum);
		sum = NULL;
		if (prev && prev->type == MD_HEADING) {
			sum = block_md(prev);
			q.line = prev->line_start;
		} else if (prev && prev->type == MD_PARAGRAPH) {
			struct buf t = BUF_INIT;

			cut_block(x, prev, &t);
			sum = buf_detach(&t);
			q.line = prev->line_start;
		}
		if (!sum) {
			load_warn(x->res, abs_line(x, b->line_start),
				  _("<details> without a question, skipped"));
			return j - i;
		}
	}
	q.front = sum;
	{
		/* the first block holds the summary: keep only what follows it */
		struct buf lead = BUF_INIT;

		add_html_answer(b, &lead);
		q.lead = buf_detach(&lead);
	}
	q.v = v + i + 1;
	q.n = j - i - 1;
	emit(x, &q);
	return j - i;
}

/* Blocks after a question paragraph that form its answer. */
static size_t answer_run(struct ectx *x, const struct md_block *const *v, size_t n, size_t from,
			 bool check_first)
{
	size_t j = from;

	while (j < n) {
		const struct md_block *b = v[j];

		if (b->type == MD_HEADING || b->type == MD_THEMATIC_BREAK)
			break;
		if (b->type == MD_HTML && (j > from || is_id_comment(b)))
			break;
		if (b->type == MD_PARAGRAPH && (j > from || check_first)) {
			char *t = cut(x, b);
			bool stop = question_paragraph(t) || label_front(t, strlen(t)) ||
				    has_question_line(t) || dc_pairs(t);

			free(t);
			if (stop)
				break;
		}
		if (b->type != MD_PARAGRAPH && (j > from || check_first) && explicit_question(x, b))
			break;
		j++;
	}
	return j;
}

static void qa_from_text(struct ectx *x, enum card_shape shape, int line, const char *f, size_t fl,
			 const char *a, size_t al)
{
	struct qa q;

	qa_start(&q, shape, line);
	q.front = xstrndup(f, fl);
	q.lead = xstrndup(a, al);
	emit(x, &q);
}

/* Q:/A: markers inside paragraph text `t`; returns false if none. When the
 * last question has no "A:" in the paragraph, its answer is taken from the
 * following blocks (*used tells how many). */
static bool do_markers(struct ectx *x, const char *t, const struct md_block *b,
		       const struct md_block *const *v, size_t n, size_t i, size_t *used)
{
	const char *p = t, *qs = NULL, *qe = NULL, *as = NULL;
	int qline = b->line_start, ln = b->line_start;

	*used = 1;
	if (!label_front(t, strlen(t)))
		return false;
	while (*p) {
		size_t fl = first_line_len(p), k;

		if ((k = label_front(p, fl)) != 0) {
			if (qs && as)
				qa_from_text(x, SHAPE_MARKERS, qline, qs, (size_t)(qe - qs), as,
					     (size_t)(p - as));
			qs = p + k;
			qe = p + fl;
			as = NULL;
			qline = ln;
		} else if (qs && !as && (k = label_back(p, fl)) != 0) {
			qe = p;
			as = p + k;
		} else if (qs && !as) {
			qe = p + fl;
		}
		p += fl + (p[fl] ? 1 : 0);
		ln++;
	}
	if (qs && as) {
		/* the answer goes on in the paragraphs after this one */
		struct qa q;
		size_t end = answer_run(x, v, n, i + 1, true);

		qa_start(&q, SHAPE_MARKERS, qline);
		q.front = xstrndup(qs, (size_t)(qe - qs));
		q.lead = xstrdup(as);
		q.v = v + i + 1;
		q.n = end - i - 1;
		*used = end - i;
		emit(x, &q);
	} else if (qs) {
		/* "A:" opens the next paragraph */
		struct qa q;
		size_t j = i + 1, end;

		qa_start(&q, SHAPE_MARKERS, qline);
		q.front = xstrndup(qs, (size_t)(qe - qs));
		if (j < n && v[j]->type == MD_PARAGRAPH) {
			char *a = cut(x, v[j]);
			size_t k = label_back(a, strlen(a));

			if (k) {
				q.lead = xstrdup(a + k);
				j++;
			}
			free(a);
		}
		end = answer_run(x, v, n, j, j > i + 1);
		q.v = v + j;
		q.n = end - j;
		*used = end - i;
		emit(x, &q);
	}
	return true;
}

/* A paragraph whose every line is a "question::answer" pair. */
static bool do_double_colon(struct ectx *x, const char *t, int line)
{
	if (!dc_pairs(t))
		return false;
	for (const char *p = t; *p; line++) {
		size_t fl = first_line_len(p), k = double_colon(p, fl);

		qa_from_text(x, SHAPE_MARKERS, line, p, k, p + k + 2, fl - k - 2);
		p += fl + (p[fl] ? 1 : 0);
	}
	return true;
}

/* A line holding only "?" between question and answer. */
static bool do_question_line(struct ectx *x, const char *t, int line,
			     const struct md_block *const *v, size_t n, size_t i, size_t *used)
{
	const char *p = t;

	*used = 1;
	while (*p) {
		size_t fl = first_line_len(p), a = 0;

		while (a < fl && (p[a] == ' ' || p[a] == '\t'))
			a++;
		if (fl - a == 1 && p[a] == '?' && p > t) {
			const char *ans = p + fl + (p[fl] ? 1 : 0);
			struct qa q;

			qa_start(&q, SHAPE_MARKERS, line);
			q.front = xstrndup(t, (size_t)(p - t));
			q.lead = xstrdup(ans);
			if (!*ans && i + 1 < n) {
				q.v = v + i + 1;
				q.n = 1;
				*used = 2;
			}
			emit(x, &q);
			return true;
		}
		p += fl + (p[fl] ? 1 : 0);
	}
	return false;
}

static size_t do_paragraph(struct ectx *x, const struct md_block *const *v, size_t n, size_t i)
{
	const struct md_block *b = v[i];
	char *t = cut(x, b);
	size_t used = 1;
	int nums[1];

	/* "question" / "?" / "answer" as three paragraphs */
	if (i + 2 < n && v[i + 1]->type == MD_PARAGRAPH) {
		char *mid = cut(x, v[i + 1]);
		bool sep = !strcmp(mid, "?");

		free(mid);
		if (sep) {
			struct qa q;

			qa_start(&q, SHAPE_MARKERS, b->line_start);
			q.front = t;
			q.v = v + i + 2;
			q.n = 1;
			emit(x, &q);
			return 3;
		}
	}
	if (do_markers(x, t, b, v, n, i, &used) ||
	    do_question_line(x, t, b->line_start, v, n, i, &used) ||
	    do_double_colon(x, t, b->line_start))
		goto done;
	if (cloze_numbers(t, nums, 1) > 0) {
		struct qa q;

		qa_start(&q, SHAPE_CLOZE, b->line_start);
		q.front = xstrdup("");
		q.v = v + i;
		q.n = 1;
		emit(x, &q);
		goto done;
	}
	if (question_paragraph(t)) {
		struct qa q;
		size_t s, l, a, end;

		qa_start(&q, SHAPE_MARKERS, b->line_start);
		if (bold_span(t, strlen(t), &s, &l, &a))
			q.front = xstrndup(t + s, l);
		else
			q.front = xstrdup(t);
		end = answer_run(x, v, n, i + 1, false);
		q.v = v + i + 1;
		q.n = end - i - 1;
		/* a <details> right after holds the answer */
		if (q.n && html_has(q.v[0], "<summary"))
			q.shape = SHAPE_DETAILS;
		emit(x, &q);
		used = end - i;
		goto done;
	}
	/* a generic <details> after this paragraph takes it as its question */
	if (i + 1 < n && html_has(v[i + 1], "<summary")) {
		char *sum = summary_text(v[i + 1]->literal);
		bool generic = sum && (!*sum || generic_summary(sum));

		free(sum);
		if (generic) {
			x->defer_id = true;  /* an id before this paragraph names that card */
			goto done;
		}
	}
	if (cloze_unclosed(t)) {
		load_warn(x->res, abs_line(x, b->line_start), _("cloze is not closed (no '}}'), skipped"));
		goto done;
	}
	try_definition(x, t, b->line_start, NULL, 0);
	return 1;
done:
	free(t);
	return used;
}

/* Headers that name the sides of a card: Question | Answer, Q | A,
 * Front | Back, Recto | Verso, Question | Réponse. */
static bool side_headers(const char *h0, const char *h1)
{
	char *a = text_fold(h0), *b = text_fold(h1);
	bool front = label_heading(h0) == 1 || !strcmp(a, "q") || !strcmp(a, "questions");
	bool back = label_heading(h1) == 2 || !strcmp(b, "a") || !strcmp(b, "r") ||
		    !strcmp(b, "answers") || !strcmp(b, "reponses");

	free(a);
	free(b);
	return front && back;
}

static void do_table(struct ectx *x, const struct md_block *tb)
{
	const struct md_block *head = tb->children;
	char *h[64];
	int nh = 0;
	bool sides;

	if (!head || tb->ncols < 2)
		return;
	for (const struct md_block *c = head->children; c && nh < 64; c = c->next)
		h[nh++] = block_md(c);
	sides = nh == 2 && side_headers(h[0], h[1]);
	for (const struct md_block *row = head->next; row; row = row->next) {
		char *cell[64];
		int nc = 0;
		struct qa q;
		struct buf f = BUF_INIT, a = BUF_INIT;

		for (const struct md_block *c = row->children; c && nc < 64; c = c->next)
			cell[nc++] = block_md(c);
		qa_start(&q, SHAPE_TABLE, row->line_start);
		if (nc >= 1 && *cell[0] && sides) {
			buf_adds(&f, cell[0]);
		} else if (nc >= 1 && *cell[0]) {
			buf_adds(&f, cell[0]);
			if (nh == 2 && *h[1]) {
				buf_addf(&f, " \xE2\x80\x94 %s", h[1]);
			} else if (nh > 2) {
				buf_adds(&f, " \xE2\x80\x94 ");
				for (int k = 1; k < nh; k++)
					buf_addf(&f, "%s%s", k > 1 ? " vs " : "", h[k]);
			}
			if (nh >= 2 && !ends_question(f.s, f.len))
				buf_adds(&f, x->fr ? " ?" : "?");
		}
		if (nh > 2) {
			for (int k = 1; k < nh && k < nc; k++)
				if (*cell[k])
					buf_addf(&a, "%s- %s%s %s", a.len ? "\n" : "", h[k],
						 x->fr ? " :" : ":", cell[k]);
		} else if (nc >= 2) {
			buf_adds(&a, cell[1]);
		}
		q.front = buf_detach(&f);
		q.lead = buf_detach(&a);
		emit(x, &q);
		for (int k = 0; k < nc; k++)
			free(cell[k]);
	}
	for (int k = 0; k < nh; k++)
		free(h[k]);
}

static bool is_toc(const struct md_block *list)
{
	for (const struct md_block *it = list->children; it; it = it->next) {
		const struct md_block *p = it->children;
		const struct md_inline *in;
		bool link = false;

		if (!p || p->type != MD_PARAGRAPH)
			return false;
		for (in = p->inlines; in; in = in->next) {
			if (in->type == MD_LINK && in->url && in->url[0] == '#' && !link)
				link = true;
			else if (!(in->type == MD_TEXT && in->text && !in->text[strspn(in->text, " \t")]))
				return false;
		}
		if (!link)
			return false;
	}
	return true;
}

/* ---- the frame machine ------------------------------------------------ */

static struct frame *push_frame(struct ectx *x)
{
	struct frame *f;

	XGROW(x->fr_stack, x->nframes + 1, x->capframes);
	f = &x->fr_stack[x->nframes++];
	memset(f, 0, sizeof(*f));
	f->ntopics = x->ntopics;
	return f;
}

static void push_children(struct ectx *x, const struct md_block *first)
{
	struct frame *f = push_frame(x);

	blist_children(&f->l, first);
}

static void push_topic(struct ectx *x, char *t)
{
	XGROW(x->topics, x->ntopics + 1, x->captopics);
	x->topics[x->ntopics++] = t;
}

/* The list has one item, or another item holds more than a line: the list
 * is one of questions and answers, not of questions alone (an exercise
 * list, which the text after it does not answer). */
static bool others_answered(const struct md_block *list)
{
	const struct md_block *it = list->children;

	if (!it || !it->next)
		return true;
	for (; it && it->next; it = it->next) {
		const struct md_block *c = it->children;

		if (c && (c->next || c->line_end > c->line_start))
			return true;
	}
	return false;
}

/* Blocks cmark pushed out of the last item of a list (under-indented code
 * after item 10...): up to the list that continues the numbering, or the
 * indented blocks right after the list; and when the question has no
 * answer of its own (`empty`), the blocks after the list up to the next
 * heading, break, HTML block, ordered list or question. */
static void pushed_out(struct ectx *x, size_t fi, struct blist *ans, bool empty)
{
	struct frame *f = &x->fr_stack[fi];
	struct frame *pf = &x->fr_stack[f->parent];
	const struct md_block *list = f->list;
	size_t j = pf->i, m = j, count = 0;

	if (f->i != f->l.n)
		return; /* not the last item */
	for (const struct md_block *it = list->children; it; it = it->next)
		count++;
	while (m < pf->l.n && pf->l.v[m]->type != MD_LIST && pf->l.v[m]->type != MD_HEADING &&
	       pf->l.v[m]->type != MD_THEMATIC_BREAK && pf->l.v[m]->type != MD_HTML)
		m++;
	if (m > j && m < pf->l.n && pf->l.v[m]->type == MD_LIST && list->ordered &&
	    pf->l.v[m]->ordered && (size_t)pf->l.v[m]->start == (size_t)list->start + count) {
		for (size_t k = j; k < m; k++)
			blist_add(ans, pf->l.v[k]);
		pf->i = m;
		return;
	}
	while (j < m && pf->l.v[j]->col_start > 1)
		blist_add(ans, pf->l.v[j++]);
	if (empty && j == pf->i && others_answered(list)) {
		size_t e = answer_run(x, pf->l.v, pf->l.n, j, true);

		while (j < e && !(pf->l.v[j]->type == MD_LIST && pf->l.v[j]->ordered))
			blist_add(ans, pf->l.v[j++]);
	}
	pf->i = j;
}

static bool subtree_has_definition(struct ectx *x, const struct md_block *item)
{
	for (const struct md_block *d = item->children ? item->children->next : NULL; d;
	     d = md_next(item, d, false)) {
		struct definition def;
		char *t;
		bool ok;

		if (d->type != MD_PARAGRAPH)
			continue;
		t = cut(x, d);
		ok = parse_definition(t, strlen(t), &def);
		free(t);
		if (ok)
			return true;
	}
	return false;
}

/* One item of the list of frame fi starts a definition (computed once). */
static bool list_has_definitions(struct ectx *x, size_t fi)
{
	struct frame *f = &x->fr_stack[fi];

	if (f->defs < 0) {
		f->defs = 0;
		for (const struct md_block *it = f->list->children; it && !f->defs; it = it->next) {
			struct definition d;
			char *t;

			if (!it->children || it->children->type != MD_PARAGRAPH)
				continue;
			t = cut(x, it->children);
			f->defs = parse_definition(t, strlen(t), &d);
			free(t);
		}
	}
	return f->defs > 0;
}

static void do_item(struct ectx *x, size_t fi, const struct md_block *item)
{
	const struct md_block *c0 = item->children;
	struct blist rest = { NULL, 0, 0 };
	char *t;
	size_t n, s, l, a, fl;
	struct qa q;

	if (!c0)
		return;
	if (c0->type != MD_PARAGRAPH) {
		push_children(x, c0);
		return;
	}
	t = cut(x, c0);
	n = strlen(t);
	fl = first_line_len(t);
	if (!c0->next && do_double_colon(x, t, c0->line_start)) {
		free(t);
		return;
	}
	qa_start(&q, SHAPE_LIST, c0->line_start);
	if (bold_span(t, n, &s, &l, &a)) {
		bool strong = ends_question(t + s, l) || starts_interrogative(t + s, l) ||
			      (a >= n && count_words(t + s, l) >= 6);

		if (!strong && a >= n && !c0->next && x->defs_ok && list_has_definitions(x, fi)) {
			/* "- **Kubelet**" among "- **Pod**: ..." items */
			load_warn(x->res, abs_line(x, c0->line_start),
				  _("term '%.*s' has no definition, skipped"), (int)l, t + s);
			free(t);
			return;
		}

		if (!strong && a >= n && c0->next) {
			if (x->defs_ok && subtree_has_definition(x, item)) {
				/* a topic title: its items are notes under it */
				size_t tl = l;

				while (tl && (t[s + tl - 1] == ':' || t[s + tl - 1] == ' '))
					tl--;
				push_children(x, c0->next);
				push_topic(x, xstrndup(t + s, tl));
				free(t);
				return;
			}
			strong = true;
		}
		if (strong) {
			size_t ls = a;

			while (ls < n && (t[ls] == ' ' || t[ls] == ':' || t[ls] == '\n'))
				ls++;
			q.front = xstrndup(t + s, l);
			q.lead = xstrdup(t + ls);
			goto question;
		}
	} else if (ends_question(t, fl)) {
		int qp;
		size_t k = question_prefix(t, fl, &qp);

		if (qp == QP_NUMBER || qp == QP_LAB)
			k = 0;
		k += label_front(t + k, fl - k);
		q.front = xstrndup(t + k, fl - k);
		q.lead = xstrdup(t + fl);
		goto question;
	}
	blist_children(&rest, c0->next);
	if (try_definition(x, t, c0->line_start, rest.v, rest.n)) {
		free(rest.v);
		return;
	}
	free(rest.v);
	push_children(x, c0);
	return;
question:
	free(t);
	blist_children(&rest, c0->next);
	pushed_out(x, fi, &rest, !rest.n && !q.lead[strspn(q.lead, " \t\n")]);
	q.v = rest.v;
	q.n = rest.n;
	emit(x, &q);
	free(rest.v);
}

static void id_drop(struct ectx *x)
{
	if (!x->pend_used)
		load_warn(x->res, abs_line(x, x->pend_line), _("id '%s' is not followed by a card"),
			  x->pend_id);
	free(x->pend_id);
	x->pend_id = NULL;
}

/* Forget the pending id once the machine is done with the block after the
 * comment; warn if no card took it. */
static void id_settle(struct ectx *x)
{
	if (!x->pend_id)
		return;
	if (x->nframes > x->pend_frame + 1 ||
	    (x->nframes == x->pend_frame + 1 && x->fr_stack[x->pend_frame].i <= x->pend_index))
		return;
	id_drop(x);
}

/* Run the frame machine over one run of sibling blocks. */
static void process_run(struct ectx *x, const struct md_block *const *v, size_t n)
{
	size_t base = x->nframes;
	struct frame *f = push_frame(x);

	f->l.v = (const struct md_block **)v;
	f->l.n = n;
	f->borrowed = true;
	while (x->nframes > base) {
		size_t fi = x->nframes - 1;
		const struct md_block *b;
		size_t used = 1;

		id_settle(x);
		f = &x->fr_stack[fi];
		if (f->i >= f->l.n) {
			while (x->ntopics > f->ntopics)
				free(x->topics[--x->ntopics]);
			if (!f->borrowed)
				free(f->l.v);
			x->nframes--;
			continue;
		}
		b = f->l.v[f->i];
		if (f->items) {
			f->i++;
			do_item(x, fi, b);
			continue;
		}
		switch (b->type) {
		case MD_PARAGRAPH:
			used = do_paragraph(x, f->l.v, f->l.n, f->i);
			if (x->defer_id && x->pend_id && x->pend_frame == fi &&
			    x->pend_index == x->fr_stack[fi].i)
				x->pend_index += used;
			x->defer_id = false;
			break;
		case MD_LIST:
			if (is_toc(b) || is_task_list(b))
				break;
			f->i++;
			{
				struct frame *nf = push_frame(x);

				blist_children(&nf->l, b->children);
				nf->items = true;
				nf->list = b;
				nf->parent = fi;
				nf->defs = -1;
			}
			continue;
		case MD_QUOTE:
			f->i++;
			push_children(x, b->children);
			continue;
		case MD_HTML: {
			char *id = id_comment(b);

			if (id && f->i + 1 < f->l.n) {
				/* for the first card of the next block, whatever its shape */
				if (x->pend_id)
					id_drop(x);  /* two id comments in a row */
				x->pend_id = id;
				x->pend_used = false;
				x->pend_line = b->line_start;
				x->pend_frame = fi;
				x->pend_index = f->i + 1;
			} else if (id) {
				free(id);  /* the heading after this run takes it */
			} else if (b->literal && ci_find(b->literal, "<details")) {
				used = do_details(x, f->l.v, f->l.n, f->i);
			}
			break;
		}
		case MD_TABLE:
			do_table(x, b);
			break;
		case MD_CODE: {
			int nums[1];

			if (b->literal && cloze_numbers(b->literal, nums, 1) > 0) {
				struct qa q;

				qa_start(&q, SHAPE_CLOZE, b->line_start);
				q.front = xstrdup("");
				q.v = f->l.v + f->i;
				q.n = 1;
				emit(x, &q);
			}
			break;
		}
		default:
			break;
		}
		/* do_paragraph may have pushed nothing; the frame pointer is still valid */
		x->fr_stack[fi].i += used ? used : 1;
	}
	id_settle(x);
}

static void set_crumb(struct ectx *x, const struct md_block *h, const char *text)
{
	int l = h->level < 1 ? 1 : h->level > 6 ? 6 : h->level;

	for (int k = l; k <= 6; k++) {
		free(x->hcrumb[k]);
		x->hcrumb[k] = NULL;
	}
	if (h != x->title)
		x->hcrumb[l] = xstrdup(text);
}

static size_t next_heading(const struct md_block *const *v, size_t n, size_t i)
{
	while (i < n && v[i]->type != MD_HEADING)
		i++;
	return i;
}

static void process_section(struct ectx *x, const struct md_block *const *v, size_t n)
{
	if (!n)
		return;
	x->defs_ok = !section_has_questions(x, v, n);
	process_run(x, v, n);
}

/* Front/Back label headings starting at v[i]; returns the index after the
 * card, or i if the shape does not apply. */
static size_t do_labels(struct ectx *x, const struct md_block *const *v, size_t n, size_t i,
			const char *id)
{
	size_t k = next_heading(v, n, i + 1), end;
	struct heading hb;
	struct qa q;
	struct buf f = BUF_INIT;

	if (k >= n)
		return i;
	classify(v[k], v[k - 1], &hb);
	if (hb.kind != H_BACK) {
		heading_release(&hb);
		return i;
	}
	heading_release(&hb);
	for (end = k + 1; end < n; end++) {
		const struct md_block *b = v[end];

		if (b->type == MD_HEADING && b->level <= v[k]->level)
			break;
		if (b->type == MD_HTML && b->literal) {
			/* id_comment() allocates: test its result without leaking it */
			char *idc = id_comment(b);
			bool stop = idc || ci_find(b->literal, "card end") ||
				    ci_find(b->literal, "card start");

			free(idc);
			if (stop)
				break;
		}
	}
	add_blocks(x, v + i + 1, k - i - 1, &f);
	memset(&q, 0, sizeof(q));
	q.shape = SHAPE_LABELS;
	q.line = v[i]->line_start;
	q.crumb_level = v[i]->level;
	q.front = finish_text(&f, false);
	q.v = v + k + 1;
	q.n = end - k - 1;
	q.id = id;
	emit(x, &q);
	/* a closing comment belongs to this card */
	while (end < n && v[end]->type == MD_HTML && v[end]->literal &&
	       ci_find(v[end]->literal, "card end"))
		end++;
	return end;
}

/* "## Question 1" whose body opens with the question itself, then an
 * answer label: "Quel est le port ?\n\n**Réponse :** 2379." The question
 * (a "Q:" label dropped) is the front; q->v and q->n, the blocks under the
 * heading, lose that paragraph. False, and q untouched, otherwise. */
static bool lab_question(struct ectx *x, struct qa *q)
{
	const struct md_block *p = q->n ? q->v[0] : NULL;
	const char *split = NULL;
	size_t tn, k, fe;
	char *t;
	bool ok;

	if (!p || p->type != MD_PARAGRAPH)
		return false;
	t = cut(x, p);
	tn = strlen(t);
	for (const char *l = t; *l;) {
		size_t fl = first_line_len(l);

		if (l > t && label_answer(l, tn - (size_t)(l - t))) {
			split = l;
			break;
		}
		l += fl + (l[fl] ? 1 : 0);
	}
	fe = split ? (size_t)(split - t) : tn;
	while (fe && (t[fe - 1] == '\n' || t[fe - 1] == ' '))
		fe--;
	k = label_front(t, fe);
	ok = fe > k && (k || ends_question(t + k, fe - k));
	if (ok && !split) {
		/* the label opens the next paragraph */
		char *a = q->n > 1 && q->v[1]->type == MD_PARAGRAPH ? cut(x, q->v[1]) : NULL;

		ok = a && label_answer(a, strlen(a));
		free(a);
	}
	if (ok) {
		q->front = xstrndup(t + k, fe - k);
		q->lead = split ? xstrdup(split) : NULL;
		q->v++;
		q->n--;
	}
	free(t);
	return ok;
}

/* Free the top-level blocks before top.v[upto] that are done with, so
 * that a big file's block tree shrinks while its cards grow instead of
 * both being whole at once. The title heading is kept for later. */
static void release_done(struct ectx *x, struct md_block *doc, const struct blist *top,
			 size_t *done, size_t upto)
{
	for (; *done < upto; ++*done) {
		struct md_block *b = (struct md_block *)top->v[*done];

		if (doc->children != b)
			return; /* not in order: keep everything */
		doc->children = b->next;
		b->next = NULL;
		b->parent = NULL;
		if (b == x->title)
			x->kept_title = b;
		else
			md_free(b);
	}
}

static void process_document(struct ectx *x, struct md_block *doc)
{
	struct blist top = { NULL, 0, 0 };
	size_t i = 0, done = 0;

	blist_children(&top, doc->children);
	while (i < top.n) {
		const struct md_block *b = top.v[i];
		struct heading h;
		size_t j, first;

		/* what comes next looks back two blocks at most (the tags
		 * and id comments above a heading) */
		if (i > 2)
			release_done(x, doc, &top, &done, i - 2);

		if (b->type != MD_HEADING) {
			j = next_heading(top.v, top.n, i);
			/* an id comment that belongs to the next heading stays out */
			process_section(x, top.v + i, j - i);
			i = j;
			continue;
		}
		classify(b, i ? top.v[i - 1] : NULL, &h);
		set_crumb(x, b, h.text);
		first = x->res->ncards;
		if (h.kind == H_FRONT) {
			j = do_labels(x, top.v, top.n, i, h.id);
			if (j > i) {
				add_heading_tags(x, top.v, i, first);
				heading_release(&h);
				i = j;
				continue;
			}
			load_warn(x->res, abs_line(x, b->line_start),
				  _("'%s' heading without a back heading (Back, Verso, Réponse) after it"),
				  h.text);
		}
		if (h.kind == H_QUESTION || h.kind == H_LAB) {
			struct qa q;

			for (j = i + 1; j < top.n; j++) {
				const struct md_block *c = top.v[j];
				char *idc;

				if (c->type == MD_HEADING) {
					struct heading h2;
					bool stop;

					if (c->level <= b->level)
						break;
					classify(c, top.v[j - 1], &h2);
					stop = is_question_kind(h2.kind);
					heading_release(&h2);
					if (stop)
						break;
				}
				/* a question of another shape ends the answer */
				if (j > i + 1 && explicit_question(x, c))
					break;
				idc = id_comment(c);
				if (idc && j + 1 < top.n && (top.v[j + 1]->type == MD_HEADING ||
							     explicit_question(x, top.v[j + 1]))) {
					free(idc);
					break;
				}
				free(idc);
			}
			memset(&q, 0, sizeof(q));
			q.shape = h.kind == H_LAB ? SHAPE_LAB : SHAPE_HEADING;
			q.line = b->line_start;
			q.crumb_level = b->level;
			q.v = top.v + i + 1;
			q.n = j - i - 1;
			if (h.kind != H_LAB || !lab_question(x, &q))
				q.front = h.kind == H_LAB ? lab_front(x, b->level, h.question)
							  : xstrdup(h.question);
			q.id = h.id;
			emit(x, &q);
			add_heading_tags(x, top.v, i, first);
			heading_release(&h);
			/* what follows the answer belongs to the section around it */
			if (j < top.n && top.v[j]->type != MD_HEADING)
				for (int l = b->level < 1 ? 1 : b->level; l <= 6; l++) {
					free(x->hcrumb[l]);
					x->hcrumb[l] = NULL;
				}
			i = j;
			continue;
		}
		heading_release(&h);
		j = next_heading(top.v, top.n, i + 1);
		process_section(x, top.v + i + 1, j - i - 1);
		i = j;
	}
	free(top.v);
}

/* ---- deck, language --------------------------------------------------- */

static bool detect_french(const char *s, size_t n)
{
	static const char *const fr[] = {
		"le", "la", "les", "des", "est", "une", "et", "pour", "dans", "du", "que", "qui",
		"avec", "sur", "sont", "un", "de", "au", "aux", "par", "pas", "ce", "cette", NULL
	};
	static const char *const en[] = {
		"the", "is", "are", "and", "of", "to", "in", "for", "with", "that", "this", "it",
		"a", "an", "on", "by", "be", "as", "from", "or", NULL
	};
	int nfr = 0, nen = 0;
	size_t i = 0;

	if (n > 256 * 1024)
		n = 256 * 1024;
	while (i < n) {
		size_t w = 0;
		char word[8];

		while (i < n && !((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
			i++;
		while (i + w < n && ((s[i + w] >= 'a' && s[i + w] <= 'z') ||
				     (s[i + w] >= 'A' && s[i + w] <= 'Z') || (unsigned char)s[i + w] >= 0x80))
			w++;
		if (w && w < sizeof(word)) {
			for (size_t k = 0; k < w; k++)
				word[k] = (char)((s[i + k] >= 'A' && s[i + k] <= 'Z') ? s[i + k] + 32 : s[i + k]);
			word[w] = '\0';
			for (size_t k = 0; fr[k]; k++)
				nfr += !strcmp(word, fr[k]);
			for (size_t k = 0; en[k]; k++)
				nen += !strcmp(word, en[k]);
		}
		i += w;
	}
	return nfr > nen;
}

static char *file_stem(const char *path)
{
	const char *b = strrchr(path, '/'), *dot;

	b = b ? b + 1 : path;
	dot = strrchr(b, '.');
	if (!dot || dot == b)
		return xstrdup(b);
	return xstrndup(b, (size_t)(dot - b));
}

static void post_process(struct ectx *x)
{
	struct load_result *r = x->res;
	size_t n0;

	identity_dedup(r);
	if (x->in->force_type == CARD_TYPED) {
		for (size_t i = 0; i < r->ncards; i++) {
			struct card *c = &r->cards[i];

			if (c->type != CARD_BASIC && c->type != CARD_TYPED)
				continue;
			c->type = CARD_TYPED;
			if (!c->typeable) {
				struct buf t = BUF_INIT;

				for (const char *p = c->back; *p; p++)
					if (*p != '`')
						buf_addch(&t, *p);
				c->answer_text = text_trim(buf_detach(&t));
				c->typeable = true;
			}
		}
	} else if (x->in->force_type == CARD_BASIC) {
		for (size_t i = 0; i < r->ncards; i++) {
			struct card *c = &r->cards[i];

			if (c->type == CARD_TYPED) {
				c->type = CARD_BASIC;
			}
		}
	}
	if (!x->in->reverse && x->in->force_type != CARD_REVERSED)
		return;
	n0 = r->ncards;
	for (size_t i = 0; i < n0; i++) {
		struct card *c, *rc;

		if (r->cards[i].type != CARD_BASIC)
			continue;
		XGROW(r->cards, r->ncards + 1, x->cards_cap);
		c = &r->cards[i];
		rc = &r->cards[r->ncards++];
		memset(rc, 0, sizeof(*rc));
		rc->key = xasprintf("%s#r", c->key);
		rc->deck = xstrdup(c->deck);
		rc->file = xstrdup(c->file);
		rc->line = c->line;
		rc->nbreadcrumb = c->nbreadcrumb;
		if (c->nbreadcrumb) {
			rc->breadcrumb = xcalloc(c->nbreadcrumb, sizeof(char *));
			for (size_t k = 0; k < c->nbreadcrumb; k++)
				rc->breadcrumb[k] = xstrdup(c->breadcrumb[k]);
		}
		rc->tags = xstrdup(c->tags);
		rc->type = CARD_REVERSED;
		rc->shape = c->shape;
		rc->front = xstrdup(c->back);
		/* a definition reversed asks for its term, not for the question */
		rc->back = xstrdup(i < x->nterms && x->terms[i] ? x->terms[i] : c->front);
		free(c->note);
		c->note = xstrdup(c->key);
		rc->note = xstrdup(c->key);
	}
}

void extract_cards(const struct extract_input *in, struct md_block *doc,
		   struct load_result *res)
{
	struct ectx x;
	int nh1 = 0;
	const struct md_block *h1 = NULL;

	memset(&x, 0, sizeof(x));
	x.in = in;
	x.res = res;
	x.cards_cap = 0;
	index_lines(&x);
	for (const struct md_block *b = doc->children; b; b = b->next)
		if (b->type == MD_HEADING && b->level == 1 && !nh1++)
			h1 = b;
	if (nh1 == 1)
		x.title = h1;
	if (in->deck && *in->deck)
		res->deck = xstrdup(in->deck);
	else if (x.title)
		res->deck = block_md(x.title);
	if (!res->deck || !*res->deck) {
		free(res->deck);
		res->deck = file_stem(in->path);
	}
	if (in->lang && *in->lang) {
		x.fr = !strncasecmp(in->lang, "fr", 2);
		x.keylang = in->lang;
	} else {
		x.fr = detect_french(in->body, in->blen);
	}
	process_document(&x, doc);
	post_process(&x);
	for (int l = 0; l < 7; l++)
		free(x.hcrumb[l]);
	for (size_t t = 0; t < x.ntopics; t++)
		free(x.topics[t]);
	free(x.topics);
	free(x.fr_stack);
	free(x.loff);
	for (size_t i = 0; i < x.nterms; i++)
		free(x.terms[i]);
	free(x.terms);
	free(x.pend_id);
	md_free(x.kept_title);
}
