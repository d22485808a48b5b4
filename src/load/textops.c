/* textops.c - the loader's text-level recognisers: answer labels, Q:/A:
 * markers, question prefixes, definitions, clozes, images, typed answers.
 *
 * They work on markdown source as written (a cut of the file), not on the
 * block tree, because labels and markers live inside one paragraph's text
 * and must be removed from the text the card keeps.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dkquiz/text.h"
#include "load_int.h"

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Length of the word starting at s: ASCII letters and digits, UTF-8
 * letters (any non-ASCII byte), apostrophes inside. */
static size_t word_len(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if (is_alnum(c) || c >= 0x80 || c == '-' ||
		    ((c == '\'') && i > 0 && i + 1 < n && is_alnum((unsigned char)s[i + 1]))) {
			/* stop before U+2019 used as an apostrophe: keep it simple, it is >= 0x80 */
			i++;
		} else {
			break;
		}
	}
	return i;
}

/* Case-insensitive comparison of s (n bytes) with w: ASCII letters and the
 * French capitals with an accent (É È À Ç as C3 89 / C3 88 / C3 80 / C3 87). */
static bool word_eq(const char *s, size_t n, const char *w)
{
	size_t wl = strlen(w);

	if (n != wl)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char a = (unsigned char)s[i], b = (unsigned char)w[i];

		if (a >= 'A' && a <= 'Z')
			a = (unsigned char)(a - 'A' + 'a');
		if (i > 0 && (unsigned char)s[i - 1] == 0xC3 && a >= 0x80 && a <= 0x9E)
			a = (unsigned char)(a + 0x20);
		if (a != b)
			return false;
	}
	return true;
}

static bool word_in(const char *s, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (word_eq(s, n, *list))
			return true;
	return false;
}

static const char *const front_words[] = {
	"q", "question", "front", "recto", NULL
};
static const char *const back_words[] = {
	"a", "r", "answer", "réponse", "reponse", "rép", "rep", "back", "verso",
	"solution", "correction", NULL
};

/* "**Réponse:**", "Réponse :", "*A*:", "Q:", "**Q :**" ... at s: returns the
 * bytes taken by the label and the white space after it, 0 if none. With
 * `bare`, a bold label alone on its line (no colon) counts too. */
static size_t match_label(const char *s, size_t n, const char *const *words, bool bare)
{
	size_t i = 0, open = 0, close = 0, wl;
	bool colon = false;

	while (i < n && (s[i] == '*' || s[i] == '_') && open < 3) {
		i++;
		open++;
	}
	wl = word_len(s + i, n - i);
	if (!wl || !word_in(s + i, wl, words))
		return 0;
	i += wl;
	while (i < n && is_space(s[i]))
		i++;
	if (i < n && s[i] == ':') {
		colon = true;
		i++;
	}
	while (i < n && (s[i] == '*' || s[i] == '_') && close < open) {
		i++;
		close++;
	}
	if (close != open)
		return 0;
	if (!colon) {
		while (i < n && is_space(s[i]))
			i++;
		if (i < n && s[i] == ':') {
			colon = true;
			i++;
		}
	}
	if (!colon) {
		/* "**Answer**" alone on its line */
		if (!bare || !open)
			return 0;
		while (i < n && is_space(s[i]))
			i++;
		if (i < n && s[i] != '\n')
			return 0;
	}
	while (i < n && (is_space(s[i]) || s[i] == '\n'))
		i++;
	return i;
}

size_t label_answer(const char *s, size_t n)
{
	return match_label(s, n, back_words, true);
}

size_t label_front(const char *s, size_t n)
{
	/* "Q1:" is a question prefix, handled by question_prefix() */
	return match_label(s, n, front_words, false);
}

size_t label_back(const char *s, size_t n)
{
	return match_label(s, n, back_words, false);
}

