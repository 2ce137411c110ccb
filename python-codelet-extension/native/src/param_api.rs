//! `gxf.core`'s parameter calls: typed setters and getters (scalars, 1-D and 2-D vectors,
//! handles) and setting any parameter from YAML text.

use crate::runtime_api::{check, runtime};
use gxf_runtime::ParamValue;
use gxf_sdk::prelude::*;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

fn set_param(context: usize, cid: i64, key: &str, value: ParamValue) -> PyResult<()> {
    check(runtime(context)?.set_param(cid, key, value))
}

fn get_param<T: gxf_sdk::api::ParamValue>(context: usize, cid: i64, key: &str) -> PyResult<T> {
    let rt = runtime(context)?;
    check(ContextRef::from_raw(rt.raw()).component_param::<T>(cid, key))?
        .ok_or_else(|| PyValueError::new_err("GXF_PARAMETER_NOT_FOUND"))
}

/// `parameter_set_<type>` and `parameter_get_<type>` for one scalar type.
macro_rules! scalar_parameter {
    ($set:ident, $get:ident, $t:ty, $variant:ident, $as:ty) => {
        /// Sets a parameter.
        #[pyfunction]
        fn $set(context: usize, cid: i64, key: &str, value: $t) -> PyResult<()> {
            set_param(context, cid, key, ParamValue::$variant(value as $as))
        }

        /// Reads a parameter (ValueError GXF_PARAMETER_NOT_FOUND when unset).
        #[pyfunction]
        fn $get(context: usize, cid: i64, key: &str) -> PyResult<$t> {
            get_param::<$t>(context, cid, key)
        }
    };
}

scalar_parameter!(parameter_set_bool, parameter_get_bool, bool, Bool, bool);
scalar_parameter!(parameter_set_int32, parameter_get_int32, i32, Int, i64);
scalar_parameter!(parameter_set_int64, parameter_get_int64, i64, Int, i64);
scalar_parameter!(parameter_set_uint64, parameter_get_uint64, u64, UInt, u64);
scalar_parameter!(parameter_set_float32, parameter_get_float32, f32, Float, f64);
scalar_parameter!(parameter_set_float64, parameter_get_float64, f64, Float, f64);

/// Sets a string parameter.
#[pyfunction]
fn parameter_set_str(context: usize, cid: i64, key: &str, value: String) -> PyResult<()> {
    set_param(context, cid, key, ParamValue::Str(value))
}

/// Sets a file path parameter.
#[pyfunction]
fn parameter_set_path(context: usize, cid: i64, key: &str, value: String) -> PyResult<()> {
    set_param(context, cid, key, ParamValue::Str(value))
}

/// Reads a string parameter.
#[pyfunction]
fn parameter_get_str(context: usize, cid: i64, key: &str) -> PyResult<String> {
    get_param::<String>(context, cid, key)
}

/// Sets a handle parameter to component `value` (a cid).
#[pyfunction]
fn parameter_set_handle(context: usize, cid: i64, key: &str, value: i64) -> PyResult<()> {
    set_param(context, cid, key, ParamValue::Handle(value))
}

/// Reads a handle parameter: the component id it points at.
#[pyfunction]
fn parameter_get_handle(context: usize, cid: i64, key: &str) -> PyResult<i64> {
    Ok(get_param::<Handle<iface::Component>>(context, cid, key)?.cid())
}

/// Sets a parameter from YAML text (parsed with the parameter's registered type).
#[pyfunction]
fn parameter_set_from_yaml_node(context: usize, cid: i64, key: &str, yaml: &str) -> PyResult<()> {
    let rt = runtime(context)?;
    let ctx = ComponentContext::from_raw(gxf_sdk::abi::ComponentCtxC { context: rt.raw(), eid: 0, cid });
    check(ctx.set_param_yaml(key, yaml))
}

/// `parameter_set_1d_<type>_vector`, `parameter_get_1d_<type>_vector` and the 2-D pair for
/// one element type.
macro_rules! vector_parameter {
    ($set1:ident, $get1:ident, $set2:ident, $get2:ident, $t:ty, $variant:ident, $as:ty) => {
        /// Sets a 1-D vector parameter from the first `length` values.
        #[pyfunction]
        fn $set1(context: usize, cid: i64, key: &str, value: Vec<$t>, length: usize) -> PyResult<()> {
            let items = prefix(&value, length)?.iter().map(|&v| ParamValue::$variant(v as $as)).collect();
            set_param(context, cid, key, ParamValue::Seq(items))
        }

        /// Reads a 1-D vector parameter of `length` values.
        #[pyfunction]
        fn $get1(context: usize, cid: i64, key: &str, length: usize) -> PyResult<Vec<$t>> {
            let value = get_param::<Vec<$t>>(context, cid, key)?;
            Ok(prefix(&value, length)?.to_vec())
        }

        /// Sets a 2-D vector parameter of `height` rows of `width` values.
        #[pyfunction]
        fn $set2(
            context: usize,
            cid: i64,
            key: &str,
            value: Vec<Vec<$t>>,
            height: usize,
            width: usize,
        ) -> PyResult<()> {
            let rows = prefix(&value, height)?
                .iter()
                .map(|row| {
                    Ok(ParamValue::Seq(prefix(row, width)?.iter().map(|&v| ParamValue::$variant(v as $as)).collect()))
                })
                .collect::<PyResult<Vec<_>>>()?;
            set_param(context, cid, key, ParamValue::Seq(rows))
        }

        /// Reads a 2-D vector parameter of `height` rows of `width` values.
        #[pyfunction]
        fn $get2(context: usize, cid: i64, key: &str, height: usize, width: usize) -> PyResult<Vec<Vec<$t>>> {
            let value = get_param::<Vec<Vec<$t>>>(context, cid, key)?;
            prefix(&value, height)?.iter().map(|row| Ok(prefix(row, width)?.to_vec())).collect()
        }
    };
}

