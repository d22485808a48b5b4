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

#include "dkquiz/query.h"
#include "dkquiz/session.h"

struct stats_report;

struct deck_count {
	char *name;
	int total;
	int new_cards;     /* new cards that today's limit lets through */
	int learning;      /* learning/relearning cards due now */
	int due;           /* review cards due today */
};

/* One answer in a card's history, for the browse screen. */
struct ui_review {
	int64_t at_ms;
	int rating;          /* 1..4 */
	int64_t interval_ms; /* the interval the answer gave; -1 when unknown (cram) */
	int mode;            /* enum review_mode */
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
	 * the file; called with curses suspended (endwin). `s` is the session
	 * the card belongs to, or NULL (browse). The text and state of `c` are
	 * refreshed from the store: c->retired tells whether the card is still
	 * in its file. Returns 0, 1 when the card is no longer in the
	 * database (c is left as it was), or -1. */
	int (*edit)(void *ctx, struct session *s, struct sess_card *c);
	/* Browse: the cards of `deck` and its subdecks (every deck when NULL)
	 * that the parsed query `q` asks for (query.h: best match first with
	 * words, else in deck order; retired cards only with is:retired).
	 * *out is an array of pointers to cards the source owns, valid until
	 * ui_run() returns, and refreshed from the store at each call; the UI
	 * frees the array only. Returns 0 or -1 (*out NULL, *n 0). */
	int (*browse)(void *ctx, const char *deck, const struct card_query *q,
		      const struct sess_card ***out, size_t *n);
	/* The card's review history, oldest first; the UI frees *out.
	 * Returns 0 or -1. */
	int (*history)(void *ctx, int64_t card_id, struct ui_review **out, size_t *n);
	/* The card's predicted recall (0..1) at `now`, or a negative value for
	 * a card never reviewed. */
	double (*recall)(void *ctx, const struct sess_card *c, int64_t now);
	/* Suspend (on) or unsuspend a card; the source's copy follows.
	 * Returns 0 or -1. */
	int (*set_suspended)(void *ctx, int64_t card_id, bool on);
	/* Make a card new again, keeping its review log (store_reset_card);
	 * the source's copy follows. Returns 0 or -1. */
	int (*reset)(void *ctx, int64_t card_id);
	/* The instant of the recorded exam, or 0 when none is set. */
	int64_t (*exam_at)(void *ctx);
};

struct ui_options {
	bool color;          /* false: --no-color or NO_COLOR */
	bool start_review;   /* skip the home screen and review at once (deck below) */
	const char *deck;    /* with start_review or start_browse: the deck, NULL for all */
	bool start_browse;   /* open the browse screen; q on it quits */
	const char *query;   /* with start_browse: the first query, or NULL */
	/* Open the statistics screen on `stats` (which must stay valid until
	 * ui_run returns); q on it quits. `deck` names the deck it covers, or
	 * NULL for all. Only src->now is needed from the source. */
	bool start_stats;
	const struct stats_report *stats;
};

/* Can the terminal on stdout show the full-screen UI? */
enum ui_term {
	UI_TERM_OK,
	UI_TERM_UNKNOWN,     /* $TERM has no terminfo description */
	UI_TERM_DUMB,        /* it cannot move the cursor (TERM=dumb, a printer) */
};
enum ui_term ui_term_check(void);

/* Run the UI until the student quits. Returns the exit code (0, or 1 after
 * a fatal error, which the UI prints after restoring the terminal). A
 * terminal ui_term_check() refuses is a clean error: "dkquiz: unknown
 * terminal type 'x'", or one saying that it cannot draw a screen. */
int ui_run(const struct ui_source *src, const struct ui_options *o);

void ui_free_decks(struct deck_count *d, size_t n);

#endif
