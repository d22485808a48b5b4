/* answer.c - is a typed command the expected one?
 *
 * A command is cut into shell words, the program and subcommand are mapped
 * to one spelling, and the rest is split into positional words (kept in
 * order), flags (sorted, each with its value) and a verbatim tail. Two
 * commands match when those three parts are equal.
 *
 * Everything here runs on untrusted bytes (it is fuzzed): every loop moves
 * forward over the input, nothing recurses, and the diff's table is capped.
 */
#include "dkquiz/answer.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dkquiz/util.h"

struct words {
	char **v;
	size_t n, cap;
};

static void words_push(struct words *w, char *s)
{
	XGROW(w->v, w->n + 1, w->cap);
	w->v[w->n++] = s;
}

static void words_release(struct words *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->v[i]);
	free(w->v);
	w->v = NULL;
	w->n = w->cap = 0;
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Shell-like word splitting: quotes group and disappear, a backslash
 * escapes the next byte, backslash-newline joins lines. An unterminated
 * quote runs to the end rather than failing: a student's typo is an answer,
 * not an error. */
static void split_words(const char *s, struct words *out)
{
	struct buf b = BUF_INIT;
	const char *p = s ? s : "";
	size_t len = strlen(p);

	/* An answer copied from the card may keep its backticks. */
	while (len && is_space((unsigned char)p[len - 1]))
		len--;
	while (len && is_space((unsigned char)*p)) {
		p++;
		len--;
	}
	if (len >= 2 && p[0] == '`' && p[len - 1] == '`') {
		p++;
		len -= 2;
	}
	const char *end = p + len;

	while (p < end) {
		while (p < end && (is_space((unsigned char)*p) ||
				   (*p == '\\' && p + 1 < end && p[1] == '\n'))) {
			p += *p == '\\' ? 2 : 1;
		}
		if (p >= end)
			break;
		buf_reset(&b);
		while (p < end && !is_space((unsigned char)*p)) {
			if (*p == '\'') {
				for (p++; p < end && *p != '\''; p++)
					buf_addch(&b, *p);
				if (p < end)
					p++;
			} else if (*p == '"') {
				for (p++; p < end && *p != '"'; p++) {
					if (*p == '\\' && p + 1 < end && strchr("\"\\$`", p[1]))
						p++;
					buf_addch(&b, *p);
				}
				if (p < end)
					p++;
			} else if (*p == '\\' && p + 1 < end) {
				if (p[1] != '\n')
					buf_addch(&b, p[1]);
				p += 2;
			} else {
				buf_addch(&b, *p++);
			}
		}
		words_push(out, xstrdup(buf_str(&b)));
	}
	buf_release(&b);

	/* A prompt, sudo and a final ';' do not change the command. */
	while (out->n && (!strcmp(out->v[0], "$") || !strcmp(out->v[0], "#") ||
			  !strcmp(out->v[0], "sudo"))) {
		free(out->v[0]);
		memmove(out->v, out->v + 1, (out->n - 1) * sizeof(*out->v));
		out->n--;
	}
	if (out->n) {
		char *last = out->v[out->n - 1];
		size_t l = strlen(last);
		if (l && last[l - 1] == ';')
			last[l - 1] = '\0';
		if (!*last) {
			free(last);
			out->n--;
		}
	}
}

/* ---- flags ------------------------------------------------------------ */

struct flagdef {
	const char *prog;   /* "docker", "compose", "kubectl" */
	const char *subs;   /* " run create " or NULL for any subcommand */
	char s;             /* short form or 0 */
	const char *l;      /* long form without "--", or NULL */
	bool val;           /* takes a value */
};

/* Subcommand-specific entries come first: the first match wins, so that
 * `docker build -t` is --tag while `docker run -t` is --tty. */
