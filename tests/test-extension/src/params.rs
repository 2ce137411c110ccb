//! Parameter-plumbing tests: components that check the values they were given in `initialize`
//! (GXF asserts there; here a mismatch fails initialization with `GXF_FAILURE`).

use crate::yaml_param::{array, float, list, unsigned, YamlParam};
use gxf_sdk::prelude::*;
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
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::LoadParameterFromYamlTest",
    uuid = "77d3cb56-1ddb-4656-828a-3955ad78fb27",
    description = "Tests that parameters are loaded correctly from yaml",
    initialize = Self::check
)]
pub struct LoadParameterFromYamlTest {
    #[param]
    fact: bool,
    #[param]
    rumor: bool,
    #[param]
    forty_two: i32,
    #[param]
    minus_one: i32,
    #[param]
    some_text: String,
    #[param]
    more: String,
}

impl LoadParameterFromYamlTest {
    fn check(&mut self, _ctx: &ComponentContext) -> Result<()> {
        expect("fact", self.fact, true)?;
        expect("rumor", self.rumor, false)?;
        expect("forty_two", self.forty_two, 42)?;
        expect("minus_one", self.minus_one, -1)?;
        expect("some_text", self.some_text.as_str(), "hello")?;
        expect("more", self.more.as_str(), EXPECTED_MORE)
    }
}

/// Checks mandatory/optional parameters with and without defaults (YAML must set 1, 2, 3, 4).
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::RegisterParameterInterfaceTest",
    uuid = "e9234c1a-d5f8-445c-ae91-18bcda197032",
    description = "Tests all variations of the parameter interface",
    initialize = Self::check
)]
pub struct RegisterParameterInterfaceTest {
    /// N/A
    #[param(headline = "Mandatory No Default")]
    mandatory_no_default: i64,
    /// N/A
    #[param(headline = "Mandatory With Default", default = 3i64)]
    mandatory_with_default: i64,
    /// N/A
    #[param(headline = "Mandatory No Default")]
    optional_no_default: Option<i64>,
    /// N/A
    #[param(headline = "Optional With Default", default = 5u64)]
    optional_with_default: Option<u64>,
    /// This is a std::string
    #[param(key = "std_string_text", headline = "Std_String_Text", default = "Default value of std::string text")]
    _std_string_text: String,
    /// Description of bool default
    #[param(key = "bool_default", headline = "Bool_Default", default = true)]
    _bool_default: bool,
    /// Description of double default
    #[param(key = "double_default", headline = "Double_Default", default = 12345.6789f64)]
    _double_default: f64,
    #[param(key = "complex64", default_yaml = "7.5+3i")]
    _complex64: Complex32,
    #[param(key = "complex128", default_yaml = "1.234+5.678i")]
    _complex128: Complex64,
    #[param(key = "custom_parameter")]
    _custom_parameter: Vec<String>,
}

impl RegisterParameterInterfaceTest {
    fn check(&mut self, _ctx: &ComponentContext) -> Result<()> {
        expect("mandatory_no_default", self.mandatory_no_default, 1)?;
        expect("mandatory_with_default", self.mandatory_with_default, 2)?;
        expect("optional_no_default", self.optional_no_default, Some(3))?;
        expect("optional_with_default", self.optional_with_default, Some(4))
    }
}

/// Checks a `FixedVector<uint8_t, 16>` holding 0..15.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::FixedVectorParameterTest",
    uuid = "f6a9bda1-7a0d-1642-c2d0-6c87c645218f",
    description = "Tests parameter support for nvidia::FixedVector",
    initialize = Self::check
)]
pub struct FixedVectorParameterTest {
    #[param]
    fixed_vector_stack: FixedVector<u8, 16>,
}

