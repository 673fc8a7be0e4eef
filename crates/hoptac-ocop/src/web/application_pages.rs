//! An application's own page (`/ocop/applications/{id}`): what was filed, its dossier's documents
//! (added and removed by the subject's keepers and the round's officers while the round runs), the
//! council's sheets side by side for the officer, the way to the scoring form for a council member;
//! a product's photos; and the kept files themselves.

use super::view::{sheet_parts, stars_text};
use crate::registration_pdf::registration_pdf;
use crate::store::files::{self, StoredFile};
use crate::store::rounds::{self, Application, CouncilSheets, Round};
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use hoptac_core::access::Permission;
use hoptac_core::numbers::{format_date, format_day_of, format_decimal, format_int};
use hoptac_core::FieldErrors;
use hoptac_web::confirm::ConfirmedForm;
use hoptac_web::ctx::Ctx;
use hoptac_web::error::{PageError, StoreOutcome};
use hoptac_web::extract::{NoFields, Path, UploadForm};
use hoptac_web::routes::{file_response, render_form};
use hoptac_web::ui::{Chrome, FormErrors, Tr};
use hoptac_web::AppState;

/// A kept file as a list shows it.
pub(super) struct FileRow {
    pub id: i64,
    pub name: String,
    /// "PDF" or "Ảnh".
    pub kind: String,
    /// "1,2 MB", "350 KB".
    pub size: String,
    pub uploaded: String,
}

impl FileRow {
    pub(super) fn of(file: &StoredFile, t: Tr) -> FileRow {
        FileRow {
            id: file.id,
            name: file.file_name.clone(),
            kind: if file.is_image() {
                t.s("ocop-file_image").to_owned()
            } else {
                "PDF".to_owned()
            },
            size: size_text(file.byte_size),
            uploaded: format_day_of(file.uploaded_at),
        }
    }
}

/// Where an application stands: withdrawn (on which day), its outcome with its stars, waiting while
/// its round receives applications, or being scored.
pub(super) fn state_text(
    application: &Application,
    round: &Round,
    today: chrono::NaiveDate,
    t: Tr,
) -> String {
    let lang = t.lang();
    if let Some(day) = application.withdrawn_on {
        return format!("{} {}", t.s("ocop-withdrawn"), format_date(day));
    }
    match (application.outcome(), application.stars) {
        (Some(o), Some(stars)) if stars > 0 => format!("{} · {}", o.label(lang), stars_text(stars)),
        (Some(o), _) => o.label(lang).to_owned(),
        _ if round.receives_on(today) => t.s("ocop-receiving").to_owned(),
        _ => t.s("ocop-scoring").to_owned(),
    }
}

/// A size as people read it: kilobytes below a megabyte, megabytes with one decimal above.
pub(super) fn size_text(bytes: i64) -> String {
    const MB: f64 = 1024.0 * 1024.0;
    if (bytes as f64) < MB {
        format!("{} KB", format_int((bytes + 1023) / 1024))
    } else {
        format!("{} MB", format_decimal(bytes as f64 / MB, 1))
    }
}

/// One criterion's row of the council's sheets: each member's points, then the spread.
struct ComparedRow {
    code: String,
    name: String,
    max: u32,
    points: Vec<String>,
    spread: String,
}

struct ComparedSection {
    name: String,
    rows: Vec<ComparedRow>,
}

struct ComparedPart {
    name: String,
    max: u32,
    sections: Vec<ComparedSection>,
}

struct MemberColumn {
    name: String,
    /// "chưa chấm", "đã rời hội đồng", or the day the sheet was sent.
    note: String,
    total: String,
}

/// The council's sheets laid out criterion by criterion, a column per member.
struct ComparedSheets {
    members: Vec<MemberColumn>,
    parts: Vec<ComparedPart>,
    /// The card's whole: its parts' maxima.
    max: u32,
    /// Between the members' totals.
    total_difference: String,
    missing: Vec<String>,
}

/// The difference between the highest and the lowest of two points or more; nothing for fewer.
fn difference(points: impl Iterator<Item = u32>) -> String {
    let points: Vec<u32> = points.collect();
    match (points.iter().min(), points.iter().max()) {
        (Some(low), Some(high)) if points.len() > 1 => (high - low).to_string(),
        _ => String::new(),
    }
}

