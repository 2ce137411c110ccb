//! The struct attribute `#[gxf(name = .., uuid = .., kind = .., ...)]`.

use proc_macro2::Span;
use quote::format_ident;
use syn::{DeriveInput, Ident, LitStr, Path};

/// The role a component type plays: which ABI vtable it exports and its default GXF base type.
#[derive(Clone, Copy)]
pub enum Kind {
    Component,
    Codelet,
    SchedulingTerm,
    Transmitter,
    Receiver,
    Clock,
    Allocator,
    Scheduler,
    Monitor,
}

impl Kind {
    const ALL: [(&'static str, Kind); 9] = [
        ("Component", Kind::Component),
        ("Codelet", Kind::Codelet),
        ("SchedulingTerm", Kind::SchedulingTerm),
        ("Transmitter", Kind::Transmitter),
        ("Receiver", Kind::Receiver),
        ("Clock", Kind::Clock),
        ("Allocator", Kind::Allocator),
        ("Scheduler", Kind::Scheduler),
        ("Monitor", Kind::Monitor),
    ];

    fn parse(ident: &Ident) -> syn::Result<Kind> {
        let name = ident.to_string();
        Kind::ALL.iter().find(|(n, _)| *n == name).map(|(_, k)| *k).ok_or_else(|| {
            let names: Vec<&str> = Kind::ALL.iter().map(|(n, _)| *n).collect();
            syn::Error::new(ident.span(), format!("unknown kind `{name}`: expected one of {}", names.join(", ")))
        })
    }

    /// The `Thunks::<T>` constant holding this kind's component vtable.
    pub fn vtable_const(self) -> Ident {
        let name = match self {
            Kind::Component => "BASE",
            Kind::Codelet => "CODELET",
            Kind::SchedulingTerm => "TERM",
            Kind::Transmitter => "TRANSMITTER",
            Kind::Receiver => "RECEIVER",
            Kind::Clock => "CLOCK",
            Kind::Allocator => "ALLOCATOR",
            Kind::Scheduler => "SCHEDULER",
            Kind::Monitor => "MONITOR",
        };
        format_ident!("{name}")
    }

    /// GXF's base type name for this kind, used when `base` is not given.
    pub fn default_base(self, span: Span) -> LitStr {
        let name = match self {
            Kind::Component => "nvidia::gxf::Component",
            Kind::Codelet => "nvidia::gxf::Codelet",
            Kind::SchedulingTerm => "nvidia::gxf::SchedulingTerm",
            Kind::Transmitter => "nvidia::gxf::Transmitter",
            Kind::Receiver => "nvidia::gxf::Receiver",
            Kind::Clock => "nvidia::gxf::Clock",
            Kind::Allocator => "nvidia::gxf::Allocator",
            Kind::Scheduler => "nvidia::gxf::Scheduler",
            Kind::Monitor => "nvidia::gxf::Monitor",
        };
        LitStr::new(name, span)
    }
}

/// Where the type's identity comes from.
pub enum Identity {
    /// `name`, `uuid`, optional `base` and `description` given in the attribute.
    Literal { name: LitStr, uuid: LitStr, base: Option<LitStr>, description: LitStr },
    /// `info = path::TO::TYPE_INFO`: a `TypeInfo` constant defined elsewhere (GXF's built-in types).
    Constant(Path),
}

/// What `#[gxf(...)]` says about the type.
pub struct TypeAttr {
    pub identity: Identity,
    pub kind: Kind,
    pub initialize: Option<Path>,
    pub deinitialize: Option<Path>,
    pub interfaces: Vec<Path>,
    pub query: Option<Path>,
}

impl TypeAttr {
    pub fn parse(input: &DeriveInput) -> syn::Result<TypeAttr> {
        let mut info = None;
        let mut name = None;
        let mut uuid = None;
        let mut base = None;
        let mut description = None;
        let mut kind = Kind::Component;
        let mut initialize = None;
        let mut deinitialize = None;
        let mut interfaces = Vec::new();
        let mut query = None;
        let mut seen = false;
        for attr in input.attrs.iter().filter(|a| a.path().is_ident("gxf")) {
            seen = true;
            attr.parse_nested_meta(|meta| {
                let key = meta.path.get_ident().map(Ident::to_string).unwrap_or_default();
                match key.as_str() {
                    "info" => info = Some(meta.value()?.parse::<Path>()?),
                    "name" => name = Some(meta.value()?.parse::<LitStr>()?),
                    "uuid" => uuid = Some(checked_uuid(meta.value()?.parse::<LitStr>()?)?),
                    "base" => base = Some(meta.value()?.parse::<LitStr>()?),
                    "description" => description = Some(meta.value()?.parse::<LitStr>()?),
                    "kind" => kind = Kind::parse(&meta.value()?.parse::<Ident>()?)?,
                    "initialize" => initialize = Some(meta.value()?.parse::<Path>()?),
                    "deinitialize" => deinitialize = Some(meta.value()?.parse::<Path>()?),
                    "query" => query = Some(meta.value()?.parse::<Path>()?),
                    "interfaces" => meta.parse_nested_meta(|inner| {
                        interfaces.push(inner.path);
                        Ok(())
                    })?,
                    _ => {
                        return Err(meta.error(
                            "unknown #[gxf] key: expected name, uuid (or info), kind, base, description, initialize, \
                             deinitialize, interfaces(..) or query",
                        ))
                    }
                }
                Ok(())
            })?;
        }
        let missing = |what: &str| {
            let text = if seen {
                format!("#[gxf(...)] needs `{what} = \"...\"`")
            } else {
                "#[derive(Component)] needs #[gxf(name = \"...\", uuid = \"...\", kind = ...)]".to_string()
            };
            syn::Error::new_spanned(&input.ident, text)
        };
        let identity = match info {
            Some(path) => {
                if name.is_some() || uuid.is_some() || base.is_some() || description.is_some() {
                    return Err(syn::Error::new_spanned(
                        path,
                        "`info = ..` gives the whole identity: drop name, uuid, base and description",
                    ));
                }
                Identity::Constant(path)
            }
            None => Identity::Literal {
                name: name.ok_or_else(|| missing("name"))?,
                uuid: uuid.ok_or_else(|| missing("uuid"))?,
                base,
                description: description.unwrap_or_else(|| LitStr::new("", Span::call_site())),
            },
        };
        Ok(TypeAttr { identity, kind, initialize, deinitialize, interfaces, query })
    }
}

/// The uuid literal, refused at compile time unless it holds exactly 32 hex digits.
fn checked_uuid(lit: LitStr) -> syn::Result<LitStr> {
    let text = lit.value();
    let digits = text.chars().filter(|&c| c != '-').collect::<Vec<_>>();
    if digits.len() == 32 && digits.iter().all(char::is_ascii_hexdigit) {
        Ok(lit)
    } else {
        Err(syn::Error::new(lit.span(), format!("malformed uuid '{text}': expected 32 hex digits")))
    }
}
