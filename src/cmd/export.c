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
	"  -f, --format FMT  csv: front,back,tags,deck,type (RFC 4180)\n"
	"                    tsv: front, back, tags for Anki's plain text import\n"
	"                    md: the canonical markdown of dkquiz(5), which imports\n"
	"                        back into the same cards; with several decks FILE\n"
	"                        must be a directory, one DECK.md per deck\n"
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

/* "Docker::Images" -> "Docker-Images.md": a file name without a slash. */
static char *deck_file(const char *dir, const char *deck)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, dir);
	if (b.len && b.s[b.len - 1] != '/')
		buf_addch(&b, '/');
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
	buf_adds(&b, ".md");
	return buf_detach(&b);
}

static int export_md(struct sess_card *cards, size_t n, const char *out)
{
	const struct card **v = xcalloc(n ? n : 1, sizeof(*v));
	struct buf b = BUF_INIT;
	size_t ndecks = 0;
	bool to_dir = is_dir(out);
	int ret = 0;

	for (size_t i = 0; i < n; i++)
		ndecks += !i || strcmp(cards[i].c.deck, cards[i - 1].c.deck);
	if (ndecks > 1 && !to_dir) {
		free(v);
		return usage_error("export", _("%zu decks: markdown export of several decks needs "
					       "--deck NAME or -o DIRECTORY"), ndecks);
	}
	for (size_t i = 0; i < n && !ret;) {
		size_t j = i, nv = 0;

		while (j < n && !strcmp(cards[j].c.deck, cards[i].c.deck))
			v[nv++] = &cards[j++].c;
		buf_reset(&b);
		export_md_deck(&b, v, nv);
		if (to_dir) {
			char *path = deck_file(out, cards[i].c.deck);

			ret = write_out(path, &b) ? 1 : 0;
			free(path);
		} else {
			ret = write_out(out, &b) ? 1 : 0;
		}
		i = j;
	}
	buf_release(&b);
	free(v);
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
	switch (fmt) {
	case FMT_MD:
		ret = export_md(cards, n, out);
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
