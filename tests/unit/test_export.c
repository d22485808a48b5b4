/* test_export.c - cards to CSV, TSV and markdown, and back through the
 * loader: quoting, round trips byte for byte, cloze notes, the search
 * query quoting, Anki plain text with HTML. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dkquiz/card.h"
#include "dkquiz/export.h"
#include "dkquiz/load.h"
#include "dkquiz/store.h"
#include "dkquiz/util.h"

static void load_text(const char *name, const char *text, struct load_result *res)
{
	assert_int_equal(load_buffer(name, text, strlen(text), NULL, res), 0);
}

static const struct card **pointers(const struct load_result *r)
{
	const struct card **v = xcalloc(r->ncards ? r->ncards : 1, sizeof(*v));

	for (size_t i = 0; i < r->ncards; i++)
		v[i] = &r->cards[i];
	return v;
}

static char *md_of(const struct load_result *r)
{
	struct buf b = BUF_INIT;
	const struct card **v = pointers(r);

	export_md_deck(&b, v, r->ncards);
	free(v);
	return buf_detach(&b);
}

/* export -> load -> export gives the same bytes and the same cards. */
static char *md_round_trip(const char *name, const char *text)
{
	struct load_result a, b;
	char *m1, *m2;

	load_text(name, text, &a);
	m1 = md_of(&a);
	load_text("exported.md", m1, &b);
	m2 = md_of(&b);
	if (strcmp(m1, m2))
		fprintf(stderr, "--- first\n%s\n--- second\n%s\n", m1, m2);
	assert_string_equal(m1, m2);
	assert_int_equal(b.nwarnings, 0);
	assert_int_equal(a.ncards, b.ncards);
	for (size_t i = 0; i < a.ncards; i++) {
		assert_int_equal(a.cards[i].type, b.cards[i].type);
		assert_string_equal(a.cards[i].back, b.cards[i].back);
		assert_int_equal(a.cards[i].noptions, b.cards[i].noptions);
	}
	free(m2);
	load_result_release(&a);
	load_result_release(&b);
	return m1;
}

static void test_field_quoting(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	export_field(&b, "plain été", ',');
	assert_string_equal(b.s, "plain été");
	buf_reset(&b);
	export_field(&b, "a,b", ',');
	assert_string_equal(b.s, "\"a,b\"");
	buf_reset(&b);
	export_field(&b, "say \"hi\"", ',');
	assert_string_equal(b.s, "\"say \"\"hi\"\"\"");
	buf_reset(&b);
	export_field(&b, "two\nlines", ',');
	assert_string_equal(b.s, "\"two\nlines\"");
	buf_reset(&b);
	export_field(&b, " padded", ',');
	assert_string_equal(b.s, "\" padded\"");
	buf_reset(&b);
	/* a comma needs no quotes in TSV, a tab does */
	export_field(&b, "a,b", '\t');
	assert_string_equal(b.s, "a,b");
	buf_reset(&b);
	export_field(&b, "a\tb", '\t');
	assert_string_equal(b.s, "\"a\tb\"");
	buf_reset(&b);
	export_field(&b, "", ',');
	assert_string_equal(b.s, "");
	buf_release(&b);
}

static void test_csv_row(void **state)
{
	struct card c = { 0 };
	struct buf b = BUF_INIT;

	(void)state;
	c.front = (char *)"Qu'est-ce qu'un \"conteneur\", déjà ?";
	c.back = (char *)"Un processus isolé,\navec ses namespaces.";
	c.tags = (char *)"docker bases";
	c.deck = (char *)"Docker::Bases";
	c.type = CARD_BASIC;
	export_csv_header(&b);
	export_csv_row(&b, &c);
	assert_string_equal(b.s,
		"front,back,tags,deck,type\r\n"
		"\"Qu'est-ce qu'un \"\"conteneur\"\", déjà ?\",\"Un processus isolé,\navec ses namespaces.\","
		"docker bases,Docker::Bases,basic\r\n");
	buf_release(&b);
}

static const char tricky[] =
	"front,back,tags,deck,type\r\n"
	"\"Comma, \"\"quote\"\" and é?\",\"Line one\nLine two, with \"\"quotes\"\"\",a b,Mix,basic\r\n"
	"Which command lists containers?,`docker ps`,cli,Mix,typed\r\n"
	"Ünïcödé ✓ ?,réponse ; avec point-virgule,,Mix,basic\r\n";

