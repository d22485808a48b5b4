/* clock.h - instants, local days with a rollover hour, and time parsing. */
#ifndef DKQUIZ_CLOCK_H
#define DKQUIZ_CLOCK_H

#include <stdint.h>

#define DAY_MS 86400000LL

/* Milliseconds since the epoch, from the system clock. */
int64_t clock_now_ms(void);
/* Milliseconds from a fixed point in the past, never going back: for how
 * long something took, whatever --now pins the clock to. */
int64_t clock_mono_ms(void);

/* Parse --now: epoch milliseconds (digits only), or ISO-8601
 * "YYYY-MM-DD[THH:MM[:SS[.mmm]]][Z|±HH:MM]" (local time without a zone).
 * Returns 0, or -1 for anything else: a day the month does not have
 * (2026-02-30), an offset beyond ±14:00, an empty string. */
int clock_parse(const char *s, int64_t *ms);

/* Local day number of an instant: days are counted in local time and start
 * at `rollover` o'clock (4 = 4 am, as Anki does). Usable as fsrs_day_fn with
 * ctx pointing to an int holding the rollover hour. */
int64_t clock_local_day(int64_t ms, const void *rollover_hour);

/* The instant the local day of `ms` starts, and the next one. */
int64_t clock_day_start(int64_t ms, int rollover);
int64_t clock_next_day_start(int64_t ms, int rollover);

/* "2026-01-10 09:00" in local time, into out (32 bytes). */
void clock_format(int64_t ms, char out[32]);

#endif
