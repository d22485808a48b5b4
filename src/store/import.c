/* import.c - merging one loaded file into the database.
 *
 * Identity is the card key; history (card_state, reviews) hangs off the card
 * row, so keeping the row keeps the history. A reworded question has a new
 * key: it takes over the row of a card that vanished from the same file when
 * their fronts are similar enough.
 *
 * The file's stored cards are read once, into a hash table of key -> row
 * with a checksum of the stored columns: an unchanged card then costs no
 * statement at all, a changed one an UPDATE, a new one an INSERT. The
 * scheduling rows of the new cards are written after them, in one
 * INSERT ... SELECT instead of a statement per card; the first search puts
 * them into the search index (store_search_index()).
 */
#include "store_int.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dkquiz/i18n.h"
#include "dkquiz/text.h"

#define REWORD_SIMILARITY 0.8
/* text_similarity() compares characters up to this length (words beyond):
 * below it, a length ratio under REWORD_SIMILARITY rules a pair out. */
#define REWORD_CHAR_LIMIT 200
/* Rewordings are found by comparing new questions with vanished ones; a
 * file rewritten wholesale would make that quadratic, so past this many
 * comparisons in one file the remaining questions are simply new cards. */
#define REWORD_MAX_PAIRS 2000000

/* The statements of import_body() and its helpers, prepared once for the
 * whole import (store_close() finalizes them): parsing them again for each
 * file cost a twentieth of an import. */
static const char *const imp_sql[IMP_COUNT] = {
	[IMP_FILE_KNOWN] = "SELECT sha256, size, mtime_ns, ctime_ns, inode, cards FROM files WHERE path = ?1",
	[IMP_FILE_RESTAMP] = "UPDATE files SET size = ?2, mtime_ns = ?3, ctime_ns = ?4, inode = ?5 "
			     "WHERE path = ?1",
	[IMP_SAVEPOINT] = "SAVEPOINT import_file",
	[IMP_RELEASE] = "RELEASE import_file",
	[IMP_FILE_ROW] = "INSERT INTO files(path, sha256, mtime, imported_at, size, mtime_ns, ctime_ns, inode, "
			 "cards) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
			 "ON CONFLICT(path) DO UPDATE SET sha256 = excluded.sha256, "
			 "mtime = excluded.mtime, imported_at = excluded.imported_at, "
			 "size = excluded.size, mtime_ns = excluded.mtime_ns, "
			 "ctime_ns = excluded.ctime_ns, inode = excluded.inode, "
			 "cards = excluded.cards RETURNING id",
	[IMP_MAX_ID] = "SELECT coalesce(max(id), 0) FROM cards",
	/* FTS5 keeps a row of sizes for each card in the search index */
	[IMP_FTS_MAX] = "SELECT coalesce(max(id), 0) FROM cards_fts_docsize",
	[IMP_OLD_CARDS] = "SELECT id, key, retired_at IS NOT NULL, deck, line, ord, breadcrumb, tags, type, "
			  "shape, front, back, options, answer, note FROM cards WHERE file = ?1",
	[IMP_FIND_KEY] = "SELECT c.id, c.file, c.retired_at IS NOT NULL, c.line, f.path "
			 "FROM cards c LEFT JOIN files f ON f.id = c.file WHERE c.key = ?1",
	[IMP_UPDATE_CARD] = "UPDATE cards SET key = ?2, deck = ?3, file = ?4, line = ?5, ord = ?6, "
			    "breadcrumb = ?7, tags = ?8, type = ?9, shape = ?10, front = ?11, back = ?12, "
			    "options = ?13, answer = ?14, note = ?15, updated_at = ?16, retired_at = NULL "
			    "WHERE id = ?1",
	[IMP_INSERT_CARD] = "INSERT INTO cards(key, deck, file, line, ord, breadcrumb, tags, type, shape, "
			    "front, back, options, answer, note, created_at, updated_at) "
			    "VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16)",
	/* The same, but a key taken elsewhere is not an error: the caller
	 * learns it from sqlite3_changes() and looks the holder up. */
	[IMP_INSERT_NEW_CARD] = "INSERT INTO cards(key, deck, file, line, ord, breadcrumb, tags, type, "
				"shape, front, back, options, answer, note, created_at, updated_at) "
				"VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16) "
				"ON CONFLICT(key) DO NOTHING",
	[IMP_FTS_DELETE] = "INSERT INTO cards_fts(cards_fts, rowid, front, back, tags, options) "
			   "SELECT 'delete', id, front, back, tags, options FROM cards WHERE id = ?1",
	[IMP_RETIRE] = "UPDATE cards SET retired_at = ?2 WHERE id = ?1",
	/* every card has a state row: new, due from now */
	[IMP_NEW_STATES] = "INSERT INTO card_state(card, state, stability, difficulty, due_ms, "
			   "last_review_ms, elapsed_days, scheduled_days, step, reps, lapses) "
			   "SELECT id, 0, 0, 0, ?2, NULL, 0, 0, 0, 0, 0 FROM cards WHERE id > ?1",
	[IMP_FTS_INSERT] = "INSERT INTO cards_fts(rowid, front, back, tags, options) "
			   "SELECT id, front, back, tags, options FROM cards WHERE id = ?1",
	[IMP_DECK] = "INSERT INTO decks(name) VALUES (?1) "
		     "ON CONFLICT(name) DO UPDATE SET name = name RETURNING id",
};

static sqlite3_stmt *imp_stmt(struct store *st, enum import_stmt which)
{
	return store_cached(st, &st->imp[which], imp_sql[which]);
}

/* One card of the file as stored before this import. */
struct old_card {
	int64_t id;
	char *key;
	char *folded;       /* live cards: text_fold(front), for rewordings */
	size_t nchars;      /* characters in `folded` */
	uint64_t sum;       /* row_sum() of the stored columns */
	bool retired;
	bool seen;
};

/* Open addressing over old[]: a slot holds an index + 1, 0 when empty. */
struct key_table {
	size_t *slot;
	size_t mask;
};

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 1099511628211ULL;
	}
	return h;
}

#define FNV_INIT 1469598103934665603ULL

/* Length first, so that ("ab", "c") and ("a", "bc") differ; NULL apart. */
static uint64_t sum_text(uint64_t h, const char *s)
{
	size_t n = s ? strlen(s) : SIZE_MAX;

	h = fnv(h, &n, sizeof(n));
	return s ? fnv(h, s, n) : h;
}

