/* tabular.c - CSV, TSV and Anki plain-text exports to cards.
 *
 * A table has no structure to infer from, so this is a parser of records
 * and a mapping of columns; the cards then get keys exactly as markdown
 * cards without an id do, so a question moved from a table to a markdown
 * file of the same deck keeps its history. */
#include "tabular.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dkquiz/i18n.h"
#include "dkquiz/text.h"
#include "load_int.h"

bool tabular_wanted(const char *path, const char *bytes, size_t n)
{
	size_t len = path ? strlen(path) : 0;

	if (len >= 4 && (!strcasecmp(path + len - 4, ".csv") || !strcasecmp(path + len - 4, ".tsv")))
		return true;
	if (n >= 3 && !memcmp(bytes, "\xEF\xBB\xBF", 3)) {
		bytes += 3;
		n -= 3;
	}
	return n >= 11 && !memcmp(bytes, "#separator:", 11);
}

/* ---- records ---- */

struct row {
	char **f;
	size_t n, cap;
	int line;
};

static void row_clear(struct row *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->f[i]);
	r->n = 0;
}

/* Read one record at *p (quoted fields may span lines); advances *p and
 * *line. Returns false at the end of the text. */
static bool read_row(const char **p, char sep, int *line, struct row *r)
{
	const char *s = *p;
	struct buf f = BUF_INIT;

	row_clear(r);
	if (!*s)
		return false;
	r->line = *line;
	for (;;) {
		buf_reset(&f);
		if (*s == '"') {
			s++;
			for (;;) {
				if (!*s)
					break; /* unterminated: take what there is */
				if (*s == '"' && s[1] == '"') {
					buf_addch(&f, '"');
					s += 2;
				} else if (*s == '"') {
					s++;
					break;
				} else {
					if (*s == '\n')
						(*line)++;
					buf_addch(&f, *s++);
				}
			}
			/* text after the closing quote belongs to the field */
			while (*s && *s != sep && *s != '\n')
				buf_addch(&f, *s++);
		} else {
			while (*s && *s != sep && *s != '\n')
				buf_addch(&f, *s++);
		}
		XGROW(r->f, r->n + 1, r->cap);
		r->f[r->n++] = xstrdup(buf_str(&f));
		if (*s == sep) {
			s++;
			continue;
		}
		if (*s == '\n') {
			s++;
			(*line)++;
		}
		break;
	}
	buf_release(&f);
	*p = s;
	return true;
}

/* ---- HTML to text ---- */

static const struct {
	const char *name;
	const char *text;
} entities[] = {
	{ "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" }, { "apos", "'" },
	{ "nbsp", " " }, { "#39", "'" },
};

static bool tag_is(const char *t, size_t n, const char *name)
{
	size_t k = strlen(name);

	return n >= k && !strncasecmp(t, name, k) &&
	       (n == k || t[k] == ' ' || t[k] == '/' || t[k] == '>' || t[k] == '\t');
}

static char *html_to_text(const char *s)
{
	struct buf b = BUF_INIT;
	char *out;

	while (*s) {
		if (*s == '<') {
			const char *e = strchr(s, '>');
			const char *t = s + 1;
			size_t n;
			bool close;

			if (!e) {
				buf_adds(&b, s);
				break;
			}
			close = *t == '/';
			t += close;
			n = (size_t)(e - t);
			if (tag_is(t, n, "br"))
				buf_addch(&b, '\n');
			else if (close && (tag_is(t, n, "div") || tag_is(t, n, "p") || tag_is(t, n, "li") ||
					   (n >= 2 && (t[0] == 'h' || t[0] == 'H') && t[1] >= '1' && t[1] <= '6')))
				buf_addch(&b, '\n');
			else if (!close && tag_is(t, n, "li"))
				buf_adds(&b, "- ");
			s = e + 1;
		} else if (*s == '&') {
			const char *e = strchr(s, ';');
			bool done = false;

			if (e && e - s <= 10) {
				size_t n = (size_t)(e - s - 1);

				for (size_t i = 0; i < ARRAY_SIZE(entities) && !done; i++)
					if (strlen(entities[i].name) == n && !strncmp(s + 1, entities[i].name, n)) {
						buf_adds(&b, entities[i].text);
						done = true;
					}
				if (!done && s[1] == '#') {
					char *end;
					unsigned long cp = s[2] == 'x' || s[2] == 'X'
						? strtoul(s + 3, &end, 16) : strtoul(s + 2, &end, 10);
					char u[4];

					if (end == e && cp > 0 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF)) {
						buf_add(&b, u, utf8_put((uint32_t)cp, u));
						done = true;
					}
				}
			}
			if (done) {
				s = e + 1;
			} else {
				buf_addch(&b, '&');
				s++;
			}
		} else {
			buf_addch(&b, *s++);
		}
	}
	/* no run of more than one blank line, no blank ends */
	out = buf_detach(&b);
	{
		char *w = out;
		int nl = 0;

		for (const char *r = out; *r; r++) {
			nl = *r == '\n' ? nl + 1 : 0;
			if (nl <= 2)
				*w++ = *r;
		}
		*w = '\0';
	}
	return text_trim(out);
}

