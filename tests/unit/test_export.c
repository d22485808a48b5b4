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
#include "dkquiz/plaintext.h"
#include "dkquiz/store.h"
#include "dkquiz/util.h"

/* The key a markdown card without an id gets: loaded from a file of one
 * question heading. */
static char *identity_key_for_test(const char *deck, const char *front)
{
	struct load_result r;
	char *md = xasprintf("---\ndeck: %s\n---\n\n## Front\n\n%s\n\n## Back\n\nx\n", deck, front);
	char *key;

	assert_int_equal(load_buffer("key.md", md, strlen(md), NULL, &r), 0);
	assert_int_equal(r.ncards, 1);
	key = xstrdup(r.cards[0].key);
	load_result_release(&r);
	free(md);
	return key;
}

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
	c.back = (char *)"Un processus **isolé**,\navec ses namespaces :\n\n- pid\n- net";
	c.tags = (char *)"docker bases";
	c.deck = (char *)"Docker::Bases";
	c.type = CARD_BASIC;
	export_csv_header(&b);
	export_csv_row(&b, &c);
	/* the text the card shows: markup gone, a soft break a space */
	assert_string_equal(b.s,
		"front,back,tags,deck,type\r\n"
		"\"Qu'est-ce qu'un \"\"conteneur\"\", déjà ?\",\"Un processus isolé, avec ses namespaces :\n\n- pid\n- net\","
		"docker bases,Docker::Bases,basic\r\n");
	buf_reset(&b);
	/* a field starting with # would be a comment line to Anki */
	c.front = (char *)"\\# not a heading";
	export_tsv_row(&b, &c);
	assert_true(!strncmp(b.s, "\"# not a heading\"\t", 18));
	buf_release(&b);
}

/* The text markdown `md` shows is `want`. */
static void assert_shows(const char *md, const char *want)
{
	char *t = plaintext_from_md(md);

	assert_string_equal(t, want);
	free(t);
}

static const char tricky[] =
	"front,back,tags,deck,type\r\n"
	"\"Comma, \"\"quote\"\" and é?\",\"Line one\nLine two, with \"\"quotes\"\"\",a b,Mix,basic\r\n"
	"Which command lists containers?,docker ps,cli,Mix,typed\r\n"
	"Ünïcödé ✓ ?,réponse ; avec point-virgule,,Mix,basic\r\n"
	"What is 2*3*4 and a_b_c?,\"It is <tool> and *not* # heading\n# real heading?\",,Mix,basic\r\n"
	"Which are runtimes?,\"- [x] runc\n- [ ] bash\n  (a shell)\n- [x] crun\",,Mix,mcq\r\n"
	"Which one starts a Dockerfile?,\"- [ ] RUN\n- [x] FROM\n\nFROM picks the base.\",,Mix,mcq\r\n"
	"Images are made of [...].,Images are made of layers.,,Mix,cloze\r\n"
	"The smallest unit?,Pod,,Mix,reversed\r\n"
	"Indented,\"    apiVersion: v1\n    kind: Pod\n\n  two spaces, then  two more\",,Mix,basic\r\n";

