/* test_load.c - the loader end to end: golden fixtures (markdown in, cards
 * out), the real seed documents, reading errors, directories, nesting and
 * size limits.
 *
 * DKQUIZ_UPDATE_GOLDEN=1 rewrites tests/golden/NAME.expected from the
 * current output instead of comparing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dkquiz/card.h"
#include "dkquiz/load.h"
#include "dkquiz/util.h"

static const char *src_dir(void)
{
	const char *s = getenv("DKQUIZ_SRC");

	return s && *s ? s : ".";
}

static char *seeds_dir(void)
{
	const char *s = getenv("DKQUIZ_SHARED");

	if (s && *s)
		return xasprintf("%s/seeds", s);
	return xasprintf("%s/../shared/seeds", src_dir());
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char tmp[8192];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		buf_add(&b, tmp, n);
	fclose(f);
	if (len)
		*len = b.len;
	return buf_detach(&b);
}

static void add_block(struct buf *out, const char *label, const char *text)
{
	const char *p = text ? text : "";

	buf_addf(out, "%s:\n", label);
	while (*p) {
		size_t n = strcspn(p, "\n");

		buf_adds(out, n ? "| " : "|");
		buf_add(out, p, n);
		buf_addch(out, '\n');
		p += n + (p[n] ? 1 : 0);
	}
}

/* The stable, readable form of a load result the fixtures hold. */
static char *dump_result(const struct load_result *r)
{
	struct buf out = BUF_INIT;

	buf_addf(&out, "deck: %s\n", r->deck);
	for (size_t i = 0; i < r->nwarnings; i++)
		buf_addf(&out, "warning %d: %s\n", r->warnings[i].line, r->warnings[i].msg);
	for (size_t i = 0; i < r->ncards; i++) {
		const struct card *c = &r->cards[i];

		buf_addf(&out, "\ncard %d %s %s %s\n", c->line, card_type_name(c->type),
			 card_shape_name(c->shape), c->key);
		if (strcmp(c->deck, r->deck))
			buf_addf(&out, "deck: %s\n", c->deck);
		if (c->nbreadcrumb) {
			buf_adds(&out, "crumb:");
			for (size_t k = 0; k < c->nbreadcrumb; k++)
				buf_addf(&out, " %s%s", k ? "/ " : "", c->breadcrumb[k]);
			buf_addch(&out, '\n');
		}
		if (c->tags && *c->tags)
			buf_addf(&out, "tags: %s\n", c->tags);
		if (c->note)
			buf_addf(&out, "note: %s\n", c->note);
		if (c->typeable && c->answer_text && strchr(c->answer_text, '\n'))
			add_block(&out, "answer", c->answer_text);
		else if (c->typeable)
			buf_addf(&out, "answer: %s\n", c->answer_text ? c->answer_text : "");
		add_block(&out, "front", c->front);
		for (size_t k = 0; k < c->noptions; k++)
			buf_addf(&out, "option %c %s\n", c->options[k].correct ? '+' : '-',
				 c->options[k].text);
		add_block(&out, "back", c->back);
	}
	return buf_detach(&out);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_golden(void **state)
{
	char *dir = xasprintf("%s/tests/golden", src_dir());
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, failed = 0;
	bool update = getenv("DKQUIZ_UPDATE_GOLDEN") && *getenv("DKQUIZ_UPDATE_GOLDEN") == '1';

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);

		if (l > 3 && !strcmp(e->d_name + l - 3, ".md")) {
			XGROW(names, n + 1, cap);
			names[n++] = xstrdup(e->d_name);
		}
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_name);
	assert_true(n >= 15);
	for (size_t i = 0; i < n; i++) {
		char *md = xasprintf("%s/%s", dir, names[i]);
		char *exp = xasprintf("%s/%.*s.expected", dir, (int)(strlen(names[i]) - 3), names[i]);
		size_t len;
		char *bytes = slurp(md, &len);
		struct load_result r;
		char *got, *want;

		assert_non_null(bytes);
		/* the short name keeps the fixtures independent of the checkout path */
		assert_int_equal(load_buffer(names[i], bytes, len, NULL, &r), 0);
		got = dump_result(&r);
		if (update) {
			FILE *f = fopen(exp, "w");

			assert_non_null(f);
			fputs(got, f);
			fclose(f);
		} else {
			want = slurp(exp, NULL);
			if (!want || strcmp(want, got)) {
				fprintf(stderr, "# golden mismatch: %s\n# --- got:\n%s", names[i], got);
				failed++;
			}
			free(want);
		}
		free(got);
		load_result_release(&r);
		free(bytes);
		free(md);
		free(exp);
		free(names[i]);
	}
	free(names);
	free(dir);
	assert_int_equal(failed, 0);
}

