//! Who gets another supervisor through an import: everyone's supervisor by the position tree
//! (`shared::rules::org`), before and after, over the whole organisation in memory. An import may
//! move many people and change the tree itself (a position under another superior, a vacant
//! position filled), so the people affected are found by comparing everyone, not from the rows.

use std::collections::HashMap;

use shared::domain::{Employee, Position};
use shared::ids::{EmployeeId, PositionId};
use shared::rules::org::find_supervisor;

use super::{Organisation, Plan};

/// Each employee whose supervisor the plan changes, with their supervisor before it and after it
/// (`None` if they had none, or are new).
pub fn supervisor_changes(now: &Organisation, plan: &Plan) -> Vec<(EmployeeId, Option<EmployeeId>, Option<EmployeeId>)> {
    let before = Tree::new(now.positions.iter(), now.employees.iter());
    let positions = overlay(&now.positions, &plan.positions, |p| p.id);
    let employees = overlay(&now.employees, &plan.employees, |e| e.id);
    let after = Tree::new(positions.values().copied(), employees.values().copied());
    let mut changed: Vec<_> = employees
        .values()
        .filter_map(|employee| {
            let (old, new) = (before.supervisor_of(employee.id), after.supervisor_of(employee.id));
            (old != new).then_some((employee.id, old, new))
        })
        .collect();
    changed.sort();
    changed
}

/// `now` with `planned` written over it, by id.
fn overlay<'a, T, K: std::hash::Hash + Eq>(now: &'a [T], planned: &'a [T], id: impl Fn(&T) -> K) -> HashMap<K, &'a T> {
    now.iter().chain(planned).map(|item| (id(item), item)).collect()
}

/// The position tree and who holds each position.
struct Tree<'a> {
    superior: HashMap<PositionId, Option<PositionId>>,
    /// The appraiser named for a position's holders, who has no supervisor by the tree.
    appraiser: HashMap<PositionId, EmployeeId>,
    /// The first holder by NIP: "the" holder of a shared position, as the store reads it.
    holder: HashMap<PositionId, &'a Employee>,
    position_of: HashMap<EmployeeId, PositionId>,
}

impl<'a> Tree<'a> {
    fn new(positions: impl Iterator<Item = &'a Position>, employees: impl Iterator<Item = &'a Employee>) -> Self {
        let mut superior = HashMap::new();
        let mut appraiser = HashMap::new();
        for position in positions {
            superior.insert(position.id, position.superior);
            if let Some(named) = position.appraiser {
                appraiser.insert(position.id, named);
            }
        }
        let mut holder: HashMap<PositionId, &Employee> = HashMap::new();
        let mut position_of = HashMap::new();
        // Who left the service holds no position.
        for employee in employees.filter(|e| e.departure.is_none()) {
            position_of.insert(employee.id, employee.position);
            let first = holder.entry(employee.position).or_insert(employee);
            if employee.nip < first.nip {
                *first = employee;
            }
        }
        Tree { superior, appraiser, holder, position_of }
    }

    fn supervisor_of(&self, employee: EmployeeId) -> Option<EmployeeId> {
        let position = *self.position_of.get(&employee)?;
        if !self.superior.contains_key(&position) {
            return None;
        }
        find_supervisor(position, |id| self.superior.get(&id).copied().flatten(), |id| self.holder.get(&id).map(|e| e.id))
            // An appraiser still in service who does not hold the position themselves.
            .or_else(|| self.appraiser.get(&position).copied().filter(|named| self.position_of.get(named).is_some_and(|at| *at != position)))
    }
}
