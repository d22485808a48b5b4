/* test_session.c - the review session: queue order, limits, siblings,
 * learning steps and waiting, leeches, undo, cram, preview labels and the
 * option shuffle, on a fixed clock with owner operations that record. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dkquiz/session.h"
#include "dkquiz/util.h"

#define MIN_MS FSRS_MIN_MS
#define HOUR_MS 3600000LL
#define DAY_MS FSRS_DAY_MS
/* 2026-01-10 09:00 UTC; today ends at midnight UTC. */
#define NOW 1768035600000LL
#define DAY_END (NOW + 15 * HOUR_MS)

/* ---- owner operations that record, and can be told to fail -------------- */

struct fake {
	int commits, undos, suspends, buries;
	bool fail_commit, fail_undo, fail_suspend, fail_bury;
	int64_t next_log;
	struct review_rec committed[64];
	int64_t undone[64];      /* log ids, in the order undone */
	int64_t suspended_id, buried_id, buried_until;
};

static int fake_commit(void *ctx, struct review_rec *r)
{
	struct fake *f = ctx;

	if (f->fail_commit)
		return -1;
	r->log_id = ++f->next_log;
	if (f->commits < 64)
		f->committed[f->commits] = *r;
	f->commits++;
	return 0;
}

static int fake_undo(void *ctx, const struct review_rec *r)
{
	struct fake *f = ctx;

	if (f->fail_undo)
		return -1;
	if (f->undos < 64)
		f->undone[f->undos] = r->log_id;
	f->undos++;
	return 0;
}

static int fake_suspend(void *ctx, int64_t id, bool on)
{
	struct fake *f = ctx;

	if (f->fail_suspend)
		return -1;
	f->suspends++;
	f->suspended_id = on ? id : 0;
	return 0;
}

static int fake_bury(void *ctx, int64_t id, int64_t until)
{
	struct fake *f = ctx;

	if (f->fail_bury)
		return -1;
	f->buries++;
	f->buried_id = id;
	f->buried_until = until;
	return 0;
}

/* ---- building decks ----------------------------------------------------- */

struct deck {
	struct sess_card *cards;
	size_t n;
	struct fsrs_params p;
	struct session_opts o;
	struct fake f;
	struct session_ops ops;
	struct session *s;
};

static void deck_init(struct deck *d)
{
	memset(d, 0, sizeof(*d));
	d->cards = xcalloc(32, sizeof(*d->cards));
	fsrs_params_default(&d->p);
	d->o.mode = REVIEW_NORMAL;
	d->o.new_per_day = 20;
	d->o.reviews_per_day = -1;
	d->o.leech_lapses = 8;
	d->o.seed = 42;
	d->o.day_end = DAY_END;
	d->ops.commit = fake_commit;
	d->ops.undo = fake_undo;
	d->ops.suspend = fake_suspend;
	d->ops.bury = fake_bury;
	d->ops.ctx = &d->f;
}

static struct sess_card *add(struct deck *d, const char *name, const char *note)
{
	struct sess_card *c;

	assert_true(d->n < 32);
	c = &d->cards[d->n++];
	c->id = (int64_t)d->n;
	c->c.key = xasprintf("id:%s", name);
	c->c.front = xstrdup(name);
	c->c.back = xstrdup("answer");
	c->c.note = note ? xstrdup(note) : NULL;
	fsrs_card_init(&c->st, NOW - 30 * DAY_MS);
	return c;
}

static struct sess_card *add_new(struct deck *d, const char *name)
{
	return add(d, name, NULL);
}

/* A new multiple-choice card of `n` options, "option 0" ... */
static struct sess_card *add_mcq(struct deck *d, const char *name, size_t n)
{
	struct sess_card *c = add(d, name, NULL);

	c->c.type = CARD_MCQ;
	c->c.noptions = n;
	c->c.options = xcalloc(n, sizeof(*c->c.options));
	for (size_t i = 0; i < n; i++)
		c->c.options[i].text = xasprintf("option %zu", i);
	return c;
}

/* A review card last seen `ago` before NOW with stability `stab` days. */
static struct sess_card *add_review(struct deck *d, const char *name, double stab,
				    int64_t ago, int64_t due)
{
	struct sess_card *c = add(d, name, NULL);

	c->st.state = FSRS_REVIEW;
	c->st.stability = stab;
	c->st.difficulty = 5;
	c->st.last_review = NOW - ago;
	c->st.due = due;
	c->st.reps = 4;
	c->st.scheduled_days = (int)((due - c->st.last_review) / DAY_MS);
	return c;
}

static struct sess_card *add_learning(struct deck *d, const char *name, int64_t due)
{
	struct sess_card *c = add(d, name, NULL);

	c->st.state = FSRS_LEARNING;
	c->st.stability = 2.3;
	c->st.difficulty = 5;
	c->st.last_review = due - 10 * MIN_MS;
	c->st.due = due;
	c->st.learning_steps = 1;
	c->st.reps = 1;
	return c;
}

static struct session *start(struct deck *d, int64_t now)
{
	d->s = session_new(&d->p, d->cards, d->n, &d->o, &d->ops, now);
	d->cards = NULL;    /* the session owns them now */
	assert_non_null(d->s);
	return d->s;
}

static void finish(struct deck *d)
{
	session_free(d->s);
	free(d->cards);
}

static const char *cur_name(struct session *s, int64_t now)
{
	const struct sess_card *c = session_current(s, now);

	return c ? c->c.front : "-";
}

/* Walk the rest of the queue by burying each card: the names in order. */
static void drain(struct session *s, int64_t now, char *out, size_t size)
{
	const struct sess_card *c;

	out[0] = '\0';
	while ((c = session_current(s, now)) != NULL) {
		if (out[0])
			strncat(out, " ", size - strlen(out) - 1);
		strncat(out, c->c.front, size - strlen(out) - 1);
		assert_int_equal(session_bury(s, DAY_END), 0);
	}
}

#define assert_queue(s, now, want)                                             \
	do {                                                                   \
		char got_[256];                                                \
		drain((s), (now), got_, sizeof(got_));                         \
		assert_string_equal(got_, (want));                             \
	} while (0)

static void assert_same_state(const struct fsrs_card *a, const struct fsrs_card *b)
{
	assert_true(a->due == b->due);
	assert_true(a->stability == b->stability);
	assert_true(a->difficulty == b->difficulty);
	assert_int_equal(a->elapsed_days, b->elapsed_days);
	assert_int_equal(a->scheduled_days, b->scheduled_days);
	assert_int_equal(a->learning_steps, b->learning_steps);
	assert_int_equal(a->reps, b->reps);
	assert_int_equal(a->lapses, b->lapses);
	assert_int_equal(a->state, b->state);
	assert_true(a->last_review == b->last_review);
}

/* ---- ordering ----------------------------------------------------------- */

static void order_learning_reviews_new(void **state)
{
	struct deck d;

	(void)state;
	deck_init(&d);
	add_review(&d, "firm", 40, 5 * DAY_MS, NOW - DAY_MS);   /* high R */
	add_new(&d, "new1");
	add_learning(&d, "learn-late", NOW - 1 * MIN_MS);
	add_review(&d, "shaky", 2, 6 * DAY_MS, NOW - 4 * DAY_MS); /* low R */
	add_learning(&d, "learn-early", NOW - 5 * MIN_MS);
	add_review(&d, "middle", 10, 8 * DAY_MS, NOW - 2 * DAY_MS);
	start(&d, NOW);
	assert_int_equal(session_left(d.s, NOW), 6);
	/* three reviews, one new card: it goes in the middle */
	assert_queue(d.s, NOW, "learn-early learn-late shaky middle new1 firm");
	finish(&d);
}

