//! The operating system's user-interface language, through `sys-locale` (the
//! only module that uses it): the display language on Windows, the first
//! preferred language on macOS, the POSIX locale variables elsewhere. A BCP 47
//! tag such as `ko-KR`, or `None` when the OS does not say.

pub fn ui_language() -> Option<String> {
    sys_locale::get_locale().filter(|s| !s.trim().is_empty())
}
