/* schema.c - the schema and its ordered migrations.
 *
 * migrations[i] takes a database from user_version i to i + 1. A released
 * migration is never edited: a change of schema is a new entry at the end,
 * and tests open a database of every older version. */
#include "store_int.h"

#include "dkquiz/i18n.h"

/* The review log's columns, as the first version made them; version 5 remakes
 * the table with the same ones. Part of released migrations: never edited. */
#define REVIEWS_COLUMNS \
	"  id INTEGER PRIMARY KEY," \
	"  card INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE," \
	"  at_ms INTEGER NOT NULL," \
	"  rating INTEGER NOT NULL," \
	"  state_before INTEGER NOT NULL," \
	"  elapsed_days INTEGER NOT NULL," \
	"  scheduled_days INTEGER NOT NULL," \
	"  duration_ms INTEGER NOT NULL," \
	"  stability_after REAL NOT NULL," \
	"  difficulty_after REAL NOT NULL," \
	"  mode INTEGER NOT NULL" \
	") STRICT;"

/* The columns of the cards after their key, as the first version made
 * them; version 9 remakes the table with the same ones. Part of released
 * migrations: never edited. */
#define CARDS_COLUMNS_AFTER_KEY \
	"  deck INTEGER NOT NULL REFERENCES decks(id)," \
	"  file INTEGER REFERENCES files(id) ON DELETE SET NULL," \
	"  line INTEGER NOT NULL," \
	"  ord INTEGER NOT NULL," \
	"  breadcrumb TEXT NOT NULL," \
	"  tags TEXT NOT NULL," \
	"  type TEXT NOT NULL," \
	"  shape TEXT NOT NULL," \
	"  front TEXT NOT NULL," \
	"  back TEXT NOT NULL," \
	"  options TEXT," \
	"  answer TEXT," \
	"  note TEXT," \
	"  created_at INTEGER NOT NULL," \
	"  updated_at INTEGER NOT NULL," \
	"  retired_at INTEGER" \
	") STRICT;"

