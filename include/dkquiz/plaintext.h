/* plaintext.h - card markdown as the plain text or simple HTML it shows,
 * and plain text as markdown that shows it as written.
 *
 * Tables (CSV, TSV, Anki's "Notes in Plain Text") hold text, not markdown.
 * What a card shows is the renderer's own plain layout (render_plain with
 * no wrapping), so what a spreadsheet or Anki shows of an exported card is
 * what dkquiz shows; text read from a table is escaped so that dkquiz
 * shows it as it was written. The two are made for each other:
 *
 *     plaintext_from_md(plaintext_to_md(plaintext_from_md(md)))
 *         == plaintext_from_md(md)
 *
 * so a table written, read back and written again is the same bytes.
 *
 * Pure: no I/O. Every function returns a string the caller frees.
 */
#ifndef DKQUIZ_PLAINTEXT_H
#define DKQUIZ_PLAINTEXT_H

/* The text `md` shows, as `dkquiz review --plain` prints it without
 * wrapping: markup gone, lists as "- " and "1. " lines, task items as
 * "[x] ", quotes as "> ", code blocks indented by four spaces, tables as
 * "a | b" rows, a blank line between blocks. Soft line breaks are spaces,
 * runs of spaces in text are one, no-break spaces are spaces, and no line
 * ends with a space. NULL is taken as "". */
char *plaintext_from_md(const char *md);

/* The same text as HTML for a field of Anki's notes in plain text, on one
 * line: lines joined by <br>, leading and repeated spaces as &nbsp;, code
 * in <code>, bold, italic and struck text in <b>, <i>, <s>, and & < > "
 * as entities. Reduced back to text (tags dropped, <br> a newline,
 * entities decoded) it is plaintext_from_md(md). */
char *plaintext_html_from_md(const char *md);

/* Markdown that shows `text` as written: lines (LF or CRLF) kept as hard
 * line breaks, blank lines as paragraph breaks, and the characters that
 * markdown would read as markup backslash-escaped (always \ ` * _ [ ] < |
 * ~ {, an & that would start an entity, and #, >, -, +, = or the dot of
 * "1." at the start of a line). Leading spaces of a line, and the spaces
 * after the first of a run, become &nbsp;. A group of lines between blank
 * lines that are all indented by four columns or more stays as it is: it
 * is code. Trailing spaces of lines and blank lines at both ends go. */
char *plaintext_to_md(const char *text);

/* A markdown code span showing `text` (one line) as it is, whatever
 * backticks it holds: "`docker ps`", "`` a`b ``". */
char *plaintext_code_md(const char *text);

#endif
