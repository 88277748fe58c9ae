//! The one IPC dispatcher: every command of ours is answered here, the same way.
//!
//! `#[command]` (crate `kasir-command`) gives each command a [`Handler`], a plain function that
//! takes its arguments out of the call and serialises its result. A sync command runs on the
//! blocking pool (SQLite, printers and files never block the async runtime or the window), an
//! async one on the async runtime; either way the window's promise is answered by one task type
//! instead of one per command, which keeps Tauri's per-command plumbing out of the binary.

use std::future::Future;
use std::pin::Pin;

use kasir_core::{ErrorKind, IpcError};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};
use tauri::ipc::{Invoke, InvokeBody, InvokeError, InvokeResponseBody};
use tauri::{AppHandle, Manager, State};

use crate::state::AppState;

/// What a command answers: its result as JSON, or the `{ kind, message }` the window shows.
pub type Reply = Result<InvokeResponseBody, IpcError>;

/// An async command's answer, still to come.
pub type Pending = Pin<Box<dyn Future<Output = Reply> + Send>>;

/// A command's entry point, made by `#[command]`.
#[derive(Clone, Copy)]
pub enum Handler {
    /// A sync command: run on the blocking pool.
    Blocking(fn(Call) -> Reply),
    /// An `async fn` command: polled on the async runtime.
    Async(fn(Call) -> Pending),
}

/// One call from the window: who to answer through and the named arguments.
pub struct Call {
    app: AppHandle,
    args: Args,
}

/// A call's named arguments, as the window sent them.
struct Args {
    command: String,
    values: Map<String, Value>,
}

impl Args {
    /// The argument under `key` (a missing key reads as `null`, so `Option<T>` is `None`).
    /// The message names the command and the key, never the value (it may be a PIN).
    fn take<T: DeserializeOwned>(&mut self, key: &str) -> Result<T, IpcError> {
        let value = self.values.remove(key).unwrap_or(Value::Null);
        serde_json::from_value(value).map_err(|e| {
            tracing::warn!(
                target: "ipc",
                command = %self.command,
                key,
                "argumen tidak valid ({:?})",
                e.classify()
            );
            IpcError::new(
                ErrorKind::Internal,
                format!("Perintah {}: argumen {key} tidak valid.", self.command),
            )
        })
    }
}

impl Call {
    /// The app's state; a call that arrives before start-up finished is told to try again.
    pub fn state(&self) -> Result<State<'_, AppState>, IpcError> {
        self.app.try_state::<AppState>().ok_or_else(|| {
            IpcError::new(ErrorKind::Internal, "Kasir belum siap. Coba lagi sebentar.")
        })
    }

    pub fn app(&self) -> AppHandle {
        self.app.clone()
    }

    /// The argument under `key`, taken out of the call (see [`Args::take`]).
    pub fn arg<T: DeserializeOwned>(&mut self, key: &str) -> Result<T, IpcError> {
        self.args.take(key)
    }
}

/// A command's result as the window receives it.
pub fn reply<T: Serialize>(result: Result<T, IpcError>) -> Reply {
    let value = result?;
    serde_json::to_string(&value)
        .map(InvokeResponseBody::Json)
        .map_err(|e| {
            tracing::error!(target: "ipc", "jawaban tidak bisa diserialisasi: {e}");
            IpcError::new(
                ErrorKind::Internal,
                "Jawaban perintah tidak bisa dikirim ke layar.",
            )
        })
}

/// Runs `handler` for `invoke` and answers the window's promise when it is done.
pub fn dispatch(invoke: Invoke, handler: Handler) {
    let Invoke {
        message, resolver, ..
    } = invoke;
    let command = message.command().to_string();
    let args = match message.payload() {
        InvokeBody::Json(Value::Object(args)) => args.clone(),
        InvokeBody::Json(Value::Null) => Map::new(),
        _ => {
            resolver.reject(IpcError::new(
                ErrorKind::Internal,
                format!("Perintah {command}: argumen harus berupa objek JSON."),
            ));
            return;
        }
    };
    let call = Call {
        app: message.webview_ref().app_handle().clone(),
        args: Args {
            command,
            values: args,
        },
    };
    let task: Pending = match handler {
        Handler::Async(run) => run(call),
        Handler::Blocking(run) => Box::pin(async move {
            tauri::async_runtime::spawn_blocking(move || run(call))
                .await
                .unwrap_or_else(|e| {
                    tracing::error!(target: "ipc", "perintah berhenti tak terduga: {e}");
                    Err(IpcError::new(
                        ErrorKind::Internal,
                        "Perintah berhenti tak terduga. Coba lagi.",
                    ))
                })
        }),
    };
    resolver.respond_async_serialized(async move { task.await.map_err(InvokeError::from) });
}

#[cfg(test)]
mod tests {
    use super::{reply, Args};
    use serde_json::json;
    use tauri::ipc::InvokeResponseBody;

    fn args(values: serde_json::Value) -> Args {
        let serde_json::Value::Object(values) = values else {
            panic!("an object");
        };
        Args {
            command: "sign_in".into(),
            values,
        }
    }

    #[test]
    fn arguments_are_taken_by_key_and_a_missing_one_is_none() {
        let mut a = args(json!({ "orderId": 7, "onTill": true }));
        assert_eq!(a.take::<i64>("orderId").expect("orderId"), 7);
        assert_eq!(
            a.take::<Option<bool>>("onTill").expect("onTill"),
            Some(true)
        );
        assert_eq!(a.take::<Option<bool>>("absent").expect("absent"), None);
        // Taken once: a second read is a missing key.
        assert!(a.take::<i64>("orderId").is_err());
    }

    #[test]
    fn a_bad_argument_names_the_command_and_key_never_the_value() {
        let mut a = args(json!({ "req": { "userId": "x", "pin": 246813 } }));
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        #[serde(rename_all = "camelCase")]
        struct SignIn {
            user_id: i64,
            pin: String,
        }
        let e = a.take::<SignIn>("req").expect_err("bad types");
        assert_eq!(e.kind.as_str(), "internal");
        assert_eq!(e.message, "Perintah sign_in: argumen req tidak valid.");
        assert!(!e.message.contains("246813"));
        assert!(args(json!({})).take::<i64>("orderId").is_err());
    }

    #[test]
    fn a_result_is_sent_as_json_and_an_error_as_itself() {
        match reply(Ok(json!({ "total": 15000 }))) {
            Ok(InvokeResponseBody::Json(body)) => assert_eq!(body, r#"{"total":15000}"#),
            other => panic!("json body: {other:?}"),
        }
        let refused = kasir_core::IpcError::new(kasir_core::ErrorKind::Validation, "Nama wajib.");
        let e = reply::<()>(Err(refused)).expect_err("error");
        assert_eq!(e.message, "Nama wajib.");
    }
}
