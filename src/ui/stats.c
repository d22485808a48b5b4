/* stats.c - the statistics screen: cards by state, retention and streak, a
 * heatmap of the reviews, the forecast of due cards as a bar chart, the
 * predicted recall of each deck and tag, the leeches.
 *
 * The numbers come ready in a struct stats_report (dkquiz/stats.h); this
 * file only lays them out. The layout depends on the width, so the lines
 * are composed again at each draw and the body scrolls between the title
 * and the key line. Every shade and bar is a character (" ░▒▓█", "▁▂▃…█"),
 * so the charts read the same without colour. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dkquiz/clock.h"
#include "dkquiz/i18n.h"
#include "dkquiz/stats.h"
#include "dkquiz/text.h"
#include "dkquiz/util.h"
#include "ui_int.h"

#define CHART_ROWS 8

static const char *const heat_chars[STATS_HEAT_LEVELS] = { "·", "░", "▒", "▓", "█" };
static const char *const eighths[9] = { " ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };

struct stats_view {
	const struct stats_report *s;
	struct render_doc doc;
	int scroll;
};

/* ---- building lines with styles ---------------------------------------- */

struct line {
	struct buf text;
	struct render_span *spans;
	size_t n, cap;
	int width;
};

#define LINE_INIT { BUF_INIT, NULL, 0, 0, 0 }

/* Append `s` (sanitised here: deck names, tags and questions come from
 * the user's files) in `attr`. */
static void ln_add(struct line *l, const char *s, unsigned attr)
{
	char *clean = text_sanitize(s, strlen(s));
	size_t len = strlen(clean);

	for (char *p = clean; *p; p++)
		if (*p == '\t' || *p == '\n')
			*p = ' ';
	if (attr && len) {
		XGROW(l->spans, l->n + 1, l->cap);
		l->spans[l->n].off = l->text.len;
		l->spans[l->n].len = len;
		l->spans[l->n].attr = attr;
		l->spans[l->n].hl = HL_NONE;
		l->n++;
	}
	buf_add(&l->text, clean, len);
	l->width += (int)text_width(clean, len);
	free(clean);
}

static void ln_addf(struct line *l, unsigned attr, const char *fmt, ...) ATTR_PRINTF(3, 4);
static void ln_addf(struct line *l, unsigned attr, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	ln_add(l, buf_str(&b), attr);
	buf_release(&b);
}

/* Spaces up to display column `col`. */
static void ln_pad(struct line *l, int col)
{
	while (l->width < col) {
		buf_addch(&l->text, ' ');
		l->width++;
	}
}

/* `s` cut to `cols` columns (an ellipsis marks the cut), then padded. */
static void ln_cell(struct line *l, const char *s, int cols, unsigned attr)
{
	char *clean = text_sanitize(s, strlen(s));
	size_t used = 0, len = strlen(clean);
	int start = l->width;

	if ((int)text_width(clean, len) > cols && cols > 1) {
		size_t fit = text_fit(clean, len, (size_t)(cols - 1), &used);

		clean[fit] = '\0';
		ln_add(l, clean, attr);
		ln_add(l, "…", attr | UA_DIM);
	} else {
		ln_add(l, clean, attr);
	}
	free(clean);
	ln_pad(l, start + cols);
}

static void ln_end(struct render_doc *v, struct line *l)
{
	struct render_line rl;

	rl.text = buf_detach(&l->text);
	rl.spans = l->spans;
	rl.nspans = l->n;
	rl.width = l->width;
	rl.scroll_col = -1;
	XGROW(v->lines, v->n + 1, v->cap);
	v->lines[v->n++] = rl;
	if (rl.width > v->max_width)
		v->max_width = rl.width;
	memset(l, 0, sizeof(*l));
}

static void add_text(struct render_doc *v, const char *s, unsigned attr)
{
	struct line l = LINE_INIT;

	ln_add(&l, s, attr);
	ln_end(v, &l);
}

/* Items ("New 12") laid out side by side, starting a new line when the
 * next one would pass `width`. */
struct flow {
	struct render_doc *v;
	struct line l;
	int width;
};

