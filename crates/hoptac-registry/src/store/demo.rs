//! Generated registries: a realistic demo province for trying hoptac, and a national-scale registry
//! for the benchmark. Both are deterministic for a given seed, and every record passes the same
//! validation as one typed into a form.
//!
//! The demo province is Thái Nguyên, which since 1 July 2025 includes the former Bắc Kạn: older
//! organisations are registered in 2008-era communes of both former provinces, newer ones in 2025
//! communes, so both eras of units are in use.

use crate::domain::members::{MemberContext, MemberFields, MemberInput};
use crate::domain::organisation::{OrgKind, OrgStatus, OrganisationFields, OrganisationInput, Sector};
use crate::domain::tax_code::TaxCode;
use crate::domain::yearly::{YearlyFigures, YearlyFiguresInput};
use crate::{store::figures, store::members, store::organisations};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use hoptac_core::admin::Era;
use hoptac_core::admin_units::Commune;
use hoptac_core::sql::Tx;
use hoptac_core::Context;
use hoptac_core::{admin_units, on_pool, Arg, Db, StoreError, StoreResult};
use std::collections::HashSet;
use std::time::Instant;

/// How many organisations of each kind to generate, and where.
#[derive(Debug, Clone)]
pub struct Scale {
    /// 2025 province codes; organisations are spread over them and their 2008 predecessors.
    pub provinces: Vec<String>,
    pub htx: usize,
    pub tht: usize,
    pub lhhtx: usize,
    pub farms: usize,
    pub enterprises: usize,
    pub household_businesses: usize,
}

impl Scale {
    /// Thái Nguyên with the former Bắc Kạn: every kind of organisation, about a thousand members.
    pub fn demo_province() -> Scale {
        Scale {
            provinces: vec!["19".into()],
            htx: 45,
            tht: 30,
            lhhtx: 2,
            farms: 10,
            enterprises: 6,
            household_businesses: 6,
        }
    }

    /// The whole country at the size of end-2024: 35,000 HTX, 65,000 THT, 150 LHHTX, 20,000 farms
    /// and about a million members over the 34 provinces.
    pub fn national() -> Scale {
        Scale {
            provinces: Vec::new(),
            htx: 35_000,
            tht: 65_000,
            lhhtx: 150,
            farms: 20_000,
            enterprises: 2_000,
            household_businesses: 2_000,
        }
    }

    pub fn total(&self) -> usize {
        self.htx + self.tht + self.lhhtx + self.farms + self.enterprises + self.household_businesses
    }
}

/// What a load wrote and how long it took.
#[derive(Debug, Clone, Default)]
pub struct LoadReport {
    pub organisations: usize,
    pub members: usize,
    pub statuses: usize,
    pub figures: usize,
    pub seconds: f64,
}

impl LoadReport {
    pub fn rows(&self) -> usize {
        // Sectors are one row per organisation in generated data.
        self.organisations * 2 + self.members + self.statuses + self.figures
    }
}

const FAMILY: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Hà", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý",
    "Ma", "Nông", "Triệu", "Lương", "Đinh", "Lục",
];
const MIDDLE: &[&str] = &[
    "Văn", "Thị", "Đức", "Minh", "Thu", "Hữu", "Ngọc", "Thanh", "Quang", "Kim",
];
const GIVEN: &[&str] = &[
    "An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiền", "Hoa", "Hùng", "Hương", "Khánh",
    "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Thắng", "Tiến",
    "Trang", "Tuấn", "Vân", "Yến",
];
/// Trades that name cooperatives in the region, with their sector.
const TRADES: &[(&str, Sector)] = &[
    ("Chè", Sector::Agriculture),
    ("Nông nghiệp", Sector::Agriculture),
    ("Dịch vụ nông nghiệp", Sector::Agriculture),
    ("Miến dong", Sector::IndustryHandicraft),
    ("Gạo Bao Thai", Sector::Agriculture),
    ("Rau an toàn", Sector::Agriculture),
    ("Dược liệu", Sector::Agriculture),
    ("Nấm", Sector::Agriculture),
    ("Lâm nghiệp", Sector::Agriculture),
    ("Chăn nuôi", Sector::Agriculture),
    ("Thủy sản", Sector::Agriculture),
    ("Mây tre đan", Sector::IndustryHandicraft),
    ("Thương mại dịch vụ", Sector::TradeServices),
    ("Vận tải", Sector::Transport),
    ("Xây dựng", Sector::Construction),
    ("Môi trường", Sector::Environment),
    ("Dịch vụ tổng hợp", Sector::TradeServices),
];

