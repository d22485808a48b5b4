#!/usr/bin/env bash
# Bad input of every kind: odd files, odd paths, odd databases, odd
# terminals. Each case wants a clear "dkquiz: ..." message or sensible
# handling, the right exit code, no crash (a status below 128), and, where a
# database is involved, the database unchanged (.dump before and after).
set -u
SELF=$(realpath "$0")
cd "${DKQUIZ_SRC:-.}"
BIN=${DKQUIZ_BIN:-$PWD/build/dkquiz}
if [ ! -x "$BIN" ]; then
	echo "1..0 # SKIP no binary at $BIN"
	exit 0
fi
# `badinput.t --full-disk DIR`: only the full-disk cases, on DIR's files,
# run by this script in a user and mount namespace of its own when it is
# not root (see the end of the database cases).
FULL_DISK_ONLY=
if [ "${1:-}" = --full-disk ]; then
	FULL_DISK_ONLY=1
	T=$2
else
	T=$(mktemp -d /tmp/dkquiz-bad.XXXXXX)
	# files that the cases run as another user (as_user) need
	U=$(mktemp -d /tmp/dkquiz-bad-user.XXXXXX) && chmod 755 "$U"
fi
MNT=
LOCKFD=
TM=
cleanup() {
	[ -n "$LOCKFD" ] && exec 7>&-
	[ -n "$TM" ] && $TM kill-server >/dev/null 2>&1
	[ -n "$MNT" ] && umount "$MNT" 2>/dev/null
	[ -n "$FULL_DISK_ONLY" ] || rm -rf "$T" "$U"
}
trap cleanup EXIT
export LC_ALL=C.UTF-8 LANGUAGE= HOME=$T/home XDG_DATA_HOME= DKQUIZ_DB= DKQUIZ_NOW= NO_COLOR=
unset DKQUIZ_CONTENT
NOW=2026-01-10T09:00:00Z
HAVE_SQLITE=$(command -v sqlite3 >/dev/null && echo 1)
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | head -20 | sed 's/^/# /'; }
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }
# run CMD...: sets $out (stdout and stderr) and $rc
run() { out=$("$@" 2>&1); rc=$?; }
# expect DESCRIPTION RC [REGEX]: the last run exited RC and printed REGEX
expect() {
	if [ "$rc" = "$2" ] && { [ -z "${3:-}" ] || grep -qE -- "$3" <<<"$out"; }; then
		ok "$1"
	else
		not_ok "$1" "exit $rc (want $2${3:+, /$3/})"$'\n'"$out"
	fi
}
dump() { if [ -n "$HAVE_SQLITE" ]; then sqlite3 "$1" .dump 2>&1 | md5sum; else md5sum <"$1"; fi; }
# as_user CMD...: run CMD as a user without privileges: root (who reads and
# writes everything) runs it as nobody, anyone else as themselves. The
# files it needs must be reachable by all ($U is).
if [ "$(id -u)" = 0 ]; then
	as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$U" "$@"; }
else
	as_user() { "$@"; }
fi

# full_disk_cases: a 512 KiB tmpfs mounted at $MNT, filled up to the last
# few blocks, under an import and under a review.
full_disk_cases() {
	run "$BIN" --db "$MNT/full.db" --now $NOW import "$T/deck/base.md"
	before=$(dump "$MNT/full.db")
	avail=$(df -k --output=avail "$MNT" | tail -1)
	dd if=/dev/zero of="$MNT/fill" bs=1k count=$((avail - 80)) 2>/dev/null
	awk 'BEGIN { for (i = 0; i < 3000; i++)
		printf("### Question %d?\n\nAnswer %d, with some words to fill a page.\n\n", i, i) }' >"$T/many.md"
	run "$BIN" --db "$MNT/full.db" --now $NOW import "$T/many.md"
	expect "full disk: import fails cleanly, exit 1" 1 "^dkquiz: .*disk is full"
	[ "$(dump "$MNT/full.db")" = "$before" ] && ok "full disk: database as it was" \
		|| not_ok "full disk: database as it was"
	# a small file, then the big one, in one import: what the
	# output says of the small one is what the database holds
	printf '# Small\n\n### What does docker rm remove?\n\nStopped containers.\n' >"$T/small.md"
	run "$BIN" --db "$MNT/full.db" --now $NOW import "$T/small.md" "$T/many.md"
	expect "full disk: two files, exit 1" 1 "^dkquiz: .*disk is full"
	have=$(sqlite3 "$MNT/full.db" "SELECT count(*) FROM cards WHERE front LIKE '%docker rm%'")
	if grep -q "small.md' was not imported" <<<"$out"; then
		[ "$have" = 0 ] && ok "full disk: the small file, reported lost, is not there" \
			|| not_ok "full disk: the small file, reported lost, is not there" "$out"
	else
		[ "$have" = 1 ] && grep -q "small.md: 1 new" <<<"$out" &&
			ok "full disk: the small file, reported imported, is there" \
			|| not_ok "full disk: the small file, reported imported, is there" "$have"$'\n'"$out"
	fi
	rm -f "$MNT/fill"
	[ "$(sqlite3 "$MNT/full.db" 'PRAGMA integrity_check')" = ok ] && ok "full disk: integrity ok" \
		|| not_ok "full disk: integrity ok"
	run "$BIN" --db "$MNT/full.db" --now $NOW decks
	expect "full disk: the database still opens" 0 'Bad::Base'

	# a review on a disk with room for the WAL index and less than an
	# answer: the first grade cannot be saved, and the review says so
	# and stops, without a word on what is due next
	sqlite3 "$MNT/full.db" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
	reviews=$(sqlite3 "$MNT/full.db" 'SELECT count(*) FROM reviews')
	avail=$(df -k --output=avail "$MNT" | tail -1)
	dd if=/dev/zero of="$MNT/fill" bs=1k count=$((avail - 40)) 2>/dev/null
	run "$BIN" --db "$MNT/full.db" --now $NOW review --plain <"$T/grades"
	if [ $rc = 1 ] && grep -q "^dkquiz: cannot write to database '.*full.db': the disk is full" <<<"$out" &&
		grep -q '^Session over: 0 reviewed' <<<"$out" &&
		! grep -qE 'Nothing else is scheduled|Next card due|^\[2/' <<<"$out"; then
		ok "full disk: a review says the answer was not saved, stops, exit 1"
	else
		not_ok "full disk: a review says the answer was not saved, stops, exit 1" "exit $rc"$'\n'"$out"
	fi
	rm -f "$MNT/fill"
	[ "$(sqlite3 "$MNT/full.db" 'PRAGMA integrity_check')" = ok ] &&
		[ "$(sqlite3 "$MNT/full.db" 'SELECT count(*) FROM reviews')" = "$reviews" ] &&
		ok "full disk: after the review, integrity ok, no review logged" \
		|| not_ok "full disk: after the review, integrity ok, no review logged"
	# with no room for the WAL index, the review cannot even start
	avail=$(df -k --output=avail "$MNT" | tail -1)
	dd if=/dev/zero of="$MNT/fill" bs=1k count=$((avail - 8)) 2>/dev/null
	run "$BIN" --db "$MNT/full.db" --now $NOW review --plain <"$T/grades"
	expect "full disk: no room to start a review, exit 1" 1 "^dkquiz: cannot write to database .*: the disk is full"
	rm -f "$MNT/fill"
}
if [ -n "$FULL_DISK_ONLY" ]; then
	MNT=$T/mnt-ns
	mkdir -p "$MNT" && mount -t tmpfs -o size=512k tmpfs "$MNT" || exit 1
	full_disk_cases
	exit 0
