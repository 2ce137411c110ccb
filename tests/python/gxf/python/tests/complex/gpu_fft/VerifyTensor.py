"""Checks the FFT result from `receiver0`: a device tensor of 640 complex64 values equal to the
FFT of CreateTensor.py's seeded signal (recomputed here)."""
import os

import numpy as np

os.environ.setdefault("CUPY_CACHE_IN_MEMORY", "1")
import cupy  # noqa: E402

from gxf.python_codelet import CodeletAdapter  # noqa: E402
from gxf.std import MemoryStorageType, PrimitiveType, Receiver, Tensor  # noqa: E402

SIZE = 640
SEED = 1234


def signal():
    """CreateTensor.py's seeded complex64 input."""
    rng = cupy.random.default_rng(SEED)
    real, imag = (rng.standard_normal(SIZE, dtype=cupy.float32) for _ in range(2))
    return (real + 1j * imag).astype(cupy.complex64)


class VerifyTensor(CodeletAdapter):
    def start(self):
        self.rx = Receiver.get(self.context(), self.cid(), self.get_params()["receiver0"])

    def tick(self):
        spectrum = Tensor.find_all_from_entity(self.rx.receive())[0]
        description = spectrum.get_tensor_description()
        assert description.shape.size() == SIZE and description.shape.rank() == 1, description.shape
        assert description.bytes_per_element == 8 and description.element_type == PrimitiveType.kComplex64
        assert spectrum.storage_type() == MemoryStorageType.kDevice
        received = cupy.asarray(spectrum).get()
        expected = cupy.fft.fft(signal()).astype(cupy.complex64).get()
        assert np.allclose(received, expected, rtol=1e-5, atol=1e-4), np.abs(received - expected).max()