/* Heading labels of the Front/Back shape: the whole text is the word. */
int label_heading(const char *s)
{
	size_t n = strlen(s), wl;

	while (n && (is_space(s[n - 1]) || s[n - 1] == ':'))
		n--;
	wl = word_len(s, n);
	if (wl != n || !n)
		return 0;
	if (word_eq(s, n, "front") || word_eq(s, n, "recto") || word_eq(s, n, "question"))
		return 1;
	if (word_eq(s, n, "back") || word_eq(s, n, "verso") || word_eq(s, n, "réponse") ||
	    word_eq(s, n, "reponse") || word_eq(s, n, "answer") || word_eq(s, n, "solution"))
		return 2;
	return 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_dash_sep(const char *s, size_t n, size_t *len)
{
	if (n >= 1 && (s[0] == ':' || s[0] == '.' || s[0] == ')' || s[0] == '-')) {
		*len = 1;
		return true;
	}
	/* en dash, em dash */
	if (n >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
	    ((unsigned char)s[2] == 0x93 || (unsigned char)s[2] == 0x94)) {
		*len = 3;
		return true;
	}
	return false;
}

/* Closing emphasis markers of a bold prefix ("**Q3:**"): skips at most
 * *left of them at s[*i]. */
static void close_marks(const char *s, size_t n, size_t *i, size_t *left)
{
	while (*left && *i < n && (s[*i] == '*' || s[*i] == '_')) {
		++*i;
		--*left;
	}
}

/* What follows a marker at s[i]: closing emphasis, a separator (required
 * with need_sep; "-" and ")" need a space after them), emphasis again,
 * white space, then the question text. Returns the text's offset, 0 if
 * there is none or the emphasis is not closed. */
static size_t after_marker(const char *s, size_t n, size_t i, size_t *left, bool need_sep)
{
	size_t sl;

	close_marks(s, n, &i, left);
	while (i < n && is_space(s[i]))
		i++;
	if (i < n && is_dash_sep(s + i, n - i, &sl)) {
		if (sl == 1 && (s[i] == '-' || s[i] == ')') && (i + 1 >= n || !is_space(s[i + 1])))
			return 0;
		i += sl;
	} else if (need_sep) {
		return 0;
	}
	close_marks(s, n, &i, left);
	while (i < n && is_space(s[i]))
		i++;
	return i < n && !*left ? i : 0;
}

/* Only separators and white space from s[i] on. */
static bool only_separators(const char *s, size_t n, size_t i)
{
	size_t sl;

	while (i < n) {
		if (is_space(s[i]) || s[i] == '*' || s[i] == '_')
			i++;
		else if (is_dash_sep(s + i, n - i, &sl))
			i += sl;
		else
			return false;
	}
	return true;
}

/* question_prefix() after `open` emphasis markers. */
static size_t prefix_at(const char *s, size_t n, size_t open, int *kind)
{
	size_t i = 0, left = open, k, wl;

	/* "Q1:", "Q3b -" */
	if (n >= 2 && (s[0] == 'Q' || s[0] == 'q') && is_digit(s[1])) {
		i = 1;
		while (i < n && is_digit(s[i]))
			i++;
		while (i < n && s[i] >= 'a' && s[i] <= 'z' && i < 8)
			i++;
		if ((k = after_marker(s, n, i, &left, true)) != 0)
			*kind = QP_QMARK;
		return k;
	}
	wl = word_len(s, n);
	/* "Q:", "Question :", "Question -" */
	if ((wl == 1 && (s[0] == 'Q' || s[0] == 'q')) || (wl == 8 && word_eq(s, 8, "question"))) {
		size_t j = wl, l2 = left;

		close_marks(s, n, &j, &l2);
		while (j < n && is_space(s[j]))
			j++;
		if (j < n && !is_digit(s[j]) && (k = after_marker(s, n, wl, &left, true)) != 0) {
			*kind = QP_QMARK;
			return k;
		}
		if (wl == 1)
			return 0;
		left = open;
	}
	/* "Question 2 -", "Question 3. Explain", "Question 1.b." alone */
	if (wl == 8 && word_eq(s, 8, "question")) {
		size_t j = 8;

		while (j < n && is_space(s[j]))
			j++;
		if (j >= n || !is_digit(s[j]))
			return 0;
		while (j < n && (is_digit(s[j]) || s[j] == '.' ||
				 (s[j - 1] == '.' && isalnum((unsigned char)s[j]))))
			j++;
		/* "Question 3. Explain": the number's own dot separates */
		if ((k = after_marker(s, n, j, &left, s[j - 1] != '.')) != 0) {
			*kind = QP_QMARK;
			return k;
		}
		if (only_separators(s, n, j)) {
			*kind = QP_LAB;   /* "Question 1.b." and nothing else */
			return n;
		}
		return 0;
	}
	/* "1. What", "1) What", "12 - What" */
	if (n >= 3 && is_digit(s[0])) {
		while (i < n && is_digit(s[i]))
			i++;
		if (i < n && (s[i] == '.' || s[i] == ')')) {
			i++;
			close_marks(s, n, &i, &left);
			if (i >= n || !is_space(s[i]) || left)
				return 0;
			while (i < n && is_space(s[i]))
				i++;
			if (i >= n)
				return 0;
			*kind = QP_NUMBER;
			return i;
		}
		k = i;
		while (k < n && is_space(s[k]))
			k++;
		if (k > i && k < n && s[k] != '.' && s[k] != ')' && is_dash_sep(s + k, n - k, &wl) &&
		    (k = after_marker(s, n, i, &left, true)) != 0) {
			*kind = QP_NUMBER;
			return k;
		}
		return 0;
	}
	return 0;
}

size_t question_prefix(const char *s, size_t n, int *kind)
{
	size_t open = 0, k;

	*kind = QP_NONE;
	/* an emphasised marker: "**Q3:** Describe" */
	while (open < n && open < 3 && (s[open] == '*' || s[open] == '_'))
		open++;
	k = prefix_at(s + open, n - open, open, kind);
	if (!k) {
		*kind = QP_NONE;
		return 0;
	}
	return open + k;
}

/* Words that open a question or an exam task. */
static const char *const ask_words[] = {
	"what", "how", "why", "when", "where", "which", "who", "whom", "whose", "is", "are",
	"can", "could", "does", "do", "did", "should", "would", "will", "explain", "describe",
	"define", "list", "name", "give", "compare", "cite", "state", "outline", "discuss",
	"difference", "differences", "quel", "quelle", "quels", "quelles", "comment",
	"pourquoi", "quand", "où", "combien", "qu'est-ce", "qu’est-ce", "que", "qui",
	"quoi", "expliquer", "expliquez", "explique", "décrire", "décrivez", "définir",
	"définissez", "citer", "citez", "donner", "donnez", "comparer", "comparez",
	"lister", "listez", "nommer", "nommez", "différence", "différences", "est-ce",
	"peut-on", "faut-il", NULL
};

bool starts_interrogative(const char *s, size_t n)
{
	size_t i = 0, wl;

	while (i < n && (s[i] == '*' || s[i] == '_' || is_space(s[i])))
		i++;
	wl = word_len(s + i, n - i);
	if (!wl)
		return false;
	if (word_in(s + i, wl, ask_words))
		return true;
	/* "Qu'est-ce", "Qu’est-ce" split by the apostrophe */
	if (wl >= 2 && word_eq(s + i, 2, "qu") && (s[i + 2] == '\'' || (unsigned char)s[i + 2] == 0xE2))
		return true;
	return false;
}

bool ends_question(const char *s, size_t n)
{
	while (n && (is_space(s[n - 1]) || s[n - 1] == '*' || s[n - 1] == '_' || s[n - 1] == '\n'))
		n--;
	if (n && s[n - 1] == '?')
		return true;
	/* fullwidth question mark */
	return n >= 3 && !memcmp(s + n - 3, "\xEF\xBC\x9F", 3);
}

size_t count_words(const char *s, size_t n)
{
	size_t w = 0;
	bool in = false;

	for (size_t i = 0; i < n; i++) {
		bool sp = is_space(s[i]) || s[i] == '\n';

		if (!sp && !in)
			w++;
		in = !sp;
	}
	return w;
}

/* ---- cloze ------------------------------------------------------------- */

/* The "}}" that ends a cloze whose text starts at p. With `balanced`,
 * braces inside the text pair up first ("{{c1::{a}}}" holds "{a}"); a
 * text whose braces do not pair ends at the first "}}". Never across a
 * blank line. NULL if none. */
static const char *cloze_close(const char *p, const char *end, bool balanced)
{
	int depth = 0;

	for (; p + 1 < end; p++) {
		if (p[0] == '\n' && p[1] == '\n')
			return NULL;
		if (balanced && p[0] == '{') {
			depth++;
		} else if (p[0] == '}' && p[1] == '}' && depth == 0) {
			return p;
		} else if (balanced && p[0] == '}') {
			depth--;
		}
	}
	return NULL;
}

/* Parse "{{cN::text}}" or "{{cN::text::hint}}" at s. */
static bool cloze_at(const char *s, const char *end, int *num, const char **t, size_t *tl,
		     const char **h, size_t *hl, const char **after)
{
	const char *p = s + 3, *close, *sep;
	int v = 0;

	if (end - s < 8 || memcmp(s, "{{c", 3) != 0 || !is_digit(*p))
		return false;
	while (p < end && is_digit(*p) && v < 1000)
		v = v * 10 + (*p++ - '0');
	if (end - p < 2 || p[0] != ':' || p[1] != ':')
		return false;
	p += 2;
	close = cloze_close(p, end, true);
	if (!close)
		close = cloze_close(p, end, false);
	if (!close)
		return false;
	*num = v;
	*t = p;
	sep = NULL;
	for (const char *q = p; q + 1 < close; q++)
		if (q[0] == ':' && q[1] == ':') {
			sep = q;
			break;
		}
	if (sep) {
		*tl = (size_t)(sep - p);
		*h = sep + 2;
		*hl = (size_t)(close - sep - 2);
	} else {
		*tl = (size_t)(close - p);
		*h = NULL;
		*hl = 0;
	}
	*after = close + 2;
	return v > 0;
}

int cloze_numbers(const char *s, int *out, int max)
{
	const char *p = s, *end = s + strlen(s);
	int n = 0;

	while ((p = strstr(p, "{{c")) != NULL) {
		int num;
		const char *t, *h, *after;
		size_t tl, hl;
		bool seen = false;

		if (!cloze_at(p, end, &num, &t, &tl, &h, &hl, &after)) {
			p += 3;
			continue;
		}
		for (int i = 0; i < n; i++)
			seen |= out[i] == num;
		if (!seen && n < max) {
			int j = n++;

			/* keep them sorted */
			while (j > 0 && out[j - 1] > num) {
				out[j] = out[j - 1];
				j--;
			}
			out[j] = num;
		}
		p = after;
	}
	return n;
}

bool cloze_unclosed(const char *s)
{
	const char *p = s, *end = s + strlen(s);

	while ((p = strstr(p, "{{c")) != NULL) {
		int num;
		const char *t, *h, *after, *q = p + 3;
		size_t tl, hl;

		if (cloze_at(p, end, &num, &t, &tl, &h, &hl, &after)) {
			p = after;
			continue;
		}
		while (q < end && is_digit(*q))
			q++;
		if (q > p + 3 && q + 1 < end && q[0] == ':' && q[1] == ':')
			return true;
		p += 3;
	}
	return false;
}

char *cloze_render(const char *s, int gap)
{
	struct buf b = BUF_INIT;
	const char *p = s, *end = s + strlen(s), *q;

	while ((q = strstr(p, "{{c")) != NULL) {
		int num;
		const char *t, *h, *after;
		size_t tl, hl;

		if (!cloze_at(q, end, &num, &t, &tl, &h, &hl, &after)) {
			buf_add(&b, p, (size_t)(q + 3 - p));
			p = q + 3;
			continue;
		}
		buf_add(&b, p, (size_t)(q - p));
		if (num == gap) {
			buf_addch(&b, '[');
			if (h && hl)
				buf_add(&b, h, hl);
			else
				buf_adds(&b, "...");
			buf_addch(&b, ']');
		} else {
			buf_add(&b, t, tl);
		}
		p = after;
	}
	buf_adds(&b, p);
	return buf_detach(&b);
}

/* ---- images, TODO, typed ---------------------------------------------- */

/* A fence line: up to 3 spaces (after list/quote markers, roughly), then
 * ``` or ~~~. */
static size_t fence_len(const char *line, size_t n, char *fc)
{
	size_t i = 0, k = 0;

	while (i < n && (is_space(line[i]) || line[i] == '>'))
		i++;
	if (i < n && (line[i] == '-' || line[i] == '*' || line[i] == '+') && i + 1 < n && line[i + 1] == ' ')
		i += 2;
	while (i < n && is_space(line[i]))
		i++;
	if (i >= n || (line[i] != '`' && line[i] != '~'))
		return 0;
	*fc = line[i];
	while (i + k < n && line[i + k] == *fc)
		k++;
	return k >= 3 ? k : 0;
}

/* The value of attribute `name` inside the HTML tag t (n bytes), or NULL;
 * *vl is its length. */
static const char *html_attr(const char *t, size_t n, const char *name, size_t *vl)
{
	size_t nl = strlen(name);

	for (size_t i = 1; i + nl < n; i++) {
		size_t j;

		if (!is_space(t[i - 1]) || strncasecmp(t + i, name, nl))
			continue;
		j = i + nl;
		while (j < n && is_space(t[j]))
			j++;
		if (j >= n || t[j] != '=')
			continue;
		j++;
		while (j < n && is_space(t[j]))
			j++;
		if (j < n && (t[j] == '"' || t[j] == '\'')) {
			const char *e = memchr(t + j + 1, t[j], n - j - 1);

			if (!e)
				return NULL;
			*vl = (size_t)(e - t - j - 1);
			return t + j + 1;
		}
		*vl = 0;
		while (j + *vl < n && !is_space(t[j + *vl]) && t[j + *vl] != '>')
			++*vl;
		return t + j;
	}
	return NULL;
}

/* "[image: ALT]", or the file name of the URL when there is no alt text
 * ("[image: n.png]"), or "[image]" without either. */
void image_label(struct buf *b, const char *alt, size_t al, const char *url, size_t ul)
{
	while (al && is_space(*alt)) {
		alt++;
		al--;
	}
	while (al && is_space(alt[al - 1]))
		al--;
	if (!al && url) {
		size_t e = 0, s0 = 0;

		while (ul && is_space(*url)) {
			url++;
			ul--;
		}
		if (ul && *url == '<') {
			/* "<a b.png>": the brackets allow spaces */
			url++;
			ul--;
			while (e < ul && !strchr("?#>", url[e]))
				e++;
		} else {
			while (e < ul && !is_space(url[e]) && !strchr("?#", url[e]))
				e++;
		}
		while (e && url[e - 1] == '/')
			e--;
		for (size_t k = 0; k < e; k++)
			if (url[k] == '/')
				s0 = k + 1;
		alt = url + s0;
		al = e - s0;
	}
	if (!al) {
		buf_adds(b, "[image]");
		return;
	}
	buf_adds(b, "[image: ");
	buf_add(b, alt, al);
	buf_addch(b, ']');
}

/* Bytes of the code span opening with the backticks at p[i] (to its
 * closing run, or just the opening run when it is not closed). */
static size_t code_span_len(const char *p, size_t n, size_t i)
{
	size_t k = 0, j;

	while (i + k < n && p[i + k] == '`')
		k++;
	for (j = i + k; j < n; j++) {
		size_t m = 0;

		while (j + m < n && p[j + m] == '`')
			m++;
		if (m == k)
			return j + k - i;
		if (m)
			j += m - 1;
	}
	return k;
}

/* The first `needle` in the n bytes at s, or NULL. */
static const char *find_bytes(const char *s, size_t n, const char *needle)
{
	size_t nl = strlen(needle);

	for (const char *p = s; (size_t)(s + n - p) >= nl &&
				(p = memchr(p, needle[0], (size_t)(s + n - p) - nl + 1)) != NULL; p++)
		if (!memcmp(p, needle, nl))
			return p;
	return NULL;
}

/* Does `s` hold anything clean_markup() changes? One pass over it. */
static bool needs_cleaning(const char *s)
{
	for (const char *p = s; (p = strpbrk(p, "!<")) != NULL; p++)
		if ((p[0] == '!' && p[1] == '[') ||
		    (p[0] == '<' && (p[1] == '!' || p[1] == 'i' || p[1] == 'I')))
			return true;
	return false;
}

char *clean_markup(const char *s)
{
	struct buf b = BUF_INIT;
	const char *p = s;
	size_t fence = 0;
	char fchar = 0;
	bool comment = false;

	if (!needs_cleaning(s))
		return xstrdup(s);
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		char fc = 0;
		size_t fl = comment ? 0 : fence_len(p, n, &fc);

		if (fence) {
			if (fl >= fence && fc == fchar)
				fence = 0;
			buf_add(&b, p, n);
		} else if (fl) {
			fence = fl;
			fchar = fc;
			buf_add(&b, p, n);
		} else {
			size_t i = 0;

			while (i < n) {
				if (comment) {
					const char *e = find_bytes(p + i, n - i, "-->");

					if (!e) {
						i = n;
						break;
					}
					comment = false;
					i = (size_t)(e - p) + 3;
					/* "a <!-- x --> b": one space is left */
					if (i < n && p[i] == ' ' && b.len && b.s[b.len - 1] == ' ')
						i++;
					continue;
				}
				if (p[i] == '`') {
					size_t k = code_span_len(p, n, i);

					buf_add(&b, p + i, k);
					i += k;
					continue;
				}
				if (p[i] == '<' && i + 3 < n && !memcmp(p + i, "<!--", 4)) {
					comment = true;
					i += 4;
					continue;
				}
				if (p[i] == '<' && i + 4 < n && !strncasecmp(p + i, "<img", 4) &&
				    (is_space(p[i + 4]) || p[i + 4] == '/' || p[i + 4] == '>')) {
					const char *gt = memchr(p + i, '>', n - i);

					if (gt) {
						size_t tl = (size_t)(gt - p - i), al = 0, ul = 0;
						const char *alt = html_attr(p + i, tl, "alt", &al);
						const char *src = html_attr(p + i, tl, "src", &ul);

						image_label(&b, alt, alt ? al : 0, src, src ? ul : 0);
						i += tl + 1;
						continue;
					}
				}
				if (p[i] == '!' && i + 1 < n && p[i + 1] == '[') {
					const char *cb = memchr(p + i + 2, ']', n - i - 2);

					if (cb && cb + 1 < p + n && cb[1] == '(') {
						const char *cp = memchr(cb + 2, ')', (size_t)(p + n - cb - 2));

						if (cp) {
							image_label(&b, p + i + 2, (size_t)(cb - p - i - 2),
								  cb + 2, (size_t)(cp - cb - 2));
							i = (size_t)(cp - p) + 1;
							continue;
						}
					}
				}
				buf_addch(&b, p[i]);
				i++;
			}
		}
		/* a comment that goes on takes the line end with it */
		if (eol && !comment)
			buf_addch(&b, '\n');
		p += n + (eol ? 1 : 0);
	}
	return buf_detach(&b);
}