static uint64_t sum_int(uint64_t h, int64_t v)
{
	return fnv(h, &v, sizeof(v));
}

/* The stored form of a card's columns, in bind order ?3..?16 of the
 * statements below, with the length of each text: SQLite would count
 * them again on the main thread, which the database keeps busy. */
struct card_row {
	int64_t deck;
	char *breadcrumb;
	char *options;
	const char *answer;
	int n_key, n_breadcrumb, n_tags, n_front, n_back, n_options, n_answer, n_note;
	size_t deck_ix;        /* rows made ahead: which of the file's decks */
	uint64_t key_sum;      /* key_sum() of its key */
};

struct store_rows {
	struct card_row *row;      /* deck unset: it takes the database */
	size_t n;
};

/* A checksum of every column an import writes, but the key: equal sums
 * mean the stored row already says what the file says. */
static uint64_t row_sum(int64_t deck, int line, int ord, const char *breadcrumb,
			const char *tags, const char *type, const char *shape, const char *front,
			const char *back, const char *options, const char *answer, const char *note)
{
	uint64_t h = FNV_INIT;

	h = sum_int(h, deck);
	h = sum_int(h, line);
	h = sum_int(h, ord);
	h = sum_text(h, breadcrumb);
	h = sum_text(h, tags);
	h = sum_text(h, type);
	h = sum_text(h, shape);
	h = sum_text(h, front);
	h = sum_text(h, back);
	h = sum_text(h, options);
	h = sum_text(h, answer);
	return sum_text(h, note);
}

static uint64_t card_sum(const struct card *c, const struct card_row *r, int ord)
{
	return row_sum(r->deck, c->line, ord, r->breadcrumb, c->tags ? c->tags : "",
		       card_type_name(c->type), card_shape_name(c->shape), c->front, c->back,
		       r->options, r->answer, c->note);
}

/* The slots of an open-addressing table for n entries: a power of two, at
 * least `min`, and at least twice n. */
static size_t slots_for(size_t n, size_t min)
{
	size_t cap = min;

	while (cap < 2 * n)
		cap *= 2;
	return cap;
}

static void table_init(struct key_table *t, size_t n)
{
	size_t cap = slots_for(n, 16);

	t->slot = xcalloc(cap, sizeof(*t->slot));
	t->mask = cap - 1;
}

static size_t key_hash(const char *key)
{
	return (size_t)fnv(FNV_INIT, key, strlen(key));
}

static void table_put(struct key_table *t, const struct old_card *old, size_t k)
{
	size_t i = key_hash(old[k].key) & t->mask;

	while (t->slot[i])
		i = (i + 1) & t->mask;
	t->slot[i] = k + 1;
}

/* The index in old[] of `key`, or SIZE_MAX. */
static size_t table_get(const struct key_table *t, const struct old_card *old, const char *key)
{
	size_t i = key_hash(key) & t->mask;

	for (; t->slot[i]; i = (i + 1) & t->mask)
		if (!strcmp(old[t->slot[i] - 1].key, key))
			return t->slot[i] - 1;
	return SIZE_MAX;
}

/* ---- keys without their index ------------------------------------------
 *
 * The key of a card is a hash of its question: a new card's key falls
 * anywhere in the index of the keys, cards_key, so that 100,000 new cards
 * touched its pages in random order, and each file's savepoint kept a copy
 * of each page it touched, before its first change. The first batch of an
 * import into an empty database (store_bulk_begin()) drops the index and
 * makes it again before its commit, from the keys sorted at once. Meanwhile
 * the batch keeps a sum of each key it stored, and stores that way only
 * a file the database does not know (it has no stored card to match) whose
 * keys are new to the batch and to the file: no other path of
 * import_body() is taken, and none needs to look a key up. Before any
 * other file is stored, the index is made again and the batch goes on as
 * any other. Two keys with the same sum only cost that. */

struct key_set {
	uint64_t *slot;            /* 0 when empty */
	size_t mask, n;
};

static uint64_t key_sum(const char *key, size_t n)
{
	uint64_t h = fnv(FNV_INIT, key, n);

	return h ? h : 1;
}

static void set_init(struct key_set *k, size_t n)
{
	size_t cap = slots_for(n, 64);

	k->slot = xcalloc(cap, sizeof(*k->slot));
	k->mask = cap - 1;
	k->n = 0;
}

/* Add `h`; false when it was there. */
static bool set_add(struct key_set *k, uint64_t h)
{
	size_t i;

	if (2 * (k->n + 1) > k->mask + 1) {
		struct key_set bigger;

		set_init(&bigger, k->mask + 1);
		for (size_t j = 0; j <= k->mask; j++)
			if (k->slot[j])
				set_add(&bigger, k->slot[j]);
		free(k->slot);
		*k = bigger;
	}
	for (i = (size_t)h & k->mask; k->slot[i]; i = (i + 1) & k->mask)
		if (k->slot[i] == h)
			return false;
	k->slot[i] = h;
	k->n++;
	return true;
}

static bool set_has(const struct key_set *k, uint64_t h)
{
	for (size_t i = (size_t)h & k->mask; k->slot[i]; i = (i + 1) & k->mask)
		if (k->slot[i] == h)
			return true;
	return false;
}

static void keys_forget(struct store *st)
{
	if (st->keys)
		free(st->keys->slot);
	free(st->keys);
	st->keys = NULL;
}

/* In a batch that began on a database without cards: drop the index of the
 * keys. */
static int keys_drop(struct store *st)
{
	int has = store_has_cards(st);

	if (has)
		return has < 0 ? -1 : 0;
	if (store_exec(st, "DROP INDEX IF EXISTS cards_key"))
		return -1;
	st->keys = xcalloc(1, sizeof(*st->keys));
	set_init(st->keys, 16384);
	return 0;
}

/* The index of the keys made again, if the batch dropped it. */
static int keys_index(struct store *st)
{
	if (!st->keys)
		return 0;
	keys_forget(st);
	return store_exec(st, "CREATE UNIQUE INDEX cards_key ON cards(key)");
}

/* Whether the file can be stored while the keys have no index (see above);
 * then sums[] holds the sums of its keys, for the set once it is stored. */
