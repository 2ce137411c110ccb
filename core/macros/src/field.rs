//! Field attributes `#[param(...)]`: one GXF parameter per marked field.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Expr, Field, GenericArgument, Ident, LitStr, PathArguments, Type};

/// One `#[param]` field.
pub struct ParamField {
    ident: Ident,
    key: LitStr,
    /// The parameter's value type (`T` of an `Option<T>` field).
    value_ty: Type,
    /// The field is an `Option<T>`: unset stays `None`.
    is_option: bool,
    headline: Option<LitStr>,
    description: Option<LitStr>,
    default: Option<Expr>,
    default_yaml: Option<LitStr>,
    optional: bool,
    dynamic: bool,
    min: Option<Expr>,
    max: Option<Expr>,
}

/// Whether a field carries `#[param]`.
pub fn is_param(field: &Field) -> bool {
    field.attrs.iter().any(|a| a.path().is_ident("param"))
}

impl ParamField {
    /// The parameter of a named field, or `None` when the field is not marked `#[param]`.
    pub fn parse(field: &Field) -> syn::Result<Option<ParamField>> {
        let Some(attr) = field.attrs.iter().find(|a| a.path().is_ident("param")) else { return Ok(None) };
        let ident =
            field.ident.clone().ok_or_else(|| syn::Error::new_spanned(field, "#[param] needs a named field"))?;
        let (value_ty, is_option) = match option_inner(&field.ty) {
            Some(inner) => (inner.clone(), true),
            None => (field.ty.clone(), false),
        };
        let name = ident.to_string();
        let mut param = ParamField {
            key: LitStr::new(name.strip_prefix("r#").unwrap_or(&name), ident.span()),
            ident,
            value_ty,
            is_option,
            headline: None,
            description: doc_comment(field),
            default: None,
            default_yaml: None,
            optional: false,
            dynamic: false,
            min: None,
            max: None,
        };
        if matches!(attr.meta, syn::Meta::Path(_)) {
            return Ok(Some(param));
        }
        attr.parse_nested_meta(|meta| {
            let key = meta.path.get_ident().map(Ident::to_string).unwrap_or_default();
            match key.as_str() {
                "key" => param.key = meta.value()?.parse()?,
                "headline" => param.headline = Some(meta.value()?.parse()?),
                "description" => param.description = Some(meta.value()?.parse()?),
                "default" => param.default = Some(meta.value()?.parse()?),
                "default_yaml" => param.default_yaml = Some(meta.value()?.parse()?),
                "optional" => param.optional = true,
                "dynamic" => param.dynamic = true,
                "min" => param.min = Some(meta.value()?.parse()?),
                "max" => param.max = Some(meta.value()?.parse()?),
                _ => {
                    return Err(meta.error(
                        "unknown #[param] key: expected key, headline, description, default, default_yaml, \
                         optional, dynamic, min or max",
                    ))
                }
            }
            Ok(())
        })?;
        if param.default.is_some() && param.default_yaml.is_some() {
            return Err(syn::Error::new_spanned(attr, "give `default` or `default_yaml`, not both"));
        }
        Ok(Some(param))
    }

    /// `r.param::<T>(key)...;` in `Component::parameters`.
    pub fn registration(&self) -> TokenStream {
        let ParamField { key, value_ty, .. } = self;
        let headline = self.headline.as_ref().map(|h| quote! { .headline(#h) });
        let description = self.description.as_ref().map(|d| quote! { .description(#d) });
        let default = match (&self.default, &self.default_yaml) {
            (Some(value), _) => Some(quote! { .default(#value) }),
            (None, Some(yaml)) => Some(quote! { .default_yaml(#yaml) }),
            (None, None) => None,
        };
        let optional = (self.is_option || self.optional).then(|| quote! { .optional() });
        let dynamic = self.dynamic.then(|| quote! { .dynamic() });
        let min = self.min.as_ref().map(|v| quote! { .min(#v) });
        let max = self.max.as_ref().map(|v| quote! { .max(#v) });
        quote! {
            r.param::<#value_ty>(#key) #headline #description #default #optional #dynamic #min #max;
        }
    }

    /// Reads the parameter into the field at the start of `Component::initialize`.
    pub fn read(&self) -> TokenStream {
        let ParamField { ident, key, value_ty, .. } = self;
        if self.is_option {
            quote! { self.#ident = ctx.try_param::<#value_ty>(#key)?; }
        } else if self.optional {
            quote! {
                if let ::core::option::Option::Some(value) = ctx.try_param::<#value_ty>(#key)? {
                    self.#ident = value;
                }
            }
        } else {
            quote! { self.#ident = ctx.param::<#value_ty>(#key)?; }
        }
    }
}

/// `T` of an `Option<T>` type (spelled `Option`, `std::option::Option` or `core::option::Option`).
fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else { return None };
    match args.args.first()? {
        GenericArgument::Type(inner) if args.args.len() == 1 => Some(inner),
        _ => None,
    }
}

/// The field's `///` documentation as one line, used as the parameter description by default.
fn doc_comment(field: &Field) -> Option<LitStr> {
    let lines: Vec<String> = field
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Some(s.value().trim().to_string()),
                _ => None,
            },
            _ => None,
        })
        .filter(|l| !l.is_empty())
        .collect();
    let span = field.ident.as_ref().map_or_else(proc_macro2::Span::call_site, Ident::span);
    (!lines.is_empty()).then(|| LitStr::new(&lines.join(" "), span))
}
