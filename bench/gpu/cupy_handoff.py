"""Python codelets for bench/gpu_bench.py: `CupySource` wraps one CuPy array (made once) as a
tensor in a new message each tick, without a copy; `CupySink` views each received tensor as a
CuPy array (`cupy.asarray`, again without a copy) and checks it is the same memory."""
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
        self.rx = Receiver.get(self.context(), self.cid(), self.get_params()["receiver"])
        self.first = None

    def tick(self):
        msg = self.rx.receive()
        array = cp.asarray(Tensor.get_from_entity(msg, "array"))
        pointer = array.data.ptr
        if self.first is None:
            self.first = pointer
        elif pointer != self.first:
            raise RuntimeError(f"the tensor was copied: {pointer:#x} != {self.first:#x}")
