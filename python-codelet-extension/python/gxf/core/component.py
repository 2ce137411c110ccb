"""GXF's ``Component`` for Python-built graphs: a component to create, with its GXF type, name
and parameters. A component used as a parameter value stands for its handle
(``entity/component``)."""
from gxf._native import component_add, component_type_id, parameter_set_from_yaml_node, parameter_set_path
from gxf.core import catalog
from gxf.core.yaml_text import to_yaml


class RegisteredParameters:
    """``_validation_info_parameters`` of a Component class written by hand: the parameters
    the runtime registers for its ``gxf_native_type``, read on first use (``{}`` when they
    cannot be read, e.g. inside a graph run by gxe)."""

    def __get__(self, instance, owner):
        info = owner.__dict__.get("_registered_parameters")
        if info is None:
            found = catalog.lookup(owner.gxf_native_type)
            info = found.params if found is not None else {}
            if found is not None:
                owner._registered_parameters = info
        return info


class Component:
    """A component to create: its GXF type, name and parameters.

    Parameters are checked against ``_validation_info_parameters`` (the keys the type
    registers; the classes of ``gxf.std`` and friends have them, a plain ``Component`` has
    none): an unknown key is a RuntimeError. (GXF means to do this, but its check tests the
    truth of the returned key, so it never fires there.)
    """

    gxf_native_type = "nvidia::gxf::Component"
    _validation_info_parameters = {}

    def __init__(self, type, name="", **params):
        self._name = name or ""
        self._type = type
        self._entity = None
        self._params = params
        self._tid = None
        self._cid = None
        unknown = self.validate_params(params)
        if unknown is not True:
            raise RuntimeError(f"Parameter validation failed for {unknown} in {self._name} component")

    def __repr__(self):
        if self._entity is None:
            return f"<{type(self).__name__} '{self._name}' ({self.type_name()}), not in an entity>"
        return f"{self._entity.qualified_name}/{self._name}"

    def __str__(self):
        if self._entity is None:
            raise RuntimeError(f"component '{self._name}' ({self.type_name()}) is not in an entity yet")
        return repr(self)

    @classmethod
    def get_gxf_type(cls):
        """The GXF type name of the class."""
        return cls.gxf_native_type

    def type_name(self):
        """The GXF type name of this component."""
        return self._type if isinstance(self._type, str) else self._type.get_gxf_type()

    @property
    def name(self):
        """The component name."""
        return self._name

    @property
    def type(self):
        """The GXF type (a name, or a Component class)."""
        return self._type

    @property
    def entity(self):
        """The entity it was added to (None before)."""
        return self._entity

    @property
    def params(self):
        """The parameters, by key."""
        return self._params

    @property
    def tid(self):
        """The type id, once created."""
        return self._tid

    @property
    def cid(self):
        """The component id, once created."""
        return self._cid

    @property
    def context(self):
        """The context of its graph."""
        return self._entity.context

    def add_to(self, entity):
        """Creates the runtime component in ``entity`` (parameters are set by ``set_params``)."""
        self._tid = component_type_id(entity.context, self.type_name())
        self._cid = component_add(entity.context, entity.eid, self._tid, self._name)

    def added_to_graph(self):
        """Whether it is in an entity that is in a graph."""
        return self._entity is not None and self._entity._graph is not None

    def validate_params(self, params):
        """True, or the first key the type does not register (when its parameters are known)."""
        known = self._validation_info_parameters
        if not params or not known:
            return True
        return next((key for key in params if key not in known), True)

    def set_entity(self, entity):
        """Records the entity it is added to (once)."""
        if self._entity is not None:
            raise RuntimeError("Component already added to an entity")
        self._entity = entity

    def set_param(self, param, value):
        """Sets (or changes, before activation) one parameter. GXF refuses every key when it
        knows no parameters of the type; here a key is refused only when the type's parameters
        are known and do not include it."""
        known = self._validation_info_parameters
        if known and param not in known:
            raise ValueError(f"Parameter {param} not found")
        self._params[param] = value

    def get_param(self, param):
        """One parameter's value (ValueError when unset)."""
        if param not in self._params:
            raise ValueError(f"Parameter {param} not found")
        return self._params[param]

    def set_params(self):
        """Sets every parameter in the runtime: ``FILE`` parameters as paths, others as YAML."""
        known = self._validation_info_parameters
        for key, value in self._params.items():
            if known.get(key, {}).get("gxf_parameter_type") == "GXF_PARAMETER_TYPE_FILE":
                parameter_set_path(self.context, self._cid, key, str(value))
            else:
                parameter_set_from_yaml_node(self.context, self._cid, key, to_yaml(value))
