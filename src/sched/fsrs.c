/* fsrs.c - FSRS-6 memory model and scheduler, matching ts-fsrs 5.4.2.
 *
 * Every formula is written in the order of operations that ts-fsrs uses,
 * because the reference vectors are compared bit for bit: a reordered product
 * or a fused multiply-add changes the last bit, and fsrs_round8() turns that into
 * a 1e-8 step now and then. The build compiles this file with
 * -ffp-contract=off for the same reason.
 */
#include "dkquiz/fsrs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_MIN 0.001
#define S_MAX 36500.0
#define DEFAULT_RETENTION 0.9
#define DEFAULT_MAX_IVL 36500

static const double default_w[FSRS_NW] = {
	0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001,
	1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014,
	1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
};

/* ---- numeric helpers -------------------------------------------------- */

double fsrs_js_round(double x)
{
	double c;

	if (!isfinite(x))
		return x;
	/* Math.round sends ties toward +infinity; ceil-then-correct avoids the
	 * x + 0.5 rounding error at 0.49999999999999994. */
	c = ceil(x);
	if (c - 0.5 > x)
		c -= 1.0;
	return c;
}

double fsrs_round8(double x)
{
	return fsrs_js_round(x * 1e8) / 1e8;
}

static double clamp(double x, double lo, double hi)
{
	/* lower bound first: when lo > hi the upper bound wins, as in ts-fsrs */
	return fmin(fmax(x, lo), hi);
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/* JS toFixed(8) then Number(): decimal rounding of the exact binary value,
 * an exact tie going to the larger magnitude (printf would pick the even
 * digit). Used only by the display retrievability. */
static double to_fixed8(double x)
{
	char buf[440];
	char *dot, *p;
	int n, neg = 0, up;

	if (!isfinite(x) || fabs(x) >= 1e21)
		return x;
	if (x < 0) {
		neg = 1;
		x = -x;
	}
	/* glibc prints the binary value exactly; 400 fraction digits hold the
	 * whole expansion of any double >= 2^-340, and for smaller ones the
	 * digits up to the 9th are all zero, so no late rounding can carry into
	 * the 9th digit, and a digit >= 5 there means at or above the half */
	n = snprintf(buf, sizeof(buf), "%.400f", x);
	if (n <= 0 || (size_t)n >= sizeof(buf))
		return neg ? -x : x;
	dot = strchr(buf, '.');
	if (!dot)
		return neg ? -x : x;
	p = dot + 9; /* the 9th fraction digit */
	/* at or above half: an exact tie goes up like JS, unlike printf */
	up = *p >= '5';
	*p = '\0';
	/* propagate the carry through the kept digits */
	if (up) {
		char *q = p - 1;

		for (;;) {
			if (q < buf) {
				memmove(buf + 1, buf, strlen(buf) + 1);
				buf[0] = '1';
				break;
			}
			if (*q == '.') {
				q--;
				continue;
			}
			if (*q == '9') {
				*q = '0';
				q--;
				continue;
			}
			(*q)++;
			break;
		}
	}
	x = strtod(buf, NULL);
	return neg ? -x : x;
}

void fsrs_js_number(double x, char out[32])
{
	char tmp[40], digits[20];
	int p, k = 0, e = 0, n, i, o = 0;

	if (isnan(x)) {
		strcpy(out, "NaN");
		return;
	}
	if (isinf(x)) {
		strcpy(out, x < 0 ? "-Infinity" : "Infinity");
		return;
	}
	if (x == 0) {
		strcpy(out, "0"); /* -0 prints as 0 too */
		return;
	}
	/* shortest digit string that reads back to x (ECMAScript Number::toString) */
	for (p = 1; p <= 17; p++) {
		snprintf(tmp, sizeof(tmp), "%.*e", p - 1, x);
		if (strtod(tmp, NULL) == x)
			break;
	}
	{
		const char *s = tmp;

		if (*s == '-') {
			out[o++] = '-';
			s++;
		}
		for (; *s && *s != 'e'; s++)
			if (*s >= '0' && *s <= '9')
				digits[k++] = *s;
		e = atoi(s + 1);
	}
	while (k > 1 && digits[k - 1] == '0')
		k--;
	n = e + 1; /* x = 0.digits * 10^n */
	if (k <= n && n <= 21) {
		for (i = 0; i < k; i++)
			out[o++] = digits[i];
		for (i = 0; i < n - k; i++)
			out[o++] = '0';
	} else if (0 < n && n <= 21) {
		for (i = 0; i < n; i++)
			out[o++] = digits[i];
		out[o++] = '.';
		for (; i < k; i++)
			out[o++] = digits[i];
	} else if (-6 < n && n <= 0) {
		out[o++] = '0';
		out[o++] = '.';
		for (i = 0; i < -n; i++)
			out[o++] = '0';
		for (i = 0; i < k; i++)
			out[o++] = digits[i];
	} else {
		out[o++] = digits[0];
		if (k > 1) {
			out[o++] = '.';
			for (i = 1; i < k; i++)
				out[o++] = digits[i];
		}
		o += snprintf(out + o, (size_t)(32 - o), "e%c%d", n - 1 < 0 ? '-' : '+',
			      abs(n - 1));
	}
	out[o] = '\0';
}

/* ---- Alea (Baagøe), as embedded in ts-fsrs ------------------------------ */

static double to_u32(double x)
{
	/* JS `x >>> 0` for the non-negative values Mash produces, which stay
	 * below 2^33: floor(x) mod 2^32, exactly, without fmod() */
	return (double)((uint64_t)x & 0xffffffffu);
}

struct mash {
	double n;
};

static double mash(struct mash *m, const char *data)
{
	double n = m->n, h;

	/* the seeds are ASCII, so bytes are the UTF-16 code units JS reads */
	for (const unsigned char *c = (const unsigned char *)data; *c; c++) {
		n += *c;
		h = 0.02519603282416938 * n;
		n = to_u32(h);
		h -= n;
		h *= n;
		n = to_u32(h);
		h -= n;
		n += h * 4294967296.0;
	}
	m->n = n;
	return to_u32(n) * 2.3283064365386963e-10;
}

double fsrs_alea_first(const char *seed)
{
	struct mash m = { 4022871197.0 };
	double s0, c = 1, t;

	/* Alea mashes " " into s0, s1 and s2, then the seed into each of
	 * them in turn, the state moving on each time. The first output is
	 * made of s0 and c only: s1 and s2 are not needed, nor the two
	 * mashes of the seed that make them (the state they move is not read
	 * after them), but the mashes of " " before the seed's are, as they
	 * move the state the seed is mashed from. */
	s0 = mash(&m, " ");
	(void)mash(&m, " ");
	(void)mash(&m, " ");
	s0 -= mash(&m, seed);
	if (s0 < 0)
		s0 += 1;
	t = 2091639 * s0 + c * 2.3283064365386963e-10;
	/* t is positive and below 2^31, so `t | 0` truncates */
	c = trunc(t);
	return t - c;
}

void fsrs_fuzz_seed(const struct fsrs_card *c, int64_t now, char out[64])
{
	char ds[32];

	fsrs_js_number(c->difficulty * c->stability, ds);
	snprintf(out, 64, "%lld_%d_%s", (long long)now, c->reps + 1, ds);
}

/* ---- parameters -------------------------------------------------------- */

/* The clip ranges of section 3.2. */
static const double w_lo[FSRS_NW] = {
	S_MIN, S_MIN, S_MIN, S_MIN, 1, 0.001, 0.001, 0.001, 0, 0, 0.001,
	0.001, 0.001, 0.001, 0, 0, 1, 0, 0, 0.01, 0.1,
};
static const double w_hi[FSRS_NW] = {
	100, 100, 100, 100, 10, 4, 4, 0.75, 4.5, 0.8, 3.5,
	5, 0.25, 0.9, 4, 1, 6, 2, 2, 0.8, 0.8,
};

void fsrs_weight_range(int i, bool short_term, double *lo, double *hi)
{
	*lo = w_lo[i];
	*hi = w_hi[i];
	if (i == 19 && !short_term)
		*lo = 0;
}

static void clip_weights(double w[FSRS_NW], int n_relearn, bool short_term)
{
	double ceiling = 2.0;

	if (n_relearn > 1) {
		/* the w17/w18 ceiling keeps the relearning steps from raising S
		 * over the whole relearning phase */
		double a = clamp(w[11], 0.001, 5), b = clamp(w[13], 0.001, 0.9);
		double c = clamp(w[14], 0, 4);
		double value = -(log(a) + log(pow(2.0, b) - 1.0) + c * 0.3) / n_relearn;

		ceiling = clamp(fsrs_round8(sqrt(fmax(value, 0))), 0.01, 2.0);
	}
	for (int i = 0; i < FSRS_NW; i++) {
		double l, h;

		fsrs_weight_range(i, short_term, &l, &h);
		if (i == 17 || i == 18)
			h = ceiling;
		if (isnan(w[i]))
			w[i] = 0;
		w[i] = clamp(w[i], l, h);
	}
}

void fsrs_params_default(struct fsrs_params *p)
{
	memset(p, 0, sizeof(*p));
	memcpy(p->w, default_w, sizeof(p->w));
	p->request_retention = DEFAULT_RETENTION;
	p->maximum_interval = DEFAULT_MAX_IVL;
	p->enable_fuzz = false;
	p->enable_short_term = true;
	p->learning_steps[0] = 1;
	p->learning_steps[1] = 10;
	p->n_learning_steps = 2;
	p->relearning_steps[0] = 10;
	p->n_relearning_steps = 1;
	p->day = NULL;
	p->day_ctx = NULL;
	fsrs_params_finish(p);
}

int fsrs_params_finish(struct fsrs_params *p)
{
	if (p->request_retention == 0)
		p->request_retention = DEFAULT_RETENTION;
	if (p->maximum_interval == 0)
		p->maximum_interval = DEFAULT_MAX_IVL;
	if (p->n_learning_steps < 0)
		p->n_learning_steps = 0;
	if (p->n_learning_steps > FSRS_MAX_STEPS)
		p->n_learning_steps = FSRS_MAX_STEPS;
	if (p->n_relearning_steps < 0)
		p->n_relearning_steps = 0;
	if (p->n_relearning_steps > FSRS_MAX_STEPS)
		p->n_relearning_steps = FSRS_MAX_STEPS;
	clip_weights(p->w, p->n_relearning_steps, p->enable_short_term);
	p->decay = -p->w[20];
	p->factor = fsrs_round8(exp(pow(p->decay, -1) * log(0.9)) - 1);
	if (!(p->request_retention > 0 && p->request_retention <= 1)) {
		p->interval_modifier = 1;
		return -1;
	}
	p->interval_modifier =
		fsrs_round8((pow(p->request_retention, 1 / p->decay) - 1) / p->factor);
	return 0;
}

int fsrs_parse_step(const char *s, int *minutes)
{
	size_t len;
	const char *q, *end;
	long long v = 0;
	int neg = 0, nd = 0, mult;

	if (!s)
		return -1;
	len = strlen(s);
	if (len < 2)
		return -1;
	switch (s[len - 1]) {
	case 'm': mult = 1; break;
	case 'h': mult = 60; break;
	case 'd': mult = 1440; break;
	default: return -1;
	}
	/* the number is read like parseInt: leading blanks, a sign, then the
	 * leading digits; anything after them ("1.5m") is ignored */
	end = s + len - 1;
	q = s;
	while (q < end && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r' ||
			   *q == '\f' || *q == '\v'))
		q++;
	if (q < end && (*q == '+' || *q == '-'))
		neg = *q++ == '-';
	for (; q < end && *q >= '0' && *q <= '9'; q++, nd++) {
		v = v * 10 + (*q - '0');
		if (v > 1000000000LL)
			return -1;
	}
	if (nd == 0)
		return -1;
	if (neg && v > 0)
		return -1;
	if (v * mult > 0x7fffffffLL)
		return -1;
	*minutes = (int)(v * mult);
	return 0;
}

