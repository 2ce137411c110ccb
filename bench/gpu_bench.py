"""GPU benchmarks, on a machine with an NVIDIA GPU (tests/gpu/run.sh runs them after the GPU
suite; see README "GPU"):

1. TensorCopier bandwidth, host (pinned) -> device and device -> host, for 4, 40 and 400 MB,
   as a percentage of a plain pinned cudaMemcpy of the same size on the same GPU in the same run
   (CuPy's `cupy.cuda.runtime.memcpy`).
2. A device tensor passed along a 4-stage chain (Forward x4): time per message for 1 KB and
   400 MB (should be equal: no hidden copies or synchronisations).
3. A Python codelet handing a CuPy array to the next one (zero-copy both ways): time per message
   for 1 KB and 400 MB (should be equal).

Graph times are gxe's `run_ms` (graph run + wait); TensorCopier's cost per copy is the time of
source -> TensorCopier -> sink minus source -> Forward -> sink (same hops, no copy), per message;
the chain cost per message is a slope (N and 5N messages, sizes taking turns), leaving out
start/stop; the Python hand-off is timed by the receiving codelet itself, from its 100th message
to its last.
Medians of --runs runs. Prints a table and writes --json.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

MB = 1 << 20
SIZES = [4 * MB, 40 * MB, 400 * MB]
HANDOFF_WARMUP = 100
# Messages of the shorter chain run: its slope to 5x as many spans ~100 ms of graph time, well
# above gxe's run-to-run noise of a few ms.
CHAIN_FEW = 20000
BENCH_DIR = os.path.dirname(os.path.abspath(__file__))


def scheduler():
    return """---
name: scheduler
components:
- name: clock
  type: nvidia::gxf::RealtimeClock
- type: nvidia::gxf::GreedyScheduler
  parameters: {clock: clock}
"""


def pool(name, storage, block, blocks):
    return f"""- name: {name}
  type: nvidia::gxf::BlockMemoryPool
  parameters: {{storage_type: {storage}, block_size: {block}, num_blocks: {blocks}}}
