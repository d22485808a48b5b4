/* exportfmt.c - cards to CSV, Anki TSV and canonical markdown.
 *
 * The markdown writer aims at a fixed point rather than at the original
 * file: what it writes must load back into the same cards, so that
 * export -> import -> export is byte for byte the same. Shapes the loader
 * would read differently (a front of several lines, a cloze whose gaps
 * cannot be located exactly) are written in a form it reads unambiguously.
 */
#include "dkquiz/export.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dkquiz/plaintext.h"
#include "dkquiz/text.h"

#define MAX_CRUMBS 4  /* headings ## to #####: the question still fits in ###### */

void export_field(struct buf *out, const char *s, char sep)
{
	size_t n = s ? strlen(s) : 0;
	/* Anki reads a line starting with # as a comment */
	bool quote = n && (s[0] == ' ' || s[n - 1] == ' ' || s[0] == '#');

	for (size_t i = 0; i < n && !quote; i++)
		quote = s[i] == sep || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
	if (!quote) {
		buf_add(out, s ? s : "", n);
		return;
	}
	buf_addch(out, '"');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			buf_addch(out, '"');
		buf_addch(out, s[i]);
	}
	buf_addch(out, '"');
}

/* The options of a multiple-choice card as a markdown list, each after
 * "- " or, with `marks`, "- [x] " and "- [ ] "; an option of several
 * lines indented under its marker. */
static void add_option_list(struct buf *out, const struct card *c, bool marks)
{
	for (size_t i = 0; i < c->noptions; i++) {
		const char *t = c->options[i].text ? c->options[i].text : "";

		if (i)
			buf_addch(out, '\n');
		if (marks)
			buf_addf(out, "- [%c] ", c->options[i].correct ? 'x' : ' ');
		else
			buf_adds(out, "- ");
		for (; *t; t++) {
			buf_addch(out, *t);
			if (*t == '\n' && t[1] && t[1] != '\n')
				buf_adds(out, "  ");
		}
	}
}

/* The back written for a multiple-choice card beside its options: NULL
 * when it is the one its right options give (card_mcq_back). */
static const char *mcq_own_back(const struct card *c)
{
	char *gen = card_mcq_back(c->options, c->noptions);
	bool same = !c->back || !*c->back || !strcmp(c->back, gen);

	free(gen);
	return same ? NULL : c->back;
}

char *export_plain_front(const struct card *c)
{
	return plaintext_from_md(c->front);
}

char *export_plain_back(const struct card *c)
{
	struct buf b = BUF_INIT;
	const char *own;
	char *t;

	/* a typed card: the command to type, which is what the import takes */
	if (c->type == CARD_TYPED && c->answer_text)
		return xstrdup(c->answer_text);
	if (c->type != CARD_MCQ || !c->noptions)
		return plaintext_from_md(c->back);
	/* the options as a task list of plain text, then the back */
	for (size_t i = 0; i < c->noptions; i++) {
		t = plaintext_from_md(c->options[i].text);
		if (i)
			buf_addch(&b, '\n');
		buf_addf(&b, "- [%c] ", c->options[i].correct ? 'x' : ' ');
		for (const char *p = t; *p; p++) {
			buf_addch(&b, *p);
			if (*p == '\n' && p[1] && p[1] != '\n')
				buf_adds(&b, "  ");
		}
		free(t);
	}
	own = mcq_own_back(c);
	if (own) {
		t = plaintext_from_md(own);
		buf_addf(&b, "\n\n%s", t);
		free(t);
	}
	return buf_detach(&b);
}

void export_csv_header(struct buf *out)
{
	buf_adds(out, "front,back,tags,deck,type\r\n");
}

void export_csv_row(struct buf *out, const struct card *c)
{
	char *front = export_plain_front(c), *back = export_plain_back(c);

	export_field(out, front, ',');
	buf_addch(out, ',');
	export_field(out, back, ',');
	buf_addch(out, ',');
	export_field(out, c->tags, ',');
	buf_addch(out, ',');
	export_field(out, c->deck, ',');
	buf_addch(out, ',');
	export_field(out, card_type_name(c->type), ',');
	buf_adds(out, "\r\n");
	free(front);
	free(back);
}

