"""``gxf.std.vault_pybind``: take messages out of a running graph through a ``Vault`` component
(integer context from ``gxf.core.context_create``; the GIL is released while waiting)."""
from gxf._native import free, store_blocking, store_blocking_for

__all__ = ["free", "store_blocking", "store_blocking_for"]
