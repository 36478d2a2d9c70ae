//! Adapters over the OS and third-party crates. Each crate is used in one
//! module here only; the rest of netcheck sees plain netcheck types.

pub mod addr6;
pub mod http;
pub mod listeners;
pub mod local_ip;
pub mod locale;
pub mod log;
pub mod netdev_adapter;
#[cfg(target_os = "linux")]
pub mod netlink;
pub mod runtime;
pub mod signal;
pub mod soap6;
pub mod upnp;
pub mod web;

/// An OS error in a few words, without the "(os error N)" suffix.
pub fn io_words(e: &std::io::Error) -> String {
    without_os_error(e.to_string())
}

/// io::Error's Display adds " (os error 111)"; people don't need it.
pub fn without_os_error(text: String) -> String {
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn io_words_drop_the_os_error_number() {
        let e = std::io::Error::from_raw_os_error(111);
        let words = crate::sys::io_words(&e);
        assert!(!words.contains("os error") && !words.is_empty(), "{words}");
        assert_eq!(super::without_os_error("no route".into()), "no route");
    }
}
