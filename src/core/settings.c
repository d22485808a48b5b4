/* settings.c - the table of known settings, their validation, and the
 * scheduler parameters built from them.
 *
 * Values are kept as text in the store so that the database stays readable
 * with the sqlite3 shell; everything here goes through store.h. Numbers are
 * parsed in the C locale: under a French locale strtod() would stop at the
 * '.' of "0.9", and the stored text must not depend on who wrote it.
 */
#include "dkquiz/settings.h"

#include <ctype.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dkquiz/clock.h"
#include "dkquiz/i18n.h"
#include "dkquiz/store.h"
#include "dkquiz/util.h"

#define MAX_NUMBER_LEN 64

/* ---- parsing ---- */

static const char *skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	return s;
}

/* The text of `s` without surrounding blanks; caller frees. */
static char *trimmed(const char *s)
{
	const char *b = skip_blanks(s), *e = b + strlen(b);

	while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		e--;
	return xstrndup(b, (size_t)(e - b));
}

int settings_parse_double(const char *s, bool comma, double *out)
{
	char num[MAX_NUMBER_LEN], *end;
	char *t = trimmed(s);
	const char *p = t;
	size_t len = strlen(t), digits = 0;
	locale_t c_loc, old;
	double v;

	/* The grammar is checked by hand so that strtod's extras (hex, inf,
	 * nan, leading blanks) are refused. */
	if (len == 0 || len >= sizeof(num))
		goto bad;
	if (*p == '+' || *p == '-')
		p++;
	for (; isdigit((unsigned char)*p); p++)
		digits++;
	if (*p == '.' || (comma && *p == ',')) {
		p++;
		for (; isdigit((unsigned char)*p); p++)
			digits++;
	}
	if (!digits)
		goto bad;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!isdigit((unsigned char)*p))
			goto bad;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p)
		goto bad;
	memcpy(num, t, len + 1);
	if (comma) {
		char *c = strchr(num, ',');

		if (c)
			*c = '.';
	}
	c_loc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	if (c_loc == (locale_t)0)
		goto bad;
	old = uselocale(c_loc);
	v = strtod(num, &end);
	uselocale(old);
	freelocale(c_loc);
	if (*end || !isfinite(v))
		goto bad;
	free(t);
	*out = v;
	return 0;
bad:
	free(t);
	return -1;
}

/* A whole number in lo..hi (blanks around allowed). */
static int parse_int_range(const char *s, long lo, long hi, int *out)
{
	const char *p = skip_blanks(s);
	long v = 0;
	int nd = 0;

	if (*p == '+')
		p++;
	for (; isdigit((unsigned char)*p); p++, nd++) {
		v = v * 10 + (*p - '0');
		if (v > hi)
			return -1;
	}
	if (!nd || *skip_blanks(p) || v < lo)
		return -1;
	*out = (int)v;
	return 0;
}