static void test_csv_round_trip(void **state)
{
	struct load_result r, r2;
	struct buf b = BUF_INIT;

	(void)state;
	load_text("cards.csv", tricky, &r);
	assert_int_equal(r.ncards, 3);
	assert_int_equal(r.nwarnings, 0);
	assert_string_equal(r.cards[0].front, "Comma, \"quote\" and é?");
	assert_string_equal(r.cards[0].back, "Line one\nLine two, with \"quotes\"");
	assert_string_equal(r.cards[0].tags, "a b");
	assert_string_equal(r.cards[0].deck, "Mix");
	assert_int_equal(r.cards[1].type, CARD_TYPED);
	assert_string_equal(r.cards[1].answer_text, "docker ps");
	assert_int_equal(r.cards[0].line, 2);
	assert_int_equal(r.cards[1].line, 4);
	export_csv_header(&b);
	for (size_t i = 0; i < r.ncards; i++)
		export_csv_row(&b, &r.cards[i]);
	/* the same bytes back */
	assert_string_equal(b.s, tricky);
	load_text("again.csv", b.s, &r2);
	assert_int_equal(r2.ncards, 3);
	for (size_t i = 0; i < 3; i++) {
		assert_string_equal(r.cards[i].key, r2.cards[i].key);
		assert_string_equal(r.cards[i].back, r2.cards[i].back);
	}
	buf_release(&b);
	load_result_release(&r);
	load_result_release(&r2);
}

static void test_tsv_round_trip(void **state)
{
	struct load_result r, r2;
	struct buf b = BUF_INIT, b2 = BUF_INIT;

	(void)state;
	load_text("cards.csv", tricky, &r);
	export_tsv_header(&b);
	for (size_t i = 0; i < r.ncards; i++)
		export_tsv_row(&b, &r.cards[i]);
	assert_true(!strncmp(b.s, "#separator:tab\n#html:false\n#tags column:3\n", 42));
	/* an Anki file is recognised by its header whatever its name */
	load_text("notes.txt", b.s, &r2);
	assert_int_equal(r2.ncards, 3);
	assert_int_equal(r2.nwarnings, 0);
	export_tsv_header(&b2);
	for (size_t i = 0; i < r2.ncards; i++) {
		assert_string_equal(r.cards[i].front, r2.cards[i].front);
		assert_string_equal(r.cards[i].back, r2.cards[i].back);
		assert_string_equal(r.cards[i].tags, r2.cards[i].tags);
		export_tsv_row(&b2, &r2.cards[i]);
	}
	assert_string_equal(b.s, b2.s);
	buf_release(&b);
	buf_release(&b2);
	load_result_release(&r);
	load_result_release(&r2);
}

static void test_anki_html(void **state)
{
	struct load_result r;

	(void)state;
	load_text("anki.txt",
		  "#separator:tab\n#html:true\n#tags column:3\n#deck:Imported\n"
		  "What is <b>Docker</b>?\tA platform&nbsp;for <i>containers</i><br>&lt;b&gt; &amp; &#233;&#x2713;\tdocker\n"
		  "<div>No answer</div>\t\t\n",
		  &r);
	assert_int_equal(r.ncards, 1);
	assert_string_equal(r.deck, "Imported");
	assert_string_equal(r.cards[0].front, "What is Docker?");
	assert_string_equal(r.cards[0].back, "A platform for containers\n<b> & é\xE2\x9C\x93");
	assert_string_equal(r.cards[0].tags, "docker");
	assert_int_equal(r.nwarnings, 1);
	load_result_release(&r);
}

static void test_csv_without_header(void **state)
{
	struct load_result r;

	(void)state;
	load_text("plain.tsv", "Q1?\tA1\tt1\nQ2?\tA2\n", &r);
	assert_int_equal(r.ncards, 2);
	assert_int_equal(r.nwarnings, 1);
	assert_string_equal(r.deck, "plain");
	assert_string_equal(r.cards[0].tags, "t1");
	load_result_release(&r);
}

static void test_md_id(void **state)
{
	char *s;

	(void)state;
	s = export_md_id("id:df-layer@en");
	assert_string_equal(s, "df-layer");
	free(s);
	s = export_md_id("id:cli/ps.all");
	assert_string_equal(s, "cli/ps.all");
	free(s);
	s = export_md_id("id:cz@fr#c2");
	assert_string_equal(s, "cz");
	free(s);
	s = export_md_id("h:0123456789abcdef~3");
	assert_string_equal(s, "h-0123456789abcdef-3");
	free(s);
	s = export_md_id("h:0123456789abcdef#r");
	assert_string_equal(s, "h-0123456789abcdef");
	free(s);
}

static const char shapes[] =
	"---\ndeck: Test::Shapes\ntags: t1 t2\nlang: en\n---\n\n"
	"# Title\n\n"
	"## Section A\n\n"
	"### What is a container?\n\nAn isolated process.\n\nWith **namespaces**.\n\n"
	"<!-- id: pick -->\n### Which are runtimes?\n\n- [x] runc\n- [ ] bash\n- [x] crun\n\n"
	"<!-- id: pick-one -->\n### Which one starts a Dockerfile?\n\n- [ ] RUN\n- [x] FROM\n\nFROM picks the base.\n\n"
	"<!-- id: list-after -->\n### Which option is right?\n\n- [x] this\n- [ ] that\n\n"
	"## Section B\n\n### Sub\n\n"
	"<!-- id: typed -->\n### Type the command that lists containers.\n\n`docker ps`\n\n"
	"<!-- id: cz -->\n### Complete the Dockerfile.\n\n```dockerfile\n{{c1::WORKDIR}} /app\n{{c2::COPY::instr}} . .\n```\n\n"
	"## Section C\n\nDocker images are made of {{c1::layers}} stacked by {{c2::a union filesystem}}.\n\n"
	"**Podman**: a daemonless container engine.\n\n"
	"## Section D\n\nQ: A question on\ntwo lines?\nA: and its answer\n";

