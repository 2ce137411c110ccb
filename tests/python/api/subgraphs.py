"""Python subgraphs at three levels: a named Graph added to a Graph shares its context, its
entities are named <parent>-<subgraph>-<entity>, and make_visible / get / update_alias carry
components up through the levels. A ping goes src -> outer.stage_a -> outer.stage_b -> sink."""
from checks import expect_error

from gxf import core
from gxf.core import Graph
from gxf.python_codelet import CodeletAdapter, PyComputeEntity
from gxf.sample import PingTx
from gxf.std import ComputeEntity, GreedyScheduler, ManualClock, connect, set_clock, set_scheduler


class Forward(CodeletAdapter):
    """Receives on `inp`, publishes on `out` (queues made by PyComputeEntity)."""

    def __init__(self):
        super().__init__()
        self.txs = ["out"]
        self.rxs = ["inp"]

    def tick(self):
        self.out.publish(self.inp.receive(), self.get_execution_count())


class Sink(CodeletAdapter):
    """Counts what arrives on `inp`."""

    def __init__(self):
        super().__init__()
        self.rxs = ["inp"]

    def start(self):
        self.count = 0

    def tick(self):
        assert self.inp.receive().eid() != 0
        self.count += 1

    def stop(self):
        print("SINK", self.count, flush=True)


def stage(name):
    """A subgraph with one forwarding entity, its queues visible as input/output."""
    s = Graph(name)
    e = s.add(PyComputeEntity("fwd", count=-1))
    e.add_codelet("fwd", Forward())
    s.make_visible("input", e.inp)
    s.make_visible("output", e.out)
    return s


g = Graph("app")
clock = set_clock(g, ManualClock(name="clock"))
set_scheduler(g, GreedyScheduler(max_duration_ms=100000, clock=clock, stop_on_deadlock=True))
src = g.add(ComputeEntity("src", count=5))
src.add_codelet(PingTx(clock=clock))
outer = g.add(Graph("outer"))
a = outer.add(stage("stage_a"))
b = outer.add(stage("stage_b"))
connect(a.get("output"), b.get("input"), outer)
outer.make_visible("input", a.get("input"))
outer.make_visible("output", a.get("output"))
outer.update_alias("output", b.get("output"))
sink = g.add(PyComputeEntity("sink", count=-1))
sink.add_codelet("sink", Sink())
expect_error(AssertionError, "Different graph for source and target", connect, src.signal, outer.get("input"))
connect(src.signal, outer.get("input"), g)
connect(outer.get("output"), sink.inp, g)

assert b.qualified_name == "app-outer-stage_b" and repr(b.get("output")) == "app-outer-stage_b-fwd/out"
assert g.outer is outer and outer.stage_a is a and b.context == g.context
expect_error(ValueError, "nope not marked visible", outer.get, "nope")
expect_error(ValueError, "nope not set", outer.update_alias, "nope", None)
expect_error(RuntimeError, "Duplicate: input already exists", outer.make_visible, "input", None)

g.load_extensions()
g.run()
names = [core.entity_get_name(g.context, eid) for eid in core.entity_find_all(g.context)]
assert "app-outer-stage_a-fwd" in names and "app-outer-stage_b-fwd" in names, names
g.destroy()

# An unnamed root graph leaves its name out: the subgraph's entities are <subgraph>-<entity>.
root = Graph()
root.add(stage("solo"))
assert root.solo.get("input").entity.qualified_name == "solo-fwd"
print("SUBGRAPHS-OK", flush=True)