fn compared(sheets: &CouncilSheets, t: Tr) -> ComparedSheets {
    let members = sheets
        .members
        .iter()
        .map(|m| MemberColumn {
            name: m.name.clone(),
            note: match (m.submitted_at, m.seated) {
                (None, _) => t.s("ocop-not_scored").to_owned(),
                (Some(at), true) => format_day_of(at),
                (Some(at), false) => format!("{} · {}", format_day_of(at), t.s("ocop-left_council")),
            },
            total: m.total.map(|n| n.to_string()).unwrap_or_default(),
        })
        .collect();
    let card = &sheets.scorecard.card;
    let parts: Vec<ComparedPart> = sheet_parts(card, &Default::default(), None, t)
        .into_iter()
        .map(|part| ComparedPart {
            name: part.name,
            max: part.max,
            sections: part
                .sections
                .into_iter()
                .map(|section| ComparedSection {
                    name: section.name,
                    rows: section
                        .criteria
                        .into_iter()
                        .map(|c| {
                            let given: Vec<Option<u32>> = sheets
                                .members
                                .iter()
                                .map(|m| m.points.as_ref().and_then(|p| p.get(&c.code).copied()))
                                .collect();
                            let spread = difference(given.iter().flatten().copied());
                            ComparedRow {
                                points: given
                                    .iter()
                                    .map(|p| p.map(|n| n.to_string()).unwrap_or_else(|| "—".to_owned()))
                                    .collect(),
                                code: c.code,
                                name: c.name,
                                max: c.max,
                                spread,
                            }
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let missing = sheets
        .members
        .iter()
        .filter(|m| m.seated && m.points.is_none())
        .map(|m| m.name.clone())
        .collect();
    ComparedSheets {
        members,
        max: parts.iter().map(|p| p.max).sum(),
        total_difference: difference(sheets.members.iter().filter_map(|m| m.total)),
        parts,
        missing,
    }
}

#[derive(Template)]
#[template(path = "ocop_application.html")]
struct ApplicationPage {
    t: Tr,
    chrome: Chrome,
    application: Application,
    round_name: String,
    kind: String,
    submitted: String,
    state: String,
    /// The dossier, for those who read it; `None` to anyone else.
    documents: Option<Vec<FileRow>>,
    /// May add and remove documents now.
    keeps: bool,
    /// The kinds and sizes a document may be.
    document_hint: String,
    errors: FormErrors,
    /// The council's sheets, for the round's officers.
    sheets: Option<ComparedSheets>,
    /// The consolidated score and stars so far, for the round's officers.
    consolidated: String,
    /// The way to the viewer's own scoring form, for a council member while the round runs.
    score_href: Option<String>,
    /// The subject's keepers may withdraw it until the decision.
    may_withdraw: bool,
}

async fn application_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    errors: FieldErrors,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = super::tr(lang);
    let db = state.db();
    let actor = ctx.actor();
    let application = rounds::application(db, &actor, id).await.or_page(lang)?;
    let round = rounds::get(db, application.round_id).await.or_page(lang)?;
    let reads = files::reads_dossier(db, &actor, &round, &application)
        .await
        .or_page(lang)?;
    let documents = if reads {
        let stored = files::documents(db, id).await.or_page(lang)?;
        Some(stored.iter().map(|f| FileRow::of(f, t)).collect())
    } else {
        None
    };
    let open = !round.is_decided() && !application.is_withdrawn();
    let keeps = open
        && files::keeps_dossier(db, &actor, &round, &application)
            .await
            .or_page(lang)?;
    let manages = ctx.access.allows(Permission::ManageOcop, &round.place());
    let sheets = if manages {
        Some(rounds::council_sheets(db, &actor, id).await.or_page(lang)?)
    } else {
        None
    };
    let consolidated = sheets
        .as_ref()
        .and_then(|s| s.application.assessment.as_ref())
        .filter(|a| a.consolidated.total.count > 0)
        .map(|a| {
            let stars = match a.rating.stars {
                0 => t.s("ocop-not_recognised_yet").to_owned(),
                n => stars_text(i32::from(n)),
            };
            format!("{} · {stars}", format_decimal(a.score, 1))
        })
        .unwrap_or_default();
    let score_href = (open && ctx.access.allows(Permission::Score, &round.place()))
        .then(|| format!("/ocop/applications/{id}/sheet"));
    render_form(
        !errors.is_empty(),
        ApplicationPage {
            chrome: Chrome::new(ctx),
            round_name: round.name.clone(),
            kind: application.kind.label(lang).to_owned(),
            submitted: format_date(application.submitted_on),
            state: state_text(&application, &round, state.clock().today(), t),
            documents,
            keeps,
            document_hint: t.f(
                "ocop-document_hint",
                &[
                    ("megabytes", &(files::DOCUMENT_MAX_BYTES / (1024 * 1024))),
                    ("max", &files::DOCUMENTS_PER_APPLICATION),
                ],
            ),
            errors: FormErrors::new(lang, errors),
            sheets: sheets.as_ref().map(|s| compared(s, t)),
            consolidated,
            score_href,
            may_withdraw: open
                && ctx.access.allows(
                    Permission::Edit,
                    &super::pages::subject_place(application.organisation_id, &round.province_code),
                ),
            application,
            t,
        },
    )
}

pub async fn application(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    application_page(&state, &ctx, id, FieldErrors::new()).await
}

/// A document added to the dossier; a refused one leaves the page with its reason.
pub async fn add_document(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    form: UploadForm,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let (name, bytes) = match sent_file(form, "document") {
        Ok(sent) => sent,
        Err(errors) => return application_page(&state, &ctx, id, errors).await,
    };
    match files::add_document(&state.context(&actor), id, &name, bytes)
        .await
        .or_form(ctx.lang)?
    {
        Ok(_) => Ok(Redirect::to(&format!("/ocop/applications/{id}#documents")).into_response()),
        Err(errors) => application_page(&state, &ctx, id, errors).await,
    }
}

/// A photo added to a product; a refused one leaves the product's page with its reason.
pub async fn add_photo(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    form: UploadForm,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let (name, bytes) = match sent_file(form, "photo") {
        Ok(sent) => sent,
        Err(errors) => return super::pages::product_page_refused(&state, &ctx, id, errors).await,
    };
    match files::add_photo(&state.context(&actor), id, &name, bytes)
        .await
        .or_form(ctx.lang)?
    {
        Ok(_) => Ok(Redirect::to(&format!("/ocop/products/{id}#photos")).into_response()),
        Err(errors) => super::pages::product_page_refused(&state, &ctx, id, errors).await,
    }
}

/// The file sent in `field`: its name and bytes, taken from the form; a form sent without one (or
/// with an empty one) is the field's `file_not_chosen`.
pub(super) fn sent_file(form: UploadForm, field: &str) -> Result<(String, Vec<u8>), FieldErrors> {
    form.take_file(field)
        .map(|f| (f.name, f.bytes))
        .ok_or_else(|| FieldErrors::single(field, "file_not_chosen"))
}

/// A kept file, shown by the browser: a photo to anyone, a dossier's document to those who read
/// the dossier. Its type is the one read from its content when it came, never the sender's claim.
pub async fn file(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let (file, bytes) = files::content(state.db(), &ctx.actor(), id)
        .await
        .or_page(ctx.lang)?;
    let mut response = file_response("inline", &file.content_type, &file.file_name, bytes);
    // A photo is public and never changes under its number; a document is the reader's alone.
    let cache = if file.application_id.is_none() {
        "public, max-age=86400"
    } else {
        "private, no-store"
    };
    if let Ok(value) = axum::http::HeaderValue::from_str(cache) {
        response
            .headers_mut()
            .insert(axum::http::header::CACHE_CONTROL, value);
    }
    Ok(response)
}

/// The application's registration form, filled from the record, to print, sign and add to the
/// dossier: for those who read the dossier.
pub async fn registration_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let db = state.db();
    let actor = ctx.actor();
    let form = files::registration_form(db, &actor, id, state.clock().today())
        .await
        .or_page(lang)?;
    let pdf = registration_pdf(&form).map_err(|e| PageError::Internal(lang, e.to_string()))?;
    Ok(file_response(
        "inline",
        "application/pdf",
        &format!("phieu-dang-ky-ocop-{id}.pdf"),
        pdf,
    ))
}

/// Removes a photo or a dossier's document, once confirmed; back to where it was shown.
pub async fn remove_file(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    _: ConfirmedForm<NoFields>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let removed = files::remove(&state.context(&actor), id)
        .await
        .or_page(ctx.lang)?;
    let back = match removed.application_id {
        Some(application_id) => format!("/ocop/applications/{application_id}#documents"),
        None => format!("/ocop/products/{}#photos", removed.product_id),
    };
    Ok(Redirect::to(&back).into_response())
}
