"""``gxf.std.transmitter_pybind``: the runtime ``Transmitter`` (``publish``, sizes)."""
from gxf._native import Transmitter

__all__ = ["Transmitter"]