void export_tsv_header(struct buf *out)
{
	buf_adds(out, "#separator:tab\n#html:true\n#tags column:3\n");
}

void export_tsv_row(struct buf *out, const struct card *c)
{
	struct buf fm = BUF_INIT, bm = BUF_INIT;
	char *front, *back;

	/* a multiple-choice card asks with its options and answers with the
	 * right ones: Anki has no choices to tick */
	buf_adds(&fm, c->front ? c->front : "");
	buf_adds(&bm, c->back ? c->back : "");
	if (c->type == CARD_MCQ && c->noptions) {
		const char *own = mcq_own_back(c);
		char *gen = card_mcq_back(c->options, c->noptions);

		buf_adds(&fm, "\n\n");
		add_option_list(&fm, c, false);
		buf_reset(&bm);
		buf_adds(&bm, gen);
		if (own)
			buf_addf(&bm, "\n\n%s", own);
		free(gen);
	}
	front = plaintext_html_from_md(buf_str(&fm));
	back = plaintext_html_from_md(buf_str(&bm));
	export_field(out, front, '\t');
	buf_addch(out, '\t');
	export_field(out, back, '\t');
	buf_addch(out, '\t');
	export_field(out, c->tags, '\t');
	buf_addch(out, '\n');
	free(front);
	free(back);
	buf_release(&fm);
	buf_release(&bm);
}

void export_reviews_header(struct buf *out)
{
	buf_adds(out, "card_id,review_time,review_rating,review_state,review_duration\n");
}

void export_review_row(struct buf *out, int64_t card, int64_t at_ms, int rating, int state,
		       int64_t duration_ms)
{
	buf_addf(out, "%" PRId64 ",%" PRId64 ",%d,%d,%" PRId64 "\n", card, at_ms, rating, state,
		 duration_ms);
}

/* ---- markdown ---- */

char *export_md_id(const char *key)
{
	struct buf b = BUF_INIT;
	const char *p = key ? key : "";
	size_t n;

	/* A hash key is made again from the deck and the front, which the
	 * file keeps; an id comment would turn it into another key. */
	if (strncmp(p, "id:", 3))
		return NULL;
	p += 3;
	/* a duplicate's ~N comes back from the same id met twice */
	n = strcspn(p, "@#~");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || strchr("._-:/", c);

		buf_addch(&b, ok ? (char)c : '-');
	}
	if (!n)
		buf_adds(&b, "card");
	return buf_detach(&b);
}

/* "fr" for "id:x@fr#c1", else NULL (pointer into key, length in *len). */
static const char *key_lang(const char *key, size_t *len)
{
	const char *at;

	if (strncmp(key, "id:", 3) || !(at = strchr(key, '@')))
		return NULL;
	*len = strcspn(at + 1, "#~");
	return *len ? at + 1 : NULL;
}

/* The cloze number of a key "...#cN[~M]", or 0. */
static int cloze_num(const char *key)
{
	const char *p = strstr(key, "#c");
	int n = 0;

	if (!p)
		return 0;
	for (p += 2; *p >= '0' && *p <= '9'; p++)
		n = n * 10 + (*p - '0');
	return n;
}

static void add_heading(struct buf *out, int level, const char *text)
{
	size_t n = strcspn(text, "\n");

	for (int i = 0; i < level; i++)
		buf_addch(out, '#');
	buf_addch(out, ' ');
	/* a closing "#" would be read as the end of the heading's markup */
	if (n && text[n - 1] == '#') {
		buf_add(out, text, n - 1);
		buf_adds(out, "\\#");
	} else {
		buf_add(out, text, n);
	}
	buf_adds(out, "\n\n");
}

/* Whether `front` written as a question heading loads back as this very
 * front. The loader re-writes a heading from its parsed text, reads the
 * label words and question numbers of dkquiz(5) in it, and takes it for a
 * question only when it ends in "?" or has an id comment; the other fronts
 * go between Front and Back labels, where they are taken as written. */
