//! Loading extension dylibs: header, ABI version and layout checks, then registration.

use super::context::{ExtensionRecord, Runtime};
use super::host_impl::host_table;
use super::logging::take_last_error;
use super::types::ComponentType;
use crate::abi::{self, ExtensionHeader, ExtensionTable, ParamSpecC};
use crate::api::ParamSpec;
use crate::result::{fail, Code, Error, Result};
use crate::sync::{lock, write};
use libloading::os::unix::{Library, RTLD_LOCAL, RTLD_NOW};
use std::path::{Path, PathBuf};

/// Finds a library: the path itself, else its file name in each `LD_LIBRARY_PATH` directory.
fn locate(path: &str) -> Option<PathBuf> {
    let p = Path::new(path);
    if p.is_file() {
        return Some(p.to_path_buf());
    }
    let name = p.file_name()?;
    std::env::var("LD_LIBRARY_PATH")
        .ok()?
        .split(':')
        .filter(|d| !d.is_empty())
        .map(|d| Path::new(d).join(name))
        .find(|c| c.is_file())
}

fn summarize_layout_error(text: &str) -> String {
    // abi_stable prints both full layouts, then "Error:<kind>" with "Expected:"/"Found:" values.
    let tail = text.find("Error:").map_or(text, |i| &text[i..]);
    let words: Vec<&str> = tail.lines().map(str::trim).filter(|l| !l.is_empty()).take(8).collect();
    words.join(" ")
}

/// Validates the header of a library; on success returns its entry function.
fn check_header(path: &str, header: &ExtensionHeader) -> Result<()> {
    if header.magic != abi::HEADER_MAGIC || header.header_size != std::mem::size_of::<ExtensionHeader>() as u64 {
        return fail(Code::GXF_FACTORY_INCOMPATIBLE, format!("'{path}' has a malformed extension header"));
    }
    if (header.abi_major, header.abi_minor) != (abi::ABI_MAJOR, abi::ABI_MINOR) {
        return fail(
            Code::GXF_FACTORY_INCOMPATIBLE,
            format!(
                "'{path}' was built for extension ABI {}.{} but this runtime requires {}.{}; rebuild it against this gxf-core",
                header.abi_major, header.abi_minor, abi::ABI_MAJOR, abi::ABI_MINOR
            ),
        );
    }
    // SAFETY: the magic and version match, so the pointer is a TypeLayout of the same crate version.
    let found = unsafe { &*(header.layout as *const abi_stable::type_layout::TypeLayout) };
    abi_stable::abi_stability::abi_checking::check_layout_compatibility(abi::expected_layout(), found).map_err(|e| {
        Error::new(
            Code::GXF_FACTORY_INCOMPATIBLE,
            format!("'{path}' has an incompatible ABI layout: {}", summarize_layout_error(&e.to_string())),
        )
    })
}

fn param_spec(c: &ParamSpecC) -> ParamSpec {
    // SAFETY: texts live for the life of the (never unloaded) library.
    unsafe {
        ParamSpec {
            key: c.key.as_str().to_string(),
            headline: c.headline.as_str().to_string(),
            description: c.description.as_str().to_string(),
            elem: c.elem,
            container: c.container,
            len: c.len,
            flags: c.flags,
            handle_tid: c.handle_tid,
            default_yaml: (c.default_yaml.len > 0).then(|| c.default_yaml.as_str().to_string()),
        }
    }
}