/// Draws names, numbers and dates from a seeded generator.
struct Generator {
    rng: fastrand::Rng,
    today: NaiveDate,
    tax_codes: HashSet<String>,
}

impl Generator {
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.usize(..items.len())]
    }

    fn person_name(&mut self) -> String {
        format!("{} {} {}", self.pick(FAMILY), self.pick(MIDDLE), self.pick(GIVEN))
    }

    fn date_between(&mut self, first: NaiveDate, last: NaiveDate) -> NaiveDate {
        let days = (last - first).num_days().max(0);
        first + Duration::days(self.rng.i64(0..=days))
    }

    fn chance(&mut self, percent: u32) -> bool {
        self.rng.u32(0..100) < percent
    }

    /// A fresh tax code with a valid check digit, starting with `prefix` (four digits).
    fn tax_code(&mut self, prefix: &str) -> String {
        loop {
            let mut digits = [0u8; 9];
            for (slot, c) in digits.iter_mut().zip(prefix.bytes()) {
                *slot = c - b'0';
            }
            for slot in digits.iter_mut().skip(prefix.len()) {
                *slot = self.rng.u8(0..10);
            }
            let Some(check) = TaxCode::check_digit(&digits) else {
                continue;
            };
            let code: String = digits
                .iter()
                .chain([check].iter())
                .map(|d| char::from(b'0' + d))
                .collect();
            if self.tax_codes.insert(code.clone()) {
                return code;
            }
        }
    }
}

fn place_name(commune: &Commune) -> &str {
    ["Xã ", "Phường ", "Thị trấn ", "Đặc khu "]
        .iter()
        .find_map(|prefix| commune.name.strip_prefix(prefix))
        .unwrap_or(&commune.name)
}

/// One generated organisation with everything attached to it.
struct Generated {
    fields: OrganisationFields,
    commune: Commune,
    old_province_code: Option<String>,
    statuses: Vec<(OrgStatus, NaiveDate, Option<String>)>,
    members: Vec<MemberFields>,
    figures: Vec<YearlyFigures>,
}

/// The communes organisations are placed in: 2008-era ones for those founded before the reform,
/// 2025 ones after.
struct Places {
    before: Vec<(Commune, Option<String>)>,
    after: Vec<(Commune, Option<String>)>,
}

async fn places(db: &Db, provinces: &[String]) -> StoreResult<Places> {
    let provinces = if provinces.is_empty() {
        admin_units::provinces(db, Era::Y2025)
            .await?
            .into_iter()
            .map(|p| p.code)
            .collect()
    } else {
        provinces.to_vec()
    };
    let mut places = Places {
        before: Vec::new(),
        after: Vec::new(),
    };
    for code in &provinces {
        for old in admin_units::predecessors(db, code).await? {
            for c in admin_units::communes(db, Era::Y2008, &old.code).await? {
                places.before.push((c, Some(old.code.clone())));
            }
        }
        for c in admin_units::communes(db, Era::Y2025, code).await? {
            let old = admin_units::old_province_of(db, &c).await?;
            places.after.push((c, old));
        }
    }
    if places.before.is_empty() || places.after.is_empty() {
        return Err(StoreError::Config(
            "no communes found for the demo provinces".into(),
        ));
    }
    Ok(places)
}

fn tax_prefix(province: &str) -> String {
    format!("{}{:02}", province, province.parse::<u32>().unwrap_or(0) % 7)
}

