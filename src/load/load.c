/* load.c - reading files (encoding report, front matter) and collecting
 * the files of a directory. The cards themselves come from extract.c.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "dkquiz/i18n.h"
#include "dkquiz/text.h"
#include "load_int.h"
#include "tabular.h"

void load_warn(struct load_result *res, int line, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	size_t n = res->nwarnings;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	/* capacity is the next power of two: no separate field needed */
	if (n == 0 || (n & (n - 1)) == 0)
		res->warnings = xrealloc(res->warnings, (n ? 2 * n : 4) * sizeof(*res->warnings));
	res->warnings[n].line = line;
	res->warnings[n].msg = buf_detach(&b);
	res->nwarnings = n + 1;
}

void load_result_release(struct load_result *res)
{
	if (!res)
		return;
	free(res->path);
	free(res->sha256);
	free(res->deck);
	free(res->lang);
	for (size_t i = 0; i < res->ncards; i++)
		card_release(&res->cards[i]);
	free(res->cards);
	for (size_t i = 0; i < res->nwarnings; i++)
		free(res->warnings[i].msg);
	free(res->warnings);
	memset(res, 0, sizeof(*res));
}

/* ---- front matter ----------------------------------------------------- */

struct front_matter {
	char *deck, *lang, *tags;
	bool reverse;
	int type;
	size_t body_off;   /* where the markdown starts */
	int lines;         /* lines the front matter took */
};

static char *fm_value(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= 2 && ((s[0] == '"' && s[n - 1] == '"') || (s[0] == '\'' && s[n - 1] == '\''))) {
		s++;
		n -= 2;
	}
	return xstrndup(s, n);
}

/* "[a, b]", "a, b" or "a b" to "a b". */
static void add_tags(struct buf *tags, const char *v)
{
	const char *p = v;

	while (*p) {
		size_t w;

		while (*p && strchr(" \t,[]\"'", *p))
			p++;
		w = strcspn(p, " \t,[]\"'");
		if (w) {
			if (tags->len)
				buf_addch(tags, ' ');
			buf_add(tags, p, w);
		}
		p += w;
	}
}

static bool is_true(const char *v)
{
	return !strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcasecmp(v, "on") ||
	       !strcmp(v, "1");
}

static void parse_front_matter(const char *path, const char *t, size_t n, struct front_matter *fm,
			       struct load_result *res)
{
	const char *p, *end = t + n;
	struct buf tags = BUF_INIT;
	int line = 1;
	bool in_tags = false;

	memset(fm, 0, sizeof(fm[0]));
	fm->type = -1;
	if (n < 4 || strncmp(t, "---", 3) || (t[3] != '\n' && strspn(t + 3, " \t") == 0))
		goto done;
	p = memchr(t, '\n', n);
	if (!p || (size_t)(p - t) != 3 + strspn(t + 3, " \t"))
		goto done;
	p++;
	/* find the closing line first: without one this is a thematic break */
	{
		const char *q = p;
		bool closed = false;

		while (q < end) {
			const char *eol = memchr(q, '\n', (size_t)(end - q));
			size_t len = eol ? (size_t)(eol - q) : (size_t)(end - q);

			if ((len >= 3 && (!strncmp(q, "---", 3) || !strncmp(q, "...", 3)) &&
			     strspn(q + 3, " \t") >= len - 3)) {
				closed = true;
				break;
			}
			if (!eol)
				break;
			q = eol + 1;
		}
		if (!closed)
			goto done;
	}
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t len = eol ? (size_t)(eol - p) : (size_t)(end - p);
		const char *colon;

