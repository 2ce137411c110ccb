"""``python3 -m gxf.gxe``: runs GXF graph files from Python, like GXF's ``gxe.py``.

The interpreter that runs this module is the one Python codelets run in (no second one is
started). Flags: ``--app`` (one file, or several joined by commas, loaded in order into one
graph), ``--manifest`` (one or more manifest files; without it the extensions installed beside
the native library are loaded), ``--severity`` (0 none ... 5 verbose; default 3),
``--log_file`` (accepted, unused, as in GXF). Unlike GXF's gxe.py, a failing step makes the
process exit 1 (GXF prints the error and exits 0).
"""
import argparse
import sys

from gxf import core
from gxf.core.manifest import installed_extensions


def split_list(values):
    """Accepts space- and comma-separated lists alike."""
    return [item for value in values or [] for item in value.split(",") if item]


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python3 -m gxf.gxe", description=__doc__.splitlines()[0])
    parser.add_argument("--app", required=True, help="graph file(s), comma-separated")
    parser.add_argument("--manifest", nargs="+", help="extension manifest file(s)")
    parser.add_argument("--severity", type=int, default=3, help="log level 0 (none) to 5 (verbose)")
    parser.add_argument("--log_file", help="accepted for compatibility; unused")
    return parser.parse_args(argv)


def run(args):
    """GXF's sequence; returns the name of the failed step and its error, or None."""
    step = "context_create"
    context = None
    try:
        print("Creating context", flush=True)
        context = core.context_create()
        step = "gxf_set_severity"
        core.gxf_set_severity(context, args.severity)
        step = "load_extensions"
        manifests = split_list(args.manifest)
        if manifests:
            print(f"Loading extensions from {', '.join(manifests)}", flush=True)
            core.load_extensions(context, manifest_filenames=manifests)
        else:
            core.load_extensions(context, extension_filenames=installed_extensions())
        for app in split_list([args.app]):
            step = "graph_load_file"
            print(f"Loading graph file {app}", flush=True)
            core.graph_load_file(context, app)
        step = "graph_activate"
        print("Initializing...", flush=True)
        core.graph_activate(context)
        step = "graph_run"
        print("Running...", flush=True)
        core.graph_run(context)
        step = "graph_deactivate"
        print("Deinitializing...", flush=True)
        core.graph_deactivate(context)
        step = "context_destroy"
        print("Destroying context", flush=True)
        core.context_destroy(context)
        return None
    except (ValueError, RuntimeError) as error:
        if context is not None and step != "context_destroy":
            try:
                core.context_destroy(context)
            except (ValueError, RuntimeError):
                pass
        return step, error


def main(argv=None):
    failure = run(parse_args(sys.argv[1:] if argv is None else argv))
    if failure is not None:
        step, error = failure
        print(f"{step} Error: {error}", file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