/* ---- the memory model -------------------------------------------------- */

double fsrs_forgetting_curve(const struct fsrs_params *p, double t_days, double stability)
{
	return fsrs_round8(pow(1 + p->factor * t_days / stability, p->decay));
}

static double init_stability(const struct fsrs_params *p, int g)
{
	return fmax(p->w[g - 1], 0.1);
}

static double init_difficulty(const struct fsrs_params *p, int g)
{
	return fsrs_round8((p->w[4] - exp((g - 1) * p->w[5])) + 1);
}

static double next_difficulty(const struct fsrs_params *p, double d, int g)
{
	double delta = -p->w[6] * (g - 3);
	double damp = fsrs_round8(delta * (10 - d) / 9);
	double mid = d + damp;

	return clamp(fsrs_round8(p->w[7] * init_difficulty(p, 4) + (1 - p->w[7]) * mid), 1, 10);
}

static double recall_stability(const struct fsrs_params *p, double d, double s, double r,
			       int g)
{
	const double *w = p->w;
	double hard = g == FSRS_HARD ? w[15] : 1;
	double easy = g == FSRS_EASY ? w[16] : 1;
	double inc = exp(w[8]) * (11 - d) * pow(s, -w[9]) * (exp((1 - r) * w[10]) - 1) *
		     hard * easy;

	return fsrs_round8(clamp(s * (1 + inc), S_MIN, S_MAX));
}

