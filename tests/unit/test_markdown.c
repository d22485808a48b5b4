/* test_markdown.c - the markdown tree, the loader's text recognisers, card
 * option storage and JSON escaping. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "../../src/load/load_int.h"
#include "dkquiz/card.h"
#include "dkquiz/json.h"
#include "dkquiz/markdown.h"
#include "dkquiz/util.h"

static struct md_block *parse(const char *s)
{
	return md_parse(s, strlen(s));
}

static void test_blocks_and_lines(void **state)
{
	struct md_block *doc = parse("# Title\n\npara one\nline two\n\n- [x] yes\n- [ ] no\n\n"
				     "```sh\necho hi\n```\n");
	const struct md_block *h, *p, *l, *c;
	char *t;

	(void)state;
	h = doc->children;
	assert_int_equal(h->type, MD_HEADING);
	assert_int_equal(h->level, 1);
	t = md_inline_text(h->inlines);
	assert_string_equal(t, "Title");
	free(t);
	p = h->next;
	assert_int_equal(p->type, MD_PARAGRAPH);
	assert_int_equal(p->line_start, 3);
	assert_int_equal(p->line_end, 4);
	t = md_inline_text(p->inlines);
	assert_string_equal(t, "para one line two");
	free(t);
	l = p->next;
	assert_int_equal(l->type, MD_LIST);
	assert_int_equal(l->children->task, 1);
	assert_int_equal(l->children->next->task, 0);
	assert_int_equal(l->children->children->col_start, 7);
	c = l->next;
	assert_int_equal(c->type, MD_CODE);
	assert_string_equal(c->info, "sh");
	assert_string_equal(c->literal, "echo hi\n");
	assert_int_equal(c->line_start, 9);
	assert_int_equal(c->line_end, 11);
	assert_ptr_equal(c->parent, doc);
	md_free(doc);
}

static void test_table_and_inlines(void **state)
{
	struct md_block *doc = parse("| a | b |\n|:--|--:|\n| **x** ![alt](i.png) | `y` |\n");
	const struct md_block *t = doc->children, *row;
	char *s;

	(void)state;
	assert_int_equal(t->type, MD_TABLE);
	assert_int_equal(t->ncols, 2);
	assert_string_equal(t->align, "lr");
	assert_true(t->children->header);
	row = t->children->next;
	assert_false(row->header);
	s = md_inline_text(row->children->inlines);
	assert_string_equal(s, "x [image: alt]");
	free(s);
	assert_int_equal(row->children->next->inlines->type, MD_CODE_SPAN);
	md_free(doc);
}

static void test_next_and_deep(void **state)
{
	struct buf b = BUF_INIT;
	struct md_block *doc;
	size_t n = 0;

	(void)state;
	for (int i = 0; i < 100000; i++)
		buf_adds(&b, "> ");
	buf_adds(&b, "deep *a **b***\n");
	doc = md_parse(b.s, b.len);
	for (const struct md_block *x = doc; x; x = md_next(doc, x, false))
		n++;
	assert_true(n > 100000);
	md_free(doc);
	buf_release(&b);
	md_free(NULL);
}

static void test_labels(void **state)
{
	const char *s = "**Réponse:**\nDocker permet";

	(void)state;
	assert_int_equal(label_answer(s, strlen(s)), strlen("**Réponse:**\n"));
	s = "Réponse : oui";
	assert_int_equal(label_answer(s, strlen(s)), strlen("Réponse : "));
	s = "**Answer**: yes";
	assert_int_equal(label_answer(s, strlen(s)), strlen("**Answer**: "));
	s = "A: yes";
	assert_int_equal(label_answer(s, strlen(s)), 3);
	s = "Answers vary";
	assert_int_equal(label_answer(s, strlen(s)), 0);
	s = "Question : Que fait x ?";
	assert_int_equal(label_front(s, strlen(s)), strlen("Question : "));
	assert_int_equal(label_heading("Recto"), 1);
	assert_int_equal(label_heading("Verso"), 2);
	assert_int_equal(label_heading("Back to basics"), 0);
}

static void test_question_prefix(void **state)
{
	int k;
	const char *s;

	(void)state;
	s = "Q3b: Quels sont";
	assert_int_equal(question_prefix(s, strlen(s), &k), 5);
	assert_int_equal(k, QP_QMARK);
	s = "Question 2 - Why";
	assert_int_equal(question_prefix(s, strlen(s), &k), 13);
	assert_int_equal(k, QP_QMARK);
	s = "Question 1.b.";
	question_prefix(s, strlen(s), &k);
	assert_int_equal(k, QP_LAB);
	s = "1. Visualisation";
	assert_int_equal(question_prefix(s, strlen(s), &k), 3);
	assert_int_equal(k, QP_NUMBER);
	/* markers without a number, in bold, after "Question N.", with a dash */
	s = "Q: Explain caching";
	assert_int_equal(question_prefix(s, strlen(s), &k), 3);
	assert_int_equal(k, QP_QMARK);
	s = "Question : Describe volumes";
	assert_int_equal(question_prefix(s, strlen(s), &k), 11);
	assert_int_equal(k, QP_QMARK);
	s = "**Q3:** Describe secrets";
	assert_int_equal(question_prefix(s, strlen(s), &k), 8);
	assert_int_equal(k, QP_QMARK);
	s = "**Q3**: Describe secrets";
	assert_int_equal(question_prefix(s, strlen(s), &k), 8);
	s = "Question 3. Explain nodes";
	assert_int_equal(question_prefix(s, strlen(s), &k), 12);
	assert_int_equal(k, QP_QMARK);
	s = "12 - What is a pod";
	assert_int_equal(question_prefix(s, strlen(s), &k), 5);
	assert_int_equal(k, QP_NUMBER);
	s = "Question 2 -";
	question_prefix(s, strlen(s), &k);
	assert_int_equal(k, QP_LAB);
	/* not markers */
	s = "Q&A session";
	assert_int_equal(question_prefix(s, strlen(s), &k), 0);
	s = "Q1-Q5 overview";
	assert_int_equal(question_prefix(s, strlen(s), &k), 0);
	s = "1.2 Installation";
	assert_int_equal(question_prefix(s, strlen(s), &k), 0);
	s = "**Q3: unclosed";
	assert_int_equal(question_prefix(s, strlen(s), &k), 0);
	s = "Questions fréquentes";
	assert_int_equal(question_prefix(s, strlen(s), &k), 0);
	assert_false(starts_interrogative("Visualisation et exécution", 27));
	assert_true(starts_interrogative("Qu'est-ce que", 13));
	assert_true(starts_interrogative("**Explain the basics", 20));
	assert_true(ends_question("Pourquoi ? ", 11));
	assert_false(ends_question("Non.", 4));
}

