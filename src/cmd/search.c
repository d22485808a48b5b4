/* search.c - `dkquiz search QUERY`: full-text search of the live cards. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dkquiz/cmd.h"
#include "dkquiz/i18n.h"
#include "dkquiz/json.h"
#include "dkquiz/query.h"
#include "dkquiz/store.h"
#include "dkquiz/text.h"
#include "dkquiz/util.h"

static const char search_usage[] = N_(
	"Usage: dkquiz search [--json] [--deck NAME] [--limit N] QUERY...\n"
	"Find the cards whose text, options or tags hold every word of QUERY.\n"
	"Each word matches as a prefix, accents and case ignored. Filters narrow\n"
	"the search, or list every card they hold when QUERY has no other word:\n"
	"deck:NAME, tag:NAME, is:new, is:learning, is:review, is:leech,\n"
	"is:suspended, is:retired (retired cards only come with is:retired);\n"
	"a '-' before a filter negates it (-tag:NAME, -is:leech).\n\n"
	"      --json       one JSON object per card (JSON Lines)\n"
	"      --deck NAME  only this deck and its subdecks\n"
	"      --limit N    at most N cards (default 50; 0: no limit); how many more\n"
	"                   there are is said on standard error\n"
	"  -h, --help       show this help\n");

static void put_clean(const char *s, size_t n)
{
	char *c = text_sanitize(s, n);

	fputs(c, stdout);
	free(c);
}

static void print_hit(const struct search_hit *h)
{
	size_t n = strcspn(h->front, "\n");

	put_clean(h->deck, strlen(h->deck));
	fputs(" \xC2\xB7 ", stdout);
	put_clean(h->front, n);
	fputs(" \xC2\xB7 ", stdout);
	put_clean(h->file, strlen(h->file));
	printf(":%d\n", h->line);
}

static void print_hit_json(const struct search_hit *h)
{
	struct buf b = BUF_INIT;
	bool first = true;

	buf_addch(&b, '{');
	json_add_field_int(&b, &first, "id", (long long)h->id);
	json_add_field_str(&b, &first, "key", h->key);
	json_add_field_str(&b, &first, "deck", h->deck);
	json_add_field_str(&b, &first, "file", h->file);
	json_add_field_int(&b, &first, "line", h->line);
	json_add_field_str(&b, &first, "front", h->front);
	json_add_field_str(&b, &first, "back", h->back);
	json_add_field_str(&b, &first, "tags", h->tags);
	buf_addch(&b, '}');
	puts(b.s);
	buf_release(&b);
}

static bool negated_filter(const char *a)
{
	return a[0] == '-' && (!strncasecmp(a + 1, "tag:", 4) || !strncasecmp(a + 1, "deck:", 5) ||
			       !strncasecmp(a + 1, "is:", 3));
}

int cmd_set_negated_filters_apart(int argc, char **argv)
{
	char **filters = xcalloc((size_t)argc + 1, sizeof(*filters));
	int n = 1, nf = 0, i;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		if (negated_filter(argv[i]))
			filters[nf++] = argv[i];
		else
			argv[n++] = argv[i];
	}
	while (i < argc)
		argv[n++] = argv[i++];
	memcpy(argv + n, filters, (size_t)nf * sizeof(*filters));
	free(filters);
	return n;
}

int cmd_search(int argc, char **argv, struct app *app)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "deck", required_argument, NULL, 'D' },
		{ "limit", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct search_hit *hits = NULL;
	struct card_query q;
	struct buf query = BUF_INIT;
	const char *deck = NULL;
	struct store *st;
	bool json = false;
	size_t n = 0;
	long limit = 50;
	int c, ret = 0;

	int nargs = argc;

	argc = cmd_set_negated_filters_apart(argc, argv);
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'D': deck = optarg; break;
		case 'L': {
			char *end;

			limit = strtol(optarg, &end, 10);
			if (end == optarg || *end || limit < 0 || limit > 1000000)
				return usage_error("search", _("invalid limit '%s'"), optarg);
			break;
		}
		case 'h': fputs(_(search_usage), stdout); return 0;
		case ':': return usage_error("search", _("option '%s' needs a value"), argv[optind - 1]);
		default:
			if (optopt)
				return usage_error("search", _("unknown option '-%c'"), optopt);
			return usage_error("search", _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	/* the words, then the negated filters set apart after them */
	for (int i = optind; i < nargs; i++) {
		if (query.len)
			buf_addch(&query, ' ');
		buf_adds(&query, argv[i]);
	}
	{
		char *err;

		if (card_query_parse(query.s, &q, &err)) {
			buf_release(&query);
			ret = usage_error("search", "%s", err);
			free(err);
			return ret;
		}
		if (card_query_empty(&q)) {
			buf_release(&query);
			return usage_error("search", _("nothing to search for"));
		}
	}
	if (store_open(app->db_path, STORE_READONLY, &st)) {
		card_query_release(&q);
		buf_release(&query);
		return 1;
	}
	if (store_query_hits(st, &q, deck, (int)limit, &hits, &n)) {
		ret = 1;
	} else {
		for (size_t i = 0; i < n; i++) {
			if (json)
				print_hit_json(&hits[i]);
			else
				print_hit(&hits[i]);
		}
		if (!json && !n)
			fprintf(stderr, _("%s: no card matches\n"), progname);
		/* say what the limit left out, where it does not mix with the cards */
		if (limit > 0 && n == (size_t)limit) {
			int total;

			if (store_query_count(st, &q, deck, &total)) {
				ret = 1;
			} else if ((size_t)total > n) {
				int more = total - (int)n;

				fprintf(stderr, P_("… and %d more card (use --limit N, or --limit 0 for all)\n",
						   "… and %d more cards (use --limit N, or --limit 0 for all)\n",
						   more), more);
			}
		}
	}
	search_hits_free(hits, n);
	store_close(st);
	card_query_release(&q);
	buf_release(&query);
	return ret;
}