static void flow_item(struct flow *f, const char *label, const char *value)
{
	int w = (int)(text_width(label, strlen(label)) + 1 + text_width(value, strlen(value)));

	if (f->l.width > 2 && f->l.width + 3 + w > f->width)
		ln_end(f->v, &f->l);
	if (f->l.width <= 2) {
		ln_pad(&f->l, 2);
	} else {
		ln_add(&f->l, " · ", UA_DIM);
	}
	ln_add(&f->l, label, 0);
	ln_add(&f->l, " ", 0);
	ln_add(&f->l, value, RA_BOLD);
}

static void flow_num(struct flow *f, const char *label, int n)
{
	char num[24];

	snprintf(num, sizeof(num), "%d", n);
	flow_item(f, label, num);
}

static void flow_end(struct flow *f)
{
	if (f->l.width)
		ln_end(f->v, &f->l);
}

/* ---- the sections ------------------------------------------------------ */

static void percent(char out[16], int ok, int n)
{
	if (n)
		snprintf(out, 16, "%.1f%%", 100.0 * ok / n);
	else
		snprintf(out, 16, "-");
}

static void add_counts(struct render_doc *v, const struct stats_report *s, int width)
{
	struct flow f = { .v = v, .width = width };
	char r7[16], r30[16], *a, *b;

	add_text(v, _("Cards by state"), UA_TITLE);
	flow_num(&f, _("New"), s->new_cards);
	flow_num(&f, _("Learning"), s->learning);
	flow_num(&f, _("Review"), s->review);
	flow_num(&f, _("Suspended"), s->suspended);
	flow_num(&f, _("Retired"), s->retired);
	flow_end(&f);
	flow_num(&f, _("Due now"), s->due_now);
	flow_num(&f, _("Reviews today"), s->reviews_today);
	flow_num(&f, _("All reviews"), s->reviews_total);
	flow_end(&f);
	add_text(v, "", 0);

	add_text(v, _("True retention (answers not forgotten)"), UA_TITLE);
	percent(r7, s->ret_ok[0], s->ret_n[0]);
	percent(r30, s->ret_ok[1], s->ret_n[1]);
	a = xasprintf(P_("%s (%d review)", "%s (%d reviews)", s->ret_n[0]), r7, s->ret_n[0]);
	b = xasprintf(P_("%s (%d review)", "%s (%d reviews)", s->ret_n[1]), r30, s->ret_n[1]);
	flow_item(&f, _("7 days"), a);
	flow_item(&f, _("30 days"), b);
	flow_end(&f);
	free(a);
	free(b);
	a = xasprintf(P_("%d day", "%d days", s->streak), s->streak);
	flow_item(&f, _("Streak"), a);
	flow_end(&f);
	free(a);
}

static void heat_legend(struct render_doc *v, const struct stats_report *s, int width)
{
	struct line l = LINE_INIT;

	ln_pad(&l, 2);
	ln_add(&l, heat_chars[0], UA_DIM);
	ln_add(&l, " 0", 0);
	for (int level = 1; level <= 4; level++) {
		int lo, hi;
		char range[32];

		if (!stats_heat_range(level, s->heat_max, &lo, &hi))
			continue;
		if (lo == hi)
			snprintf(range, sizeof(range), "%d", lo);
		else
			snprintf(range, sizeof(range), "%d–%d", lo, hi);
		if (l.width + 3 + (int)strlen(range) > width) {
			ln_end(v, &l);
			ln_pad(&l, 2);
		} else {
			ln_add(&l, "  ", 0);
		}
		ln_add(&l, heat_chars[level], UA_HEAT(level));
		ln_add(&l, " ", 0);
		ln_add(&l, range, 0);
	}
	if (!s->heat_max) {
		ln_add(&l, "   ", 0);
		ln_add(&l, _("no review in these weeks"), UA_DIM);
	} else {
		const char *unit = _("reviews a day");

		if (l.width + 3 + (int)text_width(unit, strlen(unit)) > width) {
			ln_end(v, &l);
			ln_pad(&l, 2);
		} else {
			ln_add(&l, "   ", 0);
		}
		ln_add(&l, unit, UA_DIM);
	}
	ln_end(v, &l);
}

