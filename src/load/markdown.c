/* markdown.c - cmark-gfm's tree converted into dkquiz's md_block tree.
 *
 * This is the only file that includes cmark-gfm headers. The conversion is
 * one pass of cmark_iter over the parsed document: cmark's iterator is
 * itself iterative, and we keep no stack of our own (the parent pointers of
 * the new tree are the stack), so nesting depth costs nothing but memory.
 */
#include "dkquiz/i18n.h"
#include "dkquiz/markdown.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "dkquiz/util.h"

static cmark_syntax_extension *ext_table, *ext_strike, *ext_tasklist;

static void find_extensions(void)
{
	cmark_gfm_core_extensions_ensure_registered();
	ext_table = cmark_find_syntax_extension("table");
	ext_strike = cmark_find_syntax_extension("strikethrough");
	ext_tasklist = cmark_find_syntax_extension("tasklist");
	if (!ext_table || !ext_strike || !ext_tasklist)
		die(_("cmark-gfm extensions are missing"));
}

/* cmark-gfm registers its extensions in a list of its own, without a lock:
 * once, whichever thread parses first (an import parses on two). */
static void ensure_extensions(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, find_extensions);
}

static char *dup_or_empty(const char *s)
{
	return xstrdup(s ? s : "");
}

/* Where a converted node goes: after `last` when it is a child of the
 * current container, else as the container's first child. */
struct block_cursor {
	struct md_block *cur;   /* open container */
	struct md_block *last;  /* last child appended to cur, or NULL */
};

struct inline_cursor {
	struct md_block *owner;   /* block holding the inline list */
	struct md_inline *cur;    /* open inline container, NULL at the top */
	struct md_inline *last;
};

static void block_append(struct block_cursor *bc, struct md_block *b)
{
	b->parent = bc->cur;
	if (bc->last)
		bc->last->next = b;
	else
		bc->cur->children = b;
	bc->last = b;
}

static void inline_append(struct inline_cursor *ic, struct md_inline *in)
{
	in->parent = ic->cur;
	if (ic->last)
		ic->last->next = in;
	else if (ic->cur)
		ic->cur->children = in;
	else
		ic->owner->inlines = in;
	ic->last = in;
}

static bool holds_inlines(enum md_block_type t)
{
	return t == MD_PARAGRAPH || t == MD_HEADING || t == MD_TABLE_CELL;
}

/* The md type of a cmark block node, or -1 for an inline node. */
static int block_type_of(cmark_node *node)
{
	cmark_syntax_extension *ext = cmark_node_get_syntax_extension(node);
	const char *ts;

	switch (cmark_node_get_type(node)) {
	case CMARK_NODE_DOCUMENT: return MD_DOCUMENT;
	case CMARK_NODE_PARAGRAPH: return MD_PARAGRAPH;
	case CMARK_NODE_HEADING: return MD_HEADING;
	case CMARK_NODE_LIST: return MD_LIST;
	case CMARK_NODE_ITEM: return MD_ITEM;
	case CMARK_NODE_CODE_BLOCK: return MD_CODE;
	case CMARK_NODE_BLOCK_QUOTE: return MD_QUOTE;
	case CMARK_NODE_HTML_BLOCK: return MD_HTML;
	case CMARK_NODE_THEMATIC_BREAK: return MD_THEMATIC_BREAK;
	case CMARK_NODE_CUSTOM_BLOCK: return MD_PARAGRAPH;
	default:
		break;
	}
	if ((cmark_node_get_type(node) & CMARK_NODE_TYPE_MASK) != CMARK_NODE_TYPE_BLOCK)
		return -1;
	ts = cmark_node_get_type_string(node);
	if (ext == ext_table || (ts && !strncmp(ts, "table", 5))) {
		if (ts && !strcmp(ts, "table"))
			return MD_TABLE;
		if (ts && !strcmp(ts, "table_cell"))
			return MD_TABLE_CELL;
		return MD_TABLE_ROW;
	}
	if (ts && !strcmp(ts, "tasklist"))
		return MD_ITEM;
	return MD_PARAGRAPH;
}

static struct md_block *new_block(cmark_node *node, enum md_block_type t)
{
	struct md_block *b = xcalloc(1, sizeof(*b));

