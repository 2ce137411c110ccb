"""``gxf.std.scheduling_condition_pybind``: ``SchedulingConditionType`` (NEVER, READY, WAIT,
WAIT_TIME, WAIT_EVENT)."""
from gxf._native import SchedulingConditionType

__all__ = ["SchedulingConditionType"]
