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
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dkquiz/i18n.h"
#include "dkquiz/text.h"

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

/* ---- folded deck and tag names ---- */

/* "Réseaux::Docker Basics" -> "reseaux::docker basics": each level folded
 * apart, so that "::" still separates them. Caller frees. */
static char *fold_deck(const char *name)
{
	struct buf b = BUF_INIT;
	const char *p = name;

	for (;;) {
		const char *e = strstr(p, "::");
		char *part = xstrndup(p, e ? (size_t)(e - p) : strlen(p));
		char *f = text_fold(part);

		buf_adds(&b, f);
		free(f);
		free(part);
		if (!e)
			break;
		buf_adds(&b, "::");
		p = e + 2;
	}
	return buf_detach(&b);
}

/* dkq_in_deck(name, folded): the deck `name` is the folded deck or one of
 * its subdecks. */
static void sql_in_deck(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *name = (const char *)sqlite3_value_text(argv[0]);
	const char *want = (const char *)sqlite3_value_text(argv[1]);
	char *f;
	size_t n;

	(void)argc;
	if (!name || !want) {
		sqlite3_result_int(ctx, 0);
		return;
	}
	f = fold_deck(name);
	n = strlen(want);
	sqlite3_result_int(ctx, !strncmp(f, want, n) && (!f[n] || !strncmp(f + n, "::", 2)));
	free(f);
}

/* dkq_has_tag(tags, leech, folded): one of the space-separated `tags`
 * folds to `folded`; a card flagged `leech` carries the tag "leech" too. */
static void sql_has_tag(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *p = (const char *)sqlite3_value_text(argv[0]);
	const char *want = (const char *)sqlite3_value_text(argv[2]);
	int found = want && sqlite3_value_int(argv[1]) && !strcmp(want, STORE_LEECH_TAG);

	(void)argc;
	while (p && want && *p && !found) {
		size_t k;
		char *tag, *f;

		p += strspn(p, " \t");
		k = strcspn(p, " \t");
		if (!k)
			break;
		tag = xstrndup(p, k);
		f = text_fold(tag);
		found = !strcmp(f, want);
		free(f);
		free(tag);
		p += k;
	}
	sqlite3_result_int(ctx, found);
}

int store_register_functions(struct store *st)
{
	int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;

	if (sqlite3_create_function(st->db, "dkq_in_deck", 2, flags, NULL, sql_in_deck, NULL, NULL) ||
	    sqlite3_create_function(st->db, "dkq_has_tag", 3, flags, NULL, sql_has_tag, NULL, NULL))
		return store_fail(st, _("cannot set up the database functions"));
	return 0;
}

/* ---- queries ---- */

/* A statement for `q` selecting `columns` (of cards c, decks d, card_state
 * s, files f, and cards_fts when the query has words), with its parameters
 * bound (user text only ever as a parameter); NULL after printing an
 * error. */
/* One test `call`, ?N) per name (a deck: or tag: value), each negated with
 * not = "NOT "; the names, folded, go to texts[*nt...] as parameters. */
static void add_name_tests(struct buf *sql, const char *call, const char *not, char **names, size_t n,
			   char *(*fold)(const char *), char **texts, size_t *nt)
{
	for (size_t i = 0; i < n; i++) {
		buf_addf(sql, " AND %s%s, ?%zu)", not, call, *nt + 1);
		texts[(*nt)++] = fold(names[i]);
	}
}

/* The tests of the is: flags in `flags`, each negated with not = "NOT ". */
static void add_state_tests(struct buf *sql, unsigned flags, const char *not)
{
	if (flags & QUERY_NEW)
		buf_addf(sql, " AND %s(s.state = %d)", not, FSRS_NEW);
	if (flags & QUERY_LEARNING)
		buf_addf(sql, " AND %s(s.state IN (%d, %d))", not, FSRS_LEARNING, FSRS_RELEARNING);
	if (flags & QUERY_REVIEW)
		buf_addf(sql, " AND %s(s.state = %d)", not, FSRS_REVIEW);
	if (flags & QUERY_LEECH)
		buf_addf(sql, " AND %ss.leech", not);
	if (flags & QUERY_SUSPENDED)
		buf_addf(sql, " AND %ss.suspended", not);
}

