#!/usr/bin/env bash
# config.t - `dkquiz config` (list, read, set, unset, validation) and
# `dkquiz exam` (recording the date, readiness, the plan, --json, --clear),
# on a database in a temporary directory with a fixed clock. Prints TAP.
set -u
SRC=${DKQUIZ_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
BIN=${DKQUIZ_BIN:-$SRC/build/dkquiz}
FIX=$SRC/tests/e2e/fixtures
if [ ! -x "$BIN" ]; then
	echo "1..0 # SKIP no binary at $BIN"
	exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/dkquiz-config.XXXXXX")
trap 'rm -rf "$T"' EXIT
export LC_ALL=C.UTF-8 LANGUAGE= TZ=UTC HOME=$T/home XDG_DATA_HOME= DKQUIZ_DB= DKQUIZ_NOW= NO_COLOR=
DB=$T/db.sqlite
NOW=2026-01-10T09:00:00
dk() { "$BIN" --db "$DB" --now "$NOW" "$@"; }
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/# /'
	return 0
}
# run COMMAND...: sets $out (stdout and stderr) and $rc
run() { out=$("$@" 2>&1); rc=$?; }
have_jq=false
command -v jq >/dev/null 2>&1 && have_jq=true

# --- config -------------------------------------------------------------------
run dk config
[ $rc = 0 ] && [ "$(grep -c '(default)' <<<"$out")" = 9 ] && ok "config lists nine settings, all default" \
	|| not_ok "config lists defaults" "$rc $out"
[ ! -e "$DB" ] && ok "listing does not create the database" || not_ok "listing created the database"
missing=
for k in retention max-interval learning-steps relearning-steps new-per-day reviews-per-day \
	rollover leech-lapses weights; do
	grep -q "^$k " <<<"$out" || missing="$missing $k"
done
[ -z "$missing" ] && ok "every setting is listed" || not_ok "missing:$missing" "$out"
run dk config retention
[ $rc = 0 ] && [ "$out" = 0.9 ] && ok "config KEY prints the default" || not_ok "config KEY default" "$rc $out"

run dk config retention 0.85
[ $rc = 0 ] && [ -z "$out" ] && [ -f "$DB" ] && ok "config KEY VALUE sets, silently" || not_ok "config set" "$rc $out"
run dk config retention
[ "$out" = 0.85 ] && ok "the value is read back" || not_ok "read back" "$out"
run dk config
grep -q '^retention *0\.85$' <<<"$out" && [ "$(grep -c '(default)' <<<"$out")" = 8 ] \
	&& ok "the list shows it without the default marker" || not_ok "list after set" "$out"

run dk config retention 0.5
[ $rc = 1 ] && [ "$out" = "dkquiz: retention must be between 0.70 and 0.99" ] \
	&& ok "an invalid retention: exit 1 and the message" || not_ok "invalid retention" "$rc $out"
run dk config retention
[ "$out" = 0.85 ] && ok "the database is unchanged after a refused value" || not_ok "unchanged" "$out"
run dk config max-interval 0
[ $rc = 1 ] && grep -q '^dkquiz: max-interval' <<<"$out" && ok "max-interval 0 refused" || not_ok "max-interval 0" "$rc $out"
run dk config learning-steps 1m 1.5m
[ $rc = 1 ] && grep -q "invalid step '1.5m'" <<<"$out" && ok "a bad step is named" || not_ok "bad step" "$rc $out"
run dk config weights 1 2 3
[ $rc = 1 ] && grep -q 'weights must be 21 numbers' <<<"$out" && ok "three weights refused" || not_ok "weights count" "$rc $out"
W19="0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912"
run dk config weights "$W19, 0.0658, 9"
[ $rc = 1 ] && [ "$out" = "dkquiz: weight w20 must be between 0.1 and 0.8" ] && ok "a weight out of its range is named" \
	|| not_ok "w20 out of range" "$rc $out"
