/* import.c - `dkquiz import`: files into the database, one transaction each.
 *
 * An unchanged file (same SHA-256 as at its last import) is skipped before it
 * is parsed, so re-importing a whole folder costs one hash per file. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
	"Usage: dkquiz import [--dry-run] [--deck NAME] [--prune] PATH...\n"
	"Import markdown files, and the .md, .markdown and .txt files of directories,\n"
	"into the database. Cards keep their review history across imports.\n\n"
	"  -n, --dry-run    show what would change, change nothing\n"
	"      --deck NAME  put every card in this deck\n"
	"      --prune      delete the cards that are gone from their files\n"
	"  -q, --quiet      print only errors and warnings\n"
	"  -h, --help       show this help\n");

/* Read a whole file; NULL after printing an error. */
static char *read_file(const char *path, size_t *len)
{
	struct buf b = BUF_INIT;
	struct stat sb;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		error(_("cannot read '%s': %s"), path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		close(fd);
		error(_("'%s': is a directory"), path);
		return NULL;
	}
	if (fstat(fd, &sb) == 0 && sb.st_size > 0)
		buf_grow(&b, (size_t)sb.st_size);
	for (;;) {
		ssize_t n;

		buf_grow(&b, 65536);
		n = read(fd, b.s + b.len, 65536);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error(_("cannot read '%s': %s"), path, strerror(errno));
			close(fd);
			buf_release(&b);
			return NULL;
		}
		if (n == 0)
			break;
		b.len += (size_t)n;
		b.s[b.len] = '\0';
	}
	close(fd);
	*len = b.len;
	return buf_detach(&b);
}

static void print_path(FILE *f, const char *path)
{
	char *clean = text_sanitize(path, strlen(path));

	fputs(clean, f);
	free(clean);
}

/* A stored absolute path as the user would name it: relative to the
 * current directory when it is below it. */
static void print_stored_path(FILE *f, const char *abs)
{
	char *cwd = getcwd(NULL, 0);
	size_t n = cwd ? strlen(cwd) : 0;

	if (n > 1 && !strncmp(abs, cwd, n) && abs[n] == '/')
		abs += n + 1;
	print_path(f, abs);
	free(cwd);
}

static void print_dups(const char *file, const struct import_stats *s)
{
	for (size_t i = 0; i < s->ndups; i++) {
		print_path(stderr, file);
		fprintf(stderr, ":%d", s->dups[i].line);
		fprintf(stderr, _(": warning: duplicate question, also in "));
		print_stored_path(stderr, s->dups[i].other_path);
		fprintf(stderr, ":%d\n", s->dups[i].other_line);
	}
}

static void print_stats(const char *label, const struct import_stats *s)
{
	print_path(stdout, label);
	if (s->skipped) {
		printf(_(": unchanged\n"));
		return;
	}
	printf(_(": %d new, %d updated, %d unchanged, %d retired"),
	       s->new_cards, s->updated, s->unchanged, s->retired);
	if (s->deleted)
		printf(_(", %d deleted"), s->deleted);
	printf(P_(", %d warning\n", ", %d warnings\n", s->warnings), s->warnings);
}

int import_paths(struct store *st, char **paths, int npaths, const struct import_opts *o,
		 int64_t now, struct import_stats *total)
{
	char **files = NULL;
	int nfiles = load_collect(paths, npaths, &files);
	bool progress = !o->quiet && isatty(STDERR_FILENO) && nfiles > 20;
	int failed = 0;

	memset(total, 0, sizeof(*total));
	if (nfiles < 0)
		return -1;
	for (int i = 0; i < nfiles; i++) {
		struct load_options lo = { .deck = o->deck };
		struct load_result res = { 0 };
		struct import_stats s = { 0 };
		char *abs = paths_absolute(files[i]);
		char sha[65];
		size_t len = 0;
		char *bytes = read_file(files[i], &len);
		int unchanged;

		if (progress)
			fprintf(stderr, "\r%s %d/%d", _("importing"), i + 1, nfiles);
		if (!bytes) {
			failed++;
			goto next;
		}
		sha256_hex(bytes, len, sha);
		lo.sha256 = sha;
		unchanged = o->deck ? 0 : store_file_unchanged(st, abs, sha);
		if (unchanged < 0) {
			failed++;
			goto next;
		}
		if (unchanged && !o->prune) {
			s.skipped = true;
		} else {
			if (load_buffer(files[i], bytes, len, &lo, &res)) {
				failed++;
				goto next;
			}
			/* the cards hold what the store needs: a big file's bytes
			 * need not sit beside them and the database's pages */
			free(bytes);
			bytes = NULL;
			for (size_t w = 0; w < res.nwarnings; w++) {
				print_path(stderr, files[i]);
				if (res.warnings[w].line)
					fprintf(stderr, ":%d", res.warnings[w].line);
				fprintf(stderr, _(": warning: %s\n"), res.warnings[w].msg);
			}
			if (store_import(st, abs, &res, now, o->prune, o->dry_run, &s)) {
				fprintf(stderr, _("%s: '%s' was not imported; the database is unchanged\n"),
					progname, files[i]);
				failed++;
				load_result_release(&res);
				goto next;
			}
			print_dups(files[i], &s);
			import_stats_release(&s);
			s.warnings += (int)res.nwarnings;
			load_result_release(&res);
		}
		if (progress)
			fputs("\r\033[K", stderr);
		if (!o->quiet)
			print_stats(files[i], &s);
		total->new_cards += s.new_cards;
		total->updated += s.updated;
		total->unchanged += s.unchanged;
		total->retired += s.retired;
		total->deleted += s.deleted;
		total->warnings += s.warnings;
next:
		free(bytes);
		free(abs);
	}
	if (progress)
		fputs("\r\033[K", stderr);
	for (int i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
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
	if (!o.quiet)
		printf(_("total: %d new, %d updated, %d unchanged, %d retired%s\n"),
		       total.new_cards, total.updated, total.unchanged, total.retired,
		       o.dry_run ? _(" (dry run: nothing written)") : "");
	store_close(st);
	return ret ? 1 : 0;
}
