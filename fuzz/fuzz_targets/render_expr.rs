#![no_main]
//! Arbitrary expressions (with arbitrary identifiers and values) in a SELECT, rendered
//! for every dialect: see `sqlweave_fuzz::check_expr`.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    sqlweave_fuzz::check_expr(data);
});
