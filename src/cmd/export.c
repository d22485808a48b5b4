/* export.c - `dkquiz export`: the live cards as CSV, Anki TSV, canonical
 * markdown or JSON Lines, and the review log for the FSRS optimiser.
 *
 * The whole output is built in memory and then written in one go to a
 * temporary file that is renamed over the target, so a failed export never
 * leaves half a file. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dkquiz/cmd.h"
#include "dkquiz/export.h"
#include "dkquiz/i18n.h"
#include "dkquiz/session.h"
#include "dkquiz/store.h"
#include "dkquiz/text.h"
#include "dkquiz/util.h"

static const char export_usage[] = N_(
	"Usage: dkquiz export --format csv|tsv|md|json [--deck NAME] [-o FILE]\n"
	"       dkquiz export --reviews [-o FILE]\n"
	"Write the cards (retired ones left out) to standard output or FILE.\n\n"
	"  -f, --format FMT  csv: front,back,tags,deck,type (RFC 4180), the text the\n"
	"                        cards show; it imports back into cards of the same type\n"
	"                    tsv: front, back, tags in HTML for Anki's plain text import\n"
	"                    md: the canonical markdown of dkquiz(5), which imports\n"
	"                        back into the same cards; with several decks FILE\n"
	"                        must be a directory, one DECK.md per deck (DECK-2.md\n"
	"                        when two decks give one name)\n"
	"                    json: one object per card, as 'dkquiz check' prints in JSON\n"
	"      --deck NAME   only this deck and its subdecks\n"
	"      --reviews     the review log as the FSRS optimiser's CSV\n"
	"  -o, --output FILE write to FILE instead of standard output\n"
	"  -h, --help        show this help\n");

enum fmt { FMT_NONE, FMT_CSV, FMT_TSV, FMT_MD, FMT_JSON };

static int write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Write `b` to `path` (NULL: standard output) through a temporary file;
 * an existing file is replaced, as a shell redirection would. */
static int write_out(const char *path, const struct buf *b)
{
	char *tmp;
	int fd;

	if (!path) {
		if (fwrite(b->s ? b->s : "", 1, b->len, stdout) != b->len || fflush(stdout))
			return error(_("cannot write the output: %s"), strerror(errno));
		return 0;
	}
	tmp = xasprintf("%s.tmp-%ld", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write_all(fd, b->s ? b->s : "", b->len) || fsync(fd) || close(fd)) {
		int e = errno;

		if (fd >= 0)
			close(fd);
		unlink(tmp);
		free(tmp);
		return error(_("cannot write '%s': %s"), path, strerror(e));
	}
	fd = -1;
	if (rename(tmp, path) < 0) {
		int e = errno;

		unlink(tmp);
		free(tmp);
		return error(_("cannot write '%s': %s"), path, strerror(e));
	}
	free(tmp);
	return 0;
}

