//! Check tables for the tagger-backed quote finder: cases beyond `tests/quotes.rs`
//! (subject-first pronoun resolution, soundbites kept by the rules, cue and content spans).

use super::quotes;
use model::{Article, QuoteKind};

/// (speaker, speaker as written, cue, text, kind) of every quote found in `paragraphs`.
fn run(paragraphs: &[&str]) -> Vec<(String, String, String, String, QuoteKind)> {
    let mut a = Article::new("a1", "test");
    a.paragraphs = paragraphs.iter().map(|p| p.to_string()).collect();
    let body = a.body();
    quotes(&a, &body, &[])
        .iter()
        .map(|q| {
            (
                q.speaker.clone().unwrap_or_default(),
                q.speaker_span
                    .map(|s| s.slice(&body).to_string())
                    .unwrap_or_default(),
                q.cue_span
                    .map(|s| s.slice(&body).to_string())
                    .unwrap_or_default(),
                q.text.clone(),
                q.kind,
            )
        })
        .collect()
}

/// Checks the quotes found; `expected` holds (speaker, written, cue, text) of each.
fn check(paragraphs: &[&str], expected: &[(&str, &str, &str, &str)]) {
    let got = run(paragraphs);
    let got: Vec<(&str, &str, &str, &str)> = got
        .iter()
        .map(|(a, b, c, d, _)| (a.as_str(), b.as_str(), c.as_str(), d.as_str()))
        .collect();
    assert_eq!(got, expected, "in {paragraphs:?}");
}

/// Checks what a source edit (`edit`: body and source span -> span) makes of `source` opening a
/// body that goes on with `rest`.
fn check_source_edit(
    edit: fn(&str, model::Span) -> model::Span,
    source: &str,
    rest: &str,
    expected: &str,
) {
    let body = format!("{source}{rest}");
    let got = edit(&body, model::Span::new(0, source.len()));
    assert_eq!(got.slice(&body), expected, "{source:?}");
}

#[test]
fn pronoun_goes_to_the_subject_of_the_previous_sentence() {
    check(
        &[
            "Donald Trump, on Thursday, indicated he was willing to speak to Vladimir Putin.",
            "“I'd love to meet with him and talk to him,” he said.",
        ],
        &[
            (
                "Donald Trump",
                "Donald Trump",
                "indicated",
                "he was willing to speak to Vladimir Putin",
            ),
            (
                "Donald Trump",
                "he",
                "said",
                "I'd love to meet with him and talk to him,",
            ),
        ],
    );
}

#[test]
fn soundbite_is_kept_beside_tagged_quotes() {
    check(
        &[
            "(SOUNDBITE) (English) NATO SECRETARY GENERAL, MARK RUTTE, SAYING: \"We stand ready.\"",
            "Kremlin spokesman Dmitry Peskov said the talks would continue.",
        ],
        &[
            (
                "NATO SECRETARY GENERAL, MARK RUTTE",
                "NATO SECRETARY GENERAL, MARK RUTTE",
                "SAYING",
                "We stand ready.",
            ),
            (
                "Kremlin spokesman Dmitry Peskov",
                "Kremlin spokesman Dmitry Peskov",
                "said",
                "the talks would continue",
            ),
        ],
    );
}

#[test]
fn cue_is_the_verb_without_its_colon() {
    let got = run(&["The senator told reporters: “We will vote no.”"]);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].2, "told");
    assert_eq!(got[0].4, QuoteKind::Direct);
}

#[test]
fn content_never_opens_with_punctuation() {
    for q in run(&[
        "“We are ready,” he said, “but not before the summit.”",
        "Officials, however, said on Monday that the deal was close.",
    ]) {
        assert!(
            q.3.chars().next().is_some_and(char::is_alphanumeric),
            "{q:?}"
        );
    }
}

#[test]
fn nothing_in_plain_narration() {
    check(
        &["The talks resumed on Monday in Geneva after a long pause."],
        &[],
    );
}

