//! GXF's version rule: a requirement on `X.Y.Z` accepts `X.Y.Z` or any newer version with major `X`,
//! and how such ranges read in messages.

use std::ops::Bound;

use pubgrub::Ranges;
use semver::{Prerelease, Version};

/// A set of versions, as pubgrub manipulates them.
pub(crate) type VersionRange = Ranges<Version>;

/// The versions a requirement on `minimum` accepts: `[X.Y.Z, (X+1).0.0)`.
pub(crate) fn allowed_range(minimum: &Version) -> VersionRange {
    match next_major_floor(minimum.major) {
        Some(ceiling) => Ranges::between(minimum.clone(), ceiling),
        None => Ranges::higher_than(minimum.clone()),
    }
}

/// Whether two requirement minimums can ever be satisfied by one version (GXF: same major).
pub(crate) fn compatible(a: &Version, b: &Version) -> bool {
    a.major == b.major
}

/// The lowest version with major `major + 1`: `(X+1).0.0-0` sorts below every `(X+1).*` release,
/// pre-releases included. `None` when `major + 1` overflows (the range is then unbounded).
fn next_major_floor(major: u64) -> Option<Version> {
    let mut floor = Version::new(major.checked_add(1)?, 0, 0);
    // "0" is always a valid pre-release; were it refused, `X+1.0.0` would still exclude the releases.
    floor.pre = Prerelease::new("0").unwrap_or(Prerelease::EMPTY);
    Some(floor)
}

/// Whether `version` is the synthetic ceiling `(X+1).0.0-0` that [`allowed_range`] uses.
fn is_major_floor(version: &Version) -> bool {
    version.minor == 0 && version.patch == 0 && version.pre.as_str() == "0" && version.build.is_empty()
}

/// A version as a person reads it: the synthetic ceiling `2.0.0-0` reads `2.0.0`.
fn show(version: &Version) -> String {
    if is_major_floor(version) {
        format!("{}.0.0", version.major)
    } else {
        version.to_string()
    }
}

/// A range in words: `1.x (>= 1.2.0)` for a GXF requirement, `1.6.0` for one version,
/// `>= 1.0.0, < 1.5.0` otherwise (alternatives joined with `or`).
pub(crate) fn describe(range: &VersionRange) -> String {
    if range.is_empty() {
        return "no version".to_owned();
    }
    if let Some(version) = range.as_singleton() {
        return version.to_string();
    }
    let segments: Vec<String> = range.iter().map(|(low, high)| describe_segment(low, high)).collect();
    segments.join(" or ")
}

fn describe_segment(low: &Bound<Version>, high: &Bound<Version>) -> String {
    match (low, high) {
        (Bound::Included(low), Bound::Excluded(high)) if next_major_floor(low.major).as_ref() == Some(high) => {
            format!("{}.x (>= {low})", low.major)
        }
        (Bound::Included(low), Bound::Included(high)) if low == high => low.to_string(),
        (Bound::Unbounded, Bound::Unbounded) => "any version".to_owned(),
        (low, Bound::Unbounded) => lower(low),
        (Bound::Unbounded, high) => upper(high),
        (low, high) => format!("{}, {}", lower(low), upper(high)),
    }
}

fn lower(bound: &Bound<Version>) -> String {
    match bound {
        Bound::Included(v) => format!(">= {}", show(v)),
        Bound::Excluded(v) => format!("> {}", show(v)),
        Bound::Unbounded => "any version".to_owned(),
    }
}

fn upper(bound: &Bound<Version>) -> String {
    match bound {
        Bound::Included(v) => format!("<= {}", show(v)),
        Bound::Excluded(v) => format!("< {}", show(v)),
        Bound::Unbounded => "any version".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap()
    }

    #[test]
    fn range_is_same_major_and_newer() {
        let range = allowed_range(&v("1.2.3"));
        assert!(range.contains(&v("1.2.3")));
        assert!(range.contains(&v("1.9.0")));
        assert!(!range.contains(&v("1.2.2")));
        assert!(!range.contains(&v("2.0.0")));
        assert!(!range.contains(&v("2.0.0-rc1")), "pre-releases of the next major are another major");
        assert!(!range.contains(&v("0.9.0")));
    }

    #[test]
    fn highest_major_has_no_ceiling() {
        let range = allowed_range(&Version::new(u64::MAX, 0, 0));
        assert!(range.contains(&Version::new(u64::MAX, 7, 0)));
        assert_eq!(describe(&range), format!(">= {}.0.0", u64::MAX));
    }

    #[test]
    fn descriptions_read_naturally() {
        assert_eq!(describe(&allowed_range(&v("2.3.0"))), "2.x (>= 2.3.0)");
        assert_eq!(describe(&Ranges::singleton(v("1.6.0"))), "1.6.0");
        assert_eq!(describe(&Ranges::full()), "any version");
        assert_eq!(describe(&Ranges::empty()), "no version");
        assert_eq!(describe(&Ranges::between(v("1.0.0"), v("1.5.0"))), ">= 1.0.0, < 1.5.0");
        let two = allowed_range(&v("1.0.0")).union(&allowed_range(&v("3.1.0")));
        assert_eq!(describe(&two), "1.x (>= 1.0.0) or 3.x (>= 3.1.0)");
        let cut = allowed_range(&v("1.0.0")).intersection(&Ranges::higher_than(v("1.2.0")).complement());
        assert_eq!(describe(&cut), ">= 1.0.0, < 1.2.0");
        assert_eq!(describe(&allowed_range(&v("1.0.0")).complement()), "< 1.0.0 or >= 2.0.0");
    }

    #[test]
    fn compatibility_is_by_major() {
        assert!(compatible(&v("1.0.0"), &v("1.9.9")));
        assert!(!compatible(&v("1.9.9"), &v("2.0.0")));
    }
}
