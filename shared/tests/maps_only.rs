//! The browser app reads JSON through `maps_only`, which must read whatever plain serde_json
//! reads from JSON we write, every serde shape and every wire type, and refuse only a struct
//! written as an array.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use shared::api::Profile;
use shared::sync::legacy::LegacyReplica;
use shared::sync::{Change, PullResponse, PushRequest};

fn maps_only<T: DeserializeOwned>(text: &str) -> serde_json::Result<T> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = shared::maps_only::deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

/// Both readers give the same value, and it writes back as the same JSON.
fn same_as_serde_json<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(value: &T) {
    let text = serde_json::to_string(value).unwrap();
    let plain: T = serde_json::from_str(&text).unwrap();
    let through: T = maps_only(&text).unwrap();
    assert_eq!(through, plain);
    assert_eq!(&through, value);
    assert_eq!(serde_json::to_string(&through).unwrap(), text);
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Unit;

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Newtype(u32);

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Pair(i8, String);

#[derive(Debug, PartialEq, Serialize, Deserialize)]
enum External {
    Unit,
    Newtype(Inner),
    Tuple(u8, u8),
    Struct { inner: Inner, list: Vec<Inner> },
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Internal {
    One { inner: Inner },
    Two(Inner),
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", content = "c")]
enum Adjacent {
    A { x: u64 },
    B(String),
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
enum Untagged {
    Number(u64),
    Thing { inner: Inner },
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Inner {
    name: String,
    #[serde(default)]
    missing: Option<u32>,
    bytes: Vec<u8>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Everything {
    unit: Unit,
    newtype: Newtype,
    pair: Pair,
    tuple: (bool, char, f64),
    option: Option<Box<Inner>>,
    none: Option<Inner>,
    map: BTreeMap<String, Inner>,
    external: Vec<External>,
    internal: Vec<Internal>,
    adjacent: Vec<Adjacent>,
    untagged: Vec<Untagged>,
    #[serde(flatten)]
    flattened: Flattened,
    big: (i128, u128),
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Flattened {
    extra: String,
}

fn inner(name: &str) -> Inner {
    Inner { name: name.into(), missing: Some(3), bytes: vec![1, 2] }
}

#[test]
fn every_serde_shape_reads_as_serde_json_reads_it() {
    same_as_serde_json(&Everything {
        unit: Unit,
        newtype: Newtype(7),
        pair: Pair(-3, "dua".into()),
        tuple: (true, 'é', 1.5),
        option: Some(Box::new(inner("ada"))),
        none: None,
        map: BTreeMap::from([("k".into(), inner("v"))]),
        external: vec![External::Unit, External::Newtype(inner("n")), External::Tuple(1, 2), External::Struct { inner: inner("s"), list: vec![inner("l")] }],
        internal: vec![Internal::One { inner: inner("i") }, Internal::Two(inner("j"))],
        adjacent: vec![Adjacent::A { x: 9 }, Adjacent::B("b".into())],
        untagged: vec![Untagged::Number(4), Untagged::Thing { inner: inner("u") }],
        flattened: Flattened { extra: "lagi".into() },
        big: (i128::MIN, u128::MAX),
    });
}

#[test]
fn a_missing_field_takes_its_default_and_an_unknown_one_is_skipped() {
    let read: Inner = maps_only(r#"{"bytes":[],"unknown":{"a":[1,{"b":null}]},"name":"x"}"#).unwrap();
    assert_eq!(read, Inner { name: "x".into(), missing: None, bytes: vec![] });
}

#[test]
fn a_struct_written_as_an_array_is_refused_where_plain_serde_json_reads_it() {
    let text = r#"["x",null,[]]"#;
    assert!(serde_json::from_str::<Inner>(text).is_ok());
    let error = maps_only::<Inner>(text).unwrap_err();
    assert!(error.is_data(), "{error}");
    let variant = r#"{"Struct":[{"name":"s","missing":null,"bytes":[]},[]]}"#;
    assert!(serde_json::from_str::<External>(variant).is_ok());
    assert!(maps_only::<External>(variant).is_err());
}

#[test]
fn errors_keep_their_position_and_trailing_text_is_refused() {
    let error = maps_only::<Inner>("{\"name\":\n 5}").unwrap_err();
    assert_eq!(error.line(), 2);
    assert!(maps_only::<Inner>(r#"{"name":"x","bytes":[]} x"#).is_err());
}

/// The device fixture the first release wrote holds every kind of record and command the app
/// reads from its store.
#[test]
fn the_wire_types_read_as_serde_json_reads_them() {
    #[derive(Deserialize)]
    struct Device {
        profile: Profile,
        replica: LegacyReplica,
    }
    let text = include_str!("../../tests/fixtures/device-v1.json");
    let plain: Device = serde_json::from_str(text).unwrap();
    let through: Device = maps_only(text).unwrap();
    assert_eq!(through.profile, plain.profile);
    same_as_serde_json(&plain.profile);
    let (plain, through) = (plain.replica.into_replica(), through.replica.into_replica());
    assert_eq!(through.outbox(), plain.outbox());
    assert_eq!(through.pulled(), plain.pulled());
    assert!(!plain.outbox().is_empty() && !plain.pulled().is_empty());

    same_as_serde_json(&PushRequest { commands: plain.outbox().to_vec() });
    let mut changes: Vec<Change> = plain.pulled().values().map(|record| Change::Upsert { record: record.clone() }).collect();
    changes.push(Change::Remove { id: *plain.pulled().keys().next().unwrap() });
    same_as_serde_json(&PullResponse { changes, cursor: "c".into(), more: true, ..PullResponse::default() });
}
