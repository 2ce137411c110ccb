"""``gxf.test.Components``: a class for every component ``libgxf_test.so`` registers, made from
its registered parameters (``from gxf.test.Components import StepCount``)."""
import gxf.std  # noqa: F401  (the test components build on the standard extension, loaded first)
from gxf.core.py_module_builder import extension_module as _extension_module

__getattr__, __dir__ = _extension_module("libgxf_test.so", __name__)
