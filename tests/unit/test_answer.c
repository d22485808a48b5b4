/* test_answer.c - typed command checking and the word diff. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dkquiz/answer.h"

struct pair {
	const char *typed;
	const char *expected;
};

static const struct pair same[] = {
	{ "docker ps -a", "docker ps -a" },
	{ "  docker   ps    -a  ", "docker ps -a" },
	{ "docker ps --all", "docker ps -a" },
	{ "docker container ls -a", "docker ps -a" },
	{ "docker container ps --all", "docker ps -a" },
	{ "docker container list -a", "docker ps --all" },
	{ "docker image ls", "docker images" },
	{ "docker image list", "docker images" },
	{ "docker container rm -f web", "docker rm --force web" },
	{ "docker image rm nginx", "docker rmi nginx" },
	{ "docker run -it ubuntu", "docker run -ti ubuntu" },
	{ "docker run -i -t ubuntu", "docker run -it ubuntu" },
	{ "docker run --interactive --tty ubuntu", "docker run -it ubuntu" },
	{ "docker run -t -i ubuntu", "docker run --tty --interactive ubuntu" },
	{ "docker run -d -p 8080:80 --name web nginx", "docker run --name web -p 8080:80 -d nginx" },
	{ "docker run --name=web -d nginx", "docker run -d --name web nginx" },
	{ "docker run --detach --publish=8080:80 nginx", "docker run -d -p 8080:80 nginx" },
	{ "docker run -p8080:80 nginx", "docker run -p 8080:80 nginx" },
	{ "docker run -dp 8080:80 nginx", "docker run -d -p 8080:80 nginx" },
	{ "docker run -e A=1 -e B=2 alpine", "docker run -e B=2 -e A=1 alpine" },
	{ "docker run --env A=1 alpine", "docker run -e A=1 alpine" },
	{ "docker run -v data:/var/lib alpine", "docker run --volume data:/var/lib alpine" },
	{ "docker run --name 'web' nginx", "docker run --name \"web\" nginx" },
	{ "docker run --name web nginx", "docker run --name 'web' nginx" },
	{ "docker container run -d nginx", "docker run -d nginx" },
	{ "docker run -it ubuntu bash", "docker run -ti ubuntu bash" },
	{ "docker run ubuntu echo 'hello world'", "docker run ubuntu echo \"hello world\"" },
	{ "docker exec -it web sh", "docker container exec -i -t web sh" },
	{ "docker build -t app:1 .", "docker build --tag app:1 ." },
	{ "docker build -f Dockerfile.dev -t app .", "docker build -t app --file Dockerfile.dev ." },
	{ "docker logs -f web", "docker logs --follow web" },
	{ "docker-compose up -d", "docker compose up -d" },
	{ "docker compose up --detach", "docker-compose up -d" },
	{ "docker compose down -v", "docker-compose down --volumes" },
	{ "docker compose -f dev.yml up -d", "docker compose -f dev.yml up --detach" },
	{ "kubectl get pods -n kube-system", "kubectl get pods --namespace kube-system" },
	{ "k get pods -n kube-system", "kubectl get pods -n kube-system" },
	{ "kubectl get pods --namespace=kube-system", "kubectl get pods -n kube-system" },
	{ "kubectl get -n kube-system pods", "kubectl get pods -n kube-system" },
	{ "kubectl get pods -A", "kubectl get pods --all-namespaces" },
	{ "kubectl get po -A", "kubectl get pods --all-namespaces" },
	{ "kubectl get pod", "kubectl get pods" },
	{ "kubectl get svc", "kubectl get services" },
	{ "kubectl get deploy,svc", "kubectl get deployments,services" },
	{ "kubectl describe deploy/web", "kubectl describe deployment/web" },
	{ "kubectl get pods -o wide", "kubectl get pods --output wide" },
	{ "kubectl get pods -owide", "kubectl get pods -o wide" },
	{ "kubectl get pods -o=yaml", "kubectl get pods --output=yaml" },
	{ "kubectl apply -f deploy.yaml", "kubectl apply --filename deploy.yaml" },
	{ "kubectl exec -it web -- sh", "kubectl exec -ti web -- sh" },
	{ "kubectl logs -f web -c app", "kubectl logs web --container app --follow" },
	{ "$ docker ps", "docker ps" },
	{ "sudo docker ps", "docker ps" },
	{ "docker ps;", "docker ps" },
	{ "`docker ps -a`", "docker ps -a" },
	{ "docker ps -a -a", "docker ps -a" },
	{ "docker \\\n ps", "docker ps" },
	{ "ls -la", "ls -al" },
	{ "", "" },
};

static const struct pair differ[] = {
	{ "docker ps", "docker ps -a" },
	{ "docker ps -q", "docker ps -a" },
	{ "docker images", "docker ps" },
	{ "docker image ls", "docker ps" },
	{ "docker rm web", "docker rmi web" },
	{ "docker rm -f web", "docker rm web" },
	{ "docker run nginx", "docker run -d nginx" },
	{ "docker run -p 80:8080 nginx", "docker run -p 8080:80 nginx" },
	{ "docker run -p 8080:80 -e A=1 nginx", "docker run -p A=1 -e 8080:80 nginx" },
	{ "docker run --name web nginx", "docker run --name api nginx" },
	{ "docker run --name nginx web", "docker run --name web nginx" },
	{ "docker run -it ubuntu", "docker run -i ubuntu" },
	{ "docker run ubuntu ls -l -a", "docker run ubuntu ls -a -l" },
	{ "docker run -d ubuntu", "docker run ubuntu -d" },
	{ "docker exec web ls -a", "docker exec web -a ls" },
	{ "docker build -t app .", "docker build -f app ." },
	{ "docker stop web", "docker start web" },
	{ "docker cp a b", "docker cp b a" },
	{ "kubectl get pods", "kubectl get services" },
	{ "kubectl get pods -n default", "kubectl get pods -n kube-system" },
	{ "kubectl get pods -A", "kubectl get pods -a" },
	{ "kubectl apply -f a.yaml", "kubectl delete -f a.yaml" },
	{ "kubectl exec -it web -- sh", "kubectl exec -it web -- bash" },
	{ "docker compose up", "docker compose up -d" },
	{ "podman ps", "docker ps" },
	{ "", "docker ps" },
	{ "docker ps", "" },
	{ "docker", "docker ps" },
	{ "Docker ps", "docker ps" },
};

static void test_equivalent(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		if (!answer_matches(same[i].typed, same[i].expected)) {
			char *a = answer_normalize(same[i].typed);
			char *b = answer_normalize(same[i].expected);
			print_error("should match: '%s' ~ '%s'\n  [%s]\n  [%s]\n",
				    same[i].typed, same[i].expected, a, b);
			free(a);
			free(b);
			fail();
		}
		/* Symmetric. */
		assert_true(answer_matches(same[i].expected, same[i].typed));
	}
}

