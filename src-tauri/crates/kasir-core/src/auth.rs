//! Who is at the till: users (owner and cashiers) with 6-digit PINs hashed with argon2id, the
//! persisted lockout after 5 wrong PINs, the till's session (signed in, locked, idle), the
//! one-shot owner override ("Perlu PIN pemilik") and the gate every IPC command passes
//! ([`Store::authorize`], with the role table in [`crate::permissions`]).
//!
//! The session lives in the [`Store`] because it is a fact of this till, like its database: the
//! sale paths read the signed-in user from here to stamp who sold an order. Nothing here knows
//! about Tauri; the app calls [`Store::authorize`] before running any command.

use std::sync::{Mutex, MutexGuard};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::json;
use ts_rs::TS;

use crate::audit::{self, AuditAction};
use crate::error::{CoreError, Result};
use crate::events::DomainEvent;
use crate::permissions::{role_may, Access, Permission};
use crate::Store;

/// Wrong PINs in a row before a user is locked.
pub const MAX_FAILED_PINS: u32 = 5;
/// How long a user stays locked after [`MAX_FAILED_PINS`] wrong PINs.
pub const LOCKOUT_MINUTES: i64 = 5;
/// An owner override is valid for this long, for one command.
pub const OVERRIDE_SECONDS: i64 = 120;
/// Settings key: minutes without activity before the screen locks (0 = never).
pub const IDLE_LOCK_KEY: &str = "till.idle_lock_minutes";
/// Default idle lock.
pub const DEFAULT_IDLE_LOCK_MINUTES: u32 = 15;

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Role {
    /// Pemilik: everything.
    Owner,
    /// Kasir: checkout, own shift, reprint, cash in/out.
    Cashier,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Cashier => "cashier",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Owner => "Pemilik",
            Role::Cashier => "Kasir",
        }
    }

    pub(crate) fn parse(s: &str) -> Result<Role> {
        match s {
            "owner" => Ok(Role::Owner),
            "cashier" => Ok(Role::Cashier),
            other => Err(CoreError::Validation(format!(
                "peran tidak dikenal: {other}"
            ))),
        }
    }
}

/// A user as the owner's user list shows it (never the PIN hash).
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct User {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub active: bool,
    /// Locked after too many wrong PINs until this instant (UTC unix ms), if still in the future.
    #[ts(type = "number | null")]
    pub locked_until: Option<i64>,
    #[ts(type = "number")]
    pub created_at: i64,
}

/// The person at the till (stamped on orders, shifts and audit rows).
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Operator {
    #[ts(type = "number")]
    pub user_id: i64,
    pub name: String,
    pub role: Role,
}

/// The till's session as the window sees it.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SessionInfo {
    pub operator: Operator,
    /// "Kunci" or idle: the PIN pad covers the screen.
    pub locked: bool,
    #[ts(type = "number")]
    pub signed_in_at: i64,
    /// What this role may do (the UI hides what it may not; Rust still checks every command).
    pub permissions: Vec<Permission>,
}

/// What the window needs before anything else: first run, who is signed in, whom the PIN pad
/// offers.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AuthStatus {
    /// No user yet: the first-run setup is shown.
    pub needs_setup: bool,
    pub session: Option<SessionInfo>,
    /// Active users for the PIN pad (name and role only).
    pub users: Vec<User>,
    /// This till's name (shifts belong to a till).
    pub till: String,
    pub idle_lock_minutes: u32,
}

/// The first-run form: shop name, owner's name and PIN.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FirstRunSetup {
    pub shop_name: String,
    pub owner_name: String,
    pub pin: String,
}

/// The owner adds a cashier (or another owner).
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewUser {
    pub name: String,
    pub role: Role,
    pub pin: String,
}

/// The owner changes a user: rename, (de)activate, reset the PIN (each optional).
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UserUpdate {
    #[ts(type = "number")]
    pub id: i64,
    pub name: Option<String>,
    pub active: Option<bool>,
    pub new_pin: Option<String>,
}

/// A one-shot permission the owner gave at the till by typing their PIN.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Override {
    command: String,
    owner: Operator,
    expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
struct Session {
    operator: Operator,
    locked: bool,
    signed_in_at: DateTime<Utc>,
    last_activity: DateTime<Utc>,
    grant: Option<Override>,
}

/// The till's session; one per [`Store`].
#[derive(Debug, Default)]
pub struct TillSession {
    inner: Mutex<Option<Session>>,
}

impl TillSession {
    fn lock(&self) -> MutexGuard<'_, Option<Session>> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// What the gate decided: who runs the command, and whether an owner override allowed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorized {
    pub operator: Option<Operator>,
    pub owner_override: Option<Operator>,
}

