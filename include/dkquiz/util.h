/* util.h - allocation wrappers, growable buffers, messages and fatal errors.
 *
 * Every module uses these instead of raw malloc/printf to stderr, so that
 * allocation failure, error wording and terminal restoration are handled in
 * one place.
 */
#ifndef DKQUIZ_UTIL_H
#define DKQUIZ_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DKQUIZ_VERSION "0.1.0"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ATTR_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define ATTR_NORETURN __attribute__((noreturn))
#define ATTR_WUR __attribute__((warn_unused_result))

/* Allocation: these never return NULL; on failure they call die(). */
void *xmalloc(size_t n) ATTR_WUR;
void *xcalloc(size_t n, size_t size) ATTR_WUR;
void *xrealloc(void *p, size_t n) ATTR_WUR;
char *xstrdup(const char *s) ATTR_WUR;
char *xstrndup(const char *s, size_t n) ATTR_WUR;
char *xasprintf(const char *fmt, ...) ATTR_PRINTF(1, 2) ATTR_WUR;

/* Grow an array `p` of `*cap` elements so that it holds at least `need`. */
#define XGROW(p, need, cap)                                                   \
	do {                                                                      \
		if ((size_t)(need) > (cap)) {                                         \
			size_t grow_n_ = (cap) ? (cap) * 2 : 8;                           \
			while (grow_n_ < (size_t)(need))                                  \
				grow_n_ *= 2;                                                 \
			(p) = xrealloc((p), grow_n_ * sizeof(*(p)));                      \
			(cap) = grow_n_;                                                  \
		}                                                                     \
	} while (0)

/* A growable NUL-terminated byte buffer (git's strbuf, reduced).
 * buf_init() makes an empty buffer whose `s` is always a valid string;
 * buf_release() frees it and leaves it empty; buf_detach() hands the string
 * over to the caller (who frees it) and leaves the buffer empty. */
struct buf {
	char *s;
	size_t len;
	size_t cap;
};
#define BUF_INIT { NULL, 0, 0 }
void buf_init(struct buf *b);
void buf_release(struct buf *b);
char *buf_detach(struct buf *b);
void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addch(struct buf *b, int c);
void buf_addf(struct buf *b, const char *fmt, ...) ATTR_PRINTF(2, 3);
void buf_vaddf(struct buf *b, const char *fmt, va_list ap);
void buf_reset(struct buf *b);
/* Always a valid string, even for a buffer never written to. */
const char *buf_str(const struct buf *b);

/* Messages go to stderr, prefixed with "dkquiz: " and ended with a newline.
 * error() returns -1 so that `return error(...)` reads naturally. */
int error(const char *fmt, ...) ATTR_PRINTF(1, 2);
void warning(const char *fmt, ...) ATTR_PRINTF(1, 2);
/* From now on, error() and warning() in the calling thread append their
 * message, with its newline, to `b` instead of printing it (NULL: to
 * stderr). Returns where they went before, for the caller to give back
 * when its capture ends: captures nest (an import run from the UI). A
 * worker thread's messages can then be printed in order by the thread that
 * reports on its work, and the UI shows those of the code it calls. die()
 * always prints. */
struct buf *capture_messages(struct buf *b);
/* Messages already made (lines ending in "\n"), such as a worker's: to the
 * capture that is on, else to stderr. */
void put_messages(const char *text);
/* Print the message, run the die hook (which restores the terminal), exit 1. */
void die(const char *fmt, ...) ATTR_PRINTF(1, 2) ATTR_NORETURN;
/* A function run by die() before it prints: the UI registers one that ends curses. */
void set_die_hook(void (*hook)(void));

/* The largest input file read, in MiB. */
#define INPUT_MAX_MB 256

/* Read the whole regular file `path` (NUL-terminated, its length in *len).
 * NULL after printing an error: it cannot be read, it is a directory or
 * not a regular file (a device, a FIFO), it is larger than INPUT_MAX_MB, or
 * its first block holds a NUL byte (no text file; UTF-16 with its byte
 * order mark excepted). */
char *read_input_file(const char *path, size_t *len) ATTR_WUR;

/* Program-wide name used in messages (default "dkquiz"). */
extern const char *progname;

#endif
