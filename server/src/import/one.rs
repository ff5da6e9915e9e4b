//! One employee added or changed on HR's form, as a one-row employees file: the form is checked
//! and applied by the import itself, so a NIP, a rank or a position is read the same way, a
//! changed position hands records over as any move does, and the audit trail says the same.

use shared::api::EmployeeForm;

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