impl FixedVectorParameterTest {
    fn check(&mut self, _ctx: &ComponentContext) -> Result<()> {
        expect("fixed_vector_stack", self.fixed_vector_stack.0.clone(), (0..16).collect())
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
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::StdParameterTest",
    uuid = "405d8e06-2d3f-45f1-84c4-92ac9ef3c67c",
    description = "Tests parameter support for STD types like std::vector",
    initialize = Self::check
)]
pub struct StdParameterTest {
    #[param]
    integers: Vec<i32>,
    #[param]
    my_unsigned_int8: Vec<u8>,
    #[param]
    strings: Vec<String>,
    #[param]
    my_doubles: Vec<Vec<f64>>,
    /// vector of pairs of 2-arrays of doubles
    #[param]
    segments: YamlParam,
    #[param(key = "rank_2_vector")]
    _rank_2_vector: Vec<Vec<u64>>,
    /// rank-3 vector of uint64
    #[param]
    rank_3_vector: YamlParam,
    /// description for vector_of_float
    #[param(key = "vector_of_float", headline = "testing float vector")]
    _vector_of_float: Vec<f64>,
    /// description for vector_of_handles
    #[param(key = "vector_of_handles", headline = "headline for vector_of_handles")]
    _vector_of_handles: Option<Vec<Handle<iface::Allocator>>>,
    /// array of uint64
    #[param]
    rank_1_array: Option<YamlParam>,
    /// 1x2 array of uint64
    #[param]
    rank_2_array: YamlParam,
    /// description for array_of_two_handles
    #[param(key = "array_of_two_handles", headline = "headline for array_of_two_handles")]
    _array_of_two_handles: Option<[Handle<iface::Allocator>; 2]>,
    #[param]
    string_to_int_map: Option<BTreeMap<String, i64>>,
    /// map of string to vector
    #[param(key = "string_to_vector_map")]
    _string_to_vector_map: Option<YamlParam>,
    #[param]
    complex64: Option<Complex32>,
    #[param]
    complex128: Option<Complex64>,
}

impl StdParameterTest {
    /// Decodes the custom-typed values (segments, then the shape-only ones) and checks them all.
    fn check(&mut self, _ctx: &ComponentContext) -> Result<()> {
        let point = |n: &_| array::<f64, 2>(n, "segments", |x| float(x, "segments"));
        let values = StdValues {
            integers: self.integers.clone(),
            my_unsigned_int8: self.my_unsigned_int8.clone(),
            strings: self.strings.clone(),
            my_doubles: self.my_doubles.clone(),
            segments: list(&self.segments.0, "segments", |pair| array(pair, "segments", point))?,
            string_to_int_map: self.string_to_int_map.clone(),
            complex64: self.complex64,
            complex128: self.complex128,
        };
        // Shape checks only.
        list(&self.rank_3_vector.0, "rank_3_vector", |a| {
            list(a, "rank_3_vector", |b| list(b, "rank_3_vector", |c| unsigned(c, "rank_3_vector")))
        })?;
        array::<[u64; 2], 1>(&self.rank_2_array.0, "rank_2_array", |a| {
            array(a, "rank_2_array", |c| unsigned(c, "rank_2_array"))
        })?;
        if let Some(rank1) = &self.rank_1_array {
            list(&rank1.0, "rank_1_array", |c| unsigned(c, "rank_1_array"))?;
        }
        values.check()
    }
}

/// Checks that the `pool` handle points at the entity's component named `pool`, then re-points
/// it at `other_pool` and checks that the parameter follows.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::TestHandleParameter",
    uuid = "92f49e50-aded-48a8-8b97-a274e227875f",
    description = "Tests getting parameters using try_get",
    initialize = Self::check
)]
pub struct TestHandleParameter {
    #[param]
    pool: Handle<iface::Allocator>,
}

impl TestHandleParameter {
    fn check(&mut self, ctx: &ComponentContext) -> Result<()> {
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
        expect("pool", self.pool.cid(), pool)?;
        ctx.set_param_yaml("pool", "other_pool")?;
        self.pool = ctx.param("pool")?;
        expect("pool after re-pointing", self.pool.cid(), other_pool)
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