bool text_is_todo(const char *s)
{
	size_t n = 0;
	char w[8];

	while (*s && n < sizeof(w) - 1) {
		if (isalpha((unsigned char)*s))
			w[n++] = (char)tolower((unsigned char)*s);
		else if (!strchr(" \t\n*_`.:!-()[]", *s))
			break;
		else if (n)
			break;
		s++;
	}
	w[n] = '\0';
	if (strcmp(w, "todo") && strcmp(w, "tbd") && strcmp(w, "fixme"))
		return false;
	/* "TODO" followed by a short note is still a placeholder */
	return strlen(s) < 60;
}

bool text_is_mark_only(const char *s)
{
	static const char *const marks[] = { "\xE2\x80\xA6", "\xE2\x80\x93", "\xE2\x80\x94", NULL };

	while (*s) {
		size_t k = 0;

		if (strchr(" \t\n.-_*?!", *s)) {
			s++;
			continue;
		}
		for (size_t i = 0; marks[i] && !k; i++)
			if (!strncmp(s, marks[i], 3))
				k = 3;
		if (!k)
			return false;
		s += k;
	}
	return true;
}

bool text_only_images(const char *s)
{
	bool image = false;

	while (*s) {
		const char *eol = strchr(s, '\n');
		size_t n = eol ? (size_t)(eol - s) : strlen(s);
		size_t i = 0;

		while (i < n && is_space(s[i]))
			i++;
		if (i < n) {
			const char *l = s + i;
			size_t m = n - i;

			while (m && (is_space(l[m - 1]) || l[m - 1] == '\\'))
				m--;
			if ((m >= 9 && !memcmp(l, "[image: ", 8) && l[m - 1] == ']') ||
			    (m >= 7 && !memcmp(l, "[image]", 7))) {
				image = true;
				/* a caption may follow on the same line: "[image: x] _caption_" */
			} else if (m >= 2 && (l[0] == '_' || l[0] == '*') && l[m - 1] == l[0]) {
				/* an emphasised caption line */
			} else {
				return false;
			}
		}
		s += n + (eol ? 1 : 0);
	}
	return image;
}

