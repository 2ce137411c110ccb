"""``gxf.python_codelet``: ``CodeletAdapter`` (the base class of Python codelets), ``PyData``,
and the graph-building ``PyCodeletV0``, ``PyComputeEntity`` and ``add_pycodelet``. The bridge
class a codelet receives in ``set_bridge`` is ``gxf.python_codelet.pycodelet.PyCodeletV0``."""
import typing

from gxf._native import PyData
from gxf.core.component import Component
from gxf.core.entity import Entity
from gxf.core.manifest import add_to_manifest
from gxf.python_codelet.codelet import CodeletAdapter
from gxf.python_codelet.Components import PyCodeletV0
from gxf.python_codelet.py_compute_entity import PyComputeEntity

add_to_manifest("libgxf_python_codelet.so")


def add_pycodelet(e: Entity, codelet: typing.Type[CodeletAdapter], file: str = None, name: str = "",
                  **params) -> Component:
    """Adds a PyCodeletV0 running ``codelet`` (defined in ``file``, default ``__main__``) to
    entity ``e``; parameter values other than strings are passed as their ``str()`` (so
    ``get_params()`` returns strings for them). GXF's own version passes ``codelet_name`` where
    its PyCodeletV0 wants the class, and fails; this one does what it documents."""
    assert issubclass(codelet, CodeletAdapter)
    params = {k: v if isinstance(v, str) else f"{v}" for k, v in params.items()}
    return e.add(PyCodeletV0(name=name, codelet=codelet, codelet_file=file if file else "None", **params))


__all__ = ["CodeletAdapter", "PyCodeletV0", "PyComputeEntity", "PyData", "add_pycodelet"]
