//! The YAML graph loader with GXF's semantics (see gxf-core-spec §1): multi-document files,
//! entities merged by name, every component created before any parameter is set, handles,
//! subgraphs with interfaces and prerequisites, entity groups, and `--param` overrides.
//! [`save_graph`] writes a context's graph back as such a file (`GxfGraphSaveToFile`); the two
//! keys it adds to GXF's format are read by `restore`.

mod files;
mod overrides;
pub mod params;
mod restore;
mod save;

use crate::abi::types;
use crate::api::ParamSpec;
use crate::clip::clip;
use crate::entity::Origin;
use crate::logging::core_log;
use crate::param_value::ParamValue;
use crate::result::{fail, Code, Error, Result};
use crate::text_file::read_limited;
use crate::yaml::{self, Mark, Node};
use crate::Runtime;
use files::FileChain;
pub use overrides::{check_all_applied, parse_overrides, Override};
use restore::is_expanded;
pub use save::{graph_to_yaml, save_graph};
use std::collections::BTreeMap;

/// What separates a located message from the offending line it shows.
const LOCATED: &str = "\n    ";
/// How a located error from a subgraph names the file that included it.
const INCLUDED_FROM: &str = "(in a subgraph included from ";
/// Most "included from" lines in one message.
const MAX_INCLUDE_LINES: usize = 4;

/// Most documents in one file (`kMaxEntities`).
const MAX_DOCUMENTS: usize = 1024;

/// Most entities in a context created by loading graphs (all files and subgraphs together).
pub const MAX_GRAPH_ENTITIES: usize = 65_536;

/// Where errors point: the file name and its text (for the offending line).
struct Source<'a> {
    file: &'a str,
    text: &'a str,
}

impl Source<'_> {
    /// `e` located at `mark` of this file, with the offending line (clipped). An error that is
    /// located already (it came from a subgraph file) gets a line saying where that file was
    /// included instead, up to [`MAX_INCLUDE_LINES`] of them.
    fn at(&self, mark: Mark, e: Error) -> Error {
        if e.message.contains(LOCATED) {
            let message = if e.message.matches(INCLUDED_FROM).count() < MAX_INCLUDE_LINES {
                format!("{}\n    {INCLUDED_FROM}{}:{}:{})", e.message, self.file, mark.line, mark.column)
            } else if !e.message.ends_with("…") {
                format!("{}\n    …", e.message)
            } else {
                e.message
            };
            return Error::new(e.code, message);
        }
        let origin = self.origin(mark);
        Error::new(e.code, located(&origin.at, &e.message, &origin.excerpt))
    }

    /// `mark` as `file:line:column` with its line as located messages echo it.
    fn origin(&self, mark: Mark) -> Origin {
        let line = self.text.lines().nth(mark.line.saturating_sub(1) as usize).unwrap_or("").trim_end();
        Origin {
            at: format!("{}:{}:{}", self.file, mark.line, mark.column),
            excerpt: format!("{} | {}", mark.line, clip(line)),
        }
    }

    fn err(&self, mark: Mark, code: Code, message: impl Into<String>) -> Error {
        self.at(mark, Error::new(code, message))
    }
}

/// A located message: `file:line:column: message`, then the offending line (`excerpt`) indented
/// on the next line. Every error the loader reports about a place in a file has this form, and so
/// do later errors about a component declared in a file (a missing mandatory parameter).
pub(crate) fn located(at: &str, message: &str, excerpt: &str) -> String {
    format!("{at}: {message}{LOCATED}{excerpt}")
}

/// Options of one load (a top-level file or a subgraph).
struct Scope<'a> {
    prefix: String,
    parent: i64,
    overrides: &'a [Override],
    prerequisites: Option<&'a Node>,
    root: &'a str,
    /// The files being loaded around this one (for cycles and the depth limit).
    chain: &'a FileChain,
}

