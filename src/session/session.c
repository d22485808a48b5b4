/* session.c - one review session: the queue, grading, undo, suspend and
 * bury, the preview labels and the summary.
 *
 * The session keeps the cards in the array it was given and refers to them
 * by index, so the pointers session_current() hands out stay valid (the
 * front end edits the current card in place). The queue is three parts:
 *
 *   cur    the card being shown, if any;
 *   main   reviews with new cards mixed in (cram: every card), in order;
 *          it only grows at its end (cram puts an Again card back there):
 *          a card taken out early (a sibling of an answered card) is
 *          marked hidden and skipped when its turn comes, so that main
 *          can be shared by every undo level instead of copied;
 *   learn  (re)learning cards waiting for their step, in due order (a
 *          tie in the order they came), so the earliest is the first.
 *
 * Each grade pushes a history entry holding the review record, the card's
 * previous flags, the queue's positions and the siblings it hid, so undo is
 * a plain restore rather than an inverse operation that could drift. The
 * learn part is put back as it was at the grade from what changed it since:
 * the card the grade put there leaves, and the cards taken from it since
 * (kept in a log, `taken`) go back to their places, which their due and
 * their arrival fix. An undo level costs no more than the siblings and the
 * learning cards it touched, whatever the size of the queue.
 *
 * Siblings are found through note groups numbered once at the start, so
 * neither building the queue nor grading compares note strings card by
 * card.
 */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <math.h>

#include "dkquiz/i18n.h"
#include "dkquiz/session.h"
#include "dkquiz/util.h"

#define NONE ((size_t)-1)

struct learn_ent {
	size_t idx;
	uint64_t seq;   /* when it came: the order of a tie on due */
	size_t ready;   /* released early by session_skip_wait(): 1 + the
			   number of grades made then; 0 if not */
};

struct queue {
	size_t cur;              /* NONE when nothing is shown */
	size_t *main;
	size_t nmain, capmain;
	size_t head;             /* main[head..nmain) is still to come */
	size_t live;             /* entries of main[head..nmain) neither hidden nor dropped */
	struct learn_ent *learn;  /* by due, then seq */
	size_t nlearn, caplearn;
	size_t nready;           /* entries of learn released early */
	uint64_t seq;            /* the last seq given */
};

/* How many answers can be undone. Every answer stays in the history (it
 * counts in the summary), but only the last UNDO_DEPTH keep what undoing
 * needs. */
#define UNDO_DEPTH 100

struct hist {
	struct review_rec rec;
	bool suspended, leech;   /* the card's flags before the grade */
	bool undoable;           /* the queue below is kept */
	/* the queue before the grade (cur = the card) */
	size_t cur, head, nmain;
	bool pushed;             /* the grade put the card in learn */
	size_t taken_from;       /* the entries of `taken` logged since the grade */
	size_t *hidden;          /* the siblings this grade hid in main */
	size_t nhidden;
};

struct session {
	const struct fsrs_params *p;
	struct sess_card *cards;
	size_t n;
	struct session_opts o;   /* seen is not kept: only used at start */
	struct session_ops ops;
	struct queue q;
	bool *dropped;           /* suspended or buried during the session */
	bool *hidden;            /* in main, but out: a sibling was answered */
	bool *held;              /* not shown today: a sibling was answered before
				    the session, or over reviews_per_day */
	size_t *mpos;            /* where a card was last put in main, NONE if never */
	size_t *group;           /* the card's note group, NONE without a note */
	size_t *members;         /* the cards of each group, group by group */
	size_t *gstart;          /* group g is members[gstart[g]..gstart[g + 1]) */
	size_t ngroups;
	size_t shown;            /* the card shown, whose text ops.fetch filled, or NONE */
	bool *has_text;          /* with ops.fetch: the card's text is read */
	struct hist *hist;
	size_t nhist, caphist;
	struct learn_ent *taken; /* the entries session_current() took from learn */
	size_t ntaken, captaken;
	bool last_leech;
	size_t new_taken[2];     /* new cards queued at the start: other, exam */
	bool failed;             /* ops.fetch failed: the session is over */
	uint64_t shows;          /* cards made current so far: the shuffle counter */
	size_t *order;           /* option order of the current card */
	size_t norder;
	/* The four outcomes shown by session_preview() for the current card,
	 * computed once at preview_at; a grade applies them. Valid while
	 * preview_show == shows. */
	struct fsrs_card preview[4];
	int64_t preview_at;
	uint64_t preview_show;
	/* The labels session_preview() made last (if have_labels), and the
	 * intervals they name: the next card's are mostly the same. */
	bool have_labels;
	int64_t label_ms[4];
	char label[4][16];
};

