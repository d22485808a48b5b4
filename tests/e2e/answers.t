#!/usr/bin/env bash
# answers.t - the answer path of a --plain review: each prompt is on the
# output before dkquiz waits for its line, each grade is in the database
# when the next card shows, and a script typed ahead is answered without a
# write call per prompt. Prints TAP.
set -u
SRC=${DKQUIZ_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
BIN=${DKQUIZ_BIN:-$SRC/build/dkquiz}
if [ ! -x "$BIN" ]; then
	echo "1..0 # SKIP no binary at $BIN"
	exit 0
fi
if ! command -v sqlite3 >/dev/null; then
	echo "1..0 # SKIP the sqlite3 command is missing"
	exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/dkquiz-answers.XXXXXX")
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
export LC_ALL=C.UTF-8 LANGUAGE= HOME=$T/home XDG_DATA_HOME= DKQUIZ_DB= DKQUIZ_NOW= NO_COLOR=
NOW=2026-01-10T09:00:00Z
DB=$T/a.db
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/# /'; }

CARDS=40
awk -v n=$CARDS 'BEGIN { print "---\ndeck: Answers\n---\n"
	for (i = 0; i < n; i++) printf("## What is fact %d?\n\nIt is answer %d.\n\n", i, i) }' >"$T/deck.md"
"$BIN" --db "$DB" --now $NOW import -q "$T/deck.md" >/dev/null 2>&1 &&
	"$BIN" --db "$DB" config new-per-day 100 >/dev/null 2>&1 &&
	sqlite3 "$DB" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
cp "$DB" "$T/base.db"

# start: a review reading the FIFO in and writing the FIFO out, both held
# open here on 7 (to dkquiz) and 8 (from it)
start() {
	rm -f "$T/in" "$T/out"
	mkfifo "$T/in" "$T/out"
	exec 7<>"$T/in"
	"$BIN" --db "$DB" --now $NOW review --plain <"$T/in" >"$T/out" 2>&1 &
	pid=$!
	exec 8<"$T/out"
}
stop() {
	exec 7>&-
	wait "$pid" 2>/dev/null
	pid=
	cat <&8 >/dev/null
	exec 8<&-
}
# prompt: the output up to the end of the next prompt ("> "), in $got;
# false when none comes within 10 seconds
prompt() {
	local part
	got=
	while IFS= read -r -d '>' -t 10 -u 8 part; do
		got+=$part'>'
		IFS= read -r -n 1 -t 10 -u 8 part || return 1
		got+=$part
		[ "$part" = " " ] && return 0
	done
	return 1
}

# --- a prompt, then the wait for its line ---------------------------------------
start
bad=
for ((i = 0; i < 5; i++)); do
	if ! prompt || ! [[ $got =~ \[$((i + 1))/[0-9]+\].*"What is fact $i?".*"Enter to reveal> "$ ]]; then
		bad+="card $i: no question prompt: '$got'"$'\n'
		break
	fi
	# the grade of the card before is saved before this card shows
	rows=$(sqlite3 "$DB" 'SELECT count(*) FROM reviews' 2>&1)
	[ "$rows" = "$i" ] || bad+="card $i shown with $rows reviews saved"$'\n'
	printf '\n' >&7
	if ! prompt || ! [[ $got =~ "It is answer $i.".*"grade [1 again".*"q quit]> "$ ]]; then
		bad+="card $i: no grade prompt: '$got'"$'\n'
		break
	fi
	printf '3\n' >&7
done
printf 'q\n' >&7
stop
[ -z "$bad" ] && ok "each prompt shows before its line is read; each grade is saved before the next card" \
	|| not_ok "prompts and grades, line by line" "$bad"

# --- a script typed ahead --------------------------------------------------------
# All the answers are there at once: dkquiz shows the cards and saves the
# grades, then waits at the prompt that offers the next learning card. What
# it wrote by then: a commit is one write to the WAL, and the output is
# written when dkquiz waits for input, not at each prompt (two per card):
# fewer than two write calls an answer.
if [ ! -r /proc/self/io ]; then
	ok "# SKIP no /proc/PID/io to count write calls"
elif [ -n "${DKQUIZ_VALGRIND:-}" ]; then
	ok "# SKIP under valgrind, which makes write calls of its own in the process"
else
	cp "$T/base.db" "$DB"
	rm -f "$DB-wal" "$DB-shm"
	start
	awk -v n=$CARDS 'BEGIN { for (i = 0; i < n; i++) printf("\n3\n") }' >&7
	out=
	while prompt; do
		out+=$got
		[[ $got =~ "Enter to review it now" ]] && break
	done
	writes=$(awk '/^syscw:/ { print $2 }' /proc/$pid/io 2>/dev/null)
	rows=$(sqlite3 "$DB" 'SELECT count(*) FROM reviews' 2>&1)
	headers=$(grep -c '^\[[0-9]*/[0-9]*\] ' <<<"$out")
	printf 'q\n' >&7
	stop
	if [ "$rows" = $CARDS ] && [ "$headers" = $CARDS ] && [[ "$writes" =~ ^[0-9]+$ ]] &&
	   [ "$writes" -lt $((CARDS * 2)) ]; then
		ok "$CARDS answers typed ahead: $writes write calls"
	else
		not_ok "$CARDS answers typed ahead: $writes write calls, $rows reviews, $headers cards shown" \
			"$(tail -5 <<<"$out")"
	fi
fi

echo "1..$n"
[ $failed = 0 ]
