"""``gxf.std.Components``: graph-building classes for the components of the standard extension.

``from gxf.std.Components import GreedyScheduler`` gives a ``gxf.core.Component`` subclass made
from the type registered by ``libgxf_std.so`` (its parameters validate the keyword arguments);
``GreedyScheduler(name="sched", clock=clock)``. As in GXF, some classes are also the runtime
class codelets use (``CountSchedulingTerm.get(context, cid, name)``): the scheduling terms,
clocks and double-buffer queues below. ``Subgraph`` loads a YAML subgraph into the entity that
holds it. A name the standard extension does not register is looked up among the types of every
installed extension (``nvidia::gxf::<name>``), as earlier gxf-rs versions did.
"""
import gxf._native as _native
from gxf._native import parameter_set_from_yaml_node as _set_from_yaml
from gxf._native import parameter_set_path as _set_path
from gxf.core import catalog as _catalog
from gxf.core.component import Component, RegisteredParameters
from gxf.core.manifest import STD_LIBRARY, add_to_manifest
from gxf.core.py_module_builder import component_class as _component_class
from gxf.core.py_module_builder import extension_module as _extension_module
from gxf.core.yaml_text import to_yaml as _to_yaml

add_to_manifest(STD_LIBRARY)


def _dual(name, runtime_class, doc):
    """A Component class of ``nvidia::gxf::<name>`` that also has ``get`` of the runtime class
    (which returns the runtime object, as GXF's pybind base class does)."""

    def __init__(self, name="", **params):
        Component.__init__(self, type=self.get_gxf_type(), name=name, **params)

    return type(
        name,
        (Component,),
        {
            "__doc__": doc,
            "__init__": __init__,
            "__module__": __name__,
            "gxf_native_type": f"nvidia::gxf::{name}",
            "_validation_info_parameters": RegisteredParameters(),
            "get": staticmethod(runtime_class.get),
        },
    )


BooleanSchedulingTerm = _dual("BooleanSchedulingTerm", _native.BooleanSchedulingTerm,
                              "A term a codelet enables or disables (make_enable_tick / make_disable_tick).")
BTSchedulingTerm = _dual("BTSchedulingTerm", _native.BTSchedulingTerm,
                         "The term of a behaviour-tree node; its parent's codelet sets its condition.")
CountSchedulingTerm = _dual("CountSchedulingTerm", _native.CountSchedulingTerm,
                            "Lets the entity tick `count` times.")
PeriodicSchedulingTerm = _dual("PeriodicSchedulingTerm", _native.PeriodicSchedulingTerm,
                               "Lets the entity tick once per `recess_period`.")
TargetTimeSchedulingTerm = _dual("TargetTimeSchedulingTerm", _native.TargetTimeSchedulingTerm,
                                 "Lets the entity tick at the target time a codelet sets.")
DoubleBufferReceiver = _dual("DoubleBufferReceiver", _native.Receiver,
                             "A receiver queue with a back stage for incoming messages.")
DoubleBufferTransmitter = _dual("DoubleBufferTransmitter", _native.Transmitter,
                                "A transmitter queue with a back stage for outgoing messages.")
RealtimeClock = _dual("RealtimeClock", _native.Clock, "A clock of real time (optionally scaled).")
ManualClock = _dual("ManualClock", _native.Clock, "A clock that jumps to the time the scheduler waits for.")


class Subgraph(Component):
    """A YAML subgraph (``location``) loaded into the entity holding this component, with its
    ``prerequisites`` (map of name -> component); ``override_params`` (map of component name ->
    {parameter: value}) changes parameters of the components the subgraph exports."""

    gxf_native_type = "nvidia::gxf::Subgraph"

    _validation_info_parameters = {
        "location": {"key": "location", "headline": "Yaml source of the subgraph", "description": "",
                     "gxf_parameter_type": "GXF_PARAMETER_TYPE_FILE", "rank": 0, "shape": [1],
                     "flags": "GXF_PARAMETER_FLAGS_NONE", "handle_type": "N/A", "default": "N/A"},
        "prerequisites": {"key": "prerequisites", "headline": "list of prerequisite components of the subgraph",
                          "description": "a prerequisite is a component required by the subgraph and must be "
                                         "satisfied before the graph is loaded",
                          "gxf_parameter_type": "GXF_PARAMETER_TYPE_CUSTOM", "rank": 0, "shape": [1],
                          "flags": "GXF_PARAMETER_FLAGS_OPTIONAL", "handle_type": "N/A", "default": "N/A"},
        "override_params": {"key": "override_params", "headline": "Override params of the subgraph",
                            "description": "", "gxf_parameter_type": "GXF_PARAMETER_TYPE_CUSTOM", "rank": 0,
                            "shape": [1], "flags": "GXF_PARAMETER_FLAGS_NONE", "handle_type": "N/A",
                            "default": "N/A"},
    }

    def __init__(self, name="", **params):
        Component.__init__(self, type=self.get_gxf_type(), name=name, **params)

    def set_params(self):
        """``location`` and ``prerequisites`` only: ``override_params`` is no parameter of the
        runtime component (the entity applies it when it loads the subgraph)."""
        if "location" in self.params:
            _set_path(self.context, self.cid, "location", str(self.params["location"]))
        if "prerequisites" in self.params:
            _set_from_yaml(self.context, self.cid, "prerequisites", _to_yaml(self.params["prerequisites"]))


_std_getattr, _std_dir = _extension_module(STD_LIBRARY, __name__)


def __getattr__(name):
    try:
        return _std_getattr(name)
    except AttributeError as not_std:
        found = _catalog.lookup(f"nvidia::gxf::{name}") if not name.startswith("_") else None
        if found is None:
            raise not_std
        return _component_class(found, __name__)


__dir__ = _std_dir
