"""``gxf.cuda.Components``: graph-building classes for the components of the CUDA extension
(``libgxf_cuda.so``): ``from gxf.cuda.Components import CudaStreamSync``, like
``gxf.std.Components``. ``CudaStreamPool`` is also the runtime class codelets use
(``CudaStreamPool.get(context, cid, name)``), as in GXF."""
import gxf._native as _native
from gxf.core.component import Component, RegisteredParameters
from gxf.core.py_module_builder import extension_module as _extension_module

LIBRARY = "libgxf_cuda.so"


class CudaStreamPool(Component):
    """A pool of CUDA streams; at run time ``CudaStreamPool.get(context, cid, name)`` gives the
    pool (``allocate_stream()``, ``release_stream(stream_cid)``)."""

    gxf_native_type = "nvidia::gxf::CudaStreamPool"
    _validation_info_parameters = RegisteredParameters()
    get = staticmethod(_native.CudaStreamPool.get)

    def __init__(self, name="", **params):
        Component.__init__(self, type=self.get_gxf_type(), name=name, **params)


__getattr__, __dir__ = _extension_module(LIBRARY, __name__)
