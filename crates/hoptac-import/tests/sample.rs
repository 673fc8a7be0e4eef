//! The registry workbook provinces keep, read end to end: the sample from Bắc Kạn (49 cooperatives in
//! 8 districts, a members sheet of 20) with the problems such files have.
// The sample is part of the test: a helper that cannot read it should stop the test loudly.
#![allow(clippy::expect_used)]

mod common;
use hoptac_core::text::fold;
use hoptac_import::layout::{self, RowKind};
use hoptac_import::plan::Saving;
use hoptac_import::values::{self, Cell, Unit};
use hoptac_import::workbook;

const SAMPLE: &[u8] = hoptac_import::demo::SAMPLE;

fn sheets() -> Vec<workbook::Sheet> {
    workbook::read(SAMPLE.to_vec()).expect("the sample is a workbook")
}

#[test]
fn the_registry_sheet_is_read_as_an_officer_reads_it() {
    let sheets = sheets();
    let names: Vec<(&str, bool)> = sheets.iter().map(|s| (s.name.as_str(), s.visible)).collect();
    assert_eq!(names, vec![("DS HTX 2024", true), ("Thanh vien HTX", true)]);
    let sheet = &sheets[0];
    let layout = layout::read(&sheet.rows).expect("headings found");

    let fields: Vec<(&str, Option<&str>)> = layout
        .columns
        .iter()
        .map(|c| (c.heading.as_str(), c.field))
        .collect();
    assert_eq!(
        fields,
        vec![
            ("STT", Some("seq")),
            ("Tên hợp tác xã", Some("name")),
            ("Mã số thuế", Some("tax_code")),
            ("Ngày thành lập", Some("founding_date")),
            ("Địa chỉ trụ sở / Xã, phường, thị trấn", Some("commune")),
            ("Địa chỉ trụ sở / Huyện, thành phố", Some("district")),
            ("Ngành nghề chính", Some("sector")),
            ("Số thành viên / Tổng số", Some("members")),
            (
                "Số thành viên / Trong đó: thành viên chính thức",
                Some("official_members")
            ),
            ("Lao động thường xuyên", Some("regular_workers")),
            ("Vốn điều lệ (triệu đồng)", Some("charter_capital")),
            ("Kết quả SXKD năm 2024 (triệu đồng) / Doanh thu", Some("revenue")),
            ("Kết quả SXKD năm 2024 (triệu đồng) / Lợi nhuận", Some("profit")),
            ("Xếp loại", Some("rating")),
            ("HTX kiểu mới", Some("is_new_model")),
            ("Ghi chú", Some("notes")),
        ]
    );
    for money in ["charter_capital", "revenue", "profit"] {
        assert_eq!(layout.column(money).unwrap().unit, Unit::Million, "{money}");
    }

    let kinds = |kind: fn(&RowKind) -> bool| layout.count(kind);
    assert_eq!(kinds(|k| *k == RowKind::Title), 6);
    assert_eq!(kinds(|k| *k == RowKind::Heading), 2);
    assert_eq!(kinds(|k| *k == RowKind::ColumnNumbers), 1);
    assert_eq!(kinds(|k| matches!(k, RowKind::Section(_))), 8);
    assert_eq!(kinds(|k| *k == RowKind::Subtotal), 8);
    assert_eq!(kinds(|k| *k == RowKind::Total), 1);
    assert_eq!(kinds(|k| *k == RowKind::Record), 49);
    assert!(kinds(|k| *k == RowKind::Signature) >= 1);
    let records = layout.records();
    let first_district = records.iter().filter(|(_, s)| *s == Some("HUYỆN BA BỂ")).count();
    let city = records
        .iter()
        .filter(|(_, s)| *s == Some("THÀNH PHỐ BẮC KẠN"))
        .count();
    assert_eq!((records.len(), first_district, city), (49, 7, 6));

    // The values as officers typed them.
    let cell = |row: usize, field: &str| {
        let col = layout.column(field).unwrap().index;
        sheet.rows[row].get(col).cloned().unwrap_or(Cell::Empty)
    };
    let (mut as_numbers, mut restored, mut check_digit, mut missing) = (0, 0, 0, 0);
    let mut codes = Vec::new();
    for (row, _) in &records {
        let raw = cell(*row, "tax_code");
        as_numbers += usize::from(matches!(raw, Cell::Number(_)));
        match values::tax_code(&raw) {
            Ok(Some(read)) => {
                restored += usize::from(read.zero_restored);
                codes.push(read.tax_code.as_str().to_owned());
            }
            Ok(None) => missing += 1,
            Err(problem) => {
                assert_eq!(problem.code, "tax_code_check_digit", "row {}", row + 1);
                check_digit += 1;
            }
        }
    }
    codes.sort();
    let shared = codes.windows(2).filter(|pair| pair[0] == pair[1]).count();
    assert_eq!(
        (as_numbers, restored, check_digit, missing, shared),
        (21, 9, 1, 1, 1)
    );

    let decomposed = records
        .iter()
        .filter(|(row, _)| {
            let written = cell(*row, "name").as_text();
            written.chars().any(|c| ('\u{300}'..='\u{36f}').contains(&c))
        })
        .count();
    assert_eq!(decomposed, 7);
    // Every name reads as the registry keeps it, and every date, amount and count reads.
    for (row, _) in &records {
        let name = values::text(&cell(*row, "name")).unwrap().unwrap();
        assert!(!name.starts_with(' ') && !name.contains("  "), "{name}");
        assert!(
            values::date(&cell(*row, "founding_date")).unwrap().is_some(),
            "row {}",
            row + 1
        );
        for money in ["charter_capital", "revenue", "profit"] {
            values::amount(&cell(*row, money), Unit::Million).unwrap();
        }
        for number in ["members", "official_members", "regular_workers"] {
            values::count(&cell(*row, number)).unwrap();
        }
        values::rating(&cell(*row, "rating")).unwrap();
        values::flag(&cell(*row, "is_new_model")).unwrap();
    }
    // Amounts in triệu đồng become đồng: "5.472,0" and 438.2 on the first district's rows.
    let row_of = |seq: f64| {
        records
            .iter()
            .find(|(r, _)| cell(*r, "seq") == Cell::Number(seq))
            .unwrap()
            .0
    };
    assert_eq!(
        values::amount(&cell(row_of(7.0), "revenue"), Unit::Million).unwrap(),
        Some(5_472_000_000)
    );
    assert_eq!(
        values::amount(&cell(row_of(1.0), "profit"), Unit::Million).unwrap(),
        Some(438_200_000)
    );
    // Statuses in the notes.
    let statuses = records
        .iter()
        .filter_map(|(row, _)| values::status_note(&cell(*row, "notes").as_text()))
        .count();
    let noted = records
        .iter()
        .filter(|(row, _)| {
            let note = fold(&cell(*row, "notes").as_text());
            note.contains("tam ngung") || note.contains("giai the")
        })
        .count();
    assert_eq!(statuses, noted);
    assert!(statuses > 0);
}

