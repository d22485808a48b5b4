/* ui.h - the full-screen curses front end.
 *
 * The UI knows nothing of the store: what it needs from the rest of the
 * program comes through struct ui_source, filled by the review command.
 */
#ifndef DKQUIZ_UI_H
#define DKQUIZ_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dkquiz/session.h"

struct deck_count {
	char *name;
	int total;
	int new_cards;     /* new cards that today's limit lets through */
	int learning;      /* learning/relearning cards due now */
	int due;           /* review cards due today */
};

struct ui_source {
	void *ctx;
	int rollover;      /* the hour a day starts: bury lasts until the next one */
	/* The clock (fixed with --now in tests). */
	int64_t (*now)(void *ctx);
	/* The decks with their counts, for the home screen; the UI frees the
	 * array with ui_free_decks(). Returns 0 or -1. */
	int (*decks)(void *ctx, struct deck_count **out, size_t *n);
	/* A one-line exam countdown/readiness text ("Exam in 12 days · predicted
	 * recall 87%"), or NULL when no exam is set; the UI frees it. */
	char *(*exam_line)(void *ctx);
	/* Start a session over one deck (and its subdecks), or everything when
	 * deck is NULL. The UI frees it with session_free(). */
	struct session *(*start)(void *ctx, const char *deck);
	/* Open the card's source in $VISUAL/$EDITOR at its line and re-import
	 * the file; called with curses suspended (endwin). Returns 0 or -1. The
	 * edited text is refreshed in the session's copy of the card. */
	int (*edit)(void *ctx, struct session *s, struct sess_card *c);
};

struct ui_options {
	bool color;          /* false: --no-color or NO_COLOR */
	bool start_review;   /* skip the home screen and review at once (deck below) */
	const char *deck;    /* with start_review: the deck, NULL for all */
};

/* Run the UI until the student quits. Returns the exit code (0, or 1 after
 * a fatal error, which the UI prints after restoring the terminal). A TERM
 * curses does not know is a clean error: "dkquiz: unknown terminal type 'x'". */
int ui_run(const struct ui_source *src, const struct ui_options *o);

void ui_free_decks(struct deck_count *d, size_t n);

#endif
