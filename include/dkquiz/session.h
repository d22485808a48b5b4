/* session.h - one review session: the queue of cards, grading, undo,
 * suspend and bury, and the summary.
 *
 * Pure: the session does no I/O and reads no clock. Time comes in as an
 * argument; what must be made durable (a review, an undo, a flag) goes out
 * through struct session_ops, which the review command implements on top of
 * the store. Both front ends (the curses UI and --plain) drive the same
 * session through this interface.
 */
#ifndef DKQUIZ_SESSION_H
#define DKQUIZ_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dkquiz/card.h"
#include "dkquiz/fsrs.h"

/* A card as the session sees it: its text and its scheduling state. */
struct sess_card {
	int64_t id;              /* the store's card id */
	struct card c;           /* deck, breadcrumb, type, front, back, options ... */
	struct fsrs_card st;     /* scheduling state */
	int64_t buried_until;    /* ms, 0 if not buried */
	bool suspended;
	bool leech;
	bool retired;            /* gone from its file (browse shows such cards) */
	bool exam;               /* follows the exam plan (setup.h): scheduled with
				    opts.exam_p, new under opts.exam_new_per_day */
};

enum review_mode { REVIEW_NORMAL = 0, REVIEW_CRAM = 1 };

/* A card answered today, and its note (see opts.seen). */
struct note_seen {
	char *note;
	int64_t card_id;
};

/* One answer, as it is written to the review log. */
struct review_rec {
	int64_t card_id;
	int64_t at_ms;
	int rating;                 /* 1..4 */
	int mode;                   /* enum review_mode */
	int64_t duration_ms;
	struct fsrs_card before;    /* state before the answer (restored by undo) */
	struct fsrs_card after;     /* state after (== before in cram mode) */
	bool became_leech;          /* this answer made the card a leech: suspend it */
	int64_t log_id;             /* set by commit: the review log row, for undo */
};

/* What the session asks its owner to make durable, and the text of the
 * card about to be shown. Each returns 0, or -1 after printing an error (the
 * session then leaves its state unchanged). A NULL function is taken as
 * done (for callers that keep nothing, or give the cards with their text). */
struct session_ops {
	int (*commit)(void *ctx, struct review_rec *r);   /* one transaction; sets r->log_id */
	int (*undo)(void *ctx, const struct review_rec *r);     /* delete the log row, restore `before` */
	int (*suspend)(void *ctx, int64_t card_id, bool on);
	int (*bury)(void *ctx, int64_t card_id, int64_t until_ms);
	void *ctx;
	/* Fill c->c (the text: deck, breadcrumb, front, back, options ...)
	 * of a card given without it, replacing what c->c holds; the id and
	 * the scheduling fields are not touched. Returns 0; 1 when the card
	 * is gone (it leaves the session); -1 after printing an error (the
	 * session ends: see session_failed()). With fetch set the session keeps
	 * the text of the card shown only: it frees the previous card's text
	 * (all of c->c but the note) when another becomes current. */
	int (*fetch)(void *ctx, struct sess_card *c);
	/* Optional, with fetch: the same for the n cards c[0..n) at once (at
	 * most SESSION_READ_AHEAD), in one read of the store; status[i] is
	 * what fetch would return for c[i], and a card it cannot give is
	 * left as it was. Returns 0, or -1 after printing an error. The
	 * session then reads the text of the card it shows together with
	 * that of the next ones its queue holds: the text of a few cards is
	 * held ahead of time. */
	int (*fetch_many)(void *ctx, struct sess_card **c, size_t n, int *status);
};

#define SESSION_READ_AHEAD 8

struct session_opts {
	int mode;                    /* enum review_mode */
	int new_per_day;             /* new cards still allowed today (cards not .exam) */
	int exam_new_per_day;        /* the same for the cards marked .exam */
	const struct fsrs_params *exam_p; /* the parameters of the cards marked .exam
					(must outlive the session); NULL: p */
	int reviews_per_day;         /* reviews still allowed today; < 0: no limit */
	int leech_lapses;            /* lapses that make a leech (8) */
	uint64_t seed;               /* for option shuffling */
	int64_t day_end;             /* when today ends (the rollover): cards due before it are due today */
	const struct note_seen *seen; /* the cards answered today (normal mode) with a
					note, whatever the selection: their siblings
					wait for another day */
	size_t nseen;
	int64_t later_due;           /* the earliest due instant of the cards the owner
					left out of `cards` (not new, not suspended;
					buried ones at their buried_until), 0 if none:
					what session_summary() reports next_due from
					besides the session's own cards */
};

