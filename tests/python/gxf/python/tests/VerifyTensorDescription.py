"""Checks get_tensor_description() of the `host_tensor` CreateTensor publishes."""
from gxf.python_codelet import CodeletAdapter
from gxf.std import MemoryStorageType, PrimitiveType, Receiver, Tensor


class VerifyTensorDescription(CodeletAdapter):
    def start(self):
        self.rx = Receiver.get(self.context(), self.cid(), self.get_params()["receiver"])

    def tick(self):
        msg = self.rx.receive()
        description = Tensor.get_from_entity(msg, "host_tensor").get_tensor_description()
        assert description.shape.size() == 1024, description.shape
        assert description.shape.rank() == 2
        assert description.bytes_per_element == 4
        assert description.element_type == PrimitiveType.kFloat32
        assert description.storage_type == MemoryStorageType.kHost
