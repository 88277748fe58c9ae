//! Files the app writes for the owner (exports, saved receipts, label sheets): a name in a
//! folder that does not overwrite an earlier file, a write that is whole or absent, and handing
//! a finished file to the system's viewer.

use std::fs::File;
use std::io::{BufWriter, Write};
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

/// Write `bytes` to `path` whole or not at all: into `path.<ext>.part`, then renamed over. A
/// failure removes the part file and leaves no half-written document under the real name.
pub fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let part = part_of(path);
    let written = std::fs::write(&part, bytes).and_then(|()| std::fs::rename(&part, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&part);
    }
    written
}

/// [`write_whole`] for a document written piece by piece (an export streamed row by row): its
/// folder is made if needed, `write` gets a buffered writer on `path.<ext>.part` (seekable, as a
/// zip needs), and only when it succeeds is the part flushed and renamed over `path`; on any
/// error the part is removed. `io` turns a file error into the caller's error.
pub fn write_whole_with<T, E>(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<T, E>,
    io: impl Fn(std::io::Error) -> E,
) -> Result<T, E> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(&io)?;
    }
    let part = part_of(path);
    let written = (|| {
        let mut out = BufWriter::new(File::create(&part).map_err(&io)?);
        let value = write(&mut out)?;
        out.flush().map_err(&io)?;
        drop(out);
        std::fs::rename(&part, path).map_err(&io)?;
        Ok(value)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&part);
    }
    written
}

/// `path.<ext>.part`: where a document is written before it takes its real name.
fn part_of(path: &Path) -> PathBuf {
    path.with_extension(format!(
        "{}.part",
        path.extension().and_then(|e| e.to_str()).unwrap_or("tmp")
    ))
}

/// Open `path` in the system's default viewer (`xdg-open`, Windows `explorer`, macOS `open`).
/// True when the viewer was started; the app goes on either way (the file is in Downloads).
pub fn open_in_system_viewer(path: &Path) -> bool {
    let program = if cfg!(windows) {
        "explorer"
    } else if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    match std::process::Command::new(program)
        .arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        Ok(mut child) => {
            // Reap it when it ends so no zombie is left behind.
            std::thread::spawn(move || child.wait());
            true
        }
        Err(_) => false,
    }
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

    #[test]
    fn a_whole_write_leaves_the_file_and_no_part_and_a_failed_one_leaves_neither() {
        let dir = std::env::temp_dir().join(format!("kasir-whole-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("label.pdf");
        write_whole(&path, b"%PDF").expect("write");
        assert_eq!(std::fs::read(&path).expect("read"), b"%PDF");
        assert!(!dir.join("label.pdf.part").exists());
        let missing = dir.join("no-such-folder").join("x.pdf");
        assert!(write_whole(&missing, b"x").is_err());
        assert!(!missing.exists());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_streamed_write_makes_its_folder_and_a_failed_one_leaves_nothing() {
        let dir = std::env::temp_dir().join(format!("kasir-whole-with-{}", std::process::id()));
        let path = dir.join("nested").join("laporan.csv");
        let n =
            write_whole_with(&path, |w| w.write_all(b"a,b\n").map(|()| 4), |e| e).expect("write");
        assert_eq!(n, 4);
        assert_eq!(std::fs::read(&path).expect("read"), b"a,b\n");
        assert!(!dir.join("nested").join("laporan.csv.part").exists());
        let failed = dir.join("nested").join("gagal.xlsx");
        let e = write_whole_with(
            &failed,
            |w| {
                w.write_all(b"half")?;
                Err::<(), _>(std::io::Error::other("baris rusak"))
            },
            |e| e,
        )
        .expect_err("the writer failed");
        assert_eq!(e.to_string(), "baris rusak");
        assert!(!failed.exists());
        assert!(!dir.join("nested").join("gagal.xlsx.part").exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
