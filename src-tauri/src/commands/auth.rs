//! Sign-in commands: first run, PIN pad, lock, owner override, users, till settings.

use kasir_command::command;
use kasir_core::{
    AuthStatus, FirstRunSetup, IpcError, NewUser, Operator, SessionInfo, TillSettings, User,
    UserUpdate,
};
use serde::Deserialize;
use tauri::State;

use crate::state::AppState;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignInArgs {
    pub user_id: i64,
    pub pin: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OverrideArgs {
    pub owner_id: Option<i64>,
    pub pin: String,
    /// The command the owner allows once.
    pub command: String,
}

#[command]
pub fn get_auth_status(state: State<'_, AppState>) -> Result<AuthStatus, IpcError> {
    Ok(state.store.auth_status()?)
}

#[command]
pub fn setup_first_run(
    state: State<'_, AppState>,
    setup: FirstRunSetup,
) -> Result<SessionInfo, IpcError> {
    Ok(state.store.setup_first_owner(&setup, chrono::Utc::now())?)
}

#[command]
pub fn sign_in(state: State<'_, AppState>, req: SignInArgs) -> Result<SessionInfo, IpcError> {
    Ok(state
        .store
        .sign_in(req.user_id, &req.pin, chrono::Utc::now())?)
}

#[command]
pub fn sign_out(state: State<'_, AppState>) -> Result<(), IpcError> {
    Ok(state.store.sign_out(chrono::Utc::now())?)
}

#[command]
pub fn lock_screen(state: State<'_, AppState>, idle: bool) -> Result<(), IpcError> {
    Ok(state.store.lock_screen(idle, chrono::Utc::now())?)
}

/// "Perlu PIN pemilik": the owner's PIN allows `command` once.
#[command]
pub fn grant_owner_override(
    state: State<'_, AppState>,
    req: OverrideArgs,
) -> Result<Operator, IpcError> {
    if crate::access_of(&req.command).is_none() {
        return Err(IpcError::new(
            kasir_core::ErrorKind::Validation,
            format!("Perintah {} tidak dikenal.", req.command),
        ));
    }
    Ok(state.store.grant_owner_override(
        req.owner_id,
        &req.pin,
        &req.command,
        chrono::Utc::now(),
    )?)
}

#[command]
pub fn list_users(state: State<'_, AppState>) -> Result<Vec<User>, IpcError> {
    Ok(state.store.list_users()?)
}

#[command]
pub fn add_user(state: State<'_, AppState>, user: NewUser) -> Result<User, IpcError> {
    Ok(state.store.add_user(&user, chrono::Utc::now())?)
}

#[command]
pub fn update_user(state: State<'_, AppState>, update: UserUpdate) -> Result<User, IpcError> {
    Ok(state.store.update_user(&update, chrono::Utc::now())?)
}

#[command]
pub fn get_till_settings(state: State<'_, AppState>) -> Result<TillSettings, IpcError> {
    Ok(state.store.till_settings()?)
}

#[command]
pub fn save_till_settings(
    state: State<'_, AppState>,
    settings: TillSettings,
) -> Result<TillSettings, IpcError> {
    Ok(state
        .store
        .save_till_settings(&settings, chrono::Utc::now())?)
}
