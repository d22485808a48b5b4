/* store.c - opening the database, reviews, decks and settings. */
#include "store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dkquiz/i18n.h"
#include "dkquiz/paths.h"
#include "dkquiz/planner.h"
#include "dkquiz/text.h"

sqlite3_stmt *store_prepare(struct store *st, const char *sql)
{
	sqlite3_stmt *s = NULL;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		store_fail(st, _("cannot prepare a query"));
		return NULL;
	}
	return s;
}

#define STATE_UPDATE_SQL \
	"UPDATE card_state SET state = ?2, stability = ?3, difficulty = ?4, due_ms = ?5, " \
	"last_review_ms = ?6, elapsed_days = ?7, scheduled_days = ?8, step = ?9, reps = ?10, " \
	"lapses = ?11 WHERE card = ?1"

/* The text of live cards, as read_card_text() reads it: one card, or up to
 * SESSION_READ_AHEAD (the parameters it does not need are NULL). */
#define TEXT_SELECT \
	"SELECT c.id, c.key, d.name, coalesce(f.path, ''), c.line, c.breadcrumb, c.tags, c.type, " \
	"c.shape, c.front, c.back, c.options, c.answer, c.note FROM cards c " \
	"JOIN decks d ON d.id = c.deck LEFT JOIN files f ON f.id = c.file "
#define TEXT_SQL TEXT_SELECT "WHERE c.id = ?1 AND c.retired_at IS NULL"
#define TEXTS_SQL TEXT_SELECT "WHERE c.id IN (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) AND c.retired_at IS NULL"
_Static_assert(SESSION_READ_AHEAD == 8, "TEXTS_SQL has a parameter per card read ahead");

static const char *const stmt_sql[STMT_COUNT] = {
	[STMT_BEGIN] = "BEGIN IMMEDIATE",
	[STMT_COMMIT] = "COMMIT",
	[STMT_LOG_REVIEW] =
		"INSERT INTO reviews(id, card, at_ms, rating, state_before, elapsed_days, scheduled_days, "
		"duration_ms, stability_after, difficulty_after, mode, due_ms) "
		"VALUES (coalesce((SELECT max(id) + 1 FROM reviews WHERE id >= " REVIEW_ID_FROM("?2")
		" AND id < " REVIEW_ID_FROM("(?2 + 1)") "), " REVIEW_ID_FROM("?2") "), "
		"?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[STMT_DELETE_REVIEW] = "DELETE FROM reviews WHERE id = ?1",
	[STMT_WRITE_STATE] = STATE_UPDATE_SQL,
	[STMT_SET_LEECH] = "UPDATE card_state SET suspended = ?2, leech = ?2 WHERE card = ?1",
	[STMT_SET_SUSPENDED] = "UPDATE card_state SET suspended = ?2 WHERE card = ?1",
	[STMT_SET_BURIED] = "UPDATE card_state SET buried_until = ?2 WHERE card = ?1",
	[STMT_CARD_TEXT] = TEXT_SQL,
	[STMT_CARD_TEXTS] = TEXTS_SQL,
};

sqlite3_stmt *store_cached(struct store *st, sqlite3_stmt **s, const char *sql)
{
	if (!*s && sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, s, NULL) != SQLITE_OK) {
		store_fail(st, _("cannot prepare a query"));
		*s = NULL;
		return NULL;
	}
	if (*s)
		sqlite3_clear_bindings(*s);
	return *s;
}

sqlite3_stmt *store_stmt(struct store *st, enum store_stmt which)
{
	/* Parsing and planning each statement again cost more than running
	 * it: an answer is a handful of one-row writes. */
	return store_cached(st, &st->stmt[which], stmt_sql[which]);
}

int store_fail(struct store *st, const char *what)
{
	int rc = sqlite3_errcode(st->db);

	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return error(_("database '%s' is locked by another program (is dkquiz running?)"),
			     st->path);
	if (rc == SQLITE_READONLY)
		return error(_("cannot write to database '%s': it is read-only"), st->path);
	if (rc == SQLITE_FULL || (rc == SQLITE_IOERR && sqlite3_system_errno(st->db) == ENOSPC))
		return error(_("cannot write to database '%s': the disk is full"), st->path);
	if ((rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB) && st->said_damaged)
		return -1; /* said once is enough */
	if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB) {
		st->said_damaged = true;
		return error(_("database '%s' is damaged (%s); it was left as it is: "
			       "copy it with 'dkquiz backup', then see sqlite3's .recover"),
			     st->path, sqlite3_errmsg(st->db));
	}
	return error(_("%s in '%s': %s"), what, st->path, sqlite3_errmsg(st->db));
}

int store_exec(struct store *st, const char *sql)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(st, _("database error"));
	return 0;
}

char *col_strdup(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return xstrdup(t ? (const char *)t : "");
}

/* SQLite would happily turn any file into a database on the first write:
 * refuse a file that does not start with the SQLite header. */
static int check_header(const char *path)
{
	static const char magic[16] = "SQLite format 3";
	char head[16];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return errno == ENOENT ? 0 : error(_("cannot open database '%s': %s"), path, strerror(errno));
	n = read(fd, head, sizeof(head));
	close(fd);
	if (n == 0)
		return 0; /* an empty file: a new database */
	if (n < 16 || memcmp(head, magic, 16) != 0)
		return error(_("'%s' is not a dkquiz database; it was left untouched"), path);
	return 0;
}

