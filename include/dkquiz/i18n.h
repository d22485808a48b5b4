/* i18n.h - gettext shorthands. The text domain is bound in main(). */
#ifndef DKQUIZ_I18N_H
#define DKQUIZ_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)
#define P_(s, p, n) ngettext(s, p, n)

#endif