#[test]
fn a_source_that_runs_into_its_pronoun_is_the_pronoun() {
    let body = "Donald Trump wrote on Friday. In a second post he revealed the talks went well.";
    let trump = body.find("Donald Trump").unwrap_or(0);
    let known = [(
        model::Span::new(trump, trump + "Donald Trump".len()),
        "Donald Trump".to_string(),
    )];
    let start = body.find("a second post he").unwrap_or(0);
    let source = model::Span::new(start, start + "a second post he".len());
    let (name, resolved) = super::resolve(body, &known, &[], source);
    assert_eq!((name.as_str(), resolved), ("Donald Trump", true));
    // A capitalised source stays as written.
    let start = body.find("Donald Trump").unwrap_or(0);
    let (name, _) = super::resolve(body, &[], &[], model::Span::new(start, start + 12));
    assert_eq!(name, "Donald Trump");
}

#[test]
fn a_tagged_source_drops_a_bracket_it_did_not_open_and_a_lone_dash() {
    let check = |source: &str, expected: &str| {
        check_source_edit(super::trim_tail, source, " said so.", expected)
    };
    check("Senate filings)", "Senate filings");
    check("Nielsen.)", "Nielsen");
    check(
        "the National Academies report -",
        "the National Academies report",
    );
    check(
        "Rep. G.K. Butterfield (D-N.C.)",
        "Rep. G.K. Butterfield (D-N.C.)",
    );
    check("Donald Trump,", "Donald Trump");
}

#[test]
fn a_participle_naming_its_subject_has_no_speaker() {
    let got = run(&[
        "In September, Mr. Clarke handed over management of Natural Bridge to the state. His nonprofit group, called the Virginia Conservation Legacy Fund, will still own the property until it pays back the loan.",
    ]);
    assert!(got.iter().all(|q| q.1 != "His nonprofit group"), "{got:?}");
}

#[test]
fn a_pronoun_after_a_noun_is_the_speaker_of_its_clause() {
    let check = |source: &str, expected: &str| {
        check_source_edit(
            super::relative_pronoun_subject,
            source,
            " know of is the simplest.",
            expected,
        )
    };
    check("The best one I", "I");
    check("none of the videos she", "she");
    // Kept: a pronoun after a preposition or a conjunction, a lone pronoun, a name.
    check("Many of you", "Many of you");
    check("many analysts because they", "many analysts because they");
    check("she", "she");
    check("the network Russia", "the network Russia");
}

#[test]
fn a_cue_coordinated_with_its_subjects_first_verb_reports_for_that_subject() {
    let got = run(&[
        "Reid caucused in Nevada on Saturday and says he voted “uncommitted.”",
        "She brought that down to $42,000 in five years, but said she could not save.",
    ]);
    let speakers: Vec<(&str, &str)> = got.iter().map(|q| (q.1.as_str(), q.2.as_str())).collect();
    assert_eq!(speakers, [("Reid", "says"), ("She", "said")], "{got:?}");
}

#[test]
fn a_cue_past_a_relative_clause_reports_for_its_antecedent() {
    let check = |text: &str, expected: Option<&str>| {
        let clause = model::Span::new(0, text.len());
        let who = text.find("who").unwrap_or(0);
        let source = model::Span::new(who, who + 3);
        let said = text.rfind("said").unwrap_or(0);
        let cue = model::Span::new(said, said + 4);
        let got = super::main_clause_source(text, clause, source, cue);
        assert_eq!(got.map(|s| s.slice(text)), expected, "{text:?}");
    };
    check(
        "Barkley, who played for the Suns, said he would vote.",
        Some("Barkley"),
    );
    check(
        "A White House official, who was not authorised to speak, said so.",
        Some("A White House official"),
    );
    // The cue inside the relative clause is the pronoun's.
    check("Barkley, who said he would vote, left early.", None);
}

#[test]
fn a_passive_cue_reports_for_its_agent() {
    let check = |text: &str, cue: &str, expected: Option<&str>| {
        let at = text.find(cue).unwrap_or(0);
        let cue = model::Span::new(at, at + cue.len());
        let got = super::passive_agent(text, model::Span::new(0, text.len()), cue);
        assert_eq!(got.map(|s| s.slice(text)), expected, "{text:?}");
    };
    check(
        "Trump has been criticized by some of his rivals for his remarks.",
        "has been criticized",
        Some("some of his rivals"),
    );
    check(
        "The plan was endorsed by the Tax Policy Center, a think tank.",
        "was endorsed",
        Some("the Tax Policy Center"),
    );
    // Active cues and passives without an agent keep their source.
    check("Trump criticized by name his rivals.", "criticized", None);
    check("The plan was endorsed on Tuesday.", "was endorsed", None);
}