/* Whether the folder of `path` can take new files (the WAL, its index). */
static bool dir_writable(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
	bool ok = access(dir, W_OK | X_OK) == 0;

	free(dir);
	return ok;
}

/* The URI that opens `path` as a file nobody changes: no lock, no WAL. */
static char *uri_immutable(const char *path)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "file:");
	for (const char *p = path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			buf_addf(&b, "%%%02X", (unsigned char)*p);
		else
			buf_addch(&b, *p);
	}
	buf_adds(&b, "?immutable=1");
	return buf_detach(&b);
}

int store_open(const char *path, int flags, struct store **out)
{
	struct store *st;
	struct stat sb;
	int oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	int rc, version = 0, latest = schema_latest();
	bool exists = stat(path, &sb) == 0;
	sqlite3_stmt *s;
	char *uri = NULL;

	*out = NULL;
	if (exists && S_ISDIR(sb.st_mode))
		return error(_("cannot open database '%s': Is a directory"), path);
	if (!exists && !(flags & STORE_CREATE))
		return error(_("no database at '%s' (import some cards first)"), path);
	if (check_header(path))
		return -1;
	if (!exists) {
		int fd;

		if (paths_make_parent(path))
			return -1;
		/* Create it 0600 ourselves: SQLite would use the umask. */
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST)
			return error(_("cannot create database '%s': %s"), path, strerror(errno));
		if (fd >= 0)
			close(fd);
	}
	if (access(path, W_OK) != 0) {
		if (!(flags & STORE_READONLY))
			return error(_("cannot open database '%s': %s"), path,
				     errno == EACCES || errno == EROFS ? _("it is read-only") : strerror(errno));
		oflags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
	} else if ((flags & STORE_READONLY) && !dir_writable(path)) {
		/* A writer needs its folder for the WAL; a reader does not. */
		oflags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
	}
	if (oflags & SQLITE_OPEN_READONLY) {
		/* A reader of a WAL database makes the -wal and -shm files it
		 * cannot delete again (and cannot make in a read-only folder).
		 * Without a -wal file, everything is in the database file: it
		 * is read as it is, and nothing is created beside it. (A writer
		 * that starts during the read is not seen: a reader of a file
		 * it cannot write reads what was there when it opened.) */
		char *wal = xasprintf("%s-wal", path), *journal = xasprintf("%s-journal", path);

		/* (nor a rollback journal, which an import killed while it wrote
		 * with one leaves: SQLite must see it, and cannot roll it back
		 * here, which it says) */
		if (access(wal, F_OK) != 0 && errno == ENOENT && access(journal, F_OK) != 0 && errno == ENOENT)
			uri = uri_immutable(path);
		free(wal);
		free(journal);
	}

	/* SQLite counts its allocations under a global mutex unless told not
	 * to, and nothing here reads the counts. Only possible before SQLite's
	 * first use; later calls change nothing. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	st = xcalloc(1, sizeof(*st));
	st->path = xstrdup(path);
	rc = sqlite3_open_v2(uri ? uri : path, &st->db, oflags | (uri ? SQLITE_OPEN_URI : 0),
			     store_vfs_register() == SQLITE_OK ? STORE_VFS : NULL);
	free(uri);
	if (rc != SQLITE_OK) {
		error(_("cannot open database '%s': %s"), path,
		      st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		store_close(st);
		return -1;
	}
	sqlite3_extended_result_codes(st->db, 0);
	sqlite3_busy_timeout(st->db, 3000);
	if (store_register_functions(st))
		goto fail;

	s = store_prepare(st, "PRAGMA user_version");
	if (!s)
		goto fail;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		version = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW) {
		if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
			error(_("'%s' is not a dkquiz database, or it is damaged; it was left untouched"), path);
		else
			store_fail(st, _("cannot read the schema version"));
		goto fail;
	}
	if (version > latest) {
		error(_("database '%s' was made by a newer dkquiz (schema %d, this one knows %d); "
		      "it was left untouched"), path, version, latest);
		goto fail;
	}
	if (!(oflags & SQLITE_OPEN_READONLY)) {
		/* WAL lets a second reader (stats, backup) in while a review writes;
		 * NORMAL is durable across a crash of the program, which is what the
		 * review log needs. The first import into a database writes it
		 * with a rollback journal (store_bulk_begin()), and SQLite refuses
		 * the switch while it does (SQLITE_BUSY, at once): this connection
		 * then works with the journal, waiting for the import's commits,
		 * and the next open switches. */
		rc = sqlite3_exec(st->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
		if ((rc != SQLITE_OK && rc != SQLITE_BUSY && store_fail(st, _("database error"))) ||
		    store_exec(st, "PRAGMA synchronous=NORMAL"))
			goto fail;
	}
	/* Check each page's cells as it is read: without it, a damaged page
	 * can read as a table without the rows it held (no decks, nothing
	 * due) rather than as an error. */
	if (store_exec(st, "PRAGMA cell_size_check=ON"))
		goto fail;
	if (version < latest) {
		if (oflags & SQLITE_OPEN_READONLY) {
			error(_("database '%s' needs an upgrade but is read-only"), path);
			goto fail;
		}
		if (version == 0) {
			/* A version-0 file must be empty: anything else is not ours. */
			s = store_prepare(st, "SELECT count(*) FROM sqlite_schema");
			if (!s)
				goto fail;
			rc = sqlite3_step(s);
			if (rc != SQLITE_ROW || sqlite3_column_int(s, 0) != 0) {
				sqlite3_finalize(s);
				error(_("'%s' is an SQLite database but not a dkquiz one; it was left untouched"), path);
				goto fail;
			}
			sqlite3_finalize(s);
		}
		/* without foreign keys: a migration that remakes a table drops
		 * the old one, which with them deletes its rows first, and
		 * the rows of other tables with them (see schema.c) */
		if (store_exec(st, "PRAGMA foreign_keys=OFF") || schema_migrate(st, version, latest))
			goto fail;
	}
	if (store_exec(st, "PRAGMA foreign_keys=ON"))
		goto fail;
	*out = st;
	return 0;
