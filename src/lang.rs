//! The language a person reads netcheck's output in. A leaf: every floor may
//! name a language; only the catalogue (`i18n`) turns it into sentences.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Ko,
}