#[test]
fn a_pronoun_carrying_the_cues_auxiliary_is_its_speaker() {
    let got = run(&["He’s predicting he will do very well in the next contest."]);
    let speakers: Vec<(&str, &str)> = got.iter().map(|q| (q.1.as_str(), q.2.as_str())).collect();
    assert_eq!(speakers, [("He", "predicting")], "{got:?}");
}

#[test]
fn a_tagged_source_drops_a_contracted_verb() {
    let check = |source: &str, expected: &str| {
        check_source_edit(
            super::trim_clitic,
            source,
            " claiming the vote would fail.",
            expected,
        )
    };
    check("She’ll", "She");
    check("I've", "I");
    check("the senators’re", "the senators");
    check("He’s", "He");
    check("it's", "it");
    // A possessive stays, and so do names with inner marks.
    check("Donald Trump's", "Donald Trump's");
    check("the campaign’s", "the campaign’s");
    check("Beto O'Rourke", "Beto O'Rourke");
    check("Trump", "Trump");
}

#[test]
fn a_tagged_source_drops_a_trailing_time_phrase() {
    let check = |source: &str, expected: &str| {
        check_source_edit(
            super::trim_when,
            source,
            " said the vote would fail.",
            expected,
        )
    };
    check(
        "Sen. Chuck Grassley (R-Iowa) on Wednesday",
        "Sen. Chuck Grassley (R-Iowa)",
    );
    check("Rep. Brad Sherman last month", "Rep. Brad Sherman");
    check("Reince Priebus this past week", "Reince Priebus");
    check(
        "Senate Minority Whip Dick Durbin in an interview",
        "Senate Minority Whip Dick Durbin",
    );
    // Kept: a name alone, a phrase after a comma, words that are not time words.
    check("Donald Trump", "Donald Trump");
    check(
        "Reince Priebus, the GOP chairman, this past week",
        "Reince Priebus, the GOP chairman, this past week",
    );
    check("a critic on Twitter", "a critic on Twitter");
    // After a participle the phrase dates the source.
    check(
        "a national Gallup Poll taken last week",
        "a national Gallup Poll taken last week",
    );
    check(
        "A Marist College poll released last week",
        "A Marist College poll released last week",
    );
    check("a report issued on Monday", "a report issued on Monday");
    check(
        "an analysis released by the harbour authority last month",
        "an analysis released by the harbour authority last month",
    );
    check("on Monday", "on Monday");
}

/// Checks one source-boundary rule: `f` applied to the first `source` in `body` gives `expected`.
fn fit(f: fn(&str, model::Span) -> model::Span, body: &str, source: &str, expected: &str) {
    let start = body.find(source).unwrap_or(0);
    let got = f(body, model::Span::new(start, start + source.len()));
    assert_eq!(got.slice(body), expected, "{source:?} in {body:?}");
}

#[test]
fn a_source_keeps_the_mark_that_closes_its_aside() {
    let f = super::close_aside;
    // The comma after an appositive, after the cue too.
    let body = "“It is,” said Ed Rendell, a former governor, referring to the vote.";
    fit(
        f,
        body,
        "Ed Rendell, a former governor",
        "Ed Rendell, a former governor,",
    );
    // No aside opened: the comma belongs to the clause, and so does one inside a number.
    fit(
        f,
        "“Yes,” said Donald Trump, adding more.",
        "Donald Trump",
        "Donald Trump",
    );
    let body = "It was endorsed by the 10,000 people in the arena, who cheered.";
    fit(
        f,
        body,
        "the 10,000 people in the arena",
        "the 10,000 people in the arena",
    );
    // The closing dash of a dashed aside.
    let body = "Jason Sims — a teacher from Mount Pleasant — says he decided late.";
    fit(
        f,
        body,
        "Jason Sims — a teacher from Mount Pleasant",
        "Jason Sims — a teacher from Mount Pleasant —",
    );
    fit(
        f,
        "Democrats - and some Republicans - say so.",
        "Democrats - and some Republicans",
        "Democrats - and some Republicans -",
    );
    fit(
        f,
        "Kagan — who was an architect — said so.",
        "Kagan",
        "Kagan",
    );
    // The period of an abbreviation.
    let body = "wrote Vice President Joseph R. Biden Jr. Then he left.";
    fit(
        f,
        body,
        "Vice President Joseph R. Biden Jr",
        "Vice President Joseph R. Biden Jr.",
    );
    let body = "said Richard L. Trumka, president of the A.F.L.-C.I.O. The pairing";
    fit(
        f,
        body,
        "Richard L. Trumka, president of the A.F.L.-C.I.O",
        "Richard L. Trumka, president of the A.F.L.-C.I.O.",
    );
    fit(
        f,
        "said Gavin Hamilton of Fresno, Calif. Then",
        "Gavin Hamilton of Fresno, Calif",
        "Gavin Hamilton of Fresno, Calif",
    );
}

