"""Checks get_tensor_info() of the tensors CreateTensor publishes."""
import numpy as np

from gxf.python_codelet import CodeletAdapter
from gxf.std import Receiver, Tensor


class VerifyTensorInfo(CodeletAdapter):
    def start(self):
        self.rx = Receiver.get(self.context(), self.cid(), self.get_params()["receiver"])

    def tick(self):
        msg = self.rx.receive()
        host, literal = Tensor.find_all_from_entity(msg)
        _, size, dtype, rank, dims, strides = host.get_tensor_info()
        assert size == 4096, size
        assert dtype == np.float32, dtype
        assert rank == 2, rank
        assert list(dims) == [1024, 1], dims
        assert list(strides) == [0, 0], strides
        assert np.array_equal(np.asarray(literal), np.array([[1, 2, 4], [2, 3, 4]], dtype=np.int32))