static void test_different(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(differ) / sizeof(differ[0]); i++) {
		if (answer_matches(differ[i].typed, differ[i].expected)) {
			char *a = answer_normalize(differ[i].typed);
			print_error("should differ: '%s' vs '%s' [%s]\n",
				    differ[i].typed, differ[i].expected, a);
			free(a);
			fail();
		}
	}
}

static void test_normalize_form(void **state)
{
	char *s;

	(void)state;
	s = answer_normalize("docker container run --name=web -dp 8080:80 nginx sh -c 'ls -l'");
	assert_string_equal(s, "docker run nginx --detach --name=web --publish=8080:80 -- sh -c ls -l");
	free(s);
	s = answer_normalize("k get po -A");
	assert_string_equal(s, "kubectl get pods --all-namespaces");
	free(s);
	/* several lines: each on its own, and a quote ends with its line */
	s = answer_normalize("k get po -A\n\n  docker container ls \\\n  -a\n'echo a b\nls");
	assert_string_equal(s, "kubectl get pods --all-namespaces\ndocker ps --all\necho a b\nls");
	assert_true(answer_matches("'echo a b\nls", "'echo a b'\nls"));
	free(s);
	s = answer_normalize(NULL);
	assert_string_equal(s, "");
	free(s);
	assert_true(answer_matches(NULL, ""));
}

static void test_unterminated_quotes(void **state)
{
	(void)state;
	assert_true(answer_matches("docker run --name 'web nginx", "docker run --name 'web nginx'"));
	assert_false(answer_matches("docker \"ps", "docker ps -a"));
	assert_false(answer_matches("docker run -p", "docker run -p 80:80"));
	assert_true(answer_matches("docker run -p", "docker run --publish"));
	assert_false(answer_matches("\\", "docker"));
}