fn generate_one(
    gen: &mut Generator,
    kind: OrgKind,
    places: &Places,
    lhhtx_members: &[String],
) -> StoreResult<Generated> {
    let today = gen.today;
    let reform = Era::reform_day();
    let first_day = NaiveDate::from_ymd_opt(1997, 1, 1).unwrap_or(NaiveDate::MIN);
    let founding = if gen.chance(6) && today > reform {
        gen.date_between(reform, today - Duration::days(30))
    } else {
        gen.date_between(first_day, reform - Duration::days(1))
    };
    let pool = if founding < reform {
        &places.before
    } else {
        &places.after
    };
    let (commune, old_province) = pool[gen.rng.usize(..pool.len())].clone();
    let (trade, sector) = *gen.pick(TRADES);
    let place = place_name(&commune).to_owned();
    let name = match kind {
        OrgKind::Htx => format!("HTX {trade} {place}"),
        OrgKind::Tht => format!("THT {trade} thôn {}", gen.rng.u32(1..20)),
        OrgKind::Lhhtx => format!("Liên hiệp HTX {trade} {place}"),
        OrgKind::Farm => format!(
            "Trang trại {} {}",
            gen.pick(&["chăn nuôi", "trồng trọt", "tổng hợp"]),
            gen.person_name()
        ),
        OrgKind::Enterprise => format!("Công ty TNHH {trade} {place}"),
        OrgKind::HouseholdBusiness => format!("Hộ kinh doanh {}", gen.person_name()),
    };
    let prefix = tax_prefix(old_province.as_deref().unwrap_or(&commune.province_code));
    let tax_code = match kind {
        OrgKind::Tht if gen.chance(70) => None,
        OrgKind::Farm | OrgKind::HouseholdBusiness => Some(format!(
            "{:03}{:09}",
            gen.rng.u32(1..97),
            gen.rng.u64(0..1_000_000_000)
        )),
        _ => Some(gen.tax_code(&prefix)),
    };
    let charter_capital: Option<i64> = match kind {
        OrgKind::Htx => Some(gen.rng.i64(5..=300) * 10_000_000),
        OrgKind::Lhhtx => Some(gen.rng.i64(100..=800) * 10_000_000),
        OrgKind::Enterprise => Some(gen.rng.i64(50..=2000) * 10_000_000),
        _ => None,
    };
    let cooperative = matches!(kind, OrgKind::Htx | OrgKind::Lhhtx);
    let input = OrganisationInput {
        kind: kind.as_str().into(),
        name,
        short_name: None,
        tax_code: tax_code.filter(|t| !t.starts_with("000")),
        registration_number: cooperative
            .then(|| format!("{}{:07}", &prefix[..2], gen.rng.u32(0..10_000_000))),
        registration_date: cooperative.then(|| founding.to_string()),
        founding_date: founding.to_string(),
        sectors: vec![sector.as_str().into()],
        address: Some(format!("Thôn {}", gen.rng.u32(1..25))),
        commune_era: Some(commune.era.clone()),
        commune: commune.code.clone(),
        commune_province: None,
        representative_name: Some(gen.person_name()),
        representative_title: Some(
            match kind {
                OrgKind::Htx | OrgKind::Lhhtx => "Giám đốc",
                OrgKind::Tht => "Tổ trưởng",
                OrgKind::Enterprise => "Giám đốc",
                _ => "Chủ hộ",
            }
            .into(),
        ),
        phone: Some(format!("09{:08}", gen.rng.u32(0..100_000_000))),
        email: None,
        website: None,
        is_new_model: cooperative && gen.chance(35),
        is_value_chain: cooperative && gen.chance(18),
        is_on_ecommerce: gen.chance(10),
        charter_capital: charter_capital.map(|c| c.to_string()),
        description: None,
        version: None,
        original: None,
    };
    let fields = input
        .validate(today)
        .map_err(|e| StoreError::Config(format!("generated organisation failed validation: {e}")))?;

    let mut statuses = vec![(OrgStatus::Active, founding, None)];
    if founding < today - Duration::days(800) && gen.chance(12) {
        let date = gen.date_between(founding + Duration::days(365), today - Duration::days(30));
        if gen.chance(50) {
            statuses.push((
                OrgStatus::Suspended,
                date,
                Some("Tạm ngừng do khó khăn về vốn".into()),
            ));
        } else {
            statuses.push((
                OrgStatus::Dissolved,
                date,
                Some("Giải thể theo nghị quyết đại hội thành viên".into()),
            ));
        }
    }

    let mut fields = fields;
    let mut members = generate_members(gen, &fields, lhhtx_members)?;
    // A few records break the membership rules, as registries kept over years do: the registered
    // capital lowered after members contributed, or a group whose members left. The detail page
    // and the API report them; nothing here is refused by a form.
    if fields.kind == OrgKind::Htx && gen.chance(5) {
        fields.charter_capital = fields.charter_capital.map(|c| c / 10 * 3);
    }
    if fields.kind == OrgKind::Tht && gen.chance(5) {
        for m in members.iter_mut().skip(1) {
            m.left_on = m.left_on.or(Some(gen.today));
        }
    }
    let figures = generate_figures(gen, &fields, members.len(), statuses.last().map(|s| s.0));
    Ok(Generated {
        fields,
        commune,
        old_province_code: old_province,
        statuses,
        members,
        figures,
    })
}

