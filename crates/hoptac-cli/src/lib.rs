//! The application's areas, listed once: the `hoptac` command serves them, prepares databases for
//! them, and the tests of the whole application run them.

use hoptac_core::clock::Clock;
use hoptac_core::Db;
use hoptac_registry::store::demo;
use hoptac_web::Area;

/// The demo accounts' password, printed in the README.
pub const DEMO_PASSWORD: &str = "hoptac-demo";

/// Every area of hoptac, in the order of the navigation.
pub fn areas() -> Vec<Area> {
    vec![
        hoptac_registry::web::area(),
        hoptac_ocop::web::area(),
        hoptac_market::web::area(),
        hoptac_trace::web::area(),
        hoptac_reports::web::area(),
        hoptac_import::web::area(),
    ]
}

/// Loads `serve --demo`'s story: the demo province's registry (generated from `seed`) into an empty
/// registry, then, where there are no accounts yet, the demo accounts, the OCOP demo and the former
/// Bắc Kạn's workbooks. Returns what was loaded, a line each, for the log.
pub async fn load_demo(db: &Db, clock: &Clock, seed: u64) -> anyhow::Result<Vec<String>> {
    let mut said = Vec::new();
    let organisations = hoptac_registry::store::organisations::count(db, &Default::default()).await?;
    if organisations == 0 {
        said.push(load_demo_province(db, clock, seed).await?);
    } else {
        said.push(format!(
            "the registry holds {organisations} organisations; the demo province is not generated"
        ));
    }
    if hoptac_core::users::count(db).await? == 0 {
        said.extend(load_demo_story(db, clock).await?);
    } else {
        said.push("accounts exist; the demo accounts, OCOP and imports are not loaded".to_owned());
    }
    Ok(said)
}

/// The demo province's registry (Thái Nguyên with the former Bắc Kạn) generated from `seed`, into
/// an empty registry.
pub async fn load_demo_province(db: &Db, clock: &Clock, seed: u64) -> anyhow::Result<String> {
    let report = demo::load(
        db,
        &demo::Scale::demo_province(),
        seed,
        clock.today(),
        clock.now(),
        |_| {},
    )
    .await
    .map_err(|e| anyhow::anyhow!("cannot load the demo province: {e}"))?;
    Ok(format!(
        "demo province: {} organisations, {} members, {} yearly figures",
        report.organisations, report.members, report.figures
    ))
}

/// What the demo tells on the demo province: the demo accounts (password [`DEMO_PASSWORD`]), the
/// OCOP demo, and the former Bắc Kạn's workbooks imported by `lienminh`.
pub async fn load_demo_story(db: &Db, clock: &Clock) -> anyhow::Result<Vec<String>> {
    let fail =
        |what: &'static str| move |e: hoptac_core::StoreError| anyhow::anyhow!("cannot load {what}: {e}");
    let mut said = Vec::new();
    let people = demo::people(db, DEMO_PASSWORD, clock.now())
        .await
        .map_err(fail("the demo accounts"))?;
    for person in people {
        said.push(format!(
            "demo account {} / {DEMO_PASSWORD}: {}",
            person.username, person.role
        ));
    }
    let ocop = hoptac_ocop::store::demo::load(db, DEMO_PASSWORD, clock.today(), clock.now())
        .await
        .map_err(fail("the OCOP demo"))?;
    said.push(format!(
        "OCOP demo: {} products, {} rounds, {} certificates; council members hoidong1 and hoidong2 / {DEMO_PASSWORD}",
        ocop.products, ocop.rounds, ocop.certificates
    ));
    let market = hoptac_market::store::demo::load(db, DEMO_PASSWORD, clock.today(), clock.now())
        .await
        .map_err(fail("the market demo"))?;
    said.push(format!(
        "market demo: listings {}, demands {}, contracts {}, programmes between provinces {}, shops {}, fairs {}, conversations {}; buyer nguoimua / {DEMO_PASSWORD}",
        market.listings, market.demands, market.contracts, market.programmes, market.shops, market.fairs, market.conversations
    ));
    let trace = hoptac_trace::store::demo::load(db, clock.today(), clock.now())
        .await
        .map_err(fail("the traceability demo"))?;
    said.push(format!(
        "traceability demo: {} events of the Tân Cương tea; its packed lot's page: {}",
        trace.events, trace.lot_path
    ));
    let imports = hoptac_import::demo::load(db, "lienminh", clock.now())
        .await
        .map_err(fail("the import demo"))?;
    said.push(format!(
        "import demo: the former Bắc Kạn's workbook imported by lienminh (imports {imports:?})"
    ));
    Ok(said)
}