	b->type = t;
	b->task = -1;
	b->line_start = cmark_node_get_start_line(node);
	b->line_end = cmark_node_get_end_line(node);
	if (b->line_end < b->line_start)
		b->line_end = b->line_start;
	b->col_start = cmark_node_get_start_column(node);
	if (b->col_start < 1)
		b->col_start = 1;
	switch (t) {
	case MD_HEADING:
		b->level = cmark_node_get_heading_level(node);
		break;
	case MD_LIST:
		b->ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST;
		b->start = cmark_node_get_list_start(node);
		b->tight = cmark_node_get_list_tight(node) != 0;
		break;
	case MD_ITEM:
		if (cmark_node_get_syntax_extension(node) == ext_tasklist)
			b->task = cmark_gfm_extensions_get_tasklist_item_checked(node) ? 1 : 0;
		break;
	case MD_CODE:
		b->info = dup_or_empty(cmark_node_get_fence_info(node));
		b->literal = dup_or_empty(cmark_node_get_literal(node));
		break;
	case MD_HTML:
		b->literal = dup_or_empty(cmark_node_get_literal(node));
		break;
	case MD_TABLE: {
		uint16_t n = cmark_gfm_extensions_get_table_columns(node);
		uint8_t *al = cmark_gfm_extensions_get_table_alignments(node);

		b->ncols = n;
		b->align = xmalloc((size_t)n + 1);
		for (uint16_t i = 0; i < n; i++) {
			char c = al ? (char)al[i] : 'n';

			b->align[i] = (c == 'l' || c == 'c' || c == 'r') ? c : 'n';
		}
		b->align[n] = '\0';
		break;
	}
	case MD_TABLE_ROW:
		b->header = cmark_gfm_extensions_get_table_row_is_header(node) != 0;
		break;
	default:
		break;
	}
	return b;
}

static struct md_inline *new_inline(cmark_node *node)
{
	struct md_inline *in = xcalloc(1, sizeof(*in));
	const char *ts;

	switch (cmark_node_get_type(node)) {
	case CMARK_NODE_TEXT:
		in->type = MD_TEXT;
		in->text = dup_or_empty(cmark_node_get_literal(node));
		break;
	case CMARK_NODE_CODE:
		in->type = MD_CODE_SPAN;
		in->text = dup_or_empty(cmark_node_get_literal(node));
		break;
	case CMARK_NODE_HTML_INLINE:
		in->type = MD_HTML_INLINE;
		in->text = dup_or_empty(cmark_node_get_literal(node));
		break;
	case CMARK_NODE_EMPH:
		in->type = MD_EMPH;
		break;
	case CMARK_NODE_STRONG:
		in->type = MD_STRONG;
		break;
	case CMARK_NODE_LINK:
		in->type = MD_LINK;
		in->url = dup_or_empty(cmark_node_get_url(node));
		break;
	case CMARK_NODE_IMAGE:
		in->type = MD_IMAGE;
		in->url = dup_or_empty(cmark_node_get_url(node));
		break;
	case CMARK_NODE_SOFTBREAK:
		in->type = MD_SOFTBREAK;
		break;
	case CMARK_NODE_LINEBREAK:
		in->type = MD_LINEBREAK;
		break;
	default:
		ts = cmark_node_get_type_string(node);
		if (ts && !strcmp(ts, "strikethrough")) {
			in->type = MD_STRIKE;
		} else {
			/* an inline we do not model: keep its text, if any */
			in->type = MD_TEXT;
			in->text = dup_or_empty(cmark_node_get_literal(node));
		}
		break;
	}
	return in;
}

static bool inline_is_container(const struct md_inline *in)
{
	return in->type == MD_EMPH || in->type == MD_STRONG || in->type == MD_STRIKE ||
	       in->type == MD_LINK || in->type == MD_IMAGE;
}

/* Convert `doc` into `root`, after root's child *last (NULL: none yet),
 * `line_off` lines down; *last becomes root's last child. */
