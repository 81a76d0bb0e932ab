#![no_main]
//! Arbitrary statements (SELECT with joins, CTEs, compounds, INSERT / UPDATE / DELETE),
//! rendered for every dialect: see `sqlweave_fuzz::check_statement`.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    sqlweave_fuzz::check_statement(data);
});
