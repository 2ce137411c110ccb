"""Save, then load, then run gives the same result: a graph built in Python (Python and C++
codelets, a subgraph) is saved with Graph.save and run; the saved file is then loaded into a new
context with graph_load_file and run again. Both runs print the same counts."""
from checks import expect_error

from gxf import core
from gxf.core import Graph, manifest
from gxf.python_codelet import CodeletAdapter, PyComputeEntity
from gxf.sample import PingRx, PingTx
from gxf.std import ComputeEntity, GreedyScheduler, ManualClock, connect, set_clock, set_scheduler


class Count(CodeletAdapter):
    """Counts the messages on `inp` (found in __main__ by both runs: codelet_file is None)."""

    def __init__(self):
        super().__init__()
        self.rxs = ["inp"]

    def start(self):
        self.count = 0

    def tick(self):
        self.inp.receive()
        self.count += 1

    def stop(self):
        print("COUNT", self.name(), self.count, flush=True)


g = Graph("saved")
clock = set_clock(g, ManualClock(name="clock"))
set_scheduler(g, GreedyScheduler(max_duration_ms=100000, clock=clock, stop_on_deadlock=True))
tx = g.add(ComputeEntity("tx", count=5))
tx.add_codelet(PingTx(clock=clock))
inner = g.add(Graph("inner"))
counter = inner.add(PyComputeEntity("counter", count=-1))
counter.add_codelet("count", Count())
inner.make_visible("input", counter.inp)
rx = g.add(ComputeEntity("rx"))
rx.add_codelet(PingRx())
tx2 = g.add(ComputeEntity("tx2", count=3))
tx2.add_codelet(PingTx(clock=clock))
connect(tx.signal, inner.get("input"), g)
connect(tx2.signal, rx.signal)
g.load_extensions()
g.save("saved.yaml")
first = [core.entity_get_name(g.context, eid) for eid in core.entity_find_all(g.context)]
g.run()
g.destroy()
print("FIRST-RUN-DONE", flush=True)

ctx = core.context_create()
core.load_extensions(ctx, extension_filenames=manifest.used_extensions())
core.graph_load_file(ctx, "saved.yaml")
second = [core.entity_get_name(ctx, eid) for eid in core.entity_find_all(ctx)]
assert second == first, (first, second)
expect_error(ValueError, "GXF_ARGUMENT_INVALID", core.graph_save, ctx, "")
core.graph_activate(ctx)
core.graph_run(ctx)
core.graph_deactivate(ctx)
core.context_destroy(ctx)
print("SAVE-LOAD-OK", flush=True)
