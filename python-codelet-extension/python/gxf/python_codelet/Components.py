"""``gxf.python_codelet.Components``: ``PyCodeletV0`` for Python-built graphs (it shadows the
bridge class of the same name, ``gxf.python_codelet.pycodelet.PyCodeletV0``, as in GXF)."""
from gxf.core.component import Component
from gxf.core.manifest import add_to_manifest

add_to_manifest("libgxf_python_codelet.so")


class PyCodeletV0(Component):
    """A ``nvidia::gxf::PyCodeletV0`` running class ``codelet`` (a CodeletAdapter subclass);
    the other keyword arguments become its ``codelet_params``. With the default
    ``codelet_file`` ("None") the class is looked up in ``__main__`` when the graph runs, so it
    must be defined in the script being run."""

    gxf_native_type = "nvidia::gxf::PyCodeletV0"

    _validation_info_parameters = {
        "codelet_name": {"key": "codelet_name", "headline": "Codelet Name", "description": "Name of the python codelet",
                         "gxf_parameter_type": "GXF_PARAMETER_TYPE_STRING", "rank": 0, "shape": [1],
                         "flags": "GXF_PARAMETER_FLAGS_NONE", "handle_type": "N/A", "default": "N/A"},
        "codelet_file": {"key": "codelet_file", "headline": "Absolute Codelet File Path",
                         "description": "Absolute path to the file containing the codelet implementation",
                         "gxf_parameter_type": "GXF_PARAMETER_TYPE_STRING", "rank": 0, "shape": [1],
                         "flags": "GXF_PARAMETER_FLAGS_NONE", "handle_type": "N/A", "default": "N/A"},
        "codelet_params": {"key": "codelet_params", "headline": "Params", "description": "Codelet params",
                           "gxf_parameter_type": "GXF_PARAMETER_TYPE_STRING", "rank": 0, "shape": [1],
                           "flags": "GXF_PARAMETER_FLAGS_OPTIONAL", "handle_type": "N/A", "default": "N/A"},
    }

    def __init__(self, name="", codelet=None, codelet_file="None", **params):
        if codelet is None:
            raise ValueError("PyCodeletV0 needs the codelet class (codelet=...)")
        backend_params = {"codelet_name": codelet.__name__, "codelet_file": codelet_file, "codelet_params": params}
        Component.__init__(self, type=self.get_gxf_type(), name=name, **backend_params)


__all__ = ["PyCodeletV0"]
