//! Behaviour of `resolve`: GXF's same-major rule, load order, and the errors it explains.

use gxf_registry_resolver::{resolve, InMemoryIndex, Release, Requirement, ResolveError, Resolved};
use semver::Version;

fn v(text: &str) -> Version {
    Version::parse(text).unwrap()
}

fn uuid(name: &str) -> String {
    format!("uuid-of-{}", name.to_lowercase())
}

fn release(name: &str, version: &str, dependencies: &[(&str, &str)]) -> Release {
    Release {
        name: name.to_owned(),
        uuid: uuid(name),
        version: v(version),
        dependencies: dependencies.iter().map(|(dep, version)| Requirement::new(*dep, v(version))).collect(),
    }
}

fn need(name: &str, version: &str, by: &str) -> Requirement {
    Requirement::new(name, v(version)).required_by(by)
}

fn names(resolved: &[Resolved]) -> Vec<String> {
    resolved.iter().map(|r| format!("{} {}", r.name, r.version)).collect()
}

fn conflict_summary(error: ResolveError) -> String {
    match error {
        ResolveError::Conflict { summary, .. } => summary,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

#[test]
fn highest_compatible_version_is_chosen() {
    let index: InMemoryIndex = ["1.0.0", "1.2.0", "1.10.1", "1.9.0", "2.0.0", "0.9.0"]
        .into_iter()
        .map(|version| release("A", version, &[]))
        .collect();
    let resolved = resolve(&[need("A", "1.2.0", "graph.yaml")], &index).unwrap();
    assert_eq!(resolved, vec![Resolved { name: "A".into(), uuid: uuid("A"), version: v("1.10.1") }]);
}

#[test]
fn a_newer_major_never_satisfies_an_older_one() {
    let index: InMemoryIndex = [release("A", "1.0.0", &[]), release("A", "2.5.0", &[])].into_iter().collect();
    let error = resolve(&[need("A", "1.2.0", "graph.yaml")], &index).unwrap_err();
    let text = error.to_string();
    assert!(text.contains("graph.yaml requires A 1.x (>= 1.2.0)"), "{text}");
    assert!(text.contains("registered: 1.0.0, 2.5.0"), "{text}");
}

#[test]
fn an_older_major_never_satisfies_a_newer_one() {
    let index: InMemoryIndex = [release("A", "1.9.0", &[]), release("A", "3.0.0", &[])].into_iter().collect();
    let error = resolve(&[need("A", "2.0.0", "graph.yaml")], &index).unwrap_err();
    assert_eq!(
        conflict_summary(error),
        "graph.yaml requires A 2.x (>= 2.0.0), but no registered version of A is in that range (registered: 1.9.0, 3.0.0)"
    );
}

#[test]
fn conflicting_majors_name_both_requesters() {
    let index: InMemoryIndex = [
        release("CudaExtension", "1.0.0", &[]),
        release("CudaExtension", "2.3.0", &[]),
        release("CudaExtension", "2.4.0", &[]),
        release("TestCudaExtension", "1.6.0", &[("CudaExtension", "1.0.0")]),
    ]
    .into_iter()
    .collect();
    let roots = [need("CudaExtension", "2.3.0", "GraphA"), need("TestCudaExtension", "1.0.0", "GraphA")];
    let error = resolve(&roots, &index).unwrap_err();
    let text = error.to_string();
    assert_eq!(
        conflict_summary(error),
        "GraphA requires CudaExtension 2.x (>= 2.3.0), but TestCudaExtension 1.6.0 requires CudaExtension 1.x (>= 1.0.0)"
    );
    assert!(text.lines().count() > 1, "the solver's reasoning follows the summary: {text}");
}

#[test]
fn two_graphs_asking_for_different_majors_clash() {
    let index: InMemoryIndex = [release("A", "1.4.0", &[]), release("A", "2.0.0", &[])].into_iter().collect();
    let roots = [need("A", "1.2.0", "a.yaml"), need("A", "2.0.0", "b.yaml")];
    let summary = conflict_summary(resolve(&roots, &index).unwrap_err());
    assert_eq!(summary, "a.yaml requires A 1.x (>= 1.2.0), but b.yaml requires A 2.x (>= 2.0.0)");
}

#[test]
fn transitive_dependencies_are_included_at_their_highest_versions() {
    let index: InMemoryIndex = [
        release("App", "1.0.0", &[("Mid", "2.0.0")]),
        release("Mid", "2.0.0", &[("Base", "1.0.0")]),
        release("Mid", "2.1.0", &[("Base", "1.5.0")]),
        release("Base", "1.0.0", &[]),
        release("Base", "1.5.0", &[]),
        release("Base", "1.7.2", &[]),
        release("Base", "2.0.0", &[]),
        release("Unrelated", "1.0.0", &[]),
    ]
    .into_iter()
    .collect();
    let resolved = resolve(&[need("App", "1.0.0", "graph.yaml")], &index).unwrap();
    assert_eq!(names(&resolved), ["Base 1.7.2", "Mid 2.1.0", "App 1.0.0"]);
}

#[test]
fn the_strictest_minimum_wins() {
    let index: InMemoryIndex = [
        release("A", "1.0.0", &[("B", "1.5.0")]),
        release("B", "1.0.0", &[]),
        release("B", "1.4.0", &[]),
        release("B", "1.5.0", &[]),
    ]
    .into_iter()
    .collect();
    // The graph accepts B 1.0.0 or newer, A needs B 1.5.0 or newer: 1.5.0 is the only answer.
    let resolved = resolve(&[need("B", "1.0.0", "g"), need("A", "1.0.0", "g")], &index).unwrap();
    assert_eq!(names(&resolved), ["B 1.5.0", "A 1.0.0"]);
}

#[test]
fn dependencies_come_first_in_declaration_order() {
    let index: InMemoryIndex = [
        release("App", "1.0.0", &[("Left", "1.0.0"), ("Right", "1.0.0")]),
        release("Left", "1.0.0", &[("Std", "2.0.0")]),
        release("Right", "1.0.0", &[("Std", "2.0.0"), ("Cuda", "1.0.0")]),
        release("Cuda", "1.0.0", &[("Std", "2.0.0")]),
        release("Std", "2.6.0", &[]),
        release("Tools", "1.0.0", &[("Std", "2.1.0")]),
    ]
    .into_iter()
    .collect();
    let roots = [need("App", "1.0.0", "g"), need("Tools", "1.0.0", "g")];
    let resolved = resolve(&roots, &index).unwrap();
    assert_eq!(names(&resolved), ["Std 2.6.0", "Left 1.0.0", "Cuda 1.0.0", "Right 1.0.0", "App 1.0.0", "Tools 1.0.0"]);
}

#[test]
fn output_does_not_depend_on_index_order() {
    let releases = [
        release("App", "1.0.0", &[("B", "1.0.0"), ("C", "1.0.0")]),
        release("B", "1.0.0", &[("D", "1.0.0")]),
        release("B", "1.3.0", &[("D", "1.2.0")]),
        release("C", "1.0.0", &[("D", "1.1.0")]),
        release("D", "1.0.0", &[]),
        release("D", "1.1.0", &[]),
        release("D", "1.2.0", &[]),
    ];
    let forward: InMemoryIndex = releases.iter().cloned().collect();
    let backward: InMemoryIndex = releases.iter().rev().cloned().collect();
    let roots = [need("App", "1.0.0", "g")];
    let first = resolve(&roots, &forward).unwrap();
    assert_eq!(first, resolve(&roots, &backward).unwrap());
    assert_eq!(first, resolve(&roots, &forward).unwrap());
    assert_eq!(names(&first), ["D 1.2.0", "B 1.3.0", "C 1.0.0", "App 1.0.0"]);
}

#[test]
fn newest_release_with_conflicting_dependencies_is_skipped() {
    let index: InMemoryIndex = [
        release("A", "1.8.0", &[("B", "1.0.0")]),
        release("A", "1.9.0", &[("B", "2.0.0")]),
        release("B", "1.3.0", &[]),
        release("B", "2.0.0", &[]),
    ]
    .into_iter()
    .collect();
    let resolved = resolve(&[need("B", "1.0.0", "g"), need("A", "1.0.0", "g")], &index).unwrap();
    assert_eq!(names(&resolved), ["B 1.3.0", "A 1.8.0"]);
}

#[test]
fn cycle_is_detected_and_named() {
    let index: InMemoryIndex = [
        release("Top", "1.0.0", &[("A", "1.0.0")]),
        release("A", "1.0.0", &[("B", "2.0.0")]),
        release("B", "2.0.0", &[("A", "1.0.0")]),
    ]
    .into_iter()
    .collect();
    let error = resolve(&[need("Top", "1.0.0", "g")], &index).unwrap_err();
    assert_eq!(
        error,
        ResolveError::Cycle {
            path: vec![("A".into(), v("1.0.0")), ("B".into(), v("2.0.0")), ("A".into(), v("1.0.0"))]
        }
    );
    assert!(error.to_string().starts_with("dependency cycle: A 1.0.0 -> B 2.0.0 -> A 1.0.0"), "{error}");
}

#[test]
fn self_dependency_is_a_cycle() {
    let index: InMemoryIndex = [release("A", "1.0.0", &[("A", "1.0.0")])].into_iter().collect();
    let error = resolve(&[need("A", "1.0.0", "g")], &index).unwrap_err();
    assert!(error.to_string().starts_with("dependency cycle: A 1.0.0 -> A 1.0.0"), "{error}");
}

#[test]
fn unknown_extension_suggests_a_close_name() {
    let index: InMemoryIndex = [release("FooBar", "1.0.0", &[]), release("Std", "1.0.0", &[])].into_iter().collect();
    let error = resolve(&[need("Foo", "1.0.0", "graph.yaml")], &index).unwrap_err();
    assert_eq!(
        error.to_string(),
        "no repository provides extension 'Foo' (required by graph.yaml); did you mean 'FooBar'?"
    );
}

#[test]
fn unknown_transitive_extension_names_the_release_that_needs_it() {
    let index: InMemoryIndex = [release("A", "1.0.0", &[("Missing", "1.0.0")])].into_iter().collect();
    let error = resolve(&[need("A", "1.0.0", "graph.yaml")], &index).unwrap_err();
    assert_eq!(
        error,
        ResolveError::UnknownExtension { name: "Missing".into(), required_by: "A 1.0.0".into(), suggestion: None }
    );
    assert_eq!(error.to_string(), "no repository provides extension 'Missing' (required by A 1.0.0)");
}

#[test]
fn uuid_mismatch_is_refused() {
    let index: InMemoryIndex = [release("Std", "2.6.0", &[])].into_iter().collect();
    let wrong = need("Std", "2.0.0", "graph.yaml").with_uuid("8ec2d5d6-b5df-48bf-8dee-0252606fdd7e");
    let error = resolve(&[wrong], &index).unwrap_err();
    assert_eq!(
        error.to_string(),
        "graph.yaml requires extension 'Std' with uuid 8ec2d5d6-b5df-48bf-8dee-0252606fdd7e, \
         but 'Std' is registered with uuid uuid-of-std"
    );
    let right = need("Std", "2.0.0", "graph.yaml").with_uuid("UUID-OF-STD");
    assert_eq!(names(&resolve(&[right], &index).unwrap()), ["Std 2.6.0"]);
}

#[test]
fn uuid_mismatch_in_a_release_dependency_is_refused() {
    let mut dependent = release("A", "1.0.0", &[]);
    dependent.dependencies.push(Requirement::new("Std", v("2.0.0")).with_uuid("other"));
    let index: InMemoryIndex = [dependent, release("Std", "2.6.0", &[])].into_iter().collect();
    let error = resolve(&[need("A", "1.0.0", "g")], &index).unwrap_err();
    assert!(matches!(error, ResolveError::UuidMismatch { ref required_by, .. } if required_by == "A 1.0.0"), "{error}");
}

#[test]
fn release_asking_for_two_majors_of_one_extension_is_unusable() {
    let index: InMemoryIndex = [
        release("A", "1.0.0", &[("B", "1.0.0")]),
        release("A", "1.1.0", &[("B", "1.0.0"), ("B", "2.0.0")]),
        release("B", "1.0.0", &[]),
        release("B", "2.0.0", &[]),
    ]
    .into_iter()
    .collect();
    let error = resolve(&[need("A", "1.1.0", "g")], &index).unwrap_err();
    assert_eq!(conflict_summary(error), "A 1.1.0 cannot be used: it requires B both 1.x (>= 1.0.0) and 2.x (>= 2.0.0)");
    // When an older release is allowed, the solver falls back to it.
    let fallback = resolve(&[need("A", "1.0.0", "g")], &index).unwrap();
    assert_eq!(names(&fallback), ["B 1.0.0", "A 1.0.0"]);
}

#[test]
fn contradictory_index_is_reported() {
    let mut other = release("A", "1.1.0", &[]);
    other.uuid = "another-uuid".into();
    let index: InMemoryIndex = [release("A", "1.0.0", &[]), other].into_iter().collect();
    let error = resolve(&[need("A", "1.0.0", "g")], &index).unwrap_err();
    assert!(matches!(error, ResolveError::InconsistentIndex { .. }), "{error}");
    assert!(error.to_string().contains("two uuids"), "{error}");

    let twice: InMemoryIndex =
        [release("A", "1.0.0", &[]), release("A", "1.0.0", &[("B", "1.0.0")])].into_iter().collect();
    let error = resolve(&[need("A", "1.0.0", "g")], &twice).unwrap_err();
    assert!(error.to_string().contains("registered twice with different dependencies"), "{error}");

    let same_twice: InMemoryIndex = [release("A", "1.0.0", &[]), release("A", "1.0.0", &[])].into_iter().collect();
    assert_eq!(names(&resolve(&[need("A", "1.0.0", "g")], &same_twice).unwrap()), ["A 1.0.0"]);
}

#[test]
fn no_requirements_resolve_to_nothing() {
    assert_eq!(resolve(&[], &InMemoryIndex::new()).unwrap(), Vec::new());
}
