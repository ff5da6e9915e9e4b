//! Importing the agency from a spreadsheet export: units, positions with their standard (SKJ),
//! and employees, in CSV (the column names are in `shared::import`). The demo agency is loaded
//! the same way (`seed/demo/*.csv`).
//!
//! [`plan`] reads the files against what Kompeten holds now and answers either every problem,
//! row by row, or the plan: each unit, position and employee to write, and a summary. Rows are
//! matched by unit and position code and by NIP, so importing the same files again plans nothing.
//! Nothing in Kompeten is removed by an import: a row missing from a file leaves its unit,
//! position or employee as it is. `db/import.rs` applies a plan in one transaction.

mod cells;
mod export;
mod one;
mod read;
mod supervisors;

use std::collections::{HashMap, HashSet};

use shared::domain::{Competency, CompetencyKind, Employee, Nip, Position, RequiredCompetency, Unit};
use shared::ids::{CompetencyId, EmployeeId, PositionId, UnitId};
use shared::import::{Counts, ImportFile, ImportProblem, ImportReport, ImportSummary, MoveLine, Problem};
use shared::rules::org::default_managerial_level;

use read::Sheet;
pub use export::{export, rank_cell};
pub use one::{one_employee, one_position, one_unit};
pub use supervisors::supervisor_changes;

/// The files of one import, any of them absent.
#[derive(Debug, Default)]
pub struct Files {
    pub units: Option<Vec<u8>>,
    pub positions: Option<Vec<u8>>,
    pub employees: Option<Vec<u8>>,
}

impl Files {
    pub fn get(&self, file: ImportFile) -> Option<&[u8]> {
        match file {
            ImportFile::Units => self.units.as_deref(),
            ImportFile::Positions => self.positions.as_deref(),
            ImportFile::Employees => self.employees.as_deref(),
        }
    }

    pub fn set(&mut self, file: ImportFile, bytes: Vec<u8>) {
        match file {
            ImportFile::Units => self.units = Some(bytes),
            ImportFile::Positions => self.positions = Some(bytes),
            ImportFile::Employees => self.employees = Some(bytes),
        }
    }
}

/// The organisation Kompeten holds, as an import compares with it.
#[derive(Debug, Default, PartialEq)]
pub struct Organisation {
    pub units: Vec<Unit>,
    pub positions: Vec<Position>,
    pub employees: Vec<Employee>,
    /// The competency dictionary, [`in_standard_order`]: the positions file has a column per code.
    pub dictionary: Vec<Competency>,
}

/// What an import writes: every unit, position and employee it adds or changes, as it will be.
#[derive(Debug, Default)]
pub struct Plan {
    pub units: Vec<Unit>,
    pub positions: Vec<Position>,
    pub employees: Vec<Employee>,
    pub summary: ImportSummary,
}

/// An id for the row at `index` (counting data rows from 0) of a file that adds something: random
/// for a real agency, fixed for the demo.
pub type NewId<'a> = dyn FnMut(ImportFile, usize) -> u128 + 'a;

/// The answer to HR about a plan: its problems (the first [`ImportReport::LISTED`] of them) or
/// its summary, with the fingerprint a confirmation sends back.
pub fn report(planned: Result<Plan, Vec<ImportProblem>>, fingerprint: String, applied: bool) -> ImportReport {
    match planned {
        Ok(plan) => ImportReport { summary: ImportSummary { fingerprint, ..plan.summary }, applied, ..ImportReport::default() },
        Err(mut problems) => {
            let problem_count = problems.len() as u64;
            problems.truncate(ImportReport::LISTED);
            ImportReport { problems, problem_count, summary: ImportSummary { fingerprint, ..ImportSummary::default() }, applied: false }
        }
    }
}

/// A random id (UUID version 4), for a real agency's new rows.
pub fn random_id(_: ImportFile, _: usize) -> u128 {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system's random source works");
    uuid::Builder::from_random_bytes(bytes).into_uuid().as_u128()
}