run dk config weights "-$W19, 0.0658, 0.1542"
[ $rc = 1 ] && [ "$out" = "dkquiz: weight w0 must be between 0.001 and 100" ] && ok "a negative w0 is refused" \
	|| not_ok "negative w0" "$rc $out"
run dk config weights
[ "$out" = "0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542" ] \
	&& ok "the weights are unchanged after a refused list" || not_ok "weights unchanged" "$out"

run dk config nope
[ $rc = 2 ] && grep -q "unknown setting 'nope'" <<<"$out" && grep -q "Try 'dkquiz config --help'" <<<"$out" \
	&& ok "an unknown key is a usage error" || not_ok "unknown key" "$rc $out"
run dk config nope 3
[ $rc = 2 ] && ok "setting an unknown key: exit 2" || not_ok "unknown key set" "$rc $out"
run dk config rollover 3 4
[ $rc = 2 ] && ok "too many arguments: exit 2" || not_ok "too many arguments" "$rc $out"
run dk config --unset
[ $rc = 2 ] && ok "--unset without a key: exit 2" || not_ok "--unset alone" "$rc $out"

run dk config learning-steps 2m 20m
run dk config learning-steps
[ "$out" = "2m 20m" ] && ok "a list may come unquoted" || not_ok "unquoted list" "$out"
run dk config reviews-per-day NONE
run dk config reviews-per-day
[ "$out" = none ] && ok "reviews-per-day none, as one spelling" || not_ok "none" "$out"
run dk config --unset retention
[ $rc = 0 ] && [ "$(dk config retention)" = 0.9 ] && ok "--unset restores the default" || not_ok "--unset" "$rc $out"
run env LC_ALL=fr_FR.UTF-8 "$BIN" --db "$DB" config retention 0,92
[ $rc = 0 ] && [ "$(dk config retention)" = 0.92 ] && ok "a decimal comma is stored with a point" \
	|| not_ok "decimal comma" "$rc $out"
run dk config --help
[ $rc = 0 ] && grep -q 'retention' <<<"$out" && grep -q -- '--unset' <<<"$out" \
	&& ok "config --help lists the settings" || not_ok "config --help" "$out"

# --- exam: recording ----------------------------------------------------------
run dk exam
[ $rc = 0 ] && grep -q 'No exam date set' <<<"$out" && ok "exam without a date says so" || not_ok "no exam" "$rc $out"
run dk exam --date 2025-12-01
[ $rc = 1 ] && grep -q 'is in the past' <<<"$out" && ok "a past date: exit 1" || not_ok "past date" "$rc $out"
run dk exam --date 2026-01-10 --time 08:00
[ $rc = 1 ] && ok "earlier today is past too" || not_ok "earlier today" "$rc $out"
run dk exam --date 2026-02-30
[ $rc = 2 ] && grep -q 'invalid date' <<<"$out" && ok "an impossible date: exit 2" || not_ok "2026-02-30" "$rc $out"
run dk exam --date 20260120
[ $rc = 2 ] && ok "a malformed date: exit 2" || not_ok "malformed date" "$rc $out"
run dk exam --time 10:00
[ $rc = 2 ] && ok "--time needs --date" || not_ok "--time alone" "$rc $out"
run dk exam --minutes-per-day 20
[ $rc = 1 ] && grep -q 'no exam date set' <<<"$out" && ok "--minutes-per-day needs an exam" || not_ok "minutes alone" "$rc $out"
run dk exam --clear --date 2026-01-20
[ $rc = 2 ] && ok "--clear takes no other option" || not_ok "--clear with --date" "$rc $out"
run dk exam --date 2026-01-20 --minutes-per-day abc
[ $rc = 2 ] && ok "--minutes-per-day must be a number" || not_ok "minutes abc" "$rc $out"

run dk import -q "$FIX/exam-deck.md" "$FIX/exam-k8s.md"
[ $rc = 0 ] && ok "import the exam fixtures" || not_ok "import" "$out"

run dk exam --date 2026-01-20 --minutes-per-day 15
[ $rc = 0 ] && grep -q '^Exam: 2026-01-20 09:00 (in 10 days)' <<<"$out" && ok "exam --date records and shows" \
	|| not_ok "exam --date" "$rc $out"
