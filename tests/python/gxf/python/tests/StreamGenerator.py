"""Each tick publishes a host message on `transmitter0` and a device message on `transmitter1`,
each holding two 1024x1 float32 tensors laid out with 32 bytes per element (`reshape_custom` with
the description's all-zero strides), from `allocator0` (host) and `allocator1` (device). The device
message also carries a CudaStreamId named "CudaStream0" naming the stream taken from
`cuda_stream_pool` in start() (given back in stop()). The data is left as the pools hand it out."""
from gxf.core import MessageEntity
from gxf.cuda import CudaStreamId, CudaStreamPool
from gxf.python_codelet import CodeletAdapter
from gxf.std import (Allocator, Clock, MemoryStorageType, PrimitiveType, Shape, Tensor, TensorDescription,
                     Transmitter)

BYTES_PER_ELEMENT = 32


class StreamGenerator(CodeletAdapter):
    def start(self):
        params = self.get_params()
        context, cid = self.context(), self.cid()
        self.txs = [Transmitter.get(context, cid, params[f"transmitter{i}"]) for i in range(2)]
        self.allocators = [Allocator.get(context, cid, params[f"allocator{i}"]) for i in range(2)]
        self.clock = Clock.get(context, cid, params["clock"])
        self.pool = CudaStreamPool.get(context, cid, params["cuda_stream_pool"])
        self.stream_cid, stream = self.pool.allocate_stream()
        assert stream.ptr != 0 and stream.stream_cid == self.stream_cid, stream

    def tick(self):
        host_msg = self.message("host_tensor", MemoryStorageType.kHost, self.allocators[0])
        dev_msg = self.message("cuda_tensor", MemoryStorageType.kDevice, self.allocators[1])
        stream_id = CudaStreamId.add_to_entity(dev_msg, "CudaStream0")
        stream_id.stream_cid = self.stream_cid
        assert CudaStreamId.get_from_entity(dev_msg, "CudaStream0").stream_cid == self.stream_cid
        for tx, msg in zip(self.txs, (host_msg, dev_msg)):
            result = tx.publish(msg)
            if result != "GXF_SUCCESS":
                raise RuntimeError(f"publishing on transmitter {tx.cid()} failed: {result}")

    def stop(self):
        self.pool.release_stream(self.stream_cid)

    def message(self, name, storage_type, allocator):
        """A new message with two tensors `name` in `storage_type` memory from `allocator`."""
        description = TensorDescription(name=name, storage_type=storage_type, shape=Shape([1024, 1]),
                                        element_type=PrimitiveType.kFloat32, bytes_per_element=4)
        msg = MessageEntity(self.context())
        for _ in range(2):
            tensor = Tensor.add_to_entity(msg, description.name)
            tensor.reshape_custom(description.shape, description.element_type, BYTES_PER_ELEMENT,
                                  description.strides, description.storage_type, allocator)
            assert tensor.storage_type() == storage_type
            assert tensor.size() == 1024 * BYTES_PER_ELEMENT, tensor.size()
        return msg