/// Plans the import of `files` into `now`: every problem found, or what to write.
pub fn plan(files: &Files, now: &Organisation, new_id: &mut NewId) -> Result<Plan, Vec<ImportProblem>> {
    let mut problems = Vec::new();
    let sheets: Vec<Option<Sheet>> = ImportFile::ALL
        .iter()
        .map(|&file| files.get(file).and_then(|bytes| Sheet::read(file, bytes, &mut problems)))
        .collect();
    let [units, positions, employees] = <[Option<Sheet>; 3]>::try_from(sheets).ok().expect("three files");
    let mut planner = Planner::new(now, problems);
    if let Some(sheet) = &units {
        planner.units(sheet, new_id);
    }
    if let Some(sheet) = &positions {
        planner.positions(sheet, new_id);
    }
    if let Some(sheet) = &employees {
        planner.employees(sheet, new_id);
    }
    planner.finish()
}

/// A unit as the import sees it: existing ones by code, overridden by the file's rows.
struct UnitEntry {
    id: UnitId,
    name: String,
    parent: Option<String>,
    /// The file's row that sets it, if any.
    row: Option<u64>,
}

struct PositionEntry {
    id: PositionId,
    superior: Option<String>,
    row: Option<u64>,
    /// The position as the file's row has it (its superior's id filled in once all are read).
    planned: Option<Position>,
}

struct Planner<'a> {
    now: &'a Organisation,
    problems: Vec<ImportProblem>,
    units: HashMap<String, UnitEntry>,
    positions: HashMap<String, PositionEntry>,
    /// Units and positions written before codes were kept, by name (and unit): a file's row of
    /// the same name takes one over, giving it its code, rather than adding a second.
    legacy_units: HashMap<String, UnitId>,
    legacy_positions: HashMap<(UnitId, String), PositionId>,
    /// The codes of the file's rows that have problems of their own, and their rows: a row that
    /// names one is told so, not that the code is unknown.
    faulty_units: HashMap<String, u64>,
    faulty_positions: HashMap<String, u64>,
    /// The codes of the positions HR closed: nobody moves into one, no position reports to one.
    closed: std::collections::HashSet<String>,
    plan: Plan,
}

impl<'a> Planner<'a> {
    fn new(now: &'a Organisation, problems: Vec<ImportProblem>) -> Self {
        let unit_codes: HashMap<UnitId, &str> = now.units.iter().map(|u| (u.id, u.code.as_str())).collect();
        let position_codes: HashMap<PositionId, &str> = now.positions.iter().map(|p| (p.id, p.code.as_str())).collect();
        let units = now
            .units
            .iter()
            .filter(|unit| !unit.code.is_empty())
            .map(|unit| {
                let parent = unit.parent.and_then(|id| unit_codes.get(&id)).map(|code| (*code).to_owned());
                (unit.code.clone(), UnitEntry { id: unit.id, name: unit.name.clone(), parent, row: None })
            })
            .collect();
        let positions = now
            .positions
            .iter()
            .filter(|position| !position.code.is_empty())
            .map(|position| {
                let superior = position.superior.and_then(|id| position_codes.get(&id)).map(|code| (*code).to_owned());
                (position.code.clone(), PositionEntry { id: position.id, superior, row: None, planned: None })
            })
            .collect();
        // Only names that are not ambiguous among the units (positions) without a code.
        fn unique<K: std::hash::Hash + Eq, V>(pairs: impl Iterator<Item = (K, V)>) -> HashMap<K, V> {
            let mut seen: HashMap<K, Option<V>> = HashMap::new();
            for (key, value) in pairs {
                seen.entry(key).and_modify(|v| *v = None).or_insert(Some(value));
            }
            seen.into_iter().filter_map(|(k, v)| Some((k, v?))).collect()
        }
        let legacy_units = unique(now.units.iter().filter(|u| u.code.is_empty()).map(|u| (u.name.clone(), u.id)));
        let legacy_positions = unique(now.positions.iter().filter(|p| p.code.is_empty()).map(|p| ((p.unit, p.name.clone()), p.id)));
        Planner {
            now,
            problems,
            units,
            positions,
            legacy_units,
            legacy_positions,
            faulty_units: HashMap::new(),
            faulty_positions: HashMap::new(),
            closed: now.positions.iter().filter(|p| p.closed).map(|p| p.code.clone()).collect(),
            plan: Plan::default(),
        }
    }

    fn problem(&mut self, file: ImportFile, row: u64, column: Option<&str>, problem: Problem) {
        self.problems.push(ImportProblem { file, row, column: column.map(str::to_owned), problem });
    }