static double forget_stability(const struct fsrs_params *p, double d, double s, double r)
{
	const double *w = p->w;
	double sf = fsrs_round8(clamp(w[11] * pow(d, -w[12]) * (pow(s + 1, w[13]) - 1) *
					 exp((1 - r) * w[14]),
				 S_MIN, S_MAX));
	double k = p->enable_short_term ? w[17] * w[18] : 0;
	double cap = fsrs_round8(s / exp(k));

	return clamp(cap, S_MIN, sf);
}

static double short_term_stability(const struct fsrs_params *p, double s, int g)
{
	const double *w = p->w;
	double sinc = pow(s, -w[19]) * exp(w[17] * ((g - 3) + w[18]));

	if (g >= 2)
		sinc = fmax(sinc, 1);
	return fsrs_round8(clamp(s * sinc, S_MIN, S_MAX));
}

/* Section 8. `r` < 0 means "compute it". Returns -1 for an invalid state. */
static int next_state(const struct fsrs_params *p, double d, double s, int t, int g, double r,
		      double *nd, double *ns)
{
	if (t < 0 || g < 0 || g > 4)
		return -1;
	if (d == 0 && s == 0) {
		*nd = clamp(init_difficulty(p, g), 1, 10);
		*ns = init_stability(p, g);
		return 0;
	}
	if (g == 0) {
		*nd = d;
		*ns = s;
		return 0;
	}
	if (d < 1 || s < S_MIN)
		return -1;
	if (r < 0)
		r = fsrs_forgetting_curve(p, t, s);
	if (t == 0 && p->enable_short_term)
		*ns = short_term_stability(p, s, g);
	else if (g == FSRS_AGAIN)
		*ns = forget_stability(p, d, s, r);
	else
		*ns = recall_stability(p, d, s, r, g);
	*nd = next_difficulty(p, d, g);
	return 0;
}