static void test_diff(void **state)
{
	struct answer_diff d;

	(void)state;
	answer_diff("docker ps", "docker ps -a", &d);
	assert_int_equal(d.n, 3);
	assert_string_equal(d.w[0].text, "docker");
	assert_int_equal(d.w[0].kind, ANSWER_SAME);
	assert_int_equal(d.w[1].kind, ANSWER_SAME);
	assert_string_equal(d.w[2].text, "-a");
	assert_int_equal(d.w[2].kind, ANSWER_MISSING);
	answer_diff_release(&d);

	answer_diff("docker run -x 'my app' nginx", "docker run -d nginx", &d);
	assert_int_equal(d.n, 6);
	assert_int_equal(d.w[2].kind, ANSWER_EXTRA);
	assert_string_equal(d.w[2].text, "-x");
	assert_int_equal(d.w[3].kind, ANSWER_EXTRA);
	assert_string_equal(d.w[3].text, "my app");
	assert_int_equal(d.w[4].kind, ANSWER_MISSING);
	assert_string_equal(d.w[4].text, "-d");
	assert_int_equal(d.w[5].kind, ANSWER_SAME);
	assert_string_equal(d.w[5].text, "nginx");
	answer_diff_release(&d);

	/* Long and short forms are the same word. */
	answer_diff("docker ps --all", "docker ps -a", &d);
	assert_int_equal(d.n, 3);
	for (size_t i = 0; i < d.n; i++)
		assert_int_equal(d.w[i].kind, ANSWER_SAME);
	answer_diff_release(&d);

	answer_diff("", "", &d);
	assert_int_equal(d.n, 0);
	answer_diff_release(&d);
	answer_diff(NULL, "a b", &d);
	assert_int_equal(d.n, 2);
	assert_int_equal(d.w[1].kind, ANSWER_MISSING);
	answer_diff_release(&d);
}

/* The words of a diff as "word", "-extra", "+missing", joined by '|'. */
static char *diff_string(const char *typed, const char *expected)
{
	struct answer_diff d;
	char *out = calloc(1, 4096);

	answer_diff(typed, expected, &d);
	for (size_t i = 0; i < d.n; i++) {
		if (i)
			strcat(out, "|");
		strcat(out, d.w[i].kind == ANSWER_EXTRA ? "-" : d.w[i].kind == ANSWER_MISSING ? "+" : "");
		strcat(out, d.w[i].text);
	}
	answer_diff_release(&d);
	return out;
}

#define assert_diff(typed, expected, want)                      \
	do {                                                    \
		char *got_ = diff_string(typed, expected);      \
		assert_string_equal(got_, want);                \
		free(got_);                                     \
	} while (0)

/* The diff compares the normal forms and shows the words as typed: an
 * accepted equivalent is the same word, never rewritten. */
static void test_diff_equivalents(void **state)
{
	(void)state;
	assert_diff("docker ps -a", "docker container ls --all", "docker|ps|-a");
	assert_diff("docker ps -q", "docker container ls --all", "docker|ps|--q|+--all");
	assert_diff("docker container ls -q", "docker ps -a", "docker|container ls|--q|+-a");
	assert_diff("docker run -ti ubuntu", "docker run -it ubuntu", "docker|run|-ti|ubuntu");
	assert_diff("docker run -it ubuntu", "docker run -i ubuntu", "docker|run|--it|ubuntu");
	assert_diff("k get po -n x", "kubectl get pods --namespace kube",
		    "k|get|po|--n x|+--namespace kube");
	assert_diff("docker compose up -d", "docker-compose up", "docker compose|up|--d");
	assert_diff("docker-compose up", "docker compose down", "docker-compose|-up|+down");
	/* flags match wherever they are typed */
	assert_diff("kubectl get -n kube-system pods", "kubectl get svc -n kube-system",
		    "kubectl|get|-n kube-system|-pods|+svc");
	/* every word typed shows, a repeated flag too */
	assert_diff("docker ps -a -a", "docker ps", "docker|ps|--a|--a");
	assert_diff("", "docker ps -a", "+docker|+ps|+-a");
	assert_diff("$ sudo docker ps --all", "docker ps -a", "docker|ps|--all");
}

static void test_same_text(void **state)
{
	(void)state;
	assert_true(answer_same_text("docker ps -a", "  docker  ps\t-a "));
	assert_true(answer_same_text("a\n\n  b", "a b"));
	assert_true(answer_same_text(NULL, " "));
	assert_false(answer_same_text("docker ps -a", "docker ps --all"));
	assert_false(answer_same_text("docker ps", "dockerps"));
	assert_false(answer_same_text("docker ps", "docker ps -a"));
}

static const char compose_yaml[] =
	"services:\n"
	"  web:\n"
	"    image: nginx\n"
	"\n"
	"    ports:\n"
	"      - \"8080:80\"";

/* Several lines: each compared as a command; blank lines, indentation and
 * continuation lines do not count, except the nesting of YAML. */
