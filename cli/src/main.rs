//! `sqlweave`: the command-line tool (see the crate docs of `sqlweave_cli`).

fn main() {
    std::process::exit(sqlweave_cli::main_with(&sqlweave_cli::connect_url, None));
}