/// Loads a graph file into the context (`GxfGraphLoadFile`) with optional overrides.
pub fn load_file(rt: &Runtime, path: &str, root: &str, overrides: &[Override]) -> Result<()> {
    let chain = FileChain::default();
    let scope = Scope { prefix: String::new(), parent: 0, overrides, prerequisites: None, root, chain: &chain };
    load_path(rt, path, &scope)
}

/// Loads graph YAML from a string (`GxfGraphParseString`).
pub fn load_str(rt: &Runtime, name: &str, text: &str, overrides: &[Override]) -> Result<()> {
    let chain = FileChain::default();
    let scope = Scope { prefix: String::new(), parent: 0, overrides, prerequisites: None, root: "", chain: &chain };
    load_text(rt, name, text, &scope, chain.clone())
}

fn resolve_path(root: &str, path: &str) -> String {
    if root.is_empty() || path.starts_with('/') {
        path.to_string()
    } else {
        format!("{}/{path}", root.trim_end_matches('/'))
    }
}

fn load_path(rt: &Runtime, path: &str, scope: &Scope) -> Result<()> {
    let full = resolve_path(scope.root, path);
    let chain = scope.chain.enter(&full)?;
    let text = read_limited(&full, "graph file")?;
    load_text(rt, &full, &text, scope, chain)
}

fn load_text(rt: &Runtime, file: &str, text: &str, scope: &Scope, chain: FileChain) -> Result<()> {
    let src = Source { file, text };
    let docs = yaml::parse_documents(text)
        .map_err(|e| src.err(e.mark, Code::GXF_FAILURE, format!("YAML syntax error: {}", e.message)))?;
    Loader { rt, src: &src, scope, chain, stash: BTreeMap::new(), interface_maps: Vec::new() }.run(docs)
}

struct Loader<'a> {
    rt: &'a Runtime,
    src: &'a Source<'a>,
    scope: &'a Scope<'a>,
    /// The files being loaded, this one last.
    chain: FileChain,
    /// cid → its parameters; only the first block per component per file.
    stash: BTreeMap<i64, Pending>,
    /// Entities and the `interface_map` of their documents, restored once all components exist.
    interface_maps: Vec<(i64, Node)>,
}

/// The parameters of one component, set once every component of the file exists.
struct Pending {
    eid: i64,
    params: Node,
    /// (key, `--param` flag) of the values that came from overrides.
    overridden: Vec<(String, String)>,
    /// The entry is marked `expanded` (a saved graph): a Subgraph's `location` is set as given.
    expanded: bool,
}

fn scalar_of(node: Option<&Node>) -> Option<&str> {
    node.and_then(Node::scalar)
}

