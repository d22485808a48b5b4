/* test_render.c - markdown to styled lines: wrapping, indents, code,
 * tables, highlighting, sanitising, deep nesting, and the plain renderer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dkquiz/render.h"
#include "dkquiz/text.h"
#include "dkquiz/util.h"

static int line_w(const struct render_line *l)
{
	return (int)text_width(l->text, strlen(l->text));
}

/* Every line: width field right, no control bytes, spans inside the text. */
static void check_doc(const struct render_doc *d, int width, bool allow_wide_code)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct render_line *l = &d->lines[i];
		size_t len = strlen(l->text);
		assert_int_equal(l->width, line_w(l));
		if (l->scroll_col < 0 || !allow_wide_code) {
			if (l->width > width)
				print_error("line %zu too wide (%d > %d): '%s'\n", i, l->width, width, l->text);
			assert_true(l->width <= width);
		}
		for (const unsigned char *p = (const unsigned char *)l->text; *p; p++)
			assert_true(*p >= 0x20 && *p != 0x7f);
		assert_true(utf8_valid(l->text, len));
		for (size_t k = 0; k < l->nspans; k++) {
			assert_true(l->spans[k].off + l->spans[k].len <= len);
			if (k)
				assert_true(l->spans[k].off >= l->spans[k - 1].off + l->spans[k - 1].len);
		}
	}
}

/* The first line holding `needle`; the test fails when there is none. */
static const struct render_line *find_line(const struct render_doc *d, const char *needle)
{
	for (size_t i = 0; i < d->n; i++)
		if (strstr(d->lines[i].text, needle))
			return &d->lines[i];
	print_error("no line holds '%s'\n", needle);
	fail();
	abort();
}

/* Where `needle` is in line l (it must be there). */
static size_t offset_of(const struct render_line *l, const char *needle)
{
	const char *p = strstr(l->text, needle);

	if (!p) {
		print_error("'%s' not in '%s'\n", needle, l->text);
		fail();
		abort();
	}
	return (size_t)(p - l->text);
}

/* The style of the byte at `at` of line l. */
static unsigned attr_at(const struct render_line *l, size_t at, enum hl_class *hl)
{
	for (size_t k = 0; k < l->nspans; k++)
		if (l->spans[k].off <= at && at < l->spans[k].off + l->spans[k].len) {
			if (hl)
				*hl = l->spans[k].hl;
			return l->spans[k].attr;
		}
	if (hl)
		*hl = HL_NONE;
	return 0;
}

static void test_wrap_accents(void **state)
{
	struct render_doc *d;

	(void)state;
	d = render_md("Crème brûlée façade déjà vu à Noël", 12);
	check_doc(d, 12, false);
	assert_int_equal(d->n, 3);
	assert_string_equal(d->lines[0].text, "Crème brûlée");
	assert_int_equal(d->lines[0].width, 12);
	assert_string_equal(d->lines[1].text, "façade déjà");
	assert_string_equal(d->lines[2].text, "vu à Noël");
	render_doc_free(d);

	/* Combining accents take no column. */
	d = render_md("Cre\xcc\x80" "me bru\xcc\x82" "le\xcc\x81" "e", 12);
	check_doc(d, 12, false);
	assert_int_equal(d->n, 1);
	assert_int_equal(d->lines[0].width, 12);
	render_doc_free(d);
}

static void test_wrap_emoji_cjk(void **state)
{
	struct render_doc *d;

	(void)state;
	d = render_md("🐳🐳🐳 whale 🐳", 8);
	check_doc(d, 8, false);
	assert_string_equal(d->lines[0].text, "🐳🐳🐳");
	assert_int_equal(d->lines[0].width, 6);
	render_doc_free(d);

	/* No spaces in CJK text: it breaks between characters. */
	d = render_md("日本語のテキストです", 8);
	check_doc(d, 8, false);
	assert_int_equal(d->n, 3);
	assert_string_equal(d->lines[0].text, "日本語の");
	assert_string_equal(d->lines[1].text, "テキスト");
	assert_string_equal(d->lines[2].text, "です");
	render_doc_free(d);

	/* A word longer than the width is cut. */
	d = render_md("abcdefghijklmnopqrstuvwxyz", 10);
	check_doc(d, 10, false);
	assert_int_equal(d->n, 3);
	assert_string_equal(d->lines[0].text, "abcdefghij");
	render_doc_free(d);
}

