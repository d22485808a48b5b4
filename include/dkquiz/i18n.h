/* i18n.h - gettext shorthands. The text domain is bound in main(). */
#ifndef DKQUIZ_I18N_H
#define DKQUIZ_I18N_H

#include <libintl.h>
#include <string.h>

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

/* The same for a string that must be a constant (an initialiser): NC_()
 * marks it and gives "ctx\004msgid"; C_msg() translates that, or gives the
 * msgid without its context. */
#define NC_(ctx, s) (ctx "\004" s)
static inline const char *C_msg(const char *id)
{
	const char *t = gettext(id), *m;

	if (t != id)
		return t;
	m = strchr(id, '\004');
	return m ? m + 1 : id;
}

#endif