grep -q 'Predicted recall at the exam: 0% now' <<<"$out" && grep -q 'Cards: 10, never seen: 10' <<<"$out" \
	&& ok "nothing seen: recall 0%, ten cards never seen" || not_ok "readiness numbers" "$out"
grep -q '^Exam::Docker  *6  *6  *0%' <<<"$out" && grep -q '^Exam::Kubernetes  *4  *4 ' <<<"$out" \
	&& ok "per-deck lines" || not_ok "per deck" "$out"
grep -q '^kubernetes  *4 ' <<<"$out" && grep -q '^cli  *6 ' <<<"$out" && ok "per-tag lines" || not_ok "per tag" "$out"
grep -q 'Plan, at most 15 minutes a day' <<<"$out" && [ "$(grep -c '^2026-01-[12][0-9] ' <<<"$out")" = 10 ] \
	&& ok "a plan line for each of the ten days" || not_ok "plan lines" "$out"
run sqlite3 "$DB" "SELECT key, value FROM settings WHERE key LIKE 'exam.%' ORDER BY key"
if command -v sqlite3 >/dev/null 2>&1; then
	grep -q '^exam.at|1768899600000$' <<<"$out" && grep -q '^exam.minutes|15$' <<<"$out" \
		&& ok "the exam is stored as epoch ms and minutes" || not_ok "stored exam" "$out"
else
	ok "# SKIP sqlite3 shell not installed"
fi

if $have_jq; then
	run dk exam --json
	if [ $rc = 0 ] && jq -e . >/dev/null 2>&1 <<<"$out"; then ok "--json is valid JSON"; else not_ok "--json" "$out"; fi
	[ "$(jq '.days_left, (.days | length), .cards, .unseen, .minutes_per_day' <<<"$out" | tr '\n' ' ')" = "10 10 10 10 15 " ] \
		&& ok "--json numbers" || not_ok "--json numbers" "$out"
	[ "$(jq '[.days[].new] | add' <<<"$out")" = 10 ] && ok "every new card is planned" || not_ok "new total" "$out"
	[ "$(jq '[.days[] | select(.minutes > 15)] | length' <<<"$out")" = 0 ] \
		&& ok "no day over the budget" || not_ok "budget" "$out"
	[ "$(jq '[.days[-3:][].new] | add' <<<"$out")" = 0 ] \
		&& ok "the last three days introduce nothing new" || not_ok "buffer" "$out"
	run env LC_ALL=fr_FR.UTF-8 "$BIN" --db "$DB" --now "$NOW" exam --json
	jq -e '.projected > 0' >/dev/null 2>&1 <<<"$out" && ok "--json numbers use a point in French too" \
		|| not_ok "--json under fr_FR" "$out"
else
	for t in 1 2 3 4 5 6; do ok "# SKIP jq not installed"; done
fi

run dk exam --deck Exam::Kubernetes
grep -q 'Cards: 4, never seen: 4' <<<"$out" && ok "--deck narrows what is shown" || not_ok "--deck" "$out"
run dk exam --deck Nope
[ $rc = 0 ] && grep -q "^The deck Nope has no cards (see 'dkquiz decks')\.$" <<<"$out" && ! grep -q 'import some' <<<"$out" \
	&& ok "a deck without cards is said so" || not_ok "--deck Nope" "$rc $out"
# A new date keeps the budget and the deck recorded.
run dk exam --date 2026-01-20 --minutes-per-day 15 --deck Exam::Docker
run dk exam --date 2026-01-21
[ $rc = 0 ] && grep -q 'Plan, at most 15 minutes a day' <<<"$out" && grep -q '^Exam: 2026-01-21 09:00 (in 11 days), deck Exam::Docker$' <<<"$out" \
	&& ok "a new date alone keeps the budget and the deck" || not_ok "new date keeps" "$rc $out"
