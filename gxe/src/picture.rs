//! `gxe --graph FILE`: a picture of the loaded graph: every entity (grouped by entity group),
//! its components drawn by role (codelets, queues, scheduling terms, the rest) and the
//! connections between queues. `.dot` writes Graphviz DOT, `.mmd` Mermaid, `.svg` DOT rendered
//! by Graphviz's `dot` (which must be installed).

use gxf_runtime::Runtime;
use gxf_sdk::abi::types;
use gxf_sdk::{Code, Error, Result};
use std::fmt::Write as _;
use std::io::Write as _;
use std::process::{Command, Stdio};

/// What a component is, for its shape.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Codelet,
    Transmitter,
    Receiver,
    Term,
    Other,
}

/// One component as drawn.
struct Node {
    id: String,
    label: String,
    role: Role,
}

/// One entity as drawn.
struct Cluster {
    name: String,
    group: Option<String>,
    nodes: Vec<Node>,
}

/// `nvidia::gxf::PingTx` -> `PingTx` (the namespace adds nothing to a picture).
fn short(type_name: &str) -> &str {
    type_name.rsplit("::").next().unwrap_or(type_name)
}

fn role(rt: &Runtime, tid: gxf_sdk::Tid) -> Role {
    let is = |info: &types::TypeInfo| rt.is_a(tid, info.tid);
    if is(&types::CODELET) {
        Role::Codelet
    } else if is(&types::TRANSMITTER) {
        Role::Transmitter
    } else if is(&types::RECEIVER) {
        Role::Receiver
    } else if is(&types::SCHEDULING_TERM) {
        Role::Term
    } else {
        Role::Other
    }
}

/// The graph as clusters of nodes, plus the connections (transmitter cid, receiver cid).
fn collect(rt: &Runtime) -> (Vec<Cluster>, Vec<(i64, i64)>) {
    let mut clusters = Vec::new();
    for eid in rt.entity_ids() {
        let Ok(entity) = rt.entity(eid) else { continue };
        let group = rt
            .entity_group(eid)
            .ok()
            .filter(|&g| g != gxf_runtime::DEFAULT_ENTITY_GROUP)
            .and_then(|g| rt.entity_group_name(g));
        let nodes: Vec<Node> = entity
            .components()
            .iter()
            .filter(|c| c.ty.tid != types::CONNECTION.tid)
            .enumerate()
            .map(|(i, c)| {
                let name = c.name();
                let shown = if name.is_empty() { format!("#{i}") } else { name };
                Node {
                    id: format!("c{}", c.cid),
                    label: format!("{shown}\\n{}", short(&c.ty.name)),
                    role: role(rt, c.ty.tid),
                }
            })
            .collect();
        if nodes.is_empty() {
            continue;
        }
        let name = if entity.name.is_empty() { format!("<unnamed entity {eid}>") } else { entity.name.clone() };
        clusters.push(Cluster { name, group, nodes });
    }
    (clusters, connections(rt))
}

/// The connections the graph declares (its `Connection` components' source and target; the
/// router knows them only once the graph is activated).
fn connections(rt: &Runtime) -> Vec<(i64, i64)> {
    let handle = |cid: i64, key: &str| match rt.param(cid, key) {
        Ok(gxf_runtime::ParamValue::Handle(target)) => Some(target),
        _ => None,
    };
    rt.entity_ids()
        .into_iter()
        .filter_map(|eid| rt.entity(eid).ok())
        .flat_map(|entity| entity.components())
        .filter(|c| c.ty.tid == types::CONNECTION.tid)
        .filter_map(|c| Some((handle(c.cid, "source")?, handle(c.cid, "target")?)))
        .collect()
}

fn escape(text: &str) -> String {
    text.replace('"', "\\\"")
}

/// The clusters in drawing order, each entity group's together: (group, indices into
/// `clusters`), groups in order of first appearance, entities of no group on their own.
fn by_group(clusters: &[Cluster]) -> Vec<(Option<&str>, Vec<usize>)> {
    let mut out: Vec<(Option<&str>, Vec<usize>)> = Vec::new();
    for (i, c) in clusters.iter().enumerate() {
        match c.group.as_deref() {
            Some(g) => match out.iter_mut().find(|(group, _)| *group == Some(g)) {
                Some((_, members)) => members.push(i),
                None => out.push((Some(g), vec![i])),
            },
            None => out.push((None, vec![i])),
        }
    }
    out
}