/* ---- columns ---- */

enum col { COL_FRONT, COL_BACK, COL_TAGS, COL_DECK, COL_TYPE, NCOLS };

static int col_named(const char *name)
{
	static const char *const names[NCOLS] = { "front", "back", "tags", "deck", "type" };
	char *t = text_trim(xstrdup(name));
	int r = -1;

	for (int i = 0; i < NCOLS; i++)
		if (!strcasecmp(t, names[i]))
			r = i;
	free(t);
	return r;
}

/* "a, b  c" -> "a b c" */
static void add_tags(struct buf *out, const char *s)
{
	while (*s) {
		size_t w;

		s += strspn(s, " \t\n,");
		w = strcspn(s, " \t\n,");
		if (w) {
			if (out->len)
				buf_addch(out, ' ');
			buf_add(out, s, w);
		}
		s += w;
	}
}

struct table {
	char sep;
	bool html, anki;
	int col[NCOLS];          /* 0-based field index, -1 absent */
	char *deck;              /* #deck: */
	char *tags;              /* #tags: */
	bool have_columns;
};

static char sep_named(const char *v)
{
	static const struct {
		const char *name;
		char c;
	} seps[] = {
		{ "tab", '\t' }, { "comma", ',' }, { "semicolon", ';' }, { "space", ' ' },
		{ "pipe", '|' }, { "colon", ':' },
	};

	for (size_t i = 0; i < ARRAY_SIZE(seps); i++)
		if (!strcasecmp(v, seps[i].name))
			return seps[i].c;
	if (v[0] == '\\' && v[1] == 't')
		return '\t';
	return v[0] && !v[1] ? v[0] : 0;
}

/* Anki's "#key:value" header lines; returns where the records start. */
static const char *read_headers(const char *s, struct table *t, int *line, struct load_result *res)
{
	while (*s == '#') {
		const char *eol = strchr(s, '\n');
		size_t len = eol ? (size_t)(eol - s) : strlen(s);
		char *l = xstrndup(s + 1, len - 1);
		char *colon = strchr(l, ':');

		if (!colon) {
			free(l);
			break;
		}
		*colon = '\0';
		{
			char *k = text_trim(l), *v = text_trim(colon + 1);
			int num = atoi(v);

			if (!strcasecmp(k, "separator")) {
				char c = sep_named(v);

				if (c)
					t->sep = c;
				else
					load_warn(res, *line, _("unknown separator '%s'"), v);
			} else if (!strcasecmp(k, "html")) {
				t->html = !strcasecmp(v, "true");
			} else if (!strcasecmp(k, "tags column") && num > 0) {
				t->col[COL_TAGS] = num - 1;
			} else if (!strcasecmp(k, "deck column") && num > 0) {
				t->col[COL_DECK] = num - 1;
			} else if (!strcasecmp(k, "deck")) {
				free(t->deck);
				t->deck = xstrdup(v);
			} else if (!strcasecmp(k, "tags")) {
				free(t->tags);
				t->tags = xstrdup(v);
			} else if (!strcasecmp(k, "columns")) {
				/* names in the file's own separator */
				const char *p = v;
				int i = 0;

				for (int c = 0; c < NCOLS; c++)
					t->col[c] = -1;
				while (*p) {
					size_t w = strcspn(p, (char[]){ t->sep ? t->sep : '\t', '\0' });
					char *name = xstrndup(p, w);
					int c = col_named(name);

					if (c >= 0)
						t->col[c] = i;
					free(name);
					i++;
					p += w;
					if (*p)
						p++;
				}
				t->have_columns = true;
			}
			/* other headers (notetype, guid, if matches) do not apply */
		}
		free(l);
		(*line)++;
		s = eol ? eol + 1 : s + len;
	}
	return s;
}

static const char *field(const struct row *r, int col)
{
	return col >= 0 && (size_t)col < r->n ? r->f[col] : "";
}

static char *field_text(const struct table *t, const struct row *r, int col)
{
	const char *f = field(r, col);

	return t->html ? html_to_text(f) : text_trim(xstrdup(f));
}

static char *stem(const char *path)
{
	const char *b = strrchr(path, '/'), *dot;

	b = b ? b + 1 : path;
	dot = strrchr(b, '.');
	return dot && dot != b ? xstrndup(b, (size_t)(dot - b)) : xstrdup(b);
}

