"""Checks size, rank and bytes per element of the FFT result."""
from gxf.python_codelet import CodeletAdapter
from gxf.std import Receiver, Tensor


class VerifyTensor(CodeletAdapter):
    def start(self):
        self.rx = Receiver.get(self.context(), self.cid(), self.get_params()["receiver0"])

    def tick(self):
        spectrum = Tensor.get_from_entity(self.rx.receive(), "spectrum")
        assert spectrum.size() == 640 * 8, spectrum.size()
        assert spectrum.rank() == 1
        assert spectrum.bytes_per_element() == 8
