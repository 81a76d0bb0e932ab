#![no_main]
//! Arbitrary text read as a migration file and as a database URL:
//!
//! * `split_statements` never panics with any database's syntax, and the statements
//!   it finds, written back as a file (`statements_text`) and split again, are the
//!   same statements (only a last statement left open — a quote or comment running to
//!   the end — is exempt: it is not SQL);
//! * `DatabaseUrl::parse` never panics, and neither its `Display` / `Debug` nor its
//!   error repeats a password placed after `user:` and before an `@`.

use libfuzzer_sys::fuzz_target;
use sqlweave::Dialect;
use sqlweave_connect::DatabaseUrl;
use sqlweave_migrate::{split_statements, statements_text};

const SECRET: &str = "Zq9SecretZq9";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);

    // Each database's syntax: `#` comments and backslash escapes on MariaDB / MySQL,
    // dollar quotes and `E'…'` on PostgreSQL.
    let mariadb = sqlweave_mysql::MySql::mariadb();
    let syntaxes: [&dyn Dialect; 3] = [
        &sqlweave_sqlite::Sqlite,
        &sqlweave_postgres::Postgres,
        &mariadb,
    ];
    for d in syntaxes {
        let once = split_statements(&text, d);
        let open_at_end = once
            .last()
            .is_some_and(|last| split_statements(&format!("{last};x"), d).len() != 2);
        if !open_at_end {
            assert_eq!(
                split_statements(&statements_text(&once), d),
                once,
                "{}: {text:?}",
                d.name()
            );
        }
    }

    // The text split in two around a password: `<a>app:SECRET<b>@<rest>`.
    let cut = text
        .char_indices()
        .map(|(i, _)| i)
        .nth(text.chars().count() / 2);
    let (a, b) = text.split_at(cut.unwrap_or(0));
    for scheme in ["postgres://", "mysql://", "mariadb://"] {
        if a.contains(SECRET) || b.contains(SECRET) {
            continue;
        }
        let url = format!("{scheme}{a}app:{SECRET}{b}@host/db");
        let shown = match DatabaseUrl::parse(&url) {
            Ok(u) => format!("{u} {u:?}"),
            Err(e) => format!("{e} {e:?}"),
        };
        assert!(!shown.contains(SECRET), "{url:?}: {shown}");
    }
    let _ = DatabaseUrl::parse(&text).map(|u| (u.to_string(), format!("{u:?}")));
});
