/* fuzz_load.c - libFuzzer target: any bytes through the whole loader
 * (encoding detection and repair, front matter, markdown, card shapes).
 *
 * load_buffer() must never crash, hang or leak on any input; a file the
 * loader refuses (binary) is a normal outcome, not a finding.
 */
#include <stddef.h>
#include <stdint.h>

#include "dkquiz/load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct load_result res = { 0 };

	if (load_buffer("fuzz.md", (const char *)data, size, NULL, &res) == 0)
		load_result_release(&res);
	return 0;
}