#[test]
fn a_source_running_into_a_relative_pronoun_is_cut_by_its_cue() {
    let check = |body: &str, source: &str, cue: &str, expected: &str| {
        let at = |w: &str| {
            let k = body.find(w).unwrap_or(0);
            model::Span::new(k, k + w.len())
        };
        let got = super::relative_source(body, at(source), at(cue));
        assert_eq!(got.slice(body), expected, "{source:?} with cue {cue:?}");
    };
    let body = "Sanders was asked by host Bill Maher, who is supporting Sanders.";
    // The cue after the aside is the pronoun's; the one before is the noun phrase's.
    check(body, "host Bill Maher, who", "supporting", "who");
    check(body, "host Bill Maher, who", "asked", "host Bill Maher");
    let body = "“Not enough,” said Howard Rubel, a senior analyst at Jefferies, who notes more.";
    check(
        body,
        "Howard Rubel, a senior analyst at Jefferies, who",
        "said",
        "Howard Rubel, a senior analyst at Jefferies,",
    );
    check(
        "It was less than three years ago that Michael Bloomberg, who's thinking of running.",
        "Michael Bloomberg, who's",
        "thinking",
        "who",
    );
    check(
        "said Mr. Franklin, whose organization does not endorse candidates.",
        "Mr. Franklin, whose organization",
        "endorse",
        "whose organization",
    );
    // A restrictive clause: the noun phrase.
    check(
        "Even Republicans who have praised him warned.",
        "Republicans who",
        "praised",
        "Republicans",
    );
    // No pronoun at the end: unchanged.
    check(
        "Dorothy Poynter, who grew up with Ali, said so.",
        "Dorothy Poynter, who grew up with Ali,",
        "said",
        "Dorothy Poynter, who grew up with Ali,",
    );
}

#[test]
fn a_source_is_cut_to_its_noun_phrase() {
    let f = super::clip_source;
    fit(f, "The ad then says more.", "The ad then", "The ad");
    fit(
        f,
        "Wells Fargo also said so.",
        "Wells Fargo also",
        "Wells Fargo",
    );
    fit(
        f,
        "In a Bloomberg interview Trump said no.",
        "a Bloomberg interview Trump",
        "Trump",
    );
    fit(
        f,
        "according to an interview his brother Alastair Osman gave",
        "an interview his brother Alastair Osman",
        "his brother Alastair Osman",
    );
    // Kept: a date after the medium noun, a name of its own, an adverb alone.
    fit(
        f,
        "a report Tuesday from WKOW said",
        "a report Tuesday from WKOW",
        "a report Tuesday from WKOW",
    );
    fit(
        f,
        "Scot Ross of One Wisconsin Now said",
        "Scot Ross of One Wisconsin Now",
        "Scot Ross of One Wisconsin Now",
    );
    fit(f, "then", "then", "then");
}

#[test]
fn a_transcript_attributes_each_turn_to_its_speaker_label() {
    check(
        &[
            "The governor spoke to the host on Sunday morning.",
            "HARRIS: Let me start with the budget. Will you sign it?",
            "DELGADO: Well, look, we have to get the numbers right first.",
            "HARRIS: And if they are not right?",
        ],
        &[
            (
                "HARRIS",
                "HARRIS",
                ":",
                "Let me start with the budget. Will you sign it?",
            ),
            (
                "DELGADO",
                "DELGADO",
                ":",
                "Well, look, we have to get the numbers right first.",
            ),
            ("HARRIS", "HARRIS", ":", "And if they are not right?"),
        ],
    );
}

#[test]
fn a_lone_capital_label_is_not_a_speaker() {
    check(
        &[
            "UPDATE: The bridge reopened to traffic at noon.",
            "Crews had worked through the night on the damaged span.",
        ],
        &[],
    );
}

