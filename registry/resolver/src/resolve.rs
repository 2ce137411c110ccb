//! [`resolve`]: the dependency closure of a set of requirements, each at its highest allowed version.

use std::collections::HashMap;

use pubgrub::PubGrubError;

use crate::error::ResolveError;
use crate::graph::{load_order, Chosen};
use crate::index::{Index, Requirement, Resolved};
use crate::provider::{Pkg, Provider, ROOT_VERSION};
use crate::report::conflict;

/// The dependency closure of `roots`, each at the highest version allowed, dependencies first.
///
/// A requirement on `X.Y.Z` accepts `X.Y.Z` and any newer version with major `X` (GXF's rule);
/// each extension gets the newest registered version every requirement on it accepts, searched
/// with PubGrub (which backtracks to older versions when the newest ones conflict). The result
/// lists each extension once, in GXF's load order: depth-first post-order from the roots in the
/// order given, dependencies in the order each release declares them.
///
/// Fails when an extension is unknown (with a "did you mean" suggestion), a uuid does not match
/// the registered one, the index contradicts itself, the requirements conflict (the message names
/// both sides), or the chosen releases form a dependency cycle (GXF forbids cycles; the solver
/// does not steer around them, they are reported). No requirements resolve to an empty list.
pub fn resolve(roots: &[Requirement], index: &dyn Index) -> Result<Vec<Resolved>, ResolveError> {
    let provider = Provider::new(index, roots)?;
    let solution = match pubgrub::resolve(&provider, Pkg::Root, ROOT_VERSION) {
        Ok(solution) => solution,
        Err(PubGrubError::NoSolution(tree)) => return Err(conflict(&tree, &provider)),
        Err(
            PubGrubError::ErrorRetrievingDependencies { source, .. }
            | PubGrubError::ErrorChoosingVersion { source, .. }
            | PubGrubError::ErrorInShouldCancel(source),
        ) => return Err(source),
    };
    let mut chosen = HashMap::new();
    for (package, version) in solution.iter() {
        if let Pkg::Extension(name) = package {
            if let Some(registered) = provider.registered(name)? {
                chosen.insert(&**name, Chosen { registered, version: version.clone() });
            }
        }
    }
    let roots: Vec<&str> = provider.roots().iter().map(|demand| &*demand.name).collect();
    load_order(&roots, &chosen)
}