/* The lines of a fence's content [p, end): blanks at the ends of the
 * lines and blank lines at the ends of the block dropped, the indentation
 * kept. NULL when no line holds anything. */
static char *block_lines(const char *p, const char *end)
{
	struct buf b = BUF_INIT;
	size_t from = 0;
	char *out;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((eol ? eol : end) - p);

		while (n && is_space(p[n - 1]))
			n--;
		buf_add(&b, p, n);
		buf_addch(&b, '\n');
		p = eol ? eol + 1 : end;
	}
	while (from < b.len && b.s[from] == '\n')
		from++;
	while (b.len > from && b.s[b.len - 1] == '\n')
		b.len--;
	out = b.len > from ? xstrndup(b.s + from, b.len - from) : NULL;
	buf_release(&b);
	return out;
}

/* The command of an answer that is one code span or one fenced block of one
 * line; with `lines`, a fenced block of several lines gives its lines. */
static char *code_answer(const char *s, bool lines)
{
	size_t n = strlen(s);
	const char *nl;

	while (n && (s[n - 1] == '\n' || is_space(s[n - 1])))
		n--;
	while (n && (*s == '\n' || is_space(*s))) {
		s++;
		n--;
	}
	/* "`kubectl get pods`." ends a sentence: the period is not typed */
	if (n >= 2 && s[n - 1] == '.' && s[n - 2] == '`')
		n--;
	if (n >= 3 && s[0] == '`' && s[n - 1] == '`') {
		size_t k = 0;

		while (k < n && s[k] == '`')
			k++;
		if (k >= 3) {
			/* a fence: exactly one line of content, or with
			 * `lines` any number */
			const char *first = memchr(s, '\n', n);
			const char *last;

			if (!first)
				return NULL;
			last = s + n;
			while (last > first && last[-1] == '`')
				last--;
			if (last <= first + 1)
				return NULL;
			nl = memchr(first + 1, '\n', (size_t)(last - first - 1));
			if (lines && nl && nl + 1 != last)
				return block_lines(first + 1, last);
			if (!nl || nl + 1 != last)
				return NULL;
			if (first + 1 == nl)
				return NULL;
			return text_trim(xstrndup(first + 1, (size_t)(nl - first - 1)));
		}
		/* one code span and nothing else */
		if (n <= 2 * k || memchr(s, '\n', n))
			return NULL;
		for (size_t i = k; i < n - k; i++)
			if (s[i] == '`')
				return NULL;
		return text_trim(xstrndup(s + k, n - 2 * k));
	}
	return NULL;
}

