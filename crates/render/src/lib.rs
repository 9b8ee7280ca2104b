//! Renders stories and articles for people.
//!
//! [`html`] writes the web page's server-side HTML (also `storyline show --format html`). Every
//! string that comes from an article is untrusted and goes through [`html::escape`].
//!
//! ```
//! let s = model::Story::new("s-1", "<b>Ceasefire</b>");
//! let page = render::html::story_page(&s, &[]);
//! assert!(page.contains("&lt;b&gt;Ceasefire&lt;/b&gt;"));
//! ```

pub mod html;
pub mod markdown;
