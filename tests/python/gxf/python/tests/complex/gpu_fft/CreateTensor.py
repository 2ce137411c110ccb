"""Publishes 640 seeded random complex64 values in a device tensor "cuda_tensor" on `transmitter0`:
written by CuPy into a tensor reshaped from `allocator0` (through a view of its memory), or, when
`use_dlpack` is set, a CuPy array handed over with `Tensor.from_dlpack`."""
import ctypes
import os

os.environ.setdefault("CUPY_CACHE_IN_MEMORY", "1")
import cupy  # noqa: E402

from gxf.core import MessageEntity  # noqa: E402
from gxf.python_codelet import CodeletAdapter  # noqa: E402
from gxf.std import (Allocator, MemoryStorageType, PrimitiveType, Shape, Tensor, TensorDescription,  # noqa: E402
                     Transmitter)

SIZE = 640
SEED = 1234

_capsule_pointer = ctypes.pythonapi.PyCapsule_GetPointer
_capsule_pointer.restype, _capsule_pointer.argtypes = ctypes.c_void_p, [ctypes.py_object, ctypes.c_char_p]


def signal():
    """The seeded complex64 input (VerifyTensor.py makes the same)."""
    rng = cupy.random.default_rng(SEED)
    real, imag = (rng.standard_normal(SIZE, dtype=cupy.float32) for _ in range(2))
    return (real + 1j * imag).astype(cupy.complex64)


def device_view(tensor):
    """A CuPy array over a device tensor's memory (no copy), from `get_tensor_info()`."""
    capsule, size, dtype, _, shape, strides = tensor.get_tensor_info()
    memory = cupy.cuda.UnownedMemory(_capsule_pointer(capsule, None), size, tensor)
    return cupy.ndarray(shape=tuple(shape), dtype=dtype, memptr=cupy.cuda.MemoryPointer(memory, 0),
                        strides=tuple(strides))


class CreateTensor(CodeletAdapter):
    def start(self):
        params = self.get_params()
        self.tx = Transmitter.get(self.context(), self.cid(), params["transmitter0"])
        self.allocator = Allocator.get(self.context(), self.cid(), params["allocator0"])
        self.use_dlpack = bool(int(params.get("use_dlpack", 0)))

    def tick(self):
        data = signal()
        msg = MessageEntity(self.context())
        if self.use_dlpack:
            Tensor.add_to_entity(msg, Tensor.from_dlpack(data), "cuda_tensor")
        else:
            description = TensorDescription("cuda_tensor", MemoryStorageType.kDevice, Shape([SIZE]),
                                            PrimitiveType.kComplex64, data.itemsize, [data.strides[0]])
            tensor = Tensor.add_to_entity(msg, description.name)
            tensor.reshape(description, self.allocator)
            device_view(tensor)[:] = data
        tensor = Tensor.get_from_entity(msg, "cuda_tensor")
        assert tensor.storage_type() == MemoryStorageType.kDevice
        assert cupy.array_equal(cupy.asarray(tensor), data)
        cupy.cuda.Device().synchronize()
        self.tx.publish(msg, 1)
