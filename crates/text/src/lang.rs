//! Language identification (whatlang), returning ISO 639-1 codes.

/// The language of `text` as an ISO 639-1 code with whatlang's confidence, or `None` when the
/// text is too short or the guess unreliable.
pub fn detect_language(text: &str) -> Option<(&'static str, f32)> {
    let sample: String = text.chars().take(4000).collect();
    let info = whatlang::detect(&sample)?;
    let conf = info.confidence() as f32;
    if !info.is_reliable() {
        // whatlang's trigrams want long texts and misread short English paragraphs (as
        // Afrikaans, Scots...). A short text whose words are mostly English function words is
        // English; otherwise there is no usable guess.
        let words = crate::words(&sample);
        let stop = words.iter().filter(|w| crate::is_stopword(w)).count();
        if words.len() >= 8 && stop * 100 >= words.len() * 30 {
            return Some(("en", (stop as f32 / words.len() as f32).min(0.6)));
        }
        return None;
    }
    Some((iso639_1(info.lang()), conf))
}

fn iso639_1(l: whatlang::Lang) -> &'static str {
    const TABLE: &[(&str, &str)] = &[
        ("eng", "en"),
        ("deu", "de"),
        ("fra", "fr"),
        ("spa", "es"),
        ("ita", "it"),
        ("por", "pt"),
        ("rus", "ru"),
        ("ukr", "uk"),
        ("pol", "pl"),
        ("nld", "nl"),
        ("swe", "sv"),
        ("dan", "da"),
        ("nob", "no"),
        ("fin", "fi"),
        ("ces", "cs"),
        ("slk", "sk"),
        ("hun", "hu"),
        ("ron", "ro"),
        ("bul", "bg"),
        ("ell", "el"),
        ("tur", "tr"),
        ("ara", "ar"),
        ("heb", "he"),
        ("pes", "fa"),
        ("hin", "hi"),
        ("ben", "bn"),
        ("urd", "ur"),
        ("cmn", "zh"),
        ("jpn", "ja"),
        ("kor", "ko"),
        ("vie", "vi"),
        ("tha", "th"),
        ("ind", "id"),
        ("hrv", "hr"),
        ("srp", "sr"),
        ("slv", "sl"),
        ("lit", "lt"),
        ("lav", "lv"),
        ("est", "et"),
        ("cat", "ca"),
        ("bel", "be"),
        ("kat", "ka"),
        ("hye", "hy"),
        ("aze", "az"),
        ("uzb", "uz"),
        ("tgl", "tl"),
        ("afr", "af"),
        ("epo", "eo"),
        ("lat", "la"),
        ("tam", "ta"),
        ("tel", "te"),
        ("mar", "mr"),
        ("guj", "gu"),
        ("pan", "pa"),
        ("kan", "kn"),
        ("mal", "ml"),
        ("ori", "or"),
        ("nep", "ne"),
        ("sin", "si"),
        ("mya", "my"),
        ("khm", "km"),
        ("amh", "am"),
        ("jav", "jv"),
        ("yid", "yi"),
        ("sna", "sn"),
        ("zul", "zu"),
        ("aka", "ak"),
        ("tuk", "tk"),
        ("mkd", "mk"),
    ];
    let code = l.code();
    TABLE
        .iter()
        .find(|(three, _)| *three == code)
        .map_or(code, |(_, two)| two)
}

#[cfg(test)]
mod tests {
    #[test]
    fn english_and_german() {
        let en = "The Kremlin said on Friday that the president had sent a message about the ceasefire proposal.";
        assert_eq!(super::detect_language(en).map(|x| x.0), Some("en"));
        let de = "Der Kreml teilte am Freitag mit, dass der Präsident eine Nachricht über den Waffenstillstand geschickt habe.";
        assert_eq!(super::detect_language(de).map(|x| x.0), Some("de"));
    }

    #[test]
    fn short_text_is_unknown() {
        assert_eq!(super::detect_language("Hello there"), None);
    }
}