/// Exactly 6 digits, not one repeated digit nor a straight run (123456, 987654).
pub fn validate_pin(pin: &str) -> Result<()> {
    let digits: Vec<u32> = pin.chars().filter_map(|c| c.to_digit(10)).collect();
    if pin.chars().count() != 6 || digits.len() != 6 {
        return Err(CoreError::Validation("PIN harus 6 angka".into()));
    }
    let all_same = digits.iter().all(|d| *d == digits[0]);
    let steps: Vec<i64> = digits
        .windows(2)
        .map(|w| i64::from(w[1]) - i64::from(w[0]))
        .collect();
    let straight = steps.iter().all(|s| *s == 1) || steps.iter().all(|s| *s == -1);
    if all_same || straight {
        return Err(CoreError::Validation(
            "PIN terlalu mudah ditebak (angka sama atau berurutan); pilih PIN lain".into(),
        ));
    }
    Ok(())
}

fn clean_name(name: &str) -> Result<String> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(CoreError::Validation("nama wajib diisi".into()));
    }
    if name.chars().count() > 40 {
        return Err(CoreError::Validation("nama paling panjang 40 huruf".into()));
    }
    Ok(name)
}

/// argon2id (the crate's defaults: 19 MiB, 2 passes) with a fresh random salt; a PHC string.
pub fn hash_pin(pin: &str) -> Result<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt)
        .map_err(|e| CoreError::Validation(format!("sumber acak tidak tersedia: {e}")))?;
    let salt = SaltString::encode_b64(&salt)
        .map_err(|e| CoreError::Validation(format!("salt PIN: {e}")))?;
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| CoreError::Validation(format!("PIN tidak bisa disimpan: {e}")))
}

/// True when `pin` matches the stored PHC string. An unreadable hash never matches.
pub fn verify_pin(pin: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(hash) => Argon2::default()
            .verify_password(pin.as_bytes(), &hash)
            .is_ok(),
        Err(_) => false,
    }
}

struct UserRow {
    user: User,
    pin_hash: String,
    failed_pins: u32,
}

const USER_SELECT: &str =
    "SELECT id, name, role, active, locked_until, created_at, pin_hash, failed_pins FROM users";

fn user_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(User, String, String, u32)> {
    let role: String = r.get(2)?;
    Ok((
        User {
            id: r.get(0)?,
            name: r.get(1)?,
            role: Role::Cashier,
            active: r.get(3)?,
            locked_until: r.get(4)?,
            created_at: r.get(5)?,
        },
        role,
        r.get(6)?,
        r.get(7)?,
    ))
}

fn finish_user(row: (User, String, String, u32)) -> Result<UserRow> {
    let (mut user, role, pin_hash, failed_pins) = row;
    user.role = Role::parse(&role)?;
    Ok(UserRow {
        user,
        pin_hash,
        failed_pins,
    })
}

fn load_user(conn: &Connection, id: i64) -> Result<UserRow> {
    let row = conn
        .query_row(&format!("{USER_SELECT} WHERE id = ?1"), [id], user_row)
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            what: format!("Pengguna #{id}"),
        })?;
    finish_user(row)
}

fn users_where(conn: &Connection, filter: &str) -> Result<Vec<UserRow>> {
    let mut st = conn.prepare(&format!(
        "{USER_SELECT} WHERE {filter} ORDER BY role = 'cashier', name COLLATE NOCASE"
    ))?;
    let rows = st
        .query_map([], user_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(finish_user).collect()
}

fn user_count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT COUNT(*) FROM users", [], |r| r.get(0))?)
}

fn name_taken(conn: &Connection, name: &str, except: Option<i64>) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM users WHERE name = ?1 COLLATE NOCASE AND id IS NOT ?2",
            params![name, except],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

fn insert_user(
    conn: &Connection,
    name: &str,
    role: Role,
    pin_hash: &str,
    now: DateTime<Utc>,
) -> Result<i64> {
    if name_taken(conn, name, None)? {
        return Err(CoreError::Validation(format!(
            "nama {name} sudah dipakai pengguna lain"
        )));
    }
    let ms = now.timestamp_millis();
    conn.execute(
        "INSERT INTO users (name, role, pin_hash, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
        params![name, role.as_str(), pin_hash, ms],
    )?;
    Ok(conn.last_insert_rowid())
}

fn minutes_left(until_ms: i64, now: DateTime<Utc>) -> i64 {
    let left = until_ms - now.timestamp_millis();
    (left + 59_999) / 60_000
}

fn operator_of(user: &User) -> Operator {
    Operator {
        user_id: user.id,
        name: user.name.clone(),
        role: user.role,
    }
}

/// How a PIN check ended (written before the caller turns it into an error, so a wrong PIN is
/// counted even though the command fails).
enum PinOutcome {
    Ok(User),
    Wrong { remaining: u32 },
    Locked { name: String, minutes: i64 },
}