static void test_csv_round_trip(void **state)
{
	struct load_result r, r2;
	struct buf b = BUF_INIT;

	(void)state;
	load_text("cards.csv", tricky, &r);
	assert_int_equal(r.ncards, 9);
	assert_int_equal(r.nwarnings, 0);
	assert_string_equal(r.cards[0].front, "Comma, \"quote\" and é?");
	/* a line break of the cell is a hard break of the markdown */
	assert_string_equal(r.cards[0].back, "Line one\\\nLine two, with \"quotes\"");
	assert_string_equal(r.cards[0].tags, "a b");
	assert_string_equal(r.cards[0].deck, "Mix");
	assert_int_equal(r.cards[0].line, 2);
	assert_int_equal(r.cards[1].line, 4);
	/* every type comes back */
	assert_int_equal(r.cards[1].type, CARD_TYPED);
	assert_string_equal(r.cards[1].answer_text, "docker ps");
	assert_string_equal(r.cards[1].back, "`docker ps`");
	assert_int_equal(r.cards[4].type, CARD_MCQ);
	assert_int_equal(r.cards[4].noptions, 3);
	assert_true(r.cards[4].options[0].correct && !r.cards[4].options[1].correct);
	assert_string_equal(r.cards[4].options[1].text, "bash\\\n(a shell)");
	assert_string_equal(r.cards[4].back, "- runc\n- crun");
	assert_int_equal(r.cards[5].type, CARD_MCQ);
	assert_string_equal(r.cards[5].back, "FROM picks the base.");
	assert_int_equal(r.cards[6].type, CARD_CLOZE);
	assert_string_equal(r.cards[6].front, "Images are made of \\[...\\].");
	assert_int_equal(r.cards[7].type, CARD_REVERSED);
	/* the markdown shows the text as it was written */
	assert_shows(r.cards[3].front, "What is 2*3*4 and a_b_c?");
	assert_shows(r.cards[3].back, "It is <tool> and *not* # heading\n# real heading?");
	assert_shows(r.cards[8].back, "    apiVersion: v1\n    kind: Pod\n\n  two spaces, then  two more");

	export_csv_header(&b);
	for (size_t i = 0; i < r.ncards; i++)
		export_csv_row(&b, &r.cards[i]);
	/* the same bytes back */
	assert_string_equal(b.s, tricky);
	load_text("again.csv", b.s, &r2);
	assert_int_equal(r2.ncards, r.ncards);
	for (size_t i = 0; i < r.ncards; i++) {
		assert_string_equal(r.cards[i].key, r2.cards[i].key);
		assert_string_equal(r.cards[i].front, r2.cards[i].front);
		assert_string_equal(r.cards[i].back, r2.cards[i].back);
		assert_int_equal(r.cards[i].type, r2.cards[i].type);
	}
	buf_release(&b);
	load_result_release(&r);
	load_result_release(&r2);
}

/* A card as the text it shows, front and back. */
static void assert_same_text(const char *a_md, const char *b_md)
{
	char *a = plaintext_from_md(a_md), *b = plaintext_from_md(b_md);

	if (strcmp(a, b))
		fprintf(stderr, "--- %s\n--- %s\n", a_md, b_md);
	assert_string_equal(a, b);
	free(a);
	free(b);
}

/* The cards `a` written as Anki TSV came back as `t`: the same tags, and
 * each card but a multiple-choice one (its options go to the front) the
 * same text. */
static void assert_tsv_came_back(const struct load_result *a, const struct load_result *t)
{
	assert_int_equal(t->ncards, a->ncards);
	for (size_t i = 0; i < a->ncards; i++) {
		assert_string_equal(a->cards[i].tags, t->cards[i].tags);
		if (a->cards[i].type == CARD_MCQ)
			continue;
		assert_same_text(a->cards[i].front, t->cards[i].front);
		assert_same_text(a->cards[i].back, t->cards[i].back);
	}
}

static void test_tsv_round_trip(void **state)
{
	struct load_result r, r2;
	struct buf b = BUF_INIT;

	(void)state;
	load_text("cards.csv", tricky, &r);
	export_tsv_header(&b);
	for (size_t i = 0; i < r.ncards; i++)
		export_tsv_row(&b, &r.cards[i]);
	assert_true(!strncmp(b.s, "#separator:tab\n#html:true\n#tags column:3\n", 41));
	/* one line per card: the lines of a field are <br> */
	assert_int_equal(strchr(b.s + 41, '\n') - (b.s + 41) > 0, 1);
	assert_non_null(strstr(b.s, "\tLine one<br>Line two, with &quot;quotes&quot;\t"));
	assert_non_null(strstr(b.s, "\t<code>docker ps</code>\t"));
	/* options without marks on the front, the right ones on the back */
	assert_non_null(strstr(b.s, "Which are runtimes?<br><br>- runc<br>- bash<br>&nbsp;&nbsp;(a shell)<br>- crun\t"
				    "- runc<br>- crun\t"));
	assert_non_null(strstr(b.s, "\tFROM<br><br>FROM picks the base.\t"));
	assert_null(strstr(b.s, "[x]"));
	/* an Anki file is recognised by its header whatever its name */
	load_text("notes.txt", b.s, &r2);
	assert_int_equal(r2.ncards, r.ncards);
	assert_int_equal(r2.nwarnings, 0);
	assert_tsv_came_back(&r, &r2);
	buf_release(&b);
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
		  "# a comment line\n"
		  "<div>No answer</div>\t\t\n"
		  "Where is &lt;image&gt;?\tLine<div>next line</div><div>and&nbsp;&mdash; &hellip; &rsquo;&eacute;&Eacute;&copy;&frac12;&bogus;</div>\tx\n"
		  "Two *stars* and a_b?\t\"<pre>    spaced\n    code</pre><ul><li>one</li><li>two</li></ul>\"\tx\n",
		  &r);
	assert_int_equal(r.ncards, 3);
	assert_string_equal(r.deck, "Imported");
	assert_string_equal(r.cards[0].front, "What is Docker?");
	/* the text shows as written: <b> is text, the line break kept */
	assert_string_equal(r.cards[0].back, "A platform for containers\\\n\\<b> & é\xE2\x9C\x93");
	assert_string_equal(r.cards[0].tags, "docker");
	assert_int_equal(r.nwarnings, 1);
	assert_int_equal(r.warnings[0].line, 7);
	assert_shows(r.cards[1].front, "Where is <image>?");
	/* a <div> starts a line; every entity decoded; an unknown one is text */
	assert_shows(r.cards[1].back, "Line\nnext line\nand \xE2\x80\x94 \xE2\x80\xA6 \xE2\x80\x99\xC3\xA9\xC3\x89\xC2\xA9\xC2\xBD&bogus;");
	assert_shows(r.cards[2].front, "Two *stars* and a_b?");
	assert_shows(r.cards[2].back, "    spaced\n    code\n- one\n- two");
	load_result_release(&r);
}

