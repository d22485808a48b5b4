/* fuzz_answer.c - libFuzzer target: the typed-answer checker.
 *
 * The input is split in two at its first NUL byte (or in the middle when
 * there is none): the typed command and the expected one. Both go through
 * answer_matches(), answer_normalize() and answer_diff(), whose contract
 * is to accept any bytes with work bounded by the input length.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dkquiz/answer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *dup_bytes(const uint8_t *p, size_t n)
{
	char *s = malloc(n + 1);

	if (!s)
		abort();
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t cut = nul ? (size_t)(nul - data) : size / 2;
	/* skip the NUL itself; a NUL inside the second half ends it, which is
	 * what a C string would do anyway */
	char *typed = dup_bytes(data, cut);
	char *expected = nul ? dup_bytes(data + cut + 1, size - cut - 1)
			     : dup_bytes(data + cut, size - cut);
	struct answer_diff d = { 0 };
	char *a, *b;
	bool m;

	m = answer_matches(typed, expected);
	a = answer_normalize(typed);
	b = answer_normalize(expected);
	/* Commands that match must print the same normal form. (The converse
	 * does not hold: the printed form does not quote, so `echo 'a b'` and
	 * `echo a b` print alike but are different commands.) */
	if (m && strcmp(a, b) != 0)
		abort();
	answer_diff(typed, expected, &d);
	answer_diff_release(&d);
	free(a);
	free(b);
	free(typed);
	free(expected);
	return 0;
}