impl Loader<'_> {
    fn run(mut self, docs: Vec<Node>) -> Result<()> {
        let docs: Vec<Node> = docs.into_iter().filter(|d| !d.is_null()).collect();
        if docs.len() > MAX_DOCUMENTS {
            return fail(
                Code::GXF_EXCEEDING_PREALLOCATED_SIZE,
                format!("{}: more than {MAX_DOCUMENTS} documents", self.src.file),
            );
        }
        for d in &docs {
            if !d.is_mapping() {
                return Err(self.src.err(d.mark, Code::GXF_INVALID_DATA_FORMAT, "a graph document must be a map"));
            }
        }
        self.warn_unknown_keys(&docs);
        let ordered = self.order(&docs)?;
        let mut deferred = Vec::new();
        for doc in ordered {
            if doc.get("components").is_some() && !self.instantiate(doc)? {
                deferred.push(doc);
            }
        }
        for doc in docs.iter().filter(|d| d.get("prerequisites").is_some()) {
            self.prerequisites(doc)?;
        }
        for doc in deferred {
            self.subgraph_doc(doc)?;
        }
        for doc in docs.iter().filter(|d| d.get("interfaces").is_some()) {
            self.interfaces(doc)?;
        }
        self.restore_interface_maps()?;
        self.apply_parameters()?;
        for doc in docs.iter().filter(|d| d.get("EntityGroups").is_some()) {
            self.entity_groups(doc)?;
        }
        Ok(())
    }

    /// GXF ignores keys it does not know in graph documents and component entries; a likely
    /// typo (`nme:`, `component:`) is worth a warning with its place and the key meant.
    fn warn_unknown_keys(&self, docs: &[Node]) {
        const DOCUMENT: [&str; 8] = [
            "name",
            "components",
            "dependencies",
            "EntityGroups",
            "interfaces",
            "prerequisites",
            "start_order",
            "interface_map",
        ];
        const COMPONENT: [&str; 4] = ["name", "type", "parameters", "expanded"];
        let check = |map: &Node, known: &[&'static str], what: &str| {
            for (key, _) in map.entries() {
                let Some(text) = key.scalar() else { continue };
                if known.contains(&text) {
                    continue;
                }
                let hint = crate::suggest::closest(text, known.iter().copied())
                    .map(|k| format!(": did you mean '{k}'?"))
                    .unwrap_or_default();
                self.rt.warn_graph(format!(
                    "Ignoring unknown key '{text}' of a {what} at {}:{}:{}{hint}",
                    self.src.file, key.mark.line, key.mark.column
                ));
            }
        };
        for doc in docs {
            check(doc, &DOCUMENT, "graph document");
            if let Some(components) = doc.get("components").filter(|c| c.is_sequence()) {
                for entry in components.items().iter().filter(|e| e.is_mapping()) {
                    check(entry, &COMPONENT, "component");
                }
            }
        }
    }

    fn order<'d>(&self, docs: &'d [Node]) -> Result<Vec<&'d Node>> {
        let orders: Vec<&Node> = docs.iter().filter_map(|d| d.get("start_order")).collect();
        if orders.len() > 1 {
            return Err(self.src.err(orders[1].mark, Code::GXF_FAILURE, "more than one start_order document"));
        }
        let Some(order) = orders.first() else {
            return Ok(docs.iter().collect());
        };
        let names: Vec<String> =
            order.items().iter().filter_map(Node::scalar).map(|n| format!("{}{n}", self.scope.prefix)).collect();
        let doc_name = |d: &Node| scalar_of(d.get("name")).map(|n| format!("{}{n}", self.scope.prefix));
        let entity_docs = docs.iter().filter(|d| d.get("name").is_some() && d.get("components").is_some()).count();
        if names.len() > entity_docs {
            return Err(self.src.err(
                order.mark,
                Code::GXF_FAILURE,
                "start_order lists more entities than the file defines",
            ));
        }
        let mut out: Vec<&Node> = Vec::new();
        for n in &names {
            match docs.iter().find(|d| doc_name(d).as_deref() == Some(n)) {
                Some(d) => out.push(d),
                None => core_log!(2, "start_order names unknown entity '{n}'"),
            }
        }
        out.extend(docs.iter().filter(|d| d.get("name").is_none() && d.get("components").is_some()));
        let rest: Vec<&Node> = docs
            .iter()
            .filter(|d| {
                d.get("components").is_some() && d.get("name").is_some() && !out.iter().any(|o| std::ptr::eq(*o, *d))
            })
            .collect();
        out.extend(rest);
        Ok(out)
    }

    fn entity_for(&self, doc: &Node) -> Result<i64> {
        match doc.get("name") {
            Some(n) => {
                let name = n.scalar().ok_or_else(|| {
                    self.src.err(n.mark, Code::GXF_INVALID_DATA_FORMAT, "entity name must be a scalar")
                })?;
                let full = format!("{}{name}", self.scope.prefix);
                match self.rt.find_entity(&full) {
                    Ok(eid) => Ok(eid),
                    Err(_) => self.create_entity(Some(&full), n.mark),
                }
            }
            None => self.create_entity(None, doc.mark),
        }
    }

    fn create_entity(&self, name: Option<&str>, mark: Mark) -> Result<i64> {
        if self.rt.entity_count() >= MAX_GRAPH_ENTITIES {
            return Err(self.src.err(
                mark,
                Code::GXF_EXCEEDING_PREALLOCATED_SIZE,
                format!("the graph would have more than {MAX_GRAPH_ENTITIES} entities"),
            ));
        }
        self.rt.create_entity(name, true).map_err(|e| self.src.at(mark, e))
    }

    fn components_of<'d>(&self, doc: &'d Node) -> Result<&'d [Node]> {
        let comps = doc.get("components").expect("caller checked");
        if comps.is_null() {
            return Ok(&[]);
        }
        if !comps.is_sequence() {
            return Err(self.src.err(comps.mark, Code::GXF_FAILURE, "'components' must be a sequence"));
        }
        Ok(comps.items())
    }

    fn is_subgraph_entry(&self, eid: i64, entry: &Node) -> bool {
        if is_expanded(entry) {
            return false;
        }
        match (scalar_of(entry.get("type")), scalar_of(entry.get("name"))) {
            (Some(t), _) => t == "nvidia::gxf::Subgraph",
            (None, Some(n)) => self
                .rt
                .find_component(eid, None, Some(n))
                .and_then(|cid| self.rt.component(cid))
                .is_ok_and(|c| c.ty.tid == types::SUBGRAPH.tid),
            _ => false,
        }
    }

    /// Creates the entity and its components; returns false when the doc is deferred (subgraph).
    fn instantiate(&mut self, doc: &Node) -> Result<bool> {
        let eid = self.entity_for(doc)?;
        let entries = self.components_of(doc)?;
        if entries.iter().any(|e| self.is_subgraph_entry(eid, e)) {
            return Ok(false);
        }
        self.note_interface_map(eid, doc);
        for entry in entries {
            let cid = self.component_for(eid, entry)?;
            self.stash_parameters(eid, cid, entry)?;
        }
        Ok(true)
    }

    fn component_for(&self, eid: i64, entry: &Node) -> Result<i64> {
        let name = match entry.get("name") {
            Some(n) => Some(n.scalar().ok_or_else(|| {
                self.src.err(n.mark, Code::GXF_INVALID_DATA_FORMAT, "component name must be a scalar")
            })?),
            None => None,
        };
        match (entry.get("type"), name) {
            (Some(t), _) => {
                let ty = t.scalar().ok_or_else(|| {
                    self.src.err(t.mark, Code::GXF_INVALID_DATA_FORMAT, "component type must be a scalar")
                })?;
                if let Some(name) = name.filter(|n| !n.is_empty()) {
                    self.refuse_second_component_named(eid, name, entry.mark)?;
                }
                let cid = self.rt.add_component(eid, ty, name.unwrap_or("")).map_err(|e| self.src.at(t.mark, e))?;
                // The `type:` key itself (the entry's mark is its first key, which may be `name:`).
                let type_key = entry.entries().iter().find(|(k, _)| k.scalar() == Some("type")).map(|(k, _)| k.mark);
                self.rt.set_origin(cid, self.src.origin(type_key.unwrap_or(entry.mark)))?;
                Ok(cid)
            }
            (None, Some(n)) => self.find_unique(eid, n).map_err(|e| self.src.at(entry.mark, e)),
            (None, None) => {
                Err(self.src.err(entry.mark, Code::GXF_FAILURE, "a component entry needs a 'type' or a 'name'"))
            }
        }
    }

    /// A second component of one name in an entity makes every later lookup of that name fail
    /// (GXF accepts it at load and fails later with an unrelated error): refused here, with both
    /// places named. The usual cause is a document repeated (two documents of one entity name add
    /// to the same entity, as GXF merges them), e.g. `--app a.yaml,a.yaml`.
    fn refuse_second_component_named(&self, eid: i64, name: &str, mark: Mark) -> Result<()> {
        let Ok(first) = self.rt.find_component(eid, None, Some(name)) else { return Ok(()) };
        let origin = self.rt.component(first)?.origin_prefix();
        let entity = self.rt.entity_name(eid);
        let first_at =
            if origin.is_empty() { String::new() } else { format!(" (at {})", origin.trim_end_matches(": ")) };
        Err(self.src.err(
            mark,
            Code::GXF_ARGUMENT_INVALID,
            format!(
                "entity '{entity}' already has a component named '{name}'{first_at}; a document named like an \
                 earlier one adds to that entity, so its new components need other names"
            ),
        ))
    }

    fn find_unique(&self, eid: i64, name: &str) -> Result<i64> {
        let first = self.rt.find_component_from(eid, None, Some(name), 0)?;
        if first.1 != usize::MAX
            && self.rt.find_component_from(eid, None, Some(name), first.1 + 1).is_ok_and(|(_, i)| i != usize::MAX)
        {
            return fail(Code::GXF_FAILURE, format!("more than one component named '{name}'"));
        }
        Ok(first.0)
    }

    fn stash_parameters(&mut self, eid: i64, cid: i64, entry: &Node) -> Result<()> {
        let mut params = match entry.get("parameters") {
            None => None,
            Some(p) if p.is_mapping() => Some(p.clone()),
            Some(p) => return Err(self.src.err(p.mark, Code::GXF_INVALID_DATA_FORMAT, "'parameters' must be a map")),
        };
        let entity = self.rt.entity_name(eid);
        let names = [scalar_of(entry.get("name")), scalar_of(entry.get("type"))];
        let overridden = overrides::apply(self.scope.overrides, &entity, &names, &mut params);
        if let Some(params) = params {
            self.stash.entry(cid).or_insert(Pending { eid, params, overridden, expanded: is_expanded(entry) });
        }
        Ok(())
    }

    fn prerequisites(&self, doc: &Node) -> Result<()> {
        let name = format!("{}prerequisites", self.scope.prefix);
        let eid = match self.rt.find_entity(&name) {
            Ok(eid) => eid,
            Err(_) => self.create_entity(Some(&name), doc.mark)?,
        };
        let Some(map) = self.scope.prerequisites else {
            core_log!(2, "{}: subgraph prerequisites were not supplied by a parent", self.src.file);
            return Ok(());
        };
        let parent_prefix = parent_prefix(&self.scope.prefix);
        for (k, v) in map.entries() {
            let (Some(key), Some(target)) = (k.scalar(), v.scalar()) else {
                continue;
            };
            let cid = self.resolve_target(&parent_prefix, target).map_err(|e| self.src.at(v.mark, e))?;
            self.rt.add_interface(eid, key, cid)?;
        }
        Ok(())
    }

    fn resolve_target(&self, prefix: &str, target: &str) -> Result<i64> {
        let (ent, comp) = target.split_once('/').ok_or_else(|| {
            Error::new(Code::GXF_ENTITY_NOT_FOUND, format!("'{target}' is not of the form entity/component"))
        })?;
        let eid = find_with_prefix(self.rt, prefix, ent)?;
        self.rt.find_component(eid, None, Some(comp))
    }

    fn subgraph_doc(&mut self, doc: &Node) -> Result<()> {
        let eid = self.entity_for(doc)?;
        self.note_interface_map(eid, doc);
        for entry in self.components_of(doc)? {
            let ty = scalar_of(entry.get("type"));
            let cid = match ty {
                Some("nvidia::gxf::Subgraph") | None => self.component_for(eid, entry)?,
                Some(other) => {
                    core_log!(
                        1,
                        "{}: component '{other}' next to a Subgraph is not created (GXF behaviour)",
                        self.src.file
                    );
                    continue;
                }
            };
            self.stash_parameters(eid, cid, entry)?;
            if self.rt.component(cid)?.ty.tid != types::SUBGRAPH.tid || is_expanded(entry) {
                continue;
            }
            self.load_subgraph(eid, cid, entry)?;
        }
        Ok(())
    }

    fn load_subgraph(&self, eid: i64, cid: i64, entry: &Node) -> Result<()> {
        let params = entry.get("parameters");
        let Some(location) = params.and_then(|p| p.get("location")) else {
            return Ok(());
        };
        if self.rt.component(cid)?.param("location").is_some() {
            core_log!(2, "subgraph at '{}' already loaded once", self.rt.entity_name(eid));
            return Ok(());
        }
        let files = self.set_location(cid, location)?;
        let scope = Scope {
            prefix: format!("{}.", self.rt.entity_name(eid)),
            parent: eid,
            overrides: self.scope.overrides,
            prerequisites: params.and_then(|p| p.get("prerequisites")),
            root: self.scope.root,
            chain: &self.chain,
        };
        for file in files.split(',').map(str::trim).filter(|f| !f.is_empty()) {
            load_path(self.rt, file, &scope).map_err(|e| self.src.at(location.mark, e))?;
        }
        Ok(())
    }

    fn interfaces(&self, doc: &Node) -> Result<()> {
        let list = doc.get("interfaces").expect("caller checked");
        if !list.is_sequence() {
            return Err(self.src.err(list.mark, Code::GXF_FAILURE, "'interfaces' must be a sequence"));
        }
        for item in list.items() {
            let (Some(name), Some(target)) = (scalar_of(item.get("name")), scalar_of(item.get("target"))) else {
                return Err(self.src.err(item.mark, Code::GXF_FAILURE, "an interface needs 'name' and 'target'"));
            };
            if self.scope.parent == 0 {
                return Err(self.src.err(
                    item.mark,
                    Code::GXF_ENTITY_NOT_FOUND,
                    "interfaces are only allowed in subgraphs",
                ));
            }
            let (ent, comp) = target.split_once('/').unwrap_or((target, ""));
            let eid =
                self.rt.find_entity(&format!("{}{ent}", self.scope.prefix)).map_err(|e| self.src.at(item.mark, e))?;
            let cid = self.rt.find_component(eid, None, Some(comp)).map_err(|e| self.src.at(item.mark, e))?;
            self.rt.add_interface(self.scope.parent, name, cid)?;
        }
        Ok(())
    }

    fn apply_parameters(&mut self) -> Result<()> {
        let stash = std::mem::take(&mut self.stash);
        for (cid, Pending { eid, params, overridden, expanded }) in stash {
            for (k, v) in params.entries() {
                let key = k.scalar().ok_or_else(|| {
                    self.src.err(k.mark, Code::GXF_INVALID_DATA_FORMAT, "parameter keys must be scalars")
                })?;
                if key == "location" && self.rt.component(cid)?.ty.tid == types::SUBGRAPH.tid {
                    if expanded {
                        self.set_location(cid, v)?;
                    }
                    continue;
                }
                let prefix = self.scope.prefix.as_str();
                let resolve = |text: &str, spec: &ParamSpec| resolve_handle(self.rt, eid, prefix, text, spec);
                let at = params::Written { file: self.src.file, key: k.mark };
                params::set_param_node(self.rt, cid, key, v, &resolve, Some(at)).map_err(|e| {
                    match overridden.iter().find(|(k, _)| k == key) {
                        Some((_, flag)) => Error::new(e.code, format!("--param '{flag}': {}", e.message)),
                        None => self.src.at(v.mark, e),
                    }
                })?;
            }
        }
        Ok(())
    }

    fn entity_groups(&self, doc: &Node) -> Result<()> {
        let list = doc.get("EntityGroups").expect("caller checked");
        for item in list.items() {
            let (Some(name), Some(targets)) = (scalar_of(item.get("name")), item.get("target")) else {
                return Err(self.src.err(item.mark, Code::GXF_FAILURE, "an entity group needs 'name' and 'target'"));
            };
            let gid = self.rt.create_entity_group(name);
            for t in targets.items() {
                let name = t.scalar().unwrap_or_default();
                let eid =
                    self.rt.find_entity(&format!("{}{name}", self.scope.prefix)).map_err(|e| self.src.at(t.mark, e))?;
                self.rt.set_entity_group(eid, gid).map_err(|e| self.src.at(t.mark, e))?;
            }
        }
        Ok(())
    }
}