/* Anki's notes with meta columns: the fields are the other columns. */
static void test_anki_columns(void **state)
{
	struct load_result r, r2;
	struct load_options opt = { .deck = "Forced" };

	(void)state;
	load_text("notes.txt",
		  "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n"
		  "#tags column:6\n"
		  "Ab9!x\tBasic\tDocker::Net\tWhich driver joins hosts?\toverlay\tnet swarm\n"
		  "Cz:1\tCloze\tDocker::Net\tA {{c1::bridge}} is local, {{c2::overlay::kind}} spans hosts.\tExtra &amp; more\t\n"
		  "Rv\tBasic (and reversed card)\tK8s\tPod\tThe smallest unit\tk8s\n"
		  "\tBasic\t\tNo guid?\tHashed\t\n",
		  &r);
	assert_int_equal(r.nwarnings, 0);
	assert_int_equal(r.ncards, 6);
	assert_string_equal(r.cards[0].front, "Which driver joins hosts?");
	assert_string_equal(r.cards[0].back, "overlay");
	assert_string_equal(r.cards[0].deck, "Docker::Net");
	assert_string_equal(r.cards[0].tags, "net swarm");
	/* the guid is the id: an updated export keeps the history */
	assert_string_equal(r.cards[0].key, "id:anki-Ab9_21x");
	assert_int_equal(r.cards[1].type, CARD_CLOZE);
	assert_string_equal(r.cards[1].key, "id:anki-Cz_3A1#c1");
	assert_string_equal(r.cards[1].front, "A [...] is local, overlay spans hosts.");
	assert_string_equal(r.cards[2].front, "A bridge is local, [kind] spans hosts.");
	assert_string_equal(r.cards[2].back, "A bridge is local, overlay spans hosts.\n\nExtra & more");
	assert_int_equal(r.cards[3].type, CARD_BASIC);
	assert_int_equal(r.cards[4].type, CARD_REVERSED);
	assert_string_equal(r.cards[4].front, "The smallest unit");
	assert_string_equal(r.cards[4].key, "id:anki-Rv#r");
	assert_string_equal(r.cards[4].deck, "K8s");
	assert_true(!strncmp(r.cards[5].key, "h:", 2));
	assert_string_equal(r.cards[5].deck, "notes");

	/* file-wide note type and deck; --deck wins over the deck column */
	{
		static const char n2[] = "#separator:tab\n#notetype:Cloze\n#deck column:1\nD\tX {{c1::y}}\n";

		assert_int_equal(load_buffer("n2.txt", n2, strlen(n2), &opt, &r2), 0);
	}
	assert_int_equal(r2.ncards, 1);
	assert_int_equal(r2.cards[0].type, CARD_CLOZE);
	assert_string_equal(r2.cards[0].deck, "Forced");
	load_result_release(&r2);
	load_result_release(&r);
}

/* A quote that never closes: a warning at its line, the rows after it kept. */
static void test_unclosed_quote(void **state)
{
	struct load_result r;

	(void)state;
	load_text("q.csv", "front,back\nok?,fine\n\"broken?,answer\nnext?,yes\n", &r);
	assert_int_equal(r.ncards, 2);
	assert_string_equal(r.cards[1].front, "next?");
	assert_int_equal(r.nwarnings, 1);
	assert_int_equal(r.warnings[0].line, 3);
	assert_string_equal(r.warnings[0].msg, "unclosed quote, row skipped");
	load_result_release(&r);
}

