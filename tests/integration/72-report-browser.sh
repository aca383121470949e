# The report in a real browser: headless Chromium loads index.html from the
# fixtures' A/B; the DOM it built must lead with the verdict and the summary
# table, hold every figure as an embedded image (each a valid SVG), fetch
# nothing, and put the systems table after the figures. A screenshot of the
# page must be a real PNG. Skipped, with the reason, without Chromium.
. tests/lib.sh
F=tests/fixtures
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || skip "no chromium (make test installs it: scripts/deps.sh chromium:chromium)"
d=$(tmpdir)
trap 'rm -rf "$d"' EXIT

$PTB report --within-run --out "$d/r" $F/full-kernel-a.json $F/full-kernel-b.json >"$d/out" 2>/dev/null
nfig=$(ls "$d/r/"*.svg | wc -l)
[ "$nfig" -ge 6 ] || fail "report made $nfig figures"
# a profile of our own: no first-run UI, nothing shared with a user's browser
flags=(--headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$d/profile"
       --hide-scrollbars --window-size=1280,2000)
timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$d/r/index.html" >"$d/dom.html" 2>"$d/err" ||
	fail "chromium could not load the report: $(tail -n 3 "$d/err")"
timeout 120 "$browser" "${flags[@]}" --screenshot="$d/shot.png" "file://$d/r/index.html" \
	>/dev/null 2>>"$d/err" || fail "chromium could not take a screenshot"
python3 - "$d/dom.html" "$nfig" "$d/shot.png" <<'PY' || fail "report DOM"
import base64, html.parser, re, sys, xml.dom.minidom
dom, nfig, shot = open(sys.argv[1], encoding="utf-8").read(), int(sys.argv[2]), sys.argv[3]

class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.order, self.imgs, self.external = [], [], []
        self.open, self.stray = [], []
    def handle_endtag(self, tag):
        if self.open and self.open[-1] == tag:
            self.open.pop()
    def handle_data(self, data):
        # a cell's text outside its <td> is moved above the table by the browser
        if re.search(r"mde \d", data) and "td" not in self.open and "p" not in self.open:
            self.stray.append(data.strip()[:60])
    def handle_starttag(self, tag, a):
        if tag in ("td", "p"):
            self.open.append(tag)
        a = dict(a)
        if tag == "h2" and a.get("id"):
            self.order.append(a["id"])
        if tag == "table" and a.get("class"):
            self.order.append("table." + a["class"])
        if tag == "img":
            self.imgs.append(a.get("src", ""))
        for k in ("src", "href"):
            if a.get(k, "").startswith(("http:", "https:", "//")):
                self.external.append(a[k])
        if tag in ("script", "link", "iframe"):
            self.external.append(tag)
p = P()
p.feed(dom)
assert not p.external, "external or active content: %s" % p.external[:3]
assert not p.stray, "summary cell text outside its cell: %s" % p.stray[:3]
assert p.order and p.order[0] == "verdict", "the page does not lead with the verdict: %s" % p.order[:3]
assert "table.summary" in p.order, "no summary table"
assert p.order.index("table.summary") < p.order.index("figures") < p.order.index("table.sys"), p.order
assert "WORSE" in dom and "Failed checks" in dom, "no marks or failed checks"
assert len(p.imgs) == nfig, "%d images for %d figures" % (len(p.imgs), nfig)
for src in p.imgs:
    head = "data:image/svg+xml;base64,"
    assert src.startswith(head), src[:40]
    svg = base64.b64decode(src[len(head):])
    assert xml.dom.minidom.parseString(svg).documentElement.tagName == "svg"
b = open(shot, "rb").read()
assert b[:8] == b"\x89PNG\r\n\x1a\n" and len(b) > 20000, "screenshot"
print("ok: verdict first, summary table, %d figures, systems last" % nfig)
PY
echo ok
