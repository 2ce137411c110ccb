//! `#[derive(Component)]`: a GXF component declared on its Rust type.
//!
//! The struct attribute `#[gxf(...)]` gives the GXF identity and the role the type plays; each
//! field marked `#[param(...)]` becomes a GXF parameter, registered with the type and read into
//! the field before the component's `initialize` hook runs. The generated code names the SDK as
//! `::gxf_sdk`, so an extension depends on the `gxf-sdk` crate under that name. See
//! `gxf_sdk::api::Component` for the attributes.

mod field;
mod type_attr;

use field::ParamField;
use proc_macro::TokenStream;
use quote::quote;
use syn::{parse_macro_input, Data, DeriveInput, Fields};
use type_attr::{Identity, TypeAttr};

/// Derives `gxf_sdk::api::Component`: see that trait for the `#[gxf(...)]` and `#[param(...)]`
/// attributes.
#[proc_macro_derive(Component, attributes(gxf, param))]
pub fn derive_component(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input).unwrap_or_else(syn::Error::into_compile_error).into()
}

fn expand(input: &DeriveInput) -> syn::Result<proc_macro2::TokenStream> {
    let attr = TypeAttr::parse(input)?;
    let params = param_fields(input)?;
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();

    let TypeAttr { identity, kind, initialize, deinitialize, interfaces, query } = attr;
    let vtable = kind.vtable_const();
    let type_info = match identity {
        Identity::Constant(path) => quote! { #path },
        Identity::Literal { name, uuid, base, description } => {
            let base = base.unwrap_or_else(|| kind.default_base(ident.span()));
            quote! {
                ::gxf_sdk::api::TypeInfo {
                    name: #name,
                    tid: ::gxf_sdk::Tid::from_uuid(#uuid),
                    base: #base,
                    description: #description,
                }
            }
        }
    };
    let registrations = params.iter().map(ParamField::registration);
    let reads = params.iter().map(ParamField::read);
    let initialize_hook = initialize.map(|hook| quote! { #hook(self, ctx)?; });
    let deinitialize_body = match deinitialize {
        Some(hook) => quote! { #hook(self, ctx) },
        None => quote! { ::core::result::Result::Ok(()) },
    };
    let interface_arms = interfaces.iter().map(|marker| {
        quote! {
            if iface == <#marker as ::gxf_sdk::api::Interface>::TID {
                return <Self as ::gxf_sdk::api::Provides<#marker>>::vtable();
            }
        }
    });
    let query_fallback = match query {
        Some(hook) => quote! { #hook(iface) },
        None => quote! { ::core::ptr::null() },
    };

    Ok(quote! {
        impl #impl_generics ::gxf_sdk::api::Component for #ident #ty_generics #where_clause {
            const TYPE: ::gxf_sdk::api::TypeInfo = #type_info;
            const VTABLE: &'static ::gxf_sdk::abi::ComponentVTable = &::gxf_sdk::api::Thunks::<Self>::#vtable;

            fn parameters(r: &mut ::gxf_sdk::api::ParamRegistrar) {
                #(#registrations)*
            }

            fn initialize(&mut self, ctx: &::gxf_sdk::api::ComponentContext) -> ::gxf_sdk::Result<()> {
                #(#reads)*
                #initialize_hook
                ::core::result::Result::Ok(())
            }

            fn deinitialize(&mut self, ctx: &::gxf_sdk::api::ComponentContext) -> ::gxf_sdk::Result<()> {
                #deinitialize_body
            }

            fn query_interface(iface: ::gxf_sdk::Tid) -> *const ::core::ffi::c_void {
                #(#interface_arms)*
                #query_fallback
            }
        }
    })
}

fn param_fields(input: &DeriveInput) -> syn::Result<Vec<ParamField>> {
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new_spanned(&input.ident, "#[derive(Component)] needs a struct"));
    };
    match &data.fields {
        Fields::Named(named) => named.named.iter().filter_map(|f| ParamField::parse(f).transpose()).collect(),
        Fields::Unit => Ok(Vec::new()),
        Fields::Unnamed(unnamed) => match unnamed.unnamed.iter().find(|f| field::is_param(f)) {
            Some(f) => Err(syn::Error::new_spanned(f, "#[param] needs a named field (its name is the default key)")),
            None => Ok(Vec::new()),
        },
    }
}
