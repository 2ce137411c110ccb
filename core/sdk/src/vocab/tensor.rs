//! `nvidia::gxf::Tensor`: an n-dimensional array in a message, with byte strides, whose memory
//! comes from (and goes back to) an allocator component.

use super::memory::MemoryBuffer;
use super::primitive::{MemoryStorageType, Primitive, PrimitiveType};
use super::shape::{Shape, MAX_RANK};
use crate::api::{iface, ContextRef, Handle, Message, MessageComponent};
use crate::result::{Code, Error, Result};
use crate::tid::Tid;

/// Byte strides, one per rank (`Tensor::stride_array_t`).
pub type Strides = [u64; MAX_RANK];

/// Strides from per-rank steps (`ComputeStrides`): the last rank's stride is its step; every
/// other stride is the next rank's extent rounded up to a multiple of its own step.
pub fn compute_strides(shape: &Shape, steps: &Strides) -> Strides {
    let mut strides = [0; MAX_RANK];
    let rank = shape.rank() as usize;
    if rank == 0 {
        return strides;
    }
    strides[rank - 1] = steps[rank - 1];
    for i in (0..rank - 1).rev() {
        let step = steps[i].max(1);
        let extent = strides[i + 1].wrapping_mul(shape.dimension(i as u32 + 1) as i64 as u64);
        strides[i] = extent.div_ceil(step) * step;
    }
    strides
}

/// Dense row-major strides (`ComputeTrivialStrides`).
pub fn compute_trivial_strides(shape: &Shape, bytes_per_element: u64) -> Strides {
    let mut steps = [1; MAX_RANK];
    match shape.rank() as usize {
        0 => [0; MAX_RANK],
        rank => {
            steps[rank - 1] = bytes_per_element;
            compute_strides(shape, &steps)
        }
    }
}

/// Strides whose rows (the third rank from the end) start on multiples of `row_step` bytes
/// (`ComputeRowStrides`); needs rank ≥ 3 and `row_step` > 0 (`GXF_ARGUMENT_INVALID`).
pub fn compute_row_strides(shape: &Shape, row_step: u32, bytes_per_element: u64) -> Result<Strides> {
    let rank = shape.rank() as usize;
    if rank < 3 || row_step == 0 {
        return Err(Error::new(
            Code::GXF_ARGUMENT_INVALID,
            format!("row strides need rank ≥ 3 and a row step > 0 (rank {rank}, row step {row_step})"),
        ));
    }
    let mut steps = [1; MAX_RANK];
    steps[rank - 3] = u64::from(row_step);
    steps[rank - 1] = bytes_per_element;
    Ok(compute_strides(shape, &steps))
}

/// A tensor (GXF's `Tensor`): shape, element type and byte strides over one [`MemoryBuffer`].
///
/// A message component shared by every extension (same layout through `gxf-core`); dropping it
/// returns its memory to the allocator it came from.
#[repr(C)]
pub struct Tensor {
    shape: Shape,
    element_type: PrimitiveType,
    element_count: u64,
    bytes_per_element: u64,
    strides: Strides,
    buffer: MemoryBuffer,
}

impl Default for Tensor {
    /// An empty rank-0 tensor of `uint8_t` without memory.
    fn default() -> Self {
        Tensor {
            shape: Shape::default(),
            element_type: PrimitiveType::Unsigned8,
            element_count: 0,
            bytes_per_element: 1,
            strides: [0; MAX_RANK],
            buffer: MemoryBuffer::default(),
        }
    }
}

impl std::fmt::Debug for Tensor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tensor")
            .field("shape", &self.shape)
            .field("element_type", &self.element_type)
            .field("bytes_per_element", &self.bytes_per_element)
            .field("strides", &&self.strides[..self.shape.rank() as usize])
            .field("storage_type", &self.storage_type())
            .field("size", &self.size())
            .finish()
    }
}

// SAFETY: GXF's tid for Tensor; repr(C) layout defined once here for every dylib.
unsafe impl MessageComponent for Tensor {
    const TID: Tid = crate::abi::types::TENSOR.tid;
    const TYPE_NAME: &'static str = crate::abi::types::TENSOR.name;
}

impl Tensor {
    /// Where the data lives.
    pub fn storage_type(&self) -> MemoryStorageType {
        self.buffer.storage_type()
    }

