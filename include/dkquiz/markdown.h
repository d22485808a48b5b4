/* markdown.h - markdown text to dkquiz's own block tree.
 *
 * The only module that knows cmark-gfm. It parses with the table,
 * strikethrough and tasklist extensions and converts the cmark tree into the
 * plain structs below, so that the extractor and the renderer never see a
 * cmark type. Every walk is iterative: 100,000 levels of nesting must not
 * blow the stack, and md_free() is iterative too.
 */
#ifndef DKQUIZ_MARKDOWN_H
#define DKQUIZ_MARKDOWN_H

#include <stdbool.h>
#include <stddef.h>

enum md_block_type {
	MD_DOCUMENT,
	MD_PARAGRAPH,
	MD_HEADING,        /* level 1..6 */
	MD_LIST,           /* ordered, start, tight */
	MD_ITEM,           /* task: -1 not a task item, 0 "[ ]", 1 "[x]" */
	MD_CODE,           /* literal, info (fence info string; "" when indented) */
	MD_QUOTE,
	MD_HTML,           /* literal: raw HTML block text */
	MD_THEMATIC_BREAK,
	MD_TABLE,          /* ncols, align; children are MD_TABLE_ROW */
	MD_TABLE_ROW,      /* header: true for the first row; children are MD_TABLE_CELL */
	MD_TABLE_CELL,     /* inlines */
};

enum md_inline_type {
	MD_TEXT,       /* text */
	MD_CODE_SPAN,  /* text */
	MD_EMPH,       /* children */
	MD_STRONG,     /* children */
	MD_STRIKE,     /* children */
	MD_LINK,       /* children, url */
	MD_IMAGE,      /* children (the alt text), url */
	MD_SOFTBREAK,
	MD_LINEBREAK,
	MD_HTML_INLINE /* text */
};

struct md_inline {
	enum md_inline_type type;
	char *text;
	char *url;
	struct md_inline *children;
	struct md_inline *next;
	struct md_inline *parent;
};

struct md_block {
	enum md_block_type type;
	int level;          /* heading level */
	bool ordered;       /* list */
	int start;          /* list: first number */
	bool tight;         /* list */
	int task;           /* item: -1, 0 or 1 */
	bool header;        /* table row */
	int ncols;          /* table */
	char *align;        /* table: ncols chars of 'l', 'c', 'r' or 'n' */
	char *info;         /* code */
	char *literal;      /* code, html */
	struct md_inline *inlines; /* paragraph, heading, table cell */
	int line_start;     /* 1-based source lines, inclusive */
	int line_end;
	int col_start;      /* 1-based source column of the first character */
	struct md_block *children;
	struct md_block *next;
	struct md_block *parent;
};

/* Parse `len` bytes of UTF-8 markdown. Never returns NULL (allocation failure
 * dies). The caller frees the tree with md_free(). */
struct md_block *md_parse(const char *text, size_t len);

/* Free a tree returned by md_parse(), iteratively. NULL is fine. */
void md_free(struct md_block *root);

/* The plain text of an inline list: text and code spans as they are,
 * emphasis flattened, soft breaks as spaces, images as "[image: alt]", links
 * as their text. Caller frees. */
char *md_inline_text(const struct md_inline *first);

/* Pre-order iteration without recursion: the node after `b` inside the
 * subtree rooted at `root` (NULL at the end). With `skip_children`, `b`'s own
 * children are not entered. */
struct md_block *md_next(const struct md_block *root, const struct md_block *b,
			 bool skip_children);

#endif