fn generate_members(
    gen: &mut Generator,
    org: &OrganisationFields,
    lhhtx_members: &[String],
) -> StoreResult<Vec<MemberFields>> {
    let count = match org.kind {
        OrgKind::Htx => gen.rng.usize(8..=32),
        OrgKind::Tht => gen.rng.usize(2..=7),
        OrgKind::Lhhtx => gen.rng.usize(3..=6),
        _ => return Ok(Vec::new()),
    };
    let context = MemberContext {
        org_kind: org.kind,
        founding_date: org.founding_date,
        charter_capital: org.charter_capital,
        ended_on: None,
    };
    // Capital shares: members of a cooperative hold between a fraction and a quarter of the charter.
    let per_member = org.charter_capital.map(|c| c / count.max(4) as i64);
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let joined = if i < 5 {
            org.founding_date
        } else {
            gen.date_between(org.founding_date, gen.today)
        };
        let (kind, name) = if org.kind == OrgKind::Lhhtx {
            let name = if lhhtx_members.is_empty() {
                format!("HTX thành viên số {}", i + 1)
            } else {
                gen.pick(lhhtx_members).clone()
            };
            ("legal_entity", name)
        } else if gen.chance(6) {
            ("household", format!("Hộ {}", gen.person_name()))
        } else {
            ("person", gen.person_name())
        };
        let born = joined - Duration::days(gen.rng.i64(19 * 365..=65 * 365));
        // "Thị" is a woman's middle name and "Văn" a man's; other names say nothing, and take
        // turns (drawing would change every generated figure after this one).
        let gender = if name.contains(" Thị ") || (!name.contains(" Văn ") && i % 2 == 1) {
            "female"
        } else {
            "male"
        };
        let input = MemberInput {
            kind: kind.into(),
            full_name: name,
            id_number: (kind == "person")
                .then(|| format!("0{:02}{:09}", gen.rng.u32(1..97), gen.rng.u64(0..1_000_000_000))),
            birth_date: (kind == "person").then(|| born.to_string()),
            gender: (kind == "person").then(|| gender.to_owned()),
            phone: None,
            address: None,
            membership: if i < 5 || gen.chance(85) {
                "official"
            } else {
                "associate"
            }
            .into(),
            joined_on: joined.to_string(),
            left_on: (i >= 5 && gen.chance(5)).then(|| gen.today.to_string()),
            capital_contribution: per_member
                .map(|p| (p / 1_000_000 * 1_000_000 * gen.rng.i64(5..=10) / 10).to_string()),
            ..MemberInput::default()
        };
        let fields = input
            .validate(context, gen.today)
            .map_err(|e| StoreError::Config(format!("generated member failed validation: {e}")))?;
        out.push(fields);
    }
    Ok(out)
}

