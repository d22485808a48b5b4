/* settings.h - the user's settings: names, defaults, validation, and the
 * scheduler parameters they give.
 *
 * Settings live in the store's settings table as text (key -> value); a key
 * that is not there has its default. This module knows every setting the
 * user may change with `dkquiz config`; other keys in the table (the exam
 * planner's "exam.*") are private to the command that writes them.
 *
 * Values are read and written in the C locale ("0.9", never "0,9" in the
 * output), whatever LC_NUMERIC says; retention also accepts a decimal comma
 * on input.
 */
#ifndef DKQUIZ_SETTINGS_H
#define DKQUIZ_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "dkquiz/fsrs.h"

struct store;

/* One known setting. `problem` returns NULL when `value` is acceptable,
 * else what is wrong with it, translated, without the "dkquiz: " prefix
 * ("retention must be between 0.70 and 0.99"); the caller frees it.
 * `help` is untranslated (pass it through _() to print it). */
struct setting_def {
	const char *name;
	const char *def;        /* the default value, as text */
	char *(*problem)(const char *value);
	const char *help;
};

/* The known settings in display order, and their number. */
extern const struct setting_def settings_table[];
extern const size_t settings_count;

/* The setting called `name`, or NULL when there is none. */
const struct setting_def *settings_find(const char *name);

/* Check `value` for setting `name`. Returns 0, or -1 after printing an error
 * (also for an unknown name). */
int settings_check(const char *name, const char *value);

/* The value in effect for `name`: the stored one when it is set and valid,
 * else the default (a stored value that fails validation, written by hand
 * or by an older version, is ignored). *is_default, when not NULL, tells
 * whether the default was used. Returns a string the caller frees, or NULL
 * for an unknown name. */
char *settings_get(struct store *st, const char *name, bool *is_default);

/* Validate and store `value` for `name`; a NULL value removes the setting
 * (back to its default). The value is stored trimmed of surrounding blanks,
 * steps and weights with single spaces between items. Returns 0, or -1 after
 * printing an error, with the database unchanged. */
int settings_set(struct store *st, const char *name, const char *value);

/* What the rest of the program needs, decoded. */
struct settings {
	struct fsrs_params fsrs;   /* fsrs.day_ctx points at `rollover` below */
	int new_per_day;
	int reviews_per_day;       /* < 0: no limit ("none") */
	int rollover;              /* hour the day starts, 0..23 */
	int leech_lapses;
};

/* Fill `s` from the store (defaults for what is unset or invalid): the FSRS
 * parameters with the stored retention, maximum interval, steps and
 * weights, fuzz on, short-term on, and local days (clock_local_day) with the
 * rollover hour; fsrs_params_finish() is applied.
 *
 * `s->fsrs.day_ctx` points into `s` itself: the struct must stay where it
 * was loaded (do not copy it by value and use the copy's fsrs params; call
 * settings_load() again for another struct). Returns 0, or -1 after
 * printing an error when the store cannot be read (`s` then holds the
 * defaults). */
int settings_load(struct store *st, struct settings *s);

/* The same from defaults only, without a store (tests, no database yet). */
void settings_defaults(struct settings *s);

/* Parse a decimal number in the C locale, the whole string (blanks around
 * allowed); a decimal comma is accepted when `comma` is true. Returns 0,
 * or -1 for anything else (also for NaN and infinities). */
int settings_parse_double(const char *s, bool comma, double *out);

#endif