static const struct flagdef flagdefs[] = {
	{ "docker", " build ", 'f', "file", true },
	{ "docker", " build ", 't', "tag", true },
	{ "docker", " build ", 'q', "quiet", false },
	{ "docker", " logs ", 'f', "follow", false },
	{ "docker", " logs ", 't', "timestamps", false },
	{ "docker", " logs ", 'n', "tail", true },
	{ "docker", " ps images ", 'f', "filter", true },
	{ "docker", " ps ", 'n', "last", true },
	{ "docker", " ps ", 'l', "latest", false },
	{ "docker", " ps ", 's', "size", false },
	{ "docker", " rm ", 'v', "volumes", false },
	{ "docker", " rm ", 'l', "link", false },
	{ "docker", " inspect ", 'f', "format", true },
	{ "docker", " run create exec ", 'u', "user", true },
	{ "docker", " run create exec ", 'w', "workdir", true },
	{ "docker", " run create ", 'h', "hostname", true },
	{ "docker", " run create ", 'l', "label", true },
	{ "docker", " run create ", 'm', "memory", true },
	{ "docker", " run create ", 'P', "publish-all", false },
	{ "docker", NULL, 'a', "all", false },
	{ "docker", NULL, 'd', "detach", false },
	{ "docker", NULL, 'f', "force", false },
	{ "docker", NULL, 'q', "quiet", false },
	{ "docker", NULL, 'i', "interactive", false },
	{ "docker", NULL, 't', "tty", false },
	{ "docker", NULL, 'p', "publish", true },
	{ "docker", NULL, 'e', "env", true },
	{ "docker", NULL, 'v', "volume", true },
	{ "docker", NULL, 'o', "output", true },
	{ "docker", NULL, 0, "name", true },
	{ "docker", NULL, 0, "network", true },
	{ "docker", NULL, 0, "net", true },
	{ "docker", NULL, 0, "restart", true },
	{ "docker", NULL, 0, "entrypoint", true },
	{ "docker", NULL, 0, "mount", true },
	{ "docker", NULL, 0, "env-file", true },
	{ "docker", NULL, 0, "format", true },
	{ "docker", NULL, 0, "filter", true },
	{ "docker", NULL, 0, "cpus", true },
	{ "docker", NULL, 0, "driver", true },
	{ "docker", NULL, 0, "subnet", true },
	{ "compose", " down ", 'v', "volumes", false },
	{ "compose", " logs ", 'f', "follow", false },
	{ "compose", " exec run ", 'e', "env", true },
	{ "compose", " exec run ", 'u', "user", true },
	{ "compose", " exec ", 'T', "no-TTY", false },
	{ "compose", NULL, 'f', "file", true },
	{ "compose", NULL, 'p', "project-name", true },
	{ "compose", NULL, 'd', "detach", false },
	{ "compose", NULL, 'q', "quiet", false },
	{ "compose", NULL, 'a', "all", false },
	{ "compose", NULL, 0, "scale", true },
	{ "compose", NULL, 0, "profile", true },
	{ "compose", NULL, 0, "env-file", true },
	{ "kubectl", " logs ", 'f', "follow", false },
	{ "kubectl", " logs ", 'p', "previous", false },
	{ "kubectl", NULL, 'n', "namespace", true },
	{ "kubectl", NULL, 'o', "output", true },
	{ "kubectl", NULL, 'A', "all-namespaces", false },
	{ "kubectl", NULL, 'f', "filename", true },
	{ "kubectl", NULL, 'l', "selector", true },
	{ "kubectl", NULL, 'c', "container", true },
	{ "kubectl", NULL, 'i', "stdin", false },
	{ "kubectl", NULL, 't', "tty", false },
	{ "kubectl", NULL, 'w', "watch", false },
	{ "kubectl", NULL, 'R', "recursive", false },
	{ "kubectl", NULL, 'k', "kustomize", true },
	{ "kubectl", NULL, 0, "image", true },
	{ "kubectl", NULL, 0, "replicas", true },
	{ "kubectl", NULL, 0, "port", true },
	{ "kubectl", NULL, 0, "target-port", true },
	{ "kubectl", NULL, 0, "type", true },
	{ "kubectl", NULL, 0, "context", true },
	{ "kubectl", NULL, 0, "from-literal", true },
	{ "kubectl", NULL, 0, "from-file", true },
	{ "kubectl", NULL, 0, "to-revision", true },
	{ "kubectl", NULL, 0, "dry-run", true },
};