fn generate_figures(
    gen: &mut Generator,
    org: &OrganisationFields,
    members: usize,
    last: Option<OrgStatus>,
) -> Vec<YearlyFigures> {
    if matches!(org.kind, OrgKind::Enterprise | OrgKind::HouseholdBusiness)
        || last.is_some_and(OrgStatus::is_final)
    {
        return Vec::new();
    }
    let year_now = gen.today.year();
    let (low, high) = match org.kind {
        OrgKind::Htx => (500, 20_000),
        OrgKind::Lhhtx => (5_000, 60_000),
        OrgKind::Tht => (50, 800),
        _ => (1_000, 8_000),
    };
    let mut revenue = gen.rng.i64(low..=high) * 1_000_000;
    let mut out = Vec::new();
    for year in (year_now - 3)..year_now {
        if org.founding_date.year() > year {
            continue;
        }
        revenue = revenue * gen.rng.i64(90..=125) / 100;
        let workers = (members as i64 / 2 + gen.rng.i64(1..=10)).max(1);
        let margin = gen.rng.i64(-3..=10);
        let rating = if org.kind == OrgKind::Htx {
            Some(*gen.pick(&["good", "fair", "fair", "average", "weak"]))
        } else {
            None
        };
        let input = YearlyFiguresInput {
            year: Some(year.to_string()),
            members: (members > 0).then(|| members.to_string()),
            regular_workers: Some(workers.to_string()),
            charter_capital: org.charter_capital.map(|c| c.to_string()),
            revenue: Some(revenue.to_string()),
            profit: Some((revenue * margin / 100).to_string()),
            average_income: Some((gen.rng.i64(40..=110) * 1_000_000).to_string()),
            rating: rating.map(str::to_owned),
            source: Some(format!("Báo cáo tài chính năm {year}")),
            version: None,
            original: None,
            unusual_checked: false,
        };
        if let Ok(f) = input.validate(year_now) {
            out.push(f);
        }
    }
    out
}

/// Refuses to load into a database that has organisations already.
async fn ensure_empty(db: &Db) -> StoreResult<i64> {
    let (count, max_id): (i64, Option<i64>) = on_pool!(db, |pool| sqlx::query_as(
        "SELECT COUNT(*), MAX(id) FROM organisations"
    )
    .fetch_one(pool)
    .await)?;
    if count > 0 {
        return Err(StoreError::Config(format!(
            "the database already holds {count} organisations; demo data loads only into an empty registry"
        )));
    }
    Ok(max_id.unwrap_or(0))
}

/// Organisations are written in batches of this many, with their members, in one transaction each.
const CHUNK: usize = 500;

/// Generates and writes a registry of the given scale. `progress` is called after every batch
/// with the organisations written so far.
pub async fn load(
    db: &Db,
    scale: &Scale,
    seed: u64,
    today: NaiveDate,
    now: DateTime<Utc>,
    mut progress: impl FnMut(usize),
) -> StoreResult<LoadReport> {
    let started = Instant::now();
    let mut next_id = ensure_empty(db).await? + 1;
    let places = places(db, &scale.provinces).await?;
    let mut gen = Generator {
        rng: fastrand::Rng::with_seed(seed),
        today,
        tax_codes: HashSet::new(),
    };
    let mut kinds: Vec<OrgKind> = [
        (OrgKind::Htx, scale.htx),
        (OrgKind::Tht, scale.tht),
        (OrgKind::Farm, scale.farms),
        (OrgKind::Enterprise, scale.enterprises),
        (OrgKind::HouseholdBusiness, scale.household_businesses),
        (OrgKind::Lhhtx, scale.lhhtx),
    ]
    .iter()
    .flat_map(|(kind, n)| std::iter::repeat_n(*kind, *n))
    .collect();
    // Unions come last so they can name cooperatives generated before them as members.
    let unions_from = kinds.len() - scale.lhhtx;
    gen.rng.shuffle(&mut kinds[..unions_from]);
    let mut report = LoadReport::default();
    let mut cooperative_names: Vec<String> = Vec::new();
    let mut member_id = 1i64
        + on_pool!(db, |pool| sqlx::query_scalar::<_, Option<i64>>(
            "SELECT MAX(id) FROM members"
        )
        .fetch_one(pool)
        .await)?
        .unwrap_or(0);
    for chunk in kinds.chunks(CHUNK) {
        let mut batch = Vec::with_capacity(chunk.len());
        for kind in chunk {
            let generated = generate_one(&mut gen, *kind, &places, &cooperative_names)?;
            if generated.fields.kind == OrgKind::Htx && cooperative_names.len() < 200 {
                cooperative_names.push(generated.fields.name.clone());
            }
            batch.push(generated);
        }
        write_batch(db, &batch, &mut next_id, &mut member_id, now, &mut report).await?;
        progress(report.organisations);
    }
    if db.backend() == hoptac_core::Backend::Postgres {
        // Ids were given explicitly; move the identity sequences past them.
        on_pool!(db, |pool| {
            for table in ["organisations", "members", "organisation_statuses"] {
                sqlx::query(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
                ))
                .execute(pool)
                .await?;
            }
            Ok::<_, sqlx::Error>(())
        })?;
    }
    db.analyze().await?;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

