"""Checks that deleting a message from Python releases what it holds. Each tick a message with a
1024x1 float32 device tensor takes one of the two blocks of the device pool `allocator1`, and the
device message takes the other for its first tensor, so reshaping its second tensor must fail;
once the first message (and the tensor object referring to it) is deleted, the same reshape must
succeed. Then publishes a host message (two tensors from `allocator0`) on `transmitter0` and the
device message, tagged with the stream taken from `cuda_stream_pool`, on `transmitter1`."""
from gxf.core import MessageEntity
from gxf.cuda import CudaStreamId, CudaStreamPool
from gxf.python_codelet import CodeletAdapter
from gxf.std import (Allocator, Clock, MemoryStorageType, PrimitiveType, Shape, Tensor, TensorDescription,
                     Transmitter)


def description(name, storage_type):
    """1024x1 float32 elements named `name` in `storage_type` memory."""
    return TensorDescription(name=name, storage_type=storage_type, shape=Shape([1024, 1]),
                             element_type=PrimitiveType.kFloat32, bytes_per_element=4)


class EntityDelete(CodeletAdapter):
    def start(self):
        params = self.get_params()
        context, cid = self.context(), self.cid()
        self.txs = [Transmitter.get(context, cid, params[f"transmitter{i}"]) for i in range(2)]
        self.allocators = [Allocator.get(context, cid, params[f"allocator{i}"]) for i in range(2)]
        self.clock = Clock.get(context, cid, params["clock"])
        self.pool = CudaStreamPool.get(context, cid, params["cuda_stream_pool"])
        self.stream_cid, _ = self.pool.allocate_stream()

    def tick(self):
        test_msg = MessageEntity(self.context())
        test_tensor = Tensor.add_to_entity(test_msg, "test_tensor")
        test_tensor.reshape(description("test_tensor", MemoryStorageType.kDevice), self.allocators[1])

        host_msg = MessageEntity(self.context())
        host = description("host_tensor", MemoryStorageType.kHost)
        for _ in range(2):
            Tensor.add_to_entity(host_msg, host.name).reshape(host, self.allocators[0])

        dev_msg = MessageEntity(self.context())
        device = description("cuda_tensor", MemoryStorageType.kDevice)
        Tensor.add_to_entity(dev_msg, device.name).reshape(device, self.allocators[1])
        second = Tensor.add_to_entity(dev_msg, device.name)
        try:
            second.reshape(device, self.allocators[1])
        except ValueError:
            pass
        else:
            raise AssertionError("the device pool should have had no block left")
        # The tensor object refers to its message too: both go, and the block with them.
        del test_msg, test_tensor
        second.reshape(device, self.allocators[1])
        assert second.storage_type() == MemoryStorageType.kDevice and second.size() == 4096

        CudaStreamId.add_to_entity(dev_msg, "CudaStream0").stream_cid = self.stream_cid
        for tx, msg in zip(self.txs, (host_msg, dev_msg)):
            result = tx.publish(msg)
            if result != "GXF_SUCCESS":
                raise RuntimeError(f"publishing on transmitter {tx.cid()} failed: {result}")

    def stop(self):
        self.pool.release_stream(self.stream_cid)
