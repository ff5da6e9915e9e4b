//! The rules of performance evaluation (DOMAIN §2, §2a; PermenPANRB 6/2022, SE MenPANRB 3/2023,
//! Peraturan BKN 3/2023), pure and table-tested: the three-level ratings, the predikat matrix and
//! its labels, the suggestion for the hasil kerja rating (`hasil_kerja.rs`), the kurva distribusi
//! (`distribution.rs`) and the angka kredit of functional positions (`credit.rs`). Every threshold
//! and label is data ([`PerformancePolicy`], the national defaults unless the agency sets others):
//! regulations change, and agencies differ. The SKP record kinds decide with these.

pub mod credit;
pub mod distribution;
pub mod hasil_kerja;

use serde::{Deserialize, Serialize};

/// A rating of hasil kerja (work results) or perilaku kerja (behaviour), and of one RHK.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    DiBawahEkspektasi,
    SesuaiEkspektasi,
    DiAtasEkspektasi,
}

impl Rating {
    pub const ALL: [Rating; 3] = [Rating::DiBawahEkspektasi, Rating::SesuaiEkspektasi, Rating::DiAtasEkspektasi];

    pub const fn label(self) -> &'static str {
        match self {
            Rating::DiBawahEkspektasi => "Di Bawah Ekspektasi",
            Rating::SesuaiEkspektasi => "Sesuai Ekspektasi",
            Rating::DiAtasEkspektasi => "Di Atas Ekspektasi",
        }
    }

    const fn index(self) -> usize {
        self as usize
    }
}

/// The final rating of a year (or a period).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Predikat {
    SangatKurang,
    Kurang,
    ButuhPerbaikan,
    Baik,
    SangatBaik,
}

impl Predikat {
    pub const ALL: [Predikat; 5] = [Predikat::SangatBaik, Predikat::Baik, Predikat::ButuhPerbaikan, Predikat::Kurang, Predikat::SangatKurang];

    /// Butuh Perbaikan, Kurang and Sangat Kurang: a development need follows (PP 30/2019 Pasal 56).
    pub const fn is_weak(self) -> bool {
        matches!(self, Predikat::ButuhPerbaikan | Predikat::Kurang | Predikat::SangatKurang)
    }
}

/// Every threshold and label of performance evaluation, with the national defaults.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PerformancePolicy {
    pub scale: PredikatScale,
    pub hasil_kerja: hasil_kerja::HasilKerjaRule,
    pub kurva: distribution::Kurva,
    pub credit: credit::CreditPercentages,
}

impl Default for PerformancePolicy {
    fn default() -> Self {
        PerformancePolicy {
            scale: PredikatScale::default(),
            hasil_kerja: hasil_kerja::HasilKerjaRule::default(),
            kurva: distribution::Kurva::default(),
            credit: credit::CreditPercentages::default(),
        }
    }
}

/// The predikat matrix (hasil kerja × perilaku kerja) and the predikat's labels: data, with the
/// national defaults of PermenPANRB 6/2022.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PredikatScale {
    /// `cells[hasil][perilaku]`, each indexed Di Bawah, Sesuai, Di Atas.
    pub cells: [[Predikat; 3]; 3],
    /// The labels in [`Predikat::ALL`]'s order.
    pub labels: [String; 5],
}

impl Default for PredikatScale {
    fn default() -> Self {
        use Predikat::*;
        PredikatScale {
            cells: [
                // Hasil kerja di bawah: perilaku di bawah, sesuai, di atas.
                [SangatKurang, ButuhPerbaikan, ButuhPerbaikan],
                // Sesuai.
                [Kurang, Baik, Baik],
                // Di atas.
                [Kurang, Baik, SangatBaik],
            ],
            labels: ["Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang/Misconduct", "Sangat Kurang"].map(str::to_owned),
        }
    }
}

impl PredikatScale {
    /// The predikat of a hasil kerja and a perilaku kerja rating: a lookup, never an average.
    pub fn predikat(&self, hasil_kerja: Rating, perilaku: Rating) -> Predikat {
        self.cells[hasil_kerja.index()][perilaku.index()]
    }

    pub fn label(&self, predikat: Predikat) -> &str {
        let at = Predikat::ALL.iter().position(|p| *p == predikat).expect("every predikat is in ALL");
        &self.labels[at]
    }
}

#[cfg(test)]
mod tests {
    use super::Predikat::*;
    use super::Rating::*;
    use super::*;

    #[test]
    fn the_predikat_is_the_matrix_cell_of_the_two_ratings() {
        // DOMAIN §2's table, row by row: hasil kerja, perilaku, predikat.
        let table = [
            (DiAtasEkspektasi, DiBawahEkspektasi, Kurang),
            (DiAtasEkspektasi, SesuaiEkspektasi, Baik),
            (DiAtasEkspektasi, DiAtasEkspektasi, SangatBaik),
            (SesuaiEkspektasi, DiBawahEkspektasi, Kurang),
            (SesuaiEkspektasi, SesuaiEkspektasi, Baik),
            (SesuaiEkspektasi, DiAtasEkspektasi, Baik),
            (DiBawahEkspektasi, DiBawahEkspektasi, SangatKurang),
            (DiBawahEkspektasi, SesuaiEkspektasi, ButuhPerbaikan),
            (DiBawahEkspektasi, DiAtasEkspektasi, ButuhPerbaikan),
        ];
        let scale = PredikatScale::default();
        for (hasil, perilaku, expected) in table {
            assert_eq!(scale.predikat(hasil, perilaku), expected, "{hasil:?} × {perilaku:?}");
        }
        assert_eq!(scale.label(Kurang), "Kurang/Misconduct");
        assert_eq!(scale.label(SangatBaik), "Sangat Baik");
    }

    #[test]
    fn the_matrix_and_labels_are_data() {
        let mut scale = PredikatScale::default();
        scale.cells[1][2] = SangatBaik;
        scale.labels[3] = "Kurang".to_owned();
        assert_eq!(scale.predikat(SesuaiEkspektasi, DiAtasEkspektasi), SangatBaik);
        assert_eq!(scale.label(Kurang), "Kurang");
        let json = serde_json::to_string(&scale).unwrap();
        assert_eq!(serde_json::from_str::<PredikatScale>(&json).unwrap(), scale);
    }

    #[test]
    fn the_whole_policy_is_data() {
        let policy = PerformancePolicy::default();
        let json = serde_json::to_string(&policy).unwrap();
        assert_eq!(serde_json::from_str::<PerformancePolicy>(&json).unwrap(), policy);
        assert_eq!(policy.kurva.rows.len(), 5, "a row per unit result");
    }

    #[test]
    fn weak_predikat_are_the_three_lowest() {
        let weak: Vec<Predikat> = Predikat::ALL.into_iter().filter(|p| p.is_weak()).collect();
        assert_eq!(weak, [ButuhPerbaikan, Kurang, SangatKurang]);
    }
}
