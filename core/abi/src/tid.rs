//! GXF type ids: 128-bit UUIDs written as two 64-bit words.

use std::fmt;

/// A GXF type id (`gxf_tid_t`): `{hash1, hash2}`; null is both zero.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default, abi_stable::StableAbi)]
pub struct Tid {
    /// High 64 bits (first 16 hex digits of the UUID).
    pub hash1: u64,
    /// Low 64 bits.
    pub hash2: u64,
}

impl Tid {
    /// The null type id.
    pub const NULL: Tid = Tid { hash1: 0, hash2: 0 };

    /// Parses a UUID text (`8-4-4-4-12` or 32 hex digits) at compile time; panics (compile error in
    /// const context) on malformed input.
    pub const fn from_uuid(text: &str) -> Tid {
        match Tid::parse(text) {
            Some(tid) => tid,
            None => panic!("malformed UUID"),
        }
    }

    /// Parses a UUID text; `None` unless it holds exactly 32 hex digits (dashes ignored).
    pub const fn parse(text: &str) -> Option<Tid> {
        let bytes = text.as_bytes();
        let mut words = [0u64; 2];
        let mut digits = 0usize;
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes[i];
            i += 1;
            if c == b'-' {
                continue;
            }
            let v = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => return None,
            };
            if digits >= 32 {
                return None;
            }
            words[digits / 16] = (words[digits / 16] << 4) | v as u64;
            digits += 1;
        }
        if digits != 32 {
            return None;
        }
        Some(Tid { hash1: words[0], hash2: words[1] })
    }

    /// True for the null id.
    pub fn is_null(&self) -> bool {
        self.hash1 == 0 && self.hash2 == 0
    }
}

impl fmt::Display for Tid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let h = format!("{:016x}{:016x}", self.hash1, self.hash2);
        write!(f, "{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_gxf_uuid_form() {
        let tid = Tid::from_uuid("84fd5d56-fda6-4937-0b3c-c283252553d8");
        assert_eq!(tid.hash1, 0x84fd5d56fda64937);
        assert_eq!(tid.hash2, 0x0b3cc283252553d8);
        assert_eq!(tid.to_string(), "84fd5d56-fda6-4937-0b3c-c283252553d8");
    }

    #[test]
    fn rejects_wrong_length_and_non_hex() {
        assert!(Tid::parse("1234").is_none());
        assert!(Tid::parse("zz fd5d56-fda6-4937-0b3c-c283252553d8").is_none());
        assert!(Tid::parse("84fd5d56fda649370b3cc283252553d8").is_some());
    }
}
