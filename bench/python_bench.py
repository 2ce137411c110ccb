#!/usr/bin/env python3
"""Python codelet benchmarks, side by side with Holoscan's Python operators where they compare.

Run from the repository root, after `cargo build --release` (NumPy needed for the tensor view):

    python3 bench/python_bench.py [--runs 5] [--messages 100000] [--gxe target/release/gxe]

Reports, each as the median of --runs runs:
- ping: Python PingTx -> Python PingRx (bench/graphs/py_ping_greedy.yaml under gxe, and the same
  graph built in Python with PyComputeEntity, bench/python/pce_ping.py) against a Holoscan
  Python operator pair (bench/python/holoscan_ping.py, from the reference wheel), in messages/s.
  Both sides also run with 1 message; the difference is the cost of the messages alone (set-up
  and interpreter start excluded), which is what the ratio uses;
- empty tick: ns per tick of a Python codelet whose tick() does nothing (py_empty_tick.yaml);
- tensor view: ns per np.asarray() of a 1 KB and a 100 MB host tensor (py_tensor_view.yaml).
"""
import argparse
import os
import re
import statistics
import sys
import tempfile
from pathlib import Path

from compare import ensure_reference, run_child

ROOT = Path(__file__).resolve().parent.parent
GRAPHS = ROOT / "bench" / "graphs"
COUNT = re.compile(r"^([ \t]+count:[ \t]*)[0-9]+[ \t]*$", re.M)
VIEW = re.compile(r"view_ns\[([0-9]+)\]=([0-9.]+)")


def with_count(graph, count):
    """A temporary copy of `graph` whose CountSchedulingTerm counts `count`."""
    text, n = COUNT.subn(lambda m: f"{m.group(1)}{count}", graph.read_text())
    assert n == 1, f"{graph}: expected one count: line"
    tmp = tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False)
    tmp.write(text)
    tmp.close()
    return tmp.name


def timed(cmd, env=None):
    """run_ms of one run (exits with the output on failure)."""
    run = run_child(cmd, 600, env)
    if run.failure() or run.run_ms() is None:
        sys.exit(f"error: {' '.join(map(str, cmd))}: {run.failure() or 'no run_ms printed'}")
    return run.run_ms()


def holoscan_env(holoscan_lib, env):
    """The reference wheel's libraries by soname (the wheel's own installer would make these links)."""
    site = holoscan_lib.parent.parent
    links = Path.home() / ".cache" / "gxf-ref" / "soname-links"
    links.mkdir(exist_ok=True)
    for lib in site.rglob("*.so.*"):
        soname = re.sub(r"(\.so\.[0-9]+).*$", r"\1", lib.name)
        if not (links / soname).exists():
            (links / soname).symlink_to(lib)
    env = dict(env)
    env["LD_LIBRARY_PATH"] = ":".join([str(links), str(site / "holoscan" / "lib"), env["LD_LIBRARY_PATH"]])
    return env


def ping(args):
    python, holoscan_lib, env = ensure_reference()
    env = holoscan_env(holoscan_lib, env)
    holoscan = ROOT / "bench" / "python" / "holoscan_ping.py"
    ours_graphs = {n: with_count(GRAPHS / "py_ping_greedy.yaml", n) for n in (1, args.messages)}
    pce = ROOT / "bench" / "python" / "pce_ping.py"
    pce_env = dict(os.environ, PYTHONPATH=str(ROOT / "python-codelet-extension" / "python"),
                   GXF_PYTHON_NATIVE=str(Path(args.gxe).resolve().with_name("libpygxf_native.so")))
    sides = ("ours", "ours-pce", "holoscan")
    times = {(side, n): [] for side in sides for n in (1, args.messages)}
    for i in range(args.runs):
        for n in (1, args.messages):
            times["ours", n].append(timed([args.gxe, "--app", ours_graphs[n], "--timing", "--severity", "2"]))
            times["ours-pce", n].append(timed([sys.executable, pce, str(n)], pce_env))
            times["holoscan", n].append(timed([python, holoscan, str(n)], env))
        print(f"  ping run {i + 1}/{args.runs}: " + ", ".join(
            f"{side} {times[side, args.messages][-1]:.0f} ms" for side in sides), flush=True)
    print(f"\nping, {args.messages:,} messages (median of {args.runs}; marginal = minus a 1-message run;"
          f" ours = the YAML graph under gxe, ours-pce = the same graph built with PyComputeEntity)")
    rates = {}
    for side in sides:
        full, one = statistics.median(times[side, args.messages]), statistics.median(times[side, 1])
        marginal = (full - one) / (args.messages - 1) * 1e6
        rates[side] = 1e9 / marginal
        print(f"  {side:<9} {full:8.1f} ms  {args.messages / full * 1e3:>10,.0f} msg/s  "
              f"marginal {marginal:7.0f} ns/msg = {rates[side]:>10,.0f} msg/s  "
              f"(min-max {min(times[side, args.messages]):.0f}-{max(times[side, args.messages]):.0f} ms)")
    for side in ("ours", "ours-pce"):
        print(f"  ratio {side}/holoscan (marginal msg/s): {rates[side] / rates['holoscan']:.2f}")


def empty_tick(args):
    ticks = 1_000_000
    graphs = {n: with_count(GRAPHS / "py_empty_tick.yaml", n) for n in (1, ticks)}
    full = statistics.median(timed([args.gxe, "--app", graphs[ticks], "--timing"]) for _ in range(args.runs))
    one = statistics.median(timed([args.gxe, "--app", graphs[1], "--timing"]) for _ in range(args.runs))
    print(f"\nempty Python tick: {(full - one) / (ticks - 1) * 1e6:.0f} ns per tick "
          f"(scheduler included; {ticks:,} ticks in {full:.0f} ms, median of {args.runs})")


def tensor_view(args):
    views = {}
    for _ in range(args.runs):
        run = run_child([args.gxe, "--app", str(GRAPHS / "py_tensor_view.yaml")], 600)
        if run.failure():
            sys.exit(f"error: tensor view: {run.failure()}")
        for size, ns in VIEW.findall(run.output):
            views.setdefault(int(size), []).append(float(ns))
    print("\nnp.asarray(tensor), zero copy:")
    for size, ns in sorted(views.items()):
        print(f"  {size:>11,} bytes: {statistics.median(ns):6.0f} ns per view")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--messages", type=int, default=100_000)
    ap.add_argument("--gxe", default=str(ROOT / "target" / "release" / "gxe"))
    ap.add_argument("--only", choices=["ping", "empty_tick", "tensor_view"])
    args = ap.parse_args()
    os.chdir(ROOT)  # the graphs name their codelet files relative to the repository root
    for name, bench in (("ping", ping), ("empty_tick", empty_tick), ("tensor_view", tensor_view)):
        if args.only in (None, name):
            bench(args)


if __name__ == "__main__":
    main()