struct session;

/* Make a session over `cards` (the session takes ownership of the array and
 * of each card: it frees them in session_free). The queue is built from each
 * card's id, state, flags and c.note only: with ops->fetch the rest of c.c
 * may be empty, and is read when the card is shown. `p` must outlive the
 * session.
 * The queue is built at `now`: learning/relearning cards due now first, then
 * review cards due today (lowest retrievability first), then new cards in
 * the given order up to new_per_day (those marked .exam up to
 * exam_new_per_day), mixed in among the reviews; suspended
 * and buried cards are left out.
 * Siblings: a new or review card is left out when another card of its note
 * was answered today (opts.seen); a card in its (re)learning steps is never
 * left out for a sibling, and the card answered itself is not its own
 * sibling.
 * Details: (re)learning cards due before day_end (or already due) are in the
 * session and come back when due; review cards due before day_end are sorted
 * by fsrs_recall_at(now), lowest first, then cut to reviews_per_day; at most
 * one new card per note is taken, and none whose note is already queued; the
 * new cards are spread evenly among the reviews (6 reviews, 2 new:
 * r r n r r n r r).
 * Cram mode (REVIEW_CRAM): every card that is not suspended or buried, due
 * or not, in the given order; no limits and no sibling rule.
 * opts->seen is read here only: the caller keeps and frees it.
 * Never returns NULL; `ops` may be NULL. */
struct session *session_new(const struct fsrs_params *p, struct sess_card *cards, size_t n,
			    const struct session_opts *o, const struct session_ops *ops,
			    int64_t now);
void session_free(struct session *s);

/* Keep of `cards` what a normal session before `day_end` can reach: the
 * new cards, and the others when due before day_end (the owner may have
 * moved a card's due, as the exam plan does). The others are released
 * (card_release) and the array compacted in place, order kept; returns how
 * many are kept. *later_due gets the earliest due of the cards left out
 * that are not suspended (a buried card's buried_until when later), 0 if
 * none: what opts.later_due wants. */
size_t session_keep_reachable(struct sess_card *cards, size_t n, int64_t day_end,
			      int64_t *later_due);

/* The card to show at `now`, or NULL: then either the session is over
 * (session_next_due() returns 0) or only learning cards remain, the next of
 * which is due at session_next_due(). Once a card is returned, the same card
 * is returned until it is graded, suspended or buried (or an undo brings
 * another back), whatever `now` says; a learning card that has become due
 * goes before the next review or new card. The pointer stays valid until
 * session_free(); the front end may edit the card's text through it. With
 * ops->fetch the text is read here (a card gone from the store is skipped)
 * and stays valid until another card becomes current (by this call or by
 * session_undo()). When ops->fetch fails (-1), NULL from then on, and
 * session_failed() is true. */
const struct sess_card *session_current(struct session *s, int64_t now);
/* The earliest due instant of the learning cards waiting, 0 if none. Meant
 * for when session_current() has returned NULL. */
int64_t session_next_due(const struct session *s);
/* Make the learning cards waiting now due at once (the student chose to go
 * on early), earliest due first. Cards that go back to waiting after this
 * wait again. */
void session_skip_wait(struct session *s);

/* Cards answered (grades minus undone), and cards left including the
 * current one and the learning cards not yet due (`now` is not used). */
size_t session_done(const struct session *s);
size_t session_left(const struct session *s, int64_t now);

/* The interval each grade would give the current card, as short labels
 * ("1m", "10m", "2d", "3.1mo", "1.2y"): labels[0] for Again .. [3] for Easy.
 * All four are "" when nothing is current and in cram mode (where no grade
 * changes the schedule). The first call while a card is current computes
 * the four outcomes at `now` (with fuzz, the instant is part of the seed);
 * later calls for the same card give the same labels, whatever `now`, and
 * session_grade() applies the outcome shown. */
void session_preview(struct session *s, int64_t now, char labels[4][16]);

