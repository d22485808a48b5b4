/* identity.c - stable card keys and duplicate detection.
 *
 * A key must survive edits elsewhere in the file, so it depends only on the
 * deck and the folded question (or on an explicit id), never on a line
 * number or on the card's position.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dkquiz/i18n.h"
#include "dkquiz/text.h"
#include "load_int.h"

bool identity_valid_id(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-' || c == ':' || c == '/'))
			return false;
	}
	return true;
}

char *identity_key(const char *deck, const char *front, const char *id, const char *lang)
{
	struct buf b = BUF_INIT;
	char hex[65];
	char *folded;

	if (id) {
		if (lang && *lang)
			return xasprintf("id:%s@%s", id, lang);
		return xasprintf("id:%s", id);
	}
	folded = text_fold(front ? front : "");
	buf_adds(&b, deck ? deck : "");
	buf_addch(&b, '\n');
	buf_adds(&b, folded);
	sha256_hex(b.s, b.len, hex);
	buf_release(&b);
	free(folded);
	hex[16] = '\0';
	return xasprintf("h:%s", hex);
}

/* FNV-1a: a table of card indexes, open addressing. */
static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

struct keyset {
	const char **keys;
	size_t *idx;
	size_t cap, n;
};

static void keyset_grow(struct keyset *ks);

/* Returns the index stored for `key`, or stores `i` and returns SIZE_MAX. */
static size_t keyset_put(struct keyset *ks, const char *key, size_t i)
{
	size_t slot;

	if ((ks->n + 1) * 2 > ks->cap)
		keyset_grow(ks);
	slot = (size_t)(hash_str(key) & (ks->cap - 1));
	while (ks->keys[slot]) {
		if (!strcmp(ks->keys[slot], key))
			return ks->idx[slot];
		slot = (slot + 1) & (ks->cap - 1);
	}
	ks->keys[slot] = key;
	ks->idx[slot] = i;
	ks->n++;
	return SIZE_MAX;
}

/* An empty set of `cap` slots (a power of two). */
static void keyset_alloc(struct keyset *ks, size_t cap)
{
	ks->cap = cap;
	ks->keys = xcalloc(cap, sizeof(*ks->keys));
	ks->idx = xcalloc(cap, sizeof(*ks->idx));
	ks->n = 0;
}

static void keyset_grow(struct keyset *ks)
{
	struct keyset old = *ks;

	keyset_alloc(ks, old.cap ? old.cap * 2 : 64);
	for (size_t s = 0; s < old.cap; s++)
		if (old.keys[s])
			keyset_put(ks, old.keys[s], old.idx[s]);
	free(old.keys);
	free(old.idx);
}

void identity_dedup(struct load_result *res)
{
	struct keyset ks;
	size_t cap = 64;
	/* next suffix to try for each first occurrence: keeps many copies of
	 * one question linear instead of retrying ~2, ~3 ... every time */
	int *next = xcalloc(res->ncards ? res->ncards : 1, sizeof(*next));

	/* room for every key at once, rather than doubling up to it */
	while (cap < 2 * res->ncards + 2)
		cap *= 2;
	keyset_alloc(&ks, cap);

	for (size_t i = 0; i < res->ncards; i++) {
		struct card *c = &res->cards[i];
		size_t prev = keyset_put(&ks, c->key, i);

		if (prev == SIZE_MAX)
			continue;
		if (!strncmp(c->key, "id:", 3))
			/* "id:NAME" or "id:NAME@LANG"; a cloze adds "#cN" */
			load_warn(res, c->line, _("duplicate id '%.*s', also at %s:%d"),
				  (int)strcspn(c->key + 3, "@#"), c->key + 3, res->path ? res->path : "",
				  res->cards[prev].line);
		else
			load_warn(res, c->line, _("duplicate question (first on line %d)"),
				  res->cards[prev].line);
		if (next[prev] < 2)
			next[prev] = 2;
		for (;; next[prev]++) {
			char *k = xasprintf("%s~%d", res->cards[prev].key, next[prev]);

			if (keyset_put(&ks, k, i) == SIZE_MAX) {
				/* the table now points at k, which the card owns */
				free(c->key);
				c->key = k;
				next[prev]++;
				break;
			}
			free(k);
		}
	}
	free(next);
	free(ks.keys);
	free(ks.idx);
}

/* ---- across files ------------------------------------------------------ */

struct load_seen {
	struct keyset ks;
	char **keys;          /* owned copies, the table points at them */
	char **files;         /* the file of each key, shared by its keys */
	int *lines;
	size_t n, cap;
};

struct load_seen *load_seen_new(void)
{
	return xcalloc(1, sizeof(struct load_seen));
}

void load_seen_add(struct load_seen *s, struct load_result *res)
{
	size_t n0 = res->ncards;
	char *file;

	if (!n0)
		return;
	file = xstrdup(res->path ? res->path : "");
	for (size_t i = 0; i < n0; i++) {
		const struct card *c = &res->cards[i];
		size_t prev;

		if (s->n == s->cap) {
			s->cap = s->cap ? 2 * s->cap : 64;
			s->keys = xrealloc(s->keys, s->cap * sizeof(*s->keys));
			s->files = xrealloc(s->files, s->cap * sizeof(*s->files));
			s->lines = xrealloc(s->lines, s->cap * sizeof(*s->lines));
		}
		s->keys[s->n] = xstrdup(c->key);
		prev = keyset_put(&s->ks, s->keys[s->n], s->n);
		if (prev == SIZE_MAX) {
			s->files[s->n] = file;
			s->lines[s->n] = c->line;
			s->n++;
			continue;
		}
		free(s->keys[s->n]);
		if (!strncmp(c->key, "id:", 3))
			load_warn(res, c->line, _("duplicate id '%.*s', also at %s:%d"),
				  (int)strcspn(c->key + 3, "@#"), c->key + 3, s->files[prev], s->lines[prev]);
		else
			load_warn(res, c->line, _("duplicate question, also in %s:%d"), s->files[prev],
				  s->lines[prev]);
	}
	/* the first key of this file owns the path; none did: no one needs it */
	if (!s->n || s->files[s->n - 1] != file)
		free(file);
}

void load_seen_free(struct load_seen *s)
{
	char *last = NULL;

	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		free(s->keys[i]);
		if (s->files[i] != last)
			free(s->files[i]);
		last = s->files[i];
	}
	free(s->keys);
	free(s->files);
	free(s->lines);
	free(s->ks.keys);
	free(s->ks.idx);
	free(s);
}
