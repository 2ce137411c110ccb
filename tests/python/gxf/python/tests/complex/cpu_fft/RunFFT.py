"""Checks the incoming complex64 tensor, runs a NumPy FFT over it (reading it through a NumPy
view, or through DLPack when `use_dlpack` is set) and publishes the result."""
import numpy as np

from gxf.core import MessageEntity
from gxf.python_codelet import CodeletAdapter
from gxf.std import Allocator, PrimitiveType, Receiver, Tensor, Transmitter


class RunFFT(CodeletAdapter):
    def start(self):
        params = self.get_params()
        self.rx = Receiver.get(self.context(), self.cid(), params["receiver0"])
        self.tx = Transmitter.get(self.context(), self.cid(), params["transmitter0"])
        self.allocator = Allocator.get(self.context(), self.cid(), params["allocator0"])
        self.use_dlpack = bool(int(params.get("use_dlpack", 0)))

    def tick(self):
        signal = Tensor.get_from_entity(self.rx.receive(), "signal")
        description = signal.get_tensor_description()
        assert description.element_type == PrimitiveType.kComplex64
        assert description.shape.size() == 640 and description.bytes_per_element == 8
        samples = np.from_dlpack(signal) if self.use_dlpack else np.asarray(signal)
        spectrum = np.fft.fft(samples).astype(np.complex64)
        out = MessageEntity(self.context())
        result = Tensor.add_to_entity(out, "spectrum")
        description.name = "spectrum"
        result.reshape(description, self.allocator)
        (np.from_dlpack(result) if self.use_dlpack else np.asarray(result))[:] = spectrum
        self.tx.publish(out, 1)
