"""Counts its ticks; `stop()` raises unless the count equals `expected_count`."""
from gxf.python_codelet import CodeletAdapter


class StepCount(CodeletAdapter):
    def start(self):
        self.expected = int(self.get_params()["expected_count"])
        self.count = 0

    def tick(self):
        self.count += 1
        if self.get_execution_count() != self.count:
            raise RuntimeError(f"execution count {self.get_execution_count()} != ticks seen {self.count}")

    def stop(self):
        if self.count != self.expected:
            raise RuntimeError(f"ticked {self.count} times, expected {self.expected}")
