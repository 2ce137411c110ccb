"""Python PingTx -> Python PingRx built with the graph API (``PyComputeEntity``), greedy
scheduler: the Python-built twin of bench/graphs/py_ping_greedy.yaml. Prints
``run_ms=<float>`` (graph run only) for bench/python_bench.py.

    PYTHONPATH=python-codelet-extension/python GXF_PYTHON_NATIVE=target/release/libpygxf_native.so \
        python3 bench/python/pce_ping.py 100000
"""
import sys
import time

from gxf.core import Graph, MessageEntity
from gxf.python_codelet import CodeletAdapter, PyComputeEntity
from gxf.std import GreedyScheduler, RealtimeClock, connect, set_clock, set_scheduler


class PingTx(CodeletAdapter):
    """Publishes an empty message on `out` each tick (as examples/python/ping_tx.py)."""

    def __init__(self):
        super().__init__()
        self.txs = ["out"]

    def tick(self):
        self.out.publish(MessageEntity(self.context()), self.get_execution_timestamp())


class PingRx(CodeletAdapter):
    """Receives one message per tick (as examples/python/ping_rx.py)."""

    def __init__(self):
        super().__init__()
        self.rxs = ["inp"]

    def start(self):
        self.count = 0

    def tick(self):
        if self.inp.receive().eid() == 0:
            raise RuntimeError("no message")
        self.count += 1


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
    g = Graph()
    clock = set_clock(g, RealtimeClock(name="clock"))
    set_scheduler(g, GreedyScheduler(clock=clock, stop_on_deadlock=True))
    tx = g.add(PyComputeEntity("tx", count=count))
    tx.add_codelet("ping_tx", PingTx())
    rx = g.add(PyComputeEntity("rx", count=-1))
    rx.add_codelet("ping_rx", PingRx())
    connect(tx.out, rx.inp)
    g.load_extensions()
    started = time.perf_counter()
    g.run()
    print(f"run_ms={(time.perf_counter() - started) * 1e3:.3f}", flush=True)
    g.destroy()


if __name__ == "__main__":
    main()