/// The first `n` items, or `ValueError("GXF_ARGUMENT_OUT_OF_RANGE")` when there are fewer.
fn prefix<T>(items: &[T], n: usize) -> PyResult<&[T]> {
    items.get(..n).ok_or_else(|| PyValueError::new_err("GXF_ARGUMENT_OUT_OF_RANGE"))
}

vector_parameter!(
    parameter_set_1d_float64_vector,
    parameter_get_1d_float64_vector,
    parameter_set_2d_float64_vector,
    parameter_get_2d_float64_vector,
    f64,
    Float,
    f64
);
vector_parameter!(
    parameter_set_1d_int64_vector,
    parameter_get_1d_int64_vector,
    parameter_set_2d_int64_vector,
    parameter_get_2d_int64_vector,
    i64,
    Int,
    i64
);
vector_parameter!(
    parameter_set_1d_uint64_vector,
    parameter_get_1d_uint64_vector,
    parameter_set_2d_uint64_vector,
    parameter_get_2d_uint64_vector,
    u64,
    UInt,
    u64
);
vector_parameter!(
    parameter_set_1d_int32_vector,
    parameter_get_1d_int32_vector,
    parameter_set_2d_int32_vector,
    parameter_get_2d_int32_vector,
    i32,
    Int,
    i64
);

/// Adds the parameter calls to the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    for f in [
        wrap_pyfunction!(parameter_set_bool, m)?,
        wrap_pyfunction!(parameter_get_bool, m)?,
        wrap_pyfunction!(parameter_set_int32, m)?,
        wrap_pyfunction!(parameter_get_int32, m)?,
        wrap_pyfunction!(parameter_set_int64, m)?,
        wrap_pyfunction!(parameter_get_int64, m)?,
        wrap_pyfunction!(parameter_set_uint64, m)?,
        wrap_pyfunction!(parameter_get_uint64, m)?,
        wrap_pyfunction!(parameter_set_float32, m)?,
        wrap_pyfunction!(parameter_get_float32, m)?,
        wrap_pyfunction!(parameter_set_float64, m)?,
        wrap_pyfunction!(parameter_get_float64, m)?,
        wrap_pyfunction!(parameter_set_str, m)?,
        wrap_pyfunction!(parameter_set_path, m)?,
        wrap_pyfunction!(parameter_get_str, m)?,
        wrap_pyfunction!(parameter_set_handle, m)?,
        wrap_pyfunction!(parameter_get_handle, m)?,
        wrap_pyfunction!(parameter_set_from_yaml_node, m)?,
        wrap_pyfunction!(parameter_set_1d_float64_vector, m)?,
        wrap_pyfunction!(parameter_get_1d_float64_vector, m)?,
        wrap_pyfunction!(parameter_set_2d_float64_vector, m)?,
        wrap_pyfunction!(parameter_get_2d_float64_vector, m)?,
        wrap_pyfunction!(parameter_set_1d_int64_vector, m)?,
        wrap_pyfunction!(parameter_get_1d_int64_vector, m)?,
        wrap_pyfunction!(parameter_set_2d_int64_vector, m)?,
        wrap_pyfunction!(parameter_get_2d_int64_vector, m)?,
        wrap_pyfunction!(parameter_set_1d_uint64_vector, m)?,
        wrap_pyfunction!(parameter_get_1d_uint64_vector, m)?,
        wrap_pyfunction!(parameter_set_2d_uint64_vector, m)?,
        wrap_pyfunction!(parameter_get_2d_uint64_vector, m)?,
        wrap_pyfunction!(parameter_set_1d_int32_vector, m)?,
        wrap_pyfunction!(parameter_get_1d_int32_vector, m)?,
        wrap_pyfunction!(parameter_set_2d_int32_vector, m)?,
        wrap_pyfunction!(parameter_get_2d_int32_vector, m)?,
    ] {
        m.add_function(f)?;
    }
    Ok(())
}
