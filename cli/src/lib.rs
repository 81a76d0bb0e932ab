//! The `sqlweave` command-line tool: migrations against a database URL.
//!
//! ```text
//! sqlweave [--url URL] [--dir DIR] <command>
//!
//!   revision -m MESSAGE [--autogenerate]   write a new migration (empty, or from a diff)
//!   upgrade [TARGET] [--dry-run | --sql]   apply migrations up to TARGET (default: head)
//!   downgrade TARGET [--dry-run | --sql]   undo migrations newer than TARGET (a version, or base)
//!   current                                the database's version
//!   history                                every migration, applied or pending
//!   check                                  exit 0 if the database is at head (and, with a
//!                                          schema, matches it), 1 otherwise
//!   resolve VERSION --applied | --rolled-back
//!                                          record what was done by hand after a failed
//!                                          migration on MariaDB / MySQL
//! ```
//!
//! The URL comes from `--url` or the `DATABASE_URL` environment variable
//! (`sqlite:///path/to/file.db`, `postgres://user@host/db`, `mysql://user@host/db`); the
//! migrations directory from `--dir` or `SQLWEAVE_MIGRATIONS` (default `migrations`).
//!
//! # Where autogenerate gets the declared schema
//!
//! An installed binary cannot load your crate's Rust schema. So there are two ways to
//! run the tool:
//!
//! * `cargo install --path cli` gives `sqlweave`, which runs a migrations directory:
//!   every command except `revision --autogenerate`.
//! * Your own three-line binary gets every command, autogenerate included, because it
//!   hands over the schema your code declares:
//!
//! ```no_run
//! // src/bin/migrate.rs in your crate
//! fn main() {
//!     let schema = sqlweave::SchemaRegistry::new(); // your tables: my_app::schema()
//!     std::process::exit(sqlweave_cli::main_with_schema(schema));
//! }
//! ```
//!
//! Run it as `cargo run --bin migrate -- revision --autogenerate -m "add age"`. This keeps
//! one source of truth (the Rust declarations) with no snapshot file to keep in step.

// The crate docs show a whole `src/bin/migrate.rs`, `fn main` included.
#![allow(clippy::needless_doctest_main)]

use std::io::Write;
use std::path::PathBuf;

use sqlweave::{Error, Executor, Result, SchemaRegistry};
use sqlweave_migrate::{
    DiffOptions, Migration, Runner, Step, Target, diff, load_dir, next_version, revision,
    views_as_stored, write_dir,
};

/// Opens a connection from a URL.
pub type Connector = dyn Fn(&str) -> Result<Box<dyn Executor>>;

/// Reads the schema a database holds (`sqlweave_migrate::reflect`, or your own).
pub type Reflector = fn(&mut dyn Executor) -> Result<SchemaRegistry>;

/// The tool, with how it connects and, for autogenerate, the declared schema.
pub struct Cli<'a> {
    connect: &'a Connector,
    schema: Option<(SchemaRegistry, Reflector)>,
}

/// What went wrong, for the exit code: 1 for errors, 2 for bad usage.
struct Failure {
    code: i32,
    message: String,
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure {
            code: 1,
            message: e.to_string(),
        }
    }
}

fn usage(msg: impl Into<String>) -> Failure {
    Failure {
        code: 2,
        message: format!("{}\n\n{USAGE}", msg.into()),
    }
}

const USAGE: &str = "usage: sqlweave [--url URL] [--dir DIR] <command>

commands:
  revision -m MESSAGE [--autogenerate]   write a new migration (empty, or from a diff)
  upgrade [TARGET] [--dry-run | --sql]   apply migrations up to TARGET (default: head)
  downgrade TARGET [--dry-run | --sql]   undo migrations newer than TARGET (a version, or base)
  current                                the database's version
  history                                every migration, applied or pending
  check                                  exit 0 if the database is at head (and matches the schema)
  resolve VERSION --applied|--rolled-back  record a failed migration finished or undone by hand

