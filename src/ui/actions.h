/* actions.h - the one list of the UI's actions.
 *
 * Each entry: ACTION(name, section, label of the keys, help text, keys...).
 * The key dispatch (ui_action_of), the `?` help screen, ui_keys_table() and
 * the KEYS section of the manual (doc/gen-keys.c, `make doc/keys`) all come
 * from this list; a screen reacts to actions, never to raw keys, except
 * where it takes text: the option letters of a multiple-choice card and the
 * editor of a typed answer. Those keys are listed here too, in their own
 * sections and bound to nothing, so that the help and the manual show them.
 *
 * Keys are KC(c) for a character and KK(KEY_x) for a curses key code; up to
 * four per action, 0 for none. Labels list the keys two blanks apart, as
 * the help shows them; a label that names keys (Enter, Home ...) is marked
 * for translation in the context "key".
 */
#ifndef DKQUIZ_UI_ACTIONS_H
#define DKQUIZ_UI_ACTIONS_H

#include <curses.h>
#include <stdio.h>

#include "dkquiz/i18n.h"

#define KC(c) ((int)(c))
#define KK(k) (0x1000000 | (int)(k))

/* The sections of the list, in the order they are shown. */
#define UI_SECTION_KEYS N_("Commands")
#define UI_SECTION_MCQ N_("Answering a multiple-choice card")
#define UI_SECTION_TYPED N_("Answering a typed card")


