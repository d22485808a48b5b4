/* fsrs.h - the FSRS-6 memory model and scheduler, exactly as ts-fsrs 5.4.2.
 *
 * Pure: no I/O, no clock, no globals. Time is passed in as milliseconds since
 * the Unix epoch (UTC). The specification is SPEC.md of the FSRS reference
 * (section numbers below refer to it). Compile with -ffp-contract=off.
 */
#ifndef DKQUIZ_FSRS_H
#define DKQUIZ_FSRS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FSRS_NW 21
#define FSRS_MAX_STEPS 16
#define FSRS_DAY_MS 86400000LL
#define FSRS_MIN_MS 60000LL
#define FSRS_NO_REVIEW INT64_MIN /* last_review of a card never reviewed */

enum fsrs_state { FSRS_NEW = 0, FSRS_LEARNING = 1, FSRS_REVIEW = 2, FSRS_RELEARNING = 3 };
enum fsrs_rating { FSRS_AGAIN = 1, FSRS_HARD = 2, FSRS_GOOD = 3, FSRS_EASY = 4 };

struct fsrs_card {
	int64_t due;         /* ms */
	double stability;    /* days; 0 when new */
	double difficulty;   /* 1..10; 0 when new */
	int elapsed_days;
	int scheduled_days;
	int learning_steps;  /* index of the current (re)learning step */
	int reps;
	int lapses;
	enum fsrs_state state;
	int64_t last_review; /* ms, or FSRS_NO_REVIEW */
};

/* Maps an instant to a day number. The scheduler's "elapsed days" is the
 * difference of two day numbers. NULL means UTC calendar days (the vectors);
 * the app passes local days with a rollover hour. */
typedef int64_t (*fsrs_day_fn)(int64_t ms, const void *ctx);

struct fsrs_params {
	double w[FSRS_NW];
	double request_retention;     /* 0 < r <= 1 */
	int maximum_interval;         /* days */
	bool enable_fuzz;
	bool enable_short_term;
	int learning_steps[FSRS_MAX_STEPS];   /* minutes */
	int n_learning_steps;
	int relearning_steps[FSRS_MAX_STEPS]; /* minutes */
	int n_relearning_steps;
	fsrs_day_fn day;              /* NULL: UTC days */
	const void *day_ctx;
	/* derived by fsrs_params_finish() */
	double decay, factor, interval_modifier;
};

/* Fill `p` with ts-fsrs defaults (section 3.1): default weights, retention 0.9,
 * maximum interval 36500, fuzz off, short-term on, steps 1m 10m / 10m, UTC
 * days; then finish it. */
void fsrs_params_default(struct fsrs_params *p);

/* Clip the weights (section 3.3, including the w17/w18 ceiling and the w19
 * bound that depends on enable_short_term) and compute decay, factor and
 * interval modifier. A request_retention or maximum_interval of 0 means the
 * default; a NaN weight counts as 0. Step counts are limited to
 * 0..FSRS_MAX_STEPS. Returns 0, or -1 if request_retention is outside (0, 1]
 * (the interval modifier is then 1). Call it after changing any field;
 * calling it twice gives the same result. */
int fsrs_params_finish(struct fsrs_params *p);

/* The range section 3.2 clips weight i (0..FSRS_NW-1) to, the lower bound
 * of w19 depending on enable_short_term. With several relearning steps
 * fsrs_params_finish() lowers the top of w17 and w18 further (3.3). */
void fsrs_weight_range(int i, bool short_term, double *lo, double *hi);

/* Parse a step such as "1m", "10m", "2h", "1d" (section 11.1) into minutes.
 * Returns 0, or -1 for a malformed step. */
int fsrs_parse_step(const char *s, int *minutes);

/* An empty (new) card created at `now` (section 2.2). */
void fsrs_card_init(struct fsrs_card *c, int64_t now);

/* Review `c` at `now` with `rating` (1..4) and write the result to `out`
 * (which may alias `c`). Returns 0, or -1 (and leaves `out` alone) for a bad
 * rating, a review dated before the card's last review on an earlier day, or
 * a card that is not new but has D < 1 or S < 0.001. */
int fsrs_review(const struct fsrs_params *p, const struct fsrs_card *c, int64_t now,
		int rating, struct fsrs_card *out);

/* The four outcomes at once, out[0] for Again .. out[3] for Easy; identical to
 * four fsrs_review() calls. Returns 0 or -1 as fsrs_review(). */
int fsrs_repeat(const struct fsrs_params *p, const struct fsrs_card *c, int64_t now,
		struct fsrs_card out[4]);

/* The scheduler's elapsed days between the last review and `now` (section 10),
 * using p->day; 0 for a new card. */
int fsrs_elapsed_days(const struct fsrs_params *p, const struct fsrs_card *c, int64_t now);

/* R(t, S) of section 4 (rounded to 8 decimals as ts-fsrs does). */
double fsrs_forgetting_curve(const struct fsrs_params *p, double t_days, double stability);

/* ts-fsrs get_retrievability (section 10): whole 24-hour periods, S through
 * toFixed(8); 0 for a new card. */
double fsrs_retrievability(const struct fsrs_params *p, const struct fsrs_card *c, int64_t now);

/* Predicted recall at an arbitrary instant, unrounded and with fractional
 * days: what the exam planner and statistics use. 0 for a new card. */
double fsrs_recall_at(const struct fsrs_params *p, const struct fsrs_card *c, int64_t at);

/* The interval in days that a stability gives at the configured retention,
 * before fuzz (section 9.1). */
int fsrs_interval_for(const struct fsrs_params *p, double stability);

/* Helpers exposed for tests: JavaScript Math.round, and the shortest
 * round-trip decimal text of a double as JavaScript prints it. `out` must hold
 * 32 bytes. */
double fsrs_js_round(double x);
void fsrs_js_number(double x, char out[32]);
/* ts-fsrs round-to-8-decimals: fsrs_js_round(x * 1e8) / 1e8 (section 1.2). */
double fsrs_round8(double x);
/* The first output of Alea seeded with `seed` (section 9.2), in [0, 1).
 * The seed is read byte by byte, which matches JavaScript for ASCII. */
double fsrs_alea_first(const char *seed);
/* The fuzz seed string of a review of `c` at `now` (section 9.2):
 * "<now>_<reps+1>_<JS text of D*S>". `out` must hold 64 bytes. */
void fsrs_fuzz_seed(const struct fsrs_card *c, int64_t now, char out[64]);

#endif
