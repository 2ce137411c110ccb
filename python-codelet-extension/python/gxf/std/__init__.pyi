"""Types of ``gxf.std``: runtime classes (re-exported from ``gxf._native``), the graph-building
classes of the standard extension's components and GXF's graph helpers."""
from typing import Any, Callable, Optional

from gxf._native import Allocator as Allocator
from gxf._native import Clock as Clock
from gxf._native import Context
from gxf._native import EndOfStream as EndOfStream
from gxf._native import MemoryStorageType as MemoryStorageType
from gxf._native import PrimitiveType as PrimitiveType
from gxf._native import Receiver as Receiver
from gxf._native import SchedulingConditionType as SchedulingConditionType
from gxf._native import Shape as Shape
from gxf._native import Tensor as Tensor
from gxf._native import TensorDescription as TensorDescription
from gxf._native import Timestamp as Timestamp
from gxf._native import Transmitter as Transmitter
from gxf._native import Vault as Vault
from gxf._native import as_timestamp as as_timestamp
from gxf._native import free as free
from gxf._native import get_from_entity_context as get_from_entity_context
from gxf._native import store_blocking as store_blocking
from gxf._native import store_blocking_for as store_blocking_for
from gxf import _native
from gxf.core import Component as Component
from gxf.core import Entity as Entity
from gxf.core import Graph

class _Registered(Component):
    """A class of a registered component type: ``Cls(name="", **params)``."""
    def __init__(self, name: Optional[str] = "", **params: Any) -> None: ...

class CountSchedulingTerm(_Registered):
    get: Callable[[Context, int, str], _native.CountSchedulingTerm]

class PeriodicSchedulingTerm(_Registered):
    get: Callable[[Context, int, str], _native.PeriodicSchedulingTerm]

class TargetTimeSchedulingTerm(_Registered):
    get: Callable[[Context, int, str], _native.TargetTimeSchedulingTerm]

class BooleanSchedulingTerm(_Registered):
    get: Callable[[Context, int, str], _native.BooleanSchedulingTerm]

class BTSchedulingTerm(_Registered):
    get: Callable[[Context, int, str], _native.BTSchedulingTerm]

class DoubleBufferReceiver(_Registered):
    get: Callable[[Context, int, str], Receiver]

class DoubleBufferTransmitter(_Registered):
    get: Callable[[Context, int, str], Transmitter]

class RealtimeClock(_Registered):
    get: Callable[[Context, int, str], Clock]

class ManualClock(_Registered):
    get: Callable[[Context, int, str], Clock]

class Subgraph(_Registered): ...

class ComputeEntity(Entity):
    def __init__(self, name: str = "", count: int = -1, recess_period: Any = 0, **kwargs: Any) -> None: ...
    def add_codelet(self, codelet: Component, min_message_available: int = 1, min_message_reception: int = 1,
                    rx_capacity: int = 1, tx_capacity: int = 1, tx_num: int = 1, rx_num: int = 1) -> Component: ...

class StandardGraph(Graph):
    def __init__(self, name: str = "", clock: Optional[Component] = None,
                 scheduler: Optional[Component] = None) -> None: ...
    def get_clock(self) -> Component: ...
    def get_scheduler(self) -> Component: ...
    def add_codelet(self, codelet: Component, count: int = -1, recess_period: Any = 0, min_message_available: int = 1,
                    min_message_reception: int = 1, rx_capacity: int = 1, tx_capacity: int = 1,
                    **kwargs: Any) -> Component: ...
    def connect(self, src: Component, target: Component) -> None: ...

def connect(src: Component, target: Component, graph: Optional[Graph] = None) -> None: ...
def enable_job_statistics(g: Graph, name: str = "__job_stats", **kwargs: Any) -> Component: ...
def set_scheduler(g: Graph, sch: Component) -> Component: ...
def set_clock(g: Graph, clock: Component) -> Component: ...
def _generate_name(base_name: str, extra_length: int = 7) -> str: ...

# Every other component of libgxf_std.so (GreedyScheduler, Connection, ...): a class made from
# its registered type and parameters.
def __getattr__(name: str) -> type[_Registered]: ...
