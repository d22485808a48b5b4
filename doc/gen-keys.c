/* gen-keys.c - the key lists of dkquiz(1), in mdoc, from the UI's action
 * list (src/ui/actions.h), the one the help screen shows.
 *
 *   gen-keys             print the lists (mdoc)
 *   gen-keys --markdown  print them as the tables of README.md
 *
 * `make doc/keys` puts them between the markers of doc/dkquiz.1 and of
 * README.md, and tests/e2e/doc.t fails when either holds other lists. No
 * locale is set: the text is the English of the sources.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../src/ui/actions.h"

/* A key as the manual names it. */
static void put_key(const char *k, size_t n)
{
	static const struct {
		const char *label, *man;
	} names[] = {
		{ "↑", "Up" }, { "↓", "Down" }, { "←", "Left" }, { "→", "Right" },
		{ "…", "\\&..." }, { "?", "\\&?" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i].label) == n && !memcmp(names[i].label, k, n)) {
			fputs(names[i].man, stdout);
			return;
		}
	fwrite(k, 1, n, stdout);
}

/* The keys of a label, two blanks apart: each call gives the next one in
 * *k and *n and moves *p past it; false at the end. */
static bool next_key(const char **p, const char **k, size_t *n)
{
	const char *sep;

	while (**p == ' ')
		(*p)++;
	if (!**p)
		return false;
	sep = strstr(*p, "  ");
	*k = *p;
	*n = sep ? (size_t)(sep - *p) : strlen(*p);
	*p += *n;
	return true;
}

/* ".It Ic a , b" */
static void put_label(const char *label)
{
	const char *p = label, *k;
	size_t n;
	bool first = true;

	fputs(".It Ic", stdout);
	while (next_key(&p, &k, &n)) {
		fputs(first ? " " : " , ", stdout);
		put_key(k, n);
		first = false;
	}
	fputc('\n', stdout);
}

/* "| `a`, F1 |": a key of one character in code, a named key as it is. */
static void md_label(const char *label)
{
	const char *p = label, *k;
	size_t n;
	bool first = true;

	fputs("|", stdout);
	while (next_key(&p, &k, &n)) {
		/* one character: one byte, or the bytes of one UTF-8 sequence
		 * (not the ellipsis that stands for more letters) */
		bool one = n == 1 || (((unsigned char)*k & 0xE0) == 0xC0 && n == 2) ||
			   (((unsigned char)*k & 0xF0) == 0xE0 && n == 3 && strncmp(k, "…", n));

		printf(one ? "%s `%.*s`" : "%s %.*s", first ? "" : ",", (int)n, k);
		first = false;
	}
	fputs(" |", stdout);
}

static int markdown(void)
{
	const char *section = NULL;

	for (int a = 1; a < ACT_COUNT; a++) {
		const char *s = ui_action_section((enum ui_action)a);

		if (!section || strcmp(section, s)) {
			printf("%s**%s**\n\n| Keys | Action |\n|------|--------|\n", section ? "\n" : "", s);
			section = s;
		}
		md_label(ui_action_label((enum ui_action)a));
		printf(" %s |\n", ui_action_help((enum ui_action)a));
	}
	return 0;
}

/* The help as a sentence; a line starting with a dot would be a request. */
static void put_help(const char *help)
{
	size_t n = strlen(help);

	if (*help == '.' || *help == '\'')
		fputs("\\&", stdout);
	fputs(help, stdout);
	if (n && help[n - 1] != '.')
		fputc('.', stdout);
	fputc('\n', stdout);
}

int main(int argc, char **argv)
{
	const char *section = NULL;

	if (argc > 1 && !strcmp(argv[1], "--markdown"))
		return markdown();

	for (int a = 1; a < ACT_COUNT; a++) {
		const char *s = ui_action_section((enum ui_action)a);

		if (!section || strcmp(section, s)) {
			if (section)
				puts(".El");
			printf(".Ss %s\n", s);
			puts(".Bl -tag -width \"PgUp , PgDn\"");
			section = s;
		}
		put_label(ui_action_label((enum ui_action)a));
		put_help(ui_action_help((enum ui_action)a));
	}
	if (section)
		puts(".El");
	return 0;
}