static bool keys_plain(struct store *st, const char *abs, const struct load_result *res,
		       const struct store_rows *rows, uint64_t *sums)
{
	sqlite3_stmt *s = imp_stmt(st, IMP_FILE_KNOWN);
	struct key_set file;
	bool plain = true;
	int rc;

	if (!s)
		return false;
	sqlite3_bind_text(s, 1, abs, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return false;  /* known, or unknown: the index decides */
	set_init(&file, res->ncards);
	for (size_t i = 0; i < res->ncards && plain; i++) {
		const char *key = res->cards[i].key;

		sums[i] = rows ? rows->row[i].key_sum : key_sum(key, strlen(key));
		plain = !set_has(st->keys, sums[i]) && set_add(&file, sums[i]);
	}
	free(file.slot);
	return plain;
}

/* Deck ids of this import: most files use one deck, so the last one is
 * tried first and the list stays short. */
struct deck_cache {
	char **names;
	int64_t *ids;
	size_t n, cap, last;
};

static int deck_id(struct store *st, struct deck_cache *dc, const char *name, int64_t *id)
{
	sqlite3_stmt *upsert;
	int rc;

	if (dc->n && !strcmp(dc->names[dc->last], name)) {
		*id = dc->ids[dc->last];
		return 0;
	}
	for (size_t i = 0; i < dc->n; i++) {
		if (!strcmp(dc->names[i], name)) {
			dc->last = i;
			*id = dc->ids[i];
			return 0;
		}
	}
	if (!(upsert = imp_stmt(st, IMP_DECK)))
		return -1;
	sqlite3_bind_text(upsert, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(upsert);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(upsert, 0);
	sqlite3_reset(upsert);
	if (rc != SQLITE_ROW)
		return store_fail(st, _("cannot save a deck"));
	if (dc->n == dc->cap) {
		dc->cap = dc->cap ? 2 * dc->cap : 4;
		dc->names = xrealloc(dc->names, dc->cap * sizeof(*dc->names));
		dc->ids = xrealloc(dc->ids, dc->cap * sizeof(*dc->ids));
	}
	dc->names[dc->n] = xstrdup(name);
	dc->ids[dc->n] = *id;
	dc->last = dc->n++;
	return 0;
}

static void deck_cache_release(struct deck_cache *dc)
{
	for (size_t i = 0; i < dc->n; i++)
		free(dc->names[i]);
	free(dc->names);
	free(dc->ids);
}

static char *join_breadcrumb(const struct card *c)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < c->nbreadcrumb; i++) {
		if (i)
			buf_addch(&b, '\x1f');
		buf_adds(&b, c->breadcrumb[i]);
	}
	return buf_detach(&b);
}

/* A text and its length, NULL as NULL. */
static void bind_text(sqlite3_stmt *s, int i, const char *text, int n)
{
	if (text)
		sqlite3_bind_text(s, i, text, n, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

static void bind_card(sqlite3_stmt *s, const struct card *c, const struct card_row *r,
		      int64_t file, int ord, int64_t now)
{
	sqlite3_bind_int64(s, 3, r->deck);
	sqlite3_bind_int64(s, 4, file);
	sqlite3_bind_int(s, 5, c->line);
	sqlite3_bind_int(s, 6, ord);
	bind_text(s, 7, r->breadcrumb, r->n_breadcrumb);
	bind_text(s, 8, c->tags ? c->tags : "", r->n_tags);
	sqlite3_bind_text(s, 9, card_type_name(c->type), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, card_shape_name(c->shape), -1, SQLITE_STATIC);
	bind_text(s, 11, c->front, r->n_front);
	bind_text(s, 12, c->back, r->n_back);
	bind_text(s, 13, r->options, r->n_options);
	bind_text(s, 14, r->answer, r->n_answer);
	bind_text(s, 15, c->note, r->n_note);
	sqlite3_bind_int64(s, 16, now);
}

static int run(struct store *st, sqlite3_stmt *s, const char *what)
{
	int rc;

	if (!s)
		return -1;  /* not prepared: said so already */
	rc = sqlite3_step(s);

	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(st, what);
	return 0;
}

/* One statement with one integer parameter, run to its end. */
static int exec_int(struct store *st, const char *sql, int64_t v, const char *what)
{
	sqlite3_stmt *s = store_prepare(st, sql);
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, v);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, what);
}

int store_file_known(struct store *st, const char *abs, char sha256[65], struct file_stamp *stamp,
		     int *cards)
{
	sqlite3_stmt *s = imp_stmt(st, IMP_FILE_KNOWN);
	int rc, found = 0;

	memset(stamp, 0, sizeof(*stamp));
	*cards = 0;
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, abs, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(s, 0) == 64) {
		memcpy(sha256, sqlite3_column_text(s, 0), 65);
		found = 1;
		if (sqlite3_column_type(s, 1) == SQLITE_INTEGER &&
		    sqlite3_column_type(s, 2) == SQLITE_INTEGER &&
		    sqlite3_column_type(s, 3) == SQLITE_INTEGER &&
		    sqlite3_column_type(s, 4) == SQLITE_INTEGER) {
			stamp->known = true;
			stamp->size = sqlite3_column_int64(s, 1);
			stamp->mtime_ns = sqlite3_column_int64(s, 2);
			stamp->ctime_ns = sqlite3_column_int64(s, 3);
			stamp->inode = (uint64_t)sqlite3_column_int64(s, 4);
		}
		*cards = sqlite3_column_int(s, 5);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, _("cannot read files"));
	return found;
}

int store_file_restamp(struct store *st, const char *abs, const struct file_stamp *stamp)
{
	sqlite3_stmt *s = imp_stmt(st, IMP_FILE_RESTAMP);
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, abs, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, stamp->size);
	sqlite3_bind_int64(s, 3, stamp->mtime_ns);
	sqlite3_bind_int64(s, 4, stamp->ctime_ns);
	sqlite3_bind_int64(s, 5, (int64_t)stamp->inode);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, _("cannot record the file"));
}

void import_stats_release(struct import_stats *s)
{
	for (size_t i = 0; i < s->ndups; i++) {
		free(s->dups[i].other_path);
		free(s->dups[i].id);
	}
	free(s->dups);
	s->dups = NULL;
	s->ndups = 0;
}

/* Everything one import works with. */
struct import_ctx {
	struct store *st;
	const struct load_result *res;
	int64_t file_id, now;
	struct import_stats *out;
	struct deck_cache decks;
	int64_t *deck_ids;     /* by the file's deck numbers (card_row.deck_ix), 0 unknown */
	size_t ndeck_ids;
	sqlite3_stmt *find, *upd, *ins, *ins_new, *fts_del;
	struct old_card *old;
	size_t nold;
	struct key_table tab;
	int64_t *updated;      /* cards whose search-index rows are rewritten */
	size_t nupdated;
	char file_tag[12];     /* "~f" and 8 hex digits of the file's path */
};