fi

# A database with a few cards, for the cases that need one.
mkdir -p "$T/deck"
cat >"$T/deck/base.md" <<'MD'
---
deck: Bad::Base
lang: en
---
# Base

### What does docker ps list?

The running containers.

### Which command lists images?

- [x] `docker images`
- [ ] `docker ps`
MD
DB=$T/base.db
run "$BIN" --db "$DB" --now $NOW import "$T/deck"
expect "a normal import to start from" 0 '2 new'
BASEDUMP=$(dump "$DB")

# --- files ------------------------------------------------------------------
head -c 4096 "$(command -v ls)" >"$T/binary.md"
run "$BIN" check "$T/binary.md"
expect "binary file: check says not a text file, exit 1" 1 "^dkquiz: '.*binary.md': not a text file"
run "$BIN" --db "$DB" --now $NOW import "$T/binary.md"
expect "binary file: import refuses it, exit 1" 1 "not a text file"
[ "$(dump "$DB")" = "$BASEDUMP" ] && ok "binary file: database unchanged" || not_ok "binary file: database unchanged"
# its name, escape sequence and all, is shown with a placeholder
ESCNAME="$T/bin"$'\033'"[2J.md"
cp "$T/binary.md" "$ESCNAME"
run "$BIN" --db "$DB" --now $NOW import "$ESCNAME"
expect "binary file with an escape in its name: refused, exit 1" 1 "bin␛\\[2J.md': not a text file"
[[ $out != *$'\033'* ]] && ok "binary file with an escape in its name: no escape printed" \
	|| not_ok "binary file with an escape in its name: no escape printed" "$(cat -v <<<"$out")"
rm -f "$ESCNAME"
# files are parsed ahead of the one being stored: the messages still come
# in the order of the files, and the good files around a bad one are kept
mkdir -p "$T/order"
for f in a c e; do printf '# Order\n\n### What is file %s?\n\nA file.\n' $f >"$T/order/$f.md"; done
cp "$T/binary.md" "$T/order/b.md"
printf '### A question?\n\nAn answer\0with a NUL.\n' >"$T/order/d.md"
cp "$DB" "$T/order.db"
run "$BIN" --db "$T/order.db" --now $NOW import "$T/order"
want="$T/order/a.md: 1 new, 0 updated, 0 unchanged, 0 retired, 0 warnings
dkquiz: '$T/order/b.md': not a text file
$T/order/c.md: 1 new, 0 updated, 0 unchanged, 0 retired, 0 warnings
dkquiz: '$T/order/d.md': not a text file
$T/order/e.md: 1 new, 0 updated, 0 unchanged, 0 retired, 0 warnings
total: 3 new, 0 updated, 0 unchanged, 0 retired, 0 warnings"
[ $rc = 1 ] && [ "$out" = "$want" ] && ok "bad files among good ones: messages in order, exit 1" \
	|| not_ok "bad files among good ones: messages in order, exit 1" "exit $rc"$'\n'"$out"
