//! `nvidia::gxf::Shape`: the dimensions of a tensor, rank at most 8.

use crate::api::MessageComponent;
use crate::tid::Tid;
use std::fmt;

/// Largest tensor rank (`Shape::kMaxRank`).
pub const MAX_RANK: usize = 8;

/// Tensor dimensions (GXF's `Shape`): rank ≤ [`MAX_RANK`], `int32` dimensions.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct Shape {
    rank: u32,
    dims: [i32; MAX_RANK],
}

impl Shape {
    /// A shape with the given dimensions; those beyond [`MAX_RANK`] are ignored (as in GXF).
    pub fn new(dims: &[i32]) -> Shape {
        let rank = dims.len().min(MAX_RANK);
        let mut shape = Shape { rank: rank as u32, dims: [0; MAX_RANK] };
        shape.dims[..rank].copy_from_slice(&dims[..rank]);
        shape
    }

    /// The rank.
    pub fn rank(&self) -> u32 {
        self.rank
    }

    /// The dimensions, one per rank.
    pub fn dims(&self) -> &[i32] {
        &self.dims[..self.rank as usize]
    }

    /// Number of elements: the product of the dimensions, but **0 for rank 0** (as in GXF).
    pub fn size(&self) -> u64 {
        if self.rank == 0 {
            return 0;
        }
        self.dims().iter().fold(1u64, |n, &d| n.wrapping_mul(d as i64 as u64))
    }

    /// Dimension `index`; 0 for every index at rank 0, 1 for indices at or beyond the rank.
    pub fn dimension(&self, index: u32) -> i32 {
        if self.rank == 0 {
            0
        } else if index >= self.rank {
            1
        } else {
            self.dims[index as usize]
        }
    }

    /// Whether every dimension is positive.
    pub fn valid(&self) -> bool {
        self.dims().iter().all(|&d| d > 0)
    }
}

impl PartialEq for Shape {
    fn eq(&self, other: &Shape) -> bool {
        self.dims() == other.dims()
    }
}

impl Eq for Shape {}

/// `(d0, d1, ...)`, as GXF's `PrintTensor` writes shapes.
impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "(")?;
        for (i, d) in self.dims().iter().enumerate() {
            if i > 0 {
                write!(f, ", ")?;
            }
            write!(f, "{d}")?;
        }
        write!(f, ")")
    }
}

impl fmt::Debug for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Shape{self}")
    }
}

// SAFETY: GXF's tid for Shape; repr(C) plain data.
unsafe impl MessageComponent for Shape {
    const TID: Tid = crate::abi::types::SHAPE.tid;
    const TYPE_NAME: &'static str = crate::abi::types::SHAPE.name;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_and_dimension_quirks() {
        let s = Shape::new(&[2, 3, 4]);
        assert_eq!((s.rank(), s.size(), s.dimension(0), s.dimension(2), s.dimension(3)), (3, 24, 2, 4, 1));
        let empty = Shape::default();
        assert_eq!((empty.rank(), empty.size(), empty.dimension(0), empty.dimension(5)), (0, 0, 0, 0));
        assert!(empty.valid());
        assert!(!Shape::new(&[2, 0]).valid());
        assert_eq!(Shape::new(&[5]).size(), 5);
    }

    #[test]
    fn extra_dimensions_are_ignored_and_equality_is_by_rank_dims() {
        let s = Shape::new(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert_eq!(s.rank(), 8);
        assert_eq!(s.dims(), &[1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(Shape::new(&[2, 3]), Shape::new(&[2, 3]));
        assert_ne!(Shape::new(&[2, 3]), Shape::new(&[2, 3, 1]));
        assert_eq!(Shape::new(&[2, 3, 4]).to_string(), "(2, 3, 4)");
    }
}
