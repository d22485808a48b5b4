/* render.h - markdown to styled, wrapped lines for a given width.
 *
 * Pure: no I/O, no curses. The renderer turns a card's markdown into lines
 * of UTF-8 text whose byte ranges carry abstract styles (bold, code, a
 * syntax-highlighting class ...); the curses UI maps those to attributes and
 * colours, and --plain prints render_plain()'s text.
 *
 * Widths are display columns (text.h's tables), never bytes. Everything
 * drawn comes through text_sanitize(): control characters and escape
 * sequences in a card show as visible placeholders ("␛[31m") and never reach
 * the terminal. Nesting of any depth renders without recursion; past a
 * third of the width, deeper lists and quotes stop indenting.
 */
#ifndef DKQUIZ_RENDER_H
#define DKQUIZ_RENDER_H

#include <stdbool.h>
#include <stddef.h>

/* Style bits of a span; several may be set at once. */
enum render_attr {
	RA_BOLD        = 1 << 0,
	RA_ITALIC      = 1 << 1,
	RA_CODE        = 1 << 2,   /* inline code span */
	RA_STRIKE      = 1 << 3,
	RA_LINK        = 1 << 4,   /* a link's text */
	RA_HEADING     = 1 << 5,
	RA_QUOTE       = 1 << 6,   /* text inside a block quote */
	RA_FRAME       = 1 << 7,   /* box drawing: code frames, table rules, thematic breaks */
	RA_MARKER      = 1 << 8,   /* list bullets and numbers, quote bars, task boxes */
	RA_PLACEHOLDER = 1 << 9,   /* "[image: alt]" */
	RA_CODEBLOCK   = 1 << 10,  /* text of a fenced or indented code block */
	RA_TABLE_HEAD  = 1 << 11,  /* a table's header cells */
	RA_DIM         = 1 << 12   /* raw HTML, the code block's language tag */
};

/* Syntax-highlighting classes inside code blocks. */
enum hl_class {
	HL_NONE = 0,
	HL_KEYWORD,    /* Dockerfile instructions, shell keywords, true/false/null */
	HL_STRING,
	HL_COMMENT,
	HL_NUMBER,
	HL_KEY,        /* YAML and JSON keys */
	HL_VARIABLE,   /* $VAR, ${VAR}, YAML anchors and aliases */
	HL_PUNCT,      /* JSON/YAML punctuation, a shell prompt, "---" */
	HL_COMMAND,    /* the command word of a shell line */
	HL_FLAG        /* -x, --long */
};
#define HL_NCLASSES 10

struct render_span {
	size_t off, len;    /* bytes of the line's text */
	unsigned attr;      /* enum render_attr bits */
	enum hl_class hl;
};

struct render_line {
	char *text;         /* UTF-8, sanitised, no newline */
	struct render_span *spans; /* in order; bytes not covered are plain */
	size_t nspans;
	int width;          /* display columns of text */
	/* -1: the line fits the width it was rendered for. Otherwise the line
	 * is code that was not wrapped: columns before scroll_col (the frame)
	 * stay put and the viewer shifts the rest horizontally. */
	int scroll_col;
};

struct render_doc {
	struct render_line *lines;
	size_t n, cap;
	int max_width;      /* the widest line, for horizontal scrolling */
};

/* Render `md` (UTF-8 markdown, NULL taken as "") for `width` columns
 * (clamped to at least 8). Paragraphs, headings, list items and table cells
 * wrap at word boundaries (between any two wide CJK characters too; a word
 * longer than the width is cut); code blocks are framed, highlighted for
 * YAML, Dockerfile, shell and JSON, and never wrapped. The caller frees the
 * result with render_doc_free(). Never returns NULL. */
struct render_doc *render_md(const char *md, int width);
void render_doc_free(struct render_doc *d);

/* The same layout as plain text for --plain mode, lines joined with "\n"
 * (no final newline): no escape sequences, no box drawing; bullets "-",
 * quotes "> ", code indented by 4 spaces, tables as "a | b" rows (the
 * further lines of a long row indented by 2 spaces), images as
 * "[image: alt]". width <= 0 means no wrapping. Caller frees. */
char *render_plain(const char *md, int width);

/* The lines of render_plain(md, 0), with their spans: the same text, not
 * wrapped, and the styles it lost. Free with render_doc_free(). */
struct render_doc *render_plain_doc(const char *md);

/* ---- syntax highlighting (src/render/highlight.c) ----------------------- */

enum hl_lang { HL_LANG_NONE, HL_LANG_YAML, HL_LANG_DOCKERFILE, HL_LANG_SHELL, HL_LANG_JSON };

/* The language of a fence info string ("yaml", "yml", "Dockerfile",
 * "sh", "bash", "console", "json" ...; only its first word counts). */
enum hl_lang hl_lang_from_info(const char *info);

struct hl_token {
	size_t off, len;
	enum hl_class cls;
};

/* Highlight one line (`len` bytes, no newline) of a block in `lang`.
 * `*state` carries what spans lines (a Dockerfile continuation, a JSON or
 * YAML string): set it to 0 before the first line. Writes at most `max`
 * tokens, in order and not overlapping, to `out`, and returns how many. */
size_t hl_line(enum hl_lang lang, const char *line, size_t len, int *state,
	       struct hl_token *out, size_t max);

#endif
