/* plain.c - the --plain line mode of a review (protocol in plain.h). */
#include "dkquiz/plain.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dkquiz/answer.h"
#include "dkquiz/clock.h"
#include "dkquiz/i18n.h"
#include "dkquiz/render.h"
#include "dkquiz/text.h"
#include "dkquiz/util.h"

struct plain {
	struct session *s;
	FILE *in, *out;
	int64_t (*now)(void *ctx);
	void *ctx;
	int width;
	bool echoes;      /* input comes from a terminal */
	/* the input read but not taken yet: buf[pos..len) */
	char *buf;
	size_t pos, len, cap;
	bool eof;
	/* the words of every card, translated once */
	const char *reveal[4];    /* the prompts of enum reveal_kind */
	const char *grade_open, *grade_keys;
	const char *grade_names[5];
};

enum reveal_kind { REVEAL_PLAIN, REVEAL_MCQ, REVEAL_LINES, REVEAL_TYPED };

static const char *const grade_names[] = { "", N_("again"), N_("hard"), N_("good"), N_("easy") };

static void translate(struct plain *p)
{
	p->reveal[REVEAL_PLAIN] = _("Enter to reveal> ");
	p->reveal[REVEAL_MCQ] = _("answer letters, or Enter to reveal> ");
	p->reveal[REVEAL_LINES] = _("type the lines of the answer, then a line holding only "
				    "'.', or Enter to reveal> ");
	p->reveal[REVEAL_TYPED] = _("type the command, or Enter to reveal> ");
	p->grade_open = _("grade [");
	p->grade_keys = _("u undo, s suspend, b bury, q quit]");
	for (int g = 1; g <= 4; g++)
		p->grade_names[g] = _(grade_names[g]);
}

/* The next line of input, its newline replaced by a NUL, valid until the
 * next call; NULL at the end of input. The output is flushed only before
 * the input is waited for: what was typed ahead (a script piped in) is
 * answered without a write per prompt, and a prompt is always on the
 * screen before dkquiz waits for its answer. */
static char *next_line(struct plain *p, size_t *n)
{
	for (;;) {
		char *start = p->buf + p->pos;
		char *nl = memchr(start, '\n', p->len - p->pos);
		ssize_t r;

		if (nl || (p->eof && p->len > p->pos)) {
			/* the last line may lack its newline */
			char *end = nl ? nl : p->buf + p->len;

			*end = '\0';
			*n = (size_t)(end - start);
			p->pos = (size_t)(end - p->buf) + (nl != NULL);
			return start;
		}
		if (p->eof)
			return NULL;
		if (p->pos) {
			memmove(p->buf, start, p->len - p->pos);
			p->len -= p->pos;
			p->pos = 0;
		}
		if (p->cap - p->len < 4096 + 1) /* room to read, and for the NUL */
			p->buf = xrealloc(p->buf, p->cap *= 2);
		fflush(p->out);
		do
			r = read(fileno(p->in), p->buf + p->len, p->cap - p->len - 1);
		while (r < 0 && errno == EINTR);
		if (r <= 0)
			p->eof = true;
		else
			p->len += (size_t)r;
	}
}

/* Read one line without its newline; NULL at the end of input. */
static const char *ask(struct plain *p, const char *prompt)
{
	size_t n;
	char *l;

	fputs(prompt, p->out);
	l = next_line(p, &n);
	/* A terminal echoes the newline; from a pipe, end the prompt's line
	 * ourselves so that every header starts a line. */
	if (!p->echoes)
		fputc('\n', p->out);
	if (!l)
		return NULL;
	while (n > 0 && l[n - 1] == '\r')
		l[--n] = '\0';
	return l;
}

static void put_clean(struct plain *p, const char *s)
{
	char *c = text_sanitize(s, strlen(s));

	fputs(c, p->out);
	free(c);
}

