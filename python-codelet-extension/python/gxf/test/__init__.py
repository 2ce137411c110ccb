"""``gxf.test``: graph-building classes for the components of the test extension
(``libgxf_test.so``): ``StepCount``, ``PingPollRx``, ``PingBatchRx``, ... (see
``gxf.test.Components``)."""
from gxf.test import Components


def __getattr__(name):
    """The component classes, from ``gxf.test.Components``."""
    return Components.__getattr__(name)


def __dir__():
    return sorted(set(globals()) | set(Components.__dir__()))