    fn units(&mut self, sheet: &Sheet, new_id: &mut NewId) {
        let Some(columns) = self.columns(sheet, &["kode", "nama"], &["induk"], |_| false) else { return };
        // Without an `induk` column, every unit keeps its parent.
        let with_parents = columns.contains_key("induk");
        let mut rows = Vec::new();
        let mut first_row: HashMap<String, u64> = HashMap::new();
        for (index, (row, cells)) in sheet.rows.iter().enumerate() {
            let mut cell = |name: &str, required: bool| self.cell(sheet.file, *row, &columns, cells, name, required);
            let (code, name, parent) = (cell("kode", true), cell("nama", true), cell("induk", false));
            let (Some(code), Some(name)) = (code, name) else {
                self.note_faulty(sheet.file, *row, cells, &columns);
                continue;
            };
            if let Some(&first) = first_row.get(&code) {
                self.problem(sheet.file, *row, Some("kode"), Problem::Duplicate { first_row: first });
                continue;
            }
            first_row.insert(code.clone(), *row);
            let known = self.units.get(&code);
            let parent = match (with_parents, known) {
                (true, _) => parent.filter(|p| !p.is_empty()),
                (false, known) => known.and_then(|u| u.parent.clone()),
            };
            let id = match known {
                Some(unit) => unit.id,
                None => self.legacy_units.remove(&name).unwrap_or_else(|| UnitId::from_u128(new_id(sheet.file, index))),
            };
            self.units.insert(code.clone(), UnitEntry { id, name, parent, row: Some(*row) });
            rows.push(code);
        }
        // Without an `induk` column the parents are as stored: nothing to check.
        if with_parents {
            let links: HashMap<&str, &str> = self.units.iter().filter_map(|(code, u)| Some((code.as_str(), u.parent.as_deref()?))).collect();
            let found = tree_problems(sheet.file, "induk", &rows, &links, |code| self.units.contains_key(code), |code| self.units[code].row.unwrap_or(0), |code| Problem::UnknownUnit { code });
            self.problems.extend(found);
        }
        // The writes, in file order, and the counts.
        let existing: HashMap<UnitId, &Unit> = self.now.units.iter().map(|u| (u.id, u)).collect();
        let mut counts = Counts::default();
        for code in rows {
            let entry = &self.units[&code];
            let parent = if with_parents {
                entry.parent.as_ref().and_then(|p| self.units.get(p)).map(|p| p.id)
            } else {
                existing.get(&entry.id).and_then(|old| old.parent)
            };
            let unit = Unit { id: entry.id, code: code.clone(), name: entry.name.clone(), parent };
            let same = existing.get(&unit.id).map(|old| **old == unit);
            tally(&mut counts, &mut self.plan.units, unit, same);
        }
        self.plan.summary.units = counts;
    }