static bool in_list(const char *list, const char *word)
{
	size_t wl;

	if (!list)
		return true;
	/* an empty word (a quoted '') is in no list, and strstr() would find
	 * it at every position, walking off the end of the list */
	if (!word || !*word)
		return false;
	wl = strlen(word);
	for (const char *p = strstr(list, word); p; p = strstr(p + 1, word))
		if (p > list && p[-1] == ' ' && p[wl] == ' ')
			return true;
	return false;
}

static const struct flagdef *find_flag(const char *prog, const char *sub, char s,
				       const char *l, size_t llen)
{
	if (!prog)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(flagdefs); i++) {
		const struct flagdef *d = &flagdefs[i];
		if (strcmp(d->prog, prog) || !in_list(d->subs, sub))
			continue;
		if (s && d->s == s)
			return d;
		if (l && d->l && strlen(d->l) == llen && !strncmp(d->l, l, llen))
			return d;
	}
	return NULL;
}

static char *def_name(const struct flagdef *d)
{
	return d->l ? xasprintf("--%s", d->l) : xasprintf("-%c", d->s);
}

/* ---- equivalent spellings --------------------------------------------- */

struct alias {
	const char *from;
	const char *to;
};

/* docker's management commands and their classic names. */
static const struct alias docker_container[] = {
	{ "ls", "ps" }, { "list", "ps" }, { "ps", "ps" }, { "rm", "rm" },
	{ "run", "run" }, { "create", "create" }, { "start", "start" },
	{ "stop", "stop" }, { "restart", "restart" }, { "kill", "kill" },
	{ "exec", "exec" }, { "logs", "logs" }, { "attach", "attach" },
	{ "cp", "cp" }, { "top", "top" }, { "port", "port" }, { "pause", "pause" },
	{ "unpause", "unpause" }, { "rename", "rename" }, { "diff", "diff" },
	{ "export", "export" }, { "wait", "wait" }, { "stats", "stats" },
	{ "commit", "commit" }, { "inspect", "inspect" },
};

static const struct alias docker_image[] = {
	{ "ls", "images" }, { "list", "images" }, { "rm", "rmi" },
	{ "pull", "pull" }, { "push", "push" }, { "build", "build" },
	{ "tag", "tag" }, { "history", "history" }, { "save", "save" },
	{ "load", "load" }, { "import", "import" }, { "inspect", "inspect" },
};

static const struct alias kube_resources[] = {
	{ "po", "pods" }, { "pod", "pods" },
	{ "svc", "services" }, { "service", "services" },
	{ "deploy", "deployments" }, { "deployment", "deployments" },
	{ "ns", "namespaces" }, { "namespace", "namespaces" },
	{ "no", "nodes" }, { "node", "nodes" },
	{ "rs", "replicasets" }, { "replicaset", "replicasets" },
	{ "cm", "configmaps" }, { "configmap", "configmaps" },
	{ "secret", "secrets" },
	{ "pv", "persistentvolumes" }, { "persistentvolume", "persistentvolumes" },
	{ "pvc", "persistentvolumeclaims" },
	{ "persistentvolumeclaim", "persistentvolumeclaims" },
	{ "ing", "ingresses" }, { "ingress", "ingresses" },
	{ "ds", "daemonsets" }, { "daemonset", "daemonsets" },
	{ "sts", "statefulsets" }, { "statefulset", "statefulsets" },
	{ "job", "jobs" }, { "cj", "cronjobs" }, { "cronjob", "cronjobs" },
	{ "ep", "endpoints" }, { "sa", "serviceaccounts" },
	{ "serviceaccount", "serviceaccounts" },
	{ "hpa", "horizontalpodautoscalers" },
	{ "horizontalpodautoscaler", "horizontalpodautoscalers" },
};

static const char *lookup_alias(const struct alias *a, size_t n, const char *w, size_t wl)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(a[i].from) == wl && !strncmp(a[i].from, w, wl))
			return a[i].to;
	return NULL;
}

/* "po,svc" -> "pods,services"; "deploy/web" -> "deployments/web". */
static char *kube_resource(const char *w)
{
	struct buf b = BUF_INIT;
	const char *p = w;

	for (;;) {
		size_t n = strcspn(p, ",/");
		const char *to = lookup_alias(kube_resources, ARRAY_SIZE(kube_resources), p, n);
		if (to)
			buf_adds(&b, to);
		else
			buf_add(&b, p, n);
		p += n;
		if (*p == ',') {
			buf_addch(&b, *p++);
			continue;
		}
		buf_adds(&b, p); /* after '/', a name */
		break;
	}
	return buf_detach(&b);
}

