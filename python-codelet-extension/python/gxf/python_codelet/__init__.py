"""``gxf.python_codelet``: ``CodeletAdapter``, the base class of Python codelets."""
from gxf._native import PyCodeletV0, PyData
from gxf.python_codelet.codelet import CodeletAdapter

__all__ = ["CodeletAdapter", "PyCodeletV0", "PyData"]
