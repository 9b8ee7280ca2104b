//! The only crate that knows the order of the stages. (Being written.)
