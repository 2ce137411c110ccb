//! Times `resolve` and `pick_variant` on a synthetic registry.
//!
//! 1,000 extensions with 20 releases each (1.0.0–1.9.0 and 2.0.0–2.9.0); extension `i` depends on
//! up to 3 lower-numbered extensions, each release asking for the same major as its own and a
//! random minimum minor. A graph requires 20 of the upper-half extensions at major 2.
//!
//! Run: `cargo run --release -p gxf-registry-resolver --example resolve_bench`

use std::time::{Duration, Instant};

use gxf_registry_resolver::{
    pick_variant, resolve, Compute, InMemoryIndex, Index, Platform, Release, Requirement, Resolved, Target, Variant,
};
use semver::Version;

const EXTENSIONS: usize = 1_000;
const MINORS: u64 = 10;
const MAJORS: [u64; 2] = [1, 2];
const MAX_DEPENDENCIES: u64 = 3;
const ROOTS: usize = 20;
const RUNS: usize = 21;
const SEED: u64 = 0x6778_665f_7265_6769;

/// SplitMix64: a small seeded generator, so every run builds the same registry.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (bound > 0).
    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }
}

fn name(i: usize) -> String {
    format!("Extension{i:04}")
}

/// The synthetic registry. With `broken_newest`, about one extension in ten has its two newest
/// 2.x releases depending on a version that does not exist, so the solver must step back.
fn build_index(rng: &mut Rng, broken_newest: bool) -> InMemoryIndex {
    let mut index = InMemoryIndex::new();
    for i in 0..EXTENSIONS {
        let mut dependencies: Vec<usize> = Vec::new();
        if i > 0 {
            for _ in 0..rng.below(MAX_DEPENDENCIES + 1) {
                let j = rng.below(i as u64) as usize;
                if !dependencies.contains(&j) {
                    dependencies.push(j);
                }
            }
        }
        let broken = broken_newest && !dependencies.is_empty() && rng.below(10) == 0;
        for major in MAJORS {
            for minor in 0..MINORS {
                let unsatisfiable = broken && major == 2 && minor >= MINORS - 2;
                let requirements = dependencies
                    .iter()
                    .map(|&j| {
                        let minimum = if unsatisfiable { 99 } else { rng.below(minor + 1) };
                        Requirement::new(name(j), Version::new(major, minimum, 0))
                    })
                    .collect();
                index.add(Release {
                    name: name(i),
                    uuid: format!("00000000-0000-0000-0000-{i:012}"),
                    version: Version::new(major, minor, 0),
                    dependencies: requirements,
                });
            }
        }
    }
    index
}

/// 20 distinct upper-half extensions at major 2, from `graph.yaml`.
fn graph_roots(rng: &mut Rng) -> Vec<Requirement> {
    let mut picked: Vec<usize> = Vec::new();
    while picked.len() < ROOTS {
        let i = EXTENSIONS / 2 + rng.below((EXTENSIONS / 2) as u64) as usize;
        if !picked.contains(&i) {
            picked.push(i);
        }
    }
    picked
        .into_iter()
        .map(|i| Requirement::new(name(i), Version::new(2, rng.below(3), 0)).required_by("graph.yaml"))
        .collect()
}

fn cuda(text: &str) -> Compute {
    Compute { cuda: text.parse().ok(), tensorrt: "10.3.0".parse().ok(), ..Compute::default() }
}

/// Four variants per extension, in a seeded random order: three x86_64 CUDA builds and an aarch64 one.
fn variants(rng: &mut Rng) -> Vec<Vec<Variant>> {
    let x86 = Platform::new("x86_64", "linux", "ubuntu_22.04");
    let arm = Platform::new("aarch64", "linux", "ubuntu_22.04");
    (0..EXTENSIONS)
        .map(|i| {
            let mut list = vec![
                Variant { id: format!("{i}-x86-cuda12.2"), platform: x86.clone(), compute: cuda("12.2") },
                Variant { id: format!("{i}-x86-cuda12.6"), platform: x86.clone(), compute: cuda("12.6") },
                Variant { id: format!("{i}-x86-cuda11.8"), platform: x86.clone(), compute: cuda("11.8") },
                Variant { id: format!("{i}-arm-cuda12.6"), platform: arm.clone(), compute: cuda("12.6") },
            ];
            for k in (1..list.len()).rev() {
                list.swap(k, rng.below(k as u64 + 1) as usize);
            }
            list
        })
        .collect()
}

