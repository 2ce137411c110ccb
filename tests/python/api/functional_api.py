"""gxf.core's functional API: entity status, behaviour state and reference counts, gxf_tid_t,
introspection dicts, component_find, legacy subgraph loading, add_to_manifest and
load_extensions defaults, and the result-code strings of its errors."""
import os

from checks import expect_error

from gxf import core
from gxf.core import Graph, manifest
from gxf.python_codelet import CodeletAdapter, PyCodeletV0
from gxf.std import CountSchedulingTerm, GreedyScheduler, ManualClock, set_scheduler

SEEN = {}


class Watch(CodeletAdapter):
    """Records its own entity's status and state while ticking (the codelet's context works with
    gxf.core's functions in a Python process)."""

    def tick(self):
        SEEN["status"] = core.entity_get_status(self.context(), self.eid())
        SEEN["state"] = core.entity_get_state(self.context(), self.eid())


g = Graph()
e = g.add(core.Entity("watched"))
e.add(PyCodeletV0(name="watch", codelet=Watch))
e.add(CountSchedulingTerm(name="count", count=2))
set_scheduler(g, GreedyScheduler(name="sched", clock=ManualClock(name="clock")))
g.load_extensions()  # the libraries gxf.std and gxf.python_codelet recorded with add_to_manifest
ctx = g.context
g.activate()
core.graph_activate(ctx)
eid = core.entity_find(ctx, "watched")
assert core.entity_get_status(ctx, eid) == 0 and core.entity_get_state(ctx, eid) == 0  # NOT_STARTED, INIT
scheduler = core.entity_find(ctx, "_scheduler")
expect_error(ValueError, "GXF_ENTITY_NOT_FOUND", core.entity_get_status, ctx, scheduler)  # runs no codelet
expect_error(ValueError, "GXF_ENTITY_NOT_FOUND", core.entity_get_state, ctx, 987654321)
core.graph_run(ctx)
assert SEEN == {"status": 4, "state": 1}, SEEN  # TICKING, GXF_BEHAVIOR_SUCCESS

# Reference counts: disabled (0) until the first increment; below zero is refused; the last
# reference dropped destroys the entity (GxfEntityRefCountDec).
assert core.entity_get_ref_count(ctx, eid) == 0
expect_error(ValueError, "GXF_REF_COUNT_NEGATIVE", core.entity_ref_count_dec, ctx, eid)
expect_error(ValueError, "GXF_ENTITY_NOT_FOUND", core.entity_get_ref_count, ctx, 987654321)
counted = core.entity_create(ctx, core.gxf_entity_create_info("counted", 0))
core.entity_ref_count_inc(ctx, counted)
core.entity_ref_count_inc(ctx, counted)
assert core.entity_get_ref_count(ctx, counted) == 2
core.entity_ref_count_dec(ctx, counted)
assert core.entity_get_ref_count(ctx, counted) == 1
expect_error(ValueError, "GXF_FAILURE", core.entity_destroy, ctx, counted)  # still referenced
core.entity_ref_count_dec(ctx, counted)
expect_error(ValueError, "GXF_ENTITY_NOT_FOUND", core.entity_find, ctx, "counted")

# entity_destroy: GXF's code for an unknown id; an active entity is refused; an unused one goes.
expect_error(ValueError, "GXF_QUERY_NOT_FOUND", core.entity_destroy, ctx, 987654321)
expect_error(ValueError, "GXF_INVALID_LIFECYCLE_STAGE", core.entity_destroy, ctx, eid)
spare = core.entity_create(ctx, core.gxf_entity_create_info("spare", 0))
spare_count = core.component_add(ctx, spare, core.component_type_id(ctx, "nvidia::gxf::CountSchedulingTerm"), "c")
core.entity_destroy(ctx, spare)
expect_error(ValueError, "GXF_ENTITY_NOT_FOUND", core.entity_find, ctx, "spare")
expect_error(ValueError, "GXF_ENTITY_COMPONENT_NOT_FOUND", core.parameter_get_int64, ctx, spare_count, "count")

