"""``StandardGraph``: a graph with a clock and a scheduler, where each codelet gets an entity."""
from gxf.core.component import Component
from gxf.core.graph import Graph
from gxf.std import Components
from gxf.std.Components import ManualClock
from gxf.std.compute_entity import ComputeEntity
from gxf.std.standard_methods import _generate_name, connect, set_clock, set_scheduler


class StandardGraph(Graph):
    """A graph with ``clock`` (default ``ManualClock`` "clock", in entity ``_system``) and
    ``scheduler`` (default ``GreedyScheduler(max_duration_ms=1000000)`` on that clock, in entity
    ``_scheduler``). ``add_codelet`` puts each codelet in a ComputeEntity of its own."""

    def __init__(self, name: str = "", clock: Component = None, scheduler: Component = None):
        super().__init__(name)
        if not clock:
            clock = ManualClock(name="clock")
        self._clock_component = set_clock(clock=clock, g=self)
        if not scheduler:
            scheduler = Components.GreedyScheduler(max_duration_ms=1000000, clock=self._clock_component)
        self._scheduler_component = set_scheduler(g=self, sch=scheduler)

    def get_clock(self):
        """The clock component."""
        return self._clock_component

    def get_scheduler(self):
        """The scheduler component."""
        return self._scheduler_component

    def add_codelet(self, codelet: Component, count: int = -1, recess_period=0, min_message_available=1,
                    min_message_reception=1, rx_capacity: int = 1, tx_capacity: int = 1, **kwargs) -> Component:
        """Adds ``codelet`` in a new ComputeEntity ``_entity_<random>`` (see
        ``ComputeEntity.add_codelet``); returns it."""
        entity = self.add(ComputeEntity(name=_generate_name("_entity"), count=count, recess_period=recess_period,
                                        kwargs=kwargs))
        return entity.add_codelet(codelet, min_message_available, min_message_reception, rx_capacity, tx_capacity)

    def connect(self, src: Component, target: Component):
        """Connects transmitter ``src`` to receiver ``target``."""
        connect(src=src, target=target, graph=self)


__all__ = ["StandardGraph"]
