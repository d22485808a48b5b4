/* actions.h - the one list of the UI's actions.
 *
 * Each entry: ACTION(name, label of the keys, help text, keys...). The key
 * dispatch (ui_action_of), the `?` help screen and ui_keys_table() all come
 * from this list; a screen reacts to actions, never to raw keys (except the
 * letters of a multiple-choice card and the typed-answer line editor).
 *
 * Keys are KC(c) for a character and KK(KEY_x) for a curses key code; up to
 * four per action, 0 for none.
 */
#ifndef DKQUIZ_UI_ACTIONS_H
#define DKQUIZ_UI_ACTIONS_H

#include <curses.h>
#include <stdio.h>

#define KC(c) ((int)(c))
#define KK(k) (0x1000000 | (int)(k))

#define UI_ACTIONS(ACTION) \
	ACTION(HELP, "?  F1", N_("Show or hide this help"), KC('?'), KK(KEY_F(1)), 0, 0) \
	ACTION(QUIT, "q", N_("Quit; during a review, end it and show the summary"), KC('q'), KC('Q'), 0, 0) \
	ACTION(ENTER, "Enter", N_("Home: review all due; review: reveal, submit, accept the grade"), KC('\n'), KC('\r'), KK(KEY_ENTER), 0) \
	ACTION(REVEAL, "Space", N_("Show the answer"), KC(' '), 0, 0, 0) \
	ACTION(REVIEW_DECK, "r  l  →", N_("Home: review the chosen deck only; browsed card: reset it to new"), KC('r'), 0, 0, 0) \
	ACTION(AGAIN, "1", N_("Grade: Again, forgotten"), KC('1'), 0, 0, 0) \
	ACTION(HARD, "2", N_("Grade: Hard, recalled with effort"), KC('2'), 0, 0, 0) \
	ACTION(GOOD, "3", N_("Grade: Good, recalled"), KC('3'), 0, 0, 0) \
	ACTION(EASY, "4", N_("Grade: Easy, recalled at once"), KC('4'), 0, 0, 0) \
	ACTION(UNDO, "u", N_("Undo the last grade (several levels)"), KC('u'), 0, 0, 0) \
	ACTION(EDIT, "e", N_("Edit the card's source in $VISUAL or $EDITOR"), KC('e'), 0, 0, 0) \
	ACTION(SEARCH, "/", N_("Home: browse the cards; browse: type a search"), KC('/'), 0, 0, 0) \
	ACTION(FILTER, "f", N_("Browse: cycle the state filter (new, learning, review, leech, suspended, retired)"), KC('f'), 0, 0, 0) \
	ACTION(SUSPEND, "s", N_("Suspend the card (browse: or unsuspend it)"), KC('s'), 0, 0, 0) \
	ACTION(BURY, "b", N_("Bury the card until tomorrow"), KC('b'), 0, 0, 0) \
	ACTION(WAIT, "w", N_("Wait for the next learning card"), KC('w'), 0, 0, 0) \
	ACTION(UP, "k  ↑", N_("Home: previous deck; review: scroll up"), KC('k'), KK(KEY_UP), 0, 0) \
	ACTION(DOWN, "j  ↓", N_("Home: next deck; review: scroll down"), KC('j'), KK(KEY_DOWN), 0, 0) \
	ACTION(PAGE_UP, "PgUp", N_("Scroll a page up"), KK(KEY_PPAGE), 0, 0, 0) \
	ACTION(PAGE_DOWN, "PgDn", N_("Scroll a page down"), KK(KEY_NPAGE), 0, 0, 0) \
	ACTION(LEFT, "h  ←", N_("Scroll code to the left"), KC('h'), KK(KEY_LEFT), 0, 0) \
	ACTION(RIGHT, "l  →", N_("Home: review the chosen deck; review: scroll code to the right"), KC('l'), KK(KEY_RIGHT), 0, 0) \
	ACTION(TOP, "g  Home", N_("Go to the top"), KC('g'), KK(KEY_HOME), 0, 0) \
	ACTION(BOTTOM, "G  End", N_("Go to the bottom"), KC('G'), KK(KEY_END), 0, 0) \
	ACTION(CANCEL, "Esc", N_("Close help; give up typing and show the answer"), KC(27), 0, 0, 0)

enum ui_action {
	ACT_NONE = 0,
#define UI_ACTION_ENUM(name, label, help, k1, k2, k3, k4) ACT_##name,
	UI_ACTIONS(UI_ACTION_ENUM)
#undef UI_ACTION_ENUM
	ACT_COUNT
};

/* The action bound to a key: `ch` as get_wch() returned it, `is_key` when it
 * returned KEY_CODE_YES. ACT_NONE when the key is not bound. */
enum ui_action ui_action_of(int ch, int is_key);

/* Print the key table, one action per line: "keys<TAB>help" (translated).
 * For scripts and the manual. */
void ui_keys_table(FILE *fp);

#endif
