//! "Did you mean ...?": the known name closest to a misspelled one (graph keys, parameter keys,
//! type and extension names; used by the loader, gxe and the registry).

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
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

/// The candidate closest to `word` ignoring case, when close enough to be a typo (at most a third
/// of its length away, one edit for short words). Candidates whose length alone puts them too far
/// are never compared, so a huge word (bad input) costs no more than reading it.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let length = word.chars().count();
    let allowed = (length / 3).max(1);
    let near_in_length = |c: &&str| c.chars().count().abs_diff(length) <= allowed;
    let word = word.to_lowercase();
    let (best, distance) = candidates
        .into_iter()
        .filter(near_in_length)
        .map(|c| (c, edit_distance(&word, &c.to_lowercase())))
        .min_by_key(|(_, d)| *d)?;
    (distance <= allowed).then_some(best)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_word_and_strangers_none() {
        assert_eq!(closest("min_sise", ["min_size", "transmitter"]), Some("min_size"));
        assert_eq!(closest("nme", ["name", "components"]), Some("name"));
        assert_eq!(closest("component", ["name", "components"]), Some("components"));
        assert_eq!(closest("zzzz", ["name", "components"]), None);
        assert_eq!(
            closest("nvidia::gxf::PingTX", ["nvidia::gxf::PingTx", "nvidia::gxf::PingRx"]),
            Some("nvidia::gxf::PingTx")
        );
        assert_eq!(closest("StandardExtensoin", ["StandardExtension"]), Some("StandardExtension"));
    }
}