impl Store {
    pub(crate) fn session_cell(&self) -> &TillSession {
        &self.session
    }

    /// The signed-in user, locked or not (stamped on what the till does).
    pub fn operator(&self) -> Option<Operator> {
        self.session_cell()
            .lock()
            .as_ref()
            .map(|s| s.operator.clone())
    }

    /// Someone is signed in and the screen is not locked: the till is selling (the customer
    /// display shows the till's sale only then).
    pub fn till_attended(&self) -> bool {
        self.session_cell()
            .lock()
            .as_ref()
            .is_some_and(|s| !s.locked)
    }

    fn session_info(&self) -> Option<SessionInfo> {
        self.session_cell().lock().as_ref().map(|s| SessionInfo {
            operator: s.operator.clone(),
            locked: s.locked,
            signed_in_at: s.signed_in_at.timestamp_millis(),
            permissions: Permission::all()
                .into_iter()
                .filter(|p| role_may(s.operator.role, *p))
                .collect(),
        })
    }

    /// Minutes of inactivity before the screen locks (0 = never). Read from the settings once,
    /// then kept (the gate asks before every command).
    pub fn idle_lock_minutes(&self) -> Result<u32> {
        use std::sync::atomic::Ordering;
        let cached = self.idle_lock_cache.load(Ordering::Relaxed);
        if cached != u32::MAX {
            return Ok(cached);
        }
        let minutes = self.till_settings()?.idle_lock_minutes;
        self.idle_lock_cache.store(minutes, Ordering::Relaxed);
        Ok(minutes)
    }

    /// First run, session and the PIN pad's users.
    pub fn auth_status(&self) -> Result<AuthStatus> {
        let (count, users) = self.read(|c| {
            let users = users_where(c, "active = 1")?
                .into_iter()
                .map(|u| u.user)
                .collect::<Vec<_>>();
            Ok((user_count(c)?, users))
        })?;
        Ok(AuthStatus {
            needs_setup: count == 0,
            session: self.session_info(),
            users,
            till: self.till().to_string(),
            idle_lock_minutes: self.idle_lock_minutes()?,
        })
    }

    /// Every user, active or not (the owner's list).
    pub fn list_users(&self) -> Result<Vec<User>> {
        self.read(|c| Ok(users_where(c, "1")?.into_iter().map(|u| u.user).collect()))
    }

    /// First run: the shop's name and its owner. Refused once any user exists. Signs the owner
    /// in.
    pub fn setup_first_owner(
        &self,
        setup: &FirstRunSetup,
        now: DateTime<Utc>,
    ) -> Result<SessionInfo> {
        let name = clean_name(&setup.owner_name)?;
        validate_pin(&setup.pin)?;
        let shop = setup.shop_name.trim();
        if shop.is_empty() {
            return Err(CoreError::Validation("nama toko wajib diisi".into()));
        }
        let hash = hash_pin(&setup.pin)?;
        let user = self.write(|tx| {
            if user_count(tx)? > 0 {
                return Err(CoreError::Validation(
                    "pengaturan awal sudah dilakukan; masuk dengan PIN".into(),
                ));
            }
            crate::settings::set_shop_name(tx, shop)?;
            let id = insert_user(tx, &name, Role::Owner, &hash, now)?;
            let user = load_user(tx, id)?.user;
            let op = operator_of(&user);
            audit::record(
                tx,
                Some(&op),
                AuditAction::UserCreated,
                &format!("Pemilik {name}"),
                json!({ "role": "owner", "firstRun": true, "shopName": shop }),
                now,
            )?;
            audit::record(tx, Some(&op), AuditAction::SignIn, &name, json!({}), now)?;
            tx.emit(DomainEvent::SettingsChanged {
                section: crate::SettingsSection::Shop,
            });
            tx.emit(DomainEvent::UsersChanged);
            Ok(user)
        })?;
        self.start_session(&user, now);
        self.session_info().ok_or(CoreError::NotSignedIn)
    }

    /// Create the owner without the window (tests, `make run`, support): `kasir-cli user
    /// create-owner`. Refused once any user exists; signs nobody in.
    pub fn create_owner_unattended(
        &self,
        name: &str,
        pin: &str,
        now: DateTime<Utc>,
    ) -> Result<User> {
        let name = clean_name(name)?;
        validate_pin(pin)?;
        let hash = hash_pin(pin)?;
        self.write(|tx| {
            if user_count(tx)? > 0 {
                return Err(CoreError::Validation("pemilik sudah ada".into()));
            }
            let id = insert_user(tx, &name, Role::Owner, &hash, now)?;
            let user = load_user(tx, id)?.user;
            audit::record(
                tx,
                None,
                AuditAction::UserCreated,
                &format!("Pemilik {name}"),
                json!({ "role": "owner", "unattended": true }),
                now,
            )?;
            tx.emit(DomainEvent::UsersChanged);
            Ok(user)
        })
    }

