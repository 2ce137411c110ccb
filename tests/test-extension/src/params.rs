//! Parameter-plumbing tests: components that check the values they were given in `initialize`
//! (GXF asserts there; here a mismatch fails initialization with `GXF_FAILURE`).

use crate::yaml_param::{array, float, list, unsigned, YamlParam};
use gxf_core::prelude::*;
use std::collections::BTreeMap;
use std::fmt::Debug;

/// `Ok` when `actual == expected`, else a `GXF_FAILURE` naming both.
fn expect<T: PartialEq + Debug>(what: &str, actual: T, expected: T) -> Result<()> {
    if actual == expected {
        Ok(())
    } else {
        fail(Code::GXF_FAILURE, format!("{what} is {actual:?}, expected {expected:?}"))
    }
}

/// The exact yaml-cpp emission of the nested `more` value in `test_load_parameter_from_yaml.yaml`.
const EXPECTED_MORE: &str = "- a: st\n  b: ee\n- c: an\n  d: en\n- e:\n    - f: figy\n      g: g";

/// Checks scalar parameters and a non-scalar YAML value read into a string.
#[derive(Default)]
pub struct LoadParameterFromYamlTest;

impl Component for LoadParameterFromYamlTest {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<bool>("fact");
        r.param::<bool>("rumor");
        r.param::<i32>("forty_two");
        r.param::<i32>("minus_one");
        r.param::<String>("some_text");
        r.param::<String>("more");
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        expect("fact", ctx.param::<bool>("fact")?, true)?;
        expect("rumor", ctx.param::<bool>("rumor")?, false)?;
        expect("forty_two", ctx.param::<i32>("forty_two")?, 42)?;
        expect("minus_one", ctx.param::<i32>("minus_one")?, -1)?;
        expect("some_text", ctx.param::<String>("some_text")?.as_str(), "hello")?;
        expect("more", ctx.param::<String>("more")?.as_str(), EXPECTED_MORE)
    }
}

/// Checks mandatory/optional parameters with and without defaults (YAML must set 1, 2, 3, 4).
#[derive(Default)]
pub struct RegisterParameterInterfaceTest;

impl Component for RegisterParameterInterfaceTest {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<i64>("mandatory_no_default").headline("Mandatory No Default").description("N/A");
        r.param::<i64>("mandatory_with_default").headline("Mandatory With Default").description("N/A").default(3i64);
        r.param::<i64>("optional_no_default").headline("Mandatory No Default").description("N/A").optional();
        r.param::<u64>("optional_with_default")
            .headline("Optional With Default")
            .description("N/A")
            .default(5u64)
            .optional();
        r.param::<String>("std_string_text")
            .headline("Std_String_Text")
            .description("This is a std::string")
            .default("Default value of std::string text");
        r.param::<bool>("bool_default")
            .headline("Bool_Default")
            .description("Description of bool default")
            .default(true);
        r.param::<f64>("double_default")
            .headline("Double_Default")
            .description("Description of double default")
            .default(12345.6789f64);
        r.param::<Complex32>("complex64").default_yaml("7.5+3i");
        r.param::<Complex64>("complex128").default_yaml("1.234+5.678i");
        r.param::<Vec<String>>("custom_parameter");
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        expect("mandatory_no_default", ctx.param::<i64>("mandatory_no_default")?, 1)?;
        expect("mandatory_with_default", ctx.param::<i64>("mandatory_with_default")?, 2)?;
        expect("optional_no_default", ctx.try_param::<i64>("optional_no_default")?, Some(3))?;
        expect("optional_with_default", ctx.try_param::<u64>("optional_with_default")?, Some(4))
    }
}

/// Checks a `FixedVector<uint8_t, 16>` holding 0..15.
#[derive(Default)]
pub struct FixedVectorParameterTest;

impl Component for FixedVectorParameterTest {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<FixedVector<u8, 16>>("fixed_vector_stack");
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        let values = ctx.param::<FixedVector<u8, 16>>("fixed_vector_stack")?.0;
        expect("fixed_vector_stack", values, (0..16).collect())
    }
}

