#!/usr/bin/env bash
# Crash safety: dkquiz is killed with SIGKILL at random (seeded) moments,
# CRASH_RUNS times for each scenario (default 10; `make check-crash` runs
# 200), and the database must survive every kill:
#  (a) a --plain review fed by a script: integrity_check is ok, and every
#      grade whose next card header was printed is in the review log;
#  (b) a large import (CRASH_IMPORT_FILES files, default 120): integrity_check
#      is ok, and each file is either fully imported or not at all. An import
#      commits about a second's work at a time, so it takes a longer one
#      (`make check-crash` imports 6000 files) for kills to land between
#      two commits as well as inside one.
set -u
cd "${DKQUIZ_SRC:-.}"
BIN=${DKQUIZ_BIN:-$PWD/build/dkquiz}
RUNS=${CRASH_RUNS:-10}
SEED=${CRASH_SEED:-4242}
NFILES=${CRASH_IMPORT_FILES:-120}
if [ ! -x "$BIN" ]; then
	echo "1..0 # SKIP no binary at $BIN"
	exit 0
fi
if ! command -v sqlite3 >/dev/null; then
	echo "1..0 # SKIP the sqlite3 command is missing"
	exit 0
fi
T=$(mktemp -d /tmp/dkquiz-crash.XXXXXX)
writer=
cleanup() {
	[ -n "$writer" ] && kill "$writer" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
export LC_ALL=C.UTF-8 LANGUAGE= HOME=$T/home XDG_DATA_HOME= DKQUIZ_DB= DKQUIZ_NOW= NO_COLOR=
unset DKQUIZ_CONTENT
NOW=2026-01-10T09:00:00Z
RANDOM=$SEED
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/# /'; }
ms_now() { echo $(($(date +%s%N) / 1000000)); }
# A sleep in milliseconds.
msleep() { sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"; }

# gen_deck DIR FILES CARDS: FILES markdown files of CARDS question cards each,
# question headings and multiple-choice task lists mixed.
gen_deck() {
	mkdir -p "$1"
	awk -v dir="$1" -v files="$2" -v cards="$3" 'BEGIN {
		for (f = 0; f < files; f++) {
			out = sprintf("%s/part-%04d.md", dir, f)
			printf("---\ndeck: Crash::Part%d\nlang: en\n---\n# Part %d\n\n", f, f) > out
			for (c = 0; c < cards; c++) {
				if (c % 3 == 2) {
					printf("### Which option is number %d of part %d?\n\n", c, f) > out
					printf("- [ ] option one %d\n- [x] option two %d\n- [ ] option three %d\n\n", c, c, c) > out
				} else {
					printf("### What is fact %d of part %d?\n\nIt is the answer %d.%d, with some text to store.\n\n", c, f, f, c) > out
				}
			}
			close(out)
		}
	}'
}

integrity() { sqlite3 "$1" 'PRAGMA integrity_check; PRAGMA foreign_key_check;' 2>&1; }

# --- (a) a review killed at random moments ---------------------------------
gen_deck "$T/review" 4 150
BASE=$T/base.db
"$BIN" --db "$BASE" --now $NOW import -q "$T/review" >/dev/null 2>&1 &&
	"$BIN" --db "$BASE" config new-per-day 9999 >/dev/null 2>&1 &&
	sqlite3 "$BASE" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
if [ "$(sqlite3 "$BASE" 'SELECT count(*) FROM cards' 2>/dev/null)" != 600 ]; then
	not_ok "review: the base database has 600 cards" "$(sqlite3 "$BASE" 'SELECT count(*) FROM cards' 2>&1)"
else
	ok "review: the base database has 600 cards"
	# the script: reveal, then a grade (mostly Good, some of each)
	awk -v seed="$SEED" 'BEGIN { srand(seed); for (i = 0; i < 700; i++) {
		r = rand(); g = r < 0.1 ? 1 : r < 0.2 ? 2 : r < 0.9 ? 3 : 4
		printf("\n%d\n", g) } }' >"$T/script"
	# how long a whole session takes, so that kills land inside it
	t0=$(ms_now)
	cp "$BASE" "$T/time.db"
	"$BIN" --db "$T/time.db" --now $NOW review --plain <"$T/script" >/dev/null 2>&1
	span=$(($(ms_now) - t0))
	[ $span -lt 50 ] && span=50
	echo "# a full scripted session takes ${span}ms"
	bad=0 kills=0 seen=0 detail=
	for ((r = 0; r < RUNS; r++)); do
		db=$T/r.db out=$T/r.out
		rm -f "$db" "$db-wal" "$db-shm" "$T/fifo"
		cp "$BASE" "$db"
		mkfifo "$T/fifo"
		slow=$((RANDOM % 2))
		if [ $slow = 1 ]; then
			# a slow writer: the kill often lands while dkquiz waits for input
			(while IFS= read -r l; do printf '%s\n' "$l"; sleep 0.002; done <"$T/script") >"$T/fifo" 2>/dev/null &
			delay=$((RANDOM % (span * 3 + 200)))
		else
			cat "$T/script" >"$T/fifo" 2>/dev/null &
			delay=$((RANDOM % span))
		fi
		writer=$!
		"$BIN" --db "$db" --now $NOW review --plain <"$T/fifo" >"$out" 2>&1 &
		pid=$!
		msleep $delay
		kill -KILL $pid 2>/dev/null && kills=$((kills + 1))
		wait $pid 2>/dev/null
		kill $writer 2>/dev/null
		wait $writer 2>/dev/null
		writer=
		headers=$(grep -cE '^\[[0-9]+/[0-9]+\] ' "$out")
		rows=$(sqlite3 "$db" 'SELECT count(*) FROM reviews' 2>&1)
		chk=$(integrity "$db")
		seen=$((seen + headers))
		# header k+1 is printed only after grade k was committed
		need=$((headers > 0 ? headers - 1 : 0))
		if [ "$chk" != ok ] || ! [[ "$rows" =~ ^[0-9]+$ ]] || [ "$rows" -lt $need ] ||
		   [ "$rows" -gt "$headers" ]; then
			bad=$((bad + 1))
			detail+="run $r (delay ${delay}ms, slow=$slow): integrity '$chk', $headers headers, $rows reviews"$'\n'
		fi
		if ! "$BIN" --db "$db" --now $NOW decks >/dev/null 2>&1; then
			bad=$((bad + 1))
			detail+="run $r: the database does not open after the kill"$'\n'
		fi
	done
	echo "# review: $RUNS runs, $kills killed mid-session, $seen card headers seen"
	[ $bad = 0 ] && ok "review: $RUNS SIGKILLs, integrity ok, every acknowledged grade logged" \
		|| not_ok "review: $bad of $RUNS runs lost data" "$detail"
