//! Declaring parameters (at registration) and reading them (in `initialize`).

use super::context::{check_code, ContextRef};
use super::handle::{Handle, Interface};
use super::host::host;
use crate::abi::{container, node_kind, param_flags, param_type, AbiStr, ParamNodeC};
use crate::result::{Code, Error, Result};
use crate::tid::Tid;
use std::collections::BTreeMap;

/// A parameter specification as the core sees it.
#[derive(Clone, Debug, Default)]
pub struct ParamSpec {
    /// YAML key.
    pub key: String,
    /// Short title.
    pub headline: String,
    /// Description.
    pub description: String,
    /// Element type (`param_type`).
    pub elem: u32,
    /// Container (`container`).
    pub container: u32,
    /// Array length / fixed-vector maximum.
    pub len: u32,
    /// Flags (`param_flags`).
    pub flags: u32,
    /// Base type required of handles.
    pub handle_tid: Tid,
    /// Default as YAML text.
    pub default_yaml: Option<String>,
    /// Smallest integer value accepted (with `param_flags::BOUNDED`).
    pub min: i64,
    /// Largest integer value accepted (with `param_flags::BOUNDED`).
    pub max: i64,
}

impl ParamSpec {
    /// The inclusive bounds of an integer parameter, if it has any.
    pub fn bounds(&self) -> Option<(i64, i64)> {
        (self.flags & param_flags::BOUNDED != 0).then_some((self.min, self.max))
    }
}

/// Collects the parameter declarations of one component type.
#[derive(Default)]
pub struct ParamRegistrar {
    pub(crate) specs: Vec<ParamSpec>,
}

/// Builder returned by [`ParamRegistrar::param`].
pub struct ParamSpecBuilder<'a> {
    spec: &'a mut ParamSpec,
}

impl ParamRegistrar {
    /// Declares parameter `key` of type `T` (mandatory unless `optional()` or `default(..)`).
    pub fn param<T: ParamValue>(&mut self, key: &str) -> ParamSpecBuilder<'_> {
        self.specs.push(ParamSpec {
            key: key.to_string(),
            headline: key.to_string(),
            elem: T::ELEM,
            container: T::CONTAINER,
            len: T::LEN,
            handle_tid: T::handle_tid(),
            ..ParamSpec::default()
        });
        let spec = self.specs.last_mut().expect("just pushed");
        ParamSpecBuilder { spec }
    }

    /// The declared specifications.
    pub fn specs(&self) -> &[ParamSpec] {
        &self.specs
    }
}

impl ParamSpecBuilder<'_> {
    /// Sets the headline.
    pub fn headline(self, text: &str) -> Self {
        self.spec.headline = text.to_string();
        self
    }

    /// Sets the description.
    pub fn description(self, text: &str) -> Self {
        self.spec.description = text.to_string();
        self
    }

    /// Marks the parameter optional (may stay unset).
    pub fn optional(self) -> Self {
        self.spec.flags |= param_flags::OPTIONAL;
        self
    }

    /// Marks the parameter dynamic (may change after initialization).
    pub fn dynamic(self) -> Self {
        self.spec.flags |= param_flags::DYNAMIC;
        self
    }

    /// Refuses integer values below `min` (`GXF_PARAMETER_OUT_OF_RANGE` when the value is set,
    /// before the component is initialized).
    pub fn min(self, min: i64) -> Self {
        let builder = self.bounded();
        builder.spec.min = min;
        builder
    }

    /// Refuses integer values above `max` (as [`Self::min`]): sizes, capacities and thread counts
    /// get a bound, so that a typo cannot make the component allocate without limit.
    pub fn max(self, max: i64) -> Self {
        let builder = self.bounded();
        builder.spec.max = max;
        builder
    }

    fn bounded(self) -> Self {
        if self.spec.flags & param_flags::BOUNDED == 0 {
            self.spec.flags |= param_flags::BOUNDED;
            (self.spec.min, self.spec.max) = (i64::MIN, i64::MAX);
        }
        self
    }

    /// Sets a default value, given as YAML text (`"1"`, `"[1, 2]"`, `"hello"`).
    pub fn default_yaml(self, yaml: &str) -> Self {
        self.spec.default_yaml = Some(yaml.to_string());
        self
    }

    /// Sets a default value.
    pub fn default(self, value: impl ToYaml) -> Self {
        self.spec.default_yaml = Some(value.to_yaml());
        self
    }
}

/// Renders a default value as YAML text.
pub trait ToYaml {
    /// The YAML text.
    fn to_yaml(&self) -> String;
}

macro_rules! to_yaml_display {
    ($($t:ty),*) => { $(impl ToYaml for $t { fn to_yaml(&self) -> String { self.to_string() } })* };
}
to_yaml_display!(bool, i8, i16, i32, i64, u8, u16, u32, u64, usize);

