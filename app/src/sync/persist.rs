//! Each user's replica in IndexedDB, one value per key: the records in an object store per kind
//! (keyed `user:subject:id`, so a user's own records are one key range), the outbox and the
//! refused commands in stores of their own, the head (cursor, outbox numbering, what the rules
//! know about the team) and the reference data beside them. A change writes exactly the keys it
//! touched (`Replica::take_changes`), with the outbox entry it made, in one transaction; its cost
//! does not grow with the number of records on the device.
//!
//! Every write also moves the user's revision number up, compare-and-swap (so two tabs can never
//! both write over the same revision, Web Locks or not), and notes the keys it wrote in a short
//! journal, from which another tab catches up key by key (or, if it fell too far behind, loads
//! the replica again).
//!
//! The first release kept each replica as one value (store `replicas`); such a value is converted
//! on first open, in one transaction with everything it holds, its outbox first among them.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use shared::api::PersonSummary;
use shared::ids::{CommandId, EmployeeId};
use shared::kinds::{Kind, Record, RecordId};
use shared::sync::Reference;
use shared::sync::replica::{Attention, Changes, Head, Replica, Stored};
use web_sys::{IdbTransaction, IdbTransactionMode};

use super::idb::{self, Schema, StoreError};

pub const META: &str = "meta";
/// The first release's one value per user (read once, then emptied).
const LEGACY: &str = "replicas";
const HEADS: &str = "heads";
const REFERENCES: &str = "references";
const OUTBOX: &str = "outbox";
const ATTENTION: &str = "attention";
const PEOPLE: &str = "people";
const JOURNAL: &str = "journal";
/// How many revisions the journal keeps per user (a tab further behind loads the replica again).
const JOURNAL_KEPT: u64 = 64;
/// Records read at a time while the rest of a replica loads.
const CHUNK: u32 = 2_000;

/// The database's stores: the fixed ones and one per record kind. The version is one more than
/// the number of kinds, so a release with a new kind upgrades the database (creating its store).
pub fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let mut stores: Vec<&'static str> = vec![META, LEGACY, HEADS, REFERENCES, OUTBOX, ATTENTION, PEOPLE, JOURNAL];
        stores.extend(record_stores());
        Schema { version: 1 + Kind::ALL.len() as u32, stores: Vec::leak(stores) }
    })
}

/// The name of each kind's store, in `Kind::ALL`'s order.
fn record_stores() -> &'static [&'static str] {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| Kind::ALL.iter().map(|kind| &*String::leak(format!("records-{}", kind.name()))).collect())
}

fn records_store(kind: Kind) -> &'static str {
    let index = Kind::ALL.iter().position(|k| *k == kind).expect("every kind is in Kind::ALL");
    record_stores()[index]
}

fn revision_key(user: EmployeeId) -> String {
    format!("revision:{user}")
}

fn record_key(user: EmployeeId, subject: EmployeeId, id: RecordId) -> String {
    format!("{user}:{subject}:{id}")
}

fn outbox_key(user: EmployeeId, seq: u64) -> String {
    format!("{user}:{seq:020}")
}

fn attention_key(user: EmployeeId, command: CommandId) -> String {
    format!("{user}:{command}")
}

fn person_key(user: EmployeeId, person: EmployeeId) -> String {
    format!("{user}:{person}")
}

fn journal_key(user: EmployeeId, revision: u64) -> String {
    format!("{user}:{revision:020}")
}

/// Every key of `user` in a store keyed `user:...` (`;` follows `:`).
fn user_range(user: EmployeeId) -> Result<web_sys::IdbKeyRange, StoreError> {
    idb::range(&format!("{user}:"), false, &format!("{user};"))
}

/// What one write changed, for other tabs to read back (outbox, refused commands and head are
/// small, and read back whole).
#[derive(Debug, Default, Serialize, Deserialize)]
struct JournalEntry {
    records: Vec<(Kind, EmployeeId, RecordId)>,
    people: Vec<EmployeeId>,
    reference: bool,
    cleared: bool,
}

fn revision_from(text: Option<String>) -> u64 {
    text.and_then(|text| text.parse().ok()).unwrap_or(0)
}

