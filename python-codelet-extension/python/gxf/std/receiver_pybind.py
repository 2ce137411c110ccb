"""``gxf.std.receiver_pybind``: the runtime ``Receiver`` (``receive``, ``sync``, sizes)."""
from gxf._native import Receiver

__all__ = ["Receiver"]