/* The parameters card idx is scheduled with: the exam plan's for its
 * cards, else the session's. */
static const struct fsrs_params *params_of(const struct session *s, size_t idx)
{
	return s->cards[idx].exam && s->o.exam_p ? s->o.exam_p : s->p;
}

/* ---- queue helpers ------------------------------------------------------ */

static void queue_release(struct queue *q)
{
	free(q->main);
	free(q->learn);
	memset(q, 0, sizeof(*q));
	q->cur = NONE;
}

static bool is_live(const struct session *s, size_t idx)
{
	return !s->hidden[idx] && !s->dropped[idx];
}

static void main_push(struct session *s, size_t idx)
{
	struct queue *q = &s->q;

	XGROW(q->main, q->nmain + 1, q->capmain);
	s->mpos[idx] = q->nmain;
	q->main[q->nmain++] = idx;
	if (is_live(s, idx))
		q->live++;
}

/* The card is among main[head..nmain): main only grows at its end, so the
 * last place it was put there tells. */
static bool in_main(const struct session *s, size_t idx)
{
	size_t at = s->mpos[idx];

	return at != NONE && at >= s->q.head && at < s->q.nmain && s->q.main[at] == idx;
}

/* Recount the live entries of main (after an undo moved it back). */
static void count_live(struct session *s)
{
	s->q.live = 0;
	for (size_t i = s->q.head; i < s->q.nmain; i++)
		if (is_live(s, s->q.main[i]))
			s->q.live++;
}

/* Whether learn entry a comes before b: by due, then by arrival. */
static bool learn_before(const struct session *s, const struct learn_ent *a,
			 const struct learn_ent *b)
{
	int64_t da = s->cards[a->idx].st.due, db = s->cards[b->idx].st.due;

	return da < db || (da == db && a->seq < b->seq);
}

/* Put `e` in its place in learn. The learning cards are mostly answered
 * in the order they come back, so the place is mostly the end. */
static void learn_insert(struct session *s, const struct learn_ent *e)
{
	struct queue *q = &s->q;
	size_t lo = 0, hi = q->nlearn;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (learn_before(s, e, &q->learn[mid]))
			hi = mid;
		else
			lo = mid + 1;
	}
	XGROW(q->learn, q->nlearn + 1, q->caplearn);
	memmove(q->learn + lo + 1, q->learn + lo, (q->nlearn - lo) * sizeof(*q->learn));
	q->learn[lo] = *e;
	q->nlearn++;
	if (e->ready)
		q->nready++;
}

static void learn_push(struct session *s, size_t idx)
{
	struct learn_ent e = { .idx = idx, .seq = ++s->q.seq };

	learn_insert(s, &e);
}

static void learn_remove_at(struct queue *q, size_t i)
{
	if (q->learn[i].ready)
		q->nready--;
	memmove(q->learn + i, q->learn + i + 1, (q->nlearn - i - 1) * sizeof(*q->learn));
	q->nlearn--;
}

/* Drop from the learn part every card `gone` says so of. */
static void learn_filter(struct session *s, bool (*gone)(const struct session *, size_t, size_t),
			 size_t arg)
{
	struct queue *q = &s->q;
	size_t j = 0;

	q->nready = 0;
	for (size_t i = 0; i < q->nlearn; i++) {
		if (gone(s, q->learn[i].idx, arg))
			continue;
		q->learn[j] = q->learn[i];
		q->nready += q->learn[j].ready != 0;
		j++;
	}
	q->nlearn = j;
}

