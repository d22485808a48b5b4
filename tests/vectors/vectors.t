#!/bin/sh
# Check the scheduler against the FSRS reference vector files (TAP), then
# check that the checker counts a line it cannot read as failed.
# FSRS_VECTORS lists the files; DKQUIZ_SRC is the source tree holding the
# build; VECTORS_BIN is the checker (absolute, or relative to DKQUIZ_SRC),
# by default the one of the build tree of DKQUIZ_BIN, else of build/.
src=${DKQUIZ_SRC:-.}
if [ -n "${DKQUIZ_BIN:-}" ]; then
	bin=${VECTORS_BIN:-$(dirname "$DKQUIZ_BIN")/tests/vectors}
else
	bin=${VECTORS_BIN:-build/tests/vectors}
fi
case $bin in
/*) ;;
*) bin=$src/$bin ;;
esac

if [ -z "$FSRS_VECTORS" ]; then
	echo "1..0 # SKIP no vector files"
	exit 0
fi
nfiles=0
for f in $FSRS_VECTORS; do
	if [ ! -r "$f" ]; then
		echo "1..0 # SKIP no vector files"
		exit 0
	fi
	nfiles=$((nfiles + 1))
	[ -n "${first:-}" ] || first=$f
done
echo "1..$((nfiles + 1))"
if [ ! -x "$bin" ]; then
	echo "not ok 1 - $bin is not built"
	exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dkquiz-vectors.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
# The files, one test each (the checker's own plan line is dropped).
# shellcheck disable=SC2086 # the list is split on blanks on purpose
"$bin" --tap $FSRS_VECTORS >"$tmp/tap"
rc=$?
sed '1d' "$tmp/tap"

# A file of the first file's config line and first review line, then a
# line that is not JSON, one without a type and one of an unknown type:
# one passed, three failed.
grep -m1 '"type": *"config"' "$first" >"$tmp/bad.jsonl"
grep -m1 '"type": *"review"' "$first" >>"$tmp/bad.jsonl"
printf '%s\n' '{"type": "review", ' '{"no": "type"}' '{"type": "reveiw"}' >>"$tmp/bad.jsonl"
out=$("$bin" "$tmp/bad.jsonl" 2>"$tmp/err")
status=$?
if [ $status = 1 ] && [ "$(printf '%s\n' "$out" | tail -1)" = "1 passed, 3 failed" ] &&
	grep -q "unknown type 'reveiw'" "$tmp/err"; then
	echo "ok $((nfiles + 1)) - unreadable lines count as failed"
else
	echo "not ok $((nfiles + 1)) - unreadable lines count as failed"
	printf '%s\n' "$out" | sed 's/^/# /'
	sed 's/^/# /' "$tmp/err"
	rc=1
fi
exit $rc
