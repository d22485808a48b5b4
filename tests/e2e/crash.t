#!/usr/bin/env bash
# Crash safety: dkquiz is killed with SIGKILL at random (seeded) moments,
# CRASH_RUNS times in each scenario (default 10; `make check-crash` runs
# 200), and the database must survive every kill:
#  (a) a --plain review fed card by card: every kill lands inside the
#      session; integrity_check is ok, and every grade whose next card
#      header was printed is in the review log;
#  (b) a large import (CRASH_IMPORT_FILES files, default 120): integrity_check
#      is ok, and each file is either fully imported or not at all. An import
#      commits about a second's work at a time, so it takes a longer one
#      (`make check-crash` imports 6000 files) for kills to land between
#      two commits as well as inside one;
#  (c) a re-import of changed files over a database with reviews
#      (CRASH_REIMPORT_FILES files, default 60; 1500 in `make check-crash`):
#      integrity and the search index ok, no review lost, each file's cards
#      all of the old version or all of the new.
# In (a) every kill must land inside the session. In (b) and (c) only the
# kills that end a running import (in (b), one that had made its database)
# count, and the runs go on until CRASH_RUNS have (3 x CRASH_RUNS at most).
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
# kill_import DB DIR SPAN: import DIR into DB, killed with SIGKILL after a
# random delay below SPAN ms (left in $delay); true when the kill ended a
# running import
kill_import() {
	local pid
	delay=$((RANDOM % $3))
	"$BIN" --db "$1" --now $NOW import -q "$2" >/dev/null 2>&1 &
	pid=$!
	msleep $delay
	kill -KILL $pid 2>/dev/null
	wait $pid 2>/dev/null
	[ $? = 137 ]
}
# report NAME WHAT: the two results of an import scenario, from $bad,
# $kills, $r (the runs) and $detail
report() {
	[ $bad = 0 ] && ok "$1: $kills SIGKILLs, $2" \
		|| not_ok "$1: $kills SIGKILLs, $2 ($bad runs failed)" "$detail"
	[ $kills -ge "$RUNS" ] && ok "$1: $kills kills landed while importing, in $r runs" \
		|| not_ok "$1: only $kills of $r kills landed while importing (want $RUNS)"
}

# --- (a) a review killed at random moments ---------------------------------
# The script is fed one card at a time: for each card header dkquiz prints,
# the reveal and a grade go in. After a random number of grades (0 to 300 of
# the 600 cards) it is killed, at once or a few milliseconds later: while it
# saves the last grade, prints the next card, or waits for input. It cannot
# run ahead of its input, so every kill lands inside the session.
gen_deck "$T/review" 4 150
BASE=$T/base.db
"$BIN" --db "$BASE" --now $NOW import -q "$T/review" >/dev/null 2>&1 &&
	"$BIN" --db "$BASE" config new-per-day 9999 >/dev/null 2>&1 &&
	sqlite3 "$BASE" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
if [ "$(sqlite3 "$BASE" 'SELECT count(*) FROM cards' 2>/dev/null)" != 600 ]; then
	not_ok "review: the base database has 600 cards" "$(sqlite3 "$BASE" 'SELECT count(*) FROM cards' 2>&1)"
