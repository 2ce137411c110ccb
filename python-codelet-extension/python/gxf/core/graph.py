"""GXF's ``Graph`` for Python-built graphs.

A ``Graph`` holds nodes: entities (holding components), entity groups and named subgraphs
(``Graph`` objects sharing the parent's context). Nothing exists in the runtime until the graph
is activated (``run``, ``run_async``, ``save`` or ``activate``): then, node by node in the order
they were added, every entity and its components are created and its parameters set, as GXF
does (so a parameter can only name a component of an entity added earlier, or of its own
entity). Runtime entity names are ``<graph>-<subgraph>-...-<entity>``, leaving out unnamed graphs.
"""
import logging
import os

from gxf._native import (context_create, context_destroy, graph_activate, graph_deactivate, graph_interrupt,
                         graph_run, graph_run_async, graph_save, graph_wait, gxf_set_severity, load_extensions)
from gxf.core import manifest
from gxf.core.component import Component
from gxf.core.entity import Entity, EntityGroup
from gxf.core.handlers import exception_handler, install_crash_handler
from gxf.core.logger import get_logger

# GXF's mapping of Python logging levels to GXF severities (Graph.set_severity).
SEVERITIES = {logging.NOTSET: 0, logging.ERROR: 1, logging.WARN: 2, logging.INFO: 3, logging.DEBUG: 4, "VERBOSE": 5}

__all__ = ["Component", "Entity", "EntityGroup", "Graph"]


