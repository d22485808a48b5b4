/* session.c - one review session: the queue, grading, undo, suspend and
 * bury, the preview labels and the summary.
 *
 * The session keeps the cards in the array it was given and refers to them
 * by index, so the pointers session_current() hands out stay valid (the
 * front end edits the current card in place). The queue is three parts:
 *
 *   cur    the card being shown, if any;
 *   main   reviews with new cards mixed in (cram: every card), in order;
 *   learn  (re)learning cards waiting for their step, unordered: the
 *          earliest due is looked up when needed (a session holds a few
 *          dozen at most).
 *
 * Each grade pushes a history entry holding the review record, the card's
 * previous flags and a copy of the queue as it was, so undo is a plain
 * restore rather than an inverse operation that could drift.
 */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <math.h>

#include "dkquiz/session.h"
#include "dkquiz/util.h"

#define NONE ((size_t)-1)

struct learn_ent {
	size_t idx;
	bool ready;   /* released early by session_skip_wait() */
};

struct queue {
	size_t cur;              /* NONE when nothing is shown */
	size_t *main;
	size_t nmain, capmain;
	size_t head;             /* main[head..nmain) is still to come */
	struct learn_ent *learn;
	size_t nlearn, caplearn;
};

/* How many answers can be undone. Every answer stays in the history (it
 * counts in the summary), but only the last UNDO_DEPTH keep the queue copy
 * that undoing needs: with thousands of cards in a session the copies
 * would otherwise grow with answers times cards. */
#define UNDO_DEPTH 100

struct hist {
	struct review_rec rec;
	bool suspended, leech;   /* the card's flags before the grade */
	bool undoable;           /* q is kept */
	struct queue q;          /* the queue before the grade (cur = the card) */
};

struct session {
	const struct fsrs_params *p;
	struct sess_card *cards;
	size_t n;
	struct session_opts o;   /* skip_notes is not kept: only used at start */
	struct session_ops ops;
	struct queue q;
	bool *dropped;           /* suspended or buried during the session */
	struct hist *hist;
	size_t nhist, caphist;
	bool last_leech;
	uint64_t shows;          /* cards made current so far: the shuffle counter */
	size_t *order;           /* option order of the current card */
	size_t norder;
};

/* ---- queue helpers ------------------------------------------------------ */

static void queue_release(struct queue *q)
{
	free(q->main);
	free(q->learn);
	memset(q, 0, sizeof(*q));
	q->cur = NONE;
}

/* Copy only what is still to come: a snapshot per grade stays small. */
static void queue_copy(struct queue *dst, const struct queue *src)
{
	size_t left = src->nmain - src->head;

	memset(dst, 0, sizeof(*dst));
	dst->cur = src->cur;
	if (left) {
		dst->main = xmalloc(left * sizeof(*dst->main));
		memcpy(dst->main, src->main + src->head, left * sizeof(*dst->main));
		dst->nmain = dst->capmain = left;
	}
	if (src->nlearn) {
		dst->learn = xmalloc(src->nlearn * sizeof(*dst->learn));
		memcpy(dst->learn, src->learn, src->nlearn * sizeof(*dst->learn));
		dst->nlearn = dst->caplearn = src->nlearn;
	}
}

static void main_push(struct queue *q, size_t idx)
{
	XGROW(q->main, q->nmain + 1, q->capmain);
	q->main[q->nmain++] = idx;
}

static void learn_push(struct queue *q, size_t idx)
{
	XGROW(q->learn, q->nlearn + 1, q->caplearn);
	q->learn[q->nlearn].idx = idx;
	q->learn[q->nlearn].ready = false;
	q->nlearn++;
}

static void learn_remove_at(struct queue *q, size_t i)
{
	memmove(q->learn + i, q->learn + i + 1, (q->nlearn - i - 1) * sizeof(*q->learn));
	q->nlearn--;
}

/* Drop from the waiting parts of the queue every card `gone` says so of. */
static void queue_filter(struct queue *q, bool (*gone)(const struct session *, size_t, const void *),
			 const struct session *s, const void *arg)
{
	size_t j = q->head;

	for (size_t i = q->head; i < q->nmain; i++)
		if (!gone(s, q->main[i], arg))
			q->main[j++] = q->main[i];
	q->nmain = j;
	j = 0;
	for (size_t i = 0; i < q->nlearn; i++)
		if (!gone(s, q->learn[i].idx, arg))
			q->learn[j++] = q->learn[i];
	q->nlearn = j;
}

