#!/usr/bin/env bash
# The README's 10,000-item sync measurement: 20 generated RSS feeds of 500 items
# served on 127.0.0.1, read by coldsweat (the Fever API server the tests use, from
# <target>/coldsweat-venv), then `tidings sync` (release build) timed with
# /usr/bin/time: the first sync, a second one with nothing new, one after every item
# was marked read on the server, and an export from the cache.
# Usage: benches/support/sync_10k.sh   (after cargo build --release and .ci/run's install)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
flask="$target/coldsweat-venv/bin/flask"
tidings="$target/release/tidings"
work="$(mktemp -d)"
feeds_port=18191
fever_port=18192
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"
python3 - "$feeds_port" <<'PY'
import os, sys
port = sys.argv[1]
os.makedirs("feeds")
outlines = []
for f in range(20):
    items = []
    for i in range(500):
        n = f * 500 + i
        body = f"&lt;p&gt;Item {n}, with &lt;b&gt;bold&lt;/b&gt; text.&lt;/p&gt;&lt;p&gt;{'Lorem ipsum dolor sit amet. ' * 12}&lt;/p&gt;"
        items.append(
            f"<item><title>Item {n} of feed {f}</title><link>http://127.0.0.1:{port}/a/{n}</link>"
            f"<guid>http://127.0.0.1:{port}/a/{n}</guid><author>w@example.org (Writer {n % 7})</author>"
            f"<pubDate>{(n % 28) + 1:02d} Nov 2026 {n % 24:02d}:{n % 60:02d}:00 GMT</pubDate>"
            f"<description>{body}</description></item>")
    with open(f"feeds/f{f}.xml", "w") as out:
        out.write(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {f}</title>'
                  f'<link>http://127.0.0.1:{port}/</link>{"".join(items)}</channel></rss>')
    outlines.append(f'<outline type="rss" text="Feed {f}" xmlUrl="http://127.0.0.1:{port}/feeds/f{f}.xml"/>')
with open("subs.opml", "w") as out:
    out.write('<?xml version="1.0"?><opml version="1.0"><head><title>10k</title></head><body>'
              f'<outline text="Big">{"".join(outlines)}</outline></body></opml>')
PY
export FLASK_DATABASE_URL="sqlite:///$work/cs.db" FLASK_SECRET_KEY=bench
# coldsweat reaches nothing but loopback.
export HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 NO_PROXY=127.0.0.1,localhost
python3 -m http.server "$feeds_port" --bind 127.0.0.1 >/dev/null 2>&1 &
pids+=($!)
sleep 1
"$flask" --app coldsweat setup bench@example.org -p bench-password-1 >/dev/null
"$flask" --app coldsweat import subs.opml bench@example.org >/dev/null
"$flask" --app coldsweat fetch >/dev/null 2>&1
"$flask" --app coldsweat run --host 127.0.0.1 --port "$fever_port" >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$fever_port/fever/?api" && break; sleep 0.2; done
cat > config.toml <<TOML
[fetch]
refresh_on_start = 0
timeout = 120

[[sync]]
kind = "fever"
url = "http://127.0.0.1:$fever_port/fever/"
user = "bench@example.org"
password_env = "BENCH_PASS"
TOML
export BENCH_PASS=bench-password-1
run() { /usr/bin/time -f '  %M KB peak, %e s' "$tidings" --config="$work/config.toml" --state-dir="$work/state" "$@"; }
echo "first sync:"; run sync
echo "second sync, nothing new:"; run sync
key=$(printf 'bench@example.org:bench-password-1' | md5sum | cut -d' ' -f1)
curl -s -X POST "http://127.0.0.1:$fever_port/fever/?api" -d "api_key=$key" -d mark=group \
    -d as=read -d id=0 -d "before=$(( $(date +%s) + 3600 ))" >/dev/null
echo "sync after every item was marked read on the server:"; run sync
echo "export from the cache:"; run export --format jsonl | wc -l
echo "state database: $(du -k state/tidings.db | cut -f1) KB"