static void test_lines(void **state)
{
	(void)state;
	assert_true(answer_matches("docker build -t app .\ndocker run -d app",
				   "docker build -t app .\ndocker run -d app"));
	assert_true(answer_matches("\n  docker build --tag app .\n\n\tdocker run --detach app\n",
				   "docker build -t app .\ndocker run -d app"));
	assert_true(answer_matches("docker build \\\n   -t app .\ndocker run -d app",
				   "docker build -t app .\ndocker run -d app"));
	assert_false(answer_matches("docker run -d app\ndocker build -t app .",
				    "docker build -t app .\ndocker run -d app"));
	assert_false(answer_matches("docker build -t app .",
				    "docker build -t app .\ndocker run -d app"));
	assert_false(answer_matches("docker build -t app .\ndocker run -d app\ndocker ps",
				    "docker build -t app .\ndocker run -d app"));
	/* a single line keeps its old reading */
	assert_true(answer_matches("docker \\\n ps", "docker ps"));

	/* YAML: two or four spaces a level, quotes and blank lines aside */
	assert_true(answer_is_yaml(compose_yaml));
	assert_false(answer_is_yaml("docker build -t app .\ndocker run -d app"));
	assert_false(answer_is_yaml("FROM alpine\nRUN apk add curl"));
	assert_false(answer_is_yaml("image: nginx"));
	assert_true(answer_matches("services:\n    web:\n        image: 'nginx'\n        ports:\n"
				   "            - 8080:80", compose_yaml));
	/* ...but a key moved out of its parent is another document */
	assert_false(answer_matches("services:\n  web:\n  image: nginx\n  ports:\n    - 8080:80",
				    compose_yaml));
	assert_false(answer_matches("services:\n  web:\n    image: nginx\n    ports:\n"
				    "    - 8080:80\n    - 8443:443", compose_yaml));
	/* a Dockerfile's indentation does not count */
	assert_true(answer_matches("FROM alpine\n    RUN apk add curl", "FROM alpine\nRUN apk add curl"));
}

static void test_diff_lines(void **state)
{
	(void)state;
	/* each line starts with a new-line mark holding its indentation */
	assert_diff("docker build -t app .\ndocker run app", "docker build -t app .\ndocker run -d app",
		    "|docker build -t app .||docker|run|+-d|app");
	assert_diff("docker run -d app", "docker build -t app .\ndocker run -d app",
		    "|+docker build -t app .||docker run -d app");
	assert_diff("docker build -t app .\ndocker push app\ndocker run -d app",
		    "docker build -t app .\ndocker run -d app",
		    "|docker build -t app .||-docker push app||docker run -d app");
	/* YAML at another depth: the line as typed, then as expected */
	assert_diff("services:\n  web:\n  image: nginx\n  ports:\n    - 8080:80", compose_yaml,
		    "|services:|  |web:|  |-image: nginx|    |+image: nginx|  |-ports:|    |+ports:"
		    "|    |-- 8080:80|      |+- \"8080:80\"");
}

static void test_diff_long_input(void **state)
{
	char *big = malloc(20001);
	struct answer_diff d;

	(void)state;
	for (int i = 0; i < 10000; i++) {
		big[2 * i] = 'a';
		big[2 * i + 1] = ' ';
	}
	big[20000] = '\0';
	answer_diff(big, "a b", &d);
	assert_int_equal(d.n, 10001);
	answer_diff_release(&d);
	assert_false(answer_matches(big, "a"));
	free(big);
}

/* Random bytes: no crash, no leak, and a command always matches itself. */
static void test_random_bytes(void **state)
{
	uint64_t x = 0x9e3779b97f4a7c15ull;
	char s[64];
	struct answer_diff d;

	(void)state;
	for (int round = 0; round < 5000; round++) {
		size_t n = 0, len;
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		len = x % sizeof(s);
		for (n = 0; n + 1 < len; n++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			/* Bias towards the bytes the parser cares about. */
			static const char interesting[] = "-- '\"\\=`;$ak-p-d-it";
			s[n] = (x & 1) ? interesting[(x >> 8) % (sizeof(interesting) - 1)]
				       : (char)(x >> 16);
			if (!s[n])
				s[n] = 'x';
		}
		s[n] = '\0';
		assert_true(answer_matches(s, s));
		answer_diff(s, "docker run -it ubuntu", &d);
		answer_diff_release(&d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equivalent),
		cmocka_unit_test(test_different),
		cmocka_unit_test(test_normalize_form),
		cmocka_unit_test(test_unterminated_quotes),
		cmocka_unit_test(test_diff),
		cmocka_unit_test(test_diff_equivalents),
		cmocka_unit_test(test_same_text),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_diff_lines),
		cmocka_unit_test(test_diff_long_input),
		cmocka_unit_test(test_random_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