    /// The owner adds a user.
    pub fn add_user(&self, new: &NewUser, now: DateTime<Utc>) -> Result<User> {
        let name = clean_name(&new.name)?;
        validate_pin(&new.pin)?;
        let hash = hash_pin(&new.pin)?;
        let actor = self.operator();
        self.write(|tx| {
            let id = insert_user(tx, &name, new.role, &hash, now)?;
            let user = load_user(tx, id)?.user;
            audit::record(
                tx,
                actor.as_ref(),
                AuditAction::UserCreated,
                &format!("{} {name}", new.role.label()),
                json!({ "role": new.role.as_str() }),
                now,
            )?;
            tx.emit(DomainEvent::UsersChanged);
            Ok(user)
        })
    }

    /// The owner renames, (de)activates or resets the PIN of a user. The last active owner can
    /// not be deactivated; a user with an open shift can not be deactivated.
    pub fn update_user(&self, update: &UserUpdate, now: DateTime<Utc>) -> Result<User> {
        let name = update.name.as_deref().map(clean_name).transpose()?;
        let hash = match &update.new_pin {
            Some(pin) => {
                validate_pin(pin)?;
                Some(hash_pin(pin)?)
            }
            None => None,
        };
        let actor = self.operator();
        let user = self.write(|tx| {
            let old = load_user(tx, update.id)?.user;
            let mut detail = serde_json::Map::new();
            let ms = now.timestamp_millis();
            if let Some(name) = &name {
                if *name != old.name {
                    if name_taken(tx, name, Some(old.id))? {
                        return Err(CoreError::Validation(format!(
                            "nama {name} sudah dipakai pengguna lain"
                        )));
                    }
                    tx.execute(
                        "UPDATE users SET name = ?2, updated_at = ?3 WHERE id = ?1",
                        params![old.id, name, ms],
                    )?;
                    detail.insert("name".into(), json!({ "from": old.name, "to": name }));
                }
            }
            if let Some(active) = update.active {
                if active != old.active {
                    if !active {
                        if old.role == Role::Owner {
                            let owners: i64 = tx.query_row(
                                "SELECT COUNT(*) FROM users WHERE role = 'owner' AND active = 1",
                                [],
                                |r| r.get(0),
                            )?;
                            if owners <= 1 {
                                return Err(CoreError::Validation(
                                    "pemilik terakhir tidak bisa dinonaktifkan".into(),
                                ));
                            }
                        }
                        if crate::shifts::open_shift_of_user(tx, old.id)?.is_some() {
                            return Err(CoreError::Validation(format!(
                                "{} masih punya shift terbuka; tutup kasir dulu",
                                old.name
                            )));
                        }
                    }
                    tx.execute(
                        "UPDATE users SET active = ?2, updated_at = ?3 WHERE id = ?1",
                        params![old.id, active, ms],
                    )?;
                    detail.insert("active".into(), json!({ "from": old.active, "to": active }));
                }
            }
            if let Some(hash) = &hash {
                tx.execute(
                    "UPDATE users SET pin_hash = ?2, failed_pins = 0, locked_until = NULL,
                            updated_at = ?3 WHERE id = ?1",
                    params![old.id, hash, ms],
                )?;
                detail.insert("pinReset".into(), json!(true));
            }
            let user = load_user(tx, old.id)?.user;
            if !detail.is_empty() {
                audit::record(
                    tx,
                    actor.as_ref(),
                    AuditAction::UserChanged,
                    &format!("{} {}", user.role.label(), user.name),
                    serde_json::Value::Object(detail),
                    now,
                )?;
                tx.emit(DomainEvent::UsersChanged);
            }
            Ok(user)
        })?;
        // A deactivated user signed in at this till is signed out.
        let mut session = self.session_cell().lock();
        if !user.active
            && session
                .as_ref()
                .is_some_and(|s| s.operator.user_id == user.id)
        {
            *session = None;
        } else if let Some(s) = session.as_mut() {
            if s.operator.user_id == user.id {
                s.operator.name = user.name.clone();
            }
        }
        Ok(user)
    }