impl Runtime {
    /// Loads one extension library (`GxfLoadExtensions` for a single file).
    pub fn load_extension(&self, path: &str) -> Result<()> {
        let file = locate(path).ok_or_else(|| {
            Error::new(Code::GXF_EXTENSION_FILE_NOT_FOUND, format!("extension library '{path}' not found"))
        })?;
        // SAFETY: loading a library runs its initialisers; extensions are trusted code.
        let lib = unsafe { Library::open(Some(&file), RTLD_NOW | RTLD_LOCAL) }.map_err(|e| {
            Error::new(Code::GXF_EXTENSION_FILE_NOT_FOUND, format!("cannot load extension '{path}': {e}"))
        })?;
        // SAFETY: the symbol, if present, is our header static.
        let header: &ExtensionHeader = unsafe {
            let sym = lib.get::<*const ExtensionHeader>(abi::HEADER_SYMBOL).map_err(|_| {
                Error::new(
                    Code::GXF_EXTENSION_NO_FACTORY,
                    format!("'{path}' is not a GXF extension (it exports no gxf_rs_extension_header)"),
                )
            })?;
            &**sym
        };
        check_header(path, header)?;
        // SAFETY: all checks passed; the entry builds the table once.
        let table = unsafe { (header.entry)(host_table()) };
        // SAFETY: non-null tables are leaked statics of the extension.
        let table: &'static ExtensionTable = unsafe { table.as_ref() }.ok_or_else(|| {
            Error::new(
                Code::GXF_FACTORY_INVALID_INFO,
                format!("extension '{path}' failed to register: {}", take_last_error().unwrap_or_default()),
            )
        })?;
        std::mem::forget(lib); // extensions are never unloaded
        self.register_table(path, table)
    }

    fn register_table(&self, path: &str, table: &'static ExtensionTable) -> Result<()> {
        // SAFETY: texts and arrays are leaked statics of the extension.
        let (name, version, comps) = unsafe {
            (
                table.info.name.as_str().to_string(),
                table.info.version.as_str().to_string(),
                std::slice::from_raw_parts(table.components, table.n_components),
            )
        };
        if self.extensions().iter().any(|e| e.tid == table.info.tid) {
            return fail(Code::GXF_FACTORY_DUPLICATE_TID, format!("extension '{name}' ({path}) is already loaded"));
        }
        let mut record = ExtensionRecord {
            name: name.clone(),
            tid: table.info.tid,
            version,
            path: path.to_string(),
            components: Vec::new(),
        };
        let mut types = write(&self.types);
        for c in comps {
            // SAFETY: as above.
            let (type_name, base, description, params) = unsafe {
                (
                    c.type_name.as_str().to_string(),
                    c.base_name.as_str(),
                    c.description.as_str().to_string(),
                    std::slice::from_raw_parts(c.params, c.n_params).iter().map(param_spec).collect(),
                )
            };
            // SAFETY: non-null vtables are leaked statics of the extension.
            let vtable = unsafe { c.vtable.as_ref() };
            let ty = ComponentType {
                name: type_name,
                tid: c.tid,
                base: None,
                description,
                params,
                vtable,
                extension: name.clone(),
            };
            types.add(ty, base).map_err(|e| e.context(format!("extension '{name}' ({path})")))?;
            record.components.push(c.tid);
        }
        drop(types);
        lock(&self.extensions).push(record);
        Ok(())
    }

    /// Loads every library listed under `extensions:` in a GXF manifest file.
    pub fn load_manifest(&self, path: &str) -> Result<()> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::new(Code::GXF_FAILURE, format!("cannot read manifest '{path}': {e}")))?;
        let docs = crate::yaml::parse_documents(&text).map_err(|e| {
            Error::new(Code::GXF_FAILURE, format!("{path}:{}:{}: {}", e.mark.line, e.mark.column, e.message))
        })?;
        let root = docs.first().ok_or_else(|| Error::new(Code::GXF_FAILURE, format!("manifest '{path}' is empty")))?;
        let list = root
            .get("extensions")
            .ok_or_else(|| Error::new(Code::GXF_FAILURE, format!("manifest '{path}' has no 'extensions:' list")))?;
        if !list.is_null() && !list.is_sequence() {
            return fail(Code::GXF_FAILURE, format!("{path}:{}: 'extensions' must be a list", list.mark.line));
        }
        for item in list.items() {
            let lib = item.scalar().ok_or_else(|| {
                Error::new(Code::GXF_FAILURE, format!("{path}:{}: extension entries must be paths", item.mark.line))
            })?;
            self.load_extension(lib).map_err(|e| e.context(format!("{path}:{}", item.mark.line)))?;
        }
        Ok(())
    }
}
