/* tabular.h - the loader for tables of cards: CSV, TSV and Anki "Notes in
 * Plain Text" exports. Private to the loader; load_buffer() dispatches. */
#ifndef DKQUIZ_TABULAR_H
#define DKQUIZ_TABULAR_H

#include <stdbool.h>
#include <stddef.h>

#include "dkquiz/load.h"

/* True when `path` ends in .csv or .tsv (any case), or the bytes start
 * (after a UTF-8 byte order mark) with Anki's "#separator:" header. */
bool tabular_wanted(const char *path, const char *bytes, size_t n);

/* Load a table the way load_buffer() loads markdown: same contract, same
 * result. Anki headers (#separator:, #html:, #tags:, #deck:, #notetype:,
 * #columns:, and the tags, deck, notetype and guid columns) are honoured
 * and HTML is reduced to text when #html:true; otherwise the first row
 * must name the columns (front, back, and optionally tags, deck, type) or
 * the columns are read as front, back, tags with a warning. Fields may be
 * quoted with double quotes as in RFC 4180 (inner quotes doubled,
 * separators and newlines inside); a quote that never closes skips its
 * row with a warning. Cells are plain text, escaped into markdown that
 * shows them as written (plaintext_to_md). One card per row, of the type
 * the type column or the note type gives (basic by default), keyed by
 * deck and front like a markdown card without an id, or by the id
 * "anki-GUID" when the note has a guid. */
int load_tabular(const char *path, const char *bytes, size_t n, const struct load_options *opt,
		 struct load_result *res);

#endif
