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

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dkquiz/util.h"

/* Where a part of a command came from: its words [from, to) as split. */
struct span {
	size_t from, to;
};

struct words {
	char **v;
	struct span *at;   /* the words each one stands for */
	size_t n, cap;
};

static void words_push_at(struct words *w, char *s, struct span at)
{
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 8;
		w->v = xrealloc(w->v, w->cap * sizeof(*w->v));
		w->at = xrealloc(w->at, w->cap * sizeof(*w->at));
	}
	w->v[w->n] = s;
	w->at[w->n] = at;
	w->n++;
}

static void words_push(struct words *w, char *s)
{
	words_push_at(w, s, (struct span){ w->n, w->n + 1 });
}

static void words_release(struct words *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->v[i]);
	free(w->v);
	free(w->at);
	w->v = NULL;
	w->at = NULL;
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
	for (size_t i = 0; i < out->n; i++)
		out->at[i] = (struct span){ i, i + 1 };
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

/* Word i stands for itself and word i + 1, which goes. */
static void join_next_word(struct words *w, size_t i)
{
	w->at[i].to = w->at[i + 1].to;
	free(w->v[i + 1]);
	memmove(w->v + i + 1, w->v + i + 2, (w->n - i - 2) * sizeof(*w->v));
	memmove(w->at + i + 1, w->at + i + 2, (w->n - i - 2) * sizeof(*w->at));
	w->n--;
}

/* Map the program and its subcommand words to one spelling, in place;
 * the words keep the spans of the words they stand for. */
static void canon_program(struct words *w)
{
	if (!w->n)
		return;
	if (!strcmp(w->v[0], "k")) {
		replace_word(w, 0, "kubectl");
	} else if (!strcmp(w->v[0], "docker-compose")) {
		/* one word, two in the form: both stand for it */
		replace_word(w, 0, "docker");
		words_push(w, NULL);
		memmove(w->v + 2, w->v + 1, (w->n - 2) * sizeof(*w->v));
		memmove(w->at + 2, w->at + 1, (w->n - 2) * sizeof(*w->at));
		w->v[1] = xstrdup("compose");
		w->at[1] = w->at[0];
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
			join_next_word(w, 1);
			replace_word(w, 1, to);
		}
	}
}

/* ---- the normalised form ---------------------------------------------- */

struct flag {
	char *name;
	char *value;   /* NULL for a flag without a value */
	struct span at;
};

struct norm {
	struct words pos;
	struct flag *flags;
	size_t nflags, capflags;
	struct words tail;
	struct words words;   /* the command as split: what the spans point into */
};

