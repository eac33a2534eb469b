//! A transport that lets a response through when one of its header values holds a
//! control byte. ureq's parser refuses the whole response for one such byte (a byte
//! below 0x20 other than a tab, or 0x7F), so a feed whose server sends a broken `ETag`
//! could never be fetched. This layer, last in ureq's chain (after TLS), turns those
//! bytes into 0xFF in response heads only: the header is then not visible ASCII, and
//! `fetch_one` ignores it. Bodies are passed on untouched.

use ureq::Error;
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, LazyBuffers, NextTimeout, Transport,
};

/// Wraps the transport the connectors before it made.
#[derive(Debug)]
pub(super) struct Lenient;

impl Connector<Box<dyn Transport>> for Lenient {
    type Out = LenientTransport;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<Box<dyn Transport>>,
    ) -> Result<Option<Self::Out>, Error> {
        Ok(chained.map(|inner| LenientTransport {
            inner,
            buffers: LazyBuffers::new(
                details.config.input_buffer_size(),
                details.config.output_buffer_size(),
            ),
            head: None,
        }))
    }
}

/// The inner transport with buffers of its own: input is copied from the inner one
/// and cleaned on the way.
#[derive(Debug)]
pub(super) struct LenientTransport {
    inner: Box<dyn Transport>,
    buffers: LazyBuffers,
    /// While a response head is being read: the length of its current line.
    head: Option<usize>,
}

impl Transport for LenientTransport {
    fn buffers(&mut self) -> &mut dyn Buffers {
        &mut self.buffers
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), Error> {
        // A request goes out: what comes back starts with a head.
        self.head = Some(0);
        let mut sent = 0;
        while sent < amount {
            let out = self.inner.buffers().output();
            let n = out.len().min(amount - sent);
            if n == 0 {
                return Err(Error::Io(std::io::Error::other("no output buffer")));
            }
            out[..n].copy_from_slice(&self.buffers.output()[sent..sent + n]);
            self.inner.transmit_output(n, timeout)?;
            sent += n;
        }
        Ok(())
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, Error> {
        if self.inner.buffers().input().is_empty() && !self.inner.await_input(timeout)? {
            return Ok(false);
        }
        let from = self.inner.buffers().input();
        let to = self.buffers.input_append_buf();
        let n = from.len().min(to.len());
        to[..n].copy_from_slice(&from[..n]);
        clean(&mut to[..n], &mut self.head);
        self.buffers.input_appended(n);
        self.inner.buffers().input_consume(n);
        Ok(n > 0)
    }

    fn is_open(&mut self) -> bool {
        self.inner.is_open()
    }

    fn is_tls(&self) -> bool {
        self.inner.is_tls()
    }
}

/// Replaces control bytes by 0xFF while `head` says a response head is being read,
/// and notes where the head ends (an empty line). After that, nothing is changed.
fn clean(bytes: &mut [u8], head: &mut Option<usize>) {
    for b in bytes {
        let Some(line) = head.as_mut() else { return };
        match *b {
            b'\n' if *line == 0 => *head = None,
            b'\n' => *line = 0,
            b'\r' => {}
            c => {
                *line += 1;
                if (c < b' ' && c != b'\t') || c == 0x7F {
                    *b = 0xFF;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn only_the_head_is_cleaned_even_across_reads() {
        let mut head = Some(0);
        let mut a = b"HTTP/1.1 200 OK\r\nETag: \"a\x01b\"\r\nX: \t\x7f\r".to_vec();
        clean(&mut a, &mut head);
        assert_eq!(a, b"HTTP/1.1 200 OK\r\nETag: \"a\xFFb\"\r\nX: \t\xFF\r");
        let mut b = b"\n\r\n\x01\x1f\x7f\n\n".to_vec();
        clean(&mut b, &mut head);
        assert_eq!(b, b"\n\r\n\x01\x1f\x7f\n\n", "the body is left alone");
        assert_eq!(head, None);
    }
}