run "$BIN" --db "$T/order.db" decks
expect "bad files among good ones: the good ones imported" 0 "Order +3"
# the same over many small files, which the main thread stores faster than
# one thread parses them: it parses some of them too, out of turn, and
# their lines still come in the order of the files
mkdir -p "$T/many"
want=
for ((i = 100; i < 400; i++)); do
	if ((i % 7 == 0)); then
		cp "$T/binary.md" "$T/many/f$i.md"
		want+="dkquiz: '$T/many/f$i.md': not a text file"$'\n'
	else
		printf '# Many\n\n### What is file %d?\n\nA file.\n' $i >"$T/many/f$i.md"
		want+="$T/many/f$i.md: 1 new, 0 updated, 0 unchanged, 0 retired, 0 warnings"$'\n'
	fi
done
want+="total: 257 new, 0 updated, 0 unchanged, 0 retired, 0 warnings"
run "$BIN" --db "$T/many.db" --now $NOW import "$T/many"
[ $rc = 1 ] && [ "$out" = "$want" ] && ok "300 files, some bad: messages in order, exit 1" \
	|| not_ok "300 files, some bad: messages in order, exit 1" "exit $rc"$'\n'"$(diff <(echo "$want") <(echo "$out") | head)"

printf '### A question?\n\nAn answer\0with a NUL.\n' >"$T/nul.md"
run "$BIN" check "$T/nul.md"
expect "NUL bytes: not a text file, exit 1" 1 "^dkquiz: .*not a text file"

# what is not a regular file is refused before it is read: a device would
# be read for ever, a FIFO would wait for a writer
run timeout 20 "$BIN" check /dev/zero
expect "/dev/zero: not a regular file, exit 1" 1 "^dkquiz: '/dev/zero': not a regular file"
mkfifo "$T/fifo.md"
run timeout 20 "$BIN" --db "$DB" --now $NOW import "$T/fifo.md"
expect "a FIFO: not a regular file, exit 1, no wait" 1 "^dkquiz: '.*fifo.md': not a regular file"
rm -f "$T/fifo.md"
# past 256 MB a file is refused by its size, unread (sparse files: no disk used)
truncate -s 300M "$T/huge.md"
run timeout 20 "$BIN" --db "$DB" --now $NOW import "$T/huge.md"
expect "a 300 MB file: too large, exit 1" 1 "^dkquiz: '.*huge.md': too large \(300 MB, the limit is 256 MB\)"
run timeout 20 "$BIN" check "$T/huge.md"
expect "a 300 MB file: check refuses it too" 1 "too large \(300 MB"
rm -f "$T/huge.md"
[ "$(dump "$DB")" = "$BASEDUMP" ] && ok "special and huge files: database unchanged" \
	|| not_ok "special and huge files: database unchanged"
# a binary file is told by its first block: 200 MB of NUL bytes are not read
truncate -s 200M "$T/zeros.md"
if [ -n "${ASAN_OPTIONS:-}${DKQUIZ_VALGRIND:-}" ] || [ ! -x /usr/bin/time ]; then
	run timeout 60 "$BIN" check "$T/zeros.md"
	expect "200 MB of NUL bytes: not a text file, exit 1" 1 "not a text file"
	skip "200 MB of NUL bytes: peak memory needs /usr/bin/time, without the sanitizers or valgrind"
else
	run timeout 60 /usr/bin/time -o "$T/rss" -f %M "$BIN" check "$T/zeros.md"
	expect "200 MB of NUL bytes: not a text file, exit 1" 1 "not a text file"
	rss=$(tail -1 "$T/rss")
	[ "$rss" -lt 65536 ] && ok "200 MB of NUL bytes: refused after one block ($((rss / 1024)) MB peak)" \
		|| not_ok "200 MB of NUL bytes: refused after one block" "peak $((rss / 1024)) MB"
fi
rm -f "$T/zeros.md"

printf '### Qu\xe9 est-ce qu\x92un conteneur ?\n\nUn processus isol\xe9, \x93l\xe9ger\x94.\n' >"$T/cp1252.md"
run "$BIN" check "$T/cp1252.md"
expect "cp1252 (invalid UTF-8): a warning, the card read" 0 "warning: .*Windows-1252"
grep -q 'qu’un conteneur' <<<"$out" && grep -q '“léger”' <<<"$out" \
	&& ok "cp1252: decoded to the right characters" || not_ok "cp1252: decoded" "$out"

printf '### Quelle est la diff\xe9rence ?\n\nL\xe0 o\xf9 \xe7a tourne.\n' >"$T/latin1.md"
run "$BIN" check "$T/latin1.md"
expect "Latin-1 file: read, with a warning" 0 "warning:"
grep -q 'différence' <<<"$out" && grep -q 'Là où ça' <<<"$out" \
	&& ok "Latin-1: decoded to the right characters" || not_ok "Latin-1: decoded" "$out"

printf '\xef\xbb\xbf### With a BOM?\n\nYes.\n' >"$T/bom.md"
run "$BIN" check --json "$T/bom.md"
expect "BOM: dropped, the card read" 0 '"front":"With a BOM\?"'

printf '### With CRLF?\r\n\r\nYes, CRLF.\r\n\r\n### Second?\r\n\r\nTwo.\r\n' >"$T/crlf.md"
run "$BIN" check --json "$T/crlf.md"
if [ $rc = 0 ] && [ "$(grep -c '"front"' <<<"$out")" = 2 ] && ! grep -q '\\r' <<<"$out"; then
	ok "CRLF: two cards, no CR left"
