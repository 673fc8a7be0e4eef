//! Slows password guessing without letting anyone lock an account out for its owner.
//!
//! Attempts are counted per account *and address together*, and per address alone (one address
//! trying many accounts). A few failures are free; after them each further attempt must wait a
//! delay that doubles with every failure (30 s, 1 min, 2 min... up to 15 min), counted from the
//! last attempt. A stranger guessing from their own address slows only their own attempts: the
//! owner, from another address, signs in as usual.
//!
//! An attempt is counted when it *begins*, before the password is verified, so attempts sent all
//! at once cannot all be checked: the free ones go through, the rest wait. A successful sign-in
//! forgets the account's failures from that address. An unknown account is throttled like a known
//! one, so the answer says nothing about which exist.

use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

/// Failed sign-ins to one account from one address before attempts are delayed.
pub const FREE_PER_ACCOUNT_AND_ADDRESS: usize = 5;
/// Failed sign-ins from one address, to any accounts, before attempts are delayed (an office
/// shares one address).
pub const FREE_PER_ADDRESS: usize = 20;
/// The first delay, in seconds; each further failure doubles it.
pub const FIRST_DELAY_SECONDS: i64 = 30;
/// The longest delay, and how long a failure is remembered, in minutes.
pub const WINDOW_MINUTES: i64 = 15;

#[derive(Default)]
pub struct LoginThrottle {
    /// The times of attempts not (yet) known to have succeeded, per key, within the window.
    attempts: Mutex<HashMap<String, Vec<DateTime<Utc>>>>,
}

fn pair_key(username: &str, address: Option<IpAddr>) -> String {
    let address = address.map_or_else(|| "-".to_owned(), |a| a.to_string());
    format!("account:{}@{address}", username.trim().to_lowercase())
}

fn keys(username: &str, address: Option<IpAddr>) -> Vec<(String, usize)> {
    let mut keys = vec![(pair_key(username, address), FREE_PER_ACCOUNT_AND_ADDRESS)];
    if let Some(address) = address {
        keys.push((format!("address:{address}"), FREE_PER_ADDRESS));
    }
    keys
}

/// How long after the last of `count` failures the next attempt may come.
fn delay(count: usize, free: usize) -> Duration {
    if count < free {
        return Duration::zero();
    }
    let doublings = u32::try_from(count - free).unwrap_or(u32::MAX).min(16);
    let seconds = FIRST_DELAY_SECONDS.saturating_mul(1 << doublings);
    Duration::seconds(seconds.min(WINDOW_MINUTES * 60))
}

impl LoginThrottle {
    /// Counts an attempt about to be made, or says how many minutes (at least one) it must wait.
    /// The attempt stays counted as a failure unless [`LoginThrottle::succeeded`] follows.
    pub fn begin(&self, username: &str, address: Option<IpAddr>, now: DateTime<Utc>) -> Result<(), i64> {
        let mut attempts = self.attempts.lock().unwrap_or_else(|e| e.into_inner());
        let window_start = now - Duration::minutes(WINDOW_MINUTES);
        if attempts.len() > 10_000 {
            // Forget keys with nothing left in the window, so the map does not grow without end.
            attempts.retain(|_, times| times.iter().any(|t| *t > window_start));
        }
        let keys = keys(username, address);
        let mut free_at = now;
        for (key, free) in &keys {
            if let Some(times) = attempts.get_mut(key) {
                times.retain(|t| *t > window_start);
                if let Some(last) = times.iter().max() {
                    free_at = free_at.max(*last + delay(times.len(), *free));
                }
            }
        }
        if free_at > now {
            let seconds = (free_at - now).num_seconds();
            return Err(((seconds + 59) / 60).max(1));
        }
        for (key, _) in keys {
            attempts.entry(key).or_default().push(now);
        }
        Ok(())
    }

    /// The attempt signed in: the account's failures from this address are forgotten (the
    /// address's count of all its failures is not).
    pub fn succeeded(&self, username: &str, address: Option<IpAddr>) {
        let mut attempts = self.attempts.lock().unwrap_or_else(|e| e.into_inner());
        attempts.remove(&pair_key(username, address));
        if let Some(address) = address {
            if let Some(times) = attempts.get_mut(&format!("address:{address}")) {
                times.pop();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(minute: i64, second: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, 8, 0, 0).unwrap()
            + Duration::minutes(minute)
            + Duration::seconds(second)
    }

    #[test]
    fn failures_past_the_free_ones_wait_longer_each_time() {
        let throttle = LoginThrottle::default();
        let stranger: Option<IpAddr> = "10.0.0.1".parse().ok();
        for _ in 0..FREE_PER_ACCOUNT_AND_ADDRESS {
            assert_eq!(throttle.begin("Officer", stranger, at(0, 0)), Ok(()));
        }
        // 30 s after the fifth failure, then 1 min after the sixth, 2 min after the seventh.
        assert_eq!(throttle.begin("officer", stranger, at(0, 10)), Err(1));
        assert_eq!(throttle.begin("officer", stranger, at(0, 30)), Ok(()));
        assert_eq!(throttle.begin("officer", stranger, at(1, 0)), Err(1));
        assert_eq!(throttle.begin("officer", stranger, at(1, 30)), Ok(()));
        assert_eq!(throttle.begin("officer", stranger, at(1, 45)), Err(2));
        assert_eq!(throttle.begin("officer", stranger, at(3, 30)), Ok(()));
    }

    #[test]
    fn a_stranger_guessing_does_not_lock_the_owner_out() {
        let throttle = LoginThrottle::default();
        let stranger: Option<IpAddr> = "10.0.0.1".parse().ok();
        let owner: Option<IpAddr> = "10.0.0.9".parse().ok();
        for _ in 0..50 {
            let _ = throttle.begin("officer", stranger, at(0, 0));
        }
        assert!(throttle.begin("officer", stranger, at(0, 1)).is_err());
        assert_eq!(throttle.begin("officer", owner, at(0, 1)), Ok(()));
    }

    #[test]
    fn attempts_at_once_count_before_they_are_checked() {
        let throttle = LoginThrottle::default();
        let checked = (0..50)
            .filter(|_| throttle.begin("officer", None, at(0, 0)).is_ok())
            .count();
        assert_eq!(checked, FREE_PER_ACCOUNT_AND_ADDRESS);
    }

    #[test]
    fn one_address_trying_many_accounts_waits() {
        let throttle = LoginThrottle::default();
        let address: Option<IpAddr> = "10.0.0.2".parse().ok();
        for i in 0..FREE_PER_ADDRESS {
            assert_eq!(throttle.begin(&format!("guess{i}"), address, at(0, 0)), Ok(()));
        }
        assert!(throttle.begin("new.name", address, at(0, 1)).is_err());
        assert!(throttle
            .begin("new.name", "10.0.0.3".parse().ok(), at(0, 1))
            .is_ok());
    }

    #[test]
    fn signing_in_forgets_the_accounts_failures_from_that_address() {
        let throttle = LoginThrottle::default();
        for _ in 0..FREE_PER_ACCOUNT_AND_ADDRESS {
            let _ = throttle.begin("officer", None, at(0, 0));
        }
        throttle.succeeded("officer", None);
        assert_eq!(throttle.begin("officer", None, at(0, 1)), Ok(()));
        // Failures leave the window after it passes.
        let throttle = LoginThrottle::default();
        for _ in 0..30 {
            let _ = throttle.begin("officer", None, at(0, 0));
        }
        assert_eq!(throttle.begin("officer", None, at(WINDOW_MINUTES, 1)), Ok(()));
    }
}
