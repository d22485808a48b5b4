/* query.c - read-only queries for search, statistics and export, and the
 * online backup.
 *
 * Everything here reads; nothing changes the database the user reviews
 * from, so these commands can run while a review session is open (WAL lets
 * readers in beside the writer). */
#include "store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The same deck test as store_load_cards(): the deck itself or a subdeck. */
#define DECK_MATCH(col, param) \
	" (" col " = " param " OR substr(" col ", 1, length(" param ") + 2) = " param " || '::')"

/* ---- search ---- */

char *store_fts_query(const char *words)
{
	struct buf b = BUF_INIT;
	const char *p = words ? words : "";

	while (*p) {
		size_t w;

		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		w = strcspn(p, " \t\n\r");
		if (!w)
			break;
		/* A quoted FTS5 string is taken literally (its tokens form a
		 * phrase); only '"' needs escaping, by doubling. The '*' after
		 * the closing quote makes the last token a prefix. */
		if (b.len)
			buf_adds(&b, " AND ");
		buf_addch(&b, '"');
		for (size_t i = 0; i < w; i++) {
			if (p[i] == '"')
				buf_addch(&b, '"');
			buf_addch(&b, p[i]);
		}
		buf_adds(&b, "\"*");
		p += w;
	}
	if (!b.len) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

void search_hits_free(struct search_hit *h, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(h[i].key);
		free(h[i].deck);
		free(h[i].file);
		free(h[i].front);
		free(h[i].back);
		free(h[i].tags);
	}
	free(h);
}

int store_search(struct store *st, const char *words, const char *deck, int limit,
		 struct search_hit **out, size_t *n)
{
	char *match = store_fts_query(words);
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!match)
		return 0;
	/* A word made only of punctuation ("?") has no token: FTS5 accepts
	 * the empty phrase and matches nothing, which is the right answer. */
	s = store_prepare(st,
		"SELECT c.id, c.key, d.name, coalesce(f.path, ''), c.line, c.front, c.back, c.tags "
		"FROM cards_fts JOIN cards c ON c.id = cards_fts.rowid "
		"JOIN decks d ON d.id = c.deck LEFT JOIN files f ON f.id = c.file "
		"WHERE cards_fts MATCH ?1 AND c.retired_at IS NULL "
		"AND (?2 IS NULL OR" DECK_MATCH("d.name", "?2") ") "
		"ORDER BY bm25(cards_fts), d.name, f.path, c.ord LIMIT ?3");
	if (!s) {
		free(match);
		return -1;
	}
	sqlite3_bind_text(s, 1, match, -1, SQLITE_STATIC);
	if (deck)
		sqlite3_bind_text(s, 2, deck, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 2);
	sqlite3_bind_int(s, 3, limit > 0 ? limit : -1);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct search_hit *h;

		XGROW(*out, *n + 1, cap);
		h = &(*out)[(*n)++];
		h->id = sqlite3_column_int64(s, 0);
		h->key = col_strdup(s, 1);
		h->deck = col_strdup(s, 2);
		h->file = col_strdup(s, 3);
		h->line = sqlite3_column_int(s, 4);
		h->front = col_strdup(s, 5);
		h->back = col_strdup(s, 6);
		h->tags = col_strdup(s, 7);
	}
	sqlite3_finalize(s);
	free(match);
	if (rc != SQLITE_DONE) {
		search_hits_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_fail(st, "cannot search");
	}
	return 0;
}

/* ---- review log ---- */

/* Read the rows of a prepared review query (the columns of REVIEW_COLUMNS)
 * and finalize it. */
#define REVIEW_COLUMNS "r.card, r.at_ms, r.duration_ms, r.rating, r.state_before, r.mode, " \
	"r.scheduled_days "

static int read_reviews(struct store *st, sqlite3_stmt *s, struct review_row **out, size_t *n)
{
	size_t cap = 0;
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct review_row *r;

		XGROW(*out, *n + 1, cap);
		r = &(*out)[(*n)++];
		r->card = sqlite3_column_int64(s, 0);
		r->at_ms = sqlite3_column_int64(s, 1);
		r->duration_ms = sqlite3_column_int64(s, 2);
		r->rating = sqlite3_column_int(s, 3);
		r->state_before = sqlite3_column_int(s, 4);
		r->mode = sqlite3_column_int(s, 5);
		r->scheduled_days = sqlite3_column_int(s, 6);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return store_fail(st, "cannot read reviews");
	}
	return 0;
}

int store_card_reviews(struct store *st, int64_t card, struct review_row **out, size_t *n)
{
	sqlite3_stmt *s = store_prepare(st,
		"SELECT " REVIEW_COLUMNS "FROM reviews r WHERE r.card = ?1 ORDER BY r.at_ms, r.id");

	*out = NULL;
	*n = 0;
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, card);
	return read_reviews(st, s, out, n);
}

int store_review_log(struct store *st, const char *deck, int64_t since_ms, bool normal_only,
		     struct review_row **out, size_t *n)
{
	sqlite3_stmt *s = store_prepare(st,
		"SELECT " REVIEW_COLUMNS
		"FROM reviews r JOIN cards c ON c.id = r.card JOIN decks d ON d.id = c.deck "
		"WHERE r.at_ms >= ?1 AND (?2 = 0 OR r.mode = 0) "
		"AND (?3 IS NULL OR" DECK_MATCH("d.name", "?3") ") "
		"ORDER BY r.at_ms, r.id");

	*out = NULL;
	*n = 0;
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, since_ms);
	sqlite3_bind_int(s, 2, normal_only);
	if (deck)
		sqlite3_bind_text(s, 3, deck, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 3);
	return read_reviews(st, s, out, n);
}

/* ---- cards for export ---- */

