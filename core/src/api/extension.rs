//! Declaring an extension: metadata plus component types, exported with one macro.

use super::host::{install, set_error};
use super::params::{ParamRegistrar, ParamSpec};
use super::thunks::Thunks;
use super::traits::*;
use crate::abi::*;
use crate::tid::Tid;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Extension metadata (GXF's `GXF_EXT_FACTORY_SET_INFO` + display info).
#[derive(Clone, Copy, Debug, Default)]
pub struct ExtensionMeta {
    /// Name, e.g. `SampleExtension`.
    pub name: &'static str,
    /// UUID text.
    pub uuid: &'static str,
    /// Semantic version.
    pub version: &'static str,
    /// Description.
    pub description: &'static str,
    /// Author.
    pub author: &'static str,
    /// License.
    pub license: &'static str,
    /// Display name.
    pub display_name: &'static str,
    /// Category.
    pub category: &'static str,
    /// Brief.
    pub brief: &'static str,
}

/// Collects an extension's metadata and component types.
#[derive(Default)]
pub struct ExtensionBuilder {
    meta: ExtensionMeta,
    components: Vec<ComponentDescC>,
    errors: Vec<String>,
}

fn leak_str(s: &str) -> AbiStr {
    AbiStr::new(Box::leak(s.to_string().into_boxed_str()))
}

fn leak_specs(specs: &[ParamSpec]) -> (*const ParamSpecC, usize) {
    let c: Vec<ParamSpecC> = specs
        .iter()
        .map(|s| ParamSpecC {
            key: leak_str(&s.key),
            headline: leak_str(&s.headline),
            description: leak_str(&s.description),
            elem: s.elem,
            container: s.container,
            len: s.len,
            flags: s.flags,
            handle_tid: s.handle_tid,
            default_yaml: s.default_yaml.as_deref().map_or(AbiStr::EMPTY, leak_str),
        })
        .collect();
    let leaked: &'static [ParamSpecC] = Box::leak(c.into_boxed_slice());
    (leaked.as_ptr(), leaked.len())
}

impl ExtensionBuilder {
    /// Sets the extension metadata.
    pub fn info(&mut self, meta: ExtensionMeta) -> &mut Self {
        self.meta = meta;
        self
    }

    fn add(
        &mut self,
        name: &'static str,
        uuid: &str,
        base: &'static str,
        description: &'static str,
        params: &[ParamSpec],
        vtable: *const ComponentVTable,
    ) -> &mut Self {
        let Some(tid) = Tid::parse(uuid) else {
            self.errors.push(format!("component '{name}' has a malformed uuid '{uuid}'"));
            return self;
        };
        let (params, n_params) = leak_specs(params);
        self.components.push(ComponentDescC {
            type_name: AbiStr::new(name),
            tid,
            base_name: AbiStr::new(base),
            description: AbiStr::new(description),
            params,
            n_params,
            vtable,
        });
        self
    }

    fn params_of<T: Component>() -> Vec<ParamSpec> {
        let mut registrar = ParamRegistrar::default();
        T::parameters(&mut registrar);
        registrar.specs
    }

    /// Registers an abstract (interface) type: it can be a base and a handle type, not created.
    pub fn interface(
        &mut self,
        name: &'static str,
        uuid: &str,
        base: &'static str,
        description: &'static str,
    ) -> &mut Self {
        self.add(name, uuid, base, description, &[], std::ptr::null())
    }

    /// Registers a plain component.
    pub fn component<T: Component>(
        &mut self,
        name: &'static str,
        uuid: &str,
        base: &'static str,
        description: &'static str,
    ) -> &mut Self {
        self.add(name, uuid, base, description, &Self::params_of::<T>(), &Thunks::<T>::BASE)
    }

    /// Registers a codelet (base `nvidia::gxf::Codelet`).
    pub fn codelet<T: Codelet>(&mut self, name: &'static str, uuid: &str, description: &'static str) -> &mut Self {
        self.add(name, uuid, "nvidia::gxf::Codelet", description, &Self::params_of::<T>(), &Thunks::<T>::CODELET)
    }

    /// Registers a scheduling term.
    pub fn term<T: SchedulingTerm>(
        &mut self,
        name: &'static str,
        uuid: &str,
        base: &'static str,
        description: &'static str,
    ) -> &mut Self {
        self.add(name, uuid, base, description, &Self::params_of::<T>(), &Thunks::<T>::TERM)
    }

    /// Registers a transmitter.
    pub fn transmitter<T: Transmitter>(
        &mut self,
        name: &'static str,
        uuid: &str,
        base: &'static str,
        description: &'static str,
    ) -> &mut Self {
        self.add(name, uuid, base, description, &Self::params_of::<T>(), &Thunks::<T>::TRANSMITTER)
    }

    /// Registers a receiver.
    pub fn receiver<T: Receiver>(
        &mut self,
        name: &'static str,
        uuid: &str,
        base: &'static str,
        description: &'static str,
    ) -> &mut Self {
        self.add(name, uuid, base, description, &Self::params_of::<T>(), &Thunks::<T>::RECEIVER)
    }

    /// Registers a clock.
    pub fn clock<T: Clock>(
        &mut self,
        name: &'static str,
        uuid: &str,
        base: &'static str,
        description: &'static str,
    ) -> &mut Self {
        self.add(name, uuid, base, description, &Self::params_of::<T>(), &Thunks::<T>::CLOCK)
    }

    /// Registers an allocator.
    pub fn allocator<T: Allocator>(
        &mut self,
        name: &'static str,
        uuid: &str,
        base: &'static str,
        description: &'static str,
    ) -> &mut Self {
        self.add(name, uuid, base, description, &Self::params_of::<T>(), &Thunks::<T>::ALLOCATOR)
    }

    /// Registers a scheduler.
    pub fn scheduler<T: Scheduler>(
        &mut self,
        name: &'static str,
        uuid: &str,
        base: &'static str,
        description: &'static str,
    ) -> &mut Self {
        self.add(name, uuid, base, description, &Self::params_of::<T>(), &Thunks::<T>::SCHEDULER)
    }

    /// Registers a monitor.
    pub fn monitor<T: Monitor>(
        &mut self,
        name: &'static str,
        uuid: &str,
        base: &'static str,
        description: &'static str,
    ) -> &mut Self {
        self.add(name, uuid, base, description, &Self::params_of::<T>(), &Thunks::<T>::MONITOR)
    }

    fn finish(self, host: *const HostTable) -> Result<&'static ExtensionTable, String> {
        if let Some(e) = self.errors.first() {
            return Err(e.clone());
        }
        let m = self.meta;
        let tid =
            Tid::parse(m.uuid).ok_or_else(|| format!("extension '{}' has a malformed uuid '{}'", m.name, m.uuid))?;
        let comps: &'static [ComponentDescC] = Box::leak(self.components.into_boxed_slice());
        Ok(Box::leak(Box::new(ExtensionTable {
            info: ExtensionInfoC {
                tid,
                name: AbiStr::new(m.name),
                description: AbiStr::new(m.description),
                author: AbiStr::new(m.author),
                version: AbiStr::new(m.version),
                license: AbiStr::new(m.license),
                display_name: AbiStr::new(m.display_name),
                category: AbiStr::new(m.category),
                brief: AbiStr::new(m.brief),
            },
            components: comps.as_ptr(),
            n_components: comps.len(),
            host,
            known_interfaces: std::ptr::null(),
        })))
    }
}

