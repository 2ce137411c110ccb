//! CUDA streams and events, and host functions run when a stream reaches a point.

use crate::device::Device;
use crate::driver::check;
use cudarc::driver::{result, sys};
use gxf_sdk::{gxf_warn, Result};
use std::ffi::c_void;

/// A CUDA stream of one device (`cuStreamCreateWithPriority`), destroyed on drop.
///
/// `repr(C)`: message components of every extension embed it.
#[repr(C)]
pub struct Stream {
    raw: sys::CUstream,
    ordinal: i32,
}

// SAFETY: CUDA streams may be used from any thread.
unsafe impl Send for Stream {}
unsafe impl Sync for Stream {}

impl Stream {
    /// The flag (`CU_STREAM_NON_BLOCKING`) for a stream that does not synchronise with the
    /// legacy default stream.
    pub const NON_BLOCKING: u32 = sys::CUstream_flags::CU_STREAM_NON_BLOCKING as u32;

    /// A new stream; `flags` are CUDA's stream flags ([`NON_BLOCKING`](Self::NON_BLOCKING)),
    /// `priority` lower is more urgent.
    pub fn new(device: &Device, flags: u32, priority: i32) -> Result<Stream> {
        device.bind()?;
        let mut raw: sys::CUstream = std::ptr::null_mut();
        // SAFETY: out-pointer is a valid local; the context is current.
        let outcome = unsafe { sys::cuStreamCreateWithPriority(&mut raw, flags, priority) }.result();
        check(outcome, || {
            format!("creating a CUDA stream on device {} (flags {flags}, priority {priority})", device.ordinal())
        })?;
        Ok(Stream { raw, ordinal: device.ordinal() })
    }

    /// The driver's handle (for cuBLAS, CuPy's `ExternalStream`, ...).
    pub fn raw(&self) -> sys::CUstream {
        self.raw
    }

    /// The ordinal of the stream's GPU.
    pub fn device_ordinal(&self) -> i32 {
        self.ordinal
    }

    /// The stream's GPU, made current on the calling thread.
    pub fn bind(&self) -> Result<Device> {
        let device = Device::get(self.ordinal)?;
        device.bind()?;
        Ok(device)
    }

    /// Waits until everything queued on the stream is done (a kernel's sticky error shows here).
    pub fn synchronize(&self) -> Result<()> {
        self.bind()?;
        // SAFETY: a live stream.
        check(unsafe { result::stream::synchronize(self.raw) }, || "synchronising a CUDA stream")
    }

    /// Makes later work on this stream wait for `event`.
    pub fn wait(&self, event: &Event) -> Result<()> {
        self.bind()?;
        // SAFETY: live stream and event.
        let outcome =
            unsafe { result::stream::wait_event(self.raw, event.raw, sys::CUevent_wait_flags::CU_EVENT_WAIT_DEFAULT) };
        check(outcome, || "making a CUDA stream wait for an event")
    }

    /// Runs `f` on a driver thread once the stream reaches this point. `f` must not call CUDA.
    pub fn then(&self, f: impl FnOnce() + Send + 'static) -> Result<()> {
        unsafe extern "C" fn trampoline(data: *mut c_void) {
            // SAFETY: `data` is the box leaked below, run once.
            let f = unsafe { Box::from_raw(data as *mut Box<dyn FnOnce() + Send>) };
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
        }
        self.bind()?;
        let data = Box::into_raw(Box::new(Box::new(f) as Box<dyn FnOnce() + Send>));
        // SAFETY: live stream; the trampoline takes the box back exactly once.
        let outcome = unsafe { result::stream::launch_host_function(self.raw, trampoline, data as *mut c_void) };
        if outcome.is_err() {
            // SAFETY: the driver refused it, so the trampoline will never run.
            drop(unsafe { Box::from_raw(data) });
        }
        check(outcome, || "queueing a host function on a CUDA stream")
    }

    /// Waits until the host functions queued on the stream so far have returned, at most
    /// `limit`: whether they did. A last host function runs only after them (each blocks later
    /// work on its stream); CUDA's documentation does not promise that a stream sync waits for
    /// them, as it counts a stream idle while one runs. After a sticky error no host function
    /// runs, and this gives up after `limit`.
    pub fn wait_for_host_functions(&self, limit: std::time::Duration) -> Result<bool> {
        let (reached, was_reached) = std::sync::mpsc::channel();
        self.then(move || {
            let _ = reached.send(());
        })?;
        Ok(was_reached.recv_timeout(limit).is_ok())
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        let destroyed = self.bind().and_then(|_| {
            // SAFETY: created by `new`, destroyed only here (pending work still completes).
            check(unsafe { result::stream::destroy(self.raw) }, || "destroying a CUDA stream")
        });
        if let Err(e) = destroyed {
            gxf_warn!("{e}");
        }
    }
}

/// A CUDA event (`cuEventCreate`, timing disabled), destroyed on drop.
///
/// `repr(C)`: message components of every extension embed it.
#[repr(C)]
pub struct Event {
    raw: sys::CUevent,
    ordinal: i32,
}

// SAFETY: CUDA events may be used from any thread.
unsafe impl Send for Event {}
unsafe impl Sync for Event {}

impl Event {
    /// A new event on `device` (timing off: the cheapest kind for synchronisation).
    pub fn new(device: &Device) -> Result<Event> {
        device.bind()?;
        let flags = sys::CUevent_flags::CU_EVENT_DISABLE_TIMING;
        let raw =
            check(result::event::create(flags), || format!("creating a CUDA event on device {}", device.ordinal()))?;
        Ok(Event { raw, ordinal: device.ordinal() })
    }

    /// The driver's handle.
    pub fn raw(&self) -> sys::CUevent {
        self.raw
    }

    /// The ordinal of the event's GPU.
    pub fn device_ordinal(&self) -> i32 {
        self.ordinal
    }

    fn bind(&self) -> Result<Device> {
        let device = Device::get(self.ordinal)?;
        device.bind()?;
        Ok(device)
    }

    /// Captures the work queued on `stream` so far.
    pub fn record(&self, stream: &Stream) -> Result<()> {
        self.bind()?;
        // SAFETY: live event and stream.
        check(unsafe { result::event::record(self.raw, stream.raw) }, || "recording a CUDA event")
    }

    /// Whether the captured work is done (an error of that work is reported here).
    pub fn is_complete(&self) -> Result<bool> {
        self.bind()?;
        // SAFETY: a live event.
        match unsafe { result::event::query(self.raw) } {
            Ok(()) => Ok(true),
            Err(e) if e.0 == sys::CUresult::CUDA_ERROR_NOT_READY => Ok(false),
            Err(e) => Err(crate::driver::error(e, "querying a CUDA event")),
        }
    }

    /// Waits until the captured work is done.
    pub fn synchronize(&self) -> Result<()> {
        self.bind()?;
        // SAFETY: a live event.
        check(unsafe { result::event::synchronize(self.raw) }, || "waiting for a CUDA event")
    }
}

impl Drop for Event {
    fn drop(&mut self) {
        let destroyed = self.bind().and_then(|_| {
            // SAFETY: created by `new`, destroyed only here.
            check(unsafe { result::event::destroy(self.raw) }, || "destroying a CUDA event")
        });
        if let Err(e) = destroyed {
            gxf_warn!("{e}");
        }
    }
}