static void test_inline_styles(void **state)
{
	struct render_doc *d;
	const struct render_line *l;

	(void)state;
	d = render_md("Some *italic*, **bold** and `docker ps` with [a link](http://x) "
		      "and ![the alt](x.png).", 200);
	check_doc(d, 200, false);
	assert_int_equal(d->n, 1);
	l = &d->lines[0];
	assert_non_null(strstr(l->text, "[image: the alt]"));
	assert_null(strstr(l->text, "http://x"));
	assert_null(strstr(l->text, "*"));
	assert_true(attr_at(l, offset_of(l, "italic"), NULL) & RA_ITALIC);
	assert_true(attr_at(l, offset_of(l, "bold"), NULL) & RA_BOLD);
	assert_true(attr_at(l, offset_of(l, "docker ps"), NULL) & RA_CODE);
	assert_true(attr_at(l, offset_of(l, "a link"), NULL) & RA_LINK);
	assert_true(attr_at(l, offset_of(l, "the alt"), NULL) & RA_PLACEHOLDER);
	assert_int_equal(attr_at(l, offset_of(l, "Some"), NULL), 0);
	render_doc_free(d);

	/* A short code span is not cut at its spaces. */
	d = render_md("Run `docker ps -a` now", 14);
	check_doc(d, 14, false);
	assert_string_equal(d->lines[0].text, "Run");
	assert_string_equal(d->lines[1].text, "docker ps -a");
	render_doc_free(d);

	d = render_md("# A heading", 40);
	assert_int_equal(d->n, 1);
	assert_string_equal(d->lines[0].text, "A heading");
	assert_true(attr_at(&d->lines[0], 0, NULL) & RA_HEADING);
	render_doc_free(d);

	/* Comments (card ids) are not drawn. */
	d = render_md("<!-- id: x -->\n\nText", 40);
	assert_int_equal(d->n, 1);
	assert_string_equal(d->lines[0].text, "Text");
	render_doc_free(d);
}

static void test_hanging_indent(void **state)
{
	struct render_doc *d;

	(void)state;
	d = render_md("- alpha beta gamma delta epsilon\n- zeta\n", 16);
	check_doc(d, 16, false);
	assert_int_equal(d->n, 4);
	assert_string_equal(d->lines[0].text, "• alpha beta");
	assert_string_equal(d->lines[1].text, "  gamma delta");
	assert_string_equal(d->lines[2].text, "  epsilon");
	assert_string_equal(d->lines[3].text, "• zeta");
	assert_true(attr_at(&d->lines[0], 0, NULL) & RA_MARKER);
	render_doc_free(d);

	d = render_md("8. one two three four\n9. x\n10. y\n", 14);
	check_doc(d, 14, false);
	assert_string_equal(d->lines[0].text, " 8. one two");
	assert_string_equal(d->lines[1].text, "    three four");
	assert_string_equal(d->lines[3].text, "10. y");
	render_doc_free(d);

	d = render_md("- outer\n  - inner words that wrap here\n", 20);
	check_doc(d, 20, false);
	assert_string_equal(d->lines[0].text, "• outer");
	assert_string_equal(d->lines[1].text, "  • inner words that");
	assert_string_equal(d->lines[2].text, "    wrap here");
	render_doc_free(d);

	d = render_md("> quoted words that wrap\n", 14);
	check_doc(d, 14, false);
	assert_string_equal(d->lines[0].text, "│ quoted words");
	assert_string_equal(d->lines[1].text, "│ that wrap");
	render_doc_free(d);

	d = render_md("- [x] done\n- [ ] todo\n", 20);
	assert_string_equal(d->lines[0].text, "• ☒ done");
	assert_string_equal(d->lines[1].text, "• ☐ todo");
	render_doc_free(d);
}

