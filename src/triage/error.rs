//! Errors of the triage layer, typed where they are made and readable where they are shown.

use std::path::PathBuf;

/// Why a triage action or a journal read was refused. A refused action recorded nothing.
///
/// The I/O variants say their cause in their own message, so it is not also their `source()`
/// (a chain printed as `{:#}` would repeat it on the same line).
#[derive(Debug, thiserror::Error)]
pub enum TriageError {
    #[error("cannot record the action: {} is not writable ({cause}); nothing was recorded", path.display())]
    ReadOnly {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("cannot record the action: no space left for {} ({cause}); nothing was recorded", path.display())]
    DiskFull {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("{}: {cause}", path.display())]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("could not write event to the journal: {0}")]
    Encode(String),
    #[error("{} is journal format {found}, written by a newer cabletriage; this version writes format {supported} and will not append to it; nothing was recorded", path.display())]
    NewerFormat {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("the journal's event numbers are used up (the last is #{last}); nothing was recorded")]
    Exhausted { last: u64 },
    #[error("nothing to undo")]
    NothingToUndo,
    #[error("nothing to redo")]
    NothingToRedo,
    #[error("no cable given")]
    NoCables,
    #[error("{0}")]
    Invalid(String),
    /// The journal's database cannot be reached (down, unreachable, connection lost).
    #[error(
        "journal offline: {target} cannot be reached ({cause}); nothing was recorded, try again when it is back"
    )]
    Offline { target: String, cause: String },
    /// The journal's database refused what was asked for lack of a privilege.
    #[error(
        "the journal database refused: {cause} ({target}); nothing was recorded (officers need the role cabletriage_officer)"
    )]
    Refused { target: String, cause: String },
    /// Any other failure of the journal's database.
    #[error("journal database: {0}")]
    Database(String),
    #[error("unknown desk `{desk}`; known desks: {}", if known.is_empty() { "(none: no desks.toml)".to_string() } else { known.join(", ") })]
    UnknownDesk { desk: String, known: Vec<String> },
}

impl TriageError {
    /// Classify an I/O error on `path`: read-only and full disks get their own clear messages;
    /// a denied permission says which directory or file refused and its group.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> TriageError {
        use std::io::ErrorKind as K;
        let path = path.into();
        match source.kind() {
            K::PermissionDenied => {
                let (path, cause) = crate::state_dir::explain::explain_at(&path, source);
                TriageError::ReadOnly { path, cause }
            }
            K::ReadOnlyFilesystem | K::IsADirectory => TriageError::ReadOnly {
                path,
                cause: source,
            },
            K::StorageFull | K::QuotaExceeded | K::FileTooLarge => TriageError::DiskFull {
                path,
                cause: source,
            },
            _ => TriageError::Io {
                path,
                cause: source,
            },
        }
    }
}

pub type Result<T, E = TriageError> = std::result::Result<T, E>;
