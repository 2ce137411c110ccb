"""``gxf.python_codelet``: ``CodeletAdapter`` (the base class of Python codelets), ``PyData``, and
``PyCodeletV0`` for Python-built graphs (the bridge class is ``gxf.python_codelet.pycodelet.PyCodeletV0``)."""
from gxf._native import PyData
from gxf.core.graph import Component
from gxf.python_codelet.codelet import CodeletAdapter


class PyCodeletV0(Component):
    """A ``nvidia::gxf::PyCodeletV0`` running class ``codelet``; the other keyword arguments become
    its ``codelet_params``. With the default ``codelet_file`` the class is looked up in ``__main__``."""

    def __init__(self, name="", codelet=None, codelet_file="None", **params):
        if codelet is None:
            raise ValueError("PyCodeletV0 needs the codelet class")
        Component.__init__(self, "nvidia::gxf::PyCodeletV0", name, codelet_name=codelet.__name__,
                           codelet_file=codelet_file, codelet_params=params)


__all__ = ["CodeletAdapter", "PyCodeletV0", "PyData"]