static void convert(cmark_node *doc, struct md_block *root, int line_off, struct md_block **last)
{
	cmark_iter *it = cmark_iter_new(doc);
	struct block_cursor bc = { root, *last };
	struct inline_cursor ic = { NULL, NULL, NULL };
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		int bt;

		if (node == doc)
			continue;
		bt = block_type_of(node);
		if (bt >= 0) {
			if (ev == CMARK_EVENT_ENTER) {
				struct md_block *b = new_block(node, (enum md_block_type)bt);

				b->line_start += line_off;
				b->line_end += line_off;
				block_append(&bc, b);
				/* leaves get no EXIT event */
				if (bt == MD_CODE || bt == MD_HTML || bt == MD_THEMATIC_BREAK)
					continue;
				bc.cur = b;
				bc.last = NULL;
				if (holds_inlines(b->type)) {
					ic.owner = b;
					ic.cur = NULL;
					ic.last = NULL;
				}
			} else {
				struct md_block *b = bc.cur;

				bc.cur = b->parent;
				bc.last = b;
				if (ic.owner == b)
					ic.owner = NULL;
			}
			continue;
		}
		if (!ic.owner)
			continue; /* inline outside an inline holder: cannot happen */
		if (ev == CMARK_EVENT_ENTER) {
			struct md_inline *in = new_inline(node);

			inline_append(&ic, in);
			if (inline_is_container(in)) {
				ic.cur = in;
				ic.last = NULL;
			}
		} else {
			struct md_inline *in = ic.cur;

			if (in) {
				ic.cur = in->parent;
				ic.last = in;
			}
		}
	}
	for (struct md_block *b = bc.last; b && b != root; b = b->parent)
		*last = b;
	cmark_iter_free(it);
}

/* A big document is parsed in pieces, so that cmark's tree (ten times the
 * size of its text) never holds more than a piece at a time. A piece ends
 * before an ATX heading at the start of a line that follows a blank line:
 * there, every block still open is closed by the heading, unless it is a
 * top-level fenced code or HTML block, which a parse of the piece shows
 * (it then ends on that blank line) and which moves the cut further. Link
 * reference definitions reach across the whole document, so a text that
 * may hold one ("]:") is parsed in one piece. */
#define MD_PIECE ((size_t)1 << 20)

static size_t line_count(const char *text, size_t len)
{
	size_t n = 0;

	for (const char *p = text; (p = memchr(p, '\n', (size_t)(text + len - p))) != NULL; p++)
		n++;
	return n;
}

static bool may_define_links(const char *text, size_t len)
{
	for (const char *p = text; (p = memchr(p, ']', (size_t)(text + len - p))) != NULL; p++)
		if (p + 1 < text + len && p[1] == ':')
			return true;
	return false;
}

/* The first cut at or after `from`: the start of a line opening an ATX
 * heading, after a blank line; `len` when there is none. */
static size_t next_cut(const char *text, size_t len, size_t from)
{
	const char *p = text + from, *end = text + len;

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		const char *q = ++p, *b;
		size_t h = 0;

		while (q + h < end && q[h] == '#' && h < 7)
			h++;
		if (h < 1 || h > 6 || (q + h < end && q[h] != ' ' && q[h] != '\t' && q[h] != '\n'))
			continue;
		/* the line before must be blank */
		b = q - 1;
		while (b > text && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		if (b > text && b[-1] == '\n')
			return (size_t)(q - text);
	}
	return len;
}

/* An arena for cmark's tree: the tree lives only until it is converted, and
 * dropping the arena's blocks at once is much cheaper than freeing a node at
 * a time. (cmark's own arena zeroed a 4 MB block for every file, a tenth of
 * the loader's time in an import of 400 files: this one zeroes only what
 * cmark asks to be zeroed, in blocks sized from the text.) Texts shorter
 * than MD_ARENA_MIN take the ordinary allocator, as a card's text does (the
 * review renders two texts per answer). Under AddressSanitizer every text
 * does, so that ASan checks each node on its own (a block would hide an
 * overflow into the next node). */
#define MD_ARENA_MIN (16 * 1024)
#if defined(__SANITIZE_ADDRESS__)
#define ARENA_OK 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_OK 0
#endif
#endif
#ifndef ARENA_OK
#define ARENA_OK 1
#endif

