/* test_content.c - the bundled deck: it loads without a warning, it is big
 * enough for an exam (cards, multiple choice, typed, cloze), every card has
 * an explicit id, and French and English have the same ids. */
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

static void load_lang(const char *lang, struct lang_stats *st)
{
	char *dir = xasprintf("%s/content/%s", src_dir(), lang);
	char **files = NULL;
	int n = load_collect(&dir, 1, &files);
	char suffix[8];

	snprintf(suffix, sizeof(suffix), "@%s", lang);
	memset(st, 0, sizeof(*st));
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
		cmocka_unit_test(test_bundled_deck),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