run dk exam --date 2026-01-20 --minutes-per-day 0 --deck ""
[ $rc = 0 ] && grep -q 'Plan, with no daily limit' <<<"$out" && grep -q '^Exam: 2026-01-20 09:00 (in 10 days)$' <<<"$out" \
	&& ok "--minutes-per-day 0 and --deck \"\" clear them" || not_ok "clear budget and deck" "$rc $out"
run dk exam --date 2026-01-20 --minutes-per-day 15

# --- exam: readiness after a session ------------------------------------------
run dk config learning-steps ""
# While an exam is set the session follows the plan: with one minute a day,
# today it introduces the few new cards that fit, not all six of the deck.
run dk exam --date 2026-01-20 --minutes-per-day 1
answered=$(printf '\n3\n%.0s' 1 2 3 4 5 6 | dk review --plain --deck Exam::Docker 2>/dev/null | grep -c '^\[')
[ "$answered" -ge 1 ] && [ "$answered" -lt 6 ] && ok "the session introduces the plan's quota ($answered)" \
	|| not_ok "plan quota" "$answered"
run dk exam
grep -q "Cards: 10, never seen: $((10 - answered))" <<<"$out" && ok "answered cards are no longer unseen" || not_ok "after review" "$out"
pct=$(sed -n 's/^Predicted recall at the exam: \([0-9]*\)% now.*/\1/p' <<<"$out")
[ -n "$pct" ] && [ "$pct" -gt 0 ] && [ "$pct" -lt 60 ] && ok "recall now is the mean with new cards at 0 ($pct%)" \
	|| not_ok "recall now" "$out"
grep -q '^Exam::Kubernetes  *4  *4  *0%' <<<"$out" && ok "the unseen deck stays at 0%" || not_ok "unseen deck" "$out"

# Under the plan a new card has only its first learning step: answered Good,
# it is in review at once (the settings' second step is skipped), while
# without an exam it would go on to that step.
run dk config learning-steps "1m 10m"
run dk exam --date 2026-01-20 --minutes-per-day 30
printf '\n3\nq\n' | dk review --plain --deck Exam::Kubernetes >/dev/null 2>&1
if command -v sqlite3 >/dev/null 2>&1; then
	last_state() { sqlite3 "$DB" "SELECT s.state FROM reviews r JOIN card_state s ON s.card = r.card
		ORDER BY r.id DESC LIMIT 1"; }
	[ "$(last_state)" = 2 ] && ok "under the plan, Good on a new card graduates it" \
		|| not_ok "plan steps" "state $(last_state)"
	run dk exam --clear
	printf '\n3\nq\n' | dk review --plain --deck Exam::Kubernetes >/dev/null 2>&1
	[ "$(last_state)" = 1 ] && ok "without an exam, Good on a new card goes to the next step" \
		|| not_ok "settings steps" "state $(last_state)"
else
	ok "# SKIP plan steps: sqlite3 shell not installed"
	ok "# SKIP settings steps: sqlite3 shell not installed"
fi

run dk exam --clear
run dk exam --date 2026-01-12 --time 14:00
[ $rc = 0 ] && grep -q '(in 2 days)' <<<"$out" && grep -q 'Plan, with no daily limit' <<<"$out" \
	&& ok "after --clear, a new date has no budget" || not_ok "new date" "$rc $out"
run "$BIN" --db "$DB" --now 2026-01-13T09:00:00 exam
[ $rc = 0 ] && grep -q 'has passed' <<<"$out" && ok "a passed exam is reported" || not_ok "passed" "$rc $out"

run dk exam --clear
[ $rc = 0 ] && [ "$(dk exam)" = "No exam date set. Set one with 'dkquiz exam --date YYYY-MM-DD'." ] \
	&& ok "--clear forgets the exam" || not_ok "--clear" "$rc $out"
run dk exam --help
[ $rc = 0 ] && grep -q -- '--minutes-per-day' <<<"$out" && ok "exam --help" || not_ok "exam --help" "$out"

echo "1..$n"
[ $failed = 0 ]
