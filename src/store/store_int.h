/* store_int.h - what the store's files share; not for other modules. */
#ifndef DKQUIZ_STORE_INT_H
#define DKQUIZ_STORE_INT_H

#include <sqlite3.h>
#include <stdlib.h>

#include "dkquiz/store.h"
#include "dkquiz/util.h"

struct store {
	sqlite3 *db;
	char *path;
};

int schema_latest(void);
int schema_migrate(struct store *st, int from, int to);

/* Prepare a statement or print an error naming the database. */
sqlite3_stmt *store_prepare(struct store *st, const char *sql);
/* Print an error for the last failure on the database. Returns -1. */
int store_fail(struct store *st, const char *what);
int store_exec(struct store *st, const char *sql);

/* A column as a freshly allocated string ("" for NULL). */
char *col_strdup(sqlite3_stmt *s, int i);

#endif
