#!/bin/sh
# The HTML report in a real browser: render examples/message-broker.lua
# with the built binary, open it in headless Chromium (Debian `chromium`),
# take a screenshot and dump the DOM, and check that the page rendered:
# the screenshot is a PNG of some size that is not one colour, and the DOM
# holds the SVG charts and the option names.
#
# Skips (exit 0, says so) only when chromium is not installed.
# Usage: tests/report/chromium.sh [BUILD/tradeoff]
# Prints "report: N passed, N failed" last.
TRADEOFF=${1:-build/tradeoff}
cd "$(dirname "$0")/../.." || exit 2
case $TRADEOFF in /*) ;; *) TRADEOFF=$PWD/$TRADEOFF ;; esac

CHROMIUM=$(command -v chromium || command -v chromium-browser)
if [ -z "$CHROMIUM" ]; then
	echo "report: skipped: chromium is not installed (apt-get install chromium)"
	echo "report: 0 passed, 0 failed"
	exit 0
fi

pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL report: $*"; }

if "$TRADEOFF" report examples/message-broker.lua -o "$tmp/report.html" \
	2>"$tmp/err"; then
	ok
else
	bad "tradeoff report exited $?: $(cat "$tmp/err")"
	echo "report: $pass passed, $fail failed"
	exit 1
fi

# What the browser may not do: reach the network, sync, update, or keep
# state outside $tmp.
chrome() {
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--disable-background-networking --disable-component-update \
		--disable-sync --no-first-run --user-data-dir="$tmp/profile" \
		"$@" "file://$tmp/report.html"
}

chrome --screenshot="$tmp/shot.png" --window-size=1200,2000 \
	>"$tmp/shot.log" 2>&1
[ -s "$tmp/shot.png" ] && ok || bad "no screenshot: $(tail -n 3 "$tmp/shot.log")"

chrome --dump-dom >"$tmp/dom.html" 2>"$tmp/dom.log"
[ -s "$tmp/dom.html" ] && ok || bad "no DOM dump: $(tail -n 3 "$tmp/dom.log")"

# The screenshot: a PNG over 5 KB whose pixels are not all one colour.
# Standard library only: parse the chunks, inflate IDAT, undo the filters.
if [ -s "$tmp/shot.png" ]; then
	if python3 - "$tmp/shot.png" <<'EOF'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit("not a PNG")
if len(data) < 5000:
    sys.exit("PNG of %d bytes: too small" % len(data))
pos, idat, w = 8, b"", 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, colour = struct.unpack(">IIBB", body[:10])
        if depth != 8 or colour not in (2, 6):
            sys.exit("unexpected PNG format: depth %d colour %d" % (depth, colour))
        bpp = 3 if colour == 2 else 4
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
stride = w * bpp
prev = bytearray(stride)
colours = set()
i = 0
for y in range(min(h, 700)):  # the top of the page is enough
    f = raw[i]
    line = bytearray(raw[i + 1:i + 1 + stride])
    i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x]
        c = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
            line[x] = (line[x] + pr) & 255
    prev = line
    if y % 8 == 0:
        for x in range(0, stride, bpp * 4):
            colours.add(bytes(line[x:x + 3]))
if len(colours) < 8:
    sys.exit("only %d colours: the page looks blank" % len(colours))
print("screenshot: %dx%d, %d colours sampled" % (w, h, len(colours)))
EOF
	then ok; else bad "the screenshot does not show a rendered page"; fi
fi

# The DOM: the three charts with their bars, and every option's name.
if [ -s "$tmp/dom.html" ]; then
	n=$(grep -o '<svg' "$tmp/dom.html" | wc -l)
	[ "$n" -ge 3 ] && ok || bad "DOM has $n <svg> elements, expected 3"
	n=$(grep -o '<rect' "$tmp/dom.html" | wc -l)
	[ "$n" -ge 10 ] && ok || bad "DOM has $n <rect> elements"
	for name in Kafka RabbitMQ "NATS JetStream" "Redis Streams" \
		"Apache Pulsar" "Amazon SQS"; do
		grep -qF "$name" "$tmp/dom.html" && ok || bad "DOM lacks option $name"
	done
	grep -q 'id="why-not"' "$tmp/dom.html" && ok || bad "DOM lacks why-not"
fi

echo "report: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
