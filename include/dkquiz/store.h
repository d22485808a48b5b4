/* store.h - the SQLite database: cards, their scheduling state, the review
 * log, settings.
 *
 * The only module that includes sqlite3.h. STRICT tables, foreign keys on,
 * WAL, synchronous=NORMAL, a busy timeout; prepared statements only; one
 * transaction per imported file and per answer. The schema is versioned with
 * PRAGMA user_version and upgraded by ordered migrations.
 */
#ifndef DKQUIZ_STORE_H
#define DKQUIZ_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dkquiz/load.h"
#include "dkquiz/session.h"

#define STORE_VERSION 2

struct store;

enum store_open_flags {
	STORE_CREATE = 1,     /* create the file (and its folder) when missing */
	STORE_READONLY = 2,   /* the command only reads: a read-only file is fine */
};

/* Open (creating when asked) and upgrade the database at `path`. Returns 0,
 * or -1 after printing an error: not a dkquiz database (the file is left
 * untouched), made by a newer dkquiz, read-only, locked, unreadable. */
int store_open(const char *path, int flags, struct store **out);
void store_close(struct store *st);
const char *store_path(const struct store *st);

/* The schema version of an open database (for tests). */
int store_version(struct store *st);

/* Total cards (retired included) — tells a first run. */
int store_card_count(struct store *st, int64_t *n);

/* ---- import ---- */

struct import_stats {
	int new_cards, updated, unchanged, retired, deleted, warnings;
	bool skipped;          /* the file was unchanged since its last import */
};

/* True (1) if the file at absolute path `abs` was imported with this sha256;
 * 0 if not; -1 on error. */
int store_file_unchanged(struct store *st, const char *abs, const char *sha256);

/* Import the cards of one loaded file in one transaction: cards matched by
 * key are updated (history kept); a reworded question (similarity >= 0.8 with
 * a card that vanished from the same file) keeps that card's history; cards
 * gone from the file are retired; with `prune`, retired cards of the file
 * are deleted. With `dry_run` the transaction is rolled back. `abs` is the
 * file's absolute path. Returns 0, or -1 with the database unchanged. */
int store_import(struct store *st, const char *abs, const struct load_result *res,
		 int64_t now, bool prune, bool dry_run, struct import_stats *out);

/* ---- review ---- */

/* Which cards a session or a count looks at. */
struct selection {
	const char *deck;      /* this deck and its subdecks ("A" matches "A::B"), or NULL */
	const char *tag;       /* cards carrying this tag, or NULL */
	const char *file;      /* cards from this file (absolute path), or NULL */
	bool failed_since;     /* with since_ms: only cards answered Again since then */
	int64_t since_ms;
	bool limit_new;        /* only the first new_limit new cards that are not
				  suspended (the cards with a schedule all come) */
	int new_limit;
};

/* Load the live (not retired) cards of a selection, in deck/file order,
 * with their state (a card never reviewed gets a new state due at its
 * creation). Caller frees with sess_cards_free(). */
int store_load_cards(struct store *st, const struct selection *sel,
		     struct sess_card **out, size_t *n);
void sess_cards_free(struct sess_card *c, size_t n);

/* Reload one card's text (after an edit). Returns 0, 1 if it is gone, -1. */
int store_reload_card(struct store *st, struct sess_card *c);

/* session_ops on top of the store (ctx is the struct store). */
extern const struct session_ops store_session_ops;
int store_commit_review(void *st, struct review_rec *r);
int store_undo_review(void *st, const struct review_rec *r);
int store_set_suspended(void *st, int64_t card_id, bool on);
int store_set_buried(void *st, int64_t card_id, int64_t until_ms);

/* New cards first reviewed, and normal reviews made, since `since_ms`. */
int store_count_since(struct store *st, int64_t since_ms, int *new_cards, int *reviews);

/* The mean answer time in seconds of recent normal reviews (the last 30
 * days before `now`, each capped at 60 s so that a break does not count),
 * for new cards and for the others. A kind with fewer than 10 answers keeps
 * the value passed in. Returns 0 or -1. */
