//! Which public address do the sources agree on? Pure, table-tested.
//!
//! One source can be wrong (a broken or lying echo service, a hijacking
//! proxy), so the answer is the address two sources agree on. With a single
//! configured source, that source decides and the answer is unconfirmed.

use serde::Serialize;
use std::net::IpAddr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// At least two sources gave this address.
    Agreed { ip: IpAddr, count: usize },
    /// Only one usable answer, and nothing more to wait for.
    Single { ip: IpAddr },
    /// Answers differ and no address has two votes.
    Disagree,
    /// No source gave a usable answer.
    NoAnswer,
    /// Not decided yet: more answers may come.
    Pending,
}

impl Decision {
    pub fn is_final(&self) -> bool {
        !matches!(self, Decision::Pending)
    }

    pub fn ip(&self) -> Option<IpAddr> {
        match self {
            Decision::Agreed { ip, .. } | Decision::Single { ip } => Some(*ip),
            _ => None,
        }
    }

    /// How many sources gave the chosen address.
    pub fn votes(&self) -> usize {
        match self {
            Decision::Agreed { count, .. } => *count,
            Decision::Single { .. } => 1,
            _ => 0,
        }
    }
}

/// Decides from the usable answers so far (in arrival order) and how many
/// sources are still running. Returns as soon as two agree.
pub fn decide(answers: &[IpAddr], pending: usize) -> Decision {
    let mut best: Option<(IpAddr, usize)> = None;
    let mut tie = false;
    for (i, ip) in answers.iter().enumerate() {
        if answers[..i].contains(ip) {
            continue;
        }
        let n = answers.iter().filter(|a| *a == ip).count();
        match best {
            Some((_, m)) if n == m => tie = true,
            Some((_, m)) if n < m => {}
            _ => {
                best = Some((*ip, n));
                tie = false;
            }
        }
    }
    match best {
        Some((ip, n)) if n >= 2 && !tie => Decision::Agreed { ip, count: n },
        _ if pending > 0 => Decision::Pending,
        None => Decision::NoAnswer,
        Some((ip, 1)) if answers.len() == 1 => Decision::Single { ip },
        Some(_) => Decision::Disagree,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ips(list: &[&str]) -> Vec<IpAddr> {
        list.iter().map(|s| s.parse().unwrap()).collect()
    }

    #[test]
    fn table() {
        let a = "111.222.33.123";
        let b = "55.66.77.8";
        let c = "9.9.9.9";
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let cases: Vec<(Vec<&str>, usize, Decision)> = vec![
            (vec![], 3, Decision::Pending),
            (vec![], 0, Decision::NoAnswer),
            (vec![a], 2, Decision::Pending),
            (vec![a], 0, Decision::Single { ip: ip(a) }),
            (
                vec![a, a],
                5,
                Decision::Agreed {
                    ip: ip(a),
                    count: 2,
                },
            ),
            (vec![a, b], 1, Decision::Pending),
            (vec![a, b], 0, Decision::Disagree),
            (
                vec![a, b, a],
                3,
                Decision::Agreed {
                    ip: ip(a),
                    count: 2,
                },
            ),
            (vec![b, a, c], 0, Decision::Disagree),
            (
                vec![a, a, a, b],
                0,
                Decision::Agreed {
                    ip: ip(a),
                    count: 3,
                },
            ),
            (vec![a, b, a, b], 0, Decision::Disagree),
            (vec![a, b, a, b], 1, Decision::Pending),
        ];
        for (answers, pending, want) in cases {
            assert_eq!(
                decide(&ips(&answers), pending),
                want,
                "{answers:?} pending={pending}"
            );
        }
    }

    #[test]
    fn votes_and_finality() {
        let d = decide(&ips(&["1.1.1.1", "1.1.1.1"]), 0);
        assert_eq!(d.votes(), 2);
        assert!(d.is_final());
        assert!(!Decision::Pending.is_final());
        assert_eq!(Decision::Disagree.ip(), None);
    }
}