/* Index into q->learn of the earliest due card, NONE if empty. With
 * `ready_only`, only cards due at `now` or released early count. */
static size_t learn_earliest(const struct session *s, bool ready_only, int64_t now)
{
	size_t best = NONE;

	for (size_t i = 0; i < s->q.nlearn; i++) {
		const struct learn_ent *e = &s->q.learn[i];
		int64_t due = s->cards[e->idx].st.due;

		if (ready_only && !e->ready && due > now)
			continue;
		if (best == NONE || due < s->cards[s->q.learn[best].idx].st.due)
			best = i;
	}
	return best;
}

/* ---- option shuffling --------------------------------------------------- */

static uint64_t splitmix64(uint64_t x)
{
	x += 0x9E3779B97F4A7C15ULL;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
	return x ^ (x >> 31);
}

static uint64_t xorshift64(uint64_t *st)
{
	uint64_t x = *st;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *st = x;
}

/* A card has just become current: count the showing and shuffle its options
 * afresh, so the position of the right answer cannot be learnt. */
static void became_current(struct session *s)
{
	const struct card *c = &s->cards[s->q.cur].c;
	uint64_t rng;

	s->shows++;
	/* splitmix spreads (seed, counter) over the state; xorshift must not start at 0 */
	rng = splitmix64(s->o.seed ^ splitmix64(s->shows));
	if (!rng)
		rng = 0x2545F4914F6CDD1DULL;
	free(s->order);
	s->order = NULL;
	s->norder = 0;
	if (c->type != CARD_MCQ || !c->noptions)
		return;
	s->norder = c->noptions;
	s->order = xmalloc(s->norder * sizeof(*s->order));
	for (size_t i = 0; i < s->norder; i++)
		s->order[i] = i;
	for (size_t i = s->norder - 1; i > 0; i--) {
		size_t j = (size_t)(xorshift64(&rng) % (i + 1));
		size_t t = s->order[i];

		s->order[i] = s->order[j];
		s->order[j] = t;
	}
}

/* ---- building the queue ------------------------------------------------- */

static bool note_in(const char *note, char *const *notes, size_t n)
{
	if (!note)
		return false;
	for (size_t i = 0; i < n; i++)
		if (notes[i] && !strcmp(notes[i], note))
			return true;
	return false;
}

struct keyed {
	size_t idx;
	double r;
	int64_t due;
};

static int cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->r != y->r)
		return x->r < y->r ? -1 : 1;
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static bool eligible(const struct session *s, const struct sess_card *c, int64_t now)
{
	return !c->suspended && c->buried_until <= now &&
	       !note_in(c->c.note, s->o.skip_notes, s->o.nskip_notes);
}

static bool is_learning(const struct fsrs_card *st)
{
	return st->state == FSRS_LEARNING || st->state == FSRS_RELEARNING;
}

static void build_cram(struct session *s, int64_t now)
{
	for (size_t i = 0; i < s->n; i++)
		if (eligible(s, &s->cards[i], now))
			main_push(&s->q, i);
}

