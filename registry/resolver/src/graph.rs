//! The resolved extensions as a graph: dependencies-first load order, and the cycles GXF forbids.

use std::collections::HashMap;
use std::rc::Rc;

use semver::Version;

use crate::error::ResolveError;
use crate::index::{Release, Resolved};
use crate::registered::Registered;

/// One chosen extension: its releases and the version picked.
pub(crate) struct Chosen {
    /// Every release of the extension.
    pub registered: Rc<Registered>,
    /// The version the solver picked.
    pub version: Version,
}

impl Chosen {
    fn release(&self) -> Option<&Release> {
        self.registered.release(&self.version)
    }

    fn resolved(&self) -> Resolved {
        Resolved {
            name: self.registered.name.to_string(),
            uuid: self.registered.uuid.clone(),
            version: self.version.clone(),
        }
    }
}

/// Where the depth-first walk stands with an extension.
enum Mark {
    /// On the current depth-first path.
    Open,
    /// Emitted, with all its dependencies.
    Done,
}

/// The extensions reachable from `roots` in GXF's load order: depth-first post-order, roots in
/// the order given, dependencies in the order each release declares them. A cycle is an error.
pub(crate) fn load_order(roots: &[&str], chosen: &HashMap<&str, Chosen>) -> Result<Vec<Resolved>, ResolveError> {
    let mut marks: HashMap<&str, Mark> = HashMap::with_capacity(chosen.len());
    let mut order = Vec::with_capacity(chosen.len());
    for &root in roots {
        let Some((root, node)) = chosen.get_key_value(root) else {
            continue;
        };
        if marks.contains_key(root) {
            continue;
        }
        marks.insert(root, Mark::Open);
        // Each frame: the extension's name, its chosen release, and how many dependencies are done.
        let mut path: Vec<(&str, &Chosen, usize)> = vec![(root, node, 0)];
        while let Some(frame) = path.last_mut() {
            let (name, node, next) = *frame;
            let dependency = node.release().and_then(|release| release.dependencies.get(next));
            let Some(dependency) = dependency else {
                path.pop();
                marks.insert(name, Mark::Done);
                order.push(node.resolved());
                continue;
            };
            frame.2 += 1;
            match marks.get(dependency.extension.as_str()) {
                Some(Mark::Done) => {}
                Some(Mark::Open) => return Err(cycle(&path, &dependency.extension)),
                None => {
                    // Every dependency of a chosen release is itself chosen; only a self-dependency
                    // (never given to the solver) could be missing, and it is `Open` above.
                    if let Some((dependency, next_node)) = chosen.get_key_value(dependency.extension.as_str()) {
                        marks.insert(dependency, Mark::Open);
                        path.push((dependency, next_node, 0));
                    }
                }
            }
        }
    }
    Ok(order)
}

/// The cycle closed by an edge from the end of `path` back to `target`, which is on `path`.
fn cycle(path: &[(&str, &Chosen, usize)], target: &str) -> ResolveError {
    let start = path.iter().position(|(name, _, _)| *name == target).unwrap_or(0);
    let mut steps: Vec<(String, Version)> =
        path[start..].iter().map(|(name, node, _)| ((*name).to_owned(), node.version.clone())).collect();
    if let Some(first) = steps.first().cloned() {
        steps.push(first);
    }
    ResolveError::Cycle { path: steps }
}