static bool heading_safe(const char *front, bool has_id)
{
	static const char *const labels[] = {
		"front", "recto", "question", "back", "verso", "reponse", "answer", "solution",
	};
	size_t n = strlen(front);
	bool ok = n && !strchr(front, '\n') && !strchr(front, '\\') &&
		  !(front[0] >= '0' && front[0] <= '9') &&
		  !((front[0] == 'Q' || front[0] == 'q') && front[1] >= '0' && front[1] <= '9') &&
		  strncasecmp(front, "question ", 9);
	char *f;

	if (!ok)
		return false;
	f = text_fold(front);
	for (size_t i = 0; i < ARRAY_SIZE(labels) && ok; i++)
		ok = strcmp(f, labels[i]) != 0;
	free(f);
	if (has_id || !ok)
		return ok;
	while (n && (front[n - 1] == ' ' || front[n - 1] == '*' || front[n - 1] == '_'))
		n--;
	return (n && front[n - 1] == '?') || (n >= 3 && !memcmp(front + n - 3, "\xEF\xBC\x9F", 3));
}

/* One question: its tags and id comments (each when it has one), the
 * front as a heading, or between Front and Back labels when a heading
 * would not give it back, then the body. */
static void add_question(struct buf *out, int level, const char *tags, const char *id,
			 const char *front, const char *body)
{
	if (tags && *tags)
		buf_addf(out, "<!-- tags: %s -->\n", tags);
	if (id)
		buf_addf(out, "<!-- id: %s -->\n", id);
	if (heading_safe(front, id != NULL)) {
		add_heading(out, level, front);
	} else {
		add_heading(out, level, "Front");
		if (*front) {
			buf_adds(out, front);
			buf_adds(out, "\n\n");
		}
		add_heading(out, level, "Back");
	}
	buf_adds(out, body);
	buf_adds(out, "\n\n");
}

static bool starts_list(const char *s)
{
	size_t d = strspn(s, "0123456789");

	if (!*s)
		return false;
	if ((s[0] == '-' || s[0] == '*' || s[0] == '+') && (s[1] == ' ' || s[1] == '\t' || !s[1]))
		return true;
	return d && d < 10 && (s[d] == '.' || s[d] == ')') && (s[d + 1] == ' ' || !s[d + 1]);
}

static void mcq_body(struct buf *body, const struct card *c)
{
	const char *own = mcq_own_back(c);

	add_option_list(body, c, true);
	/* The loader makes the back from the right options when no text
	 * follows the list: write the back only when it says more. */
	if (own) {
		buf_adds(body, "\n\n");
		/* a list right after the options would join them */
		if (starts_list(own))
			buf_adds(body, "<!-- -->\n\n");
		buf_adds(body, own);
	}
}

static void typed_body(struct buf *body, const struct card *c)
{
	char *code;

	if (c->back && c->back[0] == '`') {
		buf_adds(body, c->back);
		return;
	}
	code = plaintext_code_md(c->answer_text ? c->answer_text : (c->back ? c->back : ""));
	buf_adds(body, code);
	free(code);
}

/* ---- cloze notes ---- */

struct gap {
	size_t start, end;   /* in the back */
	const char *hint;    /* in the front, hint_len bytes; NULL for [...] */
	size_t hint_len;
	int num;
};

/* Where the one gap of `g` (the front without its title) lies in `b`.
 * The front must be b with exactly one region replaced by "[...]" or
 * "[hint]"; any split that passes rebuilds exactly this front. */
static bool locate_gap(const char *g, const char *b, struct gap *out)
{
	size_t lg = strlen(g), lb = strlen(b), p = 0, s = 0, m = lg < lb ? lg : lb;

	while (p < m && g[p] == b[p])
		p++;
	while (p > 0 && g[p] != '[')
		p--;
	while (s < m - p && g[lg - 1 - s] == b[lb - 1 - s])
		s++;
	while (s > 0 && g[lg - 1 - s] != ']')
		s--;
	if (p + s + 3 > lg || p + s >= lb || g[p] != '[' || g[lg - 1 - s] != ']')
		return false;
	out->start = p;
	out->end = lb - s;
	if (lg - s - p == 5 && !strncmp(g + p, "[...]", 5)) {
		out->hint = NULL;
		out->hint_len = 0;
	} else {
		out->hint = g + p + 1;
		out->hint_len = lg - s - p - 2;
	}
	/* The answer and the hint are written inside {{cN::...::...}}. */
	for (size_t i = out->start; i + 1 < out->end; i++)
		if ((b[i] == '}' && b[i + 1] == '}') || (b[i] == ':' && b[i + 1] == ':') ||
		    (b[i] == '{' && b[i + 1] == '{'))
			return false;
	if (b[out->end - 1] == '}' || b[out->end - 1] == ':' || b[out->start] == ':')
		return false;
	for (size_t i = 0; out->hint && i < out->hint_len; i++)
		if (strchr("{}:[]\n", out->hint[i]))
			return false;
	return true;
}

