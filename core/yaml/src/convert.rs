//! yaml-cpp 0.6.3 `Node::as<T>()` conversions.
//!
//! yaml-cpp reads numbers with `std::stringstream >> std::noskipws >> value`
//! after `unsetf(std::ios::dec)` (so `0x` means hex and a leading `0` octal),
//! then requires only whitespace to follow. These helpers reproduce
//! libstdc++'s `num_get` in the "C" locale.

use std::str::FromStr;

use super::node::Node;

impl Node {
    /// yaml-cpp `as<bool>()`: y/yes/true/on and n/no/false/off in lower,
    /// UPPER or Capitalized case.
    pub fn to_bool(&self) -> Option<bool> {
        decode_bool(self.scalar()?)
    }

    /// yaml-cpp `as<int64_t>()` (`long`).
    pub fn to_i64(&self) -> Option<i64> {
        i64::try_from(extract_integer(self.scalar()?, LONG)?).ok()
    }

    /// yaml-cpp `as<uint64_t>()`; like C++, negative text wraps around.
    pub fn to_u64(&self) -> Option<u64> {
        u64::try_from(extract_integer(self.scalar()?, unsigned(64))?).ok()
    }

    /// yaml-cpp `as<int32_t>()` (read as `long`, then range-checked).
    pub fn to_i32(&self) -> Option<i32> {
        i32::try_from(extract_integer(self.scalar()?, LONG)?).ok()
    }

    /// yaml-cpp `as<uint32_t>()`; like C++, negative text wraps around.
    pub fn to_u32(&self) -> Option<u32> {
        u32::try_from(extract_integer(self.scalar()?, unsigned(32))?).ok()
    }

    /// yaml-cpp `as<int16_t>()` (read as `long`, then range-checked).
    pub fn to_i16(&self) -> Option<i16> {
        i16::try_from(extract_integer(self.scalar()?, LONG)?).ok()
    }

    /// yaml-cpp `as<uint16_t>()`; like C++, negative text wraps around.
    pub fn to_u16(&self) -> Option<u16> {
        u16::try_from(extract_integer(self.scalar()?, unsigned(16))?).ok()
    }

    /// yaml-cpp 0.6.3 `as<int8_t>()`: `int8_t` is `signed char`, which a
    /// stream reads as ONE character, so `"5"` gives 53 and `"42"` fails.
    pub fn to_i8(&self) -> Option<i8> {
        let (&first, rest) = self.scalar()?.as_bytes().split_first()?;
        all_space(rest).then(|| i8::from_ne_bytes([first]))
    }

    /// yaml-cpp `as<double>()`, including `.inf`/`-.inf`/`.nan` spellings.
    pub fn to_f64(&self) -> Option<f64> {
        decode_float(self.scalar()?)
    }

    /// yaml-cpp `as<float>()`, including `.inf`/`-.inf`/`.nan` spellings.
    pub fn to_f32(&self) -> Option<f32> {
        decode_float(self.scalar()?)
    }
}

/// An integer type as `num_get` sees it.
#[derive(Clone, Copy)]
struct IntType {
    bits: u32,
    signed: bool,
}

/// `long` on LP64 Linux; `short` and `int` are extracted through it.
const LONG: IntType = IntType { bits: 64, signed: true };

const fn unsigned(bits: u32) -> IntType {
    IntType { bits, signed: false }
}

/// `isspace` in the "C" locale.
fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// `(stream >> std::ws).eof()` on what the extraction left.
fn all_space(rest: &[u8]) -> bool {
    rest.iter().copied().all(is_space)
}

/// yaml-cpp `IsFlexibleCase`: all lowercase, or a capital then all lower or
/// all upper (ASCII letters only).
fn is_flexible_case(text: &str) -> bool {
    let all = |s: &[u8], f: fn(&u8) -> bool| s.iter().all(f);
    let bytes = text.as_bytes();
    let Some((first, rest)) = bytes.split_first() else {
        return true;
    };
    all(bytes, u8::is_ascii_lowercase)
        || (first.is_ascii_uppercase() && (all(rest, u8::is_ascii_lowercase) || all(rest, u8::is_ascii_uppercase)))
}

fn decode_bool(text: &str) -> Option<bool> {
    if !is_flexible_case(text) {
        return None;
    }
    match text.to_ascii_lowercase().as_str() {
        "y" | "yes" | "true" | "on" => Some(true),
        "n" | "no" | "false" | "off" => Some(false),
        _ => None,
    }
}

/// Full yaml-cpp integer decode: extraction must succeed and leave only
/// whitespace. Unsigned results are already wrapped modulo 2^bits.
fn extract_integer(text: &str, ty: IntType) -> Option<i128> {
    let bytes = text.as_bytes();
    let (negative, start) = match bytes.first() {
        Some(b'-') => (true, 1),
        Some(b'+') => (false, 1),
        _ => (false, 0),
    };
    let (base, found_zero, digits_at) = integer_prefix(bytes, start);
    let limit = magnitude_limit(ty, negative);
    let (magnitude, digit_count, end) = integer_digits(bytes, digits_at, base, limit)?;
    if (digit_count == 0 && !found_zero) || !all_space(&bytes[end..]) {
        return None;
    }
    Some(apply_sign(magnitude, negative, ty))
}

