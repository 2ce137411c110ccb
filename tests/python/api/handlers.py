"""GXF's exception and crash handlers (the cases of GXF's test_python_crash_handling.py); the
mode is the first argument. Each one ends the process with status 1 and the handler's log."""
import signal
import sys

from gxf.core import exception_handler
from gxf.sample import PingRx, PingTx
from gxf.std import StandardGraph


class Decorated(StandardGraph):
    """A method of its own, wrapped by the decorator, raises."""

    def __init__(self, name):
        super().__init__(name)
        tx = self.add_codelet(PingTx(clock=self.get_clock()), count=5)
        rx = self.add_codelet(PingRx())
        self.connect(tx.signal, rx.signal)

    @exception_handler
    def run(self):
        raise ValueError("Mock exception")


class Real(StandardGraph):
    """A wrong graph: the connection's target is a transmitter, so no receiver is found."""

    def __init__(self, name):
        super().__init__(name)
        tx = self.add_codelet(PingTx(clock=self.get_clock()), count=5)
        rx = self.add_codelet(PingTx())
        self.connect(tx.signal, rx.signal)


class Crash(Decorated):
    """A signal, not an exception: the crash handler reports it, not the exception handler."""

    @exception_handler
    def run(self):
        signal.raise_signal(signal.SIGABRT)


graph = {"decorator": Decorated, "real": Real, "crash": Crash}[sys.argv[1]](f"{sys.argv[1]}_graph")
graph.load_extensions()
graph.run()
print("NOT-REACHED", flush=True)