static void add_heatmap(struct render_doc *v, const struct stats_report *s, int width)
{
	const int labw = 7;     /* "  Mon  " */
	struct line l = LINE_INIT;
	char *t;
	int last_end = 0;

	t = xasprintf(_("Reviews per day, last %d weeks"),
		      s->heat_weeks);
	add_text(v, t, UA_TITLE);
	free(t);
	/* The month above the first week that starts in it. The first
	 * week's month may have only that week in the grid: its name then
	 * gives way to the next month's rather than hide it. */
	{
		struct { int x; char name[32]; } lab[STATS_HEAT_MAX_WEEKS];
		int nlab = 0;

		for (int w = 0, prev = -1; w < s->heat_weeks; w++) {
			time_t when = (time_t)(stats_cell_time(s, w * 7) / 1000);
			struct tm tm;

			if (!localtime_r(&when, &tm) || tm.tm_mon == prev)
				continue;
			prev = tm.tm_mon;
			if (!strftime(lab[nlab].name, sizeof(lab[nlab].name), "%b", &tm))
				continue;
			lab[nlab].x = labw + 2 * w;
			if (nlab && lab[nlab].x < last_end + 1) {
				if (nlab > 1)
					continue; /* no room: keep the earlier one */
				lab[0] = lab[1];
				nlab = 0;
			}
			last_end = lab[nlab].x + (int)text_width(lab[nlab].name, strlen(lab[nlab].name));
			nlab++;
		}
		for (int i = 0; i < nlab; i++) {
			ln_pad(&l, lab[i].x);
			ln_add(&l, lab[i].name, UA_DIM);
		}
	}
	ln_end(v, &l);
	for (int row = 0; row < 7; row++) {
		time_t when = (time_t)(stats_cell_time(s, row) / 1000);
		struct tm tm;
		char name[32];

		if (!localtime_r(&when, &tm) || !strftime(name, sizeof(name), "%a", &tm))
			name[0] = '\0';
		ln_pad(&l, 2);
		ln_cell(&l, name, labw - 2, UA_DIM);
		for (int w = 0; w < s->heat_weeks; w++) {
			int cell = w * 7 + row, level;

			if (cell > s->today_cell)
				break;
			level = stats_heat_level(s->heat[cell], s->heat_max);
			/* two columns a day, so that the grid is about square */
			ln_add(&l, level ? heat_chars[level] : heat_chars[0],
			       level ? UA_HEAT(level) : UA_DIM);
			ln_add(&l, level ? heat_chars[level] : " ",
			       level ? UA_HEAT(level) : 0);
		}
		ln_end(v, &l);
	}
	heat_legend(v, s, width);
}

static void add_forecast(struct render_doc *v, const struct stats_report *s, int width)
{
	int max = 0, top, axis, cw, e[STATS_FORECAST_DAYS];
	struct line l = LINE_INIT;
	char lab[24];
	char *t;

	for (int i = 0; i < STATS_FORECAST_DAYS; i++)
		if (s->forecast[i] > max)
			max = s->forecast[i];
	top = stats_axis_top(max);
	snprintf(lab, sizeof(lab), "%d", top);
	/* the axis column: the widest label, a space, then the axis */
	axis = (int)strlen(lab) + 3;
	/* two columns a day when they fit */
	cw = axis + 1 + 2 * STATS_FORECAST_DAYS <= width ? 2 : 1;
	for (int i = 0; i < STATS_FORECAST_DAYS; i++)
		e[i] = stats_bar_eighths(s->forecast[i], top, CHART_ROWS);

	t = xasprintf(_("Cards due, next %d days"), STATS_FORECAST_DAYS);
	add_text(v, t, UA_TITLE);
	free(t);
	for (int row = CHART_ROWS - 1; row >= 0; row--) {
		/* a row's label is the value at its top edge: the axis top on
		 * the highest row, half of it half way up */
		if (row == CHART_ROWS - 1)
			snprintf(lab, sizeof(lab), "%d", top);
		else if (row == CHART_ROWS / 2 - 1 && top % 2 == 0)
			snprintf(lab, sizeof(lab), "%d", top / 2);
		else
			lab[0] = '\0';
		ln_pad(&l, axis - 1 - (int)strlen(lab));
		ln_add(&l, lab, UA_DIM);
		ln_pad(&l, axis);
		ln_add(&l, lab[0] ? "┤" : "│", UA_DIM);
		for (int i = 0; i < STATS_FORECAST_DAYS; i++) {
			int part = e[i] - row * 8;

			part = part < 0 ? 0 : part > 8 ? 8 : part;
			for (int k = 0; k < cw; k++)
				ln_add(&l, eighths[part], part ? UA_BAR : 0);
		}
		ln_end(v, &l);
	}
	ln_pad(&l, axis - 2);
	ln_add(&l, "0", UA_DIM);
	ln_pad(&l, axis);
	ln_add(&l, "┼", UA_DIM);
	for (int i = 0; i < STATS_FORECAST_DAYS * cw; i++)
		ln_add(&l, (i / cw) % 7 == 0 && i % cw == 0 ? "┬" : "─", UA_DIM);
	ln_end(v, &l);
	/* days from today under the ticks */
	for (int d = 0; d < STATS_FORECAST_DAYS; d += 7) {
		snprintf(lab, sizeof(lab), "%d", d);
		ln_pad(&l, axis + 1 + d * cw);
		ln_add(&l, lab, UA_DIM);
	}
	ln_end(v, &l);
	t = xasprintf(_("  days from today · most in a day: %d"), max);
	add_text(v, t, UA_DIM);
	free(t);
}

