//! Files the app writes for the owner (exports, saved receipts): a name in a folder that does
//! not overwrite an earlier file.

use std::path::{Path, PathBuf};

/// `dir/base.ext`, or the first free `dir/base (2).ext`, `dir/base (3).ext`, … so an earlier
/// file of the same name is never overwritten.
pub fn free_file_name(dir: &Path, base: &str, ext: &str) -> PathBuf {
    let first = dir.join(format!("{base}.{ext}"));
    if !first.exists() {
        return first;
    }
    (2..10_000)
        .map(|i| dir.join(format!("{base} ({i}).{ext}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_file_is_never_the_answer() {
        let dir = std::env::temp_dir().join(format!("kasir-free-name-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let first = free_file_name(&dir, "struk-INV-1", "png");
        assert_eq!(first, dir.join("struk-INV-1.png"));
        std::fs::write(&first, b"x").expect("write");
        let second = free_file_name(&dir, "struk-INV-1", "png");
        assert_eq!(second, dir.join("struk-INV-1 (2).png"));
        std::fs::write(&second, b"x").expect("write");
        assert_eq!(
            free_file_name(&dir, "struk-INV-1", "png"),
            dir.join("struk-INV-1 (3).png")
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