#[test]
fn a_signed_quote_is_attributed_to_the_name_after_its_dash() {
    check(
        &[
            "Readers sent these notes after the vote.",
            "“It was the first time I felt heard. My whole street turned out.” ― Maria Obregon",
            "“I am still angry about the way the count went.”― Tom R. Haskell.",
        ],
        &[
            (
                "Maria Obregon",
                "Maria Obregon",
                "―",
                "It was the first time I felt heard. My whole street turned out.",
            ),
            (
                "Tom R. Haskell",
                "Tom R. Haskell",
                "―",
                "I am still angry about the way the count went.",
            ),
        ],
    );
}

#[test]
fn a_participle_cue_without_a_source_reports_for_the_sentence_subject() {
    // (sentence, cue, subject found)
    let cases = [
        (
            "Okafor fired off a string of posts late Sunday claiming the count was rigged.",
            "claiming",
            Some("Okafor"),
        ),
        (
            "Mayor Ines Vidal ended the rally telling supporters to vote early.",
            "telling",
            Some("Mayor Ines Vidal"),
        ),
        (
            "She closed the hearing by warning that the fund would run dry.",
            "warning",
            Some("She"),
        ),
        // A cue that is no participle, and sentence openers that are no subject.
        (
            "Okafor fired off a string of posts late Sunday and said the count was rigged.",
            "said",
            None,
        ),
        (
            "Despite the rain, hundreds marched downtown chanting slogans.",
            "chanting",
            None,
        ),
        (
            "Some voters stayed home fearing long lines.",
            "fearing",
            None,
        ),
        (
            "Okafor’s office put out a statement denying the report.",
            "denying",
            None,
        ),
    ];
    // A run-on text: the cue is too far from the sentence's start to read its subject.
    let long = format!(
        "Okafor {} claiming the count was rigged.",
        "walked and ".repeat(200)
    );
    let cases = cases
        .into_iter()
        .map(|(t, c, e)| (t.to_string(), c, e))
        .chain([(long, "claiming", None)]);
    for (text, cue, expected) in cases {
        let text = text.as_str();
        let at = text.find(cue).unwrap();
        let cue = model::Span::new(at, at + cue.len());
        let words: Vec<model::Span> = text::tokens(text).into_iter().map(|t| t.span).collect();
        let got = super::participle_subject(text, &words, model::Span::new(0, text.len()), cue);
        assert_eq!(got.map(|s| s.slice(text)), expected, "in {text:?}");
    }
}

#[test]
fn a_quote_broken_by_its_attribution_after_a_question_mark() {
    // The content tagger runs one content over both halves and "Ana Rivera said" between.
    check(
        &[
            "“Why should the harbour wait another year?” Ana Rivera said. “The money is there. \
           The boats are there. Only the permit is missing.”",
        ],
        &[(
            "Ana Rivera",
            "Ana Rivera",
            "said",
            "Why should the harbour wait another year? The money is there. The boats are there. \
             Only the permit is missing.",
        )],
    );
}

#[test]
fn a_colon_closing_a_paragraph_introduces_the_next() {
    check(
        &[
            "The fishermen's union met the mayor on Monday.",
            "Its chairman said:",
            "“We have waited three winters for this harbour and we will not wait a fourth.”",
        ],
        &[(
            "Its chairman",
            "Its chairman",
            "said",
            "We have waited three winters for this harbour and we will not wait a fourth.",
        )],
    );
    // Without quotation marks the next paragraph is the quoted block.
    check(
        &[
            "The harbour works were delayed again on Tuesday. The mayor added:",
            "The permit will be signed before the end of the month, and the works will start in the spring.",
        ],
        &[(
            "The mayor",
            "The mayor",
            "added",
            "The permit will be signed before the end of the month, and the works will start in the spring.",
        )],
    );
}

#[test]
fn single_marks_quote_as_british_papers_print_them() {
    // The apostrophes of "I'd" and "harbour's" neither open nor close the quotation.
    check(
        &["'I'd love to see the harbour's boats back by May,' Ana Rivera said."],
        &[(
            "Ana Rivera",
            "Ana Rivera",
            "said",
            "I'd love to see the harbour's boats back by May,",
        )],
    );
    check(
        &["‘We will not wait another winter,’ the union’s chairman told reporters."],
        &[(
            "the union’s chairman",
            "the union’s chairman",
            "told",
            "We will not wait another winter,",
        )],
    );
}