fail:
	store_close(st);
	return -1;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	store_batch_rollback(st); /* a batch nobody committed saves nothing */
	store_bulk_end(st);
	for (size_t i = 0; i < STMT_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	for (size_t i = 0; i < IMP_COUNT; i++)
		sqlite3_finalize(st->imp[i]);
	sqlite3_close_v2(st->db);
	free(st->path);
	free(st);
}

void store_small_writes(struct store *st)
{
	int on = 1;

	/* A checkpoint (every 1000 WAL pages, SQLite's default: every 200
	 * answers or so, and when the store is closed) syncs the WAL: its
	 * writeback is started as it grows, so that little is left to write
	 * then (vfs.c). Checkpoints used to be put off to every 10,000 pages
	 * for what they cost; they now cost little, and a WAL that starts
	 * again from its head every 4 MB is written over pages the kernel
	 * already holds rather than new ones. A database not opened through
	 * our VFS has no such control: nothing to do. */
	sqlite3_file_control(st->db, "main", STORE_FCNTL_WRITE_BEHIND, &on);
}

const char *store_path(const struct store *st)
{
	return st->path;
}

static int query_int64(struct store *st, const char *sql, int64_t *v)
{
	sqlite3_stmt *s = store_prepare(st, sql);
	int rc;

	if (!s)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : store_fail(st, _("cannot read"));
}

int store_version(struct store *st)
{
	int64_t v = -1;

	query_int64(st, "PRAGMA user_version", &v);
	return (int)v;
}

int store_card_count(struct store *st, int64_t *n)
{
	return query_int64(st, "SELECT count(*) FROM cards", n);
}

int store_has_cards(struct store *st)
{
	int64_t v = 0;

	if (query_int64(st, "SELECT EXISTS (SELECT 1 FROM cards)", &v))
		return -1;
	return v ? 1 : 0;
}

/* ---- settings ---- */

int store_read_setting(struct store *st, const char *key, char **value)
{
	sqlite3_stmt *s = store_prepare(st, "SELECT value FROM settings WHERE key = ?1");
	int rc;

	*value = NULL;
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*value = col_strdup(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(st, _("cannot read a setting"));
}

char *store_get_setting(struct store *st, const char *key)
{
	char *v;

	return store_read_setting(st, key, &v) ? NULL : v;
}

int store_set_setting(struct store *st, const char *key, const char *value)
{
	sqlite3_stmt *s = store_prepare(st, value
		? "INSERT INTO settings(key, value) VALUES (?1, ?2) "
		  "ON CONFLICT(key) DO UPDATE SET value = excluded.value"
		: "DELETE FROM settings WHERE key = ?1");
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	if (value)
		sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, _("cannot save a setting"));
}

/* ---- reviews ---- */

static void bind_state(sqlite3_stmt *s, int first, const struct fsrs_card *c)
{
	sqlite3_bind_int(s, first, c->state);
	sqlite3_bind_double(s, first + 1, c->stability);
	sqlite3_bind_double(s, first + 2, c->difficulty);
	sqlite3_bind_int64(s, first + 3, c->due);
	if (c->last_review == FSRS_NO_REVIEW)
		sqlite3_bind_null(s, first + 4);
	else
		sqlite3_bind_int64(s, first + 4, c->last_review);
	sqlite3_bind_int(s, first + 5, c->elapsed_days);
	sqlite3_bind_int(s, first + 6, c->scheduled_days);
	sqlite3_bind_int(s, first + 7, c->learning_steps);
	sqlite3_bind_int(s, first + 8, c->reps);
	sqlite3_bind_int(s, first + 9, c->lapses);
}

