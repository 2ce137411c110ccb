"""``gxf.std.timestamp_pybind``: timestamps of messages taken from a ``Vault``, by entity id."""
from gxf._native import Timestamp, as_timestamp

__all__ = ["Timestamp", "as_timestamp"]
