//! The embedded store. (Being written: see issue 7.)
