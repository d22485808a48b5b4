# dkquiz - terminal flashcards for Docker and Kubernetes revision.
#
#   make run      install missing packages, build, review the bundled deck
#   make check    install missing packages, build, run every test
#
# Packagers: CFLAGS, LDFLAGS, PREFIX, DESTDIR and PKG_CONFIG are yours;
# the flags the code needs are added with `override`.

VERSION    := 0.1.0
PREFIX     ?= /usr/local
bindir     ?= $(PREFIX)/bin
datadir    ?= $(PREFIX)/share
mandir     ?= $(datadir)/man
localedir  ?= $(datadir)/locale
DESTDIR    ?=

CC         ?= cc
PKG_CONFIG ?= pkg-config
CFLAGS     ?= -O2 -g
LDFLAGS    ?=
BUILD      ?= build

# Debian packages the build, the tests and the benchmarks need.
DEPS_PKGS := pkg-config libncurses-dev libsqlite3-dev libcmark-gfm-dev \
	libcmark-gfm-extensions-dev libcmocka-dev gettext tmux mandoc perl locales \
	sqlite3 cmark-gfm clang libclang-rt-14-dev valgrind

LIBS_PC := ncursesw sqlite3 libcmark-gfm

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wwrite-strings -Wpointer-arith -Wcast-align -Wundef \
	-Wmissing-declarations -Wnull-dereference -Wvla -Wno-unused-parameter

override CFLAGS += -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE \
	-ffp-contract=off -pthread -Iinclude $(WARN) -MMD -MP \
	-DLOCALEDIR='"$(localedir)"' -DDATADIR='"$(datadir)"' \
	$(filter-out -D_XOPEN_SOURCE=% -D_DEFAULT_SOURCE,$(shell $(PKG_CONFIG) --cflags $(LIBS_PC) 2>/dev/null))
ifneq ($(WERROR),)
override CFLAGS += -Werror
endif
LIBS := $(shell $(PKG_CONFIG) --libs $(LIBS_PC) 2>/dev/null) -lm -pthread
TEST_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

ifeq ($(V),1)
Q :=
quiet = @true
else
Q := @
quiet = @printf '  %-7s %s\n'
endif

