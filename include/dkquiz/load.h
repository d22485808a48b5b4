/* load.h - files to cards: reading (encoding), parsing, shape extraction,
 * identity keys.
 *
 * load_file() reads one file through text_decode(), parses it with
 * md_parse() and extracts the cards of every shape doc/dkquiz.5 describes.
 */
#ifndef DKQUIZ_LOAD_H
#define DKQUIZ_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dkquiz/card.h"

struct load_warning {
	int line;     /* 0 when it concerns the whole file */
	char *msg;    /* without "file:line: warning: " */
};

struct load_result {
	char *path;
	char *sha256;            /* of the raw bytes */
	char *deck;              /* the file's deck (front matter, first H1, or file name) */
	char *lang;              /* front matter lang, or NULL */
	struct card *cards;
	size_t ncards;
	struct load_warning *warnings;
	size_t nwarnings;
	/* The file's size, modification and inode change times (ns) and
	 * inode as seen before it was read, when the reader vouches for them
	 * (see the import command); the store keeps them to skip the file
	 * next time without reading. */
	bool stamped;
	int64_t size, mtime_ns, ctime_ns;
	uint64_t inode;
};

struct load_options {
	const char *deck;        /* force this deck name (import --deck), or NULL */
	const char *sha256;      /* the bytes' SHA-256 when the caller has it, or NULL */
};

/* Load one file. Returns 0 and fills `res` (release it with
 * load_result_release()), or -1 after printing an error such as
 * "dkquiz: 'x': not a text file" or "dkquiz: cannot read 'x': ..." (then
 * `res` holds nothing to free). */
int load_file(const char *path, const struct load_options *opt, struct load_result *res);

/* Same as load_file() for bytes already in memory; `path` names them in
 * messages and cards. */
int load_buffer(const char *path, const char *bytes, size_t n,
		const struct load_options *opt, struct load_result *res);

void load_result_release(struct load_result *res);

/* The cards of several files loaded together (dkquiz check): the same key
 * in two files is the same question asked twice in a deck, as the import
 * reports it against the database. */
struct load_seen;
struct load_seen *load_seen_new(void);
/* Record the keys of res's cards; a key another file recorded before gives
 * res a warning "duplicate question, also in FILE:LINE" ("duplicate id
 * 'NAME', also at FILE:LINE" for an explicit id). Linear in the cards. */
void load_seen_add(struct load_seen *s, struct load_result *res);
void load_seen_free(struct load_seen *s);

/* Expand the paths given on the command line: files as they are (any
 * extension), directories recursively (files ending in .md, .markdown or
 * .txt, sorted by name, symlink loops detected). Returns the number of
 * paths in *out (caller frees each and the array; NULL when there are
 * none). A path or directory that cannot be read prints an error
 * ("dkquiz: cannot read 'x': ...") and sets *incomplete; the others are
 * still collected. */
int load_collect(char **paths, int npaths, char ***out, bool *incomplete);

#endif