    /// The shape.
    pub fn shape(&self) -> &Shape {
        &self.shape
    }

    /// The rank.
    pub fn rank(&self) -> u32 {
        self.shape.rank()
    }

    /// The element type.
    pub fn element_type(&self) -> PrimitiveType {
        self.element_type
    }

    /// Bytes per element (may span several primitives, e.g. RGB pixels).
    pub fn bytes_per_element(&self) -> u64 {
        self.bytes_per_element
    }

    /// Number of elements (`shape().size()`).
    pub fn element_count(&self) -> u64 {
        self.element_count
    }

    /// Bytes of memory held (`bytes_per_element · element_count`, strides not considered).
    pub fn size(&self) -> u64 {
        self.buffer.size()
    }

    /// The first byte of data (null without memory). Device data must not be dereferenced.
    pub fn pointer(&self) -> *mut u8 {
        self.buffer.pointer()
    }

    /// The allocator the memory came from.
    pub fn allocator(&self) -> Option<Handle<iface::Allocator>> {
        self.buffer.allocator()
    }

    /// Byte stride of rank `index` (0 at or beyond the rank).
    pub fn stride(&self, index: u32) -> u64 {
        if index >= self.rank() {
            0
        } else {
            self.strides[index as usize]
        }
    }

    /// The strides, one per rank.
    pub fn strides(&self) -> &[u64] {
        &self.strides[..self.rank() as usize]
    }

    /// Extent of the data in bytes: `dimension(0) · stride(0)` (may exceed [`size`](Self::size)
    /// for padded strides, as in GXF).
    pub fn bytes_size(&self) -> u64 {
        (self.shape.dimension(0) as i64 as u64).wrapping_mul(self.strides[0])
    }

    /// Whether the strides are dense row-major ones.
    pub fn is_contiguous(&self) -> bool {
        let mut expected = self.bytes_per_element;
        for i in (0..self.rank()).rev() {
            if self.stride(i) != expected {
                return false;
            }
            expected = expected.wrapping_mul(self.shape.dimension(i) as i64 as u64);
        }
        true
    }

    /// Changes shape and type to dense `T` elements in fresh memory from `allocator` (`reshape<T>`).
    pub fn reshape<T: Primitive>(
        &mut self,
        shape: Shape,
        storage_type: MemoryStorageType,
        allocator: Handle<iface::Allocator>,
    ) -> Result<()> {
        self.reshape_custom(shape, T::TYPE, T::TYPE.size(), None, storage_type, allocator)
    }

    /// Frees the old memory, sets shape, type and strides (trivial ones when `None`), then
    /// allocates `bytes_per_element · element_count` bytes from `allocator` (`reshapeCustom`).
    pub fn reshape_custom(
        &mut self,
        shape: Shape,
        element_type: PrimitiveType,
        bytes_per_element: u64,
        strides: Option<Strides>,
        storage_type: MemoryStorageType,
        allocator: Handle<iface::Allocator>,
    ) -> Result<()> {
        self.buffer.free_buffer()?;
        let bytes = self.set_layout(shape, element_type, bytes_per_element, strides)?;
        self.buffer.resize(allocator, bytes, storage_type)
    }

    /// Frees the old memory and takes `pointer` (owned elsewhere, released through `release`)
    /// with the given layout; strides are trivial ones when `None` (`wrapMemory`). On error
    /// nothing was taken and `release` is not called.
    #[allow(clippy::too_many_arguments)]
    pub fn wrap_memory(
        &mut self,
        shape: Shape,
        element_type: PrimitiveType,
        bytes_per_element: u64,
        strides: Option<Strides>,
        storage_type: MemoryStorageType,
        pointer: *mut u8,
        release: super::memory::ReleaseFn,
    ) -> Result<()> {
        byte_size(&shape, bytes_per_element)?;
        self.buffer.free_buffer()?;
        let bytes = self.set_layout(shape, element_type, bytes_per_element, strides)?;
        self.buffer.wrap(pointer, bytes, storage_type, release)
    }

    /// Sets shape, element type and strides (trivial ones when `None`); returns the byte size.
    fn set_layout(
        &mut self,
        shape: Shape,
        element_type: PrimitiveType,
        bytes_per_element: u64,
        strides: Option<Strides>,
    ) -> Result<u64> {
        self.shape = shape;
        self.element_count = shape.size();
        self.element_type = element_type;
        self.bytes_per_element = bytes_per_element;
        self.strides = strides.unwrap_or_else(|| compute_trivial_strides(&shape, bytes_per_element));
        byte_size(&shape, bytes_per_element)
    }

