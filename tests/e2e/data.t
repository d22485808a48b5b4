#!/usr/bin/env bash
# The collection as data: search, stats, export in every format, the
# markdown round trip, CSV/TSV/Anki import, backup beside a reader, and the
# review log for the FSRS optimiser.
set -u
cd "${DKQUIZ_SRC:-.}"
SRC=$PWD
BIN=${DKQUIZ_BIN:-$PWD/build/dkquiz}
if [ ! -x "$BIN" ]; then
	echo "1..0 # SKIP no binary at $BIN"
	exit 0
fi
T=$(mktemp -d /tmp/dkquiz-data.XXXXXX)
pids=
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
export LC_ALL=C.UTF-8 LANGUAGE= HOME=$T/home XDG_DATA_HOME= DKQUIZ_DB= DKQUIZ_NOW= NO_COLOR=
unset DKQUIZ_CONTENT
NOW=2026-01-10T09:00:00Z
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | head -20 | sed 's/^/# /'; }
dk() { "$BIN" --db "$DB" --now "$NOW" "$@"; }

DB=$T/main.db
cat >"$T/net.md" <<'EOF'
---
deck: Réseaux
tags: docker net
lang: fr
---

# Réseaux Docker

<!-- id: net-bridge -->
## Qu'est-ce que le réseau bridge ?

Le réseau par défaut d'un hôte Docker : un pont privé où chaque conteneur reçoit une adresse.

<!-- id: net-host -->
## Que fait le mode host ?

Le conteneur partage la pile réseau de l'hôte, sans isolation.

<!-- id: net-none -->
## Que donne `--network none` ?

Aucune interface à part `lo`.
EOF
dk import -q "$T/net.md" "$SRC/content/en" >/dev/null 2>&1
# the cards of the collection: the bundled deck and the three of net.md
TOTAL=$(( $("$BIN" check --json "$SRC/content/en" 2>/dev/null | wc -l) + 3 ))

# --- help and usage ------------------------------------------------------------
for c in search stats export backup; do
	out=$("$BIN" "$c" --help 2>&1); rc=$?
	[ $rc = 0 ] && grep -qi "usage: dkquiz $c" <<<"$out" && ok "$c --help" || not_ok "$c --help" "$out"
	out=$(dk "$c" --bogus 2>&1); rc=$?
	[ $rc = 2 ] && grep -q "Try 'dkquiz $c --help'" <<<"$out" && ok "$c: unknown option exits 2" \
		|| not_ok "$c unknown option" "$rc $out"
done
out=$("$BIN" import --help 2>&1)
grep -q '\.csv and \.tsv' <<<"$out" && grep -q 'Notes in Plain Text' <<<"$out" \
	&& ok "import --help names the tables it reads" || not_ok "import --help tables" "$out"
out=$(dk search 2>&1); rc=$?
[ $rc = 2 ] && ok "search without words: exit 2" || not_ok "search without words" "$rc $out"
out=$(dk export 2>&1); rc=$?
[ $rc = 2 ] && ok "export without --format: exit 2" || not_ok "export without format" "$rc $out"
out=$(dk export --format xml 2>&1); rc=$?
[ $rc = 2 ] && grep -q "unknown format 'xml'" <<<"$out" && ok "unknown format: exit 2" || not_ok "unknown format" "$out"
out=$("$BIN" --db "$T/none.db" stats 2>&1); rc=$?
[ $rc = 1 ] && ok "stats without a database: exit 1" || not_ok "stats no db" "$rc $out"

# --- search ------------------------------------------------------------------
out=$(dk search reseau 2>&1); rc=$?
[ $rc = 0 ] && grep -q "^Réseaux · Qu'est-ce que le réseau bridge ? · $T/net.md:10$" <<<"$out" \
	&& ok "search: accents folded, deck · front · file:line" || not_ok "search accents" "$out"
out=$(dk search RÉS pont 2>&1)
[ "$(grep -c . <<<"$out")" = 1 ] && grep -q bridge <<<"$out" && ok "search: prefix words, all required" \
	|| not_ok "search prefix" "$out"
out=$(dk search net --deck Réseaux --limit 2 2>&1)
[ "$(grep -c ' · ' <<<"$out")" = 2 ] && ok "search: --deck and --limit" || not_ok "search deck limit" "$out"
out=$(dk search --json docker 2>"$T/json.err"); rc=$?
[ $rc = 0 ] && [ "$(grep -c . <<<"$out")" -gt 5 ] && ! grep -qv '^{"id":[0-9]*,"key":' <<<"$out" \
	&& grep -q '^… and [0-9]* more cards' "$T/json.err" \
	&& ok "search --json: JSON Lines" || not_ok "search json" "$out"
rc=0
for q in '"' 'NEAR(' 'a*' '(x OR' '^' ':' '-docker' 'AND' '*'; do
	out=$(dk search -- "$q" 2>&1 >/dev/null) || rc=1
	grep -qi 'syntax\|fts5\|database' <<<"$out" && rc=1
done
[ $rc = 0 ] && ok "search: FTS syntax characters are plain text" || not_ok "search syntax" "$out"

