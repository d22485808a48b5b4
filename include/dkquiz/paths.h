/* paths.h - where dkquiz keeps its data and finds its bundled content. */
#ifndef DKQUIZ_PATHS_H
#define DKQUIZ_PATHS_H

/* The default database: $XDG_DATA_HOME/dkquiz/dkquiz.db, or
 * ~/.local/share/dkquiz/dkquiz.db when XDG_DATA_HOME is unset, empty or
 * relative (the XDG rules). NULL when neither it nor HOME is usable. Caller
 * frees. */
char *paths_default_db(void);

/* Create the directories leading to `file` (mode 0700 for the last one).
 * Returns 0, or -1 after printing an error. */
int paths_make_parent(const char *file);

/* The bundled content directory (holding en/ and fr/): $DKQUIZ_CONTENT when
 * set, else the build tree's content/ when the program runs from it, else
 * $(datadir)/dkquiz/content. NULL if none exists. Caller frees. */
char *paths_content_dir(void);

/* The directory of compiled translations: $DKQUIZ_LOCALEDIR, the build
 * tree's build/locale, or the installed LOCALEDIR. Caller frees. */
char *paths_locale_dir(void);

/* The user's language for the bundled deck: "fr" when LC_ALL, LC_MESSAGES or
 * LANG (the first set) starts with "fr", else "en". */
const char *paths_user_lang(void);

/* An absolute, normalised form of `path` (realpath when it exists). Caller frees. */
char *paths_absolute(const char *path);

#endif