static void order_new_mixed_evenly(void **state)
{
	struct deck d;
	char name[16];

	(void)state;
	deck_init(&d);
	for (int i = 0; i < 6; i++) {
		snprintf(name, sizeof(name), "r%d", i);
		/* later cards were seen longer ago: lower R, so they come first */
		add_review(&d, name, 5, (int64_t)(10 + i) * DAY_MS, NOW - DAY_MS);
	}
	add_new(&d, "n0");
	add_new(&d, "n1");
	start(&d, NOW);
	assert_queue(d.s, NOW, "r5 r4 n0 r3 r2 n1 r1 r0");
	finish(&d);

	/* no reviews: the new cards in the given order */
	deck_init(&d);
	add_new(&d, "a");
	add_new(&d, "b");
	add_new(&d, "c");
	start(&d, NOW);
	assert_queue(d.s, NOW, "a b c");
	finish(&d);
}

static void order_limits(void **state)
{
	struct deck d;

	(void)state;
	deck_init(&d);
	d.o.new_per_day = 2;
	d.o.reviews_per_day = 1;
	add_review(&d, "firm", 40, 5 * DAY_MS, NOW - DAY_MS);
	add_review(&d, "shaky", 2, 6 * DAY_MS, NOW - 4 * DAY_MS);
	add_learning(&d, "learn", NOW);
	for (int i = 0; i < 5; i++) {
		char name[16];
		snprintf(name, sizeof(name), "n%d", i);
		add_new(&d, name);
	}
	start(&d, NOW);
	assert_int_equal(session_left(d.s, NOW), 4);
	/* the one review allowed is the one most likely forgotten; learning
	 * cards are not capped */
	assert_queue(d.s, NOW, "learn n0 shaky n1");
	finish(&d);

	deck_init(&d);
	d.o.new_per_day = 0;
	d.o.reviews_per_day = 0;
	add_review(&d, "r", 2, 6 * DAY_MS, NOW - DAY_MS);
	add_new(&d, "n");
	start(&d, NOW);
	assert_null(session_current(d.s, NOW));
	assert_int_equal(session_next_due(d.s), 0);
	assert_int_equal(session_left(d.s, NOW), 0);
	finish(&d);
}

static void order_exclusions_and_day_end(void **state)
{
	struct deck d;
	/* card 99 of note-seen was answered today (it is not in this session) */
	struct note_seen seen[] = { { (char *)"note-seen", 99 } };

	(void)state;
	deck_init(&d);
	d.o.seen = seen;
	d.o.nseen = 1;
	add_review(&d, "suspended", 2, 6 * DAY_MS, NOW - DAY_MS)->suspended = true;
	add_review(&d, "buried", 2, 6 * DAY_MS, NOW - DAY_MS)->buried_until = NOW + HOUR_MS;
	add_review(&d, "unburied", 2, 6 * DAY_MS, NOW - DAY_MS)->buried_until = NOW;
	add(&d, "skipped-sibling", "note-seen");
	add(&d, "other-note", "note-other");
	add_review(&d, "due-tonight", 3, 6 * DAY_MS, DAY_END - 1);
	add_review(&d, "due-tomorrow", 3, 6 * DAY_MS, DAY_END);
	add_learning(&d, "learn-tomorrow", DAY_END + MIN_MS);
	start(&d, NOW);
	assert_queue(d.s, NOW, "unburied other-note due-tonight");
	finish(&d);
}

/* ---- siblings ----------------------------------------------------------- */

static void siblings_leave_after_grade(void **state)
{
	struct deck d;
	struct sess_card *c;

	(void)state;
	deck_init(&d);
	c = add(&d, "cloze1", "text");
	c->st.state = FSRS_REVIEW;
	c->st.stability = 3;
	c->st.difficulty = 5;
	c->st.last_review = NOW - 5 * DAY_MS;
	c->st.due = NOW - 2 * DAY_MS;
	c = add(&d, "cloze2", "text");
	c->st = d.cards[0].st;
	c->st.last_review = NOW - 4 * DAY_MS;
	add_new(&d, "plain");
	add(&d, "side-a", "pair");   /* new: only one side of a note is taken */
	add(&d, "side-b", "pair");
	add(&d, "cloze3", "text");   /* new sibling of queued reviews: not taken */
	start(&d, NOW);
	assert_int_equal(session_left(d.s, NOW), 4);
	assert_string_equal(cur_name(d.s, NOW), "cloze1");
	assert_int_equal(session_grade(d.s, FSRS_GOOD, NOW, 1000), 0);
	/* cloze2 has gone with it */
	assert_int_equal(session_left(d.s, NOW), 2);
	assert_queue(d.s, NOW, "plain side-a");
	finish(&d);
}

/* A sibling answered today, before the session: the other new and review
 * cards of its note wait for tomorrow, but the card answered itself comes
 * back for its learning step, and so does a sibling in its learning steps;
 * the summary never names a card it cannot show as due now. */
static void siblings_seen_today(void **state)
{
	struct deck d;
	struct sess_card *c;
	struct session_summary sum;
	/* B1 (id 1) was answered Good at 23:00 and is in its 10-minute step */
	struct note_seen seen[] = { { (char *)"B", 1 }, { (char *)"C", 5 }, { (char *)"C", 4 } };
	int64_t at = NOW + 20 * MIN_MS;

	(void)state;
	deck_init(&d);
	d.o.seen = seen;
	d.o.nseen = 3;
	c = add_learning(&d, "B1", NOW + 10 * MIN_MS);
	c->c.note = xstrdup("B");
	add(&d, "B2", "B");                           /* new sibling: held */
	c = add_review(&d, "B3", 4, 5 * DAY_MS, NOW - DAY_MS);   /* review sibling: held */
	c->c.note = xstrdup("B");
	/* C: both cards were answered today (one lapsed, in relearning) */
	c = add_review(&d, "C1", 4, 5 * DAY_MS, NOW - DAY_MS);
	c->c.note = xstrdup("C");                     /* id 4: held, as C2 was answered too */
	c = add_learning(&d, "C2", NOW + 5 * MIN_MS);
	c->c.note = xstrdup("C");
	c->st.state = FSRS_RELEARNING;
	add(&d, "D1", "D");                           /* another note: shown */
	start(&d, at);
	assert_int_equal(session_left(d.s, at), 3);
	/* the learning cards, earliest due first */
	assert_string_equal(cur_name(d.s, at), "C2");
	assert_int_equal(session_grade(d.s, FSRS_GOOD, at, 1000), 0);
	assert_string_equal(cur_name(d.s, at), "B1");
	assert_int_equal(session_grade(d.s, FSRS_GOOD, at, 1000), 0);
	assert_string_equal(cur_name(d.s, at), "D1");
	assert_int_equal(session_bury(d.s, DAY_END), 0);
	assert_null(session_current(d.s, at));
	assert_int_equal(session_next_due(d.s), 0);
	/* B3 and C1 were due, but come back tomorrow at the earliest */
	session_summary(d.s, &sum);
	assert_true(sum.next_due == DAY_END);
	finish(&d);

	/* the card answered itself is never held, even alone in its note */
	deck_init(&d);
	d.o.seen = seen;
	d.o.nseen = 1;
	c = add_learning(&d, "B1", NOW);
	c->c.note = xstrdup("B");
	c->st.state = FSRS_RELEARNING;
	start(&d, NOW);
	assert_string_equal(cur_name(d.s, NOW), "B1");
	finish(&d);
}

/* Within a session, answering a card hides its new and review siblings;
 * one in its learning steps goes on. Hidden cards count at day_end in the
 * summary, and an undo brings them back. */