static void test_cloze(void **state)
{
	const char *s = "A {{c2::b::hint}} c {{c1::d}} {{c2::e}} {{x}}";
	int nums[4];
	char *r;

	(void)state;
	assert_int_equal(cloze_numbers(s, nums, 4), 2);
	assert_int_equal(nums[0], 1);
	assert_int_equal(nums[1], 2);
	r = cloze_render(s, 2);
	assert_string_equal(r, "A [hint] c d [...] {{x}}");
	free(r);
	r = cloze_render(s, 0);
	assert_string_equal(r, "A b c d e {{x}}");
	free(r);
	/* braces inside the text pair up before the closing "}}" */
	r = cloze_render("x {{c1::{a {b}}}} y {{c2::a}b}} z", 1);
	assert_string_equal(r, "x [...] y a}b z");
	free(r);
	r = cloze_render("x {{c1::{a {b}}}} y", 0);
	assert_string_equal(r, "x {a {b}} y");
	free(r);
	assert_true(cloze_unclosed("port {{c1::6443."));
	assert_false(cloze_unclosed("port {{c1::6443}} and {{x}}"));
}

static void test_text_helpers(void **state)
{
	char *r;

	(void)state;
	r = clean_markup("![a](x.png) and `![b](y)`\n```\n![c](z)\n```\n");
	assert_string_equal(r, "[image: a] and `![b](y)`\n```\n![c](z)\n```\n");
	free(r);
	r = clean_markup("![](img/n.png) ![ ](<a b.png> \"t\") <IMG src='s.gif' alt=\"logo\"/> <img src=d/x.png/>");
	assert_string_equal(r, "[image: n.png] [image: a b.png] [image: logo] [image: x.png]");
	free(r);
	r = clean_markup("a <!-- note --> b `<!-- kept -->` c <!-- two\nlines --> d\n<imgx>");
	assert_string_equal(r, "a b `<!-- kept -->` c d\n<imgx>");
	free(r);
	assert_true(text_only_images("[image: logo]"));
	assert_true(text_is_mark_only("..."));
	assert_true(text_is_mark_only(" \xE2\x80\xA6 ?"));
	assert_false(text_is_mark_only("... yes"));
	r = typed_answer("`kubectl get pods`.");
	assert_string_equal(r, "kubectl get pods");
	free(r);
	assert_true(text_only_images("[image: x.png]  \n_caption_"));
	assert_false(text_only_images("[image: x.png]\ntext"));
	assert_true(text_is_todo("TODO"));
	assert_true(text_is_todo("*TODO: write it*"));
	assert_false(text_is_todo("Todoist is an app"));
	r = typed_answer("`docker ps -a`");
	assert_string_equal(r, "docker ps -a");
	free(r);
	r = typed_answer("```sh\ndocker ps\n```");
	assert_string_equal(r, "docker ps");
	free(r);
	assert_null(typed_answer("`a` and `b`"));
	assert_null(typed_answer("```\na\nb\n```"));
}

