//! The bytes of an index as the reader takes them: from its file or from memory ([`Source`]),
//! the files section a chunk at a time ([`Stream`]), every byte into the checksum.

use super::format::{R, Sum};

/// Where an index is read from: its file, or bytes already in memory.
pub(super) trait Source {
    fn size(&self) -> std::io::Result<u64>;
    /// Fill `buf` from offset `at`, or fail.
    fn read_at(&self, at: u64, buf: &mut [u8]) -> std::io::Result<()>;
}

impl Source for std::fs::File {
    fn size(&self) -> std::io::Result<u64> {
        Ok(self.metadata()?.len())
    }
    fn read_at(&self, at: u64, buf: &mut [u8]) -> std::io::Result<()> {
        std::os::unix::fs::FileExt::read_exact_at(self, buf, at)
    }
}

impl Source for &[u8] {
    fn size(&self) -> std::io::Result<u64> {
        Ok(self.len() as u64)
    }
    fn read_at(&self, at: u64, buf: &mut [u8]) -> std::io::Result<()> {
        let from = usize::try_from(at).ok();
        let src = from
            .and_then(|f| self.get(f..f.checked_add(buf.len())?))
            .ok_or(std::io::ErrorKind::UnexpectedEof)?;
        buf.copy_from_slice(src);
        Ok(())
    }
}

/// How much of the files section is read at a time (its blocks are about 0.6 MB each).
pub(super) const CHUNK: usize = 4 << 20;

/// The files section of an index, read a chunk at a time into `buf`, whose bytes from `from`
/// on are not yet decoded; every byte read goes to the checksum.
pub(super) struct Stream<'s, S> {
    pub(super) src: &'s S,
    pub(super) at: u64,
    pub(super) end: u64,
    pub(super) buf: Vec<u8>,
    pub(super) from: usize,
    pub(super) chunk: usize,
    pub(super) sum: Sum,
}

impl<S: Source> Stream<'_, S> {
    /// Keep the bytes not yet decoded and read up to a chunk more after them; false at the end.
    pub(super) fn more(&mut self) -> R<bool> {
        if self.at >= self.end {
            return Ok(false);
        }
        self.buf.drain(..self.from);
        self.from = 0;
        let have = self.buf.len();
        let n = usize::try_from(self.end - self.at).map_or(self.chunk, |l| l.min(self.chunk));
        self.buf.resize(have + n, 0);
        self.src.read_at(self.at, &mut self.buf[have..])?;
        self.sum.update(&self.buf[have..]);
        self.at += n as u64;
        Ok(true)
    }

    pub(super) fn left(&self) -> u64 {
        (self.buf.len() - self.from) as u64 + (self.end - self.at)
    }
}