static void build_normal(struct session *s, int64_t now)
{
	struct keyed *rev = xmalloc((s->n ? s->n : 1) * sizeof(*rev));
	size_t *fresh = xmalloc((s->n ? s->n : 1) * sizeof(*fresh));
	const char **notes = xmalloc((s->n ? s->n : 1) * sizeof(*notes));
	size_t nrev = 0, nfresh = 0, nnotes = 0, maxnew, r, k;

	for (size_t i = 0; i < s->n; i++) {
		const struct sess_card *c = &s->cards[i];

		if (!eligible(s, c, now))
			continue;
		if (is_learning(&c->st)) {
			if (c->st.due < s->o.day_end || c->st.due <= now)
				learn_push(&s->q, i);
			else
				continue;
		} else if (c->st.state == FSRS_REVIEW) {
			if (c->st.due >= s->o.day_end)
				continue;
			rev[nrev].idx = i;
			rev[nrev].r = fsrs_recall_at(s->p, &c->st, now);
			rev[nrev].due = c->st.due;
			nrev++;
		} else {
			continue;
		}
		if (c->c.note)
			notes[nnotes++] = c->c.note;
	}
	qsort(rev, nrev, sizeof(*rev), cmp_keyed);
	if (s->o.reviews_per_day >= 0 && nrev > (size_t)s->o.reviews_per_day)
		nrev = (size_t)s->o.reviews_per_day;

	/* New cards in the given order. One per note: a sibling of a card
	 * already queued would leave the queue as soon as that card is
	 * answered, and would then have taken a place under new_per_day. */
	maxnew = s->o.new_per_day > 0 ? (size_t)s->o.new_per_day : 0;
	for (size_t i = 0; i < s->n && nfresh < maxnew; i++) {
		const struct sess_card *c = &s->cards[i];
		bool dup = false;

		if (c->st.state != FSRS_NEW || !eligible(s, c, now))
			continue;
		for (size_t j = 0; c->c.note && j < nnotes && !dup; j++)
			dup = !strcmp(notes[j], c->c.note);
		if (dup)
			continue;
		fresh[nfresh++] = i;
		if (c->c.note)
			notes[nnotes++] = c->c.note;
	}

	/* Spread the new cards evenly: review r sits at (r + 1) / (nrev + 1) of
	 * the way, new card k at (k + 1) / (nfresh + 1); merge on that, a review
	 * first on a tie. Six reviews and two new cards give r r n r r n r r. */
	for (r = 0, k = 0; r < nrev || k < nfresh;) {
		if (k < nfresh && (r == nrev || (k + 1) * (nrev + 1) < (r + 1) * (nfresh + 1)))
			main_push(&s->q, fresh[k++]);
		else
			main_push(&s->q, rev[r++].idx);
	}
	free(rev);
	free(fresh);
	free(notes);
}

struct session *session_new(const struct fsrs_params *p, struct sess_card *cards, size_t n,
			    const struct session_opts *o, const struct session_ops *ops,
			    int64_t now)
{
	struct session *s = xcalloc(1, sizeof(*s));

	s->p = p;
	s->cards = cards;
	s->n = n;
	s->o = *o;
	if (ops)
		s->ops = *ops;
	s->q.cur = NONE;
	s->dropped = xcalloc(n ? n : 1, sizeof(*s->dropped));
	if (s->o.mode == REVIEW_CRAM)
		build_cram(s, now);
	else
		build_normal(s, now);
	/* the notes belong to the caller, who may free them once we return */
	s->o.skip_notes = NULL;
	s->o.nskip_notes = 0;
	return s;
}

void session_free(struct session *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nhist; i++)
		queue_release(&s->hist[i].q);
	free(s->hist);
	queue_release(&s->q);
	for (size_t i = 0; i < s->n; i++)
		card_release(&s->cards[i].c);
	free(s->cards);
	free(s->dropped);
	free(s->order);
	free(s);
}

/* ---- showing ------------------------------------------------------------ */

const struct sess_card *session_current(struct session *s, int64_t now)
{
	size_t i;

	if (s->q.cur != NONE)
		return &s->cards[s->q.cur];
	i = learn_earliest(s, true, now);
	if (i != NONE) {
		s->q.cur = s->q.learn[i].idx;
		learn_remove_at(&s->q, i);
	} else if (s->q.head < s->q.nmain) {
		s->q.cur = s->q.main[s->q.head++];
	} else {
		return NULL;
	}
	became_current(s);
	return &s->cards[s->q.cur];
}

int64_t session_next_due(const struct session *s)
{
	size_t i = learn_earliest(s, false, 0);

	return i == NONE ? 0 : s->cards[s->q.learn[i].idx].st.due;
}

void session_skip_wait(struct session *s)
{
	for (size_t i = 0; i < s->q.nlearn; i++)
		s->q.learn[i].ready = true;
}

size_t session_done(const struct session *s)
{
	return s->nhist;
}