/* What a table holds of a card comes back as the same text, for every
 * bundled card: the markdown written for the text shows that text. */
static void plaintext_fixed_point(const char *md)
{
	char *p = plaintext_from_md(md), *m = plaintext_to_md(p), *q = plaintext_from_md(m);

	if (strcmp(p, q))
		fprintf(stderr, "--- source\n%s\n--- text\n%s\n--- markdown\n%s\n--- shown\n%s\n", md, p, m, q);
	assert_string_equal(p, q);
	free(p);
	free(m);
	free(q);
}

static void fixed_point_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d) {
		printf("# skip: no %s\n", dir);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		struct load_result a;
		char *path;

		if (e->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		assert_int_equal(load_file(path, NULL, &a), 0);
		struct load_result t;
		struct buf b = BUF_INIT;

		export_tsv_header(&b);
		for (size_t i = 0; i < a.ncards; i++) {
			plaintext_fixed_point(a.cards[i].front);
			plaintext_fixed_point(a.cards[i].back);
			for (size_t k = 0; k < a.cards[i].noptions; k++)
				plaintext_fixed_point(a.cards[i].options[k].text);
			export_tsv_row(&b, &a.cards[i]);
		}
		/* and Anki's notes in HTML come back as the same text */
		load_text("anki.txt", b.s, &t);
		assert_tsv_came_back(&a, &t);
		load_result_release(&t);
		buf_release(&b);
		load_result_release(&a);
		free(path);
	}
	closedir(d);
}

static void test_plaintext_fixed_point(void **state)
{
	static const char *const texts[] = {
		"", "plain", "a\nb", "a\n\n\nb", "  lead", "x  y", "\\*not\\*", "C:\\\\dir\\\\",
		"&amp; &#65; &x;", "1. one\n2) two", "- a\n+ b\n* c", "# h\n> q\n= e", "---\n***\n___",
		"a | b\n--- | ---", "`code` ``two``", "{{c1::x}}", "<b>&lt;</b>", "[x](y) ![i](j)",
		"    code\n\tmore", "\xC2\xA0nbsp", "~~s~~ ~t~", "tab\there",
	};
	const char *src = getenv("DKQUIZ_SRC");
	char *dir;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(texts); i++) {
		char *m = plaintext_to_md(texts[i]);

		plaintext_fixed_point(texts[i]);
		plaintext_fixed_point(m);
		free(m);
	}
	dir = xasprintf("%s/content/en", src && *src ? src : ".");
	fixed_point_dir(dir);
	free(dir);
	dir = xasprintf("%s/content/fr", src && *src ? src : ".");
	fixed_point_dir(dir);
	free(dir);
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
	/* a duplicate comes back from the same id met twice */
	s = export_md_id("id:x@en~2");
	assert_string_equal(s, "x");
	free(s);
	/* a hash key is made again from deck and front: no id */
	assert_null(export_md_id("h:0123456789abcdef~3"));
	assert_null(export_md_id("h:0123456789abcdef#r"));
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

/* Cards written to markdown and read back: same keys, types, fronts,
 * backs and tags, whatever their text holds. */
