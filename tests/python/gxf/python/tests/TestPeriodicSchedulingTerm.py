"""Checks that it ticks exactly when the producer's PeriodicSchedulingTerm last ran, one
`recess_period_ns()` after its previous tick (ManualClock)."""
from gxf.python_codelet import CodeletAdapter
from gxf.std import PeriodicSchedulingTerm, Receiver


class TestPeriodicSchedulingTerm(CodeletAdapter):
    def start(self):
        params = self.get_params()
        self.rx = Receiver.get(self.context(), self.cid(), params["rx"])
        self.term = PeriodicSchedulingTerm.get(self.context(), self.cid(), params["periodic_scheduling_term"])
        self.last = None

    def tick(self):
        self.rx.receive()
        now = self.get_execution_timestamp()
        if now != self.term.last_run_timestamp():
            raise RuntimeError(f"tick at {now} but the producer last ran at {self.term.last_run_timestamp()}")
        if self.last is not None and now - self.last != self.term.recess_period_ns():
            raise RuntimeError(f"ticks {self.last} -> {now} are not {self.term.recess_period_ns()} ns apart")
        self.last = now
