/* text.h - bytes to clean UTF-8, and text utilities (width, folding,
 * similarity, sanitising).
 *
 * Pure functions over byte strings; no locale dependence (widths come from
 * built-in tables, not wcwidth), so results are the same in every test.
 */
#ifndef DKQUIZ_TEXT_H
#define DKQUIZ_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What text_decode() found and did. */
struct text_decoded {
	char *text;          /* clean UTF-8, LF line ends, no BOM; caller frees */
	size_t len;
	bool had_bom;
	bool had_crlf;
	bool was_cp1252;     /* input was not UTF-8 and was decoded as Windows-1252 */
	int mojibake_lines;  /* lines repaired from MacRoman / cp1252 mojibake */
	int control_chars;   /* control characters replaced by placeholders */
	/* the first line (1-based) of each of those, 0 when there is none */
	int first_cp1252_line, first_mojibake_line, first_control_line;
};

enum text_decode_status { TEXT_DECODE_OK = 0, TEXT_DECODE_BINARY = -1 };

/* Turn raw file bytes into clean UTF-8:
 * - a NUL byte, or more than one byte in ten a C0 control other than tab,
 *   LF, CR, FF, VT and ESC (or DEL): TEXT_DECODE_BINARY (out untouched);
 * - BOM dropped (UTF-8, or UTF-16 LE/BE, which is converted; had_bom);
 *   CRLF and lone CR become LF (had_crlf is set for either);
 * - invalid UTF-8: the whole input is decoded as Windows-1252 (was_cp1252);
 *   the five bytes it leaves undefined become U+FFFD like other C1 codes;
 * - mojibake (UTF-8 that was decoded as MacRoman or Windows-1252 and saved
 *   again as UTF-8, up to three times over) is detected line by line and
 *   repaired: a line is repaired only if every run of non-ASCII characters
 *   in it re-encodes to the charset and decodes as UTF-8 to plausible
 *   characters, and the line (or, for runs that could be mathematics such
 *   as "√π", another line of the same input) is convincing on its own.
 *   The input as a whole must show the damage more than once: a run that
 *   decodes to a character of three bytes or more ("â€™" for "’"), or two
 *   runs at least; a lone "Ã‰" in correct text is left alone, and no run
 *   ever becomes U+FEFF. Correct text is never changed. This also
 *   repairs UTF-8 lines inside a file that was otherwise Windows-1252;
 * - C0/C1 control characters other than tab and newline, and escape
 *   sequences, become visible placeholders (see text_sanitize()).
 * On success out->text is always allocated (also for empty input), NUL
 * terminated, valid UTF-8; the caller frees it. Runs at memory speed on
 * clean UTF-8. */
int text_decode(const char *bytes, size_t n, struct text_decoded *out);

/* Decode one UTF-8 sequence at s (n bytes available). Stores the code point
 * (U+FFFD for an invalid sequence) and returns the bytes consumed (>= 1 when n > 0). */
size_t utf8_next(const char *s, size_t n, uint32_t *cp);
/* Append the UTF-8 encoding of cp to out (at most 4 bytes); returns the length. */
size_t utf8_put(uint32_t cp, char *out);
/* True if the n bytes are valid UTF-8 (no overlongs, surrogates or > U+10FFFF). */
bool utf8_valid(const char *s, size_t n);

/* Display columns of one code point: 0 for combining marks and zero-width
 * characters, 2 for East Asian wide/fullwidth and emoji, 1 otherwise;
 * control characters count as the width of their placeholder (1). */
int cp_width(uint32_t cp);
/* Display columns of a UTF-8 string of n bytes. */
size_t text_width(const char *s, size_t n);
/* The byte length of the longest prefix of s (n bytes) that fits in `cols`
 * columns, without splitting a character; *used receives its width. */
size_t text_fit(const char *s, size_t n, size_t cols, size_t *used);

/* Replace control characters (C0 except \t and \n, DEL, C1) by visible
 * placeholders: U+2400 + c for C0 ("␛" for ESC), "␡" for DEL, U+FFFD for C1;
 * bytes that are not valid UTF-8 become U+FFFD. Caller frees. Applied to
 * everything that comes from a user file before it is stored, printed or
 * drawn. */
char *text_sanitize(const char *s, size_t n);

/* Fold text for identity and search: lowercase (ASCII and Latin-1/Latin
 * Extended-A letters, basic Greek and Cyrillic), accents removed (also
 * combining ones; œ→oe, æ→ae, ß→ss, ł→l, ligatures and fullwidth forms to
 * ASCII), markdown markers (*_`~#>) and punctuation (both apostrophes ' and
 * ’, dashes, quotes) and pictographs/emoji become word breaks, runs of
 * white space collapse to one space, trimmed. Mathematical operators (≤ ≥ ≈
 * ...) are kept. "**Qu'est-ce que   Docker ?**" → "qu est ce que docker".
 * Caller frees. */
char *text_fold(const char *s);

/* Similarity of two strings in [0, 1] (1 = equal) after text_fold():
 * 1 - edit distance / length of the longer, over characters, or over words
 * when both are longer than 200 characters. Two empty strings are equal. */
double text_similarity(const char *a, const char *b);

/* Lowercase hex SHA-256 of n bytes into out (65 bytes with the NUL).
 * Thread-safe. */
void sha256_hex(const void *data, size_t n, char out[65]);

/* Use the processor's SHA instructions when it has them (on, the default)
 * or the portable code (off). Returns true when the instructions are used.
 * For tests, which compare the two; not to be called while hashing. */
bool sha256_use_hardware(bool on);

/* Trim ASCII white space at both ends, in place; returns s. */
char *text_trim(char *s);

#endif
