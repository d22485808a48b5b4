/* config.c - `dkquiz config`: list, read, set and unset the settings.
 *
 * Reading never creates a database: without one every setting has its
 * default, and saying so is more useful than an error. Writing validates
 * before the database is opened, so a bad value leaves it untouched.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dkquiz/cmd.h"
#include "dkquiz/i18n.h"
#include "dkquiz/settings.h"
#include "dkquiz/store.h"
#include "dkquiz/util.h"

static const char config_usage[] = N_(
	"Usage: dkquiz config [KEY [VALUE]]\n"
	"       dkquiz config --unset KEY\n"
	"Show or change settings. Without KEY, list every setting with its value;\n"
	"with KEY, print its value; with KEY and VALUE, check VALUE and save it.\n\n"
	"      --unset KEY   set KEY back to its default\n"
	"  -h, --help        show this help\n\n"
	"Settings:\n");

static void print_help(void)
{
	fputs(_(config_usage), stdout);
	for (size_t i = 0; i < settings_count; i++)
		printf("  %-18s %s\n", settings_table[i].name, _(settings_table[i].help));
}

/* Open for reading; *st is NULL (and 0 returned) when there is no database
 * yet, so that the defaults are shown. */
static int open_for_reading(const char *path, struct store **st)
{
	struct stat sb;

	*st = NULL;
	if (stat(path, &sb) != 0)
		return 0;
	return store_open(path, STORE_READONLY, st) ? -1 : 0;
}

static int list(struct store *st)
{
	for (size_t i = 0; i < settings_count; i++) {
		bool def;
		char *v = settings_get(st, settings_table[i].name, &def);

		printf("%-18s %s%s\n", settings_table[i].name, v, def ? _(" (default)") : "");
		free(v);
	}
	return 0;
}

/* Save the setting. A leech-lapses value applies to the cards already past
 * it too: they are flagged and suspended in the same transaction, as a
 * lapse reaching it would have done, so that the statistics, is:leech and
 * the reviews agree. Returns the exit status. */
static int set_value(struct store *st, const char *key, const char *value)
{
	struct settings set;
	int flagged = 0, ret;

	if (strcmp(key, "leech-lapses"))
		return settings_set(st, key, value) ? 1 : 0;
	if (store_begin(st))
		return 1;
	ret = settings_set(st, key, value);
	if (!ret) {
		settings_load(st, &set);
		ret = store_flag_leeches(st, set.leech_lapses, &flagged);
	}
	if (store_end(st, ret))
		return 1;
	if (flagged)
		printf(P_("%d card with %d lapses or more is now a leech, and suspended.\n",
			  "%d cards with %d lapses or more are now leeches, and suspended.\n",
			  (unsigned long)flagged), flagged, set.leech_lapses);
	return 0;
}

int cmd_config(int argc, char **argv, struct app *app)
{
	enum { OPT_UNSET = 256 };
	static const struct option opts[] = {
		{ "unset", no_argument, NULL, OPT_UNSET },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool unset = false;
	struct store *st;
	const char *key = NULL, *value = NULL;
	struct buf joined = BUF_INIT;
	int c, nargs, ret = 0;

	/* '+': stop at the first argument, so that a value such as "-1" or a
	 * weight list starting with '-' is not taken for an option. */
	while ((c = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_UNSET: unset = true; break;
		case 'h': print_help(); return 0;
		default:
			return usage_error("config", _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	nargs = argc - optind;
	if (nargs > 0)
		key = argv[optind];
	if (nargs > 1)
		value = argv[optind + 1];
	if (unset && nargs != 1)
		return usage_error("config", nargs ? _("--unset takes only a KEY")
						   : _("--unset needs a KEY"));
	if (key && !settings_find(key))
		return usage_error("config", _("unknown setting '%s'"), key);
	if (nargs > 2) {
		/* Lists may come unquoted: dkquiz config learning-steps 1m 10m */
		if (strcmp(key, "weights") && strcmp(key, "learning-steps") &&
		    strcmp(key, "relearning-steps"))
			return usage_error("config", _("unexpected argument '%s'"), argv[optind + 2]);
		for (int i = optind + 1; i < argc; i++) {
			if (i > optind + 1)
				buf_addch(&joined, ' ');
			buf_adds(&joined, argv[i]);
		}
		value = joined.s;
	}

	if (!value && !unset) {
		if (open_for_reading(app->db_path, &st))
			return 1;
		if (key) {
			char *v = settings_get(st, key, NULL);

			puts(v);
			free(v);
		} else {
			ret = list(st);
		}
		store_close(st);
		return ret;
	}

	if (value && settings_check(key, value)) {
		buf_release(&joined);
		return 1;
	}
	if (store_open(app->db_path, STORE_CREATE, &st)) {
		buf_release(&joined);
		return 1;
	}
	ret = set_value(st, key, unset ? NULL : value);
	store_close(st);
	buf_release(&joined);
	return ret;
}
