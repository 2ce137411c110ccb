//! A cuBLAS handle (`libcublas`, loaded on first use) for the dot products of `CublasDotProduct`.

use cudarc::cublas::sys::{self, cublasHandle_t, cublasPointerMode_t, cublasStatus_t};
use gxf_cuda_sdk::{pointer_location, Device, Location, Stream};
use gxf_sdk::{gxf_warn, Code, Error, Result};

/// A GXF error for a failed cuBLAS call: "`what`: CUBLAS_STATUS_...".
fn check(status: cublasStatus_t, what: impl FnOnce() -> String) -> Result<()> {
    status.result().map_err(|e| Error::new(Code::GXF_FAILURE, format!("{}: {:?}", what(), e.0)))
}

/// A cuBLAS handle bound to one GPU, destroyed on drop.
pub struct Cublas {
    handle: cublasHandle_t,
    device: Device,
}

// SAFETY: the handle is used by one codelet at a time (the codelet's `&mut self`); cuBLAS
// handles may move between threads.
unsafe impl Send for Cublas {}

impl Cublas {
    /// A handle on `device` (made current first); "cuBLAS library not found" when `libcublas` is
    /// missing (checked before cudarc's loader, which would panic).
    pub fn new(device: &Device) -> Result<Cublas> {
        // SAFETY: only tries to open the library.
        if !unsafe { sys::is_culib_present() } {
            return Err(Error::new(
                Code::GXF_FAILURE,
                "cuBLAS library not found: libcublas.so could not be loaded (is the CUDA toolkit installed?)",
            ));
        }
        device.bind()?;
        let mut handle: cublasHandle_t = std::ptr::null_mut();
        // SAFETY: out-pointer is a valid local; the device's context is current.
        check(unsafe { sys::cublasCreate_v2(&mut handle) }, || {
            format!("creating a cuBLAS handle on CUDA device {}", device.ordinal())
        })?;
        Ok(Cublas { handle, device: device.clone() })
    }

    /// The GPU the handle works on.
    pub fn device_ordinal(&self) -> i32 {
        self.device.ordinal()
    }

    /// Queues `out[i] = dot(a[i·columns ..], b[i·columns ..])` for every row `i < rows` on
    /// `stream`. Device (or managed) `out` is written by the GPU in stream order; host `out` is
    /// written as each result is ready (cuBLAS waits for it).
    ///
    /// # Safety
    /// `a` and `b` must be readable by the GPU for `rows · columns` floats and `out` writable for
    /// `rows` floats, until the stream has done this work.
    pub unsafe fn row_dots(
        &mut self,
        stream: &Stream,
        a: *const f32,
        b: *const f32,
        out: *mut f32,
        rows: i32,
        columns: i32,
    ) -> Result<()> {
        let mode = match pointer_location(out as *const u8) {
            Location::Device(_) | Location::Managed(_) => cublasPointerMode_t::CUBLAS_POINTER_MODE_DEVICE,
            Location::Pinned | Location::System => cublasPointerMode_t::CUBLAS_POINTER_MODE_HOST,
        };
        if stream.device_ordinal() != self.device.ordinal() {
            return Err(Error::new(
                Code::GXF_ARGUMENT_INVALID,
                format!(
                    "a stream of CUDA device {} cannot run cuBLAS work of device {}",
                    stream.device_ordinal(),
                    self.device.ordinal()
                ),
            ));
        }
        self.device.bind()?;
        // SAFETY: a live handle; the stream is live and of the handle's device (checked above).
        unsafe {
            check(sys::cublasSetStream_v2(self.handle, stream.raw() as sys::cudaStream_t), || {
                "setting the cuBLAS stream".into()
            })?;
            check(sys::cublasSetPointerMode_v2(self.handle, mode), || "setting the cuBLAS pointer mode".into())?;
        }
        let step = columns as usize;
        for row in 0..rows as usize {
            // SAFETY: the caller's contract covers every row.
            let status = unsafe {
                sys::cublasSdot_v2(self.handle, columns, a.add(row * step), 1, b.add(row * step), 1, out.add(row))
            };
            check(status, || format!("cublasSdot failed on row {row}"))?;
        }
        Ok(())
    }
}

impl Drop for Cublas {
    fn drop(&mut self) {
        let destroyed = self.device.bind().and_then(|()| {
            // SAFETY: created in `new`, destroyed only here.
            check(unsafe { sys::cublasDestroy_v2(self.handle) }, || "destroying a cuBLAS handle".into())
        });
        if let Err(e) = destroyed {
            gxf_warn!("{e}");
        }
    }
}
