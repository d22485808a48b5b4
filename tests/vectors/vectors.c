/* vectors.c - check the scheduler against the FSRS reference vector files.
 *
 *   vectors [--tap] FILE.jsonl...
 *
 * Each file starts with a config line (the scheduler options and the clipped
 * parameters) followed by one line per review. Every review line is checked
 * on its own from its `before` card (all four outcomes, the elapsed days and
 * both retrievabilities), and each card is also replayed from an empty card
 * with the scheduler's own outputs fed forward. With fuzz on, a chained
 * replay whose S or D has drifted from the reference by an ulp can draw a
 * different fuzz, so such mismatches are counted apart and do not fail.
 *
 * The output ends with "N passed, N failed" over the review lines (a line
 * that is not JSON, has no type or an unknown one counts as failed), or
 * with --tap, one TAP result per file. The exit status is 1 if anything
 * failed.
 */
#include "dkquiz/fsrs.h"
#include "dkquiz/util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a small JSON reader ------------------------------------------------ */

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jval {
	enum jtype type;
	bool b;
	double num;
	bool is_int;      /* the number text had no fraction or exponent */
	long long inum;
	char *str;        /* J_STR */
	struct jval *items; /* J_ARR, J_OBJ */
	char **keys;      /* J_OBJ */
	size_t n;
};

struct jparser {
	const char *s;
	const char *err;
	int depth;
};

static void jfree(struct jval *v)
{
	size_t i;

	if (v->type == J_STR)
		free(v->str);
	if (v->type == J_ARR || v->type == J_OBJ) {
		for (i = 0; i < v->n; i++) {
			jfree(&v->items[i]);
			if (v->keys)
				free(v->keys[i]);
		}
		free(v->items);
		free(v->keys);
	}
	memset(v, 0, sizeof(*v));
}

