"""``gxf.std.tensor_pybind``: tensors of messages taken from a ``Vault``, by entity id."""
from gxf._native import Tensor, get_from_entity_context

__all__ = ["Tensor", "get_from_entity_context"]
