#!/usr/bin/env bash
# The whole program on every input the fuzzers found a fault with: `dkquiz
# check` on each fixture of tests/fuzz/regressions must end normally (exit 0
# or 1), never by a signal. The typed-answer fixtures are replayed by
# build/tests/test_fuzz_regressions.
set -u
cd "${DKQUIZ_SRC:-.}"
BIN=${DKQUIZ_BIN:-$PWD/build/dkquiz}
if [ ! -x "$BIN" ]; then
	echo "1..0 # SKIP no binary at $BIN"
	exit 0
fi
export LC_ALL=C.UTF-8 LANGUAGE= NO_COLOR=
n=0 failed=0
for f in tests/fuzz/regressions/*; do
	[ -f "$f" ] || continue
	case ${f##*/} in answer-*) continue ;; esac
	"$BIN" check "$f" >/dev/null 2>&1
	rc=$?
	n=$((n + 1))
	if [ $rc -le 1 ]; then
		echo "ok $n - check ${f##*/}: exit $rc"
	else
		failed=$((failed + 1))
		echo "not ok $n - check ${f##*/}: exit $rc"
	fi
done
echo "1..$n"
[ $failed = 0 ]
