# extra.mk - fuzzing, crash-safety and benchmark rules; included at the end
# of the Makefile, so BUILD, LIBDK, PROG, LIBS, CFLAGS, TEST_ENV are set.
#
#   make fuzz         libFuzzer on the loader and the answer checker
#                     (FUZZ_TIME seconds each, default 60; inputs up to
#                     FUZZ_MAXLEN bytes, default 4096)
#   make check-crash  the SIGKILL crash-safety test: CRASH_RUNS=200 kills in
#                     each of a review, an import and a re-import
#   make bench        generate a 100,000-card corpus and time dkquiz
#                     against floors measured in the same run

FUZZ_BUILD  ?= build-fuzz
FUZZ_TIME   ?= 60
# Small inputs run many times faster and reach the same code: the seeds
# are whole decks, but the shapes they exercise fit in a few kilobytes.
FUZZ_MAXLEN ?= 4096
FUZZ_CC     ?= clang
FUZZ_FLAGS  := -O1 -g -fno-omit-frame-pointer
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,$(FUZZ_BUILD)/%,$(wildcard tests/fuzz/fuzz_*.c))
SEEDS_DIR   ?= ../shared/seeds
BENCH_DIR   ?= /tmp/dkquiz-bench

# The library again, instrumented for coverage and sanitizers, in its own
# tree so the normal build is never touched. (Inside that sub-make BUILD is
# the fuzz tree and the Makefile's own library rule applies.)
ifneq ($(BUILD),$(FUZZ_BUILD))
.PHONY: $(FUZZ_BUILD)/libdkquiz.a
$(FUZZ_BUILD)/libdkquiz.a:
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) \
		CFLAGS="$(FUZZ_FLAGS) -fsanitize=fuzzer-no-link,address,undefined" \
		$(FUZZ_BUILD)/libdkquiz.a
endif

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_BUILD)/libdkquiz.a
	$(quiet) FUZZLD $@
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) -std=c11 -Iinclude -fsanitize=fuzzer,address,undefined \
		-o $@ $< $(FUZZ_BUILD)/libdkquiz.a $(LIBS)

# Seed corpora are copied into the fuzz tree, never into the repository:
# the loader gets every markdown file we have; the answer checker gets
# pairs of commands (typed NUL expected) taken from the bundled decks.
fuzz-corpus:
	@mkdir -p $(FUZZ_BUILD)/corpus-load $(FUZZ_BUILD)/corpus-answer $(FUZZ_BUILD)/crashes
	@i=0; for f in tests/golden/*.md content/*/*.md tests/fuzz/regressions/*; do \
		[ -f "$$f" ] && cp "$$f" $(FUZZ_BUILD)/corpus-load/seed-$$i && i=$$((i + 1)); \
	done; \
	if [ -d "$(SEEDS_DIR)" ]; then for f in $(SEEDS_DIR)/*; do \
		[ -f "$$f" ] && cp "$$f" $(FUZZ_BUILD)/corpus-load/seed-$$i && i=$$((i + 1)); \
	done; else echo "fuzz: no seeds at $(SEEDS_DIR)"; fi; \
	echo "fuzz: $$i load seeds"
	@i=0; grep -hoE '(docker|kubectl|k|docker-compose) [^`|<]*' content/*/*.md tests/golden/*.md 2>/dev/null \
		| sort -u | head -400 | while IFS= read -r c; do \
		printf '%s\0%s' "$$c" "$$c" > $(FUZZ_BUILD)/corpus-answer/seed-$$i; i=$$((i + 1)); \
	done; echo "fuzz: $$(ls $(FUZZ_BUILD)/corpus-answer | wc -l) answer seeds"

# A run reports its own findings: those of earlier runs are moved to
# crashes.old/ first (a finding is named after its content, so the same one
# found again replaces itself there).
fuzz: $(FUZZ_TARGETS) fuzz-corpus
	@if [ -n "$$(ls -A $(FUZZ_BUILD)/crashes)" ]; then \
		mkdir -p $(FUZZ_BUILD)/crashes.old && mv -f $(FUZZ_BUILD)/crashes/* $(FUZZ_BUILD)/crashes.old/ && \
		echo "fuzz: earlier findings moved to $(FUZZ_BUILD)/crashes.old"; \
	fi
	@for t in $(FUZZ_TARGETS); do \
		name=$${t##*/fuzz_}; \
		echo "fuzz: $$t for $(FUZZ_TIME)s"; \
		$$t -max_total_time=$(FUZZ_TIME) -max_len=$(FUZZ_MAXLEN) -close_fd_mask=2 \
			-timeout=10 -rss_limit_mb=2048 \
			-print_final_stats=1 -artifact_prefix=$(FUZZ_BUILD)/crashes/$$name- \
			$(FUZZ_BUILD)/corpus-$$name 2>&1 | tee $(FUZZ_BUILD)/$$name.log \
			| grep -E '^(#[0-9]+.*(DONE|pulse)|==[0-9]+==|stat::|SUMMARY|artifact_prefix|Test unit written)' ; \
	done; \
	ls $(FUZZ_BUILD)/crashes | grep . && { echo "fuzz: findings in $(FUZZ_BUILD)/crashes"; exit 1; } \
		|| echo "fuzz: no crash"

check-crash: $(PROG)
	$(TEST_ENV) CRASH_RUNS=$${CRASH_RUNS:-200} CRASH_IMPORT_FILES=$${CRASH_IMPORT_FILES:-6000} \
		CRASH_REIMPORT_FILES=$${CRASH_REIMPORT_FILES:-1500} prove -v tests/e2e/crash.t

$(BUILD)/bench-gen: tests/bench/gen.c
	$(quiet) CCLD $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -MF $(BUILD)/bench-gen.d -o $@ $<

bench: $(PROG) $(BUILD)/bench-gen
	@DKQUIZ_BIN=$(abspath $(PROG)) BENCH_GEN=$(abspath $(BUILD)/bench-gen) \
		BENCH_DIR=$(BENCH_DIR) tests/bench/bench.sh

.PHONY: fuzz fuzz-corpus check-crash bench
