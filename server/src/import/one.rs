//! One employee, unit or position added or changed on HR's forms, as a one-row file of the
//! import: the form is checked and applied by the import itself, so a NIP, a rank, a tier or a
//! level is read the same way, a cycle in a tree is found the same way, a change of supervisor
//! hands records over as any move does, and the audit trail says the same.

use shared::api::{EmployeeForm, PositionForm, UnitForm};

use super::Files;
use super::export::{finish, writer};

/// The form's fields as the employees file of an import, with its `tmt` column (an empty one
/// clears the start of service).
pub fn one_employee(form: &EmployeeForm) -> Files {
    let mut file = writer(["nip", "nama", "pangkat", "jenis", "jabatan", "tmt"].map(str::to_owned).to_vec());
    let cells = [&form.nip, &form.name, &form.rank, &form.employment, &form.position, &form.service_start].map(|cell| cell.trim());
    file.write_record(cells).expect("writing to memory");
    Files { employees: Some(finish(file)), ..Files::default() }
}

/// A unit's form as the units file.
pub fn one_unit(form: &UnitForm) -> Files {
    let mut file = writer(["kode", "nama", "induk"].map(str::to_owned).to_vec());
    file.write_record([&form.code, &form.name, &form.parent].map(|cell| cell.trim())).expect("writing to memory");
    Files { units: Some(finish(file)), ..Files::default() }
}

/// A position's form as the positions file, with a column for each competency the form gives a
/// cell for (one it leaves out keeps its stored level).
pub fn one_position(form: &PositionForm) -> Files {
    let mut header: Vec<String> = ["kode", "nama", "jenjang", "unit", "atasan"].map(str::to_owned).to_vec();
    header.extend(form.levels.iter().map(|(code, _)| code.trim().to_owned()));
    let mut row: Vec<&str> = [&form.code, &form.name, &form.tier, &form.unit, &form.superior].map(|cell| cell.trim()).to_vec();
    row.extend(form.levels.iter().map(|(_, level)| level.trim()));
    let mut file = writer(header);
    file.write_record(row).expect("writing to memory");
    Files { positions: Some(finish(file)), ..Files::default() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_with_the_separator_or_quotes_stays_one_cell() {
        let form = EmployeeForm { nip: "198501012010011001".into(), name: "Sari; \"Ani\"".into(), ..EmployeeForm::default() };
        let files = one_employee(&form);
        let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(&files.employees.as_deref().unwrap()[3..]);
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!((row.len(), &row[1]), (6, "Sari; \"Ani\""));
    }
}
