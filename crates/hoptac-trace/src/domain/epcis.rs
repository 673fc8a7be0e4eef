//! EPCIS 2.0 events: what happened to which things, when, where and why, as GS1's standard writes
//! them (EPCIS 2.0, 2022; its vocabulary, the Core Business Vocabulary 2.0, "CBV").
//!
//! A capture document is read whole before anything is kept: every event of it is checked against
//! the standard's rules, and every fault is named by the event's place in the list and the field
//! (`eventList[2].eventTimeZoneOffset`). The rules checked:
//!
//! - a document of type `EPCISDocument`, schema version 2.0, with its creation date and a list of
//!   events;
//! - each event of one of the five types, with its time and that time's zone offset (a time
//!   without an offset is refused: the order of events across zones depends on it);
//! - an action (`ADD`, `OBSERVE`, `DELETE`) on every type but `TransformationEvent`, which has none;
//! - what: an object event names objects or quantities; aggregation and association events a
//!   parent (an observation of an aggregation may leave it out); a transaction event its
//!   business transactions; a transformation its inputs and outputs, or its transformation ID;
//! - identifiers read by [`Epc::parse`] (GS1 keys checked to their check digit);
//! - business steps, dispositions, business transaction and source/destination types: a bare
//!   word is the CBV's and must be one of its values; anything else is a URI of one's own
//!   vocabulary (`https://example.org/voc/step-drying`, `urn:vn:bizstep:say`);
//! - instance/lot master data (`ilmd`) only where things come into being: an object event that
//!   adds them, or a transformation;
//! - quantities above zero, whole when they count items (no unit of measure);
//! - no field outside the standard unless it is an extension, named with a namespace prefix
//!   (`vn:harvestArea`).

use super::identifiers::Epc;
use chrono::{DateTime, FixedOffset, NaiveDateTime, SecondsFormat, Utc};
use hoptac_core::errors::FieldErrors;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// The CBV 2.0 business steps (`bizStep`), written bare or as `urn:epcglobal:cbv:bizstep:…` or
/// `https://ref.gs1.org/cbv/BizStep-…`.
pub const BUSINESS_STEPS: &[&str] = &[
    "accepting",
    "arriving",
    "assembling",
    "collecting",
    "commissioning",
    "consigning",
    "creating_class_instance",
    "cycle_counting",
    "decommissioning",
    "departing",
    "destroying",
    "disassembling",
    "dispensing",
    "encoding",
    "entering_exiting",
    "holding",
    "inspecting",
    "installing",
    "killing",
    "loading",
    "other",
    "packing",
    "picking",
    "receiving",
    "removing",
    "repackaging",
    "repairing",
    "replacing",
    "reserving",
    "retail_selling",
    "sampling",
    "sensor_reporting",
    "shipping",
    "staging_outbound",
    "stock_taking",
    "stocking",
    "storing",
    "transporting",
    "unloading",
    "unpacking",
    "void_shipping",
];

/// The CBV 2.0 dispositions.
pub const DISPOSITIONS: &[&str] = &[
    "active",
    "available",
    "completeness_inferred",
    "completeness_verified",
    "conformant",
    "container_closed",
    "container_open",
    "damaged",
    "destroyed",
    "dispensed",
    "disposed",
    "encoded",
    "expired",
    "in_progress",
    "in_transit",
    "inactive",
    "mismatch_class",
    "mismatch_instance",
    "mismatch_quantity",
    "needs_replacement",
    "no_pedigree_match",
    "non_conformant",
    "non_sellable_other",
    "partially_dispensed",
    "recalled",
    "reserved",
    "retail_sold",
    "returned",
    "sellable_accessible",
    "sellable_not_accessible",
    "stolen",
    "unavailable",
    "unknown",
];

/// The CBV 2.0 business transaction types.
pub const TRANSACTION_TYPES: &[&str] = &[
    "bol",
    "cert",
    "desadv",
    "inv",
    "pedigree",
    "po",
    "poc",
    "prodorder",
    "recadv",
    "rma",
    "testprd",
    "upevt",
];

/// The CBV 2.0 reasons for declaring an event wrong.
pub const ERROR_REASONS: &[&str] = &["did_not_occur", "incorrect_data"];

/// The CBV 2.0 source and destination types.
pub const PARTY_TYPES: &[&str] = &["owning_party", "possessing_party", "location"];

