"""NVIDIA GXF's Python package, as implemented by gxf-rs.

Submodules keep GXF's names: ``gxf.core``, ``gxf.std``, ``gxf.cuda`` and ``gxf.python_codelet``.
Their classes come from the native module ``gxf._native`` (``libpygxf_native.so``): inside a graph
run by ``gxe`` it is registered before any codelet is imported; in a plain Python process it is
loaded here.
"""
from pkgutil import extend_path

__path__ = extend_path(__path__, __name__)

import sys as _sys

if "gxf._native" not in _sys.modules:
    from gxf import _loader

    _loader.load_native()
