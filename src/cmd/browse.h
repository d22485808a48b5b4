/* browse.h - the store side of the browse screen, shared by `dkquiz review`
 * (whose home screen opens it with /) and `dkquiz browse`. Private to
 * src/cmd/. */
#ifndef DKQUIZ_CMD_BROWSE_H
#define DKQUIZ_CMD_BROWSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dkquiz/cmd.h"
#include "dkquiz/fsrs.h"
#include "dkquiz/store.h"
#include "dkquiz/ui.h"

struct browse_src {
	struct store *st;
	const struct fsrs_params *fsrs;
	int64_t (*now)(void *ctx);  /* the clock, with now_ctx */
	void *now_ctx;
	struct sess_card **cards;   /* every card read so far, each allocated
				       apart (the UI keeps pointers), by id */
	size_t n, cap;
};

/* The ui_source callbacks, with a struct browse_src as context. A card read
 * again replaces the contents of the copy already held, never its address. */
int browse_list(struct browse_src *b, const char *deck, const struct card_query *q,
		const struct sess_card ***out, size_t *n);
int browse_history(struct browse_src *b, int64_t card_id, struct ui_review **out, size_t *n);
double browse_recall(struct browse_src *b, const struct sess_card *c, int64_t now);
int browse_set_suspended(struct browse_src *b, int64_t card_id, bool on);
int browse_reset(struct browse_src *b, int64_t card_id);
/* Free the cards read (not the struct). */
void browse_src_release(struct browse_src *b);

/* Open the store and run the curses UI as `dkquiz review` does, with `uo`
 * (defined in review.c). Returns the exit code. */
int review_open_ui(struct app *app, const struct ui_options *uo);

#endif