/* Step a cached statement that returns no row, and reset it. */
static int run_stmt(struct store *st, sqlite3_stmt *s, const char *what)
{
	int rc;

	if (!s)
		return -1;
	rc = sqlite3_step(s);
	if (rc != SQLITE_DONE)
		store_fail(st, what);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int write_state(struct store *st, int64_t card, const struct fsrs_card *c)
{
	sqlite3_stmt *s = store_stmt(st, STMT_WRITE_STATE);

	if (s) {
		sqlite3_bind_int64(s, 1, card);
		bind_state(s, 2, c);
	}
	return run_stmt(st, s, "cannot save a card's state");
}

/* A leech is suspended and flagged; undoing the answer that made it lifts both. */
static int set_leech(struct store *st, int64_t card, bool on)
{
	sqlite3_stmt *s = store_stmt(st, STMT_SET_LEECH);

	if (s) {
		sqlite3_bind_int64(s, 1, card);
		sqlite3_bind_int(s, 2, on);
	}
	return run_stmt(st, s, "cannot mark a leech");
}

static int begin(struct store *st)
{
	return run_stmt(st, store_stmt(st, STMT_BEGIN), "cannot start a transaction");
}

/* End the transaction an answer or an undo opened: commit when `ret` is 0
 * (a failed commit rolls back), roll back otherwise. Returns 0 or -1. */
static int finish(struct store *st, int ret)
{
	if (ret == 0 && run_stmt(st, store_stmt(st, STMT_COMMIT), "database error") == 0)
		return 0;
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

int store_commit_review(void *ctx, struct review_rec *r)
{
	struct store *st = ctx;
	sqlite3_stmt *s;

	if (begin(st))
		return -1;
	s = store_stmt(st, STMT_LOG_REVIEW);
	if (s) {
		sqlite3_bind_int64(s, 1, r->card_id);
		sqlite3_bind_int64(s, 2, r->at_ms);
		sqlite3_bind_int(s, 3, r->rating);
		sqlite3_bind_int(s, 4, r->before.state);
		sqlite3_bind_int(s, 5, r->after.elapsed_days);
		sqlite3_bind_int(s, 6, r->after.scheduled_days);
		sqlite3_bind_int64(s, 7, r->duration_ms);
		sqlite3_bind_double(s, 8, r->after.stability);
		sqlite3_bind_double(s, 9, r->after.difficulty);
		sqlite3_bind_int(s, 10, r->mode);
		/* cram schedules nothing: no due (bindings start NULL) */
		if (r->mode == REVIEW_NORMAL)
			sqlite3_bind_int64(s, 11, r->after.due);
	}
	if (run_stmt(st, s, "cannot log a review"))
		goto fail;
	r->log_id = sqlite3_last_insert_rowid(st->db);
	if (r->mode == REVIEW_NORMAL && write_state(st, r->card_id, &r->after))
		goto fail;
	if (r->became_leech && set_leech(st, r->card_id, true))
		goto fail;
	return finish(st, 0);
fail:
	return finish(st, -1);
}

int store_undo_review(void *ctx, const struct review_rec *r)
{
	struct store *st = ctx;
	sqlite3_stmt *s;

	if (begin(st))
		return -1;
	s = store_stmt(st, STMT_DELETE_REVIEW);
	if (s)
		sqlite3_bind_int64(s, 1, r->log_id);
	if (run_stmt(st, s, "cannot undo a review"))
		goto fail;
	if (r->mode == REVIEW_NORMAL && write_state(st, r->card_id, &r->before))
		goto fail;
	if (r->became_leech && set_leech(st, r->card_id, false))
		goto fail;
	return finish(st, 0);
fail:
	return finish(st, -1);
}

int store_set_suspended(void *ctx, int64_t card_id, bool on)
{
	struct store *st = ctx;
	sqlite3_stmt *s = store_stmt(st, STMT_SET_SUSPENDED);

	if (s) {
		sqlite3_bind_int64(s, 1, card_id);
		sqlite3_bind_int(s, 2, on);
	}
	return run_stmt(st, s, "cannot suspend a card");
}

int store_begin(struct store *st)
{
	return begin(st);
}

int store_end(struct store *st, int ret)
{
	return finish(st, ret);
}

int store_flag_leeches(struct store *st, int lapses, int *count)
{
	sqlite3_stmt *s = store_prepare(st,
		"UPDATE card_state SET leech = 1, suspended = 1 WHERE lapses >= ?1 AND NOT leech"
		" AND card IN (SELECT id FROM cards WHERE retired_at IS NULL)");
	int rc;

	*count = 0;
	if (!s)
		return -1;
	sqlite3_bind_int(s, 1, lapses);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, _("cannot mark the leeches"));
	*count = sqlite3_changes(st->db);
	return 0;
}

int store_reset_card(struct store *st, int64_t card_id, int64_t now)
{
	/* The values import gives a new card; the review log stays as it
	 * is, so the history and the statistics still show what happened. */
	sqlite3_stmt *s = store_prepare(st,
		"UPDATE card_state SET state = 0, stability = 0, difficulty = 0, due_ms = ?2, "
		"last_review_ms = NULL, elapsed_days = 0, scheduled_days = 0, step = 0, reps = 0, "
		"lapses = 0, suspended = suspended AND NOT leech, leech = 0, buried_until = 0 "
		"WHERE card = ?1");
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, card_id);
	sqlite3_bind_int64(s, 2, now);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		store_fail(st, _("cannot reset a card"));
		return -1;
	}
	return sqlite3_changes(st->db) ? 0 : 1;
}

int store_set_buried(void *ctx, int64_t card_id, int64_t until_ms)
{
	struct store *st = ctx;
	sqlite3_stmt *s = store_stmt(st, STMT_SET_BURIED);

	if (s) {
		sqlite3_bind_int64(s, 1, card_id);
		sqlite3_bind_int64(s, 2, until_ms);
	}
	return run_stmt(st, s, "cannot bury a card");
}

const struct session_ops store_session_ops = {
	.commit = store_commit_review,
	.undo = store_undo_review,
	.suspend = store_set_suspended,
	.bury = store_set_buried,
	.fetch = store_fetch_card,
	.fetch_many = store_fetch_cards,
};

static void add_selection(struct buf *sql, const struct selection *sel);
static sqlite3_stmt *prepare_selection(struct store *st, struct buf *sql, const struct selection *sel);