/// Median, fastest and slowest of `RUNS` timed calls, and the first call's result.
fn time<T>(mut work: impl FnMut() -> T) -> (Duration, Duration, Duration, T) {
    let start = Instant::now();
    let result = work();
    let mut samples = vec![start.elapsed()];
    for _ in 1..RUNS {
        let start = Instant::now();
        std::hint::black_box(work());
        samples.push(start.elapsed());
    }
    samples.sort();
    (samples[RUNS / 2], samples[0], samples[RUNS - 1], result)
}

fn report(label: &str, median: Duration, fastest: Duration, slowest: Duration) {
    println!("{label:<58} median {median:>10.3?}  (min {fastest:.3?}, max {slowest:.3?}, {RUNS} runs)");
}

fn main() {
    let mut rng = Rng(SEED);
    let clean = build_index(&mut rng, false);
    let broken = build_index(&mut rng, true);
    let roots = graph_roots(&mut rng);
    let per_extension = variants(&mut rng);
    println!(
        "synthetic registry: {EXTENSIONS} extensions x {} releases, up to {MAX_DEPENDENCIES} dependencies each, 4 variants each",
        MAJORS.len() as u64 * MINORS
    );

    let (median, fastest, slowest, resolved) = time(|| resolve(&roots, &clean));
    let resolved: Vec<Resolved> = match resolved {
        Ok(resolved) => resolved,
        Err(error) => {
            eprintln!("unexpected failure: {error}");
            std::process::exit(1);
        }
    };
    report(&format!("resolve: {ROOTS} roots -> {} extensions", resolved.len()), median, fastest, slowest);

    let (median, fastest, slowest, stepped_back) = time(|| resolve(&roots, &broken));
    match stepped_back {
        Ok(list) => report(
            &format!("resolve, ~10% newest releases unusable: -> {} extensions", list.len()),
            median,
            fastest,
            slowest,
        ),
        Err(error) => println!("resolve with broken newest releases failed: {error}"),
    }

    // One more graph wants the first root's first dependency at major 1: no solution.
    let mut conflicting = roots.clone();
    let clash = first_dependency(&clean, &roots[0].extension);
    conflicting.push(Requirement::new(clash, Version::new(1, 0, 0)).required_by("other-graph.yaml"));
    let (median, fastest, slowest, failed) = time(|| resolve(&conflicting, &clean));
    report("resolve, conflicting majors (error + explanation)", median, fastest, slowest);
    if let Err(error) = failed {
        let text = error.to_string();
        let steps = text.lines().count() - 1;
        println!("  -> {} (+{steps} lines of explanation)", text.lines().next().unwrap_or_default());
    }

    let everything: Vec<Requirement> =
        (0..EXTENSIONS).map(|i| Requirement::new(name(i), Version::new(2, 0, 0)).required_by("all.yaml")).collect();
    let (median, fastest, slowest, all) = time(|| resolve(&everything, &clean));
    let resolved_all = all.map(|list| list.len()).unwrap_or_default();
    report(&format!("resolve: all {EXTENSIONS} extensions as roots -> {resolved_all}"), median, fastest, slowest);

    let target = Target {
        platform: Platform::new("x86_64", "linux", "ubuntu_22.04"),
        compute: Compute { cuda: "12.6".parse().ok(), tensorrt: "10.3.0".parse().ok(), ..Compute::default() },
    };
    let (median, fastest, slowest, chosen) =
        time(|| per_extension.iter().filter(|list| pick_variant(list, &target).is_ok()).count());
    report(&format!("pick_variant x {EXTENSIONS} extensions ({chosen} chosen)"), median, fastest, slowest);
}

/// The first dependency of the newest release of `extension` (the conflict scenario's target).
fn first_dependency(index: &InMemoryIndex, extension: &str) -> String {
    let newest = index.releases(extension).into_iter().max_by(|a, b| a.version.cmp(&b.version));
    newest.and_then(|r| r.dependencies.first().map(|d| d.extension.clone())).unwrap_or_else(|| extension.to_owned())
}
