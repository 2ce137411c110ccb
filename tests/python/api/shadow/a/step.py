"""One of two codelet files named step.py, in different folders: each runs its own class."""
from gxf.python_codelet import CodeletAdapter

FOLDER = "a"


class Step(CodeletAdapter):
    def stop(self):
        print("STEP-FROM", FOLDER, flush=True)
