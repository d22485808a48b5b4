#!/usr/bin/env bash
# queue.t - the review queue over several sessions of a day: siblings,
# learning cards coming back, the daily limits, leeches, selections, the
# wait for a learning card in line mode, and the exam plan's reach. A
# database in a temporary directory, a fixed clock, --plain sessions.
# Prints TAP.
set -u
SRC=${DKQUIZ_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
BIN=${DKQUIZ_BIN:-$SRC/build/dkquiz}
if [ ! -x "$BIN" ]; then
	echo "1..0 # SKIP no binary at $BIN"
	exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/dkquiz-queue.XXXXXX")
trap 'rm -rf "$T"' EXIT
export LC_ALL=C.UTF-8 LANGUAGE= TZ=Europe/Paris HOME=$T/home XDG_DATA_HOME= DKQUIZ_DB= DKQUIZ_NOW= NO_COLOR=
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | head -40 | sed 's/^/# /'
	return 0
}
# run COMMAND...: sets $out (stdout and stderr) and $rc
run() { out=$("$@" 2>&1); rc=$?; }
# at TIME ARGS...: dkquiz on $DB at a local time
at() { local t=$1; shift; "$BIN" --db "$DB" --now "$t" "$@"; }
have_sqlite=false
command -v sqlite3 >/dev/null 2>&1 && have_sqlite=true

# --- siblings over two sessions of one evening -------------------------------
DB=$T/siblings.db
cat >"$T/rev.md" <<'EOF'
---
deck: Rev
reverse: true
---

## What is B?

Bee.

## What is C?

Sea.
EOF
at 2026-12-02T22:00 import -q "$T/rev.md" >/dev/null 2>&1
# 23:00: B answered Good, in its 10-minute step; quit.
run at 2026-12-02T23:00 review --plain <<<$'\n3\nq'
grep -q 'Next card due: 2026-12-02 23:10 (in 10m)' <<<"$out" && ok "a learning card is due in 10 minutes" \
	|| not_ok "first session" "$out"
# 23:20: B comes back for its step; its reverse waits for tomorrow.
run at 2026-12-02T23:20 review --plain <<<$'\n3\n\n3\nq'
shown=$(grep -A1 '^\[' <<<"$out" | grep -v '^\[' | grep -v '^--' | tr '\n' '|')
[ "$shown" = "What is B?|What is C?|" ] && ok "the card answered earlier comes back; its sibling does not" \
	|| not_ok "second session" "$out"
! grep -q '(in 0s)' <<<"$out" && ok "the summary names no card it cannot show" || not_ok "summary" "$out"

echo "1..$n"
[ $failed = 0 ]
