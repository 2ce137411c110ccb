"""A graph with every kind of node: entities holding C++ and Python codelets, queues, terms and
a connection, an entity group, and a subgraph; then the graph-building errors GXF raises."""
import logging

from checks import expect_error

from gxf import core
from gxf.core import Component, Entity, EntityGroup, Graph, MessageEntity
from gxf.python_codelet import CodeletAdapter, PyCodeletV0
from gxf.sample import PingRx
from gxf.std import (CountSchedulingTerm, DoubleBufferReceiver, DoubleBufferTransmitter, ManualClock, Transmitter,
                     connect, set_scheduler)
from gxf.std.Components import DownstreamReceptiveSchedulingTerm, GreedyScheduler, MessageAvailableSchedulingTerm


class Tx(CodeletAdapter):
    """Publishes one message per tick on the transmitter named by its `transmitter` parameter."""

    def start(self):
        self.tx = Transmitter.get(self.context(), self.cid(), self.get_params()["transmitter"])

    def tick(self):
        self.tx.publish(MessageEntity(self.context()), self.get_execution_count())

    def stop(self):
        print("TX-TICKS", self.get_execution_count(), flush=True)


g = Graph("app")
assert g.context > 0 and g.qualified_name == "app" and not g.is_subgraph and g.parent is None

tx = g.add(Entity("tx"))
out = tx.add(DoubleBufferTransmitter(name="out"), visible_as="app_out")
tx.add(DownstreamReceptiveSchedulingTerm(name="drst", transmitter=out, min_size=1))
tx.add(PyCodeletV0(name="py_tx", codelet=Tx, transmitter="out"))
tx.add(CountSchedulingTerm(name="count", count=6))
assert g.tx is tx and tx.out is out and tx.named_components["py_tx"].type == "nvidia::gxf::PyCodeletV0"
assert g.get("app_out") is out and tx.qualified_name == "app-tx" and repr(out) == "app-tx/out"

rx = g.add(Entity("rx"))
inbox = rx.add(DoubleBufferReceiver(name="in", capacity=2))
rx.add(MessageAvailableSchedulingTerm(name="mast", receiver=inbox, min_size=1))
rx.add(PingRx(name="ping_rx", signal=inbox))
connect(out, inbox)

group = g.add(EntityGroup("pair"))
assert group.add([tx, rx]) == [tx, rx] and g.pair is group and group.qualified_name == "app-pair"

side = g.add(Graph("side"))  # a subgraph holding one more entity
side.add(Entity("idle")).add(CountSchedulingTerm(name="never", count=0))
assert g.side is side and side.is_subgraph and side.parent is g and side.context == g.context

set_scheduler(g, GreedyScheduler(name="sched", clock=ManualClock(name="clock"), max_duration_ms=10000))
g.load_extensions()
g.run()
names = [core.entity_get_name(g.context, eid) for eid in core.entity_find_all(g.context)]
assert names[:3] == ["app-tx", "app-rx", names[2]] and names[2].startswith("app-_connection_"), names
assert "app-side-idle" in names and "app-_scheduler" in names, names
assert group.gid is not None and tx.eid == core.entity_find(g.context, "app-tx") and out.cid > 0
assert core.component_find(g.context, tx.eid, component_name="py_tx") == [tx.py_tx.cid]
g.destroy()

# Errors while building.
g2 = Graph()
expect_error(RuntimeError, "Cannot add", g2.add, "not a node")
expect_error(RuntimeError, "Unnamed subgraphs cannot be added!", g2.add, Graph())
lonely = Entity("lonely")
expect_error(RuntimeError, "Cannot perform operation before adding lonely to a graph!", lambda: lonely.graph)
expect_error(TypeError, "Only components can be added to entity", g2.add(Entity("e")).add, "nope")
twice = Component("nvidia::gxf::ManualClock", "c")
g2.e.add(twice)
expect_error(RuntimeError, "Component already added to an entity", Entity("other").add, twice)
expect_error(RuntimeError, "is not in an entity yet", str, Component("nvidia::gxf::ManualClock", "free"))
expect_error(RuntimeError, "Incorrect log level", g2.set_severity, 3)
g2.set_severity(logging.WARN)
assert g2._severity == 2
print("NODES-OK", flush=True)