static void replace_word(struct words *w, size_t i, const char *s)
{
	free(w->v[i]);
	w->v[i] = xstrdup(s);
}

static void remove_word(struct words *w, size_t i)
{
	free(w->v[i]);
	memmove(w->v + i, w->v + i + 1, (w->n - i - 1) * sizeof(*w->v));
	w->n--;
}

/* Map the program and its subcommand words to one spelling, in place. */
static void canon_program(struct words *w)
{
	if (!w->n)
		return;
	if (!strcmp(w->v[0], "k")) {
		replace_word(w, 0, "kubectl");
	} else if (!strcmp(w->v[0], "docker-compose")) {
		replace_word(w, 0, "compose");
		XGROW(w->v, w->n + 1, w->cap);
		memmove(w->v + 1, w->v, w->n * sizeof(*w->v));
		w->n++;
		w->v[0] = xstrdup("docker");
	}
	if (strcmp(w->v[0], "docker") || w->n < 2)
		return;
	if (w->n >= 3 && (!strcmp(w->v[1], "container") || !strcmp(w->v[1], "image"))) {
		bool cont = w->v[1][0] == 'c';
		const char *to = cont ?
			lookup_alias(docker_container, ARRAY_SIZE(docker_container),
				     w->v[2], strlen(w->v[2])) :
			lookup_alias(docker_image, ARRAY_SIZE(docker_image),
				     w->v[2], strlen(w->v[2]));
		if (to) {
			remove_word(w, 1);
			replace_word(w, 1, to);
		}
	}
}

/* ---- the normalised form ---------------------------------------------- */

struct flag {
	char *name;
	char *value;   /* NULL for a flag without a value */
};

struct norm {
	struct words pos;
	struct flag *flags;
	size_t nflags, capflags;
	struct words tail;
};

static void add_flag(struct norm *n, char *name, char *value)
{
	XGROW(n->flags, n->nflags + 1, n->capflags);
	n->flags[n->nflags].name = name;
	n->flags[n->nflags].value = value;
	n->nflags++;
}

static int flag_cmp(const void *a, const void *b)
{
	const struct flag *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	if (!x->value || !y->value)
		return (x->value != NULL) - (y->value != NULL);
	return strcmp(x->value, y->value);
}

static void norm_release(struct norm *n)
{
	words_release(&n->pos);
	words_release(&n->tail);
	for (size_t i = 0; i < n->nflags; i++) {
		free(n->flags[i].name);
		free(n->flags[i].value);
	}
	free(n->flags);
	memset(n, 0, sizeof(*n));
}

static bool all_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80 || (unsigned char)*s < 0x21)
			return false;
	return true;
}

/* One flag word at w->v[*i]; may consume the next word as its value. */
static void parse_flag(struct norm *n, const struct words *w, size_t *i,
		       const char *prog, const char *sub)
{
	const char *t = w->v[*i];

	if (t[1] == '-') {
		const char *name = t + 2;
		const char *eq = strchr(name, '=');
		size_t nl = eq ? (size_t)(eq - name) : strlen(name);
		const struct flagdef *d = find_flag(prog, sub, 0, name, nl);
		char *cname = d ? def_name(d) : xasprintf("--%.*s", (int)nl, name);

		if (eq)
			add_flag(n, cname, xstrdup(eq + 1));
		else if (d && d->val && *i + 1 < w->n)
			add_flag(n, cname, xstrdup(w->v[++*i]));
		else
			add_flag(n, cname, NULL);
		return;
	}
	if (!all_ascii(t)) {
		add_flag(n, xstrdup(t), NULL);
		return;
	}
	/* Combined short flags: each is a flag until one takes a value, which
	 * is then the rest of the word or the next word (getopt's rule). */
	for (size_t j = 1; t[j]; j++) {
		const struct flagdef *d = find_flag(prog, sub, t[j], NULL, 0);
		if (d && d->val) {
			const char *rest = t + j + 1;
			if (*rest == '=')
				rest++;
			if (*rest)
				add_flag(n, def_name(d), xstrdup(rest));
			else if (*i + 1 < w->n)
				add_flag(n, def_name(d), xstrdup(w->v[++*i]));
			else
				add_flag(n, def_name(d), NULL);
			return;
		}
		add_flag(n, d ? def_name(d) : xasprintf("-%c", t[j]), NULL);
	}
}

