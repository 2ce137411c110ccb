//! The names a saved graph uses for entities and components, each checked against the loader's
//! own lookup so that the saved file refers to the same components when loaded.

use crate::result::{Code, Error, Result};
use crate::Runtime;

/// Whether an entity name can be written in a graph file. Auto names (`__entity_<eid>`, the
/// only names starting with `__`) cannot be loaded back (the loader refuses them), so GXF's quirk
/// of saving them is not copied: such entities are saved without a name.
pub(super) fn nameable(entity_name: &str) -> bool {
    !entity_name.starts_with("__")
}

/// How a reference from entity `owner` names component `target`: its bare name when it is in
/// `owner` (as GXF writes handles), else `entity/component` (GXF writes the bare name there too,
/// which loads back as a component of the owner's entity or fails). The first spelling that
/// `resolve` maps back to `target` wins; none is an error saying why.
pub(super) fn component_ref(
    rt: &Runtime,
    owner: i64,
    target: i64,
    resolve: impl Fn(&str) -> Result<i64>,
) -> Result<String> {
    let slot = rt.component(target)?;
    let entity = rt.entity(slot.eid)?;
    let name = slot.name();
    let bare = (slot.eid == owner).then(|| name.clone());
    let qualified = nameable(&entity.name).then(|| format!("{}/{name}", entity.name));
    let candidates: Vec<String> = bare.into_iter().chain(qualified).collect();
    if let Some(text) = candidates.iter().find(|text| resolve(text).ok() == Some(target)) {
        return Ok(text.clone());
    }
    let why = if candidates.is_empty() {
        "its entity has no name a graph file can use".to_string()
    } else {
        format!("'{}' would find another component or none", candidates.join("' and '"))
    };
    Err(Error::new(
        Code::GXF_FAILURE,
        format!("component '{name}' of entity '{}' cannot be named in a graph file: {why}", entity.name),
    ))
}