/// The values `StdParameterTest` asserts.
#[derive(Debug, Default, PartialEq)]
struct StdValues {
    integers: Vec<i32>,
    my_unsigned_int8: Vec<u8>,
    strings: Vec<String>,
    my_doubles: Vec<Vec<f64>>,
    segments: Vec<[[f64; 2]; 2]>,
    string_to_int_map: Option<BTreeMap<String, i64>>,
    complex64: Option<Complex32>,
    complex128: Option<Complex64>,
}

impl StdValues {
    fn check(&self) -> Result<()> {
        expect("integers", self.integers.as_slice(), &[2, 3, 5, 7, 11])?;
        expect("my_unsigned_int8", self.my_unsigned_int8.as_slice(), &[133, 100, 1, 3])?;
        expect("strings", self.strings.as_slice(), &["Hello".to_string(), "world,".into(), "GXF".into()])?;
        expect("my_doubles", self.my_doubles.clone(), vec![vec![4.2, -5.2, 0.0], vec![], vec![100.0]])?;
        expect("segments", self.segments.as_slice(), &[[[-100.0, 0.0], [100.0, 0.0]], [[0.0, 0.0], [20.0, 2.0]]])?;
        if let Some(map) = &self.string_to_int_map {
            let expected = BTreeMap::from([("hello".to_string(), 1), ("world".to_string(), 2)]);
            expect("string_to_int_map", map, &expected)?;
        }
        if let Some(c) = self.complex64 {
            expect("complex64", c, Complex32 { re: 2.0, im: 1.5 })?;
        }
        if let Some(c) = self.complex128 {
            expect("complex128", c, Complex64 { re: -2.102, im: -3.0 })?;
        }
        Ok(())
    }
}

/// Checks std containers: vectors (ranks 1–3), arrays, vectors of pairs, maps, complex numbers.
///
/// The values of `rank_2_vector`, `rank_3_vector`, `vector_of_float`, `rank_1_array`,
/// `rank_2_array`, `string_to_vector_map` and the handle containers are only type-checked.
/// `rank_1_array`, the maps and the complex numbers are optional here (GXF 4.1 additions
/// whose reference YAML is not available).
#[derive(Default)]
pub struct StdParameterTest;

impl Component for StdParameterTest {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<Vec<i32>>("integers");
        r.param::<Vec<u8>>("my_unsigned_int8");
        r.param::<Vec<String>>("strings");
        r.param::<Vec<Vec<f64>>>("my_doubles");
        r.param::<YamlParam>("segments").description("vector of pairs of 2-arrays of doubles");
        r.param::<Vec<Vec<u64>>>("rank_2_vector");
        r.param::<YamlParam>("rank_3_vector").description("rank-3 vector of uint64");
        r.param::<Vec<f64>>("vector_of_float")
            .headline("testing float vector")
            .description("description for vector_of_float");
        r.param::<Vec<Handle<iface::Allocator>>>("vector_of_handles")
            .headline("headline for vector_of_handles")
            .description("description for vector_of_handles")
            .optional();
        r.param::<YamlParam>("rank_1_array").description("array of uint64").optional();
        r.param::<YamlParam>("rank_2_array").description("1x2 array of uint64");
        r.param::<[Handle<iface::Allocator>; 2]>("array_of_two_handles")
            .headline("headline for array_of_two_handles")
            .description("description for array_of_two_handles")
            .optional();
        r.param::<BTreeMap<String, i64>>("string_to_int_map").optional();
        r.param::<YamlParam>("string_to_vector_map").description("map of string to vector").optional();
        r.param::<Complex32>("complex64").optional();
        r.param::<Complex64>("complex128").optional();
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        let segments = ctx.param::<YamlParam>("segments")?.0;
        let point = |n: &_| array::<f64, 2>(n, "segments", |x| float(x, "segments"));
        let values = StdValues {
            integers: ctx.param("integers")?,
            my_unsigned_int8: ctx.param("my_unsigned_int8")?,
            strings: ctx.param("strings")?,
            my_doubles: ctx.param("my_doubles")?,
            segments: list(&segments, "segments", |pair| array(pair, "segments", point))?,
            string_to_int_map: ctx.try_param("string_to_int_map")?,
            complex64: ctx.try_param("complex64")?,
            complex128: ctx.try_param("complex128")?,
        };
        // Shape checks only.
        ctx.param::<Vec<Vec<u64>>>("rank_2_vector")?;
        ctx.param::<Vec<f64>>("vector_of_float")?;
        ctx.try_param::<Vec<Handle<iface::Allocator>>>("vector_of_handles")?;
        ctx.try_param::<[Handle<iface::Allocator>; 2]>("array_of_two_handles")?;
        let rank3 = ctx.param::<YamlParam>("rank_3_vector")?.0;
        list(&rank3, "rank_3_vector", |a| {
            list(a, "rank_3_vector", |b| list(b, "rank_3_vector", |c| unsigned(c, "rank_3_vector")))
        })?;
        let rank2 = ctx.param::<YamlParam>("rank_2_array")?.0;
        array::<[u64; 2], 1>(&rank2, "rank_2_array", |a| array(a, "rank_2_array", |c| unsigned(c, "rank_2_array")))?;
        if let Some(rank1) = ctx.try_param::<YamlParam>("rank_1_array")? {
            list(&rank1.0, "rank_1_array", |c| unsigned(c, "rank_1_array"))?;
        }
        values.check()
    }
}