/* ---- seeds ------------------------------------------------------------ */

static bool load_seed(const char *prefix, struct load_result *r)
{
	char *dir = seeds_dir();
	DIR *d = opendir(dir);
	struct dirent *e;
	char *path = NULL;

	if (!d) {
		free(dir);
		return false;
	}
	while ((e = readdir(d)) != NULL)
		if (!strncmp(e->d_name, prefix, strlen(prefix)))
			path = xasprintf("%s/%s", dir, e->d_name);
	closedir(d);
	free(dir);
	if (!path)
		return false;
	assert_int_equal(load_file(path, NULL, r), 0);
	free(path);
	return true;
}

static const struct card *find_front(const struct load_result *r, const char *needle)
{
	for (size_t i = 0; i < r->ncards; i++)
		if (strstr(r->cards[i].front, needle))
			return &r->cards[i];
	return NULL;
}

/* The card must exist: abort() tells the compiler too, for -Wnull-dereference. */
static const struct card *must_find(const struct load_result *r, const char *needle)
{
	const struct card *c = find_front(r, needle);

	if (!c) {
		fail_msg("no card whose front holds '%s'", needle);
		abort();
	}
	return c;
}

static bool any_text(const struct load_result *r, const char *needle)
{
	for (size_t i = 0; i < r->ncards; i++)
		if (strstr(r->cards[i].front, needle) || strstr(r->cards[i].back, needle))
			return true;
	return false;
}

#define SKIP_WITHOUT_SEED(prefix, r)                                        \
	do {                                                                \
		if (!load_seed(prefix, r)) {                                \
			fprintf(stderr, "# seeds not found, skipped\n"); \
			skip();                                             \
		}                                                           \
	} while (0)

static void test_seed_000(void **state)
{
	struct load_result r;

	(void)state;
	SKIP_WITHOUT_SEED("000_", &r);
	assert_int_equal(r.ncards, 17);
	assert_int_equal(r.nwarnings, 0);
	for (size_t i = 0; i < r.ncards; i++) {
		assert_null(strstr(r.cards[i].back, "Réponse"));
		assert_false(r.cards[i].front[0] == 'Q' && r.cards[i].front[1] >= '0' &&
			     r.cards[i].front[1] <= '9');
		assert_int_equal(r.cards[i].shape, SHAPE_HEADING);
	}
	assert_non_null(find_front(&r, "Qu'est-ce que Docker et pourquoi l'utiliser ?"));
	assert_non_null(find_front(&r, "Expliquer le concept de pod dans Kubernetes."));
	load_result_release(&r);
}

static void test_seed_001(void **state)
{
	static const char *const defs[] = {
		"What is Containerization?", "What is Docker?", "What is Dockerfile?",
		"What is Docker Compose?", "What is Kubernetes?", "What is Pod?",
		"What is Deployment?", "What is Service?", "What is ConfigMap/Secret?",
		"What is Orchestration?", "What does FROM do?", "What does RUN do?",
		"What does COPY/ADD do?", "What does CMD/ENTRYPOINT do?", "What does EXPOSE do?",
	};
	struct load_result r;
	const struct card *c;
	size_t questions = 0;

	(void)state;
	SKIP_WITHOUT_SEED("001_", &r);
	for (size_t i = 0; i < ARRAY_SIZE(defs); i++) {
		c = must_find(&r, defs[i]);
		assert_int_equal(c->shape, SHAPE_DEFINITION);
	}
	for (size_t i = 0; i < r.ncards; i++)
		questions += r.cards[i].shape == SHAPE_LIST;
	assert_int_equal(questions, 4);
	c = must_find(&r, "Dockerfile for a Django application?");
	assert_non_null(strstr(c->back, "```dockerfile\n  # Use the official Python image"));
	assert_non_null(strstr(c->back, "CMD [\"python\", \"manage.py\""));
	assert_true(any_text(&r, "cluster\xE2\x80\x99s configuration"));
	assert_false(any_text(&r, "\xC3\xA2\xE2\x82\xAC"));
	load_result_release(&r);
}

