/* cmd.h - the subcommands and the context main() hands them.
 *
 * main() parses the global options, fills a struct app and calls one
 * cmd_*() with argv[0] set to the subcommand's name; each subcommand parses
 * its own options with getopt_long (optind reset by main) and returns the
 * exit code: 0 success, 1 runtime failure, 2 usage error.
 */
#ifndef DKQUIZ_CMD_H
#define DKQUIZ_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct app {
	const char *db_path;      /* --db, DKQUIZ_DB, or the XDG default */
	int64_t now_ms;           /* --now, DKQUIZ_NOW, or the system clock */
	bool now_fixed;           /* the clock was given: tests and simulations */
	bool color;               /* false with --no-color or NO_COLOR */
	const char *lang;         /* --lang, or NULL: from the locale */
};

/* Print "Try 'dkquiz CMD --help' for more information." after a usage message
 * and return 2. `cmd` may be NULL for the top level. */
int usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Print `s` sanitised, cut or padded to `cols` display columns, aligned
 * left or right: for table cells holding translated or user text. */
void put_cell(const char *s, size_t cols, bool left);

/* getopt_long would take a negated filter of a query (-tag:x, -deck:x,
 * -is:x) for options: search and browse move such arguments (those before
 * a "--") to the end of argv[1..argc), keeping the order of the others,
 * and parse their options over the first part only. Returns its length:
 * the filters are argv[ret..argc). */
int cmd_set_negated_filters_apart(int argc, char **argv);

int cmd_review(int argc, char **argv, struct app *app);
int cmd_import(int argc, char **argv, struct app *app);
int cmd_check(int argc, char **argv, struct app *app);
int cmd_decks(int argc, char **argv, struct app *app);
int cmd_config(int argc, char **argv, struct app *app);
int cmd_exam(int argc, char **argv, struct app *app);
int cmd_browse(int argc, char **argv, struct app *app);
int cmd_search(int argc, char **argv, struct app *app);
int cmd_stats(int argc, char **argv, struct app *app);
int cmd_export(int argc, char **argv, struct app *app);
int cmd_backup(int argc, char **argv, struct app *app);

#endif