async fn write_batch(
    db: &Db,
    batch: &[Generated],
    next_id: &mut i64,
    member_id: &mut i64,
    now: DateTime<Utc>,
    report: &mut LoadReport,
) -> StoreResult<()> {
    let mut org_rows = Vec::new();
    let mut sector_rows = Vec::new();
    let mut status_rows = Vec::new();
    let mut member_rows = Vec::new();
    let mut figure_rows = Vec::new();
    for g in batch {
        let id = *next_id;
        *next_id += 1;
        let f = &g.fields;
        let (last_status, since, _) =
            g.statuses
                .last()
                .cloned()
                .unwrap_or((OrgStatus::Active, f.founding_date, None));
        let mut row = vec![Arg::I64(id)];
        row.extend(organisations::field_args(
            f,
            &g.commune,
            g.old_province_code.as_deref(),
        ));
        row.extend([
            Arg::Text(last_status.as_str().into()),
            Arg::Date(since),
            Arg::Time(now),
            Arg::Time(now),
        ]);
        org_rows.push(row);
        sector_rows.extend(organisations::sector_rows(id, &f.sectors));
        for (status, date, reason) in &g.statuses {
            status_rows.push(organisations::status_args(
                id,
                *status,
                *date,
                reason.as_deref(),
                now,
            ));
        }
        for m in &g.members {
            let mut row = vec![Arg::I64(*member_id), Arg::I64(id)];
            row.extend(members::field_args(m));
            row.extend([Arg::Time(now), Arg::Time(now)]);
            member_rows.push(row);
            *member_id += 1;
        }
        for y in &g.figures {
            figure_rows.push(figures::row_args(id, y, now));
        }
    }
    report.organisations += org_rows.len();
    report.members += member_rows.len();
    report.statuses += status_rows.len();
    report.figures += figure_rows.len();
    let org_columns = [
        &["id"][..],
        &organisations::FIELD_COLUMNS,
        &["status", "status_since", "created_at", "updated_at"],
    ]
    .concat();
    let member_columns = [
        &["id", "organisation_id"][..],
        &members::FIELD_COLUMNS,
        &["created_at", "updated_at"],
    ]
    .concat();
    let mut tx = Tx::begin(db).await?;
    tx.insert_many("organisations", &org_columns, &org_rows).await?;
    tx.insert_many(
        "organisation_sectors",
        &organisations::SECTOR_COLUMNS,
        &sector_rows,
    )
    .await?;
    tx.insert_many(
        "organisation_statuses",
        &organisations::STATUS_COLUMNS,
        &status_rows,
    )
    .await?;
    tx.insert_many("members", &member_columns, &member_rows).await?;
    tx.insert_many("yearly_figures", &figures::COLUMNS, &figure_rows)
        .await?;
    organisations::locate_in_2025(&mut tx, None).await?;
    tx.commit().await?;
    Ok(())
}

/// A demo account and what it shows.
pub struct DemoPerson {
    pub username: &'static str,
    pub role: &'static str,
}

