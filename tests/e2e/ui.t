#!/usr/bin/env bash
# ui.t - the curses UI driven in a private tmux server (80x24), printing TAP.
#
# Every wait polls the pane for the expected text with a timeout; nothing
# relies on a fixed delay.

set -u

SRC=${DKQUIZ_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
BIN=${DKQUIZ_BIN:-$SRC/build/dkquiz}
NOW=2026-01-10T09:00:00
FIXTURES=$SRC/tests/e2e/fixtures

if [ ! -x "$BIN" ]; then
	echo "1..0 # SKIP dkquiz binary not found at $BIN"
	exit 0
fi
if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/dkquiz-ui.XXXXXX")
SOCK=dkq$$
TM="tmux -L $SOCK -f /dev/null"
DB=$T/db.sqlite
n=0
failed=0

cleanup() {
	$TM kill-server >/dev/null 2>&1
	rm -rf "$T"
}
trap cleanup EXIT

ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}

not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	if [ -n "${2:-}" ]; then
		echo "$2" | sed 's/^/# /'
	fi
}

# The environment every run of the binary gets.
RUN_ENV="env -u NO_COLOR LC_ALL=C.UTF-8 TERM=xterm-256color HOME=$T XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data XDG_STATE_HOME=$T/state EDITOR=true VISUAL=true"
DK="$BIN --db $DB --now $NOW"

capture() {
	$TM capture-pane -p -t "${1:-ui}" 2>/dev/null
}

# wait_for TEXT [TIMEOUT_SECONDS] [TARGET]: poll until the pane shows TEXT.
wait_for() {
	local text=$1 timeout=${2:-10} target=${3:-ui}
	local deadline=$((SECONDS + timeout))
	while [ $SECONDS -le $deadline ]; do
		if capture "$target" | grep -qF -- "$text"; then
			return 0
		fi
		sleep 0.05
	done
	return 1
}

# wait_gone TEXT: poll until the pane no longer shows TEXT.
wait_gone() {
	local text=$1 timeout=${2:-10} target=${3:-ui}
	local deadline=$((SECONDS + timeout))
	while [ $SECONDS -le $deadline ]; do
		if ! capture "$target" | grep -qF -- "$text"; then
			return 0
		fi
		sleep 0.05
	done
	return 1
}

check() {
	local desc=$1 text=$2 target=${3:-ui}
	if wait_for "$text" 10 "$target"; then
		ok "$desc"
	else
		not_ok "$desc" "expected '$text' on screen; got:
$(capture "$target")"
	fi
}

check_gone() {
	local desc=$1 text=$2
	if wait_gone "$text"; then
		ok "$desc"
	else
		not_ok "$desc" "'$text' still on screen:
$(capture)"
	fi
}

keys() {
	$TM send-keys -t "${TARGET:-ui}" "$@"
}

# wait_bottom TARGET: after a resize, until the program draws on the last
# row again (tmux may resize in two steps, the program seeing the first).
wait_bottom() {
	local deadline=$((SECONDS + 10))
	while [ $SECONDS -le $deadline ]; do
		[ -n "$(capture "$1" | sed -n '$p')" ] && return 0
		sleep 0.05
	done
	return 1
}

# Start the server with a fixed-size window running a shell we talk to.
$TM new-session -d -s main -x 80 -y 24 -n idle "sleep 100000" || {
	echo "1..0 # SKIP tmux could not start a server"
	exit 0
}
$TM set-option -g status off >/dev/null
$TM set-option -g remain-on-exit on >/dev/null

# start NAME COMMAND: a new 80x24 session running COMMAND; it prints the exit
# code and the terminal modes, on one line written at once, when the program
# ends. (One session per
# program: tmux 3.3 cannot add windows to a session nobody is attached to
# once their size is manual.)
start() {
	local name=$1
	shift
	$TM new-session -d -s "$name" -x 80 -y 24 \
		"trap : INT; $RUN_ENV $* 2>$T/$name.err; rc=\$?; m=\$(stty -a | tr ' ;' '\n\n' | grep -E '^-?(icanon|echo)\$' | tr '\n' ' '); echo \"exit=\$rc modes: \$m.\"; sleep 100000"
}

# ---- the deck ------------------------------------------------------------

# A card whose text holds escape sequences (written here: raw ESC bytes).
printf -- '---\ndeck: Escapes\nlang: en\n---\n# Escapes\n\n<!-- id: t-esc -->\n### Which colour is \033[31mTHIS\033[0m text?\nNone: \033[2Jthe sequence is shown\a, not run.\n' >"$T/esc.md"

if $RUN_ENV $DK import "$FIXTURES/ui-deck.md" >"$T/import.out" 2>&1; then
	ok "import the fixture deck"
else
	not_ok "import the fixture deck" "$(cat "$T/import.out")"
fi

# ---- unknown terminal ------------------------------------------------------

$TM new-session -d -s badterm -x 80 -y 24 \
	"env LC_ALL=C.UTF-8 TERM=no-such-terminal-xyz $DK review 2>$T/badterm.err; echo \"exit=\$?\"; sleep 100000"
if wait_for "exit=" 10 badterm; then
	if capture badterm | grep -q "exit=1" &&
		grep -qF "dkquiz: unknown terminal type 'no-such-terminal-xyz'" "$T/badterm.err"; then
		ok "unknown TERM is a clean error, exit 1"
	else
		not_ok "unknown TERM is a clean error, exit 1" "$(capture badterm; cat "$T/badterm.err")"
	fi
else
	not_ok "unknown TERM is a clean error, exit 1" "$(capture badterm)"
fi

# ---- home screen and a whole session ---------------------------------------

start ui "$DK review"
check "home screen lists the deck" "Test"
check "home screen shows the count headers" "Due"
check "home screen lists the keys" "q quit"

keys Enter
check "Enter reviews everything due: first card" "What does docker ps list?"
check "breadcrumb names the deck" "Test"
check "progress is shown" "0 done"
keys Space
check "Space reveals the answer" "The running containers."
check "grade keys show their intervals" "1 Again"
check "all four grades are labelled" "4 Easy"
keys 3
check "grading moves to the next card" "Which command lists images?"
check "progress counts the answer" "1 done"

# The multiple-choice card is waiting for option letters: Esc, then u.
check "a multiple-choice card takes letters first" "a–b choose"
keys u
check "u there is no command while answering" "Esc first"
keys Escape
check "Esc leaves answering: the commands" "i choose"
keys u
check "undo brings the card back" "What does docker ps list?"
check "undo takes the answer back" "0 done"
keys Space
wait_for "The running containers." >/dev/null
keys 3
check "graded again after the undo" "Which command lists images?"

# Multiple choice: options are shuffled; find the letter of the right one.
wait_for "docker images" >/dev/null
letter=$(capture | sed -n 's/.*\([a-z])\) docker images.*/\1/p' | head -1 | cut -c1)
if [ -n "$letter" ]; then
	ok "multiple-choice options are labelled with letters"
	keys "$letter"
	check "a letter selects an option" "●"
	keys Enter
	check "submitting marks the choice right" "Right."
	check "a grade is suggested" "Enter accept"
	keys Enter