static void siblings_learning_stays(void **state)
{
	struct deck d;
	struct sess_card *c;
	struct session_summary sum;

	(void)state;
	deck_init(&d);
	c = add_learning(&d, "L", NOW - MIN_MS);
	c->c.note = xstrdup("N");
	c = add_review(&d, "R", 4, 5 * DAY_MS, NOW - DAY_MS);
	c->c.note = xstrdup("N");
	c = add_learning(&d, "L2", NOW + 5 * MIN_MS);
	c->c.note = xstrdup("N");
	start(&d, NOW);
	assert_string_equal(cur_name(d.s, NOW), "L");
	assert_int_equal(session_grade(d.s, FSRS_EASY, NOW, 1000), 0);
	/* R is hidden, L2 waits for its step */
	assert_int_equal(session_left(d.s, NOW), 1);
	assert_null(session_current(d.s, NOW));
	assert_true(session_next_due(d.s) == NOW + 5 * MIN_MS);
	assert_string_equal(cur_name(d.s, NOW + 5 * MIN_MS), "L2");
	assert_int_equal(session_grade(d.s, FSRS_EASY, NOW + 5 * MIN_MS, 1000), 0);
	assert_null(session_current(d.s, NOW + 5 * MIN_MS));
	session_summary(d.s, &sum);
	assert_true(sum.next_due == DAY_END);
	assert_int_equal(session_undo(d.s), 0);
	assert_int_equal(session_undo(d.s), 0);
	assert_int_equal(session_left(d.s, NOW), 3);
	finish(&d);
}

/* ---- learning ----------------------------------------------------------- */

static void learning_card_comes_back(void **state)
{
	struct deck d;
	const struct sess_card *c;

	(void)state;
	deck_init(&d);
	add_new(&d, "a");
	add_new(&d, "b");
	add_new(&d, "c");
	start(&d, NOW);
	c = session_current(d.s, NOW);
	assert_string_equal(c->c.front, "a");
	/* the shown card does not change as time passes */
	assert_ptr_equal(session_current(d.s, NOW + HOUR_MS), c);
	assert_int_equal(session_grade(d.s, FSRS_AGAIN, NOW, 5000), 0);
	assert_int_equal(d.f.commits, 1);
	assert_int_equal(d.f.committed[0].before.state, FSRS_NEW);
	assert_int_equal(d.f.committed[0].after.state, FSRS_LEARNING);
	assert_int_equal(d.f.committed[0].mode, REVIEW_NORMAL);
	assert_true(d.f.committed[0].after.due == NOW + MIN_MS);
	/* a is waiting one minute: b comes first */
	assert_int_equal(session_left(d.s, NOW), 3);
	assert_string_equal(cur_name(d.s, NOW + 30000), "b");
	assert_int_equal(session_grade(d.s, FSRS_EASY, NOW + 30000, 5000), 0);
	/* a is due again now and takes priority over c */
	assert_string_equal(cur_name(d.s, NOW + 2 * MIN_MS), "a");
	assert_int_equal(session_grade(d.s, FSRS_GOOD, NOW + 2 * MIN_MS, 5000), 0);
	assert_string_equal(cur_name(d.s, NOW + 2 * MIN_MS), "c");
	assert_int_equal(session_done(d.s), 3);
	finish(&d);
}

static void waiting_next_due_skip_wait(void **state)
{
	struct deck d;
	const struct sess_card *c;

	(void)state;
	deck_init(&d);
	add_new(&d, "only");
	start(&d, NOW);
	assert_non_null(session_current(d.s, NOW));
	assert_int_equal(session_grade(d.s, FSRS_GOOD, NOW, 1000), 0);
	/* second step: 10 minutes */
	assert_null(session_current(d.s, NOW));
	assert_true(session_next_due(d.s) == NOW + 10 * MIN_MS);
	assert_int_equal(session_left(d.s, NOW), 1);
	assert_null(session_current(d.s, NOW + 9 * MIN_MS));
	session_skip_wait(d.s);
	c = session_current(d.s, NOW + MIN_MS);
	assert_non_null(c);
	assert_string_equal(c->c.front, "only");
	assert_int_equal(session_grade(d.s, FSRS_GOOD, NOW + MIN_MS, 1000), 0);
	assert_int_equal(c->st.state, FSRS_REVIEW);
	assert_null(session_current(d.s, NOW + MIN_MS));
	assert_int_equal(session_next_due(d.s), 0);
	assert_int_equal(session_left(d.s, NOW), 0);
	finish(&d);
}

static void learning_past_day_end_leaves(void **state)
{
	struct deck d;
	int64_t late = DAY_END - 5 * MIN_MS;

	(void)state;
	deck_init(&d);
	add_new(&d, "late");
	start(&d, late);
	assert_non_null(session_current(d.s, late));
	/* 1 minute step: still today, it stays */
	assert_int_equal(session_grade(d.s, FSRS_AGAIN, late, 1000), 0);
	assert_int_equal(session_left(d.s, late), 1);
	session_skip_wait(d.s);
	assert_non_null(session_current(d.s, late));
	/* 10 minute step: tomorrow, so not in this session */
	assert_int_equal(session_grade(d.s, FSRS_GOOD, late, 1000), 0);
	assert_int_equal(session_left(d.s, late), 0);
	assert_null(session_current(d.s, late));
	assert_int_equal(session_next_due(d.s), 0);
	finish(&d);
}

/* ---- leeches ------------------------------------------------------------ */

static void leech_at_eight_lapses(void **state)
{
	struct deck d;
	struct sess_card *c;
	const struct sess_card *cur;

	(void)state;
	deck_init(&d);
	c = add_review(&d, "slippery", 3, 6 * DAY_MS, NOW - DAY_MS);
	c->st.lapses = 7;
	add_review(&d, "next", 3, 5 * DAY_MS, NOW - DAY_MS);
	start(&d, NOW);
	cur = session_current(d.s, NOW);
	assert_string_equal(cur->c.front, "slippery");
	assert_int_equal(session_grade(d.s, FSRS_AGAIN, NOW, 1000), 0);
	assert_true(session_last_was_leech(d.s));
	assert_true(d.f.committed[0].became_leech);
	assert_int_equal(d.f.committed[0].after.lapses, 8);
	assert_true(cur->suspended);
	assert_true(cur->leech);
	/* suspended: it does not come back for relearning */
	assert_int_equal(session_left(d.s, NOW), 1);
	assert_string_equal(cur_name(d.s, NOW), "next");
	assert_int_equal(session_grade(d.s, FSRS_GOOD, NOW, 1000), 0);
	assert_false(session_last_was_leech(d.s));
	/* undo both: the leech is lifted */
	assert_int_equal(session_undo(d.s), 0);
	assert_int_equal(session_undo(d.s), 0);
	assert_ptr_equal(session_current(d.s, NOW), cur);
	assert_false(cur->suspended);
	assert_false(cur->leech);
	assert_int_equal(cur->st.lapses, 7);
	finish(&d);

	/* a leech the student unsuspended: no new leech */
	deck_init(&d);
	c = add_review(&d, "old-leech", 3, 6 * DAY_MS, NOW - DAY_MS);
	c->st.lapses = 8;
	c->leech = true;
	start(&d, NOW);
	assert_non_null(session_current(d.s, NOW));
	assert_int_equal(session_grade(d.s, FSRS_AGAIN, NOW, 1000), 0);
	assert_false(session_last_was_leech(d.s));
	assert_false(d.f.committed[0].became_leech);
	assert_int_equal(session_left(d.s, NOW), 1);   /* relearning */
	finish(&d);

	/* past a threshold lowered since, never flagged: its next lapse makes
	 * it one; a pass does not */
	deck_init(&d);
	d.o.leech_lapses = 3;
	c = add_review(&d, "past", 3, 6 * DAY_MS, NOW - DAY_MS);
	c->st.lapses = 5;
	add_review(&d, "past-too", 3, 7 * DAY_MS, NOW - DAY_MS)->st.lapses = 5;
	start(&d, NOW);
	assert_string_equal(cur_name(d.s, NOW), "past-too");
	assert_int_equal(session_grade(d.s, FSRS_GOOD, NOW, 1000), 0);
	assert_false(session_last_was_leech(d.s));
	assert_string_equal(cur_name(d.s, NOW), "past");
	assert_int_equal(session_grade(d.s, FSRS_AGAIN, NOW, 1000), 0);
	assert_true(session_last_was_leech(d.s));
	assert_true(d.f.committed[1].became_leech);
	finish(&d);
}