static void test_definitions(void **state)
{
	struct definition d;
	const char *s;

	(void)state;
	s = "**Pod**: the smallest unit";
	assert_true(parse_definition(s, strlen(s), &d));
	assert_int_equal(d.kind, DEF_SEP);
	assert_memory_equal(s + d.term_start, "Pod", 3);
	assert_string_equal(s + d.rest, "the smallest unit");
	s = "`docker ps -a`: liste tout";
	assert_true(parse_definition(s, strlen(s), &d));
	assert_true(d.code);
	assert_int_equal(d.term_len, strlen("`docker ps -a`"));
	s = "\xE2\x9C\x85 **Isolation** : isolés";
	assert_true(parse_definition(s, strlen(s), &d));
	s = "A **Dockerfile** is a script";
	assert_true(parse_definition(s, strlen(s), &d));
	assert_int_equal(d.kind, DEF_VERB);
	s = "**KIND** (Kubernetes in Docker) est une alternative";
	assert_true(parse_definition(s, strlen(s), &d));
	s = "**FROM**: base image";
	assert_true(parse_definition(s, strlen(s), &d));
	assert_true(d.upper);
	s = "**Principes fondamentaux**";
	assert_false(parse_definition(s, strlen(s), &d));
	s = "**What is it?**: x";
	assert_false(parse_definition(s, strlen(s), &d));
	s = "Un fichier commence par **FROM**";
	assert_false(parse_definition(s, strlen(s), &d));
	/* callouts and steps are no terms */
	s = "**Note:** the kubelet runs everywhere";
	assert_false(parse_definition(s, strlen(s), &d));
	s = "**Attention :** les volumes restent";
	assert_false(parse_definition(s, strlen(s), &d));
	s = "**Étape 2** : initialiser";
	assert_false(parse_definition(s, strlen(s), &d));
	s = "**Step 1.2**: install";
	assert_false(parse_definition(s, strlen(s), &d));
	s = "**Steps**: the order of things";
	assert_true(parse_definition(s, strlen(s), &d));
	s = "**Notebook**: a document";
	assert_true(parse_definition(s, strlen(s), &d));
}

static void test_options_roundtrip(void **state)
{
	struct card_option o[2] = { { (char *)"a\nb\\c", true }, { (char *)"`-p`", false } };
	char *enc = card_options_encode(o, 2);
	struct card_option *d;
	size_t n;

	(void)state;
	assert_string_equal(enc, "+ a\\nb\\\\c\n- `-p`");
	d = card_options_decode(enc, &n);
	assert_int_equal(n, 2);
	assert_string_equal(d[0].text, "a\nb\\c");
	assert_true(d[0].correct);
	assert_string_equal(d[1].text, "`-p`");
	assert_false(d[1].correct);
	card_options_free(d, n);
	free(enc);
	assert_int_equal(card_type_from_name("mcq"), CARD_MCQ);
	assert_int_equal(card_type_from_name("nope"), -1);
	assert_string_equal(card_shape_name(SHAPE_LAB), "lab");
}

static void test_json(void **state)
{
	struct buf b = BUF_INIT;
	bool first = true;

	(void)state;
	buf_addch(&b, '{');
	json_add_field_str(&b, &first, "k", "a\"b\\c\n\x01\xE2\x80\xA8\xC3\xA9");
	json_add_field_int(&b, &first, "n", -3);
	json_add_field_bool(&b, &first, "t", true);
	buf_addch(&b, '}');
	assert_string_equal(b.s, "{\"k\":\"a\\\"b\\\\c\\n\\u0001\\u2028\xC3\xA9\",\"n\":-3,\"t\":true}");
	buf_reset(&b);
	json_add_strn(&b, "\xFF", 1);
	assert_string_equal(b.s, "\"\xEF\xBF\xBD\"");
	buf_reset(&b);
	json_add_string(&b, NULL);
	assert_string_equal(b.s, "null");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks_and_lines),
		cmocka_unit_test(test_table_and_inlines),
		cmocka_unit_test(test_next_and_deep),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_question_prefix),
		cmocka_unit_test(test_cloze),
		cmocka_unit_test(test_text_helpers),
		cmocka_unit_test(test_definitions),
		cmocka_unit_test(test_options_roundtrip),
		cmocka_unit_test(test_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
