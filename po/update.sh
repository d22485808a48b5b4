#!/bin/sh
# update.sh - refresh the translation template and the translations.
#
#   po/update.sh        (from anywhere; it works from the repository root)
#
# 1. po/POTFILES is rewritten: every .c and .h file under src/ that marks
#    strings with _(), N_(), P_(), C_() or NC_(), in name order.
# 2. po/dkquiz.pot is regenerated from those files with xgettext.
# 3. Every po/*.po is merged with the new template (msgmerge keeps the
#    existing translations; strings that changed become fuzzy, new ones
#    are left empty), then its statistics are printed.
#
# Strings reported as fuzzy or untranslated need a translator before the
# release: msgfmt --check --statistics po/fr.po must show neither.
set -eu

cd "$(dirname "$0")/.."

find src -name '*.[ch]' -print | LC_ALL=C sort |
	while read -r f; do
		if grep -qE '(^|[^A-Za-z0-9_])(N_|P_|C_|NC_|_)\(' "$f"; then
			echo "$f"
		fi
	done >po/POTFILES.new
mv po/POTFILES.new po/POTFILES

# shellcheck disable=SC2046 # one file name per word, none with blanks
xgettext --from-code=UTF-8 -k_ -kN_ -kP_:1,2 -kC_:1c,2 -kNC_:1c,2 \
	--add-comments=TRANSLATORS: \
	--package-name=dkquiz --package-version=0.1.0 \
	-o po/dkquiz.pot $(cat po/POTFILES)

for po in po/*.po; do
	[ -e "$po" ] || continue
	msgmerge --quiet --update --backup=none --previous "$po" po/dkquiz.pot
	printf '%s: ' "$po"
	msgfmt --check --statistics -o /dev/null "$po"
done
