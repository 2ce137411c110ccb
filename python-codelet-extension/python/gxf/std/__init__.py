"""``gxf.std``: queues, clocks, allocators, scheduling terms and tensors, as codelets use them,
and helpers that wire Python-built graphs (``connect``, ``set_scheduler``)."""
from gxf._native import (
    Allocator,
    BooleanSchedulingTerm,
    Clock,
    CountSchedulingTerm,
    MemoryStorageType,
    PeriodicSchedulingTerm,
    PrimitiveType,
    Receiver,
    SchedulingConditionType,
    Shape,
    TargetTimeSchedulingTerm,
    Tensor,
    TensorDescription,
    Timestamp,
    Transmitter,
    Vault,
)
from gxf.core.graph import Entity
from gxf.std.Components import component_class


def connect(source, target, graph=None):
    """Connects a transmitter component to a receiver component (a Connection in its own entity)."""
    graph = graph or source.entity.graph
    entity = graph.add(Entity(f"_connection_{len(graph.entities)}"))
    entity.add(component_class("nvidia::gxf::Connection")(source=source, target=target))
    return entity


def set_scheduler(graph, scheduler):
    """Adds `scheduler` (with its clock, if that is a component of no entity yet) to an entity `_scheduler`."""
    entity = graph.add(Entity("_scheduler"))
    clock = scheduler.params.get("clock")
    if clock is not None and getattr(clock, "entity", "") is None:
        entity.add(clock)
    entity.add(scheduler)
    return scheduler


__all__ = [
    "connect",
    "set_scheduler",
    "Allocator",
    "BooleanSchedulingTerm",
    "Clock",
    "CountSchedulingTerm",
    "MemoryStorageType",
    "PeriodicSchedulingTerm",
    "PrimitiveType",
    "Receiver",
    "SchedulingConditionType",
    "Shape",
    "TargetTimeSchedulingTerm",
    "Tensor",
    "TensorDescription",
    "Timestamp",
    "Transmitter",
    "Vault",
]