char *typed_answer(const char *s)
{
	return code_answer(s, false);
}

char *typed_block_answer(const char *s)
{
	return code_answer(s, true);
}

/* ---- definitions ------------------------------------------------------- */

static const char *const articles[] = {
	"a", "an", "the", "un", "une", "le", "la", "les", NULL
};

static const char *const def_verbs[] = {
	"is", "are", "refers", "means", "allows", "provides", "enables", "lets",
	"consists", "describes", "defines", "represents", "manages", "stores",
	"specifies", "handles", "helps", "makes", "creates", "runs",
	"est", "sont", "permet", "permettent", "désigne", "designe", "consiste",
	"représente", "represente", "correspond", "sert", "définit", "definit",
	"gère", "gere", "fournit", "offre", "assure", "crée", "cree", NULL
};

bool def_verb(const char *s, size_t n)
{
	static const char *const more[] = {
		"returns", "has", "contains", "holds", "renvoie", "retourne", "contient", NULL
	};
	size_t w = word_len(s, n);

	return w && (word_in(s, w, def_verbs) || word_in(s, w, more));
}

/* Skip leading symbols such as "✅ " or "👉 ": any character that is not a
 * letter, digit, markup or bracket. U+2000 and above are taken as symbols. */
static size_t skip_symbols(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && i < 16) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		size_t k;

		if (is_space((char)c)) {
			i++;
			continue;
		}
		if (c < 0x80)
			break;
		k = utf8_next(s + i, n - i, &cp);
		if (cp < 0x2000 || cp == 0xFFFD)
			break;
		i += k;
	}
	return i;
}

