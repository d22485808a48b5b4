/* browse.c - `dkquiz browse [--deck NAME] [QUERY...]`: the cards in the
 * curses browse screen, and the store side of that screen. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "browse.h"
#include "dkquiz/clock.h"
#include "dkquiz/i18n.h"
#include "dkquiz/util.h"

static const char browse_usage[] = N_(
	"Usage: dkquiz browse [--deck NAME] [QUERY...]\n"
	"List the cards in a full-screen view: / searches their text and tags,\n"
	"f cycles a state filter, Enter shows a card with its review history,\n"
	"its recall and its next due date; there s suspends or unsuspends it,\n"
	"r resets it and e edits its source.\n"
	"With QUERY, start with the cards it asks for: every word of it, and the\n"
	"filters deck:NAME, tag:NAME, is:new, is:learning, is:review, is:leech,\n"
	"is:suspended, is:retired; -tag:NAME and the like negate a filter.\n\n"
	"      --deck NAME  only this deck and its subdecks\n"
	"  -h, --help       show this help\n");

static int cmp_id(const void *a, const void *b)
{
	const struct sess_card *x = *(struct sess_card *const *)a;
	const struct sess_card *y = *(struct sess_card *const *)b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* The card `id` among the first `n` cards held (a sorted prefix). */
static struct sess_card *find_in(struct browse_src *b, size_t n, int64_t id)
{
	struct sess_card key = { .id = id }, *kp = &key, **hit;

	if (!n)
		return NULL;
	hit = bsearch(&kp, b->cards, n, sizeof(*b->cards), cmp_id);
	return hit ? *hit : NULL;
}

static struct sess_card *find(struct browse_src *b, int64_t id)
{
	return find_in(b, b->n, id);
}

int browse_list(struct browse_src *b, const char *deck, const struct card_query *q,
		const struct sess_card ***out, size_t *n)
{
	struct sess_card *got;
	size_t ngot, old_n = b->n;

	*out = NULL;
	*n = 0;
	if (store_query_cards(b->st, q, deck, 0, &got, &ngot))
		return -1;
	*out = xcalloc(ngot ? ngot : 1, sizeof(**out));
	for (size_t i = 0; i < ngot; i++) {
		/* The cards added by this call are not sorted in yet, and
		 * need not be searched: a query gives each card once. */
		struct sess_card *c = find_in(b, old_n, got[i].id);

		if (c) {
			card_release(&c->c);
			*c = got[i];
		} else {
			c = xmalloc(sizeof(*c));
			*c = got[i];
			XGROW(b->cards, b->n + 1, b->cap);
			b->cards[b->n++] = c;
		}
		(*out)[(*n)++] = c;
	}
	free(got);   /* the contents moved into the copies */
	if (b->n != old_n)
		qsort(b->cards, b->n, sizeof(*b->cards), cmp_id);
	return 0;
}

int browse_history(struct browse_src *b, int64_t card_id, struct ui_review **out, size_t *n)
{
	struct review_row *r;
	size_t nr;

	*out = NULL;
	*n = 0;
	if (store_card_reviews(b->st, card_id, &r, &nr))
		return -1;
	*out = xcalloc(nr ? nr : 1, sizeof(**out));
	for (size_t i = 0; i < nr; i++) {
		(*out)[i].at_ms = r[i].at_ms;
		(*out)[i].rating = r[i].rating;
		/* the due the answer set; before it was recorded, the days */
		if (r[i].due_ms)
			(*out)[i].interval_ms = r[i].due_ms - r[i].at_ms;
		else if (r[i].mode == REVIEW_NORMAL)
			(*out)[i].interval_ms = (int64_t)r[i].scheduled_days * DAY_MS;
		else
			(*out)[i].interval_ms = -1;
		(*out)[i].mode = r[i].mode;
	}
	*n = nr;
	free(r);
	return 0;
}

double browse_recall(struct browse_src *b, const struct sess_card *c, int64_t now)
{
	if (c->st.state == FSRS_NEW || c->st.last_review == FSRS_NO_REVIEW)
		return -1;
	return fsrs_recall_at(b->fsrs, &c->st, now);
}

int browse_set_suspended(struct browse_src *b, int64_t card_id, bool on)
{
	struct sess_card *c = find(b, card_id);

	if (store_set_suspended(b->st, card_id, on))
		return -1;
	if (c)
		c->suspended = on;
	return 0;
}

int browse_reset(struct browse_src *b, int64_t card_id)
{
	struct sess_card *c = find(b, card_id);
	int rc = store_reset_card(b->st, card_id, b->now(b->now_ctx));

	if (rc)
		return rc < 0 ? -1 : error(_("this card is no longer in the database"));
	/* Read back what the store made of it rather than guessing. */
	if (c && store_reload_card(b->st, c) < 0)
		return -1;
	return 0;
}

void browse_src_release(struct browse_src *b)
{
	for (size_t i = 0; i < b->n; i++) {
		card_release(&b->cards[i]->c);
		free(b->cards[i]);
	}
	free(b->cards);
	b->cards = NULL;
	b->n = b->cap = 0;
}

int cmd_browse(int argc, char **argv, struct app *app)
{
	static const struct option opts[] = {
		{ "deck", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ui_options uo = { .color = app->color, .start_browse = true };
	struct buf query = BUF_INIT;
	int c, ret;

	int nargs = argc;

	argc = cmd_set_negated_filters_apart(argc, argv);
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'D': uo.deck = optarg; break;
		case 'h': fputs(_(browse_usage), stdout); return 0;
		case ':': return usage_error("browse", _("option '%s' needs a value"), argv[optind - 1]);
		default:
			if (optopt)
				return usage_error("browse", _("unknown option '-%c'"), optopt);
			return usage_error("browse", _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	/* the words, then the negated filters set apart after them */
	for (int i = optind; i < nargs; i++) {
		if (query.len)
			buf_addch(&query, ' ');
		buf_adds(&query, argv[i]);
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		buf_release(&query);
		error(_("browse needs a terminal; try 'dkquiz search'"));
		return 1;
	}
	uo.query = query.s;
	ret = review_open_ui(app, &uo);
	buf_release(&query);
	return ret;
}
