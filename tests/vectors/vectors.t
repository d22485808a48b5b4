#!/bin/sh
# Check the scheduler against the FSRS reference vector files (TAP).
# FSRS_VECTORS lists the files; DKQUIZ_SRC is the source tree holding the
# build; VECTORS_BIN overrides the checker's path (relative to DKQUIZ_SRC).
src=${DKQUIZ_SRC:-.}
bin=${VECTORS_BIN:-build/tests/vectors}
case $bin in
/*) ;;
*) bin=$src/$bin ;;
esac

if [ -z "$FSRS_VECTORS" ]; then
	echo "1..0 # SKIP no vector files"
	exit 0
fi
for f in $FSRS_VECTORS; do
	if [ ! -r "$f" ]; then
		echo "1..0 # SKIP no vector files"
		exit 0
	fi
done
if [ ! -x "$bin" ]; then
	echo "1..1"
	echo "not ok 1 - $bin is not built"
	exit 1
fi
# shellcheck disable=SC2086 # the list is split on blanks on purpose
exec "$bin" --tap $FSRS_VECTORS
