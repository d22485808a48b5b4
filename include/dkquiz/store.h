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
#include "dkquiz/query.h"
#include "dkquiz/session.h"

#define STORE_VERSION 9

struct store;

enum store_open_flags {
	STORE_CREATE = 1,     /* create the file (and its folder) when missing */
	STORE_READONLY = 2,   /* the command only reads: a read-only file, or a
				 file in a read-only folder, is read without
				 making anything beside it */
};

/* Open (creating when asked) and upgrade the database at `path`. Returns 0,
 * or -1 after printing an error: not a dkquiz database (the file is left
 * untouched), made by a newer dkquiz, read-only, locked, unreadable. */
int store_open(const char *path, int flags, struct store **out);
void store_close(struct store *st);
const char *store_path(const struct store *st);

/* For a session of many small writes (a review): start the WAL's
 * writeback as it grows, so that the sync of each checkpoint has little
 * left to write. */
void store_small_writes(struct store *st);

/* The schema version of an open database (for tests). */
int store_version(struct store *st);

/* Total cards (retired included). */
int store_card_count(struct store *st, int64_t *n);
/* 1 if the database holds a card (retired included), 0 if none — tells a
 * first run without counting a big deck; -1 on error. */
int store_has_cards(struct store *st);

/* ---- import ---- */

/* A card of the imported file whose question (its key: the deck and the
 * folded question, or its explicit id) is also a live card of another file
 * that is still on disk. Both are kept: the second card's key gets a suffix
 * made from its file's path ("~f" and 8 hex digits), stable across imports. */
struct import_dup {
	int line;              /* the card's line in the imported file */
	char *other_path;      /* the other file, absolute, as stored */
	int other_line;
	char *id;              /* the explicit id both use, or NULL: the same question */
};

struct import_stats {
	int new_cards, updated, unchanged, retired, deleted, warnings;
	bool skipped;          /* the file was unchanged since its last import */
	struct import_dup *dups;  /* owned: free with import_stats_release() */
	size_t ndups;
};

/* Free the duplicates list of `s` (the counts stay). */
void import_stats_release(struct import_stats *s);

/* A file's size, modification and inode change times (ns) and inode as
 * an import saw them. The change time is the one `touch -d` cannot put
 * back, so an edit always changes the stamp. */
struct file_stamp {
	bool known;
	int64_t size, mtime_ns, ctime_ns;
	uint64_t inode;
};

/* What the store knows of the file at absolute path `abs` from its last
 * import: 1 with its SHA-256 (hex) in `sha256`, its stamp in *stamp
 * (stamp->known false when none was recorded) and its live cards in
 * *cards, 0 if the file was never imported, -1 on error. */
int store_file_known(struct store *st, const char *abs, char sha256[65], struct file_stamp *stamp,
		     int *cards);
/* Record a new stamp for a file whose content has not changed (a file
 * touched but not edited). Returns 0 or -1. */
int store_file_restamp(struct store *st, const char *abs, const struct file_stamp *stamp);

/* Files imported together share one transaction, a batch, each file in a
 * savepoint of its own: a file that fails is undone alone, and the pages that
 * many files touch (an index's, a table's last leaf, the search index's) are
 * written once per batch rather than once per file. store_batch_commit()
 * returns -1 when the commit failed, and then nothing of the batch was
 * saved; so does an error that ends the batch early (a full disk, an I/O
 * error), after which store_batch_open() is false. */
int store_batch_begin(struct store *st);
int store_batch_commit(struct store *st);
/* An import into a database that holds no card yet writes each page once:
 * between store_bulk_begin() and store_bulk_end() (or store_close()) the
 * database takes a rollback journal instead of its WAL, where every page
 * went first and was copied into the database file when it closed. (A page
 * that did not exist when the transaction began costs the journal nothing.)
 * store_bulk_begin() keeps the WAL when the database holds cards, when
 * another connection has it open (a review, which a switch would lock
 * out), or inside a batch; it says nothing then, and returns whether the
 * journal is in use. Each batch is as durable and as atomic either way. */
bool store_bulk_begin(struct store *st);
void store_bulk_end(struct store *st);
void store_batch_rollback(struct store *st);
bool store_batch_open(const struct store *st);
/* The search index holds the cards up to an id: the cards an import adds
 * above it go in when a search first needs them (store_query_*() and
 * store_search() do it themselves), not at the import, which a review
 * never waits for. This brings it up to date now.
 * Returns 0, or -1 after an error (the index is as it was). On a database
 * that cannot be written, says that the newest cards are not searched and
 * returns 0. */
int store_search_index(struct store *st);
/* Call fn(arg) now and then while the store works (every few
 * milliseconds), or no more with fn NULL: a caller can show that a long
 * import goes on. */
void store_on_progress(struct store *st, void (*fn)(void *), void *arg);

