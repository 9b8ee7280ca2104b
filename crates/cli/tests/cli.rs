//! End-to-end tests of the `storyline` binary: the digest of the bundled examples, bad inputs
//! reported per file while the run goes on, exit codes, determinism.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn storyline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(args)
        .output()
        .expect("run storyline")
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/ceasefire")
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

#[test]
fn digest_of_the_examples_is_one_story_of_five_reports() {
    let out = storyline(&["digest", "--format", "json", examples().to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let d = json(&out);
    let articles = d["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 5, "the NOTICE file is not an input");
    for a in articles {
        for key in [
            "id",
            "input",
            "source",
            "title",
            "published",
            "byline",
            "language",
            "paragraphs",
            "captions",
            "metadata",
            "removed",
            "duplicate_of",
        ] {
            assert!(a.get(key).is_some(), "article lacks {key}: {a}");
        }
        assert!(!a["paragraphs"].as_array().unwrap().is_empty());
    }
    let stories = d["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 1, "five reports of one event are one story");
    let s = &stories[0];
    for key in [
        "id",
        "headline",
        "articles",
        "sources",
        "first_published",
        "last_published",
        "independent_sources",
        "copies",
    ] {
        assert!(s.get(key).is_some(), "story lacks {key}");
    }
    assert_eq!(s["articles"].as_array().unwrap().len(), 5);
    assert!(s["sources"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x == "Reuters"));
}

#[test]
fn markdown_is_the_default_view() {
    let out = storyline(&["digest", examples().to_str().unwrap()]);
    assert!(out.status.success());
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.starts_with("# storyline digest"));
    assert!(md.contains("### Sources"));
    assert!(md.contains("Reuters"));
}

#[test]
fn digest_is_byte_for_byte_deterministic() {
    let a = storyline(&["digest", "--format", "json", examples().to_str().unwrap()]);
    let b = storyline(&["digest", "--format", "json", examples().to_str().unwrap()]);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn bad_inputs_are_reported_per_file_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("good.txt"), "Bridge closed after cracks found\n\nThe city council voted on Tuesday to close the old river bridge after engineers found cracks in two piers.").unwrap();
    std::fs::write(d.join("empty.txt"), "").unwrap();
    std::fs::write(
        d.join("binary.txt"),
        b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0",
    )
    .unwrap();
    std::fs::write(d.join("latin1.txt"), b"Caf\xe9 cr\xe8me: the caf\xe9 re-opened on Monday after a long renovation of its terrace.").unwrap();
    std::fs::write(d.join("huge.txt"), vec![b'x'; 50 << 20]).unwrap();
    std::fs::write(d.join("lines.jsonl"), format!("{{\"text\":\"{}\"}}\n{{\"title\":\"Ok\",\"text\":\"A short record that reads fine.\"}}\n", "y".repeat(50 << 20))).unwrap();
    let out = storyline(&["digest", "--format", "json", d.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "some inputs failed: exit 1");
    let err = String::from_utf8_lossy(&out.stderr);
    for (file, why) in [
        ("empty.txt", "empty"),
        ("binary.txt", "binary"),
        ("latin1.txt", "UTF-8"),
        ("huge.txt", "too large"),
        ("lines.jsonl#line-1", "too long"),
    ] {
        assert!(
            err.lines().any(|l| l.contains(file) && l.contains(why)),
            "no error for {file} ({why}) in:\n{err}"
        );
    }
    let d = json(&out);
    let inputs: Vec<&str> = d["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["input"].as_str().unwrap())
        .collect();
    assert_eq!(inputs.len(), 2, "{inputs:?}");
    assert!(inputs[0].ends_with("good.txt"));
    assert!(inputs[1].ends_with("lines.jsonl#line-2"));
    assert_eq!(d["errors"].as_array().unwrap().len(), 5);
}

#[test]
fn a_missing_path_is_an_error_for_that_path_only() {
    let out = storyline(&[
        "digest",
        "/nonexistent/storyline-input",
        examples().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/storyline-input"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Reuters"));
}

#[test]
fn extract_prints_one_record_per_document() {
    let out = storyline(&["extract", examples().to_str().unwrap()]);
    assert!(out.status.success());
    let lines: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
    assert_eq!(lines.len(), 5);
    for l in lines {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert!(v["paragraphs"].is_array());
    }
}

#[test]
fn eval_with_a_missing_dataset_skips_with_exit_3() {
    let out = storyline(&[
        "eval",
        "cluster",
        "--dataset",
        "ecbplus",
        "/nonexistent/ecbplus",
    ]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not found"));
}

#[test]
fn ingest_twice_stores_once_and_replays_nothing_the_second_time() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let db = db.to_str().unwrap();
    let ex = examples();
    let ex = ex.to_str().unwrap();
    let first = storyline(&["ingest", ex, "--db", db]);
    assert!(first.status.success());
    let err = String::from_utf8_lossy(&first.stderr);
    assert!(
        err.contains("5 added") && err.contains("5 articles in 1 stories"),
        "{err}"
    );
    let second = storyline(&["ingest", ex, "--db", db]);
    assert!(second.status.success());
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(
        err.contains("0 added") && err.contains("5 already stored") && err.contains("(replayed 0)"),
        "{err}"
    );
    // A rebuild replays and changes nothing: the stories were built as this version builds them.
    let rebuilt = storyline(&["ingest", "--rebuild", "--db", db]);
    assert!(rebuilt.status.success());
    let err = String::from_utf8_lossy(&rebuilt.stderr);
    assert!(
        err.contains("rebuilt the stories of 5 stored articles; 0 changed"),
        "{err}"
    );
}
