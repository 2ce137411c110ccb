"""Graphs that run: StandardGraph with C++ codelets, ComputeEntity with scalar and list queues,
PyComputeEntity with Python codelets, add_pycodelet, and GXF's errors of these helpers."""
from checks import expect_error

from gxf.core import Entity, Graph, MessageEntity
from gxf.python_codelet import CodeletAdapter, PyComputeEntity, add_pycodelet
from gxf.sample import MultiPingRx, PingRx, PingTx
from gxf.std import (ComputeEntity, CountSchedulingTerm, GreedyScheduler, ManualClock, StandardGraph, connect, enable_job_statistics,
                     set_clock, set_scheduler)


class PyTx(CodeletAdapter):
    """Publishes on `out` every tick."""

    def __init__(self):
        super().__init__()
        self.txs = ["out"]

    def tick(self):
        assert self.out.publish(MessageEntity(self.context()), self.get_execution_count()) == "GXF_SUCCESS"


class PyRx(CodeletAdapter):
    """Counts messages on `inp`; checks the parameter given to add_codelet."""

    def __init__(self):
        super().__init__()
        self.rxs = ["inp"]

    def start(self):
        self.count = 0
        assert self.get_params()["label"] == "rx", self.get_params()

    def tick(self):
        assert self.inp.receive().eid() != 0
        self.count += 1

    def stop(self):
        print("PYRX", self.count, flush=True)


class Params(CodeletAdapter):
    """Prints the parameters add_pycodelet gave it (passed as their str(); the text the runtime
    re-emits drops the quotes, as GXF's yaml-cpp does, so they read back typed)."""

    def start(self):
        print("PARAMS", sorted(self.get_params().items()), flush=True)


# StandardGraph: clock and scheduler made for it, one entity per codelet.
g = StandardGraph("std_graph")
assert g.get_clock().name == "clock" and g.get_scheduler().params["max_duration_ms"] == 1000000
tx = g.add_codelet(PingTx(clock=g.get_clock()), count=4)
rx = g.add_codelet(PingRx())
g.connect(tx.signal, rx.signal)
assert tx.signal.entity is tx.entity and tx.entity.name.startswith("_entity_")
g.load_extensions()
g.run()
g.destroy()
print("STANDARD-GRAPH-DONE", flush=True)

# ComputeEntity: a list of receivers for MultiPingRx, job statistics in _system.
g = Graph()
clock = set_clock(g, ManualClock(name="clock"))
enable_job_statistics(g, clock=clock)
set_scheduler(g, GreedyScheduler(max_duration_ms=1000000, clock=clock))
for i in range(3):
    g.add(ComputeEntity(f"tx{i}", count=2)).add_codelet(PingTx(clock=clock))
multi = g.add(ComputeEntity("multi"))
multi.add_codelet(MultiPingRx(), rx_num=3)
assert [r.name for r in multi.receivers] == ["receivers_0", "receivers_1", "receivers_2"]
assert not hasattr(multi, "cst")  # count -1: no CountSchedulingTerm
for i in range(3):
    connect(getattr(g, f"tx{i}").signal, multi.receivers[i])
assert g._system.__job_stats.gxf_native_type == "nvidia::gxf::JobStatistics"
g.load_extensions()
g.run()
g.destroy()
print("COMPUTE-ENTITY-DONE", flush=True)

# PyComputeEntity: queues and terms named after the codelet's txs/rxs; add_pycodelet.
g = Graph("py")
clock = set_clock(g, ManualClock(name="clock"))
set_scheduler(g, GreedyScheduler(max_duration_ms=1000000, clock=clock, stop_on_deadlock=True))
source = g.add(PyComputeEntity("source", count=7))
source.add_codelet("py_tx", PyTx())
sink = g.add(PyComputeEntity("sink", count=-1))
sink.add_codelet("py_rx", PyRx(), label="rx")
assert source.cst.params["count"] == 7 and source.drst_out.params["transmitter"] is source.out
assert sink.mast_inp.params["receiver"] is sink.inp and sink.py_rx.params["codelet_params"]["_rxs"] == ["inp"]
connect(source.out, sink.inp)
extra = g.add(Entity("extra"))
add_pycodelet(extra, Params, name="params", n=3, flag=True)
extra.add(CountSchedulingTerm(name="once", count=1))
expect_error(ValueError, "Cannot use name out for transmitter and a param together",
             PyComputeEntity("clash").add_codelet, "c", PyTx(), out=1)
g.load_extensions()
g.run()
g.destroy()
print("STANDARD-GRAPHS-OK", flush=True)