out=$(dk search docker 2>"$T/more.err"); rc=$?
if [ $rc = 0 ] && [ "$(grep -c ' · ' <<<"$out")" = 50 ] \
	&& grep -q '^… and [0-9]* more cards (use --limit N, or --limit 0 for all)$' "$T/more.err"; then
	ok "search: the default limit of 50 says how many more match"
else
	not_ok "search more" "$rc $(cat "$T/more.err")"
fi
out=$(dk search docker --limit 0 2>"$T/more.err")
[ "$(grep -c ' · ' <<<"$out")" -gt 50 ] && [ ! -s "$T/more.err" ] && ok "search --limit 0: every card, nothing more to say" \
	|| not_ok "search limit 0" "$(cat "$T/more.err")"
printf -- '---\ndeck: Ns\n---\n\n## Which namespace isolates hostnames?\n\n- [x] UTS\n- [ ] The IPC namespace\n' >"$T/mcq.md"
"$BIN" --db "$T/mcq.db" --now "$NOW" import -q "$T/mcq.md" >/dev/null 2>&1
out=$("$BIN" --db "$T/mcq.db" --now "$NOW" search ipc 2>&1)
grep -q 'Which namespace isolates hostnames?' <<<"$out" && ok "search finds a word of a multiple-choice option" \
	|| not_ok "search options" "$out"

# --- search filters ------------------------------------------------------------
# A database of their own: the Réseaux cards, one answered, one suspended, one retired.
DBQ=$T/filters.db
dq() { "$BIN" --db "$DBQ" --now "$NOW" "$@"; }
cp "$T/net.md" "$T/netq.md"
dq import -q "$T/netq.md" >/dev/null 2>&1
printf '\n3\n\ns\nq\n' | dq review --plain >/dev/null 2>&1
out=$(dq search is:learning 2>&1); rc=$?
[ $rc = 0 ] && [ "$(grep -c ' · ' <<<"$out")" = 1 ] && grep -q "bridge" <<<"$out" \
	&& ok "search is:learning: the answered card only" || not_ok "search is:learning" "$out"
out=$(dq search is:suspended 2>&1); rc=$?
[ $rc = 0 ] && [ "$(grep -c ' · ' <<<"$out")" = 1 ] && grep -q "mode host" <<<"$out" \
	&& ok "search is:suspended: the suspended card only" || not_ok "search is:suspended" "$out"
out=$(dq search is:new 2>&1)
[ "$(grep -c ' · ' <<<"$out")" = 2 ] && ok "search is:new: the unanswered cards, suspended included" \
	|| not_ok "search is:new" "$out"
out=$(dq search is:new is:suspended 2>&1)
[ "$(grep -c ' · ' <<<"$out")" = 1 ] && ok "search: filters combine with AND" || not_ok "search AND" "$out"
# a '-' negates a filter, even where it reads as an option
out=$(dq search -is:suspended --limit 10 2>&1); rc=$?
[ $rc = 0 ] && [ "$(grep -c ' · ' <<<"$out")" = 2 ] && ! grep -q "mode host" <<<"$out" \
	&& ok "search -is:suspended: the other cards" || not_ok "search -is:suspended" "$rc $out"
out=$(dq search is:new -is:suspended 2>&1)
[ "$(grep -c ' · ' <<<"$out")" = 1 ] && ok "search: a filter and a negated one" || not_ok "search is:new -is:suspended" "$out"
out=$(dq search -tag:net 2>&1)
grep -q "no card matches" <<<"$out" && ok "search -tag: leaves out the cards with the tag" || not_ok "search -tag:" "$out"
out=$(dq search -- -deck:docker 2>&1)
[ "$(grep -c ' · ' <<<"$out")" = 3 ] && ok "search -deck: after --" || not_ok "search -- -deck:" "$out"
out=$(dq search is:review 2>&1); rc=$?
[ $rc = 0 ] && grep -q "no card matches" <<<"$out" && ok "search is:review: none yet, exit 0" \
	|| not_ok "search is:review" "$rc $out"
out=$(dq search deck:reseaux tag:NET 2>&1)
[ "$(grep -c ' · ' <<<"$out")" = 3 ] && ok "search deck: and tag: fold case and accents" \
	|| not_ok "search deck: tag:" "$out"
out=$(dq search deck:reseau 2>&1)
grep -q "no card matches" <<<"$out" && ok "search deck: matches whole deck names" || not_ok "search deck: whole" "$out"
out=$(dq search pile is:suspended 2>&1)
[ "$(grep -c ' · ' <<<"$out")" = 1 ] && ok "search: words with a filter" || not_ok "search words filter" "$out"
out=$(dq search --json is:suspended 2>&1)
grep -q '^{"id":[0-9]*,"key":"id:net-host' <<<"$out" && ok "search --json with a filter" || not_ok "search json filter" "$out"
out=$(dq search is:sleeping 2>&1); rc=$?
[ $rc = 2 ] && grep -q "dkquiz: unknown filter 'is:sleeping'" <<<"$out" \
	&& ok "search: an unknown is: value is a usage error" || not_ok "search is:sleeping" "$rc $out"