/* ---- intervals --------------------------------------------------------- */

int fsrs_interval_for(const struct fsrs_params *p, double stability)
{
	double ivl = fmin(fmax(1, fsrs_js_round(stability * p->interval_modifier)),
			  p->maximum_interval);

	return (int)ivl;
}

static int apply_fuzz(const struct fsrs_params *p, int ivl, int elapsed, double u)
{
	double delta = 1.0, iv, lo, hi;

	if (!p->enable_fuzz || ivl < 2.5)
		return ivl;
	delta += 0.15 * fmax(fmin(ivl, 7.0) - 2.5, 0.0);
	delta += 0.1 * fmax(fmin(ivl, 20.0) - 7.0, 0.0);
	delta += 0.05 * fmax(ivl - 20.0, 0.0);
	iv = fmin(ivl, p->maximum_interval);
	lo = fmax(2, fsrs_js_round(iv - delta));
	hi = fmin(fsrs_js_round(iv + delta), p->maximum_interval);
	if (iv > elapsed)
		lo = fmax(lo, elapsed + 1);
	lo = fmin(lo, hi);
	return (int)floor(u * (hi - lo + 1) + lo);
}

static int next_interval(const struct fsrs_params *p, double s, int elapsed, double u)
{
	return apply_fuzz(p, fsrs_interval_for(p, s), elapsed, u);
}

