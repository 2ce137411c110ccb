"""Receives a message every tick. Like GXF's test codelet it means to disable its
BooleanSchedulingTerm at `stop_after_count`, but compares the count cached in start() (0), so
the term stays enabled and the graph ends because the producer stops."""
from gxf.python_codelet import CodeletAdapter
from gxf.std import BooleanSchedulingTerm, Receiver


class TestBooleanSchedulingTerm(CodeletAdapter):
    def start(self):
        params = self.get_params()
        self.rx = Receiver.get(self.context(), self.cid(), params["receiver"])
        self.term = BooleanSchedulingTerm.get(self.context(), self.cid(), params["bool_scheduling_term"])
        self.stop_after = int(params["stop_after_count"])
        self.count_at_start = self.get_execution_count()
        if not self.term.check_tick_enable():
            raise RuntimeError("the boolean term starts disabled")

    def tick(self):
        self.rx.receive()
        if self.count_at_start == self.stop_after:
            self.term.make_disable_tick()
