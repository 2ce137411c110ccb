"""StreamGenerator: each tick, two host tensors shaped from a TensorDescription, filled with the
same data, published on two transmitters (device tensors come with the CUDA extension)."""
import numpy as np

from gxf.core import MessageEntity
from gxf.python_codelet import CodeletAdapter
from gxf.std import (Allocator, MemoryStorageType, PrimitiveType, Shape, Tensor, TensorDescription,
                     Transmitter)


class StreamGenerator(CodeletAdapter):
    """Parameters: transmitter0, transmitter1, allocator (entity/component names)."""

    def start(self):
        params = self.get_params()
        self.txs = [Transmitter.get(self.context(), self.cid(), params[key])
                    for key in ("transmitter0", "transmitter1")]
        self.allocator = Allocator.get(self.context(), self.cid(), params["allocator"])
        self.descriptions = [
            TensorDescription("host_tensor_0", MemoryStorageType.kHost, Shape([2, 512]),
                              PrimitiveType.kFloat32, 4),
            TensorDescription("host_tensor_1", MemoryStorageType.kHost, Shape([256]),
                              PrimitiveType.kInt32, 4),
        ]
        self.rng = np.random.default_rng(0)

    def tick(self):
        data = [self.rng.standard_normal((2, 512)).astype(np.float32),
                self.rng.integers(0, 1000, 256, dtype=np.int32)]
        for tx in self.txs:
            msg = MessageEntity(self.context())
            for description, values in zip(self.descriptions, data):
                tensor = Tensor.add_to_entity(msg, description.name)
                tensor.reshape(description, self.allocator)
                np.asarray(tensor)[...] = values  # written in place: no copy of the message data
            tx.publish(msg, self.get_execution_timestamp())