static void test_seed_002(void **state)
{
	struct load_result r;
	size_t image_warnings = 0;
	const struct card *c;

	(void)state;
	SKIP_WITHOUT_SEED("002_", &r);
	for (size_t i = 0; i < r.nwarnings; i++)
		image_warnings += strstr(r.warnings[i].msg, "only an image") != NULL;
	assert_true(image_warnings >= 5);
	c = must_find(&r, "Question 2.a");
	assert_int_equal(c->shape, SHAPE_LAB);
	assert_non_null(strstr(c->front, "Exercice 2 \xE2\x80\x94 Premiers pas avec Docker"));
	assert_null(find_front(&r, "Question 1.b"));
	assert_null(find_front(&r, "Question 7.a"));
	assert_non_null(find_front(&r, "Questions de r\xC3\xA9" "flexion \xC2\xB7 Question 8.a"));
	for (size_t i = 0; i < r.ncards; i++)
		assert_int_equal(r.cards[i].shape, SHAPE_LAB);
	load_result_release(&r);
}

static void test_seed_003(void **state)
{
	struct load_result r;
	const struct card *c;

	(void)state;
	SKIP_WITHOUT_SEED("003_", &r);
	/* classic MacRoman mojibake sequences are gone */
	assert_false(any_text(&r, "\xE2\x88\x9A")); /* √ */
	assert_false(any_text(&r, "\xE2\x80\x9A\xC3\x84")); /* ‚Ä */
	for (size_t i = 0; i < r.ncards; i++) {
		assert_null(strstr(r.cards[i].front, "](#"));
		assert_null(strstr(r.cards[i].back, "](#"));
	}
	c = must_find(&r, "Isolation \xE2\x80\x94 Conteneurs vs Machines Virtuelles ?");
	assert_int_equal(c->shape, SHAPE_TABLE);
	assert_non_null(strstr(c->back, "- Machines Virtuelles : "));
	assert_non_null(find_front(&r, "Qu'est-ce que Podman ?"));
	assert_non_null(find_front(&r, "Qu'est-ce que Registry ?"));
	load_result_release(&r);
}

static void test_seed_004(void **state)
{
	static const char *const fronts[] = {
		"Qu'est-ce que Docker Swarm ?", "Qu'est-ce que Docker Compose ?",
		"Qu'est-ce que Minikube ?", "Qu'est-ce que KIND ?", "Que fait `docker ps` ?",
		"Que fait `docker ps -a` ?", "Que fait `docker run -ti --name C1 alpine` ?",
		"Que fait `docker image prune` ?",
	};
	struct load_result r;

	(void)state;
	SKIP_WITHOUT_SEED("004_", &r);
	for (size_t i = 0; i < ARRAY_SIZE(fronts); i++) {
		const struct card *c = must_find(&r, fronts[i]);
		assert_int_equal(c->shape, SHAPE_DEFINITION);
	}
	load_result_release(&r);
}

/* ---- reading ---------------------------------------------------------- */

static char tmpdir[64];

