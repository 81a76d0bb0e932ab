//! The async connections behind the synchronous `Executor` trait, so that every test
//! body written for the synchronous connections (errors, row types, transaction
//! semantics) runs unchanged on the async ones too: each call is driven to its end on
//! a current-thread tokio runtime of the adapter's own.

use std::ops::ControlFlow;

use sqlweave::exec::AsyncRowStream;
use sqlweave::{
    AsyncExecutor, Cursor, Dialect, Executor, Result, RowCallback, RowIter, Rows,
    TransactionOptions, Value,
};

/// An async connection driven by a runtime of its own.
pub struct Blocking<C> {
    pub rt: tokio::runtime::Runtime,
    pub conn: C,
}

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
}

impl<C: AsyncExecutor> Blocking<C> {
    /// Connects with `connect` on a new runtime (which then drives the connection).
    pub fn new(connect: impl AsyncFnOnce() -> Result<C>) -> Result<Self> {
        let rt = runtime();
        let conn = rt.block_on(connect())?;
        Ok(Blocking { rt, conn })
    }
}

impl<C: AsyncExecutor> Executor for Blocking<C> {
    fn dialect(&self) -> &dyn Dialect {
        self.conn.dialect()
    }
    fn query_sql(&mut self, sql: &str, params: &[Value]) -> Result<Rows> {
        self.rt.block_on(self.conn.query_sql(sql, params))
    }
    fn execute_sql(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        self.rt.block_on(self.conn.execute_sql(sql, params))
    }
    fn execute_raw_batch(&mut self, sql: &str) -> Result<()> {
        self.rt.block_on(self.conn.execute_raw_batch(sql))
    }
    fn for_each_row_sql(
        &mut self,
        sql: &str,
        params: &[Value],
        f: &mut RowCallback<'_>,
    ) -> Result<()> {
        self.rt.block_on(async {
            let mut rows = self.conn.stream_sql(sql, params).await?;
            while let Some(row) = rows.next_row().await {
                if f(row?)? == ControlFlow::Break(()) {
                    break;
                }
            }
            Ok(())
        })
    }
    fn cursor_sql<'a>(&'a mut self, sql: &str, params: &[Value]) -> Result<Box<dyn Cursor + 'a>> {
        Ok(Box::new(BlockingCursor {
            rt: &self.rt,
            conn: &mut self.conn,
            sql: sql.to_owned(),
            params: params.to_vec(),
        }))
    }
    fn begin_with(&mut self, options: TransactionOptions) -> Result<()> {
        self.rt.block_on(self.conn.begin_with(options))
    }
    fn commit(&mut self) -> Result<()> {
        self.rt.block_on(self.conn.commit())
    }
    fn rollback(&mut self) -> Result<()> {
        self.rt.block_on(self.conn.rollback())
    }
    fn transaction_depth(&self) -> usize {
        self.conn.transaction_depth()
    }
}

/// A cursor whose rows come from the async connection's stream, one `block_on` a row.
struct BlockingCursor<'a, C> {
    rt: &'a tokio::runtime::Runtime,
    conn: &'a mut C,
    sql: String,
    params: Vec<Value>,
}

impl<C: AsyncExecutor> Cursor for BlockingCursor<'_, C> {
    fn rows(&mut self) -> Result<RowIter<'_>> {
        let rt = self.rt;
        let mut stream: AsyncRowStream<'_> =
            rt.block_on(self.conn.stream_sql(&self.sql, &self.params))?;
        Ok(RowIter::new(std::iter::from_fn(move || {
            rt.block_on(stream.next_row())
        })))
    }
}
