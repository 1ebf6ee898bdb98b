//! The one place that writes files: all outputs of a run are committed together.
//!
//! 1. An OS file lock on `.tradecast.lock` keeps two runs from interleaving in one output
//!    directory; the kernel releases it when its holder exits or is killed, so neither a killed
//!    run nor a recycled pid can leave a stale lock (a pid left in the file means nothing).
//! 2. Every file is first written in full to a temporary file next to its destination and synced.
//! 3. Only when all are written are they renamed into place (a rename is atomic on POSIX).
//!
//! Files held in memory go through [`commit`]; files streamed to disk as they are made (batch's
//! outputs) go through [`Streamed`], with the same three steps.
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

/// Holds the output directory's lock: an OS lock on `.tradecast.lock` (`flock` on Unix,
/// `LockFileEx` on Windows). The kernel releases it when the file is closed, which happens on
/// drop and also when the holder dies, however it dies: a killed run never leaves a lock behind,
/// and a recycled pid can never make a dead run's lock look alive. The file holds the holder's
/// pid, for messages only.
///
/// On Unix the file is removed on release (a killed run leaves it, unlocked, for the next run to
/// take and remove); elsewhere it stays between runs.
#[derive(Debug)]
pub struct Lock {
    file: fs::File,
    path: PathBuf,
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still locked: a run that opened the file meanwhile finds, once it holds
        // the lock, that the file is no longer the one at the path, and tries again.
        #[cfg(unix)]
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// True when `file` is still the file at `path` (it may have been removed, and perhaps created
/// again, by the previous holder between our open and our lock).
#[cfg(unix)]
fn still_at(file: &fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_at(_: &fs::File, _: &Path) -> bool {
    // The lock file is never removed here, so it is always the one at the path.
    true
}

/// Take the output directory's lock, creating the directory if needed. Never waits: when another
/// run holds it, the error names that run's pid and says what to do.
pub fn lock(out_dir: &Path) -> Result<Lock> {
    fs::create_dir_all(out_dir).map_err(io(out_dir))?;
    let path = out_dir.join(LOCK);
    for _ in 0..10 {
        // Not truncated on open: the holder's pid must survive until the lock is ours.
        let mut file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io(&path))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                let holder = fs::read_to_string(&path).unwrap_or_default();
                let who = match holder.trim().parse::<u32>() {
                    Ok(pid) => format!("another tradecast run (pid {pid})"),
                    Err(_) => "another tradecast run".to_string(),
                };
                return Err(Error::Io {
                    path,
                    source: std::io::Error::new(
                        std::io::ErrorKind::WouldBlock,
                        format!(
                            "{who} is writing to this directory; wait for it, or use another --out"
                        ),
                    ),
                });
            }
            Err(fs::TryLockError::Error(e)) => {
                return Err(Error::Io {
                    path,
                    source: std::io::Error::new(
                        e.kind(),
                        format!(
                            "cannot lock the output directory ({e}): its file system may not \
                             support file locks; use an --out on a local disk"
                        ),
                    ),
                })
            }
        }
        if !still_at(&file, &path) {
            continue; // released and removed by the previous holder meanwhile: lock afresh
        }
        file.set_len(0).map_err(io(&path))?;
        write!(file, "{}", std::process::id()).map_err(io(&path))?;
        return Ok(Lock { file, path });
    }
    Err(Error::Io {
        path,
        source: std::io::Error::other(
            "could not take the lock: its file kept being replaced; try again",
        ),
    })
}

/// How often a waiting run tries the lock again.
const RETRY: std::time::Duration = std::time::Duration::from_millis(100);

