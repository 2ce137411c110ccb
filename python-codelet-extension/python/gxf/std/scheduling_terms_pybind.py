"""``gxf.std.scheduling_terms_pybind``: the scheduling terms codelets drive at run time."""
from gxf._native import BooleanSchedulingTerm, CountSchedulingTerm, PeriodicSchedulingTerm, TargetTimeSchedulingTerm

__all__ = ["BooleanSchedulingTerm", "CountSchedulingTerm", "PeriodicSchedulingTerm", "TargetTimeSchedulingTerm"]
