/* test_ui_keys.c - the UI's action list: every key bound once, the key
 * dispatch and the key table come from the same list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dkquiz/i18n.h"
#include "../../src/ui/actions.h"

static const int all_keys[][4] = {
#define KEYS_ROW(name, section, label, help, k1, k2, k3, k4) { k1, k2, k3, k4 },
	UI_ACTIONS(KEYS_ROW)
#undef KEYS_ROW
};

static void test_keys_unique(void **state)
{
	size_t n = sizeof(all_keys) / sizeof(all_keys[0]);

	(void)state;
	assert_int_equal(n, ACT_COUNT - 1);
	for (size_t a = 0; a < n; a++)
		for (int k = 0; k < 4; k++) {
			int key = all_keys[a][k];
			if (!key)
				continue;
			for (size_t b = 0; b < n; b++)
				for (int l = 0; l < 4; l++)
					if ((b != a || l != k) && all_keys[b][l] == key) {
						print_error("key %#x bound twice\n", (unsigned)key);
						fail();
					}
		}
}

static void test_dispatch(void **state)
{
	(void)state;
	assert_int_equal(ui_action_of('q', 0), ACT_QUIT);
	assert_int_equal(ui_action_of('?', 0), ACT_HELP);
	assert_int_equal(ui_action_of(' ', 0), ACT_REVEAL);
	assert_int_equal(ui_action_of('\r', 0), ACT_ENTER);
	assert_int_equal(ui_action_of(KEY_ENTER, 1), ACT_ENTER);
	assert_int_equal(ui_action_of('1', 0), ACT_AGAIN);
	assert_int_equal(ui_action_of('4', 0), ACT_EASY);
	assert_int_equal(ui_action_of('u', 0), ACT_UNDO);
	assert_int_equal(ui_action_of(KEY_DOWN, 1), ACT_DOWN);
	assert_int_equal(ui_action_of('j', 0), ACT_DOWN);
	assert_int_equal(ui_action_of(KEY_NPAGE, 1), ACT_PAGE_DOWN);
	assert_int_equal(ui_action_of('l', 0), ACT_RIGHT);
	assert_int_equal(ui_action_of('r', 0), ACT_REVIEW_DECK);
	assert_int_equal(ui_action_of('i', 0), ACT_ANSWER);
	assert_int_equal(ui_action_of('\t', 0), ACT_ANSWER);
	assert_int_equal(ui_action_of('Q', 0), ACT_QUIT);
	/* the documented keys of the option letters and the editor are
	 * handled by their screens, not dispatched */
	assert_int_equal(ui_action_of('a', 0), ACT_NONE);
	assert_int_equal(ui_action_of(4, 0), ACT_NONE);
	/* A character and a key code with the same value are different keys. */
	assert_int_equal(ui_action_of(KEY_DOWN, 0), ACT_NONE);
	assert_int_equal(ui_action_of('j', 1), ACT_NONE);
	assert_int_equal(ui_action_of('Z', 0), ACT_NONE);
	assert_int_equal(ui_action_of(0, 0), ACT_NONE);
}

static void test_keys_table(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	size_t lines = 0;

	(void)state;
	assert_non_null(fp);
	ui_keys_table(fp);
	fclose(fp);
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	assert_int_equal(lines, ACT_COUNT - 1);
	assert_non_null(strstr(text, "u\tUndo the last grade"));
	assert_non_null(strstr(text, "Space\tShow the answer"));
	/* every key a screen reacts to is listed, Q and the editor's too */
	assert_non_null(strstr(text, "q  Q\tQuit"));
	assert_non_null(strstr(text, "a  b  c  …\tTick or untick an option"));
	assert_non_null(strstr(text, "Ctrl-U  Ctrl-W\t"));
	assert_non_null(strstr(text, "Ctrl-D  Alt-Enter\t"));
	free(text);
}

/* Labels and help read well: sections named, no action without help. */
static void test_sections(void **state)
{
	(void)state;
	assert_string_equal(ui_action_section(ACT_QUIT), "Commands");
	assert_string_equal(ui_action_section(ACT_MCQ_LETTER), "Answering a multiple-choice card");
	assert_string_equal(ui_action_section(ACT_TYPE_CHECK), "Answering a typed card");
	assert_string_equal(ui_action_label(ACT_TOP), "g  Home");
	assert_null(ui_action_label(ACT_NONE));
	for (int a = 1; a < ACT_COUNT; a++) {
		assert_true(*ui_action_label((enum ui_action)a));
		assert_true(*ui_action_help((enum ui_action)a));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys_unique),
		cmocka_unit_test(test_dispatch),
		cmocka_unit_test(test_keys_table),
		cmocka_unit_test(test_sections),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