static void recall_cell(struct line *l, const struct stats_group *g, double r, int cols)
{
	char num[16];

	if (g->reviewed)
		snprintf(num, sizeof(num), "%.0f%%", r * 100);
	else
		snprintf(num, sizeof(num), "-");
	ln_pad(l, l->width + cols - (int)strlen(num));
	ln_add(l, num, g->reviewed && r < 0.8 ? UA_NOTICE : 0);
}

static void add_groups(struct render_doc *v, const struct stats_report *s, const char *title,
		       const struct stats_group *g, size_t n, int width)
{
	const int numw = 7;
	int cols = s->exam ? 3 : 2;
	int namew = width - 2 - cols * numw;
	struct line l = LINE_INIT;

	if (namew > 40)
		namew = 40;
	ln_pad(&l, 2);
	ln_cell(&l, title, namew, UA_DIM);
	ln_pad(&l, 2 + namew + numw - (int)text_width(_("cards"), strlen(_("cards"))));
	ln_add(&l, _("cards"), UA_DIM);
	ln_pad(&l, 2 + namew + 2 * numw - (int)text_width(_("now"), strlen(_("now"))));
	ln_add(&l, _("now"), UA_DIM);
	if (s->exam) {
		ln_pad(&l, 2 + namew + 3 * numw - (int)text_width(_("exam"), strlen(_("exam"))));
		ln_add(&l, _("exam"), UA_DIM);
	}
	ln_end(v, &l);
	if (!n)
		add_text(v, _("  (none)"), UA_DIM);
	for (size_t i = 0; i < n; i++) {
		char num[16];

		ln_pad(&l, 2);
		ln_cell(&l, g[i].name, namew, 0);
		snprintf(num, sizeof(num), "%d", g[i].cards);
		ln_pad(&l, 2 + namew + numw - (int)strlen(num));
		ln_add(&l, num, 0);
		recall_cell(&l, &g[i], g[i].recall_now, numw);
		if (s->exam)
			recall_cell(&l, &g[i], g[i].recall_exam, numw);
		ln_end(v, &l);
	}
}

static void add_recall(struct render_doc *v, const struct stats_report *s, int width)
{
	add_text(v, s->exam ? _("Predicted recall, now and at the exam") :
		 _("Predicted recall now"), UA_TITLE);
	if (s->exam) {
		char when[32], *t;

		clock_format(s->exam_at, when);
		t = xasprintf(_("  Exam: %s"), when);
		add_text(v, t, UA_DIM);
		free(t);
	}
	add_groups(v, s, _("Deck"), s->decks, s->ndecks, width);
	add_text(v, "", 0);
	add_groups(v, s, _("Tag"), s->tags, s->ntags, width);
}

/* The first line of a question, as plain text. */
static char *first_line(const char *md)
{
	char *t = render_plain(md ? md : "", 0);
	char *p = t;

	while (*p == '\n' || *p == ' ')
		p++;
	p[strcspn(p, "\n")] = '\0';
	memmove(t, p, strlen(p) + 1);
	return t;
}