static void skip_ws(struct jparser *p)
{
	while (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r')
		p->s++;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void add_utf8(struct buf *b, unsigned cp)
{
	if (cp < 0x80) {
		buf_addch(b, (int)cp);
	} else if (cp < 0x800) {
		buf_addch(b, (int)(0xc0 | (cp >> 6)));
		buf_addch(b, (int)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		buf_addch(b, (int)(0xe0 | (cp >> 12)));
		buf_addch(b, (int)(0x80 | ((cp >> 6) & 0x3f)));
		buf_addch(b, (int)(0x80 | (cp & 0x3f)));
	} else {
		buf_addch(b, (int)(0xf0 | (cp >> 18)));
		buf_addch(b, (int)(0x80 | ((cp >> 12) & 0x3f)));
		buf_addch(b, (int)(0x80 | ((cp >> 6) & 0x3f)));
		buf_addch(b, (int)(0x80 | (cp & 0x3f)));
	}
}

static int read_hex4(struct jparser *p, unsigned *out)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		int h = hexval((unsigned char)p->s[i]);

		if (h < 0) {
			p->err = "bad \\u escape";
			return -1;
		}
		v = v * 16 + (unsigned)h;
	}
	p->s += 4;
	*out = v;
	return 0;
}

static int parse_string(struct jparser *p, char **out)
{
	struct buf b = BUF_INIT;

	p->s++; /* the opening quote */
	for (;;) {
		unsigned char c = (unsigned char)*p->s;

		if (c == '\0' || c < 0x20) {
			p->err = "unterminated string";
			buf_release(&b);
			return -1;
		}
		p->s++;
		if (c == '"')
			break;
		if (c != '\\') {
			buf_addch(&b, c);
			continue;
		}
		c = (unsigned char)*p->s++;
		switch (c) {
		case '"': case '\\': case '/': buf_addch(&b, c); break;
		case 'b': buf_addch(&b, '\b'); break;
		case 'f': buf_addch(&b, '\f'); break;
		case 'n': buf_addch(&b, '\n'); break;
		case 'r': buf_addch(&b, '\r'); break;
		case 't': buf_addch(&b, '\t'); break;
		case 'u': {
			unsigned cp, lo;

			if (read_hex4(p, &cp) < 0) {
				buf_release(&b);
				return -1;
			}
			/* a surrogate pair makes one code point */
			if (cp >= 0xd800 && cp < 0xdc00 && p->s[0] == '\\' && p->s[1] == 'u') {
				p->s += 2;
				if (read_hex4(p, &lo) < 0) {
					buf_release(&b);
					return -1;
				}
				if (lo >= 0xdc00 && lo < 0xe000)
					cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			}
			add_utf8(&b, cp);
			break;
		}
		default:
			p->err = "bad escape";
			buf_release(&b);
			return -1;
		}
	}
	*out = buf_detach(&b);
	return 0;
}

static int parse_value(struct jparser *p, struct jval *v);

static int parse_container(struct jparser *p, struct jval *v, bool obj)
{
	size_t cap = 0;
	char close = obj ? '}' : ']';

	v->type = obj ? J_OBJ : J_ARR;
	p->s++;
	skip_ws(p);
	if (*p->s == close) {
		p->s++;
		return 0;
	}
	for (;;) {
		char *key = NULL;

		skip_ws(p);
		if (obj) {
			if (*p->s != '"') {
				p->err = "expected a key";
				return -1;
			}
			if (parse_string(p, &key) < 0)
				return -1;
			skip_ws(p);
			if (*p->s != ':') {
				free(key);
				p->err = "expected ':'";
				return -1;
			}
			p->s++;
		}
		if (v->n == cap) {
			size_t ncap = cap ? cap * 2 : 8;

			v->items = xrealloc(v->items, ncap * sizeof(*v->items));
			if (obj)
				v->keys = xrealloc(v->keys, ncap * sizeof(*v->keys));
			cap = ncap;
		}
		memset(&v->items[v->n], 0, sizeof(v->items[0]));
		if (obj)
			v->keys[v->n] = key;
		v->n++;
		if (parse_value(p, &v->items[v->n - 1]) < 0)
			return -1;
		skip_ws(p);
		if (*p->s == ',') {
			p->s++;
			continue;
		}
		if (*p->s == close) {
			p->s++;
			return 0;
		}
		p->err = obj ? "expected ',' or '}'" : "expected ',' or ']'";
		return -1;
	}
}

static int parse_number(struct jparser *p, struct jval *v)
{
	const char *start = p->s, *q = p->s;
	char *end;

	if (*q == '-')
		q++;
	if (!(*q >= '0' && *q <= '9')) {
		p->err = "bad value";
		return -1;
	}
	while (*q >= '0' && *q <= '9')
		q++;
	v->is_int = true;
	if (*q == '.' || *q == 'e' || *q == 'E')
		v->is_int = false;
	v->type = J_NUM;
	errno = 0;
	v->num = strtod(start, &end);
	if (end == start) {
		p->err = "bad number";
		return -1;
	}
	if (v->is_int) {
		errno = 0;
		v->inum = strtoll(start, NULL, 10);
		if (errno)
			v->is_int = false;
	}
	p->s = end;
	return 0;
}

static int parse_value(struct jparser *p, struct jval *v)
{
	int ret;

	skip_ws(p);
	if (++p->depth > 64) {
		p->err = "nested too deeply";
		return -1;
	}
	switch (*p->s) {
	case '{':
		ret = parse_container(p, v, true);
		break;
	case '[':
		ret = parse_container(p, v, false);
		break;
	case '"':
		v->type = J_STR;
		ret = parse_string(p, &v->str);
		if (ret < 0)
			v->type = J_NULL;
		break;
	case 't':
	case 'f':
	case 'n': {
		static const struct { const char *word; enum jtype t; bool b; } words[] = {
			{ "true", J_BOOL, true }, { "false", J_BOOL, false }, { "null", J_NULL, false },
		};
		ret = -1;
		p->err = "bad literal";
		for (size_t i = 0; i < ARRAY_SIZE(words); i++) {
			size_t len = strlen(words[i].word);

			if (!strncmp(p->s, words[i].word, len)) {
				v->type = words[i].t;
				v->b = words[i].b;
				p->s += len;
				ret = 0;
				break;
			}
		}
		break;
	}
	default:
		ret = parse_number(p, v);
		break;
	}
	p->depth--;
	return ret;
}

/* Parse one whole JSON text. Returns 0, or -1 with *err set. */
static int json_parse(const char *text, struct jval *v, const char **err)
{
	struct jparser p = { text, NULL, 0 };

	memset(v, 0, sizeof(*v));
	if (parse_value(&p, v) < 0) {
		*err = p.err ? p.err : "syntax error";
		jfree(v);
		return -1;
	}
	skip_ws(&p);
	if (*p.s) {
		*err = "trailing characters";
		jfree(v);
		return -1;
	}
	return 0;
}

static const struct jval *jget(const struct jval *o, const char *key)
{
	if (!o || o->type != J_OBJ)
		return NULL;
	for (size_t i = 0; i < o->n; i++)
		if (!strcmp(o->keys[i], key))
			return &o->items[i];
	return NULL;
}

/* ---- reading vector records ---------------------------------------------- */

/* Field reads record the first missing or mistyped field in `bad`. */
struct reader {
	const char *bad;
};

static double get_num(struct reader *r, const struct jval *o, const char *key)
{
	const struct jval *v = jget(o, key);

	if (!v || v->type != J_NUM) {
		if (!r->bad)
			r->bad = key;
		return 0;
	}
	return v->num;
}

static long long get_int(struct reader *r, const struct jval *o, const char *key)
{
	const struct jval *v = jget(o, key);

	if (!v || v->type != J_NUM || !v->is_int) {
		if (!r->bad)
			r->bad = key;
		return 0;
	}
	return v->inum;
}

static void get_card(struct reader *r, const struct jval *o, struct fsrs_card *c, bool full)
{
	const struct jval *lr;

	if (!o || o->type != J_OBJ) {
		if (!r->bad)
			r->bad = "card";
		return;
	}
	c->state = (enum fsrs_state)get_int(r, o, "state");
	c->stability = get_num(r, o, "stability");
	c->difficulty = get_num(r, o, "difficulty");
	c->due = get_int(r, o, "due");
	c->scheduled_days = (int)get_int(r, o, "scheduled_days");
	c->learning_steps = (int)get_int(r, o, "learning_steps");
	if (!full)
		return;
	lr = jget(o, "last_review");
	if (lr && lr->type == J_NULL)
		c->last_review = FSRS_NO_REVIEW;
	else
		c->last_review = get_int(r, o, "last_review");
	c->elapsed_days = (int)get_int(r, o, "elapsed_days");
	c->reps = (int)get_int(r, o, "reps");
	c->lapses = (int)get_int(r, o, "lapses");
}

/* ---- comparing ------------------------------------------------------------ */

#define REL_TOL 1e-6
#define MAX_REPORTS 5

static bool tap; /* TAP output: diagnostics become "# " lines */

static bool rel_eq(double a, double b)
{
	if (a == b)
		return true;
	return fabs(a - b) <= REL_TOL * fmax(fabs(a), fabs(b));
}

struct file_stats {
	int passed, failed;
	int chain_bad;          /* chained replay mismatches that fail */
	int chain_fuzz;         /* chained fuzz mismatches after S/D drift */
	int inexact;            /* floating fields equal only within tolerance */
	int reported;
	bool config_bad;
	bool read_bad;
};

/* The first difference of one line goes into `why`. */
struct check {
	struct buf why;
	int bad;
	int *inexact;
};

static void note(struct check *ck, const char *fmt, ...) ATTR_PRINTF(2, 3);
static void note(struct check *ck, const char *fmt, ...)
{
	va_list ap;

	if (ck->bad++)
		return;
	va_start(ap, fmt);
	buf_vaddf(&ck->why, fmt, ap);
	va_end(ap);
}

static void cmp_int(struct check *ck, const char *what, long long got, long long want)
{
	if (got != want)
		note(ck, "%s: got %lld, want %lld", what, got, want);
}

static void cmp_real(struct check *ck, const char *what, double got, double want)
{
	if (!rel_eq(got, want))
		note(ck, "%s: got %.17g, want %.17g", what, got, want);
	else if (got != want)
		(*ck->inexact)++;
}

static void cmp_card(struct check *ck, const char *what, const struct fsrs_card *got,
		     const struct fsrs_card *want, bool full, bool reals)
{
	char name[64];

#define CMPI(f) (snprintf(name, sizeof(name), "%s.%s", what, #f), \
		 cmp_int(ck, name, (long long)got->f, (long long)want->f))
#define CMPR(f) (snprintf(name, sizeof(name), "%s.%s", what, #f), \
		 cmp_real(ck, name, got->f, want->f))
	CMPI(state);
	CMPI(due);
	CMPI(scheduled_days);
	CMPI(learning_steps);
	if (reals) {
		CMPR(stability);
		CMPR(difficulty);
	}
	if (full) {
		CMPI(elapsed_days);
		CMPI(reps);
		CMPI(lapses);
		CMPI(last_review);
	}
