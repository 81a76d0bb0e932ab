//! Transactions that run again after a failure that running again may cure (a deadlock,
//! a serialization failure, a lock wait that timed out), with bounded, jittered
//! exponential backoff between attempts.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::{Executor, TransactionOptions, transaction_with};
use crate::error::{DbErrorKind, Error, Result};

/// How [`transaction_retrying`] retries: how many attempts in all, and how long to wait
/// between them.
///
/// Before attempt `n + 1` (after `n` failures) it waits a random time between half and
/// all of `min(max_delay, base_delay × 2ⁿ⁻¹)`, so that two transactions that failed
/// against each other do not collide again in step. The defaults: 5 attempts, 10 ms
/// base delay, 1 s cap; statement timeouts are not retried.
///
/// ```
/// use std::time::Duration;
/// use sqlweave::{DbErrorKind, Error, RetryPolicy};
///
/// let policy = RetryPolicy::new()
///     .attempts(8)
///     .base_delay(Duration::from_millis(5))
///     .max_delay(Duration::from_millis(200));
/// assert_eq!(policy.max_attempts(), 8);
/// let deadlock = Error::database(DbErrorKind::Deadlock, Some("40P01".into()), "deadlock", "UPDATE …");
/// let timeout = Error::database(DbErrorKind::StatementTimeout, Some("57014".into()), "canceled", "UPDATE …");
/// assert!(policy.should_retry(&deadlock));
/// assert!(!policy.should_retry(&timeout));
/// assert!(policy.retry_statement_timeouts(true).should_retry(&timeout));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    statement_timeouts: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 5,
            base_delay: Duration::from_millis(10),
            max_delay: Duration::from_secs(1),
            statement_timeouts: false,
        }
    }
}

impl RetryPolicy {
    /// The defaults: 5 attempts, 10 ms base delay, 1 s cap.
    pub fn new() -> Self {
        Self::default()
    }
    /// Runs the transaction at most `n` times in all (`0` counts as `1`: no retry).
    pub fn attempts(mut self, n: u32) -> Self {
        self.attempts = n.max(1);
        self
    }
    /// The wait before the first retry (doubled for each one after it, up to the cap).
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }
    /// The longest wait between two attempts.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }
    /// Whether a [`DbErrorKind::StatementTimeout`] is retried too (`false` by default).
    /// Turn it on when the session's statement timeout is how you bound waits for
    /// locks; a statement slow on its own then runs `attempts` times before failing.
    pub fn retry_statement_timeouts(mut self, retry: bool) -> Self {
        self.statement_timeouts = retry;
        self
    }
    /// How many times the transaction runs at most.
    pub fn max_attempts(&self) -> u32 {
        self.attempts
    }
    /// Whether this policy runs the transaction again after `error`: the kinds
    /// [`Error::is_retryable`] accepts, plus statement timeouts when asked for.
    pub fn should_retry(&self, error: &Error) -> bool {
        error.is_retryable()
            || (self.statement_timeouts && error.db_kind() == Some(DbErrorKind::StatementTimeout))
    }
    /// The wait after `failures` failed attempts (1 for the first retry), jittered with
    /// `rng`.
    pub(super) fn delay(&self, failures: u32, rng: &mut XorShift) -> Duration {
        let doublings = failures.saturating_sub(1).min(31);
        let ceiling = self
            .base_delay
            .saturating_mul(1 << doublings)
            .min(self.max_delay);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        let half = nanos / 2;
        Duration::from_nanos(half + rng.next() % (nanos - half + 1))
    }
}

/// Runs `f` in a transaction as [`transaction_with`] does, and when it fails with an
/// error `policy` retries ([`RetryPolicy::should_retry`]: deadlock, serialization
/// failure, lock timeout), rolls back, waits and runs `f` again in a new transaction, up
/// to the policy's number of attempts. Returns the first success, the first error that
/// is not retried, or the last error when the attempts run out.
///
/// `f` may run several times, so it must not keep effects outside the transaction
/// between runs (or must undo them); values it read in a failed run are stale.
///
/// Inside an already open transaction nothing is retried: `f` runs once in a savepoint,
/// since the failures worth retrying abort the whole outer transaction, and only the
/// code that opened it can run it again.
///
/// On SQLite, pass [`TransactionOptions::read_write`] for a transaction that writes: it
/// starts with `BEGIN IMMEDIATE`, so concurrent writers queue on the busy timeout instead
/// of failing when they upgrade a read lock.
///
/// ```
/// use sqlweave::{Executor, RetryPolicy, TransactionOptions, transaction_retrying};
/// use sqlweave_sqlite::SqliteConnection;
///
/// let mut conn = SqliteConnection::open_in_memory()?;
/// conn.execute_raw_batch("CREATE TABLE account (id INTEGER PRIMARY KEY, balance INTEGER);
///                         INSERT INTO account VALUES (1, 100), (2, 0)")?;
/// let mut runs = 0;
/// transaction_retrying(&mut conn, &RetryPolicy::new(), TransactionOptions::new().read_write(), |tx| {
///     runs += 1;
///     tx.execute_sql("UPDATE account SET balance = balance - 30 WHERE id = 1", &[])?;
///     tx.execute_sql("UPDATE account SET balance = balance + 30 WHERE id = 2", &[])
/// })?;
/// assert_eq!(runs, 1); // nothing to retry on a single connection
/// let sum = conn.query_sql("SELECT SUM(balance) FROM account", &[])?.rows[0].get::<i64>(0)?;
/// assert_eq!(sum, 100);
/// # Ok::<(), sqlweave::Error>(())
/// ```
pub fn transaction_retrying<E, T>(
    conn: &mut E,
    policy: &RetryPolicy,
    options: TransactionOptions,
    mut f: impl FnMut(&mut E) -> Result<T>,
) -> Result<T>
where
    E: Executor + ?Sized,
{
    if conn.transaction_depth() > 0 {
        return transaction_with(conn, options, f);
    }
    let mut rng = XorShift::seeded();
    let mut failures = 0;
    loop {
        match transaction_with(conn, options, &mut f) {
            Err(e) if policy.should_retry(&e) && failures + 1 < policy.attempts => {
                failures += 1;
                std::thread::sleep(policy.delay(failures, &mut rng));
            }
            result => return result,
        }
    }
}

/// A small xorshift generator for the jitter (no cryptographic use), seeded from the
/// clock and a stack address, so concurrent threads do not wait in step.
pub(super) struct XorShift(u64);

impl XorShift {
    pub(super) fn seeded() -> Self {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        let local = 0u8;
        let addr = &local as *const u8 as u64;
        // Never zero: xorshift would stay at zero.
        XorShift((nanos ^ addr.rotate_left(32)) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_within_bounds() {
        let policy = RetryPolicy::new()
            .base_delay(Duration::from_millis(10))
            .max_delay(Duration::from_millis(50));
        let mut rng = XorShift(42);
        for _ in 0..100 {
            let first = policy.delay(1, &mut rng);
            assert!(first >= Duration::from_millis(5) && first <= Duration::from_millis(10));
            let third = policy.delay(3, &mut rng);
            assert!(third >= Duration::from_millis(20) && third <= Duration::from_millis(40));
            let late = policy.delay(30, &mut rng);
            assert!(late >= Duration::from_millis(25) && late <= Duration::from_millis(50));
        }
        let zero = RetryPolicy::new().base_delay(Duration::ZERO);
        assert_eq!(zero.delay(4, &mut rng), Duration::ZERO);
        assert_eq!(RetryPolicy::new().attempts(0).max_attempts(), 1);
    }
}
