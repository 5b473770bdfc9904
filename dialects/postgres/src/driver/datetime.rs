//! PostgreSQL's binary date/time formats: days and microseconds counted from
//! 2000-01-01, to ISO-8601 text and (with the `chrono` feature) to chrono values.

/// Days from 1970-01-01 to 2000-01-01, PostgreSQL's epoch.
const EPOCH_DAYS_FROM_UNIX: i64 = 10_957;
/// Microseconds in one day.
const DAY_MICROS: i64 = 86_400_000_000;

/// The proleptic Gregorian (year, month, day) of a day count since 1970-01-01
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_unix_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn push_year(year: i64, out: &mut String) {
    // ISO 8601 astronomical years: 0 is 1 BC; years past 9999 get a sign.
    if (0..=9999).contains(&year) {
        out.push_str(&format!("{year:04}"));
    } else if year > 9999 {
        out.push_str(&format!("+{year}"));
    } else {
        out.push_str(&format!("-{:04}", -year));
    }
}

fn push_date(days_since_2000: i64, out: &mut String) {
    let (y, m, d) = civil_from_unix_days(days_since_2000 + EPOCH_DAYS_FROM_UNIX);
    push_year(y, out);
    out.push_str(&format!("-{m:02}-{d:02}"));
}

/// `HH:MM:SS[.ffffff]` (trailing zeros of the fraction dropped, as PostgreSQL
/// prints it); `micros` may be 24:00:00, which PostgreSQL's `time` allows.
fn push_time(micros: i64, out: &mut String) {
    let secs = micros / 1_000_000;
    let frac = micros % 1_000_000;
    out.push_str(&format!(
        "{:02}:{:02}:{:02}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    ));
    push_fraction(frac, out);
}

fn push_fraction(frac_micros: i64, out: &mut String) {
    if frac_micros != 0 {
        let digits = format!("{frac_micros:06}");
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
}

/// A `date` (days since 2000-01-01) as ISO-8601 text, or `infinity`/`-infinity`.
pub(crate) fn date_text(days: i32) -> String {
    match days {
        i32::MAX => "infinity".to_owned(),
        i32::MIN => "-infinity".to_owned(),
        _ => {
            let mut s = String::with_capacity(10);
            push_date(i64::from(days), &mut s);
            s
        }
    }
}

/// A `time` (microseconds since midnight) as `HH:MM:SS[.ffffff]`.
pub(crate) fn time_text(micros: i64) -> String {
    let mut s = String::with_capacity(15);
    push_time(micros, &mut s);
    s
}

/// A `timetz` (microseconds since midnight, then seconds *west* of UTC) as
/// `HH:MM:SS[.ffffff]+HH:MM[:SS]`.
pub(crate) fn timetz_text(micros: i64, west_secs: i32) -> String {
    let mut s = time_text(micros);
    push_offset(-i64::from(west_secs), &mut s);
    s
}

fn push_offset(east_secs: i64, out: &mut String) {
    out.push(if east_secs < 0 { '-' } else { '+' });
    let a = east_secs.abs();
    out.push_str(&format!("{:02}:{:02}", a / 3600, a / 60 % 60));
    if a % 60 != 0 {
        out.push_str(&format!(":{:02}", a % 60));
    }
}

/// A `timestamp` / `timestamptz` (microseconds since 2000-01-01 00:00:00 UTC) as
/// ISO-8601 text, `YYYY-MM-DDTHH:MM:SS[.ffffff]`, with `+00:00` for `timestamptz`;
/// or `infinity`/`-infinity`.
pub(crate) fn timestamp_text(micros: i64, utc: bool) -> String {
    match micros {
        i64::MAX => return "infinity".to_owned(),
        i64::MIN => return "-infinity".to_owned(),
        _ => {}
    }
    let mut s = String::with_capacity(32);
    push_date(micros.div_euclid(DAY_MICROS), &mut s);
    s.push('T');
    push_time(micros.rem_euclid(DAY_MICROS), &mut s);
    if utc {
        s.push_str("+00:00");
    }
    s
}

/// An `interval` (months, days, microseconds) as an ISO-8601 duration, as
/// PostgreSQL prints it with `IntervalStyle = iso_8601` (`P1Y2M3DT4H5M6.5S`).
pub(crate) fn interval_text(months: i32, days: i32, micros: i64) -> String {
    if months == 0 && days == 0 && micros == 0 {
        return "PT0S".to_owned();
    }
    let mut s = String::from("P");
    let (years, months) = (months / 12, months % 12);
    for (n, unit) in [(years, 'Y'), (months, 'M'), (days, 'D')] {
        if n != 0 {
            s.push_str(&format!("{n}{unit}"));
        }
    }
    if micros != 0 {
        s.push('T');
        let hours = micros / 3_600_000_000;
        let minutes = micros / 60_000_000 % 60;
        let sec_micros = micros % 60_000_000;
        if hours != 0 {
            s.push_str(&format!("{hours}H"));
        }
        if minutes != 0 {
            s.push_str(&format!("{minutes}M"));
        }
        if sec_micros != 0 {
            if sec_micros < 0 {
                s.push('-');
            }
            let a = sec_micros.abs();
            s.push_str(&(a / 1_000_000).to_string());
            push_fraction(a % 1_000_000, &mut s);
            s.push('S');
        }
    }
    s
}

#[cfg(feature = "chrono")]
pub(crate) mod chrono_values {
    //! Conversions between chrono values and PostgreSQL's binary counts.

    use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

    /// 2000-01-01 as Unix microseconds.
    const EPOCH_UNIX_MICROS: i64 = 946_684_800_000_000;

    fn epoch_date() -> NaiveDate {
        NaiveDate::from_ymd_opt(2000, 1, 1).expect("2000-01-01 is a date")
    }

    /// A `date` as a chrono date; `None` for infinity or out of chrono's range.
    pub(crate) fn date(days: i32) -> Option<NaiveDate> {
        if days == i32::MAX || days == i32::MIN {
            return None;
        }
        epoch_date().checked_add_signed(chrono::TimeDelta::try_days(i64::from(days))?)
    }

    /// A `time`; `None` for 24:00:00, which chrono cannot hold.
    pub(crate) fn time(micros: i64) -> Option<NaiveTime> {
        let secs = u32::try_from(micros / 1_000_000).ok()?;
        let nanos = u32::try_from(micros % 1_000_000).ok()? * 1000;
        NaiveTime::from_num_seconds_from_midnight_opt(secs, nanos)
    }

    /// A `timestamp`/`timestamptz` as UTC; `None` for infinity or out of range.
    pub(crate) fn timestamp(micros: i64) -> Option<DateTime<chrono::Utc>> {
        if micros == i64::MAX || micros == i64::MIN {
            return None;
        }
        DateTime::from_timestamp_micros(micros.checked_add(EPOCH_UNIX_MICROS)?)
    }

    /// Days since 2000-01-01; `None` when out of `i32` (PostgreSQL checks the
    /// narrower range of `date` itself).
    pub(crate) fn date_days(d: NaiveDate) -> Option<i32> {
        i32::try_from(d.signed_duration_since(epoch_date()).num_days()).ok()
    }

    /// Microseconds since midnight (sub-microsecond digits are truncated, as
    /// the `postgres` crate does).
    pub(crate) fn time_micros(t: NaiveTime) -> i64 {
        i64::from(t.num_seconds_from_midnight()) * 1_000_000 + i64::from(t.nanosecond() / 1000)
    }

    /// Microseconds since 2000-01-01 00:00:00; `None` on overflow.
    pub(crate) fn timestamp_micros(dt: NaiveDateTime) -> Option<i64> {
        dt.and_utc()
            .timestamp_micros()
            .checked_sub(EPOCH_UNIX_MICROS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(date_text(0), "2000-01-01");
        assert_eq!(date_text(-1), "1999-12-31");
        assert_eq!(date_text(59), "2000-02-29");
        assert_eq!(date_text(-730_119 - 1), "0000-12-31");
        assert_eq!(date_text(i32::MAX), "infinity");
        assert_eq!(date_text(2_921_940), "+10000-01-01");
        assert_eq!(date_text(-730_485 - 365), "-0001-01-01");
    }

    #[test]
    fn times_and_timestamps() {
        assert_eq!(time_text(0), "00:00:00");
        assert_eq!(time_text(45_296_500_000), "12:34:56.5");
        assert_eq!(time_text(86_400_000_000), "24:00:00");
        assert_eq!(timetz_text(3_600_000_000, -7200), "01:00:00+02:00");
        assert_eq!(timestamp_text(0, false), "2000-01-01T00:00:00");
        assert_eq!(timestamp_text(-1, true), "1999-12-31T23:59:59.999999+00:00");
        assert_eq!(timestamp_text(i64::MIN, true), "-infinity");
    }

    #[test]
    fn intervals() {
        assert_eq!(interval_text(0, 0, 0), "PT0S");
        assert_eq!(interval_text(14, 3, 14_706_500_000), "P1Y2M3DT4H5M6.5S");
        assert_eq!(interval_text(0, -1, -1_000_000), "P-1DT-1S");
    }
}
