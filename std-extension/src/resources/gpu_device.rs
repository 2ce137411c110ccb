//! `GPUDevice`: a CUDA device ordinal offered to an entity group.

use gxf_sdk::prelude::*;

/// `nvidia::gxf::GPUDevice`: a CUDA device ordinal offered to the entity group.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::GPUDevice",
    uuid = "2036939f-a32a-43ee-83f8-826576d8f170",
    base = "nvidia::gxf::ResourceBase",
    description = "CUDA device id"
)]
pub struct GpuDevice {
    /// CUDA device ordinal
    #[param(key = "dev_id", default = 0i32)]
    _dev_id: i32,
}