		line++;
		if (len >= 3 && (!strncmp(p, "---", 3) || !strncmp(p, "...", 3)) &&
		    strspn(p + 3, " \t") >= len - 3) {
			fm->body_off = eol ? (size_t)(eol + 1 - t) : n;
			fm->lines = line;
			break;
		}
		colon = memchr(p, ':', len);
		if (in_tags && len && (p[0] == ' ' || p[0] == '\t' || p[0] == '-')) {
			const char *d = p + strspn(p, " \t");

			if (*d == '-') {
				char *v = fm_value(d + 1, (size_t)(p + len - d - 1));

				add_tags(&tags, v);
				free(v);
			}
		} else if (colon && len && p[0] != '#') {
			char *key = fm_value(p, (size_t)(colon - p));
			char *val = fm_value(colon + 1, (size_t)(p + len - colon - 1));

			in_tags = false;
			if (!strcmp(key, "deck")) {
				free(fm->deck);
				fm->deck = xstrdup(val);
			} else if (!strcmp(key, "tags")) {
				add_tags(&tags, val);
				in_tags = !*val;
			} else if (!strcmp(key, "lang")) {
				free(fm->lang);
				fm->lang = xstrdup(val);
			} else if (!strcmp(key, "reverse")) {
				fm->reverse = is_true(val);
			} else if (!strcmp(key, "type")) {
				int ty = card_type_from_name(val);

				if (ty == CARD_BASIC || ty == CARD_TYPED || ty == CARD_REVERSED)
					fm->type = ty;
				else
					load_warn(res, line, _("unsupported card type '%s' in front matter"), val);
			} else {
				load_warn(res, line, _("unknown front matter key '%s'"), key);
			}
			free(key);
			free(val);
		} else if (len && strspn(p, " \t") < len && p[0] != '#') {
			load_warn(res, line, _("front matter line without a key"));
		}
		if (!eol)
			break;
		p = eol + 1;
	}
done:
	(void)path;
	fm->tags = buf_detach(&tags);
}

/* ---- loading ---------------------------------------------------------- */

int load_buffer(const char *path, const char *bytes, size_t n, const struct load_options *opt,
		struct load_result *res)
{
	struct text_decoded td;
	struct front_matter fm;
	struct extract_input in;
	struct md_block *doc;
	char hex[65];

	if (tabular_wanted(path, bytes, n))
		return load_tabular(path, bytes, n, opt, res);
	memset(res, 0, sizeof(*res));
	memset(&td, 0, sizeof(td));
	if (text_decode(bytes, n, &td) != TEXT_DECODE_OK)
		return error(_("'%s': not a text file"), path);
	res->path = xstrdup(path);
	if (opt && opt->sha256) {
		res->sha256 = xstrdup(opt->sha256);
	} else {
		sha256_hex(bytes, n, hex);
		res->sha256 = xstrdup(hex);
	}
	/* at the first line concerned, so that an editor can jump to it */
	if (td.was_cp1252)
		load_warn(res, td.first_cp1252_line, _("invalid UTF-8, read as Windows-1252"));
	if (td.mojibake_lines)
		load_warn(res, td.first_mojibake_line, P_("repaired mojibake on %d line", "repaired mojibake on %d lines",
				     (unsigned long)td.mojibake_lines), td.mojibake_lines);
	if (td.control_chars)
		load_warn(res, td.first_control_line, P_("replaced %d control character", "replaced %d control characters",
				     (unsigned long)td.control_chars), td.control_chars);

	parse_front_matter(path, td.text, td.len, &fm, res);
	if (fm.lang && *fm.lang)
		res->lang = xstrdup(fm.lang);

	memset(&in, 0, sizeof(in));
	in.path = path;
	in.body = td.text + fm.body_off;
	in.blen = td.len - fm.body_off;
	in.line0 = fm.lines;
	in.deck = (opt && opt->deck) ? opt->deck : fm.deck;
	in.lang = fm.lang;
	in.tags = fm.tags;
	in.reverse = fm.reverse || fm.type == CARD_REVERSED;
	in.force_type = fm.type;

	doc = md_parse(in.body, in.blen);
	extract_cards(&in, doc, res);
	md_free(doc);
	free(fm.deck);
	free(fm.lang);
	free(fm.tags);
	free(td.text);
	return 0;
}