/* Grade the current card (rating 1..4) at `now` after `duration_ms` of
 * thinking; the review is logged at `now`.
 * Returns 0, or -1 if nothing is current, the rating is out of range, FSRS
 * refuses the review, or the owner's commit failed (state unchanged).
 * Normal mode: the card gets fsrs_review()'s state: the one previewed when
 * session_preview() was called for it (computed at that call's instant,
 * so that the interval applied is the interval shown), else at `now`; a
 * (re)learning card due before day_end comes back when due; the other new
 * and review cards of its note leave the queue (those in their
 * (re)learning steps stay); a lapse that brings a card not flagged as a
 * leech to opts.leech_lapses lapses or more (0 disables) marks the review
 * became_leech, and the card is suspended and leaves.
 * Cram mode: the state is left as it is (after == before, mode cram); Again
 * puts the card at the end of the queue, any other grade takes it out. */
int session_grade(struct session *s, int rating, int64_t now, int64_t duration_ms);

/* Undo the last grade (up to the last 100, one level per call). Returns 0, or -1 if there is nothing
 * to undo or the owner's undo failed (nothing changes). The card's state,
 * flags and the queue are put back as they were before that grade, and the
 * undone card becomes current again (options reshuffled). Suspending and
 * burying are not undone: cards suspended or buried since stay out, the
 * undone card included (then nothing is current). */
int session_undo(struct session *s);

/* Suspend the current card, or bury it until `until_ms` (the next day's
 * start). It leaves the session. Returns 0, or -1 if nothing is current or
 * the owner failed (nothing changes). Not undoable by session_undo(). */
int session_suspend(struct session *s);
int session_bury(struct session *s, int64_t until_ms);

/* The front end has changed the current card's text (an edit of its
 * source): a new option order is drawn for its options, whose number or
 * kind may have changed. With `gone` (the card left its file or the
 * database) it leaves the session instead, with nothing written: nothing is
 * current until session_current() is called again. */
void session_edited(struct session *s, bool gone);

/* For multiple-choice and typed cards: the grade suggested by correctness. */
int session_suggest(bool correct);

/* The option order for the current multiple-choice card: a permutation of
 * 0..noptions-1, reshuffled each time a card becomes current (from opts.seed
 * and a showing counter, so a seed replays), the same while it stays
 * current. NULL when nothing is current or the card is not CARD_MCQ. Owned
 * by the session; valid until the current card changes. */
const size_t *session_option_order(struct session *s);

/* True once ops->fetch has failed: the session shows nothing more, and the
 * front end reports the review as failed. */
bool session_failed(const struct session *s);

/* True when the last grade turned the card into a leech (it was suspended). */
bool session_last_was_leech(const struct session *s);

/* The new cards the queue took when it was built (normal mode): *other
 * under opts.new_per_day, *exam (the cards marked .exam) under
 * opts.exam_new_per_day. Fewer than the quota when the cards given ran out
 * (or were siblings of others, held or buried). */
void session_new_taken(const struct session *s, size_t *other, size_t *exam);

struct session_summary {
	size_t reviewed;   /* answers given (after undos) */
	size_t right;      /* Hard, Good or Easy */
	size_t wrong;      /* Again */
	int64_t time_ms;   /* sum of answer durations */
	int64_t next_due;  /* earliest due instant among the session's cards after it, 0 if none */
};
/* Counts come from the grades not undone. next_due looks at every card given
 * to session_new() that is not suspended, not new (a new card's due is
 * when it was added) and not gone from the store (ops.fetch said so), and
 * at opts.later_due; a buried card counts at its
 * buried_until, and a card the session cannot show today (a sibling's was
 * answered, or over reviews_per_day) at day_end when it was due before. It
 * can be in the past when due cards were left undone. */
void session_summary(const struct session *s, struct session_summary *out);

/* Format an interval in ms as a short label ("45s", "10m", "3h", "4d", "2.5mo", "1.3y";
 * in the units and the decimal mark of the translation: "10 min", "2,5 mois").
 * Seconds under a minute, then minutes, hours, days under 30 days, months of
 * 30 days under 365 days, years of 365 days; rounded to the nearest unit (a
 * tenth for months and years, ".0" dropped). Negative counts as 0; capped at
 * "9999y". */
void format_interval(int64_t ms, char out[16]);

/* The text shown for a typed answer check: compare a typed command with the
 * expected one after normalising what does not matter (spacing, quoting, flag
 * order, long/short flags, docker/kubectl equivalents). */
bool answer_matches(const char *typed, const char *expected);

#endif
