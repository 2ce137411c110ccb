"""``gxf.std.scheduling_terms_pybind``: the scheduling terms codelets drive at run time."""
from gxf._native import (
    BooleanSchedulingTerm,
    BTSchedulingTerm,
    CountSchedulingTerm,
    PeriodicSchedulingTerm,
    TargetTimeSchedulingTerm,
)

__all__ = [
    "BooleanSchedulingTerm",
    "BTSchedulingTerm",
    "CountSchedulingTerm",
    "PeriodicSchedulingTerm",
    "TargetTimeSchedulingTerm",
]