/* Split a list on blanks and commas into tokens (each allocated). */
static char **split_list(const char *s, size_t *n)
{
	char **v = NULL;
	size_t cap = 0;
	const char *p = s;

	*n = 0;
	for (;;) {
		size_t len;

		p += strspn(p, " \t\n\r,");
		if (!*p)
			break;
		len = strcspn(p, " \t\n\r,");
		XGROW(v, *n + 1, cap);
		v[(*n)++] = xstrndup(p, len);
		p += len;
	}
	return v;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Steps such as "1m 10m": digits then m, h or d, at least one minute. An
 * empty list is valid (no learning steps). On failure *bad is the offending
 * token (allocated) or NULL for too many steps. */
static int parse_steps(const char *s, int *steps, int *nsteps, char **bad)
{
	size_t n;
	char **tok = split_list(s, &n);
	int ret = 0;

	*bad = NULL;
	*nsteps = 0;
	for (size_t i = 0; i < n; i++) {
		const char *t = tok[i];
		size_t len = strlen(t), nd = strspn(t, "0123456789");
		int m;

		/* fsrs_parse_step reads like parseInt ("1.5m" is 1m); a
		 * setting is stricter so that a typo is not taken silently. */
		if (nd == 0 || nd + 1 != len || fsrs_parse_step(t, &m) || m < 1) {
			*bad = xstrdup(t);
			ret = -1;
			break;
		}
		if (*nsteps >= FSRS_MAX_STEPS) {
			ret = -1;
			break;
		}
		steps[(*nsteps)++] = m;
	}
	free_list(tok, n);
	return ret;
}

static int parse_weights(const char *s, double w[FSRS_NW], size_t *count, char **bad)
{
	size_t n;
	char **tok = split_list(s, &n);
	int ret = 0;

	*bad = NULL;
	*count = n;
	if (n != FSRS_NW)
		ret = -1;
	for (size_t i = 0; !ret && i < n; i++) {
		if (settings_parse_double(tok[i], false, &w[i])) {
			*bad = xstrdup(tok[i]);
			ret = -1;
		}
	}
	free_list(tok, n);
	return ret;
}

/* ---- validators ---- */

static char *problem_retention(const char *v)
{
	double r;

	if (settings_parse_double(v, true, &r) || r < 0.70 || r > 0.99)
		return xstrdup(_("retention must be between 0.70 and 0.99"));
	return NULL;
}

static char *problem_max_interval(const char *v)
{
	int n;

	if (parse_int_range(v, 1, 36500, &n))
		return xstrdup(_("max-interval must be a whole number of days between 1 and 36500"));
	return NULL;
}

static char *steps_problem(const char *name, const char *v)
{
	int steps[FSRS_MAX_STEPS], n;
	char *bad, *msg = NULL;

	if (parse_steps(v, steps, &n, &bad)) {
		if (bad)
			msg = xasprintf(_("%s: invalid step '%s' (use minutes, hours or days: 1m 10m 2h 1d)"),
					name, bad);
		else
			msg = xasprintf(_("%s: at most %d steps"), name, FSRS_MAX_STEPS);
		free(bad);
	}
	return msg;
}

static char *problem_learning_steps(const char *v)
{
	return steps_problem("learning-steps", v);
}

static char *problem_relearning_steps(const char *v)
{
	return steps_problem("relearning-steps", v);
}

static char *problem_new_per_day(const char *v)
{
	int n;

	if (parse_int_range(v, 0, 9999, &n))
		return xstrdup(_("new-per-day must be a whole number between 0 and 9999"));
	return NULL;
}

static bool is_none(const char *v)
{
	char *t = trimmed(v);
	bool none = strcasecmp(t, "none") == 0;

	free(t);
	return none;
}

static char *problem_reviews_per_day(const char *v)
{
	int n;

	if (!is_none(v) && parse_int_range(v, 0, 99999, &n))
		return xstrdup(_("reviews-per-day must be 'none' or a whole number between 0 and 99999"));
	return NULL;
}

static char *problem_rollover(const char *v)
{
	int n;

	if (parse_int_range(v, 0, 23, &n))
		return xstrdup(_("rollover must be an hour between 0 and 23"));
	return NULL;
}

static char *problem_leech_lapses(const char *v)
{
	int n;

	if (parse_int_range(v, 1, 99, &n))
		return xstrdup(_("leech-lapses must be a whole number between 1 and 99"));
	return NULL;
}

static char *problem_weights(const char *v)
{
	double w[FSRS_NW];
	size_t n;
	char *bad, *msg = NULL;

	if (parse_weights(v, w, &n, &bad)) {
		if (bad)
			msg = xasprintf(_("weights: '%s' is not a number"), bad);
		else
			msg = xasprintf(_("weights must be %d numbers separated by commas or spaces (got %zu)"),
					FSRS_NW, n);
		free(bad);
		return msg;
	}
	/* The scheduler would clip a weight out of its range without a word:
	 * say which one. The app schedules with short-term steps on. */
	for (int i = 0; i < FSRS_NW; i++) {
		double lo, hi;

		fsrs_weight_range(i, true, &lo, &hi);
		if (w[i] < lo || w[i] > hi)
			return xasprintf(_("weight w%d must be between %g and %g"), i, lo, hi);
	}
	return NULL;
}

/* ---- the table ---- */

/* The FSRS-6 default weights, as fsrs_params_default() has them. */
#define DEFAULT_WEIGHTS \
	"0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, " \
	"0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542"

const struct setting_def settings_table[] = {
	{ "retention", "0.9", problem_retention,
	  N_("probability of recall to aim for when a card comes back (0.70..0.99)") },
	{ "max-interval", "36500", problem_max_interval,
	  N_("longest interval between two reviews, in days (1..36500)") },
	{ "learning-steps", "1m 10m", problem_learning_steps,
	  N_("steps of a new card before it graduates (e.g. 1m 10m; empty for none)") },
	{ "relearning-steps", "10m", problem_relearning_steps,
	  N_("steps of a forgotten card before it returns to review") },
	{ "new-per-day", "20", problem_new_per_day,
	  N_("new cards introduced per day (0..9999)") },
	{ "reviews-per-day", "none", problem_reviews_per_day,
	  N_("reviews per day at most, or none for no limit") },
	{ "rollover", "4", problem_rollover,
	  N_("hour at which a new day starts (0..23)") },
	{ "leech-lapses", "8", problem_leech_lapses,
	  N_("lapses after which a card is a leech and is suspended (1..99)") },
	{ "weights", DEFAULT_WEIGHTS, problem_weights,
	  N_("the 21 FSRS-6 model weights, separated by commas or spaces") },
};
const size_t settings_count = ARRAY_SIZE(settings_table);

const struct setting_def *settings_find(const char *name)
{
	for (size_t i = 0; i < settings_count; i++)
		if (strcmp(settings_table[i].name, name) == 0)
			return &settings_table[i];
	return NULL;
}

int settings_check(const char *name, const char *value)
{
	const struct setting_def *d = settings_find(name);
	char *msg;

	if (!d)
		return error(_("unknown setting '%s'"), name);
	msg = d->problem(value);
	if (msg) {
		error("%s", msg);
		free(msg);
		return -1;
	}
	return 0;
}

char *settings_get(struct store *st, const char *name, bool *is_default)
{
	const struct setting_def *d = settings_find(name);
	char *v, *msg;

	if (!d)
		return NULL;
	v = st ? store_get_setting(st, name) : NULL;
	if (v) {
		msg = d->problem(v);
		if (!msg) {
			if (is_default)
				*is_default = false;
			return v;
		}
		free(msg);
		free(v);
	}
	if (is_default)
		*is_default = true;
	return xstrdup(d->def);
}

/* The text stored for a valid value: one spelling per value, so that
 * `dkquiz config` shows what the program understood. */
static char *normalise(const char *name, const char *value)
{
	char *t = trimmed(value);

	if (!strcmp(name, "learning-steps") || !strcmp(name, "relearning-steps") ||
	    !strcmp(name, "weights")) {
		size_t n;
		char **tok = split_list(t, &n);
		struct buf b = BUF_INIT;
		const char *sep = strcmp(name, "weights") ? " " : ", ";

		for (size_t i = 0; i < n; i++) {
			if (i)
				buf_adds(&b, sep);
			buf_adds(&b, tok[i]);
		}
		free_list(tok, n);
		free(t);
		t = buf_detach(&b);
	} else if (!strcmp(name, "retention")) {
		char *c = strchr(t, ',');

		if (c)
			*c = '.';
	} else if (!strcmp(name, "reviews-per-day") && is_none(t)) {
		free(t);
		t = xstrdup("none");
	} else {
		int n;

		if (!parse_int_range(t, 0, 99999, &n)) {
			free(t);
			t = xasprintf("%d", n);
		}
	}
	return t;
}

int settings_set(struct store *st, const char *name, const char *value)
{
	char *norm;
	int ret;

	if (!settings_find(name))
		return error(_("unknown setting '%s'"), name);
	if (!value)
		return store_set_setting(st, name, NULL);
	if (settings_check(name, value))
		return -1;
	norm = normalise(name, value);
	ret = store_set_setting(st, name, norm);
	free(norm);
	return ret;
}

/* ---- decoding into struct settings ---- */

/* Each setting's value, in the order of settings_table: the one stored when
 * it validates, else the default. A stored value that does not validate is
 * said once per load, so that a hand-edited database is not silently off.
 * st NULL: the defaults. Returns -1 after printing an error when the
 * settings cannot be read (vals then holds the defaults). */
static int read_values(struct store *st, char **vals)
{
	int ret = 0;

	for (size_t i = 0; i < settings_count; i++) {
		const struct setting_def *d = &settings_table[i];
		char *v = NULL, *msg;

		if (st && !ret && store_read_setting(st, d->name, &v))
			ret = -1;
		if (v && (msg = d->problem(v))) {
			warning(_("ignoring the setting %s: %s; using the default %s"), d->name, msg, d->def);
			free(msg);
			free(v);
			v = NULL;
		}
		vals[i] = v ? v : xstrdup(d->def);
	}
	if (ret)
		for (size_t i = 0; i < settings_count; i++) {
			free(vals[i]);
			vals[i] = xstrdup(settings_table[i].def);
		}
	return ret;
}

static const char *value_of(char **vals, const char *name)
{
	return vals[settings_find(name) - settings_table];
}

static int get_int(char **vals, const char *name)
{
	const char *v = value_of(vals, name);
	int n = 0;

	if (!strcmp(v, "none"))
		n = -1;
	else if (parse_int_range(v, 0, 99999, &n))
		n = 0; /* cannot happen: read_values() validated it */
	return n;
}

static void load_from(char **vals, struct settings *s)
{
	char *bad;
	double r, w[FSRS_NW];
	size_t nw;

	memset(s, 0, sizeof(*s));
	fsrs_params_default(&s->fsrs);

	if (!settings_parse_double(value_of(vals, "retention"), true, &r))
		s->fsrs.request_retention = r;
	s->fsrs.maximum_interval = get_int(vals, "max-interval");
	if (parse_steps(value_of(vals, "learning-steps"), s->fsrs.learning_steps,
			&s->fsrs.n_learning_steps, &bad))
		free(bad);
	if (parse_steps(value_of(vals, "relearning-steps"), s->fsrs.relearning_steps,
			&s->fsrs.n_relearning_steps, &bad))
		free(bad);
	if (!parse_weights(value_of(vals, "weights"), w, &nw, &bad))
		memcpy(s->fsrs.w, w, sizeof(w));
	else
		free(bad);

	s->new_per_day = get_int(vals, "new-per-day");
	s->reviews_per_day = get_int(vals, "reviews-per-day");
	s->rollover = get_int(vals, "rollover");
	s->leech_lapses = get_int(vals, "leech-lapses");

	s->fsrs.enable_fuzz = true;
	s->fsrs.enable_short_term = true;
	s->fsrs.day = clock_local_day;
	s->fsrs.day_ctx = &s->rollover;
	fsrs_params_finish(&s->fsrs);
}

int settings_load(struct store *st, struct settings *s)
{
	char **vals = xcalloc(settings_count, sizeof(*vals));
	int ret = read_values(st, vals);

	load_from(vals, s);
	for (size_t i = 0; i < settings_count; i++)
		free(vals[i]);
	free(vals);
	return ret;
}

void settings_defaults(struct settings *s)
{
	settings_load(NULL, s);
}
