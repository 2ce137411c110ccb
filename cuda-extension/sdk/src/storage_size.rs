//! GXF's storage size strings ("16MB", "1 GB", "4096KB"), as `StorageSize::ParseStorageSizeString`
//! reads them.

use gxf_sdk::{Code, Error, Result};

/// Bytes of a storage size: a number, one optional space and a unit `KB`, `MB`, `GB`, `TB`
/// (units of 1024), or `B` / none. GXF's quirks are kept: the number is truncated to a whole
/// number, and a bare number or `B` counts in megabytes (so `release_threshold: 16` is 16 MB).
pub fn parse_storage_size(text: &str) -> Result<u64> {
    let invalid = |why: String| Error::new(Code::GXF_ARGUMENT_INVALID, why);
    let trimmed = text.trim_start();
    let number_end = trimmed
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || c == '.' || ((c == '-' || c == '+') && i == 0)))
        .map_or(trimmed.len(), |(i, _)| i);
    let value: f64 = trimmed[..number_end]
        .parse()
        .map_err(|_| invalid(format!("storage size '{text}' is not a number (e.g. \"16MB\")")))?;
    if !value.is_finite() || value < 1.0 {
        return Err(invalid(format!("storage size '{text}' must be positive")));
    }
    let unit = trimmed[number_end..].strip_prefix(' ').unwrap_or(&trimmed[number_end..]);
    let shift = match unit {
        "KB" => 10,
        "" | "B" | "MB" => 20,
        "GB" => 30,
        "TB" => 40,
        other => {
            return Err(invalid(format!("storage size '{text}' has an unknown unit '{other}' (B, KB, MB, GB or TB)")))
        }
    };
    (value as u64).checked_mul(1 << shift).ok_or_else(|| invalid(format!("storage size '{text}' is too large")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_and_gxf_quirks() {
        assert_eq!(parse_storage_size("16MB").unwrap(), 16 << 20);
        assert_eq!(parse_storage_size("4 KB").unwrap(), 4 << 10);
        assert_eq!(parse_storage_size("2GB").unwrap(), 2 << 30);
        assert_eq!(parse_storage_size("16").unwrap(), 16 << 20, "a bare number is megabytes");
        assert_eq!(parse_storage_size("3B").unwrap(), 3 << 20, "so is B");
        assert_eq!(parse_storage_size("1.9MB").unwrap(), 1 << 20, "truncated");
        let code = |t| parse_storage_size(t).unwrap_err().code;
        assert_eq!(code("MB"), Code::GXF_ARGUMENT_INVALID);
        assert_eq!(code("0MB"), Code::GXF_ARGUMENT_INVALID);
        assert_eq!(code("16mb"), Code::GXF_ARGUMENT_INVALID, "units are case-sensitive");
        assert_eq!(code("99999999999TB"), Code::GXF_ARGUMENT_INVALID);
    }
}