/* Labels that open a remark, a warning or a step, not a term: "**Note:**",
 * "**Attention :**", "**Step 1**:". */
static const char *const callouts[] = {
	"note", "notes", "nb", "n.b.", "n.b", "important", "warning", "warnings", "caution",
	"danger", "tip", "tips", "hint", "info", "information", "example", "examples", "e.g.",
	"remember", "reminder", "summary", "todo", "bonus", "key point", "pro tip", "side note",
	"question", "answer", "solution", "q", "a",
	"attention", "remarque", "remarques", "rappel", "astuce", "astuces", "conseil",
	"avertissement", "exemple", "exemples", "à noter", "a noter", "à retenir", "a retenir",
	"résumé", "resume", "en bref", "bon à savoir", "réponse", "reponse", "correction", NULL
};
static const char *const steps[] = {
	"step", "stage", "phase", "part", "étape", "etape", "partie", NULL
};

static bool callout_label(const char *t, size_t n)
{
	size_t wl;

	while (n && (is_space(t[n - 1]) || t[n - 1] == ':'))
		n--;
	if (word_in(t, n, callouts))
		return true;
	/* "Step 1", "Étape 2.3" */
	wl = word_len(t, n);
	if (wl && wl < n && word_in(t, wl, steps)) {
		size_t i = wl;

		while (i < n && is_space(t[i]))
			i++;
		if (i >= n || !is_digit(t[i]))
			return false;
		while (i < n && (is_digit(t[i]) || t[i] == '.' || t[i] == ')'))
			i++;
		return i == n;
	}
	return false;
}