    fn cpu_data<T>(&self) -> Result<*mut T> {
        self.storage_type().require_cpu()?;
        let ptr = self.pointer() as *mut T;
        if !ptr.is_aligned() {
            return Err(Error::new(
                Code::GXF_INVALID_DATA_FORMAT,
                format!("tensor data at {ptr:p} is not aligned for {}", std::any::type_name::<T>()),
            ));
        }
        Ok(ptr)
    }

    fn typed<T: Primitive>(&self) -> Result<(*mut T, usize)> {
        if self.element_type != PrimitiveType::Custom && self.element_type != T::TYPE {
            return Err(Error::new(
                Code::GXF_INVALID_DATA_FORMAT,
                format!("tensor elements are {}, not {}", self.element_type.name(), T::TYPE.name()),
            ));
        }
        Ok((self.cpu_data::<T>()?, self.size() as usize / std::mem::size_of::<T>()))
    }

    /// The elements as `T` (`data<T>()`): `T` must match the element type unless it is `Custom`
    /// (`GXF_INVALID_DATA_FORMAT`); device memory is refused.
    pub fn data<T: Primitive>(&self) -> Result<&[T]> {
        let (ptr, len) = self.typed::<T>()?;
        if ptr.is_null() {
            return Ok(&[]);
        }
        // SAFETY: aligned CPU memory of `size()` initialised bytes owned by this tensor; any bit
        // pattern is a valid T (Primitive's contract).
        Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
    }

    /// Mutable elements as `T` (see [`data`](Self::data)).
    pub fn data_mut<T: Primitive>(&mut self) -> Result<&mut [T]> {
        let (ptr, len) = self.typed::<T>()?;
        if ptr.is_null() {
            return Ok(&mut []);
        }
        // SAFETY: as in `data`, and `&mut self` gives exclusive access.
        Ok(unsafe { std::slice::from_raw_parts_mut(ptr, len) })
    }

    /// The raw bytes of CPU memory (device memory is refused).
    pub fn as_bytes(&self) -> Result<&[u8]> {
        let ptr = self.cpu_data::<u8>()?;
        if ptr.is_null() {
            return Ok(&[]);
        }
        // SAFETY: `size()` initialised bytes of CPU memory owned by this tensor.
        Ok(unsafe { std::slice::from_raw_parts(ptr, self.size() as usize) })
    }

    /// The raw bytes of CPU memory, mutable.
    pub fn as_bytes_mut(&mut self) -> Result<&mut [u8]> {
        let ptr = self.cpu_data::<u8>()?;
        if ptr.is_null() {
            return Ok(&mut []);
        }
        // SAFETY: as in `as_bytes`, and `&mut self` gives exclusive access.
        Ok(unsafe { std::slice::from_raw_parts_mut(ptr, self.size() as usize) })
    }
}

/// `bytes_per_element · element count` of `shape`, or `GXF_ARGUMENT_OUT_OF_RANGE` on overflow.
fn byte_size(shape: &Shape, bytes_per_element: u64) -> Result<u64> {
    bytes_per_element.checked_mul(shape.size()).ok_or_else(|| {
        Error::new(
            Code::GXF_ARGUMENT_OUT_OF_RANGE,
            format!("tensor of shape {shape} with {bytes_per_element} bytes per element is too large"),
        )
    })
}

/// One tensor to create (GXF's `TensorDescription`).
#[derive(Clone, Copy, Debug)]
pub struct TensorDescription<'a> {
    /// Component name of the tensor in the message.
    pub name: &'a str,
    /// Where the data lives.
    pub storage_type: MemoryStorageType,
    /// The shape.
    pub shape: Shape,
    /// The element type.
    pub element_type: PrimitiveType,
    /// Bytes per element; only read for `Custom` (otherwise the type's size is used).
    pub bytes_per_element: u64,
    /// Byte strides; trivial (dense) when `None`.
    pub strides: Option<Strides>,
}

