/* test_fuzz_regressions.c - replay every input the fuzzers ever found a
 * fault with (tests/fuzz/regressions/), through the same calls the fuzz
 * targets make, so that a fault once fixed stays fixed. Run under `make san`
 * and `make valgrind` these also catch a returning leak or overflow.
 *
 * Files named answer-* go to the typed-answer checker (split at the first
 * NUL, or in the middle); every other file goes to load_buffer().
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dkquiz/answer.h"
#include "dkquiz/load.h"
#include "dkquiz/util.h"

static char *fixture_dir(void)
{
	const char *src = getenv("DKQUIZ_SRC");

	return xasprintf("%s/tests/fuzz/regressions", src && *src ? src : ".");
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char tmp[8192];
	size_t got;

	assert_non_null(f);
	while ((got = fread(tmp, 1, sizeof(tmp), f)) > 0)
		buf_add(&b, tmp, got);
	fclose(f);
	*n = b.len;
	buf_grow(&b, 1); /* an allocated buffer also for an empty file */
	return buf_detach(&b);
}

static void replay_load(const char *name, const char *bytes, size_t n)
{
	struct load_result res = { 0 };

	if (load_buffer(name, bytes, n, NULL, &res) == 0)
		load_result_release(&res);
}

static void replay_answer(const char *bytes, size_t n)
{
	const char *nul = memchr(bytes, 0, n);
	size_t cut = nul ? (size_t)(nul - bytes) : n / 2;
	char *typed = xstrndup(bytes, cut);
	char *expected = nul ? xstrndup(bytes + cut + 1, n - cut - 1)
			     : xstrndup(bytes + cut, n - cut);
	struct answer_diff d = { 0 };
	char *a = answer_normalize(typed), *b = answer_normalize(expected);

	if (answer_matches(typed, expected))
		assert_string_equal(a, b);
	answer_diff(typed, expected, &d);
	answer_diff_release(&d);
	free(a);
	free(b);
	free(typed);
	free(expected);
}

static void test_replay_all(void **state)
{
	char *dir = fixture_dir();
	DIR *d = opendir(dir);
	struct dirent *e;
	int count = 0;

	(void)state;
	if (!d) {
		free(dir);
		skip();
	}
	while ((e = readdir(d)) != NULL) {
		char *path;
		char *bytes;
		size_t n;

		if (e->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		bytes = slurp(path, &n);
		if (!strncmp(e->d_name, "answer-", 7))
			replay_answer(bytes, n);
		else
			replay_load(e->d_name, bytes, n);
		free(bytes);
		free(path);
		count++;
	}
	closedir(d);
	free(dir);
	assert_true(count > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replay_all),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