bool parse_definition(const char *s, size_t n, struct definition *d)
{
	size_t i = skip_symbols(s, n), ts, te, j, wl;
	bool code = false;

	memset(d, 0, sizeof(*d));
	/* an article just before the term: "A **Dockerfile** is" */
	wl = word_len(s + i, n - i);
	if (wl && word_in(s + i, wl, articles) && i + wl < n && s[i + wl] == ' ' &&
	    i + wl + 1 < n && strchr("*_`", s[i + wl + 1]))
		i += wl + 1;
	if (i >= n)
		return false;
	if (s[i] == '`') {
		size_t k = 0;

		while (i + k < n && s[i + k] == '`')
			k++;
		ts = i;
		j = i + k;
		while (j + k <= n && memcmp(s + j, s + i, k) != 0) {
			if (s[j] == '\n')
				return false;
			j++;
		}
		if (j + k > n || j == i + k)
			return false;
		te = j + k;
		code = true;
	} else if (i + 1 < n && (s[i] == '*' || s[i] == '_') && s[i + 1] == s[i]) {
		const char *close;
		char mk[3] = { s[i], s[i], '\0' };

		ts = i + 2;
		close = NULL;
		for (j = ts; j + 1 < n; j++) {
			if (s[j] == '\n')
				break;
			if (s[j] == mk[0] && s[j + 1] == mk[0]) {
				close = s + j;
				break;
			}
		}
		if (!close || close == s + ts)
			return false;
		te = (size_t)(close - s);
		/* "**`FROM`**" is a command too */
		code = s[ts] == '`' && s[te - 1] == '`';
		j = te + 2;
		d->term_start = ts;
		d->term_len = te - ts;
		goto after_term;
	} else {
		return false;
	}
	d->term_start = ts;
	d->term_len = te - ts;
	j = te;
after_term:
	d->code = code;
	/* the term itself may end with the colon: "**Pod:**" */
	{
		size_t tl = d->term_len;
		const char *t = s + d->term_start;

		while (tl && is_space(t[tl - 1]))
			tl--;
		if (tl && t[tl - 1] == ':') {
			d->term_len = tl - 1;
			while (d->term_len && is_space(t[d->term_len - 1]))
				d->term_len--;
			while (j < n && is_space(s[j]))
				j++;
			d->rest = j;
			d->kind = DEF_SEP;
			goto check;
		}
	}
	{
		size_t k = j, sl;

		while (k < n && is_space(s[k]))
			k++;
		if (k >= n)
			return false;  /* the term alone: a title, not a definition */
		if (s[k] == '\n') {
			d->kind = DEF_SEP;
			d->rest = k + 1;
			goto check;
		}
		if (s[k] == ':' || (k > j && is_dash_sep(s + k, n - k, &sl) && s[k] != '.' && s[k] != ')' &&
				    k + sl < n && is_space(s[k + sl]))) {
			if (s[k] == ':')
				sl = 1;
			k += sl;
			while (k < n && is_space(s[k]))
				k++;
			d->kind = DEF_SEP;
			d->rest = k;
			goto check;
		}
		/* a verb, possibly after a short qualifier: "**KIND** (Kubernetes
		 * in Docker) est", "**X** in the context of Y refers to" */
		for (int words = 0; words < 7 && k < n; words++) {
			size_t w = word_len(s + k, n - k);

			if (w && word_in(s + k, w, def_verbs)) {
				d->kind = DEF_VERB;
				d->plural = word_eq(s + k, w, "are") || word_eq(s + k, w, "sont");
				d->rest = 0;
				goto check;
			}
			if (!w) {
				if (s[k] == '(') {
					const char *cp = memchr(s + k, ')', n - k);

					if (!cp)
						return false;
					k = (size_t)(cp - s) + 1;
				} else if (s[k] == '*' || s[k] == '_' || s[k] == ',') {
					k++;
				} else {
					return false;
				}
			} else {
				k += w;
			}
			while (k < n && is_space(s[k]))
				k++;
		}
		return false;
	}
check:
	if (!d->term_len || d->term_len > 80 || count_words(s + d->term_start, d->term_len) > 8)
		return false;
	if (!code && callout_label(s + d->term_start, d->term_len))
		return false;
	if (ends_question(s + d->term_start, d->term_len))
		return false;
	{
		/* Dockerfile instructions ("FROM", "COPY/ADD") are asked like commands */
		static const char *const instr[] = {
			"from", "run", "cmd", "entrypoint", "copy", "add", "expose", "env",
			"workdir", "arg", "label", "user", "volume", "healthcheck", "shell",
			"onbuild", "stopsignal", "maintainer", NULL
		};
		const char *t = s + d->term_start, *e = t + d->term_len;
		bool upper = true;

		while (t < e && upper) {
			size_t w = 0;

			while (t + w < e && isupper((unsigned char)t[w]))
				w++;
			upper = w && word_in(t, w, instr);
			t += w;
			if (t < e && (*t == '/' || *t == ' '))
				t++;
			else if (t < e)
				upper = false;
		}
		d->upper = upper;
	}
	return true;
}
