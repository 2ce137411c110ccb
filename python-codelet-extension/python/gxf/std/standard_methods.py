"""GXF's helpers that add system entities to a Python-built graph: ``connect`` (a Connection in
an entity of its own), ``set_clock`` (entity ``_system``), ``set_scheduler`` (entity
``_scheduler``) and ``enable_job_statistics``."""
import random
import string

from gxf.core.component import Component
from gxf.core.entity import Entity
from gxf.core.graph import Graph
from gxf.std import Components

GXF_NAME_EXTRA_LENGTH = 7


def _generate_name(base_name, extra_length=GXF_NAME_EXTRA_LENGTH):
    """``<base_name>_`` and ``extra_length`` random lowercase letters."""
    return base_name + "_" + "".join(random.choices(string.ascii_lowercase, k=extra_length))


def connect(src: Component, target: Component, graph: Graph = None):
    """Connects transmitter ``src`` to receiver ``target`` with a Connection in a new entity
    ``_connection_<random>`` of ``graph`` (default: the graph of both; components of different
    graphs, e.g. of a subgraph, need it)."""
    if not src.added_to_graph():
        raise AssertionError(f"Component '{src.name}' not part of graph")
    if not target.added_to_graph():
        raise AssertionError(f"Component '{target.name}' not part of graph")
    if src.entity.graph is not target.entity.graph and not graph:
        raise AssertionError("Different graph for source and target. 'graph' param required.")
    graph = graph or src.entity.graph
    connection = graph.add(Entity(_generate_name("_connection")))
    connection.add(Components.Connection(name=None, source=src, target=target))


def enable_job_statistics(g: Graph, name: str = "__job_stats", **kwargs) -> Component:
    """Adds a JobStatistics component (``name``, parameters ``kwargs``) to entity ``_system``."""
    if not g._system:
        g.add(Entity("_system"))
    return g._system.add(Components.JobStatistics(name, **kwargs))


def set_scheduler(g: Graph, sch: Component) -> Component:
    """Adds scheduler ``sch`` to entity ``_scheduler``. A clock parameter that is a component of
    no entity yet is added there too (a gxf-rs convenience; GXF leaves it out)."""
    if not g._scheduler:
        g.add(Entity("_scheduler"))
    clock = sch.params.get("clock")
    if isinstance(clock, Component) and clock.entity is None:
        g._scheduler.add(clock)
    return g._scheduler.add(sch)


def set_clock(g: Graph, clock: Component) -> Component:
    """Adds ``clock`` to entity ``_system``; returns it."""
    if not g._system:
        g.add(Entity("_system"))
    return g._system.add(clock)


__all__ = ["connect", "enable_job_statistics", "set_clock", "set_scheduler"]
