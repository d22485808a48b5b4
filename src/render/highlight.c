/* highlight.c - small line lexers for the code blocks of Docker and
 * Kubernetes cards: YAML, Dockerfile, shell and JSON.
 *
 * They colour what helps a reader (keys, instructions, strings, comments,
 * flags) and are forgiving: an unterminated string or an odd byte is never an
 * error, it just runs to the end of the line or stays plain. Each lexer only
 * moves forward, so any input costs linear time.
 */
#include "dkquiz/render.h"

#include <string.h>
#include <strings.h>

struct lex {
	const char *s;
	size_t len, pos;
	struct hl_token *out;
	size_t n, max;
};

static void emit(struct lex *l, size_t off, size_t len, enum hl_class cls)
{
	if (!len || l->n >= l->max)
		return;
	/* Merge with a touching token of the same class. */
	if (l->n && l->out[l->n - 1].cls == cls &&
	    l->out[l->n - 1].off + l->out[l->n - 1].len == off) {
		l->out[l->n - 1].len += len;
		return;
	}
	l->out[l->n].off = off;
	l->out[l->n].len = len;
	l->out[l->n].cls = cls;
	l->n++;
}

static int at(const struct lex *l, size_t i)
{
	return i < l->len ? (unsigned char)l->s[i] : 0;
}

