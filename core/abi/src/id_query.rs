//! The ABI's protocol for functions that return a list of ids: the caller passes a buffer and its
//! capacity in `*n`; the callee writes `*n` ids, or answers `GXF_QUERY_NOT_ENOUGH_CAPACITY` with the
//! needed count in `*n`.

use crate::result::Code;

/// Capacity of the first attempt.
const FIRST_CAPACITY: usize = 64;

/// Calls `fill(buffer, &mut n)` with a buffer that grows until every id fits. `discard_error` runs
/// after each too-small attempt, to drop the error text the callee recorded for it. Returns the
/// last result code and the ids written.
pub fn query_ids(
    mut fill: impl FnMut(*mut i64, &mut usize) -> i32,
    mut discard_error: impl FnMut(),
) -> (i32, Vec<i64>) {
    let mut ids = vec![0i64; FIRST_CAPACITY];
    loop {
        let mut n = ids.len();
        let code = fill(ids.as_mut_ptr(), &mut n);
        if code == Code::GXF_QUERY_NOT_ENOUGH_CAPACITY as i32 && n > ids.len() {
            discard_error();
            ids.resize(n, 0);
            continue;
        }
        ids.truncate(if code == 0 { n } else { 0 });
        return (code, ids);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A callee following the protocol over `count` ids.
    fn callee(count: usize) -> impl FnMut(*mut i64, &mut usize) -> i32 {
        move |out, n| {
            let capacity = *n;
            *n = count;
            if count > capacity {
                return Code::GXF_QUERY_NOT_ENOUGH_CAPACITY as i32;
            }
            for i in 0..count {
                // SAFETY: out has capacity for `count` ids.
                unsafe { *out.add(i) = i as i64 };
            }
            0
        }
    }

    #[test]
    fn the_buffer_grows_until_every_id_fits() {
        let mut discarded = 0;
        let (code, ids) = query_ids(callee(1000), || discarded += 1);
        assert_eq!((code, ids.len(), discarded), (0, 1000, 1));
        assert_eq!(ids[999], 999);
        let (code, ids) = query_ids(callee(3), || panic!("no retry needed"));
        assert_eq!((code, ids), (0, vec![0, 1, 2]));
    }

    #[test]
    fn other_failures_return_their_code_and_no_ids() {
        let (code, ids) = query_ids(|_, _| Code::GXF_ENTITY_NOT_FOUND as i32, || panic!("not a capacity error"));
        assert_eq!((code, ids.len()), (Code::GXF_ENTITY_NOT_FOUND as i32, 0));
    }
}
