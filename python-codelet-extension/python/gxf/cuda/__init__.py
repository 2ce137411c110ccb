"""``gxf.cuda``: CUDA streams from Python codelets, as GXF's ``cuda_pybind`` has them, and the
graph-building classes of the CUDA extension's components (``gxf.cuda.Components``).

- ``CudaStreamPool.get(context, cid, name)`` resolves a ``nvidia::gxf::CudaStreamPool``;
  ``pool.allocate_stream()`` returns ``(stream_cid, CudaStream)`` and ``pool.release_stream(stream_cid)``
  gives the stream back (ValueError on failure). ``CudaStreamPool(name=..., **params)`` adds one
  to a Python-built graph.
- ``CudaStream``: ``ptr`` (the ``cudaStream_t`` handle as an int, e.g. for
  ``cupy.cuda.ExternalStream(stream.ptr)``), ``device_id``, ``stream_cid``, ``sync_stream()``.
- ``CudaStreamId.add_to_entity(msg, name=None)`` / ``CudaStreamId.get_from_entity(msg, name=None)``:
  the message component naming the stream a message's work was queued on; its field
  ``stream_cid`` is read/write (a stream id from ``allocate_stream``, or 0 for none).

Importable on machines without a GPU (``CodeletAdapter`` imports it, as in GXF); CUDA calls there
raise errors that name the missing driver.
"""
from gxf._native import CudaStream, CudaStreamId
from gxf.cuda import Components
from gxf.cuda.Components import CudaStreamPool


def __getattr__(name):
    """The other component classes of the CUDA extension, from ``gxf.cuda.Components``."""
    return Components.__getattr__(name)


def __dir__():
    return sorted(set(globals()) | set(Components.__dir__()))


__all__ = ["CudaStream", "CudaStreamId", "CudaStreamPool"]
