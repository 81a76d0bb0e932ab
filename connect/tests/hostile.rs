//! Hostile database URLs: whatever the URL, parsing never panics, and neither its
//! `Display`, its `Debug`, nor any error made from it repeats the password.

use sqlweave_connect::DatabaseUrl;

const SECRET: &str = "Hunter2Secret";

/// Passwords as people paste them, unescaped characters and all.
fn urls() -> Vec<String> {
    let mut out = Vec::new();
    for scheme in ["postgres", "postgresql", "mysql", "mariadb"] {
        for pw in [
            SECRET.to_string(),
            format!("{SECRET}/x"),
            format!("a/{SECRET}"),
            format!("{SECRET}?x=1"),
            format!("{SECRET}#frag"),
            format!("{SECRET}@x"),
            format!("x:{SECRET}"),
            format!("{SECRET}%2F"),
        ] {
            out.push(format!("{scheme}://app:{pw}@db.internal:5432/shop"));
            out.push(format!(
                "{scheme}://app:{pw}@db.internal/shop?connect_timeout=1"
            ));
            out.push(format!("{scheme}://:{pw}@db.internal"));
            out.push(format!(
                "{scheme}://app:{pw}@db.internal/shop?application_name=a@b"
            ));
        }
    }
    out
}

#[test]
fn display_and_debug_never_show_the_password() {
    for url in urls() {
        let parsed = DatabaseUrl::parse(&url).unwrap();
        let shown = format!("{parsed} {parsed:?}");
        assert!(!shown.contains(SECRET), "{url}: {shown}");
        assert!(shown.contains("***"), "{url}: {shown}");
    }
}

/// libpq's URLs take the password as an option too.
#[test]
fn a_password_option_is_hidden() {
    for url in [
        format!("postgres://app@db.internal/shop?password={SECRET}"),
        format!("postgres://app@db.internal/shop?sslmode=disable&PassWord={SECRET}&x=1"),
        format!("mysql://app@db.internal/shop?password={SECRET}"),
    ] {
        let parsed = DatabaseUrl::parse(&url).unwrap();
        let shown = format!("{parsed} {parsed:?}");
        assert!(!shown.contains(SECRET), "{url}: {shown}");
        assert!(shown.contains("=***"), "{url}: {shown}");
    }
    let plain = DatabaseUrl::parse("postgres://app@db.internal/shop?sslmode=disable").unwrap();
    assert_eq!(
        plain.to_string(),
        "postgres://app@db.internal/shop?sslmode=disable"
    );
}

proptest::proptest! {
    /// Any text: parsing does not panic, and a secret written after `user:` and before
    /// an `@` is never shown, whatever the characters around it.
    #[test]
    fn any_url_parses_or_fails_without_panic_or_leak(
        scheme in "(postgres|mysql|mariadb|sqlite|x)",
        sep in "(://|:|:///|:////)",
        before in "[a-z@:/?#%]{0,6}",
        mid in "[a-z@:/?#%]{0,4}",
        after in "[a-z@:/?#%.0-9\\[\\]]{0,12}",
    ) {
        let url = format!("{scheme}{sep}{before}app:{SECRET}{mid}@{after}");
        match DatabaseUrl::parse(&url) {
            Ok(u) => {
                let shown = format!("{u} {u:?}");
                // A SQLite URL is a path, not a password: shown as given.
                if !shown.starts_with("sqlite") {
                    proptest::prop_assert!(!shown.contains(SECRET), "{url}: {shown}");
                }
            }
            Err(e) => {
                let shown = format!("{e} {e:?}");
                proptest::prop_assert!(!shown.contains(SECRET), "{url}: {shown}");
            }
        }
    }
}
