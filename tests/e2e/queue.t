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
export LC_ALL=C.UTF-8 LANGUAGE= TZ=CET-1CEST,M3.5.0,M10.5.0/3 HOME=$T/home XDG_DATA_HOME= DKQUIZ_DB= DKQUIZ_NOW= NO_COLOR=
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

# --- waiting for a learning card in line mode ----------------------------------
DB=$T/wait.db
cat >"$T/wait.md" <<'EOF2'
---
deck: Wait
---

## What waits ten minutes?

A learning card.
EOF2
at 2026-12-03T10:00 import -q "$T/wait.md" >/dev/null 2>&1
# Good: its 10-minute step; w waits for it (the clock given moves on), Good again.
run at 2026-12-03T10:00 review --plain <<<$'\n3\nw\n\n3\nq'
grep -q 'w wait for it' <<<"$out" && grep -q '^Waiting until 2026-12-03 10:10\.$' <<<"$out" \
	&& [ "$(grep -c '^\[' <<<"$out")" = 2 ] && grep -q '1 again 1m, 2 hard' <<<"$out" \
	&& grep -q 'Session over: 2 reviewed' <<<"$out" \
	&& ok "w waits until the learning card is due, then shows it" || not_ok "w" "$out"
if $have_sqlite; then
	run sqlite3 "$DB" "SELECT max(at_ms) - min(at_ms) FROM reviews"
	[ "$out" = 600000 ] && ok "the second answer is given at the due instant" || not_ok "wait instant" "$out"
else
	ok "# SKIP wait instant: sqlite3 shell not installed"
fi

# --- leeches: the threshold, the tag, the statistics ----------------------------
DB=$T/leech.db
cat >"$T/leech.md" <<'EOF2'
---
deck: Leech
tags: t1
---

## What slips once?

Once.

## What slips three times?

Thrice.

## What never slips?

Never.
EOF2
cat >"$T/other.md" <<'EOF2'
---
deck: Other
tags: t_
---

## What is tagged t_?

This.
EOF2
at 2026-12-01T10:00 import -q "$T/leech.md" "$T/other.md" >/dev/null 2>&1
# --tag takes a whole tag: t_ is not t1.
run at 2026-12-02T10:05 review --plain --cram --tag t_ <<<$'\n3\n\n3\nq'
[ "$(grep -c '^\[' <<<"$out")" = 1 ] && grep -q '^What is tagged t_' <<<"$out" \
	&& ok "--tag t_ takes only the cards tagged t_" || not_ok "--tag t_" "$out"
if $have_sqlite; then
	sqlite3 "$DB" "UPDATE card_state SET state = 2, stability = 3, difficulty = 5, due_ms = 0,
		last_review_ms = 1764500000000, reps = 5, lapses = CASE
		(SELECT front FROM cards WHERE id = card) WHEN 'What slips once?' THEN 1
		WHEN 'What slips three times?' THEN 3 ELSE 0 END"
	run at 2026-12-02T10:00 search is:leech
	[ "$out" = "dkquiz: no card matches" ] && ok "no leech under the default threshold" \
		|| not_ok "no leech yet" "$out"
	run at 2026-12-02T10:00 config leech-lapses 2
	[ $rc = 0 ] && [ "$out" = "1 card with 2 lapses or more is now a leech, and suspended." ] \
		&& ok "a lower threshold flags the cards past it, and says how many" || not_ok "leech-lapses 2" "$rc $out"
	run at 2026-12-02T10:00 config leech-lapses 2
	[ $rc = 0 ] && [ -z "$out" ] && ok "setting it again flags nothing more" || not_ok "leech-lapses again" "$rc $out"
	leech=$(at 2026-12-02T10:00 search is:leech 2>&1)
	tagged=$(at 2026-12-02T10:00 search tag:leech 2>&1)
	grep -q 'What slips three times' <<<"$leech" && [ "$leech" = "$tagged" ] \
		&& ok "tag:leech finds the leech, as is:leech does" || not_ok "tag:leech" "$leech / $tagged"
	run at 2026-12-02T10:00 stats --plain
	grep -A3 '^Leeches' <<<"$out" | grep -q 'What slips three times' && ! grep -A3 '^Leeches' <<<"$out" | grep -q 'What slips once' \
		&& ok "the statistics list the same leech" || not_ok "stats leeches" "$out"
	sed -i 's/^tags: t1$/tags: renamed/' "$T/leech.md"
	at 2026-12-02T10:05 import -q "$T/leech.md" >/dev/null 2>&1
	run at 2026-12-02T10:05 search tag:leech tag:renamed
	grep -q 'What slips three times' <<<"$out" && ok "a leech keeps its tag when its file's tags change" \
		|| not_ok "leech tag after import" "$out"
	# the student unsuspends it, to practise it
	sqlite3 "$DB" "UPDATE card_state SET suspended = 0 WHERE leech"
	run at 2026-12-02T10:05 review --plain --cram --tag leech <<<$'\n3\nq'
	grep -q '^What slips three times' <<<"$out" && [ "$(grep -c '^\[' <<<"$out")" = 1 ] \
		&& ok "--tag leech selects the leech" || not_ok "--tag leech" "$out"
