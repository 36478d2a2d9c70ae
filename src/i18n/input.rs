//! Input errors in Korean. The parsers (`net::sources`, `probe::target`,
//! `duration`, `check::nat_type`) name the bad value in English, which is
//! what `--json` carries; people reading Korean get the same message with
//! every English phrase replaced from this table. A test runs the real
//! parsers on bad values and checks no English is left.

/// The sentences of this part of the catalogue; every language implements
/// them (`en.rs`, `ko.rs`).
pub trait InputText {
    /// A bad value from the user, named by the parser.
    fn bad_input(&self, detail: &str) -> String;
}

#[cfg(test)]
mod tests {
    use crate::i18n::lint::english_words;
    use crate::i18n::{Lang, Tr};

    #[test]
    fn parser_errors_read_in_korean() {
        let mut errors: Vec<String> = Vec::new();
        for raw in [
            "x",
            "ftp://a",
            "http://",
            "stun:",
            "stun:a:0",
            "stun:a:99999",
            "stun:a b:1",
        ] {
            errors.push(
                crate::net::sources::parse_source(raw)
                    .err()
                    .unwrap_or_default(),
            );
        }
        errors.push(
            crate::net::sources::parse_all(&[" ".into()])
                .err()
                .unwrap_or_default(),
        );
        errors.push(
            crate::net::sources::parse_all(&[])
                .err()
                .unwrap_or_default(),
        );
        for (raw, port, path) in [
            ("ftp://a", None, None),
            ("http://a:80", Some(81), None),
            ("http://a/x", None, Some("/y")),
            ("a", None, Some("/a b")),
            ("[zz]", None, None),
            ("[::1", None, None),
            ("999.1.1.1", None, None),
            ("ex ample", None, None),
            (&"a".repeat(3000), None, None),
            ("http://a:0", None, None),
        ] {
            errors.push(
                crate::check::probe::target::parse_target(raw, port, path)
                    .err()
                    .unwrap_or_default(),
            );
        }
        for d in ["abc", "0", "9999d"] {
            errors.push(crate::duration::parse_timeout(d).err().unwrap_or_default());
        }
        errors.push(
            crate::duration::parse_lease("500ms")
                .err()
                .unwrap_or_default(),
        );
        errors.push(
            crate::duration::parse_duration("1x")
                .err()
                .unwrap_or_default(),
        );
        for s in ["http://a", "nope"] {
            errors.push(
                crate::check::nat_type::parse_server(s)
                    .err()
                    .unwrap_or_default(),
            );
        }
        errors.push(crate::cli::parse_ipv4("x").err().unwrap_or_default());
        for e in errors.iter().filter(|e| !e.is_empty()) {
            let ko = Tr(Lang::Ko).bad_input(e);
            let left = english_words(&ko);
            assert!(left.is_empty(), "{e}\n→ {ko}\nEnglish left: {left:?}");
            assert_eq!(Tr(Lang::En).bad_input(e), *e, "English is the parser's");
        }
        // Control: a sentence the table does not know stays visible.
        assert!(!english_words(&Tr(Lang::Ko).bad_input("something new went wrong")).is_empty());
    }
}
