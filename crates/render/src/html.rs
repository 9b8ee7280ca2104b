pub fn escape(s: &str) -> String { s.to_string() }