int store_count_since(struct store *st, const struct selection *sel, int64_t since_ms,
		      int *new_cards, int *reviews)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *s;
	int rc;

	buf_adds(&sql, "SELECT coalesce(sum(r.state_before = 0), 0), coalesce(sum(r.state_before = 2), 0)"
		 " FROM reviews r");
	if (sel)
		buf_adds(&sql, " JOIN cards c ON c.id = r.card JOIN decks d ON d.id = c.deck"
			 " JOIN card_state s ON s.card = c.id LEFT JOIN files f ON f.id = c.file");
	buf_adds(&sql, " WHERE r.id >= " REVIEW_ID_FROM("?5") " AND r.mode = 0");
	add_selection(&sql, sel);
	if (!(s = prepare_selection(st, &sql, sel)))
		return -1;
	sqlite3_bind_int64(s, 5, since_ms);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*new_cards = sqlite3_column_int(s, 0);
		*reviews = sqlite3_column_int(s, 1);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : store_fail(st, _("cannot count reviews"));
}

int store_answer_seconds(struct store *st, int64_t now, double *new_secs, double *review_secs)
{
	sqlite3_stmt *s = store_prepare(st,
		"SELECT state_before = 0, count(*), avg(min(duration_ms, ?3)) FROM reviews "
		"WHERE id >= " REVIEW_ID_FROM("?1") " AND id < " REVIEW_ID_FROM("(?2 + 1)")
		" AND mode = 0 GROUP BY state_before = 0");
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, now - PLANNER_PACE_DAYS * 86400000LL);
	sqlite3_bind_int64(s, 2, now);
	sqlite3_bind_int64(s, 3, PLANNER_PACE_CAP_MS);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		double *out = sqlite3_column_int(s, 0) ? new_secs : review_secs;

		if (sqlite3_column_int(s, 1) >= PLANNER_PACE_MIN)
			*out = sqlite3_column_double(s, 2) / 1000.0;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, _("cannot read reviews"));
}

int store_notes_reviewed_since(struct store *st, int64_t since_ms, struct note_seen **out, size_t *n)
{
	sqlite3_stmt *s = store_prepare(st,
		"SELECT DISTINCT c.note, c.id FROM reviews r JOIN cards c ON c.id = r.card "
		"WHERE r.id >= " REVIEW_ID_FROM("?1") " AND r.mode = 0 AND c.note IS NOT NULL");
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, since_ms);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		XGROW(*out, *n + 1, cap);
		(*out)[*n].note = col_strdup(s, 0);
		(*out)[*n].card_id = sqlite3_column_int64(s, 1);
		(*n)++;
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return 0;
	note_seen_free(*out, *n);
	*out = NULL;
	*n = 0;
	return store_fail(st, _("cannot read reviews"));
}

void note_seen_free(struct note_seen *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].note);
	free(v);
}

/* ---- loading cards for review ---- */

static void split_breadcrumb(const char *s, struct card *c)
{
	size_t cap = 0;
	const char *p = s;

	c->breadcrumb = NULL;
	c->nbreadcrumb = 0;
	if (!*s)
		return;
	for (;;) {
		const char *e = strchr(p, '\x1f');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		XGROW(c->breadcrumb, c->nbreadcrumb + 1, cap);
		c->breadcrumb[c->nbreadcrumb++] = xstrndup(p, len);
		if (!e)
			break;
		p = e + 1;
	}
}

static void read_card_text(sqlite3_stmt *s, struct card *c)
{
	char *bc;
	int t;

	c->key = col_strdup(s, 1);
	c->deck = col_strdup(s, 2);
	c->file = col_strdup(s, 3);
	c->line = sqlite3_column_int(s, 4);
	bc = col_strdup(s, 5);
	split_breadcrumb(bc, c);
	free(bc);
	c->tags = col_strdup(s, 6);
	t = card_type_from_name((const char *)sqlite3_column_text(s, 7));
	c->type = t < 0 ? CARD_BASIC : (enum card_type)t;
	c->front = col_strdup(s, 9);
	c->back = col_strdup(s, 10);
	if (sqlite3_column_type(s, 11) != SQLITE_NULL)
		c->options = card_options_decode((const char *)sqlite3_column_text(s, 11), &c->noptions);
	if (sqlite3_column_type(s, 12) != SQLITE_NULL) {
		c->answer_text = col_strdup(s, 12);
		c->typeable = true;
	}
	if (sqlite3_column_type(s, 13) != SQLITE_NULL)
		c->note = col_strdup(s, 13);
}

void store_read_sess_card(sqlite3_stmt *s, struct sess_card *sc)
{
	memset(sc, 0, sizeof(*sc));
	sc->id = sqlite3_column_int64(s, 0);
	read_card_text(s, &sc->c);
	sc->st.state = (enum fsrs_state)sqlite3_column_int(s, 14);
	sc->st.stability = sqlite3_column_double(s, 15);
	sc->st.difficulty = sqlite3_column_double(s, 16);
	sc->st.due = sqlite3_column_int64(s, 17);
	sc->st.last_review = sqlite3_column_type(s, 18) == SQLITE_NULL ? FSRS_NO_REVIEW
								       : sqlite3_column_int64(s, 18);
	sc->st.elapsed_days = sqlite3_column_int(s, 19);
	sc->st.scheduled_days = sqlite3_column_int(s, 20);
	sc->st.learning_steps = sqlite3_column_int(s, 21);
	sc->st.reps = sqlite3_column_int(s, 22);
	sc->st.lapses = sqlite3_column_int(s, 23);
	sc->suspended = sqlite3_column_int(s, 24);
	sc->leech = sqlite3_column_int(s, 25);
	sc->buried_until = sqlite3_column_int64(s, 26);
	sc->retired = sqlite3_column_int(s, 27);
}

