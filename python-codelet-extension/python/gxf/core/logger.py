"""The ``Core`` logger GXF's Python graph API reports through (``logging.getLogger("Core")``).

As in GXF, records go to stdout as ``time - Core - LEVEL - message``. GXF also colours them and
copies them to ``$TMPDIR/nvgraph_core.log``; neither is done here.
"""
import logging
import sys

CORE_PACKAGE_NAME = "Core"
FORMAT = "%(asctime)s - %(name)s - %(levelname)s - %(message)s"


def get_logger(name=None):
    """The ``Core`` logger (GXF ignores ``name`` too), with its stdout handler installed once."""
    logger = logging.getLogger(CORE_PACKAGE_NAME)
    if not any(getattr(h, "_gxf_core", False) for h in logger.handlers):
        handler = logging.StreamHandler(stream=sys.stdout)
        handler.setFormatter(logging.Formatter(FORMAT))
        handler._gxf_core = True
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    return logger
