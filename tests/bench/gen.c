/* gen.c - write a seeded benchmark corpus of question/answer markdown.
 *
 *   bench-gen DIR CARDS [SEED]
 *
 * Writes DIR/bench-NNNN.md files of 250 cards each, mixing the shapes the
 * loader knows, one shape per section: question headings (with a paragraph, a list or a code
 * block as the answer), bold list questions, multiple-choice task lists and
 * two-column tables (one card per row). The same seed gives the same bytes,
 * so runs can be compared. Prints the number of files and bytes written.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CARDS_PER_FILE 250

static uint64_t rng_state;

/* xorshift64*: fast, and the same on every platform */
static uint32_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ULL) >> 32);
}

static const char *const words[] = {
	"container", "image", "layer", "volume", "network", "bridge", "overlay", "registry",
	"tag", "digest", "daemon", "socket", "namespace", "cgroup", "pod", "deployment",
	"replica", "service", "ingress", "secret", "configmap", "probe", "liveness",
	"readiness", "node", "scheduler", "kubelet", "etcd", "controller", "rollout",
	"manifest", "label", "selector", "port", "mount", "build", "cache", "stage",
	"entrypoint", "command", "environment", "variable", "restart", "policy", "limit",
	"request", "memory", "cpu", "quota", "storage", "claim", "class", "cluster",
	"context", "compose", "stack", "healthcheck", "runtime", "shim", "snapshot",
	"the", "a", "of", "to", "and", "is", "with", "for", "on", "when", "every", "each",
};
#define NWORDS (sizeof(words) / sizeof(words[0]))

static const char *const cmds[] = {
	"docker run -d -p 8080:80 --name web nginx",
	"docker ps -a",
	"docker build -t app:1.0 .",
	"docker volume create data",
	"docker network ls",
	"kubectl get pods -n kube-system",
	"kubectl apply -f deploy.yaml",
	"kubectl rollout undo deployment/web",
	"kubectl describe svc web",
	"docker compose up -d",
};
#define NCMDS (sizeof(cmds) / sizeof(cmds[0]))

static void sentence(FILE *f, int nw)
{
	for (int i = 0; i < nw; i++)
		fprintf(f, "%s%s", i ? " " : "", words[rnd() % NWORDS]);
}

/* One card (or a table of several); returns how many cards it wrote. */
static int card(FILE *f, long id, int left, unsigned r)
{
	if (r < 45) {
		fprintf(f, "### Question %ld: what does the ", id);
		sentence(f, 4 + rnd() % 6);
		fputs(" do?\n\n", f);
		switch (rnd() % 3) {
		case 0:
			sentence(f, 15 + rnd() % 25);
			fputs(".\n\n", f);
			break;
		case 1:
			for (int i = 0, n = 2 + rnd() % 3; i < n; i++) {
				fputs("- ", f);
				sentence(f, 5 + rnd() % 8);
				fputc('\n', f);
			}
			fputc('\n', f);
			break;
		default:
			fputs("```bash\n", f);
			for (int i = 0, n = 1 + rnd() % 3; i < n; i++)
				fprintf(f, "%s\n", cmds[rnd() % NCMDS]);
			fputs("```\n\n", f);
			break;
		}
		return 1;
	}
	if (r < 65) {
		fprintf(f, "- **Question %ld: why use a ", id);
		sentence(f, 3 + rnd() % 5);
		fputs("?**\n  ", f);
		sentence(f, 12 + rnd() % 20);
		fputs(".\n\n", f);
		return 1;
	}
	if (r < 85) {
		int n = 3 + rnd() % 3, right = rnd() % n;

		fprintf(f, "### Question %ld: which command matches the ", id);
		sentence(f, 3 + rnd() % 4);
		fputs("?\n\n", f);
		for (int i = 0; i < n; i++)
			fprintf(f, "- [%c] `%s` %d\n", i == right ? 'x' : ' ', cmds[rnd() % NCMDS], i);
		fputc('\n', f);
		return 1;
	}
	{
		int rows = 2 + rnd() % 4;

		if (rows > left)
			rows = left;
		fputs("| Term | Meaning |\n| --- | --- |\n", f);
		for (int i = 0; i < rows; i++) {
			fprintf(f, "| %s %ld-%d | ", words[rnd() % NWORDS], id, i);
			sentence(f, 6 + rnd() % 10);
			fputs(" |\n", f);
		}
		fputc('\n', f);
		return rows;
	}
}

int main(int argc, char **argv)
{
	long total, done = 0, bytes = 0;
	int nfiles = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: %s DIR CARDS [SEED]\n", argv[0]);
		return 2;
	}
	total = atol(argv[2]);
	rng_state = argc > 3 ? strtoull(argv[3], NULL, 10) : 20260110;
	if (!rng_state)
		rng_state = 1;
	while (done < total) {
		char path[4096];
		FILE *f;
		int in_file = 0, last_sec = -1;
		unsigned shape = 0;

		snprintf(path, sizeof(path), "%s/bench-%04d.md", argv[1], nfiles);
		f = fopen(path, "w");
		if (!f) {
			perror(path);
			return 1;
		}
		fprintf(f, "---\ndeck: Bench::Part %d\nlang: en\n---\n# Part %d\n\n", nfiles, nfiles);
		while (in_file < CARDS_PER_FILE && done < total) {
			int k, sec = in_file / 25;

			/* one shape per section: a heading card's answer runs to the
			 * next heading, so list questions and tables need their own */
			if (in_file % 25 == 0 || in_file / 25 != last_sec) {
				fprintf(f, "## Section %d\n\n", sec);
				shape = rnd() % 100;
				last_sec = sec;
			}
			k = card(f, done, (int)(25 - in_file % 25), shape);
			in_file += k;
			done += k;
		}
		bytes += ftell(f);
		if (fclose(f)) {
			perror(path);
			return 1;
		}
		nfiles++;
	}
	printf("%d files, %ld bytes, %ld cards\n", nfiles, bytes, done);
	return 0;
}