/// The five kinds of event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventType {
    Object,
    Aggregation,
    Transaction,
    Transformation,
    Association,
}

impl EventType {
    pub const ALL: [EventType; 5] = [
        EventType::Object,
        EventType::Aggregation,
        EventType::Transaction,
        EventType::Transformation,
        EventType::Association,
    ];

    /// The name the standard gives it (`ObjectEvent`).
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Object => "ObjectEvent",
            EventType::Aggregation => "AggregationEvent",
            EventType::Transaction => "TransactionEvent",
            EventType::Transformation => "TransformationEvent",
            EventType::Association => "AssociationEvent",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// The fields that name what an event of this type is about, each of EPCs or of quantities.
    fn what_fields(self) -> &'static [(&'static str, What)] {
        use What::*;
        match self {
            EventType::Object | EventType::Transaction => &[
                ("epcList", Epcs(Role::Object)),
                ("quantityList", Quantities(Role::Object)),
            ],
            EventType::Aggregation | EventType::Association => &[
                ("childEPCs", Epcs(Role::Child)),
                ("childQuantityList", Quantities(Role::Child)),
            ],
            EventType::Transformation => &[
                ("inputEPCList", Epcs(Role::Input)),
                ("inputQuantityList", Quantities(Role::Input)),
                ("outputEPCList", Epcs(Role::Output)),
                ("outputQuantityList", Quantities(Role::Output)),
            ],
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum What {
    Epcs(Role),
    Quantities(Role),
}

/// What a thing named by an event is to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Of an object or transaction event's list.
    Object,
    /// The parent of an aggregation, transaction or association.
    Parent,
    Child,
    /// What a transformation consumed.
    Input,
    /// What a transformation produced.
    Output,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Object => "object",
            Role::Parent => "parent",
            Role::Child => "child",
            Role::Input => "input",
            Role::Output => "output",
        }
    }
}

/// `ADD`, `OBSERVE` or `DELETE`: how an event changes what it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Add,
    Observe,
    Delete,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Add => "ADD",
            Action::Observe => "OBSERVE",
            Action::Delete => "DELETE",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        [Action::Add, Action::Observe, Action::Delete]
            .into_iter()
            .find(|a| a.as_str() == text)
    }
}

/// One thing an event names, with its role: an instance or lot by EPC, or a class with a quantity.
#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    pub role: Role,
    /// Where the event names it: `quantityList[0].epcClass`, `parentID`.
    pub field: String,
    /// As sent (an EPC URN or a Digital Link), checked by [`Epc::parse`].
    pub uri: String,
    pub epc: Epc,
    /// For a class: how much, in `uom` (a UN/CEFACT Recommendation 20 code such as `KGM`), or a
    /// count of items when `uom` is absent.
    pub quantity: Option<f64>,
    pub uom: Option<String>,
}

/// An event's declaration that an earlier event was wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorDeclaration {
    pub declared_at: DateTime<FixedOffset>,
    /// A CBV error reason (`did_not_occur`, `incorrect_data`) or a URI.
    pub reason: Option<String>,
    pub corrective_event_ids: Vec<String>,
}

/// One event, checked, with what queries read of it; `body` keeps it as sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub event_type: EventType,
    pub event_time: DateTime<FixedOffset>,
    /// `+07:00`.
    pub time_zone_offset: String,
    pub event_id: Option<String>,
    pub action: Option<Action>,
    pub named: Vec<Named>,
    /// A bare CBV word, or a URI of one's own vocabulary.
    pub biz_step: Option<String>,
    pub disposition: Option<String>,
    pub read_point: Option<String>,
    pub biz_location: Option<String>,
    pub error_declaration: Option<ErrorDeclaration>,
    /// The event as sent, less nothing.
    pub body: Map<String, Value>,
}

impl Event {
    /// The canonical hash of what the event says: the same event sent twice, whatever the order
    /// of its fields and lists or the spelling of its identifiers and vocabulary (a CBV word bare
    /// or as a URI), has the same hash. Its record time and event ID are not part of it; its
    /// error declaration is, so that declaring an event wrong is a new event. Written
    /// `ni:///sha-256;{hex}?ver=CBV2.0`, the form of RFC 6920 that EPCIS event IDs take.
    pub fn canonical_hash(&self) -> String {
        hash_of(&self.canonical_form(true))
    }