static void normalize(const char *cmd, struct norm *n)
{
	struct words w = { NULL, 0, 0 };
	const char *prog = NULL;
	const char *sub = NULL;
	size_t npos = 0, stop_after = SIZE_MAX;
	bool tail = false;

	memset(n, 0, sizeof(*n));
	split_words(cmd, &w);
	canon_program(&w);
	if (!w.n) {
		free(w.v);
		return;
	}
	if (!strcmp(w.v[0], "docker") || !strcmp(w.v[0], "kubectl"))
		prog = w.v[0];

	words_push(&n->pos, xstrdup(w.v[0]));
	for (size_t i = 1; i < w.n; i++) {
		const char *t = w.v[i];

		if (tail) {
			words_push(&n->tail, xstrdup(t));
		} else if (!strcmp(t, "--")) {
			tail = true;
		} else if (t[0] == '-' && t[1]) {
			parse_flag(n, &w, &i, prog, sub);
		} else {
			npos++;
			if (prog && !strcmp(prog, "kubectl") && npos == 2 &&
			    in_list(" get describe delete edit label annotate patch explain ", sub))
				words_push(&n->pos, kube_resource(t));
			else
				words_push(&n->pos, xstrdup(t));
			/* The words after an image (docker run) or a container
			 * (docker exec) belong to the command run inside it:
			 * their flags are not docker's and must not move. */
			if (npos == 1) {
				sub = n->pos.v[n->pos.n - 1];
				if (prog && !strcmp(prog, "docker") && !strcmp(sub, "compose")) {
					prog = "compose";
					sub = NULL;
					npos = 0;
				}
				if (prog && !strcmp(prog, "docker") &&
				    in_list(" run create exec ", sub))
					stop_after = 2;
				if (prog && !strcmp(prog, "compose") && in_list(" run exec ", sub))
					stop_after = 2;
			}
			if (npos >= stop_after)
				tail = true;
		}
	}
	words_release(&w);

	if (n->nflags > 1) {
		qsort(n->flags, n->nflags, sizeof(*n->flags), flag_cmp);
		/* The same flag given twice means it once. */
		size_t k = 1;
		for (size_t i = 1; i < n->nflags; i++) {
			if (!flag_cmp(&n->flags[k - 1], &n->flags[i])) {
				free(n->flags[i].name);
				free(n->flags[i].value);
			} else {
				n->flags[k++] = n->flags[i];
			}
		}
		n->nflags = k;
	}
}

static bool words_equal(const struct words *a, const struct words *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]))
			return false;
	return true;
}

bool answer_matches(const char *typed, const char *expected)
{
	struct norm a, b;
	bool eq;

	normalize(typed, &a);
	normalize(expected, &b);
	eq = words_equal(&a.pos, &b.pos) && words_equal(&a.tail, &b.tail) &&
		a.nflags == b.nflags;
	for (size_t i = 0; eq && i < a.nflags; i++)
		eq = !flag_cmp(&a.flags[i], &b.flags[i]);
	norm_release(&a);
	norm_release(&b);
	return eq;
}

char *answer_normalize(const char *cmd)
{
	struct norm n;
	struct buf b = BUF_INIT;

	normalize(cmd, &n);
	for (size_t i = 0; i < n.pos.n; i++)
		buf_addf(&b, "%s%s", i ? " " : "", n.pos.v[i]);
	for (size_t i = 0; i < n.nflags; i++) {
		buf_addf(&b, " %s", n.flags[i].name);
		if (n.flags[i].value)
			buf_addf(&b, "=%s", n.flags[i].value);
	}
	if (n.tail.n) {
		buf_adds(&b, " --");
		for (size_t i = 0; i < n.tail.n; i++)
			buf_addf(&b, " %s", n.tail.v[i]);
	}
	norm_release(&n);
	return buf_detach(&b);
}

