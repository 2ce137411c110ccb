"""GXF's ``gxf/std/gxe.py``: run graph files from Python, as a script.

    PYTHONPATH=<install dir> python3 <install dir>/gxf/std/gxe.py --app graph.yaml --manifest manifest.yaml

(what ``registry graph install`` lays out); the same as ``python3 -m gxf.gxe``.
"""
import sys

from gxf.gxe import main

if __name__ == "__main__":
    sys.exit(main())
