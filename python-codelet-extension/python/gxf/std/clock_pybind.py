"""``gxf.std.clock_pybind``: the runtime ``Clock`` (any clock: ``time()``, ``timestamp()``)."""
from gxf._native import Clock

__all__ = ["Clock"]
