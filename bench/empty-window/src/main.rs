//! An empty Tauri 2 window with one button: the floor the benchmark measures Kasir Alpiant
//! against (launch time, memory, binary and installer size). No commands, no plugins, no state.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    if let Err(e) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("empty window failed: {e}");
        std::process::exit(1);
    }
}