The URL comes from --url or DATABASE_URL (sqlite:///path.db, postgres://…, mysql://…);
the directory from --dir or SQLWEAVE_MIGRATIONS (default: migrations).";

/// Parsed arguments.
#[derive(Debug, Default)]
struct Args {
    url: Option<String>,
    dir: Option<PathBuf>,
    command: String,
    positional: Vec<String>,
    message: Option<String>,
    autogenerate: bool,
    dry_run: bool,
    sql: bool,
    applied: bool,
    rolled_back: bool,
}

/// By hand: the grammar is one command, a few flags and at most one value each, and
/// the tool stays free of dependencies (and of their compile time) for that.
fn parse(args: &[String]) -> std::result::Result<Args, Failure> {
    let mut a = Args::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| -> std::result::Result<String, Failure> {
            it.next()
                .cloned()
                .ok_or_else(|| usage(format!("{name} needs a value")))
        };
        match arg.as_str() {
            "--url" => a.url = Some(value("--url")?),
            "--dir" => a.dir = Some(PathBuf::from(value("--dir")?)),
            "-m" | "--message" => a.message = Some(value("-m")?),
            "--autogenerate" => a.autogenerate = true,
            "--dry-run" => a.dry_run = true,
            "--sql" => a.sql = true,
            "--applied" => a.applied = true,
            "--rolled-back" => a.rolled_back = true,
            "-h" | "--help" | "help" => a.command = "help".into(),
            s if s.starts_with('-') => return Err(usage(format!("unknown option {s:?}"))),
            s if a.command.is_empty() => a.command = s.to_string(),
            s => a.positional.push(s.to_string()),
        }
    }
    if a.command.is_empty() {
        return Err(usage("no command given"));
    }
    Ok(a)
}

impl<'a> Cli<'a> {
    /// The tool, connecting with `connect`.
    pub fn new(connect: &'a Connector) -> Self {
        Cli {
            connect,
            schema: None,
        }
    }

    /// Gives the declared schema and how to read the database's, which
    /// `revision --autogenerate` and `check` compare.
    pub fn schema(mut self, declared: SchemaRegistry, reflect: Reflector) -> Self {
        self.schema = Some((declared, reflect));
        self
    }

    /// Runs one command line (`args` without the program name), writing results to
    /// `out` and progress and errors to `err`; returns the exit code: 0 done, 1 failed
    /// (or `check` found the database behind), 2 bad usage.
    pub fn run(&self, args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
        match self.run_inner(args, out, err) {
            Ok(code) => code,
            Err(f) => {
                let _ = writeln!(err, "error: {}", f.message);
                f.code
            }
        }
    }