static sqlite3_stmt *prepare_query(struct store *st, const char *columns, const struct card_query *q,
				   const char *deck, int limit, bool count)
{
	struct buf sql = BUF_INIT;
	char *match = q->words ? store_fts_query(q->words) : NULL;
	char **texts = xcalloc(q->ndecks + q->ntags + q->nnot_decks + q->nnot_tags + 2, sizeof(*texts));
	size_t nt = 0;
	sqlite3_stmt *s;

	if (match && store_search_index(st)) {
		free(match);
		free(texts);
		return NULL;
	}
	/* counting: the same rows, counted around the query */
	buf_addf(&sql, "%sSELECT %s FROM ", count ? "SELECT count(*) FROM (" : "", columns);
	if (match)
		buf_adds(&sql, "cards_fts JOIN cards c ON c.id = cards_fts.rowid ");
	else
		buf_adds(&sql, "cards c ");
	buf_adds(&sql, "JOIN decks d ON d.id = c.deck JOIN card_state s ON s.card = c.id "
		 "LEFT JOIN files f ON f.id = c.file WHERE ");
	/* retired cards only when asked for; -is:retired is the default */
	buf_adds(&sql, q->flags & QUERY_RETIRED ? "c.retired_at IS NOT NULL" : "c.retired_at IS NULL");
	if (q->flags & q->not_flags)
		buf_adds(&sql, " AND 0"); /* is:X -is:X */
	/* A word made only of punctuation ("?") has no token: FTS5 accepts
	 * the empty phrase and matches nothing, which is the right answer. */
	if (match) {
		buf_addf(&sql, " AND cards_fts MATCH ?%zu", nt + 1);
		texts[nt++] = match;
	}
	if (deck) {
		/* The same test as DECK_MATCH, with a numbered parameter. */
		buf_addf(&sql, " AND (d.name = ?%zu OR substr(d.name, 1, length(?%zu) + 2) = ?%zu || '::')",
			 nt + 1, nt + 1, nt + 1);
		texts[nt++] = xstrdup(deck);
	}
	add_name_tests(&sql, "dkq_in_deck(d.name", "", q->decks, q->ndecks, fold_deck, texts, &nt);
	add_name_tests(&sql, "dkq_has_tag(c.tags, s.leech", "", q->tags, q->ntags, text_fold, texts, &nt);
	add_name_tests(&sql, "dkq_in_deck(d.name", "NOT ", q->not_decks, q->nnot_decks, fold_deck, texts, &nt);
	add_name_tests(&sql, "dkq_has_tag(c.tags, s.leech", "NOT ", q->not_tags, q->nnot_tags, text_fold, texts, &nt);
	add_state_tests(&sql, q->flags, "");
	add_state_tests(&sql, q->not_flags, "NOT ");
	buf_adds(&sql, " ORDER BY ");
	if (match)
		buf_adds(&sql, "bm25(cards_fts), ");
	buf_addf(&sql, "d.name, f.path IS NULL, f.path, c.ord, c.id LIMIT %d%s", limit > 0 ? limit : -1,
		 count ? ")" : "");
	s = store_prepare(st, sql.s);
	buf_release(&sql);
	for (size_t i = 0; i < nt; i++) {
		if (s)
			sqlite3_bind_text(s, (int)i + 1, texts[i], -1, SQLITE_TRANSIENT);
		free(texts[i]);
	}
	free(texts);
	return s;
}

int store_query_hits(struct store *st, const struct card_query *q, const char *deck, int limit,
		     struct search_hit **out, size_t *n)
{
	sqlite3_stmt *s = prepare_query(st,
		"c.id, c.key, d.name, coalesce(f.path, ''), c.line, c.front, c.back, c.tags",
		q, deck, limit, false);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!s)
		return -1;
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
	if (rc != SQLITE_DONE) {
		search_hits_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_fail(st, _("cannot search"));
	}
	return 0;
}

int store_query_count(struct store *st, const struct card_query *q, const char *deck, int *n)
{
	sqlite3_stmt *s = prepare_query(st, "c.id", q, deck, 0, true);
	int rc;

	*n = 0;
	if (!s)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return store_fail(st, _("cannot search"));
	return 0;
}

int store_query_cards(struct store *st, const struct card_query *q, const char *deck, int limit,
		      struct sess_card **out, size_t *n)
{
	sqlite3_stmt *s = prepare_query(st, CARD_COLUMNS, q, deck, limit, false);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		XGROW(*out, *n + 1, cap);
		store_read_sess_card(s, &(*out)[(*n)++]);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		sess_cards_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_fail(st, _("cannot read cards"));
	}
	return 0;
}

