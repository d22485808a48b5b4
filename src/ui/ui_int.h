/* ui_int.h - what the UI's files share: the screen table, the screen
 * stack and the drawing helpers. Private to src/ui/. */
#ifndef DKQUIZ_UI_INT_H
#define DKQUIZ_UI_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dkquiz/render.h"
#include "dkquiz/ui.h"
#include "dkquiz/util.h"
#include "actions.h"

/* Style bits the UI adds to the renderer's (enum render_attr). */
enum ui_attr {
	UA_TITLE    = 1 << 20,   /* breadcrumb, headings of the UI itself */
	UA_DIM      = 1 << 21,
	UA_SELECTED = 1 << 22,   /* chosen row, suggested grade */
	UA_RIGHT    = 1 << 23,
	UA_WRONG    = 1 << 24,
	UA_KEY      = 1 << 25,   /* a key in a hint line */
	UA_NOTICE   = 1 << 26,
	UA_BAR      = 1 << 27    /* a bar of a chart */
};

/* A heatmap shade (1..4) as style bits: three bits from bit 28. */
#define UA_HEAT_SHIFT 28
#define UA_HEAT(level) ((unsigned)(level) << UA_HEAT_SHIFT)
#define UA_HEAT_MASK (7u << UA_HEAT_SHIFT)

struct ui;

/* A key as the screens see it: the action it is bound to, and the raw
 * character for the screens that take text (letters, the line editor). */
struct ui_key {
	enum ui_action act;
	int ch;
	bool is_key;   /* ch is a curses key code */
};

/* A screen: open makes its state from `arg`; draw paints the whole
 * terminal; key reacts; close frees the state. */
struct screen_ops {
	void *(*open)(struct ui *ui, void *arg);
	void (*draw)(struct ui *ui, void *st);
	void (*key)(struct ui *ui, void *st, const struct ui_key *k);
	void (*close)(struct ui *ui, void *st);
};

struct ui {
	const struct ui_source *src;
	const struct ui_options *opt;
	bool color;
	int rows, cols;
	struct {
		const struct screen_ops *ops;
		void *st;
	} stack[8];
	int depth;
	bool wants_cursor;   /* a screen placed the cursor (line editor) */
	struct buf messages; /* error() and warning() lines shown until a key */
	bool failed;         /* something could not be read or saved: exit 1 */
	int cursor_y, cursor_x;
};

extern const struct screen_ops home_screen, review_screen, summary_screen, help_screen;
/* The browse screen takes a struct ui_browse_arg (or NULL: every card); the
 * card screen a struct sess_card * the source owns (edit refreshes it). */
extern const struct screen_ops browse_screen, card_screen;
/* The statistics screen takes the const struct stats_report * to show. */
extern const struct screen_ops stats_screen;

/* The review screen takes a struct review_arg (or NULL: every deck, a new
 * session); with `s` it goes on with that session (the screen owns it). The
 * summary screen takes one with the session, which it owns. */
struct review_arg {
	const char *deck;    /* NULL: every deck; copied */
	struct session *s;
	const char *notice;  /* review: a message to show first, or NULL */
};

struct ui_browse_arg {
	const char *deck;    /* NULL: every deck */
	const char *query;   /* NULL: every card */
	bool search;         /* open with the query line taking the keys */
};

/* Open `ops` over the current screen. */
void ui_push(struct ui *ui, const struct screen_ops *ops, void *arg);
/* Close the top screen. */
void ui_pop(struct ui *ui);
/* Close the top screen and open `ops` in its place. */
void ui_replace(struct ui *ui, const struct screen_ops *ops, void *arg);
/* End curses for an outside program and come back. */
void ui_suspend(struct ui *ui);
void ui_resume(struct ui *ui);

/* `e` on a card: run the source's editor on `c` (of session `s`, or NULL)
 * with curses suspended, then come back. Returns what the source's edit
 * returned (0, 1: the card is no longer in the database, -1) and sets
 * *notice to NULL when the card was edited and is still in its file (its
 * text is refreshed), else to a translated message for the screen to show
 * (the edit failed, the card left its file, or it is gone). */
int ui_edit_card(struct ui *ui, struct session *s, struct sess_card *c, const char **notice);

/* Drawing: text is sanitised and clipped to the screen; widths are columns.
 * ui_put returns the column after the text. */
int ui_put(struct ui *ui, int y, int x, const char *s, unsigned attr);
int ui_putn(struct ui *ui, int y, int x, const char *s, size_t n, unsigned attr, int maxx);
/* One rendered line at row y; code lines shifted by hscroll columns. */
void ui_draw_line(struct ui *ui, int y, const struct render_line *l, int hscroll);
/* Fill a row with spaces in `attr`. */
void ui_fill(struct ui *ui, int y, unsigned attr);

/* A text editor (editor.c) for typed answers and queries: UTF-8 text of
 * one line, or of several with `multi` (Enter then starts a new line and
 * Up/Down move between lines; Tab puts two spaces). The keys: Left,
 * Right, Home/Ctrl-A and End/Ctrl-E (in the line), Backspace, Delete,
 * Ctrl-U (erase to the line's start), Ctrl-W (the word before); Enter
 * (one line) or Ctrl-D submit, Esc leaves. */
struct editor {
	struct buf text;
	size_t cur;     /* the cursor, a byte offset on a character boundary */
	bool multi;
};

enum editor_result {
	EDITOR_IGNORED,   /* not a key of the editor */
	EDITOR_USED,
	EDITOR_SUBMIT,    /* Enter (one line) or Ctrl-D */
	EDITOR_LEAVE      /* Esc */
};

void editor_init(struct editor *e, bool multi);
void editor_release(struct editor *e);
/* Replace the text (NULL: empty), the cursor at its end. */
void editor_set(struct editor *e, const char *s, bool multi);
const char *editor_text(const struct editor *e);
enum editor_result editor_key(struct editor *e, const struct ui_key *k);
/* Lines of the text (at least 1), and the line the cursor is on (0-based). */
int editor_lines(const struct editor *e);
int editor_cursor_line(const struct editor *e);
/* Draw line `line` of the text at row y, columns [x, maxx), shifted left
 * as far as the cursor's column needs to be seen; with `cursor`, place the
 * screen's cursor when it is on that line. */
void editor_draw(struct ui *ui, const struct editor *e, int line, int y, int x, int maxx,
		 bool cursor);

/* A list of lines the screens compose (a render_doc they own). */
void view_add(struct render_doc *v, const char *text, unsigned attr);
/* Move every line of `d` into `v` (d is freed), each prefixed: `first` on
 * the first line, `rest` on the others, both drawn in `pattr`. */
void view_take(struct render_doc *v, struct render_doc *d, const char *first,
	       const char *rest, unsigned pattr);
/* Its lines emptied (kept for reuse), or freed with view_release(). */
void view_clear(struct render_doc *v);
void view_release(struct render_doc *v);
/* `text` cut at blanks into lines of at most `width` columns (a word wider
 * is cut), the first after `pre` (in `pattr`), the others under it. */
void view_add_wrapped(struct render_doc *v, const char *pre, const char *text, int width,
		      unsigned pattr);

#endif
