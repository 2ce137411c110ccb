//! GXF's period text (`10Hz`, `5ms`, `1s`, or nanoseconds), as periodic terms take it.

use gxf_sdk::prelude::*;

/// Parses GXF period text: a positive number with an optional `Hz`, `ms` or `s` suffix
/// (none = ns).
pub fn parse_period(text: &str) -> Result<i64> {
    let lower = text.trim().to_ascii_lowercase();
    let split =
        lower.find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e'))).unwrap_or(lower.len());
    let split = if lower[..split].ends_with('e') && split < lower.len() { split - 1 } else { split };
    let value: f64 =
        lower[..split].parse().map_err(|_| Error::new(Code::GXF_ARGUMENT_INVALID, format!("bad period '{text}'")))?;
    if !value.is_finite() || value <= 0.0 {
        return fail(Code::GXF_ARGUMENT_INVALID, format!("period '{text}' must be positive"));
    }
    let unit = lower[split..].strip_prefix(' ').unwrap_or(&lower[split..]);
    let ns = match unit {
        "" => value,
        "hz" => 1e9 / value,
        "ms" => value * 1e6,
        "s" => value * 1e9,
        _ => {
            return fail(
                Code::GXF_ARGUMENT_INVALID,
                format!("period '{text}' has an unknown unit (use Hz, ms, s or none for ns)"),
            )
        }
    };
    Ok(ns as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_like_gxf() {
        assert_eq!(parse_period("10Hz").unwrap(), 100_000_000);
        assert_eq!(parse_period("5ms").unwrap(), 5_000_000);
        assert_eq!(parse_period("1s").unwrap(), 1_000_000_000);
        assert_eq!(parse_period("50000000").unwrap(), 50_000_000);
        assert_eq!(parse_period("2 ms").unwrap(), 2_000_000);
        assert_eq!(parse_period("1e3").unwrap(), 1000);
        for bad in ["0", "-5ms", "10us", "abc", ""] {
            assert_eq!(parse_period(bad).unwrap_err().code, Code::GXF_ARGUMENT_INVALID, "{bad}");
        }
    }
}
