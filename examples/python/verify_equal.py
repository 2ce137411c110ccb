"""VerifyEqual: two receivers; every tick the tensors of both messages must be equal."""
import numpy as np

from gxf.python_codelet import CodeletAdapter
from gxf.std import MemoryStorageType, Receiver, Tensor


def host_array(tensor):
    """A NumPy view of a host tensor (device tensors need the CUDA extension)."""
    if tensor.storage_type() == MemoryStorageType.kDevice:
        raise RuntimeError("device tensors need the CUDA extension")
    return np.asarray(tensor)


class VerifyEqual(CodeletAdapter):
    """Parameters: receiver0, receiver1 (names of Receivers of this entity)."""

    def start(self):
        params = self.get_params()
        self.rxs = [Receiver.get(self.context(), self.cid(), params[key]) for key in ("receiver0", "receiver1")]
        self.verified = 0

    def tick(self):
        first, second = (Tensor.find_all_from_entity(rx.receive()) for rx in self.rxs)
        if len(first) != len(second) or not first:
            raise RuntimeError(f"messages hold {len(first)} and {len(second)} tensors")
        for a, b in zip(first, second):
            if not np.array_equal(host_array(a), host_array(b)):
                raise RuntimeError(f"tensors differ at tick {self.get_execution_count()}")
        self.verified += 1

    def stop(self):
        print(f"VerifyEqual: {self.verified} message pairs equal", flush=True)
