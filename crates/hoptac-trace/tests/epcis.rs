//! Capture documents read and checked as EPCIS 2.0 and the CBV ask: one event of each type, the
//! same event recognised whatever its spelling, and bad documents refused with every fault named.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use hoptac_trace::domain::epcis::{read_document, Action, EventType, Role};
use hoptac_trace::domain::identifiers::Epc;
use serde_json::{json, Value};

fn fixture() -> Value {
    serde_json::from_str(include_str!("fixtures/every-event-type.json")).unwrap()
}

/// The codes of a refused document, by field.
fn faults(document: &Value) -> Vec<(String, &'static str)> {
    let errors = read_document(document).expect_err("refused");
    errors.0.into_iter().map(|e| (e.field, e.code)).collect()
}

/// The fixture with its first event changed by `change`.
fn first_changed(change: impl FnOnce(&mut serde_json::Map<String, Value>)) -> Value {
    let mut document = fixture();
    change(document["epcisBody"]["eventList"][0].as_object_mut().unwrap());
    document
}

#[test]
fn one_event_of_each_type_is_read() {
    let document = read_document(&fixture()).expect("a valid document");
    let types: Vec<EventType> = document.events.iter().map(|e| e.event_type).collect();
    use EventType::*;
    assert_eq!(
        types,
        [Object, Transformation, Aggregation, Transaction, Association]
    );
    let harvest = &document.events[0];
    assert_eq!(harvest.action, Some(Action::Add));
    assert_eq!(harvest.biz_step.as_deref(), Some("commissioning"));
    assert_eq!(harvest.named[0].quantity, Some(420.5));
    assert_eq!(harvest.named[0].uom.as_deref(), Some("KGM"));
    let Epc::Lot(lot) = &harvest.named[0].epc else {
        panic!("a lot")
    };
    assert_eq!(lot.gtin.as_str(), "08935001234562");
    assert_eq!(lot.lot.as_deref(), Some("CHE-2611"));
    // A CBV word written as its web URI is the same word.
    let roasting = &document.events[1];
    assert_eq!(roasting.biz_step.as_deref(), Some("commissioning"));
    assert_eq!(roasting.action, None);
    let outputs = roasting.named.iter().filter(|n| n.role == Role::Output).count();
    assert_eq!(outputs, 3);
    let packing = &document.events[2];
    assert_eq!(packing.biz_step.as_deref(), Some("packing"));
    assert!(packing.named.iter().any(|n| n.role == Role::Parent));
    // One's own vocabulary, as a URI, is kept as sent.
    assert_eq!(
        document.events[4].biz_step.as_deref(),
        Some("urn:vn:bizstep:gan-nhiet-ke")
    );
}

#[test]
fn the_same_event_has_the_same_hash_however_written() {
    let original = read_document(&fixture()).unwrap().events[0].canonical_hash();
    let rewritten = first_changed(|event| {
        event.insert("bizStep".into(), json!("urn:epcglobal:cbv:bizstep:commissioning"));
        event.insert("eventTime".into(), json!("2026-11-01T23:30:00.000Z"));
        event.insert(
            "eventID".into(),
            json!("urn:uuid:3f1c8a4e-6c1d-4d7e-9a3b-2d1f0e5c7b61"),
        );
        event.insert("quantityList".into(), json!([
            {"uom": "KGM", "quantity": 420.5, "epcClass": "https://id.gs1.org/01/08935001234562/10/CHE-2611"}
        ]));
    });
    let again = read_document(&rewritten).unwrap().events[0].canonical_hash();
    assert_eq!(original, again);
    assert!(original.starts_with("ni:///sha-256;") && original.ends_with("?ver=CBV2.0"));
    let other = first_changed(|event| {
        event.insert("disposition".into(), json!("in_progress"));
    });
    assert_ne!(
        original,
        read_document(&other).unwrap().events[0].canonical_hash()
    );
}

#[test]
fn an_error_declaration_names_the_event_it_corrects() {
    let original = read_document(&fixture()).unwrap().events[0].clone();
    let declared = first_changed(|event| {
        event.insert(
            "errorDeclaration".into(),
            json!({"declarationTime": "2026-11-06T10:00:00+07:00", "reason": "incorrect_data"}),
        );
    });
    let declaration = read_document(&declared).unwrap().events[0].clone();
    assert_ne!(declaration.canonical_hash(), original.canonical_hash());
    assert_eq!(declaration.declared_event_hash(), Some(original.canonical_hash()));
    assert_eq!(original.declared_event_hash(), None);
}

#[test]
fn a_time_without_its_zone_offset_is_named() {
    let document = first_changed(|event| {
        event.insert("eventTime".into(), json!("2026-11-02T06:30:00"));
        event.remove("eventTimeZoneOffset");
    });
    assert_eq!(
        faults(&document),
        [
            ("eventList[0].eventTime".to_owned(), "epcis_time_without_offset"),
            ("eventList[0].eventTimeZoneOffset".to_owned(), "epcis_required"),
        ]
    );
    let bad_offset = first_changed(|event| {
        event.insert("eventTimeZoneOffset".into(), json!("+7"));
    });
    assert_eq!(
        faults(&bad_offset),
        [("eventList[0].eventTimeZoneOffset".to_owned(), "epcis_zone_offset")]
    );
}