/* ---- days -------------------------------------------------------------- */

static int64_t day_of(const struct fsrs_params *p, int64_t ms)
{
	if (p->day)
		return p->day(ms, p->day_ctx);
	return floor_div(ms, FSRS_DAY_MS);
}

int fsrs_elapsed_days(const struct fsrs_params *p, const struct fsrs_card *c, int64_t now)
{
	if (c->state == FSRS_NEW || c->last_review == FSRS_NO_REVIEW)
		return 0;
	return (int)(day_of(p, now) - day_of(p, c->last_review));
}

double fsrs_retrievability(const struct fsrs_params *p, const struct fsrs_card *c, int64_t now)
{
	int64_t t;

	if (c->state == FSRS_NEW || c->last_review == FSRS_NO_REVIEW)
		return 0;
	t = floor_div(now - c->last_review, FSRS_DAY_MS);
	if (t < 0)
		t = 0;
	return fsrs_forgetting_curve(p, (double)t, to_fixed8(c->stability));
}

double fsrs_recall_at(const struct fsrs_params *p, const struct fsrs_card *c, int64_t at)
{
	double t;

	if (c->state == FSRS_NEW || c->last_review == FSRS_NO_REVIEW || c->stability <= 0)
		return 0;
	t = (double)(at - c->last_review) / (double)FSRS_DAY_MS;
	if (t < 0)
		t = 0;
	return pow(1 + p->factor * t / c->stability, p->decay);
}

/* ---- the schedulers ---------------------------------------------------- */

void fsrs_card_init(struct fsrs_card *c, int64_t now)
{
	memset(c, 0, sizeof(*c));
	c->due = now;
	c->state = FSRS_NEW;
	c->last_review = FSRS_NO_REVIEW;
}

/* One step of the learning-step strategy (section 11.1): minutes 0 means no
 * entry, so the card graduates. */
struct step_entry {
	int minutes;
	int next;
};

static struct step_entry step_for(const struct fsrs_params *p, enum fsrs_state state, int cur,
				  int g)
{
	struct step_entry e = { 0, 0 };
	bool relearn = state == FSRS_REVIEW || state == FSRS_RELEARNING;
	const int *steps = relearn ? p->relearning_steps : p->learning_steps;
	int n = relearn ? p->n_relearning_steps : p->n_learning_steps;

	if (n == 0 || cur >= n)
		return e;
	if (state == FSRS_REVIEW) {
		if (g == FSRS_AGAIN)
			e.minutes = steps[cur < 0 ? 0 : cur];
		return e;
	}
	switch (g) {
	case FSRS_AGAIN:
		e.minutes = steps[0];
		break;
	case FSRS_HARD:
		/* always from the first two steps, and the index stays */
		if (n == 1)
			e.minutes = (int)fsrs_js_round(steps[0] * 1.5);
		else
			e.minutes = (int)fsrs_js_round((steps[0] + steps[1]) / 2.0);
		e.next = cur;
		break;
	case FSRS_GOOD:
		if (cur + 1 >= 0 && cur + 1 < n && steps[cur + 1] != 0) {
			e.minutes = steps[cur + 1];
			e.next = cur + 1;
		}
		break;
	default:
		break;
	}
	return e;
}

static void apply_steps(const struct fsrs_params *p, const struct fsrs_card *before,
			struct fsrs_card *o, int g, enum fsrs_state target, int64_t now,
			int elapsed, double u)
{
	struct step_entry e = step_for(p, before->state, before->learning_steps, g);
	int m = e.minutes > 0 ? e.minutes : 0;
	int k = e.next > 0 ? e.next : 0;

	if (m > 0 && m < 1440) {
		o->state = target;
		o->learning_steps = k;
		o->scheduled_days = 0;
		o->due = now + (int64_t)m * FSRS_MIN_MS;
	} else if (m >= 1440) {
		/* a day-long step graduates at once but keeps its index */
		o->state = FSRS_REVIEW;
		o->learning_steps = k;
		o->scheduled_days = m / 1440;
		o->due = now + (int64_t)m * FSRS_MIN_MS;
	} else {
		int ivl = next_interval(p, o->stability, elapsed, u);

		o->state = FSRS_REVIEW;
		o->learning_steps = 0;
		o->scheduled_days = ivl;
		o->due = now + (int64_t)ivl * FSRS_DAY_MS;
	}
}

