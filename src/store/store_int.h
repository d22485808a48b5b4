/* store_int.h - what the store's files share; not for other modules. */
#ifndef DKQUIZ_STORE_INT_H
#define DKQUIZ_STORE_INT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "dkquiz/store.h"
#include "dkquiz/util.h"

/* Statements a review runs once per answer: prepared on first use, kept
 * until store_close(). */
enum store_stmt {
	STMT_BEGIN,
	STMT_COMMIT,
	STMT_LOG_REVIEW,
	STMT_DELETE_REVIEW,
	STMT_WRITE_STATE,
	STMT_SET_LEECH,
	STMT_SET_SUSPENDED,
	STMT_SET_BURIED,
	STMT_CARD_TEXT,
	STMT_CARD_TEXTS,
	STMT_COUNT
};

/* Statements an import runs for every file (import.c): prepared on first
 * use, kept until store_close(). */
enum import_stmt {
	IMP_FILE_KNOWN,
	IMP_FILE_RESTAMP,
	IMP_SAVEPOINT,
	IMP_RELEASE,
	IMP_FILE_ROW,
	IMP_MAX_ID,
	IMP_FTS_MAX,
	IMP_OLD_CARDS,
	IMP_FIND_KEY,
	IMP_UPDATE_CARD,
	IMP_INSERT_CARD,
	IMP_INSERT_NEW_CARD,
	IMP_FTS_DELETE,
	IMP_RETIRE,
	IMP_NEW_STATES,
	IMP_FTS_INSERT,
	IMP_DECK,
	IMP_COUNT
};

struct store {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *stmt[STMT_COUNT];
	sqlite3_stmt *imp[IMP_COUNT];
	bool batch;              /* an import batch's transaction is open */
	bool bulk;               /* a rollback journal, not the WAL (store_bulk_begin()) */
	struct key_set *keys;    /* the batch dropped cards_key: the sums of its keys (import.c) */
	char *batch_restore;     /* the PRAGMAs that end it */
	int64_t fts_from;        /* cards above this id are not searchable yet */
	int fts_automerge;       /* the search index's settings, changed in a batch */
	int fts_hashsize;
	void (*progress)(void *); /* store_on_progress() */
	void *progress_arg;
	bool said_damaged;       /* the database was reported damaged */
	bool said_unindexed;     /* a search was told the index lacks cards */
};

/* A review's id is its instant in ms times REVIEW_ID_SLOT, plus its rank
 * among the reviews of that millisecond: the table's own order is the time
 * order, so the reviews since an instant are a range of ids and need no
 * index. (At 2^20 a millisecond, ids last until the year 2248.) */
#define REVIEW_ID_SLOT "1048576"
#define REVIEW_ID_FROM(ms) "(" ms " * " REVIEW_ID_SLOT ")"

/* The VFS every database is opened with (vfs.c): the default one, with the
 * writes of each WAL commit gathered into one. store_vfs_register() makes it
 * known to SQLite; it returns an SQLite result code. */
#define STORE_VFS "dkquiz"
int store_vfs_register(void);

/* A file control of that VFS, on a database: an int, non-zero to have its
 * WAL's writeback started as the WAL grows (vfs.c). */
#define STORE_FCNTL_WRITE_BEHIND 0x64717762
/* The WAL bytes whose writeback it has started so far, in this process. */
uint64_t store_vfs_write_behind_bytes(void);

/* The tag a card flagged as a leech carries: its file's tags are replaced
 * at each import, so the flag stands for it, and the tag filters (tag:,
 * --tag) match the flag. */
#define STORE_LEECH_TAG "leech"

/* The page cache of an import batch, in KiB. */
#define STORE_BATCH_CACHE_KB "16384"
/* The bytes of pending terms the search index holds while it is written in
 * bulk, before it writes them out as a segment (see fts_merges_off() in
 * import.c). */
#define STORE_BATCH_FTS_HASH "8388608"

int schema_latest(void);
int schema_migrate(struct store *st, int from, int to);

/* Prepare a statement or print an error naming the database. */
sqlite3_stmt *store_prepare(struct store *st, const char *sql);
/* The statement `sql` prepared once in *slot (kept there until
 * store_close() finalizes it), ready to bind; NULL after printing an error.
 * Reset it with sqlite3_reset() after use. */
sqlite3_stmt *store_cached(struct store *st, sqlite3_stmt **slot, const char *sql);
/* The cached statement `which`, ready to bind (prepared on first use);
 * NULL after printing an error. Reset it with sqlite3_reset() after use,
 * so that it holds no read transaction. */
sqlite3_stmt *store_stmt(struct store *st, enum store_stmt which);
/* Print an error for the last failure on the database. Returns -1. */
int store_fail(struct store *st, const char *what);
int store_exec(struct store *st, const char *sql);

/* A column as a freshly allocated string ("" for NULL). */
char *col_strdup(sqlite3_stmt *s, int i);

/* The columns of a card with its state, from cards c, decks d, card_state
 * s and files f, in the order store_read_sess_card() reads them. */
#define CARD_COLUMNS \
	"c.id, c.key, d.name, coalesce(f.path, ''), c.line, c.breadcrumb, c.tags, c.type, c.shape, " \
	"c.front, c.back, c.options, c.answer, c.note, " \
	"s.state, s.stability, s.difficulty, s.due_ms, s.last_review_ms, s.elapsed_days, " \
	"s.scheduled_days, s.step, s.reps, s.lapses, s.suspended, s.leech, s.buried_until, " \
	"c.retired_at IS NOT NULL"

/* Fill `sc` from a row of CARD_COLUMNS (sc is overwritten, not released). */
void store_read_sess_card(sqlite3_stmt *s, struct sess_card *sc);

/* Add the SQL functions the queries use (query.c): dkq_in_deck(name,
 * folded) and dkq_has_tag(tags, leech, folded) (a leech carries the tag
 * STORE_LEECH_TAG). Returns 0 or -1. */
int store_register_functions(struct store *st);

#endif
