"""Publishes an empty message on `transmitter` every tick (acquisition time 1)."""
from gxf.core import MessageEntity
from gxf.python_codelet import CodeletAdapter
from gxf.std import Transmitter


class PingTx(CodeletAdapter):
    def start(self):
        self.params = self.get_params()
        self.tx = Transmitter.get(self.context(), self.cid(), self.params["transmitter"])

    def tick(self):
        msg = MessageEntity(self.context())
        result = self.tx.publish(msg, 1)
        if result != "GXF_SUCCESS":
            raise RuntimeError(f"publish failed: {result}")
