/* json.h - JSON text output into a struct buf.
 *
 * Only what the program writes: strings escaped per RFC 8259 and a few
 * helpers for objects written field by field. Nothing here parses JSON.
 */
#ifndef DKQUIZ_JSON_H
#define DKQUIZ_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "dkquiz/util.h"

/* Append `s` (n bytes of UTF-8) to `out` as a quoted JSON string: '"', '\\'
 * and control characters are escaped (\n, \t, \r, \b, \f, else \u00XX),
 * U+2028 and U+2029 too (so the output is also valid JavaScript); bytes that
 * are not valid UTF-8 become U+FFFD. */
void json_add_strn(struct buf *out, const char *s, size_t n);
/* The same for a NUL-terminated string; NULL is written as null. */
void json_add_string(struct buf *out, const char *s);

/* Object helpers: json_add_key() writes `,"key":` (the comma only when
 * `*first` is false, which it then becomes). Open and close the braces
 * yourself. */
void json_add_key(struct buf *out, bool *first, const char *key);
void json_add_field_str(struct buf *out, bool *first, const char *key, const char *val);
void json_add_field_int(struct buf *out, bool *first, const char *key, long long val);
void json_add_field_bool(struct buf *out, bool *first, const char *key, bool val);

#endif
