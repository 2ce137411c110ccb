//! `GPUDevice`: a CUDA device ordinal offered to an entity group.

use gxf_sdk::abi::types;
use gxf_sdk::prelude::*;

/// `nvidia::gxf::GPUDevice`: a CUDA device ordinal offered to the entity group.
#[derive(Default, Component)]
#[gxf(
    info = types::GPU_DEVICE
)]
pub struct GpuDevice {
    /// CUDA device ordinal
    #[param(key = "dev_id", default = 0i32)]
    _dev_id: i32,
}
