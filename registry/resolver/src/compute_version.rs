//! Versions of compute stacks (CUDA, TensorRT, …), written loosely: `12.6`, `10.3.0`, `7`, `8.6.1.6`.

use std::error::Error;
use std::fmt;
use std::str::FromStr;

/// A compute-stack version; a missing minor or patch reads as 0, components past the third are ignored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ComputeVersion {
    /// Major version.
    pub major: u64,
    /// Minor version (0 when not written).
    pub minor: u64,
    /// Patch version (0 when not written).
    pub patch: u64,
}

impl ComputeVersion {
    /// The version `major.minor.patch`.
    pub const fn new(major: u64, minor: u64, patch: u64) -> Self {
        Self { major, minor, patch }
    }
}

impl fmt::Display for ComputeVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// A compute version that is not dot-separated numbers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseComputeVersionError {
    /// The text that did not parse.
    pub input: String,
}

impl fmt::Display for ParseComputeVersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "'{}' is not a version: expected numbers separated by dots, like 12.6 or 10.3.0", self.input)
    }
}

impl Error for ParseComputeVersionError {}

impl FromStr for ComputeVersion {
    type Err = ParseComputeVersionError;

    /// Parses `12`, `12.6`, `12.6.1` or longer (an optional leading `v` is accepted).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || ParseComputeVersionError { input: text.to_owned() };
        let trimmed = text.trim();
        let digits = trimmed.strip_prefix(['v', 'V']).unwrap_or(trimmed);
        let mut numbers = [0u64; 3];
        for (position, part) in digits.split('.').enumerate() {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(error());
            }
            if let Some(slot) = numbers.get_mut(position) {
                *slot = part.parse().map_err(|_| error())?;
            }
        }
        let [major, minor, patch] = numbers;
        Ok(Self { major, minor, patch })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_parts_are_zero() {
        assert_eq!("12.6".parse(), Ok(ComputeVersion::new(12, 6, 0)));
        assert_eq!("7".parse(), Ok(ComputeVersion::new(7, 0, 0)));
        assert_eq!("10.3.0".parse(), Ok(ComputeVersion::new(10, 3, 0)));
        assert_eq!(" v3.0.10 ".parse(), Ok(ComputeVersion::new(3, 0, 10)));
        assert_eq!("8.6.1.6".parse(), Ok(ComputeVersion::new(8, 6, 1)));
    }

    #[test]
    fn junk_is_refused_with_the_input_named() {
        for bad in ["", "12.", ".6", "12.x", "twelve", "1.-2", "99999999999999999999999"] {
            let error = bad.parse::<ComputeVersion>().unwrap_err();
            assert_eq!(error.input, bad);
            assert!(error.to_string().contains("is not a version"));
        }
    }
}
