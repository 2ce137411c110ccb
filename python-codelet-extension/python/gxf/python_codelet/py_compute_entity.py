"""``PyComputeEntity``: an entity with a Python codelet and the queues it names."""
from gxf.core.component import Component
from gxf.core.entity import Entity
from gxf.python_codelet.Components import PyCodeletV0
from gxf.std.Components import (CountSchedulingTerm, DoubleBufferReceiver, DoubleBufferTransmitter,
                                PeriodicSchedulingTerm)
from gxf.std import Components


class PyComputeEntity(Entity):
    """An entity ticked at most ``count`` times (default 100, as in GXF; a negative count adds
    no CountSchedulingTerm) and at most once per ``recess_period`` when non-zero."""

    def __init__(self, name: str = "", count: int = 100, recess_period=0, *args, **kwargs):
        super().__init__(name, True)
        self._recess_period = recess_period
        self._count = count
        self._kwargs = kwargs
        if recess_period:
            self.add(PeriodicSchedulingTerm("pst", recess_period=recess_period))
        if count >= 0:
            self.add(CountSchedulingTerm("cst", count=count))

    def add_codelet(self, name, codelet, min_message_available=1, min_message_reception=1, rx_capacity: int = 1,
                    tx_capacity: int = 1, **params) -> Component:
        """Adds a PyCodeletV0 ``name`` running ``type(codelet)`` (a new instance, made with no
        arguments when the graph runs) with ``params`` as its codelet_params. For each name in
        ``codelet.txs`` a DoubleBufferTransmitter and a DownstreamReceptiveSchedulingTerm
        ``drst_<name>``, for each in ``codelet.rxs`` a DoubleBufferReceiver and a
        MessageAvailableSchedulingTerm ``mast_<name>``; the codelet finds them as attributes
        ``self.<name>`` (``_txs``/``_rxs`` in its parameters). A queue named like a parameter is
        a ValueError."""
        params["_txs"] = []
        params["_rxs"] = []
        for tx in codelet.txs:
            queue = self.add(DoubleBufferTransmitter(name=tx, capacity=tx_capacity))
            self.add(Components.DownstreamReceptiveSchedulingTerm(name=f"drst_{tx}", transmitter=queue,
                                                                  min_size=min_message_reception))
            if tx in params:
                raise ValueError(f"Cannot use name {tx} for transmitter and a param together")
            params["_txs"].append(tx)
        for rx in codelet.rxs:
            queue = self.add(DoubleBufferReceiver(name=rx, capacity=rx_capacity))
            self.add(Components.MessageAvailableSchedulingTerm(name=f"mast_{rx}", receiver=queue,
                                                               min_size=min_message_available))
            if rx in params:
                raise ValueError(f"Cannot use name {rx} for transmitter and a param together")
            params["_rxs"].append(rx)
        return self.add(PyCodeletV0(name=name, codelet=codelet.__class__, **params))


__all__ = ["PyComputeEntity"]
