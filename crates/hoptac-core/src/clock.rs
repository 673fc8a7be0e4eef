//! Where "now" comes from, so that tests may fix and move it.

use chrono::{DateTime, NaiveDate, Utc};
use std::sync::Arc;

/// Where "now" comes from: the system clock, or a fixed instant that tests may move (to see
/// certificates expire).
#[derive(Clone, Debug, Default)]
pub struct Clock {
    fixed: Option<Arc<std::sync::RwLock<DateTime<Utc>>>>,
}

impl Clock {
    pub fn system() -> Clock {
        Clock { fixed: None }
    }

    pub fn fixed(at: DateTime<Utc>) -> Clock {
        Clock {
            fixed: Some(Arc::new(std::sync::RwLock::new(at))),
        }
    }

    /// Moves a fixed clock; a system clock keeps the system's time.
    pub fn set(&self, at: DateTime<Utc>) {
        if let Some(fixed) = &self.fixed {
            if let Ok(mut now) = fixed.write() {
                *now = at;
            }
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        match &self.fixed {
            Some(fixed) => fixed.read().map(|now| *now).unwrap_or_else(|e| *e.into_inner()),
            None => Utc::now(),
        }
    }

    /// Today in Vietnam, which is the day users mean.
    pub fn today(&self) -> NaiveDate {
        vietnam_date(self.now())
    }
}

/// Vietnam's offset from UTC (Asia/Ho_Chi_Minh: UTC+7 all year, no daylight saving).
const VIETNAM_OFFSET_HOURS: i64 = 7;

/// The day it is in Vietnam at `at`.
pub fn vietnam_date(at: DateTime<Utc>) -> NaiveDate {
    vietnam_time(at).date()
}

/// The time a clock in Vietnam shows at `at`.
pub fn vietnam_time(at: DateTime<Utc>) -> chrono::NaiveDateTime {
    (at + chrono::Duration::hours(VIETNAM_OFFSET_HOURS)).naive_utc()
}

/// The instant a day begins in Vietnam: 17:00 UTC the day before.
pub fn vietnam_day_start(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(chrono::NaiveTime::MIN).and_utc() - chrono::Duration::hours(VIETNAM_OFFSET_HOURS)
}