else
	not_ok "CRLF: two cards, no CR left" "$out"
fi

: >"$T/empty.md"
run "$BIN" check "$T/empty.md"
expect "empty file: no cards, exit 0" 0 '^0 cards'
run "$BIN" --db "$T/empty.db" --now $NOW import "$T/empty.md"
expect "empty file: imports as nothing, exit 0" 0 '0 new'

# 50 MB in one file, generated here: it must import
awk 'BEGIN { line = "A long answer paragraph that keeps going so that the file grows large enough.\n"
	body = ""; for (j = 0; j < 120; j++) body = body line
	for (i = 0; size < 52428800; i++) {
		printf("### Big question %d?\n\n%s\n", i, body); size += length(body) + 25 } }' >"$T/big.md"
big=$(stat -c %s "$T/big.md")
run "$BIN" --db "$T/big.db" --now $NOW import -q "$T/big.md"
if [ $rc = 0 ] && [ $big -ge 52428800 ]; then
	cards=$([ -n "$HAVE_SQLITE" ] && sqlite3 "$T/big.db" 'SELECT count(*) FROM cards')
	ok "50 MB file ($big bytes): imported${cards:+, $cards cards}"
else
	not_ok "50 MB file: imported" "exit $rc"$'\n'"$out"
fi
rm -f "$T/big.md" "$T/big.db"*

# 8 MB of tiny cards in one file (about 80,000): imported in one go, with
# memory a small multiple of the file (time(1) tells the peak, when present)
awk 'BEGIN { for (i = 0; size < 8388608; i++) {
	s = sprintf("### Tiny question %d about containers?\n\nA short answer %d, with a few words.\n\n", i, i)
	printf("%s", s); size += length(s) } }' >"$T/tiny.md"
tiny=$(stat -c %s "$T/tiny.md")
ntiny=$(grep -c '^### ' "$T/tiny.md")
if [ -x /usr/bin/time ]; then
	run /usr/bin/time -o "$T/rss" -f %M "$BIN" --db "$T/tiny.db" --now $NOW import -q "$T/tiny.md"
	rss=$(tail -1 "$T/rss")
else
	run "$BIN" --db "$T/tiny.db" --now $NOW import -q "$T/tiny.md"
	rss=
fi
cards=$([ -n "$HAVE_SQLITE" ] && sqlite3 "$T/tiny.db" 'SELECT count(*) FROM cards')
if [ $rc = 0 ] && [ "${cards:-$ntiny}" = "$ntiny" ]; then
	ok "$ntiny tiny cards in one $tiny-byte file: all imported"
else
	not_ok "tiny cards in one file: imported" "exit $rc, ${cards:-?} of $ntiny cards"$'\n'"$out"
fi
if [ -n "${ASAN_OPTIONS:-}${DKQUIZ_VALGRIND:-}" ]; then
	skip "peak memory means nothing under the sanitizers or valgrind"
elif [ -z "$rss" ]; then
	skip "no /usr/bin/time to read the peak memory"
elif [ "$rss" -le $((tiny * 14 / 1024)) ]; then
	ok "tiny cards: peak memory $((rss / 1024)) MB, under 14 times the file"
else
	not_ok "tiny cards: peak memory $((rss / 1024)) MB, over 14 times the $((tiny / 1048576)) MB file"
fi
rm -f "$T/tiny.md" "$T/tiny.db"*

# 100,000 levels of nesting: lists and block quotes on one line each
awk 'BEGIN { printf("### Deep list?\n\n"); for (i = 0; i < 100000; i++) printf("- "); print "bottom"
	printf("\n### Deep quote?\n\n"); for (i = 0; i < 100000; i++) printf("> "); print "bottom"
	printf("\n### Deep ordered?\n\n"); for (i = 0; i < 100000; i++) printf("1. "); print "bottom" }' >"$T/deep.md"
run "$BIN" check "$T/deep.md"
expect "100,000-deep lists and quotes: check survives" 0 '^3 cards'
run "$BIN" --db "$T/deep.db" --now $NOW import "$T/deep.md"
expect "100,000-deep lists and quotes: import survives" 0 '3 new'
printf '\n3\n\n3\n\n3\nq\n' >"$T/grades"
run "$BIN" --db "$T/deep.db" --now $NOW review --plain <"$T/grades"
[ $rc -lt 2 ] && ok "100,000-deep: the review prints them (exit $rc)" || not_ok "100,000-deep review" "exit $rc"

# a directory given as a file: its markdown files are taken
mkdir -p "$T/dir/sub"
cp "$T/deck/base.md" "$T/dir/sub/one.md"
cp "$T/bom.md" "$T/dir/two.markdown"
printf 'not a card\n' >"$T/dir/ignored.png"
run "$BIN" check "$T/dir"
expect "directory for check: its .md/.markdown files, recursively" 0 '^3 cards'
run "$BIN" --db "$T/dir.db" --now $NOW import "$T/dir"
expect "directory for import: imported" 0 'total: 3 new'

# --db pointing to a directory
mkdir -p "$T/dbdir"
run "$BIN" --db "$T/dbdir" --now $NOW import "$T/deck/base.md"
expect "--db a directory: clean error, exit 1" 1 "^dkquiz: cannot open database .*[Dd]irectory"
run "$BIN" --db "$T/dbdir" decks
expect "--db a directory: decks fails cleanly too" 1 "^dkquiz: "
[ -z "$(ls -A "$T/dbdir")" ] && ok "--db a directory: nothing written into it" || not_ok "--db directory left empty" "$(ls -A "$T/dbdir")"

