//! A GPU by ordinal: its primary context, retained once per process and made current on the
//! calling thread before every driver call.

use crate::driver::{check, ensure_loaded};
use cudarc::driver::safe::CudaContext;
use gxf_sdk::sync::lock;
use gxf_sdk::{Code, Error, Result};
use std::sync::{Arc, Mutex};

/// One GPU (its primary context, shared with CuPy, PyTorch and every other CUDA user in the
/// process). Cheap to clone.
#[derive(Clone)]
pub struct Device {
    context: Arc<CudaContext>,
}

impl std::fmt::Debug for Device {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CUDA device {}", self.ordinal())
    }
}

/// How many GPUs the driver sees ("no CUDA driver" when there is none).
pub fn device_count() -> Result<usize> {
    ensure_loaded()?;
    let count = check(CudaContext::device_count(), || "counting CUDA devices")?;
    Ok(count.max(0) as usize)
}

impl Device {
    /// GPU `ordinal`; "no CUDA driver" without one, and "no CUDA device N" (naming how many
    /// there are) for an ordinal that does not exist.
    pub fn get(ordinal: i32) -> Result<Device> {
        static OPENED: Mutex<Vec<Device>> = Mutex::new(Vec::new());
        let mut opened = lock(&OPENED);
        if let Some(device) = opened.iter().find(|d| d.ordinal() == ordinal) {
            return Ok(device.clone());
        }
        let count = device_count()?;
        if ordinal < 0 || ordinal as usize >= count {
            let machine = match count {
                0 => "this machine has none".to_string(),
                1 => "this machine has 1, ordinal 0".to_string(),
                n => format!("this machine has {n}, ordinals 0 to {}", n - 1),
            };
            return Err(Error::new(Code::GXF_ARGUMENT_OUT_OF_RANGE, format!("no CUDA device {ordinal} ({machine})")));
        }
        let context = check(CudaContext::new(ordinal as usize), || format!("opening CUDA device {ordinal}"))?;
        let device = Device { context };
        opened.push(device.clone());
        Ok(device)
    }

    /// The ordinal.
    pub fn ordinal(&self) -> i32 {
        self.context.ordinal() as i32
    }

    /// Makes this device's context current on the calling thread (cheap when it already is).
    pub fn bind(&self) -> Result<()> {
        check(self.context.bind_to_thread(), || format!("making CUDA device {} current", self.ordinal()))
    }

    /// The device's name, e.g. "NVIDIA H200".
    pub fn name(&self) -> String {
        self.context.name().unwrap_or_else(|_| "unknown".into())
    }

    /// Waits until all work on the device has finished (reports a sticky error of an earlier
    /// kernel here).
    pub fn synchronize(&self) -> Result<()> {
        self.bind()?;
        check(self.context.synchronize(), || format!("synchronising CUDA device {}", self.ordinal()))
    }
}

/// The GPU an entity's CUDA work uses: the `dev_id` of the `nvidia::gxf::GPUDevice` resource in
/// the entity's group, else 0 (GXF's rule).
pub fn entity_device_ordinal(context: gxf_sdk::api::ContextRef, eid: i64) -> i32 {
    context
        .find_resource(eid, gxf_sdk::abi::types::GPU_DEVICE.tid, None)
        .and_then(|cid| context.component_param::<i32>(cid, "dev_id").ok().flatten())
        .unwrap_or(0)
}

/// Whether the process can use CUDA at all (a driver and at least one device); asked once.
pub fn cuda_available() -> bool {
    static AVAILABLE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *AVAILABLE.get_or_init(|| device_count().is_ok_and(|n| n > 0))
}
