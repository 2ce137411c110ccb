//! `gxe --list` and `gxe --describe TYPE`: the component reference, read from the loaded
//! extensions' own registrations (so a third-party extension is described like GXF's own).

use crate::args::Options;
use crate::sequence::load_extensions;
use gxf_runtime::{ComponentType, ParamSpec, Runtime};
use gxf_sdk::abi::{container, param_flags, param_type};
use gxf_sdk::{Code, Error, Result};
use std::io::{self, Write};

/// Loads the extensions (`--manifest`, else those beside gxe) and prints what was asked (a
/// closed standard output, as in `gxe --list | head`, just ends the listing).
pub fn print(opts: &Options) -> Result<()> {
    let rt = Runtime::new();
    load_extensions(&rt, &opts.manifests)?;
    let mut out = io::stdout().lock();
    let written = (|| -> io::Result<Result<()>> {
        if opts.list {
            list(&rt, &mut out)?;
        }
        match &opts.describe {
            Some(typename) => describe(&rt, typename, &mut out),
            None => Ok(Ok(())),
        }
    })();
    match written {
        Ok(result) => result,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::new(Code::GXF_FAILURE, format!("cannot write the reference: {e}"))),
    }
}

fn base_name(rt: &Runtime, ty: &ComponentType) -> String {
    ty.base.and_then(|b| rt.type_by_tid(b)).map(|b| b.name.clone()).unwrap_or_default()
}

fn list(rt: &Runtime, out: &mut dyn Write) -> io::Result<()> {
    for ext in rt.extensions() {
        writeln!(out, "{} {} ({}) {}", ext.name, ext.version, ext.tid, ext.path)?;
        for ty in ext.components.iter().filter_map(|tid| rt.type_by_tid(*tid)) {
            let kind = if ty.vtable.is_none() { " [abstract]" } else { "" };
            writeln!(out, "  {:<56} {:<36}{kind} {}", ty.name, base_name(rt, &ty), ty.description)?;
        }
    }
    Ok(())
}

/// A parameter's type as it is written in C++ GXF (`int32`, `std::vector<double>`, `Handle<T>`).
fn type_text(rt: &Runtime, spec: &ParamSpec) -> String {
    let element = match spec.elem {
        param_type::HANDLE => {
            let target =
                rt.type_by_tid(spec.handle_tid).map(|t| t.name.clone()).unwrap_or_else(|| spec.handle_tid.to_string());
            format!("Handle<{target}>")
        }
        param_type::STRING => "string".into(),
        param_type::INT64 => "int64".into(),
        param_type::UINT64 => "uint64".into(),
        param_type::FLOAT64 => "double".into(),
        param_type::BOOL => "bool".into(),
        param_type::INT32 => "int32".into(),
        param_type::FILE => "FilePath".into(),
        param_type::INT8 => "int8".into(),
        param_type::INT16 => "int16".into(),
        param_type::UINT8 => "uint8".into(),
        param_type::UINT16 => "uint16".into(),
        param_type::UINT32 => "uint32".into(),
        param_type::FLOAT32 => "float".into(),
        param_type::COMPLEX64 => "complex<float>".into(),
        param_type::COMPLEX128 => "complex<double>".into(),
        _ => "custom".into(),
    };
    match spec.container {
        container::VECTOR => format!("std::vector<{element}>"),
        container::VECTOR2 => format!("std::vector<std::vector<{element}>>"),
        container::ARRAY => format!("std::array<{element}, {}>", spec.len),
        container::FIXED_VECTOR => format!("FixedVector<{element}, {}>", spec.len),
        container::MAP => format!("std::map<std::string, {element}>"),
        container::MAP_OF_VECTORS => format!("std::map<std::string, std::vector<{element}>>"),
        _ => element,
    }
}

fn flags_text(spec: &ParamSpec) -> String {
    let mut flags = vec![if spec.flags & param_flags::OPTIONAL != 0 { "optional" } else { "mandatory" }];
    if spec.flags & param_flags::DYNAMIC != 0 {
        flags.push("dynamic");
    }
    let mut text = flags.join(", ");
    if spec.flags & param_flags::BOUNDED != 0 {
        text.push_str(&format!(", {}..={}", spec.min, spec.max));
    }
    text
}

/// The known type name closest to `name` (a likely typo), if any.
fn closest<'a>(name: &str, known: &'a [String]) -> Option<&'a str> {
    let distance = |a: &str, b: &str| {
        let b: Vec<char> = b.chars().collect();
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut previous = row[0];
            row[0] = i + 1;
            for (j, cb) in b.iter().enumerate() {
                let substitution = previous + usize::from(ca != *cb);
                previous = row[j + 1];
                row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
            }
        }
        row[b.len()]
    };
    let lower = name.to_lowercase();
    let (best, d) = known.iter().map(|k| (k, distance(&lower, &k.to_lowercase()))).min_by_key(|(_, d)| *d)?;
    (d <= (name.chars().count() / 3).max(1)).then_some(best.as_str())
}

/// Describes `typename`; the outer result is the output's, the inner one the lookup's.
fn describe(rt: &Runtime, typename: &str, out: &mut dyn Write) -> io::Result<Result<()>> {
    let Ok(ty) = rt.type_by_name(typename) else {
        let known: Vec<String> = rt
            .extensions()
            .iter()
            .flat_map(|e| {
                e.components.iter().filter_map(|tid| rt.type_by_tid(*tid)).map(|t| t.name.clone()).collect::<Vec<_>>()
            })
            .collect();
        let hint = closest(typename, &known).map(|c| format!("; did you mean '{c}'?")).unwrap_or_default();
        return Ok(Err(Error::new(
            Code::GXF_FACTORY_UNKNOWN_CLASS_NAME,
            format!("no loaded extension registers '{typename}'{hint} (gxe --list shows every type)"),
        )));
    };
    let mut chain = Vec::new();
    let mut base = ty.base;
    while let Some(b) = base.and_then(|b| rt.type_by_tid(b)) {
        chain.push(b.name.clone());
        base = b.base;
    }
    writeln!(out, "{}  ({})", ty.name, ty.tid)?;
    writeln!(out, "  extension: {}", ty.extension)?;
    if !chain.is_empty() {
        writeln!(out, "  base: {}", chain.join(" -> "))?;
    }
    if !ty.description.is_empty() {
        writeln!(out, "  {}", ty.description)?;
    }
    if ty.vtable.is_none() {
        writeln!(out, "  abstract: a base or handle type, not created in graphs")?;
    }
    if ty.params.is_empty() {
        writeln!(out, "  parameters: none")?;
        return Ok(Ok(()));
    }
    writeln!(out, "  parameters:")?;
    for p in &ty.params {
        let default = p.default_yaml.as_deref().map(|d| format!(" = {d}")).unwrap_or_default();
        writeln!(out, "    {}: {}{default}  ({})", p.key, type_text(rt, p), flags_text(p))?;
        let about = if p.description.is_empty() { &p.headline } else { &p.description };
        if !about.is_empty() {
            writeln!(out, "        {about}")?;
        }
    }
    Ok(Ok(()))
}
