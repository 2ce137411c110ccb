//! GXF's variant score: how closely a variant's compute stack matches the target's
//! (`DependencyGovernor._compute_dependency_match` in GXF's registry).

use crate::compute_version::ComputeVersion;
use crate::error::RefusalReason;
use crate::variant::Compute;

/// The variant's score against the target, or the fields whose major version rules it out.
///
/// Only fields the target specifies count. Per field: variant lacks it → 0; other major → refused;
/// same major → 100, then +10 for an equal minor (else a penalty scaled by the minor gap) and
/// +1 for an equal patch (else a smaller scaled penalty). Fields are summed in GXF's order.
pub(crate) fn score(target: &Compute, variant: &Compute) -> Result<f64, Vec<RefusalReason>> {
    let mut total = 0.0;
    let mut refusals = Vec::new();
    for ((field, wanted), (_, offered)) in target.fields().into_iter().zip(variant.fields()) {
        let (Some(wanted), Some(offered)) = (wanted, offered) else {
            continue;
        };
        if wanted.major == offered.major {
            total += field_score(wanted, offered);
        } else {
            refusals.push(RefusalReason::Major { field, variant: offered, target: wanted });
        }
    }
    if refusals.is_empty() {
        Ok(total)
    } else {
        Err(refusals)
    }
}

/// Score of one field whose major versions agree.
fn field_score(wanted: ComputeVersion, offered: ComputeVersion) -> f64 {
    let mut score = 100.0;
    score += closeness(wanted.minor, offered.minor, 10);
    score += closeness(wanted.patch, offered.patch, 1);
    score
}

/// `weight` when equal; otherwise with `m = weight * (wanted - offered) / 10^ceil(log10(max))`:
/// `weight - m` for an older variant component (m > 0), `-(weight + m)` for a newer one.
fn closeness(wanted: u64, offered: u64, weight: i128) -> f64 {
    if wanted == offered {
        return weight as f64;
    }
    let gap = weight * (i128::from(wanted) - i128::from(offered));
    let m = gap as f64 / 10f64.powi(decimal_digits(wanted.max(offered)));
    if m > 0.0 {
        weight as f64 - m
    } else {
        -(weight as f64 + m)
    }
}

/// `ceil(log10(n))` computed exactly: the smallest `k` with `10^k >= n` (0 for n <= 1).
fn decimal_digits(n: u64) -> i32 {
    let mut k = 0;
    let mut power: u128 = 1;
    while power < u128::from(n) {
        power *= 10;
        k += 1;
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cuda(text: &str) -> Compute {
        Compute { cuda: Some(text.parse().unwrap()), ..Compute::default() }
    }

    #[test]
    fn exact_match_scores_111() {
        assert_eq!(score(&cuda("12.6.0"), &cuda("12.6.0")), Ok(111.0));
    }

    #[test]
    fn gxf_formula_for_minor_and_patch_gaps() {
        // older minor 2 vs 6: m = 10*4/10 = 4 -> +6; patch equal -> +1
        assert_eq!(score(&cuda("12.6.0"), &cuda("12.2.0")), Ok(107.0));
        // newer minor 8 vs 6: m = -2 -> -(10 - 2) = -8; patch equal -> +1
        assert_eq!(score(&cuda("12.6.0"), &cuda("12.8.0")), Ok(93.0));
        // minor 1 vs 0: m = 10*1/1 = 10 -> +0
        assert_eq!(score(&cuda("12.1.0"), &cuda("12.0.0")), Ok(101.0));
        // patch 10 vs 3: m = 7/10^ceil(log10 10) = 0.7 -> +0.3; minor equal -> +10
        let older = score(&cuda("3.0.10"), &cuda("3.0.3")).unwrap();
        assert!((older - 110.3).abs() < 1e-9, "{older}");
        // patch 3 vs 15: m = -12/100 -> -(1 - 0.12)
        let newer = score(&cuda("3.0.3"), &cuda("3.0.15")).unwrap();
        assert!((newer - 109.12).abs() < 1e-9, "{newer}");
    }

    #[test]
    fn fields_the_target_leaves_out_or_the_variant_lacks_score_zero() {
        let target = Compute { tensorrt: Some("10.3.0".parse().unwrap()), ..cuda("12.6") };
        assert_eq!(score(&target, &Compute::default()), Ok(0.0));
        assert_eq!(score(&Compute::default(), &target), Ok(0.0));
        assert_eq!(score(&target, &cuda("12.6")), Ok(111.0));
    }

    #[test]
    fn other_major_is_refused_per_field() {
        let target = Compute { vpi: Some("3.0.10".parse().unwrap()), ..cuda("12.6") };
        let variant = Compute { vpi: Some("2.4".parse().unwrap()), ..cuda("11.8") };
        let refusals = score(&target, &variant).unwrap_err();
        assert_eq!(refusals.len(), 2);
        assert!(matches!(refusals[0], RefusalReason::Major { field: "cuda", .. }));
        assert!(matches!(refusals[1], RefusalReason::Major { field: "vpi", .. }));
    }

    #[test]
    fn digits_are_exact_at_powers_of_ten() {
        assert_eq!(decimal_digits(0), 0);
        assert_eq!(decimal_digits(1), 0);
        assert_eq!(decimal_digits(9), 1);
        assert_eq!(decimal_digits(10), 1);
        assert_eq!(decimal_digits(1000), 3);
        assert_eq!(decimal_digits(1001), 4);
        assert_eq!(decimal_digits(u64::MAX), 20);
    }
}
