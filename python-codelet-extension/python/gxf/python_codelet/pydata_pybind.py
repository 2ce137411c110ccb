"""``gxf.python_codelet.pydata_pybind``: ``PyData``, a message component holding any Python object."""
from gxf._native import PyData

__all__ = ["PyData"]
