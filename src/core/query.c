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

static void free_names(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void card_query_release(struct card_query *q)
{
	free(q->words);
	free_names(q->decks, q->ndecks);
	free_names(q->tags, q->ntags);
	free_names(q->not_decks, q->nnot_decks);
	free_names(q->not_tags, q->nnot_tags);
	memset(q, 0, sizeof(*q));
}

bool card_query_empty(const struct card_query *q)
{
	return !q->words && !q->ndecks && !q->ntags && !q->flags && !q->nnot_decks && !q->nnot_tags &&
	       !q->not_flags;
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
		const char *word;
		bool not;
		size_t k;

		while (is_space(*p))
			p++;
		if (!*p)
			break;
		/* a '-' negates the filter right after it; before anything
		 * else it is part of a word */
		word = p;
		not = *p == '-' && (filter_prefix(p + 1, "deck:") || filter_prefix(p + 1, "tag:") ||
				    filter_prefix(p + 1, "is:"));
		if (not)
			p++;
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
			if (deck && not)
				add_name(&q->not_decks, &q->nnot_decks, v);
			else if (deck)
				add_name(&q->decks, &q->ndecks, v);
			else if (not)
				add_name(&q->not_tags, &q->nnot_tags, v);
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
			if (not)
				q->not_flags |= flag;
			else
				q->flags |= flag;
		} else {
			p = word;
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
