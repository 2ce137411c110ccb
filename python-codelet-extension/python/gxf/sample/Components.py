"""``gxf.sample.Components``: a class for every component ``libgxf_sample.so`` registers, made
from its registered parameters (``from gxf.sample.Components import PingTx``)."""
import gxf.std  # noqa: F401  (the sample components build on the standard extension, loaded first)
from gxf.core.py_module_builder import extension_module as _extension_module

__getattr__, __dir__ = _extension_module("libgxf_sample.so", __name__)