size_t session_left(const struct session *s, int64_t now)
{
	return (s->q.cur != NONE) + (s->q.nmain - s->q.head) + s->q.nlearn;
}

int session_suggest(bool correct)
{
	return correct ? FSRS_GOOD : FSRS_AGAIN;
}

const size_t *session_option_order(struct session *s)
{
	return s->q.cur != NONE ? s->order : NULL;
}

bool session_last_was_leech(const struct session *s)
{
	return s->last_leech;
}

/* ---- labels ------------------------------------------------------------- */

/* A value in tenths, printed "2.5" or "3" (no ".0"). */
static void put_tenths(char out[16], int64_t ms, int64_t unit, const char *suffix)
{
	int t = (int)llround((double)ms * 10.0 / (double)unit);

	if (t % 10)
		snprintf(out, 16, "%d.%d%s", t / 10, t % 10, suffix);
	else
		snprintf(out, 16, "%d%s", t / 10, suffix);
}

/* Past this, the label would not fit (and nobody schedules that far). */
#define INTERVAL_MAX_MS (9999LL * 365 * FSRS_DAY_MS)

void format_interval(int64_t ms, char out[16])
{
	/* Each unit is chosen on the rounded value, so 59.6 s reads "1m" and
	 * not "60s". Months are 30 days and years 365, as Anki shows them. */
	static const struct { int64_t unit; int limit; const char *suffix; } units[] = {
		{ 1000LL, 60, "s" },
		{ FSRS_MIN_MS, 60, "m" },
		{ 3600000LL, 24, "h" },
		{ FSRS_DAY_MS, 30, "d" },
	};

	if (ms < 0)
		ms = 0;
	if (ms > INTERVAL_MAX_MS)
		ms = INTERVAL_MAX_MS;
	for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
		int64_t v = (ms + units[i].unit / 2) / units[i].unit;

		if (v < units[i].limit) {
			snprintf(out, 16, "%d%s", (int)v, units[i].suffix);
			return;
		}
	}
	if ((ms + FSRS_DAY_MS / 2) / FSRS_DAY_MS < 365)
		put_tenths(out, ms, 30 * FSRS_DAY_MS, "mo");
	else
		put_tenths(out, ms, 365 * FSRS_DAY_MS, "y");
}

void session_preview(struct session *s, int64_t now, char labels[4][16])
{
	struct fsrs_card out[4];

	for (int i = 0; i < 4; i++)
		labels[i][0] = '\0';
	/* cram changes no schedule, so there is no interval to show */
	if (s->q.cur == NONE || s->o.mode == REVIEW_CRAM)
		return;
	if (fsrs_repeat(s->p, &s->cards[s->q.cur].st, now, out))
		return;
	for (int i = 0; i < 4; i++)
		format_interval(out[i].due - now, labels[i]);
}

/* ---- grading and undo --------------------------------------------------- */

/* Another card of the same note as card *arg. */
static bool is_sibling(const struct session *s, size_t idx, const void *arg)
{
	size_t of = *(const size_t *)arg;
	const char *note = s->cards[idx].c.note;

	return idx != of && note && !strcmp(note, s->cards[of].c.note);
}

static bool is_dropped(const struct session *s, size_t idx, const void *arg)
{
	return s->dropped[idx];
}