#[test]
fn a_word_passed_off_as_standard_vocabulary_is_refused() {
    let document = first_changed(|event| {
        event.insert("bizStep".into(), json!("harvesting"));
        event.insert("disposition".into(), json!("urn:epcglobal:cbv:disp:fresh"));
    });
    assert_eq!(
        faults(&document),
        [
            ("eventList[0].bizStep".to_owned(), "epcis_not_in_cbv"),
            ("eventList[0].disposition".to_owned(), "epcis_not_in_cbv"),
        ]
    );
}

#[test]
fn master_data_only_where_things_come_into_being() {
    let document = first_changed(|event| {
        event.insert("action".into(), json!("OBSERVE"));
    });
    assert_eq!(
        faults(&document),
        [("eventList[0].ilmd".to_owned(), "epcis_ilmd_not_here")]
    );
}

#[test]
fn every_fault_of_every_event_is_named_at_once() {
    let mut document = fixture();
    let events = document["epcisBody"]["eventList"].as_array_mut().unwrap();
    events[1]["outputEPCList"][0] = json!("https://id.gs1.org/01/08935001234563/21/T0001");
    events[2].as_object_mut().unwrap().remove("parentID");
    events[3].as_object_mut().unwrap().remove("bizTransactionList");
    events[4]["colour"] = json!("green");
    events[0]["quantityList"][0]["quantity"] = json!(0);
    assert_eq!(
        faults(&document),
        [
            (
                "eventList[0].quantityList[0].quantity".to_owned(),
                "epcis_quantity"
            ),
            ("eventList[1].outputEPCList[0]".to_owned(), "gs1_check_digit"),
            ("eventList[2].parentID".to_owned(), "epcis_required"),
            ("eventList[3].bizTransactionList".to_owned(), "epcis_required"),
            ("eventList[4].colour".to_owned(), "epcis_unknown_field"),
        ]
    );
}

#[test]
fn counts_are_whole_and_transformations_have_two_sides() {
    let mut document = fixture();
    let events = document["epcisBody"]["eventList"].as_array_mut().unwrap();
    events[1]["outputQuantityList"][0]["quantity"] = json!(2.5);
    let transformation = events[1].as_object_mut().unwrap();
    transformation.remove("inputQuantityList");
    assert_eq!(
        faults(&document),
        [
            (
                "eventList[1].outputQuantityList[0].quantity".to_owned(),
                "epcis_quantity_count"
            ),
            (
                "eventList[1].outputEPCList".to_owned(),
                "epcis_transformation_sides"
            ),
        ]
    );
}

#[test]
fn a_document_that_is_not_one_is_refused_whole() {
    assert_eq!(
        faults(&json!([1, 2])),
        [("document".to_owned(), "epcis_not_a_document")]
    );
    let mut document = fixture();
    document["schemaVersion"] = json!("1.2");
    document["epcisBody"]["eventList"] = json!([]);
    assert_eq!(
        faults(&document),
        [
            ("schemaVersion".to_owned(), "epcis_schema_version"),
            ("epcisBody.eventList".to_owned(), "epcis_no_events"),
        ]
    );
}

#[test]
fn no_key_or_value_passes_for_another_in_the_hash() {
    let with_ilmd = |ilmd: Value| {
        first_changed(|event| {
            event.insert("ilmd".into(), ilmd);
        })
    };
    let hash = |document: &Value| read_document(document).unwrap().events[0].canonical_hash();
    let two_keys = with_ilmd(json!({"vn:a": "1", "vn:b": "2"}));
    let one_key = with_ilmd(json!({"vn:a:\"1\",vn:b": "2"}));
    assert_ne!(hash(&two_keys), hash(&one_key));
}

#[test]
fn a_refusal_names_at_most_a_hundred_faults() {
    let document = first_changed(|event| {
        for i in 0..150 {
            event.insert(format!("colour{i}"), json!("green"));
        }
    });
    let faults = faults(&document);
    assert_eq!(faults.len(), 101);
    assert_eq!(faults[100], ("document".to_owned(), "epcis_more_faults"));
}

#[test]
fn an_error_reason_is_the_cbv_s_or_a_uri() {
    let declared = |reason: &str| {
        first_changed(|event| {
            event.insert(
                "errorDeclaration".into(),
                json!({"declarationTime": "2026-11-06T10:00:00+07:00", "reason": reason}),
            );
        })
    };
    assert!(read_document(&declared("urn:epcglobal:cbv:er:did_not_occur")).is_ok());
    assert!(read_document(&declared("https://example.org/er/typo")).is_ok());
    assert_eq!(
        faults(&declared("bogus")),
        [(
            "eventList[0].errorDeclaration.reason".to_owned(),
            "epcis_not_in_cbv"
        )]
    );
}
