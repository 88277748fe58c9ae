//! One till per database on a Linux PC: a second start of the app on the same database asks the
//! running till to bring its window to the front and exits before it opens a window of its own,
//! so two tills never race on one file.
//!
//! The running till listens on an abstract Unix socket named after the database's path. The
//! kernel frees an abstract name with the process that held it: a crash leaves nothing stale to
//! clean up, and no session bus is needed. Only the one greeting below is answered.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::os::linux::net::SocketAddrExt;
use std::os::unix::net::{SocketAddr, UnixListener, UnixStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const HELLO: &[u8] = b"kasir-alpiant: tampilkan\n";
/// The till showed its window: the new process exits.
const SHOWN: &[u8] = b"ok\n";
/// The till is closing (its window is gone): the new process waits for the name to be free.
const CLOSING: &[u8] = b"no\n";
/// How long a second start waits for the running till to answer.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(3);
/// How long a start waits for a closing till to let go of the name.
const CLOSING_WAIT: Duration = Duration::from_secs(10);

/// The outcome of [`claim`].
#[derive(Debug)]
pub enum Claim {
    /// This process is the till of the database; [`Listener::listen`] answers later starts.
    First(Listener),
    /// A till already runs on this database; it was asked to show its window (`answered`
    /// says whether it confirmed within a few seconds).
    Running { answered: bool },
}

/// The till's end of the socket.
#[derive(Debug)]
pub struct Listener {
    socket: UnixListener,
    addr: SocketAddr,
}

/// Lets go of the name when the till closes (see [`Listener::listen`]).
#[derive(Debug, Clone)]
pub struct Release {
    stop: Arc<AtomicBool>,
    addr: SocketAddr,
}

/// The abstract socket name of the till of `db` (a stable hash of its absolute path: the name
/// may hold at most 107 bytes, a path may be longer).
pub fn socket_name(db: &Path) -> String {
    let absolute = std::path::absolute(db).unwrap_or_else(|_| db.to_path_buf());
    // FNV-1a, 64 bits: the same name from every build of the app.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in absolute.as_os_str().as_encoded_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("id.alpiant.kasir/{hash:016x}")
}

/// Become the till of `db`, or tell the running one to come to the front. A till that is
/// closing (a restart right after closing the app) is waited for, up to ten seconds.
pub fn claim(db: &Path) -> io::Result<Claim> {
    claim_within(db, CLOSING_WAIT)
}

fn claim_within(db: &Path, wait: Duration) -> io::Result<Claim> {
    let addr = SocketAddr::from_abstract_name(socket_name(db).as_bytes())?;
    let deadline = Instant::now() + wait;
    loop {
        // Whether the name is held by a process that did not answer the greeting.
        let unanswered = match UnixListener::bind_addr(&addr) {
            Ok(socket) => return Ok(Claim::First(Listener { socket, addr })),
            Err(e) if e.kind() == io::ErrorKind::AddrInUse => match greet(&addr) {
                Ok(true) => return Ok(Claim::Running { answered: true }),
                // Closing, or its name not yet free: try again in a moment.
                Ok(false) => false,
                Err(e) if e.kind() == io::ErrorKind::ConnectionRefused => false,
                // No answer in time, or the connection dropped: a till that is going away
                // (its socket outlives its window by a moment) or one busy starting up.
                // Ask again; the name is free once a closing till has gone.
                Err(_) => true,
            },
            Err(e) => return Err(e),
        };
        if Instant::now() >= deadline {
            // Held all along by a till that never answered: still one till.
            if unanswered {
                return Ok(Claim::Running { answered: false });
            }
            return Err(io::Error::new(io::ErrorKind::AddrInUse, "till socket busy"));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// `Ok(true)` when the till showed its window, `Ok(false)` when it is closing.
fn greet(addr: &SocketAddr) -> io::Result<bool> {
    let mut stream = UnixStream::connect_addr(addr)?;
    stream.set_read_timeout(Some(ANSWER_TIMEOUT))?;
    stream.set_write_timeout(Some(ANSWER_TIMEOUT))?;
    stream.write_all(HELLO)?;
    let mut answer = Vec::new();
    stream.take(SHOWN.len() as u64).read_to_end(&mut answer)?;
    if answer == SHOWN {
        Ok(true)
    } else if answer == CLOSING || answer.is_empty() {
        Ok(false)
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "unexpected answer",
        ))
    }
}

impl Listener {
    /// Answer every later start on a thread of its own: `show_window` runs for each and says
    /// whether the window is still there (false while the till closes). The returned
    /// [`Release`] frees the name when the till closes, so a restart does not meet it.
    pub fn listen(self, show_window: impl Fn() -> bool + Send + 'static) -> io::Result<Release> {
        let stop = Arc::new(AtomicBool::new(false));
        let release = Release {
            stop: stop.clone(),
            addr: self.addr.clone(),
        };
        std::thread::Builder::new()
            .name("single-instance".into())
            .spawn(move || {
                for stream in self.socket.incoming().flatten() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let _ = answer(stream, &show_window);
                }
                // Dropping the socket frees the name.
            })?;
        Ok(release)
    }
}

impl Release {
    /// Free the name now: the listening thread is woken and drops the socket.
    pub fn release(&self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = UnixStream::connect_addr(&self.addr);
    }
}

/// Read one greeting (a line of at most 64 bytes) and answer it.
fn answer(stream: UnixStream, show_window: &impl Fn() -> bool) -> io::Result<()> {
    stream.set_read_timeout(Some(ANSWER_TIMEOUT))?;
    stream.set_write_timeout(Some(ANSWER_TIMEOUT))?;
    let mut line = Vec::new();
    BufReader::new(&stream)
        .take(64)
        .read_until(b'\n', &mut line)?;
    if line != HELLO {
        return Ok(());
    }
    let reply = if show_window() { SHOWN } else { CLOSING };
    (&stream).write_all(reply)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    fn temp_db(tag: &str) -> std::path::PathBuf {
        std::env::temp_dir().join(format!(
            "kasir-single-{tag}-{}/kasir.db",
            std::process::id()
        ))
    }

    /// The socket address the till of `db` listens on.
    fn address(db: &Path) -> SocketAddr {
        SocketAddr::from_abstract_name(socket_name(db).as_bytes()).expect("name")
    }

    /// The till of `db`, counting the times it was asked to show its window; `open` says
    /// whether the window is there.
    fn till(db: &Path, open: bool) -> (Release, Arc<AtomicUsize>) {
        let Claim::First(listener) = claim(db).expect("first claim") else {
            panic!("nothing else holds this database");
        };
        let shown = Arc::new(AtomicUsize::new(0));
        let count = shown.clone();
        let release = listener
            .listen(move || {
                count.fetch_add(1, Ordering::SeqCst);
                open
            })
            .expect("listen");
        (release, shown)
    }

    #[test]
    fn a_second_start_on_the_same_database_finds_the_till_and_it_shows_its_window() {
        let db = temp_db("same");
        let (_release, shown) = till(&db, true);
        for n in 1..=2 {
            match claim(&db).expect("second claim") {
                Claim::Running { answered } => assert!(answered, "the till answers"),
                Claim::First(_) => panic!("a second till on the same database"),
            }
            assert_eq!(
                shown.load(Ordering::SeqCst),
                n,
                "the window is shown once per start"
            );
        }
        // Another database is another till.
        assert!(matches!(claim(&temp_db("other")), Ok(Claim::First(_))));
    }

    #[test]
    fn a_start_while_the_till_closes_waits_for_it_and_becomes_the_till() {
        let db = temp_db("closing");
        // Its window is already gone: it says so, and lets go of the name a moment later.
        let (release, shown) = till(&db, false);
        let closing = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(400));
            release.release();
        });
        let started = Instant::now();
        assert!(
            matches!(claim(&db), Ok(Claim::First(_))),
            "the new start is the till once the old one let go"
        );
        assert!(started.elapsed() >= Duration::from_millis(300));
        assert!(
            shown.load(Ordering::SeqCst) >= 1,
            "the closing till was asked first"
        );
        closing.join().expect("closing thread");
    }

    /// A till on its way out: its socket still takes the greeting, but the process is tearing
    /// down and never answers it. The new start asks again and becomes the till once the name
    /// is free, instead of exiting and leaving the shop with no till at all.
    #[test]
    fn a_start_that_meets_a_dying_till_waits_for_it_and_becomes_the_till() {
        let db = temp_db("dying");
        let dying = UnixListener::bind_addr(&address(&db)).expect("bind");
        let gone = std::thread::spawn(move || {
            let (greeting, _) = dying.accept().expect("the new start greets it");
            std::thread::sleep(ANSWER_TIMEOUT);
            drop(greeting);
            // The name goes with `dying`.
        });
        assert!(
            matches!(claim(&db), Ok(Claim::First(_))),
            "the new start is the till once the dying one is gone"
        );
        gone.join().expect("dying till");
    }

    /// A till that holds the name and never answers is still one till: the new start gives up
    /// at the deadline and does not open a second window on the same database.
    #[test]
    fn a_till_that_never_answers_is_still_one_till() {
        let db = temp_db("mute");
        let mute = UnixListener::bind_addr(&address(&db)).expect("bind");
        let started = Instant::now();
        let outcome = claim_within(&db, Duration::from_millis(500));
        assert!(
            matches!(outcome, Ok(Claim::Running { answered: false })),
            "{outcome:?}"
        );
        assert!(started.elapsed() >= Duration::from_millis(500));
        drop(mute);
    }

    #[test]
    fn only_the_greeting_is_answered() {
        let db = temp_db("foreign");
        let (_release, shown) = till(&db, true);
        let mut stream = UnixStream::connect_addr(&address(&db)).expect("connect");
        stream.write_all(b"something else\n").expect("write");
        let mut answer = Vec::new();
        stream
            .set_read_timeout(Some(Duration::from_secs(3)))
            .expect("timeout");
        let _ = stream.read_to_end(&mut answer);
        assert!(answer.is_empty(), "no answer to a stranger");
        assert_eq!(shown.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn the_name_depends_on_the_path_and_fits_an_abstract_socket() {
        let a = socket_name(Path::new("/data/a/kasir.db"));
        assert_eq!(a, socket_name(Path::new("/data/a/kasir.db")));
        assert_ne!(a, socket_name(Path::new("/data/b/kasir.db")));
        let long = "x".repeat(500);
        assert!(socket_name(Path::new(&long)).len() < 107);
    }
}
