//! Loading extension dylibs: header, ABI version and layout checks, then registration.

use super::context::{ExtensionAbout, ExtensionRecord, Runtime};
use super::ext_header;
use super::host_impl::host_table;
use super::logging::take_last_error;
use super::types::ComponentType;
use crate::abi::{self, ExtensionTable, ParamSpecC};
use crate::api::ParamSpec;
use crate::result::{fail, Code, Error, Result};
use crate::sync::{lock, write};
use crate::text_file::read_limited;
use libloading::os::unix::{Library, RTLD_LOCAL, RTLD_NOW};
use std::ffi::c_void;
use std::path::{Path, PathBuf};

/// Finds a library: the path itself, else its file name in each `LD_LIBRARY_PATH` directory.
/// Something that exists but is not a regular file (a directory, a FIFO, `/dev/zero`) is named
/// for what it is.
fn locate(path: &str) -> Result<PathBuf> {
    let p = Path::new(path);
    match std::fs::metadata(p) {
        // dlopen searches the library path for a bare file name: pass the file itself.
        Ok(meta) if meta.is_file() => return Ok(std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())),
        Ok(meta) => {
            let kind = if meta.is_dir() { "a directory" } else { "not a regular file" };
            return fail(Code::GXF_EXTENSION_FILE_NOT_FOUND, format!("extension library '{path}' is {kind}"));
        }
        Err(_) => {}
    }
    let in_library_path = p.file_name().and_then(|name| {
        std::env::var("LD_LIBRARY_PATH")
            .ok()?
            .split(':')
            .filter(|d| !d.is_empty())
            .map(|d| Path::new(d).join(name))
            .find(|c| c.is_file())
    });
    in_library_path
        .ok_or_else(|| Error::new(Code::GXF_EXTENSION_FILE_NOT_FOUND, format!("extension library '{path}' not found")))
}

/// Whether two paths name the same file.
fn same_file(a: &str, b: &str) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// The loader's own words for a failed `dlopen`: libloading's error says only "dlopen failed";
/// `dlerror()`'s text is its source.
fn dl_cause(e: &libloading::Error) -> String {
    match std::error::Error::source(e) {
        Some(source) => source.to_string(),
        None => e.to_string(),
    }
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
            min: c.min,
            max: c.max,
        }
    }
}

impl Runtime {
    /// Loads one extension library (`GxfLoadExtensions` for a single file).
    pub fn load_extension(&self, path: &str) -> Result<()> {
        let file = locate(path)?;
        // SAFETY: loading a library runs its initialisers; extensions are trusted code.
        let lib = unsafe { Library::open(Some(&file), RTLD_NOW | RTLD_LOCAL) }.map_err(|e| {
            Error::new(Code::GXF_EXTENSION_FILE_NOT_FOUND, format!("cannot load extension '{path}': {}", dl_cause(&e)))
        })?;
        // SAFETY: only the symbol's address is taken here; ext_header checks it before reading.
        let symbol = unsafe { lib.get::<*const c_void>(abi::HEADER_SYMBOL) }
            .map(|sym| sym.into_raw() as *const c_void)
            .map_err(|_| {
                Error::new(
                    Code::GXF_EXTENSION_NO_FACTORY,
                    format!("'{path}' is not a GXF extension (it exports no gxf_rs_extension_header)"),
                )
            })?;
        let entry = ext_header::check(path, symbol)?;
        // SAFETY: all checks passed; the entry builds the table once.
        let table = unsafe { entry(host_table()) };
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
        let (name, version, comps, about) = unsafe {
            let info = &table.info;
            (
                info.name.as_str().to_string(),
                info.version.as_str().to_string(),
                std::slice::from_raw_parts(table.components, table.n_components),
                ExtensionAbout {
                    description: info.description.as_str().to_string(),
                    author: info.author.as_str().to_string(),
                    license: info.license.as_str().to_string(),
                    display_name: info.display_name.as_str().to_string(),
                    category: info.category.as_str().to_string(),
                    brief: info.brief.as_str().to_string(),
                },
            )
        };
        if let Some(loaded) = self.extensions().into_iter().find(|e| e.tid == table.info.tid) {
            let message = if same_file(path, &loaded.path) {
                format!("extension '{name}' ({path}) is already loaded")
            } else {
                format!(
                    "extension '{name}' ({path}) has uuid {}, already used by extension '{}' loaded from '{}'",
                    table.info.tid, loaded.name, loaded.path
                )
            };
            return fail(Code::GXF_FACTORY_DUPLICATE_TID, message);
        }
        let mut record = ExtensionRecord {
            name: name.clone(),
            tid: table.info.tid,
            version,
            path: path.to_string(),
            components: Vec::new(),
            about,
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
                metadata_only: false,
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
        let text = read_limited(path, "manifest")?;
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