static bool is_blank(int c)
{
	return c == ' ' || c == '\t';
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool is_name(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_';
}

static bool in_set(int c, const char *set)
{
	return c && strchr(set, c);
}

static void skip_blanks(struct lex *l)
{
	while (l->pos < l->len && is_blank(at(l, l->pos)))
		l->pos++;
}

/* A quoted string from l->pos (on the quote); backslash escapes in double
 * quotes. Returns its length including the quotes found. */
static size_t string_len(const struct lex *l, size_t from)
{
	int q = at(l, from);
	size_t i = from + 1;

	while (i < l->len && at(l, i) != q) {
		if (q == '"' && at(l, i) == '\\' && i + 1 < l->len)
			i++;
		i++;
	}
	return (i < l->len ? i + 1 : l->len) - from;
}

static bool word_in(const char *w, size_t n, const char *const *list, bool nocase)
{
	for (; *list; list++)
		if (strlen(*list) == n && !(nocase ? strncasecmp(*list, w, n) : strncmp(*list, w, n)))
			return true;
	return false;
}

static bool all_number(const char *w, size_t n)
{
	size_t i = 0, digits = 0;

	if (i < n && (w[i] == '-' || w[i] == '+'))
		i++;
	for (; i < n; i++) {
		if (is_digit((unsigned char)w[i]))
			digits++;
		else if (w[i] != '.' && w[i] != '_' && w[i] != 'e' && w[i] != 'E')
			return false;
	}
	return digits > 0;
}

/* $NAME, ${...}, $(, $1: the length of a variable reference at `from`. */
static size_t variable_len(const struct lex *l, size_t from)
{
	size_t i = from + 1;

	if (at(l, i) == '{') {
		while (i < l->len && at(l, i) != '}')
			i++;
		return (i < l->len ? i + 1 : l->len) - from;
	}
	if (at(l, i) == '(')
		return 2;
	if (is_digit(at(l, i)) || in_set(at(l, i), "?@#*!$"))
		return 2;
	while (i < l->len && is_name(at(l, i)))
		i++;
	return i - from;
}

/* ---- shell ------------------------------------------------------------- */

static const char *const sh_keywords[] = {
	"if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done",
	"case", "esac", "in", "function", "select", "export", "local", "return",
	"sudo", NULL
};

static void lex_shell(struct lex *l, bool at_cmd)
{
	/* A console prompt. */
	if (l->pos == 0 && l->len >= 2 && (l->s[0] == '$' || l->s[0] == '>') && l->s[1] == ' ') {
		emit(l, 0, 1, HL_PUNCT);
		l->pos = 1;
	}
	while (l->pos < l->len) {
		size_t p = l->pos;
		int c = at(l, p);

		if (is_blank(c)) {
			l->pos++;
		} else if (c == '#') {
			emit(l, p, l->len - p, HL_COMMENT);
			l->pos = l->len;
		} else if (c == '\'' || c == '"' || c == '`') {
			size_t n = string_len(l, p);
			emit(l, p, n, HL_STRING);
			l->pos += n;
			at_cmd = false;
		} else if (c == '$') {
			size_t n = variable_len(l, p);
			emit(l, p, n, HL_VARIABLE);
			l->pos += n;
			at_cmd = at(l, p + 1) == '(';
		} else if (in_set(c, ";|&(){}<>")) {
			size_t n = 1;
			while (p + n < l->len && in_set(at(l, p + n), ";|&<>"))
				n++;
			emit(l, p, n, HL_PUNCT);
			l->pos += n;
			at_cmd = c != '<' && c != '>';
		} else if (c == '\\') {
			l->pos += 2;
		} else {
			size_t n = 0;
			while (p + n < l->len && !is_blank(at(l, p + n)) &&
			       !in_set(at(l, p + n), ";|&(){}<>'\"`$"))
				n++;
			if (!n)
				n = 1;
			const char *w = l->s + p;
			const char *eq = memchr(w, '=', n);
			if (at_cmd && word_in(w, n, sh_keywords, false)) {
				emit(l, p, n, HL_KEYWORD);
			} else if (at_cmd && eq && eq > w) {
				emit(l, p, (size_t)(eq - w), HL_VARIABLE);
			} else if (at_cmd) {
				emit(l, p, n, HL_COMMAND);
				at_cmd = false;
			} else if (w[0] == '-' && n > 1) {
				emit(l, p, n, HL_FLAG);
			} else if (all_number(w, n)) {
				emit(l, p, n, HL_NUMBER);
			}
			l->pos += n;
		}
	}
}

/* ---- Dockerfile -------------------------------------------------------- */

static const char *const docker_instructions[] = {
	"FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY",
	"ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL",
	"HEALTHCHECK", "SHELL", NULL
};

/* Arguments of non-shell instructions: strings, variables, flags, numbers,
 * JSON-array punctuation and FROM's "AS". */
static void lex_docker_args(struct lex *l)
{
	static const char *const as[] = { "AS", NULL };

	while (l->pos < l->len) {
		size_t p = l->pos;
		int c = at(l, p);

		if (is_blank(c)) {
			l->pos++;
		} else if (c == '"' || c == '\'') {
			size_t n = string_len(l, p);
			emit(l, p, n, HL_STRING);
			l->pos += n;
		} else if (c == '$') {
			size_t n = variable_len(l, p);
			emit(l, p, n, HL_VARIABLE);
			l->pos += n;
		} else if (in_set(c, "[],=")) {
			emit(l, p, 1, HL_PUNCT);
			l->pos++;
		} else {
			size_t n = 0;
			while (p + n < l->len && !is_blank(at(l, p + n)) &&
			       !in_set(at(l, p + n), "[],\"'$="))
				n++;
			if (!n)
				n = 1;
			if (l->s[p] == '-' && n > 1)
				emit(l, p, n, HL_FLAG);
			else if (word_in(l->s + p, n, as, true))
				emit(l, p, n, HL_KEYWORD);
			else if (all_number(l->s + p, n))
				emit(l, p, n, HL_NUMBER);
			l->pos += n;
		}
	}
}

static void lex_dockerfile(struct lex *l, int *state)
{
	size_t end = l->len;

	while (end && is_blank(at(l, end - 1)))
		end--;
	bool continues = end && l->s[end - 1] == '\\';

	skip_blanks(l);
	if (*state == 1) {
		lex_shell(l, false);
	} else if (at(l, l->pos) == '#') {
		emit(l, l->pos, l->len - l->pos, HL_COMMENT);
		continues = false;
	} else {
		size_t p = l->pos, n = 0;
		while (p + n < l->len && !is_blank(at(l, p + n)))
			n++;
		if (word_in(l->s + p, n, docker_instructions, true)) {
			emit(l, p, n, HL_KEYWORD);
			l->pos += n;
			skip_blanks(l);
			bool shell = (n == 3 && !strncasecmp(l->s + p, "RUN", 3)) ||
				(n == 3 && !strncasecmp(l->s + p, "CMD", 3)) ||
				(n == 10 && !strncasecmp(l->s + p, "ENTRYPOINT", 10));
			if (shell && at(l, l->pos) != '[')
				lex_shell(l, true);
			else
				lex_docker_args(l);
		} else {
			lex_docker_args(l);
		}
	}
	*state = continues ? 1 : 0;
}

/* ---- YAML --------------------------------------------------------------- */

static const char *const yaml_words[] = {
	"true", "false", "yes", "no", "on", "off", "null", "True", "False", "Yes",
	"No", "NULL", "Null", "TRUE", "FALSE", "~", NULL
};

static void lex_yaml_scalar(struct lex *l)
{
	size_t p = l->pos, end = p;

	/* A plain scalar runs to a comment (" #") or the end. */
	while (end < l->len && !(at(l, end) == '#' && end > p && is_blank(at(l, end - 1))))
		end++;
	size_t vend = end;
	while (vend > p && is_blank(at(l, vend - 1)))
		vend--;
	if (word_in(l->s + p, vend - p, yaml_words, false))
		emit(l, p, vend - p, HL_KEYWORD);
	else if (all_number(l->s + p, vend - p))
		emit(l, p, vend - p, HL_NUMBER);
	else
		emit(l, p, vend - p, HL_STRING);
	if (end < l->len)
		emit(l, end, l->len - end, HL_COMMENT);
	l->pos = l->len;
}

static void lex_yaml_value(struct lex *l)
{
	bool flow = false;

	while (l->pos < l->len) {
		size_t p = l->pos;
		int c = at(l, p);

		if (is_blank(c)) {
			l->pos++;
		} else if (c == '#') {
			emit(l, p, l->len - p, HL_COMMENT);
			l->pos = l->len;
		} else if (c == '"' || c == '\'') {
			size_t n = string_len(l, p);
			emit(l, p, n, HL_STRING);
			l->pos += n;
		} else if (c == '&' || c == '*') {
			size_t n = 1;
			while (p + n < l->len && !is_blank(at(l, p + n)) && !in_set(at(l, p + n), ",]}"))
				n++;
			emit(l, p, n, HL_VARIABLE);
			l->pos += n;
		} else if (in_set(c, "{}[],:|>")) {
			flow = flow || c == '[' || c == '{';
			emit(l, p, 1, HL_PUNCT);
			l->pos++;
		} else if (c == '!') {
			size_t n = 1;
			while (p + n < l->len && !is_blank(at(l, p + n)))
				n++;
			emit(l, p, n, HL_KEYWORD);
			l->pos += n;
		} else {
			/* Inside flow collections words end at punctuation. */
			size_t n = 0;
			if (!flow) {
				lex_yaml_scalar(l);
				return;
			}
			while (p + n < l->len && !in_set(at(l, p + n), ",]}:#"))
				n++;
			if (!n)
				n = 1;
			size_t vn = n;
			while (vn && is_blank(at(l, p + vn - 1)))
				vn--;
			if (word_in(l->s + p, vn, yaml_words, false))
				emit(l, p, vn, HL_KEYWORD);
			else if (all_number(l->s + p, vn))
				emit(l, p, vn, HL_NUMBER);
			else
				emit(l, p, vn, HL_STRING);
			l->pos += n;
		}
	}
}

static void lex_yaml(struct lex *l)
{
	skip_blanks(l);
	if (l->pos == 0 && l->len >= 3 &&
	    (!strncmp(l->s, "---", 3) || !strncmp(l->s, "...", 3)) &&
	    (l->len == 3 || is_blank(at(l, 3)))) {
		emit(l, 0, 3, HL_PUNCT);
		l->pos = 3;
		lex_yaml_value(l);
		return;
	}
	while (at(l, l->pos) == '-' && (l->pos + 1 == l->len || is_blank(at(l, l->pos + 1)))) {
		emit(l, l->pos, 1, HL_PUNCT);
		l->pos++;
		skip_blanks(l);
	}
	if (at(l, l->pos) == '#') {
		emit(l, l->pos, l->len - l->pos, HL_COMMENT);
		return;
	}
	/* A key: up to a ':' followed by a blank or the end of the line. */
	size_t p = l->pos, i = p;
	if (at(l, i) == '"' || at(l, i) == '\'')
		i += string_len(l, i);
	else
		while (i < l->len && !(at(l, i) == ':' && (i + 1 == l->len || is_blank(at(l, i + 1)))) &&
		       !in_set(at(l, i), "#{[\"'"))
			i++;
	if (i > p && at(l, i) == ':' && (i + 1 == l->len || is_blank(at(l, i + 1)))) {
		emit(l, p, i - p, HL_KEY);
		emit(l, i, 1, HL_PUNCT);
		l->pos = i + 1;
	}
	lex_yaml_value(l);
}

/* ---- JSON --------------------------------------------------------------- */

static void lex_json(struct lex *l)
{
	static const char *const words[] = { "true", "false", "null", NULL };

	while (l->pos < l->len) {
		size_t p = l->pos;
		int c = at(l, p);

		if (c == '"') {
			size_t n = string_len(l, p), j = p + n;
			while (j < l->len && is_blank(at(l, j)))
				j++;
			emit(l, p, n, at(l, j) == ':' ? HL_KEY : HL_STRING);
			l->pos += n;
		} else if (is_digit(c) || c == '-') {
			size_t n = 1;
			while (p + n < l->len && (is_digit(at(l, p + n)) || in_set(at(l, p + n), ".eE+-")))
				n++;
			emit(l, p, n, HL_NUMBER);
			l->pos += n;
		} else if (in_set(c, "{}[],:")) {
			emit(l, p, 1, HL_PUNCT);
			l->pos++;
		} else if (is_name(c)) {
			size_t n = 1;
			while (p + n < l->len && is_name(at(l, p + n)))
				n++;
			if (word_in(l->s + p, n, words, false))
				emit(l, p, n, HL_KEYWORD);
			l->pos += n;
		} else {
			l->pos++;
		}
	}
}

enum hl_lang hl_lang_from_info(const char *info)
{
	static const struct {
		const char *name;
		enum hl_lang lang;
	} names[] = {
		{ "yaml", HL_LANG_YAML }, { "yml", HL_LANG_YAML },
		{ "dockerfile", HL_LANG_DOCKERFILE }, { "docker", HL_LANG_DOCKERFILE },
		{ "containerfile", HL_LANG_DOCKERFILE },
		{ "sh", HL_LANG_SHELL }, { "bash", HL_LANG_SHELL }, { "shell", HL_LANG_SHELL },
		{ "console", HL_LANG_SHELL }, { "zsh", HL_LANG_SHELL },
		{ "terminal", HL_LANG_SHELL }, { "shell-session", HL_LANG_SHELL },
		{ "json", HL_LANG_JSON }, { "jsonc", HL_LANG_JSON },
	};
	size_t n;

	if (!info)
		return HL_LANG_NONE;
	while (is_blank((unsigned char)*info))
		info++;
	n = strcspn(info, " \t{,");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i].name) == n && !strncasecmp(names[i].name, info, n))
			return names[i].lang;
	return HL_LANG_NONE;
}

size_t hl_line(enum hl_lang lang, const char *line, size_t len, int *state,
	       struct hl_token *out, size_t max)
{
	struct lex l = { line, len, 0, out, 0, max };
	int dummy = 0;

	if (!state)
		state = &dummy;
	if (!line)
		return 0;
	switch (lang) {
	case HL_LANG_YAML:
		lex_yaml(&l);
		break;
	case HL_LANG_DOCKERFILE:
		lex_dockerfile(&l, state);
		break;
	case HL_LANG_SHELL:
		lex_shell(&l, true);
		break;
	case HL_LANG_JSON:
		lex_json(&l);
		break;
	case HL_LANG_NONE:
		break;
	}
	return l.n;
}