# Every .c under src/ except main.c goes into one static library, which the
# program and every test link against.
LIB_SRC  := $(sort $(shell find src -name '*.c' ! -path src/main.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
LIBDK    := $(BUILD)/libdkquiz.a
PROG     := $(BUILD)/dkquiz

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TEST_HELPER_SRC := $(sort $(wildcard tests/unit/helper_*.c))
TEST_HELPER_OBJ := $(TEST_HELPER_SRC:%.c=$(BUILD)/%.o)
VEC_BIN  := $(BUILD)/tests/vectors
GEN_KEYS := $(BUILD)/gen-keys
E2E      := $(sort $(wildcard tests/e2e/*.t))
MO       := $(patsubst po/%.po,$(BUILD)/locale/%/LC_MESSAGES/dkquiz.mo,$(wildcard po/*.po))

FSRS_DIR ?= ../shared/fsrs
VECTORS  ?= $(wildcard $(FSRS_DIR)/vectors-public*.jsonl)

all: $(PROG) $(MO)

# The directories compiled into paths.o: recorded in a file that changes
# only when they do, so that `make install PREFIX=...` after a plain `make`
# rebuilds what must know the new place.
DIRS_STAMP := $(BUILD)/dirs.stamp
DIRS_NOW := $(localedir) $(datadir)
ifneq ($(DIRS_NOW),$(shell cat $(DIRS_STAMP) 2>/dev/null))
$(shell mkdir -p $(BUILD) && echo '$(DIRS_NOW)' >$(DIRS_STAMP))
endif
$(BUILD)/src/core/paths.o: $(DIRS_STAMP)

$(BUILD)/%.o: %.c
	$(quiet) CC $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(LIBDK): $(LIB_OBJ)
	$(quiet) AR $@
	$(Q)rm -f $@ && ar rcs $@ $^

$(PROG): $(BUILD)/src/main.o $(LIBDK)
	$(quiet) LINK $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(TEST_HELPER_OBJ) $(LIBDK)
	$(quiet) LINK $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS) $(TEST_LIBS)

$(VEC_BIN): tests/vectors/vectors.c $(LIBDK)
	$(quiet) CCLD $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -MF $(BUILD)/tests/vectors.d -o $@ $< $(LIBDK) $(LIBS)

$(GEN_KEYS): doc/gen-keys.c $(LIBDK)
	$(quiet) CCLD $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -MF $(BUILD)/gen-keys.d -o $@ $< $(LIBDK) $(LIBS)

# The key lists of the manual and of the README come from the action list
# (src/ui/actions.h): rewrite them between their markers.
KEYS_MARK := Keys: written by make doc/keys from src/ui/actions.h.
KEYS_END := End of the keys.
# splice FILE BEGIN END LISTS: the lines between BEGIN and END become LISTS
splice = awk -v keys=$(4) -v b='$(2)' -v e='$(3)' \
	'$$0 == e { skip = 0 } !skip { print } \
	 $$0 == b { skip = 1; while ((getline l < keys) > 0) print l }' \
	$(1) >$(1).new && mv $(1).new $(1)
doc/keys: $(GEN_KEYS)
	$(quiet) GEN "doc/dkquiz.1 README.md"
	$(Q)$(GEN_KEYS) >$(BUILD)/keys.mdoc
	$(Q)$(GEN_KEYS) --markdown >$(BUILD)/keys.md
	$(Q)$(call splice,doc/dkquiz.1,.\\" $(KEYS_MARK),.\\" $(KEYS_END),$(BUILD)/keys.mdoc)
	$(Q)$(call splice,README.md,<!-- $(KEYS_MARK) -->,<!-- $(KEYS_END) -->,$(BUILD)/keys.md)

$(BUILD)/locale/%/LC_MESSAGES/dkquiz.mo: po/%.po
	$(quiet) MSGFMT $@
	@mkdir -p $(@D)
	$(Q)msgfmt --check -o $@ $<

# ---- set-up -------------------------------------------------------------

# Install only the missing Debian packages; no apt call when all are present.
deps:
	@missing=$$(for p in $(DEPS_PKGS); do \
		dpkg-query -W -f='$${db:Status-Status}\n' $$p 2>/dev/null | grep -qx installed || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		missing=$$(echo $$missing); \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing: $$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null || exit 1; \
		else \
			echo "dkquiz needs these Debian packages; run:"; \
			echo "  sudo apt-get install $$missing"; \
			exit 1; \
		fi; \
	fi
	@if [ "$$(id -u)" = 0 ] && ! locale -a 2>/dev/null | grep -qi '^fr_FR\.utf-\?8$$'; then \
		localedef -i fr_FR -f UTF-8 fr_FR.UTF-8 2>/dev/null || true; \
	fi

run: deps
	@$(MAKE) --no-print-directory all
	$(PROG) review

# ---- tests --------------------------------------------------------------

TEST_ENV = DKQUIZ_BIN=$(abspath $(PROG)) DKQUIZ_SRC=$(CURDIR) DKQUIZ_SHARED=$(abspath ..)/shared \
	DKQUIZ_GEN_KEYS=$(abspath $(GEN_KEYS)) \
	DKQUIZ_LOCALEDIR=$(abspath $(BUILD))/locale VECTORS_BIN=$(abspath $(VEC_BIN)) \
	CMOCKA_MESSAGE_OUTPUT=TAP

check: deps
	@$(MAKE) --no-print-directory WERROR=1 check-build
	@$(MAKE) --no-print-directory check-run

test: check

check-build: $(PROG) $(MO) $(UNIT_BIN) $(VEC_BIN) $(GEN_KEYS)

check-run:
	@mandoc -Tlint -W warning doc/dkquiz.1 doc/dkquiz.5
	$(TEST_ENV) FSRS_VECTORS="$(VECTORS)" prove -f --exec tests/tap-run $(UNIT_BIN) tests/vectors/vectors.t $(E2E)

test-vectors: $(VEC_BIN)
	$(VEC_BIN) $(VECTORS)

# ASan + UBSan: a separate build tree, the whole suite. A finding ends the
# program with status 86, which no test expects, and its report goes to a
# file of its own in $(SAN_LOGS): the run fails when any is there, whatever
# a test made of the status (a run expected to fail, a process killed). The
# folder is open to all: some tests run dkquiz as another user.
SAN_LOGS = $(abspath build-san)/reports
san:
	@$(MAKE) --no-print-directory BUILD=build-san WERROR=1 \
		CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		LDFLAGS="-fsanitize=address,undefined" check-build
	@rm -rf $(SAN_LOGS) && mkdir -p $(SAN_LOGS) && chmod 1777 $(SAN_LOGS)
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=86:log_path=$(SAN_LOGS)/asan \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=86:log_path=$(SAN_LOGS)/ubsan \
		$(MAKE) --no-print-directory BUILD=build-san check-run; rc=$$?; \
	bad=$$(find $(SAN_LOGS) -type f -size +0); \
	if [ -n "$$bad" ]; then head -60 $$bad; echo "san: findings in $$(echo $$bad | wc -w) runs"; exit 1; fi; \
	[ $$rc = 0 ] && echo "san: no finding"; exit $$rc

# valgrind: every unit test program, then the vector checker and every
# end-to-end suite with the program they run under valgrind
# (tests/valgrind-dkquiz).
valgrind: check-build
	@for t in $(UNIT_BIN); do \
		valgrind -q --error-exitcode=99 --leak-check=full $$t >/dev/null || { echo "valgrind: $$t"; exit 1; }; \
	done; echo "valgrind: $(words $(UNIT_BIN)) test programs clean"
	@rm -rf $(BUILD)/valgrind && mkdir -p $(BUILD)/valgrind && chmod 1777 $(BUILD)/valgrind
	@$(TEST_ENV) VECTORS_BIN=$(abspath tests/valgrind-dkquiz) FSRS_VECTORS="$(VECTORS)" \
		DKQUIZ_VALGRIND_BIN=$(abspath $(VEC_BIN)) DKQUIZ_VALGRIND_LOGS=$(abspath $(BUILD))/valgrind \
		prove tests/vectors/vectors.t
	@$(TEST_ENV) DKQUIZ_BIN=$(abspath tests/valgrind-dkquiz) DKQUIZ_VALGRIND=1 \
		DKQUIZ_VALGRIND_BIN=$(abspath $(PROG)) DKQUIZ_VALGRIND_LOGS=$(abspath $(BUILD))/valgrind \
		prove -j2 $(E2E)
	@bad=$$(find $(BUILD)/valgrind -type f -size +0); \
	if [ -n "$$bad" ]; then head -40 $$bad; echo "valgrind: errors in $$(echo $$bad | wc -w) runs"; exit 1; fi; \
	echo "valgrind: $$(ls $(BUILD)/valgrind | wc -l) runs clean"

# ---- install ------------------------------------------------------------

install: all
	install -d $(DESTDIR)$(bindir) $(DESTDIR)$(mandir)/man1 $(DESTDIR)$(mandir)/man5 \
		$(DESTDIR)$(datadir)/dkquiz \
		$(DESTDIR)$(datadir)/bash-completion/completions $(DESTDIR)$(datadir)/zsh/site-functions
	install -m 755 $(PROG) $(DESTDIR)$(bindir)/dkquiz
	install -m 644 doc/dkquiz.1 $(DESTDIR)$(mandir)/man1/dkquiz.1
	install -m 644 doc/dkquiz.5 $(DESTDIR)$(mandir)/man5/dkquiz.5
	cp -R content $(DESTDIR)$(datadir)/dkquiz/
	install -m 644 doc/dkquiz.bash $(DESTDIR)$(datadir)/bash-completion/completions/dkquiz
	install -m 644 doc/_dkquiz $(DESTDIR)$(datadir)/zsh/site-functions/_dkquiz
	for mo in $(MO); do \
		l=$$(echo $$mo | sed 's|$(BUILD)/locale/||; s|/.*||'); \
		install -d $(DESTDIR)$(localedir)/$$l/LC_MESSAGES; \
		install -m 644 $$mo $(DESTDIR)$(localedir)/$$l/LC_MESSAGES/dkquiz.mo; \
	done

uninstall:
	rm -f $(DESTDIR)$(bindir)/dkquiz $(DESTDIR)$(mandir)/man1/dkquiz.1 $(DESTDIR)$(mandir)/man5/dkquiz.5 \
		$(DESTDIR)$(datadir)/bash-completion/completions/dkquiz $(DESTDIR)$(datadir)/zsh/site-functions/_dkquiz
	rm -rf $(DESTDIR)$(datadir)/dkquiz
	rm -f $(DESTDIR)$(localedir)/*/LC_MESSAGES/dkquiz.mo

clean:
	rm -rf build build-san build-fuzz

.PHONY: all deps run check test check-build check-run test-vectors san valgrind install uninstall clean \
	doc/keys

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
# Benchmarks, fuzzing and the long crash-safety run.
include $(sort $(wildcard mk/*.mk))