/* ---- word diff -------------------------------------------------------- */

/* Beyond this many words the rest is shown as extra/missing without a
 * table: a pasted essay must not cost quadratic memory. */
#define DIFF_MAX_WORDS 256

/* A word's comparison key: flags in their long form, k as kubectl. */
static char *word_key(const char *prog, const char *sub, const char *w)
{
	const struct flagdef *d = NULL;

	if (w[0] == '-' && w[1] == '-' && w[2]) {
		const char *eq = strchr(w + 2, '=');
		size_t nl = eq ? (size_t)(eq - w - 2) : strlen(w + 2);
		d = find_flag(prog, sub, 0, w + 2, nl);
		if (d)
			return xasprintf("--%s%s", d->l, eq ? eq : "");
	} else if (w[0] == '-' && w[1] && !w[2]) {
		d = find_flag(prog, sub, w[1], NULL, 0);
		if (d)
			return def_name(d);
	} else if (!strcmp(w, "k")) {
		return xstrdup("kubectl");
	}
	return xstrdup(w);
}

static void keys_of(const struct words *w, struct words *keys)
{
	const char *prog = NULL, *sub = NULL;

	if (w->n && (!strcmp(w->v[0], "docker") || !strcmp(w->v[0], "kubectl") ||
		     !strcmp(w->v[0], "k")))
		prog = w->v[0][0] == 'd' ? "docker" : "kubectl";
	if (w->n > 1)
		sub = w->v[1];
	for (size_t i = 0; i < w->n; i++)
		words_push(keys, word_key(prog, sub, w->v[i]));
}

static void diff_push(struct answer_diff *d, size_t *cap, const char *s,
		      enum answer_word_kind k)
{
	XGROW(d->w, d->n + 1, *cap);
	d->w[d->n].text = xstrdup(s);
	d->w[d->n].kind = k;
	d->n++;
}

void answer_diff(const char *typed, const char *expected, struct answer_diff *out)
{
	struct words a = { NULL, 0, 0 }, b = { NULL, 0, 0 };
	struct words ka = { NULL, 0, 0 }, kb = { NULL, 0, 0 };
	size_t cap = 0;

	out->w = NULL;
	out->n = 0;
	split_words(typed, &a);
	split_words(expected, &b);
	keys_of(&a, &ka);
	keys_of(&b, &kb);

	size_t n = a.n < DIFF_MAX_WORDS ? a.n : DIFF_MAX_WORDS;
	size_t m = b.n < DIFF_MAX_WORDS ? b.n : DIFF_MAX_WORDS;
	/* lcs[i][j]: the longest common subsequence of a[i..n) and b[j..m). */
	unsigned short *lcs = xcalloc((n + 1) * (m + 1), sizeof(*lcs));
#define L(i, j) lcs[(i) * (m + 1) + (j)]
	for (size_t i = n; i-- > 0;)
		for (size_t j = m; j-- > 0;)
			L(i, j) = !strcmp(ka.v[i], kb.v[j]) ? L(i + 1, j + 1) + 1 :
				(L(i + 1, j) >= L(i, j + 1) ? L(i + 1, j) : L(i, j + 1));

	size_t i = 0, j = 0;
	while (i < n || j < m) {
		if (i < n && j < m && !strcmp(ka.v[i], kb.v[j])) {
			diff_push(out, &cap, b.v[j], ANSWER_SAME);
			i++;
			j++;
		} else if (i < n && (j == m || L(i + 1, j) >= L(i, j + 1))) {
			diff_push(out, &cap, a.v[i++], ANSWER_EXTRA);
		} else {
			diff_push(out, &cap, b.v[j++], ANSWER_MISSING);
		}
	}
#undef L
	for (; i < a.n; i++)
		diff_push(out, &cap, a.v[i], ANSWER_EXTRA);
	for (; j < b.n; j++)
		diff_push(out, &cap, b.v[j], ANSWER_MISSING);
	free(lcs);
	words_release(&a);
	words_release(&b);
	words_release(&ka);
	words_release(&kb);
}

void answer_diff_release(struct answer_diff *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->w[i].text);
	free(d->w);
	d->w = NULL;
	d->n = 0;
}
