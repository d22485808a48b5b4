/* answer.h - checking a typed command against the expected one.
 *
 * Pure functions over byte strings (any bytes: they never crash, and the
 * work is bounded by the input length). answer_matches() itself is declared
 * in session.h; this header adds the normalised form and the word diff the
 * front ends show after a typed answer.
 *
 * What does not matter for a command is normalised away: spacing, shell
 * quoting ('x' "x" x), a leading "$ " prompt or "sudo", flag order (flags
 * keep their values), combined short flags (-it = -ti = -i -t), long and
 * short forms (-a/--all, -n/--namespace, ...), --name=x / --name x, and
 * known equivalents (docker container ls = docker ps, docker image ls =
 * docker images, docker container rm = docker rm, k = kubectl,
 * docker-compose = docker compose, kubectl resource short names).
 *
 * Answers of several lines (answer_matches() and answer_diff() take them
 * when either side has more than one line) are compared line by line, each
 * line so normalised: blank lines and indentation do not count, and a line
 * ending in a backslash goes on on the next. When the expected lines are
 * YAML (answer_is_yaml()), each line must also sit at the same depth of
 * nesting as the expected one (two spaces a level or four alike).
 */
#ifndef DKQUIZ_ANSWER_H
#define DKQUIZ_ANSWER_H

#include <stdbool.h>
#include <stddef.h>

#include "dkquiz/session.h" /* answer_matches() */

/* The normalised form of a command, as one readable line: the command words
 * and positional arguments in order, then the flags sorted ("--all",
 * "--name=web"), then " -- " and the words that are passed on verbatim (the
 * container's command after `docker run IMAGE`, what follows "--").
 * Commands that match give equal forms; the converse does not hold, since
 * the form joins words with spaces and so loses the quoting that keeps
 * `echo 'a b'` apart from `echo a b`. An answer of several lines (blank
 * lines left out, a line ending in a backslash joined to the next) gives
 * the form of each line, one a line, as it matches line by line. NULL is
 * taken as "". Caller frees. */
char *answer_normalize(const char *cmd);

enum answer_word_kind {
	ANSWER_SAME,     /* in both */
	ANSWER_MISSING,  /* expected, not typed */
	ANSWER_EXTRA,    /* typed, not expected */
	ANSWER_LINE      /* answers of several lines: a new line starts here,
			    its text the blanks of its indentation */
};

struct answer_word {
	char *text;      /* the word, shell quotes removed; owned by the diff */
	enum answer_word_kind kind;
};

struct answer_diff {
	struct answer_word *w;
	size_t n;
};

/* A word-level diff of `typed` against `expected`, over their normal forms
 * but in the words written: a word (or a run of words: a flag and its
 * value, "docker container ls") that the expected command has in another
 * form is ANSWER_SAME with the typed text ("k get po" against "kubectl get
 * pods" is three words the same); ANSWER_EXTRA words are as typed,
 * ANSWER_MISSING ones as the expected command writes them. Flags match
 * wherever they stand; the other words are aligned in order (longest
 * common subsequence). Words come in the typed order; at a difference the
 * typed (extra) words come before the expected (missing) ones. NULL is
 * taken as "". Fills *out, which the caller releases with
 * answer_diff_release(). */
void answer_diff(const char *typed, const char *expected, struct answer_diff *out);
void answer_diff_release(struct answer_diff *d);

/* True when `expected` has several lines and reads as YAML (every line a
 * "key:", a "- " item, a comment or "---"): its lines' indentation then
 * counts when it is compared. */
bool answer_is_yaml(const char *expected);

/* True when the two are written alike but for white space (a run of blanks
 * and newlines counts as one blank; blanks at the ends do not count). A
 * right answer written otherwise is shown with the form it was taken for. */
bool answer_same_text(const char *a, const char *b);

#endif
