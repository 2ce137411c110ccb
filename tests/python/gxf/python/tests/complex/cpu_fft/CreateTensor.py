"""Publishes 640 random complex64 values in a host tensor reshaped from a TensorDescription and
filled through a NumPy view (or through DLPack when `use_dlpack` is set)."""
import numpy as np

from gxf.core import MessageEntity
from gxf.python_codelet import CodeletAdapter
from gxf.std import (Allocator, MemoryStorageType, PrimitiveType, Shape, Tensor, TensorDescription,
                     Transmitter)


class CreateTensor(CodeletAdapter):
    def start(self):
        params = self.get_params()
        self.tx = Transmitter.get(self.context(), self.cid(), params["transmitter0"])
        self.allocator = Allocator.get(self.context(), self.cid(), params["allocator0"])
        self.use_dlpack = bool(int(params.get("use_dlpack", 0)))

    def tick(self):
        msg = MessageEntity(self.context())
        tensor = Tensor.add_to_entity(msg, "signal")
        tensor.reshape(TensorDescription("signal", MemoryStorageType.kHost, Shape([640]),
                                         PrimitiveType.kComplex64, 8), self.allocator)
        rng = np.random.default_rng(7)
        data = (rng.standard_normal(640) + 1j * rng.standard_normal(640)).astype(np.complex64)
        view = np.from_dlpack(tensor) if self.use_dlpack else np.asarray(tensor)
        view[:] = data
        assert np.array_equal(np.asarray(Tensor.get_from_entity(msg, "signal")), data)
        self.tx.publish(msg, 1)