#[test]
fn single_mark_regions_pair_and_apostrophes_do_not() {
    let body =
        "'Yes,' he said. Trump's boats, the students' union and 'the plan' held; ‘No’ too. 'Open";
    let regions = super::quote_regions(body, &[model::Span::new(0, body.len())]);
    let got: Vec<&str> = regions.iter().map(|r| r.outer.slice(body)).collect();
    assert_eq!(got, ["'Yes,'", "'the plan'", "‘No’"]);
}

#[test]
fn a_word_in_marks_does_not_cut_the_content_short() {
    // The rules read 'thousands' as the quotation of "warning"; the tagger's content is the
    // clause, which the two words in marks do not replace.
    check(
        &[
            "Prime Minister Anna Berg vowed to get a 'final and signed' fishing deal between \
           Norway and Iceland, warning 'thousands' will lose work if the talks don't end.",
        ],
        &[
            (
                "Prime Minister Anna Berg",
                "Prime Minister Anna Berg",
                "vowed",
                "to get a 'final and signed' fishing deal between Norway and Iceland",
            ),
            (
                "Prime Minister Anna Berg",
                "Prime Minister Anna Berg",
                "warning",
                "'thousands' will lose work if the talks don't end",
            ),
        ],
    );
}

#[test]
fn a_name_inside_quotation_marks_is_not_the_pronouns_antecedent() {
    let got = run(&[
        "Ana Rivera met the fishermen on Monday.",
        "“We will call Prime Minister Olsen and settle this with him,” she said.",
    ]);
    let speakers: Vec<(&str, &str)> = got.iter().map(|q| (q.0.as_str(), q.1.as_str())).collect();
    assert_eq!(speakers, [("Ana Rivera", "she")], "{got:?}");
}

#[test]
fn a_double_quotation_inside_single_marks_is_part_of_it() {
    let body = "'He told me \"never again\" on Monday,' she said. \"Fine,\" he said.";
    let regions = super::quote_regions(body, &[model::Span::new(0, body.len())]);
    let got: Vec<&str> = regions.iter().map(|r| r.outer.slice(body)).collect();
    assert_eq!(
        got,
        ["'He told me \"never again\" on Monday,'", "\"Fine,\""]
    );
}

#[test]
fn a_source_loses_its_sentence_period_and_a_participle_aside() {
    let cut = |f: fn(&str, model::Span) -> model::Span, source: &str| {
        let body = format!("{source} said the vote would fail.");
        f(&body, model::Span::new(0, source.len()))
            .slice(&body)
            .to_string()
    };
    assert_eq!(
        cut(super::trim_period, "the Harbour Research."),
        "the Harbour Research"
    );
    // Abbreviations and initials keep their period.
    assert_eq!(
        cut(super::trim_period, "Ana Rivera, 41, of Fresno, Calif."),
        "Ana Rivera, 41, of Fresno, Calif."
    );
    assert_eq!(
        cut(super::trim_period, "Joseph R. Biden Jr."),
        "Joseph R. Biden Jr."
    );
    assert_eq!(
        cut(super::trim_period, "the A.F.L.-C.I.O."),
        "the A.F.L.-C.I.O."
    );
    assert_eq!(
        cut(
            super::drop_participle_aside,
            "Ana Rivera, speaking at the harbour on Monday,"
        ),
        "Ana Rivera"
    );
    // "including" and a lower-case opening keep the aside.
    assert_eq!(
        cut(
            super::drop_participle_aside,
            "Several unions, including the dockers,"
        ),
        "Several unions, including the dockers,"
    );
    assert_eq!(
        cut(
            super::drop_participle_aside,
            "officials, speaking on condition of anonymity,"
        ),
        "officials, speaking on condition of anonymity,"
    );
}

#[test]
fn an_inverted_attribution_closing_its_sentence_has_its_speaker() {
    check(
        &["Trump would expand the standard deduction, but for some, the losses would outstrip the gains, said Batchelder."],
        &[(
            "Batchelder",
            "Batchelder",
            "said",
            "Trump would expand the standard deduction, but for some, the losses would outstrip the gains",
        )],
    );
    // Not a speaker: a phrase of time or place after the cue.
    let got = run(&["The losses would outstrip the gains, experts said on Tuesday."]);
    assert!(got.iter().all(|q| q.1 != "on Tuesday"), "{got:?}");
}
