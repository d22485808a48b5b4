/* test_content.c - the bundled deck: it loads without a warning, it is big
 * enough for an exam (cards, multiple choice, typed, cloze), every card has
 * an explicit id, French and English have the same ids, and in each language
 * some cloze cards are written over each kind of snippet the course uses: a
 * Dockerfile, a Compose file and a Kubernetes manifest. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dkquiz/load.h"
#include "dkquiz/util.h"

struct lang_stats {
	size_t cards, mcq, typed, cloze, warnings;
	size_t cloze_dockerfile, cloze_compose, cloze_k8s;
	char **ids;
	size_t nids, cap;
};

static const char *src_dir(void)
{
	const char *s = getenv("DKQUIZ_SRC");

	return s && *s ? s : ".";
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The kinds of snippet found in the fenced code blocks of a markdown text. */
enum {
	SNIP_DOCKERFILE = 1 << 0, /* a line starting with FROM, RUN or COPY */
	SNIP_COMPOSE = 1 << 1,    /* a top-level "services:" line */
	SNIP_K8S = 1 << 2,        /* top-level "apiVersion:" and "kind:" lines in one block */
};

/* Does the line [s, s + n) start with `word`, followed by a blank or its end? */
static int starts_with_word(const char *s, size_t n, const char *word)
{
	size_t w = strlen(word);

	return n >= w && memcmp(s, word, w) == 0 && (n == w || s[w] == ' ' || s[w] == '\t');
}

/* Is the line [s, s + n) a code fence (``` or ~~~, indented by at most 3 spaces)? */
static int is_fence(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && i < 3 && s[i] == ' ')
		i++;
	return n - i >= 3 && (memcmp(s + i, "```", 3) == 0 || memcmp(s + i, "~~~", 3) == 0);
}

static int snippet_kinds(const char *md)
{
	int kinds = 0, in_code = 0, api = 0, kind = 0;
	const char *s = md;

	while (s && *s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);

		if (is_fence(s, n)) {
			if (in_code && api && kind)
				kinds |= SNIP_K8S;
			in_code = !in_code;
			api = kind = 0;
		} else if (in_code) {
			if (starts_with_word(s, n, "FROM") || starts_with_word(s, n, "RUN") ||
			    starts_with_word(s, n, "COPY"))
				kinds |= SNIP_DOCKERFILE;
			if (starts_with_word(s, n, "services:"))
				kinds |= SNIP_COMPOSE;
			api |= starts_with_word(s, n, "apiVersion:");
			kind |= starts_with_word(s, n, "kind:");
		}
		s = nl ? nl + 1 : NULL;
	}
	return kinds;
}

static void test_snippet_kinds(void **state)
{
	(void)state;
	assert_int_equal(snippet_kinds(""), 0);
	/* Outside a code block, or indented, a keyword does not count. */
	assert_int_equal(snippet_kinds("FROM python:3.12\nservices:\napiVersion: v1\nkind: Pod\n"), 0);
	assert_int_equal(snippet_kinds("```\n  FROM x\n```\n"), 0);
	assert_int_equal(snippet_kinds("```dockerfile\nFROMAGE x\n```\n"), 0);
	assert_int_equal(snippet_kinds("```dockerfile\nWORKDIR /srv\nCOPY . .\n```\n"), SNIP_DOCKERFILE);
	assert_int_equal(snippet_kinds("```yaml\nservices:\n  api:\n    image: x\n```"), SNIP_COMPOSE);
	/* A Kubernetes manifest needs both apiVersion and kind in the same block. */
	assert_int_equal(snippet_kinds("```yaml\napiVersion: v1\n```\n```yaml\nkind: Pod\n```\n"), 0);
	assert_int_equal(snippet_kinds("```yaml\napiVersion: v1\nkind: Service\n```\n"), SNIP_K8S);
	assert_int_equal(snippet_kinds("~~~\nRUN make\n~~~\n```yaml\nkind: Pod\napiVersion: v1\n```\n"),
			 SNIP_DOCKERFILE | SNIP_K8S);
}

