//! The customer display's window ("Layar Pelanggan"): made from Rust with the label
//! [`LABEL`], loading the same frontend (which renders the display instead of the till when its
//! window carries this label). Its capability (`capabilities/customer.json`) allows only the
//! display's two read commands and the change feed: it never signs in and can change nothing.
//!
//! Per till, the store remembers whether it was open, on which monitor and whether fullscreen
//! ([`kasir_core::DisplayWindowSettings`]): it opens again at start when it was open, and
//! closing it (its close button or the header) remembers it closed. Closing the till's window
//! closes this one without forgetting that it was open.

use kasir_core::{CustomerDisplayWindow, DisplayMonitor, DisplayWindowSettings, IpcError};
use tauri::{AppHandle, Manager, Monitor, WebviewUrl, WebviewWindow, WebviewWindowBuilder};

use crate::state::AppState;

/// The display window's label (also in `capabilities/customer.json`, written by build.rs).
pub const LABEL: &str = "customer";
/// The till's window (tauri.conf.json).
const MAIN: &str = "main";

fn window_error(e: tauri::Error) -> IpcError {
    IpcError::new(
        kasir_core::ErrorKind::Internal,
        format!("Layar pelanggan tidak dapat dibuka: {e}"),
    )
}

fn monitors(app: &AppHandle) -> Vec<Monitor> {
    app.available_monitors().unwrap_or_default()
}

fn same_monitor(a: &Monitor, b: &Monitor) -> bool {
    a.name() == b.name() && a.position() == b.position() && a.size() == b.size()
}

fn till_monitor(app: &AppHandle) -> Option<Monitor> {
    app.get_webview_window(MAIN)
        .and_then(|w| w.current_monitor().ok().flatten())
}

/// The monitors for the header's menu.
fn listed(app: &AppHandle) -> Vec<DisplayMonitor> {
    let till = till_monitor(app);
    monitors(app)
        .iter()
        .map(|m| DisplayMonitor {
            name: m.name().cloned(),
            width: m.size().width,
            height: m.size().height,
            x: m.position().x,
            y: m.position().y,
            has_till: till.as_ref().is_some_and(|t| same_monitor(t, m)),
        })
        .collect()
}

/// The saved monitor if it is connected; otherwise one the till is not on; otherwise the first.
fn pick_monitor(app: &AppHandle, wanted: Option<&str>) -> Option<Monitor> {
    let all = monitors(app);
    if let Some(found) = wanted.and_then(|name| {
        all.iter()
            .find(|m| m.name().map(String::as_str) == Some(name))
    }) {
        return Some(found.clone());
    }
    let till = till_monitor(app);
    all.iter()
        .find(|m| !till.as_ref().is_some_and(|t| same_monitor(t, m)))
        .or_else(|| all.first())
        .cloned()
}

/// Put the window on `monitor`, fullscreen or as a plain window filling most of it.
fn place(window: &WebviewWindow, monitor: Option<&Monitor>, fullscreen: bool) -> tauri::Result<()> {
    if window.is_fullscreen()? {
        window.set_fullscreen(false)?;
    }
    if let Some(m) = monitor {
        window.set_position(*m.position())?;
        if !fullscreen {
            let size = m.size();
            window.set_size(tauri::PhysicalSize::new(
                size.width * 3 / 4,
                size.height * 3 / 4,
            ))?;
        }
    }
    if fullscreen {
        window.set_fullscreen(true)?;
    }
    Ok(())
}

/// Open (or move) the display window as `settings` say, without taking the keyboard from the
/// till.
fn show(app: &AppHandle, settings: &DisplayWindowSettings) -> tauri::Result<()> {
    let monitor = pick_monitor(app, settings.monitor.as_deref());
    let window = match app.get_webview_window(LABEL) {
        Some(window) => window,
        None => {
            let window =
                WebviewWindowBuilder::new(app, LABEL, WebviewUrl::App("index.html".into()))
                    .title("Layar Pelanggan")
                    .inner_size(1024.0, 768.0)
                    .focused(false)
                    .build()?;
            crate::prepare_webview(&window);
            window
        }
    };
    place(&window, monitor.as_ref(), settings.fullscreen)?;
    window.show()
}

fn status(app: &AppHandle, settings: DisplayWindowSettings) -> CustomerDisplayWindow {
    CustomerDisplayWindow {
        settings,
        shown: app.get_webview_window(LABEL).is_some(),
        monitors: listed(app),
    }
}

/// What is saved for this till, whether the window is open now, the monitors.
pub fn describe(app: &AppHandle, state: &AppState) -> Result<CustomerDisplayWindow, IpcError> {
    Ok(status(app, state.store.display_window_settings()?))
}

/// "Layar Pelanggan" → Buka: remember it open (on `monitor`, fullscreen or not), then open it.
pub fn open(
    app: &AppHandle,
    state: &AppState,
    monitor: Option<String>,
    fullscreen: bool,
) -> Result<CustomerDisplayWindow, IpcError> {
    let saved = state
        .store
        .save_display_window_settings(&DisplayWindowSettings {
            open: true,
            monitor,
            fullscreen,
        })?;
    show(app, &saved).map_err(window_error)?;
    Ok(status(app, saved))
}

/// Remember it closed (keeping its monitor and fullscreen), then close it.
pub fn close(app: &AppHandle, state: &AppState) -> Result<CustomerDisplayWindow, IpcError> {
    let saved = remember_closed(state)?;
    if let Some(window) = app.get_webview_window(LABEL) {
        window.destroy().map_err(window_error)?;
    }
    // The window goes on the event loop's next turn: it is closed, whatever the list says now.
    Ok(CustomerDisplayWindow {
        shown: false,
        ..status(app, saved)
    })
}

fn remember_closed(state: &AppState) -> Result<DisplayWindowSettings, IpcError> {
    let current = state.store.display_window_settings()?;
    Ok(state
        .store
        .save_display_window_settings(&DisplayWindowSettings {
            open: false,
            ..current
        })?)
}

/// At start: open the window again when it was open when the till last ran.
pub fn reopen_if_remembered(app: &AppHandle) {
    let Some(state) = app.try_state::<AppState>() else {
        return;
    };
    match state.store.display_window_settings() {
        Ok(settings) if settings.open => {
            if let Err(e) = show(app, &settings) {
                tracing::warn!(target: "display", "layar pelanggan tidak dapat dibuka: {e}");
            }
        }
        Ok(_) => {}
        Err(e) => tracing::warn!(target: "display", "{}", e.message_id()),
    }
}

/// Window events of both windows: the display's close button remembers it closed; the till's
/// window takes the display with it (destroyed, so it opens again at the next start), however
/// it goes: closed by the cashier, or destroyed without a close request (a WebDriver session
/// ending). A display left alone would keep the app running with no till.
pub fn on_window_event(window: &tauri::Window, event: &tauri::WindowEvent) {
    use tauri::WindowEvent::{CloseRequested, Destroyed};
    let app = window.app_handle();
    match (window.label(), event) {
        (LABEL, CloseRequested { .. }) => {
            if let Some(state) = app.try_state::<AppState>() {
                if let Err(e) = remember_closed(&state) {
                    tracing::warn!(target: "display", "{}", e.message);
                }
            }
        }
        (MAIN, CloseRequested { .. } | Destroyed) => {
            if let Some(display) = app.get_webview_window(LABEL) {
                let _ = display.destroy();
            }
        }
        _ => {}
    }
}