    fn run_inner(
        &self,
        args: &[String],
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> std::result::Result<i32, Failure> {
        let a = parse(args)?;
        if a.command == "help" {
            let _ = writeln!(out, "{USAGE}");
            return Ok(0);
        }
        let dir = a
            .dir
            .clone()
            .or_else(|| std::env::var_os("SQLWEAVE_MIGRATIONS").map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from("migrations"));
        let load = || -> std::result::Result<Vec<Migration>, Failure> {
            if !dir.exists() {
                return Ok(Vec::new());
            }
            Ok(load_dir(&dir)?)
        };
        let connect = || -> std::result::Result<Box<dyn Executor>, Failure> {
            let url = a
                .url
                .clone()
                .or_else(|| std::env::var("DATABASE_URL").ok())
                .ok_or_else(|| usage("no database: give --url URL or set DATABASE_URL"))?;
            (self.connect)(&url).map_err(Failure::from)
        };
        let w =
            |r: std::io::Result<()>| r.map_err(|e| Error::invalid(format!("writing output: {e}")));
        match a.command.as_str() {
            "revision" => {
                let message = a
                    .message
                    .clone()
                    .ok_or_else(|| usage("revision needs -m MESSAGE"))?;
                let version = next_version(&dir)?;
                let migration = if a.autogenerate {
                    let Some((declared, reflect)) = &self.schema else {
                        return Err(usage(
                            "revision --autogenerate needs the schema your code declares, which an installed binary cannot load: \
                             run it from your own binary with sqlweave_cli::main_with_schema(schema) (see the crate docs)",
                        ));
                    };
                    let mut conn = connect()?;
                    let current = reflect(conn.as_mut())?;
                    let options = DiffOptions::default()
                        .stored_views(views_as_stored(conn.as_mut(), declared)?);
                    let d = conn.dialect();
                    let ops = diff(&current, declared, d, &options)?;
                    if ops.is_empty() {
                        w(writeln!(
                            err,
                            "No changes: the database matches the schema."
                        ))?;
                    }
                    for op in &ops {
                        w(writeln!(err, "  detected: {}", op.describe()))?;
                    }
                    let rev = revision(version, &message, ops, &current, &[d])?;
                    for warning in &rev.warnings {
                        w(writeln!(err, "  warning: {warning}"))?;
                    }
                    rev.migration
                } else {
                    Migration::empty(version, &message)
                        .up_for(
                            "",
                            "-- Write the SQL of this migration here (statements end with ;).\n",
                        )
                        .down_for("", "-- Write the SQL that undoes it here.\n")
                };
                let path = write_dir(&dir, &migration)?;
                w(writeln!(out, "Created {}", path.display()))?;
                Ok(0)
            }
            "upgrade" | "downgrade" => {
                let down = a.command == "downgrade";
                let target = match a.positional.first() {
                    Some(t) => Target::parse(t)?,
                    None if down => {
                        return Err(usage(
                            "downgrade needs a TARGET: a version to go back to, or base",
                        ));
                    }
                    None => Target::Head,
                };
                let runner = Runner::new(load()?)?;
                let mut conn = connect()?;
                if a.dry_run || a.sql {
                    let steps = if down {
                        runner.plan_downgrade(conn.as_mut(), target)?
                    } else {
                        runner.plan_upgrade(conn.as_mut(), target)?
                    };
                    if steps.is_empty() && a.dry_run {
                        w(writeln!(err, "Nothing to do."))?;
                    }
                    for s in &steps {
                        print_step(out, s, a.dry_run).map_err(|e| Error::invalid(e.to_string()))?;
                    }
                    return Ok(0);
                }
                let mut progress = |s: &Step| {
                    let _ = writeln!(
                        err,
                        "{} {:04} {} ({} statement{})",
                        if s.down { "Undoing" } else { "Applying" },
                        s.version,
                        s.name,
                        s.statements.len(),
                        if s.statements.len() == 1 { "" } else { "s" }
                    );
                };
                let done = if down {
                    runner.downgrade_with(conn.as_mut(), target, &mut progress)?
                } else {
                    runner.upgrade_with(conn.as_mut(), target, &mut progress)?
                };
                if done.is_empty() {
                    w(writeln!(
                        err,
                        "Nothing to do: the database is at the target."
                    ))?;
                }
                w(writeln!(
                    out,
                    "At version {}",
                    version_text(runner.current(conn.as_mut())?)
                ))?;
                Ok(0)
            }
            "current" => {
                let runner = Runner::new(load()?)?;
                let mut conn = connect()?;
                let current = runner.current(conn.as_mut())?;
                let head = runner.migrations().last().map(|m| m.version);
                let note = if current == head { " (head)" } else { "" };
                w(writeln!(out, "{}{note}", version_text(current)))?;
                Ok(0)
            }
            "history" => {
                let runner = Runner::new(load()?)?;
                let mut conn = connect()?;
                let applied = runner.applied(conn.as_mut())?;
                for m in runner.migrations() {
                    let state = match applied.iter().find(|x| x.version == m.version) {
                        Some(x) if x.state == "applied" => "applied".to_string(),
                        Some(x) => {
                            format!("FAILED at statement {}", x.failed_statement.unwrap_or(0))
                        }
                        None => "pending".to_string(),
                    };
                    w(writeln!(out, "{:04}  {:<28} {}", m.version, state, m.name))?;
                }
                for x in &applied {
                    if !runner.migrations().iter().any(|m| m.version == x.version) {
                        w(writeln!(
                            out,
                            "{:04}  {:<28} {} (not in {})",
                            x.version,
                            "applied, UNKNOWN",
                            x.name,
                            dir.display()
                        ))?;
                    }
                }
                Ok(0)
            }
            "check" => {
                let runner = Runner::new(load()?)?;
                let mut conn = connect()?;
                runner.verify(conn.as_mut())?;
                let pending = runner.plan_upgrade(conn.as_mut(), Target::Head)?;
                let mut behind = false;
                for s in &pending {
                    behind = true;
                    w(writeln!(out, "pending: {:04} {}", s.version, s.name))?;
                }
                if let Some((declared, reflect)) = &self.schema {
                    let current = reflect(conn.as_mut())?;
                    let options = DiffOptions::default()
                        .stored_views(views_as_stored(conn.as_mut(), declared)?);
                    let ops = diff(&current, declared, conn.dialect(), &options)?;
                    for op in &ops {
                        behind = true;
                        w(writeln!(out, "not in a migration: {}", op.describe()))?;
                    }
                }
                if !behind {
                    w(writeln!(out, "Up to date."))?;
                }
                Ok(if behind { 1 } else { 0 })
            }
            "resolve" => {
                let version: u64 = a
                    .positional
                    .first()
                    .and_then(|v| v.parse().ok())
                    .ok_or_else(|| usage("resolve needs a VERSION"))?;
                if a.applied == a.rolled_back {
                    return Err(usage("resolve needs one of --applied or --rolled-back"));
                }
                let runner = Runner::new(load()?)?;
                let mut conn = connect()?;
                runner.resolve(conn.as_mut(), version, a.applied)?;
                w(writeln!(
                    out,
                    "Recorded migration {version} as {}",
                    if a.applied { "applied" } else { "not applied" }
                ))?;
                Ok(0)
            }
            other => Err(usage(format!("unknown command {other:?}"))),
        }
    }
}

fn version_text(v: Option<u64>) -> String {
    match v {
        Some(v) => format!("{v:04}"),
        None => "base (nothing applied)".to_string(),
    }
}

fn print_step(out: &mut dyn Write, s: &Step, comments: bool) -> std::io::Result<()> {
    writeln!(
        out,
        "-- {} {:04}: {}",
        if s.down { "downgrade" } else { "upgrade" },
        s.version,
        s.name.replace(['\n', '\r'], " ")
    )?;
    if comments {
        writeln!(
            out,
            "-- (run in one transaction where the database allows; the version table is updated with it)"
        )?;
    }
    for st in &s.statements {
        writeln!(out, "{st};")?;
    }
    writeln!(out)
}

/// Opens a connection from a URL (`sqlite:///path`, `postgres://…`, `mysql://…`,
/// `mariadb://…`) with `sqlweave-connect`: the installed binary's connector.
pub fn connect_url(url: &str) -> Result<Box<dyn Executor>> {
    Ok(Box::new(sqlweave_connect::connect(url)?))
}

/// Runs the tool with the process's arguments, connecting with `connect`; returns the
/// exit code.
pub fn main_with(connect: &Connector, schema: Option<(SchemaRegistry, Reflector)>) -> i32 {
    // `std::env::args` panics on an argument that is not UTF-8: say so instead.
    let mut args: Vec<String> = Vec::new();
    for a in std::env::args_os().skip(1) {
        match a.into_string() {
            Ok(a) => args.push(a),
            Err(a) => {
                let _ = writeln!(
                    std::io::stderr(),
                    "error: the argument {a:?} is not valid UTF-8\n\n{USAGE}"
                );
                return 2;
            }
        }
    }
    let mut cli = Cli::new(connect);
    if let Some((s, r)) = schema {
        cli = cli.schema(s, r);
    }
    cli.run(&args, &mut std::io::stdout(), &mut std::io::stderr())
}

/// Runs the tool with the process's arguments and the schema your code declares, so that
/// every command works, `revision --autogenerate` and `check` included: the body of
/// your own `src/bin/migrate.rs` (see the crate docs). Returns the exit code.
pub fn main_with_schema(schema: SchemaRegistry) -> i32 {
    main_with(&connect_url, Some((schema, reflect_database)))
}

/// Reads the schema the connection's database holds (its current schema or database),
/// for autogenerate and `check`: [`sqlweave_migrate::reflect()`] with the default options.
pub fn reflect_database(conn: &mut dyn Executor) -> Result<SchemaRegistry> {
    sqlweave_migrate::reflect(conn, &sqlweave_migrate::ReflectOptions::default())
}