fi

# --- (b) an import killed at random moments ---------------------------------
gen_deck "$T/big" $NFILES 30
# the cards each file gives, from check --json (by file name)
"$BIN" check --json "$T/big" 2>/dev/null |
	sed -n 's|.*"file":"[^"]*/\(part-[0-9]*\.md\)".*|\1|p' | sort | uniq -c |
	awk '{ print $2, $1 }' >"$T/expect"
if [ "$(wc -l <"$T/expect")" != "$NFILES" ]; then
	not_ok "import: check --json counts the cards of $NFILES files" "$(head -5 "$T/expect")"
else
	ok "import: check --json counts the cards of $NFILES files ($(awk '{ s += $2 } END { print s }' "$T/expect") cards)"
	t0=$(ms_now)
	"$BIN" --db "$T/time2.db" --now $NOW import -q "$T/big" >/dev/null 2>&1
	span=$(($(ms_now) - t0))
	[ $span -lt 50 ] && span=50
	echo "# a full import takes ${span}ms"
	bad=0 partial=0 detail=
	for ((r = 0; r < RUNS; r++)); do
		db=$T/i.db
		rm -f "$db" "$db-wal" "$db-shm"
		delay=$((RANDOM % span))
		"$BIN" --db "$db" --now $NOW import -q "$T/big" >/dev/null 2>&1 &
		pid=$!
		msleep $delay
		kill -KILL $pid 2>/dev/null
		wait $pid 2>/dev/null
		[ -e "$db" ] || continue # killed before the database was made
		chk=$(integrity "$db")
		if [ "$chk" = ok ] && [ "$(sqlite3 "$db" "SELECT count(*) FROM sqlite_schema
			WHERE name = 'files'")" = 0 ]; then
			# killed before the schema's transaction committed: an empty
			# database, which the next run must take as new
			if [ "$(sqlite3 "$db" 'SELECT count(*) FROM sqlite_schema')" != 0 ] ||
			   ! "$BIN" --db "$db" --now $NOW decks >/dev/null 2>&1; then
				bad=$((bad + 1))
				detail+="run $r (delay ${delay}ms): a half-made schema"$'\n'
			fi
			continue
		fi
		got=$(sqlite3 -separator ' ' "$db" "SELECT f.path, count(c.id) FROM files f
			LEFT JOIN cards c ON c.file = f.id AND c.retired_at IS NULL GROUP BY f.id;
			SELECT 'orphans', count(*) FROM cards WHERE file IS NULL;
			SELECT 'stateless', count(*) FROM cards c WHERE NOT EXISTS
				(SELECT 1 FROM card_state s WHERE s.card = c.id);" 2>&1)
		# every file row must hold exactly the cards check found
		res=$(awk 'NR == FNR { want[$1] = $2; next }
			$1 == "orphans" || $1 == "stateless" { if ($2 != 0) print $1 " " $2; next }
			{ f = $1; sub(/.*\//, "", f); files++
			  if (!(f in want)) print "unknown " $0
			  else if (want[f] != $2) print f " has " $2 " of " want[f] " cards" }
			END { print "files " files + 0 }' "$T/expect" - <<<"$got")
		nfiles=$(sed -n 's/^files //p' <<<"$res")
		[ "$nfiles" -gt 0 ] && [ "$nfiles" -lt "$NFILES" ] && partial=$((partial + 1))
		if [ "$chk" != ok ] || [ "$(grep -vc '^files ' <<<"$res")" != 0 ]; then
			bad=$((bad + 1))
			detail+="run $r (delay ${delay}ms): integrity '$chk'; $(grep -v '^files ' <<<"$res" | head -3 | tr '\n' ';')"$'\n'
		fi
	done
	echo "# import: $RUNS runs, $partial stopped between files"
	[ $bad = 0 ] && ok "import: $RUNS SIGKILLs, integrity ok, every file all or nothing" \
		|| not_ok "import: $bad of $RUNS runs left a damaged or half-imported file" "$detail"
fi

echo "1..$n"
[ $failed = 0 ]
