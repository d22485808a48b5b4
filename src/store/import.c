/* import.c - merging one loaded file into the database.
 *
 * Identity is the card key; history (card_state, reviews) hangs off the card
 * row, so keeping the row keeps the history. A reworded question has a new
 * key: it takes over the row of a card that vanished from the same file when
 * their fronts are similar enough. */
#include "store_int.h"

#include <string.h>
#include <sys/stat.h>

#include "dkquiz/text.h"

#define REWORD_SIMILARITY 0.8

struct old_card {
	int64_t id;
	char *front;
	bool seen;
};

/* `old` is sorted by id. */
static void mark_seen(struct old_card *old, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (old[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < n && old[lo].id == id)
		old[lo].seen = true;
}

static int deck_id(struct store *st, const char *name, int64_t *id)
{
	sqlite3_stmt *s = store_prepare(st,
		"INSERT INTO decks(name) VALUES (?1) ON CONFLICT(name) DO UPDATE SET name = name "
		"RETURNING id");
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : store_fail(st, "cannot save a deck");
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

/* The stored form of a card's columns, in bind order ?3..?14 of the
 * statements below. */
struct card_row {
	int64_t deck;
	char *breadcrumb;
	char *options;
};

static void bind_card(sqlite3_stmt *s, const struct card *c, const struct card_row *r,
		      int64_t file, int ord, int64_t now)
{
	sqlite3_bind_int64(s, 3, r->deck);
	sqlite3_bind_int64(s, 4, file);
	sqlite3_bind_int(s, 5, c->line);
	sqlite3_bind_int(s, 6, ord);
	sqlite3_bind_text(s, 7, r->breadcrumb, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, c->tags ? c->tags : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, card_type_name(c->type), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, card_shape_name(c->shape), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 11, c->front, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 12, c->back, -1, SQLITE_STATIC);
	if (r->options)
		sqlite3_bind_text(s, 13, r->options, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 13);
	if (c->typeable && c->answer_text)
		sqlite3_bind_text(s, 14, c->answer_text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 14);
	if (c->note)
		sqlite3_bind_text(s, 15, c->note, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 15);
	sqlite3_bind_int64(s, 16, now);
}

static int run(struct store *st, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(st, what);
	return 0;
}

int store_file_unchanged(struct store *st, const char *abs, const char *sha256)
{
	sqlite3_stmt *s = store_prepare(st, "SELECT sha256 = ?2 FROM files WHERE path = ?1");
	int rc, same = 0;

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, abs, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, sha256, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		same = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, "cannot read files");
	return same;
}

static int import_body(struct store *st, const char *abs, const struct load_result *res,
		       int64_t now, bool prune, struct import_stats *out)
{
	sqlite3_stmt *find = NULL, *upd = NULL, *ins = NULL, *ins_state = NULL, *retire = NULL;
	sqlite3_stmt *fts_del = NULL, *fts_add = NULL;
	int64_t *updated = NULL, max_before = 0;
	size_t nupdated = 0;
	struct old_card *old = NULL;
	size_t nold = 0, cap = 0;
	size_t *pending = NULL, npending = 0;
	int64_t file_id = 0, last_deck = -1;
	const char *last_deck_name = NULL;
	struct stat sb;
	sqlite3_stmt *s;
	int ret = -1;

	/* The file row. */
	s = store_prepare(st, "INSERT INTO files(path, sha256, mtime, imported_at) VALUES (?1, ?2, ?3, ?4) "
			      "ON CONFLICT(path) DO UPDATE SET sha256 = excluded.sha256, "
			      "mtime = excluded.mtime, imported_at = excluded.imported_at RETURNING id");
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, abs, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, res->sha256 ? res->sha256 : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, stat(abs, &sb) == 0 ? (int64_t)sb.st_mtime : 0);
	sqlite3_bind_int64(s, 4, now);
	if (sqlite3_step(s) == SQLITE_ROW)
		file_id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (!file_id)
		return store_fail(st, "cannot record the file");

	/* Cards above this id are new in this import: the full-text index
	 * takes them in one statement at the end. */
	s = store_prepare(st, "SELECT coalesce(max(id), 0) FROM cards");
	if (!s)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		max_before = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);

	/* The file's live cards before this import. */
	s = store_prepare(st, "SELECT id, front FROM cards WHERE file = ?1 AND retired_at IS NULL ORDER BY id");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, file_id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		XGROW(old, nold + 1, cap);
		old[nold].id = sqlite3_column_int64(s, 0);
		old[nold].front = col_strdup(s, 1);
		old[nold].seen = false;
		nold++;
	}
	sqlite3_finalize(s);

	find = store_prepare(st, "SELECT id, file, retired_at IS NOT NULL, deck, line, breadcrumb, tags, "
				 "type, front, back, options, answer, note FROM cards WHERE key = ?1");
	upd = store_prepare(st, "UPDATE cards SET key = ?2, deck = ?3, file = ?4, line = ?5, ord = ?6, "
				"breadcrumb = ?7, tags = ?8, type = ?9, shape = ?10, front = ?11, back = ?12, "
				"options = ?13, answer = ?14, note = ?15, updated_at = ?16, retired_at = NULL "
				"WHERE id = ?1");
	ins = store_prepare(st, "INSERT INTO cards(key, deck, file, line, ord, breadcrumb, tags, type, shape, "
				"front, back, options, answer, note, created_at, updated_at) "
				"VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16)");
	ins_state = store_prepare(st, "INSERT INTO card_state(card, state, stability, difficulty, due_ms, "
				      "last_review_ms, elapsed_days, scheduled_days, step, reps, lapses) "
				      "VALUES (?1, 0, 0, 0, ?2, NULL, 0, 0, 0, 0, 0)");
	retire = store_prepare(st, "UPDATE cards SET retired_at = ?2 WHERE id = ?1");
	fts_del = store_prepare(st, "INSERT INTO cards_fts(cards_fts, rowid, front, back, tags) "
				    "SELECT 'delete', id, front, back, tags FROM cards WHERE id = ?1");
	fts_add = store_prepare(st, "INSERT INTO cards_fts(rowid, front, back, tags) "
				    "SELECT id, front, back, tags FROM cards WHERE id = ?1");
	if (!find || !upd || !ins || !ins_state || !retire || !fts_del || !fts_add)
		goto out;
	pending = xmalloc((res->ncards + 1) * sizeof(*pending));
	updated = xmalloc((res->ncards + 1) * sizeof(*updated));

	for (size_t i = 0; i < res->ncards; i++) {
		const struct card *c = &res->cards[i];
		struct card_row row = { 0 };
		int64_t id = 0, other_file = 0;
		bool retired = false, same = false;
		int rc;

		if (!last_deck_name || strcmp(last_deck_name, c->deck) != 0) {
			if (deck_id(st, c->deck, &last_deck))
				goto out;
			last_deck_name = c->deck;
		}
		row.deck = last_deck;
		row.breadcrumb = join_breadcrumb(c);
		row.options = c->noptions ? card_options_encode(c->options, c->noptions) : NULL;

		sqlite3_bind_text(find, 1, c->key, -1, SQLITE_STATIC);
		rc = sqlite3_step(find);
		if (rc == SQLITE_ROW) {
			const char *opt = (const char *)sqlite3_column_text(find, 10);
			const char *ans = (const char *)sqlite3_column_text(find, 11);
			const char *note = (const char *)sqlite3_column_text(find, 12);

			id = sqlite3_column_int64(find, 0);
			other_file = sqlite3_column_int64(find, 1);
			retired = sqlite3_column_int(find, 2);
			same = !retired && other_file == file_id &&
			       sqlite3_column_int64(find, 3) == row.deck &&
			       sqlite3_column_int(find, 4) == c->line &&
			       !strcmp((const char *)sqlite3_column_text(find, 5), row.breadcrumb) &&
			       !strcmp((const char *)sqlite3_column_text(find, 6), c->tags ? c->tags : "") &&
			       !strcmp((const char *)sqlite3_column_text(find, 7), card_type_name(c->type)) &&
			       !strcmp((const char *)sqlite3_column_text(find, 8), c->front) &&
			       !strcmp((const char *)sqlite3_column_text(find, 9), c->back) &&
			       !(opt ? !row.options || strcmp(opt, row.options) : !!row.options) &&
			       !(ans ? !c->typeable || !c->answer_text || strcmp(ans, c->answer_text)
				     : c->typeable && c->answer_text) &&
			       !(note ? !c->note || strcmp(note, c->note) : !!c->note);
		}
		sqlite3_reset(find);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			store_fail(st, "cannot look up a card");
			goto next_fail;
		}
		if (id && !retired && other_file && other_file != file_id) {
			/* The same card lives in another file that is still there. */
			warning("%s:%d: same card as one already imported from another file; skipped",
				res->path, c->line);
			out->warnings++;
			goto next;
		}
		mark_seen(old, nold, id);
		if (id && same) {
			out->unchanged++;
		} else if (id) {
			/* Out of the index with its old text; back in at the end. */
			sqlite3_bind_int64(fts_del, 1, id);
			if (run(st, fts_del, "cannot update the search index"))
				goto next_fail;
			updated[nupdated++] = id;
			sqlite3_bind_int64(upd, 1, id);
			sqlite3_bind_text(upd, 2, c->key, -1, SQLITE_STATIC);
			bind_card(upd, c, &row, file_id, (int)i, now);
			if (run(st, upd, "cannot update a card"))
				goto next_fail;
			out->updated++;
		} else {
			pending[npending++] = i;
		}
