"""A codelet whose tick does nothing: measures what one Python tick costs the runtime."""
from gxf.python_codelet import CodeletAdapter


class EmptyTick(CodeletAdapter):
    def tick(self):
        pass
