"""``gxf.cuda.Components``: a graph-building class for every CUDA component type, by GXF's short
name (``from gxf.cuda.Components import CudaStreamPool, CudaStreamSync``), like ``gxf.std.Components``."""
from gxf.std.Components import component_class


def __getattr__(name):
    if name.startswith("_"):
        raise AttributeError(name)
    return component_class(f"nvidia::gxf::{name}")
