//! One cell's text as a value, in the forms a personnel export or a person typing writes it.
//! Each returns the problem to report when the text is not such a value.

use shared::domain::{EmploymentType, Level, PnsGrade, PositionTier, Rank};
use shared::import::Problem;
use time::{Date, Month};

/// `JPT Madya`, `jpt_madya`, `JPTMADYA`, ...: letters compared without case, spaces or underscores.
pub fn tier(text: &str) -> Result<PositionTier, Problem> {
    let folded: String = text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
    Ok(match folded.as_str() {
        "jptmadya" => PositionTier::JptMadya,
        "jptpratama" => PositionTier::JptPratama,
        "administrator" => PositionTier::Administrator,
        "pengawas" => PositionTier::Pengawas,
        "pelaksana" => PositionTier::Pelaksana,
        "fungsional" => PositionTier::Fungsional,
        _ => return Err(Problem::Tier { value: text.to_owned() }),
    })
}

/// A required level, 1 to 5; empty is `None`.
pub fn level(text: &str) -> Result<Option<Level>, Problem> {
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<u8>().ok().and_then(Level::new).map(Some).ok_or_else(|| Problem::Level { value: text.to_owned() })
}

pub fn employment(text: &str) -> Result<EmploymentType, Problem> {
    Ok(match text.to_uppercase().as_str() {
        "PNS" => EmploymentType::Pns,
        "CPNS" => EmploymentType::Cpns,
        "PPPK" => EmploymentType::Pppk,
        _ => return Err(Problem::Employment { value: text.to_owned() }),
    })
}

const ROMAN: [&str; 17] = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII"];

/// A rank for `employment`: a grade such as `III/a` (any case) for PNS and CPNS, a golongan `IX`
/// or `9` for PPPK.
pub fn rank(text: &str, employment: EmploymentType) -> Result<Rank, Problem> {
    let upper = text.to_uppercase();
    let grade = PnsGrade::ALL.into_iter().find(|grade| grade.code().eq_ignore_ascii_case(text));
    let golongan = ROMAN
        .iter()
        .position(|roman| *roman == upper)
        .map(|index| index as u8 + 1)
        .or_else(|| text.parse::<u8>().ok().filter(|n| (1..=17).contains(n)));
    match (employment, grade, golongan) {
        (EmploymentType::Pns | EmploymentType::Cpns, Some(grade), _) => Ok(Rank::Pns(grade)),
        (EmploymentType::Pppk, _, Some(golongan)) => Ok(Rank::Pppk(golongan)),
        (_, None, None) => Err(Problem::Rank { value: text.to_owned() }),
        (employment, _, _) => Err(Problem::RankForEmployment { employment: employment.label().to_owned() }),
    }
}

/// `2026-05-04`, or day first as an Indonesian spreadsheet shows it: `04/05/2026`, `4-5-2026`.
pub fn date(text: &str) -> Result<Date, Problem> {
    let bad = || Problem::Date { value: text.to_owned() };
    if let Some(date) = shared::domain::iso_date::parse(text) {
        return Ok(date);
    }
    let parts: Vec<&str> = text.split(['/', '-', '.']).collect();
    let [day, month, year] = parts.as_slice() else { return Err(bad()) };
    if year.len() != 4 || day.is_empty() || day.len() > 2 || month.is_empty() || month.len() > 2 {
        return Err(bad());
    }
    let number = |part: &str| part.parse::<u16>().ok();
    let (Some(day), Some(month), Some(year)) = (number(day), number(month), number(year)) else { return Err(bad()) };
    let month = Month::try_from(u8::try_from(month).map_err(|_| bad())?).map_err(|_| bad())?;
    Date::from_calendar_date(i32::from(year), month, u8::try_from(day).map_err(|_| bad())?).map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn tiers_are_read_without_case_or_spacing() {
        for (text, tier) in [("JPT Madya", PositionTier::JptMadya), ("jpt_pratama", PositionTier::JptPratama), ("PELAKSANA", PositionTier::Pelaksana)] {
            assert_eq!(super::tier(text), Ok(tier), "{text}");
        }
        assert_eq!(super::tier("Eselon II"), Err(Problem::Tier { value: "Eselon II".into() }));
    }

    #[test]
    fn ranks_follow_the_employment() {
        assert_eq!(rank("III/a", EmploymentType::Pns), Ok(Rank::Pns(PnsGrade::IIIa)));
        assert_eq!(rank("iv/E", EmploymentType::Cpns), Ok(Rank::Pns(PnsGrade::IVe)));
        assert_eq!(rank("IX", EmploymentType::Pppk), Ok(Rank::Pppk(9)));
        assert_eq!(rank("17", EmploymentType::Pppk), Ok(Rank::Pppk(17)));
        assert_eq!(rank("IX", EmploymentType::Pns), Err(Problem::RankForEmployment { employment: "PNS".into() }));
        assert_eq!(rank("III/a", EmploymentType::Pppk), Err(Problem::RankForEmployment { employment: "PPPK".into() }));
        for bad in ["III/f", "18", "0", "", "Penata"] {
            assert_eq!(rank(bad, EmploymentType::Pns), Err(Problem::Rank { value: bad.into() }), "{bad}");
        }
    }

    #[test]
    fn dates_are_read_year_first_or_day_first() {
        for text in ["2026-05-04", "04/05/2026", "4-5-2026", "04.05.2026"] {
            assert_eq!(date(text), Ok(date!(2026 - 05 - 04)), "{text}");
        }
        for bad in ["31/02/2026", "05/04/26", "2026/05/04", "kemarin", "", "1/1/2026/1"] {
            assert_eq!(date(bad), Err(Problem::Date { value: bad.into() }), "{bad}");
        }
    }

    #[test]
    fn levels_are_one_to_five_or_empty() {
        assert_eq!(level(""), Ok(None));
        assert_eq!(level("3"), Ok(Level::new(3)));
        for bad in ["0", "6", "tiga", "2.5"] {
            assert_eq!(level(bad), Err(Problem::Level { value: bad.into() }));
        }
    }
}
