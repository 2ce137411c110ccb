"""GXF's ``Entity`` and ``EntityGroup`` for Python-built graphs. An entity's runtime name is
``<graph qualified name>-<name>`` (the name alone in an unnamed graph); creating it creates its
components and loads the files of its legacy ``Subgraph`` components."""
from gxf._native import (_subgraph_load_file, component_find, component_type_name, entity_create, entity_group_add,
                         entity_group_create, gxf_entity_create_info, parameter_set_from_yaml_node)
from gxf.core.component import Component
from gxf.core.yaml_text import to_yaml

SUBGRAPH_TYPE = "nvidia::gxf::Subgraph"


class Entity:
    """An entity to create: components, reachable as attributes by their names."""

    def __init__(self, name="", is_system_entity=False):
        self._components = []
        self._named_components = {}
        self._name = name
        self._is_system_entity = is_system_entity
        self._graph = None
        self._eid = None

    @property
    def context(self):
        """The context of its graph."""
        return self.graph.context

    @property
    def components(self):
        """The components, in the order added."""
        return self._components

    @property
    def named_components(self):
        """The named components, by name."""
        return self._named_components

    @property
    def eid(self):
        """The entity id, once created."""
        return self._eid

    @eid.setter
    def eid(self, value):
        self._eid = value

    @property
    def graph(self):
        """The graph it was added to (RuntimeError before)."""
        if self._graph is None:
            raise RuntimeError(f"Cannot perform operation before adding {self._name} to a graph!")
        return self._graph

    def set_graph(self, graph):
        """Records the graph it is added to."""
        self._graph = graph

    @property
    def name(self):
        """The entity name."""
        return self._name

    @property
    def qualified_name(self):
        """The runtime name: ``<graph qualified name>-<name>``, or the name in an unnamed graph."""
        prefix = self.graph.qualified_name
        return f"{prefix}-{self._name}" if prefix else self._name

    @property
    def is_system_entity(self):
        """Whether it is created with GXF's system-entity flag (every entity a graph holds is)."""
        return self._is_system_entity

    def set_system_entity_flag(self, is_system_entity):
        """Sets the system-entity flag."""
        self._is_system_entity = is_system_entity

    def add(self, component, visible_as=None):
        """Adds a component (made visible in the graph as ``visible_as``, if given); returns it."""
        if not isinstance(component, Component):
            raise TypeError("Only components can be added to entity")
        component.set_entity(self)
        self._components.append(component)
        if component.name:
            self._named_components[component.name] = component
            setattr(self, component.name, component)
        if visible_as:
            self.graph.make_visible(visible_as, component)
        return component

    def activate(self):
        """Creates the entity and its components; loads legacy Subgraph components' files and
        applies their ``override_params``."""
        info = gxf_entity_create_info(self.qualified_name, 1 if self._is_system_entity else 0)
        self._eid = entity_create(self.context, info)
        for component in self._components:
            component.add_to(self)
            if component_type_name(self.context, component.tid) == SUBGRAPH_TYPE:
                self._load_legacy_subgraph(component)
                self._override_subgraph_params(component)

    def _load_legacy_subgraph(self, component):
        # GXF passes the entity's own name as the prefix; the runtime names a subgraph's
        # entities after the entity's full (qualified) name, which is what it checks for.
        prerequisites = component.params.get("prerequisites")
        text = to_yaml(prerequisites) if prerequisites else ""
        _subgraph_load_file(self.context, str(component.params["location"]), self.qualified_name, self._eid, text)

    def _override_subgraph_params(self, component):
        for name, overrides in component.params.get("override_params", {}).items():
            cids = component_find(self.context, self._eid, component_name=name)
            if len(cids) > 1:
                raise ValueError("Multiple components with the same name. Please fix the graph.")
            if not cids:
                raise ValueError(
                    f"GXF_ENTITY_COMPONENT_NOT_FOUND: override_params names '{name}', which entity "
                    f"'{self.qualified_name}' neither holds nor exports from its subgraph"
                )
            for key, value in overrides.items():
                parameter_set_from_yaml_node(self.context, cids[0], key, to_yaml(value))

    def set_params(self):
        """Sets the parameters of every component."""
        for component in self._components:
            component.set_params()


class EntityGroup:
    """Entities that share resources (ThreadPool, GPUDevice, ...) found through their group."""

    def __init__(self, name=""):
        self._name = name
        self._graph = None
        self._gid = None
        self._entities = []

    @property
    def graph(self):
        """The graph it was added to (RuntimeError before)."""
        if self._graph is None:
            raise RuntimeError("Cannot access graph before adding entity to one!")
        return self._graph

    def set_graph(self, graph):
        """Records the graph it is added to."""
        self._graph = graph

    @property
    def context(self):
        """The context of its graph."""
        return self.graph.context

    @property
    def name(self):
        """The group name."""
        return self._name

    @property
    def gid(self):
        """The group id, once created."""
        return self._gid

    @property
    def qualified_name(self):
        """``<graph qualified name>-<name>``, or the name in an unnamed graph."""
        prefix = self.graph.qualified_name
        return f"{prefix}-{self._name}" if prefix else self._name

    def add(self, entities):
        """Adds an entity or a list of entities; returns what was added."""
        if isinstance(entities, Entity):
            self._entities.append(entities)
        else:
            self._entities.extend(entities)
        return entities

    def activate(self):
        """Creates the group and moves its entities into it."""
        self._gid = entity_group_create(self.context, self.qualified_name)
        for entity in self._entities:
            entity_group_add(self.context, self._gid, entity.eid)

    def set_params(self):
        """Groups have no parameters."""
