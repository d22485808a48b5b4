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
#include <term.h>
#include <unistd.h>

bool ui_term_known(void)
{
	int err = 0;

	if (setupterm(NULL, STDOUT_FILENO, &err) != OK)
		return false;
	del_curterm(cur_term);
	return true;
}
