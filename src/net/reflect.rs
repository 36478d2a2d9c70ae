//! Pure decisions of the outside view: the reflector's token bucket per
//! source address, what one connect-back found (open / open_other / refused /
//! filtered), and what several vantages agree on. Data in, data out.

use crate::proto::reflector::{Outcome, Proof};
use serde::Serialize;
use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

// ---------------------------------------------------------------- buckets

/// The key a bucket is kept under: an IPv4 address, or an IPv6 /64 (one
/// home gets a /64 or more, so its addresses share one bucket).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceKey {
    V4(u32),
    V6Net(u64),
}

impl SourceKey {
    pub fn of(ip: IpAddr) -> SourceKey {
        match ip.to_canonical() {
            IpAddr::V4(v4) => SourceKey::V4(u32::from(v4)),
            IpAddr::V6(v6) => SourceKey::V6Net((u128::from(v6) >> 64) as u64),
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Whether a check may run now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admit {
    Yes,
    /// Over the limit: retry after this long (rounded up to whole seconds).
    No {
        retry_after: Duration,
    },
}

/// One token bucket per source: `per_minute` checks, refilled evenly over a
/// minute; at most `max_sources` buckets are kept (full ones are forgotten
/// first; when every kept one is in use, new sources wait).
#[derive(Debug)]
pub struct Buckets {
    per_minute: u32,
    max_sources: usize,
    map: HashMap<SourceKey, Bucket>,
}

impl Buckets {
    pub fn new(per_minute: u32, max_sources: usize) -> Buckets {
        Buckets {
            per_minute: per_minute.max(1),
            max_sources: max_sources.max(1),
            map: HashMap::new(),
        }
    }

    fn rate(&self) -> f64 {
        f64::from(self.per_minute) / 60.0
    }

    fn refill(&self, b: &mut Bucket, now: Instant) {
        let add = now.saturating_duration_since(b.at).as_secs_f64() * self.rate();
        b.tokens = (b.tokens + add).min(f64::from(self.per_minute));
        b.at = now;
    }

    /// Takes one token for `ip` at `now`.
    pub fn take(&mut self, ip: IpAddr, now: Instant) -> Admit {
        let key = SourceKey::of(ip);
        if !self.map.contains_key(&key) && self.map.len() >= self.max_sources {
            let full = f64::from(self.per_minute);
            let rate = self.rate();
            self.map.retain(|_, b| {
                let t = b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * rate;
                t < full
            });
            if self.map.len() >= self.max_sources {
                return Admit::No {
                    retry_after: Duration::from_secs(1),
                };
            }
        }
        let mut b = self.map.get(&key).copied().unwrap_or(Bucket {
            tokens: f64::from(self.per_minute),
            at: now,
        });
        self.refill(&mut b, now);
        let admit = if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Admit::Yes
        } else {
            let wait = (1.0 - b.tokens) / self.rate();
            Admit::No {
                retry_after: Duration::from_secs(wait.ceil().max(1.0) as u64),
            }
        };
        self.map.insert(key, b);
        admit
    }

    pub fn sources(&self) -> usize {
        self.map.len()
    }
}

// ---------------------------------------------------------------- one port

/// How a connect-back attempt ended at the transport level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reached {
    /// TCP: the handshake completed. UDP: a datagram came back.
    Connected,
    /// A TCP reset or ICMP port/host unreachable.
    Refused,
    /// Nothing within the timeout.
    Silent,
    /// The reflector could not even try (names why).
    Failed(String),
}

/// What the HTTP exchange showed (after [`Reached::Connected`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HttpSeen {
    /// The POST answer echoed the nonce (`netcheck serve`).
    pub nonce_echoed: bool,
    /// The GET answer's fingerprint.
    pub fingerprint: Option<String>,
}

/// Pure: one port's outcome and proof.
/// `expected` is the fingerprint the caller's server gives locally (HTTP);
/// `udp_echo` tells for UDP whether the reply was the datagram sent.
pub fn decide(
    transport: crate::proto::reflector::Transport,
    reached: &Reached,
    http: &HttpSeen,
    expected: Option<&str>,
    udp_echo: bool,
) -> (Outcome, Option<Proof>) {
    use crate::proto::reflector::Transport;
    match reached {
        Reached::Refused => (Outcome::Refused, None),
        Reached::Silent => (Outcome::Filtered, None),
        Reached::Failed(_) => (Outcome::Error, None),
        Reached::Connected => match transport {
            Transport::Tcp => (Outcome::Open, None),
            Transport::Udp if udp_echo => (Outcome::Open, Some(Proof::Nonce)),
            Transport::Udp => (Outcome::OpenOther, None),
            Transport::Http if http.nonce_echoed => (Outcome::Open, Some(Proof::Nonce)),
            Transport::Http if expected.is_some() && http.fingerprint.as_deref() == expected => {
                (Outcome::Open, Some(Proof::Fingerprint))
            }
            Transport::Http => (Outcome::OpenOther, None),
        },
    }
}

