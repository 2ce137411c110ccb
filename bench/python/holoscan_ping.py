"""Holoscan's Python API (the reference wheel): a Python operator sends N messages to a Python
operator under Holoscan's GreedyScheduler. Prints `run_ms=<float>` for bench/python_bench.py.

Run with the reference venv's python (see ../shared/reference/README.md):
    ~/.cache/gxf-ref/bin/python bench/python/holoscan_ping.py 100000
"""
import sys
import time

from holoscan.conditions import CountCondition
from holoscan.core import Application, Operator
from holoscan.schedulers import GreedyScheduler


class PingTx(Operator):
    def setup(self, spec):
        spec.output("out")

    def compute(self, op_input, op_output, context):
        op_output.emit(1, "out")


class PingRx(Operator):
    def setup(self, spec):
        spec.input("in")

    def compute(self, op_input, op_output, context):
        op_input.receive("in")


class PingApp(Application):
    def __init__(self, count):
        super().__init__()
        self.count = count

    def compose(self):
        tx = PingTx(self, CountCondition(self, self.count), name="tx")
        rx = PingRx(self, name="rx")
        self.add_flow(tx, rx)


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
    app = PingApp(count)
    app.scheduler(GreedyScheduler(app, name="scheduler", stop_on_deadlock=True))
    started = time.perf_counter()
    app.run()
    print(f"run_ms={(time.perf_counter() - started) * 1e3:.3f}", flush=True)


if __name__ == "__main__":
    main()
