"""``gxf.std.Components``: a graph-building class for every component type, by GXF's short name.

``from gxf.std.Components import GreedyScheduler`` gives a ``Component`` subclass of type
``nvidia::gxf::GreedyScheduler``; ``GreedyScheduler(name="sched", clock=clock)``. The runtime
checks the type and parameters when the graph is created.
"""
from gxf.core.graph import Component

_classes = {}


def component_class(type_name):
    """The Component subclass for a full GXF type name."""
    if type_name not in _classes:
        short = type_name.rsplit("::", 1)[-1]

        def __init__(self, name="", **params):
            Component.__init__(self, type_name, name, **params)

        _classes[type_name] = type(short, (Component,), {"__init__": __init__, "gxf_native_type": type_name})
    return _classes[type_name]


def __getattr__(name):
    if name.startswith("_"):
        raise AttributeError(name)
    return component_class(f"nvidia::gxf::{name}")