int fsrs_repeat(const struct fsrs_params *p, const struct fsrs_card *c, int64_t now,
		struct fsrs_card out[4])
{
	struct fsrs_card card = *c, cur;
	double u = 0, r = -1;
	int elapsed, g;

	elapsed = fsrs_elapsed_days(p, &card, now);
	if (elapsed < 0)
		return -1;
	cur = card;
	cur.last_review = now;
	cur.elapsed_days = elapsed;
	cur.reps = card.reps + 1;
	if (p->enable_fuzz) {
		char seed[64];

		fsrs_fuzz_seed(&card, now, seed);
		u = fsrs_alea_first(seed);
	}
	if (card.state != FSRS_NEW)
		r = fsrs_forgetting_curve(p, elapsed, card.stability);

	for (g = 1; g <= 4; g++) {
		out[g - 1] = cur;
		if (next_state(p, card.difficulty, card.stability, elapsed, g, r,
			       &out[g - 1].difficulty, &out[g - 1].stability) < 0)
			return -1;
	}

	if (!p->enable_short_term) {
		int a, h, gd, e;

		a = next_interval(p, out[0].stability, elapsed, u);
		h = next_interval(p, out[1].stability, elapsed, u);
		gd = next_interval(p, out[2].stability, elapsed, u);
		e = next_interval(p, out[3].stability, elapsed, u);
		a = a < h ? a : h;
		h = h > a + 1 ? h : a + 1;
		gd = gd > h + 1 ? gd : h + 1;
		e = e > gd + 1 ? e : gd + 1;
		int ivl[4] = { a, h, gd, e };
		for (g = 0; g < 4; g++) {
			out[g].state = FSRS_REVIEW;
			out[g].learning_steps = 0;
			out[g].scheduled_days = ivl[g];
			out[g].due = now + (int64_t)ivl[g] * FSRS_DAY_MS;
		}
		if (card.state != FSRS_NEW)
			out[0].lapses++;
		return 0;
	}

	if (card.state == FSRS_REVIEW) {
		int h, gd, e;

		h = next_interval(p, out[1].stability, elapsed, u);
		gd = next_interval(p, out[2].stability, elapsed, u);
		h = h < gd ? h : gd;
		gd = gd > h + 1 ? gd : h + 1;
		e = next_interval(p, out[3].stability, elapsed, u);
		e = e > gd + 1 ? e : gd + 1;
		int ivl[3] = { h, gd, e };
		for (g = 1; g < 4; g++) {
			out[g].state = FSRS_REVIEW;
			out[g].learning_steps = 0;
			out[g].scheduled_days = ivl[g - 1];
			out[g].due = now + (int64_t)ivl[g - 1] * FSRS_DAY_MS;
		}
		apply_steps(p, &card, &out[0], FSRS_AGAIN, FSRS_RELEARNING, now, elapsed, u);
		out[0].lapses++;
		return 0;
	}

	/* New, Learning, Relearning: each grade follows the steps on its own */
	for (g = 1; g <= 4; g++) {
		enum fsrs_state target = card.state == FSRS_NEW ? FSRS_LEARNING : card.state;

		apply_steps(p, &card, &out[g - 1], g, target, now, elapsed, u);
	}
	return 0;
}

int fsrs_review(const struct fsrs_params *p, const struct fsrs_card *c, int64_t now,
		int rating, struct fsrs_card *out)
{
	struct fsrs_card all[4];

	if (rating < FSRS_AGAIN || rating > FSRS_EASY)
		return -1;
	if (fsrs_repeat(p, c, now, all) < 0)
		return -1;
	*out = all[rating - 1];
	return 0;
}
