"""``gxf.python_codelet.pycodelet``: the bridge class a ``CodeletAdapter`` receives in ``set_bridge``."""
from gxf._native import PyCodeletV0

__all__ = ["PyCodeletV0"]