static int make_tmp(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/dkquiz-test-load-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmp(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	int rc = system(cmd);

	(void)state;
	free(cmd);
	return rc == 0 ? 0 : -1;
}

static void write_file(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	fclose(f);
}

static void test_read_errors(void **state)
{
	struct load_result r;
	char *bin = xasprintf("%s/bin.md", tmpdir);
	char *missing = xasprintf("%s/missing.md", tmpdir);

	(void)state;
	assert_int_equal(load_file(tmpdir, NULL, &r), -1);
	assert_int_equal(load_file(missing, NULL, &r), -1);
	write_file(bin, "# x\n\0\1\2binary", 14);
	assert_int_equal(load_file(bin, NULL, &r), -1);
	if (geteuid() != 0) {
		char *locked = xasprintf("%s/locked.md", tmpdir);

		write_file(locked, "# x\n", 4);
		chmod(locked, 0);
		assert_int_equal(load_file(locked, NULL, &r), -1);
		free(locked);
	}
	free(bin);
	free(missing);
}

static void test_collect(void **state)
{
	char *a = xasprintf("%s/tree", tmpdir), *p;
	char **out;
	int n;
	char *arg[1];
	bool incomplete;

	(void)state;
	assert_int_equal(mkdir(a, 0755), 0);
	p = xasprintf("%s/b", a);
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	p = xasprintf("%s/z.md", a); write_file(p, "# z\n", 4); free(p);
	p = xasprintf("%s/a.txt", a); write_file(p, "# a\n", 4); free(p);
	p = xasprintf("%s/c.png", a); write_file(p, "x", 1); free(p);
	p = xasprintf("%s/b/n.markdown", a); write_file(p, "# n\n", 4); free(p);
	/* a loop back to the top */
	p = xasprintf("%s/b/loop", a);
	assert_int_equal(symlink("..", p), 0);
	free(p);
	arg[0] = a;
	n = load_collect(arg, 1, &out, &incomplete);
	assert_false(incomplete);
	assert_int_equal(n, 3);
	assert_non_null(strstr(out[0], "/tree/a.txt"));
	assert_non_null(strstr(out[1], "/tree/z.md"));
	assert_non_null(strstr(out[2], "/tree/b/n.markdown"));
	for (int i = 0; i < n; i++)
		free(out[i]);
	free(out);
	/* a missing path among good ones: reported, the others still there */
	{
		char *two[3] = { a, NULL, NULL };

		two[1] = xasprintf("%s/nothing-here.md", tmpdir);
		two[2] = xasprintf("%s/z.md", a);
		n = load_collect(two, 3, &out, &incomplete);
		assert_true(incomplete);
		assert_int_equal(n, 4);
		assert_non_null(strstr(out[3], "/tree/z.md"));
		for (int i = 0; i < n; i++)
			free(out[i]);
		free(out);
		free(two[1]);
		free(two[2]);
	}
	free(a);
}

static void test_deep_nesting(void **state)
{
	const size_t depth = 100000;
	struct buf b = BUF_INIT;
	struct load_result r;

	(void)state;
	/* lists: each level indented two more spaces would be quadratic in
	 * size; "- " repeated on one line nests just as deep */
	for (size_t i = 0; i < depth; i++)
		buf_adds(&b, "- ");
	buf_adds(&b, "**What is deep?** very\n\n");
	for (size_t i = 0; i < depth; i++)
		buf_addch(&b, '>');
	buf_adds(&b, " Q: deep?\n> A: yes\n");
	assert_int_equal(load_buffer("deep.md", b.s, b.len, NULL, &r), 0);
	assert_true(r.ncards >= 1);
	load_result_release(&r);
	buf_release(&b);
}

static void test_large_file(void **state)
{
	struct buf b = BUF_INIT;
	struct load_result r;
	clock_t t0;
	double secs;

	(void)state;
	while (b.len < 8u * 1024 * 1024) {
		buf_addf(&b, "## Question %zu about containers?\n\nAn answer with `code` and **bold** text, "
			     "long enough to look like a real note.\n\n- **Term %zu**: a definition.\n\n",
			 b.len, b.len);
	}
	t0 = clock();
	assert_int_equal(load_buffer("big.md", b.s, b.len, NULL, &r), 0);
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	assert_true(r.ncards > 50000);
	/* linear: a few seconds at most even under sanitizers */
	assert_true(secs < 60.0);
	load_result_release(&r);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_seed_000),
		cmocka_unit_test(test_seed_001),
		cmocka_unit_test(test_seed_002),
		cmocka_unit_test(test_seed_003),
		cmocka_unit_test(test_seed_004),
		cmocka_unit_test(test_read_errors),
		cmocka_unit_test(test_collect),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_large_file),
	};

	return cmocka_run_group_tests(tests, make_tmp, remove_tmp);
}