    /// Check a PIN and record the outcome (failed count, lockout, audit) in one transaction.
    fn check_pin(
        &self,
        user_id: i64,
        pin: &str,
        purpose: &str,
        now: DateTime<Utc>,
    ) -> Result<PinOutcome> {
        let row = self.read(|c| load_user(c, user_id))?;
        if !row.user.active {
            return Err(CoreError::Validation(format!(
                "akun {} sudah dinonaktifkan",
                row.user.name
            )));
        }
        if let Some(until) = row
            .user
            .locked_until
            .filter(|u| *u > now.timestamp_millis())
        {
            return Ok(PinOutcome::Locked {
                name: row.user.name,
                minutes: minutes_left(until, now),
            });
        }
        // The slow hash runs outside the write lock.
        let matches = verify_pin(pin, &row.pin_hash);
        let actor = self.operator();
        self.write(|tx| {
            let current = load_user(tx, user_id)?;
            let subject = format!("{} {}", current.user.role.label(), current.user.name);
            if matches {
                tx.execute(
                    "UPDATE users SET failed_pins = 0, locked_until = NULL WHERE id = ?1",
                    [user_id],
                )?;
                return Ok(PinOutcome::Ok(current.user));
            }
            let failed = current.failed_pins + 1;
            audit::record(
                tx,
                actor.as_ref(),
                AuditAction::PinFailed,
                &subject,
                json!({ "purpose": purpose, "attempt": failed }),
                now,
            )?;
            if failed >= MAX_FAILED_PINS {
                let until = (now + Duration::minutes(LOCKOUT_MINUTES)).timestamp_millis();
                tx.execute(
                    "UPDATE users SET failed_pins = 0, locked_until = ?2 WHERE id = ?1",
                    params![user_id, until],
                )?;
                audit::record(
                    tx,
                    actor.as_ref(),
                    AuditAction::UserLocked,
                    &subject,
                    json!({ "minutes": LOCKOUT_MINUTES }),
                    now,
                )?;
                tx.emit(DomainEvent::UsersChanged);
                Ok(PinOutcome::Locked {
                    name: current.user.name,
                    minutes: LOCKOUT_MINUTES,
                })
            } else {
                tx.execute(
                    "UPDATE users SET failed_pins = ?2 WHERE id = ?1",
                    params![user_id, failed],
                )?;
                Ok(PinOutcome::Wrong {
                    remaining: MAX_FAILED_PINS - failed,
                })
            }
        })
    }

    fn pin_ok(&self, user_id: i64, pin: &str, purpose: &str, now: DateTime<Utc>) -> Result<User> {
        match self.check_pin(user_id, pin, purpose, now)? {
            PinOutcome::Ok(user) => Ok(user),
            PinOutcome::Wrong { remaining } => Err(CoreError::WrongPin { remaining }),
            PinOutcome::Locked { name, minutes } => Err(CoreError::UserLocked { name, minutes }),
        }
    }

    fn start_session(&self, user: &User, now: DateTime<Utc>) {
        *self.session_cell().lock() = Some(Session {
            operator: operator_of(user),
            locked: false,
            signed_in_at: now,
            last_activity: now,
            grant: None,
        });
    }

    /// Sign in (or unlock, or switch cashier) with a PIN.
    pub fn sign_in(&self, user_id: i64, pin: &str, now: DateTime<Utc>) -> Result<SessionInfo> {
        let user = self.pin_ok(user_id, pin, "masuk", now)?;
        let previous = self.session_cell().lock().clone();
        let same_user = previous
            .as_ref()
            .is_some_and(|s| s.operator.user_id == user.id);
        let op = operator_of(&user);
        self.write(|tx| {
            match &previous {
                Some(p) if same_user => audit::record(
                    tx,
                    Some(&op),
                    AuditAction::Unlocked,
                    &user.name,
                    json!({}),
                    now,
                )?,
                Some(p) => {
                    audit::record(
                        tx,
                        Some(&p.operator),
                        AuditAction::SignOut,
                        &p.operator.name,
                        json!({ "switchedTo": user.name }),
                        now,
                    )?;
                    audit::record(
                        tx,
                        Some(&op),
                        AuditAction::SignIn,
                        &user.name,
                        json!({}),
                        now,
                    )?
                }
                None => audit::record(
                    tx,
                    Some(&op),
                    AuditAction::SignIn,
                    &user.name,
                    json!({}),
                    now,
                )?,
            }
            Ok(())
        })?;
        if same_user {
            let mut s = self.session_cell().lock();
            if let Some(s) = s.as_mut() {
                s.locked = false;
                s.last_activity = now;
                s.grant = None;
            }
        } else {
            self.start_session(&user, now);
        }
        self.announce_session_change();
        self.session_info().ok_or(CoreError::NotSignedIn)
    }

    /// Who is at the till changed (signed in, out, locked): the customer display shows the
    /// till's sale only while someone is signed in and the screen is unlocked. Announced after
    /// the session changed, so a subscriber reads the new one.
    fn announce_session_change(&self) {
        self.events()
            .publish(vec![DomainEvent::CustomerDisplayChanged]);
    }

