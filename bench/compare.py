#!/usr/bin/env python3
"""Benchmark this project's gxe against NVIDIA's GXF, side by side, on the same graph files.

Run from the repository root, after `cargo build --release`:

    python3 bench/compare.py [--runs N] [--graphs ping_greedy,ping_multithread,ping_eventbased]
                             [--gxe target/release/gxe] [--shared ../shared] [--json out.json]
    python3 bench/compare.py --memory      # peak RSS of our gxe at 1e5, 1e6 and 1e7 messages

NVIDIA's GXF runs through ../shared/reference/gxf_ref.py, from a venv in ~/.cache/gxf-ref that
this script creates when it is missing (see ../shared/reference/README.md). Python 3.11 stdlib only.
"""
import argparse
import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REF_VENV = Path.home() / ".cache" / "gxf-ref"
REF_PACKAGES = ["holoscan-cu12==4.6.0", "nvidia-cuda-runtime-cu12"]
DEFAULT_GRAPHS = "ping_greedy,ping_multithread,ping_eventbased"
MEMORY_COUNTS = [100_000, 1_000_000, 10_000_000]

RUN_MS = re.compile(r"\brun_ms=([0-9]+(?:\.[0-9]*)?)")
DOC_SEPARATOR = re.compile(r"^---[ \t]*$", re.M)
TX_ENTITY = re.compile(r"^name:[ \t]*['\"]?tx['\"]?[ \t]*$", re.M)
LIST_ITEM = re.compile(r"^[ \t]*- ", re.M)
COUNT_TERM = re.compile(r"type:[ \t]*nvidia::gxf::CountSchedulingTerm\b")
COUNT_VALUE = re.compile(r"^[ \t]+count:[ \t]*([0-9]+)[ \t]*$", re.M)
SAMPLE_TYPES = re.compile(
    r"type:[ \t]*nvidia::gxf::(PingTx|PingRx|PingBatchRx|MultiPingRx|HelloWorld)\b")


@dataclass
class Run:
    """Outcome of one child process: exit status, wall time, peak RSS and its output."""
    rc: int
    wall_ms: float
    max_rss_kib: int
    output: str
    timed_out: bool

    def run_ms(self):
        """The last `run_ms=<float>` the process printed, or None."""
        found = RUN_MS.findall(self.output)
        return float(found[-1]) if found else None

    def failure(self):
        """Why this run failed, then the tail of its output, or None if it succeeded."""
        if self.timed_out:
            reason = f"timed out after {self.wall_ms / 1e3:.0f} s"
        elif self.rc != 0:
            reason = f"exited with status {self.rc}"
        else:
            return None
        tail = self.output.strip().splitlines()[-8:] or ["(no output)"]
        return "\n".join([reason] + ["    " + line for line in tail])


def run_child(cmd, timeout_s, env=None):
    """Run cmd with stdout+stderr captured to a temp file; return its wall time, rusage and output.

    os.wait4 gives the rusage of this one child, so its ru_maxrss is this run's peak RSS (not the
    maximum over every child so far, as RUSAGE_CHILDREN would be). The child runs in its own
    process group, killed as a whole on timeout or interrupt.
    """
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env,
                                process_group=0)
        try:
            timed_out = _wait_exit(proc, timeout_s)
        except BaseException:  # e.g. Ctrl+C, which does not reach the child's own process group
            os.killpg(proc.pid, signal.SIGKILL)
            raise
        _, status, usage = os.wait4(proc.pid, 0)
        wall_ms = 1e3 * (time.perf_counter() - start)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return Run(proc.returncode, wall_ms, usage.ru_maxrss, text, timed_out)


def _wait_exit(proc, timeout_s):
    """Block until proc exits (left unreaped), killing it after timeout_s; True if it was killed."""
    lock = threading.Lock()
    state = {"exited": False, "killed": False}

    def kill():
        with lock:
            if not state["exited"]:
                os.killpg(proc.pid, signal.SIGKILL)
                state["killed"] = True

    timer = threading.Timer(timeout_s, kill)
    timer.start()
    try:
        os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)  # a zombie keeps its pid: safe kill
        with lock:
            state["exited"] = True
    finally:
        timer.cancel()
    return state["killed"]