    fn positions(&mut self, sheet: &Sheet, new_id: &mut NewId) {
        let dictionary: HashMap<String, &Competency> = self.now.dictionary.iter().map(|c| (c.code.to_lowercase(), c)).collect();
        let Some(columns) =
            self.columns(sheet, &["kode", "nama", "jenjang", "unit"], &["atasan"], |name| dictionary.contains_key(name))
        else {
            return;
        };
        // Without an `atasan` column, every position keeps its superior; without a competency's
        // column, every position keeps its level of it.
        let with_superiors = columns.contains_key("atasan");
        let existing: HashMap<PositionId, &Position> = self.now.positions.iter().map(|p| (p.id, p)).collect();
        let mut rows = Vec::new();
        let mut first_row: HashMap<String, u64> = HashMap::new();
        for (index, (row, cells)) in sheet.rows.iter().enumerate() {
            let row = *row;
            let mut cell = |name: &str, required: bool| self.cell(sheet.file, row, &columns, cells, name, required);
            let (code, name, tier, unit, superior) =
                (cell("kode", true), cell("nama", true), cell("jenjang", true), cell("unit", true), cell("atasan", false));
            let tier = tier.and_then(|text| cells::tier(&text).map_err(|p| self.problem(sheet.file, row, Some("jenjang"), p)).ok());
            let unit = unit.and_then(|code| match self.units.get(&code) {
                Some(unit) => Some(unit.id),
                None => {
                    let problem = match self.faulty_units.get(&code) {
                        Some(&row) => Problem::FaultyRow { file: ImportFile::Units, code, row },
                        None => Problem::UnknownUnit { code },
                    };
                    self.problem(sheet.file, row, Some("unit"), problem);
                    None
                }
            });
            let (Some(code), Some(name), Some(tier), Some(unit)) = (code, name, tier, unit) else {
                self.note_faulty(sheet.file, row, cells, &columns);
                continue;
            };
            let known = self.positions.get(&code).map(|p| p.id).or_else(|| self.legacy_positions.get(&(unit, name.clone())).copied());
            let old = known.and_then(|id| existing.get(&id).copied());
            // The standard, in the dictionary's order: a level per competency column, the tier's
            // default for an empty managerial or socio-cultural one, nothing for an empty
            // technical one; the level the position has for a competency without a column.
            let mut standard = Vec::new();
            let mut complete = true;
            for competency in &self.now.dictionary {
                let column = competency.code.to_lowercase();
                let Some(&at) = columns.get(&column) else {
                    let kept = old.and_then(|old| old.standard.iter().find(|r| r.competency == competency.id));
                    match (kept, competency.kind, default_managerial_level(tier)) {
                        (Some(kept), _, _) => standard.push(*kept),
                        (None, CompetencyKind::Teknis, _) => {}
                        (None, _, Some(level)) => standard.push(RequiredCompetency { competency: competency.id, level }),
                        (None, _, None) if complete => {
                            self.problem(sheet.file, row, Some(&competency.code), Problem::LevelForFunctional);
                            complete = false;
                        }
                        (None, _, None) => {}
                    }
                    continue;
                };
                let text = cells.get(at).unwrap_or_default();
                let level = match cells::level(text) {
                    Ok(level) => level,
                    Err(problem) => {
                        self.problem(sheet.file, row, Some(&competency.code), problem);
                        complete = false;
                        continue;
                    }
                };
                let level = match (level, competency.kind) {
                    (Some(level), _) => Some(level),
                    (None, CompetencyKind::Teknis) => None,
                    (None, _) => match default_managerial_level(tier) {
                        Some(level) => Some(level),
                        None if complete => {
                            self.problem(sheet.file, row, Some(&competency.code), Problem::LevelForFunctional);
                            complete = false;
                            None
                        }
                        None => None,
                    },
                };
                if let Some(level) = level {
                    standard.push(RequiredCompetency { competency: competency.id, level });
                }
            }
            if !complete {
                self.faulty_positions.insert(code, row);
                continue;
            }
            if let Some(&first) = first_row.get(&code) {
                self.problem(sheet.file, row, Some("kode"), Problem::Duplicate { first_row: first });
                continue;
            }
            first_row.insert(code.clone(), row);
            if let Some(id) = known {
                self.legacy_positions.retain(|_, legacy| *legacy != id);
            }
            let id = known.unwrap_or_else(|| PositionId::from_u128(new_id(sheet.file, index)));
            // The appraiser is named on HR's screen, not in the file: kept.
            let appraiser = old.and_then(|old| old.appraiser);
            // Closed or open as HR set it on the organisation screen, whatever the file.
            let closed = old.is_some_and(|old| old.closed);
            let position = Position { id, code: code.clone(), name, tier, unit, superior: None, standard, appraiser, closed };
            let superior = match with_superiors {
                true => superior.filter(|s| !s.is_empty()),
                false => self.positions.get(&code).and_then(|p| p.superior.clone()),
            };
            if let Some(superior) = superior.as_ref().filter(|s| self.closed.contains(*s) && !closed) {
                self.problem(sheet.file, row, Some("atasan"), Problem::ClosedPosition { code: superior.clone() });
                continue;
            }
            self.positions.insert(code.clone(), PositionEntry { id, superior, row: Some(row), planned: Some(position) });
            rows.push(code);
        }
        // Without an `atasan` column the superiors are as stored: nothing to check.
        if with_superiors {
            let links: HashMap<&str, &str> =
                self.positions.iter().filter_map(|(code, p)| Some((code.as_str(), p.superior.as_deref()?))).collect();
            let found = tree_problems(sheet.file, "atasan", &rows, &links, |code| self.positions.contains_key(code), |code| self.positions[code].row.unwrap_or(0), |code| Problem::UnknownPosition { code });
            self.problems.extend(found);
        }
        let mut counts = Counts::default();
        for code in rows {
            let entry = &self.positions[&code];
            let superior = if with_superiors {
                entry.superior.as_ref().and_then(|s| self.positions.get(s)).map(|s| s.id)
            } else {
                existing.get(&entry.id).and_then(|old| old.superior)
            };
            let entry = self.positions.get_mut(&code).expect("planned above");
            let mut position = entry.planned.take().expect("a row of the file");
            position.superior = superior;
            let same = existing.get(&position.id).map(|old| same_position(old, &position));
            tally(&mut counts, &mut self.plan.positions, position, same);
        }
        self.plan.summary.positions = counts;
    }