// ---------------------------------------------------------------- vantages

/// What one vantage said, in the client's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Said {
    Open,
    OpenOther,
    Refused,
    Filtered,
    /// An echoip-compatible checker said "not reachable" (it cannot tell
    /// refused from filtered).
    Closed,
    /// The vantage refused to check now (HTTP 429).
    RateLimited,
    /// No usable answer: down, too slow, not a vantage.
    Down,
    /// It answered in another API version.
    Incompatible,
    /// It answered, but could not test (its own error).
    Error,
}

impl Said {
    pub fn from_outcome(o: Outcome) -> Said {
        match o {
            Outcome::Open => Said::Open,
            Outcome::OpenOther => Said::OpenOther,
            Outcome::Refused => Said::Refused,
            Outcome::Filtered => Said::Filtered,
            Outcome::Error => Said::Error,
        }
    }

    /// A result about the port (not about the vantage).
    pub fn is_answer(self) -> bool {
        matches!(
            self,
            Said::Open | Said::OpenOther | Said::Refused | Said::Filtered | Said::Closed
        )
    }

    fn class(self) -> Class {
        match self {
            Said::Open => Class::Open,
            Said::OpenOther => Class::Other,
            _ => Class::Unreached,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Class {
    Open,
    Other,
    Unreached,
}

/// The agreed answer of all vantages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Agreed {
    Open,
    OpenOther,
    Refused,
    Filtered,
    /// Not reachable; the vantages cannot tell refused from filtered.
    Closed,
    /// As many vantages say one thing as another.
    Disagree,
    /// No vantage answered about the port.
    Unknown,
    /// No vantage was asked (`--no-outside`).
    NotAsked,
}

/// One vantage's vote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vote {
    pub said: Said,
    /// The open was proven (nonce or fingerprint).
    pub proven: bool,
    /// The address the vantage saw the request come from.
    pub seen_from: Option<IpAddr>,
}

/// The agreement, with who confirmed and who contradicted (indices into the votes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agreement {
    pub result: Agreed,
    /// The agreed open was proven by at least one agreeing vantage.
    pub proven: bool,
    pub confirmed_by: Vec<usize>,
    /// Answered differently from the agreement, or tested another address.
    pub contradicting: Vec<usize>,
}

/// Pure: what the vantages agree on. Votes that saw the request come from
/// another address than `public` tested something else and do not count.
/// The class with the most votes wins; a tie is `Disagree`.
pub fn agree(votes: &[Vote], public: Option<IpAddr>) -> Agreement {
    let mut contradicting = Vec::new();
    let mut counted: Vec<usize> = Vec::new();
    for (i, v) in votes.iter().enumerate() {
        if !v.said.is_answer() {
            continue;
        }
        if let (Some(seen), Some(p)) = (v.seen_from, public)
            && seen.to_canonical() != p.to_canonical()
        {
            contradicting.push(i);
            continue;
        }
        counted.push(i);
    }
    if counted.is_empty() {
        return Agreement {
            result: Agreed::Unknown,
            proven: false,
            confirmed_by: Vec::new(),
            contradicting,
        };
    }
    let mut tally: Vec<(Class, usize)> = Vec::new();
    for &i in &counted {
        let c = votes[i].said.class();
        match tally.iter_mut().find(|(k, _)| *k == c) {
            Some((_, n)) => *n += 1,
            None => tally.push((c, 1)),
        }
    }
    tally.sort_by_key(|t| std::cmp::Reverse(t.1));
    if tally.len() > 1 && tally[0].1 == tally[1].1 {
        contradicting.extend(counted.iter().copied());
        contradicting.sort_unstable();
        return Agreement {
            result: Agreed::Disagree,
            proven: false,
            confirmed_by: Vec::new(),
            contradicting,
        };
    }
    let winner = tally[0].0;
    let confirmed_by: Vec<usize> = counted
        .iter()
        .copied()
        .filter(|&i| votes[i].said.class() == winner)
        .collect();
    contradicting.extend(
        counted
            .iter()
            .copied()
            .filter(|&i| votes[i].said.class() != winner),
    );
    contradicting.sort_unstable();
    let count = |s: Said| confirmed_by.iter().filter(|&&i| votes[i].said == s).count();
    let result = match winner {
        Class::Open => Agreed::Open,
        Class::Other => Agreed::OpenOther,
        Class::Unreached => {
            let (r, f) = (count(Said::Refused), count(Said::Filtered));
            if r == 0 && f == 0 {
                Agreed::Closed
            } else if r >= f {
                Agreed::Refused
            } else {
                Agreed::Filtered
            }
        }
    };
    let proven = result == Agreed::Open && confirmed_by.iter().any(|&i| votes[i].proven);
    Agreement {
        result,
        proven,
        confirmed_by,
        contradicting,
    }
}

