//! Reading one CSV file as spreadsheets write it: UTF-8 with or without a byte-order mark, cells
//! separated by semicolons (a spreadsheet in an Indonesian locale) or commas, a header row, and
//! trailing empty rows. Each row keeps its number as the spreadsheet shows it.

use shared::import::{ImportFile, ImportProblem, Problem};

/// A file's header and rows.
pub(super) struct Sheet {
    pub file: ImportFile,
    /// The column names, trimmed and in lower case (matched so), and as written (reported so).
    pub header: Vec<String>,
    pub written: Vec<String>,
    /// Each row with its spreadsheet row number (the header is row 1), as wide as the header.
    /// A record keeps its cells in one buffer: a file of 100,000 rows is held in a few allocations
    /// a row rather than one a cell.
    pub rows: Vec<(u64, csv::StringRecord)>,
}

impl Sheet {
    /// Reads `bytes`, adding to `problems` what makes rows unreadable (the rows that can be read
    /// are kept, so one bad row does not hide the others' problems). `None` if nothing can be read.
    pub fn read(file: ImportFile, bytes: &[u8], problems: &mut Vec<ImportProblem>) -> Option<Sheet> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let problem = |row: u64, problem: Problem| ImportProblem { file, row, column: None, problem };
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter(bytes))
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(bytes);
        let mut header: Option<Vec<String>> = None;
        let mut written = Vec::new();
        let mut rows = Vec::new();
        // One record read into again and again; each row kept is a copy of exactly its size.
        let mut record = csv::StringRecord::new();
        let mut number = 0u64;
        loop {
            number += 1;
            match reader.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(error) => {
                    let unreadable = match error.kind() {
                        csv::ErrorKind::Utf8 { .. } => Problem::NotUtf8,
                        _ => Problem::Unreadable { detail: error.to_string() },
                    };
                    // Not UTF-8 is a property of the whole file (an export in another encoding):
                    // said once, at the first row it shows in.
                    let stop = unreadable == Problem::NotUtf8;
                    problems.push(problem(number, unreadable));
                    if stop {
                        return None;
                    }
                    continue;
                }
            }
            if record.iter().all(str::is_empty) {
                continue; // A spreadsheet's empty rows below the data.
            }
            match &header {
                None => {
                    header = Some(record.iter().map(str::to_lowercase).collect());
                    written = record.iter().map(str::to_owned).collect();
                }
                Some(names) if record.len() != names.len() && !only_empty_beyond(&record, names.len()) => {
                    problems.push(problem(
                        number,
                        Problem::FieldCount { expected: names.len() as u64, found: record.len() as u64 },
                    ));
                }
                Some(names) => {
                    record.truncate(names.len());
                    rows.push((number, record.clone()));
                }
            }
        }
        match header {
            Some(header) => Some(Sheet { file, header, written, rows }),
            None => {
                problems.push(problem(0, Problem::Empty));
                None
            }
        }
    }
}

/// Whether the cells past the header's width are all empty (a spreadsheet that saved a few empty
/// columns on some rows): such a row is read as the header's width.
fn only_empty_beyond(record: &csv::StringRecord, width: usize) -> bool {
    record.len() > width && record.iter().skip(width).all(str::is_empty)
}

/// The separator of the file: whichever of `;` and `,` its first line has more of, outside
/// quotes (a header with one column has neither, and either reads it).
fn delimiter(bytes: &[u8]) -> u8 {
    let (mut semicolons, mut commas, mut quoted) = (0usize, 0usize, false);
    let first_line = bytes.iter().position(|b| !matches!(b, b'\r' | b'\n')).unwrap_or(bytes.len());
    for &byte in &bytes[first_line..] {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            b';' if !quoted => semicolons += 1,
            b',' if !quoted => commas += 1,
            _ => {}
        }
    }
    if semicolons > commas { b';' } else { b',' }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> (Option<Sheet>, Vec<ImportProblem>) {
        let mut problems = Vec::new();
        (Sheet::read(ImportFile::Units, bytes, &mut problems), problems)
    }

    #[test]
    fn semicolons_and_commas_with_or_without_a_bom_read_alike() {
        for bytes in [
            &b"Kode;Nama;Induk\nA;Badan;\r\nB;\"Bidang; Satu\";A\n;;\n"[..],
            b"\xEF\xBB\xBFkode,nama,induk\r\nA,Badan,\r\nB,\"Bidang; Satu\",A\r\n,,\r\n",
        ] {
            let (sheet, problems) = read(bytes);
            assert!(problems.is_empty(), "{problems:?}");
            let sheet = sheet.unwrap();
            assert_eq!(sheet.header, ["kode", "nama", "induk"]);
            let rows: Vec<(u64, Vec<&str>)> = sheet.rows.iter().map(|(n, r)| (*n, r.iter().collect())).collect();
            assert_eq!(rows, [(2, vec!["A", "Badan", ""]), (3, vec!["B", "Bidang; Satu", "A"])]);
        }
    }

    #[test]
    fn a_row_of_the_wrong_width_is_named_and_the_others_are_kept() {
        let (sheet, problems) = read(b"kode;nama;induk\nA;Badan\nB;Bidang;A;;\nC;Seksi;B;x\n");
        let rows: Vec<u64> = sheet.unwrap().rows.iter().map(|(n, _)| *n).collect();
        assert_eq!(rows, [3], "the row with two empty cells too many is read");
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!((problems[0].row, &problems[0].problem), (2, &Problem::FieldCount { expected: 3, found: 2 }));
        assert_eq!((problems[1].row, &problems[1].problem), (4, &Problem::FieldCount { expected: 3, found: 4 }));
    }

    #[test]
    fn a_file_in_another_encoding_is_refused_once_and_an_empty_one_is_said_to_be_empty() {
        let (sheet, problems) = read(b"kode;nama\nA;Bidang Pengembangan\nB;Kantor Cabang Sukamaj\xFC\nC;\xE9\n");
        assert!(sheet.is_none());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!((problems[0].row, &problems[0].problem), (3, &Problem::NotUtf8));
        let (sheet, problems) = read(b"\xEF\xBB\xBF\n;;\n");
        assert!(sheet.is_none());
        assert_eq!(problems[0].problem, Problem::Empty);
    }
}
