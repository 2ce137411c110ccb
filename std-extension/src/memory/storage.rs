//! The storage types the CPU allocators serve: `Host` and `System` memory both come from the
//! ordinary heap; `Device` memory needs the CUDA extension.

use gxf_sdk::prelude::*;
use gxf_sdk::vocab::MemoryStorageType;

/// A CPU-reachable storage type from its GXF number (`GXF_PARAMETER_OUT_OF_RANGE` for unknown
/// numbers, `GXF_MEMORY_INVALID_STORAGE_MODE` for device memory).
pub fn cpu_storage(raw: i32) -> Result<MemoryStorageType> {
    let storage = MemoryStorageType::from_raw(raw)?;
    storage.require_cpu()?;
    Ok(storage)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_numbers() {
        assert_eq!(cpu_storage(0).unwrap(), MemoryStorageType::Host);
        assert_eq!(cpu_storage(2).unwrap(), MemoryStorageType::System);
        assert_eq!(cpu_storage(1).unwrap_err().code, Code::GXF_MEMORY_INVALID_STORAGE_MODE);
        assert_eq!(cpu_storage(7).unwrap_err().code, Code::GXF_PARAMETER_OUT_OF_RANGE);
    }
}