class Graph:
    """A graph: entities, entity groups and named subgraphs, with its own context (created on
    first use; a subgraph uses its parent's). Creating one installs GXF's crash handler."""

    def __init__(self, name="", is_static=True):
        install_crash_handler()
        get_logger().setLevel(logging.INFO)
        self._context = None
        self._name = name
        self._is_static = is_static
        self._entities = []
        self._named_entities = {}
        self._entity_groups = []
        self._named_entity_groups = {}
        self._subgraphs = []
        self._ordered_nodes = []
        self._aliases = {}
        self._is_subgraph = False
        self._parent = None
        self._severity = 3
        self._runtime_graph_created = False
        self._scheduler = None
        self._system = None

    @property
    def context(self):
        """The context (the parent's for a subgraph), created on first use."""
        if self._is_subgraph:
            return self._parent.context
        if self._context is None:
            self._context = context_create()
            get_logger().debug("Context created: %s", hex(self._context))
        return self._context

    @property
    def name(self):
        """The graph name."""
        return self._name

    def set_name(self, value):
        """Renames the graph (before activation)."""
        self._name = value

    @property
    def qualified_name(self):
        """``<parent qualified name>-<name>`` for a subgraph of a named graph, else the name."""
        if self._is_subgraph and self._parent.qualified_name:
            return f"{self._parent.qualified_name}-{self._name}"
        return self._name

    @property
    def parent(self):
        """The graph this one is a subgraph of (None for a root graph)."""
        return self._parent

    def set_parent(self, value):
        """Sets the parent graph."""
        self._parent = value

    @property
    def is_subgraph(self):
        """Whether it was added to another graph."""
        return self._is_subgraph

    @property
    def aliases(self):
        """Components made visible, by alias."""
        return self._aliases

    def make_visible(self, alias, component):
        """Exposes ``component`` (of this graph or one of its subgraphs) as ``alias``."""
        if alias in self._aliases:
            raise RuntimeError(f"Duplicate: {alias} already exists")
        self._aliases[alias] = component

    def get(self, alias):
        """The component made visible as ``alias`` (ValueError when there is none)."""
        if alias not in self._aliases:
            raise ValueError(f"{alias} not marked visible")
        return self._aliases[alias]

    def update_alias(self, alias, value):
        """Points an existing alias at another component."""
        if alias not in self._aliases:
            raise ValueError(f"{alias} not set")
        self._aliases[alias] = value

    def as_subgraph_of(self, parent):
        """Makes this graph a subgraph of ``parent`` (its own context, if any, is destroyed)."""
        if self._context is not None:
            get_logger().info("Adding as a subgraph. Destroying subgraph's context")
            context_destroy(self._context)
            self._context = None
        self._is_subgraph = True
        self._parent = parent

    def add(self, node):
        """Adds an Entity, an EntityGroup or a named Graph (a subgraph); a named node becomes an
        attribute of the graph. Returns the node."""
        if isinstance(node, Entity):
            node.set_system_entity_flag(True)
            node.set_graph(self)
            self._entities.append(node)
            named = self._named_entities
        elif isinstance(node, EntityGroup):
            node.set_graph(self)
            self._entity_groups.append(node)
            named = self._named_entity_groups
        elif isinstance(node, Graph):
            if not node.name:
                get_logger().error("Unnamed subgraphs cannot be added!")
                raise RuntimeError("Unnamed subgraphs cannot be added!")
            node.as_subgraph_of(self)
            self._subgraphs.append(node)
            named = self._named_entity_groups  # GXF keeps subgraphs with the entity groups
        else:
            raise RuntimeError(f"Cannot add {type(node)} to a Graph")
        if node.name:
            named[node.name] = node
            setattr(self, node.name, node)
        self._ordered_nodes.append(node)
        return node

    def activate(self):
        """Creates the runtime graph once: node by node, activate then set its parameters. As in
        GXF, a subgraph applies its own severity (default 3) when it is activated."""
        if self._is_static and not self._runtime_graph_created:
            gxf_set_severity(self.context, self._severity)
            for node in self._ordered_nodes:
                node.activate()
                node.set_params()
            self._runtime_graph_created = True

    def set_params(self):
        """A graph's parameters are set by ``activate``."""

    def load_extensions(self, extension_filenames=None, manifest_files=None, workspace=""):
        """Loads extensions: the given libraries and manifests, else the ones recorded with
        ``add_to_manifest`` (importing ``gxf.std`` and friends records theirs). ``workspace``
        (default ``$GXF_WORKSPACE``) is prefixed to relative names."""
        workspace = workspace or os.getenv("GXF_WORKSPACE", "")
        if not extension_filenames and not manifest_files:
            extension_filenames = manifest.used_extensions(workspace)
        load_extensions(self.context, extension_filenames=list(extension_filenames or []),
                        manifest_filenames=list(manifest_files or []), base_directory=workspace)

    def set_severity(self, log_level=logging.INFO):
        """Sets the ``Core`` logger's level and the GXF severity applied at activation, from a
        Python logging level (NOTSET 0, ERROR 1, WARN 2, INFO 3, DEBUG 4, "VERBOSE" 5)."""
        if log_level not in SEVERITIES:
            raise RuntimeError("Incorrect log level! See logging._Level")
        if log_level != "VERBOSE":
            get_logger().setLevel(log_level)
        self._severity = SEVERITIES[log_level]

    @exception_handler
    def run(self):
        """Creates, activates and runs the graph to completion."""
        self.activate()
        graph_activate(self.context)
        graph_run(self.context)

    @exception_handler
    def run_async(self):
        """Creates and activates the graph and starts it without waiting."""
        self.activate()
        graph_activate(self.context)
        graph_run_async(self.context)

    @exception_handler
    def interrupt(self):
        """Asks the running graph to stop."""
        graph_interrupt(self.context)

    @exception_handler
    def wait(self):
        """Waits for the graph started by ``run_async``."""
        graph_wait(self.context)

    @exception_handler
    def destroy(self):
        """Deactivates the graph and destroys its context."""
        graph_deactivate(self.context)
        context_destroy(self.context)
        self._context = None

    @exception_handler
    def save(self, filename):
        """Creates the graph (if not yet) and writes it as a YAML graph file."""
        self.activate()
        graph_save(self.context, filename)
