//! The command line fed hostile input: migration messages that look like paths, very
//! long or empty of ASCII, arguments that are not UTF-8, and URLs holding a password
//! that must not be echoed.

use std::path::{Path, PathBuf};
use std::process::Command;

use sqlweave::{Executor, Result};
use sqlweave_cli::Cli;
use sqlweave_migrate::load_dir;

fn scratch_dir(tag: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let p = std::env::temp_dir().join(format!("sw_audit_cli_{tag}_{}_{nanos}", std::process::id()));
    std::fs::create_dir_all(&p).unwrap();
    p
}

fn no_connect(_: &str) -> Result<Box<dyn Executor>> {
    Err(sqlweave::Error::invalid("this test does not connect"))
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let cli = Cli::new(&no_connect);
    let mut full: Vec<String> = vec!["--dir".into(), dir.display().to_string()];
    full.extend(args.iter().map(|s| s.to_string()));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = cli.run(&full, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

/// Every file the tree under `root` holds, relative to it.
fn files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// A message is a name, never a path: separators, `..`, NUL, newlines and shell
/// characters become `_`, and everything is written inside the migrations directory.
#[test]
fn a_message_never_becomes_a_path() {
    let root = scratch_dir("paths");
    let dir = root.join("migrations");
    let messages = [
        "../../escaped",
        "/etc/passwd",
        "a/../../b",
        "..",
        "C:\\Windows\\x",
        "x\0y",
        "line\nbreak\r",
        "$(touch pwned); `id`",
        "up.sql",
    ];
    for (i, m) in messages.iter().enumerate() {
        let (code, out, err) = run(&dir, &["revision", "-m", m]);
        assert_eq!(code, 0, "{m:?}: {err}");
        let created = PathBuf::from(out.trim().strip_prefix("Created ").unwrap());
        assert_eq!(created.parent(), Some(dir.as_path()), "{m:?}: {out}");
        let base = created.file_name().unwrap().to_str().unwrap();
        assert!(
            base.starts_with(&format!("{:04}_", i + 1))
                && base[5..]
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
            "{m:?}: {base:?}"
        );
    }
    // Nothing outside the migrations directory.
    assert!(
        files(&root).iter().all(|f| f.starts_with("migrations")),
        "{:?}",
        files(&root)
    );
    assert_eq!(load_dir(&dir).unwrap().len(), messages.len());
    let _ = std::fs::remove_dir_all(&root);
}

/// A message longer than a file name may be is shortened, not a failure: file systems
/// refuse names past 255 bytes (`revision -m` with a paragraph used to fail with
/// "File name too long").
#[test]
fn a_very_long_message_still_makes_a_migration() {
    let dir = scratch_dir("long");
    let long = "add the column that every report of the finance team needs ".repeat(20);
    let (code, out, err) = run(&dir, &["revision", "-m", &long]);
    assert_eq!(code, 0, "{err}");
    let created = PathBuf::from(out.trim().strip_prefix("Created ").unwrap());
    let base = created.file_name().unwrap().to_str().unwrap();
    assert!(base.len() <= 80, "{base:?}");
    assert!(base.starts_with("0001_add_the_column"), "{base:?}");
    assert!(!base.ends_with('_'), "{base:?}");
    let loaded = load_dir(&dir).unwrap();
    assert_eq!(loaded.len(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A message with no ASCII letter or digit still names its directory.
#[test]
fn a_message_without_ascii_still_names_its_directory() {
    let dir = scratch_dir("unicode");
    let (code, out, err) = run(&dir, &["revision", "-m", "日本語 ---"]);
    assert_eq!(code, 0, "{err}");
    let created = PathBuf::from(out.trim().strip_prefix("Created ").unwrap());
    let base = created.file_name().unwrap().to_str().unwrap();
    assert_eq!(base, "0001_migration");
    // And the next one gets the next version.
    let (code, out, _) = run(&dir, &["revision", "-m", "ünïcödé"]);
    assert_eq!(code, 0);
    assert!(out.contains("0002_n_c_d"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// An existing migration directory is never overwritten, nor a version reused.
#[test]
fn existing_migrations_are_not_overwritten() {
    let dir = scratch_dir("existing");
    let (code, _, err) = run(&dir, &["revision", "-m", "first"]);
    assert_eq!(code, 0, "{err}");
    let up = dir.join("0001_first").join("up.sql");
    std::fs::write(&up, "CREATE TABLE kept (id INTEGER);\n").unwrap();
    let (code, out, err) = run(&dir, &["revision", "-m", "first"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("0002_first"), "{out}");
    assert_eq!(
        std::fs::read_to_string(&up).unwrap(),
        "CREATE TABLE kept (id INTEGER);\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The installed binary given an argument that is not UTF-8 says so (exit code 2); it
/// used to panic in `std::env::args` (exit code 101).
#[cfg(unix)]
#[test]
fn an_argument_that_is_not_utf8_is_a_usage_error_not_a_panic() {
    use std::os::unix::ffi::OsStrExt;
    let dir = scratch_dir("utf8");
    let bad = std::ffi::OsStr::from_bytes(b"caf\xe9");
    let out = Command::new(env!("CARGO_BIN_EXE_sqlweave"))
        .arg("--dir")
        .arg(&dir)
        .arg("revision")
        .arg("-m")
        .arg(bad)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("not valid UTF-8"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(files(&dir).is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

/// A URL given with `--url` (or in `DATABASE_URL`) holding a password: no message of
/// the tool repeats it, whatever is wrong with the URL.
#[test]
fn a_password_in_the_url_is_never_printed() {
    let dir = scratch_dir("url");
    let secret = "Hunter2Secret";
    let urls = [
        format!("postgres://app:{secret}@127.0.0.1:1/db"),
        format!("postgres://app:{secret}@127.0.0.1:notaport/db"),
        format!("postgres://app:{secret}/x@127.0.0.1:1/db"),
        format!("postgres://app:{secret}?x@127.0.0.1:1/db"),
        format!("postgres://app:{secret}#x@127.0.0.1:1/db"),
        format!("postgres://app:{secret}@127.0.0.1:1/db?sslmode=bogus"),
        format!("postgres://app:{secret}%zz@127.0.0.1:1/db"),
        format!("mysql://app:{secret}@127.0.0.1:1/db"),
        format!("mysql://app:{secret}/x@127.0.0.1:1/db"),
        format!("mysql://app:{secret}@127.0.0.1:1/db?bogus_option=1"),
        format!("mysql://app:{secret}@127.0.0.1:notaport/db"),
        format!("mariadb://app:{secret}@[::1:1/db"),
        format!("oracle://app:{secret}@127.0.0.1/db"),
        format!("app:{secret}@127.0.0.1/db"),
        format!("sqlite://app:{secret}@host/x.db"),
    ];
    for url in &urls {
        let out = Command::new(env!("CARGO_BIN_EXE_sqlweave"))
            .arg("--dir")
            .arg(&dir)
            .arg("--url")
            .arg(url)
            .arg("current")
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.status.code(), Some(1), "{url}: {text}");
        assert!(!text.contains(secret), "{url}: {text}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
