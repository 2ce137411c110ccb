"""``ComputeEntity``: an entity with a codelet and the queues and scheduling terms it needs."""
from gxf.core.component import Component
from gxf.core.entity import Entity
from gxf.std.Components import (CountSchedulingTerm, DoubleBufferReceiver, DoubleBufferTransmitter,
                                PeriodicSchedulingTerm)
from gxf.std import Components

TRANSMITTER = "nvidia::gxf::Transmitter"
RECEIVER = "nvidia::gxf::Receiver"


class ComputeEntity(Entity):
    """An entity ticked at most ``count`` times (``CountSchedulingTerm`` "cst", when
    ``count >= 0``) and at most once per ``recess_period`` (``PeriodicSchedulingTerm`` "pst",
    when non-zero); ``add_codelet`` adds a C++ codelet's queues."""

    def __init__(self, name: str = "", count: int = -1, recess_period=0, **kwargs):
        super().__init__(name, True)
        self._recess_period = recess_period
        self._count = count
        self._kwargs = kwargs
        if recess_period:
            self.add(PeriodicSchedulingTerm("pst", recess_period=recess_period))
        if count >= 0:
            self.add(CountSchedulingTerm("cst", count=count))

    def add_codelet(self, codelet, min_message_available=1, min_message_reception=1, rx_capacity: int = 1,
                    tx_capacity: int = 1, tx_num: int = 1, rx_num: int = 1) -> Component:
        """Adds ``codelet`` and, for each of its Transmitter/Receiver handle parameters, a
        DoubleBufferTransmitter/Receiver named after the parameter (``<key>_<i>`` for a list of
        ``tx_num``/``rx_num`` or of its fixed length) with a DownstreamReceptive/MessageAvailable
        term, and sets the parameter; the queues become attributes of the entity and codelet.
        As in GXF, single queues' terms are all named "drst"/"mast"."""
        for info in codelet._validation_info_parameters.values():
            kind = info["handle_type"]
            if kind not in (TRANSMITTER, RECEIVER):
                continue
            rank, shape = info["rank"], info["shape"]
            if rank == 0:
                queue = self._add_queue(kind, info["key"], "drst" if kind == TRANSMITTER else "mast",
                                        tx_capacity, rx_capacity, min_message_reception, min_message_available)
                codelet.params[info["key"]] = queue
                setattr(codelet, info["key"], queue)
            elif rank == 1 and shape:
                count = shape[0] if shape[0] > 0 else (tx_num if kind == TRANSMITTER else rx_num)
                queues = []
                for i in range(count):
                    name = f"{info['key']}_{i}"
                    term = f"drst_{name}" if kind == TRANSMITTER else f"mast_{name}"
                    queues.append(self._add_queue(kind, name, term, tx_capacity, rx_capacity,
                                                  min_message_reception, min_message_available))
                codelet.params[info["key"]] = queues
                setattr(codelet, info["key"], queues)
                setattr(self, info["key"], queues)
            elif rank > 1:
                which = "Transmitter" if kind == TRANSMITTER else "Receiver"
                raise RuntimeError(
                    f"Unsupported rank and shape combination for codelet {which} parameter: key: {info['key']}, "
                    f"rank: {rank}, shape: {', '.join(map(str, shape))}"
                )
        self.add(codelet)
        return codelet

    def _add_queue(self, kind, name, term_name, tx_capacity, rx_capacity, min_reception, min_available):
        if kind == TRANSMITTER:
            queue = self.add(DoubleBufferTransmitter(name=name, capacity=tx_capacity))
            self.add(Components.DownstreamReceptiveSchedulingTerm(name=term_name, transmitter=queue,
                                                                  min_size=min_reception))
        else:
            queue = self.add(DoubleBufferReceiver(name=name, capacity=rx_capacity))
            self.add(Components.MessageAvailableSchedulingTerm(name=term_name, receiver=queue, min_size=min_available))
        return queue


__all__ = ["ComputeEntity"]