static int cmp_gap(const void *a, const void *b)
{
	const struct gap *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* Rebuild the cloze text of the `n` cards of one note. Returns the text
 * with {{cN::...}} gaps and the title (NULL when none) through *title, or
 * NULL when the cards cannot be joined exactly. */
static char *cloze_join(const struct card *const *v, size_t n, char **title)
{
	const char *back = v[0]->back ? v[0]->back : "";
	struct gap *gaps = xcalloc(n, sizeof(*gaps));
	size_t tlen = SIZE_MAX;
	struct buf out = BUF_INIT;
	size_t at = 0;
	char *res = NULL;

	*title = NULL;
	if (strstr(back, "{{"))
		goto done;
	for (size_t i = 0; i < n; i++) {
		const char *f = v[i]->front ? v[i]->front : "";
		bool found = false;

		if (strcmp(v[i]->back ? v[i]->back : "", back) || !(gaps[i].num = cloze_num(v[i]->key)))
			goto done;
		for (size_t j = 0; j < i; j++)
			if (gaps[j].num == gaps[i].num)
				goto done;
		/* The front is "title\n\ngap text" or the gap text alone: try
		 * each paragraph break, and keep the same title for all. */
		for (const char *k = f;;) {
			size_t off = (size_t)(k - f);
			const char *next;

			if ((tlen == SIZE_MAX || tlen == off) && locate_gap(k, back, &gaps[i])) {
				tlen = off;
				found = true;
				break;
			}
			next = strstr(k, "\n\n");
			if (!next)
				break;
			k = next + 2;
		}
		if (!found || (i && strncmp(f, v[0]->front ? v[0]->front : "", tlen)))
			goto done;
	}
	qsort(gaps, n, sizeof(*gaps), cmp_gap);
	for (size_t i = 0; i < n; i++) {
		if (gaps[i].start < at)
			goto done;
		buf_add(&out, back + at, gaps[i].start - at);
		buf_addf(&out, "{{c%d::", gaps[i].num);
		buf_add(&out, back + gaps[i].start, gaps[i].end - gaps[i].start);
		if (gaps[i].hint) {
			buf_adds(&out, "::");
			buf_add(&out, gaps[i].hint, gaps[i].hint_len);
		}
		buf_adds(&out, "}}");
		at = gaps[i].end;
	}
	buf_adds(&out, back + at);
	if (tlen >= 2)
		*title = xstrndup(v[0]->front, tlen - 2);
	res = buf_detach(&out);
done:
	buf_release(&out);
	free(gaps);
	return res;
}

/* ---- the deck ---- */

struct md_writer {
	struct buf *out;
	const char *open[MAX_CRUMBS];   /* section headings written, outermost first */
	size_t nopen;
	const char *tags;               /* the front matter's */
};

/* Write the section headings of `c`'s breadcrumb that are not open yet;
 * returns the level of its question heading. */
static int open_sections(struct md_writer *w, const struct card *c)
{
	size_t n = c->nbreadcrumb < MAX_CRUMBS ? c->nbreadcrumb : MAX_CRUMBS, k = 0;

	while (k < n && k < w->nopen && !strcmp(w->open[k], c->breadcrumb[k]))
		k++;
	for (size_t i = k; i < n; i++) {
		add_heading(w->out, (int)i + 2, c->breadcrumb[i]);
		w->open[i] = c->breadcrumb[i];
	}
	w->nopen = n;
	return (int)n + 2;
}

/* Whether the tags of `c` include the word t[0..len). */
static bool has_tag(const char *tags, const char *t, size_t len)
{
	for (const char *p = tags ? tags : ""; *p;) {
		size_t l;

		p += strspn(p, " ");
		l = strcspn(p, " ");
		if (l && l == len && !strncmp(p, t, len))
			return true;
		p += l;
	}
	return false;
}

/* The tags of `c` that the file's tags (front matter) leave out, in
 * order; "" when none. Caller frees. */
static char *own_tags(const struct md_writer *w, const struct card *c)
{
	struct buf b = BUF_INIT;

	for (const char *p = c->tags ? c->tags : ""; *p;) {
		size_t l;

		p += strspn(p, " ");
		l = strcspn(p, " ");
		if (l && !has_tag(w->tags, p, l) && !has_tag(buf_str(&b), p, l)) {
			if (b.len)
				buf_addch(&b, ' ');
			buf_add(&b, p, l);
		}
		p += l;
	}
	return buf_detach(&b);
}

/* A list item whose text starts with a task box: "- [x] ...". */
static bool starts_task(const char *s)
{
	size_t d = strspn(s, "0123456789");
	const char *t;

	if (!starts_list(s))
		return false;
	t = s + (d ? d + 1 : 1);
	t += strspn(t, " \t");
	return !strncmp(t, "[ ]", 3) || !strncmp(t, "[x]", 3) || !strncmp(t, "[X]", 3);
}

/* The back of a card that is not multiple choice, cloze or typed, written
 * so that the loader reads no such card in it: a task list first is kept
 * from being the options by an empty comment, and "{{c" has its second
 * brace escaped. */
static void plain_body(struct buf *body, const char *back)
{
	const char *p = back ? back : "", *q;

	if (back && starts_task(back))
		buf_adds(body, "<!-- -->\n\n");
	while ((q = strstr(p, "{{c")) != NULL) {
		buf_add(body, p, (size_t)(q - p));
		buf_adds(body, "{\\{c");
		p = q + 3;
	}
	buf_adds(body, p);
}

static void write_basic(struct md_writer *w, const struct card *c)
{
	struct buf body = BUF_INIT;
	char *id = export_md_id(c->key), *tags = own_tags(w, c);
	int level = open_sections(w, c);

	if (c->type == CARD_MCQ && c->noptions)
		mcq_body(&body, c);
	else if (c->type == CARD_TYPED)
		typed_body(&body, c);
	else
		plain_body(&body, c->back);
	add_question(w->out, level, tags, id, c->front ? c->front : "", buf_str(&body));
	buf_release(&body);
	free(tags);
	free(id);
}

static void write_cloze(struct md_writer *w, const struct card *const *v, size_t n)
{
	char *title = NULL, *text = cloze_join(v, n, &title), *id, *tags;
	int level;

	if (!text) {
		for (size_t i = 0; i < n; i++)
			write_basic(w, v[i]);
		return;
	}
	level = open_sections(w, v[0]);
	id = export_md_id(v[0]->note ? v[0]->note : v[0]->key);
	tags = own_tags(w, v[0]);
	/* a cloze without a title goes under empty Front label: no heading
	 * text becomes part of its front */
	add_question(w->out, level, tags, id, title ? title : "", text);
	free(tags);
	free(id);
	free(title);
	free(text);
}

/* Tags every card carries, in the order of the first card's tags. */
static char *common_tags(const struct card *const *cards, size_t n)
{
	struct buf b = BUF_INIT;
	const char *p = cards[0]->tags ? cards[0]->tags : "";

	while (*p) {
		size_t len;
		bool all = true;

		p += strspn(p, " ");
		len = strcspn(p, " ");
		if (!len)
			break;
		for (size_t i = 1; i < n && all; i++) {
			const char *t = cards[i]->tags ? cards[i]->tags : "";
			bool found = false;

			while (*t && !found) {
				size_t l;

				t += strspn(t, " ");
				l = strcspn(t, " ");
				found = l == len && !strncmp(t, p, len);
				t += l;
			}
			all = found;
		}
		if (all) {
			if (b.len)
				buf_addch(&b, ' ');
			buf_add(&b, p, len);
		}
		p += len;
	}
	return buf_detach(&b);
}

/* The language of most id keys, or NULL. */
static char *deck_lang(const struct card *const *cards, size_t n)
{
	const char *best = NULL;
	size_t best_len = 0, best_count = 0;

	for (size_t i = 0; i < n; i++) {
		size_t len, count = 0;
		const char *l = key_lang(cards[i]->key ? cards[i]->key : "", &len);

		if (!l || (best && len == best_len && !strncmp(l, best, len)))
			continue;
		for (size_t j = i; j < n; j++) {
			size_t len2;
			const char *l2 = key_lang(cards[j]->key ? cards[j]->key : "", &len2);

			count += l2 && len2 == len && !strncmp(l, l2, len);
		}
		if (count > best_count) {
			best = l;
			best_len = len;
			best_count = count;
		}
	}
	return best ? xstrndup(best, best_len) : NULL;
}

/* Whether reversed card `r` has its basic card among `cards`. */
static bool has_sibling(const struct card *const *cards, size_t n, const struct card *r)
{
	for (size_t i = 0; r->note && i < n; i++)
		if (cards[i]->type != CARD_REVERSED && cards[i]->note && cards[i]->key &&
		    !strcmp(cards[i]->note, r->note) && !strcmp(cards[i]->key, r->note))
			return true;
	return false;
}

/* A back the loader may take for a typed answer: one code span or fence. */
static bool looks_typed(const char *s)
{
	size_t n;

	s += strspn(s ? s : "", " \t\n");
	n = strlen(s);
	while (n && strchr(" \t\n", s[n - 1]))
		n--;
	return n >= 2 && s[0] == '`' && s[n - 1] == '`';
}

void export_md_groups(const struct card *const *cards, size_t n, bool *reversed)
{
	for (size_t i = 0; i < n; i++) {
		const struct card *c = cards[i];

		reversed[i] = false;
		if (c->type == CARD_REVERSED) {
			reversed[i] = has_sibling(cards, n, c);
			continue;
		}
		for (size_t j = 0; j < n && !reversed[i]; j++)
			reversed[i] = cards[j]->type == CARD_REVERSED && c->key &&
				      cards[j]->note && !strcmp(cards[j]->note, c->key);
	}
}

void export_md_deck(struct buf *out, const struct card *const *cards, size_t n)
{
	struct md_writer w = { .out = out };
	const char *deck;
	bool reverse = false, typed = false, typed_look = false, *done;
	char *tags, *lang;

	if (!n)
		return;
	deck = cards[0]->deck ? cards[0]->deck : "";
	for (size_t i = 0; i < n; i++) {
		const struct card *c = cards[i];

		reverse |= c->type == CARD_REVERSED && has_sibling(cards, n, c);
		typed |= c->type == CARD_TYPED;
		typed_look |= (c->type == CARD_BASIC || c->type == CARD_REVERSED) && looks_typed(c->back);
	}
	tags = common_tags(cards, n);
	lang = deck_lang(cards, n);
	buf_addf(out, "---\ndeck: %s\n", deck);
	if (*tags)
		buf_addf(out, "tags: %s\n", tags);
	if (lang)
		buf_addf(out, "lang: %s\n", lang);
	if (reverse)
		buf_adds(out, "reverse: true\n");
	/* a basic card answered by one command stays basic */
	if (typed_look && !typed)
		buf_adds(out, "type: basic\n");
	buf_adds(out, "---\n\n");
	w.tags = tags;

	done = xcalloc(n, sizeof(*done));
	for (size_t i = 0; i < n; i++) {
		const struct card *c = cards[i];

		/* reverse: true makes them again from their basic card */
		if (done[i] || (c->type == CARD_REVERSED && has_sibling(cards, n, c)))
			continue;
		if (c->type == CARD_CLOZE && c->note) {
			const struct card **v = xcalloc(n - i, sizeof(*v));
			size_t nv = 0;

			for (size_t j = i; j < n; j++)
				if (!done[j] && cards[j]->type == CARD_CLOZE && cards[j]->note &&
				    !strcmp(cards[j]->note, c->note)) {
					v[nv++] = cards[j];
					done[j] = true;
				}
			write_cloze(&w, v, nv);
			free(v);
			continue;
		}
		write_basic(&w, c);
	}
	free(done);
	free(tags);
	free(lang);
	/* one newline at the end, not a blank line */
	while (out->len >= 2 && out->s[out->len - 1] == '\n' && out->s[out->len - 2] == '\n')
		out->s[--out->len] = '\0';
}