/* ---- undo --------------------------------------------------------------- */

static void undo_several_levels(void **state)
{
	struct deck d;
	struct fsrs_card orig[4];
	const struct sess_card *c[4];
	char q[256];

	(void)state;
	deck_init(&d);
	add_learning(&d, "l", NOW - MIN_MS);
	add_review(&d, "r1", 2, 6 * DAY_MS, NOW - DAY_MS);
	add_review(&d, "r2", 20, 6 * DAY_MS, NOW - DAY_MS);
	add_new(&d, "n");
	for (int i = 0; i < 4; i++)
		orig[i] = d.cards[i].st;
	start(&d, NOW);
	assert_int_equal(session_undo(d.s), -1);   /* nothing yet */
	assert_int_equal(session_left(d.s, NOW), 4);

	c[0] = session_current(d.s, NOW);
	assert_string_equal(c[0]->c.front, "l");
	assert_int_equal(session_grade(d.s, FSRS_AGAIN, NOW, 1000), 0);
	c[1] = session_current(d.s, NOW + 1000);
	assert_string_equal(c[1]->c.front, "r1");
	assert_int_equal(session_grade(d.s, FSRS_AGAIN, NOW + 1000, 2000), 0);
	c[2] = session_current(d.s, NOW + 2000);
	assert_string_equal(c[2]->c.front, "n");
	assert_int_equal(session_grade(d.s, FSRS_EASY, NOW + 2000, 3000), 0);
	assert_int_equal(session_done(d.s), 3);
	/* l and r1 wait in learning, r2 is left in the main queue */
	assert_int_equal(session_left(d.s, NOW + 2000), 3);

	/* undo the last: n is current again, as new */
	assert_int_equal(session_undo(d.s), 0);
	assert_int_equal(d.f.undos, 1);
	assert_true(d.f.undone[0] == 3);
	assert_ptr_equal(session_current(d.s, NOW + 3 * HOUR_MS), c[2]);
	assert_same_state(&c[2]->st, &orig[3]);
	assert_int_equal(session_left(d.s, NOW), 4);
	assert_int_equal(session_done(d.s), 2);

	/* the owner's undo fails: nothing changes */
	d.f.fail_undo = true;
	assert_int_equal(session_undo(d.s), -1);
	assert_int_equal(session_done(d.s), 2);
	assert_ptr_equal(session_current(d.s, NOW), c[2]);
	d.f.fail_undo = false;

	/* two more levels: back to the start */
	assert_int_equal(session_undo(d.s), 0);
	assert_ptr_equal(session_current(d.s, NOW), c[1]);
	assert_same_state(&c[1]->st, &orig[1]);
	assert_int_equal(session_undo(d.s), 0);
	assert_ptr_equal(session_current(d.s, NOW), c[0]);
	assert_same_state(&c[0]->st, &orig[0]);
	assert_int_equal(d.f.undos, 3);
	assert_true(d.f.undone[1] == 2);
	assert_true(d.f.undone[2] == 1);
	assert_int_equal(session_undo(d.s), -1);
	assert_int_equal(session_done(d.s), 0);
	assert_int_equal(session_left(d.s, NOW), 4);
	/* the queue is exactly as it was */
	drain(d.s, NOW, q, sizeof(q));
	assert_string_equal(q, "l r1 n r2");
	finish(&d);
}

/* Learning cards due at the same instant come back in the order they were
 * answered; an undo puts the ones taken since back in their places, and
 * takes back a release that came after the grade it undoes. */
static void undo_learning_order_and_release(void **state)
{
	struct deck d;

	(void)state;
	deck_init(&d);
	add_new(&d, "a");
	add_new(&d, "b");
	add_new(&d, "c");
	start(&d, NOW);
	for (int i = 0; i < 3; i++) {
		assert_non_null(session_current(d.s, NOW));
		assert_int_equal(session_grade(d.s, FSRS_GOOD, NOW, 1000), 0);
	}
	/* all three due in ten minutes */
	assert_null(session_current(d.s, NOW));
	assert_true(session_next_due(d.s) == NOW + 10 * MIN_MS);
	session_skip_wait(d.s);
	assert_string_equal(cur_name(d.s, NOW), "a");
	/* a again: due in a minute, before b and c, but not released */
	assert_int_equal(session_grade(d.s, FSRS_AGAIN, NOW, 1000), 0);
	assert_true(session_next_due(d.s) == NOW + MIN_MS);
	assert_string_equal(cur_name(d.s, NOW), "b");
	assert_string_equal(cur_name(d.s, NOW + 2 * MIN_MS), "b");
	/* undo a's Again: a is shown again, b waits, still released */
	assert_int_equal(session_undo(d.s), 0);
	assert_string_equal(cur_name(d.s, NOW), "a");
	assert_int_equal(session_left(d.s, NOW), 3);
	/* undo c's Good: c is shown again; a and b wait unreleased, in order */
	assert_int_equal(session_undo(d.s), 0);
	assert_string_equal(cur_name(d.s, NOW), "c");
	assert_int_equal(session_grade(d.s, FSRS_GOOD, NOW, 1000), 0);
	assert_null(session_current(d.s, NOW));
	assert_string_equal(cur_name(d.s, NOW + 10 * MIN_MS), "a");
	assert_int_equal(session_grade(d.s, FSRS_GOOD, NOW + 10 * MIN_MS, 1000), 0);
	assert_string_equal(cur_name(d.s, NOW + 10 * MIN_MS), "b");
	assert_int_equal(session_grade(d.s, FSRS_GOOD, NOW + 10 * MIN_MS, 1000), 0);
	assert_string_equal(cur_name(d.s, NOW + 10 * MIN_MS), "c");
	finish(&d);
}

/* Undo goes back a hundred answers; older ones stay counted but fixed. */
static void undo_depth_is_bounded(void **state)
{
	struct deck d;
	struct session *s;
	char name[16];

	(void)state;
	deck_init(&d);
	d.o.mode = REVIEW_CRAM; /* Again requeues: 20 cards give any number of answers */
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "c%d", i);
		add_new(&d, name);
	}
	s = start(&d, NOW);
	for (int i = 0; i < 150; i++) {
		assert_non_null(session_current(s, NOW));
		assert_int_equal(session_grade(s, FSRS_AGAIN, NOW, 1000), 0);
	}
	assert_int_equal(session_done(s), 150);
	for (int i = 0; i < 100; i++)
		assert_int_equal(session_undo(s), 0);
	assert_int_equal(session_undo(s), -1);
	assert_int_equal(session_done(s), 50);
	assert_non_null(session_current(s, NOW));
	assert_int_equal(session_grade(s, FSRS_GOOD, NOW, 1000), 0);
	assert_int_equal(session_undo(s), 0);
	finish(&d);
}

static void undo_keeps_suspended_out(void **state)
{
	struct deck d;

	(void)state;
	deck_init(&d);
	add_new(&d, "a");
	add_new(&d, "b");
	add_new(&d, "c");
	start(&d, NOW);
	assert_string_equal(cur_name(d.s, NOW), "a");
	assert_int_equal(session_grade(d.s, FSRS_EASY, NOW, 1000), 0);
	assert_string_equal(cur_name(d.s, NOW), "b");
	assert_int_equal(session_suspend(d.s), 0);
	assert_int_equal(d.f.suspends, 1);
	assert_true(d.f.suspended_id == 2);
	assert_int_equal(session_left(d.s, NOW), 1);
	/* undoing a's grade brings a back, but not the suspended b */
	assert_int_equal(session_undo(d.s), 0);
	assert_string_equal(cur_name(d.s, NOW), "a");
	assert_int_equal(session_left(d.s, NOW), 2);
	assert_queue(d.s, NOW, "a c");
	assert_int_equal(d.f.buries, 2);
	assert_true(d.f.buried_until == DAY_END);
	finish(&d);
}