impl ToYaml for f64 {
    fn to_yaml(&self) -> String {
        format!("{self:?}")
    }
}

impl ToYaml for f32 {
    fn to_yaml(&self) -> String {
        format!("{self:?}")
    }
}

impl ToYaml for &str {
    fn to_yaml(&self) -> String {
        format!("\"{}\"", self.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// Reads one parameter (or a node inside it) through the host.
pub struct ParamReader {
    context: ContextRef,
    cid: i64,
    key: String,
    path: Vec<u64>,
}

impl ParamReader {
    /// A reader at the root of parameter `key` of component `cid`.
    pub fn new(context: ContextRef, cid: i64, key: &str) -> ParamReader {
        ParamReader { context, cid, key: key.to_string(), path: Vec::new() }
    }

    /// The runtime context.
    pub fn context(&self) -> ContextRef {
        self.context
    }

    /// The node at this reader's path.
    pub fn node(&self) -> Result<ParamNodeC> {
        let mut out = ParamNodeC { kind: 0, b: false, i: 0, u: 0, f: 0.0, f2: 0.0, s: AbiStr::EMPTY, len: 0 };
        // SAFETY: valid path buffer and out-pointer.
        check_code(unsafe {
            (host().param_node)(
                self.context.raw(),
                self.cid,
                AbiStr::new(&self.key),
                self.path.as_ptr(),
                self.path.len(),
                &mut out,
            )
        })
        .map_err(|e| {
            if e.code == Code::GXF_PARAMETER_NOT_FOUND {
                e
            } else {
                e.context(format!("parameter '{}'", self.key))
            }
        })?;
        Ok(out)
    }

    /// A reader for item `index` of the sequence or map at this path.
    pub fn child(&self, index: u64) -> ParamReader {
        let mut path = self.path.clone();
        path.push(index);
        ParamReader { context: self.context, cid: self.cid, key: self.key.clone(), path }
    }

    /// Key of map entry `index` at this path.
    pub fn map_key(&self, index: u64) -> Result<String> {
        let mut out = AbiStr::EMPTY;
        // SAFETY: valid path buffer and out-pointer; text copied at once.
        unsafe {
            check_code((host().param_map_key)(
                self.context.raw(),
                self.cid,
                AbiStr::new(&self.key),
                self.path.as_ptr(),
                self.path.len(),
                index,
                &mut out,
            ))?;
            Ok(out.as_str().to_string())
        }
    }

    fn mismatch(&self, expected: &str) -> Error {
        Error::new(Code::GXF_PARAMETER_INVALID_TYPE, format!("parameter '{}' is not {expected}", self.key))
    }
}

/// A type a parameter can hold, with its GXF type description and decoder.
pub trait ParamValue: Sized {
    /// Element type (`param_type`).
    const ELEM: u32;
    /// Container (`container`).
    const CONTAINER: u32 = container::SCALAR;
    /// Array length / fixed-vector maximum.
    const LEN: u32 = 0;
    /// Base type required of handles.
    fn handle_tid() -> Tid {
        Tid::NULL
    }
    /// Decodes the node at `reader`.
    fn decode(reader: &ParamReader) -> Result<Self>;
}

macro_rules! int_param {
    ($($t:ty => $elem:expr),*) => {$(
        impl ParamValue for $t {
            const ELEM: u32 = $elem;
            fn decode(reader: &ParamReader) -> Result<Self> {
                let n = reader.node()?;
                let v: Option<$t> = match n.kind {
                    node_kind::INT => <$t>::try_from(n.i).ok(),
                    node_kind::UINT => <$t>::try_from(n.u).ok(),
                    _ => None,
                };
                v.ok_or_else(|| reader.mismatch(stringify!($t)))
            }
        }
    )*};
}
int_param!(i8 => param_type::INT8, i16 => param_type::INT16, i32 => param_type::INT32,
    i64 => param_type::INT64, u8 => param_type::UINT8, u16 => param_type::UINT16,
    u32 => param_type::UINT32, u64 => param_type::UINT64);

impl ParamValue for usize {
    const ELEM: u32 = param_type::UINT64;
    fn decode(reader: &ParamReader) -> Result<Self> {
        u64::decode(reader).map(|v| v as usize)
    }
}

impl ParamValue for f64 {
    const ELEM: u32 = param_type::FLOAT64;
    fn decode(reader: &ParamReader) -> Result<Self> {
        let n = reader.node()?;
        match n.kind {
            node_kind::FLOAT => Ok(n.f),
            node_kind::INT => Ok(n.i as f64),
            node_kind::UINT => Ok(n.u as f64),
            _ => Err(reader.mismatch("a number")),
        }
    }
}

impl ParamValue for f32 {
    const ELEM: u32 = param_type::FLOAT32;
    fn decode(reader: &ParamReader) -> Result<Self> {
        f64::decode(reader).map(|v| v as f32)
    }
}

impl ParamValue for bool {
    const ELEM: u32 = param_type::BOOL;
    fn decode(reader: &ParamReader) -> Result<Self> {
        let n = reader.node()?;
        if n.kind == node_kind::BOOL {
            Ok(n.b)
        } else {
            Err(reader.mismatch("a bool"))
        }
    }
}

impl ParamValue for String {
    const ELEM: u32 = param_type::STRING;
    fn decode(reader: &ParamReader) -> Result<Self> {
        let n = reader.node()?;
        if n.kind == node_kind::STR {
            // SAFETY: the host keeps the text alive until the parameter changes; copied now.
            Ok(unsafe { n.s.as_str() }.to_string())
        } else {
            Err(reader.mismatch("a string"))
        }
    }
}

/// A complex number (`std::complex<double>`; `std::complex<float>` uses [`Complex32`]).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Complex64 {
    /// Real part.
    pub re: f64,
    /// Imaginary part.
    pub im: f64,
}

/// A single-precision complex number (`std::complex<float>`).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Complex32 {
    /// Real part.
    pub re: f32,
    /// Imaginary part.
    pub im: f32,
}

fn decode_complex(reader: &ParamReader) -> Result<(f64, f64)> {
    let n = reader.node()?;
    if n.kind == node_kind::COMPLEX {
        Ok((n.f, n.f2))
    } else {
        Err(reader.mismatch("a complex number"))
    }
}

impl ParamValue for Complex64 {
    const ELEM: u32 = param_type::COMPLEX128;
    fn decode(reader: &ParamReader) -> Result<Self> {
        decode_complex(reader).map(|(re, im)| Complex64 { re, im })
    }
}

impl ParamValue for Complex32 {
    const ELEM: u32 = param_type::COMPLEX64;
    fn decode(reader: &ParamReader) -> Result<Self> {
        decode_complex(reader).map(|(re, im)| Complex32 { re: re as f32, im: im as f32 })
    }
}

impl<I: Interface> ParamValue for Handle<I> {
    const ELEM: u32 = param_type::HANDLE;
    fn handle_tid() -> Tid {
        I::TID
    }
    fn decode(reader: &ParamReader) -> Result<Self> {
        let n = reader.node()?;
        if n.kind != node_kind::HANDLE {
            return Err(reader.mismatch("a handle"));
        }
        Handle::resolve(reader.context(), n.i)
    }
}

fn decode_seq<T: ParamValue>(reader: &ParamReader) -> Result<Vec<T>> {
    let n = reader.node()?;
    if n.kind != node_kind::SEQ {
        return Err(reader.mismatch("a sequence"));
    }
    (0..n.len).map(|i| T::decode(&reader.child(i))).collect()
}

impl<T: ParamValue> ParamValue for Vec<T> {
    const ELEM: u32 = T::ELEM;
    const CONTAINER: u32 = if T::CONTAINER == container::SCALAR { container::VECTOR } else { container::VECTOR2 };
    fn handle_tid() -> Tid {
        T::handle_tid()
    }
    fn decode(reader: &ParamReader) -> Result<Self> {
        decode_seq(reader)
    }
}

impl<T: ParamValue, const N: usize> ParamValue for [T; N] {
    const ELEM: u32 = T::ELEM;
    const CONTAINER: u32 = container::ARRAY;
    const LEN: u32 = N as u32;
    fn handle_tid() -> Tid {
        T::handle_tid()
    }
    fn decode(reader: &ParamReader) -> Result<Self> {
        let items: Vec<T> = decode_seq(reader)?;
        let len = items.len();
        items.try_into().map_err(|_| reader.mismatch(&format!("an array of {N} items (got {len})")))
    }
}

/// GXF's `FixedVector<T, N>`: at most `N` items.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FixedVector<T, const N: usize>(pub Vec<T>);

impl<T: ParamValue, const N: usize> ParamValue for FixedVector<T, N> {
    const ELEM: u32 = T::ELEM;
    const CONTAINER: u32 = container::FIXED_VECTOR;
    const LEN: u32 = N as u32;
    fn handle_tid() -> Tid {
        T::handle_tid()
    }
    fn decode(reader: &ParamReader) -> Result<Self> {
        decode_seq(reader).map(FixedVector)
    }
}

impl<T: ParamValue> ParamValue for BTreeMap<String, T> {
    const ELEM: u32 = T::ELEM;
    const CONTAINER: u32 = if T::CONTAINER == container::SCALAR { container::MAP } else { container::MAP_OF_VECTORS };
    fn handle_tid() -> Tid {
        T::handle_tid()
    }
    fn decode(reader: &ParamReader) -> Result<Self> {
        let n = reader.node()?;
        if n.kind != node_kind::MAP {
            return Err(reader.mismatch("a map"));
        }
        (0..n.len).map(|i| Ok((reader.map_key(i)?, T::decode(&reader.child(i))?))).collect()
    }
}