#undef CMPI
#undef CMPR
}

/* ---- the config line ------------------------------------------------------- */

static int read_steps(const struct jval *arr, int *steps, int *n, const char **bad)
{
	*n = 0;
	if (arr->type != J_ARR || arr->n > FSRS_MAX_STEPS) {
		*bad = "steps";
		return -1;
	}
	for (size_t i = 0; i < arr->n; i++) {
		if (arr->items[i].type != J_STR ||
		    fsrs_parse_step(arr->items[i].str, &steps[i]) < 0) {
			*bad = "a step";
			return -1;
		}
	}
	*n = (int)arr->n;
	return 0;
}

/* Build the parameters from `input` as the reference was given them, then
 * check our clipping and derived values against `params` and `derived`. */
static int load_config(const char *file, const struct jval *cfg, struct fsrs_params *p)
{
	const struct jval *in = jget(cfg, "input"), *want = jget(cfg, "params");
	const struct jval *der = jget(cfg, "derived"), *v;
	const char *bad = NULL;
	struct reader rd = { NULL };
	int fails = 0, steps[FSRS_MAX_STEPS], n;

	if (!in || !want || !der) {
		fprintf(stderr, "%s: config line lacks input/params/derived\n", file);
		return -1;
	}
	fsrs_params_default(p);
	v = jget(in, "w");
	if (v && v->type == J_ARR) {
		if (v->n != FSRS_NW) {
			fprintf(stderr, "%s: input.w has %zu weights\n", file, v->n);
			return -1;
		}
		for (size_t i = 0; i < FSRS_NW; i++)
			p->w[i] = v->items[i].type == J_NUM ? v->items[i].num : 0;
	}
	if ((v = jget(in, "request_retention")) && v->type == J_NUM)
		p->request_retention = v->num;
	if ((v = jget(in, "maximum_interval")) && v->type == J_NUM)
		p->maximum_interval = (int)v->num;
	if ((v = jget(in, "enable_short_term")) && v->type == J_BOOL)
		p->enable_short_term = v->b;
	if ((v = jget(in, "enable_fuzz")) && v->type == J_BOOL)
		p->enable_fuzz = v->b;
	if ((v = jget(in, "learning_steps")) && v->type != J_NULL) {
		if (read_steps(v, steps, &n, &bad) < 0)
			goto bad_input;
		memcpy(p->learning_steps, steps, sizeof(steps));
		p->n_learning_steps = n;
	}
	if ((v = jget(in, "relearning_steps")) && v->type != J_NULL) {
		if (read_steps(v, steps, &n, &bad) < 0)
			goto bad_input;
		memcpy(p->relearning_steps, steps, sizeof(steps));
		p->n_relearning_steps = n;
	}
	if (fsrs_params_finish(p) < 0) {
		fprintf(stderr, "%s: request_retention out of range\n", file);
		return -1;
	}

	v = jget(want, "w");
	if (!v || v->type != J_ARR || v->n != FSRS_NW) {
		fprintf(stderr, "%s: params.w is not 21 numbers\n", file);
		return -1;
	}
	for (size_t i = 0; i < FSRS_NW; i++) {
		if (v->items[i].type != J_NUM || v->items[i].num != p->w[i]) {
			fprintf(stderr, "%s: clipped w[%zu] = %.17g, want %.17g\n", file, i, p->w[i],
				v->items[i].num);
			fails++;
		}
	}
#define CFG(obj, key, ours) do {                                                    \
		double want_ = get_num(&rd, obj, key);                                 \
		if (!rd.bad && want_ != (ours)) {                                      \
			fprintf(stderr, "%s: %s = %.17g, want %.17g\n", file, key,     \
				(double)(ours), want_);                                \
			fails++;                                                       \
		}                                                                      \
	} while (0)
	CFG(want, "request_retention", p->request_retention);
	CFG(want, "maximum_interval", p->maximum_interval);
	CFG(der, "decay", p->decay);
	CFG(der, "factor", p->factor);
	CFG(der, "interval_modifier", p->interval_modifier);
