"""A legacy `Subgraph` component in a Python-built entity: its file is loaded when the entity is
created (entities <entity>.<name>), prerequisites come from the parent graph, and
override_params changes a component the subgraph exports (count 100 -> 3)."""
from checks import expect_error

from gxf import core
from gxf.core import Entity, Graph
from gxf.sample import PingRx
from gxf.std import ComputeEntity, GreedyScheduler, ManualClock, Subgraph, set_clock, set_scheduler
from gxf.std.Components import Connection


def build(override):
    g = Graph("app")
    clock = set_clock(g, ManualClock(name="clock"))
    set_scheduler(g, GreedyScheduler(max_duration_ms=100000, clock=clock, stop_on_deadlock=True))
    holder = g.add(Entity("sub"))
    holder.add(Subgraph(name="sg", location="legacy_sub.yaml", prerequisites={"clock": clock},
                        override_params=override))
    rx = g.add(ComputeEntity("rx"))
    rx.add_codelet(PingRx())
    g.add(Entity("wire")).add(Connection(source="app-sub/output", target=rx.signal))
    g.load_extensions()
    return g


g = build({"count": {"count": 3}})
g.run()
names = [core.entity_get_name(g.context, eid) for eid in core.entity_find_all(g.context)]
assert "app-sub.tx" in names and "app-sub.prerequisites" in names, names
sub = core.entity_find(g.context, "app-sub")
count = core.component_find(g.context, sub, component_name="count")
assert count == core.component_find(g.context, core.entity_find(g.context, "app-sub.tx"), component_name="count")
assert core.parameter_get_int64(g.context, count[0], "count") == 3
g.destroy()

bad = build({"missing": {"count": 3}})
expect_error(SystemExit, "1", bad.run)  # the exception handler logs the ValueError and exits 1
print("LEGACY-OK", flush=True)