static void add_flag(struct norm *n, char *name, char *value, struct span at)
{
	XGROW(n->flags, n->nflags + 1, n->capflags);
	n->flags[n->nflags].name = name;
	n->flags[n->nflags].value = value;
	n->flags[n->nflags].at = at;
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
	words_release(&n->words);
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

/* The span of words w[i..j]. */
static struct span words_span(const struct words *w, size_t i, size_t j)
{
	return (struct span){ w->at[i].from, w->at[j].to };
}

/* One flag word at w->v[*i]; may consume the next word as its value. */
static void parse_flag(struct norm *n, const struct words *w, size_t *i,
		       const char *prog, const char *sub)
{
	const char *t = w->v[*i];
	size_t first = *i;

	if (t[1] == '-') {
		const char *name = t + 2;
		const char *eq = strchr(name, '=');
		size_t nl = eq ? (size_t)(eq - name) : strlen(name);
		const struct flagdef *d = find_flag(prog, sub, 0, name, nl);
		char *cname = d ? def_name(d) : xasprintf("--%.*s", (int)nl, name);
		char *value = NULL;

		if (eq)
			value = xstrdup(eq + 1);
		else if (d && d->val && *i + 1 < w->n)
			value = xstrdup(w->v[++*i]);
		add_flag(n, cname, value, words_span(w, first, *i));
		return;
	}
	if (!all_ascii(t)) {
		add_flag(n, xstrdup(t), NULL, words_span(w, first, first));
		return;
	}
	/* Combined short flags: each is a flag until one takes a value, which
	 * is then the rest of the word or the next word (getopt's rule). */
	for (size_t j = 1; t[j]; j++) {
		const struct flagdef *d = find_flag(prog, sub, t[j], NULL, 0);
		if (d && d->val) {
			const char *rest = t + j + 1;
			char *value = NULL;

			if (*rest == '=')
				rest++;
			if (*rest)
				value = xstrdup(rest);
			else if (*i + 1 < w->n)
				value = xstrdup(w->v[++*i]);
			add_flag(n, def_name(d), value, words_span(w, first, *i));
			return;
		}
		add_flag(n, d ? def_name(d) : xasprintf("-%c", t[j]), NULL,
			 words_span(w, first, first));
	}
}

/* The parts of a command, flags in the order typed (norm_sort_flags()
 * sorts them); n->words keeps the words as split, which the spans of the
 * parts point into. */
static void normalize(const char *cmd, struct norm *n)
{
	struct words w = { NULL, NULL, 0, 0 };
	const char *prog = NULL;
	const char *sub = NULL;
	size_t npos = 0, stop_after = SIZE_MAX;
	bool tail = false;

	memset(n, 0, sizeof(*n));
	split_words(cmd, &n->words);
	for (size_t i = 0; i < n->words.n; i++)
		words_push(&w, xstrdup(n->words.v[i]));
	canon_program(&w);
	if (!w.n) {
		words_release(&w);
		return;
	}
	if (!strcmp(w.v[0], "docker") || !strcmp(w.v[0], "kubectl"))
		prog = w.v[0];

	words_push_at(&n->pos, xstrdup(w.v[0]), w.at[0]);
	for (size_t i = 1; i < w.n; i++) {
		const char *t = w.v[i];

		if (tail) {
			words_push_at(&n->tail, xstrdup(t), w.at[i]);
		} else if (!strcmp(t, "--")) {
			tail = true;
		} else if (t[0] == '-' && t[1]) {
			parse_flag(n, &w, &i, prog, sub);
		} else {
			npos++;
			if (prog && !strcmp(prog, "kubectl") && npos == 2 &&
			    in_list(" get describe delete edit label annotate patch explain ", sub))
				words_push_at(&n->pos, kube_resource(t), w.at[i]);
			else
				words_push_at(&n->pos, xstrdup(t), w.at[i]);
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
}

/* Flags in one order, each once: the same flag given twice means it once. */
static void norm_sort_flags(struct norm *n)
{
	size_t k = 1;

	if (n->nflags < 2)
		return;
	qsort(n->flags, n->nflags, sizeof(*n->flags), flag_cmp);
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

static bool words_equal(const struct words *a, const struct words *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]))
			return false;
	return true;
}

static bool line_matches(const char *typed, const char *expected)
{
	struct norm a, b;
	bool eq;

	normalize(typed, &a);
	normalize(expected, &b);
	norm_sort_flags(&a);
	norm_sort_flags(&b);
	eq = words_equal(&a.pos, &b.pos) && words_equal(&a.tail, &b.tail) &&
		a.nflags == b.nflags;
	for (size_t i = 0; eq && i < a.nflags; i++)
		eq = !flag_cmp(&a.flags[i], &b.flags[i]);
	norm_release(&a);
	norm_release(&b);
	return eq;
}

/* The normal form of one command (answer_normalize()). */
static char *normal_form(const char *cmd)
{
	struct norm n;
	struct buf b = BUF_INIT;

	normalize(cmd, &n);
	norm_sort_flags(&n);
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

/* ---- word diff -------------------------------------------------------- *
 *
 * The diff compares the normalised parts of the two commands but shows the
 * words as they were written: a part of the typed command that the
 * expected one has shows as typed ("k get po" against "kubectl get pods"
 * is three words the same), and what is missing shows as the expected
 * command writes it. A unit is a run of words that the normal form reads
 * as one or more parts: a word, a flag with its value, a combined "-it",
 * "docker container ls" read as "docker ps". Flags match wherever they
 * are; the other units are aligned in order (longest common subsequence of
 * their keys). */

/* Beyond this many units the rest is shown as extra/missing without a
 * table: a pasted essay must not cost quadratic memory. */
#define DIFF_MAX_WORDS 256

struct unit {
	struct span at;
	char *key;           /* positional "\x01word", flags "\x02--name=value" */
	size_t flag0, nflag; /* its flags in the side's flag list */
	bool done;           /* flags: every one matched on the other side */
	size_t ord;          /* the order it was made in */
};

struct side {
	struct norm n;
	struct unit *u;
	size_t nu;
	bool *used;          /* per flag: matched on the other side */
};

static int unit_cmp(const void *a, const void *b)
{
	const struct unit *x = a, *y = b;

	if (x->at.from != y->at.from)
		return x->at.from < y->at.from ? -1 : 1;
	/* flag0 orders the flags of one word as they were read, and two
	 * parts of one word ("docker-compose") keep the order they were made
	 * in: qsort() need not be stable */
	if (x->flag0 != y->flag0)
		return x->flag0 < y->flag0 ? -1 : 1;
	return x->ord < y->ord ? -1 : x->ord > y->ord;
}

static void side_add(struct side *sd, size_t *cap, struct span at, char *key, size_t flag0,
		     size_t nflag)
{
	XGROW(sd->u, sd->nu + 1, *cap);
	sd->u[sd->nu].at = at;
	sd->u[sd->nu].key = key;
	sd->u[sd->nu].flag0 = flag0;
	sd->u[sd->nu].nflag = nflag;
	sd->u[sd->nu].done = false;
	sd->u[sd->nu].ord = sd->nu;
	sd->nu++;
}

/* The units of one command, in the order of its words. */
static void side_build(struct side *sd, const char *cmd)
{
	size_t cap = 0, k;
	struct norm *n = &sd->n;

	memset(sd, 0, sizeof(*sd));
	normalize(cmd, n);
	sd->used = xcalloc(n->nflags ? n->nflags : 1, sizeof(*sd->used));
	for (size_t i = 0; i < n->pos.n; i++)
		side_add(sd, &cap, n->pos.at[i], xasprintf("\x01%s", n->pos.v[i]), SIZE_MAX, 0);
	for (size_t i = 0; i < n->nflags; i++)
		side_add(sd, &cap, n->flags[i].at,
			 xasprintf("\x02%s=%s", n->flags[i].name,
				   n->flags[i].value ? n->flags[i].value : ""), i, 1);
	for (size_t i = 0; i < n->tail.n; i++)
		side_add(sd, &cap, n->tail.at[i], xasprintf("\x01%s", n->tail.v[i]), SIZE_MAX, 0);
	if (!sd->nu)
		return;
	qsort(sd->u, sd->nu, sizeof(*sd->u), unit_cmp);
	/* Parts read from the same words are one unit: the flags of "-it",
	 * the docker and compose of "docker-compose"; and "docker compose"
	 * is one unit, so that it meets "docker-compose". */
	k = 0;
	for (size_t i = 1; i < sd->nu; i++) {
		struct unit *a = &sd->u[k], *b = &sd->u[i];
		bool compose = k == 0 && i == 1 && !strcmp(a->key, "\x01" "docker") &&
			       !strcmp(b->key, "\x01" "compose");

		if (b->at.from < a->at.to || compose) {
			char *key = xasprintf("%s %s", a->key, b->key);

			free(a->key);
			free(b->key);
			a->key = key;
			if (b->at.to > a->at.to)
				a->at.to = b->at.to;
			if (b->nflag) {
				if (!a->nflag)
					a->flag0 = b->flag0;
				a->nflag = b->flag0 + b->nflag - a->flag0;
			}
		} else {
			sd->u[++k] = *b;
		}
	}
	sd->nu = k + 1;
}

static void side_release(struct side *sd)
{
	for (size_t i = 0; i < sd->nu; i++)
		free(sd->u[i].key);
	free(sd->u);
	free(sd->used);
	norm_release(&sd->n);
}

/* The words a unit stands for, as written (quotes removed). */
static char *unit_text(const struct side *sd, const struct unit *u)
{
	struct buf b = BUF_INIT;

	for (size_t i = u->at.from; i < u->at.to && i < sd->n.words.n; i++)
		buf_addf(&b, "%s%s", i > u->at.from ? " " : "", sd->n.words.v[i]);
	return buf_detach(&b);
}

/* Each flag of `a` takes an equal flag of `b` not yet taken; a unit whose
 * flags are all taken is done. */
static void match_flags(struct side *a, struct side *b)
{
	for (size_t i = 0; i < a->n.nflags; i++)
		for (size_t j = 0; j < b->n.nflags; j++)
			if (!b->used[j] && !flag_cmp(&a->n.flags[i], &b->n.flags[j])) {
				a->used[i] = b->used[j] = true;
				break;
			}
	for (struct side *sd = a; sd; sd = sd == a ? b : NULL)
		for (size_t i = 0; i < sd->nu; i++) {
			struct unit *u = &sd->u[i];

			u->done = u->nflag > 0;
			for (size_t f = 0; f < u->nflag; f++)
				if (!sd->used[u->flag0 + f])
					u->done = false;
		}
}

static void diff_push(struct answer_diff *d, size_t *cap, char *s, enum answer_word_kind k)
{
	XGROW(d->w, d->n + 1, *cap);
	d->w[d->n].text = s;
	d->w[d->n].kind = k;
	d->n++;
}

/* The diff of one command line into `out` (appended). */
static void diff_line(const char *typed, const char *expected, struct answer_diff *out,
		      size_t *cap)
{
	struct side a, b;
	size_t *ia, *ib, na = 0, nb = 0;

	side_build(&a, typed);
	side_build(&b, expected);
	match_flags(&a, &b);
	/* The units left to align: all but the matched flags. */
	ia = xcalloc(a.nu ? a.nu : 1, sizeof(*ia));
	ib = xcalloc(b.nu ? b.nu : 1, sizeof(*ib));
	for (size_t i = 0; i < a.nu; i++)
		if (!a.u[i].done)
			ia[na++] = i;
	for (size_t j = 0; j < b.nu; j++)
		if (!b.u[j].done)
			ib[nb++] = j;

	size_t n = na < DIFF_MAX_WORDS ? na : DIFF_MAX_WORDS;
	size_t m = nb < DIFF_MAX_WORDS ? nb : DIFF_MAX_WORDS;
	/* lcs[i][j]: the longest common subsequence of ia[i..n) and ib[j..m). */
	unsigned short *lcs = xcalloc((n + 1) * (m + 1), sizeof(*lcs));
#define L(i, j) lcs[(i) * (m + 1) + (j)]
#define SAME(i, j) (!strcmp(a.u[ia[i]].key, b.u[ib[j]].key))
	for (size_t i = n; i-- > 0;)
		for (size_t j = m; j-- > 0;)
			L(i, j) = SAME(i, j) ? L(i + 1, j + 1) + 1 :
				(L(i + 1, j) >= L(i, j + 1) ? L(i + 1, j) : L(i, j + 1));

	/* Walk the typed units in order: a matched flag shows where it was
	 * typed; the others follow the alignment, the typed (extra) before
	 * the expected (missing) at a difference. */
	size_t i = 0, j = 0;
	for (size_t t = 0; t <= a.nu; t++) {
		if (t < a.nu && a.u[t].done) {
			diff_push(out, cap, unit_text(&a, &a.u[t]), ANSWER_SAME);
			continue;
		}
		/* up to and including typed unit t (or to the end) */
		for (;;) {
			bool more_a = i < na && (t == a.nu || ia[i] <= t);

			if (i < n && j < m && more_a && SAME(i, j)) {
				diff_push(out, cap, unit_text(&a, &a.u[ia[i]]), ANSWER_SAME);
				i++;
				j++;
			} else if (more_a && (i >= n || j >= m || L(i + 1, j) >= L(i, j + 1))) {
				diff_push(out, cap, unit_text(&a, &a.u[ia[i]]), ANSWER_EXTRA);
				i++;
			} else if (j < nb && (t == a.nu || (j < m && i < n))) {
				diff_push(out, cap, unit_text(&b, &b.u[ib[j]]), ANSWER_MISSING);
				j++;
				continue;
			} else {
				break;
			}
			if (t < a.nu && ia[i - 1] == t)
				break;
		}
	}
#undef SAME
#undef L
	free(lcs);
	free(ia);
	free(ib);
	side_release(&a);
	side_release(&b);
}

/* ---- answers of several lines ------------------------------------------ *
 *
 * An answer of several lines is compared line by line, each line as a
 * command. Blank lines do not count, nor does a line's indentation, and a
 * line ending in a backslash goes on on the next one: a shell script or a
 * Dockerfile reads the same. YAML is another matter: there indentation is
 * the structure. When every line of the expected answer reads as YAML
 * (a "key:" or a "- " item; comments and "---" aside), each line's depth
 * must be the same as the expected line's: its place in the nesting, so
 * that two spaces or four a level both do, but a key moved under another
 * does not. */

struct aline {
	char *text;      /* the logical line, without its indentation */
	char *form;      /* its normal form, one string (alines_forms()) */
	size_t indent;   /* columns before it (a tab: to the next multiple of 8) */
	int depth;       /* YAML nesting level */
};

struct alines {
	struct aline *v;
	size_t n, cap;
};

static void alines_release(struct alines *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].text);
		free(l->v[i].form);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static void add_counted(struct buf *b, const char *s)
{
	buf_addf(b, "%zu:%s", strlen(s), s);
}

/* The normal form of a command as one string, equal for two commands
 * exactly when line_matches() holds: each part written with its length. */
static char *form_key(const char *cmd)
{
	struct norm n;
	struct buf b = BUF_INIT;

	normalize(cmd, &n);
	norm_sort_flags(&n);
	buf_addf(&b, "p%zu", n.pos.n);
	for (size_t i = 0; i < n.pos.n; i++)
		add_counted(&b, n.pos.v[i]);
	buf_addf(&b, "f%zu", n.nflags);
	for (size_t i = 0; i < n.nflags; i++) {
		add_counted(&b, n.flags[i].name);
		if (n.flags[i].value)
			add_counted(&b, n.flags[i].value);
		else
			buf_addch(&b, '-');
	}
	buf_addf(&b, "t%zu", n.tail.n);
	for (size_t i = 0; i < n.tail.n; i++)
		add_counted(&b, n.tail.v[i]);
	norm_release(&n);
	return buf_detach(&b);
}

/* The normal form of each line, for comparing lines: a line alone is
 * compared as a whole command instead. */
static void alines_forms(struct alines *l)
{
	for (size_t i = 0; i < l->n; i++)
		l->v[i].form = form_key(l->v[i].text);
}

/* The logical lines of `s`: blank lines left out, a line ending in a
 * backslash joined to the next. Their forms are left for alines_forms(). */
static void split_lines(const char *s, struct alines *out)
{
	const char *p = s ? s : "";

	memset(out, 0, sizeof(*out));
	while (*p) {
		struct buf b = BUF_INIT;
		size_t indent = 0;
		bool first = true;

		for (;;) {
			const char *eol = strchr(p, '\n');
			size_t n = eol ? (size_t)(eol - p) : strlen(p);
			const char *t = p;

			/* the indentation of the first line counts, that of
			 * the lines it goes on on does not */
			while (n && (*t == ' ' || *t == '\t')) {
				if (first)
					indent = *t == '\t' ? (indent / 8 + 1) * 8 : indent + 1;
				t++;
				n--;
			}
			while (n && is_space((unsigned char)t[n - 1]))
				n--;
			p = eol ? eol + 1 : t + strlen(t);
			if (n && t[n - 1] == '\\' && *p) {
				buf_add(&b, t, n - 1);
				buf_addch(&b, ' ');
				first = false;
				continue;
			}
			buf_add(&b, t, n);
			break;
		}
		if (b.len) {
			XGROW(out->v, out->n + 1, out->cap);
			out->v[out->n].text = buf_detach(&b);
			out->v[out->n].form = NULL;
			out->v[out->n].indent = indent;
			out->v[out->n].depth = 0;
			out->n++;
		} else {
			buf_release(&b);
		}
	}
}

/* A line of YAML: "key:" (and a value; *key is then set), "- " items, a
 * comment, "---". */
static bool yaml_line(const char *t, bool *key)
{
	bool item = false;
	size_t k = 0;

	if (*t == '#' || !strcmp(t, "---") || !strcmp(t, "..."))
		return true;
	while (t[0] == '-' && (t[1] == ' ' || !t[1])) {
		item = true;
		t++;
		while (*t == ' ')
			t++;
	}
	if (!*t)
		return item;
	if (*t == '"' || *t == '\'') {
		const char *q = strchr(t + 1, *t);

		k = q ? (size_t)(q - t) + 1 : 0;
	} else {
		while (t[k] && (isalnum((unsigned char)t[k]) || strchr("_-./$", t[k])))
			k++;
	}
	if (k && t[k] == ':' && (!t[k + 1] || t[k + 1] == ' ')) {
		*key = true;
		return true;
	}
	return item;   /* an item's value: "- nginx" */
}

/* The nesting level of each line, from the indentations. */
static void set_depths(struct alines *l)
{
	size_t *stack = xcalloc(l->n ? l->n : 1, sizeof(*stack)), n = 0;

	for (size_t i = 0; i < l->n; i++) {
		while (n && stack[n - 1] >= l->v[i].indent)
			n--;
		l->v[i].depth = (int)n;
		stack[n++] = l->v[i].indent;
	}
	free(stack);
}

/* Every line YAML, and at least one key: depths are set. */
static bool yaml_depths(struct alines *l)
{
	bool key = false;

	for (size_t i = 0; i < l->n; i++)
		if (!yaml_line(l->v[i].text, &key))
			return false;
	if (!key)
		return false;
	set_depths(l);
	return true;
}

static bool aline_matches(const struct aline *a, const struct aline *b, bool yaml)
{
	return (!yaml || a->depth == b->depth) && !strcmp(a->form, b->form);
}

bool answer_matches(const char *typed, const char *expected)
{
	struct alines a, b;
	bool yaml, eq;

	split_lines(typed, &a);
	split_lines(expected, &b);
	if (a.n <= 1 && b.n <= 1) {
		alines_release(&a);
		alines_release(&b);
		return line_matches(typed, expected);
	}
	alines_forms(&a);
	alines_forms(&b);
	yaml = yaml_depths(&b);
	if (yaml)
		set_depths(&a);
	eq = a.n == b.n;
	for (size_t i = 0; eq && i < a.n; i++)
		eq = aline_matches(&a.v[i], &b.v[i], yaml);
	alines_release(&a);
	alines_release(&b);
	return eq;
}

/* An answer of several lines matches line by line, and no quote runs from
 * one line into the next: its form is the form of each line, one a line. */
char *answer_normalize(const char *cmd)
{
	struct alines l;
	struct buf b = BUF_INIT;

	split_lines(cmd, &l);
	if (l.n <= 1) {
		alines_release(&l);
		return normal_form(cmd);
	}
	for (size_t i = 0; i < l.n; i++) {
		char *f = normal_form(l.v[i].text);

		buf_addf(&b, "%s%s", i ? "\n" : "", f);
		free(f);
	}
	alines_release(&l);
	return buf_detach(&b);
}

bool answer_is_yaml(const char *expected)
{
	struct alines b;
	bool yaml;

	split_lines(expected, &b);
	yaml = b.n > 1 && yaml_depths(&b);
	alines_release(&b);
	return yaml;
}

/* A new line in a diff, `indent` columns in. */
static void diff_newline(struct answer_diff *out, size_t *cap, size_t indent)
{
	char *s = xmalloc(indent + 1);

	memset(s, ' ', indent);
	s[indent] = '\0';
	diff_push(out, cap, s, ANSWER_LINE);
}

/* A whole line as one word of `kind`. */
static void diff_whole(struct answer_diff *out, size_t *cap, const struct aline *l,
		       enum answer_word_kind kind)
{
	diff_newline(out, cap, l->indent);
	diff_push(out, cap, xstrdup(l->text), kind);
}

/* Beyond this many lines the rest is shown as extra/missing lines. */
#define DIFF_MAX_LINES 256

void answer_diff(const char *typed, const char *expected, struct answer_diff *out)
{
	struct alines a, b;
	size_t cap = 0;
	bool yaml;

	out->w = NULL;
	out->n = 0;
	split_lines(typed, &a);
	split_lines(expected, &b);
	if (a.n <= 1 && b.n <= 1) {
		alines_release(&a);
		alines_release(&b);
		diff_line(typed, expected, out, &cap);
		return;
	}
	alines_forms(&a);
	alines_forms(&b);
	yaml = yaml_depths(&b);
	if (yaml)
		set_depths(&a);

	size_t n = a.n < DIFF_MAX_LINES ? a.n : DIFF_MAX_LINES;
	size_t m = b.n < DIFF_MAX_LINES ? b.n : DIFF_MAX_LINES;
	unsigned short *lcs = xcalloc((n + 1) * (m + 1), sizeof(*lcs));
	bool *eq = xcalloc((n + 1) * (m + 1), sizeof(*eq));
#define L(i, j) lcs[(i) * (m + 1) + (j)]
#define EQ(i, j) eq[(i) * (m + 1) + (j)]
	for (size_t i = n; i-- > 0;)
		for (size_t j = m; j-- > 0;) {
			EQ(i, j) = aline_matches(&a.v[i], &b.v[j], yaml);
			L(i, j) = EQ(i, j) ? L(i + 1, j + 1) + 1 :
				(L(i + 1, j) >= L(i, j + 1) ? L(i + 1, j) : L(i, j + 1));
		}
	/* Lines that match show as typed. Between two matches, the lines
	 * that differ are paired in order and diffed word by word (unless
	 * their YAML depth differs: then each shows whole); the others show
	 * whole, extra or missing. */
	size_t i = 0, j = 0;
	while (i < a.n || j < b.n) {
		if (i < n && j < m && EQ(i, j)) {
			diff_whole(out, &cap, &a.v[i++], ANSWER_SAME);
			j++;
			continue;
		}
		/* the steps of the alignment up to its next match */
		size_t i2 = i, j2 = j;
		while ((i2 < a.n || j2 < b.n) && !(i2 < n && j2 < m && EQ(i2, j2))) {
			if (i2 < a.n && (j2 >= b.n || i2 >= n || j2 >= m ||
					 L(i2 + 1, j2) >= L(i2, j2 + 1)))
				i2++;
			else
				j2++;
		}
		for (; i < i2 || j < j2; i++, j++) {
			if (i < i2 && j < j2 && (!yaml || a.v[i].depth == b.v[j].depth)) {
				diff_newline(out, &cap, a.v[i].indent);
				diff_line(a.v[i].text, b.v[j].text, out, &cap);
			} else {
				if (i < i2)
					diff_whole(out, &cap, &a.v[i], ANSWER_EXTRA);
				if (j < j2)
					diff_whole(out, &cap, &b.v[j], ANSWER_MISSING);
			}
		}
		i = i2;
		j = j2;
	}
#undef EQ
#undef L
	free(lcs);
	free(eq);
	alines_release(&a);
	alines_release(&b);
}

void answer_diff_release(struct answer_diff *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->w[i].text);
	free(d->w);
	d->w = NULL;
	d->n = 0;
}

static const char *skip_space(const char *s)
{
	while (is_space((unsigned char)*s))
		s++;
	return s;
}

bool answer_same_text(const char *a, const char *b)
{
	a = skip_space(a ? a : "");
	b = skip_space(b ? b : "");
	while (*a && *b) {
		bool sa = is_space((unsigned char)*a), sb = is_space((unsigned char)*b);

		if (sa || sb) {
			if (!sa || !sb)
				return false;
			a = skip_space(a);
			b = skip_space(b);
			continue;
		}
		if (*a++ != *b++)
			return false;
	}
	return !*skip_space(a) && !*skip_space(b);
}
