//! Pools of [`MySqlConnection`]s with r2d2 (feature `r2d2`).

use sqlweave::{DbErrorKind, Error, Executor, Result};

use super::MySqlConnection;
use super::error::CONNECT;

/// Opens [`MySqlConnection`]s for an r2d2 pool, so several threads share a few server
/// connections. Each pooled connection keeps its statement cache.
///
/// (The `mysql` crate's own `mysql::Pool` works too: wrap what it hands out, borrowed,
/// with `MySqlConnection::from_conn(pooled.as_mut())`.)
///
/// ```no_run
/// use sqlweave::Executor;
/// use sqlweave_mysql::MySqlConnectionManager;
///
/// let manager = MySqlConnectionManager::new("mysql://root@127.0.0.1:3306/test")?;
/// let pool = r2d2::Pool::builder().max_size(4).build(manager).unwrap();
/// let mut conn = pool.get().unwrap(); // derefs to MySqlConnection
/// conn.query_sql("SELECT 1", &[])?;
/// # Ok::<(), sqlweave::Error>(())
/// ```
#[derive(Clone)]
pub struct MySqlConnectionManager {
    opts: mysql::Opts,
}

impl std::fmt::Debug for MySqlConnectionManager {
    // Not derived: the options hold the password (mysql::Opts shows it).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MySqlConnectionManager")
            .field("host", &self.opts.get_ip_or_hostname())
            .field("port", &self.opts.get_tcp_port())
            .field("user", &self.opts.get_user())
            .field("database", &self.opts.get_db_name())
            .finish_non_exhaustive()
    }
}

impl MySqlConnectionManager {
    /// Connections with a URL, as [`MySqlConnection::connect`] takes.
    pub fn new(url: &str) -> Result<Self> {
        mysql::Opts::from_url(url)
            .map(Self::from_opts)
            .map_err(|e| {
                Error::database(
                    DbErrorKind::ConnectionFailed,
                    None,
                    format!("invalid connection URL: {e}"),
                    CONNECT,
                )
            })
    }
    /// Connections with [`mysql::Opts`].
    pub fn from_opts(opts: impl Into<mysql::Opts>) -> Self {
        MySqlConnectionManager { opts: opts.into() }
    }
}

impl r2d2::ManageConnection for MySqlConnectionManager {
    type Connection = MySqlConnection;
    type Error = Error;

    fn connect(&self) -> Result<MySqlConnection> {
        MySqlConnection::connect_with(self.opts.clone())
    }

    fn is_valid(&self, conn: &mut MySqlConnection) -> Result<()> {
        conn.execute_raw_batch("DO 1")
    }

    /// A connection left inside a transaction (its holder panicked mid-way) is not
    /// handed out again, nor one whose server session ended (killed, timed out, the
    /// server restarted) while it was checked out.
    ///
    /// The second check costs no round trip: on Unix it peeks at the socket without
    /// blocking. An idle connection has nothing to read, so a closed socket or bytes
    /// the server sent unasked (the error packet of a killed session) mean it is gone.
    /// A session that ends while the connection sits idle in the pool is caught only by
    /// r2d2's `test_on_check_out` (on by default, one `DO 1` per checkout). Elsewhere
    /// than on Unix only the transaction depth is checked.
    fn has_broken(&self, conn: &mut MySqlConnection) -> bool {
        conn.transaction_depth() > 0 || session_ended(conn.conn())
    }
}

/// Whether the server closed `conn`'s socket or sent something unasked, without
/// blocking and without sending anything.
#[cfg(unix)]
fn session_ended(conn: &mysql::Conn) -> bool {
    use std::io::ErrorKind;
    use std::mem::ManuallyDrop;
    use std::os::unix::io::{AsRawFd, FromRawFd};

    // SAFETY: the descriptor is `conn`'s open socket (TCP or Unix-domain; `peek` and
    // `set_nonblocking` are plain `recv(MSG_PEEK)` and `ioctl(FIONBIO)` on either), and
    // `ManuallyDrop` keeps this second owner from closing it. `conn` is borrowed for
    // the whole call, so nothing else uses the socket meanwhile.
    let socket = ManuallyDrop::new(unsafe { std::net::TcpStream::from_raw_fd(conn.as_raw_fd()) });
    if socket.set_nonblocking(true).is_err() {
        return true;
    }
    let ended = match socket.peek(&mut [0u8; 1]) {
        Ok(_) => true, // 0: closed; more: an unasked packet
        Err(e) => !matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::Interrupted),
    };
    // The driver reads and writes blocking.
    socket.set_nonblocking(false).is_err() || ended
}

#[cfg(not(unix))]
fn session_ended(_conn: &mysql::Conn) -> bool {
    false
}