static void load_lang(const char *lang, struct lang_stats *st)
{
	char *dir = xasprintf("%s/content/%s", src_dir(), lang);
	char **files = NULL;
	bool incomplete;
	int n = load_collect(&dir, 1, &files, &incomplete);
	char suffix[8];

	snprintf(suffix, sizeof(suffix), "@%s", lang);
	memset(st, 0, sizeof(*st));
	assert_false(incomplete);
	assert_true(n >= 16);
	for (int i = 0; i < n; i++) {
		struct load_result r;

		assert_int_equal(load_file(files[i], NULL, &r), 0);
		for (size_t w = 0; w < r.nwarnings; w++)
			print_message("%s:%d: warning: %s\n", files[i], r.warnings[w].line, r.warnings[w].msg);
		st->warnings += r.nwarnings;
		assert_non_null(r.lang);
		assert_string_equal(r.lang, lang);
		for (size_t k = 0; k < r.ncards; k++) {
			const struct card *c = &r.cards[k];
			size_t len = strlen(c->key);

			st->cards++;
			st->mcq += c->type == CARD_MCQ;
			st->typed += c->type == CARD_TYPED;
			st->cloze += c->type == CARD_CLOZE;
			if (c->type == CARD_CLOZE) {
				/* The back holds the whole text, gaps filled in. */
				int kinds = snippet_kinds(c->back);

				st->cloze_dockerfile += (kinds & SNIP_DOCKERFILE) != 0;
				st->cloze_compose += (kinds & SNIP_COMPOSE) != 0;
				st->cloze_k8s += (kinds & SNIP_K8S) != 0;
			}
			if (strncmp(c->key, "id:", 3) != 0)
				print_message("%s:%d: card without an id\n", files[i], c->line);
			assert_true(strncmp(c->key, "id:", 3) == 0);
			/* "id:NAME@lang" or "id:NAME@lang#c1": drop the language. */
			{
				char *at = strstr(c->key, suffix);
				struct buf b = BUF_INIT;

				assert_non_null(at);
				buf_add(&b, c->key, (size_t)(at - c->key));
				buf_adds(&b, at + strlen(suffix));
				(void)len;
				XGROW(st->ids, st->nids + 1, st->cap);
				st->ids[st->nids++] = buf_detach(&b);
			}
		}
		load_result_release(&r);
		free(files[i]);
	}
	free(files);
	free(dir);
	qsort(st->ids, st->nids, sizeof(*st->ids), cmp_str);
}

static void free_stats(struct lang_stats *st)
{
	for (size_t i = 0; i < st->nids; i++)
		free(st->ids[i]);
	free(st->ids);
}

static void test_bundled_deck(void **state)
{
	struct lang_stats en, fr;

	(void)state;
	load_lang("en", &en);
	load_lang("fr", &fr);
	print_message("# en: %zu cards, %zu mcq, %zu typed, %zu cloze\n", en.cards, en.mcq, en.typed, en.cloze);
	print_message("# fr: %zu cards, %zu mcq, %zu typed, %zu cloze\n", fr.cards, fr.mcq, fr.typed, fr.cloze);
	print_message("# en cloze over: %zu Dockerfile, %zu Compose, %zu Kubernetes\n",
		      en.cloze_dockerfile, en.cloze_compose, en.cloze_k8s);
	print_message("# fr cloze over: %zu Dockerfile, %zu Compose, %zu Kubernetes\n",
		      fr.cloze_dockerfile, fr.cloze_compose, fr.cloze_k8s);
	assert_int_equal(en.warnings, 0);
	assert_int_equal(fr.warnings, 0);
	assert_true(en.cards >= 400);
	assert_true(fr.cards >= 400);
	assert_true(en.mcq >= 100);
	assert_true(fr.mcq >= 100);
	assert_true(en.typed >= 40);
	assert_true(fr.typed >= 40);
	assert_true(en.cloze >= 10);
	assert_true(fr.cloze >= 10);
	/* Cloze cards over each kind of snippet, in both languages. */
	assert_true(en.cloze_dockerfile >= 1);
	assert_true(fr.cloze_dockerfile >= 1);
	assert_true(en.cloze_compose >= 1);
	assert_true(fr.cloze_compose >= 1);
	assert_true(en.cloze_k8s >= 1);
	assert_true(fr.cloze_k8s >= 1);
	/* The same ids, each once. */
	assert_int_equal(en.nids, fr.nids);
	for (size_t i = 0; i < en.nids; i++) {
		if (strcmp(en.ids[i], fr.ids[i]) != 0)
			print_message("en %s vs fr %s\n", en.ids[i], fr.ids[i]);
		assert_string_equal(en.ids[i], fr.ids[i]);
		if (i)
			assert_string_not_equal(en.ids[i - 1], en.ids[i]);
	}
	free_stats(&en);
	free_stats(&fr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_snippet_kinds),
		cmocka_unit_test(test_bundled_deck),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
