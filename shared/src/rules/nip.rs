//! The NIP (Nomor Induk Pegawai), the 18-digit number that identifies a civil servant:
//!
//! ```text
//! 19850312 201001 1 003
//! birth    appointed  sex  serial
//! yyyymmdd yyyymm     1|2  001-999
//! ```
//!
//! For PPPK the appointment part is the year followed by `21` instead of a month. Written NIPs
//! often carry spaces between the parts; they are accepted and dropped.

use serde::{Deserialize, Serialize};
use time::{Date, Month};

/// A validated NIP, stored as its 18 digits.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Nip(String);

/// Why a text is not a valid NIP. Each variant says exactly which part is wrong, so the sign-in
/// form can tell the user what to fix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "NipErrorWire")]
pub enum NipError {
    #[error("a NIP has 18 digits, this has {digits}")]
    WrongLength { digits: usize },
    #[error("a NIP has only digits (and optional spaces)")]
    NotDigits,
    #[error("digits 1-8 are not a valid birth date")]
    InvalidBirthDate,
    #[error("digits 9-14 are not a valid appointment year and month")]
    InvalidAppointment,
    #[error("the appointment date is before the birth date")]
    AppointedBeforeBirth,
    #[error("digit 15 must be 1 (male) or 2 (female)")]
    InvalidSex,
    #[error("digits 16-18 (the serial number) cannot be 000")]
    ZeroSerial,
}

/// A [`NipError`] as it arrives, flat (see `ApiErrorVisitor` in `error.rs` for why).
#[derive(Deserialize)]
struct NipErrorWire {
    kind: String,
    digits: Option<usize>,
}

impl TryFrom<NipErrorWire> for NipError {
    type Error = String;

    fn try_from(wire: NipErrorWire) -> Result<Self, String> {
        Ok(match wire.kind.as_str() {
            "wrong_length" => Self::WrongLength { digits: wire.digits.ok_or("NIP error `wrong_length` without `digits`")? },
            "not_digits" => Self::NotDigits,
            "invalid_birth_date" => Self::InvalidBirthDate,
            "invalid_appointment" => Self::InvalidAppointment,
            "appointed_before_birth" => Self::AppointedBeforeBirth,
            "invalid_sex" => Self::InvalidSex,
            "zero_serial" => Self::ZeroSerial,
            other => Err(format!("unknown NIP error `{other}`"))?,
        })
    }
}

impl NipError {
    /// What exactly is wrong with a typed NIP, as a sentence.
    pub fn describe(&self, english: bool) -> String {
        let pick = |id: &str, en: &str| if english { en.to_owned() } else { id.to_owned() };
        match self {
            NipError::WrongLength { digits: 0 } => pick("NIP wajib diisi.", "Enter your NIP."),
            NipError::WrongLength { digits } if english => format!("A NIP has 18 digits; this one has {digits}."),
            NipError::WrongLength { digits } => format!("NIP terdiri dari 18 digit; yang diisi {digits} digit."),
            NipError::NotDigits => {
                pick("NIP hanya berisi angka (boleh dengan spasi).", "A NIP has digits only (spaces allowed).")
            }
            NipError::InvalidBirthDate => pick(
                "Digit 1–8 NIP harus tanggal lahir yang sah (TTTTBBHH).",
                "Digits 1–8 of a NIP must be a valid date of birth (YYYYMMDD).",
            ),
            NipError::InvalidAppointment => pick(
                "Digit 9–14 NIP harus tahun dan bulan pengangkatan yang sah.",
                "Digits 9–14 of a NIP must be a valid year and month of appointment.",
            ),
            NipError::AppointedBeforeBirth => pick(
                "Tanggal pengangkatan pada NIP lebih awal dari tanggal lahir.",
                "The appointment date in the NIP is before the date of birth.",
            ),
            NipError::InvalidSex => pick(
                "Digit ke-15 NIP harus 1 (laki-laki) atau 2 (perempuan).",
                "Digit 15 of a NIP must be 1 (male) or 2 (female).",
            ),
            NipError::ZeroSerial => pick(
                "Tiga digit terakhir NIP (nomor urut) tidak boleh 000.",
                "The last three digits of a NIP (the serial number) cannot be 000.",
            ),
        }
    }
}

/// The code in digits 13-14 that marks a PPPK NIP (year of appointment without a month).
const PPPK_MONTH_CODE: u8 = 21;

