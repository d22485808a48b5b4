#!/usr/bin/env bash
# The documentation against the program: every command, option, setting and
# environment variable the program knows is in the manual and the shell
# completions; the manual is lint-clean; the bash completion completes; the
# French translation covers every string of the sources and is used.
set -u
cd "${DKQUIZ_SRC:-.}"
BIN=${DKQUIZ_BIN:-$PWD/build/dkquiz}
if [ ! -x "$BIN" ]; then
	echo "1..0 # SKIP no binary at $BIN"
	exit 0
fi
T=$(mktemp -d /tmp/dkquiz-doc.XXXXXX)
trap 'rm -rf "$T"' EXIT
export LC_ALL=C.UTF-8 LANGUAGE= HOME=$T/home XDG_DATA_HOME= DKQUIZ_DB= DKQUIZ_NOW= NO_COLOR=
MAN=doc/dkquiz.1 BASH_COMP=$PWD/doc/dkquiz.bash ZSH_COMP=doc/_dkquiz
set -f   # words such as "?" below are not file patterns
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/# /'; }
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }

# The long options a --help text lists.
long_options() { grep -oE '(^|[ ,])--[a-z][a-z-]*' | sed 's/^[ ,]*//' | sort -u; }

# --- the manual --------------------------------------------------------------
if command -v mandoc >/dev/null; then
	out=$(mandoc -Tlint -W warning "$MAN" 2>&1) && ok "mandoc -Tlint -W warning $MAN" || not_ok "mandoc lint" "$out"
else
	skip "no mandoc"
fi

commands=$("$BIN" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF > 1 && /^  / { print $1 }')
[ -n "$commands" ] && ok "--help lists commands" || not_ok "--help lists commands"
for c in $commands; do
	missing=
	grep -q "^\.It Cm $c\b" "$MAN" || missing+=" manual"
	grep -q "^_dkquiz_commands=.*\b$c\b" "$BASH_COMP" || missing+=" bash"
	grep -q "'$c:" "$ZSH_COMP" || missing+=" zsh"
	[ -z "$missing" ] && ok "command $c documented and completed" || not_ok "command $c missing from:$missing"
done

check_options() { # check_options LABEL BASH-KEY OPTIONS...
	local label=$1 key=$2 o missing bash_words
	shift 2
	missing=
	# The words of the subcommand's line in _dkquiz_options: KEY) echo '...' ;;
	bash_words=" $(sed -n '/^_dkquiz_options()/,/^}/p' "$BASH_COMP" | grep -E "^[[:space:]]*$key\)" |
		sed "s/.*echo '\(.*\)'.*/\1/") "
	for o in "$@"; do
		grep -qE "^\.(It|Op) Fl -${o#--}( |$)|Fl -${o#--}( |$)" "$MAN" || missing+=" $o(manual)"
		[[ $bash_words == *" $o "* ]] || missing+=" $o(bash)"
		grep -qE -- "$o[=[]|[{,]$o[,}]" "$ZSH_COMP" || missing+=" $o(zsh)"
	done
	[ -z "$missing" ] && ok "$label: every option documented and completed" || not_ok "$label: missing" "$missing"
}
check_options "dkquiz" "''" $("$BIN" --help | long_options)
for c in $commands; do
	check_options "$c" "$c" $("$BIN" "$c" --help | long_options)
done

settings=$("$BIN" config --help | sed -n '/^Settings:/,$p' | awk '/^  [a-z]/ { print $1 }')
[ -n "$settings" ] && ok "config --help lists settings" || not_ok "config --help lists settings"
missing=
for s in $settings; do
	grep -q "^\.It Cm $s\b" "$MAN" || missing+=" $s(manual)"
	grep -q "\b$s\b" <<<"$(sed -n '/^_dkquiz_settings=/,/'"'"'$/p' "$BASH_COMP")" || missing+=" $s(bash)"
	grep -q "'$s:" "$ZSH_COMP" || missing+=" $s(zsh)"
done
[ -z "$missing" ] && ok "every setting documented and completed" || not_ok "settings missing" "$missing"

