/* card.c - card ownership, names, option storage and JSON form. */
#include "dkquiz/card.h"

#include <stdlib.h>
#include <string.h>

#include "dkquiz/json.h"
#include "dkquiz/util.h"

static const char *const type_names[] = {
	[CARD_BASIC] = "basic",
	[CARD_REVERSED] = "reversed",
	[CARD_CLOZE] = "cloze",
	[CARD_MCQ] = "mcq",
	[CARD_TYPED] = "typed",
};

static const char *const shape_names[] = {
	[SHAPE_HEADING] = "heading",
	[SHAPE_LABELS] = "labels",
	[SHAPE_LIST] = "list",
	[SHAPE_DETAILS] = "details",
	[SHAPE_MARKERS] = "markers",
	[SHAPE_DEFINITION] = "definition",
	[SHAPE_TABLE] = "table",
	[SHAPE_LAB] = "lab",
	[SHAPE_CLOZE] = "cloze",
	[SHAPE_MCQ] = "mcq",
};

void card_release(struct card *c)
{
	if (!c)
		return;
	free(c->key);
	free(c->deck);
	free(c->file);
	for (size_t i = 0; i < c->nbreadcrumb; i++)
		free(c->breadcrumb[i]);
	free(c->breadcrumb);
	free(c->tags);
	free(c->front);
	free(c->back);
	card_options_free(c->options, c->noptions);
	free(c->note);
	free(c->answer_text);
	memset(c, 0, sizeof(*c));
}

char *card_mcq_back(const struct card_option *o, size_t n)
{
	struct buf b = BUF_INIT;
	size_t nright = 0;

	for (size_t i = 0; i < n; i++)
		nright += o[i].correct;
	for (size_t i = 0; i < n; i++) {
		if (!o[i].correct)
			continue;
		if (b.len)
			buf_addch(&b, '\n');
		buf_addf(&b, "%s%s", nright > 1 ? "- " : "", o[i].text ? o[i].text : "");
	}
	if (!b.s)
		return xstrdup("");
	return buf_detach(&b);
}

const char *card_type_name(enum card_type t)
{
	if ((size_t)t < ARRAY_SIZE(type_names) && type_names[t])
		return type_names[t];
	return "basic";
}

const char *card_shape_name(enum card_shape s)
{
	if ((size_t)s < ARRAY_SIZE(shape_names) && shape_names[s])
		return shape_names[s];
	return "heading";
}

int card_type_from_name(const char *name)
{
	if (!name)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(type_names); i++)
		if (!strcmp(name, type_names[i]))
			return (int)i;
	return -1;
}

char *card_options_encode(const struct card_option *o, size_t n)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < n; i++) {
		const char *p = o[i].text ? o[i].text : "";

		if (i)
			buf_addch(&b, '\n');
		buf_adds(&b, o[i].correct ? "+ " : "- ");
		for (; *p; p++) {
			if (*p == '\n')
				buf_adds(&b, "\\n");
			else if (*p == '\\')
				buf_adds(&b, "\\\\");
			else
				buf_addch(&b, *p);
		}
	}
	return buf_detach(&b);
}

struct card_option *card_options_decode(const char *s, size_t *n)
{
	struct card_option *o = NULL;
	size_t len = 0, cap = 0;

	*n = 0;
	if (!s || !*s)
		return NULL;
	while (*s) {
		const char *eol = strchr(s, '\n');
		size_t linelen = eol ? (size_t)(eol - s) : strlen(s);
		struct buf t = BUF_INIT;
		bool correct = s[0] == '+';
		size_t i = (linelen >= 2 && s[1] == ' ') ? 2 : (linelen ? 1 : 0);

		for (; i < linelen; i++) {
			if (s[i] == '\\' && i + 1 < linelen) {
				i++;
				buf_addch(&t, s[i] == 'n' ? '\n' : s[i]);
			} else {
				buf_addch(&t, s[i]);
			}
		}
		XGROW(o, len + 1, cap);
		o[len].text = buf_detach(&t);
		o[len].correct = correct;
		len++;
		s += linelen;
		if (*s == '\n')
			s++;
	}
	*n = len;
	return o;
}

void card_options_free(struct card_option *o, size_t n)
{
	if (!o)
		return;
	for (size_t i = 0; i < n; i++)
		free(o[i].text);
	free(o);
}

void card_json(struct buf *out, const struct card *c)
{
	bool first = true;

	buf_addch(out, '{');
	json_add_field_str(out, &first, "file", c->file ? c->file : "");
	json_add_field_int(out, &first, "line", c->line);
	json_add_field_str(out, &first, "deck", c->deck ? c->deck : "");
	json_add_key(out, &first, "breadcrumb");
	buf_addch(out, '[');
	for (size_t i = 0; i < c->nbreadcrumb; i++) {
		if (i)
			buf_addch(out, ',');
		json_add_string(out, c->breadcrumb[i]);
	}
	buf_addch(out, ']');
	json_add_field_str(out, &first, "type", card_type_name(c->type));
	json_add_field_str(out, &first, "shape", card_shape_name(c->shape));
	json_add_field_str(out, &first, "front", c->front ? c->front : "");
	json_add_field_str(out, &first, "back", c->back ? c->back : "");
	if (c->type == CARD_MCQ) {
		json_add_key(out, &first, "options");
		buf_addch(out, '[');
		for (size_t i = 0; i < c->noptions; i++) {
			bool f = true;

			if (i)
				buf_addch(out, ',');
			buf_addch(out, '{');
			json_add_field_str(out, &f, "text", c->options[i].text);
			json_add_field_bool(out, &f, "correct", c->options[i].correct);
			buf_addch(out, '}');
		}
		buf_addch(out, ']');
	}
	json_add_field_str(out, &first, "key", c->key ? c->key : "");
	if (c->tags && *c->tags)
		json_add_field_str(out, &first, "tags", c->tags);
	if (c->note)
		json_add_field_str(out, &first, "note", c->note);
	if (c->typeable)
		json_add_field_str(out, &first, "answer_text", c->answer_text ? c->answer_text : "");
	buf_addch(out, '}');
}
