//! Sentence embeddings for story clustering: all-MiniLM-L6-v2 run with candle on the CPU.
//!
//! An [`Embedder`] is loaded from a folder holding `model.safetensors`, `config.json` and
//! `tokenizer.json` (see `scripts/setup-embeddings.sh`, which fetches them). It embeds a text as
//! sentence-transformers does for this model: BERT over at most [`MAX_TOKENS`] word pieces, mean
//! pooling over the tokens (attention mask), then L2 normalisation, so the dot product of two
//! embeddings is their cosine.
//!
//! This crate is optional: nothing depends on it by default (the `embeddings` feature of `eval`
//! and `cli` turns it on), and it reads files only when [`Embedder::load`] is called.
//!
//! ```no_run
//! let e = embed::Embedder::load(std::path::Path::new("models/minilm"))?;
//! let a = e.embed("Ceasefire agreed after talks in Cairo");
//! let b = e.embed("Truce reached following Cairo negotiations");
//! let cos: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
//! assert!(cos > 0.5);
//! # Ok::<(), embed::Error>(())
//! ```

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use std::path::{Path, PathBuf};
use tokenizers::{PaddingParams, Tokenizer, TruncationParams};

/// Longest input in word pieces (the model's `max_seq_length`): title and lead fit.
pub const MAX_TOKENS: usize = 256;

/// What can go wrong loading or running the model.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A model file is missing or unreadable (user error: run the setup script).
    #[error("cannot read {path}: {source} (run scripts/setup-embeddings.sh to fetch the model)")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// `config.json` is not a BERT configuration.
    #[error("bad model config {path}: {source}")]
    Config {
        path: PathBuf,
        source: serde_json::Error,
    },
    /// `tokenizer.json` could not be loaded or used.
    #[error("tokenizer: {0}")]
    Tokenizer(String),
    /// The tensor library failed (bad weights, shape mismatch).
    #[error("model: {0}")]
    Model(#[from] candle_core::Error),
}

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// A loaded sentence-embedding model.
pub struct Embedder {
    model: BertModel,
    tokenizer: Tokenizer,
    device: Device,
    dim: usize,
}

impl std::fmt::Debug for Embedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Embedder").field("dim", &self.dim).finish()
    }
}

impl Embedder {
    /// Loads `config.json`, `tokenizer.json` and `model.safetensors` from `dir`.
    pub fn load(dir: &Path) -> Result<Embedder> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|source| Error::Io { path, source })
        };
        let config: Config =
            serde_json::from_slice(&read("config.json")?).map_err(|source| Error::Config {
                path: dir.join("config.json"),
                source,
            })?;
        let dim = config.hidden_size;
        let mut tokenizer = Tokenizer::from_bytes(read("tokenizer.json")?)
            .map_err(|e| Error::Tokenizer(e.to_string()))?;
        // The shipped tokenizer truncates at 128 and pads to 128; one text at a time needs
        // no padding, and the model's own limit is 256.
        tokenizer.with_padding(None::<PaddingParams>);
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS,
                ..TruncationParams::default()
            }))
            .map_err(|e| Error::Tokenizer(e.to_string()))?;
        let device = Device::Cpu;
        let weights = read("model.safetensors")?;
        let vb = VarBuilder::from_buffered_safetensors(weights, DType::F32, &device)?;
        let model = BertModel::load(vb, &config)?;
        Ok(Embedder {
            model,
            tokenizer,
            device,
            dim,
        })
    }

    /// Length of an embedding (384 for MiniLM-L6).
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// The unit-length embedding of `text` (its first [`MAX_TOKENS`] word pieces); empty when
    /// the model fails on it (see [`Embedder::try_embed`] for the reason).
    pub fn embed(&self, text: &str) -> Vec<f32> {
        self.try_embed(text).unwrap_or_default()
    }

    /// The unit-length embedding of `text`, or why it could not be computed.
    pub fn try_embed(&self, text: &str) -> Result<Vec<f32>> {
        let enc = self
            .tokenizer
            .encode(text, true)
            .map_err(|e| Error::Tokenizer(e.to_string()))?;
        let n = enc.get_ids().len();
        if n == 0 {
            return Ok(vec![0.0; self.dim]);
        }
        let ids = Tensor::new(enc.get_ids(), &self.device)?.unsqueeze(0)?;
        let types = Tensor::new(enc.get_type_ids(), &self.device)?.unsqueeze(0)?;
        let mask = Tensor::new(enc.get_attention_mask(), &self.device)?.unsqueeze(0)?;
        let hidden = self.model.forward(&ids, &types, Some(&mask))?;
        let rows: Vec<Vec<f32>> = hidden.squeeze(0)?.to_vec2()?;
        Ok(mean_pool_normalised(&rows, enc.get_attention_mask()))
    }
}

/// Mean of the token vectors whose mask is non-zero, scaled to unit length (a zero vector
/// stays zero). Rows and mask are per token; extra entries of either are ignored.
pub fn mean_pool_normalised(rows: &[Vec<f32>], mask: &[u32]) -> Vec<f32> {
    let dim = rows.first().map_or(0, Vec::len);
    let mut sum = vec![0.0f32; dim];
    let mut count = 0usize;
    for (row, &m) in rows.iter().zip(mask) {
        if m == 0 {
            continue;
        }
        count += 1;
        for (s, x) in sum.iter_mut().zip(row) {
            *s += x;
        }
    }
    if count > 0 {
        for s in &mut sum {
            *s /= count as f32;
        }
    }
    let norm = sum.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        for s in &mut sum {
            *s /= norm;
        }
    }
    sum
}

/// Cosine of two unit-length embeddings (their dot product); 0 when the lengths differ.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    if a.len() != b.len() {
        return 0.0;
    }
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(rows: &[&[f32]], mask: &[u32], expected: &[f32]) {
        let rows: Vec<Vec<f32>> = rows.iter().map(|r| r.to_vec()).collect();
        let got = mean_pool_normalised(&rows, mask);
        assert_eq!(got.len(), expected.len(), "{got:?}");
        for (g, e) in got.iter().zip(expected) {
            assert!((g - e).abs() < 1e-6, "got {got:?}, expected {expected:?}");
        }
    }

    #[test]
    fn pools_masked_tokens_and_normalises() {
        // Mean of (3,0) and (1,4) is (2,2): unit length is (1/√2, 1/√2).
        let h = std::f32::consts::FRAC_1_SQRT_2;
        check(&[&[3.0, 0.0], &[1.0, 4.0]], &[1, 1], &[h, h]);
        // The masked (padding) token does not count.
        check(&[&[3.0, 4.0], &[100.0, -7.0]], &[1, 0], &[0.6, 0.8]);
        // Scale does not matter after normalisation.
        check(&[&[0.0, -5.0]], &[1], &[0.0, -1.0]);
        // All masked or all zero: a zero vector, not NaN.
        check(&[&[1.0, 1.0]], &[0], &[0.0, 0.0]);
        check(&[&[0.0, 0.0], &[0.0, 0.0]], &[1, 1], &[0.0, 0.0]);
        // No tokens at all: empty.
        check(&[], &[], &[]);
    }

    #[test]
    fn cosine_of_unit_vectors() {
        assert!((cosine(&[0.6, 0.8], &[0.6, 0.8]) - 1.0).abs() < 1e-6);
        assert!(cosine(&[1.0, 0.0], &[0.0, 1.0]).abs() < 1e-6);
        assert_eq!(cosine(&[1.0], &[1.0, 0.0]), 0.0);
    }
}
