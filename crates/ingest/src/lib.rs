//! Readers. (Being written.)
