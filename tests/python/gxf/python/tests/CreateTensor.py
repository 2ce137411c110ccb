"""Publishes `host_tensor` (1024x1 float32 from a TensorDescription, reshape_custom with zero
strides) and `shivam` (int32 [[1, 2, 4], [2, 3, 4]]) on `transmitter`."""
import numpy as np

from gxf.core import MessageEntity
from gxf.python_codelet import CodeletAdapter
from gxf.std import (Allocator, MemoryStorageType, PrimitiveType, Shape, Tensor, TensorDescription,
                     Transmitter)


class CreateTensor(CodeletAdapter):
    def start(self):
        params = self.get_params()
        self.tx = Transmitter.get(self.context(), self.cid(), params["transmitter"])
        self.allocator = Allocator.get(self.context(), self.cid(), params["allocator"])
        self.description = TensorDescription(
            name="host_tensor", storage_type=MemoryStorageType.kHost, shape=Shape([1024, 1]),
            element_type=PrimitiveType.kFloat32, bytes_per_element=4)

    def tick(self):
        msg = MessageEntity(self.context())
        d = self.description
        tensor = Tensor.add_to_entity(msg, d.name)
        tensor.reshape_custom(d.shape, d.element_type, d.bytes_per_element, d.strides, d.storage_type,
                              self.allocator)
        values = np.array([[1, 2, 4], [2, 3, 4]], dtype=np.int32)
        Tensor.add_np_array_as_tensor_to_entity(msg, "shivam", values, self.allocator)
        self.tx.publish(msg, 1)