/* ---- failures, cram ----------------------------------------------------- */

static void commit_failure_changes_nothing(void **state)
{
	struct deck d;
	const struct sess_card *c;
	struct fsrs_card before;

	(void)state;
	deck_init(&d);
	add_review(&d, "r", 2, 6 * DAY_MS, NOW - DAY_MS);
	add_new(&d, "n");
	start(&d, NOW);
	c = session_current(d.s, NOW);
	before = c->st;
	d.f.fail_commit = true;
	assert_int_equal(session_grade(d.s, FSRS_AGAIN, NOW, 1000), -1);
	assert_ptr_equal(session_current(d.s, NOW), c);
	assert_same_state(&c->st, &before);
	assert_int_equal(session_done(d.s), 0);
	assert_int_equal(session_left(d.s, NOW), 2);
	assert_int_equal(session_undo(d.s), -1);
	d.f.fail_commit = false;
	assert_int_equal(session_grade(d.s, 0, NOW, 1000), -1);
	assert_int_equal(session_grade(d.s, 5, NOW, 1000), -1);
	assert_int_equal(session_grade(d.s, FSRS_AGAIN, NOW, 1000), 0);
	assert_int_equal(c->st.state, FSRS_RELEARNING);
	/* suspend and bury fail the same way */
	assert_string_equal(cur_name(d.s, NOW), "n");
	d.f.fail_suspend = d.f.fail_bury = true;
	assert_int_equal(session_suspend(d.s), -1);
	assert_int_equal(session_bury(d.s, DAY_END), -1);
	assert_string_equal(cur_name(d.s, NOW), "n");
	assert_false(session_current(d.s, NOW)->suspended);
	finish(&d);

	/* nothing shown: nothing to grade */
	deck_init(&d);
	start(&d, NOW);
	assert_null(session_current(d.s, NOW));
	assert_int_equal(session_grade(d.s, FSRS_GOOD, NOW, 1000), -1);
	assert_int_equal(session_suspend(d.s), -1);
	assert_int_equal(session_bury(d.s, DAY_END), -1);
	assert_int_equal(d.f.commits, 0);
	finish(&d);
}

static void cram_leaves_state_unchanged(void **state)
{
	struct deck d;
	const struct sess_card *c;
	struct fsrs_card before;
	char labels[4][16];

	(void)state;
	deck_init(&d);
	d.o.mode = REVIEW_CRAM;
	add_review(&d, "far", 30, 2 * DAY_MS, NOW + 20 * DAY_MS);   /* not due */
	add_new(&d, "new");
	add_review(&d, "susp", 3, 2 * DAY_MS, NOW)->suspended = true;
	start(&d, NOW);
	assert_int_equal(session_left(d.s, NOW), 2);
	c = session_current(d.s, NOW);
	assert_string_equal(c->c.front, "far");
	before = c->st;
	session_preview(d.s, NOW, labels);
	assert_string_equal(labels[0], "");
	assert_string_equal(labels[3], "");
	assert_int_equal(session_grade(d.s, FSRS_AGAIN, NOW, 1000), 0);
	assert_same_state(&c->st, &before);
	assert_int_equal(d.f.committed[0].mode, REVIEW_CRAM);
	assert_same_state(&d.f.committed[0].after, &before);
	assert_same_state(&d.f.committed[0].before, &before);
	/* Again: back at the end of the queue */
	assert_string_equal(cur_name(d.s, NOW), "new");
	assert_int_equal(session_grade(d.s, FSRS_GOOD, NOW, 1000), 0);
	assert_int_equal(session_current(d.s, NOW)->st.state, FSRS_REVIEW);
	assert_ptr_equal(session_current(d.s, NOW), c);
	assert_int_equal(session_grade(d.s, FSRS_HARD, NOW, 1000), 0);
	assert_null(session_current(d.s, NOW));
	assert_int_equal(session_next_due(d.s), 0);
	assert_int_equal(session_done(d.s), 3);
	/* undo in cram restores the queue too */
	assert_int_equal(session_undo(d.s), 0);
	assert_ptr_equal(session_current(d.s, NOW), c);
	finish(&d);
}

/* ---- preview, labels, options, summary ---------------------------------- */

static void preview_new_card(void **state)
{
	struct deck d;
	char labels[4][16];

	(void)state;
	deck_init(&d);
	add_new(&d, "n");
	start(&d, NOW);
	session_preview(d.s, NOW, labels);   /* nothing current yet */
	assert_string_equal(labels[0], "");
	assert_non_null(session_current(d.s, NOW));
	session_preview(d.s, NOW, labels);
	assert_string_equal(labels[0], "1m");
	assert_string_equal(labels[1], "6m");
	assert_string_equal(labels[2], "10m");
	assert_string_equal(labels[3], "8d");
	/* a preview changes nothing */
	assert_int_equal(session_current(d.s, NOW)->st.state, FSRS_NEW);
	assert_int_equal(d.f.commits, 0);
	finish(&d);
}

/* With fuzz on, the instant is part of the fuzz seed: the grade applies
 * the outcome previewed at the first instant, not one computed again at the
 * instant of the grade; the review is logged at the grade's instant. */
/* Each card's labels name its own outcomes, whatever the card before
 * showed: new cards, reviews of several stabilities, a relearning card. */
static void preview_labels_each_card(void **state)
{
	static const double stab[] = { 0.5, 3, 3, 40, 400 };
	struct deck d;
	int64_t now = NOW;

	(void)state;
	deck_init(&d);
	add_new(&d, "n1");
	for (size_t i = 0; i < ARRAY_SIZE(stab); i++)
		add_review(&d, "r", stab[i], 5 * DAY_MS, NOW - DAY_MS * (int64_t)(i + 1) / 2);
	add_new(&d, "n2");
	add_learning(&d, "l", NOW - MIN_MS);
	start(&d, now);
	for (const struct sess_card *c; (c = session_current(d.s, now)) != NULL; now += MIN_MS) {
		struct fsrs_card out[4];
		char labels[4][16], want[16];

		session_preview(d.s, now, labels);
		assert_int_equal(fsrs_repeat(&d.p, &c->st, now, out), 0);
		for (int g = 0; g < 4; g++) {
			format_interval(out[g].due - now, want);
			assert_string_equal(labels[g], want);
		}
		assert_int_equal(session_bury(d.s, DAY_END), 0);
	}
	assert_int_equal(now, NOW + 8 * MIN_MS);
	finish(&d);
}

