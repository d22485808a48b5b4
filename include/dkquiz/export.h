/* export.h - cards to text: CSV (RFC 4180), Anki "Notes in Plain Text"
 * TSV, the canonical markdown of dkquiz(5), and the FSRS optimiser's
 * review log CSV.
 *
 * Pure: everything is appended to a struct buf; the caller writes it out.
 */
#ifndef DKQUIZ_EXPORT_H
#define DKQUIZ_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dkquiz/card.h"
#include "dkquiz/util.h"

/* Append one field separated by `sep` (',' or '\t'). The field is quoted
 * with double quotes, inner quotes doubled, when it holds `sep`, a quote, a
 * CR or LF, starts with '#' (a comment line to Anki), or starts or ends
 * with a space; else it is written as it is. This is RFC 4180 for ',' and
 * what Anki reads for '\t'. */
void export_field(struct buf *out, const char *s, char sep);

/* A card's front and back as the plain text a table holds: what the card
 * shows (plaintext_from_md), which the import of a table escapes back into
 * markdown. The back of a typed card is the command to type; the back of
 * a multiple-choice card is its options as a task
 * list ("- [x] right", "- [ ] wrong", the lines of an option indented by
 * two spaces), then, after a blank line, its back when the right options
 * do not make it. Caller frees. */
char *export_plain_front(const struct card *c);
char *export_plain_back(const struct card *c);

/* The CSV header "front,back,tags,deck,type" and one card as a CSV row of
 * plain text (export_plain_front, export_plain_back), each ended by CRLF
 * as RFC 4180 asks. Imported again, a row gives a card of the same type
 * showing the same text. */
void export_csv_header(struct buf *out);
void export_csv_row(struct buf *out, const struct card *c);

/* The three header lines Anki reads ("#separator:tab", "#html:true",
 * "#tags column:3") and one card as a TSV row (front, back, tags), ended
 * by LF. Front and back are HTML on one line (plaintext_html_from_md), so
 * that Anki shows their lines, lists and code as dkquiz does; a
 * multiple-choice card shows its options without marks on the front and
 * the right ones on the back. */
void export_tsv_header(struct buf *out);
void export_tsv_row(struct buf *out, const struct card *c);

/* The id written in the markdown for a card key: NAME for "id:NAME" and
 * "id:NAME@LANG", a cloze or reversed suffix (#c1, #r) and a duplicate
 * suffix (~N) dropped, characters an id cannot hold as '-'. NULL for a
 * hash key ("h:HEX"): the loader makes it again from the deck and the
 * front, which the markdown keeps, and an id would make another key.
 * Caller frees. */
char *export_md_id(const char *key);

/* Split the cards of one deck between two files when they need two:
 * reversed[i] is true for the basic cards that have a reversed card among
 * `cards` and for those reversed cards (a file with reverse: true), false
 * for the others (a file without it), which would otherwise gain a
 * reversed card. `reversed` holds n entries. */
void export_md_groups(const struct card *const *cards, size_t n, bool *reversed);

/* Append the cards of ONE deck in the canonical markdown of dkquiz(5):
 * front matter (deck; the tags every card has; the language of the id
 * keys; reverse: true when a basic card of them has its reversed card
 * among them; type: basic when a basic card's answer would be read as a
 * typed one and no card is typed), the breadcrumb as section headings (at
 * most four levels), then per card a tags comment with the tags the front
 * matter leaves out, an id comment for an id key, and a question heading,
 * or Front and Back label headings for a front that a heading would not
 * give back (several lines, escapes, a label word, a question number, no
 * "?" and no id); options as a task list, typed answers as code spans,
 * the cards of a cloze note joined back into one text with {{cN::...}}
 * gaps (when that cannot be done exactly the cards are written as basic
 * cards); the back of a basic card kept from reading as options or a
 * cloze. Reversed cards with their basic card are not written: reverse:
 * true makes them again. Importing the output gives cards of the same
 * keys, types, fronts, backs and tags, and exporting them again gives the
 * same bytes. `cards` are in file order; n may be 0 (nothing is
 * written). */
void export_md_deck(struct buf *out, const struct card *const *cards, size_t n);

/* One review as a row of the FSRS optimiser's CSV
 * (card_id,review_time,review_rating,review_state,review_duration), and
 * its header line; rows end with LF. */
void export_reviews_header(struct buf *out);
void export_review_row(struct buf *out, int64_t card, int64_t at_ms, int rating, int state,
		       int64_t duration_ms);

#endif
