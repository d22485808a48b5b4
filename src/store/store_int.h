/* store_int.h - what the store's files share; not for other modules. */
#ifndef DKQUIZ_STORE_INT_H
#define DKQUIZ_STORE_INT_H

#include <sqlite3.h>
#include <stdlib.h>

#include "dkquiz/store.h"
#include "dkquiz/util.h"

/* Statements a review runs once per answer: prepared on first use, kept
 * until store_close(). */
enum store_stmt {
	STMT_BEGIN,
	STMT_COMMIT,
	STMT_LOG_REVIEW,
	STMT_DELETE_REVIEW,
	STMT_WRITE_STATE,
	STMT_SET_LEECH,
	STMT_SET_SUSPENDED,
	STMT_SET_BURIED,
	STMT_CARD_TEXT,
	STMT_COUNT
};

struct store {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *stmt[STMT_COUNT];
};

int schema_latest(void);
int schema_migrate(struct store *st, int from, int to);

/* Prepare a statement or print an error naming the database. */
sqlite3_stmt *store_prepare(struct store *st, const char *sql);
/* The cached statement `which`, ready to bind (prepared on first use);
 * NULL after printing an error. Reset it with sqlite3_reset() after use,
 * so that it holds no read transaction. */
sqlite3_stmt *store_stmt(struct store *st, enum store_stmt which);
/* Print an error for the last failure on the database. Returns -1. */
int store_fail(struct store *st, const char *what);
int store_exec(struct store *st, const char *sql);

/* A column as a freshly allocated string ("" for NULL). */
char *col_strdup(sqlite3_stmt *s, int i);

#endif
