//! Slows password guessing: after too many failed sign-ins for one account, or from one address,
//! within a window, further attempts are refused until the oldest failure leaves the window. An
//! unknown account is throttled like a known one, so the answer says nothing about which exist.

use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

/// Failed sign-ins allowed for one account within the window.
pub const ACCOUNT_LIMIT: usize = 5;
/// Failed sign-ins allowed from one address within the window (an office shares one address).
pub const ADDRESS_LIMIT: usize = 20;
/// How far back failures count.
pub const WINDOW_MINUTES: i64 = 15;

#[derive(Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, Vec<DateTime<Utc>>>>,
}

fn keys(username: &str, address: Option<IpAddr>) -> Vec<(String, usize)> {
    let mut keys = vec![(
        format!("account:{}", username.trim().to_lowercase()),
        ACCOUNT_LIMIT,
    )];
    if let Some(address) = address {
        keys.push((format!("address:{address}"), ADDRESS_LIMIT));
    }
    keys
}

impl LoginThrottle {
    /// `Err(minutes)` when the account or the address must wait that many minutes.
    pub fn check(&self, username: &str, address: Option<IpAddr>, now: DateTime<Utc>) -> Result<(), i64> {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let window_start = now - Duration::minutes(WINDOW_MINUTES);
        let mut wait = 0;
        for (key, limit) in keys(username, address) {
            if let Some(times) = failures.get_mut(&key) {
                times.retain(|t| *t > window_start);
                if times.len() >= limit {
                    let oldest = times.iter().min().copied().unwrap_or(now);
                    let free_at = oldest + Duration::minutes(WINDOW_MINUTES);
                    wait = wait.max(((free_at - now).num_seconds() + 59) / 60);
                }
            }
        }
        if wait > 0 {
            Err(wait.max(1))
        } else {
            Ok(())
        }
    }

    pub fn failed(&self, username: &str, address: Option<IpAddr>, now: DateTime<Utc>) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        // Forget keys with nothing left in the window, so the map does not grow without end.
        if failures.len() > 10_000 {
            let window_start = now - Duration::minutes(WINDOW_MINUTES);
            failures.retain(|_, times| times.iter().any(|t| *t > window_start));
        }
        for (key, _) in keys(username, address) {
            failures.entry(key).or_default().push(now);
        }
    }

    /// A successful sign-in clears the account's failures (not the address's).
    pub fn succeeded(&self, username: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.remove(&format!("account:{}", username.trim().to_lowercase()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn an_account_waits_after_five_failures_until_the_window_passes() {
        let throttle = LoginThrottle::default();
        let start = Utc.with_ymd_and_hms(2026, 1, 1, 8, 0, 0).unwrap();
        let address: Option<IpAddr> = "10.0.0.1".parse().ok();
        for i in 0..ACCOUNT_LIMIT as i64 {
            assert_eq!(
                throttle.check("Officer", address, start + Duration::minutes(i)),
                Ok(())
            );
            throttle.failed("Officer", address, start + Duration::minutes(i));
        }
        assert_eq!(
            throttle.check("officer", address, start + Duration::minutes(5)),
            Err(10)
        );
        assert_eq!(
            throttle.check("officer", None, start + Duration::minutes(14)),
            Err(1)
        );
        assert_eq!(
            throttle.check("officer", None, start + Duration::minutes(15)),
            Ok(())
        );
        assert_eq!(
            throttle.check("someone.else", address, start + Duration::minutes(5)),
            Ok(())
        );
    }

    #[test]
    fn an_address_waits_after_twenty_failures_on_any_accounts() {
        let throttle = LoginThrottle::default();
        let now = Utc.with_ymd_and_hms(2026, 1, 1, 8, 0, 0).unwrap();
        let address: Option<IpAddr> = "10.0.0.2".parse().ok();
        for i in 0..ADDRESS_LIMIT {
            throttle.failed(&format!("guess{i}"), address, now);
        }
        assert!(throttle.check("new.name", address, now).is_err());
        assert!(throttle.check("new.name", "10.0.0.3".parse().ok(), now).is_ok());
        throttle.succeeded("guess1");
        assert!(throttle.check("guess1", None, now).is_ok());
    }
}