#[cfg(test)]
#[allow(clippy::type_complexity)]
mod tests {
    use super::*;
    use crate::proto::reflector::Transport;

    #[test]
    fn bucket_allows_ten_a_minute() {
        let t0 = Instant::now();
        let ip: IpAddr = "111.222.33.123".parse().unwrap();
        let mut b = Buckets::new(10, 1000);
        for n in 0..10 {
            assert_eq!(b.take(ip, t0), Admit::Yes, "check {n}");
        }
        let Admit::No { retry_after } = b.take(ip, t0) else {
            panic!("the 11th check passed");
        };
        assert_eq!(retry_after, Duration::from_secs(6));
        // Another address has its own bucket; an IPv6 /64 shares one.
        assert_eq!(b.take("111.222.33.124".parse().unwrap(), t0), Admit::Yes);
        // Six seconds later one token is back, and only one.
        let t6 = t0 + Duration::from_secs(6);
        assert_eq!(b.take(ip, t6), Admit::Yes);
        assert!(matches!(b.take(ip, t6), Admit::No { .. }));
        let mut v6 = Buckets::new(1, 1000);
        assert_eq!(v6.take("2111:222::1".parse().unwrap(), t0), Admit::Yes);
        assert!(matches!(
            v6.take("2111:222::2".parse().unwrap(), t0),
            Admit::No { .. }
        ));
        assert_eq!(v6.take("2111:223::1".parse().unwrap(), t0), Admit::Yes);
        // IPv4-mapped IPv6 is the IPv4 address.
        let mut m = Buckets::new(1, 1000);
        assert_eq!(m.take("::ffff:1.2.3.4".parse().unwrap(), t0), Admit::Yes);
        assert!(matches!(
            m.take("1.2.3.4".parse().unwrap(), t0),
            Admit::No { .. }
        ));
    }

    #[test]
    fn bucket_memory_is_bounded() {
        let t0 = Instant::now();
        let mut b = Buckets::new(10, 3);
        for i in 1..=3u8 {
            assert_eq!(b.take(IpAddr::from([10, 0, 0, i]), t0), Admit::Yes);
        }
        // All three in use: a fourth source waits.
        assert!(matches!(
            b.take(IpAddr::from([10, 0, 0, 4]), t0),
            Admit::No { .. }
        ));
        assert_eq!(b.sources(), 3);
        // A minute later the three are full again and forgotten.
        let later = t0 + Duration::from_secs(60);
        assert_eq!(b.take(IpAddr::from([10, 0, 0, 4]), later), Admit::Yes);
        assert_eq!(b.sources(), 1);
    }