    fn employees(&mut self, sheet: &Sheet, new_id: &mut NewId) {
        let required = ["nip", "nama", "pangkat", "jenis", "jabatan"];
        let Some(columns) = self.columns(sheet, &required, &["tanggal_lahir", "tmt"], |_| false) else { return };
        // Without a `tmt` column, everyone keeps their start of service.
        let with_service = columns.contains_key("tmt");
        let now = self.now;
        let existing: HashMap<&Nip, &Employee> = now.employees.iter().map(|e| (&e.nip, e)).collect();
        let mut moves = Vec::new();
        let mut first_row: HashMap<Nip, u64> = HashMap::new();
        let mut counts = Counts::default();
        for (index, (row, cells)) in sheet.rows.iter().enumerate() {
            let row = *row;
            let file = sheet.file;
            let mut cell = |name: &str, required: bool| self.cell(file, row, &columns, cells, name, required);
            let (nip, name, rank, employment, position, birth, service) = (
                cell("nip", true),
                cell("nama", true),
                cell("pangkat", true),
                cell("jenis", true),
                cell("jabatan", true),
                cell("tanggal_lahir", false),
                cell("tmt", false),
            );
            let nip = nip.and_then(|text| Nip::parse(&text).map_err(|e| self.problem(file, row, Some("nip"), Problem::Nip(e))).ok());
            let employment =
                employment.and_then(|text| cells::employment(&text).map_err(|p| self.problem(file, row, Some("jenis"), p)).ok());
            let rank = match (rank, employment) {
                (Some(text), Some(employment)) => {
                    cells::rank(&text, employment).map_err(|p| self.problem(file, row, Some("pangkat"), p)).ok()
                }
                _ => None,
            };
            let position = position.and_then(|code| match self.positions.get(&code) {
                // Nobody moves into a closed position; someone who left the service may still
                // name the one they last held (it was closed once vacant).
                Some(entry) if self.closed.contains(&code) && nip.as_ref().and_then(|n| existing.get(n)).is_none_or(|e| e.position != entry.id) => {
                    self.problem(file, row, Some("jabatan"), Problem::ClosedPosition { code });
                    None
                }
                Some(entry) => Some(entry.id),
                None => {
                    let problem = match self.faulty_positions.get(&code) {
                        Some(&row) => Problem::FaultyRow { file: ImportFile::Positions, code, row },
                        None => Problem::UnknownPosition { code },
                    };
                    self.problem(file, row, Some("jabatan"), problem);
                    None
                }
            });
            // A PPPK's NIP has 21 in place of the month of appointment; a PNS's never does.
            if let (Some(nip), Some(employment)) = (&nip, employment)
                && nip.is_pppk_format() != (employment == shared::domain::EmploymentType::Pppk)
            {
                self.problem(file, row, Some("jenis"), Problem::NipForEmployment { employment: employment.label().to_owned() });
                continue;
            }
            let mut dates_ok = true;
            if let (Some(text), Some(nip)) = (birth.filter(|t| !t.is_empty()), &nip) {
                match cells::date(&text) {
                    Ok(date) if date == nip.birth_date() => {}
                    Ok(_) => {
                        let in_nip = shared::domain::iso_date::format(nip.birth_date());
                        self.problem(file, row, Some("tanggal_lahir"), Problem::BirthDateNotInNip { in_nip });
                        dates_ok = false;
                    }
                    Err(problem) => {
                        self.problem(file, row, Some("tanggal_lahir"), problem);
                        dates_ok = false;
                    }
                }
            }
            let service_start = match service.filter(|t| !t.is_empty()).map(|text| cells::date(&text)) {
                None => None,
                Some(Ok(date)) => Some(date),
                Some(Err(problem)) => {
                    self.problem(file, row, Some("tmt"), problem);
                    dates_ok = false;
                    None
                }
            };
            let (Some(nip), Some(name), Some(rank), Some(employment), Some(position), true) =
                (nip, name, rank, employment, position, dates_ok)
            else {
                continue;
            };
            if let Some(&first) = first_row.get(&nip) {
                self.problem(file, row, Some("nip"), Problem::Duplicate { first_row: first });
                continue;
            }
            first_row.insert(nip.clone(), row);
            let old = existing.get(&nip).copied();
            let id = old.map_or_else(|| EmployeeId::from_u128(new_id(file, index)), |e| e.id);
            let service_start = if with_service { service_start } else { old.and_then(|o| o.service_start) };
            // Whether they left the service is HR's word on the employees page, not the file's.
            let departure = old.and_then(|o| o.departure);
            let employee = Employee { id, nip, name, rank, employment, position, service_start, departure };
            match old {
                Some(old) if *old == employee => counts.unchanged += 1,
                Some(old) => {
                    // A move, another change, or both (counted in both).
                    if old.position != employee.position {
                        counts.moved += 1;
                        moves.push((old.position, self.plan.employees.len()));
                    }
                    if (Employee { position: old.position, ..employee.clone() }) != *old {
                        counts.changed += 1;
                    }
                    self.plan.employees.push(employee);
                }
                None => {
                    counts.added += 1;
                    self.plan.employees.push(employee);
                }
            }
        }
        self.plan.summary.employees = counts;
        let names: HashMap<PositionId, &str> =
            now.positions.iter().chain(&self.plan.positions).map(|p| (p.id, p.name.as_str())).collect();
        let name_of = |id| names.get(&id).copied().unwrap_or_default().to_owned();
        let employees = &self.plan.employees;
        let mut lines: Vec<MoveLine> = moves
            .into_iter()
            .map(|(from, index)| {
                let employee = &employees[index];
                MoveLine { nip: employee.nip.as_str().to_owned(), name: employee.name.clone(), from: name_of(from), to: name_of(employee.position) }
            })
            .collect();
        lines.sort_by(|a, b| a.nip.cmp(&b.nip));
        lines.truncate(ImportSummary::LISTED);
        self.plan.summary.moves = lines;
    }

