/* browse.c - `dkquiz browse [--deck NAME] [QUERY...]`: the cards in the
 * curses browse screen, and the store side of that screen. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "browse.h"
#include "dkquiz/i18n.h"
#include "dkquiz/util.h"

static const char browse_usage[] = N_(
	"Usage: dkquiz browse [--deck NAME] [QUERY...]\n"
	"List the cards in a full-screen view: / searches their text and tags,\n"
	"Enter shows a card with its review history, s suspends or unsuspends it.\n"
	"With QUERY, start with the cards that hold every word of it.\n\n"
	"      --deck NAME  only this deck and its subdecks\n"
	"  -h, --help       show this help\n");

static int cmp_id(const void *a, const void *b)
{
	const struct sess_card *x = *(struct sess_card *const *)a;
	const struct sess_card *y = *(struct sess_card *const *)b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static int load(struct browse_src *b)
{
	if (b->loaded)
		return 0;
	if (store_load_cards(b->st, NULL, &b->cards, &b->n))
		return -1;
	b->by_id = xcalloc(b->n ? b->n : 1, sizeof(*b->by_id));
	for (size_t i = 0; i < b->n; i++)
		b->by_id[i] = &b->cards[i];
	qsort(b->by_id, b->n, sizeof(*b->by_id), cmp_id);
	b->loaded = true;
	return 0;
}

static struct sess_card *find(struct browse_src *b, int64_t id)
{
	struct sess_card key = { .id = id }, *kp = &key, **hit;

	if (!b->n)
		return NULL;
	hit = bsearch(&kp, b->by_id, b->n, sizeof(*b->by_id), cmp_id);
	return hit ? *hit : NULL;
}

/* "A" holds "A" and "A::B". */
static bool in_deck(const char *name, const char *deck)
{
	size_t n = strlen(deck);

	return !strncmp(name, deck, n) && (!name[n] || !strncmp(name + n, "::", 2));
}

int browse_list(struct browse_src *b, const char *deck, const char *query,
		const struct sess_card ***out, size_t *n)
{
	char *q = query ? store_fts_query(query) : NULL;

	*out = NULL;
	*n = 0;
	if (load(b)) {
		free(q);
		return -1;
	}
	*out = xcalloc(b->n ? b->n : 1, sizeof(**out));
	if (q) {
		struct search_hit *h;
		size_t nh;

		free(q);
		if (store_search(b->st, query, deck, 0, &h, &nh)) {
			free(*out);
			*out = NULL;
			return -1;
		}
		for (size_t i = 0; i < nh; i++) {
			const struct sess_card *c = find(b, h[i].id);

			if (c && *n < b->n)
				(*out)[(*n)++] = c;
		}
		search_hits_free(h, nh);
	} else {
		for (size_t i = 0; i < b->n; i++)
			if (!deck || in_deck(b->cards[i].c.deck, deck))
				(*out)[(*n)++] = &b->cards[i];
	}
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
		(*out)[i].interval_days = r[i].scheduled_days;
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

void browse_src_release(struct browse_src *b)
{
	sess_cards_free(b->cards, b->n);
	free(b->by_id);
	b->cards = NULL;
	b->by_id = NULL;
	b->n = 0;
	b->loaded = false;
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
	for (int i = optind; i < argc; i++) {
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
