//! `#[command]`: marks an IPC command of the till and gives it one uniform entry point.
//!
//! Tauri's own `#[tauri::command]` + `generate_handler!` builds, for every command, its own
//! future, its own spawned task and its own copy of Tauri's response plumbing (about 1 MB of
//! the release binary for ~130 commands). Here each command only gets a small `run` function
//! that takes its arguments out of the JSON payload and serialises its result; the app's one
//! dispatcher (`crate::ipc`) spawns and answers every call the same way.
//!
//! ```ignore
//! #[command]
//! pub fn get_order(state: State<'_, AppState>, order_id: i64) -> Result<Order, IpcError> { … }
//! ```
//! keeps `get_order` as written and adds, beside it (a module lives in the type namespace, the
//! function in the value namespace), `mod get_order { pub const HANDLER: crate::ipc::Handler }`.
//! Arguments are read as Tauri reads them: the JSON key is the parameter's name in camelCase
//! (`order_id` → `orderId`), a missing key is `null` (so `Option<T>` is `None`). A parameter of
//! type `State<…>` receives the app's state, one of type `AppHandle` the app handle. A sync
//! command runs on the blocking pool, an `async fn` on the async runtime.

use proc_macro::TokenStream;
use proc_macro2::Span;
use quote::quote;
use syn::{parse_macro_input, spanned::Spanned, FnArg, Ident, ItemFn, Pat, Type};

#[proc_macro_attribute]
pub fn command(attr: TokenStream, item: TokenStream) -> TokenStream {
    if !attr.is_empty() {
        return syn::Error::new(
            proc_macro2::TokenStream::from(attr).span(),
            "#[command] takes no arguments",
        )
        .to_compile_error()
        .into();
    }
    let function = parse_macro_input!(item as ItemFn);
    match expand(&function) {
        Ok(tokens) => tokens.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

/// How one parameter is filled in.
enum Source {
    State,
    App,
    /// The payload's value under this key.
    Key(String),
}

fn expand(function: &ItemFn) -> syn::Result<proc_macro2::TokenStream> {
    let name = &function.sig.ident;
    let ipc = Ident::new("__ipc", Span::mixed_site());
    let mut taken = Vec::new();
    let mut borrowed = Vec::new();
    let mut args = Vec::new();
    for (index, input) in function.sig.inputs.iter().enumerate() {
        let FnArg::Typed(typed) = input else {
            return Err(syn::Error::new(input.span(), "a command takes no `self`"));
        };
        let Pat::Ident(pat) = typed.pat.as_ref() else {
            return Err(syn::Error::new(
                typed.pat.span(),
                "a command's parameters are plain names (the name is the JSON key)",
            ));
        };
        let value = Ident::new(&format!("__arg{index}"), Span::mixed_site());
        match source(&pat.ident, &typed.ty) {
            Source::State => borrowed.push(quote! { let #value = #ipc.state()?; }),
            Source::App => borrowed.push(quote! { let #value = #ipc.app(); }),
            Source::Key(key) => taken.push(quote! { let #value = #ipc.arg(#key)?; }),
        }
        args.push(value);
    }
    // The payload's arguments are taken out first; the state (borrowed from the call) last.
    let call = quote! {
        #(#taken)*
        #(#borrowed)*
        super::#name(#(#args),*)
    };
    let run = if function.sig.asyncness.is_some() {
        quote! {
            fn run(mut #ipc: crate::ipc::Call) -> crate::ipc::Pending {
                ::std::boxed::Box::pin(async move { crate::ipc::reply({ #call }.await) })
            }
            pub const HANDLER: crate::ipc::Handler = crate::ipc::Handler::Async(run);
        }
    } else {
        quote! {
            fn run(mut #ipc: crate::ipc::Call) -> crate::ipc::Reply {
                crate::ipc::reply({ #call })
            }
            pub const HANDLER: crate::ipc::Handler = crate::ipc::Handler::Blocking(run);
        }
    };
    Ok(quote! {
        #function

        #[doc(hidden)]
        pub mod #name {
            #![allow(unused_mut)]
            #run
        }
    })
}

fn source(name: &Ident, ty: &Type) -> Source {
    let last = match ty {
        Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    };
    match last.as_deref() {
        Some("State") => Source::State,
        Some("AppHandle") => Source::App,
        _ => Source::Key(lower_camel(&name.to_string())),
    }
}

/// `order_id` → `orderId`, as Tauri names a command's arguments on the JS side.
fn lower_camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.trim_start_matches("r#").chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::lower_camel;

    #[test]
    fn argument_keys_are_lower_camel_case() {
        assert_eq!(lower_camel("order_id"), "orderId");
        assert_eq!(lower_camel("req"), "req");
        assert_eq!(lower_camel("on_till"), "onTill");
        assert_eq!(lower_camel("file_hash"), "fileHash");
        assert_eq!(lower_camel("a_b_c"), "aBC");
    }
}
