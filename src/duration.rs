//! `--timeout` / `--lease` values: `3s`, `500ms`, `1m`, `1h`, `1.5s`.

use std::time::Duration;

/// Parses a human duration. A bare number is seconds. Negative, empty,
/// unknown units and absurd values are errors whose text names the value.
pub fn parse_duration(input: &str) -> Result<Duration, String> {
    let s = input.trim();
    let bad = || format!("'{input}' is not a duration (examples: 3s, 500ms, 1m, 1h)");
    if s.is_empty() || s.starts_with('-') || s.starts_with('+') {
        return Err(bad());
    }
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    if num.is_empty() || num.chars().filter(|&c| c == '.').count() > 1 {
        return Err(bad());
    }
    let value: f64 = num.parse().map_err(|_| bad())?;
    let scale = match unit.trim() {
        "" | "s" | "sec" | "secs" => 1.0,
        "ms" => 0.001,
        "m" | "min" | "mins" => 60.0,
        "h" | "hr" | "hrs" => 3600.0,
        "d" => 86_400.0,
        _ => return Err(bad()),
    };
    let secs = value * scale;
    if !secs.is_finite() || secs > 366.0 * 86_400.0 {
        return Err(format!("'{input}' is too long (at most 366 days)"));
    }
    Ok(Duration::from_secs_f64(secs))
}

/// Like [`parse_duration`] but zero is refused: a zero network budget means
/// every probe fails before it starts.
pub fn parse_timeout(input: &str) -> Result<Duration, String> {
    let d = parse_duration(input)?;
    if d.is_zero() {
        return Err(format!("'{input}' is zero: the timeout must be positive"));
    }
    Ok(d)
}

/// A mapping lease (`forward --lease`, `doctor --lease`): like
/// [`parse_duration`], but the protocols count whole seconds, so a non-zero
/// lease under one second is refused instead of becoming 0 (= permanent).
/// The floor is 1 s; fractions are cut to whole seconds. Routers may raise a
/// short lease (miniupnpd's PCP `min_lifetime` defaults to 120 s): the
/// granted lease is what netcheck reports and renews by.
pub fn parse_lease(input: &str) -> Result<Duration, String> {
    let d = parse_duration(input)?;
    if !d.is_zero() && d < Duration::from_secs(1) {
        return Err(format!(
            "lease '{input}' is shorter than a second (use at least 1s, or 0 for a permanent mapping)"
        ));
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let ok = [
            ("3s", 3000),
            ("500ms", 500),
            ("1m", 60_000),
            ("1h", 3_600_000),
            ("2", 2000),
            ("1.5s", 1500),
            (" 10s ", 10_000),
            ("0", 0),
        ];
        for (input, ms) in ok {
            assert_eq!(
                parse_duration(input).unwrap(),
                Duration::from_millis(ms),
                "{input}"
            );
        }
        for bad in ["", "1x", "-1s", "+1s", "s", "1..2s", "abc", "1e3", "99999d"] {
            let e = parse_duration(bad).unwrap_err();
            assert!(
                e.contains(bad.trim()) || bad.trim().is_empty(),
                "{bad}: {e}"
            );
        }
        assert!(parse_timeout("0s").is_err());
        assert!(parse_timeout("0ms").is_err());
        for bad in ["500ms", "0.5", "999ms"] {
            let e = parse_lease(bad).unwrap_err();
            assert!(
                e.contains(bad) && e.contains("shorter than a second"),
                "{e}"
            );
        }
        assert_eq!(parse_lease("0").unwrap(), Duration::ZERO);
        assert_eq!(parse_lease("1s").unwrap(), Duration::from_secs(1));
        assert_eq!(parse_lease("1h").unwrap(), Duration::from_secs(3600));
    }
}
