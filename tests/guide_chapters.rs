//! Every chapter in `guide/` is included in `sqlweave::guide` (src/guide.rs), so its
//! Rust code blocks run as doctests with the rest of the suite: a chapter file added
//! without its module would be published untested.

#[test]
fn every_guide_chapter_is_a_doc_module() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let guide_rs = std::fs::read_to_string(root.join("src/guide.rs")).unwrap();
    // Only live lines count: a commented-out include is not wired in.
    let live: Vec<&str> = guide_rs
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("#[doc = include_str!("))
        .collect();
    let mut chapters: Vec<String> = std::fs::read_dir(root.join("guide"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".md"))
        .collect();
    chapters.sort();
    assert!(
        chapters.iter().any(|c| c == "getting-started.md"),
        "{chapters:?}"
    );
    let missing: Vec<&String> = chapters
        .iter()
        .filter(|c| {
            !live
                .iter()
                .any(|l| l.contains(&format!("\"../guide/{c}\"")))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "guide chapters not included in src/guide.rs (their examples would not be tested): {missing:?}"
    );
}