else
	not_ok "multiple-choice options are labelled with letters" "$(capture)"
	keys q
fi

check "typed card is shown" "Type the command that lists all containers."
keys -l "docker ps --all"
check "the line editor shows the typing" "docker ps --all"
keys Enter
check "an equivalent command is accepted" "Right."
check "a right answer shows as typed, not rewritten" "Your answer: docker ps --all"
check "with the form it was taken for" "Accepted as the same as: docker ps -a"
keys Enter

check "cloze card shows its gap" "[...] alpine"
keys Space
check "cloze reveal fills the gap" "FROM alpine"

# Resize while a card is on screen: the layout follows at once.
$TM resize-window -t ui -x 60 -y 20 >/dev/null 2>&1
check "after a resize the card is laid out again" "FROM alpine"
$TM resize-window -t ui -x 30 -y 8 >/dev/null 2>&1
check "a terminal below 40x10 gets a message" "too small"
$TM resize-window -t ui -x 80 -y 24 >/dev/null 2>&1
check "back to 80x24 the card returns" "FROM alpine"
check_gone "the too-small message goes away" "too small"

keys 3
check "learning cards left: the wait line" "Next card in"
keys q
check "q ends with the summary" "Session over"
check "the summary counts the cards" "Cards reviewed: 4"
keys x
check "any key leaves the summary for home" "Deck"
keys '?'
check "? shows the help built from the action list" "Undo the last grade"
keys Escape
check_gone "the help closes" "Undo the last grade"
keys q
if wait_for "exit=0" 10 ui; then
	ok "q on the home screen exits with 0"
else
	not_ok "q on the home screen exits with 0" "$(capture)"
fi
if capture ui | grep -qE "(^| )icanon echo"; then
	ok "the terminal is restored after q"
else
	not_ok "the terminal is restored after q" "$(capture)"
fi

# ---- escape sequences in a card --------------------------------------------

# Imported now, so that the session above saw only the Test deck.
if $RUN_ENV $DK import "$T/esc.md" >"$T/import2.out" 2>&1; then
	ok "import a card holding escape sequences"
else
	not_ok "import a card holding escape sequences" "$(cat "$T/import2.out")"
fi
start esc "$DK review --deck Escapes"
check "review --deck opens the deck's cards" "Which colour is" esc
check "ESC in a card shows as a placeholder" "␛[31mTHIS␛[0m" esc
TARGET=esc keys Space
check "the answer's escapes show, and did not clear the screen" "␛[2Jthe sequence is shown" esc
if capture esc | grep -qF "Which colour is"; then
	ok "the question is still on screen (no ESC[2J acted)"
else
	not_ok "the question is still on screen (no ESC[2J acted)" "$(capture esc)"
fi

# ---- e: edit the card's file, re-import it, show the card as edited --------

printf -- '---\ndeck: Edit\nlang: en\n---\n# Edit\n\n<!-- id: t-edit -->\n### What does docker rm do?\n\nOld answer.\n' >"$T/edit.md"
printf '#!/bin/sh\nfor f; do :; done\nsed -i "s/Old answer/New answer/" "$f"\n' >"$T/ed.sh"
chmod +x "$T/ed.sh"
$RUN_ENV $DK import "$T/edit.md" >/dev/null 2>&1
$TM new-session -d -s ed -x 80 -y 24 \
	"$RUN_ENV VISUAL=$T/ed.sh $DK review --deck Edit 2>$T/ed.err; echo \"exit=\$?\"; sleep 100000"
check "the card to edit is shown" "What does docker rm do?" ed
TARGET=ed keys Space
check "its old answer" "Old answer." ed
TARGET=ed keys e
check "after e the card shows the edited answer" "New answer." ed
grep -q "New answer" "$T/edit.md" && ok "the editor changed the file" || not_ok "the editor changed the file"
TARGET=ed keys q q
wait_for "exit=" 10 ed >/dev/null

# ---- e on a card whose shape the edit changes --------------------------------

# A multiple-choice card of five options, then a basic card. Each run of
# the editor rewrites the first card: two options, then a basic answer,
# then out of its file.
printf -- '---\ndeck: Shape\nlang: en\n---\n# Shape\n\n<!-- id: t-shape -->\n### Which ones are container runtimes?\n\n- [x] runc\n- [x] crun\n- [ ] nginx\n- [ ] redis\n- [ ] postgres\n\n<!-- id: t-shape-2 -->\n### What does docker pause do?\n\nIt freezes the processes.\n' >"$T/shape.md"
cat >"$T/ed3.sh" <<'EOS'
#!/bin/sh
for f; do :; done
n=$(cat "$f.step" 2>/dev/null || echo 0)
n=$((n + 1))
echo $n >"$f.step"
head='---
deck: Shape
lang: en
---
# Shape
'
card='<!-- id: t-shape -->
### Which ones are container runtimes?
'
other='<!-- id: t-shape-2 -->
### What does docker pause do?

It freezes the processes.
'
case $n in
1) printf '%s\n%s\n- [x] runc\n- [ ] nginx\n\n%s' "$head" "$card" "$other" >"$f" ;;
2) printf '%s\n%s\nrunc and crun.\n\n%s\n### An empty one?\n' "$head" "$card" "$other" >"$f" ;;
*) printf '%s\n%s' "$head" "$other" >"$f" ;;
esac
EOS
chmod +x "$T/ed3.sh"
$RUN_ENV $DK import "$T/shape.md" >/dev/null 2>&1
start shape "VISUAL=$T/ed3.sh $DK review --deck Shape"
check "a five-option card" "e) " shape
TARGET=shape keys Enter
check "its options marked" "Not quite." shape
TARGET=shape keys e
check "after an edit to two options the card is asked again" "b) " shape
if wait_gone "c) " 5 shape && ! capture shape | grep -q "exit="; then
	ok "the edited card shows its two options only"
else
	not_ok "the edited card shows its two options only" "$(capture shape; cat "$T/shape.err")"
fi
letter=$(capture shape | sed -n 's/.*\([a-z])\) runc.*/\1/p' | head -1 | cut -c1)
TARGET=shape keys "${letter:-a}" Enter
check "its two options can be answered" "Right." shape
TARGET=shape keys e
check "edited into a basic card: its question" "Which ones are container runtimes?" shape
check "the import's warning after the edit is shown on the screen" "warning: question has no answer" shape
if wait_gone "a) " 5 shape && ! capture shape | grep -q "exit="; then
	ok "the basic card has no options left"
else
	not_ok "the basic card has no options left" "$(capture shape; cat "$T/shape.err")"
fi
TARGET=shape keys Space
check "the basic card's answer" "runc and crun." shape
TARGET=shape keys e
check "edited out of its file: the next card" "What does docker pause do?" shape
check "and a notice says the card is retired" "no longer in its file" shape
TARGET=shape keys q
check "the session ends with nothing graded" "Cards reviewed: 0" shape
TARGET=shape keys q
if wait_for "exit=0" 10 shape && capture shape | grep -qE "(^| )icanon echo"; then
	ok "no crash after the edits; the terminal is restored"
