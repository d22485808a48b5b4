/* query.c - splitting a card query into free words and filters. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dkquiz/i18n.h"
#include "dkquiz/query.h"
#include "dkquiz/util.h"

static const struct {
	const char *name;
	unsigned flag;
} flag_names[QUERY_FLAG_COUNT] = {
	{ "new", QUERY_NEW },
	{ "learning", QUERY_LEARNING },
	{ "review", QUERY_REVIEW },
	{ "leech", QUERY_LEECH },
	{ "suspended", QUERY_SUSPENDED },
	{ "retired", QUERY_RETIRED },
};

const char *card_query_flag_name(unsigned flag)
{
	for (int i = 0; i < QUERY_FLAG_COUNT; i++)
		if (flag_names[i].flag == flag)
			return flag_names[i].name;
	return NULL;
}

unsigned card_query_flag_at(int i)
{
	return i >= 0 && i < QUERY_FLAG_COUNT ? flag_names[i].flag : 0;
}

void card_query_release(struct card_query *q)
{
	free(q->words);
	for (size_t i = 0; i < q->ndecks; i++)
		free(q->decks[i]);
	free(q->decks);
	for (size_t i = 0; i < q->ntags; i++)
		free(q->tags[i]);
	free(q->tags);
	memset(q, 0, sizeof(*q));
}

bool card_query_empty(const struct card_query *q)
{
	return !q->words && !q->ndecks && !q->ntags && !q->flags;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* The length of a filter name ("deck:") at p, 0 when p holds none. */
static size_t filter_prefix(const char *p, const char *name)
{
	size_t n = strlen(name);

	return !strncasecmp(p, name, n) ? n : 0;
}

/* Read a filter's value at *pp: a quoted string (to the next '"' or the end;
 * the value cannot hold a '"') or a run of non-space characters. */
static char *read_value(const char **pp)
{
	const char *p = *pp;
	size_t n;
	char *v;

	if (*p == '"') {
		p++;
		n = strcspn(p, "\"");
		v = xstrndup(p, n);
		p += n;
		if (*p == '"')
			p++;
	} else {
		for (n = 0; p[n] && !is_space(p[n]); n++)
			;
		v = xstrndup(p, n);
		p += n;
	}
	*pp = p;
	return v;
}

static void add_name(char ***v, size_t *n, char *name)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = name;
}

/* A value that is empty or only spaces names nothing. */
static bool blank(const char *s)
{
	while (is_space(*s))
		s++;
	return !*s;
}

int card_query_parse(const char *s, struct card_query *q, char **err)
{
	struct buf words = BUF_INIT;
	const char *p = s ? s : "";

	memset(q, 0, sizeof(*q));
	*err = NULL;
	for (;;) {
		size_t k;

		while (is_space(*p))
			p++;
		if (!*p)
			break;
		if ((k = filter_prefix(p, "deck:")) || (k = filter_prefix(p, "tag:"))) {
			bool deck = k == 5;
			char *v;

			p += k;
			v = read_value(&p);
			if (blank(v)) {
				*err = xstrdup(deck ? _("'deck:' needs a deck name, as in deck:Docker")
						    : _("'tag:' needs a tag, as in tag:network"));
				free(v);
				goto fail;
			}
			if (deck)
				add_name(&q->decks, &q->ndecks, v);
			else
				add_name(&q->tags, &q->ntags, v);
		} else if ((k = filter_prefix(p, "is:"))) {
			unsigned flag = 0;
			char *v;

			p += k;
			v = read_value(&p);
			for (int i = 0; i < QUERY_FLAG_COUNT; i++)
				if (!strcasecmp(v, flag_names[i].name))
					flag = flag_names[i].flag;
			if (!flag) {
				*err = xasprintf(_("unknown filter 'is:%s' (is: takes new, learning, review, "
						   "leech, suspended or retired)"), v);
				free(v);
				goto fail;
			}
			free(v);
			q->flags |= flag;
		} else {
			for (k = 0; p[k] && !is_space(p[k]); k++)
				;
			if (words.len)
				buf_addch(&words, ' ');
			buf_add(&words, p, k);
			p += k;
		}
	}
	q->words = words.len ? buf_detach(&words) : NULL;
	buf_release(&words);
	return 0;
fail:
	buf_release(&words);
	card_query_release(q);
	return -1;
}
