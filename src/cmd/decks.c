/* decks.c - `dkquiz decks [--json]`: the decks with their counts. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dkquiz/clock.h"
#include "dkquiz/cmd.h"
#include "dkquiz/i18n.h"
#include "dkquiz/json.h"
#include "dkquiz/settings.h"
#include "dkquiz/store.h"
#include "dkquiz/text.h"
#include "dkquiz/util.h"

static const char decks_usage[] = N_(
	"Usage: dkquiz decks [--json]\n"
	"List the decks with their cards: new, learning (due now), due today,\n"
	"in review, suspended and retired.\n\n"
	"      --json   one JSON object per deck (JSON Lines)\n"
	"  -h, --help   show this help\n");

int cmd_decks(int argc, char **argv, struct app *app)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct settings set;
	struct deck_info *d = NULL;
	struct store *st;
	bool json = false;
	size_t n = 0;
	int c, ret = 0;

	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'h': fputs(_(decks_usage), stdout); return 0;
		default: return usage_error("decks", _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error("decks", _("unexpected argument '%s'"), argv[optind]);
	if (store_open(app->db_path, STORE_READONLY, &st))
		return 1;
	if (settings_load(st, &set) ||
	    store_decks(st, app->now_ms, clock_next_day_start(app->now_ms, set.rollover), &d, &n)) {
		store_close(st);
		return 1;
	}
	if (!json && n == 0)
		printf(_("No decks yet: import some cards with 'dkquiz import FILE'.\n"));
	else if (!json) {
		const char *heads[] = { _("total"), _("new"), _("learn"), _("due"), _("susp.") };

		put_cell(_("deck"), 40, true);
		for (size_t i = 0; i < ARRAY_SIZE(heads); i++) {
			putchar(' ');
			put_cell(heads[i], 6, false);
		}
		putchar('\n');
	}
	for (size_t i = 0; i < n; i++) {
		if (json) {
			struct buf b = BUF_INIT;
			bool first = true;

			buf_addch(&b, '{');
			json_add_field_str(&b, &first, "deck", d[i].name);
			json_add_field_int(&b, &first, "total", d[i].total - d[i].retired);
			json_add_field_int(&b, &first, "new", d[i].new_cards);
			json_add_field_int(&b, &first, "learning", d[i].learning);
			json_add_field_int(&b, &first, "due", d[i].due);
			json_add_field_int(&b, &first, "review", d[i].review);
			json_add_field_int(&b, &first, "suspended", d[i].suspended);
			json_add_field_int(&b, &first, "retired", d[i].retired);
			buf_addch(&b, '}');
			puts(b.s);
			buf_release(&b);
		} else {
			put_cell(d[i].name, 40, true);
			printf(" %6d %6d %6d %6d %6d\n", d[i].total - d[i].retired, d[i].new_cards,
			       d[i].learning, d[i].due, d[i].suspended);
		}
	}
	deck_info_free(d, n);
	store_close(st);
	return ret;
}
