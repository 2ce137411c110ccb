"""Compares the first tensor of each message from `receiver0` with the tensor of the message from
`receiver1`, wherever each lives: host tensors through NumPy, device tensors through CuPy (a view
of the `get_tensor_info()` pointer as `cupy.cuda.UnownedMemory`, which must be the memory that
`cupy.asarray` finds through `__cuda_array_interface__`), copied to the host to compare."""
import ctypes
import os

import numpy as np

os.environ.setdefault("CUPY_CACHE_IN_MEMORY", "1")
import cupy  # noqa: E402

from gxf.python_codelet import CodeletAdapter  # noqa: E402
from gxf.std import Clock, MemoryStorageType, Receiver, Tensor  # noqa: E402

_capsule_pointer = ctypes.pythonapi.PyCapsule_GetPointer
_capsule_pointer.restype, _capsule_pointer.argtypes = ctypes.c_void_p, [ctypes.py_object, ctypes.c_char_p]


def device_view(tensor):
    """A CuPy array over a device tensor's memory (no copy)."""
    capsule, size, dtype, _, shape, strides = tensor.get_tensor_info()
    memory = cupy.cuda.UnownedMemory(_capsule_pointer(capsule, None), size, tensor)
    return cupy.ndarray(shape=tuple(shape), dtype=dtype, memptr=cupy.cuda.MemoryPointer(memory, 0),
                        strides=tuple(strides))


def host_array(tensor):
    """The tensor's data as a NumPy array."""
    storage = tensor.storage_type()
    if storage != MemoryStorageType.kDevice:
        return np.array(tensor)
    view = device_view(tensor)
    assert cupy.asarray(tensor).data.ptr == view.data.ptr, "__cuda_array_interface__ names other memory"
    return view.get()


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
