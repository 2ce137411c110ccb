"""EndOfStream on messages and BTSchedulingTerm driven from Python codelets, in a graph that runs.

- `eos_tx` publishes 3 messages, the last one carrying EndOfStream(stream_id=7) (a copy, made
  with the second form of add_to_entity); `eos_rx` reads it back and fails on a message without.
- `root` (root of a behaviour tree, ticks 3 times) sets the condition of `child`'s
  BTSchedulingTerm to READY; `child` ticks once and sets itself back to WAIT, so it ticks exactly
  as often as its parent asked.
"""
from checks import expect_error

from gxf.core import Graph, MessageEntity
from gxf.python_codelet import CodeletAdapter, PyComputeEntity
from gxf.std import (BTSchedulingTerm, EndOfStream, GreedyScheduler, ManualClock, SchedulingConditionType, connect,
                     set_clock, set_scheduler)


class EosTx(CodeletAdapter):
    def __init__(self):
        super().__init__()
        self.txs = ["out"]

    def tick(self):
        msg = MessageEntity(self.context())
        if self.get_execution_count() == 3:
            template = EndOfStream.add_to_entity(MessageEntity(self.context()), 7)
            eos = EndOfStream.add_to_entity(msg, template, "eos")
            assert eos.stream_id() == 7, eos
        self.out.publish(msg, 0)


class EosRx(CodeletAdapter):
    def __init__(self):
        super().__init__()
        self.rxs = ["inp"]

    def start(self):
        self.ends = []

    def tick(self):
        msg = self.inp.receive()
        if self.get_execution_count() < 3:
            expect_error(ValueError, "Field with matching name does not exist", EndOfStream.get_from_entity, msg)
            return
        self.ends.append(EndOfStream.get_from_entity(msg).stream_id())
        self.ends.append(EndOfStream.get_from_entity(msg, "eos").stream_id())

    def stop(self):
        print("EOS", self.ends, flush=True)


class Parent(CodeletAdapter):
    def start(self):
        self.child = BTSchedulingTerm.get(self.context(), self.cid(), "child/bt")
        assert self.child.check() == SchedulingConditionType.WAIT, self.child.check()

    def tick(self):
        assert self.child.check() == SchedulingConditionType.WAIT, self.child.check()
        self.child.set_condition(SchedulingConditionType.READY)
        assert self.child.check() == SchedulingConditionType.READY


class Child(CodeletAdapter):
    def start(self):
        self.term = BTSchedulingTerm.get(self.context(), self.cid(), "bt")
        self.ticks = 0

    def tick(self):
        self.ticks += 1
        self.term.set_condition(SchedulingConditionType.WAIT)

    def stop(self):
        print("CHILD-TICKS", self.ticks, flush=True)


g = Graph()
clock = set_clock(g, ManualClock(name="clock"))
set_scheduler(g, GreedyScheduler(max_duration_ms=100000, clock=clock, stop_on_deadlock=True))
tx = g.add(PyComputeEntity("eos_tx", count=3))
tx.add_codelet("tx", EosTx())
rx = g.add(PyComputeEntity("eos_rx", count=-1))
rx.add_codelet("rx", EosRx())
connect(tx.out, rx.inp)
root = g.add(PyComputeEntity("root", count=3))
root.add(BTSchedulingTerm(name="bt", is_root=True))
root.add_codelet("root", Parent())
child = g.add(PyComputeEntity("child", count=-1))
child.add(BTSchedulingTerm(name="bt", is_root=False))
child.add_codelet("child", Child())
assert BTSchedulingTerm.gxf_native_type == "nvidia::gxf::BTSchedulingTerm"
g.load_extensions()
g.run()
g.destroy()
print("EOS-BT-OK", flush=True)
