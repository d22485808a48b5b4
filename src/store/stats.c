/* stats.c - the counts `dkquiz stats` needs that the live cards do not
 * give: the retired cards. Read-only, like query.c. */
#include "store_int.h"

#include "dkquiz/i18n.h"

/* The same deck test as query.c: the deck itself or a subdeck. */
#define DECK_MATCH(col, param) \
	" (" col " = " param " OR substr(" col ", 1, length(" param ") + 2) = " param " || '::')"

int store_count_retired(struct store *st, const char *deck, int *n)
{
	sqlite3_stmt *s = store_prepare(st,
		"SELECT count(*) FROM cards c JOIN decks d ON d.id = c.deck "
		"WHERE c.retired_at IS NOT NULL AND (?1 IS NULL OR" DECK_MATCH("d.name", "?1") ")");
	int rc;

	*n = 0;
	if (!s)
		return -1;
	if (deck)
		sqlite3_bind_text(s, 1, deck, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 1);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return store_fail(st, _("cannot count the retired cards"));
	return 0;
}
