//! `MockAllocator`: a heap allocator that tracks every block, enforces optional limits and
//! fails `deinitialize` on leaks. Device memory needs the CUDA extension and is refused.

use gxf_cuda_sdk::{entity_device_ordinal, StorageBlock};
use gxf_sdk::prelude::*;
use gxf_sdk::sync::lock;
use gxf_sdk::vocab::MemoryStorageType;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

/// Block count and bytes, per storage type (index = `MemoryStorageType` number).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Metrics {
    blocks: u64,
    bytes: u64,
}

/// `1234B`, `12kB`, `3MB`, ... as GXF's `BytesToString` (units used above their size).
fn bytes_to_string(bytes: u64) -> String {
    const UNITS: [(u32, &str); 5] = [(50, "PB"), (40, "TB"), (30, "GB"), (20, "MB"), (10, "kB")];
    UNITS
        .iter()
        .find(|(shift, _)| bytes > 1 << shift)
        .map_or_else(|| format!("{bytes}B"), |(shift, unit)| format!("{}{unit}", bytes >> shift))
}

/// `N (size) { Host: .. | Device: .. | System: .. }` of per-type metrics.
fn summary(per_type: &[Metrics; 3]) -> String {
    let total = per_type
        .iter()
        .fold(Metrics::default(), |t, m| Metrics { blocks: t.blocks + m.blocks, bytes: t.bytes + m.bytes });
    let [h, d, s] = per_type.map(|m| format!("{} ({})", m.blocks, bytes_to_string(m.bytes)));
    format!("{} ({}) {{ Host: {h} | Device: {d} | System: {s} }}", total.blocks, bytes_to_string(total.bytes))
}

/// Live blocks and cumulative allocation metrics.
#[derive(Default)]
struct Ledger {
    blocks: HashMap<usize, (MemoryStorageType, StorageBlock)>,
    allocated: [Metrics; 3],
}

impl Ledger {
    fn lost(&self) -> [Metrics; 3] {
        let mut lost = [Metrics::default(); 3];
        for (storage, block) in self.blocks.values() {
            let m = &mut lost[*storage as usize];
            m.blocks += 1;
            m.bytes += block.size();
        }
        lost
    }
}

/// Allocates like `UnboundedAllocator` but remembers every block: `max_block_size` and the
/// per-type `max_*_allocation` limits give `GXF_EXCEEDING_PREALLOCATED_SIZE`, unknown pointers
/// on free `GXF_ARGUMENT_INVALID`, and blocks still out at deinitialize `GXF_FAILURE` (unless
/// `ignore_memory_leak`).
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::MockAllocator",
    uuid = "93585693-d816-b6c5-cb06-ba6ec534dfd4",
    kind = Allocator,
    description = "Memory allocator used to facilitate testing",
    initialize = Self::open_ledger,
    deinitialize = Self::close_ledger
)]
pub struct MockAllocator {
    /// Does not raise an error if there is a memory leak
    #[param(headline = "Ignore Memory Leak", default = false)]
    ignore_memory_leak: bool,
    /// Forces free_abi() to return GXF_FAILURE
    #[param(headline = "Fail On Free", default = false)]
    fail_on_free: bool,
    /// Maximum memory block size that can be allocated
    #[param(headline = "Max Block Size")]
    max_block_size: Option<u64>,
    /// Maximum amount of host memory that can be allocated
    #[param(headline = "Max Host Allocation")]
    max_host_allocation: Option<u64>,
    /// Maximum amount of device memory that can be allocated
    #[param(headline = "Max Device Allocation")]
    max_device_allocation: Option<u64>,
    /// Maximum amount of system memory that can be allocated
    #[param(headline = "Max System Allocation")]
    max_system_allocation: Option<u64>,
    ledger: Mutex<Ledger>,
    initialized: AtomicBool,
    label: String,
    device_ordinal: i32,
}