#[test]
fn the_members_sheet_splits_birth_years_by_sex() {
    let sheets = sheets();
    let sheet = &sheets[1];
    let layout = layout::read(&sheet.rows).expect("headings found");
    let fields: Vec<Option<&str>> = layout.columns.iter().map(|c| c.field).collect();
    assert_eq!(
        fields,
        vec![
            Some("seq"),
            Some("full_name"),
            Some("birth_year_male"),
            Some("birth_year_female"),
            Some("id_number"),
            Some("address"),
            Some("membership"),
            Some("capital_contribution"),
            Some("joined_on"),
        ]
    );
    assert_eq!(layout.column("capital_contribution").unwrap().unit, Unit::Dong);
    let records = layout.records();
    assert_eq!(records.len(), 20);
    let cell = |row: usize, field: &str| {
        let col = layout.column(field).unwrap().index;
        sheet.rows[row].get(col).cloned().unwrap_or(Cell::Empty)
    };
    for (row, _) in &records {
        let male = values::birth_year(&cell(*row, "birth_year_male")).unwrap();
        let female = values::birth_year(&cell(*row, "birth_year_female")).unwrap();
        assert!(male.is_some() != female.is_some(), "row {}", row + 1);
        assert!(values::membership(&cell(*row, "membership")).unwrap().is_some());
        assert!(
            values::amount(&cell(*row, "capital_contribution"), Unit::Dong)
                .unwrap()
                .unwrap()
                >= 1_000_000
        );
        assert!(matches!(
            values::date(&cell(*row, "joined_on")).unwrap(),
            Some(values::DateRead::Day(_))
        ));
    }
}

