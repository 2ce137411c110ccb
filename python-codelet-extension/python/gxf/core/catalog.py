"""The component types the extension libraries register, with their parameters.

What GXF's ``py_module_builder`` reads to generate ``Components.py``, read here at run time: the
libraries are loaded into a private context (first use only; loaded again if more libraries are
recorded with ``add_to_manifest``), every type's ``get_component_info`` and every parameter's
``get_param_info`` are kept, and the context is destroyed. Not available inside a graph run by
gxe (no private context can be made there): the graph-building classes are for scripts.
"""
import os
import threading

from gxf._native import (context_create, context_destroy, get_component_info, get_component_list,
                         get_extension_info, get_extension_list, get_param_info, get_param_list,
                         load_extensions)
from gxf.core import manifest


class ComponentType:
    """One registered component type: ``typename``, ``base_typename``, ``description``,
    ``is_abstract``, ``params`` (key -> ``get_param_info`` dict), ``extension`` (its name) and
    ``library`` (the path it was loaded from)."""

    def __init__(self, info, params, extension, library):
        self.typename = info["typename"]
        self.base_typename = info["base_typename"]
        self.description = info["description"]
        self.is_abstract = info["is_abstract"]
        self.params = params
        self.extension = extension
        self.library = library

    @property
    def short_name(self):
        """The Python class name: the type name after its last ``::``."""
        return self.typename.rsplit("::", 1)[-1]


class Catalog:
    """The types of a set of libraries; ``errors`` maps the libraries that failed to load to why."""

    def __init__(self, libraries):
        self.libraries = tuple(libraries)
        self.types = {}
        self.errors = {}
        context = context_create()
        try:
            self._load(context)
            self._read(context)
        finally:
            context_destroy(context)

    def _load(self, context):
        """Loads every library; one that fails is tried again after the others (it may need
        one of them), until a pass loads nothing more."""
        pending = list(self.libraries)
        while pending:
            failed = []
            for library in pending:
                try:
                    load_extensions(context, extension_filenames=[library])
                except ValueError as error:
                    failed.append(library)
                    self.errors[library] = str(error)
            if len(failed) == len(pending):
                break
            for library in pending:
                if library not in failed:
                    self.errors.pop(library, None)
            pending = failed

    def _read(self, context):
        for uuid in get_extension_list(context):
            extension = get_extension_info(context, uuid)
            for type_uuid in get_component_list(context, uuid):
                info = get_component_info(context, type_uuid)
                params = {key: get_param_info(context, type_uuid, key) for key in get_param_list(context, type_uuid)}
                self.types[info["typename"]] = ComponentType(info, params, extension["name"], extension["path"])

    def of_library(self, library):
        """The types registered by the library whose file name is that of ``library``."""
        name = os.path.basename(library)
        return [t for t in self.types.values() if os.path.basename(t.library) == name]


_lock = threading.Lock()
_current = None


def catalog():
    """The catalog of the installed and the recorded extensions (built on first use)."""
    global _current
    libraries = manifest.std_first(dict.fromkeys(manifest.installed_extensions() + manifest.used_extensions()))
    with _lock:
        if _current is None or not set(libraries) <= set(_current.libraries):
            _current = Catalog(libraries)
        return _current


def lookup(typename):
    """The registered type ``typename``, or None (also when no catalog can be made)."""
    try:
        return catalog().types.get(typename)
    except RuntimeError:
        return None