    /// The hash of the event this one declares wrong: its own, its declaration aside.
    pub fn declared_event_hash(&self) -> Option<String> {
        self.error_declaration
            .as_ref()
            .map(|_| hash_of(&self.canonical_form(false)))
    }

    fn canonical_form(&self, with_declaration: bool) -> String {
        let mut lines = vec![
            format!("type={}", self.event_type.as_str()),
            format!(
                "eventTime={}",
                self.event_time
                    .with_timezone(&Utc)
                    .to_rfc3339_opts(SecondsFormat::Millis, true)
            ),
            format!("eventTimeZoneOffset={}", self.time_zone_offset),
        ];
        for (key, value) in &self.body {
            let skipped = [
                "type",
                "eventTime",
                "eventTimeZoneOffset",
                "eventID",
                "recordTime",
                "@context",
            ];
            if skipped.contains(&key.as_str()) || (key == "errorDeclaration" && !with_declaration) {
                continue;
            }
            let written = match key.as_str() {
                "bizStep" | "disposition" => quoted(&self.vocabulary_word(key)),
                _ => canonical_value(value),
            };
            // Keys quoted as JSON writes them, so that no key or value can pass for another.
            lines.push(format!("{}={written}", quoted(key)));
        }
        lines.sort();
        lines.join("\n")
    }

    fn vocabulary_word(&self, key: &str) -> String {
        let value = if key == "bizStep" {
            &self.biz_step
        } else {
            &self.disposition
        };
        value.clone().unwrap_or_default()
    }
}

/// Text as a JSON string: quoted, with its quotes, backslashes and control characters escaped.
fn quoted(text: &str) -> String {
    Value::String(text.to_owned()).to_string()
}

fn hash_of(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!("ni:///sha-256;{}?ver=CBV2.0", hex::encode(digest))
}

/// A JSON value written the same whatever the order of an object's keys or of a list's items
/// (EPCIS lists are sets), identifiers in their canonical spelling.
fn canonical_value(value: &Value) -> String {
    match value {
        Value::Array(items) => {
            let mut written: Vec<String> = items.iter().map(canonical_value).collect();
            written.sort();
            format!("[{}]", written.join(","))
        }
        Value::Object(map) => {
            let written: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}:{}", quoted(k), canonical_value(v)))
                .collect();
            format!("{{{}}}", written.join(","))
        }
        Value::String(text) => match Epc::parse(text) {
            Ok(Epc::Other(_)) | Err(_) => quoted(text),
            Ok(epc) => format!("<{}>", quoted(&epc.key())),
        },
        Value::Number(n) => n.as_f64().map(|f| f.to_string()).unwrap_or_else(|| n.to_string()),
        other => other.to_string(),
    }
}

/// A capture document's events, in its order.
#[derive(Debug, Clone)]
pub struct Document {
    pub events: Vec<Event>,
}

/// The most events one capture document may carry.
pub const MOST_EVENTS: usize = 10_000;

/// Reads and checks a capture document (EPCIS 2.0 JSON or JSON-LD). Every fault of every event is
/// returned at once, each named by its path in the document.
pub fn read_document(document: &Value) -> Result<Document, FieldErrors> {
    let mut errors = FieldErrors::new();
    let Some(top) = document.as_object() else {
        return Err(FieldErrors::single("document", "epcis_not_a_document"));
    };
    if top.get("type").and_then(Value::as_str) != Some("EPCISDocument") {
        errors.add("type", "epcis_not_a_document");
    }
    match top.get("schemaVersion").and_then(Value::as_str) {
        Some("2.0") | Some("2.0.0") => {}
        _ => errors.add("schemaVersion", "epcis_schema_version"),
    }
    match top.get("creationDate") {
        Some(Value::String(text)) => {
            if let Err(code) = read_time(text) {
                errors.add("creationDate", code);
            }
        }
        _ => errors.add("creationDate", "epcis_required"),
    }
    let list = top
        .get("epcisBody")
        .and_then(|b| b.get("eventList"))
        .and_then(Value::as_array);
    let Some(list) = list else {
        errors.add("epcisBody.eventList", "epcis_required");
        return Err(errors);
    };
    if list.is_empty() {
        errors.add("epcisBody.eventList", "epcis_no_events");
    }
    if list.len() > MOST_EVENTS {
        errors.add_with(
            "epcisBody.eventList",
            "epcis_too_many_events",
            vec![("most", MOST_EVENTS.to_string())],
        );
        return Err(errors);
    }
    let mut events = Vec::with_capacity(list.len());
    for (i, value) in list.iter().enumerate() {
        match read_event(value, &format!("eventList[{i}]")) {
            Ok(event) => events.push(event),
            Err(found) => errors.extend(found),
        }
    }
    if errors.is_empty() {
        Ok(Document { events })
    } else {
        Err(at_most_named(errors))
    }
}

