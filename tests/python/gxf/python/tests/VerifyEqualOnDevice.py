"""Class VerifyEqual: compares the first tensor of each message from `receiver0` with the tensor
of the message from `receiver1`. Both must be in host memory, read through NumPy (buffer
protocol); a device tensor is a RuntimeError (copy it to the host upstream)."""
import numpy as np

from gxf.python_codelet import CodeletAdapter
from gxf.std import Clock, MemoryStorageType, Receiver, Tensor


def host_array(tensor):
    """A NumPy copy of a host tensor's data."""
    if tensor.storage_type() == MemoryStorageType.kDevice:
        raise RuntimeError("VerifyEqual compares host tensors: copy device data to the host first")
    return np.array(tensor)


class VerifyEqual(CodeletAdapter):
    def start(self):
        params = self.get_params()
        self.rxs = [Receiver.get(self.context(), self.cid(), params[f"receiver{i}"]) for i in range(2)]
        self.clock = Clock.get(self.context(), self.cid(), params["clock"])

    def tick(self):
        first = Tensor.find_all_from_entity(self.rxs[0].receive())[0]
        second = Tensor.get_from_entity(self.rxs[1].receive())
        assert first.shape() == second.shape(), (first, second)
        assert first.element_type() == second.element_type(), (first, second)
        a, b = host_array(first), host_array(second)
        assert np.array_equal(a, b), f"tensors differ:\n{a}\n{b}"
