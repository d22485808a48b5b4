/* import.c - `dkquiz import`: files into the database.
 *
 * An unchanged file (same SHA-256 as at its last import) is skipped before it
 * is parsed, so re-importing a whole folder costs one hash per file. Files
 * are parsed by a second thread while the main thread stores the previous
 * ones, in transactions of about a second's worth of files, each file in a
 * savepoint: a file that fails is undone alone. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dkquiz/cmd.h"
#include "dkquiz/i18n.h"
#include "dkquiz/import.h"
#include "dkquiz/load.h"
#include "dkquiz/paths.h"
#include "dkquiz/store.h"
#include "dkquiz/text.h"
#include "dkquiz/util.h"

static const char import_usage[] = N_(
	"Usage: dkquiz import [--dry-run] [--quiet] [--deck NAME] [--prune] PATH...\n"
	"Import markdown files, and the .md, .markdown and .txt files of directories,\n"
	"into the database. Cards keep their review history across imports.\n"
	"Tables are read too, one card per row: .csv and .tsv files named here (a\n"
	"first row front,back[,tags,deck,type]), and Anki's \"Notes in Plain Text\"\n"
	"exports (files starting with #separator:).\n\n"
	"  -n, --dry-run    show what would change, change nothing\n"
	"      --deck NAME  put every card in this deck\n"
	"      --prune      delete the cards that are gone from their files\n"
	"  -q, --quiet      print only errors and warnings\n"
	"  -h, --help       show this help\n");

static void print_path(FILE *f, const char *path)
{
	char *clean = text_sanitize(path, strlen(path));

	fputs(clean, f);
	free(clean);
}

static void add_path(struct buf *b, const char *path)
{
	char *clean = text_sanitize(path, strlen(path));

	buf_adds(b, clean);
	free(clean);
}

/* A stored absolute path as the user would name it: relative to the
 * current directory when it is below it. */
static void add_stored_path(struct buf *b, const char *abs)
{
	char *cwd = getcwd(NULL, 0);
	size_t n = cwd ? strlen(cwd) : 0;

	if (n > 1 && !strncmp(abs, cwd, n) && abs[n] == '/')
		abs += n + 1;
	add_path(b, abs);
	free(cwd);
}

/* A warning or error line about `file` (line 0: the whole file), through
 * put_messages(): on stderr, or shown by a screen that runs the import. */
static void file_message(const char *file, int line, const char *text)
{
	struct buf b = BUF_INIT;

	add_path(&b, file);
	if (line)
		buf_addf(&b, ":%d", line);
	buf_adds(&b, text);
	put_messages(buf_str(&b));
	buf_release(&b);
}

static void not_imported(const char *file)
{
	char *clean = text_sanitize(file, strlen(file));
	char *text = xasprintf(_("%s: '%s' was not imported; the database is unchanged\n"),
			       progname, clean);

	put_messages(text);
	free(text);
	free(clean);
}

static void print_dups(const char *file, const struct import_stats *s)
{
	if (s->ndups)
		fflush(stdout);
	for (size_t i = 0; i < s->ndups; i++) {
		struct buf b = BUF_INIT;

		if (s->dups[i].id)
			buf_addf(&b, _(": warning: duplicate id '%s', also at "), s->dups[i].id);
		else
			buf_adds(&b, _(": warning: duplicate question, also in "));
		add_stored_path(&b, s->dups[i].other_path);
		buf_addf(&b, ":%d\n", s->dups[i].other_line);
		file_message(file, s->dups[i].line, buf_str(&b));
		buf_release(&b);
	}
}

/* "12 new, 3 updated, 40 unchanged, 1 retired": each count with the
 * plural it takes (in French the words agree with it). */
static void print_counts(const struct import_stats *s)
{
	printf(P_("%d new", "%d new", s->new_cards), s->new_cards);
	fputs(", ", stdout);
	printf(P_("%d updated", "%d updated", s->updated), s->updated);
	fputs(", ", stdout);
	printf(P_("%d unchanged", "%d unchanged", s->unchanged), s->unchanged);
	fputs(", ", stdout);
	printf(P_("%d retired", "%d retired", s->retired), s->retired);
	if (s->deleted) {
		fputs(", ", stdout);
		printf(P_("%d deleted", "%d deleted", s->deleted), s->deleted);
	}
}

static void print_stats(const char *label, const struct import_stats *s)
{
	print_path(stdout, label);
	if (s->skipped) {
		printf(_(": unchanged\n"));
		return;
	}
	fputs(_(": "), stdout);
	print_counts(s);
	printf(P_(", %d warning\n", ", %d warnings\n", s->warnings), s->warnings);
}

