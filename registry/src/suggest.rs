//! "Did you mean ...?": the known name closest to a mistyped one.

/// Levenshtein distance (characters).
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

/// The closest of `known` to `name`, if it is close enough to be a likely typo (at most a third
/// of the name's length away, ignoring case).
pub fn closest<'a>(name: &str, known: &'a [String]) -> Option<&'a str> {
    let lower = name.to_lowercase();
    let (best, d) = known.iter().map(|k| (k, distance(&lower, &k.to_lowercase()))).min_by_key(|(_, d)| *d)?;
    (d <= (name.chars().count() / 3).max(1)).then_some(best.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_name_and_strangers_find_none() {
        let known =
            vec!["nvidia::gxf::PingTx".to_string(), "nvidia::gxf::PingRx".to_string(), "StandardExtension".into()];
        assert_eq!(closest("nvidia::gxf::PingTX", &known), Some("nvidia::gxf::PingTx"));
        assert_eq!(closest("StandardExtensoin", &known), Some("StandardExtension"));
        assert_eq!(closest("Foo", &known), None);
    }
}