/// What importing the registry sheet into Thái Nguyên (which the former Bắc Kạn became part of)
/// would do against an empty registry, and against the registry once its records are there.
#[tokio::test]
async fn the_registry_sheet_planned_against_the_registry() {
    use hoptac_core::audit::Actor;
    use hoptac_core::Context;
    use hoptac_import::organisations::{self, Outcome};
    use hoptac_registry::store::organisations as registry;

    let t = common::db().await;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("a day");
    let now = chrono::Utc::now();
    let cx = Context::on(&t.db, &Actor::system("lienminh"), today, now);
    let sheets = sheets();
    let sheet = &sheets[0];
    let layout = layout::read(&sheet.rows).expect("headings found");
    let plan = organisations::plan(&cx, sheet, &layout, "19", &|_, _| {})
        .await
        .expect("a plan");
    assert_eq!(plan.year, Some(2024));
    // 49 records: the one whose tax code fails its check digit, and the second of the two rows
    // that share a tax code, are refused.
    assert_eq!(plan.counts(), counts(47, 0, 0, 2));
    let refused: Vec<(usize, &str, &str)> = plan
        .records
        .iter()
        .flat_map(|r| r.problems.iter())
        .map(|p| (p.row, p.field.as_str(), p.problem.code))
        .collect();
    assert_eq!(refused.len(), 2, "{refused:?}");
    assert!(
        refused.contains(&(24, "tax_code", "duplicate_in_file")),
        "{refused:?}"
    );
    assert!(refused
        .iter()
        .any(|(_, field, code)| *field == "tax_code" && *code == "tax_code_check_digit"));
    let restored = plan
        .records
        .iter()
        .flat_map(|r| r.notes.iter())
        .filter(|n| n.problem.code == "tax_code_zero_restored")
        .count();
    assert_eq!(restored, 9);
    // The preview says which status a row's notes give, before anything is saved.
    let told: Vec<&str> = plan
        .records
        .iter()
        .flat_map(|r| r.notes.iter())
        .map(|n| n.problem.code)
        .filter(|code| code.starts_with("status_note_"))
        .collect();
    assert!(
        told.contains(&"status_note_suspended") && told.contains(&"status_note_dissolved"),
        "{told:?}"
    );
    // Every accepted record found its commune, in the 2008 units (the sheet names districts).
    for record in plan.records.iter().filter(|r| r.outcome == Outcome::New) {
        assert_eq!(
            record.input.commune_era.as_deref(),
            Some("2008"),
            "row {}",
            record.row
        );
        assert!(record.figures.is_some(), "row {}", record.row);
    }
    let an_khang = &plan.records[0];
    assert_eq!(an_khang.input.name, "Hợp tác xã Chăn nuôi An Khang");
    assert_eq!(an_khang.input.charter_capital.as_deref(), Some("1000000000"));
    assert_eq!(an_khang.section.as_deref(), Some("HUYỆN BA BỂ"));
    assert_eq!(
        an_khang.status.map(|(status, _)| status),
        Some(hoptac_core::org::OrgStatus::Suspended)
    );

    // All or nothing: with refused rows, nothing is saved.
    let file = organisations::SourceFile::of("bac-kan-htx-2024.xlsx", SAMPLE);
    let refused = organisations::save(&cx, &plan, &Saving::of(&file, "19"), |_, _| {}).await;
    assert!(
        matches!(refused, Err(organisations::SaveError::Refused(2))),
        "{refused:?}"
    );
    assert_eq!(count(&t.db, "SELECT COUNT(*) FROM organisations").await, 0);
    // The valid rows only: 47 cooperatives, their 2024 figures, the statuses in their notes, one
    // import record listing them, every write on the trail.
    let mut heard = Vec::new();
    let saved = organisations::save(
        &cx,
        &plan,
        &Saving::of(&file, "19").only_valid_rows(),
        |done, all| heard.push((done, all)),
    )
    .await
    .expect("saved");
    assert_eq!(
        (saved.created, saved.changed, saved.unchanged, saved.rejected),
        (47, 0, 0, 2)
    );
    assert_eq!(heard.last(), Some(&(47, 47)));
    assert_eq!(count(&t.db, "SELECT COUNT(*) FROM organisations").await, 47);
    assert_eq!(
        count(&t.db, "SELECT COUNT(*) FROM yearly_figures WHERE year = 2024").await,
        47
    );
    let noted = plan
        .records
        .iter()
        .filter(|r| r.outcome == Outcome::New && r.status.is_some())
        .count() as i64;
    assert_eq!(
        count(
            &t.db,
            "SELECT COUNT(*) FROM organisations WHERE status <> 'active'"
        )
        .await,
        noted
    );
    assert_eq!(
        count(
            &t.db,
            &format!(
                "SELECT COUNT(*) FROM import_records WHERE import_id = {}",
                saved.import_id
            )
        )
        .await,
        47
    );
    assert_eq!(
        count(
            &t.db,
            "SELECT COUNT(*) FROM audit_events WHERE entity = 'organisation' AND action = 'create'"
        )
        .await,
        47
    );
    let an_khang = registry::get(&t.db, 1).await.expect("the first record");
    assert_eq!(an_khang.name, "Hợp tác xã Chăn nuôi An Khang");

    // The same file again changes nothing.
    let again = organisations::plan(&cx, sheet, &layout, "19", &|_, _| {})
        .await
        .expect("a plan");
    assert_eq!(again.counts(), counts(0, 0, 47, 2));
    let nothing =
        organisations::save(&cx, &again, &Saving::of(&file, "19").only_valid_rows(), |_, _| {}).await;
    assert!(
        matches!(nothing, Err(organisations::SaveError::Nothing)),
        "{nothing:?}"
    );
    assert_eq!(count(&t.db, "SELECT COUNT(*) FROM organisations").await, 47);

    // The refused rows download with a column of errors, and read back as the same two rows,
    // refused for the same reasons: the file to correct is one the importer reads.
    let refused_rows: Vec<&dyn hoptac_import::plan::Record> = plan
        .rejected()
        .map(|r| r as &dyn hoptac_import::plan::Record)
        .collect();
    let book = hoptac_import::rejected::workbook(sheet, &layout, &refused_rows, hoptac_core::Lang::Vi)
        .expect("a workbook");
    let back = workbook::read(book).expect("read back");
    let back_layout = layout::read(&back[0].rows).expect("its headings");
    let back_plan = organisations::plan(&cx, &back[0], &back_layout, "19", &|_, _| {})
        .await
        .expect("a plan");
    assert_eq!(back_plan.year, Some(2024));
    let codes = |plan: &organisations::Plan| {
        let mut codes: Vec<(String, &str)> = plan
            .records
            .iter()
            .flat_map(|r| {
                r.problems
                    .iter()
                    .map(move |p| (r.input.name.clone(), p.problem.code))
            })
            .collect();
        codes.sort();
        codes
    };
    // The duplicate's first row is not in the file of refused rows, and its copy is now an
    // organisation of the registry with another name: refused for the tax code held by another.
    let first_codes = codes(&plan);
    let back_codes = codes(&back_plan);
    // The headings written on one row ("Địa chỉ trụ sở / Xã, phường, thị trấn") read as they did on
    // two: every column the sheet was read by is read again.
    let fields = |l: &layout::Layout| l.columns.iter().filter_map(|c| c.field).collect::<Vec<_>>();
    assert_eq!(fields(&back_layout), fields(&layout));
    assert!(
        back_codes.iter().all(|(_, code)| *code != "required"),
        "{back_codes:?}"
    );
    assert_eq!(back_plan.counts().rejected, 1 + usize::from(back_codes.len() > 1));
    assert!(back_codes.contains(
        &first_codes
            .iter()
            .find(|(_, c)| *c == "tax_code_check_digit")
            .cloned()
            .expect("the check digit row")
    ));

    // The members sheet: the cooperative its title names is now in the registry.
    let members_sheet = &sheets[1];
    let members_layout = layout::read(&members_sheet.rows).expect("headings found");
    assert_eq!(
        hoptac_import::members::named_in_title(members_sheet, &members_layout).as_deref(),
        Some("Hợp tác xã Chăn nuôi An Khang")
    );
    let members_plan = hoptac_import::members::plan(&cx, members_sheet, &members_layout, "19", &|_, _| {})
        .await
        .expect("a plan");
    // Bế Thị An, born in 2003, joined in 2020 at 17 at most: a member who is a person is of full
    // age (Law 17/2023/QH15), and the row is refused in the column her year is written in.
    assert_eq!(members_plan.counts(), counts(19, 0, 0, 1));
    let under_age: Vec<(usize, Option<&str>, &str)> = members_plan
        .records
        .iter()
        .flat_map(|r| r.problems.iter())
        .map(|p| (p.row, p.column.as_deref(), p.problem.code))
        .collect();
    assert_eq!(under_age, vec![(5, Some("Năm sinh / Nữ"), "under_age")]);
    let saved = hoptac_import::members::save(
        &cx,
        &members_plan,
        &Saving::of(&file, "19").only_valid_rows(),
        |_, _| {},
    )
    .await
    .expect("saved");
    assert_eq!((saved.created, saved.changed, saved.rejected), (19, 0, 1));
    let listed = hoptac_registry::store::members::list(&t.db, &cx.actor, 1)
        .await
        .expect("the members");
    assert_eq!(listed.len(), 19);
    // Each new member is on the trail, and listed under the import, by its own id.
    let trail = "SELECT COUNT(*) FROM audit_events e JOIN members m ON m.id = CAST(e.entity_id AS BIGINT) \
                 WHERE e.entity = 'member' AND e.action = 'create' AND e.organisation_id = m.organisation_id";
    assert_eq!(count(&t.db, trail).await, 19);
    let listed_under_import = "SELECT COUNT(*) FROM import_records r JOIN members m ON m.id = r.entity_id \
                               WHERE r.entity = 'member' AND r.action = 'create'";
    assert_eq!(count(&t.db, listed_under_import).await, 19);
    let cuong = listed
        .iter()
        .find(|m| m.full_name == "Lý Thị Cường")
        .expect("a woman");
    use hoptac_registry::domain::members::{Gender, Membership};
    assert_eq!(
        (
            cuong.birth_year,
            cuong.gender,
            cuong.membership,
            cuong.capital_contribution
        ),
        (Some(1964), Some(Gender::Female), Membership::Official, 1_000_000)
    );
    assert_eq!(cuong.id_number.as_deref(), Some("036304177234"));
    assert_eq!(cuong.birth_date, None);
    let hung = listed
        .iter()
        .find(|m| m.full_name == "Nông Văn Hùng")
        .expect("a man");
    assert_eq!(
        (hung.birth_year, hung.gender, hung.membership),
        (Some(1998), Some(Gender::Male), Membership::Associate)
    );
    let women = listed.iter().filter(|m| m.gender == Some(Gender::Female)).count();
    assert_eq!(women, 3);
    // Again: nothing changes.
    let again = hoptac_import::members::plan(&cx, members_sheet, &members_layout, "19", &|_, _| {})
        .await
        .expect("a plan");
    assert_eq!(again.counts(), counts(0, 0, 19, 1));
    // One member named by their number on one row and by their identity number on another.
    let cuong_id = cuong.id;
    let csv = format!(
        "STT;Mã hồ sơ tổ chức;Mã thành viên;Họ và tên;Số CCCD;Ngày gia nhập\n\
         1;1;{cuong_id};Lý Thị Cường;;27/04/2021\n\
         2;1;;Lý Thị Cường;036304177234;27/04/2021\n"
    );
    let sheets_twice = workbook::read(csv.into_bytes()).expect("a CSV");
    let twice_layout = layout::read(&sheets_twice[0].rows).expect("its headings");
    let twice = hoptac_import::members::plan(&cx, &sheets_twice[0], &twice_layout, "19", &|_, _| {})
        .await
        .expect("a plan");
    let codes: Vec<(usize, &str, &str)> = twice
        .records
        .iter()
        .flat_map(|r| {
            r.problems
                .iter()
                .map(move |p| (r.row, p.field.as_str(), p.problem.code))
        })
        .collect();
    // Said on the column that made the two rows one person: the identity number.
    assert_eq!(codes, vec![(3, "id_number", "duplicate_in_file")]);
    // A record number and a tax code that name two organisations: the row waits for the officer.
    let mut others = Vec::new();
    for id in 2..=10 {
        if let Ok(org) = registry::get(&t.db, id).await {
            others.extend(org.tax_code.map(|code| (org.name, code)));
        }
    }
    let (other_name, other_code) = others
        .first()
        .expect("another cooperative with a tax code")
        .clone();
    let csv = format!(
        "STT;Mã hồ sơ tổ chức;Mã số thuế;Họ và tên;Ngày gia nhập\n1;1;{other_code};Hoàng Văn Tư;01/03/2022\n"
    );
    let mixed = workbook::read(csv.into_bytes()).expect("a CSV");
    let mixed_layout = layout::read(&mixed[0].rows).expect("its headings");
    let planned = hoptac_import::members::plan(&cx, &mixed[0], &mixed_layout, "19", &|_, _| {})
        .await
        .expect("a plan");
    let problem = &planned.records[0].problems[0].problem;
    assert_eq!(problem.code, "record_and_tax_code_differ", "{problem:?}");
    assert!(problem.args.contains(&("value", other_name)), "{problem:?}");

    // A registration number is its district's: the same one in another province is another
    // organisation, not one to move.
    let ha_noi = hoptac_registry::domain::organisation::OrganisationInput {
        kind: "htx".into(),
        name: "Hợp tác xã Rau sạch Thanh Trì".into(),
        registration_number: Some("0107/HTX-ĐKKD".into()),
        founding_date: "2015-03-02".into(),
        sectors: vec!["agriculture".into()],
        commune_era: Some("2025".into()),
        commune: "00070".into(),
        ..Default::default()
    };
    registry::create(&cx, &ha_noi)
        .await
        .expect("a cooperative of Hà Nội");
    let csv = "STT;Tên hợp tác xã;Số đăng ký;Ngày thành lập;Xã;Huyện\n\
               1;Hợp tác xã Chè Bằng Phúc;0107/HTX-ĐKKD;12/05/2016;Xã Phúc Lộc;Huyện Ba Bể\n";
    let same_number = workbook::read(csv.as_bytes().to_vec()).expect("a CSV");
    let number_layout = layout::read(&same_number[0].rows).expect("its headings");
    let planned = organisations::plan(&cx, &same_number[0], &number_layout, "19", &|_, _| {})
        .await
        .expect("a plan");
    assert_eq!(
        planned.records[0].outcome,
        Outcome::New,
        "{:?}",
        planned.records[0].problems
    );

    // What saving would refuse is refused in the plan: a status in the future, figures of a year
    // before the founding, and one organisation named twice, by its number and by its tax code.
    let future = (cx.today + chrono::Duration::days(30))
        .format("%d/%m/%Y")
        .to_string();
    let csv = format!(
        "STT;Mã hồ sơ;Tên hợp tác xã;Mã số thuế;Ngày thành lập;Xã;Huyện;Số thành viên năm 2024;Ghi chú\n\
         1;;Hợp tác xã Mới Thành Lập;;15/06/2025;Xã Phúc Lộc;Huyện Ba Bể;12;\n\
         2;;Hợp tác xã Sắp Giải Thể;;15/06/2015;Xã Phúc Lộc;Huyện Ba Bể;;Đã giải thể {future}\n\
         3;1;Hợp tác xã Chăn nuôi An Khang;;20/11/2012;Xã Phúc Lộc;Huyện Ba Bể;;\n\
         4;;Hợp tác xã Chăn nuôi An Khang;0429057109;20/11/2012;Xã Phúc Lộc;Huyện Ba Bể;;\n"
    );
    let sheets = workbook::read(csv.into_bytes()).expect("a CSV");
    let odd_layout = layout::read(&sheets[0].rows).expect("its headings");
    let odd = organisations::plan(&cx, &sheets[0], &odd_layout, "19", &|_, _| {})
        .await
        .expect("a plan");
    let refused: Vec<(usize, &str)> = odd
        .records
        .iter()
        .flat_map(|r| r.problems.iter().map(move |p| (r.row, p.problem.code)))
        .collect();
    assert_eq!(
        refused,
        vec![
            (2, "figures_before_founding"),
            (3, "in_future"),
            (5, "duplicate_in_file")
        ]
    );

    // A row giving its organisation a tax code another organisation holds is refused in the plan,
    // as the save would refuse it, so that the valid rows can still be saved.
    let held: String = hoptac_core::on_pool!(&t.db, |pool| sqlx::query_scalar(
        "SELECT tax_code FROM organisations WHERE tax_code IS NOT NULL AND id <> 1 ORDER BY id LIMIT 1"
    )
    .fetch_one(pool)
    .await)
    .expect("another organisation's tax code");
    let csv = format!(
        "STT;Mã hồ sơ;Tên hợp tác xã;Mã số thuế;Ngày thành lập;Xã;Huyện\n\
         1;1;Hợp tác xã Chăn nuôi An Khang;{held};20/11/2012;Xã Phúc Lộc;Huyện Ba Bể\n"
    );
    let taken = workbook::read(csv.into_bytes()).expect("a CSV");
    let taken_layout = layout::read(&taken[0].rows).expect("its headings");
    let planned = organisations::plan(&cx, &taken[0], &taken_layout, "19", &|_, _| {})
        .await
        .expect("a plan");
    let refused: Vec<(usize, &str)> = planned
        .records
        .iter()
        .flat_map(|r| r.problems.iter().map(move |p| (r.row, p.problem.code)))
        .collect();
    assert_eq!(refused, vec![(2, "duplicate_tax_code")]);

    // A row of an organisation the registry holds may leave its founding date and commune empty,
    // as any field: the record keeps its own. A new organisation may not.
    let csv = "STT;Mã hồ sơ;Tên hợp tác xã;Ngày thành lập;Xã;Huyện\n\
               1;1;Hợp tác xã Chăn nuôi An Khang;;;\n\
               2;;Hợp tác xã Chưa Có Ngày;;Xã Phúc Lộc;Huyện Ba Bể\n";
    let sparse = workbook::read(csv.as_bytes().to_vec()).expect("a CSV");
    let sparse_layout = layout::read(&sparse[0].rows).expect("its headings");
    let planned = organisations::plan(&cx, &sparse[0], &sparse_layout, "19", &|_, _| {})
        .await
        .expect("a plan");
    let read: Vec<(&Outcome, Vec<&str>)> = planned
        .records
        .iter()
        .map(|r| (&r.outcome, r.problems.iter().map(|p| p.problem.code).collect()))
        .collect();
    assert_eq!(
        read,
        vec![
            (&Outcome::Unchanged { id: 1 }, vec![]),
            (&Outcome::Rejected, vec!["required"])
        ]
    );

    // A new organisation whose notes say what became of it is saved with that history: active
    // from its founding, dissolved from the day the notes give, both on the trail.
    let csv = "STT;Tên hợp tác xã;Ngày thành lập;Xã;Huyện;Ghi chú\n\
               1;Hợp tác xã Đã Giải Thể;15/06/2015;Xã Phúc Lộc;Huyện Ba Bể;Đã giải thể 10/03/2023\n";
    let dissolved = workbook::read(csv.as_bytes().to_vec()).expect("a CSV");
    let dissolved_layout = layout::read(&dissolved[0].rows).expect("its headings");
    let planned = organisations::plan(&cx, &dissolved[0], &dissolved_layout, "19", &|_, _| {})
        .await
        .expect("a plan");
    let file = organisations::SourceFile::of("giai-the.csv", csv.as_bytes());
    organisations::save(&cx, &planned, &Saving::of(&file, "19"), |_, _| {})
        .await
        .expect("saved");
    let id: i64 = hoptac_core::on_pool!(&t.db, |pool| sqlx::query_scalar(
        "SELECT id FROM organisations WHERE name = 'Hợp tác xã Đã Giải Thể'"
    )
    .fetch_one(pool)
    .await)
    .expect("the new record");
    let saved = registry::get(&t.db, id).await.expect("its record");
    assert_eq!(
        (saved.status.as_str(), saved.status_since.to_string()),
        ("dissolved", "2023-03-10".to_owned())
    );
    let history = registry::status_history(&t.db, id).await.expect("its history");
    let history: Vec<(&str, String)> = history
        .iter()
        .map(|h| (h.status.as_str(), h.effective_date.to_string()))
        .collect();
    assert_eq!(
        history,
        vec![
            ("active", "2015-06-15".to_owned()),
            ("dissolved", "2023-03-10".to_owned())
        ]
    );
    let trail = count(
        &t.db,
        &format!(
            "SELECT COUNT(*) FROM audit_events WHERE entity_id = '{id}' AND action IN ('create', 'status')"
        ),
    )
    .await;
    assert_eq!(trail, 2);
    t.cleanup().await;
}