else
	not_ok "no crash after the edits; the terminal is restored" "$(capture shape; cat "$T/shape.err")"
fi

# ---- signals: the terminal is restored on every way out -----------------------

# The process a session started with `start` runs (its shell's child),
# found in /proc: a minimal Debian has no pgrep.
pid_in() {
	local shell stat pid comm state ppid rest
	shell=$($TM list-panes -t "$1" -F '#{pane_pid}' 2>/dev/null | head -1)
	[ -n "$shell" ] || return 0
	for stat in /proc/[0-9]*/stat; do
		read -r pid comm state ppid rest <"$stat" 2>/dev/null || continue
		if [ "$ppid" = "$shell" ]; then
			echo "$pid"
			return 0
		fi
	done
}
# signal_test SIGNAL EXIT [ENV]: a review on screen (ENV set), then the
# signal; the program ends with EXIT (a pattern) and the terminal has
# icanon and echo back.
signal_test() {
	local sig=$1 want=$2 env=${3:-} name pid out
	name=sig$sig
	start "$name" "$env $DK review --deck Test"
	if ! wait_for " done " 10 "$name"; then
		not_ok "SIG$sig: the review is on screen" "$(capture "$name")"
		return
	fi
	pid=$(pid_in "$name")
	if [ -z "$pid" ]; then
		not_ok "SIG$sig restores the terminal" "no process found"
		return
	fi
	kill -s "$sig" "$pid"
	if wait_for "exit=" 10 "$name"; then
		out=$(capture "$name")
		if grep -qE "exit=($want) " <<<"$out" && grep -qE "(^| )icanon echo" <<<"$out"; then
			ok "SIG$sig ends the UI (exit $want) and restores the terminal"
		else
			not_ok "SIG$sig ends the UI (exit $want) and restores the terminal" "$out
$(cat "$T/$name.err")"
		fi
	else
		not_ok "SIG$sig ends the UI" "$(capture "$name")"
	fi
}
signal_test TERM 143
signal_test INT 130
signal_test HUP 129
# A crash: what endwin() would do is done in the handler, then the signal
# takes its course (a sanitizer's report, or the default action).
if [ -z "${DKQUIZ_VALGRIND:-}" ]; then
	# (under AddressSanitizer, its own handler would take the crash for a
	# finding of its own)
	signal_test SEGV 139 "ASAN_OPTIONS=${ASAN_OPTIONS:-}:handle_segv=0"
	signal_test ABRT 134
else
	ok "# SKIP fatal signals under valgrind"
	ok "# SKIP fatal signals under valgrind"
fi

# ---- answering mode: letters and keys are the answer until Esc ----------------

# A deck of its own, in file order: five options (b and e among them), a
# typed command, a typed answer of several lines, a basic card.
DBM=$T/modes.sqlite
DKM="$BIN --db $DBM --now $NOW"
cat >"$T/modes.md" <<'EOS'
---
deck: Modes
lang: en
---
# Modes

<!-- id: m-mcq -->
### Which of these are container runtimes?

- [x] runc
- [x] crun
- [ ] nginx
- [ ] redis
- [ ] postgres

<!-- id: m-typed -->
### Type the command that lists the images.

`docker images`

<!-- type: typed -->
<!-- id: m-lines -->
### Which two commands build the image app, then run it detached?

```sh
docker build -t app .
docker run -d app
```

<!-- id: m-basic -->
### What does docker pause do?

It freezes the processes of a container.
EOS
$RUN_ENV $DKM import "$T/modes.md" >/dev/null 2>&1
# an editor that fails changes nothing: the options ticked stay ticked
cp "$DBM" "$T/modes-edit.sqlite"
start mde "env EDITOR=false VISUAL=false $BIN --db $T/modes-edit.sqlite --now $NOW review --deck Modes"
check "an editor that fails: the card is on screen" "a–e choose" mde
TARGET=mde keys a
check "an editor that fails: an option ticked" "●   a)" mde
TARGET=mde keys Escape
TARGET=mde keys e
check "an editor that fails: it says so" "editor" mde
if capture mde | grep -qF "●   a)"; then
	ok "an editor that fails: the option stays ticked"
else
	not_ok "an editor that fails: the option stays ticked" "$(capture mde)"
