"""Publishes one 2x3 host tensor per NumPy dtype (12 of them) on `transmitter`."""
import numpy as np

from gxf.core import MessageEntity
from gxf.python_codelet import CodeletAdapter
from gxf.std import Allocator, Tensor, Transmitter

DTYPES = [np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64, np.uint64,
          np.float32, np.float64, np.complex64, np.complex128]


def values(dtype):
    base = np.array([[1, -2, 3], [4, 5, -6]])
    if np.issubdtype(dtype, np.unsignedinteger):
        base = np.abs(base)
    array = base.astype(dtype)
    if np.issubdtype(dtype, np.complexfloating):
        array = array + 1j * array[::-1]
    return array


class CreateTensor(CodeletAdapter):
    def start(self):
        params = self.get_params()
        self.tx = Transmitter.get(self.context(), self.cid(), params["transmitter"])
        self.allocator = Allocator.get(self.context(), self.cid(), params["allocator"])

    def tick(self):
        msg = MessageEntity(self.context())
        for dtype in DTYPES:
            Tensor.add_np_array_as_tensor_to_entity(msg, np.dtype(dtype).name, values(dtype), self.allocator)
        self.tx.publish(msg, 1)
