//! One module per subcommand.

pub mod bench;
pub mod digest;
pub mod eval;
pub mod extract;
pub mod store;
