"""Component classes come from the registered types and their parameters (gxf.std, gxf.sample,
gxf.test, gxf.cuda, gxf.python_codelet, a third-party extension, the generator)."""
import importlib
import os
import subprocess
import sys

from checks import expect_error

import gxf.sample
import gxf.std
import gxf.test
from gxf import core
from gxf.core import EXTENSIONS_USED, Component, manifest
from gxf.cuda import CudaStreamPool
from gxf.cuda.Components import CudaStreamSync
from gxf.python_codelet import PyCodeletV0
from gxf.std import (BooleanSchedulingTerm, CountSchedulingTerm, DoubleBufferReceiver, DoubleBufferTransmitter,
                     ManualClock, PeriodicSchedulingTerm, RealtimeClock, Subgraph, TargetTimeSchedulingTerm)
from gxf.std.Components import GreedyScheduler

native_folder = manifest.native_folder()
std_library = os.path.join(native_folder, "libgxf_std.so")

# Every class matches what the runtime registers: type name, parameters as get_param_info gives them.
ctx = core.context_create()
core.load_extensions(ctx, extension_filenames=[std_library])
uuids = {core.get_component_info(ctx, u)["typename"]: u
         for e in core.get_extension_list(ctx) for u in core.get_component_list(ctx, e)}
for cls in (GreedyScheduler, CountSchedulingTerm, DoubleBufferReceiver, ManualClock):
    assert issubclass(cls, Component) and cls.__name__ == cls.gxf_native_type.rsplit("::", 1)[1], cls
    uuid = uuids[cls.gxf_native_type]
    expected = {k: core.get_param_info(ctx, uuid, k) for k in core.get_param_list(ctx, uuid)}
    assert cls._validation_info_parameters == expected, (cls, expected)
core.context_destroy(ctx)

info = GreedyScheduler._validation_info_parameters["clock"]
assert info["gxf_parameter_type"] == "GXF_PARAMETER_TYPE_HANDLE" and info["handle_type"] == "nvidia::gxf::Clock", info
assert info["rank"] == 0 and info["shape"] == [1], info
count = CountSchedulingTerm._validation_info_parameters["count"]
assert count["gxf_parameter_type"] == "GXF_PARAMETER_TYPE_INT64" and count["flags"] == "GXF_PARAMETER_FLAGS_NONE"
multi = gxf.sample.MultiPingRx._validation_info_parameters["receivers"]
assert multi["rank"] == 1 and multi["shape"] == [-1] and multi["handle_type"] == "nvidia::gxf::Receiver", multi

# Unknown keys are refused by registered classes; a plain Component takes anything.
expect_error(RuntimeError, "Parameter validation failed for nope in sched component", GreedyScheduler, "sched",
             nope=1)
assert Component("nvidia::gxf::GreedyScheduler", "s", nope=1).params == {"nope": 1}
sched = GreedyScheduler(name="s", max_duration_ms=5)
sched.set_param("stop_on_deadlock", True)
expect_error(ValueError, "Parameter nope not found", sched.set_param, "nope", 1)
assert sched.get_param("max_duration_ms") == 5
expect_error(ValueError, "Parameter clock not found", sched.get_param, "clock")

# The runtime classes GXF makes "dual" are both: graph-building and `.get` for codelets.
for cls in (CountSchedulingTerm, PeriodicSchedulingTerm, TargetTimeSchedulingTerm, BooleanSchedulingTerm,
            DoubleBufferReceiver, DoubleBufferTransmitter, RealtimeClock, ManualClock, CudaStreamPool):
    assert issubclass(cls, Component) and callable(cls.get), cls
assert Subgraph.gxf_native_type == "nvidia::gxf::Subgraph" and "override_params" in Subgraph._validation_info_parameters

# The other extensions' modules, and their libraries recorded for Graph.load_extensions().
assert gxf.sample.PingTx.gxf_native_type == "nvidia::gxf::PingTx"
assert gxf.sample.PingTx.__doc__ == "Sends an empty message entity via a Transmitter", gxf.sample.PingTx.__doc__
assert gxf.test.StepCount.gxf_native_type.endswith("StepCount")
assert CudaStreamSync.gxf_native_type == "nvidia::gxf::CudaStreamSync"
assert PyCodeletV0.gxf_native_type == "nvidia::gxf::PyCodeletV0"
assert {"PingTx", "PingRx", "MultiPingRx", "HelloWorld"} <= set(dir(gxf.sample)), dir(gxf.sample)
expect_error(AttributeError, "libgxf_sample.so registers no such type", getattr, gxf.sample, "NoSuchCodelet")
for name in ("libgxf_std.so", "libgxf_sample.so", "libgxf_test.so", "libgxf_cuda.so", "libgxf_python_codelet.so"):
    assert name in EXTENSIONS_USED, (name, EXTENSIONS_USED)
used = manifest.used_extensions()
assert os.path.basename(used[0]) == "libgxf_std.so" and len(used) == len(set(map(os.path.realpath, used))), used

# A third-party extension's package: its classes come from its library's registered types.
os.makedirs("third_party", exist_ok=True)
with open("third_party/__init__.py", "w") as f:
    f.write("from gxf.core.py_module_builder import extension_module\n"
            "__getattr__, __dir__ = extension_module('libgxf_test.so', __name__)\n")
sys.path.insert(0, os.getcwd())
third_party = importlib.import_module("third_party")
assert third_party.StepCount is gxf.test.StepCount  # one class per registered type
assert "StepCount" in dir(third_party)

# The generator writes a Components.py that imports and builds the same classes.
out = subprocess.run([sys.executable, "-m", "gxf.core.py_module_builder", "-l", std_library,
                      os.path.join(native_folder, "libgxf_sample.so"), "-o", "generated_components.py"],
                     capture_output=True, text=True)
assert out.returncode == 0, out.stderr
generated = importlib.import_module("generated_components")
assert generated.PingTx.gxf_native_type == "nvidia::gxf::PingTx"
assert generated.PingTx._validation_info_parameters == gxf.sample.PingTx._validation_info_parameters
out = subprocess.run([sys.executable, "-m", "gxf.core.py_module_builder", "-l", "/nowhere/libnothing.so", "-o", "x.py"],
                     capture_output=True, text=True)
assert out.returncode == 1 and "cannot load /nowhere/libnothing.so" in out.stderr, out.stderr
print("CLASSES-OK", flush=True)
