"""Each tick re-arms the TargetTimeSchedulingTerm `scheduling_term` to `execution_clock` now +
`delay` ns and publishes a message on `transmitter`."""
from gxf.core import MessageEntity
from gxf.python_codelet import CodeletAdapter
from gxf.std import Clock, TargetTimeSchedulingTerm, Transmitter


class ScheduledPingTx(CodeletAdapter):
    def start(self):
        params = self.get_params()
        self.delay = int(params["delay"])
        self.tx = Transmitter.get(self.context(), self.cid(), params["transmitter"])
        self.term = TargetTimeSchedulingTerm.get(self.context(), self.cid(), params["scheduling_term"])
        self.clock = Clock.get(self.context(), self.cid(), params["execution_clock"])
        self.term.set_next_target_time(self.get_execution_timestamp())

    def tick(self):
        self.term.set_next_target_time(self.clock.timestamp() + self.delay)
        self.tx.publish(MessageEntity(self.context()), self.clock.timestamp())