/// What became of a save.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Saved {
    /// Stored as this revision.
    As(u64),
    /// Another tab saved first: nothing was written; catch up with what it stored, and retry.
    Moved,
}

/// One key to write (`Some`) or remove (`None`), prepared before the transaction begins (a
/// transaction must not wait on anything but its own requests).
struct Write {
    store: &'static str,
    key: String,
    value: Option<String>,
}

/// The writes that store `changes` of `replica`, and the journal entry that lists them.
fn writes_of(replica: &Replica, changes: &Changes) -> Result<(Vec<Write>, JournalEntry), StoreError> {
    let user = replica.actor.id;
    let mut writes = Vec::new();
    let mut entry = JournalEntry { cleared: changes.cleared, reference: changes.reference, ..JournalEntry::default() };
    for (id, kind, subject) in &changes.records {
        let value = replica.pulled().get(id).map(serde_json::to_string).transpose()?;
        writes.push(Write { store: records_store(*kind), key: record_key(user, *subject, *id), value });
        entry.records.push((*kind, *subject, *id));
    }
    for seq in &changes.outbox {
        let value = replica.outbox_entry(*seq).map(serde_json::to_string).transpose()?;
        writes.push(Write { store: OUTBOX, key: outbox_key(user, *seq), value });
    }
    for command in &changes.attention {
        let value = replica.attention_entry(*command).map(serde_json::to_string).transpose()?;
        writes.push(Write { store: ATTENTION, key: attention_key(user, *command), value });
    }
    for person in &changes.people {
        let value = replica.person(*person).map(serde_json::to_string).transpose()?;
        writes.push(Write { store: PEOPLE, key: person_key(user, *person), value });
        entry.people.push(*person);
    }
    if changes.reference {
        let value = replica.reference().map(serde_json::to_string).transpose()?;
        writes.push(Write { store: REFERENCES, key: user.to_string(), value });
    }
    if changes.head {
        writes.push(Write { store: HEADS, key: user.to_string(), value: Some(serde_json::to_string(&replica.head())?) });
    }
    Ok((writes, entry))
}

/// Applies prepared writes in `txn`, as revision `revision` of `user`.
fn write(txn: &IdbTransaction, user: EmployeeId, cleared: bool, writes: &[Write], entry: &JournalEntry, revision: u64) -> Result<(), StoreError> {
    if cleared {
        let range = user_range(user)?;
        for store in record_stores() {
            idb::delete_range(&txn.object_store(store)?, &range)?;
        }
    }
    for write in writes {
        let store = txn.object_store(write.store)?;
        match &write.value {
            Some(value) => idb::put(&store, &write.key, value)?,
            None => idb::delete(&store, &write.key)?,
        }
    }
    let journal = txn.object_store(JOURNAL)?;
    idb::put(&journal, &journal_key(user, revision), &serde_json::to_string(entry)?)?;
    if revision > JOURNAL_KEPT {
        idb::delete(&journal, &journal_key(user, revision - JOURNAL_KEPT))?;
    }
    idb::put(&txn.object_store(META)?, &revision_key(user), &revision.to_string())
}

/// Every store a write may touch.
fn write_stores() -> Vec<&'static str> {
    let mut stores = vec![META, HEADS, REFERENCES, OUTBOX, ATTENTION, PEOPLE, JOURNAL];
    stores.extend(record_stores());
    stores
}

/// What a save writes, made from the replica before the save begins (the replica need not be
/// borrowed while the write goes on).
pub struct Prepared {
    user: EmployeeId,
    cleared: bool,
    writes: Vec<Write>,
    entry: JournalEntry,
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Prepared")
    }
}

/// The writes that store `changes` of `replica`.
pub fn prepare(replica: &Replica, changes: &Changes) -> Result<Prepared, StoreError> {
    let (writes, entry) = writes_of(replica, changes)?;
    Ok(Prepared { user: replica.actor.id, cleared: changes.cleared, writes, entry })
}