static void put_md(struct plain *p, const char *md)
{
	char *t = render_plain(md, p->width);
	size_t n = strlen(t);

	/* One newline at the end, whatever the renderer left. */
	while (n && t[n - 1] == '\n')
		t[--n] = '\0';
	fputs(t, p->out);
	fputc('\n', p->out);
	free(t);
}

static void header(struct plain *p, const struct sess_card *c, int64_t now)
{
	fprintf(p->out, "[%zu/%zu] ", session_done(p->s) + 1, session_left(p->s, now));
	put_clean(p, c->c.deck);
	for (size_t i = 0; i < c->c.nbreadcrumb; i++) {
		fputs(" › ", p->out);
		put_clean(p, c->c.breadcrumb[i]);
	}
	fputc('\n', p->out);
}

/* The letters typed for a multiple-choice card, as a bit set over the shown
 * order; -1 if a character is not an option letter. */
static long long parse_letters(const char *s, size_t n)
{
	long long set = 0;

	for (; *s; s++) {
		int c = tolower((unsigned char)*s);

		if (c == ' ' || c == ',')
			continue;
		if (c < 'a' || (size_t)(c - 'a') >= n || n > 60)
			return -1;
		set |= 1LL << (c - 'a');
	}
	return set;
}

/* Show the question and take the first answer line. Returns 0 to go on to
 * the answer, 1 to quit, 2 after an undo (show the current card again), and
 * fills *suggest (0 when there is no suggestion). */
static int question(struct plain *p, const struct sess_card *c, int *suggest)
{
	const size_t *order = NULL;
	const char *l;
	bool multi = c->c.typeable && c->c.answer_text && strchr(c->c.answer_text, '\n');
	struct buf lines = BUF_INIT;

	*suggest = 0;
	put_md(p, c->c.front);
	if (c->c.type == CARD_MCQ && c->c.noptions) {
		order = session_option_order(p->s);
		for (size_t i = 0; i < c->c.noptions; i++) {
			char *t = render_plain(c->c.options[order[i]].text, p->width - 3);
			size_t n = strlen(t);

			while (n && t[n - 1] == '\n')
				t[--n] = '\0';
			fprintf(p->out, "%c) %s\n", (int)('a' + i), t);
			free(t);
		}
	}
	for (;;) {
		const char *prompt = p->reveal[c->c.type == CARD_MCQ ? REVEAL_MCQ
					       : multi ? REVEAL_LINES
					       : c->c.type == CARD_TYPED ? REVEAL_TYPED : REVEAL_PLAIN];

		if (!(l = ask(p, prompt)) || strcmp(l, "q") == 0)
			return 1;
		if (strcmp(l, "u") == 0) {
			if (session_undo(p->s) == 0) {
				fprintf(p->out, "%s\n", _("undone"));
				return 2;
			}
			fprintf(p->out, "%s\n", _("nothing to undo"));
			continue;
		}
		break;
	}
	if (!*l)
		return 0;
	if (c->c.type == CARD_MCQ && order) {
		long long chosen = parse_letters(l, c->c.noptions);
		bool right = chosen > 0;

		if (chosen < 0) {
			fprintf(p->out, "%s\n", _("not an option letter; showing the answer"));
			return 0;
		}
		for (size_t i = 0; i < c->c.noptions; i++) {
			bool picked = chosen & (1LL << i);
			bool correct = c->c.options[order[i]].correct;

			if (picked != correct)
				right = false;
			fprintf(p->out, "%c) %s %s\n", (int)('a' + i), picked ? "[x]" : "[ ]",
				correct ? _("right") : _("wrong"));
		}
		fprintf(p->out, "%s\n", right ? _("Correct.") : _("Not quite."));
		*suggest = session_suggest(right);
	} else if (c->c.typeable && c->c.answer_text) {
		bool right;
		struct answer_diff d;

		/* An answer of several lines: the lines up to one holding
		 * only "." (or the end of input). */
		buf_adds(&lines, l);
		while (multi) {
			const char *more = ask(p, _(". ends> "));

			if (!more || !strcmp(more, "."))
				break;
			buf_addf(&lines, "\n%s", more);
		}
		l = buf_str(&lines);
		right = answer_matches(l, c->c.answer_text);
		fprintf(p->out, "%s\n", right ? _("Correct.") : _("Not quite."));
		if (right && !multi && !answer_same_text(l, c->c.answer_text)) {
			fprintf(p->out, "%s ", _("accepted as the same as:"));
			put_clean(p, c->c.answer_text);
			fputc('\n', p->out);
		}
		if (!right) {
			answer_diff(l, c->c.answer_text, &d);
			fputs(_("diff:"), p->out);
			for (size_t i = 0; i < d.n; i++) {
				bool first = i && d.w[i - 1].kind == ANSWER_LINE;

				/* a line of its own, indented under the label */
				if (d.w[i].kind == ANSWER_LINE) {
					fprintf(p->out, "\n  %s", d.w[i].text);
					continue;
				}
				if (!first)
					fputc(' ', p->out);
				/* wdiff's marks: [-typed but not expected-] {+expected+} */
				fputs(d.w[i].kind == ANSWER_MISSING ? "{+" : d.w[i].kind == ANSWER_EXTRA ? "[-" : "",
				      p->out);
				put_clean(p, d.w[i].text);
				fputs(d.w[i].kind == ANSWER_MISSING ? "+}" : d.w[i].kind == ANSWER_EXTRA ? "-]" : "",
				      p->out);
			}
			fputc('\n', p->out);
			answer_diff_release(&d);
		}
		*suggest = session_suggest(right);
	}
	buf_release(&lines);
	return 0;
}