out=$(dq search tag: 2>&1); rc=$?
[ $rc = 2 ] && grep -q "'tag:' needs a tag" <<<"$out" && ok "search: an empty tag: is a usage error" \
	|| not_ok "search tag:" "$rc $out"
sed -i '/net-none/,$d' "$T/netq.md"
dq import -q "$T/netq.md" >/dev/null 2>&1
out=$(dq search aucune 2>&1)
grep -q "no card matches" <<<"$out" && ok "search: retired cards are left out" || not_ok "search retired hidden" "$out"
out=$(dq search is:retired 2>&1)
[ "$(grep -c ' · ' <<<"$out")" = 1 ] && grep -q "none" <<<"$out" \
	&& ok "search is:retired: the card gone from its file" || not_ok "search is:retired" "$out"

# --- reviews, then stats -----------------------------------------------------
printf '\n3\n\n1\n\n3\nq\n' | dk review --plain --deck Réseaux >/dev/null 2>&1
out=$(dk stats --json 2>&1); rc=$?
keys_ok=1
for k in cards new learning review suspended due_now reviews_today reviews_total retention_30d \
	streak_days forecast decks; do
	grep -q "\"$k\":" <<<"$out" || { keys_ok=0; echo "# missing $k"; }
done
[ $rc = 0 ] && [ $keys_ok = 1 ] && ok "stats --json has every key" || not_ok "stats json keys" "$out"
grep -q '"reviews_today":3,"reviews_total":3' <<<"$out" && grep -q '"streak_days":1' <<<"$out" \
	&& grep -q "\"cards\":$TOTAL," <<<"$out" && ok "stats counts the reviews just made" || not_ok "stats counts" "$out"
fc=$(grep -o '"forecast":\[[0-9,]*\]' <<<"$out" | tr -cd ',' | wc -c)
[ "$fc" = 29 ] && ok "forecast has 30 days" || not_ok "forecast length" "$out"
out=$(dk stats --deck Réseaux --json 2>&1)
grep -q '"cards":3,' <<<"$out" && grep -q '"decks":\[{"deck":"Réseaux"' <<<"$out" \
	&& ok "stats --deck" || not_ok "stats deck" "$out"
out=$("$BIN" --db "$DB" --now 2026-01-11T10:00:00Z stats 2>&1); rc=$?
[ $rc = 0 ] && grep -q '^Streak: 1 day' <<<"$out" && grep -q 'Cards due in the next 30 days' <<<"$out" \
	&& grep -q '█' <<<"$out" && ok "stats text: streak from yesterday, heatmap and forecast" \
	|| not_ok "stats text" "$out"

out=$(dk stats --deck Réseaux --json 2>&1)
grep -q '"tags":\[{"tag":"docker","cards":3,' <<<"$out" && grep -q '{"tag":"net","cards":3,' <<<"$out" \
	&& grep -q '"leech_cards":\[\]' <<<"$out" && ok "stats --json: recall per tag, the leech list" \
	|| not_ok "stats json tags" "$out"
# a database of its own: the collection above stays as the export tests expect
printf -- '---\ndeck: Retraits\n---\n\n## Premier ?\n\nUn.\n\n## Second ?\n\nDeux.\n' >"$T/ret.md"
"$BIN" --db "$T/ret.db" --now "$NOW" import -q "$T/ret.md" >/dev/null 2>&1
printf -- '---\ndeck: Retraits\n---\n\n## Premier ?\n\nUn.\n' >"$T/ret.md"
"$BIN" --db "$T/ret.db" --now "$NOW" import -q "$T/ret.md" >/dev/null 2>&1
out=$("$BIN" --db "$T/ret.db" --now "$NOW" stats --deck Retraits --json 2>&1)
grep -q '"cards":1,' <<<"$out" && grep -q '"retired":1,' <<<"$out" \
	&& ok "stats counts the retired cards" || not_ok "stats retired" "$out"
out=$("$BIN" --db "$T/ret.db" --now "$NOW" stats --deck Retraits --plain 2>&1); rc=$?
[ $rc = 0 ] && grep -q '^Cards: 1 (new 1, learning 0, review 0; suspended 0; retired 1)$' <<<"$out" \
	&& ok "stats --plain: text" || not_ok "stats plain" "$rc $out"
out=$(dk stats --json --plain 2>&1); rc=$?
[ $rc = 2 ] && grep -q "do not go together" <<<"$out" && ok "stats --json --plain: usage error" \
	|| not_ok "stats json plain" "$rc $out"

# cram counts as study in the stats, not in retention nor in the optimiser's log
CDB=$T/cram.db
dc() { "$BIN" --db "$CDB" "$@"; }
dc --now "$NOW" import -q "$T/net.md" >/dev/null 2>&1
printf '\n4\n\n4\n\n4\nq\n' | dc --now "$NOW" review --plain >/dev/null 2>&1
printf '\n3\n\n3\nq\n' | dc --now "$NOW" review --plain --cram >/dev/null 2>&1
out=$(dc --now "$NOW" stats --json 2>&1)
fc=$(grep -o '"forecast":\[[0-9,]*\]' <<<"$out" | grep -o '[0-9][0-9]*' | awk '{s += $1} END {print s}')
if grep -q '"reviews_today":5,"reviews_total":5' <<<"$out" && grep -q '"retention_7d":null' <<<"$out" \
	&& grep -q '"streak_days":1' <<<"$out" && [ "$fc" = 3 ] && grep -q '"due_now":0' <<<"$out"; then
	ok "stats: cram answers are study, not retention; the forecast holds the three cards"
