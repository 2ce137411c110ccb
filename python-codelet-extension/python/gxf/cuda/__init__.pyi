"""Types of ``gxf.cuda``: CUDA streams for codelets and the CUDA extension's component classes."""
from typing import Any, Callable, Optional

from gxf._native import Context, CudaStream as CudaStream, CudaStreamId as CudaStreamId
from gxf import _native
from gxf.core import Component

class _Registered(Component):
    def __init__(self, name: Optional[str] = "", **params: Any) -> None: ...

class CudaStreamPool(_Registered):
    """A graph's CudaStreamPool; ``CudaStreamPool.get(context, cid, name)`` gives the runtime pool."""
    get: Callable[[Context, int, str], _native.CudaStreamPool]

# Every other component of libgxf_cuda.so (CudaStreamSync, StreamOrderedAllocator, ...).
def __getattr__(name: str) -> type[_Registered]: ...