/// Stores `prepared` as revision `expected + 1`, if the stored revision is still `expected`
/// (IndexedDB runs overlapping write transactions one after the other, so two tabs can never both
/// save over the same revision).
pub async fn save(prepared: Prepared, expected: u64) -> Result<Saved, StoreError> {
    let Prepared { user, cleared, writes, entry } = prepared;
    let txn = idb::transaction(schema(), &write_stores(), IdbTransactionMode::Readwrite).await?;
    let stored = revision_from(idb::get(&txn.object_store(META)?, &revision_key(user)).await?);
    if stored != expected {
        txn.abort()?;
        return Ok(Saved::Moved);
    }
    if let Err(error) = write(&txn, user, cleared, &writes, &entry, expected + 1) {
        // Nothing of it, rather than part.
        let _ = txn.abort();
        return Err(error);
    }
    idb::committed(txn).await?;
    Ok(Saved::As(expected + 1))
}

/// The revision of `user`'s stored replica (0 if none): it goes up with every save.
pub async fn revision(user: EmployeeId) -> Result<u64, StoreError> {
    let txn = idb::transaction(schema(), &[META], IdbTransactionMode::Readonly).await?;
    Ok(revision_from(idb::get(&txn.object_store(META)?, &revision_key(user)).await?))
}

fn parse_all<T: serde::de::DeserializeOwned>(texts: Vec<String>) -> Result<Vec<T>, StoreError> {
    texts.iter().map(|text| crate::json::from_str(text).map_err(StoreError::from)).collect()
}

/// A future compiled once, whoever awaits it (an opening and a reload both read a replica).
type Boxed<T> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, StoreError>>>>;

/// Opens `user`'s replica with what the first screen needs: the head, the reference data, the
/// outbox, the refused commands and the user's own records (their team's and HR's queue follow,
/// [`load_rest`]). `None` if the device has no replica of theirs. A replica still in the first
/// release's form is converted first.
pub fn open(user: EmployeeId) -> Boxed<Option<(u64, Replica)>> {
    Box::pin(open_now(user))
}

async fn open_now(user: EmployeeId) -> Result<Option<(u64, Replica)>, StoreError> {
    convert_legacy(user).await?;
    let mut names = vec![META, HEADS, REFERENCES, OUTBOX, ATTENTION];
    names.extend(record_stores());
    let txn = idb::transaction(schema(), &names, IdbTransactionMode::Readonly).await?;
    let key = user.to_string();
    let own = idb::range(&format!("{user}:{user}:"), false, &format!("{user}:{user};"))?;
    let mut own_records = Vec::new();
    for store in record_stores() {
        own_records.push(idb::read_all(&txn.object_store(store)?, &own)?);
    }
    // Everything asked for at once: one snapshot.
    let revision = idb::get_now(&txn.object_store(META)?, &revision_key(user))?;
    let head = idb::get_now(&txn.object_store(HEADS)?, &key)?;
    let reference = idb::get_now(&txn.object_store(REFERENCES)?, &key)?;
    let outbox = idb::read_all(&txn.object_store(OUTBOX)?, &user_range(user)?)?;
    let attention = idb::read_all(&txn.object_store(ATTENTION)?, &user_range(user)?)?;
    let revision = revision_from(revision.await?);
    let Some(head) = head.await? else { return Ok(None) };
    let head: Head = crate::json::from_str(&head)?;
    let reference: Option<Reference> = reference.await?.map(|t| crate::json::from_str(&t)).transpose()?;
    let outbox = parse_all(outbox.await?)?;
    let attention: Vec<Attention> = parse_all(attention.await?)?;
    let mut records: Vec<Record> = Vec::new();
    for texts in own_records {
        records.extend(parse_all::<Record>(texts.await?)?);
    }
    Ok(Some((revision, Replica::from_parts(head, records, outbox, attention, reference, Vec::new()))))
}

/// The rest of `user`'s stored replica: everyone else's records, and the people, read a chunk at
/// a time (each in a transaction of its own, with the page free to go on between them);
/// `progress` hears how many records have been read.
pub fn load_rest(user: EmployeeId, progress: Box<dyn Fn(usize)>) -> Boxed<(Vec<Record>, Vec<PersonSummary>)> {
    Box::pin(load_rest_now(user, progress))
}