/// The body of an extension's entry point (generated by [`gxf_extension!`](crate::gxf_extension)).
///
/// # Safety
/// `host` must point at the core's host table, valid for the life of the process.
pub unsafe fn run_entry(host: *const HostTable, register: fn(&mut ExtensionBuilder)) -> *const ExtensionTable {
    // SAFETY: guaranteed by the caller.
    install(unsafe { &*host });
    let built = catch_unwind(AssertUnwindSafe(|| {
        let mut builder = ExtensionBuilder::default();
        register(&mut builder);
        builder.finish(host)
    }));
    match built {
        Ok(Ok(table)) => table,
        Ok(Err(message)) => {
            set_error(&message);
            std::ptr::null()
        }
        Err(_) => {
            set_error("panic while registering the extension's components");
            std::ptr::null()
        }
    }
}

/// Exports an extension: `gxf_extension!(register);` with `fn register(ext: &mut ExtensionBuilder)`.
#[macro_export]
macro_rules! gxf_extension {
    ($register:path) => {
        /// The extension header read by the GXF loader.
        #[no_mangle]
        #[allow(non_upper_case_globals)]
        pub static gxf_rs_extension_header: $crate::abi::ExtensionHeader = $crate::abi::ExtensionHeader {
            magic: $crate::abi::HEADER_MAGIC,
            abi_major: $crate::abi::ABI_MAJOR,
            abi_minor: $crate::abi::ABI_MINOR,
            header_size: ::std::mem::size_of::<$crate::abi::ExtensionHeader>() as u64,
            layout: $crate::abi::table_layout_ptr(),
            entry: __gxf_rs_extension_entry,
        };

        unsafe extern "C" fn __gxf_rs_extension_entry(
            host: *const $crate::abi::HostTable,
        ) -> *const $crate::abi::ExtensionTable {
            // SAFETY: called once by the loader with its host table.
            unsafe { $crate::api::run_entry(host, $register) }
        }
    };
}
