//! Report templates: the shipped six-month and yearly reviews, and those an alliance saves beside
//! them for its own province or, at the national level, for every place. A saved template is
//! checked whole before anything is written ([`TemplateInput::validate`]), and every change is in
//! the audit trail.

use crate::domain::{Period, ReportPlace, ReportQuery, ReportTemplate, TemplateInput};
use chrono::NaiveDate;
use hoptac_core::access::{Permission, Place};
use hoptac_core::admin::Era;
use hoptac_core::admin_units;
use hoptac_core::audit::Actor;
use hoptac_core::audit::{self, Action, Change};
use hoptac_core::error::is_unique_violation;
use hoptac_core::form::blank;
use hoptac_core::sql::Tx;
use hoptac_core::text::lower_first;
use hoptac_core::Lang;
use hoptac_core::{on_pool, Arg, Context, Db, FieldErrors, StoreError, StoreResult};

/// A saved template's row.
#[derive(sqlx::FromRow)]
struct Row {
    province_code: String,
    body: String,
}

impl Row {
    /// The template the row keeps, when it still reads against today's catalogue.
    fn template(&self) -> Option<ReportTemplate> {
        let input: TemplateInput = serde_json::from_str(&self.body)
            .map_err(|e| tracing::warn!("a saved report template is unreadable: {e}"))
            .ok()?;
        let template = input
            .validate()
            .map_err(|e| tracing::warn!("the saved report template {} no longer reads: {e:?}", input.code))
            .ok()?;
        Some(ReportTemplate {
            province: (!self.province_code.is_empty()).then(|| self.province_code.clone()),
            ..template
        })
    }
}

const SELECT: &str = "SELECT province_code, body FROM report_templates";

/// Every template: the shipped ones first, then those saved, by name.
pub async fn list(db: &Db) -> StoreResult<Vec<ReportTemplate>> {
    let rows: Vec<Row> = on_pool!(db, |pool| sqlx::query_as(SELECT).fetch_all(pool).await)?;
    let mut saved: Vec<ReportTemplate> = rows.iter().filter_map(Row::template).collect();
    saved.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.code.cmp(&b.code)));
    Ok(ReportTemplate::shipped().iter().cloned().chain(saved).collect())
}

/// The template of `code`, shipped or saved.
pub async fn find(db: &Db, code: &str) -> StoreResult<Option<ReportTemplate>> {
    if let Some(shipped) = ReportTemplate::shipped().iter().find(|t| t.code == code) {
        return Ok(Some(shipped.clone()));
    }
    let sql = format!("{SELECT} WHERE code = $1");
    let row: Option<Row> = on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(code)
        .fetch_optional(pool)
        .await)?;
    Ok(row.as_ref().and_then(Row::template))
}

/// The template a report of `period` is asked in; a code that names none, or a template for
/// other periods (a yearly review for a quarter), is refused on `report_template` (the
/// field `template` names the importer's templates of columns).
pub async fn for_report(db: &Db, code: &str, period: &Period) -> StoreResult<ReportTemplate> {
    let mut errors = FieldErrors::new();
    match find(db, code.trim()).await? {
        None => errors.add_with(
            "report_template",
            "unknown_template",
            vec![("value", code.trim().to_owned())],
        ),
        Some(template) if !template.kind.fits(period) => errors.add_with(
            "report_template",
            "template_for_other_periods",
            vec![
                ("value", template.name.clone()),
                ("kind", lower_first(template.kind.label(Lang::Vi))),
            ],
        ),
        Some(template) => return Ok(template),
    }
    Err(StoreError::Validation(errors))
}

/// What a report query asks for, read and checked.
pub struct Asked {
    pub place: ReportPlace,
    pub period: Period,
    pub template: Option<ReportTemplate>,
}

/// The place, period and template of `query`; every problem is refused on its field (`report_template`
/// once the period reads).
pub async fn asked(db: &Db, query: &ReportQuery, today: NaiveDate) -> StoreResult<Asked> {
    let (place, period) = query.read(today).map_err(StoreError::Validation)?;
    let template = match blank(&query.template) {
        Some(code) => Some(for_report(db, code, &period).await?),
        None => None,
    };
    Ok(Asked {
        place,
        period,
        template,
    })
}

/// Where a template's keepers work: its province, or the country.
fn keepers(province: Option<&str>) -> Place {
    province.map(Place::province).unwrap_or_else(Place::country)
}

/// Whether `actor` may save or remove templates of `province` (`None`: of every place).
pub fn may_keep(access: &hoptac_core::access::Access, province: Option<&str>) -> bool {
    access.allows(Permission::EditPlans, &keepers(province))
}