/* Where a key lives when it is not in this file. */
struct holder {
	int64_t id, file;
	bool retired;
	int line;
	char *path;            /* the holder's file, or NULL */
};

/* 1 and *h filled when some card has `key`, 0 when none, -1 on error. */
static int find_key(struct import_ctx *x, const char *key, struct holder *h)
{
	int rc;

	memset(h, 0, sizeof(*h));
	sqlite3_bind_text(x->find, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(x->find);
	if (rc == SQLITE_ROW) {
		h->id = sqlite3_column_int64(x->find, 0);
		h->file = sqlite3_column_int64(x->find, 1);
		h->retired = sqlite3_column_int(x->find, 2);
		h->line = sqlite3_column_int(x->find, 3);
		if (sqlite3_column_type(x->find, 4) != SQLITE_NULL)
			h->path = col_strdup(x->find, 4);
	}
	sqlite3_reset(x->find);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(x->st, _("cannot look up a card"));
	return rc == SQLITE_ROW;
}

/* A live card of another file that is still on disk: the question is asked
 * twice in the deck. (A card whose file is gone is free to move.) */
static bool holder_is_duplicate(const struct import_ctx *x, const struct holder *h)
{
	struct stat sb;

	return !h->retired && h->file && h->file != x->file_id && h->path &&
	       !(stat(h->path, &sb) < 0 && errno == ENOENT);
}

static void add_dup(struct import_ctx *x, const struct card *c, const struct holder *h)
{
	struct import_stats *o = x->out;

	if (!(o->ndups & (o->ndups + 1)))
		o->dups = xrealloc(o->dups, (2 * o->ndups + 2) * sizeof(*o->dups));
	o->dups[o->ndups].line = c->line;
	o->dups[o->ndups].other_path = xstrdup(h->path);
	o->dups[o->ndups].other_line = h->line;
	o->dups[o->ndups].id = strncmp(c->key, "id:", 3) ? NULL
			       : xstrndup(c->key + 3, strcspn(c->key + 3, "@#~"));
	o->ndups++;
	o->warnings++;
}

/* Write card `i` over the row `id`, or as a new row when id is 0. */
static int write_card(struct import_ctx *x, size_t i, int64_t id, const char *key,
		      const struct card_row *row)
{
	const struct card *c = &x->res->cards[i];

	if (id && id <= x->st->fts_from) {
		/* Out of the index with its old text; back in at the end. (A
		 * card above st->fts_from is not in it: see
		 * store_search_index().) */
		sqlite3_bind_int64(x->fts_del, 1, id);
		if (run(x->st, x->fts_del, "cannot update the search index"))
			return -1;
		x->updated[x->nupdated++] = id;
	}
	if (id) {
		sqlite3_bind_int64(x->upd, 1, id);
		sqlite3_bind_text(x->upd, 2, key, -1, SQLITE_STATIC);
		bind_card(x->upd, c, row, x->file_id, (int)i, x->now);
		if (run(x->st, x->upd, "cannot update a card"))
			return -1;
		x->out->updated++;
		return 0;
	}
	sqlite3_bind_text(x->ins, 2, key, -1, SQLITE_STATIC);
	bind_card(x->ins, c, row, x->file_id, (int)i, x->now);
	if (run(x->st, x->ins, "cannot add a card"))
		return -1;
	x->out->new_cards++;
	return 0;
}

/* A new key met a stored card of another file (or of none): either the
 * same question asked twice in the deck, kept as a second card under this
 * file's variant of the key, or a card that moves here with its history. */
static int write_over_holder(struct import_ctx *x, size_t i, const struct holder *h,
			     const struct card_row *row)
{
	const struct card *c = &x->res->cards[i];
	char *key;
	int rc;

	if (!holder_is_duplicate(x, h))
		return write_card(x, i, h->id, c->key, row);
	add_dup(x, c, h);
	key = xasprintf("%s%s", c->key, x->file_tag);
	rc = write_card(x, i, 0, key, row);
	free(key);
	return rc;
}

static int text_len(const char *s)
{
	return s ? (int)strlen(s) : 0;
}

static void fill_row(const struct card *c, struct card_row *row)
{
	row->breadcrumb = join_breadcrumb(c);
	row->options = c->noptions ? card_options_encode(c->options, c->noptions) : NULL;
	row->answer = c->typeable && c->answer_text ? c->answer_text : NULL;
	row->n_key = text_len(c->key);
	row->n_breadcrumb = text_len(row->breadcrumb);
	row->n_tags = text_len(c->tags);
	row->n_front = text_len(c->front);
	row->n_back = text_len(c->back);
	row->n_options = text_len(row->options);
	row->n_answer = text_len(row->answer);
	row->n_note = text_len(c->note);
	row->key_sum = key_sum(c->key, (size_t)row->n_key);
}

static void release_row(struct card_row *row)
{
	free(row->breadcrumb);
	free(row->options);
}

struct store_rows *store_rows_make(const struct load_result *res)
{
	struct store_rows *r = xcalloc(1, sizeof(*r));

	const char **decks = NULL;
	size_t ndecks = 0, cap = 0;

	r->n = res->ncards;
	r->row = xcalloc(r->n + 1, sizeof(*r->row));
	for (size_t i = 0; i < r->n; i++) {
		const char *deck = res->cards[i].deck;
		size_t d = i ? r->row[i - 1].deck_ix : 0;

		fill_row(&res->cards[i], &r->row[i]);
		/* the file's decks, numbered: a card of a deck met before is
		 * stored without comparing deck names (most files have one) */
		if (d >= ndecks || strcmp(decks[d], deck)) {
			for (d = 0; d < ndecks && strcmp(decks[d], deck); d++)
				;
			if (d == ndecks) {
				XGROW(decks, ndecks + 1, cap);
				decks[ndecks++] = deck;
			}
		}
		r->row[i].deck_ix = d;
	}
	free(decks);
	return r;
}

void store_rows_free(struct store_rows *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		release_row(&r->row[i]);
	free(r->row);
	free(r);
}

/* Card i's stored forms: borrowed from the rows made ahead, or made here
 * (and then released with put_row()). */
static void get_row(const struct store_rows *rows, const struct card *c, size_t i, struct card_row *row)
{
	if (rows) {
		int64_t deck = row->deck;

		*row = rows->row[i];
		row->deck = deck;
	} else {
		fill_row(c, row);
	}
}

static void put_row(const struct store_rows *rows, struct card_row *row)
{
	if (!rows)
		release_row(row);
}

/* The deck id of card i: with rows made ahead, by the number of its deck
 * in the file once that deck was looked up. */
static int card_deck(struct import_ctx *x, const struct store_rows *rows, size_t i, int64_t *id)
{
	size_t ix;

	if (!rows)
		return deck_id(x->st, &x->decks, x->res->cards[i].deck, id);
	ix = rows->row[i].deck_ix;
	if (ix < x->ndeck_ids && x->deck_ids[ix]) {
		*id = x->deck_ids[ix];
		return 0;
	}
	if (deck_id(x->st, &x->decks, x->res->cards[i].deck, id))
		return -1;
	if (ix >= x->ndeck_ids) {
		x->deck_ids = xrealloc(x->deck_ids, (ix + 1) * sizeof(*x->deck_ids));
		memset(x->deck_ids + x->ndeck_ids, 0, (ix + 1 - x->ndeck_ids) * sizeof(*x->deck_ids));
		x->ndeck_ids = ix + 1;
	}
	x->deck_ids[ix] = *id;
	return 0;
}

/* Read the file's stored cards, live and retired, into x->old and x->tab.
 * Sets *suffixed when one of them holds a key with this file's tag. */
static int load_old(struct import_ctx *x, bool *suffixed)
{
	sqlite3_stmt *s = imp_stmt(x->st, IMP_OLD_CARDS);
	size_t cap = 0;
	int rc;

	*suffixed = false;
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, x->file_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct old_card *o;

		XGROW(x->old, x->nold + 1, cap);
		o = &x->old[x->nold++];
		memset(o, 0, sizeof(*o));
		o->id = sqlite3_column_int64(s, 0);
		o->key = col_strdup(s, 1);
		o->retired = sqlite3_column_int(s, 2);
		o->sum = row_sum(sqlite3_column_int64(s, 3), sqlite3_column_int(s, 4),
				 sqlite3_column_int(s, 5),
				 (const char *)sqlite3_column_text(s, 6),
				 (const char *)sqlite3_column_text(s, 7),
				 (const char *)sqlite3_column_text(s, 8),
				 (const char *)sqlite3_column_text(s, 9),
				 (const char *)sqlite3_column_text(s, 10),
				 (const char *)sqlite3_column_text(s, 11),
				 (const char *)sqlite3_column_text(s, 12),
				 (const char *)sqlite3_column_text(s, 13),
				 (const char *)sqlite3_column_text(s, 14));
		if (!o->retired) {
			/* kept for rewordings, folded once here rather than
			 * at every comparison */
			o->folded = text_fold((const char *)sqlite3_column_text(s, 10));
			for (const char *p = o->folded; *p; p++)
				o->nchars += ((unsigned char)*p & 0xc0) != 0x80;
		}
		if (strstr(o->key, x->file_tag))
			*suffixed = true;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(x->st, _("cannot read the file's cards"));
	table_init(&x->tab, x->nold);
	for (size_t k = 0; k < x->nold; k++)
		table_put(&x->tab, x->old, k);
	return 0;
}

/* The vanished card whose front is closest to `front` (at least
 * REWORD_SIMILARITY), or SIZE_MAX. */
static size_t find_reworded(struct import_ctx *x, const char *front, size_t *pairs)
{
	char *folded = text_fold(front ? front : "");
	size_t n = 0, best_k = SIZE_MAX;
	double best = REWORD_SIMILARITY;

	for (const char *p = folded; *p; p++)
		n += ((unsigned char)*p & 0xc0) != 0x80;
	for (size_t k = 0; k < x->nold && *pairs < REWORD_MAX_PAIRS; k++) {
		const struct old_card *o = &x->old[k];
		size_t lo = n < o->nchars ? n : o->nchars, hi = n < o->nchars ? o->nchars : n;
		double sim;

		if (o->seen || o->retired)
			continue;
		if (lo <= REWORD_CHAR_LIMIT && (double)lo < REWORD_SIMILARITY * (double)hi)
			continue;
		++*pairs;
		sim = text_similarity(o->folded, folded);
		if (sim >= best) {
			best = sim;
			best_k = k;
		}
	}
	free(folded);
	return best_k;
}

static int import_body(struct store *st, const char *abs, const struct load_result *res,
		       const struct store_rows *rows, int64_t now, bool prune, struct import_stats *out)
{
	struct import_ctx x = { .st = st, .res = res, .now = now, .out = out };
	size_t *pending = NULL, npending = 0, nvanished = 0, pairs = 0;
	int64_t max_before = 0;
	struct stat sb;
	sqlite3_stmt *s;
	bool suffixed;
	char hex[65];
	int ret = -1;

	sha256_hex(abs, strlen(abs), hex);
	snprintf(x.file_tag, sizeof(x.file_tag), "~f%.8s", hex);

	/* The file row. */
	s = imp_stmt(st, IMP_FILE_ROW);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, abs, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, res->sha256 ? res->sha256 : "", -1, SQLITE_STATIC);
	/* every card of the file is live once it is imported */
	sqlite3_bind_int64(s, 9, (int64_t)res->ncards);
	if (res->stamped) {
		sqlite3_bind_int64(s, 3, res->mtime_ns / 1000000000);
		sqlite3_bind_int64(s, 5, res->size);
		sqlite3_bind_int64(s, 6, res->mtime_ns);
		sqlite3_bind_int64(s, 7, res->ctime_ns);
		sqlite3_bind_int64(s, 8, (int64_t)res->inode);
	} else {
		sqlite3_bind_int64(s, 3, stat(abs, &sb) == 0 ? (int64_t)sb.st_mtime : 0);
	}
	sqlite3_bind_int64(s, 4, now);
	if (sqlite3_step(s) == SQLITE_ROW)
		x.file_id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (!x.file_id)
		return store_fail(st, _("cannot record the file"));

	/* Cards above this id are new in this import: their scheduling rows
	 * are added in bulk at the end. */
	s = imp_stmt(st, IMP_MAX_ID);
	if (!s)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		max_before = sqlite3_column_int64(s, 0);
	else
		max_before = -1;
	sqlite3_reset(s);
	if (max_before < 0)
		return store_fail(st, _("cannot read the cards"));
	/* The index holds no card above st->fts_from. A prune earlier in the
	 * batch may have deleted the highest cards, whose ids a new card can
	 * take again: lowered, it stays below every card not in the index. */
	if (max_before < st->fts_from)
		st->fts_from = max_before;

	if (load_old(&x, &suffixed))
		goto out;

	x.find = imp_stmt(st, IMP_FIND_KEY);
	x.upd = imp_stmt(st, IMP_UPDATE_CARD);
	x.ins = imp_stmt(st, IMP_INSERT_CARD);
	/* without the index, no key is taken (keys_plain()): a plain INSERT */
	x.ins_new = st->keys ? x.ins : imp_stmt(st, IMP_INSERT_NEW_CARD);
	x.fts_del = imp_stmt(st, IMP_FTS_DELETE);
	if (!x.find || !x.upd || !x.ins || !x.ins_new || !x.fts_del)
		goto out;
	pending = xmalloc((res->ncards + 1) * sizeof(*pending));
	x.updated = xmalloc((res->ncards + 1) * sizeof(*x.updated));

	/* Cards whose key the file already holds. */
	for (size_t i = 0; i < res->ncards; i++) {
		const struct card *c = &res->cards[i];
		struct card_row row = { 0 };
		/* (a file new to the database has none) */
		size_t k = x.nold ? table_get(&x.tab, x.old, c->key) : SIZE_MAX;
		bool variant = false;
		int err = 0;

		if (k == SIZE_MAX && suffixed) {
			/* this file's own copy of a question another file asks */
			char *key = xasprintf("%s%s", c->key, x.file_tag);

			k = table_get(&x.tab, x.old, key);
			variant = true;
			free(key);
		}
		if (k == SIZE_MAX || x.old[k].seen) {
			pending[npending++] = i;
			continue;
		}
		x.old[k].seen = true;
		if (card_deck(&x, rows, i, &row.deck))
			goto out;
		get_row(rows, c, i, &row);
		if (variant) {
			struct holder h;
			int found = find_key(&x, c->key, &h);

			if (found < 0)
				err = -1;
			else if (found && holder_is_duplicate(&x, &h))
				add_dup(&x, c, &h);
			free(h.path);
		}
		if (!err && !x.old[k].retired && x.old[k].sum == card_sum(c, &row, (int)i))
			out->unchanged++;
		else if (!err)
			err = write_card(&x, i, x.old[k].id, x.old[k].key, &row);
		put_row(rows, &row);
		if (err)
			goto out;
	}
	for (size_t k = 0; k < x.nold; k++)
		nvanished += !x.old[k].seen && !x.old[k].retired;

	/* New keys. Without a vanished card to reword, a plain INSERT tells
	 * whether the key is taken elsewhere; else the key is looked up first,
	 * so that a card kept elsewhere is not mistaken for a rewording. */
	for (size_t p = 0; p < npending; p++) {
		size_t i = pending[p];
		const struct card *c = &res->cards[i];
		struct card_row row = { 0 };
		struct holder h = { 0 };
		int err = 0, found = 0;

		if (card_deck(&x, rows, i, &row.deck))
			goto out;
		get_row(rows, c, i, &row);
		if (!nvanished) {
			sqlite3_bind_text(x.ins_new, 2, c->key, row.n_key, SQLITE_STATIC);
			bind_card(x.ins_new, c, &row, x.file_id, (int)i, now);
			err = run(st, x.ins_new, "cannot add a card");
			if (!err && sqlite3_changes(st->db) == 1)
				out->new_cards++;
			else if (!err)
				found = find_key(&x, c->key, &h);
		} else {
			found = find_key(&x, c->key, &h);
			if (found == 0) {
				size_t k = find_reworded(&x, c->front, &pairs);

				if (k != SIZE_MAX) {
					x.old[k].seen = true;
					nvanished--;
					err = write_card(&x, i, x.old[k].id, c->key, &row);
				} else {
					err = write_card(&x, i, 0, c->key, &row);
				}
			}
		}
		if (found < 0)
			err = -1;
		else if (found > 0 && !err)
			err = write_over_holder(&x, i, &h, &row);
		free(h.path);
		put_row(rows, &row);
		if (err)
			goto out;
	}

	/* Cards gone from the file. */
	s = imp_stmt(st, IMP_RETIRE);
	if (!s)
		goto out;
	for (size_t k = 0; k < x.nold; k++) {
		if (x.old[k].seen || x.old[k].retired)
			continue;
		sqlite3_bind_int64(s, 1, x.old[k].id);
		sqlite3_bind_int64(s, 2, now);
		if (run(st, s, "cannot retire a card"))
			goto out;
		out->retired++;
	}

	/* Every card has a state row: the new ones get theirs here, new and
	 * due from now, in one statement. */
	s = imp_stmt(st, IMP_NEW_STATES);
	if (!s)
		goto out;
	sqlite3_bind_int64(s, 1, max_before);
	sqlite3_bind_int64(s, 2, now);
	if (run(st, s, "cannot add a card"))
		goto out;

	/* The search index: the updated cards one by one here, the new ones
	 * when a search first needs them (retired cards stay searchable until
	 * they are pruned). */
	s = imp_stmt(st, IMP_FTS_INSERT);
	if (!s)
		goto out;
	for (size_t k = 0; k < x.nupdated; k++) {
		sqlite3_bind_int64(s, 1, x.updated[k]);
		if (run(st, s, "cannot update the search index"))
			goto out;
	}
	if (prune) {
		s = store_prepare(st, "INSERT INTO cards_fts(cards_fts, rowid, front, back, tags, options) "
				      "SELECT 'delete', id, front, back, tags, options FROM cards "
				      "WHERE file = ?1 AND retired_at IS NOT NULL AND id <= ?2");
		if (!s)
			goto out;
		sqlite3_bind_int64(s, 1, x.file_id);
		sqlite3_bind_int64(s, 2, st->fts_from);
		if (run(st, s, "cannot update the search index")) {
			sqlite3_finalize(s);
			goto out;
		}
		sqlite3_finalize(s);
		/* the history first: a batch does not enforce foreign keys,
		 * so nothing cascades (see store_batch_begin()) */
		if (exec_int(st, "DELETE FROM reviews WHERE card IN (SELECT id FROM cards "
				 "WHERE file = ?1 AND retired_at IS NOT NULL)",
			     x.file_id, "cannot delete retired cards") ||
		    exec_int(st, "DELETE FROM card_state WHERE card IN (SELECT id FROM cards "
				 "WHERE file = ?1 AND retired_at IS NOT NULL)",
			     x.file_id, "cannot delete retired cards") ||
		    exec_int(st, "DELETE FROM cards WHERE file = ?1 AND retired_at IS NOT NULL",
			     x.file_id, "cannot delete retired cards"))
			goto out;
		out->deleted = sqlite3_changes(st->db);
	}
	ret = 0;
out:
	for (size_t k = 0; k < x.nold; k++) {
		free(x.old[k].key);
		free(x.old[k].folded);
	}
	free(x.old);
	free(x.tab.slot);
	free(pending);
	free(x.updated);
	deck_cache_release(&x.decks);
	free(x.deck_ids);
	return ret;
}

