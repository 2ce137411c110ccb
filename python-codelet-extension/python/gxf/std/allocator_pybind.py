"""``gxf.std.allocator_pybind``: the runtime ``Allocator`` (any allocator component)."""
from gxf._native import Allocator

__all__ = ["Allocator"]
