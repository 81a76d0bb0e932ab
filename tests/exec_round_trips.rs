//! Round trips per operation, counted on the wire: each server connection goes through a
//! small TCP proxy in this test that parses what the client sends and counts the
//! requests that wait for an answer (PostgreSQL: `Sync` and simple `Query` messages;
//! MariaDB: command packets, `COM_STMT_CLOSE` aside, which has no answer).
//!
//! The promise checked: a fetch (`fetch_optional`, `fetch_one`, `fetch_all`) or an
//! `execute` of a statement already seen costs one round trip on both servers, through
//! the connection or a prepared statement; a new statement text costs one more (it is
//! prepared and kept); streaming outside a transaction on PostgreSQL goes through a
//! portal (a transaction of its own, a batch of rows per round trip), so that stopping
//! early stops the server.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::ops::ControlFlow;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use sqlweave::{Executor, Expr, Select, TypedExpr, TypedQuery, Value, table};
use sqlweave_harness::{Config, Spaces};
use sqlweave_mysql::{MySqlConnection, mysql};
use sqlweave_postgres::{PgConnection, postgres};
use sqlweave_sqlite::SqliteConnection;

#[derive(Clone, Copy)]
enum Wire {
    Postgres,
    MySql,
}

/// A proxy in front of one server: every connection made to `addr` is relayed, and the
/// client's requests are counted in `count`.
struct Proxy {
    addr: SocketAddr,
    count: Arc<AtomicUsize>,
}

impl Proxy {
    fn start(upstream: SocketAddr, wire: Wire) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy");
        let addr = listener.local_addr().unwrap();
        let count = Arc::new(AtomicUsize::new(0));
        let counter = count.clone();
        thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { return };
                let Ok(server) = TcpStream::connect(upstream) else {
                    return;
                };
                let counter = counter.clone();
                thread::spawn(move || relay(client, server, wire, counter));
            }
        });
        Proxy { addr, count }
    }

    /// Requests counted since the last call.
    fn take(&self) -> usize {
        self.count.swap(0, Ordering::SeqCst)
    }
}

fn relay(client: TcpStream, server: TcpStream, wire: Wire, count: Arc<AtomicUsize>) {
    let _ = client.set_nodelay(true);
    let _ = server.set_nodelay(true);
    let (mut from_server, mut to_client) =
        (server.try_clone().unwrap(), client.try_clone().unwrap());
    let back = thread::spawn(move || {
        let _ = std::io::copy(&mut from_server, &mut to_client);
        let _ = to_client.shutdown(Shutdown::Both);
    });
    let (mut from_client, mut to_server) = (client, server);
    let mut counter = Counter::new(wire);
    let mut buf = [0u8; 64 * 1024];
    loop {
        let n = match from_client.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        // Counted before it is forwarded: the answer cannot come back before the count.
        count.fetch_add(counter.feed(&buf[..n]), Ordering::SeqCst);
        if to_server.write_all(&buf[..n]).is_err() {
            break;
        }
    }
    let _ = to_server.shutdown(Shutdown::Both);
    let _ = back.join();
}

/// Splits the client's byte stream into protocol messages and counts the requests.
struct Counter {
    wire: Wire,
    pending: Vec<u8>,
    /// PostgreSQL: the startup message (no type byte) is still to come.
    startup: bool,
}

impl Counter {
    fn new(wire: Wire) -> Self {
        Counter {
            wire,
            pending: Vec::new(),
            startup: true,
        }
    }

    fn feed(&mut self, bytes: &[u8]) -> usize {
        self.pending.extend_from_slice(bytes);
        let mut requests = 0;
        loop {
            let p = &self.pending;
            let (len, request) = match self.wire {
                Wire::Postgres if self.startup => {
                    if p.len() < 8 {
                        break;
                    }
                    let len = u32::from_be_bytes([p[0], p[1], p[2], p[3]]) as usize;
                    let code = u32::from_be_bytes([p[4], p[5], p[6], p[7]]);
                    // SSLRequest / GSSENCRequest come before the real startup message.
                    if code != 80_877_103 && code != 80_877_104 {
                        self.startup = false;
                    }
                    (len, false)
                }
                Wire::Postgres => {
                    if p.len() < 5 {
                        break;
                    }
                    let len = 1 + u32::from_be_bytes([p[1], p[2], p[3], p[4]]) as usize;
                    (len, matches!(p[0], b'S' | b'Q'))
                }
                Wire::MySql => {
                    if p.len() < 5 {
                        break;
                    }
                    let len = 4 + (p[0] as usize | (p[1] as usize) << 8 | (p[2] as usize) << 16);
                    // A command starts a new exchange (sequence id 0); COM_STMT_CLOSE
                    // (0x19) and COM_QUIT (0x01) have no answer.
                    (len, p[3] == 0 && !matches!(p[4], 0x19 | 0x01))
                }
            };
            if self.pending.len() < len {
                break;
            }
            self.pending.drain(..len);
            requests += usize::from(request);
        }
        requests
    }
}

