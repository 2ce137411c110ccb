"""A codelet that imports a module from its own folder (the folder is on sys.path, as in GXF)."""
import sibling_helper

from gxf.python_codelet import CodeletAdapter


class UsesSibling(CodeletAdapter):
    def stop(self):
        print("SIBLING", sibling_helper.GREETING, flush=True)
