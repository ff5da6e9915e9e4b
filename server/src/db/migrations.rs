//! Conversions of stored values from older schema versions (see `Store::migrate`).

use serde_json::{Map, Value};

/// An internally tagged enum value (`{"kind": "conflict", "current_version": 3}`) in externally
/// tagged form (`{"conflict": {"current_version": 3}}`; a variant without fields becomes its
/// name, `"locked"`). Values of another shape are returned as they are.
fn internal_to_external(value: Value, tag: &str) -> Value {
    let Value::Object(mut fields) = value else { return value };
    let Some(Value::String(variant)) = fields.remove(tag) else { return Value::Object(fields) };
    if fields.is_empty() { Value::String(variant) } else { Value::Object(Map::from_iter([(variant, Value::Object(fields))])) }
}

/// A stored `Rejection` of schema 1, in the form of schema 2 (with its `InvalidReason` too).
pub fn rejection_v1_to_v2(old: Value) -> Value {
    let mut rejection = internal_to_external(old, "kind");
    if let Some(Value::Object(invalid)) = rejection.get_mut("invalid")
        && let Some(reason) = invalid.remove("reason")
    {
        invalid.insert("reason".to_owned(), internal_to_external(reason, "kind"));
    }
    rejection
}

/// A synced record as schema 4 stored it, in the form of schema 5: a training record gains
/// `entered_by` (`None`), a self-assessment `assessed_against` (empty), each as its last field.
/// Postcard writes the record enum's variant number first (0 a self-assessment, 1 a training),
/// and `None` and an empty list each as one zero byte at the end. Tested with the frozen bytes in
/// `codec.rs`.
pub fn record_v4_to_v5(mut bytes: Vec<u8>) -> Vec<u8> {
    if matches!(bytes.first(), Some(0 | 1)) {
        bytes.push(0);
    }
    bytes
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use shared::command::{InvalidReason, Rejection};

    use super::*;

    #[test]
    fn every_kind_of_stored_rejection_reads_back_after_migration() {
        let cases = [
            (json!({ "kind": "locked" }), Rejection::Locked),
            (json!({ "kind": "forbidden" }), Rejection::Forbidden),
            (json!({ "kind": "conflict", "current_version": 5 }), Rejection::Conflict { current_version: 5 }),
            (
                json!({ "kind": "invalid", "reason": { "kind": "wrong_status" } }),
                Rejection::Invalid { reason: InvalidReason::WrongStatus },
            ),
            (
                json!({ "kind": "invalid", "reason": { "kind": "jp_implausible", "max": 24 } }),
                Rejection::Invalid { reason: InvalidReason::JpImplausible { max: 24 } },
            ),
        ];
        for (old, expected) in cases {
            let migrated = rejection_v1_to_v2(old.clone());
            let read: Rejection = serde_json::from_value(migrated).unwrap_or_else(|e| panic!("{old}: {e}"));
            assert_eq!(read, expected, "{old}");
            // And it is what this version writes.
            assert_eq!(serde_json::to_value(&expected).unwrap(), rejection_v1_to_v2(old));
        }
    }
}