/// The base prefix with `basefield` unset: one `0` means octal, `0x`/`0X` hex.
/// Returns (base, a lone zero counts as a digit, index of the first digit).
fn integer_prefix(bytes: &[u8], start: usize) -> (u32, bool, usize) {
    if bytes.get(start) != Some(&b'0') {
        return (10, false, start);
    }
    match bytes.get(start + 1) {
        Some(b'x' | b'X') => (16, false, start + 2),
        _ => (8, true, start + 1),
    }
}

/// Largest magnitude `num_get` accepts before setting failbit.
fn magnitude_limit(ty: IntType, negative: bool) -> u128 {
    let full = (1u128 << ty.bits) - 1;
    match (ty.signed, negative) {
        (true, true) => 1u128 << (ty.bits - 1),
        (true, false) => full >> 1,
        (false, _) => full,
    }
}

/// Accumulate digits of `base`; overflow past `limit` fails (after consuming
/// the remaining digits, as libstdc++ does). Returns (magnitude, count, end).
fn integer_digits(bytes: &[u8], from: usize, base: u32, limit: u128) -> Option<(u128, usize, usize)> {
    let mut magnitude: u128 = 0;
    let mut end = from;
    while let Some(digit) = bytes.get(end).and_then(|&b| char::from(b).to_digit(base)) {
        magnitude = magnitude.saturating_mul(u128::from(base)).saturating_add(u128::from(digit));
        end += 1;
    }
    (magnitude <= limit).then_some((magnitude, end - from, end))
}

fn apply_sign(magnitude: u128, negative: bool, ty: IntType) -> i128 {
    let value = i128::try_from(magnitude).unwrap_or(i128::MAX);
    match (negative, ty.signed) {
        (false, _) => value,
        (true, true) => -value,
        (true, false) => ((1i128 << ty.bits) - value) % (1i128 << ty.bits),
    }
}

/// A float type the stream can produce.
trait StreamFloat: FromStr + Copy {
    const INFINITY: Self;
    const NAN: Self;
    fn is_inf(self) -> bool;
    fn negate(self) -> Self;
}

impl StreamFloat for f64 {
    const INFINITY: Self = f64::INFINITY;
    const NAN: Self = f64::NAN;
    fn is_inf(self) -> bool {
        self.is_infinite()
    }
    fn negate(self) -> Self {
        -self
    }
}

impl StreamFloat for f32 {
    const INFINITY: Self = f32::INFINITY;
    const NAN: Self = f32::NAN;
    fn is_inf(self) -> bool {
        self.is_infinite()
    }
    fn negate(self) -> Self {
        -self
    }
}

/// Stream extraction (overflow to infinity fails, as strtod's HUGE_VAL
/// makes `num_get` set failbit), then the `.inf`/`.nan` spellings.
fn decode_float<T: StreamFloat>(text: &str) -> Option<T> {
    let (collected, end) = collect_float(text.as_bytes());
    let parsed = collected.parse::<T>().ok().filter(|v| !v.is_inf());
    if let Some(value) = parsed.filter(|_| all_space(&text.as_bytes()[end..])) {
        return Some(value);
    }
    match text {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Some(T::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Some(T::INFINITY.negate()),
        ".nan" | ".NaN" | ".NAN" => Some(T::NAN),
        _ => None,
    }
}

/// libstdc++ `_M_extract_float` in the "C" locale: the characters it
/// collects for strtod, and where it stopped.
fn collect_float(bytes: &[u8]) -> (String, usize) {
    let mut out = String::new();
    let mut i = 0;
    if let Some(&sign @ (b'+' | b'-')) = bytes.first() {
        out.push(char::from(sign));
        i = 1;
    }
    let mut mantissa = false;
    while bytes.get(i) == Some(&b'0') {
        if !mantissa {
            out.push('0');
            mantissa = true;
        }
        i += 1;
    }
    let (mut dot, mut exponent) = (false, false);
    while let Some(&c) = bytes.get(i) {
        if c.is_ascii_digit() {
            out.push(char::from(c));
            mantissa = true;
        } else if c == b'.' && !dot && !exponent {
            out.push('.');
            dot = true;
        } else if matches!(c, b'e' | b'E') && !exponent && mantissa {
            out.push('e');
            exponent = true;
            i += 1;
            match bytes.get(i) {
                Some(&sign @ (b'+' | b'-')) => out.push(char::from(sign)),
                Some(_) => continue,
                None => break,
            }
        } else {
            break;
        }
        i += 1;
    }
    (out, i)
}