else
	for i in 1 2 3 4 5 6 7; do ok "# SKIP leeches: sqlite3 shell not installed"; done
fi

# --- an exam on one deck governs that deck only ---------------------------------
DB=$T/exam.db
for d in Exam Other; do
	{
		printf -- '---\ndeck: %s\n---\n\n' "$d"
		for i in $(seq 1 30); do printf '## What is %s fact %d?\n\nFact %d of %s.\n\n' "$d" "$i" "$i" "$d"; done
	} >"$T/$d.md"
done
at 2026-12-02T09:00 import -q "$T/Exam.md" "$T/Other.md" >/dev/null 2>&1
at 2026-12-02T09:00 config new-per-day 5 >/dev/null 2>&1
at 2026-12-02T09:00 exam --date 2026-12-16 --deck Exam --minutes-per-day 30 >/dev/null 2>&1
answers() { for i in $(seq 1 150); do printf '\n3\n'; done; }
# fronts shown, once each
shown_decks() { grep -A1 '^\[' | grep '^What is' | sort -u | sed 's/^What is \([A-Za-z]*\) .*/\1/' | uniq -c | awk '{print $2 "=" $1}' | tr '\n' ' '; }
run at 2026-12-02T10:00 review --plain --deck Other < <(answers)
[ "$(shown_decks <<<"$out")" = "Other=5 " ] && ok "a review of another deck takes new-per-day, not the plan's share" \
	|| not_ok "review of another deck" "$(shown_decks <<<"$out")"
share=$(at 2026-12-02T10:00 exam --json 2>/dev/null | sed -n 's/.*"new_today":\([0-9]*\).*/\1/p')
run at 2026-12-02T11:00 review --plain < <(answers)
[ -n "$share" ] && [ "$share" -gt 5 ] && [ "$(shown_decks <<<"$out")" = "Exam=$share " ] \
	&& ok "a review of everything takes the plan's share of the exam's deck ($share) and no more of the other" \
	|| not_ok "review of everything" "share $share: $(shown_decks <<<"$out")"
if $have_sqlite; then
	run sqlite3 "$DB" "SELECT d.name, s.state, count(*) FROM card_state s JOIN cards c ON c.id = s.card
		JOIN decks d ON d.id = c.deck WHERE s.state != 0 GROUP BY 1, 2"
	[ "$out" = "Exam|2|$share
Other|2|5" ] && ok "each deck's cards went through their own learning steps" || not_ok "steps" "$out"
else
	ok "# SKIP steps: sqlite3 shell not installed"
fi
# A new day: the plan's share for the exam's deck, new-per-day for the other.
share=$(at 2026-12-03T10:00 exam --json 2>/dev/null | sed -n 's/.*"new_today":\([0-9]*\).*/\1/p')
want="Other=5 "
[ "$share" != 0 ] && want="Exam=$share Other=5 "
run at 2026-12-03T11:00 review --plain < <(answers)
[ -n "$share" ] && [ "$(shown_decks <<<"$out")" = "$want" ] \
	&& ok "a mixed review: the plan's share of exam cards ($share) and new-per-day others" \
	|| not_ok "mixed review" "share $share: $(shown_decks <<<"$out")"


# --- new cards behind many buried ones ---------------------------------------
# A review reads the new cards it needs and some more; when those are all
# out of reach (60 buried until tomorrow ahead of the rest), it reads on
# rather than offer none.
DB=$T/buried.db
awk 'BEGIN { print "---\ndeck: Many\n---\n"
	for (i = 0; i < 70; i++) printf("## What is card %d?\n\nAnswer %d.\n\n", i, i) }' >"$T/many.md"
at 2026-12-02T09:00 import -q "$T/many.md" >/dev/null 2>&1
at 2026-12-02T09:00 config new-per-day 60 >/dev/null 2>&1
run at 2026-12-02T09:00 review --plain < <(awk 'BEGIN { for (i = 0; i < 60; i++) printf("\nb\n"); print "q" }')
[ "$(grep -c '^buried until tomorrow' <<<"$out")" = 60 ] && ok "60 new cards buried" || not_ok "burying" "$(tail -5 <<<"$out")"
at 2026-12-02T09:00 config new-per-day 5 >/dev/null 2>&1
run at 2026-12-02T09:05 review --plain <<<'q'
grep -q '^\[1/5\] Many' <<<"$out" && grep -q '^What is card 60?' <<<"$out" \
	&& ok "the 5 new cards after the 60 buried ones are offered" || not_ok "new cards after buried ones" "$out"

echo "1..$n"
[ $failed = 0 ]