def check(cmd):
    """Print and run a set-up command; exit with its status if it fails."""
    print("+ " + " ".join(str(c) for c in cmd), flush=True)
    rc = subprocess.run(cmd).returncode
    if rc != 0:
        sys.exit(f"error: set-up command failed with status {rc}")


def ensure_reference():
    """Create the GXF reference venv if missing; return (python, holoscan lib dir, env for runs)."""
    python = REF_VENV / "bin" / "python"
    if not python.exists():
        print(f"Setting up NVIDIA GXF reference in {REF_VENV} (once):")
        check([sys.executable, "-m", "venv", str(REF_VENV)])
        check([str(REF_VENV / "bin" / "pip"), "install", "--no-deps", *REF_PACKAGES])
    site = subprocess.run([str(python), "-c", "import site; print(site.getsitepackages()[0])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    lib = Path(site) / "holoscan" / "lib"
    if not (lib / "libgxf_core.so").exists():
        sys.exit(f"error: {lib}/libgxf_core.so missing; remove {REF_VENV} and rerun to reinstall")
    env = dict(os.environ)
    cuda_rt = str(Path(site) / "nvidia" / "cuda_runtime" / "lib")
    env["LD_LIBRARY_PATH"] = os.pathsep.join(p for p in [cuda_rt, env.get("LD_LIBRARY_PATH")] if p)
    return python, lib, env


def count_span(text):
    """Span of the `count` value of the CountSchedulingTerm in the entity named tx, or None."""
    bounds = [0] + [m.end() for m in DOC_SEPARATOR.finditer(text)] + [len(text)]
    for start, end in zip(bounds, bounds[1:]):
        if not TX_ENTITY.search(text, start, end):
            continue
        items = [m.start() for m in LIST_ITEM.finditer(text, start, end)] + [end]
        for item, item_end in zip(items, items[1:]):
            if COUNT_TERM.search(text, item, item_end):
                value = COUNT_VALUE.search(text, item, item_end)
                if value:
                    return value.span(1)
    return None


def message_count(graph):
    """Number of messages a ping graph sends: the tx entity's CountSchedulingTerm count."""
    text = graph.read_text()
    span = count_span(text)
    if span is None:
        sys.exit(f"error: {graph}: no CountSchedulingTerm count in an entity named tx")
    return int(text[span[0]:span[1]])


def with_count(text, count):
    """The graph text with the tx entity's CountSchedulingTerm count replaced by count."""
    start, end = count_span(text)
    return text[:start] + str(count) + text[end:]


def reference_extensions(graph):
    """The gxf_ref.py --ext flags a graph needs (std is always loaded)."""
    return ["--ext", "sample"] if SAMPLE_TYPES.search(graph.read_text()) else []


def ours_cmd(args, graph):
    """Command line running a graph on this project's gxe."""
    return [str(args.gxe), "--app", str(graph), "--severity", str(args.severity), "--timing"]


def gxf_cmd(args, ref, graph):
    """Command line running a graph on NVIDIA's GXF through gxf_ref.py (-S: skip site imports)."""
    python, lib, _ = ref
    return [str(python), "-S", str(args.shared / "reference" / "gxf_ref.py"), "--lib", str(lib),
            "--app", str(graph), "--severity", str(args.severity), *reference_extensions(graph)]


def ours_time(run):
    """(milliseconds, basis) for one of our runs: its printed run_ms, else its wall time."""
    run_ms = run.run_ms()
    return (run_ms, "run_ms") if run_ms is not None else (run.wall_ms, "wall")


def gxf_time(run):
    """(milliseconds, basis) for one GXF run: gxf_ref.py's run_ms (run + wait, no load/teardown)."""
    run_ms = run.run_ms()
    if run_ms is None:
        raise ValueError("gxf_ref.py printed no run_ms")
    return run_ms, "run_ms"


def summarize(times, bases, messages, error):
    """Median, spread and throughput of one side's timings for one graph."""
    if error:
        return {"error": error}
    median = statistics.median(times)
    return {"basis": "/".join(sorted(set(bases))), "times_ms": times, "median_ms": median,
            "min_ms": min(times), "max_ms": max(times),
            "msgs_per_s": messages / (median / 1e3) if median > 0 else None}


def bench_graph(args, ref, name):
    """Run one graph N times on each engine, alternating; return its result record."""
    project_graph = Path(__file__).resolve().parent / "graphs" / f"{name}.yaml"
    graph = (project_graph if project_graph.exists() else args.shared / "bench" / f"{name}.yaml").resolve()
    if not graph.exists():
        sys.exit(f"error: graph {graph} not found")
    messages = message_count(graph)
    sides = {"ours": (ours_cmd(args, graph), None, ours_time),
             "gxf": (gxf_cmd(args, ref, graph), ref[2], gxf_time)}
    samples = {side: {"times": [], "bases": [], "error": None} for side in sides}
    for i in range(args.runs):
        order = list(sides) if i % 2 == 0 else list(reversed(sides))  # cancel any order effect
        for side in order:
            cmd, env, timing = sides[side]
            sample = samples[side]
            if sample["error"]:
                continue
            sample["error"] = measure(cmd, env, timing, args.timeout, sample)
            print(f"  {name} run {i + 1}/{args.runs} {side}: " + (
                f"FAILED ({sample['error'].splitlines()[0]})" if sample["error"]
                else f"{sample['times'][-1]:.1f} ms ({sample['bases'][-1]})"), flush=True)
    record = {"graph": name, "messages": messages}
    for side, sample in samples.items():
        record[side] = summarize(sample["times"], sample["bases"], messages, sample["error"])
    ours, gxf = record["ours"].get("msgs_per_s"), record["gxf"].get("msgs_per_s")
    record["ratio"] = ours / gxf if ours and gxf else None
    return record


def measure(cmd, env, timing, timeout_s, sample):
    """Run cmd once and append its time and basis to sample; return an error text or None."""
    run = run_child(cmd, timeout_s, env=env)
    error = run.failure()
    if error:
        return error
    try:
        ms, basis = timing(run)
    except ValueError as e:
        return str(e)
    sample["times"].append(ms)
    sample["bases"].append(basis)
    return None


def fmt(value, spec):
    """Format a number, or '-' when missing."""
    return "-" if value is None else format(value, spec)


def print_table(records):
    """Print the side-by-side results table and any failures."""
    header = ["graph", "messages", "ours ms", "GXF ms", "ours msg/s", "GXF msg/s", "ratio",
              "ours min-max ms", "GXF min-max ms", "ours basis"]
    rows = [header]
    for r in records:
        o, g = r["ours"], r["gxf"]
        rows.append([r["graph"], f"{r['messages']:,}", fmt(o.get("median_ms"), ".1f"),
                     fmt(g.get("median_ms"), ".1f"), fmt(o.get("msgs_per_s"), ",.0f"),
                     fmt(g.get("msgs_per_s"), ",.0f"), fmt(r["ratio"], ".2f"),
                     spread(o), spread(g), o.get("basis", "FAILED")])
    widths = [max(len(row[c]) for row in rows) for c in range(len(header))]
    print()
    for row in rows:
        print("  ".join(cell.rjust(w) if c else cell.ljust(w)
                        for c, (cell, w) in enumerate(zip(row, widths))))
    for r in records:
        for side in ("ours", "gxf"):
            if "error" in r[side]:
                print(f"\n{r['graph']} {side} failed: {r[side]['error']}")
    print("\nratio = ours msg/s / GXF msg/s (>1: we are faster). GXF times are gxf_ref.py's run_ms "
          "(run + wait only); ours basis 'wall' means the whole gxe process, load included.")
    print_per_hop(records)


def per_message_ns(record, side):
    """Median ns per message of one side, or None."""
    median = record[side].get("median_ms")
    return None if median is None else median * 1e6 / record["messages"]


def print_per_hop(records):
    """Cost of one Forward hop: (chain ns/msg - ping ns/msg) / 8, when both graphs ran."""
    by_name = {r["graph"]: r for r in records}
    chain, ping = by_name.get("chain_greedy"), by_name.get("ping_greedy")
    if not chain or not ping:
        return
    for side, label in (("ours", "ours"), ("gxf", "GXF")):
        c, p = per_message_ns(chain, side), per_message_ns(ping, side)
        if c is not None and p is not None:
            print(f"per-hop cost ({label}): {(c - p) / 8:.0f} ns  (chain {c:.0f} ns/msg, ping {p:.0f} ns/msg)")


def spread(side):
    """'min-max' of one side's timings."""
    return "-" if "min_ms" not in side else f"{side['min_ms']:.0f}-{side['max_ms']:.0f}"


def memory_mode(args, ref):
    """Peak RSS of our gxe (and of GXF via gxf_ref.py) on ping_greedy at growing message counts."""
    source = (args.shared / "bench" / "ping_greedy.yaml").read_text()
    records = []
    with tempfile.TemporaryDirectory(prefix="gxf-bench-") as tmp:
        for count in MEMORY_COUNTS:
            graph = Path(tmp) / f"ping_greedy_{count}.yaml"
            graph.write_text(with_count(source, count))
            record = {"messages": count}
            for side, cmd, env in (("ours", ours_cmd(args, graph), None),
                                   ("gxf", gxf_cmd(args, ref, graph), ref[2])):
                run = run_child(cmd, args.timeout, env=env)
                error = run.failure()
                record[side] = ({"error": error} if error else
                                {"peak_rss_kib": run.max_rss_kib, "wall_ms": run.wall_ms})
                print(f"  {count:,} messages {side}: "
                      + (f"FAILED ({error.splitlines()[0]})" if error else
                         f"peak RSS {run.max_rss_kib / 1024:.1f} MiB, wall {run.wall_ms:.0f} ms"),
                      flush=True)
            records.append(record)
    print("\n  messages  ours peak RSS MiB  GXF peak RSS MiB (with Python)")
    for r in records:
        print(f"{r['messages']:>10,}  {mib(r['ours']):>17}  {mib(r['gxf']):>16}")
    return records


def mib(side):
    """A side's peak RSS in MiB, or 'FAILED'."""
    return "FAILED" if "error" in side else f"{side['peak_rss_kib'] / 1024:.1f}"


def parse_args():
    """Command-line options."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="runs per graph and engine (default 5)")
    ap.add_argument("--graphs", default=DEFAULT_GRAPHS,
                    help="comma-separated graph names under SHARED/bench")
    ap.add_argument("--gxe", type=Path, default=Path("target/release/gxe"), help="our gxe binary")
    ap.add_argument("--shared", type=Path, default=Path("../shared"), help="the shared folder")
    ap.add_argument("--severity", type=int, default=2,
                    help="log severity passed to both engines (default 2 = warning, as gxf_ref.py)")
    ap.add_argument("--timeout", type=float, default=600, help="seconds before a run is killed")
    ap.add_argument("--memory", action="store_true", help="measure peak RSS instead of throughput")
    ap.add_argument("--json", type=Path, help="also write the results to this JSON file")
    args = ap.parse_args()
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    if not args.gxe.is_file():
        sys.exit(f"error: {args.gxe} does not exist; run cargo build --release first")
    if not (args.shared / "reference" / "gxf_ref.py").is_file():
        sys.exit(f"error: {args.shared}/reference/gxf_ref.py not found; pass --shared")
    return args


def main():
    """Set up the reference, run the chosen benchmark, print and optionally save the results."""
    args = parse_args()
    ref = ensure_reference()
    machine = {"host": platform.node(), "cpus": os.cpu_count(), "loadavg": os.getloadavg(),
               "python": platform.python_version()}
    print(f"{machine['cpus']} CPUs, load average {machine['loadavg'][0]:.2f}; "
          f"gxe {args.gxe}, GXF from {ref[1]}", flush=True)
    if args.memory:
        results = {"machine": machine, "memory": memory_mode(args, ref)}
        failed = any("error" in r[s] for r in results["memory"] for s in ("ours", "gxf"))
    else:
        records = [bench_graph(args, ref, name) for name in args.graphs.split(",") if name]
        print_table(records)
        results = {"machine": machine, "runs": args.runs, "severity": args.severity,
                   "graphs": records}
        failed = any("error" in r[s] for r in records for s in ("ours", "gxf"))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
        print(f"wrote {args.json}")
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