static void test_code_not_wrapped(void **state)
{
	struct render_doc *d;
	const struct render_line *l;
	const char *md = "```sh\ndocker run -d -p 8080:80 --name web --restart unless-stopped nginx:1.25\n```\n";

	(void)state;
	d = render_md(md, 30);
	check_doc(d, 30, true);
	assert_int_equal(d->n, 3);
	assert_non_null(strstr(d->lines[0].text, "┌─ sh "));
	assert_int_equal(d->lines[0].width, 30);
	assert_int_equal(d->lines[0].scroll_col, -1);
	l = &d->lines[1];
	assert_true(l->width > 30);
	assert_int_equal(l->scroll_col, 2);
	assert_non_null(strstr(l->text, "nginx:1.25"));
	assert_true(d->max_width >= l->width);
	assert_int_equal(strncmp(d->lines[2].text, "└", strlen("└")), 0);
	/* Tabs become spaces. */
	render_doc_free(d);
	d = render_md("```\na\tb\n```\n", 20);
	assert_string_equal(d->lines[1].text, "│ a   b");
	render_doc_free(d);
}

static void test_table_fit(void **state)
{
	struct render_doc *d;
	const char *md =
		"| Command | What it does |\n"
		"|---|---:|\n"
		"| `docker ps` | lists the running containers of the host |\n"
		"| `docker images` | lists images |\n";

	(void)state;
	/* Wide enough: natural widths. */
	d = render_md(md, 80);
	check_doc(d, 80, false);
	assert_int_equal(d->n, 6);
	assert_string_equal(d->lines[0].text,
			    "┌───────────────┬──────────────────────────────────────────┐");
	assert_non_null(strstr(d->lines[1].text, "│ Command"));
	assert_true(attr_at(d->lines + 1, strlen("│ "), NULL) & RA_TABLE_HEAD);
	assert_non_null(strstr(d->lines[2].text, "├"));
	/* Right-aligned column. */
	assert_non_null(strstr(d->lines[4].text, " lists images │"));
	render_doc_free(d);

	/* Narrow: cells wrap, every line fits and all rows keep their borders. */
	d = render_md(md, 30);
	check_doc(d, 30, false);
	assert_true(d->n > 6);
	for (size_t i = 0; i < d->n; i++)
		assert_int_equal(d->lines[i].width, d->lines[0].width);
	assert_non_null(find_line(d, "docker ps"));
	render_doc_free(d);

	/* Very narrow still fits. */
	d = render_md(md, 16);
	check_doc(d, 16, false);
	render_doc_free(d);
}

static void expect_tok(const char *line, enum hl_lang lang, int *st, const char *word,
		       enum hl_class cls)
{
	struct hl_token t[64];
	size_t n = hl_line(lang, line, strlen(line), st, t, 64);
	const char *p = strstr(line, word);

	assert_non_null(p);
	for (size_t i = 0; i < n; i++)
		if (t[i].off == (size_t)(p - line) && t[i].len == strlen(word)) {
			if (t[i].cls != cls)
				print_error("'%s' in '%s': class %d, want %d\n", word, line, t[i].cls, cls);
			assert_int_equal(t[i].cls, cls);
			return;
		}
	print_error("no token '%s' in '%s'\n", word, line);
	fail();
}