next:
		free(row.breadcrumb);
		free(row.options);
		continue;
next_fail:
		free(row.breadcrumb);
		free(row.options);
		goto out;
	}

	/* New keys: a reworded question inherits the closest vanished card. */
	for (size_t p = 0; p < npending; p++) {
		const struct card *c = &res->cards[pending[p]];
		struct card_row row = { 0 };
		double best = REWORD_SIMILARITY;
		size_t bestk = nold;
		int64_t id;
		int err;

		for (size_t k = 0; k < nold; k++) {
			double sim;

			if (old[k].seen)
				continue;
			sim = text_similarity(old[k].front, c->front);
			if (sim >= best) {
				best = sim;
				bestk = k;
			}
		}
		if (deck_id(st, c->deck, &row.deck))
			goto out;
		row.breadcrumb = join_breadcrumb(c);
		row.options = c->noptions ? card_options_encode(c->options, c->noptions) : NULL;
		if (bestk < nold) {
			old[bestk].seen = true;
			sqlite3_bind_int64(fts_del, 1, old[bestk].id);
			if (run(st, fts_del, "cannot update the search index")) {
				free(row.breadcrumb);
				free(row.options);
				goto out;
			}
			updated[nupdated++] = old[bestk].id;
			sqlite3_bind_int64(upd, 1, old[bestk].id);
			sqlite3_bind_text(upd, 2, c->key, -1, SQLITE_STATIC);
			bind_card(upd, c, &row, file_id, (int)pending[p], now);
			err = run(st, upd, "cannot update a card");
			out->updated++;
		} else {
			sqlite3_bind_text(ins, 2, c->key, -1, SQLITE_STATIC);
			bind_card(ins, c, &row, file_id, (int)pending[p], now);
			err = run(st, ins, "cannot add a card");
			if (!err) {
				id = sqlite3_last_insert_rowid(st->db);
				sqlite3_bind_int64(ins_state, 1, id);
				sqlite3_bind_int64(ins_state, 2, now);
				err = run(st, ins_state, "cannot add a card");
			}
			out->new_cards++;
		}
		free(row.breadcrumb);
		free(row.options);
		if (err)
			goto out;
	}

	for (size_t k = 0; k < nold; k++) {
		if (old[k].seen)
			continue;
		sqlite3_bind_int64(retire, 1, old[k].id);
		sqlite3_bind_int64(retire, 2, now);
		if (run(st, retire, "cannot retire a card"))
			goto out;
		out->retired++;
	}
	/* The search index: the updated cards one by one, the new ones in
	 * bulk (retired cards stay searchable until they are pruned). */
	for (size_t k = 0; k < nupdated; k++) {
		sqlite3_bind_int64(fts_add, 1, updated[k]);
		if (run(st, fts_add, "cannot update the search index"))
			goto out;
	}
	s = store_prepare(st, "INSERT INTO cards_fts(rowid, front, back, tags) "
			      "SELECT id, front, back, tags FROM cards WHERE id > ?1");
	if (!s)
		goto out;
	sqlite3_bind_int64(s, 1, max_before);
	if (sqlite3_step(s) != SQLITE_DONE) {
		sqlite3_finalize(s);
		store_fail(st, "cannot update the search index");
		goto out;
	}
	sqlite3_finalize(s);
	if (prune) {
		s = store_prepare(st, "INSERT INTO cards_fts(cards_fts, rowid, front, back, tags) "
				      "SELECT 'delete', id, front, back, tags FROM cards "
				      "WHERE file = ?1 AND retired_at IS NOT NULL");
		if (!s)
			goto out;
		sqlite3_bind_int64(s, 1, file_id);
		if (sqlite3_step(s) != SQLITE_DONE) {
			sqlite3_finalize(s);
			store_fail(st, "cannot update the search index");
			goto out;
		}
		sqlite3_finalize(s);
		s = store_prepare(st, "DELETE FROM cards WHERE file = ?1 AND retired_at IS NOT NULL");
		if (!s)
			goto out;
		sqlite3_bind_int64(s, 1, file_id);
		if (sqlite3_step(s) != SQLITE_DONE) {
			sqlite3_finalize(s);
			store_fail(st, "cannot delete retired cards");
			goto out;
		}
		sqlite3_finalize(s);
		out->deleted = sqlite3_changes(st->db);
	}
	ret = 0;
out:
	for (size_t k = 0; k < nold; k++)
		free(old[k].front);
	free(old);
	free(pending);
	free(updated);
	sqlite3_finalize(fts_del);
	sqlite3_finalize(fts_add);
	sqlite3_finalize(find);
	sqlite3_finalize(upd);
	sqlite3_finalize(ins);
	sqlite3_finalize(ins_state);
	sqlite3_finalize(retire);
	return ret;
}

int store_import(struct store *st, const char *abs, const struct load_result *res,
		 int64_t now, bool prune, bool dry_run, struct import_stats *out)
{
	memset(out, 0, sizeof(*out));
	if (store_exec(st, "BEGIN IMMEDIATE"))
		return -1;
	if (import_body(st, abs, res, now, prune, out)) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	if (dry_run) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return 0;
	}
	if (store_exec(st, "COMMIT")) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}