/// A count the database gives.
async fn count(db: &hoptac_core::Db, sql: &str) -> i64 {
    hoptac_core::on_pool!(db, |pool| sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await)
        .expect("a count")
}

/// A plan's counts: new, changed, unchanged, rejected.
fn counts(new: usize, changed: usize, unchanged: usize, rejected: usize) -> hoptac_import::plan::Counts {
    hoptac_import::plan::Counts {
        new,
        changed,
        unchanged,
        rejected,
    }
}

/// Two imports of one file made at once (two tabs, the command line beside the pages): each plan
/// finds the groups and members new, but only the first save writes them; the second, read again
/// inside its transaction, finds them there and saves nothing.
#[tokio::test]
async fn an_import_outrun_by_another_saves_nothing() {
    use hoptac_core::audit::Actor;
    use hoptac_core::Context;
    use hoptac_import::plan::{SaveError, SourceFile};
    use hoptac_import::sheets::{self, SheetPlan};

    let t = common::db().await;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("a day");
    let cx = Context::on(&t.db, &Actor::system("lienminh"), today, chrono::Utc::now());
    // Groups without a tax code, then members of the first of them, known by their name only.
    let groups = "STT;Tên tổ hợp tác;Ngày thành lập;Xã;Huyện\n\
                  1;THT Mây tre đan thôn Nà Đông;15/06/2019;Xã Phúc Lộc;Huyện Ba Bể\n\
                  2;THT Chăn nuôi thôn Bản Vàng;20/03/2020;Xã Phúc Lộc;Huyện Ba Bể\n";
    let members = "STT;Tên tổ chức;Họ và tên;Năm sinh / Nữ;Ngày gia nhập\n\
                   1;THT Mây tre đan thôn Nà Đông;Hoàng Thị Mai;1980;15/06/2019\n";
    for (text, count_sql) in [
        (groups, "SELECT COUNT(*) FROM organisations"),
        (members, "SELECT COUNT(*) FROM members"),
    ] {
        let read = workbook::read(text.as_bytes().to_vec()).expect("a CSV");
        let found = sheets::importable(&read);
        let importable = &found[0];
        let file = SourceFile::of("cung-luc.csv", text.as_bytes());
        let saving = Saving {
            sheet: Some(importable),
            ..Saving::of(&file, "19")
        };
        let first = SheetPlan::of(&cx, importable, "19").await.expect("a plan");
        let second = SheetPlan::of(&cx, importable, "19").await.expect("a plan");
        assert_eq!(first.digest(), second.digest());
        first
            .save(&cx, &saving, |_, _| {})
            .await
            .expect("the first saves");
        let before = count(&t.db, count_sql).await;
        let outrun = second.save(&cx, &saving, |_, _| {}).await;
        assert!(matches!(outrun, Err(SaveError::Outrun)), "{outrun:?}");
        assert_eq!(count(&t.db, count_sql).await, before);
    }
    t.cleanup().await;
}

/// A commune not found is named with the nearest communes when there are some, and alone when
/// there are none (not "nearest: —").
#[tokio::test]
async fn an_unknown_commune_is_said_with_what_is_near_or_alone() {
    let t = common::db().await;
    let communes = hoptac_import::places::CommuneIndex::load(&t.db, "19")
        .await
        .expect("Thái Nguyên's communes");
    let code = |written: &str| {
        communes
            .find(written, None)
            .map(|_| "found")
            .unwrap_or_else(|p| p.code)
    };
    assert_eq!(code("Xã Zzyzx"), "unknown_commune");
    assert_eq!(code("Xã Phúc Lộc Mới"), "unknown_commune_near");
    assert_eq!(code("Xã Phúc Lộc"), "found");
}