else
	not_ok "stats with cram" "$fc $out"
fi
out=$(dc --now "$NOW" export --reviews 2>&1)
[ "$(grep -c '^[0-9]' <<<"$out")" = 3 ] && ok "export --reviews leaves the cram answers out" \
	|| not_ok "export --reviews without cram" "$out"
# 20 days on, the three are reviews: one forgotten, two remembered
printf '\n1\n\n3\n\n3\nq\n' | dc --now 2026-01-30T09:00:00Z review --plain >/dev/null 2>&1
out=$(dc --now 2026-01-30T10:00:00Z stats --json 2>&1)
grep -q '"retention_7d":0.6667,"retention_30d":0.6667' <<<"$out" && grep -q '"learning":1,' <<<"$out" \
	&& ok "stats: true retention over the reviews of cards in review" || not_ok "stats retention" "$out"
printf '\n3\nq\n' | dc --now 2026-01-30T11:00:00Z review --plain >/dev/null 2>&1
out=$(dc --now 2026-01-30T11:00:00Z stats --json 2>&1)
grep -q '"retention_7d":0.6667' <<<"$out" && grep -q '"reviews_today":4' <<<"$out" \
	&& ok "stats: a relearning step is not in the retention" || not_ok "stats relearning step" "$out"

# --- export ------------------------------------------------------------------
out=$(dk export --format csv --deck Réseaux 2>&1)
[ "$(head -1 <<<"$out")" = $'front,back,tags,deck,type\r' ] && [ "$(grep -c $'\r$' <<<"$out")" = 4 ] \
	&& grep -q '^Que donne --network none ?,Aucune interface à part lo.,docker net,Réseaux,basic' <<<"$out" \
	&& ok "export csv: header and CRLF rows of the text the cards show" || not_ok "export csv" "$out"
out=$(dk export --format tsv --deck Réseaux 2>&1)
[ "$(head -3 <<<"$out" | tr '\n' '|')" = '#separator:tab|#html:true|#tags column:3|' ] \
	&& [ "$(grep -c $'\t' <<<"$out")" = 3 ] \
	&& grep -q $'^Que donne <code>--network none</code> ?\tAucune interface à part <code>lo</code>.\t' <<<"$out" \
	&& ok "export tsv: Anki headers, HTML fields" || not_ok "export tsv" "$out"
dk export --format json >"$T/all.jsonl"
[ "$(wc -l <"$T/all.jsonl")" = "$TOTAL" ] && ! grep -qv '^{"file":' "$T/all.jsonl" \
	&& ok "export json: one line per live card" || not_ok "export json" "$(head -3 "$T/all.jsonl")"
out=$(dk export --format md 2>&1); rc=$?
[ $rc = 2 ] && grep -q 'several decks' <<<"$out" && ok "md of several decks to one stream: exit 2" \
	|| not_ok "md several decks" "$rc $out"

# md round trip: one deck to a file, every deck to a directory
dk export --format md --deck Réseaux -o "$T/r1.md"
DB=$T/empty.db dk import -q "$T/r1.md" >/dev/null 2>&1
DB=$T/empty.db dk export --format md -o "$T/r2.md"
cmp -s "$T/r1.md" "$T/r2.md" && grep -q '^<!-- id: net-host -->$' "$T/r1.md" && grep -q '^lang: fr$' "$T/r1.md" \
	&& ok "md round trip of one deck is byte for byte" || not_ok "md round trip" "$(diff "$T/r1.md" "$T/r2.md")"
mkdir "$T/d1" "$T/d2"
dk export --format md -o "$T/d1"
DB=$T/empty2.db dk import -q "$T/d1" >/dev/null 2>&1
DB=$T/empty2.db dk export --format md -o "$T/d2"
if diff -r "$T/d1" "$T/d2" >/dev/null && [ "$(ls "$T/d1" | wc -l)" = 17 ]; then
	ok "md round trip of every deck is byte for byte"
else
	not_ok "md round trip dir" "$(diff -r "$T/d1" "$T/d2" | head)"
