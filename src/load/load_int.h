/* load_int.h - what the loader's files share; not for other modules. */
#ifndef DKQUIZ_LOAD_INT_H
#define DKQUIZ_LOAD_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "dkquiz/load.h"
#include "dkquiz/markdown.h"
#include "dkquiz/util.h"

/* What extract_cards() needs besides the tree. */
struct extract_input {
	const char *path;        /* names the file in cards and warnings */
	const char *body;        /* the markdown md_parse() saw (after front matter) */
	size_t blen;
	int line0;               /* lines before `body` in the file (front matter) */
	const char *deck;        /* front matter or option deck, or NULL: first H1 / file name */
	const char *lang;        /* front matter lang, or NULL: detected */
	const char *tags;        /* space-separated, never NULL */
	bool reverse;            /* add a reversed card for every basic card */
	int force_type;          /* -1, or CARD_TYPED / CARD_BASIC from front matter */
};

/* Append the cards of every shape in `doc` to res->cards (and warnings to
 * res->warnings); sets res->deck. Keys are made and de-duplicated here.
 * Top-level blocks of `doc` are freed as they are done with: afterwards
 * `doc` may have lost children and is only fit for md_free(). */
void extract_cards(const struct extract_input *in, struct md_block *doc,
		   struct load_result *res);

/* Append a warning; `line` is absolute in the file (0: whole file). */
void load_warn(struct load_result *res, int line, const char *fmt, ...) ATTR_PRINTF(3, 4);

/* identity.c: the key of a card. With `id` (from <!-- id: NAME -->):
 * "id:NAME", plus "@LANG" when `lang` is set; else "h:" and the first 16 hex
 * digits of sha256(deck "\n" text_fold(front)). Caller frees. */
char *identity_key(const char *deck, const char *front, const char *id, const char *lang);

/* Give every card of `res` a unique key: a repeated key gets "~2", "~3"...
 * appended and a warning naming the first occurrence. Linear time. */
void identity_dedup(struct load_result *res);

/* True if `s` is a valid id name: letters, digits and . _ - : / */
bool identity_valid_id(const char *s, size_t n);

/* textops.c: recognisers on markdown source text. Each takes `n` bytes at
 * `s` (not necessarily NUL-terminated) unless it says otherwise. */

/* Bytes taken by a leading answer label ("**Réponse:**", "Answer :", "A:",
 * a bold "Answer" alone on its line) and the white space after it; 0 if none. */
size_t label_answer(const char *s, size_t n);
/* "Q:", "Question :", "Front:" (front) and "A:", "Réponse :" (back) line
 * markers; a colon is required. Returns the bytes to skip, 0 if none. */
size_t label_front(const char *s, size_t n);
size_t label_back(const char *s, size_t n);
/* A heading that is only a side label: 1 front (Front, Recto, Question),
 * 2 back (Back, Verso, Réponse, Answer, Solution), 0 neither. `s` is NUL-terminated. */
int label_heading(const char *s);

enum { QP_NONE, QP_QMARK, QP_NUMBER, QP_LAB };
/* A question prefix at the start of a heading: "Q1:", "Q3b -", "Question 2 -"
 * (QP_QMARK), "1." (QP_NUMBER), or "Question 1.b." alone (QP_LAB, returns n).
 * Returns the bytes to skip before the question text, 0 if none. */
size_t question_prefix(const char *s, size_t n, int *kind);
/* The first word asks something: What, How, Explain, Quel, Pourquoi... */
bool starts_interrogative(const char *s, size_t n);
/* The text ends in "?" (markup and white space ignored). */
bool ends_question(const char *s, size_t n);
size_t count_words(const char *s, size_t n);

/* Cloze numbers used in NUL-terminated `s`, sorted, distinct, at most `max`. */
int cloze_numbers(const char *s, int *out, int max);
/* A "{{cN::" that no "}}" closes. */
bool cloze_unclosed(const char *s);
/* `s` with cloze `gap` shown as "[...]" or "[hint]" and every other cloze
 * filled in; gap 0 fills them all. Caller frees. */
char *cloze_render(const char *s, int gap);

/* `s` cleaned for a card, outside code spans and fenced code: every image,
 * "![alt](url)" or an HTML "<img alt=... src=...>", written "[image: alt]"
 * (the file name of the URL when the alt text is empty, "[image]" without
 * either), and HTML comments removed, even across lines. Linear; returns a
 * copy at once when there is no "![", "<!" or "<i" in `s`. Caller frees. */
char *clean_markup(const char *s);
/* Append "[image: ALT]" to b, or "[image: FILE]" with the file name of
 * `url` when the alt text is empty, or "[image]" without either. */
void image_label(struct buf *b, const char *alt, size_t al, const char *url, size_t ul);
/* A placeholder answer: "TODO", "TBD", "FIXME" and at most a short note. */
bool text_is_todo(const char *s);
/* Nothing but dots, dashes, ellipses, "?" and "!" (an answer "..."). */
bool text_is_mark_only(const char *s);
/* Only "[image: ...]" lines and emphasised caption lines, at least one image. */
bool text_only_images(const char *s);
/* The command when the whole answer is one code span or a fenced block of
 * one line; else NULL. Caller frees. */
char *typed_answer(const char *s);
/* The same, and for a whole answer that is one fenced block of several
 * lines, its lines joined by "\n" (blanks at the line ends and blank lines
 * at the ends of the block dropped, indentation kept): the expected answer
 * of a card asked to be typed. Caller frees. */
char *typed_block_answer(const char *s);

/* The word at s is a verb that defines ("is", "est", "permet", "returns"...). */
bool def_verb(const char *s, size_t n);

enum def_kind { DEF_SEP, DEF_VERB };
struct definition {
	size_t term_start, term_len; /* the term without its markup (a code span keeps its backticks) */
	bool code;                   /* a code span: asked "what does X do?" */
	bool upper;                  /* a Dockerfile instruction: asked like a command */
	bool plural;                 /* "are", "sont" */
	enum def_kind kind;
	size_t rest;                 /* DEF_SEP: where the definition starts */
};
/* A paragraph that starts with a bold term or a code span followed by ":",
 * " - ", " — ", a line break, or a verb (is, are, est, permet...). */
bool parse_definition(const char *s, size_t n, struct definition *d);

#endif
