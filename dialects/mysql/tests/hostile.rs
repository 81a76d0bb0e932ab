//! The pool managers hold the password of their URL: their `Debug` must not show it.

#[cfg(feature = "r2d2")]
#[test]
fn the_pool_manager_does_not_show_the_password() {
    let m = sqlweave_mysql::MySqlConnectionManager::new(
        "mysql://app:Hunter2Secret@127.0.0.1:3306/shop",
    )
    .unwrap();
    let shown = format!("{m:?}");
    assert!(!shown.contains("Hunter2Secret"), "{shown}");
    assert!(shown.contains("127.0.0.1"), "{shown}");
}

#[cfg(feature = "bb8")]
#[test]
fn the_async_pool_manager_does_not_show_the_password() {
    let m = sqlweave_mysql::AsyncMySqlConnectionManager::new(
        "mysql://app:Hunter2Secret@127.0.0.1:3306/shop",
    )
    .unwrap();
    let shown = format!("{m:?}");
    assert!(!shown.contains("Hunter2Secret"), "{shown}");
}