/// The most faults one refusal names: a document of many faulty events is answered with the
/// first of them and how many more there are, not with an answer larger than itself.
pub const MOST_FAULTS: usize = 100;

/// The first [`MOST_FAULTS`] faults, and one more line saying how many were left out.
pub fn at_most_named(errors: FieldErrors) -> FieldErrors {
    let total = errors.0.len();
    if total <= MOST_FAULTS {
        return errors;
    }
    let mut kept = FieldErrors(errors.0.into_iter().take(MOST_FAULTS).collect());
    kept.add_with(
        "document",
        "epcis_more_faults",
        vec![("more", (total - MOST_FAULTS).to_string())],
    );
    kept
}

/// The fields the standard gives every event, and those of each type.
const COMMON_FIELDS: &[&str] = &[
    "type",
    "eventTime",
    "eventTimeZoneOffset",
    "recordTime",
    "eventID",
    "errorDeclaration",
    "certificationInfo",
    "readPoint",
    "bizLocation",
    "bizStep",
    "disposition",
    "persistentDisposition",
    "bizTransactionList",
    "sourceList",
    "destinationList",
    "sensorElementList",
    "@context",
];

fn type_fields(event_type: EventType) -> &'static [&'static str] {
    match event_type {
        EventType::Object => &["action", "epcList", "quantityList", "ilmd"],
        EventType::Aggregation | EventType::Association => {
            &["action", "parentID", "childEPCs", "childQuantityList"]
        }
        EventType::Transaction => &["action", "parentID", "epcList", "quantityList"],
        EventType::Transformation => &[
            "inputEPCList",
            "inputQuantityList",
            "outputEPCList",
            "outputQuantityList",
            "transformationID",
            "ilmd",
        ],
    }
}

