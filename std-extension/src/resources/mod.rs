//! Resources of entity groups and thread pinning: `ThreadPool`, `GPUDevice` (both
//! `ResourceBase`), `CPUThread`, and the lookup that pins an entity to a dedicated worker thread.

mod cpu_thread;
mod gpu_device;
mod pinning;
mod thread_pool;

pub use cpu_thread::CpuThread;
pub use gpu_device::GpuDevice;
pub use pinning::pin_entity;
pub use thread_pool::ThreadPool;