/* ---- the loader thread ------------------------------------------------
 *
 * Reading, hashing and parsing a file does not touch the database, so a
 * second thread does it for the files ahead while the main thread stores the
 * current one. The main thread keeps the order: it reports and stores file i
 * only once it is loaded, and prints the messages of its loading (captured,
 * not printed) at that point. Rather than wait for file i, the main thread
 * loads the next file nobody has taken: when the database keeps it less
 * busy than parsing keeps the loader, both cores parse. */

/* How far the loader may run ahead: files, and bytes of files loaded but
 * not yet stored (it always may take the next file). */
#define AHEAD_FILES 64
#define AHEAD_BYTES ((size_t)32 << 20)

enum job_status { JOB_LOADED, JOB_UNCHANGED, JOB_FAILED };

struct job {
	char *abs;                 /* absolute path, as the store names it */
	char known[65];            /* SHA-256 at its last import, or "" */
	struct file_stamp known_stamp; /* its stamp at its last import */
	int known_cards;           /* its live cards since then */
	bool lookup_failed;        /* the store could not say */
	/* set by the loader */
	enum job_status status;
	struct file_stamp stamp;   /* its stamp before the read, if trusted */
	bool restamp;              /* unchanged, but with a new stamp to record */
	size_t bytes;
	struct buf msgs;           /* its error messages, to print in order */
	struct load_result res;
	struct store_rows *rows;   /* what the store writes of its cards */
	bool ready;                /* loaded (under the loader's lock) */
};

struct loader {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	char **files;
	struct job *jobs;
	int nfiles;
	const struct import_opts *o;
	int next;                  /* jobs[0..next) are taken, by either thread */
	int stored;                /* jobs[0..stored) are done with */
	int released;              /* jobs[0..released) are freed */
	size_t pending_bytes;      /* of the jobs loaded, not yet stored */
	int64_t started_ns;        /* the real time the import began */
	bool threaded;
};

/* A file modified (or its inode changed) this close to the import may be
 * modified again within the same tick of the clock its file system stamps
 * times with, and keep its whole stamp: its stamp is not trusted, and the
 * next import reads it. */
#define RACY_NS 2000000000LL

static int64_t realtime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Size, mtime, ctime and inode all the same: the file was not written
 * since. Size and mtime alone are not enough, `touch -d` puts an mtime
 * back after an edit of the same size; nothing puts a ctime back. */
static bool same_stamp(const struct file_stamp *a, const struct file_stamp *b)
{
	return a->known && b->known && a->size == b->size && a->mtime_ns == b->mtime_ns &&
	       a->ctime_ns == b->ctime_ns && a->inode == b->inode;
}

/* The file's stamp, taken before it is read: a change after this moves
 * its ctime. */