static void test_highlight(void **state)
{
	int st = 0;

	(void)state;
	assert_int_equal(hl_lang_from_info("yaml"), HL_LANG_YAML);
	assert_int_equal(hl_lang_from_info("YML title=x"), HL_LANG_YAML);
	assert_int_equal(hl_lang_from_info("Dockerfile"), HL_LANG_DOCKERFILE);
	assert_int_equal(hl_lang_from_info("bash"), HL_LANG_SHELL);
	assert_int_equal(hl_lang_from_info("console"), HL_LANG_SHELL);
	assert_int_equal(hl_lang_from_info("json"), HL_LANG_JSON);
	assert_int_equal(hl_lang_from_info("python"), HL_LANG_NONE);
	assert_int_equal(hl_lang_from_info(NULL), HL_LANG_NONE);

	expect_tok("  name: web # the name", HL_LANG_YAML, &st, "name", HL_KEY);
	expect_tok("  name: web # the name", HL_LANG_YAML, &st, "web", HL_STRING);
	expect_tok("  name: web # the name", HL_LANG_YAML, &st, "# the name", HL_COMMENT);
	expect_tok("replicas: 3", HL_LANG_YAML, &st, "3", HL_NUMBER);
	expect_tok("  - image: \"nginx:1.25\"", HL_LANG_YAML, &st, "\"nginx:1.25\"", HL_STRING);
	expect_tok("  - image: \"nginx:1.25\"", HL_LANG_YAML, &st, "image", HL_KEY);
	expect_tok("enabled: true", HL_LANG_YAML, &st, "true", HL_KEYWORD);
	expect_tok("---", HL_LANG_YAML, &st, "---", HL_PUNCT);

	st = 0;
	expect_tok("FROM alpine:3.19 AS build", HL_LANG_DOCKERFILE, &st, "FROM", HL_KEYWORD);
	expect_tok("FROM alpine:3.19 AS build", HL_LANG_DOCKERFILE, &st, "AS", HL_KEYWORD);
	expect_tok("# syntax", HL_LANG_DOCKERFILE, &st, "# syntax", HL_COMMENT);
	expect_tok("RUN apk add --no-cache curl", HL_LANG_DOCKERFILE, &st, "apk", HL_COMMAND);
	expect_tok("RUN apk add --no-cache curl", HL_LANG_DOCKERFILE, &st, "--no-cache", HL_FLAG);
	expect_tok("ENV PORT=$HOST_PORT", HL_LANG_DOCKERFILE, &st, "$HOST_PORT", HL_VARIABLE);
	expect_tok("CMD [\"nginx\", \"-g\"]", HL_LANG_DOCKERFILE, &st, "\"nginx\"", HL_STRING);
	expect_tok("EXPOSE 80", HL_LANG_DOCKERFILE, &st, "80", HL_NUMBER);
	/* A continuation line is not an instruction. */
	st = 0;
	expect_tok("RUN apt-get update && \\", HL_LANG_DOCKERFILE, &st, "RUN", HL_KEYWORD);
	assert_int_equal(st, 1);
	expect_tok("    from-here -y", HL_LANG_DOCKERFILE, &st, "-y", HL_FLAG);
	assert_int_equal(st, 0);

	st = 0;
	expect_tok("$ docker ps -a # all", HL_LANG_SHELL, &st, "$", HL_PUNCT);
	expect_tok("$ docker ps -a # all", HL_LANG_SHELL, &st, "docker", HL_COMMAND);
	expect_tok("$ docker ps -a # all", HL_LANG_SHELL, &st, "-a", HL_FLAG);
	expect_tok("$ docker ps -a # all", HL_LANG_SHELL, &st, "# all", HL_COMMENT);
	expect_tok("echo 'hi there' | grep \"$USER\"", HL_LANG_SHELL, &st, "'hi there'", HL_STRING);
	expect_tok("echo 'hi there' | grep \"$USER\"", HL_LANG_SHELL, &st, "grep", HL_COMMAND);
	expect_tok("if true; then echo; fi", HL_LANG_SHELL, &st, "if", HL_KEYWORD);
	expect_tok("export A=${B}", HL_LANG_SHELL, &st, "${B}", HL_VARIABLE);

	st = 0;
	expect_tok("{\"name\": \"web\", \"n\": 12, \"ok\": true}", HL_LANG_JSON, &st, "\"name\"", HL_KEY);
	expect_tok("{\"name\": \"web\", \"n\": 12, \"ok\": true}", HL_LANG_JSON, &st, "\"web\"", HL_STRING);
	expect_tok("{\"name\": \"web\", \"n\": 12, \"ok\": true}", HL_LANG_JSON, &st, "12", HL_NUMBER);
	expect_tok("{\"name\": \"web\", \"n\": 12, \"ok\": true}", HL_LANG_JSON, &st, "true", HL_KEYWORD);
	expect_tok("{\"name\": \"web\", \"n\": 12, \"ok\": true}", HL_LANG_JSON, &st, "{", HL_PUNCT);

	/* The renderer carries the classes into its spans. */
	struct render_doc *d = render_md("```yaml\nkind: Pod\n```\n", 40);
	const struct render_line *l = find_line(d, "kind");
	enum hl_class hl;
	assert_non_null(l);
	assert_true(attr_at(l, offset_of(l, "kind"), &hl) & RA_CODEBLOCK);
	assert_int_equal(hl, HL_KEY);
	assert_non_null(strstr(d->lines[0].text, "yaml"));
	render_doc_free(d);
}