static void grade_applies_preview(void **state)
{
	struct deck d;
	struct fsrs_card at1, at2;
	char labels[4][16], want[16];
	const struct sess_card *c;
	int64_t t1 = NOW, t2 = 0;

	(void)state;
	deck_init(&d);
	d.p.enable_fuzz = true;
	fsrs_params_finish(&d.p);
	add_review(&d, "r", 30, 30 * DAY_MS, NOW);
	/* an instant whose fuzz differs from t1's, for the test to mean something */
	assert_int_equal(fsrs_review(&d.p, &d.cards[0].st, t1, FSRS_GOOD, &at1), 0);
	for (int64_t k = 1; k < 50 && !t2; k++) {
		assert_int_equal(fsrs_review(&d.p, &d.cards[0].st, t1 + k * 1234, FSRS_GOOD, &at2), 0);
		if (at2.due != at1.due)
			t2 = t1 + k * 1234;
	}
	assert_true(t2 != 0);
	start(&d, t1);
	c = session_current(d.s, t1);
	assert_non_null(c);
	session_preview(d.s, t1, labels);
	format_interval(at1.due - t1, want);
	assert_string_equal(labels[2], want);
	/* a later preview of the same card shows the same */
	session_preview(d.s, t2, labels);
	assert_string_equal(labels[2], want);
	assert_int_equal(session_grade(d.s, FSRS_GOOD, t2, 5000), 0);
	assert_int_equal(d.f.commits, 1);
	assert_same_state(&d.f.committed[0].after, &at1);
	assert_true(d.f.committed[0].at_ms == t2);

	/* undone, the card is shown again: a new preview, at the new instant */
	assert_int_equal(session_undo(d.s), 0);
	session_preview(d.s, t2, labels);
	format_interval(at2.due - t2, want);
	assert_string_equal(labels[2], want);
	assert_int_equal(session_grade(d.s, FSRS_GOOD, t1, 5000), 0);
	assert_same_state(&d.f.committed[1].after, &at2);
	finish(&d);

	/* no preview: the grade's instant */
	deck_init(&d);
	d.p.enable_fuzz = true;
	fsrs_params_finish(&d.p);
	add_review(&d, "r", 30, 30 * DAY_MS, NOW);
	start(&d, t1);
	assert_non_null(session_current(d.s, t1));
	assert_int_equal(session_grade(d.s, FSRS_GOOD, t2, 5000), 0);
	assert_same_state(&d.f.committed[0].after, &at2);
	finish(&d);
}

static void format_interval_cases(void **state)
{
	static const struct {
		int64_t ms;
		const char *want;
	} cases[] = {
		{ -5000, "0s" },
		{ 0, "0s" },
		{ 45000, "45s" },
		{ 59400, "59s" },
		{ 59600, "1m" },
		{ MIN_MS, "1m" },
		{ 6 * MIN_MS, "6m" },
		{ 10 * MIN_MS, "10m" },
		{ 59 * MIN_MS, "59m" },
		{ 60 * MIN_MS, "1h" },
		{ 3 * HOUR_MS, "3h" },
		{ 23 * HOUR_MS, "23h" },
		{ 24 * HOUR_MS, "1d" },
		{ 4 * DAY_MS, "4d" },
		{ 8 * DAY_MS, "8d" },
		{ 29 * DAY_MS, "29d" },
		{ 30 * DAY_MS, "1mo" },
		{ 60 * DAY_MS, "2mo" },
		{ 75 * DAY_MS, "2.5mo" },
		{ 93 * DAY_MS, "3.1mo" },
		{ 364 * DAY_MS, "12.1mo" },
		{ 365 * DAY_MS, "1y" },
		{ 438 * DAY_MS, "1.2y" },
		{ 475 * DAY_MS, "1.3y" },
		{ 730 * DAY_MS, "2y" },
		{ 36500 * DAY_MS, "100y" },
		{ INT64_MAX, "9999y" },
	};
	char out[16];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		format_interval(cases[i].ms, out);
		assert_string_equal(out, cases[i].want);
	}
}

static bool is_permutation(const size_t *o, size_t n)
{
	bool seen[16] = { false };

	for (size_t i = 0; i < n; i++) {
		if (o[i] >= n || seen[o[i]])
			return false;
		seen[o[i]] = true;
	}
	return true;
}

static void option_order_reshuffles(void **state)
{
	struct deck d;
	struct sess_card *c;
	size_t first[6], prev[6];
	const size_t *o;
	int changed = 0;

	(void)state;
	deck_init(&d);
	d.o.mode = REVIEW_CRAM;
	c = add_mcq(&d, "mcq", 6);
	c->c.options[2].correct = true;
	add_new(&d, "plain");
	start(&d, NOW);
	assert_null(session_option_order(d.s));
	assert_non_null(session_current(d.s, NOW));
	o = session_option_order(d.s);
	assert_non_null(o);
	assert_true(is_permutation(o, 6));
	memcpy(first, o, sizeof(first));
	/* stable while shown */
	assert_non_null(session_current(d.s, NOW + HOUR_MS));
	assert_memory_equal(session_option_order(d.s), first, sizeof(first));
	memcpy(prev, first, sizeof(prev));
	for (int i = 0; i < 10; i++) {
		/* Again in cram: plain comes, then the mcq again */
		assert_int_equal(session_grade(d.s, FSRS_AGAIN, NOW, 1000), 0);
		assert_string_equal(cur_name(d.s, NOW), "plain");
		assert_null(session_option_order(d.s));
		assert_int_equal(session_grade(d.s, FSRS_AGAIN, NOW, 1000), 0);
		assert_string_equal(cur_name(d.s, NOW), "mcq");
		o = session_option_order(d.s);
		assert_true(is_permutation(o, 6));
		changed += memcmp(o, prev, sizeof(prev)) != 0;
		memcpy(prev, o, sizeof(prev));
	}
	assert_true(changed >= 5);
	finish(&d);

	/* the same seed gives the same first order */
	deck_init(&d);
	add_mcq(&d, "mcq", 6);
	start(&d, NOW);
	assert_non_null(session_current(d.s, NOW));
	assert_memory_equal(session_option_order(d.s), first, sizeof(first));
	finish(&d);
}

/* An edit changes the current card's options: the order follows the new
 * number of options; a card edited away leaves the session. */
static void edited_card(void **state)
{
	struct deck d;
	struct sess_card *c;
	const struct sess_card *cur;
	const size_t *o;

	(void)state;
	deck_init(&d);
	add_mcq(&d, "mcq", 5);
	add_new(&d, "other");
	add_new(&d, "last");
	start(&d, NOW);
	cur = session_current(d.s, NOW);
	assert_string_equal(cur->c.front, "mcq");
	assert_true(is_permutation(session_option_order(d.s), 5));
	/* the editor leaves two options */
	c = (struct sess_card *)cur;
	card_options_free(c->c.options, c->c.noptions);
	c->c.noptions = 2;
	c->c.options = xcalloc(2, sizeof(*c->c.options));
	c->c.options[0].text = xstrdup("kept");
	c->c.options[1].text = xstrdup("other");
	session_edited(d.s, false);
	assert_ptr_equal(session_current(d.s, NOW), cur);
	o = session_option_order(d.s);
	assert_non_null(o);
	assert_true(is_permutation(o, 2));
	/* now a basic card: no order */
	card_options_free(c->c.options, c->c.noptions);
	c->c.options = NULL;
	c->c.noptions = 0;
	c->c.type = CARD_BASIC;
	session_edited(d.s, false);
	assert_null(session_option_order(d.s));
	/* edited away: the next card, nothing written, one card fewer */
	assert_int_equal(session_left(d.s, NOW), 3);
	session_edited(d.s, true);
	assert_string_equal(cur_name(d.s, NOW), "other");
	assert_int_equal(session_left(d.s, NOW), 2);
	assert_int_equal(d.f.commits, 0);
	assert_int_equal(session_grade(d.s, FSRS_GOOD, NOW, 1000), 0);
	assert_string_equal(cur_name(d.s, NOW), "last");
	assert_int_equal(session_grade(d.s, FSRS_GOOD, NOW, 1000), 0);
	assert_null(session_current(d.s, NOW));
	finish(&d);
}

/* A card edited out of its file leaves the session, and the summary does
 * not name it as the next one due. */
static void edited_away_not_due(void **state)
{
	struct deck d;
	struct session_summary sum;

	(void)state;
	deck_init(&d);
	add_review(&d, "gone", 2, 6 * DAY_MS, NOW - DAY_MS);
	add_review(&d, "later", 20, 2 * DAY_MS, NOW + 3 * DAY_MS);
	start(&d, NOW);
	assert_string_equal(cur_name(d.s, NOW), "gone");
	session_edited(d.s, true);
	assert_null(session_current(d.s, NOW));
	session_summary(d.s, &sum);
	assert_true(sum.next_due == NOW + 3 * DAY_MS);
	finish(&d);
}

