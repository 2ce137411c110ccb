"""Checks the incoming device tensor (640 complex64 values), runs a CuPy FFT over it and publishes
the spectrum as device tensor "cuda_tensor" on `transmitter0`: read through
`__cuda_array_interface__` and written into a tensor reshaped from `allocator0`, or, when
`use_dlpack` is set, read with `cupy.from_dlpack` and handed over with `Tensor.from_dlpack`."""
import ctypes
import os

os.environ.setdefault("CUPY_CACHE_IN_MEMORY", "1")
import cupy  # noqa: E402

from gxf.core import MessageEntity  # noqa: E402
from gxf.python_codelet import CodeletAdapter  # noqa: E402
from gxf.std import (Allocator, MemoryStorageType, PrimitiveType, Receiver, Shape, Tensor,  # noqa: E402
                     TensorDescription, Transmitter)

SIZE = 640

_capsule_pointer = ctypes.pythonapi.PyCapsule_GetPointer
_capsule_pointer.restype, _capsule_pointer.argtypes = ctypes.c_void_p, [ctypes.py_object, ctypes.c_char_p]


def device_view(tensor):
    """A CuPy array over a device tensor's memory (no copy), from `get_tensor_info()`."""
    capsule, size, dtype, _, shape, strides = tensor.get_tensor_info()
    memory = cupy.cuda.UnownedMemory(_capsule_pointer(capsule, None), size, tensor)
    return cupy.ndarray(shape=tuple(shape), dtype=dtype, memptr=cupy.cuda.MemoryPointer(memory, 0),
                        strides=tuple(strides))


class RunFFT(CodeletAdapter):
    def start(self):
        params = self.get_params()
        self.rx = Receiver.get(self.context(), self.cid(), params["receiver0"])
        self.tx = Transmitter.get(self.context(), self.cid(), params["transmitter0"])
        self.allocator = Allocator.get(self.context(), self.cid(), params["allocator0"])
        self.use_dlpack = bool(int(params.get("use_dlpack", 0)))

    def tick(self):
        signal = Tensor.find_all_from_entity(self.rx.receive())[0]
        description = signal.get_tensor_description()
        assert description.shape.size() == SIZE and description.shape.rank() == 1, description.shape
        assert description.bytes_per_element == 8 and description.element_type == PrimitiveType.kComplex64
        assert signal.storage_type() == MemoryStorageType.kDevice and signal.__dlpack_device__()[0] == 2
        samples = cupy.from_dlpack(signal) if self.use_dlpack else cupy.asarray(signal)
        spectrum = cupy.fft.fft(samples).astype(cupy.complex64)
        msg = MessageEntity(self.context())
        if self.use_dlpack:
            Tensor.add_to_entity(msg, Tensor.from_dlpack(spectrum), "cuda_tensor")
        else:
            out = Tensor.add_to_entity(msg, "cuda_tensor")
            out.reshape(TensorDescription("cuda_tensor", MemoryStorageType.kDevice, Shape([SIZE]),
                                          PrimitiveType.kComplex64, 8, [8]), self.allocator)
            device_view(out)[:] = spectrum
        cupy.cuda.Device().synchronize()
        self.tx.publish(msg, 1)