    /// "Keluar": nobody is signed in afterwards.
    pub fn sign_out(&self, now: DateTime<Utc>) -> Result<()> {
        let previous = self.session_cell().lock().take();
        if let Some(p) = previous {
            self.write(|tx| {
                audit::record(
                    tx,
                    Some(&p.operator),
                    AuditAction::SignOut,
                    &p.operator.name,
                    json!({}),
                    now,
                )
            })?;
            self.announce_session_change();
        }
        Ok(())
    }

    /// "Kunci" (or idle): the PIN pad covers the screen; the same or another user's PIN opens it.
    pub fn lock_screen(&self, idle: bool, now: DateTime<Utc>) -> Result<()> {
        let op = {
            let mut s = self.session_cell().lock();
            match s.as_mut() {
                Some(s) if !s.locked => {
                    s.locked = true;
                    s.grant = None;
                    s.operator.clone()
                }
                _ => return Ok(()),
            }
        };
        self.write(|tx| {
            audit::record(
                tx,
                Some(&op),
                AuditAction::ScreenLocked,
                &op.name,
                json!({ "idle": idle }),
                now,
            )
        })?;
        self.announce_session_change();
        Ok(())
    }

    /// "Perlu PIN pemilik": an owner types their PIN at the till to allow `command` once (within
    /// [`OVERRIDE_SECONDS`]). `owner_id` picks the owner when there are several.
    pub fn grant_owner_override(
        &self,
        owner_id: Option<i64>,
        pin: &str,
        command: &str,
        now: DateTime<Utc>,
    ) -> Result<Operator> {
        let cashier = self.operator().ok_or(CoreError::NotSignedIn)?;
        let owner_id = match owner_id {
            Some(id) => id,
            None => {
                let owners = self.read(|c| users_where(c, "role = 'owner' AND active = 1"))?;
                match owners.as_slice() {
                    [only] => only.user.id,
                    [] => {
                        return Err(CoreError::NotFound {
                            what: "Pemilik".into(),
                        })
                    }
                    _ => {
                        return Err(CoreError::Validation(
                            "pilih pemilik yang memberi izin".into(),
                        ))
                    }
                }
            }
        };
        let owner = self.pin_ok(owner_id, pin, "izin pemilik", now)?;
        if owner.role != Role::Owner {
            return Err(CoreError::Validation(format!(
                "{} bukan pemilik",
                owner.name
            )));
        }
        let owner = operator_of(&owner);
        let mut s = self.session_cell().lock();
        let session = s.as_mut().ok_or(CoreError::NotSignedIn)?;
        session.grant = Some(Override {
            command: command.to_string(),
            owner: owner.clone(),
            expires_at: now + Duration::seconds(OVERRIDE_SECONDS),
        });
        drop(s);
        tracing::info!(target: "auth", cashier = %cashier.name, owner = %owner.name, command, "izin pemilik diberikan");
        Ok(owner)
    }

    /// Use up the owner's permission given at the till for `command`, when the gate let the
    /// command through on the role alone but the action inside it needs the owner (closing
    /// another cashier's shift, a discount above the cap). `None` when there is none (or it
    /// expired or was given for another command).
    pub fn take_owner_grant(&self, command: &str, now: DateTime<Utc>) -> Option<Operator> {
        let mut guard = self.session_cell().lock();
        let s = guard.as_mut()?;
        let fits = s
            .grant
            .as_ref()
            .is_some_and(|g| g.command == command && g.expires_at > now);
        if fits {
            s.grant.take().map(|g| g.owner)
        } else {
            None
        }
    }