#undef CFG
	if ((v = jget(want, "enable_short_term")) && v->type == J_BOOL &&
	    v->b != p->enable_short_term) {
		fprintf(stderr, "%s: enable_short_term differs\n", file);
		fails++;
	}
	if ((v = jget(want, "learning_steps")) && v->type == J_ARR) {
		if (read_steps(v, steps, &n, &bad) < 0)
			goto bad_input;
		if (n != p->n_learning_steps || memcmp(steps, p->learning_steps, n * sizeof(int))) {
			fprintf(stderr, "%s: learning steps differ\n", file);
			fails++;
		}
	}
	if ((v = jget(want, "relearning_steps")) && v->type == J_ARR) {
		if (read_steps(v, steps, &n, &bad) < 0)
			goto bad_input;
		if (n != p->n_relearning_steps ||
		    memcmp(steps, p->relearning_steps, n * sizeof(int))) {
			fprintf(stderr, "%s: relearning steps differ\n", file);
			fails++;
		}
	}
	if (rd.bad) {
		fprintf(stderr, "%s: config field '%s' missing\n", file, rd.bad);
		return -1;
	}
	return fails ? -1 : 0;

bad_input:
	fprintf(stderr, "%s: config has a bad %s\n", file, bad);
	return -1;
}

/* ---- review lines ------------------------------------------------------------ */