/// Reads one event; `at` is its path in the document.
pub fn read_event(value: &Value, at: &str) -> Result<Event, FieldErrors> {
    let mut errors = FieldErrors::new();
    let field = |name: &str| format!("{at}.{name}");
    let Some(body) = value.as_object() else {
        return Err(FieldErrors::single(at, "epcis_not_an_event"));
    };
    let Some(event_type) = body
        .get("type")
        .and_then(Value::as_str)
        .and_then(EventType::parse)
    else {
        return Err(FieldErrors::single(&field("type"), "epcis_event_type"));
    };
    for key in body.keys() {
        let known = COMMON_FIELDS.contains(&key.as_str()) || type_fields(event_type).contains(&key.as_str());
        // Extensions carry a namespace prefix: `vn:harvestArea`.
        if !known && !key.contains(':') {
            errors.add_with(&field(key), "epcis_unknown_field", vec![("name", key.clone())]);
        }
    }
    let event_time = match body.get("eventTime") {
        Some(Value::String(text)) => read_time(text)
            .map_err(|code| errors.add(&field("eventTime"), code))
            .ok(),
        _ => {
            errors.add(&field("eventTime"), "epcis_required");
            None
        }
    };
    let time_zone_offset = match body.get("eventTimeZoneOffset").and_then(Value::as_str) {
        Some(offset) if is_zone_offset(offset) => Some(offset.to_owned()),
        Some(_) => {
            errors.add(&field("eventTimeZoneOffset"), "epcis_zone_offset");
            None
        }
        None => {
            errors.add(&field("eventTimeZoneOffset"), "epcis_required");
            None
        }
    };
    let action = match (event_type, body.get("action")) {
        (EventType::Transformation, Some(_)) => {
            errors.add(&field("action"), "epcis_no_action_here");
            None
        }
        (EventType::Transformation, None) => None,
        (_, Some(Value::String(text))) => {
            let action = Action::parse(text);
            if action.is_none() {
                errors.add(&field("action"), "epcis_action");
            }
            action
        }
        (_, _) => {
            errors.add(&field("action"), "epcis_required");
            None
        }
    };
    let mut named = Vec::new();
    // The roles the event lists something for, read or not: a list of faulty items is named
    // for its items, not as missing.
    let mut listed = Vec::new();
    for (name, what) in event_type.what_fields() {
        let Some(value) = body.get(*name) else { continue };
        let Some(items) = value.as_array() else {
            errors.add(&field(name), "epcis_not_a_list");
            continue;
        };
        for (i, item) in items.iter().enumerate() {
            listed.push(match what {
                What::Epcs(role) | What::Quantities(role) => *role,
            });
            let place = format!("{name}[{i}]");
            let read = match what {
                What::Epcs(role) => read_epc(item, *role, &place),
                What::Quantities(role) => read_quantity(item, *role, &place),
            };
            match read {
                Ok(thing) => named.push(thing),
                Err((suffix, code)) => errors.add(&format!("{at}.{place}{suffix}"), code),
            }
        }
    }
    if let Some(parent) = body.get("parentID") {
        listed.push(Role::Parent);
        match parent.as_str().map(|uri| (uri, Epc::parse(uri))) {
            Some((uri, Ok(epc))) => named.push(Named {
                role: Role::Parent,
                field: "parentID".to_owned(),
                uri: uri.to_owned(),
                epc,
                quantity: None,
                uom: None,
            }),
            Some((_, Err(why))) => errors.add(&field("parentID"), why.code()),
            None => errors.add(&field("parentID"), "epcis_not_a_uri"),
        }
    }
    check_what(event_type, action, body, &listed, at, &mut errors);
    if body.contains_key("ilmd") {
        let adds = event_type == EventType::Transformation
            || (event_type == EventType::Object && action == Some(Action::Add));
        if !adds {
            errors.add(&field("ilmd"), "epcis_ilmd_not_here");
        } else if !body["ilmd"].is_object() {
            errors.add(&field("ilmd"), "epcis_not_an_object");
        }
    }
    let biz_step = vocabulary(
        body,
        "bizStep",
        "bizstep",
        "BizStep",
        BUSINESS_STEPS,
        at,
        &mut errors,
    );
    let disposition = vocabulary(body, "disposition", "disp", "Disp", DISPOSITIONS, at, &mut errors);
    let read_point = location(body, "readPoint", at, &mut errors);
    let biz_location = location(body, "bizLocation", at, &mut errors);
    check_typed_list(
        body,
        "bizTransactionList",
        "bizTransaction",
        TRANSACTION_TYPES,
        false,
        at,
        &mut errors,
    );
    check_typed_list(body, "sourceList", "source", PARTY_TYPES, true, at, &mut errors);
    check_typed_list(
        body,
        "destinationList",
        "destination",
        PARTY_TYPES,
        true,
        at,
        &mut errors,
    );
    if let Some(list) = body.get("sensorElementList") {
        if !list.is_array() {
            errors.add(&field("sensorElementList"), "epcis_not_a_list");
        }
    }
    let error_declaration = body
        .get("errorDeclaration")
        .and_then(|d| read_declaration(d, &field("errorDeclaration"), &mut errors));
    let event_id = match body.get("eventID") {
        Some(Value::String(id)) if id.contains(':') => Some(id.clone()),
        Some(_) => {
            errors.add(&field("eventID"), "epcis_not_a_uri");
            None
        }
        None => None,
    };
    match (event_time, time_zone_offset) {
        (Some(event_time), Some(time_zone_offset)) if errors.is_empty() => Ok(Event {
            event_type,
            event_time,
            time_zone_offset,
            event_id,
            action,
            named,
            biz_step,
            disposition,
            read_point,
            biz_location,
            error_declaration,
            body: body.clone(),
        }),
        _ => Err(errors),
    }
}

/// An RFC 3339 time with its offset; a time without one is named as such.
fn read_time(text: &str) -> Result<DateTime<FixedOffset>, &'static str> {
    DateTime::parse_from_rfc3339(text).map_err(|_| {
        let without_offset = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").is_ok();
        if without_offset {
            "epcis_time_without_offset"
        } else {
            "epcis_time"
        }
    })
}

/// `+07:00`, `-06:00`: an offset from UTC of at most fourteen hours.
fn is_zone_offset(text: &str) -> bool {
    zone_offset_seconds(text).is_some()
}

