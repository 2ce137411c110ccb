"""Types of the ``gxf`` package: see ``gxf.core``, ``gxf.std``, ``gxf.cuda``,
``gxf.python_codelet``, ``gxf.sample`` and ``gxf.test``."""
