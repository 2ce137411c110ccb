"""PingRx: receives one message per tick and raises if there is none."""
from gxf.python_codelet import CodeletAdapter
from gxf.std import Receiver


class PingRx(CodeletAdapter):
    """Parameters (codelet_params): receiver - name of a Receiver of this entity."""

    def start(self):
        self.rx = Receiver.get(self.context(), self.cid(), self.get_params()["receiver"])
        self.count = 0

    def tick(self):
        message = self.rx.receive()
        if message.eid() == 0:
            raise RuntimeError(f"{self.name()}: tick {self.get_execution_count()} found no message")
        self.count += 1

    def stop(self):
        print(f"PingRx received {self.count} messages", flush=True)
