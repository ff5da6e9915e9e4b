//! What an entry of the agency's technical competencies must have (PermenPANRB 38/2017): a code,
//! a name and a definition, and each of the five levels a label, a short description and two to
//! four behavioural indicators. Checked by HR's form as they type and by the server when it is
//! saved.

use crate::domain::{Competency, Level};

/// The fewest and most indicators a level has.
pub const INDICATORS: std::ops::RangeInclusive<usize> = 2..=4;

/// The positions file's own columns, which no competency code may be.
const RESERVED: [&str; 5] = ["kode", "nama", "jenjang", "unit", "atasan"];

/// The longest text of any field.
pub const MAX_CHARS: usize = 2000;

/// What is wrong with an entry; `level` is 1 to 5.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DictionaryProblem {
    CodeRequired,
    /// Spaces around the code, or a code that is one of the positions file's own columns
    /// (`kode`, `nama`, `jenjang`, `unit`, `atasan`): the file's column for it could not be told apart.
    CodeForm,
    NameRequired,
    DefinitionRequired,
    /// Not exactly the five levels 1 to 5, in order.
    FiveLevels,
    LabelRequired { level: u8 },
    DescriptionRequired { level: u8 },
    Indicators { level: u8 },
    TooLong,
}

/// Every problem of `competency`, first to last (empty: it may be saved).
pub fn problems(competency: &Competency) -> Vec<DictionaryProblem> {
    use DictionaryProblem::*;
    let blank = |text: &str| text.trim().is_empty();
    let mut found = Vec::new();
    if blank(&competency.code) {
        found.push(CodeRequired);
    } else if competency.code.trim() != competency.code || RESERVED.contains(&competency.code.to_lowercase().as_str()) {
        found.push(CodeForm);
    }
    if blank(&competency.name) {
        found.push(NameRequired);
    }
    if blank(&competency.definition) {
        found.push(DefinitionRequired);
    }
    if !competency.levels.iter().map(|l| l.level).eq(Level::all()) {
        found.push(FiveLevels);
    }
    for description in &competency.levels {
        let level = description.level.get();
        if blank(&description.label) {
            found.push(LabelRequired { level });
        }
        if blank(&description.description) {
            found.push(DescriptionRequired { level });
        }
        let filled = description.indicators.iter().filter(|i| !blank(i)).count();
        if !INDICATORS.contains(&filled) || filled != description.indicators.len() {
            found.push(Indicators { level });
        }
    }
    let texts = [&competency.code, &competency.name, &competency.definition].into_iter().chain(
        competency.levels.iter().flat_map(|l| [&l.label, &l.description].into_iter().chain(&l.indicators)),
    );
    if texts.into_iter().any(|t| t.chars().count() > MAX_CHARS) {
        found.push(TooLong);
    }
    found
}

impl DictionaryProblem {
    /// The problem as a sentence for HR.
    pub fn describe(self, english: bool) -> String {
        use DictionaryProblem::*;
        match (self, english) {
            (CodeRequired, false) => "Isi kode kompetensi (misalnya T.05).".into(),
            (CodeRequired, true) => "Enter the competency's code (for example T.05).".into(),
            (CodeForm, false) => "Kode kompetensi tanpa spasi di awal atau akhir, dan bukan kode, nama, jenjang, unit, atau atasan.".into(),
            (CodeForm, true) => "The code has no spaces around it and is not kode, nama, jenjang, unit or atasan.".into(),
            (NameRequired, false) => "Isi nama kompetensi.".into(),
            (NameRequired, true) => "Enter the competency's name.".into(),
            (DefinitionRequired, false) => "Isi definisi kompetensi.".into(),
            (DefinitionRequired, true) => "Enter the competency's definition.".into(),
            (FiveLevels, false) => "Kompetensi memiliki tepat lima tingkat, 1 sampai 5.".into(),
            (FiveLevels, true) => "A competency has exactly five levels, 1 to 5.".into(),
            (LabelRequired { level }, false) => format!("Tingkat {level}: isi nama tingkatnya."),
            (LabelRequired { level }, true) => format!("Level {level}: enter its name."),
            (DescriptionRequired { level }, false) => format!("Tingkat {level}: isi deskripsinya."),
            (DescriptionRequired { level }, true) => format!("Level {level}: enter its description."),
            (Indicators { level }, false) => format!("Tingkat {level}: isi 2 sampai 4 indikator perilaku, tanpa baris kosong."),
            (Indicators { level }, true) => format!("Level {level}: enter 2 to 4 behavioural indicators, without empty lines."),
            (TooLong, false) => format!("Setiap isian paling banyak {MAX_CHARS} karakter."),
            (TooLong, true) => format!("Every field has at most {MAX_CHARS} characters."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CompetencyKind, LevelDescription};
    use crate::ids::CompetencyId;

    fn entry() -> Competency {
        Competency {
            id: CompetencyId::from_u128(1),
            code: "T.05".into(),
            name: "Pengelolaan Arsip Digital".into(),
            kind: CompetencyKind::Teknis,
            definition: "Kemampuan mengelola arsip elektronik.".into(),
            levels: Level::all()
                .map(|level| LevelDescription { level, label: format!("Tingkat {level}"), description: "Deskripsi".into(), indicators: vec!["Satu".into(), "Dua".into()] })
                .collect(),
        }
    }

    #[test]
    fn a_whole_entry_passes_and_each_gap_is_named() {
        assert_eq!(problems(&entry()), []);
        let mut missing = entry();
        missing.name = " ".into();
        missing.levels[2].description.clear();
        missing.levels[4].indicators = vec!["Hanya satu".into()];
        assert_eq!(problems(&missing), [DictionaryProblem::NameRequired, DictionaryProblem::DescriptionRequired { level: 3 }, DictionaryProblem::Indicators { level: 5 }]);
        let mut four = entry();
        four.levels.pop();
        assert_eq!(problems(&four), [DictionaryProblem::FiveLevels]);
        let mut blank_line = entry();
        blank_line.levels[0].indicators.push(String::new());
        assert_eq!(problems(&blank_line), [DictionaryProblem::Indicators { level: 1 }]);
        for code in [" T.05", "Unit"] {
            let mut odd = entry();
            odd.code = code.into();
            assert_eq!(problems(&odd), [DictionaryProblem::CodeForm], "{code:?}");
        }
        let mut long = entry();
        long.definition = "x".repeat(MAX_CHARS + 1);
        assert_eq!(problems(&long), [DictionaryProblem::TooLong]);
    }
}