fn postgres_through(proxy: &Proxy, config: &Config) -> PgConnection {
    let url: postgres::Config = config.postgres_url().parse().expect("PostgreSQL URL");
    let mut c = postgres::Config::new();
    c.host("127.0.0.1").port(proxy.addr.port());
    if let Some(user) = url.get_user() {
        c.user(user);
    }
    if let Some(db) = url.get_dbname() {
        c.dbname(db);
    }
    if let Some(pw) = url.get_password() {
        c.password(pw);
    }
    PgConnection::connect_with(&c).expect("connect through the proxy")
}

fn postgres_upstream(config: &Config) -> SocketAddr {
    let url: postgres::Config = config.postgres_url().parse().expect("PostgreSQL URL");
    let host = match url.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        _ => "127.0.0.1".into(),
    };
    let port = url.get_ports().first().copied().unwrap_or(5432);
    resolve(&host, port)
}

fn mysql_upstream(config: &Config) -> (SocketAddr, mysql::Opts) {
    let opts = mysql::Opts::from_url(config.mysql_url()).expect("MariaDB URL");
    (
        resolve(&opts.get_ip_or_hostname(), opts.get_tcp_port()),
        opts,
    )
}

fn resolve(host: &str, port: u16) -> SocketAddr {
    use std::net::ToSocketAddrs;
    (host, port)
        .to_socket_addrs()
        .expect("resolve the server")
        .next()
        .expect("an address")
}

const SETUP: &str = "CREATE TABLE rt (id INTEGER PRIMARY KEY, name VARCHAR(20));
     INSERT INTO rt VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e')";

sqlweave::table! { struct Rt("rt") { id: i32, name: String } }

fn by_id() -> Select {
    Select::new()
        .column(Expr::column("name"))
        .from(table("rt"))
        .filter(Expr::column("id").eq(Expr::param("id")))
}

fn all_rows() -> Select {
    Select::new()
        .column(Expr::column("name"))
        .from(table("rt"))
        .order_by(Expr::column("id").asc())
}