/* Index into q->learn of the earliest due card, NONE if empty. With
 * `ready_only`, only cards due at `now` or released early count. */
static size_t learn_earliest(const struct session *s, bool ready_only, int64_t now)
{
	const struct queue *q = &s->q;

	if (!q->nlearn)
		return NONE;
	if (!ready_only || q->learn[0].ready || s->cards[q->learn[0].idx].st.due <= now)
		return 0;
	/* none is due: the first released early, if any */
	for (size_t i = 1; q->nready && i < q->nlearn; i++)
		if (q->learn[i].ready)
			return i;
	return NONE;
}

static void hist_release(struct hist *h)
{
	free(h->hidden);
	h->hidden = NULL;
	h->nhidden = 0;
	h->undoable = false;
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

/* ---- note groups -------------------------------------------------------- */

struct noted {
	const char *note;
	size_t idx;
};

static int cmp_noted(const void *a, const void *b)
{
	const struct noted *x = a, *y = b;
	int c = strcmp(x->note, y->note);

	return c ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

/* Number the notes: the cards of one note form a group. */
static void make_groups(struct session *s)
{
	struct noted *v = xmalloc((s->n ? s->n : 1) * sizeof(*v));
	size_t nm = 0;

	s->group = xmalloc((s->n ? s->n : 1) * sizeof(*s->group));
	for (size_t i = 0; i < s->n; i++) {
		s->group[i] = NONE;
		if (s->cards[i].c.note) {
			v[nm].note = s->cards[i].c.note;
			v[nm++].idx = i;
		}
	}
	qsort(v, nm, sizeof(*v), cmp_noted);
	s->members = xmalloc((nm ? nm : 1) * sizeof(*s->members));
	s->gstart = xmalloc((nm + 1) * sizeof(*s->gstart));
	for (size_t k = 0; k < nm; k++) {
		if (!k || strcmp(v[k - 1].note, v[k].note))
			s->gstart[s->ngroups++] = k;
		s->members[k] = v[k].idx;
		s->group[v[k].idx] = s->ngroups - 1;
	}
	s->gstart[s->ngroups] = nm;
	free(v);
}

static int cmp_seen(const void *a, const void *b)
{
	const struct note_seen *x = a, *y = b;
	int c = strcmp(x->note, y->note);

	return c ? c : (x->card_id > y->card_id) - (x->card_id < y->card_id);
}

static bool is_learning(const struct fsrs_card *st)
{
	return st->state == FSRS_LEARNING || st->state == FSRS_RELEARNING;
}

/* The cards another card of whose note was answered today (opts.seen): the
 * new and review ones wait for another day; a card in its (re)learning
 * steps goes on with them, and the card answered is not its own sibling. */
static void hold_siblings(struct session *s)
{
	struct note_seen *v;
	size_t nv = 0;

	if (!s->o.nseen || !s->ngroups)
		return;
	v = xmalloc(s->o.nseen * sizeof(*v));
	for (size_t i = 0; i < s->o.nseen; i++)
		if (s->o.seen[i].note)
			v[nv++] = s->o.seen[i];
	qsort(v, nv, sizeof(*v), cmp_seen);
	for (size_t g = 0; g < s->ngroups; g++) {
		struct note_seen key = { s->cards[s->members[s->gstart[g]]].c.note, INT64_MIN };
		size_t lo = 0, hi = nv, first, count = 0;

		/* the first entry of the note, then how many there are */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (cmp_seen(&v[mid], &key) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		first = lo;
		while (first + count < nv && !strcmp(v[first + count].note, key.note))
			count++;
		if (!count)
			continue;
		for (size_t k = s->gstart[g]; k < s->gstart[g + 1]; k++) {
			size_t m = s->members[k];
			const struct sess_card *c = &s->cards[m];

			if (is_learning(&c->st))
				continue;
			/* another card than this one was answered */
			s->held[m] = count > 1 || v[first].card_id != c->id;
		}
	}
	free(v);
}

/* ---- building the queue ------------------------------------------------- */

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

static bool eligible(const struct session *s, size_t i, int64_t now)
{
	const struct sess_card *c = &s->cards[i];

	return !c->suspended && c->buried_until <= now && !s->held[i];
}

static void build_cram(struct session *s, int64_t now)
{
	for (size_t i = 0; i < s->n; i++)
		if (eligible(s, i, now))
			main_push(s, i);
}

static void build_normal(struct session *s, int64_t now)
{
	struct keyed *rev = xmalloc((s->n ? s->n : 1) * sizeof(*rev));
	size_t *fresh = xmalloc((s->n ? s->n : 1) * sizeof(*fresh));
	bool *queued = xcalloc(s->ngroups ? s->ngroups : 1, sizeof(*queued));
	size_t nrev = 0, nfresh = 0, maxnew[2], taken[2] = { 0, 0 }, r, k;

	for (size_t i = 0; i < s->n; i++) {
		const struct sess_card *c = &s->cards[i];

		if (!eligible(s, i, now))
			continue;
		if (is_learning(&c->st)) {
			if (c->st.due < s->o.day_end || c->st.due <= now)
				learn_push(s, i);
			else
				continue;
		} else if (c->st.state == FSRS_REVIEW) {
			if (c->st.due >= s->o.day_end)
				continue;
			rev[nrev].idx = i;
			rev[nrev].r = fsrs_recall_at(params_of(s, i), &c->st, now);
			rev[nrev].due = c->st.due;
			nrev++;
		} else {
			continue;
		}
		if (s->group[i] != NONE)
			queued[s->group[i]] = true;
	}
	qsort(rev, nrev, sizeof(*rev), cmp_keyed);
	if (s->o.reviews_per_day >= 0 && nrev > (size_t)s->o.reviews_per_day) {
		/* the reviews over the limit wait for another day */
		for (size_t j = (size_t)s->o.reviews_per_day; j < nrev; j++)
			s->held[rev[j].idx] = true;
		nrev = (size_t)s->o.reviews_per_day;
	}

	/* New cards in the given order, each kind up to its quota (the exam
	 * plan's cards, the others). One per note: a sibling of a card
	 * already queued would leave the queue as soon as that card is
	 * answered, and would then have taken a place under the quota. */
	maxnew[0] = s->o.new_per_day > 0 ? (size_t)s->o.new_per_day : 0;
	maxnew[1] = s->o.exam_new_per_day > 0 ? (size_t)s->o.exam_new_per_day : 0;
	for (size_t i = 0; i < s->n && (taken[0] < maxnew[0] || taken[1] < maxnew[1]); i++) {
		const struct sess_card *c = &s->cards[i];
		size_t g = s->group[i];
		int kind = c->exam;

		if (c->st.state != FSRS_NEW || taken[kind] >= maxnew[kind] || !eligible(s, i, now))
			continue;
		if (g != NONE && queued[g])
			continue;
		fresh[nfresh++] = i;
		taken[kind]++;
		if (g != NONE)
			queued[g] = true;
	}

	/* Spread the new cards evenly: review r sits at (r + 1) / (nrev + 1) of
	 * the way, new card k at (k + 1) / (nfresh + 1); merge on that, a review
	 * first on a tie. Six reviews and two new cards give r r n r r n r r. */
	for (r = 0, k = 0; r < nrev || k < nfresh;) {
		if (k < nfresh && (r == nrev || (k + 1) * (nrev + 1) < (r + 1) * (nfresh + 1)))
			main_push(s, fresh[k++]);
		else
			main_push(s, rev[r++].idx);
	}
	s->new_taken[0] = taken[0];
	s->new_taken[1] = taken[1];
	free(rev);
	free(fresh);
	free(queued);
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
	s->shown = NONE;
	s->has_text = xcalloc(n ? n : 1, sizeof(*s->has_text));
	s->dropped = xcalloc(n ? n : 1, sizeof(*s->dropped));
	s->hidden = xcalloc(n ? n : 1, sizeof(*s->hidden));
	s->mpos = xmalloc((n ? n : 1) * sizeof(*s->mpos));
	for (size_t i = 0; i < n; i++)
		s->mpos[i] = NONE;
	s->held = xcalloc(n ? n : 1, sizeof(*s->held));
	make_groups(s);
	if (s->o.mode == REVIEW_CRAM) {
		build_cram(s, now);
	} else {
		hold_siblings(s);
		build_normal(s, now);
	}
	/* the notes belong to the caller, who may free them once we return */
	s->o.seen = NULL;
	s->o.nseen = 0;
	return s;
}

void session_free(struct session *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nhist; i++)
		hist_release(&s->hist[i]);
	free(s->hist);
	free(s->taken);
	queue_release(&s->q);
	for (size_t i = 0; i < s->n; i++)
		card_release(&s->cards[i].c);
	free(s->cards);
	free(s->has_text);
	free(s->dropped);
	free(s->hidden);
	free(s->held);
	free(s->mpos);
	free(s->group);
	free(s->members);
	free(s->gstart);
	free(s->order);
	free(s);
}

size_t session_keep_reachable(struct sess_card *cards, size_t n, int64_t day_end,
			      int64_t *later_due)
{
	size_t kept = 0;

	*later_due = 0;
	for (size_t i = 0; i < n; i++) {
		struct sess_card *c = &cards[i];

		if (c->st.state == FSRS_NEW || c->st.due < day_end) {
			if (kept != i)
				cards[kept] = *c;
			kept++;
			continue;
		}
		if (!c->suspended) {
			int64_t back = c->buried_until > c->st.due ? c->buried_until : c->st.due;

			if (!*later_due || back < *later_due)
				*later_due = back;
		}
		card_release(&c->c);
	}
	return kept;
}

/* ---- showing ------------------------------------------------------------ */

/* Free a card's text, keeping its note (the session's groups were made from
 * it, and a later fetch brings it again). */
static void release_text(struct sess_card *c)
{
	char *note = c->c.note;

	c->c.note = NULL;
	card_release(&c->c);
	c->c.note = note;
}

/* Read the text of card idx, and with ops.fetch_many that of the next cards
 * of the main queue without one, SESSION_READ_AHEAD in all: one read of the
 * store instead of one per card. Returns what ops.fetch returns for idx. */
static int fetch_texts(struct session *s, size_t idx)
{
	struct sess_card *batch[SESSION_READ_AHEAD];
	size_t which[SESSION_READ_AHEAD], n = 0;
	int status[SESSION_READ_AHEAD];

	if (!s->ops.fetch_many) {
		int rc = s->ops.fetch(s->ops.ctx, &s->cards[idx]);

		s->has_text[idx] = rc == 0;
		return rc;
	}
	which[n++] = idx;
	for (size_t k = s->q.head; k < s->q.nmain && n < SESSION_READ_AHEAD; k++) {
		size_t j = s->q.main[k], m = 0;

		if (!is_live(s, j) || s->has_text[j])
			continue;
		while (m < n && which[m] != j) /* main may hold a card twice */
			m++;
		if (m == n)
			which[n++] = j;
	}
	for (size_t i = 0; i < n; i++)
		batch[i] = &s->cards[which[i]];
	if (s->ops.fetch_many(s->ops.ctx, batch, n, status))
		return -1;
	for (size_t i = 0; i < n; i++)
		s->has_text[which[i]] = status[i] == 0;
	return status[0];
}

/* Make q.cur the card shown. With ops.fetch, its text is read now if it was
 * not read ahead, and the text of the card shown before is let go, so that
 * the session holds the text of the card shown and of the few read ahead,
 * whatever their number. Returns false, with nothing current, when the card
 * could not be read (it is then out of the session). */
static void retire_current(struct session *s);

static bool show_current(struct session *s)
{
	size_t idx = s->q.cur;

	if (s->ops.fetch) {
		if (s->shown != NONE && s->shown != idx) {
			release_text(&s->cards[s->shown]);
			s->has_text[s->shown] = false;
		}
		s->shown = NONE;
		int rc = s->has_text[idx] ? 0 : fetch_texts(s, idx);

		if (rc < 0) {
			/* The store could not be read: nothing more is shown. */
			s->failed = true;
			s->q.cur = NONE;
			return false;
		}
		if (rc != 0) {
			/* Gone from the store since the session began (a
			 * re-import retired it) */
			release_text(&s->cards[idx]);
			s->has_text[idx] = false;
			retire_current(s);
			return false;
		}
		s->shown = idx;
	}
	became_current(s);
	return true;
}

const struct sess_card *session_current(struct session *s, int64_t now)
{
	for (;;) {
		size_t i;

		if (s->failed)
			return NULL;
		if (s->q.cur != NONE)
			return &s->cards[s->q.cur];
		i = learn_earliest(s, true, now);
		if (i != NONE) {
			/* logged for the undo of the last grade */
			XGROW(s->taken, s->ntaken + 1, s->captaken);
			s->taken[s->ntaken++] = s->q.learn[i];
			s->q.cur = s->q.learn[i].idx;
			learn_remove_at(&s->q, i);
		} else {
			while (s->q.head < s->q.nmain && !is_live(s, s->q.main[s->q.head]))
				s->q.head++;
			if (s->q.head == s->q.nmain)
				return NULL;
			s->q.cur = s->q.main[s->q.head++];
			s->q.live--;
		}
		if (show_current(s))
			return &s->cards[s->q.cur];
	}
}

int64_t session_next_due(const struct session *s)
{
	size_t i = learn_earliest(s, false, 0);

	return i == NONE ? 0 : s->cards[s->q.learn[i].idx].st.due;
}

void session_skip_wait(struct session *s)
{
	for (size_t i = 0; i < s->q.nlearn; i++)
		if (!s->q.learn[i].ready)
			s->q.learn[i].ready = s->nhist + 1;
	s->q.nready = s->q.nlearn;
}

size_t session_done(const struct session *s)
{
	return s->nhist;
}

size_t session_left(const struct session *s, int64_t now)
{
	return (s->q.cur != NONE) + s->q.live + s->q.nlearn;
}

int session_suggest(bool correct)
{
	return correct ? FSRS_GOOD : FSRS_AGAIN;
}

const size_t *session_option_order(struct session *s)
{
	return s->q.cur != NONE ? s->order : NULL;
}

bool session_failed(const struct session *s)
{
	return s->failed;
}

bool session_last_was_leech(const struct session *s)
{
	return s->last_leech;
}

void session_new_taken(const struct session *s, size_t *other, size_t *exam)
{
	*other = s->new_taken[0];
	*exam = s->new_taken[1];
}

/* ---- labels ------------------------------------------------------------- */

/* Past this, the label would not fit (and nobody schedules that far). */
#define INTERVAL_MAX_MS (9999LL * 365 * FSRS_DAY_MS)

void format_interval(int64_t ms, char out[16])
{
	/* Each unit is chosen on the rounded value, so 59.6 s reads "1m" and
	 * not "60s". Months are 30 days and years 365, as Anki shows them.
	 * The units are the translator's: "10 min", "4 j", "2,5 mois". */
	int64_t v;
	int t;

	if (ms < 0)
		ms = 0;
	if (ms > INTERVAL_MAX_MS)
		ms = INTERVAL_MAX_MS;
	if ((v = (ms + 500) / 1000) < 60) {
		/* TRANSLATORS: an interval in seconds, as short as can be */
		snprintf(out, 16, P_("%ds", "%ds", (unsigned long)v), (int)v);
	} else if ((v = (ms + FSRS_MIN_MS / 2) / FSRS_MIN_MS) < 60) {
		/* TRANSLATORS: an interval in minutes, as short as can be */
		snprintf(out, 16, P_("%dm", "%dm", (unsigned long)v), (int)v);
	} else if ((v = (ms + 1800000LL) / 3600000LL) < 24) {
		/* TRANSLATORS: an interval in hours, as short as can be */
		snprintf(out, 16, P_("%dh", "%dh", (unsigned long)v), (int)v);
	} else if ((v = (ms + FSRS_DAY_MS / 2) / FSRS_DAY_MS) < 30) {
		/* TRANSLATORS: an interval in days, as short as can be */
		snprintf(out, 16, P_("%dd", "%dd", (unsigned long)v), (int)v);
	} else if (v < 365) {
		/* in tenths of months, ".0" dropped */
		t = (int)llround((double)ms * 10.0 / (double)(30 * FSRS_DAY_MS));
		if (t % 10)
			/* TRANSLATORS: an interval in months, with a tenth: "2.5mo" */
			snprintf(out, 16, P_("%d.%dmo", "%d.%dmo", (unsigned long)(t / 10)), t / 10, t % 10);
		else
			/* TRANSLATORS: an interval in months */
			snprintf(out, 16, P_("%dmo", "%dmo", (unsigned long)(t / 10)), t / 10);
	} else {
		t = (int)llround((double)ms * 10.0 / (double)(365 * FSRS_DAY_MS));
		if (t % 10)
			/* TRANSLATORS: an interval in years, with a tenth: "1.3y" */
			snprintf(out, 16, P_("%d.%dy", "%d.%dy", (unsigned long)(t / 10)), t / 10, t % 10);
		else
			/* TRANSLATORS: an interval in years */
			snprintf(out, 16, P_("%dy", "%dy", (unsigned long)(t / 10)), t / 10);
	}
}

/* The outcomes of the current card's four grades, computed at `now` the
 * first time they are asked for while it is current. NULL when nothing is
 * current, in cram mode, or when FSRS refuses the review. */
static const struct fsrs_card *outcomes(struct session *s, int64_t now)
{
	if (s->q.cur == NONE || s->o.mode == REVIEW_CRAM)
		return NULL;
	if (s->preview_show != s->shows) {
		if (fsrs_repeat(params_of(s, s->q.cur), &s->cards[s->q.cur].st, now, s->preview))
			return NULL;
		s->preview_at = now;
		s->preview_show = s->shows;
	}
	return s->preview;
}

void session_preview(struct session *s, int64_t now, char labels[4][16])
{
	const struct fsrs_card *out = outcomes(s, now);

	for (int i = 0; i < 4; i++)
		labels[i][0] = '\0';
	/* cram changes no schedule, so there is no interval to show */
	if (!out)
		return;
	for (int i = 0; i < 4; i++) {
		int64_t ms = out[i].due - s->preview_at;
		int j = s->have_labels ? 0 : 4;

		/* format_interval() asks gettext for the unit: not again
		 * for an interval the last card had */
		while (j < 4 && s->label_ms[j] != ms)
			j++;
		if (j < 4)
			memcpy(labels[i], s->label[j], sizeof(labels[i]));
		else
			format_interval(ms, labels[i]);
	}
	for (int i = 0; i < 4; i++) {
		s->label_ms[i] = out[i].due - s->preview_at;
		memcpy(s->label[i], labels[i], sizeof(labels[i]));
	}
	s->have_labels = true;
}

/* ---- grading and undo --------------------------------------------------- */

static bool is_dropped(const struct session *s, size_t idx, size_t unused)
{
	(void)unused;
	return s->dropped[idx];
}

/* Seeing one side of a note gives the other away: its new and review
 * siblings, all in main, wait for another day. They are hidden (and listed
 * in `h` for undo). A sibling in its learning steps has been seen already:
 * it goes on. */
static void hide_siblings(struct session *s, size_t idx, struct hist *h)
{
	size_t g = s->group[idx];
	size_t cap = 0;

	if (g == NONE)
		return;
	for (size_t k = s->gstart[g]; k < s->gstart[g + 1]; k++) {
		size_t m = s->members[k];

		if (m == idx || !in_main(s, m) || !is_live(s, m))
			continue;
		s->hidden[m] = true;
		s->q.live--;
		XGROW(h->hidden, h->nhidden + 1, cap);
		h->hidden[h->nhidden++] = m;
	}
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
		/* the outcome previewed, if the card was: what the student saw */
		const struct fsrs_card *out = outcomes(s, now);

		if (!out)
			return -1;
		rec.after = out[rating - 1];
		/* a lapse that reaches the threshold, or one past it on a card
		 * that was never flagged */
		rec.became_leech = s->o.leech_lapses > 0 && !c->leech &&
				   rec.after.lapses > rec.before.lapses &&
				   rec.after.lapses >= s->o.leech_lapses;
	}
	/* Nothing changes until the owner has made the answer durable. */
	if (s->ops.commit && s->ops.commit(s->ops.ctx, &rec))
		return -1;

	XGROW(s->hist, s->nhist + 1, s->caphist);
	h = &s->hist[s->nhist++];
	memset(h, 0, sizeof(*h));
	h->rec = rec;
	h->suspended = c->suspended;
	h->leech = c->leech;
	h->undoable = true;
	h->cur = idx;
	h->head = s->q.head;
	h->nmain = s->q.nmain;
	h->taken_from = s->ntaken;
	if (s->nhist > UNDO_DEPTH)
		hist_release(&s->hist[s->nhist - 1 - UNDO_DEPTH]);

	c->st = rec.after;
	s->last_leech = rec.became_leech;
	s->q.cur = NONE;
	if (cram) {
		if (rating == FSRS_AGAIN)
			main_push(s, idx);
		return 0;
	}
	if (rec.became_leech) {
		c->suspended = true;
		c->leech = true;
	} else if (is_learning(&c->st) && c->st.due < s->o.day_end) {
		learn_push(s, idx);
		h->pushed = true;
	}
	hide_siblings(s, idx, h);
	return 0;
}

/* Put learn back as it was at the grade `h`, the last one (s->nhist is
 * its index): the cards taken since come back, the card it put there
 * leaves, and the releases of session_skip_wait() since are undone. */
static void learn_restore(struct session *s, const struct hist *h)
{
	struct queue *q = &s->q;

	for (size_t i = h->taken_from; i < s->ntaken; i++)
		learn_insert(s, &s->taken[i]);
	s->ntaken = h->taken_from;
	if (h->pushed)
		for (size_t i = 0; i < q->nlearn; i++)
			if (q->learn[i].idx == h->cur) {
				learn_remove_at(q, i);
				break;
			}
	q->nready = 0;
	for (size_t i = 0; i < q->nlearn; i++) {
		if (q->learn[i].ready > s->nhist + 1)
			q->learn[i].ready = 0;
		q->nready += q->learn[i].ready != 0;
	}
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
	idx = h->cur;
	learn_restore(s, h);
	c = &s->cards[idx];
	c->st = h->rec.before;
	c->suspended = h->suspended;
	c->leech = h->leech;
	/* main only grew since the grade: its positions take it back */
	for (size_t i = 0; i < h->nhidden; i++)
		s->hidden[h->hidden[i]] = false;
	s->q.head = h->head;
	s->q.nmain = h->nmain;
	s->q.cur = idx;
	hist_release(h);
	/* Suspending and burying are not undone: a card they removed since
	 * stays out, the undone one included. */
	learn_filter(s, is_dropped, 0);
	count_live(s);
	s->last_leech = false;
	if (s->dropped[idx])
		s->q.cur = NONE;
	else
		show_current(s);
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

/* The current card is out of its file or the database: it leaves the
 * session, and the summary does not name it as due. */
static void retire_current(struct session *s)
{
	s->cards[s->q.cur].retired = true;
	drop_current(s);
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

void session_edited(struct session *s, bool gone)
{
	if (s->q.cur == NONE)
		return;
	if (gone)
		retire_current(s);
	else
		became_current(s);
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
	 * buried card cannot come back before it is dug up. The cards the
	 * owner did not give us count through opts.later_due. */
	bool found = s->o.later_due > 0;

	out->next_due = s->o.later_due;
	for (size_t i = 0; i < s->n; i++) {
		const struct sess_card *c = &s->cards[i];
		int64_t due = c->st.due;

		if (c->suspended || c->retired || c->st.state == FSRS_NEW)
			continue;
		if (c->buried_until > due)
			due = c->buried_until;
		/* not to be shown again today */
		if ((s->held[i] || s->hidden[i]) && due < s->o.day_end)
			due = s->o.day_end;
		if (!found || due < out->next_due)
			out->next_due = due;
		found = true;
	}
}