static void add_leeches(struct render_doc *v, const struct stats_report *s, int width)
{
	char *t;

	if (s->leech_lapses > 0)
		t = xasprintf(P_("Leeches (%d lapse or more)", "Leeches (%d lapses or more)",
				  s->leech_lapses), s->leech_lapses);
	else
		t = xstrdup(_("Leeches"));
	add_text(v, t, UA_TITLE);
	free(t);
	if (!s->nleeches)
		add_text(v, _("  No leech: no card keeps slipping."), UA_DIM);
	else
		add_text(v, _("  lapses · S: suspended · deck · question"), UA_DIM);
	for (size_t i = 0; i < s->nleeches; i++) {
		const struct stats_leech *k = &s->leeches[i];
		struct line l = LINE_INIT;
		char *front = first_line(k->front);

		ln_pad(&l, 2);
		ln_addf(&l, UA_WRONG, "%3d", k->lapses);
		ln_add(&l, " ", 0);
		ln_add(&l, k->suspended ? "S" : " ", UA_NOTICE);
		ln_add(&l, " ", 0);
		ln_cell(&l, k->deck, width / 4 > 8 ? width / 4 : 8, UA_DIM);
		ln_add(&l, " ", 0);
		ln_add(&l, front, 0);
		ln_end(v, &l);
		free(front);
	}
}

static void compose(struct stats_view *sv, int width)
{
	struct render_doc *v = &sv->doc;

	view_clear(v);
	add_text(v, "", 0);
	add_counts(v, sv->s, width);
	add_text(v, "", 0);
	add_heatmap(v, sv->s, width);
	add_text(v, "", 0);
	add_forecast(v, sv->s, width);
	add_text(v, "", 0);
	add_recall(v, sv->s, width);
	add_text(v, "", 0);
	add_leeches(v, sv->s, width);
}

/* ---- the screen -------------------------------------------------------- */

static void *stats_open(struct ui *ui, void *arg)
{
	struct stats_view *sv = xcalloc(1, sizeof(*sv));

	sv->s = arg;
	return sv;
}

static void stats_draw(struct ui *ui, void *st)
{
	struct stats_view *sv = st;
	int body = ui->rows - 2, maxs;

	compose(sv, ui->cols - 1);
	maxs = (int)sv->doc.n - body;
	if (sv->scroll > maxs)
		sv->scroll = maxs > 0 ? maxs : 0;
	if (sv->scroll < 0)
		sv->scroll = 0;
	{
		int x = ui_put(ui, 0, 1, _("dkquiz — statistics"), UA_TITLE);

		if (ui->opt->deck) {
			x = ui_put(ui, 0, x + 3, _("Deck: "), UA_DIM);
			ui_put(ui, 0, x, ui->opt->deck, 0);
		}
	}
	for (int i = 0; i < body && (size_t)(sv->scroll + i) < sv->doc.n; i++)
		ui_draw_line(ui, 1 + i, &sv->doc.lines[sv->scroll + i], 0);
	{
		char *pos;
		int x;

		x = ui_put(ui, ui->rows - 1, 1, _("j/k scroll · ? help · q quit"), UA_DIM);
		if (maxs > 0) {
			pos = xasprintf(_("lines %d–%d of %d"), sv->scroll + 1,
					sv->scroll + body < (int)sv->doc.n ? sv->scroll + body
									   : (int)sv->doc.n,
					(int)sv->doc.n);
			if (x + 3 + (int)text_width(pos, strlen(pos)) < ui->cols)
				ui_put(ui, ui->rows - 1,
				       ui->cols - 1 - (int)text_width(pos, strlen(pos)), pos, UA_DIM);
			free(pos);
		}
	}
}

static void stats_key(struct ui *ui, void *st, const struct ui_key *k)
{
	struct stats_view *sv = st;
	int page = ui->rows > 4 ? ui->rows - 3 : 1;

	/* stats_draw clamps the scroll to the text */
	switch (k->act) {
	case ACT_UP: sv->scroll--; break;
	case ACT_DOWN: sv->scroll++; break;
	case ACT_PAGE_UP: sv->scroll -= page; break;
	case ACT_PAGE_DOWN: sv->scroll += page; break;
	case ACT_TOP: sv->scroll = 0; break;
	case ACT_BOTTOM: sv->scroll = (int)sv->doc.n; break;
	case ACT_HELP:
		ui_push(ui, &help_screen, NULL);
		break;
	case ACT_QUIT:
	case ACT_CANCEL:
		ui_pop(ui);
		break;
	default:
		break;
	}
}

static void stats_close(struct ui *ui, void *st)
{
	struct stats_view *sv = st;

	view_release(&sv->doc);
	free(sv);
}

const struct screen_ops stats_screen = { stats_open, stats_draw, stats_key, stats_close };