/* The conditions of a selection, on the aliases c (cards), d (decks), s
 * (card_state) and f (files), with the parameters bind_selection() binds. */
static void add_selection(struct buf *sql, const struct selection *sel)
{
	if (!sel)
		return;
	if (sel->deck)
		buf_adds(sql, " AND (d.name = ?1 OR substr(d.name, 1, length(?1) + 2) = ?1 || '::')");
	if (sel->tag)
		buf_adds(sql, " AND dkq_has_tag(c.tags, s.leech, ?2)");
	if (sel->file)
		buf_adds(sql, " AND f.path = ?3");
	if (sel->failed_since)
		buf_adds(sql, " AND c.id IN (SELECT card FROM reviews WHERE rating = 1 AND mode = 0 AND id >= "
			 REVIEW_ID_FROM("?4") ")");
}

static void bind_selection(sqlite3_stmt *s, const struct selection *sel)
{
	if (!sel)
		return;
	if (sel->split_deck && sqlite3_bind_parameter_index(s, "?6"))
		sqlite3_bind_text(s, 6, sel->split_deck, -1, SQLITE_STATIC);
	if (sel->deck)
		sqlite3_bind_text(s, 1, sel->deck, -1, SQLITE_STATIC);
	if (sel->tag) {
		/* a whole tag, case and accents aside, as tag: matches it */
		char *f = text_fold(sel->tag);

		sqlite3_bind_text(s, 2, f, -1, SQLITE_TRANSIENT);
		free(f);
	}
	if (sel->file)
		sqlite3_bind_text(s, 3, sel->file, -1, SQLITE_STATIC);
	if (sel->failed_since)
		sqlite3_bind_int64(s, 4, sel->since_ms);
}

/* Prepare `sql` (its selection parameters bound), or NULL after printing
 * an error; releases `sql`. */
static sqlite3_stmt *prepare_selection(struct store *st, struct buf *sql, const struct selection *sel)
{
	sqlite3_stmt *s = store_prepare(st, sql->s);

	buf_release(sql);
	if (s)
		bind_selection(s, sel);
	return s;
}

/* Append the cards of `sel` that also match `extra` (SQL), at most `limit`
 * when it is >= 0, to *out. */
static int load_some(struct store *st, const struct selection *sel, const char *extra,
		     int limit, struct sess_card **out, size_t *n, size_t *cap)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *s;
	int rc;

	buf_adds(&sql, "SELECT " CARD_COLUMNS " FROM cards c JOIN decks d ON d.id = c.deck "
		 "JOIN card_state s ON s.card = c.id LEFT JOIN files f ON f.id = c.file "
		 "WHERE c.retired_at IS NULL");
	buf_adds(&sql, extra);
	add_selection(&sql, sel);
	buf_adds(&sql, " ORDER BY f.path IS NULL, f.path, c.ord");
	if (limit >= 0)
		buf_addf(&sql, " LIMIT %d", limit);
	if (!(s = prepare_selection(st, &sql, sel)))
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		XGROW(*out, *n + 1, *cap);
		store_read_sess_card(s, &(*out)[(*n)++]);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, _("cannot read cards"));
}