# an unreadable file (root reads everything: the check runs as nobody)
cp "$T/bom.md" "$U/secret.md"; chmod 000 "$U/secret.md"
run as_user "$BIN" check "$U/secret.md"
expect "unreadable file: exit 1, says why" 1 "^dkquiz: cannot read '.*secret.md': Permission denied"

# symlink loops: two links pointing at each other, and a directory cycle
ln -s "$T/loop-b" "$T/loop-a"; ln -s "$T/loop-a" "$T/loop-b"
run "$BIN" check "$T/loop-a"
expect "symlink loop (file): clean error, exit 1" 1 "^dkquiz: cannot read .*symbolic links"
mkdir -p "$T/cyc/in"; cp "$T/bom.md" "$T/cyc/in/q.md"; ln -s .. "$T/cyc/in/up"
run timeout 20 "$BIN" check "$T/cyc"
expect "symlink loop (directory): each file once, warned" 0 '^1 card'
grep -q 'warning:.*loop' <<<"$out" && ok "symlink loop (directory): a warning names it" || not_ok "directory loop warning" "$out"

# --- databases --------------------------------------------------------------
if [ -z "$HAVE_SQLITE" ]; then
	skip "database cases need the sqlite3 command"
else
	# locked by another program: an exclusive transaction held open
	cp "$DB" "$T/locked.db"
	mkfifo "$T/lockfifo"
	sqlite3 "$T/locked.db" <"$T/lockfifo" >/dev/null 2>&1 &
	exec 7>"$T/lockfifo"; LOCKFD=1
	echo 'BEGIN EXCLUSIVE; SELECT 1;' >&7
	sleep 0.3
	before=$(dump "$T/locked.db")
	run "$BIN" --db "$T/locked.db" --now $NOW import "$T/bom.md"
	expect "locked database: import says locked, exit 1" 1 "^dkquiz: database '.*' is locked"
	run "$BIN" --db "$T/locked.db" --now $NOW review --plain <"$T/grades"
	expect "locked database: a review cannot save, says so, exit 1" 1 "is locked"
	exec 7>&-; LOCKFD=
	wait
	[ "$(dump "$T/locked.db")" = "$before" ] && ok "locked database: unchanged" || not_ok "locked database unchanged"

	# read-only database file in a folder open to all (root writes
	# everything: these run as nobody); the commands that only read it
	# work, and leave no -wal or -shm file behind
	sqlite3 "$DB" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
	mkdir -p "$U/open" && chmod 777 "$U/open"
	cp "$DB" "$U/open/ro.db"; chmod 444 "$U/open/ro.db"
	cp "$T/bom.md" "$U/bom.md"
	sum=$(md5sum <"$U/open/ro.db")
	run as_user "$BIN" --db "$U/open/ro.db" --now $NOW import "$U/bom.md"
	expect "read-only database: import refused, exit 1" 1 "^dkquiz: .*read-only"
	run as_user "$BIN" --db "$U/open/ro.db" --now $NOW decks
	expect "read-only database: decks still reads it" 0 'Bad::Base'
	run as_user "$BIN" --db "$U/open/ro.db" --now $NOW stats --plain
	expect "read-only database: stats still reads it" 0 '.'
	[ "$(ls -A "$U/open")" = ro.db ] && [ "$(md5sum <"$U/open/ro.db")" = "$sum" ] \
		&& ok "read-only database: unchanged, nothing made beside it" \
		|| not_ok "read-only database: unchanged, nothing made beside it" "$(ls -l "$U/open")"
	# a database that can be written in a folder that cannot: reading it
	# needs no new file, writing it does
	mkdir -p "$U/closed"
	cp "$DB" "$U/closed/rw.db"; chmod 666 "$U/closed/rw.db"; chmod 555 "$U/closed"
	run as_user "$BIN" --db "$U/closed/rw.db" --now $NOW decks
	expect "read-only folder: decks reads the database" 0 'Bad::Base'
	run as_user "$BIN" --db "$U/closed/rw.db" --now $NOW stats --plain
	expect "read-only folder: stats reads it" 0 '.'
	run as_user "$BIN" --db "$U/closed/rw.db" --now $NOW review --plain <"$T/grades"
	expect "read-only folder: a review cannot save, says so, exit 1" 1 "^dkquiz: .*read-only"
	[ "$(ls -A "$U/closed")" = rw.db ] && [ "$(md5sum <"$U/closed/rw.db")" = "$sum" ] \
		&& ok "read-only folder: database unchanged, nothing made beside it" \
		|| not_ok "read-only folder: database unchanged, nothing made beside it" "$(ls -l "$U/closed")"
	chmod 755 "$U/closed"

	# corrupt: the header kept, random bytes after it
	sqlite3 "$DB" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
	size=$(stat -c %s "$DB")
	{ head -c 100 "$DB"; head -c $((size - 100)) /dev/urandom; } >"$T/corrupt.db"
	sum=$(md5sum <"$T/corrupt.db")
	run "$BIN" --db "$T/corrupt.db" --now $NOW decks
	if [ $rc = 1 ] && grep -qE '^dkquiz: .*(malformed|damaged|not a dkquiz database)' <<<"$out"; then
		ok "corrupt database: decks says so, exit 1"
	else
		not_ok "corrupt database: decks" "exit $rc"$'\n'"$out"
	fi
	run "$BIN" --db "$T/corrupt.db" --now $NOW import "$T/bom.md"
	[ $rc = 1 ] && grep -q '^dkquiz: ' <<<"$out" && ok "corrupt database: import refused, exit 1" \
		|| not_ok "corrupt database: import" "exit $rc"$'\n'"$out"
	run "$BIN" --db "$T/corrupt.db" --now $NOW review --plain <"$T/grades"
	[ $rc = 1 ] && ok "corrupt database: review refused, exit 1" || not_ok "corrupt database: review" "exit $rc"$'\n'"$out"
	[ "$(md5sum <"$T/corrupt.db")" = "$sum" ] && ok "corrupt database: not a byte changed" \
		|| not_ok "corrupt database: not a byte changed"

	# one damaged page, the rest intact: the cell pointers of a table's
	# root page (a leaf in a small database) overwritten. Each command that
	# reads the table says the database is damaged, none reads it as empty
	for table in decks cards card_state; do
		cp "$DB" "$T/page.db"
		page=$(sqlite3 "$T/page.db" "SELECT rootpage FROM sqlite_schema WHERE name = '$table'")
		psize=$(sqlite3 "$T/page.db" 'PRAGMA page_size')
		printf '\377\377\377\377' | dd of="$T/page.db" bs=1 seek=$((psize * (page - 1) + 8)) \
			conv=notrunc 2>/dev/null
		sum=$(md5sum <"$T/page.db")
		for cmd in decks stats "review --plain" import; do
			if [ "$cmd" = import ]; then
				run "$BIN" --db "$T/page.db" --now $NOW import "$T/bom.md"
			else
				# shellcheck disable=SC2086 # the command and its option
				run "$BIN" --db "$T/page.db" --now $NOW $cmd <"$T/grades"
			fi
			if [ $rc = 1 ] && grep -q "^dkquiz: database '.*page.db' is damaged (database disk image is malformed)" <<<"$out" &&
				[ "$(grep -c 'is damaged' <<<"$out")" = 1 ] &&
				! grep -qE 'No decks yet|Nothing else is scheduled|^\[1/' <<<"$out"; then
				ok "damaged $table page: $cmd says so once, exit 1"
			else
				not_ok "damaged $table page: $cmd says so once, exit 1" "exit $rc"$'\n'"$out"
			fi
		done
		[ "$(md5sum <"$T/page.db")" = "$sum" ] && ok "damaged $table page: not a byte changed" \
			|| not_ok "damaged $table page: not a byte changed"
		rm -f "$T/page.db"*
	done

	# the full screen over a damaged page: the screen says so, and the
	# program ends with status 1, not 0 (its own tmux server)
	if command -v tmux >/dev/null; then
		TM="tmux -L dkquiz-bad-d-$$ -f /dev/null"
		for table in decks card_state; do
			cp "$DB" "$T/page.db"
			page=$(sqlite3 "$T/page.db" "SELECT rootpage FROM sqlite_schema WHERE name = '$table'")
			psize=$(sqlite3 "$T/page.db" 'PRAGMA page_size')
			printf '\377\377\377\377' | dd of="$T/page.db" bs=1 seek=$((psize * (page - 1) + 8)) \
				conv=notrunc 2>/dev/null
			rm -f "$T/dmg.rc"
			$TM new-session -d -s dmg -x 80 -y 24 "env TERM=xterm-256color LC_ALL=C.UTF-8 HOME='$T' \
				'$BIN' --db '$T/page.db' --now $NOW review 2>/dev/null; echo \$? >'$T/dmg.rc'; sleep 30"
			for _ in $(seq 50); do
				pane=$($TM capture-pane -p -t dmg 2>/dev/null)
				grep -qE 'could not|quit' <<<"$pane" && break
				sleep 0.1
			done
			# decks: the home screen cannot list them; card_state: the review cannot start
			[ $table = card_state ] && { $TM send-keys -t dmg Enter; sleep 0.5; }
			pane=$($TM capture-pane -p -t dmg 2>/dev/null)
			for k in q q q; do $TM send-keys -t dmg $k; sleep 0.2; done
			for _ in $(seq 50); do [ -s "$T/dmg.rc" ] && break; sleep 0.1; done
			$TM kill-server >/dev/null 2>&1
			grep -q 'could not' <<<"$pane" && [ "$(cat "$T/dmg.rc" 2>/dev/null)" = 1 ] \
				&& ok "damaged $table page, full screen: said on screen, exit 1" \
				|| not_ok "damaged $table page, full screen: said on screen, exit 1" \
					"exit $(cat "$T/dmg.rc" 2>/dev/null)"$'\n'"$pane"
			rm -f "$T/page.db"*
		done
	else
		for i in 1 2; do skip "the full screen needs tmux"; done
	fi

	# a file that is not a database at all
	printf 'my notes\n' >"$T/notes.txt"
	run "$BIN" --db "$T/notes.txt" --now $NOW import "$T/bom.md"
	expect "not a database: refused, exit 1" 1 "^dkquiz: .*not a dkquiz database"
	[ "$(cat "$T/notes.txt")" = "my notes" ] && ok "not a database: left untouched" || not_ok "notes file untouched"

	# from a newer dkquiz
	cp "$DB" "$T/newer.db"
	sqlite3 "$T/newer.db" 'PRAGMA user_version = 99;'
	sum=$(md5sum <"$T/newer.db")
	run "$BIN" --db "$T/newer.db" --now $NOW import "$T/bom.md"
	expect "newer database: refused, exit 1" 1 "^dkquiz: database .* newer dkquiz"
	run "$BIN" --db "$T/newer.db" --now $NOW review --plain <"$T/grades"
	expect "newer database: review refused too" 1 "newer dkquiz"
	[ "$(md5sum <"$T/newer.db")" = "$sum" ] && [ ! -e "$T/newer.db-wal" ] \
		&& ok "newer database: untouched" || not_ok "newer database: untouched"

	# full disk: a 512 KiB tmpfs, mounted by root, or else in a user and
	# mount namespace where this script is root (unshare -rm), when the
	# system allows one
	if [ "$(id -u)" = 0 ] && mkdir -p "$T/mnt" && mount -t tmpfs -o size=512k tmpfs "$T/mnt" 2>/dev/null; then
		MNT=$T/mnt
		full_disk_cases
		umount "$MNT"; MNT=
	elif [ "$(id -u)" != 0 ] && unshare -rm true 2>/dev/null; then
		# its results, numbered again here
		n0=$n
		while IFS= read -r line; do
			case $line in
			"ok "*) ok "${line#ok * - }" ;;
			"not ok "*) not_ok "${line#not ok * - }" ;;
			*) echo "$line" ;;
			esac
		done < <(unshare -rm bash "$SELF" --full-disk "$T" 2>&1; echo "# namespace run: exit $?")
		[ $n -gt $n0 ] || not_ok "full disk: the cases run in a namespace"
	else
		skip "full disk: mounting a tmpfs needs root or a user namespace"
	fi
