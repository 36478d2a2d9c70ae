//! netcheck's entry point: parse the command line, run, print the error, exit.

fn main() -> std::process::ExitCode {
    netcheck::app::main_entry()
}