/// The seconds east of UTC an offset such as `+07:00` names; `None` for anything else or beyond
/// fourteen hours.
pub fn zone_offset_seconds(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() != 6 || !matches!(bytes[0], b'+' | b'-') || bytes[3] != b':' {
        return None;
    }
    let hours: i64 = text.get(1..3)?.parse().ok()?;
    let minutes: i64 = text.get(4..6)?.parse().ok()?;
    let seconds = hours * 3600 + minutes * 60;
    if minutes >= 60 || seconds > 14 * 3600 {
        return None;
    }
    Some(if bytes[0] == b'-' { -seconds } else { seconds })
}

fn read_epc(item: &Value, role: Role, place: &str) -> Result<Named, (&'static str, &'static str)> {
    let uri = item.as_str().ok_or(("", "epcis_not_a_uri"))?;
    let epc = Epc::parse(uri).map_err(|why| ("", why.code()))?;
    Ok(Named {
        role,
        field: place.to_owned(),
        uri: uri.to_owned(),
        epc,
        quantity: None,
        uom: None,
    })
}

fn read_quantity(item: &Value, role: Role, place: &str) -> Result<Named, (&'static str, &'static str)> {
    let uri = item
        .get("epcClass")
        .and_then(Value::as_str)
        .ok_or((".epcClass", "epcis_required"))?;
    let epc = Epc::parse(uri).map_err(|why| (".epcClass", why.code()))?;
    let uom = match item.get("uom") {
        None => None,
        Some(Value::String(code)) if is_unece_code(code) => Some(code.clone()),
        Some(_) => return Err((".uom", "epcis_uom")),
    };
    let quantity = item.get("quantity").and_then(Value::as_f64);
    match quantity {
        None => return Err((".quantity", "epcis_required")),
        Some(q) if !q.is_finite() || q <= 0.0 => return Err((".quantity", "epcis_quantity")),
        // Without a unit a quantity counts items.
        Some(q) if uom.is_none() && q.fract() != 0.0 => return Err((".quantity", "epcis_quantity_count")),
        Some(_) => {}
    }
    Ok(Named {
        role,
        field: format!("{place}.epcClass"),
        uri: uri.to_owned(),
        epc,
        quantity,
        uom,
    })
}

