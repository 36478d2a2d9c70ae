use super::*;

fn all_commands(cmd: &Command) -> Vec<(String, Command)> {
    let mut out = vec![(String::new(), cmd.clone())];
    for s in cmd.get_subcommands() {
        out.push((s.get_name().to_string(), s.clone()));
    }
    out
}

#[test]
fn both_languages_build_and_pass_clap_checks() {
    for lang in [Lang::En, Lang::Ko] {
        command(lang).debug_assert();
    }
}

#[test]
fn every_command_and_argument_has_korean_help() {
    let tr = Tr(Lang::Ko);
    let cmd = command(Lang::En);
    let mut missing = Vec::new();
    for (name, c) in all_commands(&cmd) {
        if tr.cli_about(&name).is_none() {
            missing.push(format!("about of '{name}'"));
        }
        for a in c.get_arguments() {
            let id = a.get_id().as_str();
            if tr.cli_arg_help(&name, id).is_none() {
                missing.push(format!("'{name}' argument '{id}'"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "add these to src/i18n/help.rs: {missing:#?}"
    );
}
