//! The one place that writes files: all outputs of a run are committed together.
//!
//! 1. A lock file (`.tradecast.lock`, holding the writer's pid) keeps two runs from interleaving
//!    in one output directory; a lock left by a dead process is taken over.
//! 2. Every file is first written in full to a temporary file next to its destination and synced.
//! 3. Only when all are written are they renamed into place (a rename is atomic on POSIX).
//!
//! A run that fails before step 3 leaves the previous outputs untouched; its temporary files are
//! removed, and any left by a killed run are swept away by the next run.

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// A file to write: a path relative to the output directory, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative path inside the output directory (plain components only).
    pub path: PathBuf,
    /// Content.
    pub bytes: Vec<u8>,
}

const LOCK: &str = ".tradecast.lock";
const TMP_PREFIX: &str = ".tradecast-tmp-";

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Holds the output directory's lock; released on drop.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

fn process_alive(pid: u32) -> bool {
    // Linux and most Unixes with procfs; elsewhere assume alive (never steal a live lock).
    let proc_root = Path::new("/proc");
    if !proc_root.is_dir() {
        return true;
    }
    proc_root.join(pid.to_string()).exists()
}

/// Take the output directory's lock, creating the directory if needed.
pub fn lock(out_dir: &Path) -> Result<Lock> {
    fs::create_dir_all(out_dir).map_err(io(out_dir))?;
    let path = out_dir.join(LOCK);
    for _ in 0..2 {
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                write!(f, "{}", std::process::id()).map_err(io(&path))?;
                return Ok(Lock { path });
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let holder = fs::read_to_string(&path).unwrap_or_default();
                match holder.trim().parse::<u32>() {
                    Ok(pid) if process_alive(pid) && pid != std::process::id() => {
                        return Err(Error::Io {
                            path,
                            source: std::io::Error::new(
                                std::io::ErrorKind::WouldBlock,
                                format!(
                                    "another tradecast run (pid {pid}) is writing to this directory; \
                                     wait for it, or use another --out"
                                ),
                            ),
                        });
                    }
                    // Stale (dead process or unreadable): take it over.
                    _ => {
                        let _ = fs::remove_file(&path);
                    }
                }
            }
            Err(e) => return Err(io(&path)(e)),
        }
    }
    Err(Error::Io {
        path,
        source: std::io::Error::other("could not take the lock after removing a stale one"),
    })
}

/// Check a relative output path: plain components only, so nothing lands outside the directory.
fn checked(rel: &Path) -> Result<()> {
    let ok = !rel.as_os_str().is_empty()
        && rel.components().all(|c| matches!(c, Component::Normal(_)))
        && rel
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| !n.starts_with('.'));
    if ok {
        Ok(())
    } else {
        Err(Error::Argument(format!(
            "refusing to write {}: output paths must stay inside the output directory",
            rel.display()
        )))
    }
}

/// Remove temporary files left by an earlier run that was killed (in the directory and one level down).
pub fn sweep(out_dir: &Path) {
    let Ok(entries) = fs::read_dir(out_dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(TMP_PREFIX) {
            let _ = fs::remove_file(&p);
        } else if p.is_dir() && !name.starts_with('.') {
            if let Ok(inner) = fs::read_dir(&p) {
                for f in inner.flatten() {
                    if f.file_name().to_string_lossy().starts_with(TMP_PREFIX) {
                        let _ = fs::remove_file(f.path());
                    }
                }
            }
        }
    }
}

/// Write every file atomically as one commit. The caller should hold [`lock`].
///
/// `fail_after`: test hook that fails after that many temporary files are written, to show that a
/// failure leaves the previous outputs whole.
pub fn commit(out_dir: &Path, files: &[OutputFile], fail_after: Option<usize>) -> Result<()> {
    for f in files {
        checked(&f.path)?;
    }
    sweep(out_dir);
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(files.len());
    let result = (|| {
        for (i, f) in files.iter().enumerate() {
            if fail_after == Some(i) {
                return Err(Error::Io {
                    path: out_dir.join(&f.path),
                    source: std::io::Error::other("injected failure (test hook)"),
                });
            }
            let dest = out_dir.join(&f.path);
            let dir = dest.parent().unwrap_or(out_dir).to_path_buf();
            fs::create_dir_all(&dir).map_err(io(&dir))?;
            let name = f
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let tmp = dir.join(format!("{TMP_PREFIX}{}-{name}", std::process::id()));
            staged.push((tmp.clone(), dest));
            let mut file = fs::File::create(&tmp).map_err(io(&tmp))?;
            file.write_all(&f.bytes).map_err(io(&tmp))?;
            file.sync_all().map_err(io(&tmp))?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        for (tmp, _) in &staged {
            let _ = fs::remove_file(tmp);
        }
        return Err(e);
    }
    for (tmp, dest) in &staged {
        fs::rename(tmp, dest).map_err(io(dest))?;
    }
    // Make the renames durable; failure to sync a directory is not worth failing the run for.
    if let Ok(d) = fs::File::open(out_dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_must_stay_inside() {
        for bad in ["../x", "/etc/passwd", "a/../../b", "", ".hidden"] {
            assert!(checked(Path::new(bad)).is_err(), "{bad}");
        }
        assert!(checked(Path::new("charts/KZ-CN-turnover.png")).is_ok());
    }
}