fi

# --- terminals and locales --------------------------------------------------
if command -v script >/dev/null; then
	run env TERM=nosuchterm script -qec "'$BIN' --db '$DB' --now $NOW review" /dev/null </dev/null
	# script(1) gives the child's exit status
	if [ $rc = 1 ] && grep -q "dkquiz: .*nosuchterm" <<<"$out"; then
		ok "TERM unknown: clean error, exit 1"
	else
		not_ok "TERM unknown: clean error, exit 1" "exit $rc"$'\n'"$out"
	fi
	run timeout 10 env TERM=dumb script -qec "'$BIN' --db '$DB' --now $NOW review" /dev/null <<<"q"
	if [ $rc = 0 ] && grep -qE '^\[1/[0-9]+\] ' <<<"$out"; then
		ok "TERM=dumb: review falls back to line mode"
	else
		not_ok "TERM=dumb: review falls back to line mode" "exit $rc"$'\n'"$out"
	fi
	run timeout 10 env TERM=dumb script -qec "'$BIN' --db '$DB' --now $NOW browse" /dev/null </dev/null
	if [ $rc = 1 ] && grep -q "dkquiz: terminal 'dumb' cannot draw a screen" <<<"$out"; then
		ok "TERM=dumb: browse is a clean error, exit 1"
	else
		not_ok "TERM=dumb: browse is a clean error, exit 1" "exit $rc"$'\n'"$out"
	fi
	# TERM unset or empty: no terminal type, taken as dumb
	for how in "env -u TERM" "env TERM="; do
		run timeout 10 script -qec "$how '$BIN' --db '$DB' --now $NOW review" /dev/null <<<"q"
		if [ $rc = 0 ] && grep -qE '^\[1/[0-9]+\] ' <<<"$out"; then
			ok "TERM unset ($how): review falls back to line mode"
		else
			not_ok "TERM unset ($how): review falls back to line mode" "exit $rc"$'\n'"$out"
		fi
		run timeout 10 script -qec "$how '$BIN' --db '$DB' --now $NOW stats" /dev/null </dev/null
		if [ $rc = 1 ] && grep -q "dkquiz: TERM is not set, so no screen can be drawn" <<<"$out"; then
			ok "TERM unset ($how): stats is a clean error, exit 1"
		else
			not_ok "TERM unset ($how): stats is a clean error, exit 1" "exit $rc"$'\n'"$out"
		fi
	done
