/* card.h - a card as the loader produces it and the store keeps it. */
#ifndef DKQUIZ_CARD_H
#define DKQUIZ_CARD_H

#include <stdbool.h>
#include <stddef.h>

enum card_type { CARD_BASIC, CARD_REVERSED, CARD_CLOZE, CARD_MCQ, CARD_TYPED };

/* Which shape of markdown the card came from (doc/dkquiz.5 lists them). */
enum card_shape {
	SHAPE_HEADING,     /* question heading */
	SHAPE_LABELS,      /* Front/Back, Recto/Verso label headings */
	SHAPE_LIST,        /* bold question in a list item */
	SHAPE_DETAILS,     /* <details><summary> */
	SHAPE_MARKERS,     /* Q:/A:, question::answer, "?" line */
	SHAPE_DEFINITION,  /* **term**: definition, `cmd`: what it does */
	SHAPE_TABLE,       /* a table row */
	SHAPE_LAB,         /* Exercice N / Question N.x */
	SHAPE_CLOZE,
	SHAPE_MCQ,
};

struct card_option {
	char *text;    /* markdown */
	bool correct;
};

struct card {
	char *key;          /* stable identity: "id:NAME" or "h:HEX" (see identity) */
	char *deck;
	char *file;         /* path as given to the loader */
	int line;           /* 1-based line of the question */
	char **breadcrumb;  /* heading path above the card, outermost first */
	size_t nbreadcrumb;
	char *tags;         /* space-separated, may be "" */
	enum card_type type;
	enum card_shape shape;
	char *front;        /* markdown; a cloze card has its gap shown as [...] or [hint] */
	char *back;         /* markdown; labels stripped; a cloze card has the gap filled */
	struct card_option *options; /* mcq */
	size_t noptions;
	char *note;         /* siblings share it: the clozes of one text, the two sides of a reversed card; NULL if none */
	bool typeable;      /* the answer is one command that can be typed */
	char *answer_text;  /* typeable: the expected command, plain text; else NULL */
};

/* Free what the card owns (not the struct itself). */
void card_release(struct card *c);

const char *card_type_name(enum card_type t);   /* "basic", "reversed", "cloze", "mcq", "typed" */
const char *card_shape_name(enum card_shape s); /* "heading", "labels", ... */
int card_type_from_name(const char *name);      /* -1 if unknown */

/* Options to and from one string, for storage: each option is a line
 * "+ text" (correct) or "- text" (wrong), text with newlines escaped as "\n"
 * and backslashes as "\\". */
char *card_options_encode(const struct card_option *o, size_t n);
struct card_option *card_options_decode(const char *s, size_t *n);
void card_options_free(struct card_option *o, size_t n);

/* The back a multiple-choice card gets when its source gives none: the
 * text of its right options, one a line, each after "- " when there are
 * several (a list). Caller frees. */
char *card_mcq_back(const struct card_option *o, size_t n);

struct buf;
/* Append one card as a JSON object (no newline) to `out`: file, line, deck,
 * breadcrumb (array), type, shape, front, back, options (mcq: array of
 * {"text", "correct"}), key, and note, answer_text when set. This is the
 * line `dkquiz check --json` prints. */
void card_json(struct buf *out, const struct card *c);

#endif
