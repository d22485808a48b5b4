#!/usr/bin/env bash
# bench.sh - time dkquiz on a generated 100,000-card corpus, each figure as a
# ratio to a floor measured in the same run on the same machine (medians of
# BENCH_RUNS runs, default 3). A miss is reported, not fatal.
#
# Environment: DKQUIZ_BIN, BENCH_GEN (the corpus generator), BENCH_DIR (work
# space, default /tmp/dkquiz-bench), BENCH_CARDS (100000), BENCH_RUNS (3),
# BENCH_ANSWERS (1000).
set -u
BIN=${DKQUIZ_BIN:-$PWD/build/dkquiz}
GEN=${BENCH_GEN:-$PWD/build/bench-gen}
DIR=${BENCH_DIR:-/tmp/dkquiz-bench}
CARDS=${BENCH_CARDS:-100000}
RUNS=${BENCH_RUNS:-3}
ANSWERS=${BENCH_ANSWERS:-1000}
NOW=2026-01-10T09:00:00Z
NOW_MS=1768035600000
for tool in sqlite3 cmark-gfm; do
	command -v $tool >/dev/null || { echo "bench: the $tool command is needed (make deps)"; exit 1; }
done
[ -x "$BIN" ] && [ -x "$GEN" ] || { echo "bench: build first (make bench)"; exit 1; }
export LC_ALL=C.UTF-8 HOME=$DIR/home XDG_DATA_HOME= DKQUIZ_DB= DKQUIZ_NOW= NO_COLOR=1
unset DKQUIZ_CONTENT