static void split_crumbs(const char *s, struct card *c)
{
	size_t cap = 0;

	while (*s) {
		size_t len = strcspn(s, "\x1f");

		XGROW(c->breadcrumb, c->nbreadcrumb + 1, cap);
		c->breadcrumb[c->nbreadcrumb++] = xstrndup(s, len);
		s += len;
		if (*s)
			s++;
	}
}

static enum card_shape shape_from_name(const char *name)
{
	for (int i = SHAPE_HEADING; i <= SHAPE_MCQ; i++)
		if (name && !strcmp(name, card_shape_name((enum card_shape)i)))
			return (enum card_shape)i;
	return SHAPE_HEADING;
}

static void read_export_card(sqlite3_stmt *s, struct sess_card *sc)
{
	struct card *c = &sc->c;
	char *bc;
	int t;

	memset(sc, 0, sizeof(*sc));
	sc->id = sqlite3_column_int64(s, 0);
	c->key = col_strdup(s, 1);
	c->deck = col_strdup(s, 2);
	c->file = col_strdup(s, 3);
	c->line = sqlite3_column_int(s, 4);
	bc = col_strdup(s, 5);
	split_crumbs(bc, c);
	free(bc);
	c->tags = col_strdup(s, 6);
	t = card_type_from_name((const char *)sqlite3_column_text(s, 7));
	c->type = t < 0 ? CARD_BASIC : (enum card_type)t;
	c->shape = shape_from_name((const char *)sqlite3_column_text(s, 8));
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
	sc->st.state = (enum fsrs_state)sqlite3_column_int(s, 14);
	sc->st.stability = sqlite3_column_double(s, 15);
	sc->st.difficulty = sqlite3_column_double(s, 16);
	sc->st.due = sqlite3_column_int64(s, 17);
	sc->st.last_review = sqlite3_column_type(s, 18) == SQLITE_NULL
		? FSRS_NO_REVIEW : sqlite3_column_int64(s, 18);
	sc->st.elapsed_days = sqlite3_column_int(s, 19);
	sc->st.scheduled_days = sqlite3_column_int(s, 20);
	sc->st.learning_steps = sqlite3_column_int(s, 21);
	sc->st.reps = sqlite3_column_int(s, 22);
	sc->st.lapses = sqlite3_column_int(s, 23);
	sc->suspended = sqlite3_column_int(s, 24);
	sc->leech = sqlite3_column_int(s, 25);
	sc->buried_until = sqlite3_column_int64(s, 26);
}

int store_export_cards(struct store *st, const char *deck, struct sess_card **out, size_t *n)
{
	sqlite3_stmt *s = store_prepare(st,
		"SELECT c.id, c.key, d.name, coalesce(f.path, ''), c.line, c.breadcrumb, c.tags, "
		"c.type, c.shape, c.front, c.back, c.options, c.answer, c.note, "
		"s.state, s.stability, s.difficulty, s.due_ms, s.last_review_ms, s.elapsed_days, "
		"s.scheduled_days, s.step, s.reps, s.lapses, s.suspended, s.leech, s.buried_until "
		"FROM cards c JOIN decks d ON d.id = c.deck JOIN card_state s ON s.card = c.id "
		"LEFT JOIN files f ON f.id = c.file WHERE c.retired_at IS NULL "
		"AND (?1 IS NULL OR" DECK_MATCH("d.name", "?1") ") "
		"ORDER BY d.name, f.path IS NULL, f.path, c.ord, c.id");
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!s)
		return -1;
	if (deck)
		sqlite3_bind_text(s, 1, deck, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 1);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		XGROW(*out, *n + 1, cap);
		read_export_card(s, &(*out)[(*n)++]);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		sess_cards_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_fail(st, "cannot read cards");
	}
	return 0;
}

/* ---- backup ---- */

int store_backup(struct store *st, const char *dest, bool force)
{
	struct stat sb;
	sqlite3 *db = NULL;
	sqlite3_backup *bk;
	char *tmp;
	int fd, rc;

	if (stat(dest, &sb) == 0) {
		if (S_ISDIR(sb.st_mode))
			return error("cannot write backup '%s': Is a directory", dest);
		if (!force)
			return error("'%s' already exists (use --force to overwrite it)", dest);
	} else if (errno != ENOENT) {
		return error("cannot write backup '%s': %s", dest, strerror(errno));
	}
	/* Same folder as dest, so that rename() is atomic: a reader of dest
	 * sees the old file or the complete new one, never half a copy. */
	tmp = xasprintf("%s.tmp-%ld", dest, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		error("cannot write backup '%s': %s", dest, strerror(errno));
		free(tmp);
		return -1;
	}
	close(fd);
	rc = sqlite3_open_v2(tmp, &db, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK)
		goto fail;
	bk = sqlite3_backup_init(db, "main", st->db, "main");
	if (!bk) {
		rc = sqlite3_errcode(db);
		goto fail;
	}
	/* One step copies everything under one read transaction: a
	 * consistent snapshot, and in WAL mode a writer is not held up. */
	do {
		rc = sqlite3_backup_step(bk, -1);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(50);
	} while (rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(bk);
	if (rc != SQLITE_DONE)
		goto fail;
	/* The copy inherits WAL from the header; a backup should be one file. */
	rc = sqlite3_exec(db, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		goto fail;
	rc = sqlite3_close(db);
	db = NULL;
	if (rc != SQLITE_OK)
		goto fail;
	if (rename(tmp, dest) < 0) {
		error("cannot write backup '%s': %s", dest, strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
fail:
	error("cannot write backup '%s': %s", dest,
	      db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
	sqlite3_close(db);
	unlink(tmp);
	free(tmp);
	return -1;
}