int session_grade(struct session *s, int rating, int64_t now, int64_t duration_ms)
{
	struct review_rec rec;
	struct sess_card *c;
	struct hist *h;
	size_t idx = s->q.cur;
	bool cram = s->o.mode == REVIEW_CRAM;

	if (idx == NONE || rating < FSRS_AGAIN || rating > FSRS_EASY)
		return -1;
	c = &s->cards[idx];
	memset(&rec, 0, sizeof(rec));
	rec.card_id = c->id;
	rec.at_ms = now;
	rec.rating = rating;
	rec.mode = cram ? REVIEW_CRAM : REVIEW_NORMAL;
	rec.duration_ms = duration_ms;
	rec.before = c->st;
	if (cram) {
		rec.after = c->st;
	} else {
		if (fsrs_review(s->p, &c->st, now, rating, &rec.after))
			return -1;
		rec.became_leech = s->o.leech_lapses > 0 && !c->leech &&
				   rec.before.lapses < s->o.leech_lapses &&
				   rec.after.lapses >= s->o.leech_lapses;
	}
	/* Nothing changes until the owner has made the answer durable. */
	if (s->ops.commit && s->ops.commit(s->ops.ctx, &rec))
		return -1;

	XGROW(s->hist, s->nhist + 1, s->caphist);
	h = &s->hist[s->nhist++];
	h->rec = rec;
	h->suspended = c->suspended;
	h->leech = c->leech;
	h->undoable = true;
	queue_copy(&h->q, &s->q);
	if (s->nhist > UNDO_DEPTH) {
		struct hist *old = &s->hist[s->nhist - 1 - UNDO_DEPTH];
		size_t cur = old->q.cur;

		queue_release(&old->q);
		old->q.cur = cur;
		old->undoable = false;
	}

	c->st = rec.after;
	s->last_leech = rec.became_leech;
	s->q.cur = NONE;
	if (cram) {
		if (rating == FSRS_AGAIN)
			main_push(&s->q, idx);
		return 0;
	}
	if (rec.became_leech) {
		c->suspended = true;
		c->leech = true;
	} else if (is_learning(&c->st) && c->st.due < s->o.day_end) {
		learn_push(&s->q, idx);
	}
	/* Seeing one side of a note gives the other away: its siblings wait
	 * for another day. */
	if (c->c.note)
		queue_filter(&s->q, is_sibling, s, &idx);
	return 0;
}

int session_undo(struct session *s)
{
	struct hist *h;
	struct sess_card *c;
	size_t idx;

	if (!s->nhist || !s->hist[s->nhist - 1].undoable)
		return -1;
	h = &s->hist[s->nhist - 1];
	if (s->ops.undo && s->ops.undo(s->ops.ctx, &h->rec))
		return -1;
	s->nhist--;
	idx = h->q.cur;
	c = &s->cards[idx];
	c->st = h->rec.before;
	c->suspended = h->suspended;
	c->leech = h->leech;
	queue_release(&s->q);
	s->q = h->q;
	/* Suspending and burying are not undone: a card they removed since
	 * stays out, the undone one included. */
	queue_filter(&s->q, is_dropped, s, NULL);
	s->last_leech = false;
	if (s->dropped[idx])
		s->q.cur = NONE;
	else
		became_current(s);
	return 0;
}

/* Take the current card out of the session for good. */
static void drop_current(struct session *s)
{
	s->dropped[s->q.cur] = true;
	s->q.cur = NONE;
	free(s->order);
	s->order = NULL;
	s->norder = 0;
}

int session_suspend(struct session *s)
{
	struct sess_card *c;

	if (s->q.cur == NONE)
		return -1;
	c = &s->cards[s->q.cur];
	if (s->ops.suspend && s->ops.suspend(s->ops.ctx, c->id, true))
		return -1;
	c->suspended = true;
	drop_current(s);
	return 0;
}

int session_bury(struct session *s, int64_t until_ms)
{
	struct sess_card *c;

	if (s->q.cur == NONE)
		return -1;
	c = &s->cards[s->q.cur];
	if (s->ops.bury && s->ops.bury(s->ops.ctx, c->id, until_ms))
		return -1;
	c->buried_until = until_ms;
	drop_current(s);
	return 0;
}

/* ---- summary ------------------------------------------------------------ */

void session_summary(const struct session *s, struct session_summary *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < s->nhist; i++) {
		const struct review_rec *r = &s->hist[i].rec;

		out->reviewed++;
		if (r->rating == FSRS_AGAIN)
			out->wrong++;
		else
			out->right++;
		out->time_ms += r->duration_ms;
	}
	/* New cards have no due date of their own (theirs is when they were
	 * added), so they would always read as overdue: leave them out. A
	 * buried card cannot come back before it is dug up. */
	bool found = false;

	for (size_t i = 0; i < s->n; i++) {
		const struct sess_card *c = &s->cards[i];
		int64_t due = c->st.due;

		if (c->suspended || c->st.state == FSRS_NEW)
			continue;
		if (c->buried_until > due)
			due = c->buried_until;
		if (!found || due < out->next_due)
			out->next_due = due;
		found = true;
	}
}
