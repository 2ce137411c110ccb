"""Types of ``gxf.test``: a class for every component of libgxf_test.so."""
from typing import Any, Optional

from gxf.core import Component

class _Registered(Component):
    def __init__(self, name: Optional[str] = "", **params: Any) -> None: ...

def __getattr__(name: str) -> type[_Registered]: ...