# gxf_tid_t: hash1/hash2 are read/write.
tid = core.component_type_id(ctx, "nvidia::gxf::CountSchedulingTerm")
copy = core.gxf_tid_t()
copy.hash1, copy.hash2 = tid.hash1, tid.hash2
assert copy == tid and core.component_type_name(ctx, copy) == "nvidia::gxf::CountSchedulingTerm"
copy.hash2 ^= 1
expect_error(ValueError, "GXF_FACTORY_UNKNOWN_TID", core.component_type_name, ctx, copy)
assert core.tid_null() == core.gxf_tid_t(0, 0)
expect_error(ValueError, "GXF_FACTORY_UNKNOWN_CLASS_NAME", core.component_type_id, ctx, "no::Such")

# component_find: by type and/or name; an empty list when nothing matches (as GXF's binding).
count = e.count.cid
assert core.component_find(ctx, eid, tid) == [count]
assert core.component_find(ctx, eid, component_name="count") == [count]
assert core.component_find(ctx, eid, "nvidia::gxf::CountSchedulingTerm", "count") == [count]
assert core.component_find(ctx, eid, component_name="nope") == []
expect_error(ValueError, "GXF_ENTITY_NOT_FOUND", core.component_find, ctx, 987654321)

# Parameters: result-code strings of failures.
assert core.parameter_get_int64(ctx, count, "count") == 2
expect_error(ValueError, "GXF_PARAMETER_NOT_FOUND", core.parameter_get_int64, ctx, count, "nope")
expect_error(ValueError, "GXF_PARAMETER_NOT_FOUND", core.parameter_get_str, ctx, count, "nope")
expect_error(ValueError, "GXF_ENTITY_NOT_FOUND", core.entity_find, ctx, "missing")
expect_error(ValueError, "GXF_CONTEXT_INVALID", core.entity_find, 12345, "watched")

# Introspection: GXF's dict keys and value forms.
std = next(u for u in core.get_extension_list(ctx) if core.get_extension_info(ctx, u)["name"] == "StandardExtension")
info = core.get_extension_info(ctx, std)
for key in ("name", "display_name", "category", "brief", "description", "version", "author", "license"):
    assert key in info, (key, info)
uuid = next(u for u in core.get_component_list(ctx, std)
            if core.get_component_info(ctx, u)["typename"] == "nvidia::gxf::DoubleBufferReceiver")
capacity = core.get_param_info(ctx, uuid, "capacity")
assert capacity["gxf_parameter_type"] == "GXF_PARAMETER_TYPE_UINT64" and capacity["default"] == 1, capacity
assert capacity["rank"] == 0 and capacity["shape"] == [1] and capacity["handle_type"] == "N/A", capacity
assert capacity["flags"] in ("GXF_PARAMETER_FLAGS_NONE", "GXF_PARAMETER_FLAGS_OPTIONAL",
                             "GXF_PARAMETER_FLAGS_DYNAMIC"), capacity
expect_error(ValueError, "GXF_PARAMETER_NOT_FOUND", core.get_param_info, ctx, uuid, "nope")
expect_error(ValueError, "GXF_EXTENSION_NOT_FOUND", core.get_extension_info, ctx, "00000000-0000-0000-0000-000000000000")

# _subgraph_load_file: the Subgraph component to load into, and the prefix, are checked.
expect_error(ValueError, "GXF_ENTITY_COMPONENT_NOT_FOUND", core._subgraph_load_file, ctx, "x.yaml", "", eid, "")
expect_error(ValueError, "GXF_ARGUMENT_INVALID", core._subgraph_load_file, ctx, "x.yaml", "other", eid, "")
core.graph_deactivate(ctx)
core.context_destroy(ctx)

# add_to_manifest records a library once; Graph.load_extensions() loads the recorded ones.
core.add_to_manifest("libgxf_sample.so")
core.add_to_manifest("libgxf_sample.so")
assert core.EXTENSIONS_USED.count("libgxf_sample.so") == 1, core.EXTENSIONS_USED
paths = manifest.used_extensions()
assert os.path.basename(paths[0]) == "libgxf_std.so" and all(os.path.isabs(p) for p in paths), paths
assert manifest.used_extensions("/ws") == manifest.std_first(list(dict.fromkeys(core.EXTENSIONS_USED)))
g2 = Graph()
g2.load_extensions()
loaded = {core.get_extension_info(g2.context, u)["name"] for u in core.get_extension_list(g2.context)}
assert {"StandardExtension", "SampleExtension", "PythonCodeletExtension"} <= loaded, loaded
print("FUNCTIONAL-OK", flush=True)