/// The demo's people, one per kind of user, all with the same password: an administrator, an
/// alliance officer of Thái Nguyên (who also sees the former Bắc Kạn), a commune officer and the
/// manager of the first demo cooperative still active (a manager of a dissolved one could do little). Their roles are granted through the same gate as any
/// other grant. Call on a database with the demo province loaded and no accounts.
/// The trade of the cooperative the demo manager `giamdoc` runs: tea, whose OCOP product the OCOP
/// demo gives it, so that a manager's whole journey can be walked.
pub const MANAGED_TRADE: &str = "Chè";

/// The demo's maker of a product of `trade` (one of the trades cooperatives are named for, "Chè",
/// "Miến dong"...): the first active HTX of Thái Nguyên named for it, else such a THT, preferring one
/// registered in the former province `old_province` ("19" Thái Nguyên, "06" Bắc Kạn), and leaving
/// out the organisations in `taken`. `None` when the registry holds none.
pub async fn maker(db: &Db, trade: &str, old_province: &str, taken: &[i64]) -> StoreResult<Option<i64>> {
    let candidates: Vec<(i64, String, Option<String>)> = on_pool!(db, |pool| sqlx::query_as(
        "SELECT id, kind, old_province_code FROM organisations \
         WHERE province_code = '19' AND status = 'active' AND (name LIKE $1 OR name LIKE $2) ORDER BY id"
    )
    .bind(format!("HTX {trade} %"))
    .bind(format!("THT {trade} %"))
    .fetch_all(pool)
    .await)?;
    Ok(candidates
        .into_iter()
        .filter(|(id, _, _)| !taken.contains(id))
        .min_by_key(|(id, kind, old)| (kind != "htx", old.as_deref() != Some(old_province), *id))
        .map(|(id, _, _)| id))
}

pub async fn people(db: &Db, password: &str, now: DateTime<Utc>) -> StoreResult<Vec<DemoPerson>> {
    use hoptac_core::access::GrantInput;
    use hoptac_core::audit::Actor;
    use hoptac_core::roles::{self, NewGrant};
    use hoptac_core::users;

    let org_id = maker(db, MANAGED_TRADE, "19", &[]).await?.ok_or_else(|| {
        StoreError::Config(format!(
            "the demo has no active HTX {MANAGED_TRADE} in Thái Nguyên"
        ))
    })?;
    let (commune_code, commune_era): (String, String) = on_pool!(db, |pool| {
        sqlx::query_as(
        "SELECT c.code, c.era FROM organisations o JOIN communes c ON c.id = o.commune_id WHERE o.id = $1"
    )
    .bind(org_id)
    .fetch_one(pool)
    .await
    })?;
    let people = [
        (
            "admin",
            "Quản trị demo",
            None,
            "quản trị hệ thống / system administrator",
        ),
        (
            "lienminh",
            "Cán bộ Liên minh HTX tỉnh",
            Some(GrantInput {
                role: "alliance_officer".into(),
                province: "19".into(),
                ..GrantInput::default()
            }),
            "cán bộ Liên minh HTX tỉnh Thái Nguyên / Thái Nguyên Alliance officer",
        ),
        (
            "canboxa",
            "Cán bộ xã",
            Some(GrantInput {
                role: "commune_officer".into(),
                commune: commune_code,
                commune_era,
                ..GrantInput::default()
            }),
            "cán bộ xã của HTX chè demo / commune officer of the demo tea cooperative",
        ),
        (
            "giamdoc",
            "Giám đốc HTX",
            Some(GrantInput {
                role: "manager".into(),
                organisation_id: Some(org_id.to_string()),
                ..GrantInput::default()
            }),
            "giám đốc HTX chè demo, nơi làm sản phẩm OCOP «Chè búp Tân Cương» / manager of the demo tea cooperative that makes an OCOP tea",
        ),
    ];
    let operator = Actor::system("demo");
    let mut made = Vec::new();
    for (username, name, grant, role) in people {
        users::create(db, username, name, password, grant.is_none(), now).await?;
        if let Some(grant) = grant {
            let new = NewGrant {
                username: username.into(),
                grant,
            };
            roles::grant(&Context::at(db, &operator, now), &new).await?;
        }
        made.push(DemoPerson { username, role });
    }
    Ok(made)
}
