//! Element types of tensors (`PrimitiveType`) and memory kinds (`MemoryStorageType`), with GXF's
//! numbering.

use crate::api::{Complex32, Complex64};
use crate::result::{Code, Error, Result};

/// Scalar type of tensor elements (GXF's `PrimitiveType`, an `int32_t` enum).
#[repr(i32)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum PrimitiveType {
    /// Opaque elements of a user-chosen size (`bytes_per_element`).
    Custom = 0,
    /// `int8_t`.
    Int8 = 1,
    /// `uint8_t` (the type of a fresh tensor).
    #[default]
    Unsigned8 = 2,
    /// `int16_t`.
    Int16 = 3,
    /// `uint16_t`.
    Unsigned16 = 4,
    /// `int32_t`.
    Int32 = 5,
    /// `uint32_t`.
    Unsigned32 = 6,
    /// `int64_t`.
    Int64 = 7,
    /// `uint64_t`.
    Unsigned64 = 8,
    /// `float`.
    Float32 = 9,
    /// `double`.
    Float64 = 10,
    /// `std::complex<float>` ([`Complex32`] here).
    Complex64 = 11,
    /// `std::complex<double>` ([`Complex64`] here).
    Complex128 = 12,
    /// IEEE half precision (no Rust element type: untyped access only).
    Float16 = 13,
}

impl PrimitiveType {
    /// Every type, in GXF's numbering order.
    pub const ALL: [PrimitiveType; 14] = [
        PrimitiveType::Custom,
        PrimitiveType::Int8,
        PrimitiveType::Unsigned8,
        PrimitiveType::Int16,
        PrimitiveType::Unsigned16,
        PrimitiveType::Int32,
        PrimitiveType::Unsigned32,
        PrimitiveType::Int64,
        PrimitiveType::Unsigned64,
        PrimitiveType::Float32,
        PrimitiveType::Float64,
        PrimitiveType::Complex64,
        PrimitiveType::Complex128,
        PrimitiveType::Float16,
    ];

    /// Bytes per element (`PrimitiveTypeSize`); 0 for `Custom`.
    pub const fn size(self) -> u64 {
        match self {
            PrimitiveType::Custom => 0,
            PrimitiveType::Int8 | PrimitiveType::Unsigned8 => 1,
            PrimitiveType::Int16 | PrimitiveType::Unsigned16 | PrimitiveType::Float16 => 2,
            PrimitiveType::Int32 | PrimitiveType::Unsigned32 | PrimitiveType::Float32 => 4,
            PrimitiveType::Int64 | PrimitiveType::Unsigned64 | PrimitiveType::Float64 => 8,
            PrimitiveType::Complex64 => 8,
            PrimitiveType::Complex128 => 16,
        }
    }

    /// The type with GXF number `raw`.
    pub fn from_raw(raw: i32) -> Result<PrimitiveType> {
        usize::try_from(raw).ok().and_then(|i| Self::ALL.get(i).copied()).ok_or_else(|| {
            Error::new(Code::GXF_ARGUMENT_OUT_OF_RANGE, format!("{raw} is not a PrimitiveType (0..=13)"))
        })
    }

    /// GXF's enumerator name (`kInt32`, ...).
    pub const fn name(self) -> &'static str {
        match self {
            PrimitiveType::Custom => "kCustom",
            PrimitiveType::Int8 => "kInt8",
            PrimitiveType::Unsigned8 => "kUnsigned8",
            PrimitiveType::Int16 => "kInt16",
            PrimitiveType::Unsigned16 => "kUnsigned16",
            PrimitiveType::Int32 => "kInt32",
            PrimitiveType::Unsigned32 => "kUnsigned32",
            PrimitiveType::Int64 => "kInt64",
            PrimitiveType::Unsigned64 => "kUnsigned64",
            PrimitiveType::Float32 => "kFloat32",
            PrimitiveType::Float64 => "kFloat64",
            PrimitiveType::Complex64 => "kComplex64",
            PrimitiveType::Complex128 => "kComplex128",
            PrimitiveType::Float16 => "kFloat16",
        }
    }
}