static void test_escapes_neutralised(void **state)
{
	const char *md = "Red \x1b[31mtext\x1b[0m bell\a and \x1b]0;title\x07 tab\there\n\n"
		"```\n\x1b[2J clear\n```\n\n| a\x1b[1m | b |\n|---|---|\n| \xc2\x9b" "1m | x |\n";
	struct render_doc *d;
	char *p;

	(void)state;
	d = render_md(md, 60);
	check_doc(d, 60, false);
	assert_non_null(find_line(d, "␛[31mtext␛[0m"));
	assert_non_null(find_line(d, "␇"));
	assert_non_null(find_line(d, "␛[2J clear"));
	assert_non_null(find_line(d, "␛[1m"));
	render_doc_free(d);

	p = render_plain(md, 60);
	for (const unsigned char *q = (const unsigned char *)p; *q; q++)
		assert_true(*q >= 0x20 || *q == '\n');
	assert_non_null(strstr(p, "␛[31m"));
	free(p);
}

static void test_deep_nesting(void **state)
{
	const size_t depth = 100000;
	char *md = malloc(depth * 2 + 16);
	struct render_doc *d;
	char *p;

	(void)state;
	/* Quotes. */
	memset(md, '>', depth);
	strcpy(md + depth, " deep");
	d = render_md(md, 40);
	check_doc(d, 40, false);
	assert_non_null(find_line(d, "deep"));
	render_doc_free(d);
	p = render_plain(md, 40);
	assert_non_null(strstr(p, "deep"));
	free(p);

	/* Lists. */
	for (size_t i = 0; i < depth; i++) {
		md[2 * i] = '-';
		md[2 * i + 1] = ' ';
	}
	strcpy(md + 2 * depth, "x");
	d = render_md(md, 40);
	check_doc(d, 40, false);
	render_doc_free(d);

	/* Emphasis and links. */
	memset(md, '*', depth);
	strcpy(md + depth, "x");
	d = render_md(md, 40);
	check_doc(d, 40, false);
	render_doc_free(d);
	for (size_t i = 0; i < depth; i++)
		md[i] = "[!"[i % 2];
	strcpy(md + depth, "x");
	d = render_md(md, 40);
	check_doc(d, 40, false);
	render_doc_free(d);
	free(md);
}

static void test_plain(void **state)
{
	char *p;

	(void)state;
	p = render_plain("# Title\n\nSome **bold** text.\n\n- one\n- two\n\n"
			 "> quote\n\n```sh\ndocker ps\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
			 "![diagram](x.png)\n", 80);
	assert_string_equal(p,
			    "Title\n\nSome bold text.\n\n- one\n- two\n\n> quote\n\n"
			    "    docker ps\n\na | b\n1 | 2\n\n[image: diagram]");
	free(p);

	/* Wrapping at a width, none with width 0. */
	p = render_plain("aaa bbb ccc ddd", 8);
	assert_string_equal(p, "aaa bbb\nccc ddd");
	free(p);
	p = render_plain("aaa bbb ccc ddd", 0);
	assert_string_equal(p, "aaa bbb ccc ddd");
	free(p);
	p = render_plain(NULL, 10);
	assert_string_equal(p, "");
	free(p);
	p = render_plain("Complete: [...] alpine", 40);
	assert_string_equal(p, "Complete: [...] alpine");
	free(p);
	/* A line of backticks within three spaces closes a fence: what
	 * follows is another block (and a fence left open an empty block). */
	p = render_plain("```\na\n```\nb\n```", 40);
	assert_string_equal(p, "    a\n\nb\n\n");
	free(p);
	p = render_plain("```sh\nx\n   ```\n- a\n```", 40);
	assert_string_equal(p, "    x\n\n- a\n\n");
	free(p);
	/* another bullet starts another list */
	p = render_plain("- a\n+ b", 40);
	assert_string_equal(p, "- a\n\n- b");
	free(p);
	/* Words of ASCII and other characters, a code span cut at its
	 * spaces when it is longer than a line and kept whole when it fits,
	 * a control character's placeholder inside a word. */
	p = render_plain("Run `kubectl get pods -n kube-system` then caf\xc3\xa9s and "
			 "na\xc3\xafve\x01words, `ps -a` \xe6\x97\xa5\xe6\x9c\xac", 20);
	assert_string_equal(p, "Run kubectl get pods\n-n kube-system then\ncaf\xc3\xa9s and\n"
			       "na\xc3\xafve\xe2\x90\x81words, ps -a\n\xe6\x97\xa5\xe6\x9c\xac");
	free(p);

	/* A table row too long for the width goes on on indented lines: a
	 * line at the margin is always a new row. */
	p = render_plain("| Command | What it does |\n|---|---|\n"
			 "| `docker ps` | lists the running containers of the host |\n"
			 "| `docker images` | lists images |\n", 40);
	assert_string_equal(p,
			    "Command | What it does\n"
			    "docker ps | lists the running\n"
			    "  containers of the host\n"
			    "docker images | lists images");
	free(p);
}