fn dot(clusters: &[Cluster], connections: &[(i64, i64)]) -> String {
    let mut out = String::from(
        "digraph gxf {\n  rankdir=LR;\n  graph [fontname=\"Helvetica\", fontsize=11];\n  node [fontname=\"Helvetica\", fontsize=10];\n",
    );
    for (k, (group, members)) in by_group(clusters).into_iter().enumerate() {
        let indent = if group.is_some() { "    " } else { "  " };
        if let Some(g) = group {
            let _ = writeln!(
                out,
                "  subgraph cluster_group_{k} {{\n    label=\"entity group {}\";\n    style=\"dashed,rounded\";\n    color=\"#6c757d\";",
                escape(g)
            );
        }
        for i in members {
            let c = &clusters[i];
            let suffix = c.group.as_ref().map(|g| format!("\\n(group {g})")).unwrap_or_default();
            let _ = writeln!(
                out,
                "{indent}subgraph cluster_{i} {{\n{indent}  label=\"{}{}\";\n{indent}  style=rounded;\n{indent}  color=black;",
                escape(&c.name),
                escape(&suffix)
            );
            for n in &c.nodes {
                let shape = match n.role {
                    Role::Codelet => "box, style=\"filled\", fillcolor=\"#cfe2ff\"",
                    Role::Transmitter => "cds, style=\"filled\", fillcolor=\"#d1e7dd\"",
                    Role::Receiver => "cds, style=\"filled\", fillcolor=\"#fff3cd\"",
                    Role::Term => "ellipse, style=\"dashed\"",
                    Role::Other => "note",
                };
                let _ = writeln!(out, "{indent}  {} [label=\"{}\", shape={shape}];", n.id, escape(&n.label));
            }
            let _ = writeln!(out, "{indent}}}");
        }
        if group.is_some() {
            out.push_str("  }\n");
        }
    }
    for (tx, rx) in connections {
        let _ = writeln!(out, "  c{tx} -> c{rx} [penwidth=1.5];");
    }
    out.push_str("}\n");
    out
}

fn mermaid(clusters: &[Cluster], connections: &[(i64, i64)]) -> String {
    let mut out = String::from("flowchart LR\n");
    for (k, (group, members)) in by_group(clusters).into_iter().enumerate() {
        let indent = if group.is_some() { "    " } else { "  " };
        if let Some(g) = group {
            let _ = writeln!(out, "  subgraph g{k}[\"entity group {}\"]", g.replace('"', "'"));
        }
        for i in members {
            let c = &clusters[i];
            let suffix = c.group.as_ref().map(|g| format!(" (group {g})")).unwrap_or_default();
            let title = format!("{}{suffix}", c.name).replace('"', "'");
            let _ = writeln!(out, "{indent}subgraph e{i}[\"{title}\"]");
            for n in &c.nodes {
                let label = n.label.replace("\\n", "<br/>").replace('"', "'");
                let node = match n.role {
                    Role::Codelet => format!("{}[\"{label}\"]", n.id),
                    Role::Transmitter | Role::Receiver => format!("{}[/\"{label}\"/]", n.id),
                    Role::Term => format!("{}([\"{label}\"])", n.id),
                    Role::Other => format!("{}[[\"{label}\"]]", n.id),
                };
                let _ = writeln!(out, "{indent}  {node}");
            }
            let _ = writeln!(out, "{indent}end");
        }
        if group.is_some() {
            out.push_str("  end\n");
        }
    }
    for (tx, rx) in connections {
        let _ = writeln!(out, "  c{tx} --> c{rx}");
    }
    out
}

/// Writes the picture of the graph loaded into `rt` to `path` (format by extension).
pub fn write(rt: &Runtime, path: &str) -> Result<()> {
    let (clusters, connections) = collect(rt);
    let failed =
        |e: std::io::Error| Error::new(Code::GXF_FAILURE, format!("cannot write the graph picture '{path}': {e}"));
    let text = match path.rsplit('.').next() {
        Some("dot") | Some("gv") => dot(&clusters, &connections),
        Some("mmd") => mermaid(&clusters, &connections),
        Some("svg") => return render_svg(&dot(&clusters, &connections), path),
        _ => {
            return Err(Error::new(
                Code::GXF_ARGUMENT_INVALID,
                format!("--graph '{path}': name the file .dot, .mmd or .svg to pick the format"),
            ))
        }
    };
    std::fs::write(path, text).map_err(failed)?;
    Ok(())
}

fn render_svg(dot_text: &str, path: &str) -> Result<()> {
    let child = Command::new("dot").args(["-Tsvg", "-o", path]).stdin(Stdio::piped()).spawn();
    let mut child = child.map_err(|e| {
        Error::new(
            Code::GXF_FAILURE,
            format!("--graph '{path}': rendering SVG needs Graphviz's `dot` ({e}); write a .dot or .mmd file instead"),
        )
    })?;
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(dot_text.as_bytes());
    }
    match child.wait() {
        Ok(status) if status.success() => Ok(()),
        other => Err(Error::new(Code::GXF_FAILURE, format!("--graph '{path}': dot failed ({other:?})"))),
    }
}