static const char *const migrations[] = {
	/* 0 -> 1: the first schema */
	"CREATE TABLE files ("
	"  id INTEGER PRIMARY KEY,"
	"  path TEXT NOT NULL UNIQUE,"
	"  sha256 TEXT NOT NULL,"
	"  mtime INTEGER NOT NULL,"
	"  imported_at INTEGER NOT NULL"
	") STRICT;"
	"CREATE TABLE decks ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE"
	") STRICT;"
	"CREATE TABLE cards ("
	"  id INTEGER PRIMARY KEY,"
	"  key TEXT NOT NULL UNIQUE,"
	CARDS_COLUMNS_AFTER_KEY
	"CREATE INDEX cards_file ON cards(file, ord);"
	"CREATE INDEX cards_deck ON cards(deck, ord);"
	"CREATE TABLE card_state ("
	"  card INTEGER PRIMARY KEY REFERENCES cards(id) ON DELETE CASCADE,"
	"  state INTEGER NOT NULL,"
	"  stability REAL NOT NULL,"
	"  difficulty REAL NOT NULL,"
	"  due_ms INTEGER NOT NULL,"
	"  last_review_ms INTEGER,"
	"  elapsed_days INTEGER NOT NULL,"
	"  scheduled_days INTEGER NOT NULL,"
	"  step INTEGER NOT NULL,"
	"  reps INTEGER NOT NULL,"
	"  lapses INTEGER NOT NULL,"
	"  suspended INTEGER NOT NULL DEFAULT 0,"
	"  leech INTEGER NOT NULL DEFAULT 0,"
	"  buried_until INTEGER NOT NULL DEFAULT 0"
	") STRICT;"
	"CREATE INDEX card_state_due ON card_state(due_ms);"
	"CREATE TABLE reviews (" REVIEWS_COLUMNS
	"CREATE INDEX reviews_card ON reviews(card, at_ms);"
	"CREATE INDEX reviews_at ON reviews(at_ms);"
	"CREATE TABLE settings ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL"
	") STRICT;"
	"CREATE VIRTUAL TABLE cards_fts USING fts5("
	"  front, back, tags, content='cards', content_rowid='id',"
	"  tokenize='unicode61 remove_diacritics 2', prefix='2 3');"
	"CREATE TRIGGER cards_ai AFTER INSERT ON cards BEGIN"
	"  INSERT INTO cards_fts(rowid, front, back, tags) VALUES (new.id, new.front, new.back, new.tags);"
	"END;"
	"CREATE TRIGGER cards_ad AFTER DELETE ON cards BEGIN"
	"  INSERT INTO cards_fts(cards_fts, rowid, front, back, tags)"
	"    VALUES ('delete', old.id, old.front, old.back, old.tags);"
	"END;"
	"CREATE TRIGGER cards_au AFTER UPDATE OF front, back, tags ON cards BEGIN"
	"  INSERT INTO cards_fts(cards_fts, rowid, front, back, tags)"
	"    VALUES ('delete', old.id, old.front, old.back, old.tags);"
	"  INSERT INTO cards_fts(rowid, front, back, tags) VALUES (new.id, new.front, new.back, new.tags);"
	"END;",
	/* 1 -> 2: the import keeps the full-text index itself, in bulk. The
	 * triggers made FTS5 flush its pending terms at every statement of an
	 * import, which was half of its time. */
	"DROP TRIGGER cards_ai;"
	"DROP TRIGGER cards_ad;"
	"DROP TRIGGER cards_au;",
	/* 2 -> 3: the cards seen at least once, by due date. A review reads
	 * the ones due today and the next one due after it; among 100,000
	 * cards never seen, card_state_due would walk past every new card
	 * (their due is when they were added). New cards are not in it, so
	 * an import does not pay for it. */
	"CREATE INDEX card_state_seen ON card_state(due_ms) WHERE state != 0;",
	/* 3 -> 4: the full-text index without its prefix indexes. They made
	 * every import write each term three times over (the term, its first
	 * two and first three characters) for a gain a search cannot see:
	 * FTS5 answers a prefix query from the term list all the same, and the
	 * ranking of the matches costs more than finding them. */
	"DROP TABLE cards_fts;"
	"CREATE VIRTUAL TABLE cards_fts USING fts5("
	"  front, back, tags, content='cards', content_rowid='id',"
	"  tokenize='unicode61 remove_diacritics 2');"
	"INSERT INTO cards_fts(cards_fts) VALUES ('rebuild');",
	/* 4 -> 5: fewer pages written per answer. A review's id is its
	 * instant times REVIEW_ID_SLOT plus its rank in that millisecond
	 * (store_int.h), so "the reviews since" is a range of the table
	 * itself and reviews_at goes; card_state_due served no query since
	 * card_state_seen. An answer wrote seven pages, now four or five. */
	"CREATE TABLE reviews_new (" REVIEWS_COLUMNS
	"INSERT INTO reviews_new SELECT at_ms * " REVIEW_ID_SLOT
	"    + row_number() OVER (PARTITION BY at_ms ORDER BY id) - 1,"
	"  card, at_ms, rating, state_before, elapsed_days, scheduled_days, duration_ms,"
	"  stability_after, difficulty_after, mode FROM reviews;"
	"DROP TABLE reviews;"
	"ALTER TABLE reviews_new RENAME TO reviews;"
	"CREATE INDEX reviews_card ON reviews(card, at_ms);"
	"DROP INDEX card_state_due;"
	/* and each file's size and mtime in ns when it was read, so that a
	 * re-import skips an untouched file without reading it (NULL: read) */
	"ALTER TABLE files ADD COLUMN size INTEGER;"
	"ALTER TABLE files ADD COLUMN mtime_ns INTEGER;",
	/* 5 -> 6: the options of multiple-choice cards in the full-text
	 * index (a search for a word of an option found nothing), and the
	 * instant each answer made the card due, so that a card's history
	 * shows the minutes of a learning step (scheduled_days is 0 then);
	 * NULL for older answers and for cram, which schedules nothing. */
	"DROP TABLE cards_fts;"
	"CREATE VIRTUAL TABLE cards_fts USING fts5("
	"  front, back, tags, options, content='cards', content_rowid='id',"
	"  tokenize='unicode61 remove_diacritics 2');"
	"INSERT INTO cards_fts(cards_fts) VALUES ('rebuild');"
	"ALTER TABLE reviews ADD COLUMN due_ms INTEGER;",
	/* 6 -> 7: a stamp an edit cannot fake. `touch -d` puts an mtime back,
	 * never the inode change time, and a file saved by renaming a new one
	 * over it has another inode: an untouched file is skipped only when
	 * both match too (NULL: read). And the live cards of each file, so
	 * that an import can count those of a skipped file as unchanged. */
	"ALTER TABLE files ADD COLUMN ctime_ns INTEGER;"
	"ALTER TABLE files ADD COLUMN inode INTEGER;"
	"ALTER TABLE files ADD COLUMN cards INTEGER;"
	"UPDATE files SET cards = (SELECT count(*) FROM cards"
	"  WHERE cards.file = files.id AND cards.retired_at IS NULL);",
	/* 7 -> 8: no index of the cards by deck. No query used it: a deck is
	 * chosen by its name, so SQLite walks the cards (or a file's, by
	 * cards_file) and looks each deck up by its id; and an import paid
	 * for it on every card it added, a thirtieth of its time. */
	"DROP INDEX cards_deck;",
	/* 8 -> 9: the uniqueness of the card keys in an index of its own,
	 * cards_key, rather than in the table (an index SQLite makes for a
	 * UNIQUE column cannot be dropped). The first import into a database
	 * drops it and makes it again at its commit: 100,000 keys sorted at
	 * once cost a third of what they cost one by one, in the order of
	 * their hashes, with the pages of the index each file touched saved
	 * for its savepoint. The table is made anew, as SQLite's ALTER TABLE
	 * cannot change a constraint: store_open() runs the migrations without
	 * foreign keys, so that dropping the old table deletes nothing. */
	"CREATE TABLE cards_new ("
	"  id INTEGER PRIMARY KEY,"
	"  key TEXT NOT NULL,"
	CARDS_COLUMNS_AFTER_KEY
	"INSERT INTO cards_new SELECT id, key, deck, file, line, ord, breadcrumb, tags, type, shape,"
	"  front, back, options, answer, note, created_at, updated_at, retired_at FROM cards;"
	"DROP TABLE cards;"
	"ALTER TABLE cards_new RENAME TO cards;"
	"CREATE UNIQUE INDEX cards_key ON cards(key);"
	"CREATE INDEX cards_file ON cards(file, ord);",
};

int schema_latest(void)
{
	return (int)ARRAY_SIZE(migrations);
}

int schema_migrate(struct store *st, int from, int to)
{
	for (int v = from; v < to; v++) {
		char *err = NULL;
		char *sql = xasprintf("BEGIN IMMEDIATE; %s PRAGMA user_version = %d; COMMIT;",
				      migrations[v], v + 1);
		int rc = sqlite3_exec(st->db, sql, NULL, NULL, &err);

		free(sql);
		if (rc != SQLITE_OK) {
			error(_("cannot upgrade database '%s' to version %d: %s"), st->path, v + 1,
			      err ? err : sqlite3_errstr(rc));
			sqlite3_free(err);
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
	}
	return 0;
}