# Every environment variable the program reads is in ENVIRONMENT.
vars=$(grep -rhoE 'getenv\("[A-Z_]+"\)|env_nonempty\("[A-Z_]+"\)' src | grep -oE '"[A-Z_]+"' | tr -d '"' | sort -u)
missing=
for v in $vars; do
	sed -n '/^\.Sh ENVIRONMENT/,/^\.Sh /p' "$MAN" | grep -q "^\.It Ev .*\b$v\b" || missing+=" $v"
done
[ -z "$missing" ] && ok "every environment variable in ENVIRONMENT" || not_ok "environment variables missing" "$missing"

# The key lists of KEYS and of the README are those the help screen shows:
# doc/gen-keys.c prints them from src/ui/actions.h, and `make doc/keys` puts
# them between the markers of the manual and of the README.
GEN_KEYS=${DKQUIZ_GEN_KEYS:-$PWD/build/gen-keys}
if [ -x "$GEN_KEYS" ]; then
	block=$(sed -n '/^\.\\" Keys: written by make doc\/keys/,/^\.\\" End of the keys\./p' "$MAN" | sed '1d;$d')
	want=$("$GEN_KEYS")
	if [ -n "$want" ] && [ "$block" = "$want" ]; then
		ok "the manual's key lists are those of actions.h"
	else
		not_ok "the manual's key lists are those of actions.h (run make doc/keys)" \
			"$(diff <(printf '%s\n' "$block") <(printf '%s\n' "$want") | head -20)"
	fi
	block=$(sed -n '/^<!-- Keys: written by make doc\/keys/,/^<!-- End of the keys\. -->/p' README.md | sed '1d;$d')
	want_md=$("$GEN_KEYS" --markdown)
	if [ -n "$want_md" ] && [ "$block" = "$want_md" ]; then
		ok "the README's key tables are those of actions.h"
	else
		not_ok "the README's key tables are those of actions.h (run make doc/keys)" \
			"$(diff <(printf '%s\n' "$block") <(printf '%s\n' "$want_md") | head -20)"
	fi
	grep -q '^\.It Ic a , b , c , \\&\.\.\.$' <<<"$want" && grep -q '^\.It Ic Ctrl-U , Ctrl-W$' <<<"$want" \
		&& ok "the option letters and the editor's keys are in the lists" \
		|| not_ok "the option letters and the editor's keys are in the lists" "$want"
else
	not_ok "no key list generator at $GEN_KEYS"
fi

# --- bash completion ---------------------------------------------------------
comp() { # comp WORD... : the completions of the last word, space-separated
	bash --norc --noprofile -c '
		source "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_dkquiz dkquiz "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		echo "${COMPREPLY[*]}"' comp "$BASH_COMP" "$@"
}
out=$(comp dkquiz '' | tr ' ' '\n' | sort | xargs)
[ "$out" = "$(printf '%s\n' $commands | sort | xargs)" ] && ok "bash: subcommands" || not_ok "bash: subcommands" "$out"
out=$(comp dkquiz im)
[ "$out" = import ] && ok "bash: a subcommand prefix" || not_ok "bash: prefix" "$out"
out=$(comp dkquiz --db x.db review --c)
[ "$out" = --cram ] && ok "bash: options after global options" || not_ok "bash: review --c" "$out"
out=$(comp dkquiz --lang '')
[ "$out" = "en fr" ] && ok "bash: --lang values" || not_ok "bash: --lang" "$out"
out=$(comp dkquiz exam --m)
[ "$out" = --minutes-per-day ] && ok "bash: exam options" || not_ok "bash: exam --m" "$out"
out=$(comp dkquiz config rev)
[ "$out" = reviews-per-day ] && ok "bash: setting names" || not_ok "bash: config rev" "$out"
mkdir -p "$T/files/sub" && touch "$T/files/notes.md"
out=$(cd "$T/files" && comp dkquiz import --deck X '')
[ "$out" = "notes.md sub" ] && ok "bash: files for import" || not_ok "bash: import files" "$out"
out=$(cd "$T/files" && comp dkquiz check n)
[ "$out" = notes.md ] && ok "bash: files for check" || not_ok "bash: check files" "$out"
out=$(cd "$T/files" && comp dkquiz --db = '')
[ "$out" = "notes.md sub" ] && ok "bash: --db=FILE" || not_ok "bash: --db=" "$out"
if command -v zsh >/dev/null; then
	out=$(zsh -n "$ZSH_COMP" 2>&1) && ok "zsh completion parses" || not_ok "zsh completion parses" "$out"