int store_answer_seconds(struct store *st, int64_t now, double *new_secs, double *review_secs);

/* Note keys (siblings) of cards reviewed since `since_ms`: one string per
 * note, caller frees each and the array. */
int store_notes_reviewed_since(struct store *st, int64_t since_ms, char ***out, size_t *n);

/* ---- decks ---- */

struct deck_info {
	char *name;
	int total, new_cards, learning, review, due, suspended, retired;
};
/* Every deck with counts at `now` (`due` = review cards due before
 * `day_end`, `learning` = learning cards due before now). */
int store_decks(struct store *st, int64_t now, int64_t day_end,
		struct deck_info **out, size_t *n);
void deck_info_free(struct deck_info *d, size_t n);

/* ---- settings ---- */

/* The value of `key` (caller frees), or NULL when unset. */
char *store_get_setting(struct store *st, const char *key);
/* Set (value non-NULL) or delete (NULL) a setting. Returns 0 or -1. */
int store_set_setting(struct store *st, const char *key, const char *value);

/* ---- queries: search, statistics, export, backup ---- */

/* The FTS5 MATCH expression for the words a user typed: every word (a run
 * of characters other than white space) becomes a quoted string with its
 * double quotes doubled and a `*` after it, so that each word is a prefix
 * and no FTS5 syntax character (" * ^ : ( ) - + NEAR AND OR NOT) can cause
 * an error; the words are ANDed. Returns NULL when `words` holds no word.
 * Pure; caller frees. */
char *store_fts_query(const char *words);

struct search_hit {
	int64_t id;
	char *key, *deck, *file, *front, *back, *tags;
	int line;
};

/* Full-text search of the live cards over front, back and tags (prefix
 * words, accents folded by the tokenizer), best match first, in `deck` and
 * its subdecks when not NULL, at most `limit` hits (<= 0: no limit).
 * Returns 0 with *out and *n filled (free with search_hits_free; *n may be 0),
 * or -1 after printing an error. */
int store_search(struct store *st, const char *words, const char *deck, int limit,
		 struct search_hit **out, size_t *n);
void search_hits_free(struct search_hit *h, size_t n);

/* One row of the review log. */
struct review_row {
	int64_t card;
	int64_t at_ms;
	int64_t duration_ms;
	int rating;           /* 1..4 */
	int state_before;     /* enum fsrs_state */
	int mode;             /* enum review_mode */
	int scheduled_days;   /* the interval the answer gave, in days */
};

/* The review log in time order (then by row id): rows at or after
 * `since_ms`, of cards in `deck` and its subdecks when not NULL, of every
 * mode or only normal ones. Caller frees *out. Returns 0 or -1. */
int store_review_log(struct store *st, const char *deck, int64_t since_ms, bool normal_only,
		     struct review_row **out, size_t *n);

/* The retired cards (gone from their file, history kept) of `deck` and its
 * subdecks, or of every deck when NULL, into *n. Returns 0 or -1. */
int store_count_retired(struct store *st, const char *deck, int *n);

/* The review log of one card, oldest first (by time, then row id); every
 * mode. Caller frees *out. Returns 0 or -1. */
int store_card_reviews(struct store *st, int64_t card, struct review_row **out, size_t *n);

/* The live cards of `deck` and its subdecks (every deck when NULL), with
 * their state, ordered by deck name, then file and position: what export
 * writes. Unlike store_load_cards() the card's shape is filled too. Free
 * with sess_cards_free(). Returns 0 or -1. */
int store_export_cards(struct store *st, const char *deck, struct sess_card **out, size_t *n);

/* Copy the database to `dest` with SQLite's online backup, consistent even
 * while another process reads or writes it. The copy is written next to
 * `dest` under a temporary name, switched to a rollback journal (one
 * self-contained file, mode 0600) and renamed into place. An existing
 * `dest` is refused unless `force`. Returns 0, or -1 after printing an
 * error (no partial file is left behind). */
int store_backup(struct store *st, const char *dest, bool force);

#endif