/// Refuses those who may not keep `province`'s templates. Every template is in the open, so a
/// refusal is "forbidden", never "not found".
fn check_keeper(actor: &Actor, province: Option<&str>) -> StoreResult<()> {
    if may_keep(&actor.access, province) {
        Ok(())
    } else {
        Err(StoreError::Forbidden)
    }
}

/// Saves a template under its code, replacing the saved one of that code. Only those who keep a
/// place's plans may, for their province (or, nationally, for every place); a shipped template's
/// code is not taken. Errors name the input's fields.
pub async fn save(cx: &Context, input: &TemplateInput) -> StoreResult<ReportTemplate> {
    let template = input.validate().map_err(StoreError::Validation)?;
    let mut errors = FieldErrors::new();
    if ReportTemplate::shipped().iter().any(|t| t.code == template.code) {
        errors.add_with(
            "code",
            "template_code_shipped",
            vec![("value", template.code.clone())],
        );
    }
    if let Some(code) = &template.province {
        if admin_units::province(&cx.db, Era::Y2025, code).await?.is_none() {
            errors.add_with("province", "unknown_province", vec![("value", code.clone())]);
        }
    }
    if !errors.is_empty() {
        return Err(StoreError::Validation(errors));
    }
    check_keeper(&cx.actor, template.province.as_deref())?;
    let once = || async {
        let mut tx = Tx::begin(&cx.db).await?;
        write_in(&mut tx, cx, &template).await?;
        tx.commit().await?;
        Ok::<(), StoreError>(())
    };
    // Two people saving a new code at once: the later finds the row and replaces it.
    match once().await {
        Err(StoreError::Database(e)) if is_unique_violation(&e) => once().await?,
        done => done?,
    }
    Ok(template)
}

async fn write_in(tx: &mut Tx<'_>, cx: &Context, template: &ReportTemplate) -> StoreResult<()> {
    let input = template.input();
    // Strings and lists of strings always serialise.
    let body = serde_json::to_string(&input).unwrap_or_default();
    let existing: Option<Row> = tx
        .fetch_optional(
            &format!("{SELECT} WHERE code = $1"),
            &[Arg::Text(template.code.clone())],
        )
        .await?;
    let province = Arg::Text(template.province.clone().unwrap_or_default());
    let stamp = [Arg::OptI64(cx.actor.user_id), Arg::Time(cx.now)];
    let (action, before) = match &existing {
        Some(row) => {
            // Moving a template needs the right where it was as well as where it goes.
            let was = (!row.province_code.is_empty()).then_some(row.province_code.as_str());
            check_keeper(&cx.actor, was)?;
            let mut args = vec![province, Arg::Text(body)];
            args.extend(stamp);
            args.push(Arg::Text(template.code.clone()));
            tx.execute(
                "UPDATE report_templates SET province_code = $1, body = $2, saved_by = $3, saved_at = $4 \
                 WHERE code = $5",
                &args,
            )
            .await?;
            let before: Option<serde_json::Value> = serde_json::from_str(&row.body).ok();
            (Action::Update, before)
        }
        None => {
            let mut args = vec![Arg::Text(template.code.clone()), province, Arg::Text(body)];
            args.extend(stamp);
            tx.execute(
                "INSERT INTO report_templates (code, province_code, body, saved_by, saved_at) \
                 VALUES ($1, $2, $3, $4, $5)",
                &args,
            )
            .await?;
            (Action::Create, None)
        }
    };
    let change = Change {
        action,
        entity: "report_template",
        entity_id: template.code.clone(),
        organisation_id: None,
        before,
        after: audit::snapshot(&input),
    };
    audit::record(tx, &cx.actor, change, cx.now).await?;
    Ok(())
}

/// Removes a saved template, for those who keep its province's (or every place's) plans.
pub async fn delete(cx: &Context, code: &str) -> StoreResult<()> {
    let sql = format!("{SELECT} WHERE code = $1");
    let row: Option<Row> = on_pool!(&cx.db, |pool| sqlx::query_as(&sql)
        .bind(code)
        .fetch_optional(pool)
        .await)?;
    let row = row.ok_or(StoreError::NotFound)?;
    let province = (!row.province_code.is_empty()).then_some(row.province_code.as_str());
    check_keeper(&cx.actor, province)?;
    let mut tx = Tx::begin(&cx.db).await?;
    // Two deletions at once: the second finds nothing to delete and records nothing.
    if tx
        .execute(
            "DELETE FROM report_templates WHERE code = $1",
            &[Arg::Text(code.to_owned())],
        )
        .await?
        == 0
    {
        return Err(StoreError::NotFound);
    }
    let change = Change {
        action: Action::Delete,
        entity: "report_template",
        entity_id: code.to_owned(),
        organisation_id: None,
        before: serde_json::from_str(&row.body).ok(),
        after: None,
    };
    audit::record(&mut tx, &cx.actor, change, cx.now).await?;
    tx.commit().await?;
    Ok(())
}