else
	ok "review: the base database has 600 cards"
	bad=0 kills=0 seen=0 detail=
	for ((r = 0; r < RUNS; r++)); do
		db=$T/r.db out=$T/r.out
		rm -f "$db" "$db-wal" "$db-shm" "$T/in" "$T/outf" "$out"
		cp "$BASE" "$db"
		mkfifo "$T/in" "$T/outf"
		want=$((RANDOM % 301))        # grades sent before the kill
		pause=$((RANDOM % 4))         # 0: at once, else 1, 2 or 3 ms later
		exec 7<>"$T/in"
		"$BIN" --db "$db" --now $NOW review --plain <"$T/in" >"$T/outf" 2>&1 &
		pid=$!
		exec 8<"$T/outf"
		sent=0 stuck=
		while :; do
			if ! IFS= read -r -t 20 -u 8 line; then
				stuck=1
				break
			fi
			printf '%s\n' "$line" >>"$out"
			[[ $line =~ ^\[[0-9]+/[0-9]+\]\  ]] || continue
			[ $sent = "$want" ] && break
			g=$((RANDOM % 10))
			printf '\n%d\n' $((g == 0 ? 1 : g == 1 ? 2 : g == 9 ? 4 : 3)) >&7
			sent=$((sent + 1))
			[ $sent = "$want" ] && break
		done
		[ "$pause" != 0 ] && msleep "$pause"
		kill -KILL $pid 2>/dev/null
		wait $pid 2>/dev/null
		status=$?
		cat <&8 >>"$out"
		exec 7>&- 8<&-
		# killed, and not after the session ended
		if [ $status = 137 ] && [ -z "$stuck" ] && ! grep -q '^Session over' "$out"; then
			kills=$((kills + 1))
		else
			detail+="run $r: not killed mid-session (exit $status${stuck:+, no card header came})"$'\n'
		fi
		headers=$(grep -cE '^\[[0-9]+/[0-9]+\] ' "$out")
		rows=$(sqlite3 "$db" 'SELECT count(*) FROM reviews' 2>&1)
		chk=$(integrity "$db")
		seen=$((seen + headers))
		# header k+1 is printed only after grade k was committed, and a
		# grade not sent cannot be logged
		need=$((headers > 0 ? headers - 1 : 0))
		if [ "$chk" != ok ] || ! [[ "$rows" =~ ^[0-9]+$ ]] || [ "$rows" -lt $need ] ||
		   [ "$rows" -gt "$headers" ] || [ "$rows" -gt $sent ] || [ "$rows" -lt $((sent - 1)) ]; then
			bad=$((bad + 1))
			detail+="run $r ($sent grades sent, then ${pause}ms): integrity '$chk', $headers headers, $rows reviews"$'\n'
		fi
		if ! "$BIN" --db "$db" --now $NOW decks >/dev/null 2>&1; then
			bad=$((bad + 1))
			detail+="run $r: the database does not open after the kill"$'\n'
		fi
	done
	echo "# review: $RUNS runs, $kills killed mid-session, $seen card headers seen"
	[ $bad = 0 ] && ok "review: $RUNS SIGKILLs, integrity ok, every acknowledged grade logged" \
		|| not_ok "review: $bad of $RUNS runs lost data" "$detail"
	[ $kills = "$RUNS" ] && ok "review: all $kills kills landed mid-session" \
		|| not_ok "review: $kills of $RUNS kills landed mid-session" "$detail"
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
	bad=0 partial=0 kills=0 detail=
	# a kill counts when it ended a running import that had made its
	# database; the runs go on until RUNS have (at most 3 x RUNS runs)
	for ((r = 0; kills < RUNS && r < 3 * RUNS; r++)); do
		db=$T/i.db
		rm -f "$db" "$db-wal" "$db-shm" "$db-journal"
		kill_import "$db" "$T/big" $span
		status=$?
		[ -e "$db" ] || continue # killed before the database was made
		[ $status = 0 ] || continue # the import was over
		kills=$((kills + 1))
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
	echo "# import: $r runs, $kills killed while importing, $partial of them between files"
	report import "integrity ok, every file all or nothing"
fi

# --- (c) a re-import over a database with history, killed -------------------
# Version 1 of CRASH_REIMPORT_FILES files (default 60) is imported and
# partly reviewed; version 2 rewrites a third of each file's answers, drops
# a fifth of its cards and adds five. Each kill of the import of version 2
# must leave: integrity ok, the full-text index consistent, every review
# row there, and each file's cards all of version 1 or all of version 2
# (live cards, answers of version 2, retired cards).
NRE=${CRASH_REIMPORT_FILES:-60}
# gen_version DIR VERSION: the files, version 1 or 2
gen_version() {
	mkdir -p "$1"
	awk -v dir="$1" -v files="$NRE" -v ver="$2" 'BEGIN {
		for (f = 0; f < files; f++) {
			out = sprintf("%s/re-%04d.md", dir, f)
			printf("---\ndeck: Re::Part%d\nlang: en\n---\n# Re %d\n\n", f, f) > out
			for (c = 0; c < (ver == 1 ? 30 : 35); c++) {
				if (ver == 2 && c < 30 && c % 5 == 4)
					continue
				v = ver == 2 && (c % 3 == 0 || c >= 30) ? 2 : 1
				if (c < 30)
					printf("### What is fact %d of file %d?\n\n", c, f) > out
				else
					printf("### Which extra item, number %d, belongs to %d?\n\n", c, f) > out
				printf("The answer %d.%d, version %d.\n\n", f, c, v) > out
			}
			close(out)
		}
	}'
}
gen_version "$T/re" 1
REBASE=$T/rebase.db
"$BIN" --db "$REBASE" --now $NOW import -q "$T/re" >/dev/null 2>&1 &&
	"$BIN" --db "$REBASE" config new-per-day 9999 >/dev/null 2>&1