int load_file(const char *path, const struct load_options *opt, struct load_result *res)
{
	char *data;
	size_t len;
	int rc;

	memset(res, 0, sizeof(*res));
	if (!(data = read_input_file(path, &len)))
		return -1;
	rc = load_buffer(path, data, len, opt, res);
	free(data);
	return rc;
}

/* ---- collecting ------------------------------------------------------- */

static bool wanted_name(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot && dot != name &&
	       (!strcmp(dot, ".md") || !strcmp(dot, ".markdown") || !strcmp(dot, ".txt"));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct visited {
	dev_t dev;
	ino_t ino;
};

/* Walk `root` depth first, entries sorted by name, without recursion. */
static int collect_dir(const char *root, char ***out, size_t *n, size_t *cap)
{
	char **stack = NULL;
	size_t nstack = 0, capstack = 0, nvis = 0, capvis = 0;
	struct visited *vis = NULL;
	int rc = 0;

	XGROW(stack, 1, capstack);
	stack[nstack++] = xstrdup(root);
	while (nstack) {
		char *dir = stack[--nstack];
		DIR *d;
		struct dirent *e;
		struct stat st;
		char **ents = NULL;
		size_t nents = 0, capents = 0;
		bool seen = false;

		if (stat(dir, &st) < 0) {
			rc = error(_("cannot read '%s': %s"), dir, strerror(errno));
			free(dir);
			continue;
		}
		for (size_t i = 0; i < nvis; i++)
			if (vis[i].dev == st.st_dev && vis[i].ino == st.st_ino)
				seen = true;
		if (seen) {
			warning(_("'%s': directory already visited (symlink loop), skipped"), dir);
			free(dir);
			continue;
		}
		XGROW(vis, nvis + 1, capvis);
		vis[nvis].dev = st.st_dev;
		vis[nvis].ino = st.st_ino;
		nvis++;
		d = opendir(dir);
		if (!d) {
			rc = error(_("cannot read '%s': %s"), dir, strerror(errno));
			free(dir);
			continue;
		}
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue; /* ".", "..", and hidden files */
			XGROW(ents, nents + 1, capents);
			ents[nents++] = xasprintf("%s%s%s", dir,
						  dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
		}
		closedir(d);
		qsort(ents, nents, sizeof(*ents), cmp_str);
		/* files now, in order; subdirectories pushed in reverse so the
		 * first one is walked first */
		{
			size_t ndirs = 0;

			for (size_t i = 0; i < nents; i++) {
				if (stat(ents[i], &st) < 0) {
					free(ents[i]);
					ents[i] = NULL;
					continue;
				}
				if (S_ISDIR(st.st_mode)) {
					ents[ndirs++] = ents[i];
					continue;
				}
				if (S_ISREG(st.st_mode) && wanted_name(ents[i])) {
					XGROW(*out, *n + 1, *cap);
					(*out)[(*n)++] = ents[i];
				} else {
					free(ents[i]);
				}
			}
			for (size_t i = ndirs; i > 0; i--) {
				XGROW(stack, nstack + 1, capstack);
				stack[nstack++] = ents[i - 1];
			}
		}
		free(ents);
		free(dir);
	}
	free(stack);
	free(vis);
	return rc;
}

int load_collect(char **paths, int npaths, char ***out, bool *incomplete)
{
	char **v = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	*out = NULL;
	*incomplete = false;
	for (int i = 0; i < npaths; i++) {
		struct stat st;

		if (stat(paths[i], &st) < 0) {
			rc = error(_("cannot read '%s': %s"), paths[i], strerror(errno));
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			if (collect_dir(paths[i], &v, &n, &cap) < 0)
				rc = -1;
		} else {
			XGROW(v, n + 1, cap);
			v[n++] = xstrdup(paths[i]);
		}
	}
	/* a path that cannot be read does not stop the others */
	*incomplete = rc < 0;
	*out = v;
	return (int)n;
}
