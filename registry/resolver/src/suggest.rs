//! "Did you mean …?": the known extension name closest to a misspelled one.

/// The known name most like `wanted`, if any is close enough to be a plausible typo.
///
/// Names are compared case-insensitively. A name qualifies when its edit distance to `wanted` is at
/// most a third of `wanted`'s length (at least 2), or when one name contains the other (`Foo` →
/// `FooBar`). The smallest distance wins; ties go to the alphabetically first name.
pub(crate) fn closest_name(wanted: &str, known: &[String]) -> Option<String> {
    let wanted_lower = wanted.to_lowercase();
    let wanted_len = wanted_lower.chars().count();
    let budget = (wanted_len / 3).max(2);
    known
        .iter()
        .filter(|name| name.as_str() != wanted)
        .filter_map(|name| {
            let lower = name.to_lowercase();
            let distance = edit_distance(&wanted_lower, &lower);
            let contains = (wanted_len >= 3 && lower.contains(&wanted_lower))
                || (lower.chars().count() >= 3 && wanted_lower.contains(&lower));
            (distance <= budget || contains).then_some((distance, name))
        })
        .min()
        .map(|(_, name)| name.clone())
}

/// Levenshtein distance (insertions, deletions and substitutions of characters).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("abc", "abc"), 0);
    }

    #[test]
    fn suggests_typos_prefixes_and_case() {
        let known = names(&["StandardExtension", "CudaExtension", "FooBar", "Zebra"]);
        assert_eq!(closest_name("StandardExtensoin", &known).as_deref(), Some("StandardExtension"));
        assert_eq!(closest_name("Foo", &known).as_deref(), Some("FooBar"));
        assert_eq!(closest_name("cudaextension", &known).as_deref(), Some("CudaExtension"));
    }

    #[test]
    fn stays_quiet_when_nothing_is_close() {
        let known = names(&["StandardExtension", "CudaExtension"]);
        assert_eq!(closest_name("Multimedia", &known), None);
        assert_eq!(closest_name("X", &names(&[])), None);
    }

    #[test]
    fn ties_go_to_the_first_name() {
        let known = names(&["Abd", "Abc"]);
        assert_eq!(closest_name("Abx", &known).as_deref(), Some("Abc"));
    }
}
