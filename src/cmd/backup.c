/* backup.c - `dkquiz backup FILE`: a consistent copy of the database. */
#include <getopt.h>
#include <stdio.h>

#include "dkquiz/cmd.h"
#include "dkquiz/i18n.h"
#include "dkquiz/store.h"
#include "dkquiz/util.h"

static const char backup_usage[] = N_(
	"Usage: dkquiz backup [--force] FILE\n"
	"Copy the database to FILE, consistently even while dkquiz is in use.\n"
	"The copy is a complete database: open it with the global database option.\n\n"
	"      --force   overwrite FILE when it exists\n"
	"  -h, --help    show this help\n");

int cmd_backup(int argc, char **argv, struct app *app)
{
	static const struct option opts[] = {
		{ "force", no_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct store *st;
	bool force = false;
	int c, ret;

	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'F': force = true; break;
		case 'h': fputs(_(backup_usage), stdout); return 0;
		default:
			if (optopt)
				return usage_error("backup", _("unknown option '-%c'"), optopt);
			return usage_error("backup", _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return usage_error("backup", _("no backup file given"));
	if (optind + 1 < argc)
		return usage_error("backup", _("unexpected argument '%s'"), argv[optind + 1]);
	if (store_open(app->db_path, STORE_READONLY, &st))
		return 1;
	ret = store_backup(st, argv[optind], force) ? 1 : 0;
	store_close(st);
	return ret;
}