static void suggest_and_summary(void **state)
{
	struct deck d;
	struct session_summary sum;
	const struct sess_card *r;

	(void)state;
	assert_int_equal(session_suggest(true), FSRS_GOOD);
	assert_int_equal(session_suggest(false), FSRS_AGAIN);

	deck_init(&d);
	add_new(&d, "a");
	add_new(&d, "b");
	add_new(&d, "c");
	add_new(&d, "untouched");
	add_review(&d, "later", 30, 2 * DAY_MS, NOW + 20 * DAY_MS);
	add_review(&d, "susp", 3, 2 * DAY_MS, NOW + HOUR_MS)->suspended = true;
	d.o.new_per_day = 3;
	start(&d, NOW);
	session_summary(d.s, &sum);
	assert_int_equal(sum.reviewed, 0);
	assert_true(sum.next_due == NOW + 20 * DAY_MS);

	assert_non_null(session_current(d.s, NOW));
	assert_int_equal(session_grade(d.s, FSRS_AGAIN, NOW, 4000), 0);    /* a: 1m */
	assert_non_null(session_current(d.s, NOW));
	assert_int_equal(session_grade(d.s, FSRS_HARD, NOW, 6000), 0);     /* b: 6m */
	r = session_current(d.s, NOW);
	assert_string_equal(r->c.front, "c");
	assert_int_equal(session_grade(d.s, FSRS_EASY, NOW, 8000), 0);     /* c: 8d */
	assert_int_equal(session_undo(d.s), 0);
	assert_int_equal(session_bury(d.s, DAY_END), 0);
	session_summary(d.s, &sum);
	assert_int_equal(sum.reviewed, 2);
	assert_int_equal(sum.right, 1);
	assert_int_equal(sum.wrong, 1);
	assert_true(sum.time_ms == 10000);
	assert_true(sum.next_due == NOW + MIN_MS);
	finish(&d);

	deck_init(&d);
	add_new(&d, "never");
	start(&d, NOW);
	session_summary(d.s, &sum);
	assert_int_equal(sum.next_due, 0);
	finish(&d);
}

/* ---- text read when shown ------------------------------------------------ */

struct texts {
	int fetches;
	int64_t fail_id;     /* this card cannot be read */
	int64_t gone_id;     /* these cards are gone */
	int64_t gone_id2;
};

static struct texts texts;

/* The owner's fetch: the front is "text N" for card N. */
static int fake_fetch(void *ctx, struct sess_card *c)
{
	(void)ctx;
	texts.fetches++;
	if (c->id == texts.fail_id)
		return -1;
	if (c->id == texts.gone_id || c->id == texts.gone_id2)
		return 1;
	free(c->c.front);
	free(c->c.back);
	c->c.front = xasprintf("text %lld", (long long)c->id);
	c->c.back = xstrdup("back");
	return 0;
}

/* Given without text, a card gets it when shown, loses it when another is
 * shown (the note stays), and one gone from the store is skipped. */
static void fetch_when_shown(void **state)
{
	struct deck d;
	struct sess_card *c[5];
	const struct sess_card *cur;
	const char *names[] = { "a", "b", "c", "d", "e" };

	(void)state;
	memset(&texts, 0, sizeof(texts));
	deck_init(&d);
	for (int i = 0; i < 5; i++) {
		c[i] = add_new(&d, names[i]);
		free(c[i]->c.front);
		free(c[i]->c.back);
		c[i]->c.front = c[i]->c.back = NULL;
	}
	c[1]->c.note = xstrdup("n");
	texts.gone_id = 3;
	texts.gone_id2 = 4;
	d.ops.fetch = fake_fetch;
	start(&d, NOW);
	assert_int_equal(texts.fetches, 0);
	assert_int_equal(session_left(d.s, NOW), 5);

	cur = session_current(d.s, NOW);
	assert_string_equal(cur->c.front, "text 1");
	assert_int_equal(texts.fetches, 1);
	/* the same card again: no new read */
	assert_ptr_equal(session_current(d.s, NOW), cur);
	assert_int_equal(texts.fetches, 1);
	assert_int_equal(session_grade(d.s, FSRS_EASY, NOW, 1000), 0);
	/* the text stays until another card is shown */
	assert_string_equal(cur->c.front, "text 1");

	cur = session_current(d.s, NOW);
	assert_string_equal(cur->c.front, "text 2");
	/* card 1's text is let go */
	assert_null((cur - 1)->c.front);
	assert_int_equal(session_grade(d.s, FSRS_EASY, NOW, 1000), 0);

	/* cards 3 and 4 are gone: card 5 comes */
	cur = session_current(d.s, NOW);
	assert_string_equal(cur->c.front, "text 5");
	assert_int_equal(texts.fetches, 5);
	assert_int_equal(session_left(d.s, NOW), 1);
	/* card 2 kept its note although its text went */
	assert_string_equal(((const struct sess_card *)cur - 3)->c.note, "n");
	assert_null(((const struct sess_card *)cur - 3)->c.front);

	/* undo brings card 2 back with its text read again */
	assert_int_equal(session_undo(d.s), 0);
	cur = session_current(d.s, NOW);
	assert_string_equal(cur->c.front, "text 2");
	assert_int_equal(texts.fetches, 6);
	assert_int_equal(session_left(d.s, NOW), 2);
	finish(&d);
}

/* A card whose text cannot be read (the store fails) ends the session:
 * nothing more is shown, not even the cards after it, and the session says
 * it failed, so that the front end does not report it as finished. */
static void fetch_failure_ends(void **state)
{
	struct deck d;
	const struct sess_card *cur;

	(void)state;
	memset(&texts, 0, sizeof(texts));
	deck_init(&d);
	for (int i = 0; i < 3; i++) {
		struct sess_card *c = add_new(&d, i == 0 ? "a" : i == 1 ? "b" : "c");

		free(c->c.front);
		free(c->c.back);
		c->c.front = c->c.back = NULL;
	}
	texts.fail_id = 2;
	d.ops.fetch = fake_fetch;
	start(&d, NOW);
	cur = session_current(d.s, NOW);
	assert_string_equal(cur->c.front, "text 1");
	assert_false(session_failed(d.s));
	assert_int_equal(session_grade(d.s, FSRS_EASY, NOW, 1000), 0);
	assert_null(session_current(d.s, NOW));
	assert_true(session_failed(d.s));
	assert_int_equal(texts.fetches, 2);
	/* and it stays over: card 3 is not read */
	assert_null(session_current(d.s, NOW + DAY_MS));
	assert_int_equal(texts.fetches, 2);
	finish(&d);
}

/* A due card that turns out gone from the store is not named as due in the
 * summary: it can never be shown. */
static void gone_not_due(void **state)
{
	struct deck d;
	struct session_summary sum;

	(void)state;
	memset(&texts, 0, sizeof(texts));
	deck_init(&d);
	add_review(&d, "gone", 3, 6 * DAY_MS, NOW - DAY_MS);
	add_review(&d, "later", 3, 6 * DAY_MS, NOW + 2 * DAY_MS);
	texts.gone_id = 1;
	d.ops.fetch = fake_fetch;
	start(&d, NOW);
	assert_null(session_current(d.s, NOW));
	session_summary(d.s, &sum);
	assert_true(sum.next_due == NOW + 2 * DAY_MS);
	finish(&d);
}

/* Read ahead: a fetch_many that reads with fake_fetch and counts calls. */
static int fetch_many_calls, fetch_many_cards;