/// A UN/CEFACT Recommendation 20 code: two or three capital letters or digits (`KGM`, `LTR`, `H87`).
fn is_unece_code(code: &str) -> bool {
    (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// The rules on what an event names, by type and action.
fn check_what(
    event_type: EventType,
    action: Option<Action>,
    body: &Map<String, Value>,
    listed: &[Role],
    at: &str,
    errors: &mut FieldErrors,
) {
    let has = |role: Role| listed.contains(&role);
    let field = |name: &str| format!("{at}.{name}");
    match event_type {
        EventType::Object if !has(Role::Object) => errors.add(&field("epcList"), "epcis_names_nothing"),
        EventType::Aggregation if action != Some(Action::Observe) && !has(Role::Parent) => {
            errors.add(&field("parentID"), "epcis_required")
        }
        EventType::Association if !has(Role::Parent) => errors.add(&field("parentID"), "epcis_required"),
        EventType::Transaction => {
            let listed = body
                .get("bizTransactionList")
                .and_then(Value::as_array)
                .is_some_and(|l| !l.is_empty());
            if !listed {
                errors.add(&field("bizTransactionList"), "epcis_required");
            }
        }
        EventType::Transformation => {
            let both_sides = has(Role::Input) && has(Role::Output);
            if !(both_sides || body.contains_key("transformationID")) {
                errors.add(&field("outputEPCList"), "epcis_transformation_sides");
            }
        }
        _ => {}
    }
}

/// A CBV vocabulary field: a bare word of `standard`, the same word as a CBV URI (the older URN
/// with `urn_kind`, or the web form with `web_kind`), or a URI of one's own. Returns the bare word
/// for a CBV value, the URI otherwise.
fn vocabulary(
    body: &Map<String, Value>,
    key: &str,
    urn_kind: &str,
    web_kind: &str,
    standard: &[&str],
    at: &str,
    errors: &mut FieldErrors,
) -> Option<String> {
    let value = body.get(key)?;
    let Some(text) = value.as_str() else {
        errors.add(&format!("{at}.{key}"), "epcis_not_a_uri");
        return None;
    };
    match vocabulary_value(text, urn_kind, web_kind, standard) {
        Ok(value) => Some(value),
        Err(()) => {
            errors.add_with(
                &format!("{at}.{key}"),
                "epcis_not_in_cbv",
                vec![("value", text.to_owned())],
            );
            None
        }
    }
}

/// A vocabulary value in its one spelling: a CBV word bare, whether written bare or in one of the
/// CBV's URI forms; any other URI as written (one's own vocabulary). A word in the CBV's form that
/// the CBV does not have (a typo, or one's own word passed off as standard) is refused.
fn vocabulary_value(text: &str, urn_kind: &str, web_kind: &str, standard: &[&str]) -> Result<String, ()> {
    let urn_prefix = format!("urn:epcglobal:cbv:{urn_kind}:");
    let web_prefix = format!("https://ref.gs1.org/cbv/{web_kind}-");
    let cbv_word = text
        .strip_prefix(&urn_prefix)
        .or_else(|| text.strip_prefix(&web_prefix))
        .or((!text.contains(':')).then_some(text));
    match cbv_word {
        Some(word) if standard.contains(&word) => Ok(word.to_owned()),
        Some(_) => Err(()),
        None => Ok(text.to_owned()),
    }
}

/// A business step as events keep it ([`vocabulary_value`]); `None` when it is not a CBV word
/// though written as one.
pub fn business_step(text: &str) -> Option<String> {
    vocabulary_value(text, "bizstep", "BizStep", BUSINESS_STEPS).ok()
}

/// A disposition as events keep it; `None` when it is not a CBV word though written as one.
pub fn disposition(text: &str) -> Option<String> {
    vocabulary_value(text, "disp", "Disp", DISPOSITIONS).ok()
}

/// A read point or business location: `{"id": uri}`.
fn location(body: &Map<String, Value>, key: &str, at: &str, errors: &mut FieldErrors) -> Option<String> {
    let value = body.get(key)?;
    let path = format!("{at}.{key}.id");
    match value.get("id").and_then(Value::as_str) {
        Some(uri) => match Epc::parse(uri) {
            Ok(_) => Some(uri.to_owned()),
            Err(why) => {
                errors.add(&path, why.code());
                None
            }
        },
        None => {
            errors.add(&path, "epcis_required");
            None
        }
    }
}

/// A list of `{"type": …, "<value_key>": uri}`: business transactions, sources, destinations.
fn check_typed_list(
    body: &Map<String, Value>,
    key: &str,
    value_key: &str,
    standard: &[&str],
    type_required: bool,
    at: &str,
    errors: &mut FieldErrors,
) {
    let Some(list) = body.get(key) else { return };
    let Some(items) = list.as_array() else {
        errors.add(&format!("{at}.{key}"), "epcis_not_a_list");
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let path = format!("{at}.{key}[{i}]");
        if !item
            .get(value_key)
            .and_then(Value::as_str)
            .is_some_and(|v| v.contains(':'))
        {
            errors.add(&format!("{path}.{value_key}"), "epcis_not_a_uri");
        }
        match item.get("type").and_then(Value::as_str) {
            Some(kind) if standard.contains(&kind) || kind.contains(':') => {}
            Some(kind) => errors.add_with(
                &format!("{path}.type"),
                "epcis_not_in_cbv",
                vec![("value", kind.to_owned())],
            ),
            None if type_required => errors.add(&format!("{path}.type"), "epcis_required"),
            None => {}
        }
    }
}

fn read_declaration(value: &Value, at: &str, errors: &mut FieldErrors) -> Option<ErrorDeclaration> {
    let declared_at = match value.get("declarationTime").and_then(Value::as_str) {
        Some(text) => read_time(text)
            .map_err(|code| errors.add(&format!("{at}.declarationTime"), code))
            .ok()?,
        None => {
            errors.add(&format!("{at}.declarationTime"), "epcis_required");
            return None;
        }
    };
    let reason = value.get("reason").and_then(Value::as_str).map(str::to_owned);
    if let Some(text) = &reason {
        if vocabulary_value(text, "er", "ER", ERROR_REASONS).is_err() {
            errors.add_with(
                &format!("{at}.reason"),
                "epcis_not_in_cbv",
                vec![("value", text.clone())],
            );
        }
    }
    let corrective_event_ids = value
        .get("correctiveEventIDs")
        .and_then(Value::as_array)
        .map(|ids| ids.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        .unwrap_or_default();
    Some(ErrorDeclaration {
        declared_at,
        reason,
        corrective_event_ids,
    })
}