/// The prefix of the enclosing scope (`a.b.` → `a.`).
fn parent_prefix(prefix: &str) -> String {
    let trimmed = prefix.trim_end_matches('.');
    match trimmed.rfind('.') {
        Some(i) => trimmed[..=i].to_string(),
        None => String::new(),
    }
}

/// Finds `prefix + name`, else plain `name`.
fn find_with_prefix(rt: &Runtime, prefix: &str, name: &str) -> Result<i64> {
    if !prefix.is_empty() {
        if let Ok(eid) = rt.find_entity(&format!("{prefix}{name}")) {
            return Ok(eid);
        }
    }
    rt.find_entity(name)
}

/// Resolves handle text for a parameter of a component in entity `owner` (gxf-core-spec §1.7).
pub fn resolve_handle(rt: &Runtime, owner: i64, prefix: &str, text: &str, spec: &ParamSpec) -> Result<ParamValue> {
    let (eid, comp) = match text.split_once('/') {
        None => (owner, text),
        Some((ent, comp)) => (find_with_prefix(rt, prefix, ent).map_err(|e| with_entity_hint(rt, e, ent))?, comp),
    };
    if comp == "<Unspecified>" {
        return Ok(ParamValue::Unspecified);
    }
    let want = (!spec.handle_tid.is_null()).then_some(spec.handle_tid);
    let entity = rt.entity(eid)?;
    let hit = entity.components().into_iter().find(|c| c.name() == comp && want.is_none_or(|t| rt.is_a(c.ty.tid, t)));
    if let Some(c) = hit {
        return Ok(ParamValue::Handle(c.cid));
    }
    if let Some(cid) = entity.interface(comp) {
        return Ok(ParamValue::Handle(cid));
    }
    let wanted = want.and_then(|t| rt.type_by_tid(t)).map(|t| t.name.clone());
    let message = match (entity.components().iter().find(|c| c.name() == comp), wanted) {
        (Some(found), Some(wanted)) => format!(
            "parameter '{}': component '{comp}' of entity '{}' is a {}, not a {wanted}",
            spec.key, entity.name, found.ty.name
        ),
        _ => {
            let components = entity.components();
            let names = components
                .iter()
                .filter(|c| want.is_none_or(|t| rt.is_a(c.ty.tid, t)))
                .map(|c| c.name())
                .chain(crate::sync::lock(&entity.interfaces).iter().map(|(name, _)| name.clone()))
                .collect::<Vec<_>>();
            let hint = crate::suggest::closest(comp, names.iter().map(String::as_str))
                .map(|n| format!(": did you mean '{n}'?"))
                .unwrap_or_default();
            format!("parameter '{}': entity '{}' has no component named '{comp}'{hint}", spec.key, entity.name)
        }
    };
    fail(Code::GXF_ENTITY_COMPONENT_NOT_FOUND, message)
}

/// `err` (an entity not found) with the closest entity name, when one is close to `name`.
fn with_entity_hint(rt: &Runtime, err: Error, name: &str) -> Error {
    let names: Vec<String> = rt.entity_ids().into_iter().map(|eid| rt.entity_name(eid)).collect();
    match crate::suggest::closest(name, names.iter().map(String::as_str)) {
        Some(near) => Error::new(err.code, format!("{}: did you mean '{near}'?", err.message)),
        None => err,
    }
}