/* Import the cards of one loaded file, in the open batch or else in a
 * transaction of its own: cards matched by
 * key are updated (history kept); a reworded question (similarity >= 0.8 with
 * a card that vanished from the same file) keeps that card's history; cards
 * gone from the file are retired; with `prune`, retired cards of the file
 * are deleted. A key held by a live card of another file still on disk is a
 * duplicate (listed in out->dups, counted in out->warnings, kept as a second
 * card); a key held by a retired card, or by a card whose file is gone, moves
 * that card here with its history. With `dry_run` the file's changes are
 * rolled back. `abs` is the file's absolute path. Returns 0 (release *out
 * with import_stats_release()), or -1 with the file's changes undone and
 * nothing in *out to release. */
int store_import(struct store *st, const char *abs, const struct load_result *res,
		 int64_t now, bool prune, bool dry_run, struct import_stats *out);

/* What store_import() makes of each card before it writes it (its
 * breadcrumb joined, its options encoded), made without the database, so
 * that the thread that loads the files can make it ahead; and
 * store_import() given it. The rows are the file's while `res` lives. */
struct store_rows;
struct store_rows *store_rows_make(const struct load_result *res);
void store_rows_free(struct store_rows *rows);
int store_import_rows(struct store *st, const char *abs, const struct load_result *res,
		      const struct store_rows *rows, int64_t now, bool prune, bool dry_run,
		      struct import_stats *out);

/* ---- review ---- */

/* Which cards a session or a count looks at. */
struct selection {
	const char *deck;      /* this deck and its subdecks ("A" matches "A::B"), or NULL */
	const char *tag;       /* cards carrying this tag (a whole tag, case and
				  accents aside; "leech": the flagged cards too),
				  or NULL */
	const char *file;      /* cards from this file (absolute path), or NULL */
	bool failed_since;     /* with since_ms: only cards answered Again since then
				  in a scheduled review (cram answers aside) */
	int64_t since_ms;
	bool limit_new;        /* only the first new_limit new cards that are not
				  suspended (the cards with a schedule all come) */
	int new_limit;
	const char *split_deck; /* with limit_new, in store_load_states() and
				  store_load_session(): the new cards of this deck
				  and its subdecks are read apart, the first
				  split_new_limit of them, before the first
				  new_limit of the others (an exam's deck) */
	int split_new_limit;
};

/* Load the live (not retired) cards of a selection, in deck/file order,
 * with their state (a card never reviewed gets a new state due at its
 * creation). Caller frees with sess_cards_free(). */
int store_load_cards(struct store *st, const struct selection *sel,
		     struct sess_card **out, size_t *n);
void sess_cards_free(struct sess_card *c, size_t n);

/* Like store_load_cards(), same cards in the same order, without the text:
 * each card has its id, state and flags, and of its text (c.c) only deck,
 * tags and note (the rest is NULL/0; store_card_text() fills it). What the exam
 * planner needs of a deck. Free with sess_cards_free(). Returns 0 or -1. */
int store_load_states(struct store *st, const struct selection *sel,
		      struct sess_card **out, size_t *n);

/* The cards a review session over `sel` can reach before `day_end` (the
 * next rollover), without their text (as store_load_states() gives them):
 * with sel->limit_new, the seen cards (learning, review) due before
 * day_end, then the first sel->new_limit new cards that are not suspended,
 * each part in deck/file order; *later is the instant the next card of the
 * selection left out comes back (seen, not suspended, due at or after
 * day_end: its due, or its buried_until when later), 0 if none. Without
 * limit_new (cram), every card of the selection, and *later is 0. A
 * session then reads each card's text when it shows it (ops.fetch).
 * Free with sess_cards_free(). Returns 0 or -1. */
int store_load_session(struct store *st, const struct selection *sel, int64_t day_end,
		       struct sess_card **out, size_t *n, int64_t *later);

/* Fill the text of card c->id into c->c (key, deck, file, line,
 * breadcrumb, tags, type, front, back, options, answer, note), replacing
 * what c->c holds; the state is not touched. Returns 0, 1 if the card is
 * gone or retired (c unchanged), or -1 after printing an error. */
int store_card_text(struct store *st, struct sess_card *c);

/* Reload one card's text and state (after an edit). Returns 0 (c->retired
 * tells whether the card is still in its file), 1 if the card is no longer
 * in the database (c is left as it was), -1 after printing an error. */
int store_reload_card(struct store *st, struct sess_card *c);

/* Make a card new again at `now` (its review log is kept): the state a
 * freshly imported card has, due at `now`, no longer a leech nor buried;
 * a leech's suspension is lifted with it, a suspension of the student's own
 * is kept. One transaction. Returns 0, 1 when no card has this id, or -1
 * after printing an error. */
int store_reset_card(struct store *st, int64_t card_id, int64_t now);

/* Flag as leeches (and suspend) the live cards with at least `lapses`
 * lapses that are not flagged yet: what a lower leech-lapses setting means
 * for the cards already past it. *count gets how many. Returns 0 or -1. */
int store_flag_leeches(struct store *st, int lapses, int *count);

/* One transaction around several changes: store_end() commits it when
 * `ret` is 0 (a failed commit rolls back), rolls it back otherwise, and
 * returns 0 or -1. store_begin() returns 0 or -1. */
int store_begin(struct store *st);
int store_end(struct store *st, int ret);