/// A Rust element type with its [`PrimitiveType`] (GXF's `PrimitiveTypeTraits`).
///
/// # Safety
/// `Self` must be plain data of size `TYPE.size()` for which every bit pattern is a valid value,
/// so that tensor bytes can be viewed as `Self`.
pub unsafe trait Primitive: Copy + Send + Sync + 'static {
    /// The matching element type.
    const TYPE: PrimitiveType;
}

macro_rules! primitive {
    ($($t:ty => $p:ident),* $(,)?) => {$(
        // SAFETY: a plain number type (or repr(C) pair of them) of the listed size.
        unsafe impl Primitive for $t {
            const TYPE: PrimitiveType = PrimitiveType::$p;
        }
    )*};
}
primitive!(i8 => Int8, u8 => Unsigned8, i16 => Int16, u16 => Unsigned16, i32 => Int32, u32 => Unsigned32,
    i64 => Int64, u64 => Unsigned64, f32 => Float32, f64 => Float64, Complex32 => Complex64,
    Complex64 => Complex128);

/// Where memory lives (GXF's `MemoryStorageType`).
#[repr(i32)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum MemoryStorageType {
    /// Host memory (CUDA pinned in GXF; ordinary heap here until the CUDA extension exists).
    #[default]
    Host = 0,
    /// CUDA device memory.
    Device = 1,
    /// Ordinary heap memory.
    System = 2,
}

impl MemoryStorageType {
    /// The storage type with GXF number `raw` (`GXF_PARAMETER_OUT_OF_RANGE` otherwise).
    pub fn from_raw(raw: i32) -> Result<MemoryStorageType> {
        match raw {
            0 => Ok(MemoryStorageType::Host),
            1 => Ok(MemoryStorageType::Device),
            2 => Ok(MemoryStorageType::System),
            _ => Err(Error::new(
                Code::GXF_PARAMETER_OUT_OF_RANGE,
                format!("{raw} is not a MemoryStorageType (0 Host, 1 Device, 2 System)"),
            )),
        }
    }

    /// Ok for storage the CPU can read; `GXF_MEMORY_INVALID_STORAGE_MODE` for `Device`.
    pub fn require_cpu(self) -> Result<()> {
        match self {
            MemoryStorageType::Device => Err(Error::new(
                Code::GXF_MEMORY_INVALID_STORAGE_MODE,
                "the data is in device memory, which the CPU cannot read (copy it to host memory first)",
            )),
            MemoryStorageType::Host | MemoryStorageType::System => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_and_sizes_follow_gxf() {
        let sizes = [0, 1, 1, 2, 2, 4, 4, 8, 8, 4, 8, 8, 16, 2];
        for (i, p) in PrimitiveType::ALL.iter().enumerate() {
            assert_eq!(*p as i32, i as i32);
            assert_eq!(p.size(), sizes[i], "{}", p.name());
            assert_eq!(PrimitiveType::from_raw(i as i32).unwrap(), *p);
        }
        assert!(PrimitiveType::from_raw(14).is_err());
        assert_eq!(<Complex32 as Primitive>::TYPE.size(), std::mem::size_of::<Complex32>() as u64);
        assert_eq!(<Complex64 as Primitive>::TYPE.size(), std::mem::size_of::<Complex64>() as u64);
    }

    #[test]
    fn storage_types_and_device_refusal() {
        assert_eq!(MemoryStorageType::from_raw(2).unwrap(), MemoryStorageType::System);
        assert_eq!(MemoryStorageType::from_raw(3).unwrap_err().code, Code::GXF_PARAMETER_OUT_OF_RANGE);
        assert!(MemoryStorageType::Host.require_cpu().is_ok());
        let e = MemoryStorageType::Device.require_cpu().unwrap_err();
        assert_eq!(e.code, Code::GXF_MEMORY_INVALID_STORAGE_MODE);
        assert!(e.message.contains("device memory"));
    }
}
