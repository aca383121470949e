# No function of the tree is over 80 lines and no file over 600, and the
# check is not one that cannot fail: in a copy of the tree, a function of 81
# lines fails it, named by file, line and signature; one of exactly 80
# passes; a body whose "{" hides on its signature's line fails; a file of
# 601 lines fails.
. tests/lib.sh
d=$(tmpdir)
trap 'rm -rf "$d"' EXIT
scripts/check-sizes.sh || fail "the tree has a function over 80 lines or a file over 600"

plant() {	# plant LINES BRACE: a copy of the tree with one more function
	rm -rf "$d/t" && mkdir -p "$d/t"
	cp -r lib bench cli vm ab lava workloads analysis "$d/t/"
	{
		echo
		if [ "$2" = same ]; then
			echo "int planted_fn(void) {"
		else
			printf 'int planted_fn(void)\n{\n'
		fi
		for ((i = 0; i < $1 - 3; i++)); do echo "	(void)0;"; done
		echo "	return 0;"
		echo "}"
	} >>"$d/t/lib/util.c"
	scripts/check-sizes.sh "$d/t" >"$d/out" 2>&1
}
plant 81 own && fail "an 81-line function passed: $(cat "$d/out")"
grep -q 'lib/util.c:[0-9]*: 81 lines (at most 80): int planted_fn(void)' "$d/out" ||
	fail "an 81-line function not named: $(cat "$d/out")"
echo "ok: $(grep -m1 planted_fn "$d/out")"
plant 80 own || fail "an 80-line function failed: $(cat "$d/out")"
echo "ok: 80 lines pass"
plant 90 same && fail "a brace on the signature's line passed: $(cat "$d/out")"
grep -q 'lib/util.c:[0-9]*: the body' "$d/out" || fail "a hidden body not named: $(cat "$d/out")"
echo "ok: $(grep -m1 'the body' "$d/out")"
# a file of 601 lines (short functions) fails; the planted ones are not named
rm -rf "$d/t" && mkdir -p "$d/t"
cp -r lib bench cli vm ab lava workloads analysis "$d/t/"
for ((i = 0; i < 601; i++)); do echo "/* $i */"; done >"$d/t/lib/planted.c"
scripts/check-sizes.sh "$d/t" >"$d/out" 2>&1 && fail "a 601-line file passed: $(cat "$d/out")"
grep -q '^lib/planted.c: 601 lines (at most 600)' "$d/out" || fail "a 601-line file not named: $(cat "$d/out")"
echo "ok: $(grep -m1 planted.c "$d/out")"