awk 'BEGIN { for (i = 0; i < 400; i++) printf("\n%d\n", i % 7 == 0 ? 1 : 3) }' >"$T/re-script"
"$BIN" --db "$REBASE" --now $NOW review --plain <"$T/re-script" >/dev/null 2>&1
sqlite3 "$REBASE" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null 2>&1
reviews=$(sqlite3 "$REBASE" 'SELECT count(*) FROM reviews' 2>&1)
# what each version looks like, file by file: live cards, answers of
# version 2 (8 of the 24 cards kept, and 5 new), retired cards
V1="30 0 0"
V2="29 13 6"
if ! [[ "$reviews" =~ ^[0-9]+$ ]] || [ "$reviews" -lt 300 ]; then
	not_ok "re-import: a base of $NRE files with reviews" "$reviews"
else
	ok "re-import: a base of $NRE files with $reviews reviews"
	rm -rf "$T/re"
	gen_version "$T/re" 2
	# per file: "live v2 retired"
	state() {
		sqlite3 -separator ' ' "$1" "SELECT f.path, coalesce(sum(c.retired_at IS NULL), 0),
			coalesce(sum(c.retired_at IS NULL AND c.back LIKE '%version 2.%'), 0),
			coalesce(sum(c.retired_at IS NOT NULL), 0)
			FROM files f LEFT JOIN cards c ON c.file = f.id GROUP BY f.id" 2>&1
	}
	cp "$REBASE" "$T/re-time.db"
	t0=$(ms_now)
	"$BIN" --db "$T/re-time.db" --now $NOW import -q "$T/re" >/dev/null 2>&1
	span=$(($(ms_now) - t0))
	[ $span -lt 20 ] && span=20
	echo "# the re-import takes ${span}ms"
	full=$(state "$T/re-time.db" | awk -v v2="$V2" '{ $1 = ""; if (substr($0, 2) == v2) n++ } END { print n + 0 }')
	[ "$full" = "$NRE" ] && ok "re-import: the whole import gives version 2 of each file" \
		|| not_ok "re-import: the whole import gives version 2 of each file" "$(state "$T/re-time.db" | head -3)"
	bad=0 kills=0 mixed=0 detail=
	for ((r = 0; kills < RUNS && r < 3 * RUNS; r++)); do
		db=$T/re.db
		rm -f "$db" "$db-wal" "$db-shm" "$db-journal"
		cp "$REBASE" "$db"
		kill_import "$db" "$T/re" $span || continue # the import was over
		kills=$((kills + 1))
		chk=$(integrity "$db")
		fts=$(sqlite3 "$db" "INSERT INTO cards_fts(cards_fts) VALUES('integrity-check');" 2>&1)
		got=$(sqlite3 "$db" 'SELECT count(*) FROM reviews' 2>&1)
		res=$(state "$db" | awk -v v1="$V1" -v v2="$V2" '{ p = $1; $1 = ""; s = substr($0, 2)
			if (s == v1) n1++; else if (s == v2) n2++; else print p ": " s }
			END { print "v1 " n1 + 0 " v2 " n2 + 0 }')
		counts=$(tail -1 <<<"$res")
		[[ "$counts" =~ ^v1\ [1-9].*v2\ [1-9] ]] && mixed=$((mixed + 1))
		if [ "$chk" != ok ] || [ -n "$fts" ] || [ "$got" != "$reviews" ] ||
		   [ "$(wc -l <<<"$res")" != 1 ] || [ "$counts" = "v1 0 v2 0" ]; then
			bad=$((bad + 1))
			detail+="run $r (delay ${delay}ms): integrity '$chk', fts '$fts', $got of $reviews reviews; $(head -3 <<<"$res" | tr '\n' ';')"$'\n'
		fi
	done
	echo "# re-import: $r runs, $kills killed while importing, $mixed with files of both versions"
	report re-import "integrity and search index ok, no review lost, each file one version"
fi

echo "1..$n"
[ $failed = 0 ]
