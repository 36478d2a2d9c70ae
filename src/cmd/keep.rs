//! `--keep`, once for `forward` and `forward --ipv6`: hold what was opened
//! (a port mapping, IPv6 pinholes), renew it on a timer, and on Ctrl-C /
//! SIGTERM release it. What differs per kind lives behind [`Held`]; what it
//! has to say goes through [`Say`] (a JSON event per line under `--json`).

use crate::cmd::Say;
use crate::config::Ctx;
use crate::exit::Exit;
use crate::sys::signal::Stop;
use std::time::Duration;
use tokio::time::Instant;

/// Something `--keep` holds open until a signal.
pub(crate) trait Held {
    /// Said once, before waiting: how often it is renewed (`keeping`).
    fn keeping(&self, every: Duration, say: &Say);
    /// Renews it, saying how that went (`renewed`, `recreated`, `renew_failed`).
    async fn renew(&mut self, deadline: Instant, say: &Say);
    /// Said when the signal came (`stopping`).
    fn stopping(&self, say: &Say);
    /// Releases it, saying what failed (`remove_failed`); false when something did.
    async fn release(&mut self, deadline: Instant, say: &Say) -> bool;
}

/// Renews `held` every `every` until a signal (at once when the signal came
/// already, while it was being opened), then releases it. Each renewal and
/// the release get a fresh deadline from `--timeout`.
pub(crate) async fn keep(ctx: &Ctx, stop: &Stop, every: Duration, held: &mut impl Held) -> Exit {
    let say = Say::new(ctx);
    if stop.received().is_none() {
        held.keeping(every, &say);
    }
    let mut next = Instant::now() + every;
    loop {
        tokio::select! {
            biased;
            _ = stop.wait() => break,
            _ = tokio::time::sleep_until(next) => {
                held.renew(ctx.deadline(), &say).await;
                next = Instant::now() + every;
            }
        }
    }
    held.stopping(&say);
    if held.release(ctx.deadline(), &say).await {
        Exit::Ok
    } else {
        Exit::Problem
    }
}