#define UI_ACTIONS(ACTION) \
	ACTION(HELP, UI_SECTION_KEYS, "?  F1", N_("Show or hide this help"), KC('?'), KK(KEY_F(1)), 0, 0) \
	ACTION(QUIT, UI_SECTION_KEYS, "q  Q", N_("Quit; during a review, end it and show the summary"), KC('q'), KC('Q'), 0, 0) \
	ACTION(ENTER, UI_SECTION_KEYS, NC_("key", "Enter"), N_("Home: review all due; review: reveal, check the answer, accept the suggested grade"), KC('\n'), KC('\r'), KK(KEY_ENTER), 0) \
	ACTION(REVEAL, UI_SECTION_KEYS, NC_("key", "Space"), N_("Show the answer"), KC(' '), 0, 0, 0) \
	ACTION(REVIEW_DECK, UI_SECTION_KEYS, "r", N_("Home: review the chosen deck only; browsed card: reset it to new, after a y"), KC('r'), 0, 0, 0) \
	ACTION(AGAIN, UI_SECTION_KEYS, "1", N_("Grade: Again, forgotten"), KC('1'), 0, 0, 0) \
	ACTION(HARD, UI_SECTION_KEYS, "2", N_("Grade: Hard, recalled with effort"), KC('2'), 0, 0, 0) \
	ACTION(GOOD, UI_SECTION_KEYS, "3", N_("Grade: Good, recalled"), KC('3'), 0, 0, 0) \
	ACTION(EASY, UI_SECTION_KEYS, "4", N_("Grade: Easy, recalled at once"), KC('4'), 0, 0, 0) \
	ACTION(UNDO, UI_SECTION_KEYS, "u", N_("Undo the last grade, up to 100 one after the other; on the summary too"), KC('u'), 0, 0, 0) \
	ACTION(EDIT, UI_SECTION_KEYS, "e", N_("Edit the card's source in $VISUAL or $EDITOR, then import it again"), KC('e'), 0, 0, 0) \
	ACTION(SEARCH, UI_SECTION_KEYS, "/", N_("Home: browse the cards; browse: type a search"), KC('/'), 0, 0, 0) \
	ACTION(FILTER, UI_SECTION_KEYS, "f", N_("Browse: cycle the state filter (new, learning, review, leech, suspended, retired, none)"), KC('f'), 0, 0, 0) \
	ACTION(SUSPEND, UI_SECTION_KEYS, "s", N_("Suspend the card (browse: or unsuspend it)"), KC('s'), 0, 0, 0) \
	ACTION(BURY, UI_SECTION_KEYS, "b", N_("Bury the card until tomorrow"), KC('b'), 0, 0, 0) \
	ACTION(WAIT, UI_SECTION_KEYS, "w", N_("When only learning cards not yet due are left: wait for the next one"), KC('w'), 0, 0, 0) \
	ACTION(UP, UI_SECTION_KEYS, "k  ↑", N_("Home: previous deck; review: scroll up"), KC('k'), KK(KEY_UP), 0, 0) \
	ACTION(DOWN, UI_SECTION_KEYS, "j  ↓", N_("Home: next deck; review: scroll down"), KC('j'), KK(KEY_DOWN), 0, 0) \
	ACTION(PAGE_UP, UI_SECTION_KEYS, NC_("key", "PgUp"), N_("Scroll a page up"), KK(KEY_PPAGE), 0, 0, 0) \
	ACTION(PAGE_DOWN, UI_SECTION_KEYS, NC_("key", "PgDn"), N_("Scroll a page down"), KK(KEY_NPAGE), 0, 0, 0) \
	ACTION(LEFT, UI_SECTION_KEYS, "h  ←", N_("Scroll wide code to the left"), KC('h'), KK(KEY_LEFT), 0, 0) \
	ACTION(RIGHT, UI_SECTION_KEYS, "l  →", N_("Home: review the chosen deck; review: scroll wide code to the right"), KC('l'), KK(KEY_RIGHT), 0, 0) \
	ACTION(TOP, UI_SECTION_KEYS, NC_("key", "g  Home"), N_("Go to the top"), KC('g'), KK(KEY_HOME), 0, 0) \
	ACTION(BOTTOM, UI_SECTION_KEYS, NC_("key", "G  End"), N_("Go to the bottom"), KC('G'), KK(KEY_END), 0, 0) \
	ACTION(CANCEL, UI_SECTION_KEYS, NC_("key", "Esc"), N_("Close the help or the search; on a typed card after Esc, show the answer"), KC(27), 0, 0, 0) \
	ACTION(ANSWER, UI_SECTION_KEYS, NC_("key", "i  Tab"), N_("Typed or multiple-choice card, after Esc: back to answering"), KC('i'), KC('\t'), 0, 0) \
	ACTION(MCQ_LETTER, UI_SECTION_MCQ, "a  b  c  …", N_("Tick or untick an option"), 0, 0, 0, 0) \
	ACTION(MCQ_CHECK, UI_SECTION_MCQ, NC_("key", "Enter  Space"), N_("Check the options ticked"), 0, 0, 0, 0) \
	ACTION(MCQ_LEAVE, UI_SECTION_MCQ, NC_("key", "Esc"), N_("Leave answering: the keys are commands again (b bury, e edit, u undo ...)"), 0, 0, 0, 0) \
	ACTION(TYPE_CHECK, UI_SECTION_TYPED, NC_("key", "Enter"), N_("Check the answer; an answer of several lines: start a new line"), 0, 0, 0, 0) \
	ACTION(TYPE_DONE, UI_SECTION_TYPED, NC_("key", "Ctrl-D  Alt-Enter"), N_("Check the answer, of one line or several (Alt-Enter: the same as Esc, then Enter)"), 0, 0, 0, 0) \
	ACTION(TYPE_MOVE, UI_SECTION_TYPED, NC_("key", "←  →  Home  End"), N_("Move in the line (Ctrl-A, Ctrl-E: its start, its end)"), 0, 0, 0, 0) \
	ACTION(TYPE_LINE, UI_SECTION_TYPED, "↑  ↓", N_("An answer of several lines: the line above or below"), 0, 0, 0, 0) \
	ACTION(TYPE_ERASE, UI_SECTION_TYPED, NC_("key", "Backspace  Delete"), N_("Erase the character before or under the cursor"), 0, 0, 0, 0) \
	ACTION(TYPE_KILL, UI_SECTION_TYPED, "Ctrl-U  Ctrl-W", N_("Erase to the start of the line; erase the word before the cursor"), 0, 0, 0, 0) \
	ACTION(TYPE_TAB, UI_SECTION_TYPED, NC_("key", "Tab"), N_("An answer of several lines: two spaces"), 0, 0, 0, 0) \
	ACTION(TYPE_LEAVE, UI_SECTION_TYPED, NC_("key", "Esc"), N_("Leave answering: the keys are commands again; Esc or Space then shows the answer"), 0, 0, 0, 0)

enum ui_action {
	ACT_NONE = 0,
#define UI_ACTION_ENUM(name, section, label, help, k1, k2, k3, k4) ACT_##name,
	UI_ACTIONS(UI_ACTION_ENUM)
#undef UI_ACTION_ENUM
	ACT_COUNT
};

/* The action bound to a key: `ch` as get_wch() returned it, `is_key` when it
 * returned KEY_CODE_YES. ACT_NONE when the key is not bound. */
enum ui_action ui_action_of(int ch, int is_key);

/* An action's section, key label and help, translated; NULL for ACT_NONE
 * and past the list. */
const char *ui_action_section(enum ui_action a);
const char *ui_action_label(enum ui_action a);
const char *ui_action_help(enum ui_action a);

/* Print the key table, one action per line: "keys<TAB>help" (translated).
 * For scripts and the manual. */
void ui_keys_table(FILE *fp);

#endif