fi
a=$(dk export --format json | sed 's/^{"file":"[^"]*","line":[0-9]*,//' | sort | md5sum)
b=$(DB=$T/empty2.db dk export --format json | sed 's/^{"file":"[^"]*","line":[0-9]*,//' | sort | md5sum)
[ "$a" = "$b" ] && ok "md round trip keeps every card and key" || not_ok "md round trip cards"
grep -q '{{c1::' "$T/d1"/*.md && ok "cloze notes written as {{c1::...}}" || not_ok "cloze written"

# every tag of every card: the bundled deck in one deck, out and in again
DB=$T/one.db dk import -q --deck One "$SRC/content/en" >/dev/null 2>&1
DB=$T/one.db dk export --format md --deck One -o "$T/one.md"
DB=$T/one2.db dk import -q "$T/one.md" >/dev/null 2>&1
a=$(DB=$T/one.db dk export --format json | sed 's/^.*"key":/"key":/' | sort)
b=$(DB=$T/one2.db dk export --format json | sed 's/^.*"key":/"key":/' | sort)
if [ -n "$a" ] && [ "$a" = "$b" ] && grep -q '^<!-- tags: ' "$T/one.md" \
	&& [ "$(grep -c '"tags":' <<<"$a")" -gt 500 ]; then
	ok "md export keeps the tags of each card (tags comments)"
else
	not_ok "md tags per card" "$(diff <(echo "$a") <(echo "$b") | head -5)"
fi

# decks whose file names would be the same get files of their own
printf -- '---\ndeck: A::B\n---\n\n## First?\n\nOne.\n' >"$T/ab1.md"
printf -- '---\ndeck: A-B\n---\n\n## Second?\n\nTwo.\n' >"$T/ab2.md"
printf -- '---\ndeck: a-b\n---\n\n## Third?\n\nThree.\n' >"$T/ab3.md"
DB=$T/ab.db dk import -q "$T/ab1.md" "$T/ab2.md" "$T/ab3.md" >/dev/null 2>&1
mkdir "$T/abdir"
out=$(DB=$T/ab.db dk export --format md -o "$T/abdir" 2>&1); rc=$?
files=$(cd "$T/abdir" && ls | tr '\n' ' ')
if [ $rc = 0 ] && [ "$files" = "A-B-2.md A-B.md a-b-3.md " ] \
	&& [ "$(cat "$T/abdir"/*.md | grep -c '^## .*?$')" = 3 ]; then
	ok "md export: decks A::B, A-B and a-b in three files"
else
	not_ok "md export file names" "$rc $out $files"
fi

# a deck with reversed cards for some basic cards only: two files
printf -- '---\ndeck: Mixed\nreverse: true\n---\n\n## Pod?\n\nThe smallest unit.\n' >"$T/mixed1.md"
printf -- '---\ndeck: Mixed\n---\n\n## Node?\n\nA machine.\n' >"$T/mixed2.md"
DB=$T/mixed.db dk import -q "$T/mixed1.md" "$T/mixed2.md" >/dev/null 2>&1
mkdir "$T/mixdir"
out=$(DB=$T/mixed.db dk export --format md -o "$T/mixdir" 2>&1); rc=$?
DB=$T/mixed2.db dk import -q "$T/mixdir" >/dev/null 2>&1
a=$(DB=$T/mixed.db dk export --format json | grep -o '"type":"[a-z]*".*"key":"[^"]*"' | sort)
b=$(DB=$T/mixed2.db dk export --format json | grep -o '"type":"[a-z]*".*"key":"[^"]*"' | sort)
if [ $rc = 0 ] && [ "$(cd "$T/mixdir" && ls | tr '\n' ' ')" = "Mixed-reversed.md Mixed.md " ] && [ "$a" = "$b" ] \
	&& [ "$(grep -c . <<<"$a")" = 3 ]; then
	ok "md export: a deck mixing reversed and plain basic cards in two files, no card gained"
else
	not_ok "md export reversed split" "$rc $out $(ls "$T/mixdir") $a --- $b"
fi
out=$(DB=$T/mixed.db dk export --format md --deck Mixed 2>&1); rc=$?
[ $rc = 1 ] && grep -q "deck 'Mixed' has basic cards with and without a reversed card" <<<"$out" \
	&& ok "md export of such a deck to one file: an error" || not_ok "md reversed one file" "$rc $out"

# the export imported into the database it came from: the same cards
mkdir -p "$T/src"
cp "$SRC"/content/en/0[1-3]*.md "$T/src/"
printf -- '---\ndeck: Hashed\ntags: h\n---\n\n## Without an id?\n\nYes.\n\n## Front\n\nNot a question\n\n## Back\n\nStill a card.\n\n<!-- tags: more -->\n## Ends with #\n\nA closing hash.\n' >"$T/src/hashed.md"
DB=$T/same.db dk import -q "$T/src" >/dev/null 2>&1
printf '\n3\n\n3\nq\n' | DB=$T/same.db dk review --plain >/dev/null 2>&1
n1=$(DB=$T/same.db dk stats --json | grep -o '"cards":[0-9]*' | head -1)
mkdir "$T/same-md"
DB=$T/same.db dk export --format md -o "$T/same-md"
rm -r "$T/src"
out=$(DB=$T/same.db dk import "$T/same-md" 2>&1); rc=$?
n2=$(DB=$T/same.db dk stats --json | grep -o '"cards":[0-9]*' | head -1)
if [ $rc = 0 ] && [ "$n1" = "$n2" ] && grep -q '^total: 0 new' <<<"$out" && ! grep -q duplicate <<<"$out" \
	&& [ "$(sqlite3 "$T/same.db" 'SELECT count(*) FROM reviews r JOIN cards c ON c.id = r.card WHERE c.retired_at IS NULL' 2>/dev/null || echo 2)" = 2 ]; then
	ok "md export imported into its own database: no new card, the history kept"
else
	not_ok "md export into the same database" "$rc $n1 $n2 $(tail -3 <<<"$out")"
fi

out=$(dk export --format csv --deck Nope 2>&1); rc=$?
[ $rc = 1 ] && [ "$out" = "dkquiz: no deck 'Nope'" ] && ok "export --deck of no deck: error, exit 1" \
	|| not_ok "export unknown deck" "$rc $out"
out=$(dk export --format md --deck Kubernetes 2>&1); rc=$?
[ $rc = 2 ] && grep -q "deck 'Kubernetes' has [0-9]* subdecks: markdown export of several decks needs -o DIRECTORY" <<<"$out" \
	&& ok "md export of a parent deck: the message names it" || not_ok "md parent deck" "$rc $out"

# --- import of tables ----------------------------------------------------------
printf 'Front,Back,Tags\r\n"Comma, ""quoted"" é?","two\nlines",x y\r\nPlain?,answer,\r\n' >"$T/t.csv"
out=$(DB=$T/tab.db dk import "$T/t.csv" 2>&1); rc=$?
[ $rc = 0 ] && grep -q '2 new' <<<"$out" && ok "import csv with a header" || not_ok "import csv" "$out"
out=$(DB=$T/tab.db dk export --format csv)
grep -q '^"Comma, ""quoted"" é?","two$' <<<"$out" && grep -q '^lines",x y,t,basic' <<<"$out" \
	&& ok "csv fields survive import and export" || not_ok "csv survive" "$out"
# the whole collection as CSV, into an empty database, and out again
dk export --format csv -o "$T/all1.csv"
out=$(DB=$T/csv-all.db dk import -q "$T/all1.csv" 2>&1); rc=$?
DB=$T/csv-all.db dk export --format csv -o "$T/all2.csv"
if [ $rc = 0 ] && cmp -s "$T/all1.csv" "$T/all2.csv" && [ "$(grep -c ',mcq'$'\r''$' "$T/all1.csv")" -gt 5 ]; then
	ok "csv round trip of the collection is byte for byte, types included"
else
	not_ok "csv round trip of the collection" "$rc $out $(diff "$T/all1.csv" "$T/all2.csv" | head -20)"
fi
a=$(dk export --format json | grep -o '"type":"[a-z]*"' | sort | uniq -c)
b=$(DB=$T/csv-all.db dk export --format json | grep -o '"type":"[a-z]*"' | sort | uniq -c)
[ "$a" = "$b" ] && ok "csv round trip keeps the type of every card" || not_ok "csv types" "$a
--- $b"
# quotes, commas, newlines, accents and markup characters, byte for byte
{
	printf 'front,back,tags,deck,type\r\n'
	printf '"Comma, ""quoted"" é?","two\nlines, ""more""",x y,Tricky,basic\r\n'
	printf 'What is 2*3*4 and a_b_c?,"It is <tool> and *not* # heading\n# real heading?",,Tricky,basic\r\n'
	printf 'Which starts a Dockerfile?,"- [ ] RUN\n- [x] FROM\n\nFROM picks the base.",,Tricky,mcq\r\n'
	printf 'Type the listing command.,docker ps -a,cli,Tricky,typed\r\n'
	printf 'Ünïcödé ✓ ; 日本語?,Ça va — très bien…,é,Tricky::Sub,basic\r\n'
} >"$T/tricky1.csv"
out=$(DB=$T/tricky.db dk import "$T/tricky1.csv" 2>&1); rc=$?
DB=$T/tricky.db dk export --format csv -o "$T/tricky2.csv"
DB=$T/tricky2.db dk import -q "$T/tricky2.csv" >/dev/null 2>&1
DB=$T/tricky2.db dk export --format csv -o "$T/tricky3.csv"
if [ $rc = 0 ] && grep -q '5 new' <<<"$out" && grep -q ' 0 warnings' <<<"$out" \
	&& cmp -s "$T/tricky1.csv" "$T/tricky2.csv" && cmp -s "$T/tricky2.csv" "$T/tricky3.csv"; then
	ok "csv with quotes, commas, newlines and accents: import, export, again: the same bytes"
else
	not_ok "tricky csv round trip" "$rc $out $(diff "$T/tricky1.csv" "$T/tricky2.csv"; diff "$T/tricky2.csv" "$T/tricky3.csv")"
fi
out=$(DB=$T/tricky.db dk search --json heading)
grep -q '"front":"What is 2\\\\\*3\\\\\*4 and a\\\\_b\\\\_c?"' <<<"$out" && ok "csv text escaped into markdown" || not_ok "csv escaped" "$out"
dk export --format tsv --deck Réseaux -o "$T/r.tsv"
out=$(DB=$T/tsv.db dk import "$T/r.tsv" 2>&1); rc=$?
[ $rc = 0 ] && grep -q '3 new' <<<"$out" && ok "import our own tsv" || not_ok "import tsv" "$out"
printf '#separator:tab\n#html:true\n#tags column:3\nWhat is <b>k8s</b>?\tAn orchestrator&nbsp;&amp; more<br>line 2\tkube\n' >"$T/anki.txt"
DB=$T/anki.db dk import -q "$T/anki.txt" >/dev/null 2>&1
out=$(DB=$T/anki.db dk export --format json)
grep -q '"front":"What is k8s?","back":"An orchestrator & more\\\\\\nline 2"' <<<"$out" && grep -q '"tags":"kube"' <<<"$out" \
	&& ok "import an Anki plain text export, HTML reduced" || not_ok "anki import" "$out"

# Anki's notes with guid, note type, deck and tags columns; a newer export
# of the same notes updates the cards and keeps their history
printf '#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:6\n' >"$T/guid.txt"
printf 'f!Xq2\tBasic\tAnki::Net\tWhich driver spans hosts?\toverlay\tnet\n' >>"$T/guid.txt"
printf 'Zz9\tCloze\tAnki::Net\tA {{c1::bridge}} stays on one host.\t\tnet\n' >>"$T/guid.txt"
out=$(DB=$T/guid.db dk import "$T/guid.txt" 2>&1); rc=$?
j=$(DB=$T/guid.db dk export --format json)
if [ $rc = 0 ] && grep -q '"deck":"Anki::Net".*"front":"Which driver spans hosts?","back":"overlay","key":"id:anki-f_21Xq2","tags":"net"' <<<"$j" \
	&& grep -q '"type":"cloze".*"key":"id:anki-Zz9#c1"' <<<"$j"; then
	ok "Anki notes: guid, note type, deck and tags columns"
else
	not_ok "anki meta columns" "$rc $out $j"
fi
printf '\n3\nq\n' | DB=$T/guid.db dk review --plain --deck Anki >/dev/null 2>&1
sed -i 's/Which driver spans hosts?/Which network driver spans several hosts?/' "$T/guid.txt"
out=$(DB=$T/guid.db dk import "$T/guid.txt" 2>&1)
n_rev=$(sqlite3 "$T/guid.db" "SELECT count(*) FROM reviews r JOIN cards c ON c.id = r.card WHERE c.key = 'id:anki-f_21Xq2'" 2>/dev/null || echo 1)
grep -q '0 new, 1 updated' <<<"$out" && [ "$n_rev" = 1 ] \
	&& ok "a newer Anki export of the same notes updates them, history kept" || not_ok "anki guid update" "$out $n_rev"

# --- backup --------------------------------------------------------------------
if command -v sqlite3 >/dev/null; then
	# a reader holding a read transaction open during the copy
	(printf 'BEGIN;\nSELECT count(*) FROM cards;\n'; sleep 3; printf 'COMMIT;\n') | sqlite3 "$DB" >/dev/null 2>&1 &
	pids="$pids $!"
	sleep 0.5
	out=$(dk backup "$T/copy.db" 2>&1); rc=$?
	[ $rc = 0 ] && [ "$(sqlite3 "$T/copy.db" 'PRAGMA integrity_check')" = ok ] \
		&& [ "$(sqlite3 "$T/copy.db" 'SELECT count(*) FROM reviews')" = 3 ] \
		&& ok "backup while another process reads" || not_ok "backup with reader" "$rc $out"
	[ "$(sqlite3 "$T/copy.db" 'PRAGMA journal_mode')" = delete ] && ok "backup is one self-contained file" \
		|| not_ok "backup journal mode"
else
	dk backup "$T/copy.db" >/dev/null 2>&1
	ok "# SKIP no sqlite3 for the reader"
	ok "# SKIP no sqlite3"
fi
out=$(DB=$T/copy.db dk decks 2>&1); rc=$?
[ $rc = 0 ] && grep -q Réseaux <<<"$out" && ok "the backup opens as a database" || not_ok "backup opens" "$out"
out=$(dk backup "$T/copy.db" 2>&1); rc=$?
[ $rc = 1 ] && grep -q 'already exists' <<<"$out" && ok "backup refuses to overwrite" || not_ok "backup overwrite" "$rc $out"
out=$(dk backup --force "$T/copy.db" 2>&1); rc=$?
[ $rc = 0 ] && ok "backup --force overwrites" || not_ok "backup force" "$rc $out"
out=$(dk backup 2>&1); rc=$?
[ $rc = 2 ] && ok "backup without a file: exit 2" || not_ok "backup no file" "$rc $out"

# the database itself, even with --force, while a review writes to it
HDB=$T/h.db
dk backup "$HDB" >/dev/null 2>&1
dh() { "$BIN" --db "$HDB" --now "$NOW" "$@"; }
mkfifo "$T/review-in"
dh review --plain <"$T/review-in" >/dev/null 2>&1 &
rpid=$!
pids="$pids $rpid"
exec 7>"$T/review-in"
printf '\n3\n' >&7
sleep 1
rc_all=0 msgs=
for target in "$HDB" "$HDB-wal" "$HDB-shm" "$HDB-journal" "$T/../$(basename "$T")/h.db"; do
	out=$(dh backup --force "$target" 2>&1); rc=$?
	msgs="$msgs$target: $rc $out"$'\n'
	[ $rc = 1 ] && grep -q "it is the database being copied" <<<"$out" || rc_all=1
done
ln "$HDB" "$T/hard-link.db"
out=$(dh backup --force "$T/hard-link.db" 2>&1); rc=$?
msgs="$msgs hard link: $rc $out"
[ $rc = 1 ] || rc_all=1
rm -f "$T/hard-link.db"
out=$(DB=$HDB dk backup --force "$HDB" 2>&1); rc=$?
[ $rc = 1 ] && grep -q "^dkquiz: cannot write backup '$HDB': it is the database being copied$" <<<"$out" || rc_all=1
[ $rc_all = 0 ] && ok "backup refuses the database, its -wal, -shm, -journal and other names of it" \
	|| not_ok "backup onto the database" "$msgs $out"
printf '\n3\nq\n' >&7
exec 7>&-
wait "$rpid" 2>/dev/null
n_rev=$(sqlite3 "$HDB" 'SELECT count(*) FROM reviews' 2>/dev/null)
[ "$n_rev" = 5 ] && [ "$(sqlite3 "$HDB" 'PRAGMA integrity_check' 2>/dev/null)" = ok ] \
	&& ok "the answers of the review survive the refused backup" || not_ok "answers kept" "reviews: $n_rev"
if command -v sqlite3 >/dev/null; then
	# a writer holding its write transaction open during the copy: the
	# copy is the last committed state, without the pending change
	(printf 'BEGIN IMMEDIATE;\nUPDATE card_state SET suspended = 1;\n'; sleep 3; printf 'COMMIT;\n') \
		| sqlite3 "$HDB" >/dev/null 2>&1 &
	wpid=$!
	pids="$pids $wpid"
	sleep 0.5
	out=$(dh backup "$T/during-write.db" 2>&1); rc=$?
	wait "$wpid"
	[ $rc = 0 ] && [ "$(sqlite3 "$T/during-write.db" 'PRAGMA integrity_check')" = ok ] \
		&& [ "$(sqlite3 "$T/during-write.db" 'SELECT count(*) FROM card_state WHERE suspended')" = 0 ] \
		&& [ "$(sqlite3 "$T/during-write.db" 'SELECT count(*) FROM reviews')" = 5 ] \
		&& [ "$(sqlite3 "$HDB" 'SELECT count(*) FROM card_state WHERE suspended = 0')" = 0 ] \
		&& ok "backup while another process writes: the committed state" || not_ok "backup with writer" "$rc $out"
else
	ok "# SKIP no sqlite3 for the writer"
fi
ls "$T" | grep -q 'tmp-' && not_ok "no temporary files left" || ok "no temporary files left"

# --- review log ----------------------------------------------------------------
out=$(dk export --reviews 2>&1); rc=$?
[ $rc = 0 ] && [ "$(head -1 <<<"$out")" = 'card_id,review_time,review_rating,review_state,review_duration' ] \
	&& [ "$(grep -c '^[0-9]*,[0-9]*,[1-4],[0-3],[0-9]*$' <<<"$out")" = 3 ] \
	&& ok "export --reviews: the optimiser's CSV" || not_ok "export reviews" "$out"

# --- one question in two files of a deck ---------------------------------------
mkdir -p "$T/dup"
printf -- '---\ndeck: Dup\n---\n# Dup\n\n### What does docker ps list?\n\nRunning containers.\n' >"$T/dup/a.md"
printf -- '---\ndeck: Dup\n---\n# Dup\n\n### Which port?\n\n80.\n\n### What does Docker  PS list?\n\nThe running ones.\n' >"$T/dup/b.md"
out=$(cd "$T/dup" && "$BIN" --db "$T/dup.db" --now "$NOW" import a.md b.md 2>&1); rc=$?
if [ $rc = 0 ] && grep -q '^b\.md:10: warning: duplicate question, also in a\.md:6$' <<<"$out" \
	&& grep -q '^b\.md: 2 new, 0 updated, 0 unchanged, 0 retired, 1 warning$' <<<"$out"; then
	ok "a question asked in two files: file:line warning naming the other file and line"
else
	not_ok "duplicate across files warned" "$rc $out"
fi
out=$("$BIN" --db "$T/dup.db" --now "$NOW" search docker ps 2>&1)
[ "$(grep -c 'docker ps\|Docker  PS' <<<"$out")" -ge 2 ] && ok "both copies are kept as cards" \
	|| not_ok "both copies kept" "$out"
printf '\n' >>"$T/dup/b.md"
out=$(cd "$T/dup" && LANGUAGE=fr LC_ALL=fr_FR.UTF-8 "$BIN" --db "$T/dup.db" --now "$NOW" import b.md 2>&1)
if locale -a 2>/dev/null | grep -qi '^fr_FR.utf8$'; then
	grep -q '^b\.md:10 : avertissement : question en double, aussi dans a\.md:6$' <<<"$out" \
		&& ok "the duplicate warning in French" || not_ok "duplicate warning in French" "$out"
fi
rm "$T/dup/a.md"
printf '\n\n' >>"$T/dup/b.md"
out=$(cd "$T/dup" && "$BIN" --db "$T/dup.db" --now "$NOW" import b.md 2>&1); rc=$?
[ $rc = 0 ] && ! grep -q duplicate <<<"$out" && ok "no warning once the other file is gone" \
	|| not_ok "other file gone: no warning" "$out"

echo "1..$n"
[ $failed = 0 ]
