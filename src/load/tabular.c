/* tabular.c - CSV, TSV and Anki plain-text exports to cards.
 *
 * A table has no structure to infer from, so this is a parser of records
 * and a mapping of columns. Its cells hold text, not markdown: each is
 * escaped (plaintext.h) so that the card shows it as it was written, and
 * an Anki cell in HTML is reduced to text first. The cards then get keys
 * exactly as markdown cards without an id do, so a question moved from a
 * table to a markdown file of the same deck keeps its history; an Anki
 * note's guid, when the file has one, is the card's id instead. */
#include "tabular.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dkquiz/i18n.h"
#include "dkquiz/plaintext.h"
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
	int unclosed;   /* the line of a quote that never closes, else 0 */
};

static void row_clear(struct row *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->f[i]);
	r->n = 0;
	r->unclosed = 0;
}

/* Read one record at *p (quoted fields may span lines); advances *p and
 * *line. Returns false at the end of the text. A quote that never closes
 * would take the rest of the file into one field: the record is given up
 * instead (r->unclosed is the line the quote opened on) and reading goes
 * on at the line after that one. */
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
			const char *open = s;
			int open_line = *line;

			s++;
			for (;;) {
				if (!*s) {
					const char *eol = strchr(open, '\n');

					r->unclosed = open_line;
					*line = open_line + (eol != NULL);
					buf_release(&f);
					*p = eol ? eol + 1 : open + strlen(open);
					return true;
				}
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

/* The named character references of HTML 4 and &apos;, sorted for
 * bsearch(). */
static const struct entity {
	const char *name;
	unsigned cp;
} entities[] = {
	{ "AElig", 0xC6 }, { "Aacute", 0xC1 }, { "Acirc", 0xC2 }, { "Agrave", 0xC0 },
	{ "Alpha", 0x391 }, { "Aring", 0xC5 }, { "Atilde", 0xC3 }, { "Auml", 0xC4 },
	{ "Beta", 0x392 }, { "Ccedil", 0xC7 }, { "Chi", 0x3A7 }, { "Dagger", 0x2021 },
	{ "Delta", 0x394 }, { "ETH", 0xD0 }, { "Eacute", 0xC9 }, { "Ecirc", 0xCA },
	{ "Egrave", 0xC8 }, { "Epsilon", 0x395 }, { "Eta", 0x397 }, { "Euml", 0xCB },
	{ "Gamma", 0x393 }, { "Iacute", 0xCD }, { "Icirc", 0xCE }, { "Igrave", 0xCC },
	{ "Iota", 0x399 }, { "Iuml", 0xCF }, { "Kappa", 0x39A }, { "Lambda", 0x39B }, { "Mu", 0x39C },
	{ "Ntilde", 0xD1 }, { "Nu", 0x39D }, { "OElig", 0x152 }, { "Oacute", 0xD3 },
	{ "Ocirc", 0xD4 }, { "Ograve", 0xD2 }, { "Omega", 0x3A9 }, { "Omicron", 0x39F },
	{ "Oslash", 0xD8 }, { "Otilde", 0xD5 }, { "Ouml", 0xD6 }, { "Phi", 0x3A6 }, { "Pi", 0x3A0 },
	{ "Prime", 0x2033 }, { "Psi", 0x3A8 }, { "Rho", 0x3A1 }, { "Scaron", 0x160 },
	{ "Sigma", 0x3A3 }, { "THORN", 0xDE }, { "Tau", 0x3A4 }, { "Theta", 0x398 },
	{ "Uacute", 0xDA }, { "Ucirc", 0xDB }, { "Ugrave", 0xD9 }, { "Upsilon", 0x3A5 },
	{ "Uuml", 0xDC }, { "Xi", 0x39E }, { "Yacute", 0xDD }, { "Yuml", 0x178 }, { "Zeta", 0x396 },
	{ "aacute", 0xE1 }, { "acirc", 0xE2 }, { "acute", 0xB4 }, { "aelig", 0xE6 },
	{ "agrave", 0xE0 }, { "alefsym", 0x2135 }, { "alpha", 0x3B1 }, { "amp", 0x26 },
	{ "and", 0x2227 }, { "ang", 0x2220 }, { "apos", 0x27 }, { "aring", 0xE5 },
	{ "asymp", 0x2248 }, { "atilde", 0xE3 }, { "auml", 0xE4 }, { "bdquo", 0x201E },
	{ "beta", 0x3B2 }, { "brvbar", 0xA6 }, { "bull", 0x2022 }, { "cap", 0x2229 },
	{ "ccedil", 0xE7 }, { "cedil", 0xB8 }, { "cent", 0xA2 }, { "chi", 0x3C7 }, { "circ", 0x2C6 },
	{ "clubs", 0x2663 }, { "cong", 0x2245 }, { "copy", 0xA9 }, { "crarr", 0x21B5 },
	{ "cup", 0x222A }, { "curren", 0xA4 }, { "dArr", 0x21D3 }, { "dagger", 0x2020 },
	{ "darr", 0x2193 }, { "deg", 0xB0 }, { "delta", 0x3B4 }, { "diams", 0x2666 },
	{ "divide", 0xF7 }, { "eacute", 0xE9 }, { "ecirc", 0xEA }, { "egrave", 0xE8 },
	{ "empty", 0x2205 }, { "emsp", 0x2003 }, { "ensp", 0x2002 }, { "epsilon", 0x3B5 },
	{ "equiv", 0x2261 }, { "eta", 0x3B7 }, { "eth", 0xF0 }, { "euml", 0xEB }, { "euro", 0x20AC },
	{ "exist", 0x2203 }, { "fnof", 0x192 }, { "forall", 0x2200 }, { "frac12", 0xBD },
	{ "frac14", 0xBC }, { "frac34", 0xBE }, { "frasl", 0x2044 }, { "gamma", 0x3B3 },
	{ "ge", 0x2265 }, { "gt", 0x3E }, { "hArr", 0x21D4 }, { "harr", 0x2194 },
	{ "hearts", 0x2665 }, { "hellip", 0x2026 }, { "iacute", 0xED }, { "icirc", 0xEE },
	{ "iexcl", 0xA1 }, { "igrave", 0xEC }, { "image", 0x2111 }, { "infin", 0x221E },
	{ "int", 0x222B }, { "iota", 0x3B9 }, { "iquest", 0xBF }, { "isin", 0x2208 },
	{ "iuml", 0xEF }, { "kappa", 0x3BA }, { "lArr", 0x21D0 }, { "lambda", 0x3BB },
	{ "lang", 0x2329 }, { "laquo", 0xAB }, { "larr", 0x2190 }, { "lceil", 0x2308 },
	{ "ldquo", 0x201C }, { "le", 0x2264 }, { "lfloor", 0x230A }, { "lowast", 0x2217 },
	{ "loz", 0x25CA }, { "lrm", 0x200E }, { "lsaquo", 0x2039 }, { "lsquo", 0x2018 },
	{ "lt", 0x3C }, { "macr", 0xAF }, { "mdash", 0x2014 }, { "micro", 0xB5 }, { "middot", 0xB7 },
	{ "minus", 0x2212 }, { "mu", 0x3BC }, { "nabla", 0x2207 }, { "nbsp", 0xA0 },
	{ "ndash", 0x2013 }, { "ne", 0x2260 }, { "ni", 0x220B }, { "not", 0xAC }, { "notin", 0x2209 },
	{ "nsub", 0x2284 }, { "ntilde", 0xF1 }, { "nu", 0x3BD }, { "oacute", 0xF3 },
	{ "ocirc", 0xF4 }, { "oelig", 0x153 }, { "ograve", 0xF2 }, { "oline", 0x203E },
	{ "omega", 0x3C9 }, { "omicron", 0x3BF }, { "oplus", 0x2295 }, { "or", 0x2228 },
	{ "ordf", 0xAA }, { "ordm", 0xBA }, { "oslash", 0xF8 }, { "otilde", 0xF5 },
	{ "otimes", 0x2297 }, { "ouml", 0xF6 }, { "para", 0xB6 }, { "part", 0x2202 },
	{ "permil", 0x2030 }, { "perp", 0x22A5 }, { "phi", 0x3C6 }, { "pi", 0x3C0 }, { "piv", 0x3D6 },
	{ "plusmn", 0xB1 }, { "pound", 0xA3 }, { "prime", 0x2032 }, { "prod", 0x220F },
	{ "prop", 0x221D }, { "psi", 0x3C8 }, { "quot", 0x22 }, { "rArr", 0x21D2 },
	{ "radic", 0x221A }, { "rang", 0x232A }, { "raquo", 0xBB }, { "rarr", 0x2192 },
	{ "rceil", 0x2309 }, { "rdquo", 0x201D }, { "real", 0x211C }, { "reg", 0xAE },
	{ "rfloor", 0x230B }, { "rho", 0x3C1 }, { "rlm", 0x200F }, { "rsaquo", 0x203A },
	{ "rsquo", 0x2019 }, { "sbquo", 0x201A }, { "scaron", 0x161 }, { "sdot", 0x22C5 },
	{ "sect", 0xA7 }, { "shy", 0xAD }, { "sigma", 0x3C3 }, { "sigmaf", 0x3C2 }, { "sim", 0x223C },
	{ "spades", 0x2660 }, { "sub", 0x2282 }, { "sube", 0x2286 }, { "sum", 0x2211 },
	{ "sup", 0x2283 }, { "sup1", 0xB9 }, { "sup2", 0xB2 }, { "sup3", 0xB3 }, { "supe", 0x2287 },
	{ "szlig", 0xDF }, { "tau", 0x3C4 }, { "there4", 0x2234 }, { "theta", 0x3B8 },
	{ "thetasym", 0x3D1 }, { "thinsp", 0x2009 }, { "thorn", 0xFE }, { "tilde", 0x2DC },
	{ "times", 0xD7 }, { "trade", 0x2122 }, { "uArr", 0x21D1 }, { "uacute", 0xFA },
	{ "uarr", 0x2191 }, { "ucirc", 0xFB }, { "ugrave", 0xF9 }, { "uml", 0xA8 },
	{ "upsih", 0x3D2 }, { "upsilon", 0x3C5 }, { "uuml", 0xFC }, { "weierp", 0x2118 },
	{ "xi", 0x3BE }, { "yacute", 0xFD }, { "yen", 0xA5 }, { "yuml", 0xFF }, { "zeta", 0x3B6 },
	{ "zwj", 0x200D }, { "zwnj", 0x200C },
};

static int cmp_entity(const void *key, const void *e)
{
	return strcmp(key, ((const struct entity *)e)->name);
}

/* Decode the reference at s ("&eacute;", "&#233;", "&#xE9;") into `b`;
 * returns its length, or 0 when it is not one (the & is then text). */
static size_t decode_entity(const char *s, struct buf *b)
{
	const char *e = strchr(s, ';');
	unsigned long cp = 0;
	char name[16], u[4];
	size_t n;

	if (!e || e - s < 2 || e - s > 12)
		return 0;
	n = (size_t)(e - s - 1);
	if (s[1] == '#') {
		char *end;

		cp = s[2] == 'x' || s[2] == 'X' ? strtoul(s + 3, &end, 16) : strtoul(s + 2, &end, 10);
		if (end != e || end == s + 2 || (end == s + 3 && (s[2] == 'x' || s[2] == 'X')))
			return 0;
		if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			cp = 0xFFFD;
	} else {
		const struct entity *hit;

		memcpy(name, s + 1, n);
		name[n] = '\0';
		hit = bsearch(name, entities, ARRAY_SIZE(entities), sizeof(entities[0]), cmp_entity);
		if (!hit)
			return 0;
		cp = hit->cp;
	}
	/* a no-break space is typed for a space: it is one to the reader */
	if (cp == 0xA0)
		cp = ' ';
	buf_add(b, u, utf8_put((uint32_t)cp, u));
	return n + 2;
}

static bool tag_is(const char *t, size_t n, const char *name)
{
	size_t k = strlen(name);

	return n >= k && !strncasecmp(t, name, k) &&
	       (n == k || t[k] == ' ' || t[k] == '/' || t[k] == '>' || t[k] == '\t' || t[k] == '\n');
}

static bool tag_in(const char *t, size_t n, const char *const *names)
{
	for (; *names; names++)
		if (tag_is(t, n, *names))
			return true;
	return false;
}

/* End `b` with at least `k` newlines, unless it is empty. */
static void end_lines(struct buf *b, int k)
{
	int have = 0;

	if (!b->len)
		return;
	while ((size_t)have < b->len && b->s[b->len - 1 - have] == '\n')
		have++;
	while (b->len && b->s[b->len - 1] == ' ')
		b->s[--b->len] = '\0';
	for (; have < k; have++)
		buf_addch(b, '\n');
}

/* The value of attribute `name` in the tag text t (n bytes), or NULL.
 * Caller frees. */
static char *tag_attr(const char *t, size_t n, const char *name)
{
	size_t k = strlen(name);

	for (size_t i = 1; i + k + 1 < n; i++) {
		char q;
		size_t j;

		if ((t[i - 1] != ' ' && t[i - 1] != '\t' && t[i - 1] != '\n') ||
		    strncasecmp(t + i, name, k) || t[i + k] != '=')
			continue;
		j = i + k + 1;
		q = t[j] == '"' || t[j] == '\'' ? t[j++] : 0;
		i = j;
		while (j < n && (q ? t[j] != q : t[j] != ' ' && t[j] != '>'))
			j++;
		return xstrndup(t + i, j - i);
	}
	return NULL;
}

/* HTML of an Anki field to the text a browser shows: tags dropped, <br> a
 * line break, the block elements (div, p, li, headings ...) on lines of
 * their own, list items after "- ", images as "[image: alt]", white space
 * folded as HTML folds it except inside <pre>, every character reference
 * decoded, at most one blank line in a row. */
static char *html_to_text(const char *s)
{
	static const char *const blocks[] = {
		"div", "li", "ul", "ol", "pre", "blockquote", "tr", "table", "dt", "dd",
		"h1", "h2", "h3", "h4", "h5", "h6", "section", "article", NULL,
	};
	static const char *const hidden[] = { "script", "style", "head", "title", NULL };
	struct buf b = BUF_INIT;
	int pre = 0;
	char *out;

	while (*s) {
		if (!strncmp(s, "<!--", 4)) {
			const char *e = strstr(s + 4, "-->");

			s = e ? e + 3 : s + strlen(s);
		} else if (*s == '<' && (s[1] == '/' || s[1] == '!' ||
					 (s[1] >= 'a' && s[1] <= 'z') || (s[1] >= 'A' && s[1] <= 'Z'))) {
			const char *e = strchr(s, '>');
			const char *t = s + 1;
			bool close;
			size_t n;

			if (!e) {
				buf_adds(&b, s);
				break;
			}
			close = *t == '/';
			t += close;
			n = (size_t)(e - t);
			if (!close && tag_in(t, n, hidden)) {
				/* their text is not shown: skip to the end tag */
				size_t k = strcspn(t, " \t\n/>");
				char *end = xasprintf("</%.*s", (int)k, t);
				const char *c = e + 1;

				while (*c && strncasecmp(c, end, strlen(end)))
					c++;
				free(end);
				e = *c ? strchr(c, '>') : NULL;
				s = e ? e + 1 : c;
				continue;
			}
			if (tag_is(t, n, "br")) {
				while (b.len && b.s[b.len - 1] == ' ' && !pre)
					b.s[--b.len] = '\0';
				buf_addch(&b, '\n');
			} else if (tag_is(t, n, "p")) {
				end_lines(&b, 2);
			} else if (tag_in(t, n, blocks)) {
				end_lines(&b, 1);
				if (tag_is(t, n, "pre"))
					pre += close ? (pre > 0 ? -1 : 0) : 1;
				else if (!close && tag_is(t, n, "li"))
					buf_adds(&b, "- ");
			} else if (!close && tag_is(t, n, "img")) {
				char *alt = tag_attr(t, n, "alt");

				if (!alt || !*alt) {
					free(alt);
					alt = tag_attr(t, n, "src");
				}
				buf_addf(&b, "[image: %s]", alt ? alt : "");
				free(alt);
			} else if (close && (tag_is(t, n, "td") || tag_is(t, n, "th"))) {
				buf_addch(&b, ' ');
			}
			s = e + 1;
		} else if (*s == '&') {
			size_t k = decode_entity(s, &b);

			if (!k)
				buf_addch(&b, '&');
			s += k ? k : 1;
		} else if (!pre && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
			/* HTML folds white space, and none starts a line */
			if (b.len && b.s[b.len - 1] != ' ' && b.s[b.len - 1] != '\n')
				buf_addch(&b, ' ');
			s++;
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
	return out;
}

/* ---- columns ---- */

/* Columns that are not note fields; COL_FRONT and COL_BACK are set only
 * by a header that names them, else the fields are the other columns in
 * order. */
enum col { COL_FRONT, COL_BACK, COL_TAGS, COL_DECK, COL_TYPE, COL_GUID, COL_NOTETYPE, NCOLS };

static int col_named(const char *name)
{
	static const char *const names[NCOLS] = {
		"front", "back", "tags", "deck", "type", "guid", "notetype",
	};
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
	char *notetype;          /* #notetype: */
	bool have_columns;       /* a header named front and back */
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

static void set_string(char **field, const char *v)
{
	free(*field);
	*field = xstrdup(v);
}

/* Anki's "#key:value" header lines (the names of its own reader:
 * separator, html, tags, deck, notetype, columns, and "tags column",
 * "deck column", "notetype column", "guid column" counted from 1); returns
 * where the records start. */
static const char *read_headers(const char *s, struct table *t, int *line, struct load_result *res)
{
	static const struct {
		const char *key;
		enum col col;
	} meta[] = {
		{ "tags column", COL_TAGS }, { "deck column", COL_DECK },
		{ "notetype column", COL_NOTETYPE }, { "guid column", COL_GUID },
	};

	while (*s == '#') {
		const char *eol = strchr(s, '\n');
		size_t len = eol ? (size_t)(eol - s) : strlen(s);
		char *l = xstrndup(s + 1, len - 1);
		char *colon = strchr(l, ':');
		bool known = false;

		if (!colon) {
			free(l);
			break;
		}
		*colon = '\0';
		{
			char *k = text_trim(l), *v = text_trim(colon + 1);
			int num = atoi(v);

			for (size_t i = 0; i < ARRAY_SIZE(meta); i++) {
				if (strcasecmp(k, meta[i].key))
					continue;
				known = true;
				if (num > 0)
					t->col[meta[i].col] = num - 1;
				else
					load_warn(res, *line, _("'%s' needs a column number from 1"), k);
			}
			if (known) {
				/* done above */
			} else if (!strcasecmp(k, "separator")) {
				char c = sep_named(v);

				if (c)
					t->sep = c;
				else
					load_warn(res, *line, _("unknown separator '%s'"), v);
			} else if (!strcasecmp(k, "html")) {
				t->html = !strcasecmp(v, "true");
			} else if (!strcasecmp(k, "deck")) {
				set_string(&t->deck, v);
			} else if (!strcasecmp(k, "tags")) {
				set_string(&t->tags, v);
			} else if (!strcasecmp(k, "notetype")) {
				set_string(&t->notetype, v);
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
				t->have_columns = t->col[COL_FRONT] >= 0 && t->col[COL_BACK] >= 0;
			}
			/* other headers ("if matches", "match scope") do not apply */
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

static bool is_meta(const struct table *t, size_t k)
{
	for (int c = COL_TAGS; c < NCOLS; c++)
		if (t->col[c] == (int)k)
			return true;
	return false;
}

/* The cell as text: HTML reduced when the file says so; blank lines at
 * either end and trailing spaces go, and leading spaces too unless the
 * cell starts indented as code. */
static char *cell_text(const struct table *t, const char *f)
{
	char *s = t->html ? html_to_text(f) : xstrdup(f);
	size_t lead = strspn(s, " \t"), nl = 0, n;

	for (size_t i = 0; s[i]; i++) {
		if (s[i] == '\n')
			nl = i + 1;
		else if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			break;
	}
	if (nl) {
		memmove(s, s + nl, strlen(s + nl) + 1);
		lead = strspn(s, " \t");
	}
	if (lead < 4)
		memmove(s, s + lead, strlen(s + lead) + 1);
	n = strlen(s);
	while (n && strchr(" \t\r\n", s[n - 1]))
		n--;
	s[n] = '\0';
	return s;
}

/* The cell as the markdown that shows it (plaintext.h). */
static char *cell_md(const struct table *t, const char *f)
{
	char *text = cell_text(t, f), *md = plaintext_to_md(text);

	free(text);
	return md;
}

/* The note fields of the row: the columns named front and back, or else
 * every column that is not a meta column, in order. */
static size_t row_fields(const struct table *t, const struct row *r, const char **out, size_t max)
{
	size_t n = 0;

	if (t->have_columns) {
		out[n++] = field(r, t->col[COL_FRONT]);
		out[n++] = field(r, t->col[COL_BACK]);
		return n;
	}
	for (size_t k = 0; k < r->n && n < max; k++)
		if (!is_meta(t, k))
			out[n++] = r->f[k];
	return n;
}

static char *stem(const char *path)
{
	const char *b = strrchr(path, '/'), *dot;

	b = b ? b + 1 : path;
	dot = strrchr(b, '.');
	return dot && dot != b ? xstrndup(b, (size_t)(dot - b)) : xstrdup(b);
}

/* "id" of an Anki guid: letters and digits as they are, any other byte as
 * "_" and two hexadecimal digits, so that every guid gives its own valid
 * card id ("anki-" and the result). Caller frees. */
static char *guid_id(const char *guid)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "anki-");
	for (const unsigned char *p = (const unsigned char *)guid; *p; p++) {
		if ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
			buf_addch(&b, *p);
		else
			buf_addf(&b, "_%02X", *p);
	}
	return buf_detach(&b);
}

/* What one row is being turned into. */
struct row_ctx {
	const struct table *t;
	const struct row *r;
	struct load_result *res;
	size_t *cap;
	const char *deck, *path, *id;
	char *tags;
};

static struct card *add_card(struct row_ctx *x, enum card_type type, char *front, char *back)
{
	struct card *c;

	XGROW(x->res->cards, x->res->ncards + 1, *x->cap);
	c = &x->res->cards[x->res->ncards++];
	memset(c, 0, sizeof(*c));
	c->deck = xstrdup(x->deck);
	c->file = xstrdup(x->path);
	c->line = x->r->line;
	c->tags = xstrdup(x->tags);
	c->type = type;
	c->shape = SHAPE_TABLE;
	c->front = front;
	c->back = back;
	return c;
}

/* The cards of a cloze text (markdown with {{cN::...}} gaps), as the
 * markdown loader makes them; `extra` (or NULL) goes under the text on the
 * back. */
static void add_cloze(struct row_ctx *x, const char *text, const char *extra)
{
	int nums[64];
	int n = cloze_numbers(text, nums, 64);
	char *filled = cloze_render(text, 0);
	char *base = identity_key(x->deck, filled, x->id, NULL);

	for (int k = 0; k < n; k++) {
		char *back = extra && *extra ? xasprintf("%s\n\n%s", filled, extra) : xstrdup(filled);
		struct card *c = add_card(x, CARD_CLOZE, cloze_render(text, nums[k]), back);

		c->note = xstrdup(base);
		c->key = xasprintf("%s#c%d", base, nums[k]);
	}
	free(base);
	free(filled);
}

/* "- [x] right" and "- [ ] wrong" lines at the start of the text `s`
 * (lines indented under one continue it) as options of `c`; the text after
 * the list, if any, is the back. Returns false when `s` does not start
 * with such a list. */
static bool read_options(struct card *c, const char *s)
{
	struct buf opt = BUF_INIT;
	size_t cap = 0;
	bool correct = false, open = false;
	char *rest;

	for (;;) {
		size_t len = strcspn(s, "\n");
		bool item = len >= 5 && strchr("-*+", s[0]) && s[1] == ' ' && s[2] == '[' &&
			    strchr(" xX", s[3]) && s[4] == ']' && (len == 5 || s[5] == ' ');

		if (open && (item || len == 0 || !(s[0] == ' ' || s[0] == '\t'))) {
			XGROW(c->options, c->noptions + 1, cap);
			c->options[c->noptions].text = plaintext_to_md(buf_str(&opt));
			c->options[c->noptions++].correct = correct;
			buf_reset(&opt);
			open = false;
		}
		if (item) {
			correct = s[3] != ' ';
			buf_add(&opt, s + 5 + (len > 5), len - 5 - (len > 5));
			open = true;
		} else if (open) {
			size_t ind = strspn(s, " \t");

			buf_addch(&opt, '\n');
			buf_add(&opt, s + (ind > 2 ? 2 : ind), len - (ind > 2 ? 2 : ind));
		} else {
			break;
		}
		s += len + (s[len] == '\n');
		if (!*s && open) {
			XGROW(c->options, c->noptions + 1, cap);
			c->options[c->noptions].text = plaintext_to_md(buf_str(&opt));
			c->options[c->noptions++].correct = correct;
			break;
		}
	}
	buf_release(&opt);
	if (!c->noptions)
		return false;
	rest = plaintext_to_md(s);
	free(c->back);
	if (*rest) {
		c->back = rest;
	} else {
		free(rest);
		c->back = card_mcq_back(c->options, c->noptions);
	}
	return true;
}

/* A note type's kind from its name: Anki's "Cloze", "Basic (and reversed
 * card)" ... */
static enum card_type notetype_kind(const char *name)
{
	char *f = text_fold(name ? name : "");
	enum card_type k = CARD_BASIC;

	if (strstr(f, "cloze"))
		k = CARD_CLOZE;
	else if (strstr(f, "reverse") && !strstr(f, "optional"))
		k = CARD_REVERSED;
	free(f);
	return k;
}

/* The card(s) of one row. */
static void add_row(struct row_ctx *x, const struct load_options *opt)
{
	const struct table *t = x->t;
	const struct row *r = x->r;
	const char *fields[16];
	size_t nf = row_fields(t, r, fields, ARRAY_SIZE(fields));
	const char *type_name = field(r, t->col[COL_TYPE]);
	const char *notetype = t->col[COL_NOTETYPE] >= 0 ? field(r, t->col[COL_NOTETYPE]) : t->notetype;
	enum card_type kind = notetype_kind(notetype);
	char *front, *back, *id = NULL;
	struct buf tags = BUF_INIT;
	struct card *c;
	int type = CARD_BASIC;

	if (*type_name) {
		char *name = text_trim(xstrdup(type_name));

		type = *name ? card_type_from_name(name) : CARD_BASIC;
		if (type < 0) {
			load_warn(x->res, r->line, _("unknown card type '%s', read as basic"), name);
			type = CARD_BASIC;
		}
		free(name);
	}
	if (!(opt && opt->deck) && t->col[COL_DECK] >= 0 && *field(r, t->col[COL_DECK]))
		x->deck = field(r, t->col[COL_DECK]);
	if (t->tags)
		add_tags(&tags, t->tags);
	if (t->col[COL_TAGS] >= 0)
		add_tags(&tags, field(r, t->col[COL_TAGS]));
	x->tags = buf_detach(&tags);
	if (t->col[COL_GUID] >= 0 && *field(r, t->col[COL_GUID]))
		x->id = id = guid_id(field(r, t->col[COL_GUID]));

	if (kind == CARD_CLOZE && nf >= 1) {
		char *text = cell_md(t, fields[0]);
		char *extra = NULL;
		int nums[1];

		/* the gaps are markup: their braces lose the escapes */
		for (char *q = text; (q = strstr(q, "\\{\\{c")) != NULL; q += 3) {
			q[0] = q[1] = '{';
			memmove(q + 2, q + 4, strlen(q + 4) + 1);
		}
		for (size_t k = 1; k < nf; k++) {
			char *more = cell_md(t, fields[k]);

			if (*more) {
				char *j = extra ? xasprintf("%s\n\n%s", extra, more) : xstrdup(more);

				free(extra);
				extra = j;
			}
			free(more);
		}
		if (cloze_numbers(text, nums, 1) > 0)
			add_cloze(x, text, extra);
		else
			load_warn(x->res, r->line, _("cloze note without a {{c1::...}} gap, skipped"));
		free(text);
		free(extra);
		goto out;
	}
	front = cell_md(t, nf > 0 ? fields[0] : "");
	back = cell_md(t, nf > 1 ? fields[1] : "");
	/* the note's further fields (Anki's "Back Extra" ...) under the back */
	for (size_t k = 2; k < nf; k++) {
		char *more = cell_md(t, fields[k]);

		if (*more) {
			char *j = *back ? xasprintf("%s\n\n%s", back, more) : xstrdup(more);

			free(back);
			back = j;
		}
		free(more);
	}
	if (!*front || !*back) {
		load_warn(x->res, r->line, "%s",
			  *front ? _("row without an answer, skipped") : _("row without a question, skipped"));
		free(front);
		free(back);
		goto out;
	}
	c = add_card(x, CARD_BASIC, front, back);
	c->key = identity_key(c->deck, c->front, x->id, NULL);
	switch (type) {
	case CARD_MCQ: {
		char *text = cell_text(t, nf > 1 ? fields[1] : "");
		size_t nright = 0;

		if (!read_options(c, text)) {
			load_warn(x->res, r->line, _("multiple-choice row without a task list in its back, read as basic"));
		} else {
			for (size_t i = 0; i < c->noptions; i++)
				nright += c->options[i].correct;
			if (nright) {
				c->type = CARD_MCQ;
			} else {
				load_warn(x->res, r->line, _("multiple-choice question has no right answer, skipped"));
				card_release(c);
				x->res->ncards--;
			}
		}
		free(text);
		break;
	}
	case CARD_TYPED: {
		char *text = cell_text(t, nf > 1 ? fields[1] : "");

		if (strchr(text, '\n')) {
			load_warn(x->res, r->line, _("a typed answer is one line, read as basic"));
		} else {
			free(c->back);
			c->back = plaintext_code_md(text);
			c->type = CARD_TYPED;
			c->typeable = true;
			c->answer_text = xstrdup(text);
		}
		free(text);
		break;
	}
	case CARD_REVERSED:
	case CARD_CLOZE:
		c->type = (enum card_type)type;
		break;
	default:
		if (kind == CARD_REVERSED) {
			/* Anki's note with a reversed card: both, as `reverse: true` makes them */
			struct card *rc;
			char *key = xstrdup(c->key);

			c->note = xstrdup(key);
			rc = add_card(x, CARD_REVERSED, xstrdup(back), xstrdup(front));
			rc->key = xasprintf("%s#r", key);
			rc->note = key;
		}
		break;
	}
out:
	free(x->tags);
	x->tags = NULL;
	free(id);
	x->id = NULL;
}

int load_tabular(const char *path, const char *bytes, size_t n, const struct load_options *opt,
		 struct load_result *res)
{
	struct text_decoded td;
	struct table t = { 0 };
	struct row r = { NULL, 0, 0, 0, 0 };
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
			if (!r.unclosed && cols[COL_FRONT] >= 0 && cols[COL_BACK] >= 0) {
				memcpy(t.col, cols, sizeof(cols));
				t.have_columns = true;
				p = q;
			} else {
				line = save;
				load_warn(res, 0, _("no 'front,back' header row: columns read as front, back, tags"));
				t.col[COL_TAGS] = 2;
			}
		}
	}
	for (;;) {
		struct row_ctx x = { &t, &r, res, &cap, res->deck, path, NULL, NULL };

		/* Anki reads a line starting with # as a comment */
		if (t.anki && *p == '#') {
			p += strcspn(p, "\n");
			p += *p == '\n';
			line++;
			continue;
		}
		if (!read_row(&p, t.sep, &line, &r))
			break;
		if (r.unclosed) {
			load_warn(res, r.unclosed, _("unclosed quote, row skipped"));
			continue;
		}
		if (r.n == 1 && !*r.f[0])
			continue; /* a blank line */
		add_row(&x, opt);
	}
	identity_dedup(res);
	row_clear(&r);
	free(r.f);
	free(t.deck);
	free(t.tags);
	free(t.notetype);
	free(td.text);
	return 0;
}