impl MockAllocator {
    fn ledger(&self) -> MutexGuard<'_, Ledger> {
        lock(&self.ledger)
    }

    fn fits_block_size(&self, size: u64) -> bool {
        self.max_block_size.is_none_or(|max| size <= max)
    }

    /// The cumulative limit for a storage type (GXF never subtracts freed memory).
    fn max_allocation(&self, storage: MemoryStorageType) -> Option<u64> {
        match storage {
            MemoryStorageType::Host => self.max_host_allocation,
            MemoryStorageType::Device => self.max_device_allocation,
            MemoryStorageType::System => self.max_system_allocation,
        }
    }

    fn open_ledger(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.label = format!("{}/{}", ctx.entity_name(), ctx.name());
        self.device_ordinal = entity_device_ordinal(ctx.context(), ctx.eid());
        *self.ledger() = Ledger::default();
        self.initialized.store(true, Ordering::Release);
        Ok(())
    }

    fn close_ledger(&mut self, _ctx: &ComponentContext) -> Result<()> {
        let ledger = self.ledger();
        gxf_info!("[{}] Blocks Allocated: {}", self.label, summary(&ledger.allocated));
        let lost = ledger.lost();
        drop(ledger);
        if lost.iter().any(|m| m.blocks > 0) {
            let text = format!("[{}] Blocks Lost: {}", self.label, summary(&lost));
            gxf_warn!("{text}");
            if !self.ignore_memory_leak {
                return fail(Code::GXF_FAILURE, text);
            }
        }
        self.initialized.store(false, Ordering::Release);
        Ok(())
    }
}

impl Allocator for MockAllocator {
    fn is_available(&self, size: u64) -> bool {
        self.initialized.load(Ordering::Acquire) && self.fits_block_size(size)
    }

    fn allocate(&self, size: u64, storage: i32) -> Result<*mut u8> {
        if !self.initialized.load(Ordering::Acquire) {
            return fail(
                Code::GXF_INVALID_LIFECYCLE_STAGE,
                format!("MockAllocator '{}' must be initialized before allocating", self.label),
            );
        }
        let storage =
            MemoryStorageType::from_raw(storage).map_err(|e| Error::new(Code::GXF_ARGUMENT_INVALID, e.message))?;
        let exceeding =
            |what: String| Error::new(Code::GXF_EXCEEDING_PREALLOCATED_SIZE, format!("[{}] {what}", self.label));
        if !self.fits_block_size(size) {
            return Err(exceeding(format!("{size} bytes exceed max_block_size")));
        }
        let mut ledger = self.ledger();
        let index = storage as usize;
        if let Some(max) = self.max_allocation(storage) {
            if ledger.allocated[index].bytes.saturating_add(size) > max {
                return Err(exceeding(format!("{size} more bytes of {storage:?} memory exceed the limit of {max}")));
            }
        }
        let block = StorageBlock::allocate(storage, size, self.device_ordinal)?;
        let used = &mut ledger.allocated[index];
        used.blocks += 1;
        used.bytes += size;
        let ptr = block.as_ptr();
        ledger.blocks.insert(ptr as usize, (storage, block));
        Ok(ptr)
    }

    fn free(&self, ptr: *mut u8) -> Result<()> {
        if self.fail_on_free {
            return fail(Code::GXF_FAILURE, format!("MockAllocator '{}': fail_on_free is set", self.label));
        }
        match self.ledger().blocks.remove(&(ptr as usize)) {
            Some(_) => Ok(()),
            None => {
                fail(Code::GXF_ARGUMENT_INVALID, format!("{ptr:p} was not allocated by MockAllocator '{}'", self.label))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_sizes_as_gxf_prints_them() {
        assert_eq!(bytes_to_string(1024), "1024B");
        assert_eq!(bytes_to_string(1025), "1kB");
        assert_eq!(bytes_to_string(1 << 20), "1024kB");
        assert_eq!(bytes_to_string(3 << 20), "3MB");
        let m = [Metrics { blocks: 2, bytes: 96 }, Metrics::default(), Metrics { blocks: 1, bytes: 4 }];
        assert_eq!(summary(&m), "3 (100B) { Host: 2 (96B) | Device: 0 (0B) | System: 1 (4B) }");
    }
}
