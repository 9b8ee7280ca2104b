//! Language identification (whatlang), returning ISO 639-1 codes.

/// The language of `text` as an ISO 639-1 code with whatlang's confidence, or `None` when the
/// text is too short or the guess unreliable.
pub fn detect_language(text: &str) -> Option<(&'static str, f32)> {
    let sample: String = text.chars().take(4000).collect();
    let info = whatlang::detect(&sample)?;
    let conf = info.confidence() as f32;
    if !info.is_reliable() && conf < 0.5 {
        return None;
    }
    Some((iso639_1(info.lang()), conf))
}

fn iso639_1(l: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match l {
        Eng => "en",
        Deu => "de",
        Fra => "fr",
        Spa => "es",
        Ita => "it",
        Por => "pt",
        Rus => "ru",
        Ukr => "uk",
        Pol => "pl",
        Nld => "nl",
        Swe => "sv",
        Dan => "da",
        Nob => "no",
        Fin => "fi",
        Ces => "cs",
        Slk => "sk",
        Hun => "hu",
        Ron => "ro",
        Bul => "bg",
        Ell => "el",
        Tur => "tr",
        Ara => "ar",
        Heb => "he",
        Pes => "fa",
        Hin => "hi",
        Ben => "bn",
        Urd => "ur",
        Cmn => "zh",
        Jpn => "ja",
        Kor => "ko",
        Vie => "vi",
        Tha => "th",
        Ind => "id",
        Hrv => "hr",
        Srp => "sr",
        Slv => "sl",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Cat => "ca",
        Bel => "be",
        Kat => "ka",
        Hye => "hy",
        Aze => "az",
        Kaz => "kk",
        Uzb => "uz",
        Tgl => "tl",
        Afr => "af",
        Epo => "eo",
        Lat => "la",
        Tam => "ta",
        Tel => "te",
        Mar => "mr",
        Guj => "gu",
        Pan => "pa",
        Kan => "kn",
        Mal => "ml",
        Ori => "or",
        Nep => "ne",
        Sin => "si",
        Mya => "my",
        Khm => "km",
        Amh => "am",
        Jav => "jv",
        Yid => "yi",
        Sna => "sn",
        Zul => "zu",
        Aka => "ak",
        Tuk => "tk",
        Mkd => "mk",
        _ => "und",
    }
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
}