fi
TARGET=mde keys q
TARGET=mde keys q
$TM kill-session -t mde 2>/dev/null
start md "$DKM review --deck Modes"
TARGET=md
check "five options, a to e" "a–e choose" md
# the letters of the right options, in the order shown (shuffled at each showing)
pick_right() {
	capture md | sed -n 's/.*\([a-e]\)) \(runc\|crun\) *$/\1/p' | tr -d '\n'
}
pick=$(pick_right)
[ ${#pick} = 2 ] && ok "the right options are found" || not_ok "the right options are found" "$(capture md)"
keys b
check "b ticks option b, it does not bury" "●   b)" md
keys b
keys e
check "e ticks option e, it does not edit" "●   e)" md
keys e
for l in $(echo "$pick" | grep -o .); do keys "$l"; done
keys Enter
check "the two right options are right" "Right." md
# Easy throughout: no card comes back in this session
keys 4
check "graded: the typed card" "Type the command that lists the images." md
keys -l "docker image"
keys Escape
check "Esc leaves answering, the commands show" "i type" md
if capture md | grep -qF "› docker image"; then
	ok "Esc keeps what was typed (nothing given up)"
else
	not_ok "Esc keeps what was typed (nothing given up)" "$(capture md)"
fi
keys u
check "u in command mode undoes the last grade" "Which of these are container runtimes?" md
check "undone" "Undone." md
keys Escape
keys u
check "undo at the first card: nothing to undo" "Nothing to undo." md
keys i
pick=$(pick_right)
for l in $(echo "$pick" | grep -o .); do keys "$l"; done
keys Space
check "Space checks the ticked options" "Right." md
keys 4
check "the typed card again" "Type the command that lists the images." md
keys -l "docker image"
keys Escape
keys i
keys -l " ls"
keys Enter
check "i goes back to the answer, kept: docker image ls is right" "Right." md
check "the answer as typed" "Your answer: docker image ls" md
keys 4
check "the answer of several lines: its editor" "Enter new line · Ctrl-D check" md
keys -l "docker build --tag app ."
keys Enter
keys -l "docker run app"
check "Enter starts a second line" "· docker run app" md
keys Up End
keys Down
keys C-a
keys Right Right Right Right Right Right Right Right Right Right
keys -l " -d"
check "Up, Down, Ctrl-A and Right move in the lines" "· docker run -d app" md
keys C-d
check "Ctrl-D checks the lines" "Right." md
keys 4
check "the basic card" "What does docker pause do?" md
keys Space
keys 4
check "the last grade ends with the summary" "Session over" md
check "the summary offers undo" "u undo the last grade" md
keys u
check "u on the summary brings the last card back" "What does docker pause do?" md
check "with its answer taken back" "3 done" md
# several levels: back through the typed cards to the first
keys Escape
keys u
check "a second undo: the card of several lines" "Which two commands build the image app" md
keys Escape
keys u
check "a third undo: the typed card" "Type the command that lists the images." md
check "three grades taken back" "1 done" md
keys q
check "q on a typed card is typed" "› q" md
keys BSpace
keys Escape
keys q
check "q ends with the summary" "Cards reviewed: 1" md
keys x
if wait_for "exit=0" 10 md; then
	ok "a key leaves the summary"
else
	not_ok "a key leaves the summary" "$(capture md)"
fi
if command -v sqlite3 >/dev/null; then
	n_rev=$(sqlite3 "$DBM" 'SELECT count(*) FROM reviews' 2>&1)
	[ "$n_rev" = 1 ] && ok "the undone grades are gone from the log" \
		|| not_ok "the undone grades are gone from the log" "$n_rev"
else
	ok "# SKIP no sqlite3"
fi
unset TARGET

# ---- an error while the screen is drawn: shown in the UI, not over it ----------

if command -v sqlite3 >/dev/null && command -v mkfifo >/dev/null; then
	DBL=$T/lock.sqlite
	printf -- '---\ndeck: Lock\nlang: en\n---\n# Lock\n\n### What does docker kill send?\n\nSIGKILL, unless told otherwise.\n\n### What does docker stop send first?\n\nSIGTERM.\n' >"$T/lock.md"
	$RUN_ENV $BIN --db "$DBL" --now $NOW import "$T/lock.md" >/dev/null 2>&1
	# stderr goes to the terminal, as it does for anyone
	$TM new-session -d -s lk -x 80 -y 24 \
		"$RUN_ENV $BIN --db $DBL --now $NOW review --deck Lock; echo \"exit=\$?\"; sleep 100000"
	check "a card to grade" "What does docker kill send?" lk
	TARGET=lk keys Space
	check "its answer" "SIGKILL, unless told otherwise." lk
	# another program holds the write lock, until its input ends
	mkfifo "$T/lock.fifo"
	sqlite3 "$DBL" <"$T/lock.fifo" >/dev/null 2>&1 &
	exec 9>"$T/lock.fifo"
	echo 'BEGIN EXCLUSIVE;' >&9
	for _ in $(seq 100); do
		sqlite3 "$DBL" 'BEGIN IMMEDIATE; ROLLBACK;' >/dev/null 2>&1 || break
		sleep 0.05
	done
	TARGET=lk keys 3
	check "the grade fails while the database is locked" "The answer could not be saved." lk
	if wait_for "is locked by another" 10 lk &&
		capture lk | sed -n '19,22p' | tr -d '\n' | grep -q "is locked by another program"; then
		ok "the error is shown on a line of the screen, above the notice"
	else
		not_ok "the error is shown on a line of the screen, above the notice" "$(capture lk | cat -A | head -30)"
	fi
	if capture lk | grep -q "What does docker kill send?" && capture lk | grep -q "SIGKILL, unless"; then
		ok "the card is still drawn whole"
	else
		not_ok "the card is still drawn whole" "$(capture lk)"
	fi
	exec 9>&-
	wait
	TARGET=lk keys 3
	check "once the lock is gone the grade is saved" "What does docker stop send first?" lk
	if wait_gone "is locked by another" 5 lk; then
		ok "a key clears the error and the screen is drawn again"
	else
		not_ok "a key clears the error and the screen is drawn again" "$(capture lk)"
	fi
	TARGET=lk keys q
	TARGET=lk keys q
	wait_for "exit=" 10 lk >/dev/null
else
	for _ in 1 2 3 4 5 6; do ok "# SKIP no sqlite3 or mkfifo"; done
fi

# ---- French ----------------------------------------------------------------

if locale -a 2>/dev/null | grep -qi '^fr_FR\.utf-\?8$'; then
	$TM new-session -d -s fr -x 80 -y 24 \
		"env -u NO_COLOR -u LANGUAGE LC_ALL=fr_FR.UTF-8 TERM=xterm-256color $DK review 2>$T/fr.err; echo \"exit=\$?\"; sleep 100000"
	check "the home screen speaks French under fr_FR" "Paquet" fr
	# the narrow column header, not the label of the statistics
	check "the new-cards column is \"Nouv.\"" "Nouv.  Appr." fr
	TARGET=fr keys Enter
	TARGET=fr keys Space
	check "the grade keys speak French" "Encore" fr
	# q ends the review, a key leaves its summary, q leaves home
	TARGET=fr keys q q q
	wait_for "exit=" 10 fr >/dev/null
	# A deck of two new cards: units, plurals and key names in French.
	DBFR=$T/fr.sqlite
	printf -- '---\ndeck: Fr\nlang: fr\n---\n# Fr\n\n### Que fait docker top ?\n\nIl montre les processus.\n\n### Que fait docker pause ?\n\nIl gèle les processus.\n' >"$T/fr.md"
	$RUN_ENV $BIN --db "$DBFR" --now $NOW import "$T/fr.md" >/dev/null 2>&1
	FR_ENV="env -u NO_COLOR -u LANGUAGE LC_ALL=fr_FR.UTF-8 TERM=xterm-256color HOME=$T"
	$TM new-session -d -s fr2 -x 80 -y 24 \
		"$FR_ENV $BIN --db $DBFR --now $NOW review --deck Fr 2>$T/fr2.err; echo \"exit=\$?\"; sleep 100000"
	check "French: no card done yet, in the singular" "0 vue · 2 restantes" fr2
	check "French: the hint names e" "e modifier" fr2
	TARGET=fr2 keys Space
	check "French: the grades with French units" "1 Encore 1 min · 2 Difficile 6 min · 3 Bien 10 min · 4 Facile 10 j" fr2
	TARGET=fr2 keys 4
	check "French: one card done, one left" "1 vue · 1 restante" fr2
	TARGET=fr2 keys '?'
	check "French: Enter is Entrée" "Entrée  " fr2
	# page down through the help until the text shows
	help_find() {
		local i
		for i in 1 2 3 4 5; do
			wait_for "$1" 1 fr2 && return 0
			TARGET=fr2 keys PageDown
		done
		wait_for "$1" 2 fr2
	}
	help_find "g  Début" && ok "French: the help names the keys in French" \
		|| not_ok "French: the help names the keys in French" "$(capture fr2)"
	help_find "Retour arrière  Suppr" && ok "French: the editor's keys" \
		|| not_ok "French: the editor's keys" "$(capture fr2)"
	TARGET=fr2 keys x
	TARGET=fr2 keys q
	check "French: the summary" "Cartes révisées : 1" fr2
	TARGET=fr2 keys q
	wait_for "exit=" 10 fr2 >/dev/null
	out=$(printf '\n3\nq\n' | $FR_ENV $BIN --db "$DBFR" --now $NOW review --plain --deck Fr 2>&1)
	if grep -qF "note [1 encore 1 min, 2 difficile 6 min, 3 bien 10 min, 4 facile 10 j" <<<"$out"; then
		ok "French --plain: the grade prompt in French units"
	else
		not_ok "French --plain: the grade prompt in French units" "$out"
	fi
	if grep -q "^Session terminée : 1 révisée, 1 juste, 0 fausse, 0 min 00 s\.$" <<<"$out"; then
		ok "French --plain: the summary with singulars"
	else
		not_ok "French --plain: the summary with singulars" "$out"
	fi
else
	for _ in $(seq 1 16); do ok "# SKIP no fr_FR.UTF-8 locale"; done
fi

# ---- browse: list, search, a card with its history, suspend -----------------

start br "$DK browse --deck Test"
check "browse lists a fixture card" "What does docker ps list?" br
check "browse lists the other cards of the deck" "Which command lists images?" br
TARGET=br keys /
TARGET=br keys -l "images"
TARGET=br keys Enter
check "a / query keeps the matching card" "Which command lists images?" br
if wait_gone "What does docker ps list?" 10 br; then
	ok "a / query narrows the list"
else
	not_ok "a / query narrows the list" "$(capture br)"
fi
TARGET=br keys /
TARGET=br keys C-u
TARGET=br keys -l "running"
TARGET=br keys Enter
check "a new query finds the reviewed card" "What does docker ps list?" br
TARGET=br keys Enter
check "Enter opens the card with its file and line" "ui-deck.md:" br
check "the card view shows the history" "History" br
check "a review of the history: its grade and interval" "Good   interval" br
check "a learning step's interval in minutes" "interval 10m" br
check "the card view shows the predicted recall" "Predicted recall now:" br
TARGET=br keys s
check "s suspends the card" "Suspended: left out of reviews." br
TARGET=br keys q
check "q goes back to the list" "Search:" br
TARGET=br keys q
if wait_for "exit=0" 10 br; then
	ok "q on the list quits with 0"
else
	not_ok "q on the list quits with 0" "$(capture br)"
fi
if $RUN_ENV $DK decks --json 2>/dev/null | grep '"Test"' | grep -q '"suspended":1[,}]'; then
	ok "the suspension is stored"
else
	not_ok "the suspension is stored" "$($RUN_ENV $DK decks --json 2>&1)"
fi

# ---- / on the home screen opens browse ---------------------------------------

start hb "$DK review"
check "home screen before /" "q quit" hb
TARGET=hb keys /
check "/ on the home screen opens browse" "dkquiz — browse" hb
check "browse from home lists every card" "What does docker ps list?" hb
check "/ from home opens the query line" "Enter search · Esc cancel" hb
# the letters typed after / are the query, not keys (q would quit)
TARGET=hb keys -l "quimages"
TARGET=hb keys C-u
TARGET=hb keys -l "images"
TARGET=hb keys Enter
check "the letters after / from home search" "Which command lists images?" hb
if wait_gone "What does docker ps list?" 10 hb; then
	ok "the query from home narrows the list"
else
	not_ok "the query from home narrows the list" "$(capture hb)"
fi
TARGET=hb keys q
check "q in browse goes back to the home screen" "r/→ this deck" hb
TARGET=hb keys /
check "/ again opens the query line" "Enter search · Esc cancel" hb
TARGET=hb keys Escape
check "Esc leaves the query line for the list of every card" "(all cards)" hb
TARGET=hb keys q
check "q then goes back home" "r/→ this deck" hb
TARGET=hb keys q
wait_for "exit=" 10 hb >/dev/null

# ---- browse filters, unsuspend, reset, recall at the exam, e ------------------

# A database of its own: one card in each state, in decks of their own.
DBF=$T/filters.sqlite
DKF="$BIN --db $DBF"
mkdir -p "$T/flt"
mkcard() { # DECK TAGS NAME QUESTION ANSWER
	printf -- '---\ndeck: %s\ntags: %s\nlang: en\n---\n# %s\n\n<!-- id: %s -->\n### %s\n\n%s\n' \
		"$1" "$2" "$1" "$3" "$4" "$5" >"$T/flt/$3.md"
}
mkcard Filters::New "fresh" f-new "Which card stays new?" "It is never reviewed."
mkcard Filters::Review "old" f-review "Which card is in review?" "It was answered Easy."
mkcard Filters::Leech "old" f-leech "Which card is a leech?" "It lapsed."
mkcard Filters::Learning "old" f-learning "Which card is learning?" "Old learning answer."
mkcard Filters::Suspended "old" f-susp "Which card is suspended?" "It was suspended."
mkcard Filters::Retired "old" f-retired "Which card is retired?" "It left its file."
mkcard Filters::Gone "old" f-gone "Which card will leave its file?" "It is edited away."
{
	$RUN_ENV $DKF import "$T/flt"
	$RUN_ENV $DKF config leech-lapses 1
	printf '\n4\nq\n' | $RUN_ENV $DKF --now 2025-12-01T09:00:00 review --plain --deck Filters::Review
	printf '\n4\nq\n' | $RUN_ENV $DKF --now 2025-12-01T09:00:00 review --plain --deck Filters::Leech
	printf '\n1\nq\n' | $RUN_ENV $DKF --now 2026-01-09T09:00:00 review --plain --deck Filters::Leech
	printf '\n3\nq\n' | $RUN_ENV $DKF --now 2026-01-10T08:58:00 review --plain --deck Filters::Learning
	printf '\ns\nq\n' | $RUN_ENV $DKF --now 2026-01-10T08:58:00 review --plain --deck Filters::Suspended
	printf -- '---\ndeck: Filters::Retired\nlang: en\n---\n# R\n' >"$T/flt/f-retired.md"
	$RUN_ENV $DKF import "$T/flt/f-retired.md"
	$RUN_ENV $DKF --now $NOW exam --date 2026-02-01
} >"$T/flt.out" 2>&1 || not_ok "set up the filter deck" "$(cat "$T/flt.out")"
# The editor: the "leave" card goes from its file, the learning card's answer changes.
printf '#!/bin/sh\nfor f; do :; done\nif grep -q "leave its file" "$f"; then\n\tprintf -- "---\\ndeck: Filters::Gone\\nlang: en\\n---\\n# Gone\\n" >"$f"\nelse\n\tsed -i "s/Old learning answer/New learning answer/" "$f"\nfi\n' >"$T/ed2.sh"
chmod +x "$T/ed2.sh"

$TM new-session -d -s flt -x 80 -y 24 \
	"$RUN_ENV VISUAL=$T/ed2.sh $DKF --now $NOW browse 2>$T/flt.err; echo \"exit=\$?\"; sleep 100000"
check "browse lists the live cards" "Which card is in review?" flt
if capture flt | grep -qF "Which card is retired?"; then
	not_ok "retired cards are hidden without is:retired" "$(capture flt)"
else
	ok "retired cards are hidden without is:retired"
fi
# f cycles new, learning, review, leech, suspended, retired, then no filter.
filter_step() { # FILTER SHOWN HIDDEN
	TARGET=flt keys f
	check "f: the header shows is:$1" "Filter: is:$1" flt
	check "is:$1 lists its card" "$2" flt
	if wait_gone "$3" 10 flt; then
		ok "is:$1 leaves out the others"
	else
		not_ok "is:$1 leaves out the others" "$(capture flt)"
	fi
}
filter_step new "Which card stays new?" "Which card is in review?"
filter_step learning "Which card is learning?" "Which card stays new?"
filter_step review "Which card is in review?" "Which card is learning?"
filter_step leech "Which card is a leech?" "Which card is in review?"
filter_step suspended "Which card is suspended?" "Which card is learning?"
filter_step retired "Which card is retired?" "Which card is suspended?"
TARGET=flt keys f
if wait_gone "Filter:" 10 flt && wait_for "Which card is in review?" 10 flt; then
	ok "f after is:retired shows every live card again"
else
	not_ok "f after is:retired shows every live card again" "$(capture flt)"
fi
# Filter words typed in the query.
browse_query() { # QUERY
	TARGET=flt keys /
	TARGET=flt keys C-u
	TARGET=flt keys -l "$1"
	TARGET=flt keys Enter
}
browse_query "deck:filters::new"
check "deck: narrows to the deck" "Which card stays new?" flt
wait_gone "Which card is in review?" 10 flt && ok "deck: leaves out the other decks" \
	|| not_ok "deck: leaves out the other decks" "$(capture flt)"
browse_query "tag:old is:review"
check "tag: with is: narrows to both" "Which card is in review?" flt
wait_gone "Which card stays new?" 10 flt && ok "tag: leaves out the cards without the tag" \
	|| not_ok "tag: leaves out the cards without the tag" "$(capture flt)"
browse_query "is:bogus"
check "an unknown is: value gets a message" "unknown filter 'is:bogus'" flt
# Unsuspend from the card view; the filter drops the card when the list comes back.
browse_query "is:suspended deck:filters::suspended"
check "the suspended card is listed" "Which card is suspended?" flt
TARGET=flt keys Enter
check "its card view says it is suspended" "Suspended: left out of reviews." flt
TARGET=flt keys s
check "s in the card view unsuspends" "Card unsuspended." flt
TARGET=flt keys q
check "back in the list, is:suspended no longer holds it" "No card matches." flt
# The card view of a card in review: recall now, at the exam, next due; reset.
browse_query "is:review"
check "the review card is listed" "Which card is in review?" flt
TARGET=flt keys Enter
check "the card view shows the recall now" "Predicted recall now:" flt
check "the card view shows the recall at the exam" "Predicted recall at the exam (2026-02-01 09:00):" flt
check "the card view shows the next due date" "Next due: 2025-12-10" flt
TARGET=flt keys r
check "r asks before resetting" "Reset this card to new?" flt
TARGET=flt keys n
check "n leaves the card as it was" "The card was left as it was." flt
check "the card is still due as before" "Next due: 2025-12-10" flt
TARGET=flt keys r
TARGET=flt keys y
check "y resets the card" "The card is new again; its history is kept." flt
check "a reset card is new" "Next due: a new card, not scheduled yet" flt
check "its history is kept" "Easy   interval" flt
TARGET=flt keys q
check "the reset card left is:review" "No card matches." flt
# e from the card view: the file is edited and imported again.
browse_query "deck:filters::learning"
check "the learning card is listed" "Which card is learning?" flt
TARGET=flt keys Enter
check "its old answer" "Old learning answer." flt
TARGET=flt keys e
check "e in the card view shows the edited answer" "New learning answer." flt
check "e says the card was imported again" "Card edited and imported again." flt
grep -q "New learning answer" "$T/flt/f-learning.md" && ok "the editor changed the card's file" \
	|| not_ok "the editor changed the card's file" "$(cat "$T/flt/f-learning.md")"
TARGET=flt keys q
# e on a card that the edit takes out of its file.
browse_query "leave its file"
check "the card to edit away is listed" "Which card will leave its file?" flt
TARGET=flt keys Enter
check "its card view" "It is edited away." flt
TARGET=flt keys e
check "after the edit the card view says it is retired" "Retired: no longer in its file" flt
check "and a notice says so" "The card is no longer in its file" flt
TARGET=flt keys q
check "the list no longer holds the retired card" "No card matches." flt
TARGET=flt keys q
if wait_for "exit=0" 10 flt; then
	ok "q quits browse with 0 after the edits"
else
	not_ok "q quits browse with 0 after the edits" "$(capture flt; cat "$T/flt.err")"
fi
out=$($RUN_ENV $DKF search is:suspended 2>&1)
if grep -qF "Which card is a leech?" <<<"$out" && ! grep -qF "Which card is suspended?" <<<"$out"; then
	ok "the unsuspension is stored"
else
	not_ok "the unsuspension is stored" "$out"
fi
out=$($RUN_ENV $DKF search is:new deck:filters::review 2>&1)
grep -qF "Which card is in review?" <<<"$out" && ok "the reset is stored" || not_ok "the reset is stored" "$out"

# ---- display: intervals, narrow screens, cram, durations, colours --------------

DBD=$T/display.sqlite
DKD="$BIN --db $DBD --now $NOW"
long_items=$(for i in $(seq 1 40); do printf -- '- item %02d of the long answer\n' "$i"; done)
wide=$(printf 'docker run --detach --name web --label a=%s nginx END-OF-LINE' "$(printf 'x%.0s' $(seq 1 150))")
printf -- '---\ndeck: Display\nlang: en\n---\n# Display\n\n<!-- id: d-new -->\n### What does docker top show?\n\nThe processes of a container.\n\n<!-- id: d-long -->\n### What does a long card hold?\n\n%s\n\n```sh\n%s\n```\n' \
	"$long_items" "$wide" >"$T/display.md"
$RUN_ENV $DKD import "$T/display.md" >/dev/null 2>&1
start dp "$DKD review --deck Display"
TARGET=dp
check "a new card" "What does docker top show?" dp
sleep 1.2   # a second and more of thinking: the review's duration
keys Space
check "the intervals of a new card, --now pinned" "1 Again 1m · 2 Hard 6m · 3 Good 10m · 4 Easy 10d" dp
check "the timer runs whatever --now says" "0:01" dp
$TM resize-window -t dp -x 40 -y 10 >/dev/null 2>&1
check "at 40 columns the grades are compact" "1 1m · 2 6m · 3 10m · 4 10d" dp
$TM resize-window -t dp -x 80 -y 24 >/dev/null 2>&1
check "back at 80 columns the grades are named" "1 Again 1m" dp
wait_bottom dp
keys 4
check "the long card" "What does a long card hold?" dp
keys Space
check "its answer's start" "item 01 of the long answer" dp
if capture dp | grep -q "item 40"; then
	not_ok "the end of the long answer is below the screen" "$(capture dp)"
else
	ok "the end of the long answer is below the screen"
fi
keys PageDown
check "PgDn scrolls a page" "item 2" dp
if wait_gone "item 01 of" 5 dp; then ok "PgDn: the top went"; else not_ok "PgDn: the top went" "$(capture dp)"; fi
keys j j j
check "j scrolls on, a line at a time" "item 26 of" dp
keys G
check "G: the bottom, the code block" "docker run --detach" dp
if capture dp | grep -q "END-OF-LINE"; then
	not_ok "wide code is not wrapped: its end is out of view" "$(capture dp)"
else
	ok "wide code is not wrapped: its end is out of view"
fi
for _ in $(seq 1 40); do keys l; done
check "l scrolls the code to the right" "END-OF-LINE" dp
for _ in $(seq 1 40); do keys h; done
check "h scrolls it back" "docker run --detach" dp
check_gone "the end is out of view again" "END-OF-LINE"
keys g
check "g goes back to the top" "item 01 of the long answer" dp
keys 4
check "the session ends" "Session over" dp
keys q
wait_for "exit=" 10 dp >/dev/null
unset TARGET
if command -v sqlite3 >/dev/null; then
	# the first card was on screen more than 1.2 seconds
	d=$(sqlite3 "$DBD" 'SELECT duration_ms FROM reviews ORDER BY id LIMIT 1' 2>&1)
	if [ -n "$d" ] && [ "$d" -ge 1000 ] 2>/dev/null; then
		ok "review durations are measured, --now or not ($d ms)"
	else
		not_ok "review durations are measured, --now or not" "$d"
	fi
else
	ok "# SKIP no sqlite3"
fi

# Cram: no interval, no empty slot for one.
start cr "$DKD review --deck Display --cram"
check "cram shows a card" "What does docker top show?" cr
TARGET=cr keys Space
check "cram: the grades without intervals" "1 Again · 2 Hard · 3 Good · 4 Easy" cr
TARGET=cr keys q
TARGET=cr keys q
wait_for "exit=" 10 cr >/dev/null
out=$(printf '\nq\n' | $RUN_ENV $DKD review --cram --plain --deck Display 2>&1)
if grep -qF 'grade [1 again, 2 hard, 3 good, 4 easy, u undo' <<<"$out"; then
	ok "cram in plain mode: no empty interval"
else
	not_ok "cram in plain mode: no empty interval" "$out"
fi

# No colours: NO_COLOR, --no-color, and a monochrome terminal.
has_colour() { $TM capture-pane -e -p -t "$1" | grep -qE $'\e\\[([0-9]+;)*(3[0-7]|38;5;[0-9]+)(;[0-9]+)*m'; }
start col "$DKD review --deck Display --cram"
check "colours: the card" "What does docker top show?" col
TARGET=col keys Space
check "colours: the answer" "The processes of a container." col
has_colour col && ok "the review screen has colours" || not_ok "the review screen has colours" "$($TM capture-pane -e -p -t col | cat -v | head)"
TARGET=col keys q
TARGET=col keys q
for how in "NO_COLOR=1 $DKD" "$DKD --no-color" "TERM=vt100 $DKD"; do
	name=nc$((n % 1000))
	start "$name" "$how review --deck Display --cram"
	if wait_for "What does docker top show?" 10 "$name"; then
		TARGET=$name keys Space
		if wait_for "The processes of a container." 10 "$name" && ! has_colour "$name"; then
			ok "${how%% *}: the card without colours"
		else
			not_ok "${how%% *}: the card without colours" "$($TM capture-pane -e -p -t "$name" | cat -v | head -30)"
		fi
		TARGET=$name keys 3
		if wait_for "What does a long card hold?" 10 "$name"; then
			ok "${how%% *}: grading works"
		else
			not_ok "${how%% *}: grading works" "$(capture "$name")"
		fi
	else
		not_ok "${how%% *}: the card without colours" "$(capture "$name"; cat "$T/$name.err")"
		not_ok "${how%% *}: grading works"
	fi
	TARGET=$name keys q
	TARGET=$name keys q
	if wait_for "exit=0" 10 "$name" && capture "$name" | grep -qE "(^| )icanon echo"; then
		ok "${how%% *}: quits and restores the terminal"
	else
		not_ok "${how%% *}: quits and restores the terminal" "$(capture "$name")"
	fi
done

# The exam line of the home screen, wrapped at any width.
start ex "$DKF --now $NOW review"
check "home with an exam: its line" "days left" ex
check "at 80 columns the whole line shows, wrapped" "cards today: 0" ex
$TM resize-window -t ex -x 50 -y 16 >/dev/null 2>&1
check "at 50 columns the recall shows" "with the plan" ex
check "at 50 columns the new cards show" "cards today: 0" ex
$TM resize-window -t ex -x 40 -y 10 >/dev/null 2>&1
check "at 40x10 the days left show" "days left" ex
check "at 40x10 the recall shows" "% now" ex
$TM resize-window -t ex -x 80 -y 24 >/dev/null 2>&1
TARGET=ex keys q
wait_for "exit=" 10 ex >/dev/null

# ---- home: each deck's new count is what its review offers today -------------

HDB=$T/home.sqlite
HK="$BIN --db $HDB --now $NOW"
# A note of three clozes is one new card a day; two decks under one limit,
# and an exam whose plan gives its deck a share of its own.
printf -- '---\ndeck: Notes\nlang: en\n---\n# Notes\n\n<!-- id: h-cloze -->\n### Cloze\n\nA {{c1::pod}} runs {{c2::containers}} on a {{c3::node}}.\n\n### What is a node?\n\nA machine.\n' >"$T/home-notes.md"
printf -- '---\ndeck: Many\nlang: en\n---\n# Many\n\n### One?\n\nA.\n\n### Two?\n\nB.\n\n### Three?\n\nC.\n\n### Four?\n\nD.\n' >"$T/home-many.md"
$RUN_ENV $HK import "$T/home-notes.md" "$T/home-many.md" "$FIXTURES/exam-deck.md" >/dev/null 2>&1
$RUN_ENV $HK config new-per-day 3 >/dev/null 2>&1
$RUN_ENV $HK exam --date 2026-01-20 --deck Exam >/dev/null 2>&1
start hm "$HK review"
if wait_for "Exam::Docker" 10 hm; then
	screen=$(capture hm)
	# the exam line may wrap: read it as one line
	quota=$(tr -s ' \n' '  ' <<<"$screen" | grep -o 'new cards today: [0-9]*' | grep -o '[0-9]*$')
	row_new() { awk -v d="$1" '$1 == d { print $2; exit }' <<<"$screen"; }
	[ "$(row_new Notes)" = 2 ] && ok "home: a note of clozes counts as one new card" \
		|| not_ok "home: a note of clozes counts as one new card" "$screen"
	[ "$(row_new Many)" = 3 ] && ok "home: new cards within new-per-day" \
		|| not_ok "home: new cards within new-per-day" "$screen"
	[ -n "$quota" ] && [ "$(row_new Exam::Docker)" = "$quota" ] \
		&& ok "home: the exam's deck shows the plan's share ($quota)" \
		|| not_ok "home: the exam's deck shows the plan's share" "$screen"
else
	not_ok "home with an exam set" "$(capture hm)"
	not_ok "home: new cards within new-per-day"
	not_ok "home: the exam's deck shows the plan's share"
fi
TARGET=hm keys q
wait_for "exit=" 10 hm >/dev/null

# ---- stats: the statistics screen over a review history -------------------

SDB=$T/stats.db
SK="$BIN --db $SDB"
printf -- '---\ndeck: Stats\ntags: docker stats\nlang: en\n---\n# Stats\n\n### What does docker ps list?\nThe running containers.\n\n### What does docker images list?\nThe local images.\n\n### What does docker rm remove?\nStopped containers.\n\n### What does docker rmi remove?\nImages.\n' >"$T/stats.md"
# Learn the four cards on the 1st (Easy: due on the 10th), practise on four
# more days, then on the 10th forget the first card (one lapse: a leech with
# leech-lapses 1) and know the others.
if (
	set -e
	$RUN_ENV $SK --now 2026-01-01T09:00 import "$T/stats.md"
	$RUN_ENV $SK config leech-lapses 1
	printf '\n4\n\n4\n\n4\n\n4\nq\n' | $RUN_ENV $SK --now 2026-01-01T09:00 review --plain
	for d in 03 05 06 08; do
		printf '\n3\n\n3\nq\n' | $RUN_ENV $SK --now 2026-01-${d}T09:00 review --plain --cram
	done
	printf '\n1\n\n4\n\n4\n\n4\nq\n' | $RUN_ENV $SK --now 2026-01-10T09:00 review --plain
) >"$T/stats-seed.out" 2>&1; then
	ok "a review history on several days"
else
	not_ok "a review history on several days" "$(tail -20 "$T/stats-seed.out")"
fi

start st "$SK --now 2026-01-10T10:00 stats"
check "stats opens the statistics screen" "dkquiz — statistics" st
check "cards by state" "Suspended 1 · Retired 0" st
if locale -a 2>/dev/null | grep -qi '^fr_FR\.utf-\?8$'; then
	$TM new-session -d -s stfr -x 80 -y 24 \
		"env -u NO_COLOR -u LANGUAGE LC_ALL=fr_FR.UTF-8 TERM=xterm-256color $SK --now 2026-01-10T10:00 stats; sleep 100000"
	check "in French, the cards by state say \"Nouvelles\"" "Nouvelles 0" stfr
	TARGET=stfr keys q
else
	ok "# SKIP no fr_FR.UTF-8 locale"
fi
check "reviews today and the streak" "Reviews today 4" st
check "the streak counts today" "Streak 1 day" st
check "true retention over 7 and 30 days" "7 days 75.0% (4 reviews)" st
check "the heatmap has a row per weekday" "  Mon  " st
check "the heatmap legend" "reviews a day" st
check "the key line" "q quit" st
TARGET=st keys End
check "End shows the leech list" "Leeches (1 lapse or more)" st
check "the leech is named with its lapses" "1 S Stats" st
check "the leech's question" "What does docker ps list?" st
check "the recall of each deck and tag" "docker" st
check_gone_in() { if wait_gone "$2" 10 "$3"; then ok "$1"; else not_ok "$1" "$(capture "$3")"; fi; }
check_gone_in "the top has scrolled away" "Cards by state" st
TARGET=st keys Home
check "Home goes back to the top" "Cards by state" st
TARGET=st keys PageDown
check "PgDn shows the forecast chart" "days from today" st
check "the forecast's axis" "┼┬" st
TARGET=st keys PageUp
check "PgUp comes back" "Cards by state" st
TARGET=st keys j j j
check_gone_in "j scrolls down a line at a time" "Cards by state" st
TARGET=st keys k k k
check "k scrolls back up" "Cards by state" st
TARGET=st keys '?'
check "? shows the keys" "dkquiz — keys" st
TARGET=st keys Space
check "a key closes the help" "dkquiz — statistics" st
$TM resize-window -t st -x 50 -y 16 >/dev/null 2>&1
check "after a resize the screen is laid out again" "lines 1–14 of" st
$TM resize-window -t st -x 30 -y 8 >/dev/null 2>&1
check "a terminal too small says so" "Terminal too small" st
$TM resize-window -t st -x 80 -y 24 >/dev/null 2>&1
check "back to a usable size" "Cards by state" st
if $TM capture-pane -e -p -t st | grep -qE $'\e\\[([0-9]+;)*(3[0-7]|38;5;[0-9]+)(;[0-9]+)*m'; then
	ok "the screen has colours"
else
	not_ok "the screen has colours" "$($TM capture-pane -e -p -t st | cat -v | head -30)"
fi
TARGET=st keys q
if wait_for "exit=0" 10 st && capture st | grep -qE "(^| )icanon echo"; then
	ok "q quits the stats screen with 0 and restores the terminal"
else
	not_ok "q quits the stats screen with 0 and restores the terminal" "$(capture st)"
fi

start stnc "NO_COLOR=1 $SK --now 2026-01-10T10:00 stats"
check "NO_COLOR: the screen opens" "Reviews per day" stnc
if capture stnc | grep -qE '█|▓|▒|░' &&
	! $TM capture-pane -e -p -t stnc | grep -qE $'\e\\[([0-9]+;)*(3[0-7]|38;5;[0-9]+)(;[0-9]+)*m'; then
	ok "NO_COLOR: shades as characters, no colour"
else
	not_ok "NO_COLOR: shades as characters, no colour" "$($TM capture-pane -e -p -t stnc | cat -v | head -30)"
fi
TARGET=stnc keys Escape
if wait_for "exit=0" 10 stnc; then
	ok "Esc quits the stats screen"
else
	not_ok "Esc quits the stats screen" "$(capture stnc)"
fi
# On Thursday 1 January the grid starts on Monday 29 September: October's
# name must not give way to that one week of September.
start stmon "TZ=UTC $SK --now 2026-01-01T10:00 stats"
check "the heatmap holds 14 weeks when 13 would not reach 90 days" "last 14 weeks" stmon
check "every month of the heatmap is named" "Oct     Nov     Dec" stmon
TARGET=stmon keys q
out=$($RUN_ENV $SK --now 2026-01-10T10:00 stats --plain </dev/null 2>&1)
if grep -q '^Cards: 4 (new 0, learning 0, review 3; suspended 1; retired 0)' <<<"$out" &&
	grep -q 'Leeches' <<<"$out"; then
	ok "stats --plain prints the text"
else
	not_ok "stats --plain prints the text" "$out"
fi

# ---- Ctrl-C restores the terminal --------------------------------------------

TARGET=esc keys C-c
if wait_for "exit=" 10 esc; then
	out=$(capture esc)
	if echo "$out" | grep -qE "exit=130" && echo "$out" | grep -qE "(^| )icanon echo"; then
		ok "Ctrl-C ends the UI and restores the terminal"
	else
		not_ok "Ctrl-C ends the UI and restores the terminal" "$out"
	fi
else
	not_ok "Ctrl-C ends the UI and restores the terminal" "$(capture esc)"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
