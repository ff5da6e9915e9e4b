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
    /// Each row with its spreadsheet row number (the header is row 1).
    pub rows: Vec<(u64, Vec<String>)>,
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
        for (index, record) in reader.records().enumerate() {
            let number = index as u64 + 1;
            let record = match record {
                Ok(record) => record,
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
            };
            let cells: Vec<String> = record.iter().map(str::to_owned).collect();
            if cells.iter().all(String::is_empty) {
                continue; // A spreadsheet's empty rows below the data.
            }
            match &header {
                None => {
                    header = Some(cells.iter().map(|name| name.to_lowercase()).collect());
                    written = cells;
                }
                Some(names) if cells.len() != names.len() && !only_empty_beyond(&cells, names.len()) => {
                    problems.push(problem(
                        number,
                        Problem::FieldCount { expected: names.len() as u64, found: cells.len() as u64 },
                    ));
                }
                Some(names) => {
                    let mut cells = cells;
                    cells.resize(names.len(), String::new());
                    rows.push((number, cells));
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
fn only_empty_beyond(cells: &[String], width: usize) -> bool {
    cells.len() > width && cells[width..].iter().all(String::is_empty)
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
            assert_eq!(sheet.rows, [(2, vec!["A".into(), "Badan".into(), String::new()]), (3, vec!["B".into(), "Bidang; Satu".into(), "A".into()])]);
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
