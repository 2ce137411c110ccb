//! `gxe --graph FILE`: pictures of GXF's own test apps, in DOT and Mermaid (and SVG where
//! Graphviz is installed).

use gxf_tests::conformance::corpus_dir;
use gxf_tests::harness::gxe;
use std::process::Command;

fn picture(app: &str, file: &str) -> (bool, String, String) {
    let corpus = corpus_dir();
    let out = std::env::temp_dir().join(format!("gxe_picture_{}_{file}", std::process::id()));
    let run = Command::new(gxe())
        .args(["--app", app, "--run=false", "--severity", "2", "--graph"])
        .arg(&out)
        .current_dir(&corpus)
        .output()
        .expect("gxe runs");
    let text = std::fs::read_to_string(&out).unwrap_or_default();
    let _ = std::fs::remove_file(&out);
    (run.status.success(), text, String::from_utf8_lossy(&run.stderr).into_owned())
}

fn have_corpus() -> bool {
    let present = corpus_dir().join("expect.tsv").is_file();
    if !present {
        eprintln!("skipping: ../shared/conformance not found");
    }
    present
}

#[test]
fn dot_shows_entities_groups_components_by_role_and_connections() {
    if !have_corpus() {
        return;
    }
    let (ok, dot, err) = picture("gxf/test/apps/test_entity_group_users.yaml", "groups.dot");
    assert!(ok, "{err}");
    assert!(dot.starts_with("digraph gxf {") && dot.trim_end().ends_with('}'), "{dot}");
    assert!(dot.contains("label=\"tx0\\n(group EG_0)\"") && dot.contains("label=\"rx0\\n(group EG_1)\""), "{dot}");
    assert!(dot.contains("PingTx\", shape=box") && dot.contains("MockTransmitter\", shape=cds"), "{dot}");
    assert!(dot.contains("CountSchedulingTerm\", shape=ellipse"), "{dot}");
    let edges = dot.lines().filter(|l| l.contains(" -> ")).count();
    assert_eq!(edges, 2, "two tx/rx pairs are connected:\n{dot}");
}

#[test]
fn mermaid_is_a_flowchart_with_one_subgraph_per_entity() {
    if !have_corpus() {
        return;
    }
    let (ok, mmd, err) = picture("gxf/test/apps/test_ping.yaml", "ping.mmd");
    assert!(ok, "{err}");
    assert!(mmd.starts_with("flowchart LR\n"), "{mmd}");
    assert_eq!(mmd.matches("  subgraph ").count(), mmd.matches("\n  end\n").count(), "{mmd}");
    assert!(mmd.contains("subgraph e0[\"tx\"]") && mmd.contains("PingTx"), "{mmd}");
    assert_eq!(mmd.lines().filter(|l| l.contains(" --> ")).count(), 1, "{mmd}");
}

#[test]
fn svg_needs_graphviz_and_says_so() {
    if !have_corpus() {
        return;
    }
    let has_dot = Command::new("dot").arg("-V").output().is_ok();
    let (ok, svg, err) = picture("gxf/test/apps/test_ping.yaml", "ping.svg");
    if has_dot {
        assert!(ok && svg.contains("<svg"), "{err}");
    } else {
        assert!(!ok && err.contains("rendering SVG needs Graphviz's `dot`"), "{err}");
    }
    let (ok, _, err) = picture("gxf/test/apps/test_ping.yaml", "ping.png");
    assert!(!ok && err.contains("name the file .dot, .mmd or .svg"), "{err}");
}