async fn load_rest_now(user: EmployeeId, progress: Box<dyn Fn(usize)>) -> Result<(Vec<Record>, Vec<PersonSummary>), StoreError> {
    let mut records = Vec::new();
    let own_prefix = format!("{user}:{user}:");
    for store in record_stores() {
        let mut lower = format!("{user}:");
        let mut open = false;
        loop {
            let txn = idb::transaction(schema(), &[store], IdbTransactionMode::Readonly).await?;
            let chunk = idb::read_range(&txn.object_store(store)?, &idb::range(&lower, open, &format!("{user};"))?, CHUNK)?.await?;
            let Some((last, _)) = chunk.last() else { break };
            (lower, open) = (last.clone(), true);
            let full = chunk.len() as u32 == CHUNK;
            for (key, text) in chunk {
                if !key.starts_with(&own_prefix) {
                    records.push(crate::json::from_str(&text)?);
                }
            }
            progress(records.len());
            if !full {
                break;
            }
            idb::yield_now().await;
        }
    }
    let txn = idb::transaction(schema(), &[PEOPLE], IdbTransactionMode::Readonly).await?;
    let people = parse_all(idb::read_all(&txn.object_store(PEOPLE)?, &user_range(user)?)?.await?)?;
    Ok((records, people))
}

/// What was stored after a tab's revision.
// One is made per catch-up and taken apart at once: boxing the large variant would only add an
// allocation.
#[allow(clippy::large_enum_variant)]
pub enum Since {
    /// Nothing: the tab is up to date.
    Current,
    /// The head, outbox and refused commands whole, the records and people the journal names,
    /// as of this revision.
    Changed(u64, Stored),
    /// The journal no longer reaches back that far: load the replica again.
    TooFarBehind,
}

/// What was stored for `user` after revision `since`, for a tab that holds that revision. (In
/// the main module, not a chunk: it runs under the replica's lock at every opening and after
/// another tab's save, where waiting for a fetch would hold every tab up.)
pub async fn stored_since(user: EmployeeId, since: u64) -> Result<Since, StoreError> {
    let mut names = vec![META, HEADS, REFERENCES, OUTBOX, ATTENTION, PEOPLE, JOURNAL];
    names.extend(record_stores());
    let txn = idb::transaction(schema(), &names, IdbTransactionMode::Readonly).await?;
    let revision = revision_from(idb::get(&txn.object_store(META)?, &revision_key(user)).await?);
    if revision <= since {
        return Ok(Since::Current);
    }
    let journal = txn.object_store(JOURNAL)?;
    let mut stored = Stored::default();
    // Lists (a key twice is read twice): every set type costs the bundle its own code.
    let mut records = Vec::new();
    let mut people = Vec::new();
    let mut reference = false;
    for number in since + 1..=revision {
        let Some(text) = idb::get(&journal, &journal_key(user, number)).await? else { return Ok(Since::TooFarBehind) };
        let entry: JournalEntry = crate::json::from_str(&text)?;
        if entry.cleared {
            stored.cleared = true;
            records.clear();
        }
        records.extend(entry.records);
        people.extend(entry.people);
        reference |= entry.reference;
    }
    let key = user.to_string();
    stored.head = idb::get(&txn.object_store(HEADS)?, &key).await?.map(|t| crate::json::from_str(&t)).transpose()?;
    if reference {
        stored.reference = idb::get(&txn.object_store(REFERENCES)?, &key).await?.map(|t| crate::json::from_str(&t)).transpose()?;
    }
    stored.outbox = parse_all(idb::read_all(&txn.object_store(OUTBOX)?, &user_range(user)?)?.await?)?;
    stored.attention = parse_all(idb::read_all(&txn.object_store(ATTENTION)?, &user_range(user)?)?.await?)?;
    let people_store = txn.object_store(PEOPLE)?;
    for person in people {
        if let Some(text) = idb::get(&people_store, &person_key(user, person)).await? {
            stored.people.push(crate::json::from_str(&text)?);
        }
    }
    for (kind, subject, id) in records {
        let text = idb::get(&txn.object_store(records_store(kind))?, &record_key(user, subject, id)).await?;
        stored.records.push((id, text.map(|t| crate::json::from_str(&t)).transpose()?));
    }
    Ok(Since::Changed(revision, stored))
}

