/* test_store.c - the SQLite store: opening, refusing what is not ours,
 * migrations, imports that keep history, reviews and undo. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dkquiz/fsrs.h"
#include "dkquiz/load.h"
#include "dkquiz/store.h"
#include "dkquiz/util.h"
/* The migration test builds an old database with the store's own steps. */
#include "../../src/store/store_int.h"

static char tmpdir[] = "/tmp/dkquiz-store-XXXXXX";

static char *tmp_path(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(tmpdir))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	int rc = system(cmd);

	(void)state;
	free(cmd);
	return rc == 0 ? 0 : -1;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char tmp[4096];
	size_t k;

	assert_non_null(f);
	while ((k = fread(tmp, 1, sizeof(tmp), f)) > 0)
		buf_add(&b, tmp, k);
	fclose(f);
	*n = b.len;
	return buf_detach(&b);
}

/* Import a markdown text as if it were the file `name`. */
static int import_text(struct store *st, const char *name, const char *md, int64_t now,
		       bool prune, struct import_stats *s)
{
	char *path = tmp_path(name);
	struct load_result res;
	int rc;

	write_file(path, md);
	assert_int_equal(load_file(path, NULL, &res), 0);
	rc = store_import(st, path, &res, now, prune, false, s);
	load_result_release(&res);
	free(path);
	return rc;
}

static const char deck_v1[] =
	"---\ndeck: T\nlang: en\n---\n# T\n"
	"<!-- id: a -->\n### What does docker ps list?\nRunning containers.\n\n"
	"<!-- id: b -->\n### What does docker images list?\nLocal images.\n\n"
	"### Which port does HTTPS use by default?\n443.\n";

