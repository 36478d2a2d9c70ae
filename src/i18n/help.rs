//! `--help`, usage errors, completions and man pages in the user's language.
//! English comes from the clap definitions in `cli.rs` (their doc comments);
//! every other language gives a line for every command and every argument
//! here, looked up by the command's name and the argument's id. A test walks
//! the whole command tree so a new flag without its Korean line fails.

/// The sentences of this part of the catalogue; every language implements
/// them (`en.rs`, `ko.rs`).
pub trait HelpText {
    fn cli_usage_heading(&self) -> &'static str;
    fn cli_options_heading(&self) -> &'static str;
    fn cli_arguments_heading(&self) -> &'static str;
    fn cli_commands_heading(&self) -> &'static str;
    fn cli_options_word(&self) -> &'static str;
    fn cli_default(&self, v: &str) -> String;
    fn cli_possible(&self, vs: &str) -> String;
    /// The exit-status table at the end of every `--help`.
    fn exit_help(&self) -> &'static str;
    fn man_no_such_command(&self, name: &str) -> String;
    fn cannot_write_file(&self, path: &str, why: std::io::ErrorKind) -> String;
    fn clap_invalid_value(&self, arg: &str, value: &str) -> String;
    fn clap_possible_values(&self, vs: &str) -> String;
    /// What a flag's value must look like, keyed by the long flag.
    fn clap_expected(&self, flag: &str) -> Option<&'static str>;
    fn clap_expected_line(&self, what: &str) -> String;
    fn clap_unknown_argument(&self, arg: &str) -> String;
    fn clap_unknown_command(&self, cmd: &str) -> String;
    fn clap_did_you_mean(&self, s: &str) -> String;
    fn clap_missing(&self, args: &str) -> String;
    fn clap_missing_command(&self) -> &'static str;
    fn clap_conflict(&self, a: &str, b: &str) -> String;
    fn clap_once(&self, arg: &str) -> String;
    fn clap_wrong_use(&self, arg: &str) -> String;
    fn clap_not_utf8(&self) -> &'static str;
    fn clap_other(&self) -> &'static str;
    fn clap_more_info(&self) -> &'static str;
    /// A command's one-line description; `cmd` is its name ("" for netcheck
    /// itself). `None` = keep clap's (English) text.
    fn cli_about(&self, cmd: &str) -> Option<&'static str>;
    /// An argument's help line: `cmd` is the command's name ("" for the
    /// global options), `id` the argument's id (the field name in `cli.rs`).
    fn cli_arg_help(&self, cmd: &str, id: &str) -> Option<&'static str>;
    /// What a value placeholder means, for the usage line (`<TARGET>`).
    fn cli_value_name(&self, name: &str) -> String;
}