/// Checks that the `pool` handle points at the entity's component named `pool`, then re-points
/// it at `other_pool` and checks that the parameter follows.
#[derive(Default)]
pub struct TestHandleParameter;

impl Component for TestHandleParameter {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<Handle<iface::Allocator>>("pool");
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        let allocators = ctx.find_all::<iface::Allocator>()?;
        let named = |name: &str| {
            allocators
                .iter()
                .find(|a| a.name() == name)
                .map(|a| a.cid())
                .ok_or_else(|| Error::new(Code::GXF_FAILURE, format!("the entity has no allocator named '{name}'")))
        };
        let (pool, other_pool) = (named("pool")?, named("other_pool")?);
        if pool == other_pool {
            return fail(Code::GXF_FAILURE, "'pool' and 'other_pool' are the same component");
        }
        expect("pool", ctx.param::<Handle<iface::Allocator>>("pool")?.cid(), pool)?;
        ctx.set_param_yaml("pool", "other_pool")?;
        expect("pool after re-pointing", ctx.param::<Handle<iface::Allocator>>("pool")?.cid(), other_pool)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference_values() -> StdValues {
        StdValues {
            integers: vec![2, 3, 5, 7, 11],
            my_unsigned_int8: vec![133, 100, 1, 3],
            strings: vec!["Hello".into(), "world,".into(), "GXF".into()],
            my_doubles: vec![vec![4.2, -5.2, 0.0], vec![], vec![100.0]],
            segments: vec![[[-100.0, 0.0], [100.0, 0.0]], [[0.0, 0.0], [20.0, 2.0]]],
            ..StdValues::default()
        }
    }

    #[test]
    fn expect_names_both_values() {
        assert!(expect("x", 1, 1).is_ok());
        let e = expect("forty_two", 41, 42).unwrap_err();
        assert_eq!((e.code, e.message.as_str()), (Code::GXF_FAILURE, "forty_two is 41, expected 42"));
    }

    #[test]
    fn std_values_of_the_reference_yaml_pass() {
        assert!(reference_values().check().is_ok());
        let with_extras = StdValues {
            string_to_int_map: Some(BTreeMap::from([("hello".into(), 1), ("world".into(), 2)])),
            complex64: Some(Complex32 { re: 2.0, im: 1.5 }),
            complex128: Some(Complex64 { re: -2.102, im: -3.0 }),
            ..reference_values()
        };
        assert!(with_extras.check().is_ok());
    }

    #[test]
    fn std_value_mismatches_fail() {
        let wrong = StdValues { integers: vec![2, 3, 5, 7], ..reference_values() };
        assert!(wrong.check().unwrap_err().message.starts_with("integers"));
        let wrong = StdValues { complex128: Some(Complex64 { re: 2.102, im: -3.0 }), ..reference_values() };
        assert!(wrong.check().unwrap_err().message.starts_with("complex128"));
    }
}
