//! The angka kredit (credit points) a functional position's holder earns in a year (Peraturan BKN
//! 3/2023): the predikat's percentage × the position's coefficient × months in the position ÷ 12.

use super::Predikat;

/// The percentage of the coefficient a predikat earns.
pub const fn percentage(predikat: Predikat) -> u32 {
    match predikat {
        Predikat::SangatBaik => 150,
        Predikat::Baik => 100,
        Predikat::ButuhPerbaikan => 75,
        Predikat::Kurang => 50,
        Predikat::SangatKurang => 25,
    }
}

/// The credit points of `months` (1 to 12) in a position with the yearly `coefficient` (e.g.
/// 12.5 for Ahli Pertama), to three decimals as the personnel system shows them; `None` for a
/// month count outside 1 to 12 or a coefficient that is negative or not a finite number.
pub fn angka_kredit(predikat: Predikat, coefficient: f64, months: u8) -> Option<f64> {
    if !(1..=12).contains(&months) || !coefficient.is_finite() || coefficient < 0.0 {
        return None;
    }
    let points = f64::from(percentage(predikat)) / 100.0 * coefficient * f64::from(months) / 12.0;
    Some((points * 1000.0).round() / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::performance::Predikat::*;

    #[test]
    fn credit_points_are_percentage_times_coefficient_times_months_over_twelve() {
        let table = [
            // Ahli Pertama (12.5), a whole year.
            (SangatBaik, 12.5, 12, Some(18.75)),
            (Baik, 12.5, 12, Some(12.5)),
            (ButuhPerbaikan, 12.5, 12, Some(9.375)),
            (Kurang, 12.5, 12, Some(6.25)),
            (SangatKurang, 12.5, 12, Some(3.125)),
            // Ahli Muda (25), half a year; Terampil (5), seven months (rounded to three decimals).
            (Baik, 25.0, 6, Some(12.5)),
            (SangatBaik, 5.0, 7, Some(4.375)),
            (ButuhPerbaikan, 5.0, 7, Some(2.188)),
            // Out of range.
            (Baik, 12.5, 0, None),
            (Baik, 12.5, 13, None),
            (Baik, -1.0, 12, None),
            (Baik, f64::NAN, 12, None),
            (Baik, f64::INFINITY, 12, None),
        ];
        for (predikat, coefficient, months, expected) in table {
            assert_eq!(angka_kredit(predikat, coefficient, months), expected, "{predikat:?} {coefficient} {months}");
        }
    }
}