int store_search(struct store *st, const char *words, const char *deck, int limit,
		 struct search_hit **out, size_t *n)
{
	char *match = store_fts_query(words);
	struct card_query q = { .words = (char *)words };

	*out = NULL;
	*n = 0;
	/* Only words here: no word, no search. */
	if (!match)
		return 0;
	free(match);
	return store_query_hits(st, &q, deck, limit, out, n);
}

/* ---- review log ---- */

/* Read the rows of a prepared review query (the columns of REVIEW_COLUMNS)
 * and finalize it. */
#define REVIEW_COLUMNS "r.card, r.at_ms, r.duration_ms, r.rating, r.state_before, r.mode, " \
	"r.scheduled_days, r.due_ms "

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
		r->due_ms = sqlite3_column_type(s, 7) == SQLITE_NULL ? 0 : sqlite3_column_int64(s, 7);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return store_fail(st, _("cannot read reviews"));
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
		"WHERE r.id >= " REVIEW_ID_FROM("?1") " AND (?2 = 0 OR r.mode = 0) "
		"AND (?3 IS NULL OR" DECK_MATCH("d.name", "?3") ") "
		"ORDER BY r.id");

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

int store_deck_exists(struct store *st, const char *deck, bool *exists)
{
	sqlite3_stmt *s = store_prepare(st, "SELECT 1 FROM decks d WHERE" DECK_MATCH("d.name", "?1")
					" LIMIT 1");
	int rc;

	*exists = false;
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, deck, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	*exists = rc == SQLITE_ROW;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, _("cannot read the decks"));
	return 0;
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
		return store_fail(st, _("cannot read cards"));
	}
	return 0;
}

/* ---- backup ---- */

/* `path` with its folder resolved (symbolic links, "..", a relative
 * start), the last name kept as it is: the same file always gets the same
 * string, whether it exists or not. NULL when the folder cannot be
 * resolved. Caller frees. */
static char *resolved_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
	char *real = realpath(dir, NULL), *out = NULL;

	if (real) {
		const char *base = slash ? slash + 1 : path;

		out = xasprintf("%s%s%s", real, strcmp(real, "/") ? "/" : "", base);
		free(real);
	}
	free(dir);
	return out;
}

/* Whether `dest` is the database itself or one of the files SQLite keeps
 * beside it: by name (the file may not exist yet) and, when `dest` exists,
 * by device and inode (a hard link, another name of the folder). Renaming
 * a copy over any of them would lose what the open connections write. */
static bool is_database_file(const struct store *st, const char *dest, const struct stat *dsb)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	char *want = resolved_name(dest), *db = resolved_name(st->path);
	bool same = false;

	for (size_t i = 0; i < ARRAY_SIZE(suffixes) && !same; i++) {
		char *name = xasprintf("%s%s", st->path, suffixes[i]);
		struct stat sb;

		if (want && db) {
			char *full = xasprintf("%s%s", db, suffixes[i]);

			same = !strcmp(want, full);
			free(full);
		}
		if (!same && dsb && stat(name, &sb) == 0)
			same = sb.st_dev == dsb->st_dev && sb.st_ino == dsb->st_ino;
		free(name);
	}
	free(want);
	free(db);
	return same;
}

int store_backup(struct store *st, const char *dest, bool force)
{
	struct stat sb;
	sqlite3 *db = NULL;
	sqlite3_backup *bk;
	char *tmp;
	int fd, rc;
	bool exists;

	if (stat(dest, &sb) == 0) {
		exists = true;
		if (S_ISDIR(sb.st_mode))
			return error(_("cannot write backup '%s': Is a directory"), dest);
	} else if (errno == ENOENT) {
		exists = false;
	} else {
		return error(_("cannot write backup '%s': %s"), dest, strerror(errno));
	}
	/* before --force: overwriting the database is never what is meant */
	if (is_database_file(st, dest, exists ? &sb : NULL))
		return error(_("cannot write backup '%s': it is the database being copied"), dest);
	if (exists && !force)
		return error(_("'%s' already exists (use --force to overwrite it)"), dest);
	/* Same folder as dest, so that rename() is atomic: a reader of dest
	 * sees the old file or the complete new one, never half a copy. */
	tmp = xasprintf("%s.tmp-%ld", dest, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		error(_("cannot write backup '%s': %s"), dest, strerror(errno));
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
		error(_("cannot write backup '%s': %s"), dest, strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
fail:
	error(_("cannot write backup '%s': %s"), dest,
	      db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
	sqlite3_close(db);
	unlink(tmp);
	free(tmp);
	return -1;
}
