"""Receives one message from `receiver` every tick; raises when there is none."""
from gxf.python_codelet import CodeletAdapter
from gxf.std import Clock, Receiver


class PingRx(CodeletAdapter):
    def start(self):
        self.params = self.get_params()
        self.rx = Receiver.get(self.context(), self.cid(), self.params["receiver"])
        self.clock = Clock.get(self.context(), self.cid(), self.params["clock"])
        self.received = 0

    def tick(self):
        msg = self.rx.receive()
        if msg.eid() == 0:
            raise RuntimeError("no message received")
        self.received += 1
        if self.clock.timestamp() < 0:
            raise RuntimeError("clock went negative")
