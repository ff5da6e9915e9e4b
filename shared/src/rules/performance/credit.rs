//! The angka kredit (credit points) a functional position's holder earns in a year (Peraturan BKN
//! 3/2023): the predikat's percentage × the position's coefficient × months in the position ÷ 12.

use super::Predikat;

/// The percentage of the coefficient each predikat earns, in [`Predikat::ALL`]'s order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CreditPercentages(pub [u32; 5]);

impl Default for CreditPercentages {
    /// Sangat Baik 150, Baik 100, Butuh Perbaikan 75, Kurang 50, Sangat Kurang 25.
    fn default() -> Self {
        CreditPercentages([150, 100, 75, 50, 25])
    }
}

impl CreditPercentages {
    pub fn of(&self, predikat: Predikat) -> u32 {
        let at = Predikat::ALL.iter().position(|p| *p == predikat).expect("every predikat is in ALL");
        self.0[at]
    }
}

/// The credit points of `months` (1 to 12) in a position with the yearly `coefficient` (e.g.
/// 12.5 for Ahli Pertama), to three decimals as the personnel system shows them; `None` for a
/// month count outside 1 to 12 or a coefficient that is negative or not a finite number.
pub fn angka_kredit(percentages: &CreditPercentages, predikat: Predikat, coefficient: f64, months: u8) -> Option<f64> {
    if !(1..=12).contains(&months) || !coefficient.is_finite() || coefficient < 0.0 {
        return None;
    }
    let points = f64::from(percentages.of(predikat)) / 100.0 * coefficient * f64::from(months) / 12.0;
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
        let percentages = CreditPercentages::default();
        for (predikat, coefficient, months, expected) in table {
            assert_eq!(angka_kredit(&percentages, predikat, coefficient, months), expected, "{predikat:?} {coefficient} {months}");
        }
        // Another regulation's percentages.
        let other = CreditPercentages([125, 100, 75, 50, 25]);
        assert_eq!(angka_kredit(&other, SangatBaik, 12.5, 12), Some(15.625));
    }
}
