//! HTTP JSON API and web page. (Being written: see issue 7.)