/* Two renderings line for line, spans included. */
static void assert_same_doc(const struct render_doc *a, const struct render_doc *b, const char *md)
{
	if (a->n != b->n)
		print_error("%zu lines, not %zu: '%s'\n", a->n, b->n, md);
	assert_int_equal(a->n, b->n);
	for (size_t i = 0; i < a->n; i++) {
		const struct render_line *x = &a->lines[i], *y = &b->lines[i];

		if (strcmp(x->text, y->text))
			print_error("line %zu: '%s', not '%s': '%s'\n", i, x->text, y->text, md);
		assert_string_equal(x->text, y->text);
		assert_int_equal(x->width, y->width);
		assert_int_equal(x->nspans, y->nspans);
		for (size_t k = 0; k < x->nspans; k++) {
			assert_int_equal(x->spans[k].off, y->spans[k].off);
			assert_int_equal(x->spans[k].len, y->spans[k].len);
			assert_int_equal(x->spans[k].attr, y->spans[k].attr);
			assert_int_equal(x->spans[k].hl, y->spans[k].hl);
		}
	}
}

static uint64_t next_rand(uint64_t x)
{
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return x;
}

/* Words, punctuation and code spans, and now and then something at the
 * edge of plain text, appended to md; a letter first when `letter`. */
static void random_words(uint64_t *x, char *md, size_t size, bool letter)
{
	static const char *const words[] = {
		"docker", "ps", "-a", "kubectl", "get", "pods", "app:1.0", ".", ",", "?", "3",
		"10.5", "(note)", "'q'", "\"d\"", "a/b", "50%", "x@y", "+", "=", "$HOME",
		"`ps -a`", "`a`", "`*x*`", "`&lt;`", "`[a](b)`", "`|`", "supercalifragilistic",
		"`docker run -d -p 8080:80 nginx`", "`a  b`", "x`y z`w", "x`abc defg`",
		"`kubectl get`y",
	};
	static const char *const edges[] = {
		" ", "  ", "\n", "\n\n", " \n", "-", "---", "===", "1.", "1)", "#", ">",
		"*", "_", "*em*", "_em_", "[x]", "!", "&amp;", "\\", "|", "~~x~~", "é", "\t",
		"` a`", "`a `", "` a `", "`a\nb`",
	};

	if (letter)
		strncat(md, "Where", size - strlen(md) - 1);
	for (int k = (int)((*x >> 1) % 12); k >= 0; k--) {
		const char *w;

		*x = next_rand(*x);
		w = *x % 5 ? words[(*x >> 8) % ARRAY_SIZE(words)] : edges[(*x >> 8) % ARRAY_SIZE(edges)];
		if (strlen(md) + strlen(w) + 2 >= size)
			break;
		strcat(md, w);
		if (*x & (1ull << 40))
			strcat(md, " ");
	}
}

/* Up to four list items, mostly "- " and words. */
static void random_list(uint64_t *x, char *md, size_t size)
{
	static const char *const markers[] = { "- ", "- ", "- ", "- ", "-  ", "+ ", "-", "1. " };

	md[0] = '\0';
	for (int k = (int)((*x >> 3) % 4); k >= 0 && strlen(md) + 80 < size; k--) {
		*x = next_rand(*x);
		strcat(md, markers[*x % ARRAY_SIZE(markers)]);
		random_words(x, md, strlen(md) + 70, (*x >> 5) & 1);
		if (k || (*x >> 9) & 1)
			strcat(md, "\n");
	}
}

/* A fenced code block (always closed: an open one would take in what
 * follows), of lines that are code, and lines that look like fences but
 * do not close it. */
