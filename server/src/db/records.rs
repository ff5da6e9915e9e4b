//! Reading stored records back (for exports, checks and tests).

use redb::{ReadableDatabase, ReadableTable};
use shared::kinds::{Record, RecordId};

use super::codec::decode_record;
use super::tables::*;
use super::{Store, StoreResult};

impl Store {
    /// Every stored record, in id order.
    pub fn all_records(&self) -> StoreResult<Vec<Record>> {
        let txn = self.db.begin_read()?;
        let table = txn.open_table(RECORD_ID_TO_SEQ_AND_RECORD)?;
        table.iter()?.map(|entry| decode_record(entry?.1.value().1)).collect()
    }

    /// A record as stored, if it exists.
    pub fn record(&self, id: RecordId) -> StoreResult<Option<Record>> {
        let txn = self.db.begin_read()?;
        let table = txn.open_table(RECORD_ID_TO_SEQ_AND_RECORD)?;
        table.get(id.as_u128())?.map(|v| decode_record(v.value().1)).transpose()
    }
}