    /// Notes the code of a unit or position row that has problems of its own, for the rows that
    /// name it.
    fn note_faulty(&mut self, file: ImportFile, row: u64, cells: &csv::StringRecord, columns: &HashMap<String, usize>) {
        let Some(code) = columns.get("kode").and_then(|&i| cells.get(i)).filter(|c| !c.is_empty()) else { return };
        match file {
            ImportFile::Units => self.faulty_units.entry(code.to_owned()).or_insert(row),
            ImportFile::Positions => self.faulty_positions.entry(code.to_owned()).or_insert(row),
            ImportFile::Employees => return,
        };
    }

    /// The header's columns by name, after checking that the required ones are there and that
    /// every other one is known (`extra` says which other names are, the competency codes).
    fn columns(&mut self, sheet: &Sheet, required: &[&str], optional: &[&str], extra: impl Fn(&str) -> bool) -> Option<HashMap<String, usize>> {
        let mut columns = HashMap::new();
        let before = self.problems.len();
        for (index, (name, written)) in sheet.header.iter().zip(&sheet.written).enumerate() {
            // A spreadsheet's empty columns after the last one: nothing to read.
            if name.is_empty() {
                continue;
            }
            let known = required.contains(&name.as_str()) || optional.contains(&name.as_str()) || extra(name);
            if !known {
                self.problem(sheet.file, 1, Some(written), Problem::UnknownColumn);
            } else if columns.insert(name.clone(), index).is_some() {
                self.problem(sheet.file, 1, Some(written), Problem::DuplicateColumn);
            }
        }
        for name in required {
            if !columns.contains_key(*name) {
                self.problem(sheet.file, 1, Some(name), Problem::MissingColumn);
            }
        }
        // Rows are read only under a header that reads them right.
        (self.problems.len() == before).then_some(columns)
    }