static bool is_dir(const char *path)
{
	struct stat sb;

	return path && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* "Docker::Images" -> "Docker-Images": a file name without a slash, and
 * `suffix` after it. */
static char *deck_stem(const char *deck, const char *suffix)
{
	struct buf b = BUF_INIT;

	for (const char *p = deck; *p; p++) {
		if (p[0] == ':' && p[1] == ':') {
			buf_addch(&b, '-');
			p++;
		} else if (*p == '/' || (*p == '.' && p == deck)) {
			buf_addch(&b, '_');
		} else {
			buf_addch(&b, *p);
		}
	}
	if (!*deck)
		buf_adds(&b, "deck");
	buf_adds(&b, suffix);
	return buf_detach(&b);
}

/* One markdown file: the cards of a deck, or of one part of a deck whose
 * basic cards with a reversed card need a file of their own. */
struct md_file {
	const struct card **v;
	size_t n;
	char *name;      /* in the directory, unique */
};

/* `stem`.md, or stem-2.md, stem-3.md ... when an earlier file of the
 * export has the name (compared without case, as some file systems do):
 * two decks never write to one file. */
static char *unique_name(const struct md_file *files, size_t nfiles, const char *stem)
{
	for (int k = 1;; k++) {
		char *name = k == 1 ? xasprintf("%s.md", stem) : xasprintf("%s-%d.md", stem, k);
		bool taken = false;

		for (size_t i = 0; i < nfiles && !taken; i++)
			taken = !strcasecmp(files[i].name, name);
		if (!taken)
			return name;
		free(name);
	}
}

static int export_md(struct sess_card *cards, size_t n, const char *out, const char *deck)
{
	struct md_file *files = NULL;
	size_t nfiles = 0, cap = 0, ndecks = 0;
	bool to_dir = is_dir(out);
	struct buf b = BUF_INIT;
	int ret = 0;

	/* each deck, split in two when it must be */
	for (size_t i = 0; i < n;) {
		size_t j = i, nv = 0, nrev = 0;
		const struct card **v;
		bool *rev;

		while (j < n && !strcmp(cards[j].c.deck, cards[i].c.deck))
			j++;
		v = xcalloc(j - i, sizeof(*v));
		rev = xcalloc(j - i, sizeof(*rev));
		for (size_t k = i; k < j; k++)
			v[nv++] = &cards[k].c;
		export_md_groups(v, nv, rev);
		for (size_t k = 0; k < nv; k++)
			nrev += rev[k];
		for (int part = 0; part < 2; part++) {
			struct md_file *f;
			char *stem;

			if ((part == 0 && nrev == nv) || (part == 1 && !nrev))
				continue;
			XGROW(files, nfiles + 1, cap);
			f = &files[nfiles];
			f->v = xcalloc(nv, sizeof(*f->v));
			f->n = 0;
			for (size_t k = 0; k < nv; k++)
				if (rev[k] == (part == 1))
					f->v[f->n++] = v[k];
			stem = deck_stem(cards[i].c.deck, part == 1 && nrev < nv ? "-reversed" : "");
			f->name = unique_name(files, nfiles, stem);
			free(stem);
			nfiles++;
		}
		free(v);
		free(rev);
		ndecks++;
		i = j;
	}
	if (!to_dir && ndecks > 1) {
		ret = deck ? usage_error("export", _("deck '%s' has %zu subdecks: markdown export of "
						     "several decks needs -o DIRECTORY"), deck, ndecks - 1)
			   : usage_error("export", _("%zu decks: markdown export of several decks needs "
						     "--deck NAME or -o DIRECTORY"), ndecks);
	} else if (!to_dir && nfiles > 1) {
		error(_("deck '%s' has basic cards with and without a reversed card, which need two "
			"files: export it with -o DIRECTORY"), files[0].v[0]->deck);
		ret = 1;
	}
	for (size_t i = 0; i < nfiles && !ret; i++) {
		buf_reset(&b);
		export_md_deck(&b, files[i].v, files[i].n);
		if (to_dir) {
			char *path = xasprintf("%s%s%s", out, out[strlen(out) - 1] == '/' ? "" : "/",
					       files[i].name);

			ret = write_out(path, &b) ? 1 : 0;
			free(path);
		} else {
			ret = write_out(out, &b) ? 1 : 0;
		}
	}
	for (size_t i = 0; i < nfiles; i++) {
		free(files[i].v);
		free(files[i].name);
	}
	free(files);
	buf_release(&b);
	return ret;
}

static int export_reviews(struct store *st, const char *out)
{
	struct review_row *r = NULL;
	struct buf b = BUF_INIT;
	size_t n = 0;
	int ret;

	if (store_review_log(st, NULL, 0, true, &r, &n))
		return 1;
	export_reviews_header(&b);
	for (size_t i = 0; i < n; i++)
		export_review_row(&b, r[i].card, r[i].at_ms, r[i].rating, r[i].state_before,
				  r[i].duration_ms);
	ret = write_out(out, &b) ? 1 : 0;
	buf_release(&b);
	free(r);
	return ret;
}

int cmd_export(int argc, char **argv, struct app *app)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "deck", required_argument, NULL, 'D' },
		{ "reviews", no_argument, NULL, 'R' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const names[] = { NULL, "csv", "tsv", "md", "json" };
	enum fmt fmt = FMT_NONE;
	const char *deck = NULL, *out = NULL;
	bool reviews = false;
	struct sess_card *cards = NULL;
	struct buf b = BUF_INIT;
	struct store *st;
	size_t n = 0;
	int c, ret = 0;

	while ((c = getopt_long(argc, argv, ":f:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			fmt = FMT_NONE;
			for (size_t i = 1; i < ARRAY_SIZE(names); i++)
				if (!strcmp(optarg, names[i]))
					fmt = (enum fmt)i;
			if (fmt == FMT_NONE)
				return usage_error("export", _("unknown format '%s' (csv, tsv, md or json)"),
						   optarg);
			break;
		case 'D': deck = optarg; break;
		case 'R': reviews = true; break;
		case 'o': out = optarg; break;
		case 'h': fputs(_(export_usage), stdout); return 0;
		case ':': return usage_error("export", _("option '%s' needs a value"), argv[optind - 1]);
		default:
			if (optopt)
				return usage_error("export", _("unknown option '-%c'"), optopt);
			return usage_error("export", _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error("export", _("unexpected argument '%s'"), argv[optind]);
	if (reviews && (fmt != FMT_NONE || deck))
		return usage_error("export", _("--reviews takes no --format or --deck"));
	if (!reviews && fmt == FMT_NONE)
		return usage_error("export", _("missing --format (csv, tsv, md or json) or --reviews"));
	if (out && is_dir(out) && fmt != FMT_MD)
		return usage_error("export", _("'%s' is a directory"), out);
	if (store_open(app->db_path, STORE_READONLY, &st))
		return 1;
	if (reviews) {
		ret = export_reviews(st, out);
		store_close(st);
		return ret;
	}
	if (store_export_cards(st, deck, &cards, &n)) {
		store_close(st);
		return 1;
	}
	if (deck && !n) {
		bool exists;

		if (store_deck_exists(st, deck, &exists) || !exists) {
			if (!exists)
				error(_("no deck '%s'"), deck);
			store_close(st);
			return 1;
		}
	}
	switch (fmt) {
	case FMT_MD:
		ret = export_md(cards, n, out, deck);
		break;
	case FMT_CSV:
	case FMT_TSV:
	case FMT_JSON:
		if (fmt == FMT_CSV)
			export_csv_header(&b);
		else if (fmt == FMT_TSV)
			export_tsv_header(&b);
		for (size_t i = 0; i < n; i++) {
			if (fmt == FMT_CSV) {
				export_csv_row(&b, &cards[i].c);
			} else if (fmt == FMT_TSV) {
				export_tsv_row(&b, &cards[i].c);
			} else {
				card_json(&b, &cards[i].c);
				buf_addch(&b, '\n');
			}
		}
		ret = write_out(out, &b) ? 1 : 0;
		break;
	case FMT_NONE:
		break;
	}
	buf_release(&b);
	sess_cards_free(cards, n);
	store_close(st);
	return ret;
}
