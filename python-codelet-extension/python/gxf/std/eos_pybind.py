"""``gxf.std.eos_pybind``: the end-of-stream marker of messages."""
from gxf._native import EndOfStream

__all__ = ["EndOfStream"]
