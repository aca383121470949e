#!/bin/bash
# No function of the product is longer than FN lines (default 80), its
# braces included, and no file longer than FILE lines (default 600); run by
# "make test" beside check-includes.sh.
#
# Kernel style makes a function easy to find without a parser: its body
# opens with "{" alone at column 0 and closes with "}" at column 0. So the
# check also fails on a function whose opening brace shares the line of its
# signature, which would otherwise hide it.
#
# Prints each function over the limit (file:line, length, signature) and
# each file over its limit, and exits 1; else a one-line summary with the
# longest function and the largest file.
# usage: scripts/check-sizes.sh [TOP] [FN] [FILE]
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"
max=${2:-80}
maxfile=${3:-600}

find lib bench cli vm ab lava workloads analysis -name '*.[ch]' | sort | xargs awk -v max="$max" -v maxfile="$maxfile" '
FNR == 1 { if (prev) size(prev, plines); start = 0; sig = "" }
{ prev = FILENAME; plines = FNR }
function size(f, n) {
	if (n > bigl) { bigl = n; big = f }
	if (n > maxfile) {
		printf "%s: %d lines (at most %d): split it by concern\n", f, n, maxfile
		bad = 1
	}
}
# the signature: the last line at column 0 before the "{"
/^[A-Za-z_].*\)[ \t]*\{[ \t]*$/ && !/=/ {
	printf "%s:%d: the body'\''s \"{\" goes alone on the next line (kernel style)\n", FILENAME, FNR
	bad = 1
}
/^[A-Za-z_]/ && !/;[ \t]*$/ { sig = $0 }
/^\{[ \t]*$/ { start = FNR; name = sig; next }
/^\}/ && start {
	len = FNR - start + 1
	n++
	if (len > longest) { longest = len; where = FILENAME ":" start; lname = name }
	if (len > max) {
		printf "%s:%d: %d lines (at most %d): %s\n", FILENAME, start, len, max, name
		bad = 1
	}
	start = 0
}
END {
	size(prev, plines)
	if (bad) {
		print "check-sizes: FAILED (docs/architecture.md)"
		exit 1
	}
	printf "check-sizes: %d functions of at most %d lines, the longest %d: %s (%s); no file over %d lines, the largest %d: %s\n", n, max, longest, where, lname, maxfile, bigl, big
}'