/// [`lock`], waiting up to `wait` for a run that holds it to finish (`report --wait SECONDS`).
///
/// When the lock is held, `on_wait` is called once with the holder's message (the front end says
/// so on stderr) and the lock is tried again every 100 ms; the wait is counted in those steps,
/// not read from a clock. A run that waited and then got the lock reads the history the other run
/// left and gives the same result as one that did not wait. Still held after `wait`: the error
/// says how long it waited. Other errors are returned at once.
pub fn lock_waiting(
    out_dir: &Path,
    wait: std::time::Duration,
    on_wait: &mut dyn FnMut(&str),
) -> Result<Lock> {
    let tries = wait.as_millis().div_ceil(RETRY.as_millis());
    let mut waited = 0;
    loop {
        match lock(out_dir) {
            Err(Error::Io { path, source })
                if source.kind() == std::io::ErrorKind::WouldBlock && tries > 0 =>
            {
                if waited == 0 {
                    on_wait(&format!(
                        "{}: {source}; waiting up to {} s",
                        path.display(),
                        wait.as_secs_f64()
                    ));
                }
                if waited == tries {
                    return Err(Error::Io {
                        path,
                        source: std::io::Error::new(
                            std::io::ErrorKind::WouldBlock,
                            format!(
                                "{source}; still held after waiting {} s (--wait)",
                                wait.as_secs_f64()
                            ),
                        ),
                    });
                }
                waited += 1;
                std::thread::sleep(RETRY);
            }
            other => return other,
        }
    }
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

/// A commit whose files are too large to hold in memory (`tradecast batch`'s outputs): each file
/// is streamed into its temporary file through [`Streamed::writers`], and [`Streamed::finish`]
/// syncs and renames them all into place together, as [`commit`] does for files held in memory.
///
/// Dropped without `finish` (an error on the way), it removes its temporary files, so the
/// previous outputs stay whole. The caller should hold [`lock`].
#[derive(Debug)]
pub struct Streamed {
    out_dir: PathBuf,
    /// (temporary file, destination, writer); the writer is `None` once flushed.
    files: Vec<(PathBuf, PathBuf, Option<std::io::BufWriter<fs::File>>)>,
}

impl Streamed {
    /// Sweep earlier temporary files and create one temporary file per output path (plain
    /// relative paths directly in `out_dir`, e.g. `forecasts.csv`).
    pub fn begin(out_dir: &Path, paths: &[&Path]) -> Result<Streamed> {
        for p in paths {
            checked(p)?;
        }
        sweep(out_dir);
        let mut streamed = Streamed {
            out_dir: out_dir.to_path_buf(),
            files: Vec::with_capacity(paths.len()),
        };
        for p in paths {
            let dest = out_dir.join(p);
            let dir = dest.parent().unwrap_or(out_dir).to_path_buf();
            fs::create_dir_all(&dir).map_err(io(&dir))?;
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let tmp = dir.join(format!("{TMP_PREFIX}{}-{name}", std::process::id()));
            let file = fs::File::create(&tmp).map_err(io(&tmp))?;
            // Large buffers: batch writes many short rows.
            let writer = std::io::BufWriter::with_capacity(1 << 18, file);
            streamed.files.push((tmp, dest, Some(writer)));
        }
        Ok(streamed)
    }

    /// The writers of the files, in the order of the paths given to [`Streamed::begin`].
    pub fn writers(&mut self) -> Vec<&mut (dyn Write + Send)> {
        self.files
            .iter_mut()
            .filter_map(|(_, _, w)| w.as_mut().map(|w| w as &mut (dyn Write + Send)))
            .collect()
    }

    /// Flush and sync every file, rename them all into place, and remove the files in `stale`
    /// (relative paths of earlier outputs that no longer belong with these). Returns the paths
    /// written.
    pub fn finish(mut self, stale: &[&Path]) -> Result<Vec<PathBuf>> {
        for (tmp, _, w) in &mut self.files {
            if let Some(w) = w.take() {
                let file = w.into_inner().map_err(|e| Error::Io {
                    path: tmp.clone(),
                    source: e.into_error(),
                })?;
                file.sync_all().map_err(io(tmp))?;
            }
        }
        let mut written = Vec::with_capacity(self.files.len());
        for (tmp, dest, _) in &self.files {
            fs::rename(tmp, dest).map_err(io(dest))?;
            written.push(dest.clone());
        }
        self.files.clear(); // renamed: nothing left for Drop to remove
        for p in stale {
            if checked(p).is_ok() {
                let _ = fs::remove_file(self.out_dir.join(p));
            }
        }
        if let Ok(d) = fs::File::open(&self.out_dir) {
            let _ = d.sync_all();
        }
        Ok(written)
    }
}

impl Drop for Streamed {
    fn drop(&mut self) {
        for (tmp, _, w) in self.files.drain(..) {
            drop(w);
            let _ = fs::remove_file(tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_is_exclusive_and_released_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let held = lock(dir.path()).unwrap();
        let e = lock(dir.path()).unwrap_err().to_string();
        assert!(
            e.contains(&format!(
                "another tradecast run (pid {})",
                std::process::id()
            )),
            "{e}"
        );
        drop(held);
        let again = lock(dir.path()).unwrap();
        drop(again);
        #[cfg(unix)]
        assert!(!dir.path().join(LOCK).exists(), "removed on release");
    }

    #[cfg(unix)]
    #[test]
    fn a_lock_on_a_file_removed_meanwhile_is_noticed() {
        // The race `lock` guards against: we open the lock file, its holder releases and
        // removes it, another run creates a new one; our lock is then on a file nobody sees.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(LOCK);
        let file = fs::File::create(&path).unwrap();
        assert!(still_at(&file, &path));
        fs::remove_file(&path).unwrap();
        assert!(!still_at(&file, &path));
        fs::write(&path, "").unwrap();
        assert!(!still_at(&file, &path));
    }

    #[test]
    fn a_lock_file_naming_a_live_pid_is_not_a_lock() {
        // A pid in the file (a dead run's, since reused by a live process) holds nothing.
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(LOCK), "1").unwrap();
        assert!(lock(dir.path()).is_ok());
    }

    #[test]
    fn a_waiting_run_gets_the_lock_once_it_is_released() {
        let dir = tempfile::tempdir().unwrap();
        let held = lock(dir.path()).unwrap();
        // Without a wait: refused at once, nothing said.
        let mut said = Vec::new();
        let e = lock_waiting(dir.path(), std::time::Duration::ZERO, &mut |m: &str| {
            said.push(m.to_string())
        })
        .unwrap_err()
        .to_string();
        assert!(e.contains("is writing to this directory"), "{e}");
        assert!(said.is_empty());
        // With a wait shorter than the holder's run: refused, saying how long it waited.
        let e = lock_waiting(
            dir.path(),
            std::time::Duration::from_millis(250),
            &mut |m: &str| said.push(m.to_string()),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("still held after waiting 0.25 s"), "{e}");
        assert_eq!(said.len(), 1, "said once: {said:?}");
        assert!(said[0].contains("waiting up to 0.25 s"), "{said:?}");
        // Released meanwhile: the waiting run gets it.
        let release = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(300));
            drop(held);
        });
        let got = lock_waiting(
            dir.path(),
            std::time::Duration::from_secs(10),
            &mut |_: &str| {},
        );
        release.join().unwrap();
        assert!(got.is_ok());
    }

    #[test]
    fn paths_must_stay_inside() {
        for bad in ["../x", "/etc/passwd", "a/../../b", "", ".hidden"] {
            assert!(checked(Path::new(bad)).is_err(), "{bad}");
        }
        assert!(checked(Path::new("charts/KZ-CN-turnover.png")).is_ok());
    }

    #[test]
    fn a_streamed_commit_is_all_or_nothing() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.csv"), "old a").unwrap();
        fs::write(dir.path().join("c.csv"), "stale").unwrap();
        // Dropped before finish: the previous file is untouched, no temporary file is left.
        let mut s = Streamed::begin(dir.path(), &[Path::new("a.csv"), Path::new("b.csv")]).unwrap();
        s.writers()[0].write_all(b"new a").unwrap();
        drop(s);
        assert_eq!(
            fs::read_to_string(dir.path().join("a.csv")).unwrap(),
            "old a"
        );
        assert!(!dir.path().join("b.csv").exists());
        let left = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(left, 2, "only a.csv and c.csv");
        // Finished: both in place, the stale file removed.
        let mut s = Streamed::begin(dir.path(), &[Path::new("a.csv"), Path::new("b.csv")]).unwrap();
        let mut w = s.writers();
        w[0].write_all(b"new a").unwrap();
        w[1].write_all(b"new b").unwrap();
        let written = s.finish(&[Path::new("c.csv")]).unwrap();
        assert_eq!(written.len(), 2);
        assert_eq!(
            fs::read_to_string(dir.path().join("a.csv")).unwrap(),
            "new a"
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("b.csv")).unwrap(),
            "new b"
        );
        assert!(!dir.path().join("c.csv").exists());
        assert!(Streamed::begin(dir.path(), &[Path::new("../x")]).is_err());
    }
}