static int grade(struct plain *p, int suggest, int64_t shown_at, int rollover)
{
	char labels[4][16];
	struct buf prompt = BUF_INIT;
	int64_t now = p->now(p->ctx);
	const char *l;
	int ret;

	session_preview(p->s, now, labels);
	buf_adds(&prompt, p->grade_open);
	/* "1 again 1m, ": no interval in cram mode, where no grade changes one */
	for (int g = 1; g <= 4; g++) {
		buf_addch(&prompt, (char)('0' + g));
		buf_addch(&prompt, ' ');
		buf_adds(&prompt, p->grade_names[g]);
		if (labels[g - 1][0]) {
			buf_addch(&prompt, ' ');
			buf_adds(&prompt, labels[g - 1]);
		}
		buf_adds(&prompt, ", ");
	}
	buf_adds(&prompt, p->grade_keys);
	if (suggest)
		buf_addf(&prompt, _(" (Enter: %s)"), p->grade_names[suggest]);
	buf_adds(&prompt, "> ");
	for (;;) {
		if (!(l = ask(p, prompt.s)) || strcmp(l, "q") == 0) {
			ret = 1;
			break;
		}
		if (!*l && suggest) {
			ret = session_grade(p->s, suggest, p->now(p->ctx), clock_mono_ms() - shown_at) ? -1 : 0;
			break;
		}
		if (strlen(l) == 1 && l[0] >= '1' && l[0] <= '4') {
			ret = session_grade(p->s, l[0] - '0', p->now(p->ctx), clock_mono_ms() - shown_at) ? -1 : 0;
			break;
		}
		if (strcmp(l, "u") == 0) {
			if (session_undo(p->s) == 0) {
				fprintf(p->out, "%s\n", _("undone"));
				ret = 2;
				break;
			}
			fprintf(p->out, "%s\n", _("nothing to undo"));
			continue;
		}
		if (strcmp(l, "s") == 0) {
			ret = session_suspend(p->s) ? -1 : 0;
			if (!ret)
				fprintf(p->out, "%s\n", _("suspended"));
			break;
		}
		if (strcmp(l, "b") == 0) {
			ret = session_bury(p->s, clock_next_day_start(now, rollover)) ? -1 : 0;
			if (!ret)
				fprintf(p->out, "%s\n", _("buried until tomorrow"));
			break;
		}
		fprintf(p->out, "%s\n", _("answer with 1, 2, 3 or 4 (or u, s, b, q)"));
	}
	buf_release(&prompt);
	if (ret == 0 && session_last_was_leech(p->s))
		fprintf(p->out, "%s\n", _("This card keeps slipping: it is now a leech and suspended. "
					  "Rewrite it, then unsuspend it."));
	return ret;
}

