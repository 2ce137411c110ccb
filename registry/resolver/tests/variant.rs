//! Behaviour of `pick_variant`: GXF's platform filter and compute score.

use gxf_registry_resolver::{pick_variant, Compute, Platform, RefusalReason, Target, Variant, VariantError};

fn x86() -> Platform {
    Platform::new("x86_64", "linux", "ubuntu_22.04")
}

fn compute(cuda: Option<&str>, tensorrt: Option<&str>) -> Compute {
    Compute {
        cuda: cuda.map(|v| v.parse().unwrap()),
        tensorrt: tensorrt.map(|v| v.parse().unwrap()),
        ..Compute::default()
    }
}

fn variant(id: &str, platform: Platform, compute: Compute) -> Variant {
    Variant { id: id.to_owned(), platform, compute }
}

fn target() -> Target {
    Target { platform: x86(), compute: compute(Some("12.6"), Some("10.3.0")) }
}

fn picked<'a>(variants: &'a [Variant], target: &Target) -> &'a str {
    &pick_variant(variants, target).unwrap().id
}

#[test]
fn exact_match_beats_same_major_other_minor() {
    let exact = variant("exact", x86(), compute(Some("12.6"), Some("10.3.0")));
    let near = variant("near", x86(), compute(Some("12.5"), Some("10.3.0")));
    assert_eq!(picked(&[exact.clone(), near.clone()], &target()), "exact");
    assert_eq!(picked(&[near, exact], &target()), "exact");
}

#[test]
fn older_minor_beats_newer_minor_as_in_gxf() {
    // cuda 12.2 scores 100 + (10 - 4) + 1 = 107; cuda 12.8 scores 100 - (10 - 2) + 1 = 93.
    let older = variant("older", x86(), compute(Some("12.2"), None));
    let newer = variant("newer", x86(), compute(Some("12.8"), None));
    assert_eq!(picked(&[older.clone(), newer.clone()], &target()), "older");
    assert_eq!(picked(&[newer, older], &target()), "older");
}

#[test]
fn platform_mismatch_is_refused_and_case_is_ignored() {
    let arm = variant("arm", Platform::new("aarch64", "linux", "ubuntu_22.04"), compute(Some("12.6"), None));
    let shouting = variant("shouting", Platform::new("X86_64", "Linux", "Ubuntu_22.04"), compute(None, None));
    assert_eq!(picked(&[arm.clone(), shouting], &target()), "shouting");
    let error = pick_variant(&[arm], &target()).unwrap_err();
    assert_eq!(
        error.refusals[0].reasons,
        [RefusalReason::Platform { field: "arch", variant: "aarch64".into(), target: "x86_64".into() }]
    );
}

#[test]
fn different_major_is_refused() {
    let old_cuda = variant("cuda11", x86(), compute(Some("11.8"), Some("10.3.0")));
    let error = pick_variant(&[old_cuda], &target()).unwrap_err();
    assert!(matches!(error.refusals[0].reasons[..], [RefusalReason::Major { field: "cuda", .. }]));
}

#[test]
fn missing_compute_field_scores_zero() {
    let generic = variant("generic", x86(), compute(None, None));
    let cuda_only = variant("cuda-only", x86(), compute(Some("12.0"), None));
    // A variant without any compute stack is still eligible, with score 0...
    assert_eq!(picked(std::slice::from_ref(&generic), &target()), "generic");
    // ...so any same-major match (here 100 + 0 + 1) beats it, in either order.
    assert_eq!(picked(&[generic.clone(), cuda_only.clone()], &target()), "cuda-only");
    assert_eq!(picked(&[cuda_only, generic], &target()), "cuda-only");
}

#[test]
fn fields_the_target_omits_do_not_count() {
    let target = Target { platform: x86(), compute: Compute::default() };
    let with_cuda = variant("with-cuda", x86(), compute(Some("11.8"), None));
    let without = variant("without", x86(), compute(None, None));
    // Both score 0 against a target without compute, so the later one wins the tie.
    assert_eq!(picked(&[with_cuda.clone(), without.clone()], &target), "without");
    assert_eq!(picked(&[without, with_cuda], &target), "with-cuda");
}

#[test]
fn tie_goes_to_the_later_candidate() {
    let first = variant("first", x86(), compute(Some("12.6"), Some("10.3.0")));
    let second = variant("second", x86(), compute(Some("12.6"), Some("10.3.0")));
    assert_eq!(picked(&[first, second], &target()), "second");
}

#[test]
fn no_candidate_lists_every_variant_and_why() {
    let variants = [
        variant("arm", Platform::new("aarch64", "qnx", "ubuntu_22.04"), compute(Some("12.6"), None)),
        variant("old", x86(), compute(Some("11.8"), Some("8.6.1.6"))),
    ];
    let error = pick_variant(&variants, &target()).unwrap_err();
    assert_eq!(error.refusals.len(), 2);
    assert_eq!(error.refusals[0].reasons.len(), 2, "arch and os both differ");
    assert_eq!(error.refusals[1].reasons.len(), 2, "cuda and tensorrt majors both differ");
    assert_eq!(
        error.to_string(),
        "no variant fits target 'arch: x86_64 os: linux distribution: ubuntu_22.04 cuda: 12.6.0 tensorrt: 10.3.0'; \
         variants considered:\n  \
         - 'arm': arch is aarch64, target needs x86_64; os is qnx, target needs linux\n  \
         - 'old': cuda 11.8.0 has major 11, target needs major 12 (12.6.0); \
         tensorrt 8.6.1 has major 8, target needs major 10 (10.3.0)"
    );
}

#[test]
fn no_variants_at_all_is_an_error() {
    let error = pick_variant(&[], &target()).unwrap_err();
    assert_eq!(error, VariantError { target: Box::new(target()), refusals: Vec::new() });
    assert!(error.to_string().ends_with(": no variant is registered"), "{error}");
}
