"""Checks the 12 tensors of CreatePrimitiveTensors: order, sizes, ranks, dims, strides, values."""
import numpy as np

from CreatePrimitiveTensors import DTYPES, values
from gxf.python_codelet import CodeletAdapter
from gxf.std import Receiver, Tensor


class VerifyTensors(CodeletAdapter):
    def start(self):
        self.rx = Receiver.get(self.context(), self.cid(), self.get_params()["receiver"])

    def tick(self):
        tensors = Tensor.find_all_from_entity(self.rx.receive())
        assert len(tensors) == len(DTYPES), len(tensors)
        for tensor, dtype in zip(tensors, DTYPES):
            expected = values(dtype)
            _, size, found_dtype, rank, dims, strides = tensor.get_tensor_info()
            assert found_dtype == expected.dtype, (found_dtype, expected.dtype)
            assert size == expected.nbytes, (dtype, size)
            assert rank == 2 and list(dims) == [2, 3], (rank, dims)
            assert list(strides) == list(expected.strides), (dtype, strides)
            assert np.array_equal(np.asarray(tensor), expected), dtype
