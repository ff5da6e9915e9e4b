//! Dates on the wire and on disk as `"2026-05-04"`. Written here rather than with `time`'s own
//! serde support, which brings its whole format-description parser into the browser bundle.

use serde::{Deserialize, Deserializer, Serializer, de::Error};
use time::{Date, Month};

/// `2026-05-04`: the stored and wire form, and what a date input in a browser holds.
pub fn format(date: Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day())
}

/// The ten characters [`format`] writes, without allocating (every training record's two
/// dates are written on every save): years 0 to 9999, `None` for others.
fn digits(date: Date) -> Option<[u8; 10]> {
    let year = u16::try_from(date.year()).ok().filter(|year| *year <= 9999)?;
    let (month, day) = (u16::from(u8::from(date.month())), u16::from(date.day()));
    let digit = |n: u16| b'0' + (n % 10) as u8;
    Some([
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        b'-',
        digit(month / 10),
        digit(month),
        b'-',
        digit(day / 10),
        digit(day),
    ])
}

pub fn serialize<S: Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
    match digits(*date) {
        Some(text) => serializer.serialize_str(std::str::from_utf8(&text).expect("digits and dashes are ASCII")),
        None => serializer.serialize_str(&format(*date)),
    }
}

pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse(&text).ok_or_else(|| D::Error::custom(format!("expected a date as YYYY-MM-DD, got {text:?}")))
}

/// An optional date, `null` or absent when `None` (with `#[serde(default)]`).
pub mod optional {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};
    use time::Date;

    pub fn serialize<S: Serializer>(date: &Option<Date>, serializer: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(date) => super::serialize(date, serializer),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Date>, D::Error> {
        match Option::<String>::deserialize(deserializer)? {
            None => Ok(None),
            Some(text) => super::parse(&text)
                .map(Some)
                .ok_or_else(|| D::Error::custom(format!("expected a date as YYYY-MM-DD, got {text:?}"))),
        }
    }
}

/// A date written as [`format`] writes it; anything else (`2026-5-4`, a time) is `None`.
pub fn parse(text: &str) -> Option<Date> {
    let mut parts = text.splitn(3, '-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return None;
    }
    let month = Month::try_from(month.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(year.parse().ok()?, month, day.parse().ok()?).ok()
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    #[test]
    fn dates_read_back_and_bad_ones_are_refused() {
        let cases = [
            ("2026-05-04", Some(date!(2026 - 05 - 04))),
            ("2024-02-29", Some(date!(2024 - 02 - 29))),
            ("2026-02-29", None),
            ("2026-13-01", None),
            ("2026-5-4", None),
            ("26-05-04", None),
            ("2026-05-04T00:00", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(super::parse(text), expected, "{text:?}");
            let json = format!("\"{text}\"");
            match expected {
                Some(date) => {
                    assert_eq!(serde_json::to_string(&Wrapper(date)).unwrap(), json);
                    assert_eq!(super::format(date), text);
                    assert_eq!(serde_json::from_str::<Wrapper>(&json).unwrap(), Wrapper(date));
                }
                None => assert!(serde_json::from_str::<Wrapper>(&json).is_err(), "{text:?}"),
            }
        }
        // A year outside 0 to 9999 is written as `format` writes it.
        let far = date!(2026 - 01 - 09).replace_year(-12).unwrap();
        assert_eq!(serde_json::to_string(&Wrapper(far)).unwrap(), format!("\"{}\"", super::format(far)));
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Wrapper(#[serde(with = "super")] time::Date);
}