impl<'a> TensorDescription<'a> {
    /// A dense tensor of a primitive type.
    pub fn new(name: &'a str, storage_type: MemoryStorageType, shape: Shape, element_type: PrimitiveType) -> Self {
        TensorDescription { name, storage_type, shape, element_type, bytes_per_element: 0, strides: None }
    }

    /// The same with explicit byte strides.
    pub fn with_strides(self, strides: Strides) -> Self {
        TensorDescription { strides: Some(strides), ..self }
    }

    /// The bytes per element used: the type's size, or `bytes_per_element` for `Custom`.
    pub fn effective_bytes_per_element(&self) -> u64 {
        match self.element_type {
            PrimitiveType::Custom => self.bytes_per_element,
            other => other.size(),
        }
    }
}

/// Adds a tensor named `desc.name` to `message` and allocates its memory from `allocator`.
pub fn add_tensor<'m>(
    message: &'m mut Message,
    allocator: Handle<iface::Allocator>,
    desc: &TensorDescription,
) -> Result<&'m mut Tensor> {
    let tensor = message.add(desc.name, Tensor::default())?;
    tensor
        .reshape_custom(
            desc.shape,
            desc.element_type,
            desc.effective_bytes_per_element(),
            desc.strides,
            desc.storage_type,
            allocator,
        )
        .map_err(|e| e.context(format!("tensor '{}'", desc.name)))?;
    Ok(tensor)
}

/// A new message holding one tensor per description (GXF's `CreateTensorMap`).
pub fn create_tensor_map(
    context: ContextRef,
    allocator: Handle<iface::Allocator>,
    descriptions: &[TensorDescription],
) -> Result<Message> {
    let mut message = Message::new(context)?;
    for desc in descriptions {
        add_tensor(&mut message, allocator, desc)?;
    }
    Ok(message)
}

#[cfg(test)]
mod tests {
    use super::super::memory::HeapBlock;
    use super::*;
    use crate::abi::AllocatorVTable;
    use std::collections::HashMap;
    use std::ffi::c_void;
    use std::sync::Mutex;

    /// A heap allocator behind a real vtable, counting live blocks.
    #[derive(Default)]
    struct TestAllocator {
        blocks: Mutex<HashMap<usize, HeapBlock>>,
    }

    unsafe extern "C" fn is_available(_: *mut c_void, _: u64) -> bool {
        true
    }
    unsafe extern "C" fn allocate(obj: *mut c_void, size: u64, _storage: i32, out: *mut *mut u8) -> i32 {
        // SAFETY: obj is the leaked TestAllocator; out is valid for the call.
        let this = unsafe { &*(obj as *const TestAllocator) };
        let block = HeapBlock::new(size).expect("test allocation");
        // SAFETY: the caller passes a valid out-pointer.
        unsafe { *out = block.as_ptr() };
        this.blocks.lock().unwrap().insert(block.as_ptr() as usize, block);
        0
    }
    unsafe extern "C" fn free(obj: *mut c_void, ptr: *mut u8) -> i32 {
        // SAFETY: obj is the leaked TestAllocator.
        let this = unsafe { &*(obj as *const TestAllocator) };
        assert!(this.blocks.lock().unwrap().remove(&(ptr as usize)).is_some(), "free of an unknown pointer");
        0
    }
    unsafe extern "C" fn block_size(_: *mut c_void) -> u64 {
        1
    }
    static VTABLE: AllocatorVTable = AllocatorVTable { is_available, allocate, free, block_size };

    fn allocator() -> (&'static TestAllocator, Handle<iface::Allocator>) {
        let this: &'static TestAllocator = Box::leak(Box::default());
        (this, Handle::for_test(this as *const TestAllocator as *mut c_void, &VTABLE))
    }

    fn live(a: &TestAllocator) -> Vec<u64> {
        a.blocks.lock().unwrap().values().map(|b| b.size()).collect()
    }

    #[test]
    fn the_specs_worked_example_of_row_strides() {
        let shape = Shape::new(&[2, 3, 4]);
        let strides = compute_row_strides(&shape, 256, 4).unwrap();
        assert_eq!(&strides[..3], &[256, 16, 4]);
        let (pool, handle) = allocator();
        let mut foo = Tensor::default();
        foo.reshape_custom(shape, PrimitiveType::Float32, 4, Some(strides), MemoryStorageType::Host, handle).unwrap();
        assert_eq!(
            (foo.bytes_size(), foo.stride(0), foo.stride(1), foo.stride(2), foo.stride(3)),
            (512, 256, 16, 4, 0)
        );
        // Allocation ignores strides: 24 floats.
        assert_eq!((foo.size(), live(pool)), (96, vec![96]));
        assert!(!foo.is_contiguous());
        drop(foo);
        assert!(live(pool).is_empty());
    }

