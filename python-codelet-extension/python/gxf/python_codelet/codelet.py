"""``CodeletAdapter``: subclass it and override ``start``, ``tick`` and ``stop``.

``PyCodeletV0`` instantiates the class named by ``codelet_name`` with no arguments, calls
``set_bridge`` with the live component, then ``start()``; ``tick()`` runs on every execution of
the entity and ``stop()`` at the end. An exception in any of them stops the graph with
GXF_FAILURE and the traceback in the log.
"""
from gxf._native import yaml_safe_load
from gxf.core import MessageEntity  # noqa: F401  (imported by GXF's adapter too)
from gxf.cuda import CudaStreamPool  # noqa: F401
from gxf.std import Allocator, Clock, MemoryStorageType, Receiver, Transmitter  # noqa: F401


class CodeletAdapter:
    """Base class of Python codelets (GXF's ``gxf.python_codelet.CodeletAdapter``)."""

    def __init__(self):
        self.txs = []
        self.rxs = []
        self.sts = []

    def set_bridge(self, bridge):
        """Called by PyCodeletV0 before ``start``: keeps the bridge and binds the transmitters
        and receivers named by the ``_txs``/``_rxs`` lists of ``codelet_params``, if any."""
        self.bridge = bridge
        params = self.get_params()
        if isinstance(params, dict):
            for name in params.get("_txs", []) or []:
                setattr(self, name, Transmitter.get(self.context(), self.cid(), name))
            for name in params.get("_rxs", []) or []:
                setattr(self, name, Receiver.get(self.context(), self.cid(), name))

    def context(self):
        """The runtime context, for ``X.get(...)`` and ``MessageEntity(...)``."""
        return self.bridge.context()

    def eid(self):
        """Id of the entity that owns this codelet."""
        return self.bridge.eid()

    def cid(self):
        """Id of the PyCodeletV0 component (the anchor of relative names)."""
        return self.bridge.cid()

    def name(self):
        """The component's name."""
        return self.bridge.name()

    def get_execution_timestamp(self):
        """Timestamp of the current tick, in ns."""
        return self.bridge.get_execution_timestamp()

    def get_execution_time(self):
        """Timestamp of the current tick, in seconds."""
        return self.bridge.get_execution_time()

    def get_delta_time(self):
        """Seconds between the previous tick and this one."""
        return self.bridge.get_delta_time()

    def get_execution_count(self):
        """Number of ticks so far, including the current one."""
        return self.bridge.get_execution_count()

    def is_first_tick(self):
        """Whether this is the first tick."""
        return self.bridge.is_first_tick()

    def get_receivers(self):
        """The Receivers of the ``receivers`` parameter, in order."""
        return self.bridge.get_receivers()

    def get_transmitters(self):
        """The Transmitters of the ``transmitters`` parameter, in order."""
        return self.bridge.get_transmitters()

    def get_allocators(self):
        """The Allocators of the ``allocators`` parameter, in order."""
        return self.bridge.get_allocators()

    def get_clock(self, name):
        """The Clock named ``name`` (``component`` or ``entity/component``)."""
        return self.bridge.get_clock(name)

    def get_cuda_stream_pools(self):
        """The ``gxf.cuda.CudaStreamPool`` objects of the ``cuda_stream_pools`` parameter, in order."""
        return self.bridge.get_cuda_stream_pools()

    def get_params(self):
        """``codelet_params`` as Python values (``yaml.safe_load`` typing, no PyYAML needed)."""
        return yaml_safe_load(self.bridge.get_params())

    def start(self):
        pass

    def tick(self):
        pass

    def stop(self):
        pass