/* The first block holds about the tree of a text this many times shorter;
 * the next ones double. */
#define ARENA_TREE_RATIO 16
#define ARENA_FIRST_MAX ((size_t)16 << 20)

struct arena_block {
	struct arena_block *prev;
	size_t size, used;        /* bytes of data */
	max_align_t data[];
};

/* cmark's allocator has no context: the arena of the parse running on this
 * thread. Each allocation is preceded by a header holding its size. */
static _Thread_local struct arena_block *arena;
static _Thread_local size_t arena_next_size;

#define ARENA_HDR sizeof(max_align_t)
#define ARENA_ROUND(n) (((n) + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1))

static void *arena_take(size_t n)
{
	struct arena_block *b = arena;
	size_t need;
	unsigned char *p;

	if (n > SIZE_MAX / 4)
		die("out of memory (markdown parser)");
	need = ARENA_HDR + ARENA_ROUND(n);
	if (!b || b->size - b->used < need) {
		size_t size = arena_next_size;

		while (size < need)
			size *= 2;
		b = xmalloc(sizeof(*b) + size);
		b->prev = arena;
		b->size = size;
		b->used = 0;
		arena = b;
		arena_next_size = size * 2;
	}
	p = (unsigned char *)b->data + b->used;
	b->used += need;
	memcpy(p, &n, sizeof(n));
	return p + ARENA_HDR;
}

static void *arena_calloc(size_t count, size_t size)
{
	void *p;

	if (size && count > SIZE_MAX / size)
		die("out of memory (markdown parser)");
	p = arena_take(count * size);
	memset(p, 0, count * size);
	return p;
}

/* The last allocation of the newest block grows where it is; any other
 * moves (the old copy stays until the arena goes, as in cmark's arena). */
static void *arena_realloc(void *old, size_t n)
{
	unsigned char *o = old;
	size_t had;
	void *p;

	if (!o)
		return arena_take(n);
	memcpy(&had, o - ARENA_HDR, sizeof(had));
	if (arena && o + ARENA_ROUND(had) == (unsigned char *)arena->data + arena->used &&
	    n <= SIZE_MAX / 4 &&
	    ARENA_ROUND(n) - ARENA_ROUND(had) <= arena->size - arena->used) {
		arena->used += ARENA_ROUND(n) - ARENA_ROUND(had);
		memcpy(o - ARENA_HDR, &n, sizeof(n));
		return o;
	}
	if (n <= had) {
		memcpy(o - ARENA_HDR, &n, sizeof(n));
		return o;
	}
	p = arena_take(n);
	memcpy(p, o, had);
	return p;
}

static void arena_free(void *p)
{
	(void)p;  /* everything goes with the arena */
}

static cmark_mem arena_mem = { arena_calloc, arena_realloc, arena_free };

static void arena_start(size_t text_len)
{
	size_t first = text_len < ARENA_FIRST_MAX / ARENA_TREE_RATIO ? text_len * ARENA_TREE_RATIO
								      : ARENA_FIRST_MAX;

	arena = NULL;
	arena_next_size = first < 65536 ? 65536 : first;
}

static void arena_drop(void)
{
	while (arena) {
		struct arena_block *prev = arena->prev;

		free(arena);
		arena = prev;
	}
}

struct piece {
	cmark_parser *parser;
	cmark_node *doc;
	bool arena;
};

static cmark_node *parse_piece(struct piece *pc, const char *text, size_t len)
{
	cmark_parser *p;
	cmark_node *doc;

	pc->arena = ARENA_OK && len >= MD_ARENA_MIN;
	if (pc->arena)
		arena_start(len);
	p = pc->arena ? cmark_parser_new_with_mem(CMARK_OPT_DEFAULT, &arena_mem)
		      : cmark_parser_new(CMARK_OPT_DEFAULT);
	if (!p)
		die(_("out of memory (markdown parser)"));
	cmark_parser_attach_syntax_extension(p, ext_table);
	cmark_parser_attach_syntax_extension(p, ext_strike);
	cmark_parser_attach_syntax_extension(p, ext_tasklist);
	cmark_parser_feed(p, text, len);
	doc = cmark_parser_finish(p);
	if (!doc)
		die(_("out of memory (markdown document)"));
	pc->parser = p;
	pc->doc = doc;
	return doc;
}