/* The session's end; after a failure, what was saved only: what is due
 * next is not known. */
static void summary(struct plain *p, bool failed)
{
	struct session_summary sum;
	char when[32], in[16];
	int64_t now = p->now(p->ctx);

	session_summary(p->s, &sum);
	char *rev = xasprintf(P_("%zu reviewed", "%zu reviewed", sum.reviewed), sum.reviewed);
	char *right = xasprintf(P_("%zu right", "%zu right", sum.right), sum.right);
	char *wrong = xasprintf(P_("%zu wrong", "%zu wrong", sum.wrong), sum.wrong);
	char *time = xasprintf(_("%lldm %02llds"), (long long)(sum.time_ms / 60000),
			       (long long)(sum.time_ms / 1000 % 60));

	/* TRANSLATORS: the counts of the three strings above, then the time */
	fprintf(p->out, _("Session over: %s, %s, %s, %s.\n"), rev, right, wrong, time);
	free(rev);
	free(right);
	free(wrong);
	free(time);
	if (failed)
		return;
	if (sum.next_due > 0) {
		clock_format(sum.next_due, when);
		format_interval(sum.next_due > now ? sum.next_due - now : 0, in);
		fprintf(p->out, _("Next card due: %s (in %s).\n"), when, in);
	} else {
		fprintf(p->out, "%s\n", _("Nothing else is scheduled."));
	}
}

int plain_run(struct session *s, FILE *in, FILE *out, int64_t (*now)(void *ctx),
	      void (*wait_until)(void *ctx, int64_t t), void *ctx, int rollover)
{
	struct plain p = { .s = s, .in = in, .out = out, .now = now, .ctx = ctx, .width = 80 };
	const char *cols = getenv("COLUMNS");
	int ret = 0;

	p.echoes = isatty(fileno(in));
	p.cap = 65536;
	p.buf = xmalloc(p.cap);
	translate(&p);
	if (cols && atoi(cols) >= 20 && atoi(cols) <= 500)
		p.width = atoi(cols);
	for (;;) {
		int64_t t = now(ctx), shown_at;
		const struct sess_card *c = session_current(s, t);
		int suggest, r;

		if (!c) {
			int64_t due = session_next_due(s);
			char in_s[16];
			const char *l;

			if (session_failed(s)) {
				ret = 1;
				break;
			}
			if (due <= 0)
				break;
			format_interval(due > t ? due - t : 0, in_s);
			fprintf(out, _("The next card is due in %s.\n"), in_s);
			if (!(l = ask(&p, _("Enter to review it now, w wait for it, u undo, q quit> "))) ||
			    strcmp(l, "q") == 0)
				break;
			if (strcmp(l, "u") == 0) {
				fprintf(out, "%s\n", session_undo(s) == 0 ? _("undone") : _("nothing to undo"));
				continue;
			}
			if (strcmp(l, "w") == 0) {
				char when[32];

				clock_format(due, when);
				fprintf(out, _("Waiting until %s.\n"), when);
				fflush(out);
				wait_until(ctx, due);
				continue;
			}
			session_skip_wait(s);
			continue;
		}
		header(&p, c, t);
		shown_at = clock_mono_ms();
		r = question(&p, c, &suggest);
		if (r == 1)
			break;
		if (r == 2)
			continue;
		fputs("---\n", out);
		put_md(&p, c->c.back);
		r = grade(&p, suggest, shown_at, rollover);
		if (r == 1)
			break;
		if (r < 0) {
			ret = 1;
			break;
		}
	}
	summary(&p, ret != 0);
	fflush(out);
	free(p.buf);
	return ret;
}