    #[test]
    fn decisions_table() {
        let fp = "f".repeat(64);
        let echoed = HttpSeen {
            nonce_echoed: true,
            fingerprint: None,
        };
        let same = HttpSeen {
            nonce_echoed: false,
            fingerprint: Some(fp.clone()),
        };
        let other = HttpSeen {
            nonce_echoed: false,
            fingerprint: Some("0".repeat(64)),
        };
        let none = HttpSeen::default();
        use Outcome::*;
        let cases: Vec<(
            Transport,
            Reached,
            &HttpSeen,
            Option<&str>,
            bool,
            Outcome,
            Option<Proof>,
        )> = vec![
            (
                Transport::Tcp,
                Reached::Connected,
                &none,
                None,
                false,
                Open,
                None,
            ),
            (
                Transport::Tcp,
                Reached::Refused,
                &none,
                None,
                false,
                Refused,
                None,
            ),
            (
                Transport::Tcp,
                Reached::Silent,
                &none,
                None,
                false,
                Filtered,
                None,
            ),
            (
                Transport::Tcp,
                Reached::Failed("x".into()),
                &none,
                None,
                false,
                Error,
                None,
            ),
            (
                Transport::Http,
                Reached::Connected,
                &echoed,
                None,
                false,
                Open,
                Some(Proof::Nonce),
            ),
            (
                Transport::Http,
                Reached::Connected,
                &same,
                Some(&fp),
                false,
                Open,
                Some(Proof::Fingerprint),
            ),
            (
                Transport::Http,
                Reached::Connected,
                &other,
                Some(&fp),
                false,
                OpenOther,
                None,
            ),
            (
                Transport::Http,
                Reached::Connected,
                &same,
                None,
                false,
                OpenOther,
                None,
            ),
            (
                Transport::Http,
                Reached::Connected,
                &none,
                Some(&fp),
                false,
                OpenOther,
                None,
            ),
            (
                Transport::Http,
                Reached::Refused,
                &none,
                Some(&fp),
                false,
                Refused,
                None,
            ),
            (
                Transport::Udp,
                Reached::Connected,
                &none,
                None,
                true,
                Open,
                Some(Proof::Nonce),
            ),
            (
                Transport::Udp,
                Reached::Connected,
                &none,
                None,
                false,
                OpenOther,
                None,
            ),
            (
                Transport::Udp,
                Reached::Silent,
                &none,
                None,
                false,
                Filtered,
                None,
            ),
            (
                Transport::Udp,
                Reached::Refused,
                &none,
                None,
                false,
                Refused,
                None,
            ),
        ];
        for (t, reached, http, expected, udp, want, proof) in cases {
            assert_eq!(
                decide(t, &reached, http, expected, udp),
                (want, proof),
                "{t:?} {reached:?} {http:?} {expected:?}"
            );
        }
    }

    fn v(said: Said, proven: bool, seen: Option<&str>) -> Vote {
        Vote {
            said,
            proven,
            seen_from: seen.map(|s| s.parse().unwrap()),
        }
    }

    #[test]
    fn agreement_table() {
        let p = Some("111.222.33.123".parse().unwrap());
        let me = Some("111.222.33.123");
        use Said::*;
        // (votes, result, proven, confirmed_by, contradicting)
        let cases: Vec<(Vec<Vote>, Agreed, bool, Vec<usize>, Vec<usize>)> = vec![
            (vec![], Agreed::Unknown, false, vec![], vec![]),
            (
                vec![v(Down, false, None), v(RateLimited, false, None)],
                Agreed::Unknown,
                false,
                vec![],
                vec![],
            ),
            (vec![v(Open, true, me)], Agreed::Open, true, vec![0], vec![]),
            (
                vec![v(Open, false, me)],
                Agreed::Open,
                false,
                vec![0],
                vec![],
            ),
            // Two beat one: the liar is named.
            (
                vec![v(Open, true, me), v(Filtered, false, me), v(Open, true, me)],
                Agreed::Open,
                true,
                vec![0, 2],
                vec![1],
            ),
            (
                vec![
                    v(Filtered, false, me),
                    v(Open, true, me),
                    v(Refused, false, me),
                    v(Down, false, None),
                ],
                Agreed::Refused,
                false,
                vec![0, 2],
                vec![1],
            ),
            // One against one: nobody is trusted.
            (
                vec![v(Open, true, me), v(Closed, false, me)],
                Agreed::Disagree,
                false,
                vec![],
                vec![0, 1],
            ),
            (
                vec![v(Filtered, false, me), v(Closed, false, me)],
                Agreed::Filtered,
                false,
                vec![0, 1],
                vec![],
            ),
            (
                vec![v(Closed, false, me)],
                Agreed::Closed,
                false,
                vec![0],
                vec![],
            ),
            (
                vec![v(OpenOther, false, me), v(OpenOther, false, me)],
                Agreed::OpenOther,
                false,
                vec![0, 1],
                vec![],
            ),
            // A vantage that saw another address tested something else.
            (
                vec![v(Open, true, me), v(Filtered, false, Some("111.222.33.99"))],
                Agreed::Open,
                true,
                vec![0],
                vec![1],
            ),
            (
                vec![v(Open, false, None), v(Open, true, me)],
                Agreed::Open,
                true,
                vec![0, 1],
                vec![],
            ),
        ];
        for (votes, result, proven, confirmed, contra) in cases {
            let a = agree(&votes, p);
            assert_eq!(a.result, result, "{votes:?}");
            assert_eq!(a.proven, proven, "{votes:?}");
            assert_eq!(a.confirmed_by, confirmed, "{votes:?}");
            assert_eq!(a.contradicting, contra, "{votes:?}");
        }
    }
}
