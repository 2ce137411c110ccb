"""A codelet file named like pytest's py module: its own code must run."""
from gxf.python_codelet import CodeletAdapter


class PyNamed(CodeletAdapter):
    def stop(self):
        print("PY-NAMED", self.get_execution_count(), flush=True)
