"""``gxf.sample``: graph-building classes for the components of the sample extension
(``libgxf_sample.so``): ``PingTx``, ``PingRx``, ``PingBatchRx``, ``MultiPingRx``, ``HelloWorld``,
... (see ``gxf.sample.Components``)."""
from gxf.sample import Components


def __getattr__(name):
    """The component classes, from ``gxf.sample.Components``."""
    return Components.__getattr__(name)


def __dir__():
    return sorted(set(globals()) | set(Components.__dir__()))
