//! `--keep`, once for `forward` and `forward --ipv6`: hold what was opened
//! (a port mapping, IPv6 pinholes), renew it on a timer, and on Ctrl-C /
//! SIGTERM release it. What differs per kind lives behind [`Held`].

use crate::config::Ctx;
use crate::exit::Exit;
use crate::output::Style;
use crate::sys::signal::Stop;
use std::time::Duration;
use tokio::time::Instant;

/// Something `--keep` holds open until a signal.
pub(crate) trait Held {
    /// The line said once, before waiting: how often it is renewed.
    fn keeping(&self, every: Duration) -> String;
    /// Renews it, saying how that went on stderr.
    async fn renew(&mut self, deadline: Instant, style: Style);
    /// The line said when the signal came.
    fn stopping(&self) -> &'static str;
    /// Releases it, saying what failed on stderr; false when something did.
    async fn release(&mut self, deadline: Instant, style: Style) -> bool;
}

/// Renews `held` every `every` until a signal (at once when the signal came
/// already, while it was being opened), then releases it. Each renewal and
/// the release get a fresh deadline from `--timeout`.
pub(crate) async fn keep(ctx: &Ctx, stop: &Stop, every: Duration, held: &mut impl Held) -> Exit {
    let style = Style { color: ctx.color };
    if stop.received().is_none() {
        eprintln!("{}", style.dim(&held.keeping(every)));
    }
    let mut next = Instant::now() + every;
    loop {
        tokio::select! {
            biased;
            _ = stop.wait() => break,
            _ = tokio::time::sleep_until(next) => {
                held.renew(ctx.deadline(), style).await;
                next = Instant::now() + every;
            }
        }
    }
    eprintln!("{}", style.dim(held.stopping()));
    if held.release(ctx.deadline(), style).await {
        Exit::Ok
    } else {
        Exit::Problem
    }
}