/* session_ops on top of the store (ctx is the struct store): each answer
 * in one transaction, the text of a card read when it is shown with that
 * of the next few (store_fetch_card, store_fetch_cards; store_card_text()
 * for the session). */
extern const struct session_ops store_session_ops;
int store_fetch_card(void *st, struct sess_card *c);
int store_fetch_cards(void *st, struct sess_card **c, size_t n, int *status);
int store_commit_review(void *st, struct review_rec *r);
int store_undo_review(void *st, const struct review_rec *r);
int store_set_suspended(void *st, int64_t card_id, bool on);
int store_set_buried(void *st, int64_t card_id, int64_t until_ms);

/* Normal (not cram) answers since `since_ms` to the cards of `sel` (NULL:
 * every card), retired ones included: to new cards (their first answer),
 * and to review cards (in the review state when answered, as the
 * reviews-per-day limit counts them: the steps of new and lapsed cards are
 * not reviews). Returns 0 or -1. */
int store_count_since(struct store *st, const struct selection *sel, int64_t since_ms,
		      int *new_cards, int *reviews);

/* The mean answer time in seconds of recent normal reviews (the last
 * PLANNER_PACE_DAYS days before `now`, each capped at PLANNER_PACE_CAP_MS
 * so that a break does not count), for new cards and for the others. A
 * kind with fewer than PLANNER_PACE_MIN answers keeps the value passed in.
 * Returns 0 or -1. */
int store_answer_seconds(struct store *st, int64_t now, double *new_secs, double *review_secs);

/* The cards with a note (siblings) answered in a normal review since
 * `since_ms`, each once with its note: what session_opts.seen wants. Free
 * with note_seen_free(). Returns 0 or -1. */
int store_notes_reviewed_since(struct store *st, int64_t since_ms, struct note_seen **out, size_t *n);
void note_seen_free(struct note_seen *v, size_t n);

/* ---- decks ---- */

struct deck_info {
	char *name;
	int total, new_cards, new_notes, learning, review, due, suspended, retired;
};
/* Every deck with counts at `now` (`due` = review cards due before
 * `day_end`, `learning` = learning cards due before now, `new_notes` = the
 * notes of the new cards, a card without a note counting as one: a
 * session takes one new card a note a day). */
int store_decks(struct store *st, int64_t now, int64_t day_end,
		struct deck_info **out, size_t *n);
void deck_info_free(struct deck_info *d, size_t n);

/* ---- settings ---- */

/* The value of `key` in *value (caller frees), NULL when unset. Returns 0,
 * or -1 after printing an error (the database could not be read). */
int store_read_setting(struct store *st, const char *key, char **value);
/* The same, NULL for unset and for an error (printed). */
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

/* The cards a parsed query (query.h) asks for, in `deck` and its subdecks
 * (exact name) when not NULL: with words, best match first (the same
 * search as store_search); with filters only, every matching card by deck
 * name, file and position. Retired cards only with QUERY_RETIRED. At most
 * `limit` (<= 0: no limit). An empty query gives every live card.
 * store_query_hits fills search hits (free with search_hits_free);
 * store_query_cards fills cards with their state (free with
 * sess_cards_free). Return 0, or -1 after printing an error. */
int store_query_hits(struct store *st, const struct card_query *q, const char *deck, int limit,
		     struct search_hit **out, size_t *n);
int store_query_cards(struct store *st, const struct card_query *q, const char *deck, int limit,
		      struct sess_card **out, size_t *n);
/* How many cards the query gives without a limit, into *n. Returns 0 or
 * -1 after printing an error. */
int store_query_count(struct store *st, const struct card_query *q, const char *deck, int *n);

/* One row of the review log. */
struct review_row {
	int64_t card;
	int64_t at_ms;
	int64_t duration_ms;
	int rating;           /* 1..4 */
	int state_before;     /* enum fsrs_state */
	int mode;             /* enum review_mode */
	int scheduled_days;   /* the interval the answer gave, in days */
	int64_t due_ms;       /* when the answer made the card due; 0 when not
				 recorded (cram, or an answer older than schema 6) */
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

/* Whether `deck` or a subdeck of it is in the database (live cards or
 * not), into *exists. Returns 0 or -1. */
int store_deck_exists(struct store *st, const char *deck, bool *exists);

/* The live cards of `deck` and its subdecks (every deck when NULL), with
 * their state, ordered by deck name, then file and position: what export
 * writes. Unlike store_load_cards() the card's shape is filled too. Free
 * with sess_cards_free(). Returns 0 or -1. */
int store_export_cards(struct store *st, const char *deck, struct sess_card **out, size_t *n);

/* Copy the database to `dest` with SQLite's online backup, consistent even
 * while another process reads or writes it. The copy is written next to
 * `dest` under a temporary name, switched to a rollback journal (one
 * self-contained file, mode 0600) and renamed into place. An existing
 * `dest` is refused unless `force`; the database itself and its -wal,
 * -shm and -journal files (by name, or by inode for another name of the
 * same file) are always refused. Returns 0, or -1 after printing an
 * error (no partial file is left behind). */
int store_backup(struct store *st, const char *dest, bool force);

#endif
