"""Building graphs in Python (GXF's ``gxf.core.Graph``, ``Entity``, ``EntityGroup`` and ``Component``).

A ``Graph`` holds ``Entity`` objects, which hold ``Component`` objects (a GXF type name, a
component name and parameters). Nothing exists in the runtime until the graph is activated
(``run``, ``run_async`` or ``activate``): then every entity and component is created, and every
parameter is set. A component used as a parameter value stands for its handle
(``entity/component``); lists and dicts become YAML sequences and maps.
"""
import glob
import json
import mmap
import os

import gxf._native as _native
from gxf._native import (component_add, component_type_id, context_create, context_destroy, entity_create,
                         entity_group_add, entity_group_create, graph_activate, graph_deactivate, graph_interrupt,
                         graph_run, graph_run_async, graph_wait, gxf_set_severity, load_extensions,
                         parameter_set_from_yaml_node)

STD_LIBRARY = "libgxf_std.so"


HEADER_SYMBOL = b"gxf_rs_extension_header"


def _is_extension(path):
    """Whether the library names the symbol every extension exports (a cargo target folder also
    holds ``libgxf_*.so`` files that are not extensions, such as the SDK's proc-macro library)."""
    try:
        with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return data.find(HEADER_SYMBOL) >= 0
    except (OSError, ValueError):
        return False


def default_extensions():
    """``libgxf_std.so`` first, then every other ``libgxf_*.so`` extension installed beside the native library."""
    folder = os.path.dirname(os.path.abspath(_native.__file__))
    found = sorted(p for p in glob.glob(os.path.join(folder, "libgxf_*.so")) if _is_extension(p))
    return sorted(found, key=lambda p: os.path.basename(p) != STD_LIBRARY)


def to_yaml(value):
    """The YAML text of a parameter value (components stand for their handles)."""
    if isinstance(value, Component):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_flow(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot pass a {type(value).__name__} as a GXF parameter")


def _flow(value):
    """A value inside a flow collection: strings are quoted."""
    if isinstance(value, str):
        return json.dumps(value)
    return to_yaml(value)


class Component:
    """A component to create: GXF type name, component name and parameters."""

    def __init__(self, type, name="", **params):
        self.type = type
        self.name = name
        self.params = dict(params)
        self.entity = None
        self.cid = None

    def __str__(self):
        if self.entity is None:
            raise RuntimeError(f"component '{self.name}' ({self.type}) is not in an entity yet")
        return f"{self.entity.qualified_name}/{self.name}"

    def set_param(self, key, value):
        """Sets (or changes, before activation) one parameter."""
        self.params[key] = value

    def add_to(self, entity):
        """Creates the runtime component (parameters are set later, by ``set_params``)."""
        self.cid = component_add(entity.context, entity.eid, component_type_id(entity.context, self.type), self.name)

    def set_params(self):
        for key, value in self.params.items():
            parameter_set_from_yaml_node(self.entity.context, self.cid, key, to_yaml(value))


class Entity:
    """An entity to create: named components, reachable as attributes by their names."""

    def __init__(self, name="", is_system_entity=False):
        self.name = name
        self.is_system_entity = is_system_entity
        self.components = []
        self.graph = None
        self.eid = None

    @property
    def context(self):
        if self.graph is None:
            raise RuntimeError(f"entity '{self.name}' is not in a graph yet")
        return self.graph.context

    @property
    def qualified_name(self):
        prefix = self.graph.name if self.graph is not None else ""
        return f"{prefix}-{self.name}" if prefix and self.name else self.name

    def add(self, component, visible_as=None):
        """Adds a component; returns it."""
        if not isinstance(component, Component):
            raise TypeError("only components can be added to an entity")
        component.entity = self
        self.components.append(component)
        if component.name:
            setattr(self, component.name, component)
        if visible_as and self.graph is not None:
            self.graph.make_visible(visible_as, component)
        return component

    def activate(self):
        self.eid = entity_create(self.context, self.qualified_name)
        for component in self.components:
            component.add_to(self)

    def set_params(self):
        for component in self.components:
            component.set_params()


class EntityGroup:
    """Entities that share resources (ThreadPool, GPUDevice, ...) found through their group."""

    def __init__(self, name=""):
        self.name = name
        self.entities = []
        self.graph = None
        self.gid = None

    def add(self, entities):
        """Adds an entity or a list of entities; returns what was added."""
        self.entities.extend(entities if isinstance(entities, (list, tuple)) else [entities])
        return entities

    def activate(self):
        self.gid = entity_group_create(self.graph.context, self.name)
        for entity in self.entities:
            entity_group_add(self.graph.context, self.gid, entity.eid)


class Graph:
    """A graph of entities with its own context (created on first use)."""

    def __init__(self, name=""):
        self.name = name
        self.entities = []
        self.entity_groups = []
        self.aliases = {}
        self._context = None
        self._severity = 3
        self._created = False

    @property
    def context(self):
        if self._context is None:
            self._context = context_create()
        return self._context

    def add(self, node):
        """Adds an entity or an entity group (reachable as an attribute by its name); returns it."""
        if isinstance(node, Entity):
            self.entities.append(node)
        elif isinstance(node, EntityGroup):
            self.entity_groups.append(node)
        else:
            raise TypeError(f"cannot add a {type(node).__name__} to a Graph")
        node.graph = self
        if node.name:
            setattr(self, node.name, node)
        return node

    def make_visible(self, alias, component):
        if alias in self.aliases:
            raise RuntimeError(f"alias '{alias}' is already taken")
        self.aliases[alias] = component

    def get(self, alias):
        if alias not in self.aliases:
            raise ValueError(f"{alias} not marked visible")
        return self.aliases[alias]

    def load_extensions(self, extension_filenames=None, manifest_files=None, workspace=""):
        """Loads extensions: the given libraries and manifests, else the default set."""
        if not extension_filenames and not manifest_files:
            extension_filenames = default_extensions()
        workspace = workspace or os.getenv("GXF_WORKSPACE", "")
        load_extensions(self.context, extension_filenames=extension_filenames or [],
                        manifest_filenames=manifest_files or [], base_directory=workspace)

    def set_severity(self, severity):
        """GXF log level 0 (none) to 5 (verbose), applied when the graph is created."""
        self._severity = severity

    def activate(self):
        """Creates every entity and component, then sets every parameter (once)."""
        if self._created:
            return
        gxf_set_severity(self.context, self._severity)
        for entity in self.entities:
            entity.activate()
        for group in self.entity_groups:
            group.activate()
        for entity in self.entities:
            entity.set_params()
        self._created = True

    def run(self):
        self.activate()
        graph_activate(self.context)
        graph_run(self.context)

    def run_async(self):
        self.activate()
        graph_activate(self.context)
        graph_run_async(self.context)

    def wait(self):
        graph_wait(self.context)

    def interrupt(self):
        graph_interrupt(self.context)

    def destroy(self):
        graph_deactivate(self.context)
        context_destroy(self.context)
        self._context = None
