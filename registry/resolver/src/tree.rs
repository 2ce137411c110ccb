//! Walking pubgrub's derivation tree: listing its facts, and folding away "no version in the gaps".

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use pubgrub::{DerivationTree, Derived, External, Term};

use crate::provider::Pkg;
use crate::version_rule::VersionRange;

/// The tree pubgrub returns when no solution exists.
pub(crate) type Tree = DerivationTree<Pkg, VersionRange, String>;

/// A fact at a leaf of the tree.
type Fact = External<Pkg, VersionRange, String>;

/// Every leaf fact of `tree`, depth first, each shared subtree visited once.
pub(crate) fn externals(tree: &Tree) -> Vec<&Fact> {
    let mut found = Vec::new();
    let mut seen = HashSet::new();
    let mut stack = vec![tree];
    while let Some(node) = stack.pop() {
        match node {
            DerivationTree::External(external) => found.push(external),
            DerivationTree::Derived(derived) => {
                if derived.shared_id.is_none_or(|id| seen.insert(id)) {
                    stack.push(&derived.cause2);
                    stack.push(&derived.cause1);
                }
            }
        }
    }
    found
}

/// `tree` with each "no version of P lies between the registered ones" folded into the fact it
/// was combined with, when that fact is about P's own versions (its dependencies, or why it is
/// unusable). The index is complete, so the gaps hold nothing worth a sentence. Unlike pubgrub's
/// `collapse_no_versions` this never widens a dependency's range, and never panics.
pub(crate) fn collapse(tree: &Tree) -> Tree {
    collapse_shared(tree, &mut HashMap::new())
}

fn collapse_shared(tree: &Tree, done: &mut HashMap<usize, Tree>) -> Tree {
    let DerivationTree::Derived(derived) = tree else {
        return tree.clone();
    };
    if let Some(known) = derived.shared_id.and_then(|id| done.get(&id)) {
        return known.clone();
    }
    let cause1 = collapse_shared(&derived.cause1, done);
    let cause2 = collapse_shared(&derived.cause2, done);
    let collapsed = fold(derived, &cause1, &cause2).unwrap_or_else(|| {
        DerivationTree::Derived(Derived {
            terms: derived.terms.clone(),
            shared_id: derived.shared_id,
            cause1: Arc::new(cause1),
            cause2: Arc::new(cause2),
        })
    });
    if let Some(id) = derived.shared_id {
        done.insert(id, collapsed.clone());
    }
    collapsed
}

/// `derived` without its "no version in the gaps" step, when one cause is that and the other
/// is about the same package's versions.
fn fold(derived: &Derived<Pkg, VersionRange, String>, cause1: &Tree, cause2: &Tree) -> Option<Tree> {
    let (other, package, gaps) = match (cause1, cause2) {
        (DerivationTree::External(External::NoVersions(package, gaps)), other)
        | (other, DerivationTree::External(External::NoVersions(package, gaps))) => (other, package, gaps),
        _ => return None,
    };
    match other {
        // A fact about the package's versions: extend it over the gaps.
        DerivationTree::External(fact) => absorb(fact, package, gaps).map(DerivationTree::External),
        // A conclusion about the package's versions: draw this one straight from its causes.
        DerivationTree::Derived(inner) if matches!(inner.terms.get(package), Some(Term::Positive(_))) => {
            Some(DerivationTree::Derived(Derived {
                terms: derived.terms.clone(),
                shared_id: derived.shared_id,
                cause1: Arc::clone(&inner.cause1),
                cause2: Arc::clone(&inner.cause2),
            }))
        }
        DerivationTree::Derived(_) => None,
    }
}

/// `fact` extended to also cover `gaps` of `package`, when `fact` is about `package`'s versions.
fn absorb(fact: &Fact, package: &Pkg, gaps: &VersionRange) -> Option<Fact> {
    match fact {
        External::FromDependencyOf(dependent, versions, dependency, range) if dependent == package => {
            Some(External::FromDependencyOf(dependent.clone(), versions.union(gaps), dependency.clone(), range.clone()))
        }
        External::Custom(unusable, versions, reason) if unusable == package => {
            Some(External::Custom(unusable.clone(), versions.union(gaps), reason.clone()))
        }
        _ => None,
    }
}