    /// The gate every IPC command passes before it runs: is someone signed in, is the screen
    /// unlocked, does the role allow it (or did the owner allow it once with their PIN)? Idle
    /// time locks the screen here too. An override used is written to the audit trail.
    pub fn authorize(
        &self,
        command: &str,
        access: Access,
        now: DateTime<Utc>,
    ) -> Result<Authorized> {
        let permission = match access {
            Access::Public => {
                return Ok(Authorized {
                    operator: self.operator(),
                    owner_override: None,
                })
            }
            Access::SignedIn => None,
            Access::Requires(p) => Some(p),
        };
        let idle_minutes = self.idle_lock_minutes()?;
        let mut went_idle = false;
        let decision = {
            let mut guard = self.session_cell().lock();
            let s = guard.as_mut().ok_or(CoreError::NotSignedIn)?;
            if !s.locked
                && idle_minutes > 0
                && now - s.last_activity >= Duration::minutes(i64::from(idle_minutes))
            {
                s.locked = true;
                s.grant = None;
                went_idle = true;
            }
            if s.locked {
                None
            } else {
                s.last_activity = now;
                let op = s.operator.clone();
                match permission {
                    None => Some(Ok((op, None))),
                    Some(p) if role_may(op.role, p) => Some(Ok((op, None))),
                    Some(p) => {
                        // Only the command it was given for uses it up.
                        let fits = s
                            .grant
                            .as_ref()
                            .is_some_and(|g| g.command == command && g.expires_at > now);
                        let grant = if fits { s.grant.take() } else { None };
                        match grant {
                            Some(g) => Some(Ok((op, Some(g.owner)))),
                            None => Some(Err(CoreError::OwnerPinRequired {
                                action: p.label().to_lowercase(),
                            })),
                        }
                    }
                }
            }
        };
        if went_idle {
            if let Some(op) = self.operator() {
                self.write(|tx| {
                    audit::record(
                        tx,
                        Some(&op),
                        AuditAction::ScreenLocked,
                        &op.name,
                        json!({ "idle": true, "minutes": idle_minutes }),
                        now,
                    )
                })?;
            }
            self.announce_session_change();
        }
        let (operator, owner_override) = decision.ok_or(CoreError::ScreenLocked)??;
        if let Some(owner) = &owner_override {
            self.write(|tx| {
                audit::record(
                    tx,
                    Some(&operator),
                    AuditAction::OwnerOverride,
                    command,
                    json!({ "owner": owner.name, "ownerId": owner.user_id }),
                    now,
                )
            })?;
        }
        Ok(Authorized {
            operator: Some(operator),
            owner_override,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) const PIN: &str = "246813";

    fn t0() -> DateTime<Utc> {
        chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 12, 1, 2, 0, 0)
            .single()
            .expect("t0")
    }

    fn audit_actions(store: &Store) -> Vec<String> {
        store
            .read(|c| {
                let mut st = c.prepare("SELECT action FROM audit_log ORDER BY id")?;
                let v = st
                    .query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<Vec<String>>>()?;
                Ok(v)
            })
            .expect("audit")
    }

    #[test]
    fn pins_are_six_digits_and_not_trivial() {
        assert!(validate_pin("246813").is_ok());
        for bad in [
            "12345",
            "1234567",
            "12a456",
            "111111",
            "123456",
            "987654",
            "",
            "２４６８１３",
        ] {
            assert!(validate_pin(bad).is_err(), "{bad:?} must be refused");
        }
    }

    #[test]
    fn a_pin_hash_is_argon2id_salted_and_verifies_only_its_pin() {
        let a = hash_pin(PIN).expect("hash");
        let b = hash_pin(PIN).expect("hash");
        assert!(a.starts_with("$argon2id$"), "argon2id PHC string: {a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify_pin(PIN, &a) && verify_pin(PIN, &b));
        assert!(!verify_pin("246814", &a), "another PIN never matches");
        assert!(
            !verify_pin(PIN, "not a hash"),
            "a broken hash never matches"
        );
    }

    #[test]
    fn first_run_creates_the_owner_once_and_signs_in() {
        let store = Store::open_in_memory().expect("store");
        assert!(store.auth_status().expect("status").needs_setup);
        let setup = FirstRunSetup {
            shop_name: "Warung Bu Sri".into(),
            owner_name: "  Sri  ".into(),
            pin: PIN.into(),
        };
        let s = store.setup_first_owner(&setup, t0()).expect("setup");
        assert_eq!(
            (s.operator.name.as_str(), s.operator.role),
            ("Sri", Role::Owner)
        );
        assert_eq!(store.shop_profile().expect("profile").name, "Warung Bu Sri");
        let status = store.auth_status().expect("status");
        assert!(!status.needs_setup && status.session.is_some());
        let again = store.setup_first_owner(&setup, t0());
        assert!(again.is_err(), "first run happens once");
        assert_eq!(store.list_users().expect("users").len(), 1);
    }

    #[test]
    fn five_wrong_pins_lock_the_user_for_five_minutes_across_a_restart() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("kasir.db");
        let owner_id = {
            let store = Store::open(&path).expect("store");
            let owner = store
                .create_owner_unattended("Sri", PIN, t0())
                .expect("owner");
            for n in 1..=4u32 {
                let e = store.sign_in(owner.id, "135792", t0()).expect_err("wrong");
                assert!(
                    matches!(e, CoreError::WrongPin { remaining } if remaining == 5 - n),
                    "{e:?}"
                );
            }
            owner.id
        };
        // A restart does not reset the count: the fifth wrong PIN locks.
        let store = Store::open(&path).expect("reopen");
        let e = store.sign_in(owner_id, "135792", t0()).expect_err("fifth");
        assert!(
            matches!(e, CoreError::UserLocked { minutes: 5, .. }),
            "{e:?}"
        );
        drop(store);
        let store = Store::open(&path).expect("reopen");
        let e = store
            .sign_in(owner_id, PIN, t0() + Duration::minutes(4))
            .expect_err("still locked, even with the right PIN");
        assert!(
            matches!(e, CoreError::UserLocked { minutes: 1, .. }),
            "{e:?}"
        );
        store
            .sign_in(owner_id, PIN, t0() + Duration::minutes(5))
            .expect("unlocked after five minutes");
        let actions = audit_actions(&store);
        assert_eq!(
            actions.iter().filter(|a| *a == "pin_failed").count(),
            5,
            "{actions:?}"
        );
        assert!(actions.contains(&"user_locked".to_string()), "{actions:?}");
    }

    #[test]
    fn the_gate_checks_session_lock_role_and_owner_override() {
        let store = Store::open_in_memory().expect("store");
        let owner = store
            .create_owner_unattended("Sri", PIN, t0())
            .expect("owner");
        let err = store
            .authorize(
                "save_product",
                Access::Requires(Permission::ManageCatalog),
                t0(),
            )
            .expect_err("nobody signed in");
        assert!(matches!(err, CoreError::NotSignedIn));
        store.sign_in(owner.id, PIN, t0()).expect("owner in");
        let rina = store
            .add_user(
                &NewUser {
                    name: "Rina".into(),
                    role: Role::Cashier,
                    pin: "802461".into(),
                },
                t0(),
            )
            .expect("cashier");
        store
            .sign_in(rina.id, "802461", t0())
            .expect("switch to Rina");
        store
            .authorize("pay_cash", Access::Requires(Permission::Sell), t0())
            .expect("a cashier sells");
        let err = store
            .authorize(
                "save_product",
                Access::Requires(Permission::ManageCatalog),
                t0(),
            )
            .expect_err("a cashier does not edit products");
        assert!(matches!(err, CoreError::OwnerPinRequired { .. }), "{err:?}");
        // The owner allows it once, for that command only.
        store
            .grant_owner_override(None, PIN, "save_product", t0())
            .expect("owner PIN");
        assert!(
            store
                .authorize(
                    "adjust_stock",
                    Access::Requires(Permission::ManageStock),
                    t0()
                )
                .is_err(),
            "an override is for the command it was given for"
        );
        let ok = store
            .authorize(
                "save_product",
                Access::Requires(Permission::ManageCatalog),
                t0(),
            )
            .expect("allowed once");
        assert_eq!(ok.owner_override.map(|o| o.name), Some("Sri".into()));
        assert!(
            store
                .authorize(
                    "save_product",
                    Access::Requires(Permission::ManageCatalog),
                    t0()
                )
                .is_err(),
            "an override is used once"
        );
        // Locking: nothing but public commands until a PIN opens it.
        store.lock_screen(false, t0()).expect("lock");
        let err = store
            .authorize("pay_cash", Access::Requires(Permission::Sell), t0())
            .expect_err("locked");
        assert!(matches!(err, CoreError::ScreenLocked));
        store.sign_in(rina.id, "802461", t0()).expect("unlock");
        // Idle minutes lock it too.
        let later = t0() + Duration::minutes(i64::from(DEFAULT_IDLE_LOCK_MINUTES));
        let err = store
            .authorize("pay_cash", Access::Requires(Permission::Sell), later)
            .expect_err("idle");
        assert!(matches!(err, CoreError::ScreenLocked));
        let actions = audit_actions(&store);
        for a in [
            "sign_in",
            "sign_out",
            "owner_override",
            "screen_locked",
            "unlocked",
            "user_created",
        ] {
            assert!(actions.iter().any(|x| x == a), "audit has {a}: {actions:?}");
        }
    }

    #[test]
    fn the_last_owner_cannot_be_deactivated_and_a_deactivated_user_cannot_sign_in() {
        let store = Store::open_in_memory().expect("store");
        let owner = store
            .create_owner_unattended("Sri", PIN, t0())
            .expect("owner");
        store.sign_in(owner.id, PIN, t0()).expect("in");
        let e = store.update_user(
            &UserUpdate {
                id: owner.id,
                name: None,
                active: Some(false),
                new_pin: None,
            },
            t0(),
        );
        assert!(e.is_err(), "the last owner stays");
        let rina = store
            .add_user(
                &NewUser {
                    name: "Rina".into(),
                    role: Role::Cashier,
                    pin: "802461".into(),
                },
                t0(),
            )
            .expect("cashier");
        let dup = store.add_user(
            &NewUser {
                name: "rina".into(),
                role: Role::Cashier,
                pin: "802461".into(),
            },
            t0(),
        );
        assert!(dup.is_err(), "names are unique, whatever the case");
        store
            .update_user(
                &UserUpdate {
                    id: rina.id,
                    name: Some("Rina W".into()),
                    active: Some(false),
                    new_pin: Some("913572".into()),
                },
                t0(),
            )
            .expect("update");
        assert!(store.sign_in(rina.id, "913572", t0()).is_err(), "inactive");
    }
}