struct chain {
	long long card;
	bool active;
	struct fsrs_card c;
};

static void report(struct file_stats *st, const char *file, long lineno, long long card,
		   long long step, const char *why)
{
	if (st->reported++ < MAX_REPORTS)
		printf("%s%s:%ld: card %lld step %lld: %s\n", tap ? "# " : "", file, lineno, card,
		       step, why);
}

static void check_review(const struct fsrs_params *p, const struct jval *line, const char *file,
			 long lineno, struct chain *ch, struct file_stats *st)
{
	struct reader rd = { NULL };
	struct fsrs_card before = { 0 }, after = { 0 }, want[4], got[4], one;
	struct check ck = { BUF_INIT, 0, &st->inexact };
	const struct jval *prev = jget(line, "preview"), *v;
	long long card, step;
	int64_t now;
	int rating, elapsed;

	card = get_int(&rd, line, "card");
	step = get_int(&rd, line, "step");
	now = get_int(&rd, line, "now");
	rating = (int)get_int(&rd, line, "rating");
	elapsed = (int)get_int(&rd, line, "elapsed_days");
	get_card(&rd, jget(line, "before"), &before, true);
	get_card(&rd, jget(line, "after"), &after, true);
	for (int g = 0; g < 4; g++) {
		char key[2] = { (char)('1' + g), '\0' };

		memset(&want[g], 0, sizeof(want[g]));
		get_card(&rd, jget(prev, key), &want[g], false);
	}
	if (rd.bad) {
		note(&ck, "field '%s' missing or malformed", rd.bad);
		st->read_bad = true;
		ch->active = false;
		goto done;
	}

	/* independent: everything from `before` */
	cmp_int(&ck, "elapsed_days", fsrs_elapsed_days(p, &before, now), elapsed);
	v = jget(line, "r_sched");
	if (v && v->type == J_NUM)
		cmp_real(&ck, "r_sched", fsrs_forgetting_curve(p, elapsed, before.stability),
			 v->num);
	else if (before.state != FSRS_NEW)
		note(&ck, "r_sched is null for a card that is not new");
	cmp_real(&ck, "r_api", fsrs_retrievability(p, &before, now), get_num(&rd, line, "r_api"));
	v = jget(line, "fuzz_seed");
	if (v && v->type == J_STR) {
		char seed[64];

		fsrs_fuzz_seed(&before, now, seed);
		if (strcmp(seed, v->str))
			note(&ck, "fuzz seed: got %s, want %s", seed, v->str);
	}
	if (fsrs_repeat(p, &before, now, got) < 0) {
		note(&ck, "fsrs_repeat failed");
	} else {
		static const char *const names[4] = { "again", "hard", "good", "easy" };

		for (int g = 0; g < 4; g++)
			cmp_card(&ck, names[g], &got[g], &want[g], false, true);
	}
	if (fsrs_review(p, &before, now, rating, &one) < 0)
		note(&ck, "fsrs_review failed");
	else
		cmp_card(&ck, "after", &one, &after, true, true);

	/* chained: the card as our own outputs left it */
	if (step == 0 || !ch->active || ch->card != card) {
		/* a card starts empty at its first due date; after a gap (an
		 * unreadable line) the chain picks up from the reference */
		ch->active = true;
		ch->card = card;
		if (step == 0)
			fsrs_card_init(&ch->c, before.due);
		else
			ch->c = before;
	}
	{
		struct check cc = { BUF_INIT, 0, &st->inexact };
		int dummy = 0;
		bool drift = ch->c.stability != before.stability ||
			     ch->c.difficulty != before.difficulty;

		cc.inexact = &dummy;
		if (fsrs_review(p, &ch->c, now, rating, &one) < 0) {
			note(&cc, "chained review failed");
		} else {
			cmp_card(&cc, "chained", &one, &after, true, false);
			ch->c = one;
		}
		if (cc.bad) {
			if (p->enable_fuzz && drift) {
				st->chain_fuzz++;
			} else {
				st->chain_bad++;
				note(&ck, "%s", buf_str(&cc.why));
			}
		}
		buf_release(&cc.why);
	}

done:
	if (ck.bad) {
		st->failed++;
		report(st, file, lineno, card, step, buf_str(&ck.why));
	} else {
		st->passed++;
	}
	buf_release(&ck.why);
}

