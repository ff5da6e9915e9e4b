//! The organisation as the import's three files (importing an export changes nothing): how the
//! benchmarks make a large agency's files, and what a download for HR to edit in a spreadsheet
//! will give. Semicolons and a byte-order mark, as a spreadsheet in an Indonesian locale opens them.
//! Units and positions without a code (written before codes were kept) cannot be named in a file,
//! so they and their holders are left out.

use std::collections::HashMap;

use shared::domain::Rank;
use shared::domain::iso_date;

use super::{Files, Organisation};

pub fn export(now: &Organisation) -> Files {
    let unit_code: HashMap<_, &str> = now.units.iter().map(|u| (u.id, u.code.as_str())).collect();
    let position_code: HashMap<_, &str> = now.positions.iter().map(|p| (p.id, p.code.as_str())).collect();

    let mut units = writer(["kode", "nama", "induk"].map(str::to_owned).to_vec());
    for unit in now.units.iter().filter(|u| !u.code.is_empty()) {
        let parent = unit.parent.map(|p| code(&unit_code, p)).unwrap_or_default();
        units.write_record([unit.code.as_str(), &unit.name, &parent]).expect("writing to memory");
    }

    let mut header: Vec<String> = ["kode", "nama", "jenjang", "unit", "atasan"].map(str::to_owned).to_vec();
    header.extend(now.dictionary.iter().map(|c| c.code.clone()));
    let mut positions = writer(header);
    for position in now.positions.iter().filter(|p| !p.code.is_empty() && !code(&unit_code, p.unit).is_empty()) {
        let superior = position.superior.map(|s| code(&position_code, s)).unwrap_or_default();
        let mut row = vec![position.code.clone(), position.name.clone(), position.tier.label().to_owned(), code(&unit_code, position.unit), superior];
        row.extend(now.dictionary.iter().map(|competency| {
            let required = position.standard.iter().find(|r| r.competency == competency.id);
            required.map(|r| r.level.get().to_string()).unwrap_or_default()
        }));
        positions.write_record(&row).expect("writing to memory");
    }

    let mut employees = writer(["nip", "nama", "pangkat", "jenis", "jabatan", "tanggal_lahir", "tmt"].map(str::to_owned).to_vec());
    for employee in &now.employees {
        let position = code(&position_code, employee.position);
        if position.is_empty() {
            continue;
        }
        let rank = rank_cell(employee.rank);
        let service = employee.service_start.map(iso_date::format).unwrap_or_default();
        let row = [
            employee.nip.as_str(),
            &employee.name,
            &rank,
            employee.employment.label(),
            &position,
            &iso_date::format(employee.nip.birth_date()),
            &service,
        ];
        employees.write_record(row).expect("writing to memory");
    }
    Files { units: Some(finish(units)), positions: Some(finish(positions)), employees: Some(finish(employees)) }
}

/// A rank as the employees file writes it: `III/a`, or a PPPK golongan's number.
pub fn rank_cell(rank: Rank) -> String {
    match rank {
        Rank::Pns(grade) => grade.code().to_owned(),
        Rank::Pppk(golongan) => golongan.to_string(),
    }
}

pub(super) fn writer(header: Vec<String>) -> csv::Writer<Vec<u8>> {
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(b"\xEF\xBB\xBF".to_vec());
    writer.write_record(&header).expect("writing to memory");
    writer
}

pub(super) fn finish(writer: csv::Writer<Vec<u8>>) -> Vec<u8> {
    writer.into_inner().expect("writing to memory")
}

/// The code of `id` in `codes`, empty if it has none.
fn code<K: std::hash::Hash + Eq>(codes: &HashMap<K, &str>, id: K) -> String {
    codes.get(&id).copied().unwrap_or_default().to_owned()
}
