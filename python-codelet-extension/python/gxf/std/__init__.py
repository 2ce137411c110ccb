"""``gxf.std``: what codelets use at run time (queues, clocks, allocators, scheduling terms,
tensors, timestamps, vaults) and the graph-building API of the standard extension.

Runtime classes: ``Allocator``, ``Clock``, ``Receiver``, ``Transmitter``, ``Tensor``,
``TensorDescription``, ``Shape``, ``PrimitiveType``, ``MemoryStorageType``, ``Timestamp``,
``EndOfStream``, ``Vault``, ``SchedulingConditionType``. Graph building: ``StandardGraph``, ``ComputeEntity``,
``connect``, ``set_clock``, ``set_scheduler``, ``enable_job_statistics``, and a class for every
component of ``libgxf_std.so`` (``GreedyScheduler``, ``DoubleBufferReceiver``, ``Subgraph``,
...; see ``gxf.std.Components``). ``CountSchedulingTerm``, ``PeriodicSchedulingTerm``,
``TargetTimeSchedulingTerm``, ``BooleanSchedulingTerm``, ``BTSchedulingTerm``, the double-buffer queues and the clocks
are both: ``CountSchedulingTerm(name="c", count=5)`` in a graph, ``CountSchedulingTerm.get(...)``
in a codelet.
"""
from gxf._native import (
    Allocator,
    Clock,
    EndOfStream,
    MemoryStorageType,
    PrimitiveType,
    Receiver,
    SchedulingConditionType,
    Shape,
    Tensor,
    TensorDescription,
    Timestamp,
    Transmitter,
    Vault,
    as_timestamp,
    free,
    get_from_entity_context,
    store_blocking,
    store_blocking_for,
)
from gxf.core.component import Component
from gxf.core.entity import Entity
from gxf.std import Components
from gxf.std.Components import (
    BooleanSchedulingTerm,
    BTSchedulingTerm,
    CountSchedulingTerm,
    DoubleBufferReceiver,
    DoubleBufferTransmitter,
    ManualClock,
    PeriodicSchedulingTerm,
    RealtimeClock,
    Subgraph,
    TargetTimeSchedulingTerm,
)
from gxf.std.compute_entity import ComputeEntity
from gxf.std.standard_graph import StandardGraph
from gxf.std.standard_methods import _generate_name, connect, enable_job_statistics, set_clock, set_scheduler  # noqa: F401


def __getattr__(name):
    """The other component classes, from ``gxf.std.Components``."""
    return Components.__getattr__(name)


def __dir__():
    return sorted(set(globals()) | set(Components.__dir__()))


__all__ = [
    "Allocator",
    "BooleanSchedulingTerm",
    "BTSchedulingTerm",
    "Clock",
    "Component",
    "ComputeEntity",
    "CountSchedulingTerm",
    "DoubleBufferReceiver",
    "DoubleBufferTransmitter",
    "EndOfStream",
    "Entity",
    "ManualClock",
    "MemoryStorageType",
    "PeriodicSchedulingTerm",
    "PrimitiveType",
    "RealtimeClock",
    "Receiver",
    "SchedulingConditionType",
    "Shape",
    "StandardGraph",
    "Subgraph",
    "TargetTimeSchedulingTerm",
    "Tensor",
    "TensorDescription",
    "Timestamp",
    "Transmitter",
    "Vault",
    "as_timestamp",
    "connect",
    "enable_job_statistics",
    "free",
    "get_from_entity_context",
    "set_clock",
    "set_scheduler",
    "store_blocking",
    "store_blocking_for",
]
