//! The writer lock: one process writes a store at a time, and the others are told which one.

use super::{io, StoreError};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{ErrorKind, Read, Seek, Write};
use std::path::Path;

/// The lock file in a store directory.
pub const LOCK_FILE: &str = "govkg.lock";

/// Held while this process may write the store; released when dropped (or when the process
/// ends, however it ends).
#[derive(Debug)]
pub struct WriterLock {
    _file: File,
}

impl WriterLock {
    /// Takes the lock of the store at `dir`, or says which process holds it.
    pub fn acquire(dir: &Path) -> Result<Self, StoreError> {
        let path = dir.join(LOCK_FILE);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|source| match source.kind() {
                ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
                    StoreError::ReadOnly {
                        path: dir.into(),
                        source,
                    }
                }
                _ => io(&path, source),
            })?;
        match file.try_lock() {
            Ok(()) => {
                let holder = format!(
                    "process {} ({})\n",
                    std::process::id(),
                    std::env::args().take(2).collect::<Vec<_>>().join(" ")
                );
                file.set_len(0)
                    .and_then(|()| file.rewind())
                    .and_then(|()| file.write_all(holder.as_bytes()))
                    .and_then(|()| file.sync_all())
                    .map_err(|source| io(&path, source))?;
                Ok(Self { _file: file })
            }
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                Err(StoreError::Locked {
                    path: dir.into(),
                    holder: if holder.is_empty() {
                        "another govkg process".into()
                    } else {
                        holder.to_string()
                    },
                })
            }
            Err(TryLockError::Error(source)) => Err(io(&path, source)),
        }
    }
}