static void test_md_round_trip_shapes(void **state)
{
	char *md;

	(void)state;
	md = md_round_trip("shapes.md", shapes);
	assert_non_null(strstr(md, "deck: Test::Shapes\ntags: t1 t2\nlang: en\n"));
	assert_non_null(strstr(md, "{{c1::WORKDIR}} /app\n{{c2::COPY::instr}} . ."));
	assert_non_null(strstr(md, "{{c1::layers}}"));
	assert_non_null(strstr(md, "<!-- id: typed -->\n### Type the command"));
	assert_non_null(strstr(md, "- [x] runc\n- [ ] bash\n- [x] crun\n\n<!-- id:"));
	assert_non_null(strstr(md, "FROM picks the base."));
	/* a front of two lines is written with labels */
	assert_non_null(strstr(md, "### Front\n\nA question on\ntwo lines?\n\n### Back\n\nand its answer"));
	free(md);
}

static void test_md_reversed(void **state)
{
	char *md;

	(void)state;
	md = md_round_trip("rev.md", "---\ndeck: Rev\nreverse: true\n---\n\n## Pod?\n\nThe smallest unit.\n");
	assert_non_null(strstr(md, "reverse: true\n"));
	assert_null(strstr(md, "The smallest unit.\n\n<!--"));
	free(md);
}

static void test_cloze_fallback(void **state)
{
	struct card c[2];
	const struct card *v[2] = { &c[0], &c[1] };
	struct buf b = BUF_INIT;
	struct load_result r;

	(void)state;
	memset(c, 0, sizeof(c));
	for (int i = 0; i < 2; i++) {
		c[i].deck = (char *)"D";
		c[i].tags = (char *)"";
		c[i].type = CARD_CLOZE;
		c[i].note = (char *)"h:00000000000000aa";
		c[i].back = (char *)"a b a";
	}
	/* c1 covers two gaps: cannot be located exactly, so both go out as basic */
	c[0].key = (char *)"h:00000000000000aa#c1";
	c[0].front = (char *)"[...] b [...]";
	c[1].key = (char *)"h:00000000000000aa#c2";
	c[1].front = (char *)"a [...] a";
	export_md_deck(&b, v, 2);
	assert_null(strstr(b.s, "{{c"));
	load_text("fallback.md", b.s, &r);
	assert_int_equal(r.ncards, 2);
	assert_int_equal(r.cards[0].type, CARD_BASIC);
	assert_string_equal(r.cards[0].front, "[...] b [...]");
	load_result_release(&r);
	buf_release(&b);
}

static void test_fts_query(void **state)
{
	char *q;

	(void)state;
	q = store_fts_query("  docker\t\"im*age  ");
	assert_string_equal(q, "\"docker\"* AND \"\"\"im*age\"*");
	free(q);
	q = store_fts_query("NEAR(a OR b)");
	assert_string_equal(q, "\"NEAR(a\"* AND \"OR\"* AND \"b)\"*");
	free(q);
	assert_null(store_fts_query(" \t\n"));
	assert_null(store_fts_query(""));
}

/* Every bundled deck and every seed is a fixed point after one export. */
static void round_trip_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int files = 0;

	if (!d) {
		printf("# skip: no %s\n", dir);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		char *path;
		struct load_result a, b;
		char *m1, *m2;

		if (e->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		assert_int_equal(load_file(path, NULL, &a), 0);
		m1 = md_of(&a);
		load_text("exported.md", m1, &b);
		m2 = md_of(&b);
		assert_string_equal(m1, m2);
		free(m1);
		free(m2);
		load_result_release(&a);
		load_result_release(&b);
		free(path);
		files++;
	}
	closedir(d);
	assert_true(files > 0);
}

static void test_md_round_trip_content(void **state)
{
	const char *src = getenv("DKQUIZ_SRC");
	const char *shared = getenv("DKQUIZ_SHARED");
	char *dir;

	(void)state;
	dir = xasprintf("%s/content/fr", src && *src ? src : ".");
	round_trip_dir(dir);
	free(dir);
	if (shared && *shared)
		dir = xasprintf("%s/seeds", shared);
	else
		dir = xasprintf("%s/../shared/seeds", src && *src ? src : ".");
	round_trip_dir(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_field_quoting),
		cmocka_unit_test(test_csv_row),
		cmocka_unit_test(test_csv_round_trip),
		cmocka_unit_test(test_tsv_round_trip),
		cmocka_unit_test(test_anki_html),
		cmocka_unit_test(test_csv_without_header),
		cmocka_unit_test(test_md_id),
		cmocka_unit_test(test_md_round_trip_shapes),
		cmocka_unit_test(test_md_reversed),
		cmocka_unit_test(test_cloze_fallback),
		cmocka_unit_test(test_fts_query),
		cmocka_unit_test(test_md_round_trip_content),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
