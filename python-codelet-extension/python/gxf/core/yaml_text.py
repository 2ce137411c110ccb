"""Parameter values as the YAML text ``parameter_set_from_yaml_node`` takes.

GXF sends ``yaml.dump(yaml.safe_load(str(value)))``; this gives the same YAML values without
PyYAML: components stand for their handles (``entity/component``), lists and dicts become flow
collections, ``None`` is the string ``None`` (as ``str(None)`` is in GXF) and any other object
its ``str()``.
"""
import json


def to_yaml(value):
    """The YAML text of a parameter value."""
    from gxf.core.component import Component

    if isinstance(value, Component):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_flow(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    return str(value)


def _flow(value):
    """A value inside a flow collection: strings are quoted."""
    if isinstance(value, str):
        return json.dumps(value)
    return to_yaml(value)