rm -rf "$DIR"
mkdir -p "$DIR/corpus" "$DIR/home"
echo "bench: generating $CARDS cards in $DIR/corpus"
"$GEN" "$DIR/corpus" "$CARDS" 20260110 || exit 1
# Notes are written before they are imported: dated an hour back, the files
# get the size-and-mtime stamp that lets a re-import skip them unread (a
# file modified in the two seconds before an import is read again next
# time, which the line after the table measures).
touch -d '1 hour ago' "$DIR"/corpus/*.md
DB=$DIR/bench.db

ns() { date +%s%N; }
# secs NS: nanoseconds as seconds with 3 decimals
secs() { awk -v n="$1" 'BEGIN { printf("%.3f", n / 1e9) }'; }
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# timed VAR CMD...: appends the command's wall time (ns) to the array VAR
timed() {
	local -n acc=$1; shift
	local t0 t1
	t0=$(ns); "$@"; t1=$(ns)
	acc+=($((t1 - t0)))
}
fresh_db() { rm -f "$DB" "$DB-wal" "$DB-shm" "$DB-journal"; }

# --- full import vs cmark-gfm over the same files ---------------------------
floor_import=() full_import=() reimport=()
for ((r = 0; r < RUNS; r++)); do
	timed floor_import sh -c 'cmark-gfm -e table -t xml "$@" >/dev/null' sh "$DIR"/corpus/*.md
	fresh_db
	timed full_import "$BIN" --db "$DB" --now $NOW import -q "$DIR/corpus"
	echo "bench: import run $((r + 1)): $(secs "${full_import[r]}")s (cmark-gfm $(secs "${floor_import[r]}")s)"
done
n=$(sqlite3 "$DB" 'SELECT count(*) FROM cards')
[ "$n" = "$CARDS" ] || echo "bench: warning: the database holds $n cards, not $CARDS"
for ((r = 0; r < RUNS; r++)); do
	timed reimport "$BIN" --db "$DB" --now $NOW import -q "$DIR/corpus"
done
# the same with every file just touched: read and hashed, not parsed
reread=()
for ((r = 0; r < RUNS; r++)); do
	touch "$DIR"/corpus/*.md
	timed reread "$BIN" --db "$DB" --now $NOW import -q "$DIR/corpus"
done
touch -d '1 hour ago' "$DIR"/corpus/*.md

# --- the review -----------------------------------------------------------
# The session answers ANSWERS new cards at a fixed --now, so no learning
# card comes back: new-per-day only has to let that many in. (A review
# reads the text of a card when it shows it, so a bigger limit costs the
# scheduling state of the cards it lets in, not their text.)
"$BIN" --db "$DB" config new-per-day "$ANSWERS" >/dev/null
sqlite3 "$DB" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
cp "$DB" "$DIR/base.db"
# first card: a session that gets no input prints the first card and ends
first=() floor_first=()
for ((r = 0; r < RUNS; r++)); do
	timed first sh -c '"$1" --db "$2" --now "$3" review --plain </dev/null >/dev/null 2>&1' sh "$BIN" "$DB" $NOW
	# the floor: any one due card, the cheapest way (no order to keep)
	timed floor_first sqlite3 "$DB" "SELECT c.front FROM card_state s JOIN cards c ON c.id = s.card
		WHERE s.due_ms <= $NOW_MS AND s.suspended = 0 AND c.retired_at IS NULL LIMIT 1;" >/dev/null
done

# ANSWERS graded cards, each committed before the next card shows
awk -v n="$ANSWERS" 'BEGIN { for (i = 0; i < n; i++) printf("\n3\n"); print "q" }' >"$DIR/script"
answers=() floor_answers=() rss=()
have_time=$([ -x /usr/bin/time ] && echo 1)
for ((r = 0; r < RUNS; r++)); do
	cp "$DIR/base.db" "$DB"; rm -f "$DB-wal" "$DB-shm"
	if [ -n "$have_time" ]; then
		timed answers /usr/bin/time -o "$DIR/rss" -f %M "$BIN" --db "$DB" --now $NOW review --plain \
			<"$DIR/script" >"$DIR/review.out" 2>&1
		rss+=($(tail -1 "$DIR/rss"))
	else
		timed answers "$BIN" --db "$DB" --now $NOW review --plain <"$DIR/script" >"$DIR/review.out" 2>&1
	fi
	got=$(sqlite3 "$DB" 'SELECT count(*) FROM reviews')
	[ "$got" = "$ANSWERS" ] || echo "bench: warning: $got reviews logged, not $ANSWERS"
	# the floor: the same number of one-row write transactions, with the
	# pragmas a review runs with (store_open() in src/store/store.c; the
	# WAL checkpointed every 1000 pages, SQLite's default, in both)
	cp "$DIR/base.db" "$DIR/floor.db"; rm -f "$DIR/floor.db-wal" "$DIR/floor.db-shm"
	awk -v n="$ANSWERS" 'BEGIN { print "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
		print "PRAGMA cell_size_check=ON;"
		print "CREATE TABLE IF NOT EXISTS floor_log (id INTEGER PRIMARY KEY, card INTEGER, at_ms INTEGER, rating INTEGER);"
		for (i = 0; i < n; i++) printf("BEGIN; INSERT INTO floor_log (card, at_ms, rating) VALUES (%d, %d, 3); COMMIT;\n", i + 1, i) }' >"$DIR/floor.sql"
	timed floor_answers sh -c 'sqlite3 "$1" <"$2" >/dev/null' sh "$DIR/floor.db" "$DIR/floor.sql"
done
if [ -z "$have_time" ]; then
	# no time(1): read the high-water mark of a running session from /proc
	cp "$DIR/base.db" "$DB"; rm -f "$DB-wal" "$DB-shm"
	mkfifo "$DIR/fifo"
	"$BIN" --db "$DB" --now $NOW review --plain <"$DIR/fifo" >/dev/null 2>&1 &
	pid=$!
	exec 8>"$DIR/fifo"
	head -c $((ANSWERS * 2)) "$DIR/script" >&8
	sleep 2
	rss+=($(awk '/^VmHWM/ { print $2 }' /proc/$pid/status))
	exec 8>&-
	wait $pid
fi

# --- the first search (no target: shown for what it costs) ---------------------
# The import leaves its new cards out of the search index; the first search
# puts the 100,000 of them in, once.
search=()
for ((r = 0; r < RUNS; r++)); do
	cp "$DIR/base.db" "$DIR/search.db"; rm -f "$DIR/search.db-wal" "$DIR/search.db-shm"
	timed search sh -c '"$1" --db "$2" --now "$3" search liveness probe >/dev/null 2>&1' sh "$BIN" \
		"$DIR/search.db" $NOW
done
later_search=()
timed later_search sh -c '"$1" --db "$2" --now "$3" search liveness probe >/dev/null 2>&1' sh "$BIN" \
	"$DIR/search.db" $NOW

# --- the exam plan (no target: shown for what it costs) -----------------------
# 100,000 cards, an exam 30 days out at 30 minutes a day: `dkquiz exam`
# builds the plan, as a review does when it starts with an exam set.
cp "$DIR/base.db" "$DB"; rm -f "$DB-wal" "$DB-shm"
"$BIN" --db "$DB" --now $NOW exam --date 2026-02-09 --minutes-per-day 30 >/dev/null
plan=()
for ((r = 0; r < RUNS; r++)); do
	timed plan sh -c '"$1" --db "$2" --now "$3" exam >/dev/null' sh "$BIN" "$DB" $NOW
done
m_plan=$(median "${plan[@]}")

# --- the table ----------------------------------------------------------------
fail=0
row() { # row NAME SECONDS_NS FLOOR_NS FLOOR_NAME TARGET
	local ratio verdict
	ratio=$(awk -v a="$2" -v b="$3" 'BEGIN { printf("%.3f", b > 0 ? a / b : 0) }')
	verdict=$(awk -v r="$ratio" -v t="$5" 'BEGIN { print (r <= t ? "PASS" : "MISS") }')
	[ $verdict = MISS ] && fail=$((fail + 1))
	printf '| %-34s | %9s | %9s %-26s | %7sx | <= %-5s | %s |\n' "$1" "$(secs "$2")" "$(secs "$3")" "($4)" \
		"$ratio" "$5x" "$verdict"
}
m_floor_import=$(median "${floor_import[@]}")
m_full=$(median "${full_import[@]}")
m_re=$(median "${reimport[@]}")
m_first=$(median "${first[@]}")
m_floor_first=$(median "${floor_first[@]}")
m_ans=$(median "${answers[@]}")
m_floor_ans=$(median "${floor_answers[@]}")
m_rss=$(median "${rss[@]}")
bytes=$(cat "$DIR"/corpus/*.md | wc -c)
echo
echo "dkquiz bench: $CARDS cards, $(ls "$DIR"/corpus | wc -l) files, $bytes bytes; medians of $RUNS runs"
printf '| %-34s | %9s | %36s | %8s | %8s | %s |\n' "figure" "seconds" "floor seconds" "ratio" "target" "verdict"
row "full import" "$m_full" "$m_floor_import" "cmark-gfm -t xml" 1.2
row "re-import, nothing changed" "$m_re" "$m_full" "the full import" 0.05
row "first card, review --plain" "$m_first" "$m_floor_first" "sqlite3 one due card" 3
row "$ANSWERS answers, each durable" "$m_ans" "$m_floor_ans" "sqlite3 $ANSWERS txns" 2
rss_verdict=$([ "${m_rss:-0}" -le 12288 ] && echo PASS || echo MISS)
[ $rss_verdict = MISS ] && fail=$((fail + 1))
printf '| %-34s | %6s MB | %36s | %9s | <= %-5s | %s |\n' "peak RSS, reviewing $ANSWERS cards" \
	"$(awk -v k="${m_rss:-0}" 'BEGIN { printf("%.1f", k / 1024) }')" "-" "-" "12 MB" "$rss_verdict"
echo "bench: $fail of 5 figures missed their target"
echo "bench: re-import of the corpus just touched (read and hashed): $(secs "$(median "${reread[@]}")")s"
echo "bench: the exam plan of $CARDS cards, 30 days out: $(secs "$m_plan")s"
echo "bench: the first search after the import, which indexes its $CARDS cards: $(secs "$(median "${search[@]}")")s; the next: $(secs "${later_search[0]}")s"
exit 0
