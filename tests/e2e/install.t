#!/usr/bin/env bash
# make install and make uninstall, into a staging directory (DESTDIR), from a
# build tree of their own: every file in its place, a program that knows the
# PREFIX it was installed under even when an earlier build had another, and
# nothing left once uninstalled.
set -u
cd "${DKQUIZ_SRC:-.}"
if ! command -v make >/dev/null || [ ! -f Makefile ]; then
	echo "1..0 # SKIP no make or no Makefile"
	exit 0
fi
T=$(mktemp -d /tmp/dkquiz-install.XXXXXX)
trap 'rm -rf "$T"' EXIT
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | tail -20 | sed 's/^/# /'; }
# mk ARGS...: make in the source tree with a build tree under $T (and
# nothing of the make that may be running the tests: its flags, its jobs)
mk() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u CFLAGS -u LDFLAGS \
		make --no-print-directory -j2 BUILD="$T/build" "$@" >"$T/make.out" 2>&1
}

# a first build with the default PREFIX, then an install under another one
if ! mk all; then
	not_ok "a build in a tree of its own" "$(cat "$T/make.out")"
	echo "1..$n"
	exit 1
fi
ok "a build in a tree of its own"
R=$T/root
P=/opt/dkq
if mk PREFIX=$P DESTDIR="$R" install; then
	ok "make install PREFIX=$P DESTDIR=..."
else
	not_ok "make install" "$(cat "$T/make.out")"
fi
missing=
for f in bin/dkquiz share/man/man1/dkquiz.1 share/man/man5/dkquiz.5 \
	share/dkquiz/content/en share/dkquiz/content/fr share/locale/fr/LC_MESSAGES/dkquiz.mo \
	share/bash-completion/completions/dkquiz share/zsh/site-functions/_dkquiz; do
	[ -e "$R$P/$f" ] || missing+=" $f"
done
[ -z "$missing" ] && ok "the program, manuals, decks, translation and completions are in place" \
	|| not_ok "installed files" "missing:$missing"
# the installed program looks for its decks and translations under $P
if grep -qa "$P/share/dkquiz/content" "$R$P/bin/dkquiz" && grep -qa "$P/share/locale" "$R$P/bin/dkquiz"; then
	ok "the installed program knows its PREFIX (rebuilt for it)"
else
	not_ok "the installed program knows its PREFIX" "$(strings "$R$P/bin/dkquiz" | grep -E '/share/(dkquiz|locale)')"
fi
# the installed content is the bundled deck, and the program runs
out=$(DKQUIZ_CONTENT="$R$P/share/dkquiz/content" HOME="$T/home" XDG_DATA_HOME= DKQUIZ_DB= \
	"$R$P/bin/dkquiz" --db "$T/x.db" --now 2026-01-10T09:00:00Z review --plain </dev/null 2>&1)
grep -q "Imported the bundled" <<<"$out" && ok "the installed program reviews the installed deck" \
	|| not_ok "installed program runs" "$out"

if mk PREFIX=$P DESTDIR="$R" uninstall; then
	left=$(find "$R" -type f | sed "s|^$R||")
	[ -z "$left" ] && ok "make uninstall removes every file it installed" \
		|| not_ok "uninstall leaves files" "$left"
else
	not_ok "make uninstall" "$(cat "$T/make.out")"
fi

echo "1..$n"
[ $failed = 0 ]