static void drop_piece(struct piece *pc)
{
	cmark_parser_free(pc->parser);
	if (pc->arena)
		arena_drop();
	else
		cmark_node_free(pc->doc);
}

/* A code or HTML block still open where the piece ends runs to its end,
 * so it ends on the blank line before the cut (column 0). */
static bool piece_ends_open(cmark_node *doc)
{
	cmark_node *last = cmark_node_last_child(doc);
	cmark_node_type t = last ? cmark_node_get_type(last) : CMARK_NODE_NONE;

	return (t == CMARK_NODE_CODE_BLOCK || t == CMARK_NODE_HTML_BLOCK) &&
	       cmark_node_get_end_column(last) == 0;
}

struct md_block *md_parse(const char *text, size_t len)
{
	struct md_block *root, *last = NULL;
	bool pieces = len > 2 * MD_PIECE && !may_define_links(text, len);
	size_t start = 0;
	int line_off = 0;

	ensure_extensions();
	root = xcalloc(1, sizeof(*root));
	root->type = MD_DOCUMENT;
	root->task = -1;
	root->line_start = 1;
	root->line_end = 1 + (int)line_count(text, len ? len - 1 : 0);
	root->col_start = 1;
	do {
		size_t want = MD_PIECE, end;
		struct piece pc;
		cmark_node *doc;

		for (;;) {
			end = pieces && len - start > want ? next_cut(text, len, start + want) : len;
			doc = parse_piece(&pc, text + start, end - start);
			if (end == len || !piece_ends_open(doc))
				break;
			/* cut inside a block: again, reaching twice as far */
			drop_piece(&pc);
			want *= 2;
		}
		convert(doc, root, line_off, &last);
		drop_piece(&pc);
		if (end < len)  /* the next piece's lines follow this one's */
			line_off += (int)line_count(text + start, end - start);
		start = end;
	} while (start < len);
	return root;
}

/* Post-order without a stack: descend to a leaf, free it, move to its next
 * sibling or back up to the parent, whose child list now starts later. */
static void free_inlines(struct md_inline *first)
{
	struct md_inline *in = first;

	while (in) {
		struct md_inline *next;

		if (in->children) {
			in = in->children;
			continue;
		}
		next = in->next ? in->next : in->parent;
		if (in->parent)
			in->parent->children = in->next;
		free(in->text);
		free(in->url);
		free(in);
		in = next;
	}
}

void md_free(struct md_block *root)
{
	struct md_block *b = root;

	while (b) {
		struct md_block *next;

		if (b->children) {
			b = b->children;
			continue;
		}
		next = (b == root) ? NULL : (b->next ? b->next : b->parent);
		if (b != root && b->parent)
			b->parent->children = b->next;
		free_inlines(b->inlines);
		free(b->align);
		free(b->info);
		free(b->literal);
		free(b);
		b = next;
	}
}

char *md_inline_text(const struct md_inline *first)
{
	struct buf out = BUF_INIT;
	const struct md_inline *in = first;

	while (in) {
		switch (in->type) {
		case MD_TEXT:
		case MD_CODE_SPAN:
		case MD_HTML_INLINE:
			buf_adds(&out, in->text ? in->text : "");
			break;
		case MD_SOFTBREAK:
		case MD_LINEBREAK:
			buf_addch(&out, ' ');
			break;
		case MD_IMAGE:
			buf_adds(&out, "[image: ");
			break;
		default:
			break;
		}
		if (in->children) {
			in = in->children;
			continue;
		}
		/* climb until a node with a next sibling, closing images */
		while (in) {
			if (in->type == MD_IMAGE)
				buf_addch(&out, ']');
			if (in->next) {
				in = in->next;
				break;
			}
			in = in->parent;
		}
	}
	return buf_detach(&out);
}

struct md_block *md_next(const struct md_block *root, const struct md_block *b,
			 bool skip_children)
{
	if (!skip_children && b->children)
		return b->children;
	while (b && b != root) {
		if (b->next)
			return b->next;
		b = b->parent;
	}
	return NULL;
}