"""


def stage(name, codelet, rx=True, tx=True, extra=""):
    """An entity with an optional input queue `in`, output queue `out` and a codelet."""
    text = f"---\nname: {name}\ncomponents:\n"
    if rx:
        text += ("- name: in\n  type: nvidia::gxf::DoubleBufferReceiver\n"
                 "- type: nvidia::gxf::MessageAvailableSchedulingTerm\n  parameters: {receiver: in, min_size: 1}\n")
    if tx:
        text += ("- name: out\n  type: nvidia::gxf::DoubleBufferTransmitter\n"
                 "- type: nvidia::gxf::DownstreamReceptiveSchedulingTerm\n  parameters: {transmitter: out, min_size: 1}\n")
    return text + extra + codelet


def connect(pairs):
    text = ""
    for source, target in pairs:
        text += (f"---\ncomponents:\n- type: nvidia::gxf::Connection\n"
                 f"  parameters: {{source: {source}/out, target: {target}/in}}\n")
    return text


def source(count, size, storage, blocks):
    codelet = (f"- type: gxf::bench::TensorSource\n  parameters: {{output: out, allocator: pool, bytes: {size}, "
               f"storage_type: {storage}}}\n- type: nvidia::gxf::CountSchedulingTerm\n  parameters: {{count: {count}}}\n")
    return stage("source", codelet, rx=False, extra=pool("pool", storage, size, blocks))


SINK = "- type: nvidia::gxf::PingRx\n  parameters: {signal: in}\n"


def forward_chain(count, size, storage, stages):
    """source -> Forward x stages -> sink."""
    names = [f"forward{i}" for i in range(stages)]
    text = source(count, size, storage, blocks=4)
    for name in names:
        text += stage(name, "- type: nvidia::gxf::Forward\n  parameters: {in: in, out: out}\n")
    text += stage("sink", SINK, tx=False)
    hops = ["source", *names, "sink"]
    return text + connect(zip(hops, hops[1:])) + scheduler()


def copier_graph(count, size, mode):
    """source -> TensorCopier (mode 0: host to device, 1: device to host) -> sink."""
    from_storage, to_storage = (0, 1) if mode == 0 else (1, 0)
    copier = (f"- type: nvidia::gxf::TensorCopier\n  parameters: {{receiver: in, transmitter: out, "
              f"allocator: target, mode: {mode}}}\n")
    text = source(count, size, from_storage, blocks=4)
    text += stage("copier", copier, extra=pool("target", to_storage, size, 4))
    text += stage("sink", SINK, tx=False)
    return text + connect([("source", "copier"), ("copier", "sink")]) + scheduler()


def python_graph(count, size):
    codelets = os.path.join(BENCH_DIR, "gpu", "cupy_handoff.py")
    producer = (f"- type: nvidia::gxf::PyCodeletV0\n  parameters:\n    codelet_name: CupySource\n"
                f"    codelet_file: {codelets}\n    codelet_params: {{transmitter: out, bytes: {size}}}\n"
                f"- type: nvidia::gxf::CountSchedulingTerm\n  parameters: {{count: {count}}}\n")
    consumer = (f"- type: nvidia::gxf::PyCodeletV0\n  parameters:\n    codelet_name: CupySink\n"
                f"    codelet_file: {codelets}\n    codelet_params: {{receiver: in, warmup: {HANDOFF_WARMUP}}}\n")
    text = stage("source", producer, rx=False) + stage("sink", consumer, tx=False)
    return text + connect([("source", "sink")]) + scheduler()


def run_graph(gxe, manifest, graph):
    """gxe's `run_ms` for `graph`, and its stdout."""
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
        f.write(graph)
    try:
        done = subprocess.run([gxe, "--app", f.name, "--manifest", manifest, "--timing", "--severity", "2"],
                              capture_output=True, text=True, timeout=600)
    finally:
        os.unlink(f.name)
    found = re.search(r"run_ms=([0-9.]+)", done.stderr)
    if done.returncode != 0 or not found:
        sys.exit(f"gxe failed ({done.returncode}):\n{graph}\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return float(found.group(1)), done.stdout


def per_message_us(runs, gxe, manifest, makers, few):
    """Per graph maker, the time per message of `make(count)`: the slope between `few` and
    5x`few` messages, so what happens once per run (start(), CuPy's first allocations, stop()) is
    left out; the median over `runs`, the makers taking turns."""
    many = 5 * few

    def extra_ms(make):
        return run_graph(gxe, manifest, make(many))[0] - run_graph(gxe, manifest, make(few))[0]
    return [max(ms, 0.0) * 1e3 / (many - few) for ms in medians_taking_turns(runs, extra_ms, makers)]


def medians_taking_turns(runs, measure, items):
    """Per item, the median of `measure(item)` over `runs` rounds; the items take turns round by
    round, so drift in the machine's speed affects them alike."""
    rounds = [[measure(item) for item in items] for _ in range(runs)]
    return [statistics.median(values) for values in zip(*rounds)]


def median_ms(runs, gxe, manifest, graph):
    return statistics.median(run_graph(gxe, manifest, graph)[0] for _ in range(runs))


def handoff_us(runs, gxe, manifest, graphs):
    """Per graph, the median over `runs` of the per-message time the CuPy sink reports."""
    def one(graph):
        _, stdout = run_graph(gxe, manifest, graph)
        found = re.search(r"handoff_us=([0-9.]+)", stdout)
        if not found:
            sys.exit(f"the CuPy sink reported no time:\n{stdout[-3000:]}")
        return float(found.group(1))
    return medians_taking_turns(runs, one, graphs)


def memcpy_gbps(size, mode, reps):
    """Plain pinned cudaMemcpy (CuPy), GB/s, median of `reps` copies."""
    import cupy as cp
    host = cp.cuda.alloc_pinned_memory(size)
    device = cp.cuda.alloc(size)
    kind = cp.cuda.runtime.memcpyHostToDevice if mode == 0 else cp.cuda.runtime.memcpyDeviceToHost
    dst, src = (device.ptr, host.ptr) if mode == 0 else (host.ptr, device.ptr)
    times = []
    for _ in range(reps + 1):
        started = time.perf_counter()
        cp.cuda.runtime.memcpy(dst, src, size, kind)
        times.append(time.perf_counter() - started)
    return size / statistics.median(times[1:]) / 1e9


def write_manifest(lib_dir, names):
    path = os.path.join(tempfile.mkdtemp(), "manifest.yaml")
    with open(path, "w") as f:
        f.write("extensions:\n" + "".join(f"- {os.path.join(lib_dir, n)}\n" for n in names))
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gxe", default="target/release/gxe")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", help="write the results here")
    parser.add_argument("--only", choices=["copier", "chain", "python"], action="append")
    args = parser.parse_args()
    lib_dir = os.path.dirname(os.path.abspath(args.gxe))
    manifest = write_manifest(lib_dir, ["libgxf_std.so", "libgxf_sample.so", "libgxf_cuda.so", "libgxfbench.so"])
    results = {}
    only = set(args.only or ["copier", "chain", "python"])

    if "copier" in only:
        print(f"{'TensorCopier':<14} {'size':>7} {'copier GB/s':>12} {'memcpy GB/s':>12} {'ratio':>7}")
        for mode, label in [(0, "host->device"), (1, "device->host")]:
            for size in SIZES:
                count = max(10, int(4000 * MB / size) // 10)
                with_copy = median_ms(args.runs, args.gxe, manifest, copier_graph(count, size, mode))
                without = median_ms(args.runs, args.gxe, manifest, forward_chain(count, size, 1 - mode, 1))
                per_copy_s = max(with_copy - without, 1e-6) / 1e3 / count
                copier = size / per_copy_s / 1e9
                plain = memcpy_gbps(size, mode, reps=20)
                results[f"copier_{label}_{size // MB}MB"] = {"copier_gbps": copier, "memcpy_gbps": plain,
                                                             "percent": 100 * copier / plain}
                print(f"{label:<14} {size // MB:>5}MB {copier:>12.1f} {plain:>12.1f} {100 * copier / plain:>6.0f}%")

    if "chain" in only:
        print(f"\n{'4-stage chain, device tensor':<30} {'us/message':>11}")
        sizes = [1 << 10, 400 * MB]
        makers = [lambda n, size=size: forward_chain(n, size, 1, 4) for size in sizes]
        for size, us in zip(sizes, per_message_us(args.runs, args.gxe, manifest, makers, CHAIN_FEW)):
            results[f"chain_{size}B_us"] = us
            print(f"{size:>26} B {us:>11.2f}")

    if "python" in only:
        py_manifest = write_manifest(lib_dir, ["libgxf_std.so", "libgxf_cuda.so", "libgxf_python_codelet.so"])
        print(f"\n{'Python CuPy hand-off':<30} {'us/message':>11}")
        sizes = [1 << 10, 400 * MB]
        times = handoff_us(args.runs, args.gxe, py_manifest, [python_graph(5000, size) for size in sizes])
        for size, us in zip(sizes, times):
            results[f"python_cupy_{size}B_us"] = us
            print(f"{size:>26} B {us:>11.2f}")

    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
