"""Times `np.asarray(tensor)` on a 1 KB and a 100 MB host tensor: a zero-copy view costs the
same whatever the size. Prints `view_ns[<bytes>]=<ns per view>` lines."""
import time

import numpy as np

from gxf.core import MessageEntity
from gxf.python_codelet import CodeletAdapter
from gxf.std import Allocator, MemoryStorageType, PrimitiveType, Shape, Tensor, TensorDescription

SIZES = [1 << 10, 100 << 20]
VIEWS = 20000


class TensorView(CodeletAdapter):
    def tick(self):
        allocator = Allocator.get(self.context(), self.cid(), self.get_params()["allocator"])
        msg = MessageEntity(self.context())
        for size in SIZES:
            tensor = Tensor.add_to_entity(msg, f"t{size}")
            tensor.reshape(TensorDescription(f"t{size}", MemoryStorageType.kHost, Shape([size]),
                                             PrimitiveType.kUnsigned8, 1), allocator)
            view = np.asarray(tensor)
            view[-1] = 7  # the view is the tensor's memory
            assert np.asarray(tensor)[-1] == 7 and view.nbytes == size
            started = time.perf_counter_ns()
            for _ in range(VIEWS):
                np.asarray(tensor)
            print(f"view_ns[{size}]={(time.perf_counter_ns() - started) / VIEWS:.0f}", flush=True)