else
	skip "no zsh"
fi

# --- the French translation --------------------------------------------------
if command -v xgettext >/dev/null && command -v msgmerge >/dev/null; then
	# The strings of the sources now, not those of the last po/update.sh.
	files=$(grep -rlE '(^|[^A-Za-z0-9_])(N_|P_|C_|NC_|_)\(' --include='*.c' --include='*.h' src | sort)
	xgettext --from-code=UTF-8 -k_ -kN_ -kP_:1,2 -kC_:1c,2 -kNC_:1c,2 -o "$T/now.pot" $files 2>/dev/null
	msgmerge --quiet -o "$T/fr.po" po/fr.po "$T/now.pot" 2>/dev/null
	stats=$(msgfmt --check --statistics -o /dev/null "$T/fr.po" 2>&1)
	grep -qE 'fuzzy|untranslated' <<<"$stats" \
		&& not_ok "fr.po translates every string (run po/update.sh, then translate)" "$stats" \
		|| ok "fr.po translates every string: $stats"
else
	skip "no xgettext or msgmerge"
fi
if [ -n "${DKQUIZ_LOCALEDIR:-}" ] && locale -a 2>/dev/null | grep -qi '^fr_FR\.utf-\?8$'; then
	out=$(LANGUAGE= LC_ALL=fr_FR.UTF-8 "$BIN" --help 2>&1)
	grep -q '^Utilisation : dkquiz' <<<"$out" && ok "--help in French under fr_FR.UTF-8" || not_ok "French --help" "$out"
	out=$(LANGUAGE= LC_ALL=fr_FR.UTF-8 "$BIN" --bogus 2>&1)
	grep -q "option inconnue « --bogus »" <<<"$out" && ok "French usage error" || not_ok "French usage error" "$out"
	# the messages of the store and of the loader too
	out=$(LANGUAGE= LC_ALL=fr_FR.UTF-8 "$BIN" --db "$T/none.db" decks 2>&1)
	grep -qF "dkquiz: pas de base à « $T/none.db » (importez d'abord des cartes)" <<<"$out" \
		&& ok "French: a store error" || not_ok "French: a store error" "$out"
	printf '# T\n\n### Qu\xe9 est-ce ?\n\nUne r\xe9ponse.\n' >"$T/cp1252.md"
	out=$(LANGUAGE= LC_ALL=fr_FR.UTF-8 "$BIN" check "$T/cp1252.md" 2>&1)
	grep -qE "cp1252\.md(:[0-9]+)? : avertissement : UTF-8 invalide, lu comme du Windows-1252" <<<"$out" \
		&& ok "French: a loader warning" || not_ok "French: a loader warning" "$out"
	out=$(LANGUAGE= LC_ALL=fr_FR.UTF-8 "$BIN" import "$T/missing.md" 2>&1)
	grep -qF "impossible de lire « $T/missing.md »" <<<"$out" \
		&& ok "French: a file that cannot be read" || not_ok "French: a file that cannot be read" "$out"
else
	skip "no fr_FR.UTF-8 locale or DKQUIZ_LOCALEDIR"
	skip "no fr_FR.UTF-8 locale or DKQUIZ_LOCALEDIR"
	skip "no fr_FR.UTF-8 locale or DKQUIZ_LOCALEDIR"
	skip "no fr_FR.UTF-8 locale or DKQUIZ_LOCALEDIR"
fi

echo "1..$n"
[ $failed = 0 ]