/* The value of an integer PRAGMA, or `dflt` when it cannot be read. */
static int64_t pragma_int(struct store *st, const char *name, int64_t dflt)
{
	char *sql = xasprintf("PRAGMA %s", name);
	sqlite3_stmt *s = store_prepare(st, sql);
	int64_t v = dflt;

	free(sql);
	if (s && sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static int fts_merges_off(struct store *st);
static int fts_indexed(struct store *st, int64_t *max);

/* Put back what store_batch_begin() changed, for whatever the program does
 * next. */
static void batch_end(struct store *st)
{
	keys_forget(st);  /* a rollback made the index again */
	sqlite3_exec(st->db, st->batch_restore, NULL, NULL, NULL);
	free(st->batch_restore);
	st->batch_restore = NULL;
	st->batch = false;
}

int store_batch_begin(struct store *st)
{
	int64_t cache = pragma_int(st, "cache_size", -2000);
	int64_t ckpt = pragma_int(st, "wal_autocheckpoint", 1000);
	int64_t temp = pragma_int(st, "temp_store", 0);
	int64_t fk = pragma_int(st, "foreign_keys", 1);

	if (st->batch)
		return 0;
	st->batch_restore = xasprintf("PRAGMA cache_size = %lld; PRAGMA wal_autocheckpoint = %lld; "
				      "PRAGMA temp_store = %lld; PRAGMA foreign_keys = %lld",
				      (long long)cache, (long long)ckpt, (long long)temp, (long long)fk);
	/* A page cache that holds the batch saves SQLite writing pages to the
	 * WAL early and reading them back, and fewer checkpoints copy a page
	 * rewritten by many files fewer times. The savepoints' journal is
	 * kept in memory only if temp_store says so when the transaction
	 * starts. The import writes only ids it has just read or made, and
	 * deletes what hangs off the cards it prunes itself: checking each
	 * card's deck and file and each state's card cost a fifteenth of an
	 * import, so foreign keys are not enforced in a batch. (The pragma
	 * too must come before the transaction.) */
	if (store_exec(st, "PRAGMA cache_size = -" STORE_BATCH_CACHE_KB "; PRAGMA temp_store = MEMORY; "
			   "PRAGMA wal_autocheckpoint = 16384; PRAGMA foreign_keys = OFF") ||
	    store_exec(st, "BEGIN IMMEDIATE")) {
		batch_end(st);
		return -1;
	}
	st->batch = true;
	if (fts_merges_off(st) || fts_indexed(st, &st->fts_from) || (st->bulk && keys_drop(st))) {
		store_batch_rollback(st);
		return -1;
	}
	return 0;
}

/* The search index's merges, off while it is written in bulk (a batch,
 * whose savepoints each write a segment for the cards it changed, and
 * store_search_index()): FTS5 merges the segments it writes as it goes
 * ('automerge', 4 by default), which made a bulk insert write its terms
 * over and over; crisis merges still bound the segments of a level. Its
 * pending terms go to disk as a segment whenever they pass 'hashsize'
 * (1 MiB by default): at 1 MiB, the 100,000 cards of the benchmark made
 * fifteen segments, one short of the sixteen at which FTS5 merges them all
 * into one. fts_merges_back() gives both settings back before the commit,
 * for the writes that follow; a rollback gives them back too. */
static int fts_merges_off(struct store *st)
{
	sqlite3_stmt *s = store_prepare(st, "SELECT k, v FROM cards_fts_config "
					    "WHERE k IN ('automerge', 'hashsize')");
	int rc;

	st->fts_automerge = 4;
	st->fts_hashsize = 1024 * 1024;
	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (!strcmp((const char *)sqlite3_column_text(s, 0), "automerge"))
			st->fts_automerge = sqlite3_column_int(s, 1);
		else
			st->fts_hashsize = sqlite3_column_int(s, 1);
	}
	if (sqlite3_finalize(s) != SQLITE_OK || rc != SQLITE_DONE)
		return store_fail(st, _("cannot read the search index settings"));
	return store_exec(st, "INSERT INTO cards_fts(cards_fts, rank) VALUES ('automerge', 0); "
			      "INSERT INTO cards_fts(cards_fts, rank) VALUES ('hashsize', "
			      STORE_BATCH_FTS_HASH ")");
}

static int fts_merges_back(struct store *st)
{
	char *set = xasprintf("INSERT INTO cards_fts(cards_fts, rank) VALUES ('automerge', %d); "
			      "INSERT INTO cards_fts(cards_fts, rank) VALUES ('hashsize', %d)",
			      st->fts_automerge, st->fts_hashsize);
	int ret = store_exec(st, set);

	free(set);
	return ret;
}

/* The integer that the statement `which` reads, 0 without a row. */
static int imp_int(struct store *st, enum import_stmt which, int64_t *v, const char *err)
{
	sqlite3_stmt *s = imp_stmt(st, which);

	*v = 0;
	if (!s)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		*v = sqlite3_column_int64(s, 0);
	if (sqlite3_reset(s) != SQLITE_OK)
		return store_fail(st, err);
	return 0;
}

/* The highest id in the search index. It holds every card up to it and none
 * above: the cards an import adds (each above every card before it) go in
 * when a search first needs them, and an import takes the cards it changes
 * out of it and back in only up to it. */
static int fts_indexed(struct store *st, int64_t *max)
{
	return imp_int(st, IMP_FTS_MAX, max, _("cannot read the search index"));
}

/* The new cards go into the search index in one statement, the first time a
 * search needs them. An import used to put them there itself: a third of
 * its time on the benchmark's 100,000 cards, for an index that a review
 * never reads. A search after it waits for that once (0.3 s for the
 * 100,000 cards, a few ms for a real deck). */
int store_search_index(struct store *st)
{
	int64_t have, max;

	if (st->batch)
		return 0; /* an import's own search sees what it had */
	if (fts_indexed(st, &have) || imp_int(st, IMP_MAX_ID, &max, _("cannot read the cards")))
		return -1;
	if (max <= have)
		return 0;
	if (sqlite3_db_readonly(st->db, "main") != 0) {
		if (st->said_unindexed)
			return 0;
		st->said_unindexed = true;
		warning(_("the newest cards of '%s' are not in its search index yet; a search finds them "
			  "once the database can be written"), st->path);
		return 0;
	}
	if (store_exec(st, "BEGIN IMMEDIATE"))
		return -1;
	/* (read again: another dkquiz may have done it meanwhile) */
	if (fts_indexed(st, &have) || fts_merges_off(st) ||
	    exec_int(st, "INSERT INTO cards_fts(rowid, front, back, tags, options) "
			 "SELECT id, front, back, tags, options FROM cards WHERE id > ?1",
		     have, "cannot update the search index") ||
	    fts_merges_back(st) || store_exec(st, "COMMIT")) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

int store_batch_commit(struct store *st)
{
	int ret = 0;

	if (!st->batch)
		return -1;
	if (fts_merges_back(st) || keys_index(st) ||
	    store_exec(st, "COMMIT")) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		ret = -1;
	}
	batch_end(st);
	return ret;
}

void store_batch_rollback(struct store *st)
{
	if (!st->batch)
		return;
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	batch_end(st);
}

bool store_batch_open(const struct store *st)
{
	return st->batch;
}

bool store_bulk_begin(struct store *st)
{
	sqlite3_stmt *s;
	bool empty, journal = false;

	if (st->bulk || st->batch || sqlite3_db_readonly(st->db, "main") != 0)
		return st->bulk;
	if (sqlite3_prepare_v2(st->db, "SELECT NOT EXISTS (SELECT 1 FROM cards)", -1, &s, NULL) != SQLITE_OK)
		return false;
	empty = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	/* A database with cards keeps its WAL, so that a review started
	 * during a long import still reads and saves its answers. */
	if (!empty)
		return false;
	/* Leaving the WAL takes the database to ourselves: SQLite refuses at
	 * once (SQLITE_BUSY) while another connection has it open, and the
	 * import goes on in the WAL. */
	if (sqlite3_prepare_v2(st->db, "PRAGMA journal_mode=DELETE", -1, &s, NULL) != SQLITE_OK)
		return false;
	if (sqlite3_step(s) == SQLITE_ROW)
		journal = !strcmp((const char *)sqlite3_column_text(s, 0), "delete");
	sqlite3_finalize(s);
	/* FULL syncs the journal before the database file is written, so that
	 * a power failure cannot leave a journal that rolls back garbage:
	 * nothing is weaker than with the WAL. (It costs next to nothing: the
	 * journal holds the few pages the empty database had.) */
	if (journal)
		sqlite3_exec(st->db, "PRAGMA synchronous=FULL", NULL, NULL, NULL);
	st->bulk = journal;
	return journal;
}

void store_bulk_end(struct store *st)
{
	if (!st->bulk)
		return;
	st->bulk = false;
	/* Should that fail, the next store_open() goes back to the WAL. */
	sqlite3_exec(st->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL", NULL, NULL, NULL);
}

static int progress_tick(void *arg)
{
	struct store *st = arg;

	st->progress(st->progress_arg);
	return 0;  /* go on */
}

/* SQLite runs this many steps of its program between two calls: a few
 * milliseconds. */
#define PROGRESS_STEPS 100000

void store_on_progress(struct store *st, void (*fn)(void *), void *arg)
{
	st->progress = fn;
	st->progress_arg = arg;
	sqlite3_progress_handler(st->db, fn ? PROGRESS_STEPS : 0, fn ? progress_tick : NULL, st);
}

/* Undo the file's savepoint. An error such as a full disk or an I/O error
 * may have rolled back the whole transaction already: then the batch is
 * over, and store_batch_open() says so. */
static void file_rollback(struct store *st)
{
	if (sqlite3_get_autocommit(st->db)) {
		batch_end(st);
		return;
	}
	if (sqlite3_exec(st->db, "ROLLBACK TO import_file; RELEASE import_file", NULL, NULL, NULL) != SQLITE_OK)
		store_batch_rollback(st);
}

int store_import(struct store *st, const char *abs, const struct load_result *res,
		 int64_t now, bool prune, bool dry_run, struct import_stats *out)
{
	return store_import_rows(st, abs, res, NULL, now, prune, dry_run, out);
}

int store_import_rows(struct store *st, const char *abs, const struct load_result *res,
		      const struct store_rows *rows, int64_t now, bool prune, bool dry_run,
		      struct import_stats *out)
{
	bool own = !st->batch;
	uint64_t *sums = NULL;

	if (rows && rows->n != res->ncards)
		rows = NULL;  /* not this file's: made again here */
	memset(out, 0, sizeof(*out));
	if (own && store_batch_begin(st))
		return -1;
	if (st->keys) {
		/* the keys have no index: a file that would need it makes it
		 * again first, outside the file's savepoint */
		sums = xmalloc((res->ncards + 1) * sizeof(*sums));
		if (!keys_plain(st, abs, res, rows, sums)) {
			free(sums);
			sums = NULL;
			if (keys_index(st)) {
				store_batch_rollback(st);
				return -1;
			}
		}
	}
	if (run(st, imp_stmt(st, IMP_SAVEPOINT), "database error")) {
		file_rollback(st);
		free(sums);
		return -1;
	}
	if (import_body(st, abs, res, rows, now, prune, out)) {
		file_rollback(st);
		import_stats_release(out);
		free(sums);
		return -1;
	}
	if (dry_run) {
		file_rollback(st);
	} else if (run(st, imp_stmt(st, IMP_RELEASE), "database error")) {
		file_rollback(st);
		import_stats_release(out);
		free(sums);
		return -1;
	} else if (sums && st->keys) {
		for (size_t i = 0; i < res->ncards; i++)
			set_add(st->keys, sums[i]);
	}
	free(sums);
	if (own && store_batch_commit(st)) {
		import_stats_release(out);
		return -1;
	}
	return 0;
}