static void random_code(uint64_t *x, char *md, size_t size)
{
	static const char *const infos[] = { "", "bash", "c++", "docker-compose", "a b", "&amp;" };
	static const char *const lines[] = {
		"docker ps -a", "\tindented", "  two", "", "x = `y`", "   ```x", "    ```", "~~~",
		"a\tb\tc", "*not* [emph] _x_", "&amp; <b>", "  ", "\\", "é", "a\x01b", "x\ry",
	};
	static const char *const ends[] = { "```", "```", "``` ", "````", "   ```" };

	snprintf(md, size, "```%s\n", infos[(*x >> 3) % ARRAY_SIZE(infos)]);
	for (int k = (int)((*x >> 7) % 5); k > 0; k--) {
		*x = next_rand(*x);
		strcat(md, lines[*x % ARRAY_SIZE(lines)]);
		strcat(md, "\n");
	}
	strcat(md, ends[(*x >> 11) % ARRAY_SIZE(ends)]);
	if ((*x >> 13) & 1)
		strcat(md, "\n");
}

/* A text of words, punctuation and code spans (most questions and
 * options) is drawn without the markdown parser, and its plain rendering
 * is wrapped straight from the text: both must be as the parser reads it. The same text followed by an HTML comment, which is
 * not drawn, goes through the parser; both must give the same lines.
 * Random texts around the edges: markers at the start of a line, blank
 * lines, trailing spaces, spaces inside code spans, two code spans side
 * by side, characters that start inlines. (No run of three backticks: a
 * fence would take the comment in.) */
static void test_plain_paragraphs(void **state)
{
	static const char *const fixed[] = {
		"What does `docker ps -a` show?", "`docker compose up -d` 0", "a\nb\n",
		"a\n---", "a\n\nb", "a  \nb", "`a``b`", "`a` `b`", "`a`` b`", "x `y`\n`z` w",
	};
	uint64_t x = 0x9E3779B97F4A7C15ull;

	(void)state;
	for (int round = 0; round < 20000 + (int)ARRAY_SIZE(fixed); round++) {
		char md[512], ref[600];

		if (round < (int)ARRAY_SIZE(fixed)) {
			snprintf(md, sizeof(md), "%s", fixed[round]);
		} else {
			x = next_rand(x);
			if (x % 4 == 0)
				random_code(&x, md, sizeof(md));
			else if (x % 4 == 1)
				random_list(&x, md, sizeof(md));
			else
				random_words(&x, (md[0] = '\0', md), sizeof(md), (x >> 2) & 1);
		}
		snprintf(ref, sizeof(ref), "%s\n\n<!-- end -->", md);
		for (int w = 8; w <= 80; w *= 3) {
			struct render_doc *a = render_md(md, w), *b = render_md(ref, w);

			assert_same_doc(a, b, md);
			render_doc_free(a);
			render_doc_free(b);
		}
		for (int w = 0; w <= 27; w += w < 8 ? 8 : 3) {
			char *a = render_plain(md, w), *b = render_plain(ref, w);

			if (strcmp(a, b))
				print_error("width %d: '%s', not '%s': '%s'\n", w, a, b, md);
			assert_string_equal(a, b);
			free(a);
			free(b);
		}
	}
}

/* Random markdown-ish bytes: no crash, lines always well formed. */
static void test_random(void **state)
{
	static const char alphabet[] = "ab cd\n\n-*_`#>|[]()!{}\t1.\x1b\xc3\xa9\xe6\x97\xa5";
	uint64_t x = 88172645463325252ull;
	char s[300];

	(void)state;
	for (int round = 0; round < 1500; round++) {
		size_t len;
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		len = x % (sizeof(s) - 1);
		for (size_t i = 0; i < len; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			s[i] = alphabet[x % (sizeof(alphabet) - 1)];
		}
		s[len] = '\0';
		/* Random cuts may split a UTF-8 sequence: decode as the loader does. */
		struct text_decoded td;
		if (text_decode(s, len, &td) != TEXT_DECODE_OK)
			continue;
		int w = 8 + (int)(x % 60);
		struct render_doc *d = render_md(td.text, w);
		check_doc(d, w, true);
		render_doc_free(d);
		free(render_plain(td.text, w));
		free(td.text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wrap_accents),
		cmocka_unit_test(test_wrap_emoji_cjk),
		cmocka_unit_test(test_inline_styles),
		cmocka_unit_test(test_hanging_indent),
		cmocka_unit_test(test_code_not_wrapped),
		cmocka_unit_test(test_table_fit),
		cmocka_unit_test(test_highlight),
		cmocka_unit_test(test_escapes_neutralised),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_plain_paragraphs),
		cmocka_unit_test(test_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