else
	for i in 1 2 3 4 5 6 7; do skip "terminal cases need script(1)"; done
fi
# a 10x3 terminal: a message instead of the screen, keys still work, and
# the terminal and the database come back as they were (its own tmux server)
if command -v tmux >/dev/null; then
	TM="tmux -L dkquiz-bad-$$ -f /dev/null"
	cp "$DB" "$T/tiny.db"
	before=$(dump "$T/tiny.db")
	$TM new-session -d -s tiny -x 10 -y 3 "env TERM=xterm-256color LC_ALL=C.UTF-8 HOME='$T' \
		'$BIN' --db '$T/tiny.db' --now $NOW review; echo \$? >'$T/tiny.rc'; sleep 30"
	seen=
	for _ in $(seq 50); do
		pane=$($TM capture-pane -p -t tiny 2>/dev/null)
		grep -q 'Terminal' <<<"$pane" && { seen=1; break; }
		sleep 0.1
	done
	[ -n "$seen" ] && grep -q 'need 40' <<<"$pane" && ok "10x3 terminal: says it is too small" \
		|| not_ok "10x3 terminal: says it is too small" "$pane"
	$TM send-keys -t tiny q
	for _ in $(seq 50); do [ -s "$T/tiny.rc" ] && break; sleep 0.1; done
	pane=$($TM capture-pane -p -t tiny 2>/dev/null)
	$TM kill-server >/dev/null 2>&1
	[ "$(cat "$T/tiny.rc" 2>/dev/null)" = 0 ] && ! grep -q 'Terminal' <<<"$pane" \
		&& ok "10x3 terminal: q quits, exit 0, the screen given back" \
		|| not_ok "10x3 terminal: q quits, exit 0, the screen given back" "exit $(cat "$T/tiny.rc" 2>/dev/null)"$'\n'"$pane"
	[ "$(dump "$T/tiny.db")" = "$before" ] && ok "10x3 terminal: database unchanged" \
		|| not_ok "10x3 terminal: database unchanged"