static int fake_fetch_many(void *ctx, struct sess_card **c, size_t n, int *status)
{
	fetch_many_calls++;
	fetch_many_cards += (int)n;
	assert_true(n >= 1 && n <= SESSION_READ_AHEAD);
	for (size_t i = 0; i < n; i++) {
		status[i] = fake_fetch(ctx, c[i]);
		if (status[i] < 0)
			return -1;
	}
	return 0;
}

/* With fetch_many, the card shown is read with the next ones of the queue,
 * SESSION_READ_AHEAD at a time; the card shown loses its text when another
 * is shown; a card that is gone is asked for again in its turn, and
 * skipped. */
static void fetch_read_ahead(void **state)
{
	struct deck d;
	struct sess_card *c[20];
	const struct sess_card *cur;
	char name[16];
	int held;

	(void)state;
	memset(&texts, 0, sizeof(texts));
	fetch_many_calls = fetch_many_cards = 0;
	deck_init(&d);
	d.o.new_per_day = 20;
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "q%d", i);
		c[i] = add_new(&d, name);
		free(c[i]->c.front);
		free(c[i]->c.back);
		c[i]->c.front = c[i]->c.back = NULL;
	}
	texts.gone_id = 5;
	d.ops.fetch = fake_fetch;
	d.ops.fetch_many = fake_fetch_many;
	start(&d, NOW);
	for (int k = 0; k < 19; k++) {
		cur = session_current(d.s, NOW);
		assert_non_null(cur);
		assert_non_null(cur->c.front);
		assert_true(cur->id != 5);
		held = 0;
		for (int i = 0; i < 20; i++)
			held += c[i]->c.front != NULL;
		/* the card shown and those read ahead; a card that turns
		 * out to be gone reads ahead once more */
		assert_true(held <= 2 * SESSION_READ_AHEAD);
		assert_int_equal(session_grade(d.s, FSRS_EASY, NOW, 1000), 0);
	}
	assert_null(session_current(d.s, NOW));
	/* reads of 1-8, then of 5 (gone, asked again in its turn) and 9-15,
	 * then of 16-20 */
	assert_int_equal(fetch_many_calls, 3);
	assert_int_equal(fetch_many_cards, 21);
	assert_int_equal(texts.fetches, 21);
	finish(&d);
}

/* Siblings leave the queue when one is answered and come back with an
 * undo, across many levels; the count of cards left follows. */
static void siblings_undo_many(void **state)
{
	struct deck d;
	char name[8];

	(void)state;
	deck_init(&d);
	/* notes: a0 a1 a2 | b0 b1 | none x3 — new cards, one per note is taken */
	add(&d, "a0", "A");
	add(&d, "x0", NULL);
	add(&d, "b0", "B");
	add(&d, "a1", "A");
	add(&d, "x1", NULL);
	add(&d, "b1", "B");
	add(&d, "x2", NULL);
	/* reviews of the same notes, due today */
	add_review(&d, "ra", 10, 5 * DAY_MS, NOW - DAY_MS)->c.note = xstrdup("C");
	add_review(&d, "rc", 10, 9 * DAY_MS, NOW - DAY_MS)->c.note = xstrdup("C");
	d.o.new_per_day = 10;
	start(&d, NOW);
	/* a1 and b1 are siblings of queued cards: left out; rc goes with ra */
	assert_int_equal(session_left(d.s, NOW), 7);
	for (int i = 0; i < 7; i++) {
		const struct sess_card *c = session_current(d.s, NOW);

		assert_non_null(c);
		snprintf(name, sizeof(name), "%s", c->c.front);
		assert_int_equal(session_grade(d.s, FSRS_EASY, NOW, 1000), 0);
		if (!strcmp(name, "rc") || !strcmp(name, "ra")) {
			/* the other review of note C is gone from the queue */
			assert_int_equal(session_left(d.s, NOW), (size_t)(7 - i - 2));
			break;
		}
	}
	/* undo everything: the queue is whole again */
	while (session_undo(d.s) == 0)
		;
	assert_int_equal(session_left(d.s, NOW), 7);
	assert_int_equal(session_done(d.s), 0);
	/* answering all, the sibling review never shows */
	for (int i = 0; i < 6; i++) {
		assert_non_null(session_current(d.s, NOW));
		assert_int_equal(session_grade(d.s, FSRS_EASY, NOW, 1000), 0);
	}
	assert_null(session_current(d.s, NOW));
	assert_int_equal(session_left(d.s, NOW), 0);
	finish(&d);
}

/* The summary counts the cards the owner left out; the filter that leaves
 * them out keeps the new cards and those due today. */
static void later_due_and_reachable(void **state)
{
	struct deck d;
	struct session_summary sum;
	struct sess_card *v = xcalloc(4, sizeof(*v));
	int64_t later;
	size_t n;

	(void)state;
	deck_init(&d);
	add_new(&d, "new");
	d.o.later_due = NOW + 3 * DAY_MS;
	start(&d, NOW);
	session_summary(d.s, &sum);
	assert_true(sum.next_due == NOW + 3 * DAY_MS);
	finish(&d);

	deck_init(&d);
	add_review(&d, "r", 10, 5 * DAY_MS, NOW + 2 * DAY_MS);
	d.o.later_due = NOW + 3 * DAY_MS;
	start(&d, NOW);
	session_summary(d.s, &sum);
	assert_true(sum.next_due == NOW + 2 * DAY_MS);
	finish(&d);

	for (int i = 0; i < 4; i++) {
		v[i].id = i + 1;
		v[i].c.front = xstrdup("t");
		v[i].st.state = FSRS_REVIEW;
	}
	v[0].st.state = FSRS_NEW;
	v[0].st.due = NOW + 9 * DAY_MS;       /* new: kept whatever its due */
	v[1].st.due = NOW + 5 * DAY_MS;       /* later: left out */
	v[2].st.due = NOW;                    /* today: kept */
	v[3].st.due = NOW + 4 * DAY_MS;       /* later but suspended */
	v[3].suspended = true;
	n = session_keep_reachable(v, 4, DAY_END, &later);
	assert_int_equal(n, 2);
	assert_true(v[0].id == 1 && v[1].id == 3);
	assert_true(later == NOW + 5 * DAY_MS);
	for (size_t i = 0; i < n; i++)
		card_release(&v[i].c);
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(order_learning_reviews_new),
		cmocka_unit_test(order_new_mixed_evenly),
		cmocka_unit_test(order_limits),
		cmocka_unit_test(order_exclusions_and_day_end),
		cmocka_unit_test(siblings_leave_after_grade),
		cmocka_unit_test(siblings_seen_today),
		cmocka_unit_test(siblings_learning_stays),
		cmocka_unit_test(learning_card_comes_back),
		cmocka_unit_test(waiting_next_due_skip_wait),
		cmocka_unit_test(learning_past_day_end_leaves),
		cmocka_unit_test(leech_at_eight_lapses),
		cmocka_unit_test(undo_several_levels),
		cmocka_unit_test(undo_keeps_suspended_out),
		cmocka_unit_test(commit_failure_changes_nothing),
		cmocka_unit_test(cram_leaves_state_unchanged),
		cmocka_unit_test(preview_new_card),
		cmocka_unit_test(preview_labels_each_card),
		cmocka_unit_test(grade_applies_preview),
		cmocka_unit_test(format_interval_cases),
		cmocka_unit_test(undo_learning_order_and_release),
		cmocka_unit_test(undo_depth_is_bounded),
		cmocka_unit_test(option_order_reshuffles),
		cmocka_unit_test(edited_card),
		cmocka_unit_test(edited_away_not_due),
		cmocka_unit_test(suggest_and_summary),
		cmocka_unit_test(fetch_when_shown),
		cmocka_unit_test(fetch_failure_ends),
		cmocka_unit_test(gone_not_due),
		cmocka_unit_test(fetch_read_ahead),
		cmocka_unit_test(siblings_undo_many),
		cmocka_unit_test(later_due_and_reachable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
