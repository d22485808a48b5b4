/* paths.c - XDG data paths, bundled content and translations. */
#include "dkquiz/i18n.h"
#include "dkquiz/paths.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dkquiz/util.h"

#ifndef DATADIR
#define DATADIR "/usr/local/share"
#endif
#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

static const char *env_nonempty(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

char *paths_default_db(void)
{
	const char *xdg = env_nonempty("XDG_DATA_HOME");
	const char *home = env_nonempty("HOME");

	/* The XDG spec says relative values are invalid and must be ignored. */
	if (xdg && xdg[0] == '/')
		return xasprintf("%s/dkquiz/dkquiz.db", xdg);
	if (home)
		return xasprintf("%s/.local/share/dkquiz/dkquiz.db", home);
	return NULL;
}

int paths_make_parent(const char *file)
{
	char *dir = xstrdup(file);
	char *slash = strrchr(dir, '/');
	int ret = 0;

	if (!slash || slash == dir) {
		free(dir);
		return 0;
	}
	*slash = '\0';
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0755) && errno != EEXIST) {
			ret = error(_("cannot create directory '%s': %s"), dir, strerror(errno));
			goto out;
		}
		*p = '/';
	}
	if (mkdir(dir, 0700) && errno != EEXIST)
		ret = error(_("cannot create directory '%s': %s"), dir, strerror(errno));
out:
	free(dir);
	return ret;
}

static bool is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The directory above the running executable: the source tree when the
 * program is build/dkquiz. */
static char *exe_parent(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	if (!(slash = strrchr(buf, '/')))
		return NULL;
	*slash = '\0';
	if (!(slash = strrchr(buf, '/')))
		return NULL;
	*slash = '\0';
	return xstrdup(buf);
}

char *paths_content_dir(void)
{
	const char *env = env_nonempty("DKQUIZ_CONTENT");
	char *top, *p;

	if (env)
		return is_dir(env) ? xstrdup(env) : NULL;
	if ((top = exe_parent())) {
		p = xasprintf("%s/content", top);
		free(top);
		if (is_dir(p))
			return p;
		free(p);
	}
	p = xstrdup(DATADIR "/dkquiz/content");
	if (is_dir(p))
		return p;
	free(p);
	return NULL;
}

char *paths_locale_dir(void)
{
	const char *env = env_nonempty("DKQUIZ_LOCALEDIR");
	char *top, *p;

	if (env)
		return xstrdup(env);
	if ((top = exe_parent())) {
		p = xasprintf("%s/build/locale", top);
		free(top);
		if (is_dir(p))
			return p;
		free(p);
	}
	return xstrdup(LOCALEDIR);
}

const char *paths_user_lang(void)
{
	const char *vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

	for (size_t i = 0; i < ARRAY_SIZE(vars); i++) {
		const char *v = env_nonempty(vars[i]);

		if (v)
			return strncmp(v, "fr", 2) == 0 ? "fr" : "en";
	}
	return "en";
}

char *paths_absolute(const char *path)
{
	char buf[PATH_MAX];

	if (realpath(path, buf))
		return xstrdup(buf);
	if (path[0] == '/')
		return xstrdup(path);
	if (getcwd(buf, sizeof(buf)))
		return xasprintf("%s/%s", buf, path);
	return xstrdup(path);
}