else
	for i in 1 2 3; do skip "a small terminal needs tmux"; done
fi
before=$(dump "$DB")
run "$BIN" --db "$DB" --now $NOW review <"$T/grades"
if [ $rc = 0 ] && grep -qE '^\[1/[0-9]+\] ' <<<"$out"; then
	ok "no terminal (stdin a file): plain mode"
else
	not_ok "no terminal: plain mode" "exit $rc"$'\n'"$out"
fi
cp "$DB" "$T/c.db"
run env LC_ALL=C "$BIN" --db "$T/c.db" --now $NOW import "$T/latin1.md" "$T/cp1252.md"
expect "LC_ALL=C: import works" 0 'total: 2 new'
run env LC_ALL=C "$BIN" --db "$T/c.db" --now $NOW review --plain <"$T/grades"
[ $rc = 0 ] && grep -qE '^\[1/' <<<"$out" && ok "LC_ALL=C: a plain review works" || not_ok "LC_ALL=C review" "exit $rc"$'\n'"$out"
run env LC_ALL=C "$BIN" check "$T/latin1.md"
expect "LC_ALL=C: check works" 0 '1 card'
# the full screen in a locale that is not UTF-8: what it draws itself in
# ASCII, letters the locale lacks as '?', never ncurses' ~X escapes
if command -v tmux >/dev/null; then
	TM="tmux -L dkquiz-bad-c-$$ -f /dev/null"
	"$BIN" --db "$T/cl.db" --now $NOW import -q "$T/latin1.md" >/dev/null 2>&1
	$TM new-session -d -s cl -x 80 -y 24 "env TERM=xterm-256color LC_ALL=C HOME='$T' \
		'$BIN' --db '$T/cl.db' --now $NOW review; echo \$? >'$T/cl.rc'; sleep 30"
	pane=
	for _ in $(seq 50); do
		pane=$($TM capture-pane -p -t cl 2>/dev/null)
		grep -q 'quit' <<<"$pane" && break
		sleep 0.1
	done
	grep -q '^ dkquiz - Docker' <<<"$pane" && ! grep -q '~' <<<"$pane" \
		&& ok "LC_ALL=C: the home screen in ASCII" || not_ok "LC_ALL=C: the home screen in ASCII" "$pane"
	$TM send-keys -t cl Enter
	for _ in $(seq 50); do
		pane=$($TM capture-pane -p -t cl 2>/dev/null)
		grep -q 'Quelle' <<<"$pane" && break
		sleep 0.1
	done
	# the letters C lacks take their column each: "diff?rence"
	! grep -q '~' <<<"$pane" && ! LC_ALL=C grep -q $'[\x80-\xff]' <<<"$pane" \
		&& grep -q 'Quelle est la diff?rence' <<<"$pane" && grep -q ' \.\.\.' <<<"$pane" \
		&& ok "LC_ALL=C: a review drawn in ASCII" || not_ok "LC_ALL=C: a review drawn in ASCII" "$pane"
	for k in q q q; do $TM send-keys -t cl $k; sleep 0.3; done
	for _ in $(seq 50); do [ -s "$T/cl.rc" ] && break; sleep 0.1; done
	$TM kill-server >/dev/null 2>&1
	[ "$(cat "$T/cl.rc" 2>/dev/null)" = 0 ] && ok "LC_ALL=C: the review ends cleanly" \
		|| not_ok "LC_ALL=C: the review ends cleanly" "exit $(cat "$T/cl.rc" 2>/dev/null)"
else
	for i in 1 2 3; do skip "the full screen needs tmux"; done
fi

# --- options ----------------------------------------------------------------
before=$(dump "$DB")
for t in garbage 2026-13-45 '' 99999999999999999999999 2026-01-10T25:00:00Z 2026-02-30 \
	2026-01-10T09:00:00+99:00; do
	run "$BIN" --db "$DB" --now "$t" decks
	expect "--now '$t': exit 2" 2 "^dkquiz: invalid time"
done
for kv in "retention 1.5" "retention 0.1" "retention abc" "rollover 24" "rollover -1" \
	"max-interval 0" "new-per-day -1" "new-per-day 100000" "leech-lapses 0" "weights 1,2"; do
	run "$BIN" --db "$DB" config $kv
	expect "config $kv: exit 1" 1 "^dkquiz: "
done
[ "$(dump "$DB")" = "$before" ] && ok "bad options and values: database unchanged" \
	|| not_ok "bad options and values: database unchanged"

echo "1..$n"
[ $failed = 0 ]
