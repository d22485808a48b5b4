/* home.c - the home screen: decks with their counts, the exam line, keys. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dkquiz/i18n.h"
#include "dkquiz/text.h"
#include "dkquiz/util.h"
#include "ui_int.h"

struct home {
	struct deck_count *decks;
	size_t n;
	size_t sel;
	char *exam;
	bool stale;     /* reload the counts before drawing (after a review) */
	bool failed;
};

static void home_load(struct ui *ui, struct home *h)
{
	ui_free_decks(h->decks, h->n);
	h->decks = NULL;
	h->n = 0;
	free(h->exam);
	h->exam = NULL;
	h->failed = ui->src->decks(ui->src->ctx, &h->decks, &h->n) < 0;
	if (h->failed) {
		ui->failed = true;
		h->decks = NULL;
		h->n = 0;
	}
	if (ui->src->exam_line)
		h->exam = ui->src->exam_line(ui->src->ctx);
	if (h->sel >= h->n)
		h->sel = h->n ? h->n - 1 : 0;
	h->stale = false;
}

static void *home_open(struct ui *ui, void *arg)
{
	struct home *h = xcalloc(1, sizeof(*h));

	home_load(ui, h);
	return h;
}

static void put_right(struct ui *ui, int y, int right, const char *s, unsigned attr)
{
	int w = (int)text_width(s, strlen(s));

	ui_put(ui, y, right - w, s, attr);
}

static void home_draw(struct ui *ui, void *st)
{
	struct home *h = st;
	int y = 0, cnum = ui->cols - 1;
	int wcol = 7;
	char num[32];

	if (h->stale)
		home_load(ui, h);
	ui_put(ui, y, 1, _("dkquiz — Docker & Kubernetes revision"), UA_TITLE);
	y += 1;
	if (h->exam) {
		/* wrapped: the days left and the recall must show at any width */
		struct render_doc v = { NULL, 0, 0, 0 };

		view_add_wrapped(&v, "", h->exam, ui->cols - 2, 0);
		for (size_t i = 0; i < v.n && i < 3; i++)
			ui_put(ui, y++, 1, v.lines[i].text, UA_NOTICE);
		view_release(&v);
	} else {
		y++;
	}
	y++;

	ui_put(ui, y, 1, _("Deck"), UA_DIM);
	put_right(ui, y, cnum - 2 * wcol, C_("deck list column", "New"), UA_DIM);
	put_right(ui, y, cnum - wcol, _("Learn"), UA_DIM);
	put_right(ui, y, cnum, _("Due"), UA_DIM);
	y++;

	int list_rows = ui->rows - y - 2;
	size_t first = 0;
	if (list_rows < 1)
		list_rows = 1;
	if (h->sel >= (size_t)list_rows)
		first = h->sel - (size_t)list_rows + 1;
	if (!h->n) {
		ui_put(ui, y + 1, 1, h->failed ? _("The decks could not be read.") :
		       _("No decks yet: import some with 'dkquiz import FILE...'."), 0);
	}
	for (size_t i = first; i < h->n && y < ui->rows - 2; i++, y++) {
		const struct deck_count *d = &h->decks[i];
		unsigned a = i == h->sel ? UA_SELECTED : 0;
		if (a)
			ui_fill(ui, y, a);
		ui_putn(ui, y, 1, d->name, strlen(d->name), a, cnum - 3 * wcol);
		snprintf(num, sizeof(num), "%d", d->new_cards);
		put_right(ui, y, cnum - 2 * wcol, num, a | (d->new_cards ? 0 : UA_DIM));
		snprintf(num, sizeof(num), "%d", d->learning);
		put_right(ui, y, cnum - wcol, num, a | (d->learning ? 0 : UA_DIM));
		snprintf(num, sizeof(num), "%d", d->due);
		put_right(ui, y, cnum, num, a | (d->due ? 0 : UA_DIM));
	}
	ui_put(ui, ui->rows - 1, 1,
	       _("Enter review all · j/k choose · r/→ this deck · / browse · ? help · q quit"),
	       UA_DIM);
}

static void home_key(struct ui *ui, void *st, const struct ui_key *k)
{
	struct home *h = st;

	switch (k->act) {
	case ACT_UP:
		if (h->sel)
			h->sel--;
		break;
	case ACT_DOWN:
		if (h->sel + 1 < h->n)
			h->sel++;
		break;
	case ACT_TOP:
		h->sel = 0;
		break;
	case ACT_BOTTOM:
		h->sel = h->n ? h->n - 1 : 0;
		break;
	case ACT_ENTER:
		h->stale = true;
		ui_push(ui, &review_screen, &(struct review_arg){ NULL, NULL, NULL });
		break;
	case ACT_REVIEW_DECK:
	case ACT_RIGHT:
		if (h->n) {
			h->stale = true;
			ui_push(ui, &review_screen,
				&(struct review_arg){ h->decks[h->sel].name, NULL, NULL });
		}
		break;
	case ACT_SEARCH: {
		/* "/" is search: the keys after it are the query */
		struct ui_browse_arg ba = { NULL, NULL, true };

		h->stale = true;
		ui_push(ui, &browse_screen, &ba);
		break;
	}
	case ACT_HELP:
		ui_push(ui, &help_screen, NULL);
		break;
	case ACT_QUIT:
		ui_pop(ui);
		break;
	default:
		break;
	}
}

static void home_close(struct ui *ui, void *st)
{
	struct home *h = st;

	ui_free_decks(h->decks, h->n);
	free(h->exam);
	free(h);
}

const struct screen_ops home_screen = { home_open, home_draw, home_key, home_close };
