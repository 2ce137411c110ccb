"""PingTx: publishes an empty message on the first transmitter each tick."""
from gxf.core import MessageEntity
from gxf.python_codelet import CodeletAdapter
from gxf.std import Transmitter


class PingTx(CodeletAdapter):
    """Parameters (codelet_params): transmitter - name of a Transmitter of this entity."""

    def start(self):
        self.tx = Transmitter.get(self.context(), self.cid(), self.get_params()["transmitter"])

    def tick(self):
        self.tx.publish(MessageEntity(self.context()), self.get_execution_timestamp())