static void test_md_fidelity(void **state)
{
	struct card c[9];
	const struct card *v[9];
	struct load_result r;
	struct buf b = BUF_INIT, b2 = BUF_INIT;
	static const struct card_option opts[] = { { (char *)"runc", true }, { (char *)"bash", false } };
	const char *const fronts[] = {
		"Front ending with #", "A list of tasks?", "A cloze in a basic card?", "No question mark",
		"Question 2 - numbered?", "Escaped \\*stars\\*?", "Which runtime?", "Type the command.",
		"Front",
	};
	const char *const backs[] = {
		"Yes.", "- [x] done\n- [ ] not done", "Fill {{c1::this}} in.", "Kept.", "Kept too.",
		"Shown as *.", "runc", "`docker ps`", "A label word.",
	};
	char *md;

	(void)state;
	memset(c, 0, sizeof(c));
	for (size_t i = 0; i < ARRAY_SIZE(c); i++) {
		c[i].deck = (char *)"Fidelity";
		c[i].tags = (char *)(i % 2 ? "common extra" : "common");
		c[i].type = CARD_BASIC;
		c[i].front = (char *)fronts[i];
		c[i].back = (char *)backs[i];
		c[i].key = identity_key_for_test(c[i].deck, c[i].front);
		v[i] = &c[i];
	}
	c[5].tags = (char *)"other common";
	c[6].type = CARD_MCQ;
	c[6].options = (struct card_option *)opts;
	c[6].noptions = 2;
	c[7].type = CARD_TYPED;
	c[7].typeable = true;
	c[7].answer_text = (char *)"docker ps";
	free(c[7].key);
	c[7].key = xstrdup("id:typed");
	free(c[0].key);
	c[0].key = xstrdup("id:hash-end");
	export_md_deck(&b, v, ARRAY_SIZE(c));
	md = b.s;
	assert_non_null(strstr(md, "<!-- id: hash-end -->\n## Front ending with \\#\n"));
	assert_non_null(strstr(md, "tags: common\n"));
	assert_non_null(strstr(md, "<!-- tags: extra -->\n## A list of tasks?\n\n<!-- -->\n\n- [x] done"));
	assert_non_null(strstr(md, "Fill {\\{c1::this}} in."));
	assert_non_null(strstr(md, "## Front\n\nNo question mark\n\n## Back\n\nKept."));
	assert_non_null(strstr(md, "<!-- tags: other -->\n## Front\n\nEscaped"));
	assert_non_null(strstr(md, "<!-- id: typed -->\n## Type the command.\n\n`docker ps`"));
	/* no id comment for a hash key */
	assert_null(strstr(md, "<!-- id: h-"));
	load_text("fidelity.md", md, &r);
	assert_int_equal(r.nwarnings, 0);
	assert_int_equal(r.ncards, ARRAY_SIZE(c));
	for (size_t i = 0; i < ARRAY_SIZE(c); i++) {
		const struct card *a = &c[i], *z = &r.cards[i];

		assert_string_equal(a->key, z->key);
		assert_int_equal(a->type, z->type);
		assert_string_equal(a->front, z->front);
		if (i != 2)
			assert_string_equal(a->back, z->back);
		/* the tags of the file first, then the card's own */
		assert_string_equal(i == 5 ? "common other" : a->tags, z->tags);
	}
	assert_same_text(c[2].back, r.cards[2].back);
	/* and the markdown is a fixed point */
	{
		const struct card **w = pointers(&r);

		export_md_deck(&b2, w, r.ncards);
		free(w);
	}
	assert_string_equal(b.s, b2.s);
	load_result_release(&r);
	for (size_t i = 0; i < ARRAY_SIZE(c); i++)
		free(c[i].key);
	buf_release(&b);
	buf_release(&b2);
}

/* A deck of basic cards with and without a reversed card needs two files;
 * a basic card answered by a command stays basic. */
static void test_md_reverse_groups(void **state)
{
	struct load_result r, r2;
	const struct card **v;
	bool *rev;
	struct buf b = BUF_INIT;
	size_t nrev = 0;

	(void)state;
	load_text("rev.md", "---\ndeck: Mixed\nreverse: true\n---\n\n## Pod?\n\nThe smallest unit.\n", &r);
	load_text("plain.md", "---\ndeck: Mixed\ntype: basic\n---\n\n## Lists containers?\n\n`docker ps`\n", &r2);
	assert_int_equal(r.ncards, 2);
	v = xcalloc(3, sizeof(*v));
	v[0] = &r.cards[0];
	v[1] = &r.cards[1];
	v[2] = &r2.cards[0];
	rev = xcalloc(3, sizeof(*rev));
	export_md_groups(v, 3, rev);
	for (size_t i = 0; i < 3; i++)
		nrev += rev[i];
	assert_int_equal(nrev, 2);
	assert_false(rev[2]);
	export_md_deck(&b, v + 2, 1);
	assert_non_null(strstr(b.s, "type: basic\n"));
	assert_null(strstr(b.s, "reverse"));
	free(v);
	free(rev);
	buf_release(&b);
	load_result_release(&r);
	load_result_release(&r2);
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
		cmocka_unit_test(test_anki_columns),
		cmocka_unit_test(test_unclosed_quote),
		cmocka_unit_test(test_plaintext_fixed_point),
		cmocka_unit_test(test_csv_without_header),
		cmocka_unit_test(test_md_id),
		cmocka_unit_test(test_md_round_trip_shapes),
		cmocka_unit_test(test_md_reversed),
		cmocka_unit_test(test_cloze_fallback),
		cmocka_unit_test(test_md_fidelity),
		cmocka_unit_test(test_md_reverse_groups),
		cmocka_unit_test(test_fts_query),
		cmocka_unit_test(test_md_round_trip_content),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
