//! `#[derive(FromRow)]` for sqlcraft, re-exported by `sqlcraft` with its
//! `derive` feature as `sqlcraft::FromRow`. See that re-export for the
//! documentation and examples (they need the `sqlcraft` crate to run).
//!
//! Written by hand because no crate generates `FromRow` for sqlcraft's row
//! type; `syn` and `quote` do the parsing and printing.

use proc_macro::TokenStream;
use proc_macro2::TokenStream as TokenStream2;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{parse_macro_input, Data, DeriveInput, Fields, LitStr};

/// Implements `sqlcraft::engine::FromRow` for a struct: named fields by column
/// name, tuple fields by position.
///
/// Field attributes: `#[sqlcraft(rename = "column")]` reads another column;
/// `#[sqlcraft(default)]` takes `Default::default()` when the row has no such
/// column (a NULL in a column that is there still goes through the field's
/// type: use `Option` for it).
///
/// ```
/// use sqlcraft::engine::{FromRow, Row};
/// use sqlcraft::Value;
///
/// #[derive(FromRow)]
/// struct User {
///     id: i64,
///     #[sqlcraft(rename = "full_name")]
///     name: String,
///     #[sqlcraft(default)]
///     visits: i64,
/// }
///
/// let row = Row::new(vec!["id".into(), "full_name".into()].into(), vec![Value::Int(1), Value::from("Ann")]);
/// let user: User = row.decode()?;
/// assert_eq!((user.id, user.name.as_str(), user.visits), (1, "Ann", 0));
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[proc_macro_derive(FromRow, attributes(sqlcraft))]
pub fn derive_from_row(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand(&input) {
        Ok(tokens) => tokens.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

/// What the attributes of one field ask for.
#[derive(Default)]
struct FieldOptions {
    rename: Option<LitStr>,
    default: bool,
}

fn field_options(field: &syn::Field) -> syn::Result<FieldOptions> {
    let mut options = FieldOptions::default();
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("sqlcraft")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                options.rename = Some(meta.value()?.parse()?);
                Ok(())
            } else if meta.path.is_ident("default") {
                options.default = true;
                Ok(())
            } else {
                Err(meta.error("expected `rename = \"column\"` or `default`"))
            }
        })?;
    }
    Ok(options)
}

fn expand(input: &DeriveInput) -> syn::Result<TokenStream2> {
    let name = &input.ident;
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new(
            input.span(),
            "FromRow can be derived for structs only",
        ));
    };
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let body = match &data.fields {
        Fields::Named(fields) => {
            let mut inits = Vec::new();
            for field in &fields.named {
                let options = field_options(field)?;
                let Some(ident) = &field.ident else {
                    continue;
                };
                let column = match &options.rename {
                    Some(lit) => lit.clone(),
                    None => LitStr::new(&ident.unraw_string(), ident.span()),
                };
                let value = read(field, quote!(#column), options.default);
                inits.push(quote!(#ident: #value));
            }
            quote!(#name { #(#inits),* })
        }
        Fields::Unnamed(fields) => {
            let mut values = Vec::new();
            for (i, field) in fields.unnamed.iter().enumerate() {
                let options = field_options(field)?;
                if let Some(lit) = &options.rename {
                    return Err(syn::Error::new(
                        lit.span(),
                        "a tuple struct's fields are read by position; `rename` names a column",
                    ));
                }
                values.push(read(field, quote!(#i), options.default));
            }
            quote!(#name(#(#values),*))
        }
        Fields::Unit => quote!(#name),
    };
    Ok(quote! {
        impl #impl_generics ::sqlcraft::engine::FromRow for #name #ty_generics #where_clause {
            fn from_row(row: &::sqlcraft::engine::Row) -> ::sqlcraft::Result<Self> {
                ::core::result::Result::Ok(#body)
            }
        }
    })
}

/// The expression reading one field from `row` at `index` (a column name or a
/// position).
fn read(field: &syn::Field, index: TokenStream2, default: bool) -> TokenStream2 {
    let ty = &field.ty;
    if default {
        quote_spanned! {ty.span()=>
            match row.value(#index) {
                ::core::result::Result::Ok(_) => row.get::<#ty, _>(#index)?,
                ::core::result::Result::Err(_) => <#ty as ::core::default::Default>::default(),
            }
        }
    } else {
        quote_spanned! {ty.span()=> row.get::<#ty, _>(#index)? }
    }
}

trait UnrawString {
    fn unraw_string(&self) -> String;
}

impl UnrawString for syn::Ident {
    /// The name without a raw identifier's `r#`: `r#type` reads column `type`.
    fn unraw_string(&self) -> String {
        let s = self.to_string();
        s.strip_prefix("r#").map(str::to_owned).unwrap_or(s)
    }
}
