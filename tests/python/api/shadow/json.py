"""A codelet file named like the standard library's json module: its own code must run."""
import json as stdlib_json

from gxf.python_codelet import CodeletAdapter


class JsonNamed(CodeletAdapter):
    def stop(self):
        # The standard library's json stays importable under its own name.
        print("JSON-NAMED", self.get_execution_count(), stdlib_json.dumps({"std": True}), flush=True)
