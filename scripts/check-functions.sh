#!/bin/bash
# No function of the product is longer than MAX lines (default 80), its
# braces included; run by "make test" beside check-includes.sh.
#
# Kernel style makes a function easy to find without a parser: its body
# opens with "{" alone at column 0 and closes with "}" at column 0. So the
# check also fails on a function whose opening brace shares the line of its
# signature, which would otherwise hide it.
#
# Prints each function over the limit (file:line, length, signature) and
# exits 1; else a one-line summary with the longest function.
# usage: scripts/check-functions.sh [TOP] [MAX]
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"
max=${2:-80}

find lib bench cli vm workloads analysis -name '*.c' | sort | xargs awk -v max="$max" '
FNR == 1 { start = 0; sig = "" }
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
	if (bad) {
		print "check-functions: FAILED (split the function: docs/architecture.md)"
		exit 1
	}
	printf "check-functions: %d functions of at most %d lines; the longest, %d, is %s (%s)\n", n, max, longest, where, lname
}'
