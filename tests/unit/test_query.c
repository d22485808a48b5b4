/* test_query.c - the card query language: free words and filter words. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "dkquiz/query.h"

static void parse_ok(const char *s, struct card_query *q)
{
	char *err = NULL;

	assert_int_equal(card_query_parse(s, q, &err), 0);
	assert_null(err);
}

static void test_words_only(void **state)
{
	struct card_query q;

	(void)state;
	parse_ok("  docker   run\t-d ", &q);
	assert_string_equal(q.words, "docker run -d");
	assert_int_equal(q.ndecks + q.ntags, 0);
	assert_int_equal(q.flags, 0);
	assert_false(card_query_empty(&q));
	card_query_release(&q);

	parse_ok(NULL, &q);
	assert_null(q.words);
	assert_true(card_query_empty(&q));
	card_query_release(&q);

	parse_ok("   ", &q);
	assert_true(card_query_empty(&q));
	card_query_release(&q);
}

static void test_filters_and_words(void **state)
{
	struct card_query q;

	(void)state;
	parse_ok("deck:Docker::Images layer tag:build IS:New is:suspended cache", &q);
	assert_string_equal(q.words, "layer cache");
	assert_int_equal(q.ndecks, 1);
	assert_string_equal(q.decks[0], "Docker::Images");
	assert_int_equal(q.ntags, 1);
	assert_string_equal(q.tags[0], "build");
	assert_int_equal(q.flags, QUERY_NEW | QUERY_SUSPENDED);
	card_query_release(&q);
	assert_null(q.words);
	assert_null(q.decks);

	/* Filters only: no words, not empty. */
	parse_ok("is:leech Tag:net tag:docker", &q);
	assert_null(q.words);
	assert_int_equal(q.ntags, 2);
	assert_string_equal(q.tags[1], "docker");
	assert_int_equal(q.flags, QUERY_LEECH);
	assert_false(card_query_empty(&q));
	card_query_release(&q);

	parse_ok("is:learning is:review is:retired", &q);
	assert_int_equal(q.flags, QUERY_LEARNING | QUERY_REVIEW | QUERY_RETIRED);
	card_query_release(&q);
}

/* A '-' right before a filter negates it; before anything else it stays in
 * the word. */
static void test_negated_filters(void **state)
{
	struct card_query q;

	(void)state;
	parse_ok("-tag:slow -deck:\"Old notes\" -IS:leech is:new -is:suspended pods -v -x:y", &q);
	assert_int_equal(q.nnot_tags, 1);
	assert_string_equal(q.not_tags[0], "slow");
	assert_int_equal(q.nnot_decks, 1);
	assert_string_equal(q.not_decks[0], "Old notes");
	assert_int_equal(q.not_flags, QUERY_LEECH | QUERY_SUSPENDED);
	assert_int_equal(q.flags, QUERY_NEW);
	assert_int_equal(q.ntags + q.ndecks, 0);
	assert_string_equal(q.words, "pods -v -x:y");
	card_query_release(&q);
	assert_null(q.not_tags);

	parse_ok("-is:new", &q);
	assert_false(card_query_empty(&q));
	assert_null(q.words);
	card_query_release(&q);
}

static void test_quoted_values(void **state)
{
	struct card_query q;

	(void)state;
	parse_ok("deck:\"Volumes and networks\" bind", &q);
	assert_int_equal(q.ndecks, 1);
	assert_string_equal(q.decks[0], "Volumes and networks");
	assert_string_equal(q.words, "bind");
	card_query_release(&q);

	/* An unterminated quote runs to the end. */
	parse_ok("tag:\"a b", &q);
	assert_string_equal(q.tags[0], "a b");
	assert_null(q.words);
	card_query_release(&q);
}

/* Words that look like syntax stay words; the store quotes them. */
static void test_other_colons_are_words(void **state)
{
	struct card_query q;

	(void)state;
	parse_ok("http://x kubectl: NEAR( \"a* -b decks:x isnew:y", &q);
	assert_string_equal(q.words, "http://x kubectl: NEAR( \"a* -b decks:x isnew:y");
	assert_int_equal(q.ndecks + q.ntags, 0);
	assert_int_equal(q.flags, 0);
	card_query_release(&q);
}

static void test_errors(void **state)
{
	static const char *const bad[] = {
		"is:old", "docker is:", "is:new is:NEWS", "deck:", "deck:\"\"", "tag: net", "tag:\" \"",
	};
	struct card_query q;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *err = NULL;

		assert_int_equal(card_query_parse(bad[i], &q, &err), -1);
		assert_non_null(err);
		assert_true(card_query_empty(&q));
		assert_null(q.decks);
		free(err);
	}
	{
		char *err = NULL;

		assert_int_equal(card_query_parse("x is:old", &q, &err), -1);
		assert_non_null(strstr(err, "'is:old'"));
		assert_non_null(strstr(err, "suspended"));
		free(err);
	}
}

static void test_flag_names(void **state)
{
	(void)state;
	assert_string_equal(card_query_flag_name(QUERY_NEW), "new");
	assert_string_equal(card_query_flag_name(QUERY_RETIRED), "retired");
	assert_null(card_query_flag_name(QUERY_NEW | QUERY_LEECH));
	assert_null(card_query_flag_name(0));
	/* The cycle visits each flag once, then nothing. */
	{
		unsigned seen = 0;

		for (int i = 0; i < QUERY_FLAG_COUNT; i++) {
			unsigned f = card_query_flag_at(i);

			assert_non_null(card_query_flag_name(f));
			assert_int_equal(seen & f, 0);
			seen |= f;
		}
		assert_int_equal(card_query_flag_at(-1), 0);
		assert_int_equal(card_query_flag_at(QUERY_FLAG_COUNT), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_only),
		cmocka_unit_test(test_filters_and_words),
		cmocka_unit_test(test_negated_filters),
		cmocka_unit_test(test_quoted_values),
		cmocka_unit_test(test_other_colons_are_words),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_flag_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