static void take_stamp(const char *path, int64_t started_ns, struct file_stamp *st)
{
	struct stat sb;

	memset(st, 0, sizeof(*st));
	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
		return;
	st->size = (int64_t)sb.st_size;
	st->mtime_ns = (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
	st->ctime_ns = (int64_t)sb.st_ctim.tv_sec * 1000000000 + sb.st_ctim.tv_nsec;
	st->inode = (uint64_t)sb.st_ino;
	st->known = st->mtime_ns < started_ns - RACY_NS && st->ctime_ns < started_ns - RACY_NS;
}

static void load_job(const struct loader *l, int i)
{
	struct job *j = &l->jobs[i];
	struct load_options lo = { .deck = l->o->deck };
	char sha[65];
	char *bytes;
	struct buf *before = capture_messages(&j->msgs);

	j->status = JOB_FAILED;
	if (j->lookup_failed)
		goto out;
	take_stamp(l->files[i], l->started_ns, &j->stamp);
	if (!l->o->deck && !l->o->prune && same_stamp(&j->stamp, &j->known_stamp)) {
		/* untouched since it was imported: not even read */
		j->status = JOB_UNCHANGED;
		goto out;
	}
	if (!(bytes = read_input_file(l->files[i], &j->bytes)))
		goto out;
	sha256_hex(bytes, j->bytes, sha);
	lo.sha256 = sha;
	if (!l->o->deck && !l->o->prune && !strcmp(sha, j->known)) {
		j->status = JOB_UNCHANGED;
		j->restamp = j->stamp.known;
	} else if (load_buffer(l->files[i], bytes, j->bytes, &lo, &j->res) == 0) {
		j->status = JOB_LOADED;
		j->res.stamped = j->stamp.known;
		j->res.size = j->stamp.size;
		j->res.mtime_ns = j->stamp.mtime_ns;
		j->res.ctime_ns = j->stamp.ctime_ns;
		j->res.inode = j->stamp.inode;
		/* here rather than on the main thread, which the database keeps
		 * busy */
		j->rows = store_rows_make(&j->res);
	}
	free(bytes);
out:
	capture_messages(before);
}

/* Free the cards of the jobs stored since the last call, up to `upto`. The
 * loader does it when it runs, so that memory goes back to the allocator
 * arena of the thread that took it (a free from another thread costs a
 * lock on that arena). */
static void release_jobs(struct loader *l, int upto)
{
	for (; l->released < upto; l->released++) {
		struct job *j = &l->jobs[l->released];

		if (j->status == JOB_LOADED) {
			store_rows_free(j->rows);
			load_result_release(&j->res);
		}
		buf_release(&j->msgs);
	}
}

/* Whether the next job may be loaded now (under the lock): the next to
 * store always may. */
static bool may_take(const struct loader *l)
{
	return l->next < l->nfiles &&
	       (l->next <= l->stored ||
		(l->next - l->stored < AHEAD_FILES && l->pending_bytes < AHEAD_BYTES));
}

/* Load job i, taken by this thread, and say so. */
static void load_taken(struct loader *l, int i)
{
	load_job(l, i);
	pthread_mutex_lock(&l->lock);
	l->jobs[i].ready = true;
	l->pending_bytes += l->jobs[i].bytes;
	pthread_cond_broadcast(&l->cond);
	pthread_mutex_unlock(&l->lock);
}

static void *loader_main(void *arg)
{
	struct loader *l = arg;

	for (;;) {
		int i, stored;

		pthread_mutex_lock(&l->lock);
		while (l->next < l->nfiles && !may_take(l))
			pthread_cond_wait(&l->cond, &l->lock);
		if (l->next >= l->nfiles) {
			pthread_mutex_unlock(&l->lock);
			break;
		}
		i = l->next++;
		stored = l->stored;
		pthread_mutex_unlock(&l->lock);
		release_jobs(l, stored);
		load_taken(l, i);
	}
	/* The files behind it are freed here too as they are stored, not by
	 * the main thread once it has stored the last one. */
	for (int stored = 0; stored < l->nfiles;) {
		pthread_mutex_lock(&l->lock);
		while (l->stored == l->released && l->stored < l->nfiles)
			pthread_cond_wait(&l->cond, &l->lock);
		stored = l->stored;
		pthread_mutex_unlock(&l->lock);
		release_jobs(l, stored);
	}
	return NULL;
}

/* ---- the progress line -------------------------------------------------
 *
 * On a terminal, "importing 3/60" on stderr, for an import of many files or
 * one that has run half a second (a single big file). It is cleared before
 * anything else is printed, so a warning never lands after it. */

#define PROGRESS_FILES 20
#define PROGRESS_AFTER_MS 500

static int64_t monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct progress {
	bool on;          /* a terminal, not --quiet */
	bool shown;       /* the line is on the screen */
	int64_t t0;       /* when the import began (ms) */
	int n;            /* files */
	int storing;      /* the file being stored (1-based), or 0 */
};

static void progress_show(struct progress *p, int i)
{
	if (!p->on || (p->n <= PROGRESS_FILES && monotonic_ms() - p->t0 < PROGRESS_AFTER_MS))
		return;
	fprintf(stderr, "\r\033[K%s %d/%d", _("importing"), i, p->n);
	fflush(stderr);
	p->shown = true;
}

/* Called by the store now and then while a file is stored: a big file
 * takes long enough there for the line to be due. */
static void progress_storing(void *arg)
{
	struct progress *p = arg;

	if (p->storing && !p->shown)
		progress_show(p, p->storing);
}

static void progress_clear(struct progress *p)
{
	if (!p->shown)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	p->shown = false;
}

/* The loaded job i, once the loader has it ready (or, without a thread,
 * loaded here). While it waits, the progress line appears when it is due. */
static struct job *job_wait(struct loader *l, int i, struct progress *p)
{
	if (!l->threaded) {
		load_job(l, i);
		return &l->jobs[i];
	}
	pthread_mutex_lock(&l->lock);
	while (!l->jobs[i].ready) {
		struct timespec ts;

		/* (not file i itself: the loader takes it at once, and the
		 * wait for one big file shows the progress line) */
		if (l->next > i && may_take(l)) {
			int j = l->next++;

			pthread_mutex_unlock(&l->lock);
			load_taken(l, j);
			pthread_mutex_lock(&l->lock);
			continue;
		}
		if (!p->on || p->shown) {
			pthread_cond_wait(&l->cond, &l->lock);
			continue;
		}
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 100 * 1000000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		if (pthread_cond_timedwait(&l->cond, &l->lock, &ts) != 0) {
			pthread_mutex_unlock(&l->lock);
			progress_show(p, i + 1);
			pthread_mutex_lock(&l->lock);
		}
	}
	pthread_mutex_unlock(&l->lock);
	return &l->jobs[i];
}

static void job_done(struct loader *l, int i)
{
	struct job *j = &l->jobs[i];

	if (!l->threaded) {
		release_jobs(l, i + 1);
		return;
	}
	pthread_mutex_lock(&l->lock);
	l->stored = i + 1;
	l->pending_bytes -= j->bytes;
	pthread_cond_broadcast(&l->cond);
	pthread_mutex_unlock(&l->lock);
}

/* ---- storing, in batches ---------------------------------------------- */

/* A batch's transaction is committed once it has been open this long: long
 * enough that commits cost little, short enough that a review in another
 * terminal waiting to save an answer never times out. */
#define BATCH_MS 1000

struct batch {
	int64_t started;
	int *files;                /* the files stored in it so far */
	struct import_stats *stats;
	int n, cap;
};

static void add_stats(struct import_stats *total, const struct import_stats *s)
{
	total->new_cards += s->new_cards;
	total->updated += s->updated;
	total->unchanged += s->unchanged;
	total->retired += s->retired;
	total->deleted += s->deleted;
	total->warnings += s->warnings;
}

/* End the batch: its files count once the commit has succeeded; if it failed,
 * or an error ended the transaction early, each of them is reported as not
 * imported. Returns the number of files lost. */
static int batch_end(struct store *st, struct batch *b, char **files, struct import_stats *total)
{
	int lost = 0;

	if (store_batch_open(st) && store_batch_commit(st) == 0) {
		for (int k = 0; k < b->n; k++)
			add_stats(total, &b->stats[k]);
	} else {
		for (int k = 0; k < b->n; k++)
			not_imported(files[b->files[k]]);
		lost = b->n;
	}
	b->n = 0;
	return lost;
}

int import_paths(struct store *st, char **paths, int npaths, const struct import_opts *o,
		 int64_t now, struct import_stats *total)
{
	struct loader l = { .o = o };
	struct batch b = { 0 };
	struct progress p = { 0 };
	pthread_t thread;
	bool incomplete;
	int failed = 0, rc;

	memset(total, 0, sizeof(*total));
	p.t0 = monotonic_ms();
	l.nfiles = load_collect(paths, npaths, &l.files, &incomplete);
	/* a missing path fails the import, not the files found */
	failed += incomplete;
	p.on = !o->quiet && isatty(STDERR_FILENO);
	p.n = l.nfiles;
	l.jobs = xcalloc((size_t)l.nfiles + 1, sizeof(*l.jobs));
	for (int i = 0; i < l.nfiles; i++) {
		struct job *j = &l.jobs[i];

		j->abs = paths_absolute(l.files[i]);
		if (!o->deck && !o->prune &&
		    store_file_known(st, j->abs, j->known, &j->known_stamp, &j->known_cards) < 0)
			j->lookup_failed = true;
	}
	if (p.on)
		store_on_progress(st, progress_storing, &p);
	/* the first import into a database writes each page once */
	if (!o->dry_run)
		store_bulk_begin(st);
	l.started_ns = realtime_ns();
	pthread_mutex_init(&l.lock, NULL);
	pthread_cond_init(&l.cond, NULL);
	/* one file too, on a terminal: the wait for it shows the progress */
	l.threaded = (l.nfiles > 1 || (p.on && l.nfiles == 1)) &&
		     pthread_create(&thread, NULL, loader_main, &l) == 0;

	for (int i = 0; i < l.nfiles; i++) {
		struct import_stats s = { 0 };
		struct job *j = job_wait(&l, i, &p);

		if (j->msgs.len) {
			/* (they name the file, and may quote it) */
			char *clean = text_sanitize(j->msgs.s, j->msgs.len);

			progress_clear(&p);
			put_messages(clean);
			free(clean);
		}
		if (j->status == JOB_FAILED) {
			failed++;
			goto next;
		}
		if (j->status == JOB_UNCHANGED) {
			s.skipped = true;
			/* its cards are unchanged, and count so in the total */
			s.unchanged = j->known_cards;
			/* touched, not edited: next time the stamp is enough */
			if (j->restamp && !o->dry_run &&
			    (store_batch_open(st) || store_batch_begin(st) == 0)) {
				if (!b.n)
					b.started = monotonic_ms();
				store_file_restamp(st, j->abs, &j->stamp);
			}
		} else {
			if (j->res.nwarnings) {
				progress_clear(&p);
				fflush(stdout);  /* the lines of the files before first */
			}
			for (size_t w = 0; w < j->res.nwarnings; w++) {
				char *text = xasprintf(_(": warning: %s\n"), j->res.warnings[w].msg);

				file_message(l.files[i], j->res.warnings[w].line, text);
				free(text);
			}
			if (!store_batch_open(st)) {
				if (store_batch_begin(st)) {
					failed++;
					goto next;
				}
				b.started = monotonic_ms();
			}
			progress_show(&p, i + 1);
			p.storing = i + 1;
			rc = store_import_rows(st, j->abs, &j->res, j->rows, now, o->prune, o->dry_run, &s);
			p.storing = 0;
			if (rc) {
				progress_clear(&p);
				not_imported(l.files[i]);
				failed++;
				if (!store_batch_open(st))
					failed += batch_end(st, &b, l.files, total);
				goto next;
			}
			progress_clear(&p);
			print_dups(l.files[i], &s);
			import_stats_release(&s);
			s.warnings += (int)j->res.nwarnings;
		}
		progress_clear(&p);
		if (!o->quiet)
			print_stats(l.files[i], &s);
		if (s.skipped) {
			add_stats(total, &s);
		} else {
			if (b.n == b.cap) {
				b.cap = b.cap ? 2 * b.cap : 16;
				b.files = xrealloc(b.files, (size_t)b.cap * sizeof(*b.files));
				b.stats = xrealloc(b.stats, (size_t)b.cap * sizeof(*b.stats));
			}
			b.files[b.n] = i;
			b.stats[b.n++] = s;
			if (monotonic_ms() - b.started >= BATCH_MS) {
				progress_clear(&p);
				failed += batch_end(st, &b, l.files, total);
			}
		}
next:
		job_done(&l, i);
	}
	progress_clear(&p);
	if (store_batch_open(st) || b.n)
		failed += batch_end(st, &b, l.files, total);
	store_bulk_end(st);
	store_on_progress(st, NULL, NULL);
	if (l.threaded)
		pthread_join(thread, NULL);
	release_jobs(&l, l.nfiles);
	pthread_cond_destroy(&l.cond);
	pthread_mutex_destroy(&l.lock);
	for (int i = 0; i < l.nfiles; i++) {
		free(l.jobs[i].abs);
		free(l.files[i]);
	}
	free(l.jobs);
	free(l.files);
	free(b.files);
	free(b.stats);
	return failed ? -1 : 0;
}

int cmd_import(int argc, char **argv, struct app *app)
{
	static const struct option opts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "deck", required_argument, NULL, 'D' },
		{ "prune", no_argument, NULL, 'P' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct import_opts o = { 0 };
	struct import_stats total;
	struct store *st;
	int c, ret;

	while ((c = getopt_long(argc, argv, ":nqh", opts, NULL)) != -1) {
		switch (c) {
		case 'n': o.dry_run = true; break;
		case 'D': o.deck = optarg; break;
		case 'P': o.prune = true; break;
		case 'q': o.quiet = true; break;
		case 'h': fputs(_(import_usage), stdout); return 0;
		case ':': return usage_error("import", _("option '%s' needs a value"), argv[optind - 1]);
		default: return usage_error("import", _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return usage_error("import", _("no file to import"));
	if (store_open(app->db_path, STORE_CREATE, &st))
		return 1;
	ret = import_paths(st, argv + optind, argc - optind, &o, app->now_ms, &total);
	if (!o.quiet) {
		/* the cards of files skipped unchanged are in "unchanged" */
		fputs(_("total: "), stdout);
		print_counts(&total);
		printf(P_(", %d warning%s\n", ", %d warnings%s\n", total.warnings), total.warnings,
		       o.dry_run ? _(" (dry run: nothing written)") : "");
	}
	store_close(st);
	return ret ? 1 : 0;
}