/// Converts `user`'s replica from the first release's one value, if the device still holds one:
/// everything it holds is written key by key and the old value removed, in one transaction (a
/// failure leaves the old value, to be converted next time; no outbox entry is ever lost). The
/// conversion's code is fetched only by a device that needs it (`legacy.rs`).
async fn convert_legacy(user: EmployeeId) -> Result<(), StoreError> {
    let key = user.to_string();
    let Some(text) = ({
        let txn = idb::transaction(schema(), &[LEGACY], IdbTransactionMode::Readonly).await?;
        idb::get(&txn.object_store(LEGACY)?, &key).await?
    }) else {
        return Ok(());
    };
    let Prepared { writes, entry, .. } = super::legacy::convert(text).await?;
    // A new head, reference and outbox: other tabs load the replica again.
    let entry = JournalEntry { cleared: true, ..entry };
    let mut names = write_stores();
    names.push(LEGACY);
    let txn = idb::transaction(schema(), &names, IdbTransactionMode::Readwrite).await?;
    let legacy = txn.object_store(LEGACY)?;
    // Converted meanwhile by another tab: nothing more to do.
    if idb::get(&legacy, &key).await?.is_none() {
        return Ok(());
    }
    let revision = revision_from(idb::get(&txn.object_store(META)?, &revision_key(user)).await?);
    if let Err(error) = write(&txn, user, false, &writes, &entry, revision + 1).and_then(|()| idb::delete(&legacy, &key)) {
        let _ = txn.abort();
        return Err(error);
    }
    idb::committed(txn).await
}

/// Removes everything of `user`'s from this device (signing out of a shared device) unless
/// something waits to be sent or looked at. In the chunk `later`, with the sign-out choices that
/// ask for it.
pub async fn remove_if_nothing_waits(user: EmployeeId) -> Result<(), StoreError> {
    removal(user).await?.await
}

#[leptos::wasm_split::wasm_split(later, wasm_split_path = ::leptos::wasm_split, fallible)]
fn removal(user: EmployeeId) -> Result<Boxed<()>, StoreError> {
    Ok(Box::pin(async move {
        if has_unsent(user).await? {
            return Err(StoreError("something waits to be sent".into()));
        }
        remove(user).await
    }))
}

/// Whether `user` has anything waiting to be sent or to be looked at on this device.
async fn has_unsent(user: EmployeeId) -> Result<bool, StoreError> {
    let txn = idb::transaction(schema(), &[OUTBOX, ATTENTION, LEGACY], IdbTransactionMode::Readonly).await?;
    let outbox = idb::read_range(&txn.object_store(OUTBOX)?, &user_range(user)?, 1)?;
    let attention = idb::read_range(&txn.object_store(ATTENTION)?, &user_range(user)?, 1)?;
    let legacy = idb::get_now(&txn.object_store(LEGACY)?, &user.to_string())?;
    Ok(legacy.await?.is_some() || !outbox.await?.is_empty() || !attention.await?.is_empty())
}

/// Removes everything of `user`'s from this device.
async fn remove(user: EmployeeId) -> Result<(), StoreError> {
    let mut names = write_stores();
    names.push(LEGACY);
    let txn = idb::transaction(schema(), &names, IdbTransactionMode::Readwrite).await?;
    let range = user_range(user)?;
    let mut keyed_by_user = vec![OUTBOX, ATTENTION, PEOPLE, JOURNAL];
    keyed_by_user.extend(record_stores());
    for store in keyed_by_user {
        idb::delete_range(&txn.object_store(store)?, &range)?;
    }
    for store in [HEADS, REFERENCES, LEGACY] {
        idb::delete(&txn.object_store(store)?, &user.to_string())?;
    }
    let meta = txn.object_store(META)?;
    idb::delete(&meta, &revision_key(user))?;
    idb::delete(&meta, &super::device::last_sync_key(user))?;
    idb::committed(txn).await
}
