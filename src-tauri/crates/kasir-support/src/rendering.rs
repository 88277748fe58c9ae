//! How WebKitGTK paints the till on a machine without a GPU driver.
//!
//! WebKitGTK 2.46+ paints with Skia on the GPU. Without a GPU render node (`/dev/dri/renderD*`:
//! a PC without a working driver, a VM, Xvfb), that "GPU" is Mesa's llvmpipe, OpenGL emulated
//! on the CPU: Skia's GPU caches and textures then live in ordinary memory. Measured on the
//! 2-core bench machine (no `/dev/dri`), release build: painting with Skia's CPU rasteriser
//! instead takes about 50 MiB off the web process (249 → 196 MiB idle on the checkout) and
//! QRIS click → QR painted stays the same (194 → 196 ms). With a render node nothing changes.

use std::path::Path;

/// WebKitGTK's switch for Skia CPU painting, read by the web process when it starts.
pub const CPU_PAINTING_VAR: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";

/// Whether the till should ask WebKit for CPU painting: only when `dri` (normally `/dev/dri`)
/// holds no render node and the person running it has not set [`CPU_PAINTING_VAR`] already
/// (their choice wins, either way).
pub fn prefer_cpu_painting(dri: &Path, already_set: bool) -> bool {
    if already_set {
        return false;
    }
    let Ok(entries) = std::fs::read_dir(dri) else {
        return true;
    };
    !entries
        .flatten()
        .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
}

/// Sets [`CPU_PAINTING_VAR`] for this process when [`prefer_cpu_painting`] says so for
/// `/dev/dri`. Call it first thing in `main`: before any thread starts (it changes the
/// environment) and before WebKit spawns its web process, which inherits the environment.
pub fn paint_on_cpu_without_a_gpu() {
    let already_set = std::env::var_os(CPU_PAINTING_VAR).is_some();
    if prefer_cpu_painting(Path::new("/dev/dri"), already_set) {
        std::env::set_var(CPU_PAINTING_VAR, "1");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_painting_only_without_a_render_node_and_without_a_choice_made() {
        let dir = tempfile::tempdir().expect("temp dir");
        let dri = dir.path().join("dri");
        // No /dev/dri at all (Xvfb, a VM without a GPU).
        assert!(prefer_cpu_painting(&dri, false));
        std::fs::create_dir(&dri).expect("dri dir");
        // A card node alone (a display driver without rendering) is not a render node.
        std::fs::write(dri.join("card0"), b"").expect("card0");
        assert!(prefer_cpu_painting(&dri, false));
        std::fs::write(dri.join("renderD128"), b"").expect("renderD128");
        assert!(!prefer_cpu_painting(&dri, false));
        // Set by the person running the till: left alone, with or without a GPU.
        assert!(!prefer_cpu_painting(&dir.path().join("none"), true));
    }
}
