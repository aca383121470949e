# The runner itself under ASan/UBSan: a short run of each op and level.
. tests/lib.sh
need_root
PTB=build/ptbench-asan
d=$(tmpdir)
ASAN_OPTIONS=detect_leaks=1 $PTB run -q --out "$d" -d 0.1 -w 0 -r 2 \
	ptl:level=pte,pmd,placement=shared,split,op=fault,mincore,pagemap,threads=1,2
ASAN_OPTIONS=detect_leaks=1 $PTB info >/dev/null
ASAN_OPTIONS=detect_leaks=1 $PTB validate "$d"/*.json
rm -rf "$d"