    #[test]
    fn strides_from_steps_and_trivial_strides() {
        let shape = Shape::new(&[2, 3, 4]);
        assert_eq!(&compute_strides(&shape, &[256, 64, 8, 1, 1, 1, 1, 1])[..3], &[256, 64, 8]);
        assert_eq!(&compute_trivial_strides(&shape, 8)[..3], &[96, 32, 8]);
        assert_eq!(compute_trivial_strides(&Shape::default(), 8), [0; MAX_RANK]);
        assert_eq!(compute_row_strides(&Shape::new(&[3, 4]), 256, 4).unwrap_err().code, Code::GXF_ARGUMENT_INVALID);
        assert_eq!(compute_row_strides(&shape, 0, 4).unwrap_err().code, Code::GXF_ARGUMENT_INVALID);
    }

    #[test]
    fn reshape_sizes_types_and_memory_recycling() {
        let (pool, handle) = allocator();
        let mut t = Tensor::default();
        assert_eq!((t.rank(), t.element_type(), t.bytes_per_element(), t.size()), (0, PrimitiveType::Unsigned8, 1, 0));
        t.reshape::<f64>(Shape::new(&[2, 3, 4]), MemoryStorageType::System, handle).unwrap();
        assert_eq!(
            (t.element_count(), t.size(), t.bytes_size(), t.storage_type()),
            (24, 192, 192, MemoryStorageType::System)
        );
        assert!(t.is_contiguous());
        t.data_mut::<f64>().unwrap().iter_mut().enumerate().for_each(|(i, v)| *v = i as f64);
        assert_eq!(t.data::<f64>().unwrap()[23], 23.0);
        assert_eq!(t.data::<f32>().unwrap_err().code, Code::GXF_INVALID_DATA_FORMAT);
        assert_eq!(t.as_bytes().unwrap().len(), 192);
        // Reshaping frees the old block first.
        t.reshape::<u8>(Shape::new(&[5]), MemoryStorageType::Host, handle).unwrap();
        assert_eq!(live(pool), vec![5]);
        t.reshape_custom(Shape::new(&[2, 2]), PrimitiveType::Custom, 3, None, MemoryStorageType::Host, handle).unwrap();
        assert_eq!((t.size(), t.strides()), (12, &[6u64, 3][..]));
        assert_eq!(t.data::<u8>().unwrap().len(), 12, "custom tensors accept any element type");
        // Rank 0 has no elements.
        t.reshape::<i32>(Shape::default(), MemoryStorageType::Host, handle).unwrap();
        assert_eq!((t.element_count(), t.size(), t.bytes_size()), (0, 0, 0));
        drop(t);
        assert!(live(pool).is_empty());
    }

    #[test]
    fn device_data_is_not_readable_on_the_cpu() {
        let (pool, handle) = allocator();
        let mut t = Tensor::default();
        t.reshape::<f32>(Shape::new(&[4]), MemoryStorageType::Device, handle).unwrap();
        assert_eq!(live(pool).len(), 1, "the allocator, not the tensor, decides which storage it serves");
        assert_eq!(t.data::<f32>().unwrap_err().code, Code::GXF_MEMORY_INVALID_STORAGE_MODE);
        assert_eq!(t.as_bytes().unwrap_err().code, Code::GXF_MEMORY_INVALID_STORAGE_MODE);
    }

    #[test]
    fn descriptions_use_the_type_size_unless_custom() {
        let shape = Shape::new(&[8]);
        let d = TensorDescription::new("f", MemoryStorageType::Host, shape, PrimitiveType::Float32);
        assert_eq!((d.effective_bytes_per_element(), d.strides), (4, None));
        let custom = TensorDescription { bytes_per_element: 3, ..d.with_strides([3; MAX_RANK]) };
        assert_eq!(custom.effective_bytes_per_element(), 4);
        let custom = TensorDescription { element_type: PrimitiveType::Custom, ..custom };
        assert_eq!(custom.effective_bytes_per_element(), 3);
    }
}
