/* import.h - importing files into an open store (the import command, and the
 * first run's bundled deck). */
#ifndef DKQUIZ_IMPORT_H
#define DKQUIZ_IMPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "dkquiz/store.h"

struct import_opts {
	bool dry_run;
	bool prune;
	bool quiet;          /* only errors and warnings */
	const char *deck;    /* force a deck, or NULL */
};

/* Import the files and directories in `paths`, each file whole or not at
 * all (store_import() in batches); prints a line per file unless quiet, and
 * adds the counts of the files saved into *total. A file that fails leaves
 * the database as it was and does not stop the others. Returns 0, or -1 if
 * any path failed. */
int import_paths(struct store *st, char **paths, int npaths, const struct import_opts *o,
		 int64_t now, struct import_stats *total);

#endif