int store_load_cards(struct store *st, const struct selection *sel,
		     struct sess_card **out, size_t *n)
{
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (sel && sel->limit_new) {
		/* A review needs every card that has a schedule, but of the new
		 * ones only the next few: a 100,000-card deck costs nothing
		 * until its cards are seen. */
		rc = load_some(st, sel, " AND s.state != 0", -1, out, n, &cap);
		if (!rc)
			rc = load_some(st, sel, " AND s.state = 0 AND NOT s.suspended", sel->new_limit,
				       out, n, &cap);
	} else {
		rc = load_some(st, sel, "", -1, out, n, &cap);
	}
	if (rc) {
		sess_cards_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

/* ---- the same, without the text ---- */

#define STATE_COLUMNS \
	"c.id, d.name, c.tags, c.note, " \
	"s.state, s.stability, s.difficulty, s.due_ms, s.last_review_ms, s.elapsed_days, " \
	"s.scheduled_days, s.step, s.reps, s.lapses, s.suspended, s.leech, s.buried_until"

static void read_state_card(sqlite3_stmt *s, struct sess_card *sc)
{
	memset(sc, 0, sizeof(*sc));
	sc->id = sqlite3_column_int64(s, 0);
	sc->c.deck = col_strdup(s, 1);
	sc->c.tags = col_strdup(s, 2);
	if (sqlite3_column_type(s, 3) != SQLITE_NULL)
		sc->c.note = col_strdup(s, 3);
	sc->st.state = (enum fsrs_state)sqlite3_column_int(s, 4);
	sc->st.stability = sqlite3_column_double(s, 5);
	sc->st.difficulty = sqlite3_column_double(s, 6);
	sc->st.due = sqlite3_column_int64(s, 7);
	sc->st.last_review = sqlite3_column_type(s, 8) == SQLITE_NULL ? FSRS_NO_REVIEW
								      : sqlite3_column_int64(s, 8);
	sc->st.elapsed_days = sqlite3_column_int(s, 9);
	sc->st.scheduled_days = sqlite3_column_int(s, 10);
	sc->st.learning_steps = sqlite3_column_int(s, 11);
	sc->st.reps = sqlite3_column_int(s, 12);
	sc->st.lapses = sqlite3_column_int(s, 13);
	sc->suspended = sqlite3_column_int(s, 14);
	sc->leech = sqlite3_column_int(s, 15);
	sc->buried_until = sqlite3_column_int64(s, 16);
}

/* Append the rows of `s` to *out; finalizes `s`. */
static int read_states(struct store *st, sqlite3_stmt *s, struct sess_card **out, size_t *n,
		       size_t *cap)
{
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		XGROW(*out, *n + 1, *cap);
		read_state_card(s, &(*out)[(*n)++]);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, _("cannot read cards"));
}

/* The FROM clauses. CROSS JOIN fixes SQLite's loop order: the first walks
 * the files by path and each file's cards by position (the deck order,
 * with no sort and a LIMIT that stops early); the second starts from the
 * index of the cards seen, by due date. */
#define FROM_FILES \
	" FROM files f CROSS JOIN cards c ON c.file = f.id CROSS JOIN card_state s ON s.card = c.id" \
	" CROSS JOIN decks d ON d.id = c.deck"
#define FROM_NO_FILE \
	" FROM cards c CROSS JOIN card_state s ON s.card = c.id CROSS JOIN decks d ON d.id = c.deck" \
	" LEFT JOIN files f ON f.id = c.file"
#define FROM_SEEN \
	" FROM card_state s CROSS JOIN cards c ON c.id = s.card CROSS JOIN decks d ON d.id = c.deck" \
	" LEFT JOIN files f ON f.id = c.file"

/* Append the live cards of `sel` matching `extra` in deck/file order (the
 * cards of files, then those whose file is gone), at most `limit` when it
 * is >= 0. */
static int states_in_order(struct store *st, const struct selection *sel, const char *extra,
			   int limit, struct sess_card **out, size_t *n, size_t *cap)
{
	size_t before = *n;

	for (int pass = 0; pass < 2; pass++) {
		struct buf sql = BUF_INIT;
		sqlite3_stmt *s;

		if (limit >= 0 && *n - before >= (size_t)limit)
			break;
		buf_adds(&sql, "SELECT " STATE_COLUMNS);
		buf_adds(&sql, pass ? FROM_NO_FILE " WHERE c.file IS NULL" : FROM_FILES " WHERE 1");
		buf_adds(&sql, " AND c.retired_at IS NULL");
		buf_adds(&sql, extra);
		add_selection(&sql, sel);
		buf_adds(&sql, pass ? " ORDER BY c.ord" : " ORDER BY f.path, c.ord");
		if (limit >= 0)
			buf_addf(&sql, " LIMIT %zu", (size_t)limit - (*n - before));
		if (!(s = prepare_selection(st, &sql, sel)) || read_states(st, s, out, n, cap))
			return -1;
	}
	return 0;
}

#define NEW_CARDS " AND s.state = 0 AND NOT s.suspended"
#define IN_SPLIT_DECK "(d.name = ?6 OR substr(d.name, 1, length(?6) + 2) = ?6 || '::')"

/* Append the new cards a review of `sel` reads (limit_new): the first
 * new_limit in deck/file order, or with split_deck, the first
 * split_new_limit of that deck then the first new_limit of the others. */
static int new_states(struct store *st, const struct selection *sel, struct sess_card **out,
		      size_t *n, size_t *cap)
{
	if (!sel->split_deck)
		return states_in_order(st, sel, NEW_CARDS, sel->new_limit, out, n, cap);
	if (states_in_order(st, sel, NEW_CARDS " AND " IN_SPLIT_DECK, sel->split_new_limit, out, n, cap))
		return -1;
	return states_in_order(st, sel, NEW_CARDS " AND NOT " IN_SPLIT_DECK, sel->new_limit, out, n, cap);
}

int store_load_states(struct store *st, const struct selection *sel,
		      struct sess_card **out, size_t *n)
{
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (sel && sel->limit_new) {
		rc = states_in_order(st, sel, " AND s.state != 0", -1, out, n, &cap);
		if (!rc)
			rc = new_states(st, sel, out, n, &cap);
	} else {
		rc = states_in_order(st, sel, "", -1, out, n, &cap);
	}
	if (rc) {
		sess_cards_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

/* The earliest instant a seen, live, unsuspended card of `sel` due at or
 * after `day_end` comes back (its due, or its buried_until when later), 0
 * if none. */
static int later_due(struct store *st, const struct selection *sel, int64_t day_end, int64_t *out)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *s;
	int rc;

	*out = 0;
	buf_adds(&sql, "SELECT s.due_ms, max(s.due_ms, s.buried_until)" FROM_SEEN
		 " WHERE s.state != 0 AND s.due_ms >= ?5 AND NOT s.suspended AND c.retired_at IS NULL");
	add_selection(&sql, sel);
	buf_adds(&sql, " ORDER BY s.due_ms");
	if (!(s = prepare_selection(st, &sql, sel)))
		return -1;
	sqlite3_bind_int64(s, 5, day_end);
	/* In due order, the first row is the answer unless a card is buried
	 * past its due: read on while a due could still beat what we have. */
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t due = sqlite3_column_int64(s, 0), back = sqlite3_column_int64(s, 1);

		if (*out && due >= *out)
			break;
		if (!*out || back < *out)
			*out = back;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : store_fail(st, _("cannot read cards"));
}

int store_load_session(struct store *st, const struct selection *sel, int64_t day_end,
		       struct sess_card **out, size_t *n, int64_t *later)
{
	struct buf sql = BUF_INIT;
	struct selection all = { 0 };
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	*later = 0;
	if (!sel)
		sel = &all;
	if (!sel->limit_new)
		return store_load_states(st, sel, out, n);
	/* The cards seen that are due today, in deck/file order as
	 * store_load_cards() gives them; there are few next to a deck. */
	buf_adds(&sql, "SELECT " STATE_COLUMNS FROM_SEEN
		 " WHERE s.state != 0 AND s.due_ms < ?5 AND c.retired_at IS NULL");
	add_selection(&sql, sel);
	buf_adds(&sql, " ORDER BY f.path IS NULL, f.path, c.ord");
	if (!(s = prepare_selection(st, &sql, sel)))
		return -1;
	sqlite3_bind_int64(s, 5, day_end);
	rc = read_states(st, s, out, n, &cap);
	if (!rc)
		rc = new_states(st, sel, out, n, &cap);
	if (!rc)
		rc = later_due(st, sel, day_end, later);
	if (rc) {
		sess_cards_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

int store_card_text(struct store *st, struct sess_card *c)
{
	sqlite3_stmt *s = store_stmt(st, STMT_CARD_TEXT);
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, c->id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		card_release(&c->c);
		read_card_text(s, &c->c);
	} else if (rc != SQLITE_DONE) {
		store_fail(st, _("cannot read a card"));
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int store_fetch_card(void *ctx, struct sess_card *c)
{
	return store_card_text(ctx, c);
}

int store_fetch_cards(void *ctx, struct sess_card **c, size_t n, int *status)
{
	struct store *st = ctx;
	sqlite3_stmt *s = store_stmt(st, STMT_CARD_TEXTS);
	int rc;

	if (!s)
		return -1;
	if (n > SESSION_READ_AHEAD)
		n = SESSION_READ_AHEAD;
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_int64(s, (int)i + 1, c[i]->id);
		status[i] = 1;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);

		for (size_t i = 0; i < n; i++)
			if (c[i]->id == id && status[i]) {
				card_release(&c[i]->c);
				read_card_text(s, &c[i]->c);
				status[i] = 0;
				break;
			}
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, _("cannot read a card"));
}

int store_reload_card(struct store *st, struct sess_card *c)
{
	sqlite3_stmt *s = store_prepare(st, "SELECT " CARD_COLUMNS " FROM cards c "
		"JOIN decks d ON d.id = c.deck JOIN card_state s ON s.card = c.id "
		"LEFT JOIN files f ON f.id = c.file WHERE c.id = ?1");
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, c->id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		card_release(&c->c);
		store_read_sess_card(s, c);
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : store_fail(st, _("cannot read a card"));
}

void sess_cards_free(struct sess_card *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		card_release(&c[i].c);
	free(c);
}

/* ---- decks ---- */

int store_decks(struct store *st, int64_t now, int64_t day_end,
		struct deck_info **out, size_t *n)
{
	sqlite3_stmt *s = store_prepare(st,
		"SELECT d.name, count(c.id),"
		" coalesce(sum(c.retired_at IS NULL AND s.state = 0 AND NOT s.suspended), 0),"
		" count(DISTINCT CASE WHEN c.retired_at IS NULL AND s.state = 0 AND NOT s.suspended"
		"   THEN coalesce(c.note, '#' || c.id) END),"
		" coalesce(sum(c.retired_at IS NULL AND s.state IN (1, 3) AND NOT s.suspended AND s.due_ms <= ?1), 0),"
		" coalesce(sum(c.retired_at IS NULL AND s.state = 2 AND NOT s.suspended), 0),"
		" coalesce(sum(c.retired_at IS NULL AND s.state = 2 AND NOT s.suspended AND s.due_ms < ?2"
		"   AND s.buried_until <= ?1), 0),"
		" coalesce(sum(c.retired_at IS NULL AND s.suspended), 0),"
		" coalesce(sum(c.retired_at IS NOT NULL), 0)"
		" FROM decks d JOIN cards c ON c.deck = d.id JOIN card_state s ON s.card = c.id"
		" GROUP BY d.id ORDER BY d.name");
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, day_end);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct deck_info *d;

		XGROW(*out, *n + 1, cap);
		d = &(*out)[(*n)++];
		d->name = col_strdup(s, 0);
		d->total = sqlite3_column_int(s, 1);
		d->new_cards = sqlite3_column_int(s, 2);
		d->new_notes = sqlite3_column_int(s, 3);
		d->learning = sqlite3_column_int(s, 4);
		d->review = sqlite3_column_int(s, 5);
		d->due = sqlite3_column_int(s, 6);
		d->suspended = sqlite3_column_int(s, 7);
		d->retired = sqlite3_column_int(s, 8);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		deck_info_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_fail(st, _("cannot read decks"));
	}
	return 0;
}

void deck_info_free(struct deck_info *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(d[i].name);
	free(d);
}
