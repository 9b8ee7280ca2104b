//! With the real model (fetched by scripts/setup-embeddings.sh): paraphrases land closer than
//! an unrelated sentence, and embeddings have unit length. Skips when the model is absent.

use std::path::PathBuf;

/// The model folder: `STORYLINE_EMBED_MODEL` or the setup script's default.
fn model_dir() -> PathBuf {
    std::env::var_os("STORYLINE_EMBED_MODEL")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/minilm"))
}

#[test]
fn paraphrases_are_closer_than_unrelated_text() {
    let dir = model_dir();
    if !dir.join("model.safetensors").exists() {
        eprintln!(
            "SKIP: no model in {} (run scripts/setup-embeddings.sh, or set STORYLINE_EMBED_MODEL)",
            dir.display()
        );
        return;
    }
    let e = embed::Embedder::load(&dir).expect("model loads");
    let a =
        e.embed("A strong earthquake struck the coast of Chile on Tuesday, killing five people.");
    let b = e.embed("Five people died when a powerful quake hit Chile's coastline on Tuesday.");
    let c = e.embed("The central bank kept interest rates unchanged at its monthly meeting.");
    assert_eq!(a.len(), e.dim());
    for v in [&a, &b, &c] {
        let norm: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "norm {norm}");
    }
    let ab = embed::cosine(&a, &b);
    let ac = embed::cosine(&a, &c);
    let bc = embed::cosine(&b, &c);
    assert!(
        ab > ac + 0.2 && ab > bc + 0.2,
        "paraphrase {ab}, unrelated {ac} / {bc}"
    );
    // Long input is cut at MAX_TOKENS, not refused.
    let long = "The talks went on. ".repeat(400);
    assert_eq!(e.embed(&long).len(), e.dim());
}