static void add_card(const struct table *t, const struct row *r, struct load_result *res,
		     size_t *cap, const struct load_options *opt, const char *path)
{
	char *front = field_text(t, r, t->col[COL_FRONT]);
	char *back = field_text(t, r, t->col[COL_BACK]);
	const char *deck = res->deck;
	struct buf tags = BUF_INIT;
	struct card *c;
	char *cmd;

	if (!*front || !*back) {
		load_warn(res, r->line, _("%s, skipped"),
			  *front ? _("row without an answer") : _("row without a question"));
		free(front);
		free(back);
		return;
	}
	if (!(opt && opt->deck) && t->col[COL_DECK] >= 0 && *field(r, t->col[COL_DECK]))
		deck = field(r, t->col[COL_DECK]);
	if (t->tags)
		add_tags(&tags, t->tags);
	if (t->col[COL_TAGS] >= 0)
		add_tags(&tags, field(r, t->col[COL_TAGS]));
	XGROW(res->cards, res->ncards + 1, *cap);
	c = &res->cards[res->ncards++];
	memset(c, 0, sizeof(*c));
	c->deck = xstrdup(deck);
	c->file = xstrdup(path);
	c->line = r->line;
	c->tags = buf_detach(&tags);
	c->type = CARD_BASIC;
	c->shape = SHAPE_TABLE;
	c->front = front;
	c->back = back;
	c->key = identity_key(c->deck, c->front, NULL, NULL);
	cmd = typed_answer(c->back);
	if (cmd) {
		c->type = CARD_TYPED;
		c->typeable = true;
		c->answer_text = cmd;
	}
}

int load_tabular(const char *path, const char *bytes, size_t n, const struct load_options *opt,
		 struct load_result *res)
{
	struct text_decoded td;
	struct table t = { 0 };
	struct row r = { NULL, 0, 0, 0 };
	const char *p;
	size_t len = strlen(path), cap = 0;
	int line = 1;
	char hex[65];

	memset(res, 0, sizeof(*res));
	memset(&td, 0, sizeof(td));
	if (text_decode(bytes, n, &td) != TEXT_DECODE_OK)
		return error(_("'%s': not a text file"), path);
	res->path = xstrdup(path);
	sha256_hex(bytes, n, hex);
	res->sha256 = xstrdup(hex);
	if (td.was_cp1252)
		load_warn(res, 0, _("invalid UTF-8, read as Windows-1252"));
	if (td.mojibake_lines)
		load_warn(res, 0, P_("repaired mojibake on %d line", "repaired mojibake on %d lines",
				     (unsigned long)td.mojibake_lines), td.mojibake_lines);

	for (int i = 0; i < NCOLS; i++)
		t.col[i] = -1;
	t.anki = !strncmp(td.text, "#separator:", 11);
	t.sep = len >= 4 && !strcasecmp(path + len - 4, ".csv") ? ',' : '\t';
	p = read_headers(td.text, &t, &line, res);
	if (opt && opt->deck && *opt->deck)
		res->deck = xstrdup(opt->deck);
	else if (t.deck && *t.deck)
		res->deck = xstrdup(t.deck);
	else
		res->deck = stem(path);

	if (!t.have_columns && !t.anki) {
		/* CSV or TSV: the first row names the columns */
		int save = line;
		const char *q = p;

		if (read_row(&q, t.sep, &line, &r)) {
			int cols[NCOLS];

			for (int i = 0; i < NCOLS; i++)
				cols[i] = -1;
			for (size_t i = 0; i < r.n; i++) {
				int c = col_named(r.f[i]);

				if (c >= 0 && cols[c] < 0)
					cols[c] = (int)i;
			}
			if (cols[COL_FRONT] >= 0 && cols[COL_BACK] >= 0) {
				memcpy(t.col, cols, sizeof(cols));
				t.have_columns = true;
				p = q;
			} else {
				line = save;
				load_warn(res, 0, _("no 'front,back' header row: columns read as front, back, tags"));
			}
		}
	}
	if (!t.have_columns) {
		t.col[COL_FRONT] = 0;
		t.col[COL_BACK] = 1;
		if (t.col[COL_TAGS] < 0 && !t.anki)
			t.col[COL_TAGS] = 2;
	}
	while (read_row(&p, t.sep, &line, &r)) {
		if (r.n == 1 && !*r.f[0])
			continue; /* a blank line */
		add_card(&t, &r, res, &cap, opt, path);
	}
	identity_dedup(res);
	row_clear(&r);
	free(r.f);
	free(t.deck);
	free(t.tags);
	free(td.text);
	return 0;
}