    /// The cell of column `name`, or `None` after noting a problem (a required cell left empty).
    /// An absent optional column reads as empty.
    fn cell(&mut self, file: ImportFile, row: u64, columns: &HashMap<String, usize>, cells: &csv::StringRecord, name: &str, required: bool) -> Option<String> {
        let text = columns.get(name).and_then(|&i| cells.get(i)).unwrap_or_default();
        if required && text.is_empty() {
            self.problem(file, row, Some(name), Problem::Required);
            return None;
        }
        Some(text.to_owned())
    }

    fn finish(mut self) -> Result<Plan, Vec<ImportProblem>> {
        if self.problems.is_empty() {
            return Ok(self.plan);
        }
        self.problems.sort_by_key(|p| (p.file, p.row));
        Err(self.problems)
    }
}

/// Puts a dictionary in the order a standard lists it, which the positions file's columns need
/// not follow: managerial, socio-cultural, then technical, each by code.
pub fn in_standard_order(dictionary: &mut [Competency]) {
    let rank = |kind: CompetencyKind| match kind {
        CompetencyKind::Manajerial => 0,
        CompetencyKind::SosialKultural => 1,
        CompetencyKind::Teknis => 2,
    };
    dictionary.sort_by(|a, b| (rank(a.kind), &a.code).cmp(&(rank(b.kind), &b.code)));
}

/// Counts `item` as added (it has no stored value), unchanged or changed (`same` as the stored
/// one, or not), and plans it to be written unless it is unchanged.
fn tally<T>(counts: &mut Counts, planned: &mut Vec<T>, item: T, same: Option<bool>) {
    match same {
        Some(true) => counts.unchanged += 1,
        Some(false) => {
            counts.changed += 1;
            planned.push(item);
        }
        None => {
            counts.added += 1;
            planned.push(item);
        }
    }
}

/// Whether two positions are the same, their standards compared as sets.
fn same_position(old: &Position, new: &Position) -> bool {
    let levels = |p: &Position| p.standard.iter().map(|r| (r.competency, r.level)).collect::<HashSet<(CompetencyId, _)>>();
    (old.code == new.code && old.name == new.name && old.tier == new.tier && old.unit == new.unit && old.superior == new.superior && old.appraiser == new.appraiser)
        && old.standard.len() == new.standard.len()
        && levels(old) == levels(new)
}

/// The problems of the file's `rows` in a tree of codes (units by parent, positions by superior;
/// `links` gives each code's link): a link to a code nobody has, and circles.
fn tree_problems(
    file: ImportFile,
    column: &str,
    rows: &[String],
    links: &HashMap<&str, &str>,
    known: impl Fn(&str) -> bool,
    row_of: impl Fn(&str) -> u64,
    unknown: impl Fn(String) -> Problem,
) -> Vec<ImportProblem> {
    let problem = |row, problem| ImportProblem { file, row, column: Some(column.to_owned()), problem };
    let mut found: Vec<ImportProblem> = rows
        .iter()
        .filter_map(|code| {
            let link = links.get(code.as_str())?;
            (!known(link)).then(|| problem(row_of(code), unknown((*link).to_owned())))
        })
        .collect();
    found.extend(cycles(rows, links, |code| Some(row_of(code))).into_iter().map(|(row, codes)| problem(row, Problem::Cycle { codes })));
    found
}

/// The circles in a tree of codes (`parent` of each), each once, reported at the row of the first
/// of `codes` on it (rows of the file being imported; a circle is only possible through them).
fn cycles(codes: &[String], parent: &HashMap<&str, &str>, row_of: impl Fn(&str) -> Option<u64>) -> Vec<(u64, Vec<String>)> {
    let mut reported: HashSet<String> = HashSet::new();
    let mut found = Vec::new();
    for start in codes {
        if reported.contains(start) {
            continue;
        }
        let mut path = vec![start.as_str()];
        let mut seen = HashSet::from([start.as_str()]);
        let mut current = start.as_str();
        while let Some(&next) = parent.get(current) {
            if next == start {
                let mut circle: Vec<String> = path.iter().map(|c| (*c).to_owned()).collect();
                circle.push(start.clone());
                reported.extend(path.iter().map(|c| (*c).to_owned()));
                found.push((row_of(start).unwrap_or(0), circle));
                break;
            }
            if !seen.insert(next) {
                break; // A circle further up, reported from one of its own rows.
            }
            path.push(next);
            current = next;
        }
    }
    found
}


#[cfg(test)]
mod tests;
