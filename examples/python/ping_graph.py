"""The ping of ping.yaml, built in Python with PyComputeEntity: PingTx sends `count` messages
(default 10) to PingRx under the GreedyScheduler. The codelet classes live in this script, which
the graph finds them in (`__main__`). From the repository root:

    PYTHONPATH=python-codelet-extension/python python3 examples/python/ping_graph.py [count]
"""
import sys

from gxf.core import Graph, MessageEntity
from gxf.python_codelet import CodeletAdapter, PyComputeEntity
from gxf.std import GreedyScheduler, RealtimeClock, Receiver, Transmitter, connect, set_clock, set_scheduler


class PingTx(CodeletAdapter):
    """Publishes an empty message on its transmitter `signal` each tick."""

    signal: Transmitter  # bound by set_bridge from the queue PyComputeEntity adds

    def __init__(self) -> None:
        super().__init__()
        self.txs = ["signal"]

    def tick(self) -> None:
        self.signal.publish(MessageEntity(self.context()), self.get_execution_timestamp())


class PingRx(CodeletAdapter):
    """Receives one message per tick on `signal` and counts them."""

    signal: Receiver

    def __init__(self) -> None:
        super().__init__()
        self.rxs = ["signal"]
        self.count = 0

    def tick(self) -> None:
        if self.signal.receive().eid() == 0:
            raise RuntimeError(f"{self.name()}: tick {self.get_execution_count()} found no message")
        self.count += 1

    def stop(self) -> None:
        print(f"PingRx received {self.count} messages", flush=True)


def build(count: int) -> Graph:
    """The graph: a tx entity ticked `count` times, an rx entity, a connection and a scheduler."""
    graph = Graph("ping")
    clock = set_clock(graph, RealtimeClock(name="clock"))
    set_scheduler(graph, GreedyScheduler(name="scheduler", clock=clock, stop_on_deadlock=True))
    tx = graph.add(PyComputeEntity("tx", count=count))
    tx.add_codelet("ping_tx", PingTx())
    rx = graph.add(PyComputeEntity("rx", count=-1))
    rx.add_codelet("ping_rx", PingRx())
    connect(tx.signal, rx.signal)
    return graph


if __name__ == "__main__":
    ping = build(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
    ping.load_extensions()
    ping.run()
    ping.destroy()
