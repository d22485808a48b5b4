/* i18n.h - gettext shorthands. The text domain is bound in main(). */
#ifndef DKQUIZ_I18N_H
#define DKQUIZ_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)
#define P_(s, p, n) ngettext(s, p, n)

/* A message in a context, as gettext.h's pgettext(): the same English word
 * can then take two translations (a narrow column header, a label). */
static inline const char *pgettext_id(const char *id, const char *msgid)
{
	const char *t = gettext(id);

	return t == id ? msgid : t;
}
#define C_(ctx, s) pgettext_id(ctx "\004" s, s)

#endif
