/* main.c - global options and dispatch to the subcommands. */
#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dkquiz/clock.h"
#include "dkquiz/cmd.h"
#include "dkquiz/i18n.h"
#include "dkquiz/paths.h"
#include "dkquiz/util.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv, struct app *app);
	const char *help;
};

/* Only commands that exist are listed: --help shows this table. */
static const struct command commands[] = {
	{ "review", cmd_review, N_("review the cards that are due (the default)") },
	{ "import", cmd_import, N_("import markdown files into the deck") },
	{ "check", cmd_check, N_("show the cards a file gives, without importing") },
	{ "decks", cmd_decks, N_("list the decks with their counts") },
	{ "exam", cmd_exam, N_("set an exam date and show readiness") },
	{ "config", cmd_config, N_("show or change settings") },
	{ "browse", cmd_browse, N_("browse and search the cards in a full-screen view") },
	{ "search", cmd_search, N_("find cards by words of their text or tags") },
	{ "stats", cmd_stats, N_("show statistics: retention, streak, forecast") },
	{ "export", cmd_export, N_("write the cards as CSV, TSV, markdown or JSON") },
	{ "backup", cmd_backup, N_("copy the database safely") },
};

int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (cmd)
		fprintf(stderr, _("Try 'dkquiz %s --help' for more information.\n"), cmd);
	else
		fprintf(stderr, _("Try 'dkquiz --help' for more information.\n"));
	return 2;
}

static void print_help(void)
{
	printf(_("Usage: dkquiz [OPTION]... [COMMAND [ARG]...]\n"
		 "Spaced-repetition flashcards for Docker and Kubernetes revision.\n\n"));
	printf(_("Commands:\n"));
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		printf("  %-8s %s\n", commands[i].name, _(commands[i].help));
	printf(_("\nOptions:\n"
		 "      --db PATH      the database (default: $XDG_DATA_HOME/dkquiz/dkquiz.db;\n"
		 "                     also DKQUIZ_DB)\n"
		 "      --now TIME     the clock: ISO-8601 or epoch milliseconds (also DKQUIZ_NOW)\n"
		 "      --lang LANG    the language of the bundled deck on first run (en, fr)\n"
		 "      --no-color     no colours (also NO_COLOR)\n"
		 "  -h, --help         show this help and exit\n"
		 "  -V, --version      show the version and exit\n\n"
		 "Run 'dkquiz COMMAND --help' for a command's options. See dkquiz(1).\n"));
}

static void setup_i18n(void)
{
	char *dir = paths_locale_dir();

	setlocale(LC_ALL, "");
	bindtextdomain("dkquiz", dir);
	bind_textdomain_codeset("dkquiz", "UTF-8");
	textdomain("dkquiz");
	free(dir);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "now", required_argument, NULL, 'n' },
		{ "lang", required_argument, NULL, 'l' },
		{ "no-color", no_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct app app = { 0 };
	const char *db = getenv("DKQUIZ_DB"), *now = getenv("DKQUIZ_NOW");
	const char *nocolor = getenv("NO_COLOR");
	bool now_given = false;
	char *default_db = NULL;
	const char *name = "review";
	int c, ret;

	setup_i18n();
	app.color = !(nocolor && *nocolor);
	opterr = 0;
	/* '+': stop at the subcommand, git style; its options are its own. */
	while ((c = getopt_long(argc, argv, "+hV", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'n': now = optarg; now_given = true; break;
		case 'l': app.lang = optarg; break;
		case 'C': app.color = false; break;
		case 'h': print_help(); return 0;
		case 'V': printf("dkquiz %s\n", DKQUIZ_VERSION); return 0;
		case ':':
			return usage_error(NULL, _("option '%s' needs a value"), argv[optind - 1]);
		default:
			return usage_error(NULL, _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (app.lang && strcmp(app.lang, "en") && strcmp(app.lang, "fr"))
		return usage_error(NULL, _("unknown language '%s' (en or fr)"), app.lang);
	/* DKQUIZ_NOW set empty is unset; --now '' is a mistake */
	if (now && (*now || now_given)) {
		if (clock_parse(now, &app.now_ms))
			return usage_error(NULL, _("invalid time '%s' (ISO-8601 or epoch milliseconds)"), now);
		app.now_fixed = true;
	} else {
		app.now_ms = clock_now_ms();
	}
	if (db && *db) {
		app.db_path = db;
	} else {
		default_db = paths_default_db();
		if (!default_db) {
			error(_("cannot find a place for the database: set HOME, XDG_DATA_HOME or --db"));
			return 1;
		}
		app.db_path = default_db;
	}

	if (optind < argc)
		name = argv[optind];
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
		if (strcmp(commands[i].name, name) == 0) {
			int sub_argc = optind < argc ? argc - optind : 1;
			char *review_argv[] = { (char *)"review", NULL };
			char **sub_argv = optind < argc ? argv + optind : review_argv;

			optind = 0; /* a full getopt reset for the subcommand */
			opterr = 0;
			ret = commands[i].run(sub_argc, sub_argv, &app);
			free(default_db);
			return ret;
		}
	}
	free(default_db);
	return usage_error(NULL, _("'%s' is not a dkquiz command"), name);
}
