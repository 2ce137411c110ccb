"""``gxf.cuda``: importable everywhere (``CodeletAdapter`` imports it, as in GXF). The CUDA
extension is not built yet, so looking a stream pool up raises a RuntimeError that says so."""

_NO_CUDA = "GXF_FAILURE: CUDA support (the CUDA extension) is not available in this build"


class CudaStreamPool:
    """``nvidia::gxf::CudaStreamPool`` as seen from a codelet."""

    @staticmethod
    def get(context, cid, name):
        raise RuntimeError(_NO_CUDA)


class CudaStreamId:
    """The ``CudaStreamId`` message component."""

    @staticmethod
    def add_to_entity(msg, name=None):
        raise RuntimeError(_NO_CUDA)

    @staticmethod
    def get_from_entity(msg, name=None):
        raise RuntimeError(_NO_CUDA)


__all__ = ["CudaStreamPool", "CudaStreamId"]