/// What each operation costs, counted through `proxy`, on a connection whose space
/// holds the `rt` table.
fn check_round_trips(conn: &mut dyn Executor, proxy: &Proxy, db: &str) {
    let id = |n: i64| [("id", Value::from(n))];
    proxy.take();

    // A statement text seen for the first time is prepared (one round trip) and kept.
    let row = conn.fetch_optional_with(&by_id(), &id(1)).unwrap();
    assert_eq!(row.unwrap().get::<String>(0).unwrap(), "a");
    assert_eq!(
        proxy.take(),
        2,
        "{db}: first fetch_optional (prepare + run)"
    );

    // Then one round trip per fetch, whatever the method.
    let row = conn.fetch_optional_with(&by_id(), &id(2)).unwrap();
    assert_eq!(row.unwrap().get::<String>(0).unwrap(), "b");
    assert_eq!(proxy.take(), 1, "{db}: fetch_optional");
    assert!(
        conn.fetch_optional_with(&by_id(), &id(99))
            .unwrap()
            .is_none()
    );
    assert_eq!(proxy.take(), 1, "{db}: fetch_optional of no row");
    let row = conn.fetch_one_with(&by_id(), &id(3)).unwrap();
    assert_eq!(row.get::<String>(0).unwrap(), "c");
    assert_eq!(proxy.take(), 1, "{db}: fetch_one");
    let rows = conn.fetch_all_with(&by_id(), &id(4)).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(proxy.take(), 1, "{db}: fetch_all");

    // fetch_optional of a query with several rows: still one round trip.
    conn.fetch_all(&all_rows()).unwrap();
    proxy.take();
    let first = conn.fetch_optional(&all_rows()).unwrap().unwrap();
    assert_eq!(first.get::<String>(0).unwrap(), "a");
    assert_eq!(proxy.take(), 1, "{db}: fetch_optional of five rows");

    let update = sqlweave::dml::Update::table(sqlweave::TableRef::new("rt"))
        .set_expr("name", Expr::param("name"))
        .filter(Expr::column("id").eq(Expr::param("id")));
    let named = [("name", Value::from("z")), ("id", Value::from(5_i64))];
    assert_eq!(conn.execute_with(&update, &named).unwrap(), 1);
    proxy.take();
    assert_eq!(conn.execute_with(&update, &named).unwrap(), 1);
    assert_eq!(proxy.take(), 1, "{db}: execute");

    // A prepared statement: one round trip per run, none to make it (the text is kept).
    {
        let mut find = conn.prepare(&by_id()).unwrap();
        for n in 1..=3 {
            let row = find.fetch_optional(&id(n)).unwrap().unwrap();
            assert_eq!(
                row.get::<String>(0).unwrap(),
                ["a", "b", "c"][n as usize - 1]
            );
        }
        find.fetch_one(&id(1)).unwrap();
        find.fetch_all(&id(2)).unwrap();
    }
    assert_eq!(proxy.take(), 5, "{db}: five runs of a prepared statement");

    // Typed fetch_all decodes each row as it is read, still in one response: on
    // PostgreSQL no portal, one round trip (the first run also prepares the text).
    let rt = Rt::new();
    let typed = sqlweave::select(rt.name).from(rt).order_by(rt.id.asc());
    typed.fetch_all(conn).unwrap();
    proxy.take();
    let names = typed.fetch_all(conn).unwrap();
    assert_eq!(names, ["a", "b", "c", "d", "z"]);
    assert_eq!(proxy.take(), 1, "{db}: typed fetch_all");
    let with = sqlweave::select(rt.name)
        .from(rt)
        .filter(rt.id.le(sqlweave::param::<i32>("n")));
    with.fetch_all_with(conn, &[("n", Value::from(2))]).unwrap();
    proxy.take();
    let names = with.fetch_all_with(conn, &[("n", Value::from(2))]).unwrap();
    assert_eq!(names, ["a", "b"]);
    assert_eq!(proxy.take(), 1, "{db}: typed fetch_all_with");

    // Streaming: PostgreSQL opens a portal in a transaction of its own (BEGIN, bind,
    // fetch 2 rows, fetch the other 3, COMMIT); MariaDB runs it once.
    let mut seen = 0;
    conn.for_each_row(&all_rows(), &mut |_| {
        seen += 1;
        Ok(ControlFlow::Continue(()))
    })
    .unwrap();
    assert_eq!(seen, 5);
    let streamed = proxy.take();
    match db {
        "PostgreSQL" => assert_eq!(streamed, 5, "{db}: streaming through a portal"),
        _ => assert_eq!(streamed, 1, "{db}: streaming"),
    }
    // Inside a transaction the rows stream in one response.
    conn.begin().unwrap();
    proxy.take();
    let mut cursor = conn.cursor(&all_rows()).unwrap();
    assert_eq!(cursor.rows().unwrap().count(), 5);
    drop(cursor);
    assert_eq!(proxy.take(), 1, "{db}: a cursor inside a transaction");
    conn.rollback().unwrap();
}

#[test]
fn postgres_round_trips() {
    let config = Config::from_env().prefix("sw_rt");
    let Some(direct) = config.connect_postgres().unwrap() else {
        eprintln!("skipped: PostgreSQL is not reachable");
        return;
    };
    drop(direct);
    let proxy = Proxy::start(postgres_upstream(&config), Wire::Postgres);
    let conn = postgres_through(&proxy, &config);
    let sqlite = SqliteConnection::open_in_memory().unwrap();
    let mut spaces = Spaces::with_connections(&config, sqlite, Some(conn), None).unwrap();
    let conn = spaces.postgres().unwrap();
    conn.execute_raw_batch(SETUP).unwrap();
    check_round_trips(conn, &proxy, "PostgreSQL");
}

#[test]
fn mariadb_round_trips() {
    let config = Config::from_env().prefix("sw_rt");
    let Some(direct) = config.connect_mysql().unwrap() else {
        eprintln!("skipped: MariaDB is not reachable");
        return;
    };
    drop(direct);
    let (upstream, opts) = mysql_upstream(&config);
    let proxy = Proxy::start(upstream, Wire::MySql);
    let opts = mysql::OptsBuilder::from_opts(opts)
        .ip_or_hostname(Some("127.0.0.1"))
        .tcp_port(proxy.addr.port())
        // Else the driver moves to the server's Unix socket, around the proxy.
        .prefer_socket(false);
    let conn = MySqlConnection::connect_with(opts).expect("connect through the proxy");
    let sqlite = SqliteConnection::open_in_memory().unwrap();
    let mut spaces = Spaces::with_connections(&config, sqlite, None, Some(conn)).unwrap();
    let conn = spaces.mysql().unwrap();
    conn.execute_raw_batch(SETUP).unwrap();
    let db = conn.dialect().name();
    check_round_trips(conn, &proxy, db);
}
