# Broken configs, table-driven: each must give one error line naming the
# file, the key path and the reason, exit status 2, and change nothing on
# the system (no knob state file, THP and hugetlb knobs as they were).
. tests/lib.sh
d=$(tmpdir)
knobs() {
	cat /sys/kernel/mm/transparent_hugepage/enabled /proc/sys/vm/nr_hugepages 2>/dev/null
	ls /sys/kernel/mm/hugepages/ 2>/dev/null | while read -r h; do
		cat "/sys/kernel/mm/hugepages/$h/nr_hugepages"
	done
}
before=$(knobs)
n=0
# case NAME 'EXPECTED (grep -E)' 'CONTENT' (printf format: \xff etc. work)
case_() {
	local name=$1 pat=$2 file=$d/$1.json rc lines
	printf "$3" >"$file"
	set +e
	$PTB run --out "$d/out" --config "$file" 2>"$d/err" >/dev/null
	rc=$?
	set -e
	lines=$(wc -l <"$d/err")
	[ $rc -eq 2 ] || fail "$name: exit $rc, not 2: $(cat "$d/err")"
	[ "$lines" -eq 1 ] || fail "$name: $lines lines of error, not 1: $(cat "$d/err")"
	grep -q -- "$file" "$d/err" || fail "$name: error does not name the file: $(cat "$d/err")"
	grep -Eq -- "$pat" "$d/err" || fail "$name: error lacks /$pat/: $(cat "$d/err")"
	[ ! -e "$PTBENCH_STATE" ] || fail "$name: a knob state file was written"
	[ ! -e "$d/out" ] || fail "$name: an output directory was created"
	echo "ok $name: $(cat "$d/err")"
	n=$((n + 1))
}
P='{"points": [{"workload": "ptl", "params": {%s}}]}'
case_ unknown-workload 'points\[0\]\.workload: unknown workload "nope"' '{"points": [{"workload": "nope"}]}'
case_ unknown-top-key 'unknown key "pointz"' '{"pointz": []}'
case_ unknown-param 'points\[0\]\.params\.levle: .*no parameter "levle"' "$(printf "$P" '"levle": "pte"')"
case_ bad-enum 'parameter "level"' "$(printf "$P" '"level": "pmx"')"
case_ wrong-type-param 'points\[0\]\.params\.pages' "$(printf "$P" '"pages": {"a": 1}')"
case_ wrong-type-duration 'duration' '{"defaults": {"duration": "long"}, "points": [{"workload": "ptl"}]}'
case_ negative-pages 'pages' "$(printf "$P" '"pages": -1')"
case_ absurd-pages 'pages' "$(printf "$P" '"pages": 99999999999999999999')"
case_ zero-pages 'pages' "$(printf "$P" '"pages": 0')"
case_ too-many-threads 'threads' '{"defaults": {"threads": 100000}, "points": [{"workload": "ptl"}]}'
case_ zero-threads 'threads' '{"defaults": {"threads": 0}, "points": [{"workload": "ptl"}]}'
case_ zero-repetitions 'repetitions' '{"defaults": {"repetitions": 0}, "points": [{"workload": "ptl"}]}'
case_ absurd-duration 'duration' '{"defaults": {"duration": 1e300}, "points": [{"workload": "ptl"}]}'
case_ negative-duration 'duration' '{"defaults": {"duration": -1}, "points": [{"workload": "ptl"}]}'
case_ bad-bind 'bind' '{"defaults": {"bind": "everywhere"}, "points": [{"workload": "ptl"}]}'
case_ empty-points 'points' '{"points": []}'
case_ empty-matrix 'level' "$(printf "$P" '"level": []')"
case_ no-points 'points' '{}'
case_ not-an-object 'object' '[1, 2]'
case_ duplicate-key 'duplicate' '{"points": [], "points": []}'
case_ duplicate-point 'duplicate|twice' '{"points": [{"workload": "ptl"}, {"workload": "ptl"}]}'
case_ truncated 'line 1' '{"points": ['
case_ empty-file 'line|empty|end of file' ''
case_ non-utf8 'decode byte|UTF-8' "$(printf "$P" "\"level\": \"pt"$'\xff'"\"")"
case_ nan-literal 'line 1' '{"defaults": {"duration": NaN}, "points": [{"workload": "ptl"}]}'
case_ nul-in-string 'u0000.* is not one of' "$(printf "$P" '"level": "pte\\\\u0000x"')"
deep=$(head -c 100000 /dev/zero | tr '\0' '[')
case_ deep-nesting 'nest|depth|line 1' "{\"points\": $deep"
python3 -c 'import sys; sys.stdout.write("{\"points\": [" + "{\"workload\": \"ptl\"}," * 70000 + "{\"workload\": \"ptl\"}]}")' >"$d/huge.src"
case_ huge-file 'limit' "$(cat "$d/huge.src")"
# not a JSON file at all
for f in /dev/zero "$d"; do
	set +e
	$PTB run --config "$f" 2>"$d/err" >/dev/null
	rc=$?
	set -e
	[ $rc -eq 2 ] || fail "--config $f: exit $rc"
	grep -q "not a regular file" "$d/err" || fail "--config $f: $(cat "$d/err")"
	echo "ok $f: $(cat "$d/err")"
	n=$((n + 1))
done
[ "$(knobs)" = "$before" ] || fail "knobs changed"
echo "$n broken configs rejected with exit 2, nothing changed"
