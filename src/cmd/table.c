/* table.c - cells of the text tables the commands print. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dkquiz/cmd.h"
#include "dkquiz/text.h"

void put_cell(const char *s, size_t cols, bool left)
{
	char *c = text_sanitize(s, strlen(s));
	size_t used, fit = text_fit(c, strlen(c), cols, &used);
	int pad = (int)(cols - used);

	/* printf pads by bytes; translated and user text needs columns. */
	if (left)
		printf("%.*s%*s", (int)fit, c, pad, "");
	else
		printf("%*s%.*s", pad, "", (int)fit, c);
	free(c);
}
