/* query.h - the card query language of `dkquiz search` and the browse
 * screen: free words for the full-text index, and filter words.
 *
 *   deck:NAME      the deck NAME and its subdecks
 *   tag:NAME       cards carrying the tag NAME
 *   is:new  is:learning  is:review      the card's scheduling state
 *   is:leech  is:suspended  is:retired  its flags
 *
 * A filter with a '-' before it is negated: -tag:NAME, cards without the
 * tag; -is:leech, cards that are not leeches; -deck:NAME, cards outside the
 * deck and its subdecks.
 *
 * Filters and words are all required (AND). A value holding spaces is
 * quoted: deck:"Docker basics". The filter names and the is: values ignore
 * case; deck and tag names are compared folded (case and accents ignored,
 * as text_fold() does, each "::" level apart). Retired cards (gone from
 * their file) are left out unless is:retired asks for them. Any other word,
 * "http://x" or "kubectl:" included, is a word to search for.
 *
 * Pure: no I/O. The store turns a parsed query into SQL (store.h).
 */
#ifndef DKQUIZ_QUERY_H
#define DKQUIZ_QUERY_H

#include <stdbool.h>
#include <stddef.h>

enum query_flag {
	QUERY_NEW       = 1 << 0,
	QUERY_LEARNING  = 1 << 1,   /* learning or relearning */
	QUERY_REVIEW    = 1 << 2,
	QUERY_LEECH     = 1 << 3,
	QUERY_SUSPENDED = 1 << 4,
	QUERY_RETIRED   = 1 << 5,
};

#define QUERY_FLAG_COUNT 6

struct card_query {
	char *words;       /* the free words, separated by one space; NULL: none */
	char **decks;      /* deck: values, as typed */
	size_t ndecks;
	char **tags;       /* tag: values, as typed */
	size_t ntags;
	unsigned flags;    /* enum query_flag bits, every one required */
	char **not_decks;  /* -deck: values */
	size_t nnot_decks;
	char **not_tags;   /* -tag: values */
	size_t nnot_tags;
	unsigned not_flags; /* -is: bits, every one excluded */
};

/* Parse `s` (NULL is an empty query) into `q`. Returns 0 with `q` filled
 * (release it with card_query_release), or -1 with `q` empty and *err set
 * to a translated message without the "dkquiz: " prefix ("unknown filter
 * 'is:old' ..."), which the caller frees. */
int card_query_parse(const char *s, struct card_query *q, char **err);

/* Free what `q` holds and leave it empty. */
void card_query_release(struct card_query *q);

/* True when `q` has neither words nor filters. */
bool card_query_empty(const struct card_query *q);

/* The is: name of one flag ("new" for QUERY_NEW), or NULL for a value that
 * is not a single flag. The names are the syntax: never translated. */
const char *card_query_flag_name(unsigned flag);

/* The flags in the order the browse screen cycles them: index 0 ..
 * QUERY_FLAG_COUNT - 1. */
unsigned card_query_flag_at(int i);

#endif
