//! Folding several requirements on one extension into one: GXF lets them agree only on the major.

use std::sync::Arc;

use semver::Version;

use crate::version_rule::{allowed_range, compatible, describe};

/// The strictest requirement on one extension so far, and who made it.
#[derive(Clone, Debug)]
pub(crate) struct Demand {
    /// The extension asked for.
    pub name: Arc<str>,
    /// The highest minimum asked for (all minimums share its major).
    pub minimum: Version,
    /// Who asked for `minimum`.
    pub required_by: String,
}

impl Demand {
    /// This demand in words, e.g. `graph.yaml requires Foo 1.x (>= 1.2.0)`.
    pub fn sentence(&self) -> String {
        format!("{} requires {} {}", self.required_by, self.name, describe(&allowed_range(&self.minimum)))
    }
}

/// Two requirements on one extension with different majors: no single version satisfies both.
#[derive(Debug)]
pub(crate) struct Clash {
    /// The requirement met first.
    pub earlier: Demand,
    /// The requirement that contradicts it.
    pub later: Demand,
}

/// Adds `demand` to `demands`: a new extension is appended; the same extension with the same
/// major keeps the higher minimum (the first requester wins ties); another major is a [`Clash`].
pub(crate) fn merge(demands: &mut Vec<Demand>, demand: Demand) -> Result<(), Box<Clash>> {
    let Some(existing) = demands.iter_mut().find(|d| d.name == demand.name) else {
        demands.push(demand);
        return Ok(());
    };
    if !compatible(&existing.minimum, &demand.minimum) {
        return Err(Box::new(Clash { earlier: existing.clone(), later: demand }));
    }
    if demand.minimum > existing.minimum {
        *existing = demand;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demand(name: &str, minimum: &str, by: &str) -> Demand {
        Demand { name: Arc::from(name), minimum: Version::parse(minimum).unwrap(), required_by: by.to_owned() }
    }

    #[test]
    fn same_major_keeps_the_highest_minimum() {
        let mut demands = Vec::new();
        merge(&mut demands, demand("A", "1.2.0", "g1")).unwrap();
        merge(&mut demands, demand("B", "3.0.0", "g1")).unwrap();
        merge(&mut demands, demand("A", "1.5.0", "g2")).unwrap();
        merge(&mut demands, demand("A", "1.1.0", "g3")).unwrap();
        assert_eq!(demands.len(), 2);
        assert_eq!(demands[0].minimum, Version::new(1, 5, 0));
        assert_eq!(demands[0].required_by, "g2");
    }

    #[test]
    fn other_major_clashes_naming_both() {
        let mut demands = vec![demand("A", "1.2.0", "g1")];
        let clash = merge(&mut demands, demand("A", "2.0.0", "g2")).unwrap_err();
        assert_eq!(clash.earlier.sentence(), "g1 requires A 1.x (>= 1.2.0)");
        assert_eq!(clash.later.sentence(), "g2 requires A 2.x (>= 2.0.0)");
    }
}