static void test_open_create_and_version(void **state)
{
	char *db = tmp_path("sub/dir/new.db");
	struct store *st;
	struct stat sb;

	(void)state;
	assert_int_equal(store_open(db, 0, &st), -1); /* no STORE_CREATE: no file made */
	assert_int_not_equal(stat(db, &sb), 0);
	assert_int_equal(store_open(db, STORE_CREATE, &st), 0);
	assert_int_equal(store_version(st), STORE_VERSION);
	store_close(st);
	assert_int_equal(stat(db, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* Reopening an up-to-date database works and keeps the version. */
	assert_int_equal(store_open(db, 0, &st), 0);
	assert_int_equal(store_version(st), STORE_VERSION);
	store_close(st);
	free(db);
}

static void test_refuse_not_a_database(void **state)
{
	char *p = tmp_path("notes.md");
	struct store *st;
	size_t n;
	char *after;

	(void)state;
	write_file(p, "# my precious notes\n");
	assert_int_equal(store_open(p, STORE_CREATE, &st), -1);
	after = slurp(p, &n);
	assert_string_equal(after, "# my precious notes\n");
	free(after);
	free(p);
}

static void test_refuse_newer_and_foreign(void **state)
{
	char *db = tmp_path("newer.db");
	char *other = tmp_path("other.db");
	char *cmd;
	struct store *st;

	(void)state;
	assert_int_equal(store_open(db, STORE_CREATE, &st), 0);
	store_close(st);
	cmd = xasprintf("sqlite3 '%s' 'PRAGMA user_version = 99' && "
			"sqlite3 '%s' 'CREATE TABLE x(a)'", db, other);
	if (system(cmd) != 0) {
		free(cmd);
		free(db);
		free(other);
		skip();
	}
	free(cmd);
	assert_int_equal(store_open(db, 0, &st), -1);
	assert_int_equal(store_open(other, STORE_CREATE, &st), -1);
	free(db);
	free(other);
}

/* The read-only cases, run by a process without privileges: 0 when all
 * pass, else the number of the first that failed. */
static int read_only_cases(const char *ro, const char *in_closed)
{
	struct store *st;
	int64_t n = 0;
	char *side;
	int rc = 0;

	/* a read-only file: refused to a writer, read by a reader, and no
	 * -wal or -shm made beside it in its open folder */
	if (store_open(ro, 0, &st) != -1)
		return 1;
	if (store_open(ro, STORE_READONLY, &st) != 0)
		return 2;
	if (store_card_count(st, &n) != 0 || n != 0)
		rc = 3;
	store_close(st);
	side = xasprintf("%s-shm", ro);
	if (!rc && access(side, F_OK) == 0)
		rc = 4;
	free(side);
	if (rc)
		return rc;
	/* a writable file in a read-only folder: a reader reads it */
	if (store_open(in_closed, STORE_READONLY, &st) != 0)
		return 5;
	if (store_card_count(st, &n) != 0)
		rc = 6;
	store_close(st);
	return rc;
}

/* Run fn(a, b) in a child, as nobody when we are root (root writes
 * everything), after the mode bits were set; its exit status. */
static int as_nobody(int (*fn)(const char *, const char *), const char *a, const char *b)
{
	pid_t pid;
	int status;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (getuid() == 0 && (setgroups(0, NULL) || setgid(65534) || setuid(65534)))
			_exit(100);
		_exit(fn(a, b));
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void test_read_only(void **state)
{
	char *open_dir = tmp_path("open"), *closed_dir = tmp_path("closed");
	char *ro = tmp_path("open/ro.db"), *rw = tmp_path("closed/rw.db");
	struct store *st;
	int status;

	(void)state;
	assert_int_equal(mkdir(open_dir, 0777), 0);
	assert_int_equal(mkdir(closed_dir, 0777), 0);
	assert_int_equal(store_open(ro, STORE_CREATE, &st), 0);
	store_close(st);
	assert_int_equal(store_open(rw, STORE_CREATE, &st), 0);
	store_close(st);
	/* the mode bits as they are, whatever the umask */
	assert_int_equal(chmod(tmpdir, 0755), 0);
	assert_int_equal(chmod(open_dir, 0777), 0);
	assert_int_equal(chmod(ro, 0444), 0);
	assert_int_equal(chmod(rw, 0666), 0);
	assert_int_equal(chmod(closed_dir, 0555), 0);
	status = as_nobody(read_only_cases, ro, rw);
	chmod(closed_dir, 0755);
	assert_int_equal(status, 0);
	free(open_dir);
	free(closed_dir);
	free(ro);
	free(rw);
}

/* The value of a query's first column, an integer. */
static int64_t count_rows(struct store *st, const char *sql)
{
	sqlite3_stmt *s;
	int64_t v = -1;

	assert_int_equal(sqlite3_prepare_v2(st->db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static void test_import_keeps_history(void **state)
{
	char *db = tmp_path("imp.db");
	char *md = tmp_path("deck.md");
	struct store *st;
	struct import_stats s;
	struct sess_card *cards;
	size_t n;
	struct review_rec r = { 0 };
	int64_t now = 1767949200000LL; /* 2026-01-09 09:00 UTC */
	int64_t id_a = 0, id_b = 0, id_https = 0;

	(void)state;
	assert_int_equal(store_open(db, STORE_CREATE, &st), 0);
	assert_int_equal(import_text(st, "deck.md", deck_v1, now, false, &s), 0);
	assert_int_equal(s.new_cards, 3);
	assert_int_equal(s.updated + s.unchanged + s.retired, 0);

	/* Review card a and the https card once. */
	assert_int_equal(store_load_cards(st, NULL, &cards, &n), 0);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++) {
		if (strstr(cards[i].c.front, "docker ps"))
			id_a = cards[i].id;
		if (strstr(cards[i].c.front, "docker images"))
			id_b = cards[i].id;
		if (strstr(cards[i].c.front, "HTTPS"))
			id_https = cards[i].id;
	}
	sess_cards_free(cards, n);
	assert_true(id_a && id_b && id_https);
	for (int k = 0; k < 3; k++) {
		struct fsrs_params p;

		fsrs_params_default(&p);
		memset(&r, 0, sizeof(r));
		r.card_id = k == 0 ? id_b : k == 1 ? id_a : id_https;
		r.at_ms = now;
		r.rating = 3;
		fsrs_card_init(&r.before, now);
		assert_int_equal(fsrs_review(&p, &r.before, now, 3, &r.after), 0);
		assert_int_equal(store_commit_review(st, &r), 0);
		/* the id is the instant, then the rank in that millisecond */
		assert_true(r.log_id == (now << 20) + k);
	}

	/* A review reads every scheduled card but only the next new ones. */
	assert_int_equal(store_load_cards(st, &(struct selection){ .limit_new = true, .new_limit = 0 },
					  &cards, &n), 0);
	assert_int_equal(n, 3);
	sess_cards_free(cards, n);
	assert_int_equal(store_load_cards(st, &(struct selection){ .limit_new = true, .new_limit = 1 },
					  &cards, &n), 0);
	assert_int_equal(n, 3);
	sess_cards_free(cards, n);

	/* Same file again: all unchanged. */
	assert_int_equal(import_text(st, "deck.md", deck_v1, now, false, &s), 0);
	assert_int_equal(s.unchanged, 3);

	/* Edit: a's answer changes (same id), b disappears, the https question is
	 * reworded slightly (no id: its key changes) and keeps its history. */
	assert_int_equal(import_text(st, "deck.md",
		"---\ndeck: T\nlang: en\n---\n# T\n"
		"<!-- id: a -->\n### What does docker ps list?\nThe running containers.\n\n"
		"### Which port does HTTPS use by default ?\n443.\n", now + 1000, false, &s), 0);
	assert_int_equal(s.updated, 2);
	assert_int_equal(s.retired, 1);
	assert_int_equal(s.new_cards, 0);

	assert_int_equal(store_load_cards(st, NULL, &cards, &n), 0);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(cards[i].st.reps, 1);
		assert_true(cards[i].id == id_a || cards[i].id == id_https);
	}
	sess_cards_free(cards, n);

	/* Prune deletes the retired card, its state and its reviews. */
	assert_int_equal(import_text(st, "deck.md",
		"---\ndeck: T\nlang: en\n---\n# T\n"
		"<!-- id: a -->\n### What does docker ps list?\nThe running containers.\n\n"
		"### Which port does HTTPS use by default ?\n443.\n", now + 2000, true, &s), 0);
	assert_int_equal(s.deleted, 1);
	assert_int_equal(count_rows(st, "SELECT count(*) FROM cards"), 2);
	assert_int_equal(count_rows(st, "SELECT count(*) FROM card_state"), 2);
	assert_int_equal(count_rows(st, "SELECT count(*) FROM reviews"), 2);
	assert_int_equal(count_rows(st, "SELECT count(*) FROM pragma_foreign_key_check"), 0);

	/* Undo restores the state and removes the log row. */
	r.card_id = id_a;
	fsrs_card_init(&r.before, now);
	assert_int_equal(store_undo_review(st, &r), 0);
	assert_int_equal(store_load_cards(st, &(struct selection){ .deck = "T" }, &cards, &n), 0);
	for (size_t i = 0; i < n; i++)
		if (cards[i].id == id_a)
			assert_int_equal(cards[i].st.reps, 0);
	sess_cards_free(cards, n);
	store_close(st);
	free(db);
	free(md);
}

/* The same question in two files of one deck: a warning naming the first
 * file and line, and two cards; a card whose file is gone moves instead. */
static void test_duplicates_across_files(void **state)
{
	char *db = tmp_path("dup.db"), *a = tmp_path("dup-a.md"), *gone = tmp_path("dup-c.md");
	struct store *st;
	struct import_stats s;
	struct sess_card *cards;
	size_t n;
	int64_t now = 1767949200000LL, moved_id = 0;
	static const char a_md[] =
		"---\ndeck: D\n---\n# D\n\n### What does docker ps list?\n\nRunning containers.\n\n"
		"### Which port does HTTPS use?\n\n443.\n";
	static const char b_md[] =
		"---\ndeck: D\n---\n# D\n\n### What does  Docker PS list?\n\nThe running ones.\n\n"
		"### Which port does SSH use?\n\n22.\n";

	(void)state;
	assert_int_equal(store_open(db, STORE_CREATE, &st), 0);
	assert_int_equal(import_text(st, "dup-a.md", a_md, now, false, &s), 0);
	assert_int_equal(s.new_cards, 2);
	assert_int_equal(s.ndups, 0);

	/* b asks a's first question again (same once folded) */
	assert_int_equal(import_text(st, "dup-b.md", b_md, now, false, &s), 0);
	assert_int_equal(s.new_cards, 2);
	assert_int_equal(s.warnings, 1);
	assert_int_equal(s.ndups, 1);
	assert_int_equal(s.dups[0].line, 6);
	assert_string_equal(s.dups[0].other_path, a);
	assert_int_equal(s.dups[0].other_line, 6);
	import_stats_release(&s);
	assert_int_equal(store_load_cards(st, NULL, &cards, &n), 0);
	assert_int_equal(n, 4);
	sess_cards_free(cards, n);

	/* again: the same card, the same warning, nothing new */
	assert_int_equal(import_text(st, "dup-b.md", b_md, now + 1, false, &s), 0);
	assert_int_equal(s.unchanged, 2);
	assert_int_equal(s.new_cards + s.updated, 0);
	assert_int_equal(s.ndups, 1);
	import_stats_release(&s);

	/* the question leaves a: b's card stays, without a warning */
	assert_int_equal(import_text(st, "dup-a.md",
		"---\ndeck: D\n---\n# D\n\n### Which port does HTTPS use?\n\n443.\n", now + 2, false, &s), 0);
	assert_int_equal(s.retired, 1);
	assert_int_equal(import_text(st, "dup-b.md", b_md, now + 3, false, &s), 0);
	assert_int_equal(s.unchanged, 2);
	assert_int_equal(s.ndups + s.new_cards + s.updated, 0);

	/* a file deleted from the disk: its card moves with its history */
	assert_int_equal(import_text(st, "dup-c.md",
		"---\ndeck: E\n---\n# E\n\n### What is a pod?\n\nContainers together.\n", now, false, &s), 0);
	assert_int_equal(store_load_cards(st, &(struct selection){ .deck = "E" }, &cards, &n), 0);
	assert_int_equal(n, 1);
	moved_id = cards[0].id;
	sess_cards_free(cards, n);
	assert_int_equal(unlink(gone), 0);
	assert_int_equal(import_text(st, "dup-d.md",
		"---\ndeck: E\n---\n# E\n\n### What is a pod?\n\nContainers together.\n", now, false, &s), 0);
	assert_int_equal(s.ndups + s.new_cards, 0);
	assert_int_equal(s.updated, 1);
	assert_int_equal(store_load_cards(st, &(struct selection){ .deck = "E" }, &cards, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(cards[0].id, moved_id);
	sess_cards_free(cards, n);
	store_close(st);
	free(db);
	free(a);
	free(gone);
}

/* Import a file whose second card breaks a NOT NULL constraint after the
 * first was inserted: store_import() must fail. */
static int import_broken(struct store *st, int64_t now)
{
	struct load_result res = { 0 };
	struct import_stats s;
	struct card good = { 0 }, bad;

	good.key = (char *)"dup";
	good.deck = (char *)"T";
	good.file = (char *)"x.md";
	good.tags = (char *)"";
	good.front = (char *)"Q?";
	good.back = (char *)"A";
	bad = good;
	bad.key = (char *)"other";
	bad.front = NULL;
	res.path = (char *)"x.md";
	res.sha256 = (char *)"00";
	res.cards = (struct card[]){ good, bad };
	res.ncards = 2;
	return store_import(st, "/nonexistent/x.md", &res, now, false, false, &s);
}

static void test_failed_import_changes_nothing(void **state)
{
	char *db = tmp_path("fail.db");
	char *copy = tmp_path("fail-before.db");
	struct store *st;
	struct import_stats s;
	char *cmd;
	size_t n1, n2;
	char *a, *b;

	(void)state;
	assert_int_equal(store_open(db, STORE_CREATE, &st), 0);
	assert_int_equal(import_text(st, "ok.md", deck_v1, 1000, false, &s), 0);
	store_close(st);
	cmd = xasprintf("cp '%s' '%s'", db, copy);
	assert_int_equal(system(cmd), 0);
	free(cmd);

	/* The second card breaks a NOT NULL constraint after the first was
	 * inserted: the whole file must roll back. */
	assert_int_equal(store_open(db, 0, &st), 0);
	assert_int_equal(import_broken(st, 2000), -1);
	store_close(st);

	/* The file as a whole (WAL checkpointed on close) is as before. */
	a = slurp(db, &n1);
	b = slurp(copy, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(a, b, n1);
	free(a);
	free(b);
	free(db);
	free(copy);
}

/* Hits of a search, and the search index agrees with the cards table. */
static size_t hits_of(struct store *st, const char *words)
{
	struct search_hit *hits;
	size_t n;

	assert_int_equal(store_search(st, words, NULL, 0, &hits, &n), 0);
	search_hits_free(hits, n);
	return n;
}

static void assert_index_sound(struct store *st)
{
	/* (sound once it holds every card) */
	assert_int_equal(store_search_index(st), 0);
	assert_int_equal(sqlite3_exec(st->db, "INSERT INTO cards_fts(cards_fts, rank) "
					      "VALUES ('integrity-check', 1)", NULL, NULL, NULL),
			 SQLITE_OK);
}

/* The search index's 'automerge' setting, 4 (FTS5's default) when unset. */
static int64_t fts_automerge(struct store *st)
{
	return count_rows(st, "SELECT coalesce((SELECT v FROM cards_fts_config WHERE k = 'automerge'), 4)");
}

/* Its 'hashsize', 1 MiB (FTS5's default) when unset. */
static int64_t fts_hashsize(struct store *st)
{
	return count_rows(st, "SELECT coalesce((SELECT v FROM cards_fts_config WHERE k = 'hashsize'), 1048576)");
}

/* Import a text that must import; its counts stay in *s. */
static void import_ok(struct store *st, const char *name, const char *md, int64_t now, bool prune,
		      struct import_stats *s)
{
	assert_int_equal(import_text(st, name, md, now, prune, s), 0);
	import_stats_release(s);
}

static void test_batch_import(void **state)
{
	char *db = tmp_path("batch.db");
	struct store *st;
	struct import_stats s;
	static const char job_md[] = "# F\n### What is a Job?\nPods run to completion.\n";

	(void)state;
	assert_int_equal(store_open(db, STORE_CREATE, &st), 0);
	assert_false(store_batch_open(st));

	/* Three files in one batch; the middle one fails alone. */
	assert_int_equal(store_batch_begin(st), 0);
	assert_true(store_batch_open(st));
	/* the search index keeps more terms before it writes a segment */
	assert_int_equal(fts_automerge(st), 0);
	assert_int_equal(fts_hashsize(st), 8 << 20);
	import_ok(st, "ba.md", "# A\n### What does kubectl drain do?\nEvicts the pods.\n\n"
		  "### What does kubectl cordon do?\nMarks a node unschedulable.\n", 1000, false, &s);
	assert_int_equal(import_broken(st, 1000), -1);
	assert_true(store_batch_open(st));
	import_ok(st, "bc.md", "# C\n### What is a DaemonSet?\nOne pod per node.\n", 1000, false, &s);

	/* A card new in this batch changes, another goes, in the same batch. */
	import_ok(st, "ba.md", "# A\n### What does kubectl drain do?\nEvicts the workloads.\n", 1000, true, &s);
	assert_int_equal(s.updated, 1);
	assert_int_equal(s.deleted, 1);
	assert_int_equal(store_batch_commit(st), 0);
	assert_false(store_batch_open(st));
	assert_int_equal(hits_of(st, "drain"), 1);
	assert_int_equal(hits_of(st, "workloads"), 1);
	assert_int_equal(hits_of(st, "pods"), 0);
	assert_int_equal(hits_of(st, "cordon"), 0);
	assert_int_equal(hits_of(st, "daemonset"), 1);
	assert_index_sound(st);
	/* the batch stops the index's merges while it adds its cards, and
	 * gives them back their setting */
	assert_int_equal(fts_automerge(st), 4);
	assert_int_equal(fts_hashsize(st), 1 << 20);
	assert_int_equal(sqlite3_exec(st->db, "INSERT INTO cards_fts(cards_fts, rank) VALUES ('automerge', 2); "
				      "INSERT INTO cards_fts(cards_fts, rank) VALUES ('hashsize', 300000)",
				      NULL, NULL, NULL), SQLITE_OK);

	/* The card with the highest id goes, and a new card of a later file
	 * of the same batch takes its id: the new one must be searchable. */
	import_ok(st, "bd.md", "# D\n### What is a ReplicaSet?\nKeeps N pods running.\n", 2000, false, &s);
	assert_int_equal(store_batch_begin(st), 0);
	import_ok(st, "bd.md", "# D\n", 3000, true, &s);
	assert_int_equal(s.deleted, 1);
	import_ok(st, "be.md", "# E\n### What is a StatefulSet?\nPods with stable names.\n", 3000, false, &s);
	assert_int_equal(store_batch_commit(st), 0);
	assert_int_equal(hits_of(st, "replicaset"), 0);
	assert_int_equal(hits_of(st, "statefulset"), 1);
	assert_index_sound(st);
	assert_int_equal(fts_automerge(st), 2);
	assert_int_equal(fts_hashsize(st), 300000);

	/* A batch rolled back saves nothing. */
	assert_int_equal(store_batch_begin(st), 0);
	import_ok(st, "bf.md", job_md, 4000, false, &s);
	store_batch_rollback(st);
	assert_false(store_batch_open(st));
	assert_int_equal(hits_of(st, "completion"), 0);
	assert_index_sound(st);

	/* One left open when the store closes is rolled back too. */
	assert_int_equal(store_batch_begin(st), 0);
	import_ok(st, "bf.md", job_md, 4000, false, &s);
	store_close(st);
	assert_int_equal(store_open(db, 0, &st), 0);
	assert_int_equal(hits_of(st, "completion"), 0);
	assert_int_equal(hits_of(st, "statefulset"), 1);
	store_close(st);
	free(db);
}

/* A file of `n` questions "What is item K?", each answered "Answer K"
 * (card `changed` answered "Changed answer" instead); `skip` is left out. */
static char *many_questions(int n, int changed, int skip)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "# Many\n");
	for (int k = 0; k < n; k++) {
		if (k == skip)
			continue;
		if (k == changed)
			buf_addf(&b, "### What is item %d?\nChanged answer.\n\n", k);
		else
			buf_addf(&b, "### What is item %d?\nAnswer%05d.\n\n", k, k);
	}
	return buf_detach(&b);
}

/* Run by nobody: a search of a read-only database whose newest cards are
 * not in its index finds the others, and no error. */
static int searches_read_only(const char *db, const char *unused)
{
	struct store *st;
	struct search_hit *hits;
	size_t n = 99;
	int rc = 0;

	(void)unused;
	if (store_open(db, STORE_READONLY, &st) != 0)
		return 1;
	if (store_search(st, "item", NULL, 0, &hits, &n) != 0)
		rc = 2;
	else if (n != 0)
		rc = 3;
	search_hits_free(hits, n);
	store_close(st);
	return rc;
}

/* The cards an import adds go into the search index when a search first
 * needs them, not at the import; the import keeps the cards already in it
 * right through updates and prunes, and leaves those above it out. */
static void test_search_index(void **state)
{
	char *db = tmp_path("index.db");
	char *md = many_questions(40, -1, -1);
	struct store *st;
	struct import_stats s;

	(void)state;
	assert_int_equal(store_open(db, STORE_CREATE, &st), 0);
	assert_int_equal(store_search_index(st), 0); /* nothing to do */
	assert_int_equal(store_batch_begin(st), 0);
	import_ok(st, "many.md", md, 1000, false, &s);
	assert_int_equal(store_batch_commit(st), 0);
	assert_int_equal(count_rows(st, "SELECT count(*) FROM cards_fts_docsize"), 0);
	store_close(st);

	/* unreadable to a writer: searched as it is */
	assert_int_equal(chmod(tmpdir, 0755), 0);
	assert_int_equal(chmod(db, 0444), 0);
	assert_int_equal(as_nobody(searches_read_only, db, NULL), 0);
	assert_int_equal(chmod(db, 0644), 0);

	assert_int_equal(store_open(db, 0, &st), 0);
	assert_int_equal(hits_of(st, "answer00003"), 1);
	assert_int_equal(count_rows(st, "SELECT count(*) FROM cards_fts_docsize"), 40);
	assert_index_sound(st);

	/* a new card, and indexed ones changed and pruned, in one batch */
	assert_int_equal(store_batch_begin(st), 0);
	import_ok(st, "few.md", "# Few\n### What does kubectl cordon do?\nMarks a node unschedulable.\n",
		  1000, false, &s);
	free(md);
	md = many_questions(40, 3, 39);
	import_ok(st, "many.md", md, 2000, true, &s);
	assert_int_equal(s.updated, 1);
	assert_int_equal(s.deleted, 1);
	/* a search in the batch sees the index as the batch keeps it */
	assert_int_equal(hits_of(st, "changed"), 1);
	assert_int_equal(hits_of(st, "unschedulable"), 0);
	assert_int_equal(store_batch_commit(st), 0);
	assert_int_equal(hits_of(st, "answer00003"), 0);
	assert_int_equal(hits_of(st, "changed"), 1);
	assert_int_equal(hits_of(st, "answer00039"), 0);
	assert_int_equal(hits_of(st, "unschedulable"), 1);
	assert_int_equal(hits_of(st, "item"), 39);
	assert_index_sound(st);
	assert_int_equal(fts_automerge(st), 4);
	assert_int_equal(fts_hashsize(st), 1048576);

	/* the newest card changed before any search, then pruned with the
	 * top of the index: a card added after it, perhaps with its id, is
	 * found, and the pruned one is not */
	assert_int_equal(store_batch_begin(st), 0);
	import_ok(st, "new.md", "# New\n### What does kubectl drain do?\nEvicts the pods.\n", 3000, false, &s);
	import_ok(st, "new.md", "# New\n### What does kubectl drain do?\nEvicts every pod.\n", 3001, false,
		  &s);
	assert_int_equal(store_batch_commit(st), 0);
	assert_int_equal(hits_of(st, "evicts"), 1);
	assert_int_equal(hits_of(st, "pods"), 0);
	assert_int_equal(store_batch_begin(st), 0);
	import_ok(st, "new.md", "# New\n", 4000, true, &s);
	import_ok(st, "later.md", "# Later\n### What does kubectl uncordon do?\nSchedules again.\n", 4000,
		  false, &s);
	assert_int_equal(store_batch_commit(st), 0);
	assert_int_equal(hits_of(st, "evicts"), 0);
	assert_int_equal(hits_of(st, "schedules"), 1);
	assert_index_sound(st);
	store_close(st);
	free(md);
	free(db);
}

/* The database's journal mode, as SQLite names it. */
static char *journal_mode(struct store *st)
{
	sqlite3_stmt *q;
	char *mode;

	assert_int_equal(sqlite3_prepare_v2(st->db, "PRAGMA journal_mode", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	mode = xstrdup((const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	return mode;
}

static void assert_journal_mode(struct store *st, const char *want)
{
	char *mode = journal_mode(st);

	assert_string_equal(mode, want);
	free(mode);
}

/* The first import into a database writes it with a rollback journal, not
 * through the WAL, and gives the WAL back; not when the database holds
 * cards, nor while another connection has it open. A command started
 * during such an import opens the database and reads what was committed. */
static void test_bulk_journal(void **state)
{
	char *db = tmp_path("bulk.db"), *journal = tmp_path("bulk.db-journal");
	char *md = many_questions(40, -1, -1);
	struct store *st, *other;
	struct import_stats s;

	(void)state;
	assert_int_equal(store_open(db, STORE_CREATE, &st), 0);
	assert_journal_mode(st, "wal");
	assert_int_equal(store_open(db, 0, &other), 0);
	assert_false(store_bulk_begin(st));
	assert_journal_mode(st, "wal");
	store_close(other);

	assert_true(store_bulk_begin(st));
	assert_journal_mode(st, "delete");
	/* once is enough; and not inside a batch */
	assert_true(store_bulk_begin(st));
	assert_int_equal(store_batch_begin(st), 0);
	import_ok(st, "bulk1.md", md, 1000, false, &s);
	assert_int_equal(access(journal, F_OK), 0);
	assert_int_equal(store_open(db, 0, &other), 0);
	assert_int_equal(count_rows(other, "SELECT count(*) FROM cards"), 0);
	assert_int_equal(store_batch_commit(st), 0);
	assert_int_equal(count_rows(other, "SELECT count(*) FROM cards"), 40);
	store_close(other);
	store_bulk_end(st);
	assert_journal_mode(st, "wal");
	assert_int_equal(access(journal, F_OK), -1);
	assert_int_equal(hits_of(st, "answer00003"), 1);
	assert_index_sound(st);
	store_bulk_end(st);
	assert_journal_mode(st, "wal");

	/* with cards, the WAL stays */
	assert_false(store_bulk_begin(st));
	assert_journal_mode(st, "wal");
	store_close(st);
	assert_int_equal(store_open(db, 0, &st), 0);
	assert_journal_mode(st, "wal");
	/* and a store closed during one goes back to it */
	assert_int_equal(store_exec(st, "DELETE FROM card_state; DELETE FROM cards"), 0);
	assert_true(store_bulk_begin(st));
	store_close(st);
	assert_int_equal(store_open(db, 0, &st), 0);
	assert_journal_mode(st, "wal");
	store_close(st);
	free(md);
	free(journal);
	free(db);
}

static char *dump_cards(struct store *st);

/* Whether the database has the index of the card keys. */
static bool has_key_index(struct store *st)
{
	return count_rows(st, "SELECT count(*) FROM sqlite_schema WHERE name = 'cards_key'") == 1;
}

/* The same files in one batch, with the first import's journal (and the
 * keys without their index while the files allow it) or without: the
 * cards, the duplicates and the search index come out the same. */
static char *keys_batch(const char *name, bool bulk)
{
	static const char a_md[] = "---\ndeck: Same\n---\n# A\n### What does docker ps list?\n"
		"Running containers.\n\n### What does docker images list?\nLocal images.\n";
	static const char e_md[] = "# E\n### What is a Job?\nPods run to completion.\n";
	static const char d_md[] = "---\ndeck: Same\n---\n# D\n### What does docker ps list?\n"
		"All containers with -a.\n";
	char *db = tmp_path(name), *dump;
	struct store *st;
	struct import_stats s;

	assert_int_equal(store_open(db, STORE_CREATE, &st), 0);
	if (bulk)
		assert_true(store_bulk_begin(st));
	assert_int_equal(store_batch_begin(st), 0);
	assert_true(has_key_index(st) == !bulk);
	import_ok(st, "keys-a.md", a_md, 1000, false, &s);
	/* a file that fails is undone alone, its keys with it */
	assert_int_equal(import_broken(st, 1000), -1);
	assert_true(store_batch_open(st));
	import_ok(st, "keys-e.md", e_md, 1000, false, &s);
	assert_true(has_key_index(st) == !bulk);
	/* a question asked again: the index is back before the file */
	assert_int_equal(import_text(st, "keys-d.md", d_md, 1000, false, &s), 0);
	assert_int_equal(s.ndups, 1);
	assert_int_equal(s.new_cards, 1);
	import_stats_release(&s);
	assert_true(has_key_index(st));
	assert_int_equal(store_batch_commit(st), 0);
	store_bulk_end(st);
	assert_true(has_key_index(st));
	assert_int_equal(count_rows(st, "SELECT count(*) FROM cards WHERE key = 'dup'"), 0);
	assert_int_equal(hits_of(st, "containers"), 2);
	assert_int_equal(hits_of(st, "completion"), 1);
	assert_index_sound(st);
	assert_int_equal(count_rows(st, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check != 'ok'"), 0);
	dump = dump_cards(st);
	store_close(st);
	free(db);
	return dump;
}

static void test_bulk_keys(void **state)
{
	char *db = tmp_path("keys-again.db");
	char *with = keys_batch("keys-bulk.db", true), *without = keys_batch("keys-wal.db", false);
	struct store *st;
	struct import_stats s;

	(void)state;
	assert_string_equal(with, without);
	free(with);
	free(without);

	/* a file the database knows needs the index: back before it */
	assert_int_equal(store_open(db, STORE_CREATE, &st), 0);
	assert_true(store_bulk_begin(st));
	assert_int_equal(store_batch_begin(st), 0);
	assert_false(has_key_index(st));
	import_ok(st, "again.md", "# G\n### What is a pod?\nA group of containers.\n", 1000, false, &s);
	assert_false(has_key_index(st));
	assert_int_equal(import_text(st, "again.md", "# G\n### What is a pod?\nThe smallest unit.\n",
				     2000, false, &s), 0);
	assert_int_equal(s.updated, 1);
	import_stats_release(&s);
	assert_true(has_key_index(st));
	/* a batch rolled back gives the index back too */
	store_batch_rollback(st);
	assert_true(has_key_index(st));
	assert_int_equal(store_batch_begin(st), 0);
	assert_false(has_key_index(st));
	import_ok(st, "again.md", "# G\n### What is a pod?\nA group of containers.\n", 1000, false, &s);
	store_batch_rollback(st);
	assert_true(has_key_index(st));
	assert_int_equal(count_rows(st, "SELECT count(*) FROM cards"), 0);
	/* with cards, a batch keeps it */
	assert_int_equal(store_batch_begin(st), 0);
	import_ok(st, "again.md", "# G\n### What is a pod?\nA group of containers.\n", 1000, false, &s);
	assert_int_equal(store_batch_commit(st), 0);
	assert_int_equal(store_batch_begin(st), 0);
	assert_true(has_key_index(st));
	store_batch_rollback(st);
	store_close(st);
	free(db);
}

/* 0 when the database cannot be opened to read (2 when it reads cards, 3
 * when it reads none). */
static int refuses_half_written(const char *db, const char *unused)
{
	struct store *st;
	int64_t n = -1;

	(void)unused;
	if (store_open(db, STORE_READONLY, &st) != 0)
		return 0;
	store_card_count(st, &n);
	store_close(st);
	return n == 0 ? 3 : 2;
}

/* An import killed while it writes with the journal, after some of its
 * pages reached the database file (the child's page cache is tiny): a
 * reader that cannot write refuses the database rather than read it half
 * written, and the next open rolls the batch back. */
static void test_bulk_killed(void **state)
{
	char *db = tmp_path("killed.db"), *journal = tmp_path("killed.db-journal");
	struct store *st;
	struct stat sb;
	off_t before;
	pid_t pid;
	int status;

	(void)state;
	assert_int_equal(store_open(db, STORE_CREATE, &st), 0);
	store_close(st);
	assert_int_equal(stat(db, &sb), 0);
	before = sb.st_size;
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char *md = many_questions(3000, -1, -1);
		struct import_stats s;

		if (store_open(db, 0, &st) || !store_bulk_begin(st) || store_batch_begin(st) ||
		    store_exec(st, "PRAGMA cache_size = 10") ||
		    import_text(st, "killed.md", md, 1000, false, &s))
			_exit(1);
		/* no commit, no close: killed, as a power cut would (and
		 * valgrind's leak check does not run in it either) */
		raise(SIGKILL);
		_exit(2);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGKILL);
	assert_int_equal(access(journal, F_OK), 0);
	assert_int_equal(stat(db, &sb), 0);
	assert_true(sb.st_size > before);

	assert_int_equal(chmod(tmpdir, 0755), 0);
	assert_int_equal(chmod(db, 0444), 0);
	assert_int_equal(as_nobody(refuses_half_written, db, NULL), 0);

	assert_int_equal(chmod(db, 0600), 0);
	assert_int_equal(store_open(db, 0, &st), 0);
	assert_int_equal(access(journal, F_OK), -1);
	assert_int_equal(count_rows(st, "SELECT count(*) FROM cards"), 0);
	assert_int_equal(count_rows(st, "SELECT count(*) FROM files"), 0);
	assert_journal_mode(st, "wal");
	store_close(st);
	free(journal);
	free(db);
}

/* Every stored column of every card, one line each. */
static char *dump_cards(struct store *st)
{
	struct buf b = BUF_INIT;
	sqlite3_stmt *q;

	assert_int_equal(sqlite3_prepare_v2(st->db, "SELECT id, key, deck, line, ord, breadcrumb, tags, "
					    "type, shape, front, back, options, answer, note FROM cards "
					    "ORDER BY id", -1, &q, NULL), SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW) {
		for (int k = 0; k < sqlite3_column_count(q); k++)
			buf_addf(&b, "%s|", sqlite3_column_type(q, k) == SQLITE_NULL ? "NULL"
					   : (const char *)sqlite3_column_text(q, k));
		buf_addch(&b, '\n');
	}
	sqlite3_finalize(q);
	return buf_detach(&b);
}

/* The rows a loader makes ahead give the cards store_import() gives: a
 * file's cards, and a table's of several decks. */
static void import_rows_same(const char *name, const char *text, size_t ncards, const char *want);

static void test_import_rows(void **state)
{
	(void)state;
	import_rows_same("decks.csv", "front,back,tags,deck\nQ1,A1,,One\nQ2,A2,,Two\nQ3,A3,,One\n"
			 "Q4,A4,,Two\nQ5,A5,,Three\nQ6,A6,,Two\n", 6, "|Q6|A6|");
	import_rows_same("rows.md", "---\ndeck: R\n---\n# R\n## Part\n### Which command lists the containers?\n"
			 "```\ndocker ps\n```\n\n### Which flag keeps STDIN open?\n\n- [ ] `-d`\n- [x] `-i`\n\n"
			 "Note: the answer above.\n\n### What is an image?\nA template.\n", 3, "+ `-i`");
}

static void import_rows_same(const char *name, const char *text, size_t ncards, const char *want)
{
	char *path = tmp_path(name);
	char *db0 = xasprintf("%s-0.db", path), *db1 = xasprintf("%s-1.db", path);
	char *dbs[2] = { db0, db1 };
	char *dumps[2];
	struct load_result res;

	write_file(path, text);
	assert_int_equal(load_file(path, NULL, &res), 0);
	assert_int_equal(res.ncards, ncards);
	for (int k = 0; k < 2; k++) {
		struct store_rows *rows = k ? store_rows_make(&res) : NULL;
		struct import_stats s;
		struct store *st;

		assert_int_equal(store_open(dbs[k], STORE_CREATE, &st), 0);
		assert_int_equal(store_import_rows(st, path, &res, rows, 1000, false, false, &s), 0);
		assert_int_equal(s.new_cards, ncards);
		import_stats_release(&s);
		/* again: the same rows say that nothing changed */
		assert_int_equal(store_import_rows(st, path, &res, rows, 2000, false, false, &s), 0);
		assert_int_equal(s.unchanged, ncards);
		import_stats_release(&s);
		dumps[k] = dump_cards(st);
		/* each card in its deck */
		assert_int_equal(count_rows(st, "SELECT count(*) FROM cards c JOIN decks d ON d.id = c.deck "
					    "WHERE (c.front, d.name) IN (VALUES ('Q1', 'One'), ('Q2', 'Two'), "
					    "('Q3', 'One'), ('Q4', 'Two'), ('Q5', 'Three'), ('Q6', 'Two'), "
					    "('What is an image?', 'R'))"), ncards == 6 ? 6 : 1);
		store_close(st);
		store_rows_free(rows);
	}
	assert_string_equal(dumps[0], dumps[1]);
	assert_non_null(strstr(dumps[1], want));
	load_result_release(&res);
	for (int k = 0; k < 2; k++) {
		free(dumps[k]);
		free(dbs[k]);
	}
	free(path);
}

/* The database's VFS gathers each WAL commit into one write: another
 * connection (SQLite's own VFS) sees every commit at once, small or bigger
 * than one write can carry, and the file stays sound. */
static void test_wal_commits_gathered(void **state)
{
	char *db = tmp_path("vfs.db");
	struct store *st;
	sqlite3 *other;
	sqlite3_stmt *q;
	char *name = NULL;

	(void)state;
	assert_int_equal(store_open(db, STORE_CREATE, &st), 0);
	assert_int_equal(sqlite3_file_control(st->db, "main", SQLITE_FCNTL_VFSNAME, &name), SQLITE_OK);
	assert_non_null(strstr(name, "dkquiz"));
	sqlite3_free(name);
	assert_int_equal(sqlite3_exec(st->db, "CREATE TABLE t(x BLOB)", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_open_v2(db, &other, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(other, "SELECT count(*), coalesce(sum(length(x)), 0) FROM t",
					    -1, &q, NULL), SQLITE_OK);
	for (int k = 1; k <= 40; k++) {
		/* one row per commit, then ten commits of 300 KiB each */
		const char *sql = k <= 30 ? "INSERT INTO t VALUES (randomblob(100))"
			: "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) "
			  "INSERT INTO t SELECT randomblob(3000) FROM n";

		assert_int_equal(sqlite3_exec(st->db, sql, NULL, NULL, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(q, 0), k <= 30 ? k : 30 + 100 * (k - 30));
		assert_true(sqlite3_column_int64(q, 1) == (k <= 30 ? 100LL * k : 3000 + 300000LL * (k - 30)));
		sqlite3_reset(q);
	}
	sqlite3_finalize(q);
	assert_int_equal(sqlite3_prepare_v2(other, "PRAGMA integrity_check", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(q, 0), "ok");
	sqlite3_finalize(q);
	sqlite3_close(other);
	store_close(st);
	free(db);
}

/* 3 MiB written to the WAL in 30 commits; the bytes whose writeback the
 * VFS started meanwhile. */
static uint64_t write_3mib(struct store *st)
{
	uint64_t before = store_vfs_write_behind_bytes();

	for (int k = 0; k < 30; k++)
		assert_int_equal(sqlite3_exec(st->db, "INSERT INTO t SELECT randomblob(100000)",
					      NULL, NULL, NULL), SQLITE_OK);
	return store_vfs_write_behind_bytes() - before;
}

/* A database told of its small writes has its WAL's writeback started as
 * the WAL grows, a MiB at a time, from its head again when it starts
 * again; any other, not. Its data are the same. */
static void test_wal_write_behind(void **state)
{
	char *db = tmp_path("behind.db");
	char *wal = xasprintf("%s-wal", db);
	struct store *st;
	struct stat sb;
	sqlite3 *other;
	sqlite3_stmt *q;
	uint64_t started;

	(void)state;
	assert_int_equal(store_open(db, STORE_CREATE, &st), 0);
	assert_int_equal(sqlite3_exec(st->db, "PRAGMA wal_autocheckpoint=0; CREATE TABLE t(x BLOB)",
				      NULL, NULL, NULL), SQLITE_OK);
	assert_true(write_3mib(st) == 0);
	store_small_writes(st);
	started = write_3mib(st);
	assert_int_equal(stat(wal, &sb), 0);
	assert_true(sb.st_size > (6 << 20));
#ifdef __linux__
	/* the whole WAL from its head, but for its last MiB at most */
	assert_true(started <= (uint64_t)sb.st_size);
	assert_true(started + (1u << 20) + 4096 >= (uint64_t)sb.st_size);
	/* checkpointed, the WAL starts again: 3 MiB, 2 at least handed over */
	assert_int_equal(sqlite3_exec(st->db, "PRAGMA wal_checkpoint(RESTART)", NULL, NULL, NULL),
			 SQLITE_OK);
	started = write_3mib(st);
	assert_true(started >= (2u << 20) && started <= (3u << 20) + 200000);
#else
	(void)started;
	write_3mib(st);
#endif
	assert_int_equal(sqlite3_open_v2(db, &other, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(other, "SELECT count(*), sum(length(x)) FROM t", -1, &q, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(q, 0), 90);
	assert_true(sqlite3_column_int64(q, 1) == 9000000);
	sqlite3_finalize(q);
	sqlite3_close(other);
	store_close(st);
	free(wal);
	free(db);
}

static void test_answer_seconds(void **state)
{
	char *db = tmp_path("pace.db");
	struct store *st;
	struct import_stats s;
	struct sess_card *cards;
	size_t n;
	double new_secs = 20, review_secs = 8;
	int64_t now = 1767949200000LL;

	(void)state;
	assert_int_equal(store_open(db, STORE_CREATE, &st), 0);
	assert_int_equal(import_text(st, "pace.md", deck_v1, now, false, &s), 0);
	assert_int_equal(store_load_cards(st, NULL, &cards, &n), 0);
	/* Eleven review answers, one of ten minutes (counted as 60 s); one new
	 * answer, too few to trust; cram answers never count. */
	for (int i = 0; i < 17; i++) {
		struct review_rec r = { 0 };

		r.card_id = cards[0].id;
		r.at_ms = now - i * 1000;
		r.rating = 3;
		r.duration_ms = i == 10 ? 600000 : 4000;
		r.before.state = i == 11 ? FSRS_NEW : FSRS_REVIEW;
		r.before.last_review = FSRS_NO_REVIEW;
		r.after = r.before;
		r.mode = i >= 12 ? REVIEW_CRAM : REVIEW_NORMAL;
		if (r.mode == REVIEW_CRAM)
			r.duration_ms = 900000;
		assert_int_equal(store_commit_review(st, &r), 0);
	}
	assert_int_equal(store_answer_seconds(st, now, &new_secs, &review_secs), 0);
	assert_true(new_secs == 20);
	assert_true(review_secs > 9.09 && review_secs < 9.10); /* (10 * 4 + 60) / 11 */
	sess_cards_free(cards, n);
	store_close(st);
	free(db);
}

/* Today's counts: new cards answered, and review cards answered (in the
 * review state then): neither the learning steps nor cram count. */
static void test_count_since(void **state)
{
	static const struct { enum fsrs_state before; int mode; } answers[] = {
		{ FSRS_NEW, REVIEW_NORMAL }, { FSRS_LEARNING, REVIEW_NORMAL },
		{ FSRS_LEARNING, REVIEW_NORMAL }, { FSRS_REVIEW, REVIEW_NORMAL },
		{ FSRS_RELEARNING, REVIEW_NORMAL }, { FSRS_REVIEW, REVIEW_NORMAL },
		{ FSRS_REVIEW, REVIEW_CRAM }, { FSRS_NEW, REVIEW_CRAM },
	};
	char *db = tmp_path("count.db");
	struct store *st;
	struct import_stats s;
	struct sess_card *cards;
	size_t n;
	int64_t now = 1767949200000LL;
	int new_cards = -1, reviews = -1;

	(void)state;
	assert_int_equal(store_open(db, STORE_CREATE, &st), 0);
	assert_int_equal(import_text(st, "count.md", deck_v1, now, false, &s), 0);
	assert_int_equal(store_load_cards(st, NULL, &cards, &n), 0);
	for (size_t i = 0; i < ARRAY_SIZE(answers); i++) {
		struct review_rec r = { 0 };

		r.card_id = cards[0].id;
		r.at_ms = now + (int64_t)i * 1000;
		r.rating = 3;
		r.duration_ms = 4000;
		r.before.state = answers[i].before;
		r.before.last_review = FSRS_NO_REVIEW;
		r.after = r.before;
		r.mode = answers[i].mode;
		assert_int_equal(store_commit_review(st, &r), 0);
	}
	assert_int_equal(store_count_since(st, NULL, now, &new_cards, &reviews), 0);
	assert_int_equal(new_cards, 1);
	assert_int_equal(reviews, 2);
	assert_int_equal(store_count_since(st, NULL, now + 4000, &new_cards, &reviews), 0);
	assert_int_equal(new_cards, 0);
	assert_int_equal(reviews, 1);
	sess_cards_free(cards, n);
	store_close(st);
	free(db);
}

/* The ids of `cards`, in order, as "1 2 3". */
static char *ids_of(const struct sess_card *cards, size_t n)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "%s%lld", i ? " " : "", (long long)cards[i].id);
	return buf_detach(&b);
}

/* A review reads the cards it can reach today without their text, the
 * text when a card is shown, and the next instant a card left out comes
 * back; the exam path's filter in memory agrees with the query. */
static void test_session_loading(void **state)
{
	char *db = tmp_path("sess.db");
	struct store *st;
	struct import_stats s;
	struct sess_card *cards, *all;
	size_t n, nall;
	int64_t now = 1767949200000LL, day_end = now + 15 * 3600000LL, later, later2;
	struct fsrs_params p;
	struct review_rec r;
	struct selection sel = { .limit_new = true, .new_limit = 1 };
	int64_t id[4];
	char *a, *b;

	(void)state;
	fsrs_params_default(&p);
	assert_int_equal(store_open(db, STORE_CREATE, &st), 0);
	assert_int_equal(store_has_cards(st), 0);
	assert_int_equal(import_text(st, "s.md",
		"---\ndeck: T\nlang: en\n---\n# T\n"
		"### What does docker ps list?\nRunning containers.\n\n"
		"### What does docker images list?\nLocal images.\n\n"
		"### Which port does HTTPS use?\n443.\n\n"
		"### Which port does SSH use?\n22.\n", now, false, &s), 0);
	assert_int_equal(store_has_cards(st), 1);
	assert_int_equal(store_load_cards(st, NULL, &cards, &n), 0);
	assert_int_equal(n, 4);
	for (size_t i = 0; i < n; i++)
		id[i] = cards[i].id;
	sess_cards_free(cards, n);

	/* Card 0 is learning (due in 10 minutes), card 1 is due in 30 days. */
	for (int k = 0; k < 2; k++) {
		memset(&r, 0, sizeof(r));
		r.card_id = id[k];
		r.at_ms = now;
		r.rating = 3;
		fsrs_card_init(&r.before, now);
		assert_int_equal(fsrs_review(&p, &r.before, now, 3, &r.after), 0);
		if (k == 1) {
			r.after.state = FSRS_REVIEW;
			r.after.due = now + 30 * FSRS_DAY_MS;
		}
		assert_int_equal(store_commit_review(st, &r), 0);
	}

	assert_int_equal(store_load_session(st, &sel, day_end, &cards, &n, &later), 0);
	a = ids_of(cards, n);
	assert_int_equal(n, 2);
	assert_true(cards[0].id == id[0] && cards[1].id == id[2]);
	assert_int_equal(cards[0].st.state, FSRS_LEARNING);
	assert_int_equal(cards[1].st.state, FSRS_NEW);
	assert_true(later == now + 30 * FSRS_DAY_MS);
	/* no text, but what the queue and the planner use */
	assert_null(cards[1].c.front);
	assert_string_equal(cards[1].c.deck, "T");
	assert_non_null(cards[1].c.tags);

	/* the text comes when asked, the state is left alone */
	cards[1].st.due = 42;
	assert_int_equal(store_card_text(st, &cards[1]), 0);
	assert_non_null(strstr(cards[1].c.front, "HTTPS"));
	assert_string_equal(cards[1].c.back, "443.");
	assert_string_equal(cards[1].c.deck, "T");
	assert_true(cards[1].st.due == 42);
	assert_int_equal(store_fetch_card(st, &cards[0]), 0);
	assert_non_null(strstr(cards[0].c.front, "docker ps"));
	sess_cards_free(cards, n);

	/* the same through every card's state and the filter in memory */
	assert_int_equal(store_load_states(st, &sel, &all, &nall), 0);
	assert_int_equal(nall, 3);
	nall = session_keep_reachable(all, nall, day_end, &later2);
	b = ids_of(all, nall);
	assert_string_equal(a, b);
	assert_true(later == later2);
	sess_cards_free(all, nall);
	free(a);
	free(b);

	/* a card that is gone is said so */
	{
		struct sess_card gone = { .id = 9999 };

		assert_int_equal(store_card_text(st, &gone), 1);
		card_release(&gone.c);
	}

	/* a suspended card does not come back; nothing else is scheduled */
	assert_int_equal(store_set_suspended(st, id[1], true), 0);
	assert_int_equal(store_load_session(st, &sel, day_end, &cards, &n, &later), 0);
	assert_true(later == 0);
	sess_cards_free(cards, n);

	/* cram: every card of the selection, nothing left out */
	assert_int_equal(store_load_session(st, &(struct selection){ .deck = "T" }, day_end,
					    &cards, &n, &later), 0);
	assert_int_equal(n, 4);
	assert_true(later == 0);
	sess_cards_free(cards, n);

	/* Undoing the answer that made a leech lifts the flag and the suspension. */
	memset(&r, 0, sizeof(r));
	r.card_id = id[3];
	r.at_ms = now;
	r.rating = 1;
	fsrs_card_init(&r.before, now);
	assert_int_equal(fsrs_review(&p, &r.before, now, 1, &r.after), 0);
	r.became_leech = true;
	assert_int_equal(store_commit_review(st, &r), 0);
	assert_int_equal(store_load_states(st, NULL, &all, &nall), 0);
	assert_true(all[3].id == id[3] && all[3].suspended && all[3].leech);
	sess_cards_free(all, nall);
	assert_int_equal(store_undo_review(st, &r), 0);
	assert_int_equal(store_load_states(st, NULL, &all, &nall), 0);
	assert_true(all[3].id == id[3] && !all[3].suspended && !all[3].leech);
	assert_int_equal(all[3].st.state, FSRS_NEW);
	sess_cards_free(all, nall);
	store_close(st);
	free(db);
}

static const char deck_net[] =
	"---\ndeck: Réseaux::Docker\ntags: docker Net-Work\nlang: fr\n---\n# R\n"
	"<!-- id: n1 -->\n### Qu'est-ce que le réseau bridge ?\nLe pont par défaut.\n\n"
	"<!-- id: n2 -->\n### Que fait le mode host ?\nIl partage la pile de l'hôte.\n\n"
	"<!-- id: n3 -->\n### Que donne none ?\nAucune interface.\n";

static int64_t id_of(struct store *st, const char *front_part)
{
	struct sess_card *cards;
	size_t n;
	int64_t id = 0;

	assert_int_equal(store_load_cards(st, NULL, &cards, &n), 0);
	for (size_t i = 0; i < n; i++)
		if (strstr(cards[i].c.front, front_part))
			id = cards[i].id;
	sess_cards_free(cards, n);
	assert_true(id > 0);
	return id;
}

static void answer(struct store *st, int64_t id, int64_t now, int rating, bool leech)
{
	struct fsrs_params p;
	struct review_rec r = { 0 };

	fsrs_params_default(&p);
	r.card_id = id;
	r.at_ms = now;
	r.rating = rating;
	r.became_leech = leech;
	fsrs_card_init(&r.before, now);
	assert_int_equal(fsrs_review(&p, &r.before, now, rating, &r.after), 0);
	assert_int_equal(store_commit_review(st, &r), 0);
}

/* How many cards a query string gives, through the parser and both store
 * readers (which must agree). */
static size_t count_query(struct store *st, const char *text, const char *deck)
{
	struct card_query q;
	struct search_hit *h;
	struct sess_card *c;
	size_t nh, nc;
	char *err = NULL;

	assert_int_equal(card_query_parse(text, &q, &err), 0);
	assert_int_equal(store_query_hits(st, &q, deck, 0, &h, &nh), 0);
	assert_int_equal(store_query_cards(st, &q, deck, 0, &c, &nc), 0);
	assert_int_equal(nh, nc);
	for (size_t i = 0; i < nh; i++)
		assert_int_equal(h[i].id, c[i].id);
	search_hits_free(h, nh);
	sess_cards_free(c, nc);
	card_query_release(&q);
	return nh;
}

static void test_query_filters(void **state)
{
	char *db = tmp_path("query.db");
	struct store *st;
	struct import_stats s;
	int64_t now = 1767949200000LL;
	int64_t bridge, host, https;

	(void)state;
	assert_int_equal(store_open(db, STORE_CREATE, &st), 0);
	assert_int_equal(import_text(st, "q-t.md", deck_v1, now, false, &s), 0);
	assert_int_equal(import_text(st, "q-net.md", deck_net, now, false, &s), 0);
	bridge = id_of(st, "bridge");
	host = id_of(st, "host");
	https = id_of(st, "HTTPS");
	answer(st, bridge, now, 3, false);             /* learning */
	answer(st, host, now, 1, true);                /* a leech: suspended too */
	assert_int_equal(store_set_suspended(st, https, true), 0);
	/* Card b of deck T leaves its file: retired. */
	assert_int_equal(import_text(st, "q-t.md",
		"---\ndeck: T\nlang: en\n---\n# T\n"
		"<!-- id: a -->\n### What does docker ps list?\nRunning containers.\n\n"
		"### Which port does HTTPS use by default?\n443.\n", now, false, &s), 0);
	assert_int_equal(s.retired, 1);

	assert_int_equal(count_query(st, "", NULL), 5);
	/* Decks: folded, each level whole, subdecks included. */
	assert_int_equal(count_query(st, "deck:reseaux", NULL), 3);
	assert_int_equal(count_query(st, "deck:\"RÉSEAUX::docker\"", NULL), 3);
	assert_int_equal(count_query(st, "deck:Res", NULL), 0);
	assert_int_equal(count_query(st, "deck:docker", NULL), 0);
	assert_int_equal(count_query(st, "deck:t deck:reseaux", NULL), 0);
	/* Tags: whole tags, folded. */
	assert_int_equal(count_query(st, "tag:net-work", NULL), 3);
	assert_int_equal(count_query(st, "tag:NET-WORK tag:docker", NULL), 3);
	assert_int_equal(count_query(st, "tag:net", NULL), 0);
	/* States and flags. */
	assert_int_equal(count_query(st, "is:new", NULL), 3);
	assert_int_equal(count_query(st, "is:learning", NULL), 2);
	assert_int_equal(count_query(st, "is:review", NULL), 0);
	assert_int_equal(count_query(st, "is:leech", NULL), 1);
	assert_int_equal(count_query(st, "is:suspended", NULL), 2);
	assert_int_equal(count_query(st, "is:suspended is:new", NULL), 1);
	assert_int_equal(count_query(st, "is:new is:learning", NULL), 0);
	/* Negated: the other cards. */
	assert_int_equal(count_query(st, "-is:new", NULL), 2);
	assert_int_equal(count_query(st, "-is:suspended", NULL), 3);
	assert_int_equal(count_query(st, "-is:leech -is:learning", NULL), 3);
	assert_int_equal(count_query(st, "is:new -is:new", NULL), 0);
	assert_int_equal(count_query(st, "-deck:reseaux", NULL), 2);
	assert_int_equal(count_query(st, "-tag:net-work", NULL), 2);
	assert_int_equal(count_query(st, "-tag:net", NULL), 5);
	assert_int_equal(count_query(st, "-is:retired", NULL), 5);
	/* Retired cards only when asked for. */
	assert_int_equal(count_query(st, "images", NULL), 0);
	assert_int_equal(count_query(st, "is:retired", NULL), 1);
	assert_int_equal(count_query(st, "is:retired images", NULL), 1);
	/* Words with filters, and the exact --deck. */
	assert_int_equal(count_query(st, "reseau is:learning", NULL), 1);
	assert_int_equal(count_query(st, "docker", NULL), 4);   /* a question, and three tags */
	assert_int_equal(count_query(st, "docker deck:t", NULL), 1);
	assert_int_equal(count_query(st, "is:new", "T"), 2);
	assert_int_equal(count_query(st, "is:new", "Réseaux"), 1);
	assert_int_equal(count_query(st, "is:new", "Rés"), 0);
	/* Text that is FTS5 syntax stays text, beside filters. */
	assert_int_equal(count_query(st, "\"( NEAR( a* -b :c is:new", NULL), 0);
	assert_int_equal(count_query(st, "deck:\"a\"\"b\" tag:'x'", NULL), 0);

	/* The hits carry the card's text and place. */
	{
		struct card_query q;
		struct search_hit *h;
		size_t n;
		char *err;

		assert_int_equal(card_query_parse("is:leech", &q, &err), 0);
		assert_int_equal(store_query_hits(st, &q, NULL, 0, &h, &n), 0);
		assert_int_equal(n, 1);
		assert_int_equal(h[0].id, host);
		assert_string_equal(h[0].deck, "Réseaux::Docker");
		assert_non_null(strstr(h[0].file, "q-net.md"));
		assert_string_equal(h[0].tags, "docker Net-Work");
		search_hits_free(h, n);
		/* The card reader gives the flags. */
		{
			struct sess_card *c;

			assert_int_equal(store_query_cards(st, &q, NULL, 0, &c, &n), 0);
			assert_int_equal(n, 1);
			assert_true(c[0].leech && c[0].suspended && !c[0].retired);
			sess_cards_free(c, n);
		}
		card_query_release(&q);
		/* A limit. */
		assert_int_equal(card_query_parse("deck:reseaux", &q, &err), 0);
		assert_int_equal(store_query_hits(st, &q, NULL, 2, &h, &n), 0);
		assert_int_equal(n, 2);
		search_hits_free(h, n);
		card_query_release(&q);
	}
	store_close(st);
	free(db);
}

/* The cards of a selection, as a count. */
static size_t count_selection(struct store *st, const struct selection *sel)
{
	struct sess_card *c;
	size_t n;

	assert_int_equal(store_load_cards(st, sel, &c, &n), 0);
	sess_cards_free(c, n);
	return n;
}

static size_t count_tag(struct store *st, const char *tag)
{
	struct selection sel = { .tag = tag };

	return count_selection(st, &sel);
}

/* --tag takes a whole tag, case and accents aside, with no wildcard; a
 * leech carries the tag "leech" for --tag and tag: alike, across a re-import
 * that replaces its file's tags; a lower threshold flags the cards past it;
 * --failed counts only scheduled answers. */
static void test_tags_and_leeches(void **state)
{
	char *db = tmp_path("tags.db");
	struct store *st;
	struct import_stats s;
	int64_t now = 1767949200000LL;
	int64_t d_id, b_id;
	int count = -1;
	struct review_rec r = { 0 };
	struct selection failed = { .failed_since = true, .since_ms = 1767949200000LL - 86400000LL };

	(void)state;
	assert_int_equal(store_open(db, STORE_CREATE, &st), 0);
	assert_int_equal(import_text(st, "ta.md", "---\ndeck: T\ntags: t1 Réseau\n---\n"
				     "### What is A?\nA.\n", now, false, &s), 0);
	assert_int_equal(import_text(st, "tb.md", "---\ndeck: T\ntags: t_\n---\n"
				     "### What is B?\nB.\n", now, false, &s), 0);
	assert_int_equal(import_text(st, "tc.md", "---\ndeck: T\ntags: T1 x%y\n---\n"
				     "### What is C?\nC.\n", now, false, &s), 0);
	assert_int_equal(import_text(st, "td.md", "---\ndeck: T\n---\n"
				     "### What is D?\nD.\n", now, false, &s), 0);
	assert_int_equal(count_tag(st, "t_"), 1);
	assert_int_equal(count_tag(st, "t1"), 2);
	assert_int_equal(count_tag(st, "T1"), 2);
	assert_int_equal(count_tag(st, "reseau"), 1);
	assert_int_equal(count_tag(st, "RÉSEAU"), 1);
	assert_int_equal(count_tag(st, "%"), 0);
	assert_int_equal(count_tag(st, "x%y"), 1);
	assert_int_equal(count_tag(st, "x"), 0);
	/* folded as tag: folds it, punctuation included */
	assert_int_equal(count_tag(st, "x_y"), count_query(st, "tag:x_y", NULL));
	assert_int_equal(count_tag(st, "t"), count_query(st, "tag:t", NULL));
	assert_int_equal(count_tag(st, "leech"), 0);

	/* D has lapsed three times; a threshold of 4 leaves it, 3 flags it */
	d_id = id_of(st, "What is D?");
	r.card_id = d_id;
	r.at_ms = now;
	r.rating = 1;
	fsrs_card_init(&r.before, now - 86400000LL);
	r.after = r.before;
	r.after.state = FSRS_RELEARNING;
	r.after.stability = 1;
	r.after.difficulty = 5;
	r.after.last_review = now;
	r.after.lapses = 3;
	assert_int_equal(store_commit_review(st, &r), 0);
	assert_int_equal(store_flag_leeches(st, 4, &count), 0);
	assert_int_equal(count, 0);
	assert_int_equal(count_query(st, "is:leech", NULL), 0);
	assert_int_equal(store_flag_leeches(st, 3, &count), 0);
	assert_int_equal(count, 1);
	assert_int_equal(store_flag_leeches(st, 1, &count), 0);
	assert_int_equal(count, 0);     /* already flagged */
	assert_int_equal(count_query(st, "is:leech", NULL), 1);
	assert_int_equal(count_query(st, "is:suspended", NULL), 1);
	assert_int_equal(count_query(st, "tag:leech", NULL), 1);
	assert_int_equal(count_query(st, "tag:LEECH", NULL), 1);
	assert_int_equal(count_query(st, "-tag:leech", NULL), 3);
	assert_int_equal(count_tag(st, "leech"), 1);
	/* its file's tags replaced: still a leech */
	assert_int_equal(import_text(st, "td.md", "---\ndeck: T\ntags: other\n---\n"
				     "### What is D?\nD.\n", now + 1000, false, &s), 0);
	assert_int_equal(s.updated + s.unchanged, 1);
	assert_int_equal(count_query(st, "tag:leech tag:other", NULL), 1);
	assert_int_equal(count_tag(st, "leech"), 1);

	/* --failed: D's Again counts; a cram Again on B does not */
	b_id = id_of(st, "What is B?");
	memset(&r, 0, sizeof(r));
	r.card_id = b_id;
	r.at_ms = now;
	r.rating = 1;
	r.mode = REVIEW_CRAM;
	fsrs_card_init(&r.before, now);
	r.after = r.before;
	assert_int_equal(store_commit_review(st, &r), 0);
	assert_int_equal(count_selection(st, &failed), 1);
	store_close(st);
	free(db);
}

static void test_reset_card(void **state)
{
	char *db = tmp_path("reset.db");
	struct store *st;
	struct import_stats s;
	struct review_row *log;
	struct sess_card c = { 0 };
	size_t n;
	int64_t now = 1767949200000LL, later = now + 3 * 86400000LL;
	int64_t bridge, host, none;

	(void)state;
	assert_int_equal(store_open(db, STORE_CREATE, &st), 0);
	assert_int_equal(import_text(st, "r-net.md", deck_net, now, false, &s), 0);
	bridge = id_of(st, "bridge");
	host = id_of(st, "host");
	none = id_of(st, "none");
	answer(st, bridge, now, 3, false);
	answer(st, host, now, 1, true);
	answer(st, none, now, 3, false);
	assert_int_equal(store_set_suspended(st, none, true), 0);

	/* A reviewed card: new again, due at the reset, its log kept. */
	assert_int_equal(store_reset_card(st, bridge, later), 0);
	c.id = bridge;
	assert_int_equal(store_reload_card(st, &c), 0);
	assert_int_equal(c.st.state, FSRS_NEW);
	assert_int_equal(c.st.due, later);
	assert_int_equal(c.st.reps, 0);
	assert_true(c.st.stability == 0 && c.st.difficulty == 0);
	assert_true(c.st.last_review == FSRS_NO_REVIEW);
	assert_false(c.suspended || c.leech);
	assert_int_equal(store_card_reviews(st, bridge, &log, &n), 0);
	assert_int_equal(n, 1);
	free(log);

	/* A leech: the flag and the suspension it brought go. */
	assert_int_equal(store_reset_card(st, host, later), 0);
	c.id = host;
	assert_int_equal(store_reload_card(st, &c), 0);
	assert_int_equal(c.st.state, FSRS_NEW);
	assert_false(c.suspended || c.leech);

	/* The student's own suspension stays. */
	assert_int_equal(store_reset_card(st, none, later), 0);
	c.id = none;
	assert_int_equal(store_reload_card(st, &c), 0);
	assert_int_equal(c.st.state, FSRS_NEW);
	assert_true(c.suspended);

	/* No such card. */
	assert_int_equal(store_reset_card(st, 999999, later), 1);

	/* Reload tells a retired card (still read) from a deleted one. */
	assert_int_equal(import_text(st, "r-net.md",
		"---\ndeck: Réseaux::Docker\nlang: fr\n---\n# R\n"
		"<!-- id: n1 -->\n### Qu'est-ce que le réseau bridge ?\nLe pont par défaut.\n",
		later, false, &s), 0);
	assert_int_equal(s.retired, 2);
	c.id = host;
	assert_int_equal(store_reload_card(st, &c), 0);
	assert_true(c.retired);
	assert_int_equal(import_text(st, "r-net.md",
		"---\ndeck: Réseaux::Docker\nlang: fr\n---\n# R\n"
		"<!-- id: n1 -->\n### Qu'est-ce que le réseau bridge ?\nLe pont par défaut, encore.\n",
		later, true, &s), 0);
	assert_int_equal(store_reload_card(st, &c), 1);
	assert_true(c.retired);     /* left as it was */
	card_release(&c.c);
	store_close(st);
	free(db);
}

/* A database of every older version opens, is upgraded, and keeps its
 * cards searchable. */
static void test_migrations_from_every_version(void **state)
{
	for (int v = 0; v < STORE_VERSION; v++) {
		char *name = xasprintf("v%d.db", v);
		char *db = tmp_path(name);
		struct store old = { 0 }, *st;
		struct search_hit *hits;
		size_t n;

		(void)state;
		old.path = db;
		assert_int_equal(sqlite3_open(db, &old.db), SQLITE_OK);
		assert_int_equal(schema_migrate(&old, 0, v), 0);
		if (v >= 1)
			assert_int_equal(sqlite3_exec(old.db,
				"INSERT INTO decks(name) VALUES ('Old');"
				"INSERT INTO cards(key, deck, line, ord, breadcrumb, tags, type, shape, front, back,"
				" options, created_at, updated_at) VALUES ('id:x', 1, 1, 0, '', '', 'mcq', 'mcq',"
				" 'What keeps a kubelet busy?', 'Pods.', '+ Pods\n- The IPC namespace', 0, 0);"
				"INSERT INTO card_state(card, state, stability, difficulty, due_ms, elapsed_days,"
				" scheduled_days, step, reps, lapses) VALUES (1, 0, 0, 0, 0, 0, 0, 0, 0, 0);",
				NULL, NULL, NULL), SQLITE_OK);
		/* from version 2 on, the import keeps the search index itself */
		if (v >= 2)
			assert_int_equal(sqlite3_exec(old.db, v >= 6
				? "INSERT INTO cards_fts(rowid, front, back, tags, options)"
				  " VALUES (1, 'What keeps a kubelet busy?', 'Pods.', '',"
				  " '+ Pods\n- The IPC namespace');"
				: "INSERT INTO cards_fts(rowid, front, back, tags)"
				  " VALUES (1, 'What keeps a kubelet busy?', 'Pods.', '');",
				NULL, NULL, NULL), SQLITE_OK);
		/* reviews, two of them in the same millisecond, older ids last
		 * (from version 5 on, ids are already instants) */
		if (v >= 1 && v < 5)
			assert_int_equal(sqlite3_exec(old.db,
				"INSERT INTO reviews(id, card, at_ms, rating, state_before, elapsed_days,"
				" scheduled_days, duration_ms, stability_after, difficulty_after, mode) VALUES"
				" (7, 1, 5000, 3, 0, 0, 0, 1000, 1, 5, 0),"
				" (8, 1, 5000, 1, 2, 0, 0, 1000, 1, 5, 0),"
				" (9, 1, 2000, 3, 0, 0, 0, 1000, 1, 5, 0);",
				NULL, NULL, NULL), SQLITE_OK);
		if (v >= 5)
			assert_int_equal(sqlite3_exec(old.db,
				"INSERT INTO reviews(id, card, at_ms, rating, state_before, elapsed_days,"
				" scheduled_days, duration_ms, stability_after, difficulty_after, mode) VALUES"
				" (5000 << 20, 1, 5000, 3, 0, 0, 0, 1000, 1, 5, 0),"
				" ((5000 << 20) + 1, 1, 5000, 1, 2, 0, 0, 1000, 1, 5, 0),"
				" (2000 << 20, 1, 2000, 3, 0, 0, 0, 1000, 1, 5, 0);",
				NULL, NULL, NULL), SQLITE_OK);
		/* the card's file, whose live cards version 7 counts (and an
		 * import of version 7 recorded) */
		if (v >= 1)
			assert_int_equal(sqlite3_exec(old.db, v >= 7
				? "INSERT INTO files(path, sha256, mtime, imported_at, cards)"
				  " VALUES ('/old.md', '', 0, 0, 1);"
				  "UPDATE cards SET file = 1;"
				: "INSERT INTO files(path, sha256, mtime, imported_at) VALUES ('/old.md', '', 0, 0);"
				  "UPDATE cards SET file = 1;",
				NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(old.db);

		assert_int_equal(store_open(db, 0, &st), 0);
		assert_int_equal(store_version(st), STORE_VERSION);
		if (v >= 1) {
			sqlite3_stmt *q;
			int new_cards = -1, reviews = -1;
			int64_t want[3][2] = {
				{ 2000LL << 20, 3 }, { 5000LL << 20, 3 }, { (5000LL << 20) + 1, 1 },
			};

			/* ids in time order, the same millisecond in the old order */
			assert_int_equal(sqlite3_prepare_v2(st->db, "SELECT id, rating FROM reviews ORDER BY id",
							    -1, &q, NULL), SQLITE_OK);
			for (int k = 0; k < 3; k++) {
				assert_int_equal(sqlite3_step(q), SQLITE_ROW);
				assert_true(sqlite3_column_int64(q, 0) == want[k][0]);
				assert_int_equal(sqlite3_column_int(q, 1), want[k][1]);
			}
			assert_int_equal(sqlite3_step(q), SQLITE_DONE);
			sqlite3_finalize(q);
			assert_int_equal(store_count_since(st, NULL, 5000, &new_cards, &reviews), 0);
			assert_int_equal(reviews, 1);
			assert_int_equal(new_cards, 1);
			assert_int_equal(sqlite3_prepare_v2(st->db, "SELECT cards, ctime_ns FROM files",
							    -1, &q, NULL), SQLITE_OK);
			assert_int_equal(sqlite3_step(q), SQLITE_ROW);
			assert_int_equal(sqlite3_column_int(q, 0), 1);
			/* no stamp yet: the next import reads the file */
			assert_int_equal(sqlite3_column_type(q, 1), SQLITE_NULL);
			sqlite3_finalize(q);
		}
		/* version 8 has no index of the cards by deck */
		assert_int_equal(count_rows(st, "SELECT count(*) FROM sqlite_schema WHERE name = 'cards_deck'"), 0);
		/* version 9 keeps the keys unique by an index of its own; the
		 * table made anew lost no state, and foreign keys are on */
		assert_true(has_key_index(st));
		assert_int_equal(count_rows(st, "SELECT count(*) FROM sqlite_schema "
					    "WHERE name = 'sqlite_autoindex_cards_1'"), 0);
		assert_int_equal(count_rows(st, "SELECT count(*) FROM card_state"), v >= 1 ? 1 : 0);
		assert_int_equal(count_rows(st, "PRAGMA foreign_keys"), 1);
		assert_int_equal(count_rows(st, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
		if (v >= 1)
			assert_int_not_equal(sqlite3_exec(st->db,
				"INSERT INTO cards(key, deck, line, ord, breadcrumb, tags, type, shape, front, back,"
				" created_at, updated_at) VALUES ('id:x', 1, 1, 1, '', '', 'basic', 'basic', 'Q', 'A',"
				" 0, 0)", NULL, NULL, NULL), SQLITE_OK);
		assert_int_equal(store_search(st, "kubelet", NULL, 0, &hits, &n), 0);
		assert_int_equal(n, v >= 1 ? 1 : 0);
		search_hits_free(hits, n);
		/* a prefix finds it too, index of prefixes or not */
		assert_int_equal(store_search(st, "kube bus", NULL, 0, &hits, &n), 0);
		assert_int_equal(n, v >= 1 ? 1 : 0);
		search_hits_free(hits, n);
		/* and a word of its options, which version 6 indexes */
		assert_int_equal(store_search(st, "ipc", NULL, 0, &hits, &n), 0);
		assert_int_equal(n, v >= 1 ? 1 : 0);
		search_hits_free(hits, n);
		if (v >= 1) {
			struct review_row *r;
			size_t nr;

			/* answers before version 6 have no due: the days stand */
			assert_int_equal(store_card_reviews(st, 1, &r, &nr), 0);
			assert_int_equal(nr, 3);
			assert_true(r[0].due_ms == 0);
			free(r);
		}
		store_close(st);
		free(name);
		free(db);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_create_and_version),
		cmocka_unit_test(test_refuse_not_a_database),
		cmocka_unit_test(test_refuse_newer_and_foreign),
		cmocka_unit_test(test_read_only),
		cmocka_unit_test(test_import_keeps_history),
		cmocka_unit_test(test_duplicates_across_files),
		cmocka_unit_test(test_failed_import_changes_nothing),
		cmocka_unit_test(test_batch_import),
		cmocka_unit_test(test_search_index),
		cmocka_unit_test(test_bulk_journal),
		cmocka_unit_test(test_bulk_killed),
		cmocka_unit_test(test_bulk_keys),
		cmocka_unit_test(test_import_rows),
		cmocka_unit_test(test_wal_commits_gathered),
		cmocka_unit_test(test_wal_write_behind),
		cmocka_unit_test(test_answer_seconds),
		cmocka_unit_test(test_count_since),
		cmocka_unit_test(test_migrations_from_every_version),
		cmocka_unit_test(test_session_loading),
		cmocka_unit_test(test_query_filters),
		cmocka_unit_test(test_tags_and_leeches),
		cmocka_unit_test(test_reset_card),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
