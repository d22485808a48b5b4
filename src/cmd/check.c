/* check.c - `dkquiz check [--json] PATH...`: the cards a file gives,
 * without a database. Everything printed goes through text_sanitize(): the
 * path is not sanitised by the loader, and a terminal must never see raw
 * control characters.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dkquiz/card.h"
#include "dkquiz/cmd.h"
#include "dkquiz/i18n.h"
#include "dkquiz/json.h"
#include "dkquiz/load.h"
#include "dkquiz/text.h"
#include "dkquiz/util.h"

static const char check_usage[] = N_(
	"Usage: dkquiz check [--json] PATH...\n"
	"Show the cards found in markdown files and directories, and the\n"
	"warnings about them, without touching the database.\n\n"
	"      --json   one JSON object per card (JSON Lines)\n"
	"  -h, --help   show this help\n");

static void put_clean(FILE *f, const char *s, size_t n)
{
	char *c = text_sanitize(s, n);

	fputs(c, f);
	free(c);
}

static void put_first_line(FILE *f, const char *s)
{
	size_t n = strcspn(s, "\n");

	put_clean(f, s, n);
	if (s[n])
		fputs(" …", f);
}

static void print_card(const struct card *c)
{
	put_clean(stdout, c->file, strlen(c->file));
	printf(":%d: %s", c->line, card_type_name(c->type));
	fputs(" [", stdout);
	put_clean(stdout, c->deck, strlen(c->deck));
	fputs("]\n", stdout);
	if (c->nbreadcrumb) {
		fputs("  in:    ", stdout);
		for (size_t i = 0; i < c->nbreadcrumb; i++) {
			if (i)
				fputs(" > ", stdout);
			put_first_line(stdout, c->breadcrumb[i]);
		}
		fputc('\n', stdout);
	}
	fputs("  front: ", stdout);
	put_first_line(stdout, c->front);
	fputc('\n', stdout);
	for (size_t i = 0; i < c->noptions; i++) {
		fputs(c->options[i].correct ? "  [x]   " : "  [ ]   ", stdout);
		put_first_line(stdout, c->options[i].text);
		fputc('\n', stdout);
	}
	fputs("  back:  ", stdout);
	put_first_line(stdout, c->back);
	fputc('\n', stdout);
	fputc('\n', stdout);
}

static void print_json(const struct card *c)
{
	struct buf b = BUF_INIT;
	char *clean;

	card_json(&b, c);
	/* JSON escapes control characters already; sanitising keeps the
	 * promise that nothing raw reaches the terminal even for the path */
	clean = text_sanitize(b.s, b.len);
	puts(clean);
	free(clean);
	buf_release(&b);
}

static void print_warnings(const struct load_result *r)
{
	for (size_t i = 0; i < r->nwarnings; i++) {
		put_clean(stderr, r->path, strlen(r->path));
		if (r->warnings[i].line > 0)
			fprintf(stderr, ":%d", r->warnings[i].line);
		fputs(_(": warning: "), stderr);
		put_clean(stderr, r->warnings[i].msg, strlen(r->warnings[i].msg));
		fputc('\n', stderr);
	}
}

int cmd_check(int argc, char **argv, struct app *app)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool json = false;
	int c, rc = 0;
	size_t ncards = 0, nwarn = 0;
	struct load_seen *seen;

	(void)app;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			fputs(_(check_usage), stdout);
			return 0;
		default:
			return usage_error("check", _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return usage_error("check", _("no file or directory given"));
	/* the same question in two files, as an import would warn */
	seen = load_seen_new();
	for (int i = optind; i < argc; i++) {
		char **files;
		bool incomplete;
		int n = load_collect(&argv[i], 1, &files, &incomplete);

		if (incomplete)
			rc = 1;
		for (int k = 0; k < n; k++) {
			struct load_result r;

			fflush(stdout);
			if (load_file(files[k], NULL, &r) < 0) {
				rc = 1;
				free(files[k]);
				continue;
			}
			load_seen_add(seen, &r);
			print_warnings(&r);
			for (size_t j = 0; j < r.ncards; j++) {
				if (json)
					print_json(&r.cards[j]);
				else
					print_card(&r.cards[j]);
			}
			ncards += r.ncards;
			nwarn += r.nwarnings;
			fflush(stdout);
			load_result_release(&r);
			free(files[k]);
		}
		free(files);
	}
	load_seen_free(seen);
	if (!json) {
		printf(P_("%zu card, ", "%zu cards, ", ncards), ncards);
		printf(P_("%zu warning\n", "%zu warnings\n", nwarn), nwarn);
	}
	return rc;
}
