"""Python codelets for bench/gpu_bench.py: `CupySource` wraps one CuPy array (made once) as a
tensor in a new message each tick, without a copy; `CupySink` views each received tensor as a
CuPy array (`cupy.asarray`, again without a copy), checks it is the same memory, and at stop()
prints `handoff_us=` the time per message between its `warmup`-th and last tick (the steady cost of
one source tick, one hand-off and one sink tick, without start-up or CuPy's first allocations)."""
import time

import cupy as cp

from gxf.core import MessageEntity
from gxf.python_codelet import CodeletAdapter
from gxf.std import Receiver, Tensor, Transmitter


class CupySource(CodeletAdapter):
    def start(self):
        params = self.get_params()
        self.array = cp.empty(int(params["bytes"]), dtype=cp.uint8)
        self.tx = Transmitter.get(self.context(), self.cid(), params["transmitter"])

    def tick(self):
        msg = MessageEntity(self.context())
        Tensor.add_to_entity(msg, Tensor.as_tensor(self.array), "array")
        self.tx.publish(msg)


class CupySink(CodeletAdapter):
    def start(self):
        params = self.get_params()
        self.rx = Receiver.get(self.context(), self.cid(), params["receiver"])
        self.warmup = int(params["warmup"])
        self.first = None
        self.ticks = 0
        self.timed_from = None

    def tick(self):
        msg = self.rx.receive()
        array = cp.asarray(Tensor.get_from_entity(msg, "array"))
        pointer = array.data.ptr
        if self.first is None:
            self.first = pointer
        elif pointer != self.first:
            raise RuntimeError(f"the tensor was copied: {pointer:#x} != {self.first:#x}")
        self.ticks += 1
        if self.ticks == self.warmup:
            self.timed_from = time.perf_counter()
        self.last = time.perf_counter()

    def stop(self):
        if self.timed_from is None:
            raise RuntimeError(f"only {self.ticks} messages arrived, fewer than warmup={self.warmup}")
        per_message = (self.last - self.timed_from) / (self.ticks - self.warmup)
        print(f"handoff_us={per_message * 1e6:.3f}", flush=True)