impl Nip {
    /// Validates `text` as a NIP. Spaces are ignored; every other character must be a digit.
    pub fn parse(text: &str) -> Result<Nip, NipError> {
        let digits: String = text.chars().filter(|c| *c != ' ').collect();
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NipError::NotDigits);
        }
        if digits.len() != 18 {
            return Err(NipError::WrongLength { digits: digits.len() });
        }
        let number = |range: std::ops::Range<usize>| -> u32 {
            digits[range].bytes().fold(0, |acc, b| acc * 10 + u32::from(b - b'0'))
        };

        let birth_month = Month::try_from(number(4..6) as u8).map_err(|_| NipError::InvalidBirthDate)?;
        let birth = Date::from_calendar_date(number(0..4) as i32, birth_month, number(6..8) as u8)
            .map_err(|_| NipError::InvalidBirthDate)?;
        if birth.year() < 1900 {
            return Err(NipError::InvalidBirthDate);
        }

        let appointed_year = number(8..12) as i32;
        let appointed_month = number(12..14) as u8;
        if appointed_year < 1900 {
            return Err(NipError::InvalidAppointment);
        }
        // The first day of the appointment month (or year, for PPPK) must come after the birth.
        let appointed_month = if appointed_month == PPPK_MONTH_CODE { 1 } else { appointed_month };
        let appointed_from = Month::try_from(appointed_month)
            .ok()
            .and_then(|month| Date::from_calendar_date(appointed_year, month, 1).ok())
            .ok_or(NipError::InvalidAppointment)?;
        if appointed_from <= birth {
            return Err(NipError::AppointedBeforeBirth);
        }

        if !matches!(number(14..15), 1 | 2) {
            return Err(NipError::InvalidSex);
        }
        if number(15..18) == 0 {
            return Err(NipError::ZeroSerial);
        }
        Ok(Nip(digits))
    }

    /// The 18 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The NIP as it is usually printed: "19850312 201001 1 003".
    pub fn formatted(&self) -> String {
        let d = &self.0;
        format!("{} {} {} {}", &d[0..8], &d[8..14], &d[14..15], &d[15..18])
    }

    /// The birth date held in digits 1-8.
    pub fn birth_date(&self) -> Date {
        let n = |r: std::ops::Range<usize>| self.0[r].parse::<u32>().unwrap_or_default();
        Month::try_from(n(4..6) as u8)
            .ok()
            .and_then(|month| Date::from_calendar_date(n(0..4) as i32, month, n(6..8) as u8).ok())
            .unwrap_or(Date::MIN) // Unreachable: `parse` checked the date.
    }

    /// Whether digits 13-14 mark a PPPK appointment.
    pub fn is_pppk_format(&self) -> bool {
        &self.0[12..14] == "21"
    }
}

impl TryFrom<String> for Nip {
    type Error = NipError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Nip::parse(&text)
    }
}

impl From<Nip> for String {
    fn from(nip: Nip) -> String {
        nip.0
    }
}

impl std::fmt::Display for Nip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn nip_validation_table() {
        use NipError::*;
        let cases: &[(&str, Result<(), NipError>)] = &[
            ("198503122010011003", Ok(())),
            ("19850312 201001 1 003", Ok(())),
            ("199001012022211001", Ok(())), // PPPK: appointed in 2022, code 21.
            ("200002292024012001", Ok(())), // 29 February of a leap year.
            ("", Err(WrongLength { digits: 0 })),
            ("19850312201001100", Err(WrongLength { digits: 17 })),
            ("1985031220100110031", Err(WrongLength { digits: 19 })),
            ("19850312-201001-1-003", Err(NotDigits)),
            ("1985031220100110O3", Err(NotDigits)),
            ("198513122010011003", Err(InvalidBirthDate)),  // month 13
            ("198502302010011003", Err(InvalidBirthDate)),  // 30 February
            ("190002292010011003", Err(InvalidBirthDate)),  // 1900 was not a leap year
            ("185001012010011003", Err(InvalidBirthDate)),  // born before 1900
            ("198503122010001003", Err(InvalidAppointment)), // month 00
            ("198503122010131003", Err(InvalidAppointment)), // month 13
            ("198503121980011003", Err(AppointedBeforeBirth)),
            ("198503121985031003", Err(AppointedBeforeBirth)), // the month of birth itself
            ("198503122010013003", Err(InvalidSex)),
            ("198503122010010003", Err(InvalidSex)),
            ("198503122010011000", Err(ZeroSerial)),
        ];
        for (text, expected) in cases {
            assert_eq!(Nip::parse(text).map(|_| ()), *expected, "NIP {text:?}");
        }
    }

    #[test]
    fn nip_parts() {
        let nip = Nip::parse("19850312 201001 1 003").unwrap();
        assert_eq!(nip.as_str(), "198503122010011003");
        assert_eq!(nip.formatted(), "19850312 201001 1 003");
        assert_eq!(nip.birth_date(), date!(1985 - 03 - 12));
        assert!(!nip.is_pppk_format());
        assert!(Nip::parse("199001012022211001").unwrap().is_pppk_format());
    }

    #[test]
    fn nip_deserialisation_validates() {
        assert!(serde_json::from_str::<Nip>("\"198503122010011003\"").is_ok());
        assert!(serde_json::from_str::<Nip>("\"123\"").is_err());
    }
}