static int run_file(const char *file, struct file_stats *st)
{
	FILE *f = fopen(file, "r");
	char *line = NULL;
	size_t cap = 0;
	long lineno = 0;
	ssize_t len;
	struct fsrs_params p;
	bool have_config = false;
	struct chain ch = { 0, false, { 0 } };

	memset(st, 0, sizeof(*st));
	if (!f) {
		fprintf(stderr, "%s: %s\n", file, strerror(errno));
		st->read_bad = true;
		return -1;
	}
	fsrs_params_default(&p);
	while ((len = getline(&line, &cap, f)) >= 0) {
		struct jval v;
		const struct jval *type;
		const char *err;

		lineno++;
		if (len == 0 || line[0] == '\n')
			continue;
		/* A line that cannot be checked counts as a failed one. */
		if (json_parse(line, &v, &err) < 0) {
			fprintf(stderr, "%s:%ld: %s\n", file, lineno, err);
			st->read_bad = true;
			st->failed++;
			continue;
		}
		type = jget(&v, "type");
		if (!type || type->type != J_STR) {
			fprintf(stderr, "%s:%ld: no type\n", file, lineno);
			st->read_bad = true;
			st->failed++;
		} else if (!strcmp(type->str, "config")) {
			if (load_config(file, &v, &p) < 0)
				st->config_bad = true;
			have_config = true;
		} else if (!strcmp(type->str, "review")) {
			if (!have_config) {
				fprintf(stderr, "%s:%ld: review before the config line\n", file,
					lineno);
				st->config_bad = true;
				have_config = true;
			}
			check_review(&p, &v, file, lineno, &ch, st);
		} else {
			fprintf(stderr, "%s:%ld: unknown type '%s'\n", file, lineno, type->str);
			st->read_bad = true;
			st->failed++;
		}
		jfree(&v);
	}
	free(line);
	fclose(f);
	if (st->reported > MAX_REPORTS)
		printf("%s%s: %d more failed lines not shown\n", tap ? "# " : "", file,
			st->reported - MAX_REPORTS);
	return 0;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

int main(int argc, char **argv)
{
	int first = 1, nfiles, passed = 0, failed = 0, bad = 0;

	progname = "vectors";
	/* keep the per-line reports and the stderr messages in order */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && !strcmp(argv[1], "--tap")) {
		tap = true;
		first = 2;
	}
	nfiles = argc - first;
	if (nfiles <= 0) {
		fprintf(stderr, "usage: vectors [--tap] FILE.jsonl...\n");
		return 2;
	}
	if (tap)
		printf("1..%d\n", nfiles);
	for (int i = first; i < argc; i++) {
		struct file_stats st;
		bool ok;
		char extra[160];

		run_file(argv[i], &st);
		ok = !st.failed && !st.config_bad && !st.read_bad && st.passed > 0;
		snprintf(extra, sizeof(extra),
			 "chained: %d mismatches, %d after fuzz drift; %d reals within tolerance%s%s",
			 st.chain_bad, st.chain_fuzz, st.inexact,
			 st.config_bad ? "; config differs" : "",
			 st.read_bad ? "; unreadable lines" : "");
		if (tap) {
			printf("%s %d - %s: %d passed, %d failed\n", ok ? "ok" : "not ok",
			       i - first + 1, base_name(argv[i]), st.passed, st.failed);
			printf("# %s\n", extra);
		} else {
			printf("%s: %d passed, %d failed (%s)\n", base_name(argv[i]), st.passed,
			       st.failed, extra);
		}
		passed += st.passed;
		failed += st.failed;
		if (!ok)
			bad++;
	}
	if (tap)
		printf("# %d passed, %d failed\n", passed, failed);
	else
		printf("%d passed, %d failed\n", passed, failed);
	return bad ? 1 : 0;
}
