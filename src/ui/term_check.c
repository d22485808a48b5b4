/* term_check.c - is TERM a terminal curses knows?
 *
 * Asked before newterm(): a failed newterm() leaves ncurses' screen memory
 * allocated for good, which leak checkers then report; setupterm() fails
 * without keeping anything. Kept apart from the other UI files because
 * <term.h> defines a macro for every terminfo capability name.
 */
/* First: <term.h> would turn names in it (lines, columns ...) into macros. */
#include "ui_int.h"

#include <curses.h>
#include <stdlib.h>
#include <term.h>
#include <unistd.h>

enum ui_term ui_term_check(void)
{
	const char *term = getenv("TERM");
	int err = 0;
	bool addressable;

	/* No terminal type named: nothing to draw with, as with "dumb". */
	if (!term || !*term)
		return UI_TERM_DUMB;
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK)
		return UI_TERM_UNKNOWN;
	/* Every screen is drawn by moving the cursor: without cursor
	 * addressing curses would scroll garbage down the terminal. */
	addressable = cursor_address && cursor_address != (char *)-1;
	del_curterm(cur_term);
	return addressable ? UI_TERM_OK : UI_TERM_DUMB;
}
