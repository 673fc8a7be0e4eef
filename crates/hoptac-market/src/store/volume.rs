//! The market at the country's scale, for measuring the catalogue and matching against the
//! national registry demo (`hoptac demo --scale national`): every OCOP product of the volume demo
//! listed by its maker, and a product of its own listed by enough other cooperatives and groups to
//! pass 100,000 listings; 20,000 buyers' demands for the same kinds of goods; a cooperation
//! programme between neighbouring provinces, shops and yearly fairs in each province. Written in
//! bulk, as the registry's and the OCOP programme's national demos are.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use hoptac_core::sql::Tx;
use hoptac_core::text;
use hoptac_core::{on_pool, Arg, Db, StoreResult};

/// What was written.
#[derive(Debug, Default)]
pub struct MarketVolume {
    pub products: usize,
    pub listings: usize,
    pub demands: usize,
    pub programmes: usize,
    pub shops: usize,
    pub fairs: usize,
}

/// The kinds of goods cooperatives sell: the words of a product's name, its OCOP group, its unit,
/// what a month of supply is (from, to) in that unit and the price range per unit in đồng.
struct Goods {
    name: &'static str,
    group: &'static str,
    unit: &'static str,
    monthly: (i64, i64),
    price: (i64, i64),
}

const GOODS: [Goods; 12] = [
    Goods {
        name: "Gạo",
        group: "food",
        unit: "tonne",
        monthly: (5, 60),
        price: (15_000_000, 30_000_000),
    },
    Goods {
        name: "Chè búp",
        group: "drinks",
        unit: "kg",
        monthly: (100, 2_000),
        price: (150_000, 600_000),
    },
    Goods {
        name: "Cam sành",
        group: "food",
        unit: "kg",
        monthly: (1_000, 20_000),
        price: (15_000, 40_000),
    },
    Goods {
        name: "Bưởi",
        group: "food",
        unit: "piece",
        monthly: (500, 10_000),
        price: (30_000, 80_000),
    },
    Goods {
        name: "Mật ong",
        group: "food",
        unit: "litre",
        monthly: (50, 800),
        price: (250_000, 600_000),
    },
    Goods {
        name: "Miến dong",
        group: "food",
        unit: "kg",
        monthly: (300, 5_000),
        price: (60_000, 120_000),
    },
    Goods {
        name: "Cà phê",
        group: "drinks",
        unit: "kg",
        monthly: (200, 5_000),
        price: (120_000, 300_000),
    },
    Goods {
        name: "Nước mắm",
        group: "food",
        unit: "bottle",
        monthly: (1_000, 20_000),
        price: (40_000, 150_000),
    },
    Goods {
        name: "Tôm khô",
        group: "food",
        unit: "kg",
        monthly: (50, 1_000),
        price: (600_000, 1_500_000),
    },
    Goods {
        name: "Cao dược liệu",
        group: "herbs",
        unit: "box",
        monthly: (100, 3_000),
        price: (100_000, 500_000),
    },
    Goods {
        name: "Rau an toàn",
        group: "food",
        unit: "kg",
        monthly: (2_000, 30_000),
        price: (10_000, 30_000),
    },
    Goods {
        name: "Nấm",
        group: "food",
        unit: "kg",
        monthly: (200, 5_000),
        price: (40_000, 200_000),
    },
];

/// The goods a product's name tells, by its first words.
fn goods_of(name: &str) -> usize {
    GOODS.iter().position(|g| name.starts_with(g.name)).unwrap_or(0)
}

/// Months in season: a run of three to twelve months from a random start.
fn season(rng: &mut fastrand::Rng) -> i64 {
    let length = rng.u32(3..=12);
    let start = rng.u32(0..12);
    (0..length).fold(0i64, |mask, k| mask | 1 << ((start + k) % 12))
}

/// The first id a bulk write of `table` may use.
async fn first_id(db: &Db, table: &str) -> StoreResult<i64> {
    let sql = format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {table}");
    Ok(on_pool!(db, |pool| sqlx::query_scalar::<_, i64>(&sql)
        .fetch_one(pool)
        .await)?)
}

/// Writes the market of a database holding the national registry and OCOP demos.
pub async fn load(db: &Db, seed: u64, today: NaiveDate, now: DateTime<Utc>) -> StoreResult<MarketVolume> {
    let mut rng = fastrand::Rng::with_seed(seed ^ 0x6d61726b6574);
    let products: Vec<(i64, i64, String)> = on_pool!(db, |pool| sqlx::query_as(
        "SELECT p.id, p.organisation_id, p.name FROM ocop_products p ORDER BY p.id"
    )
    .fetch_all(pool)
    .await)?;
    let makers: Vec<(i64, String)> = on_pool!(db, |pool| sqlx::query_as(
        "SELECT id, province_code FROM organisations WHERE kind IN ('htx', 'tht') \
         AND id NOT IN (SELECT organisation_id FROM ocop_products) ORDER BY id"
    )
    .fetch_all(pool)
    .await)?;
    let buyers: Vec<(i64,)> = on_pool!(db, |pool| sqlx::query_as(
        "SELECT id FROM organisations WHERE kind IN ('enterprise', 'htx', 'lhhtx') ORDER BY id"
    )
    .fetch_all(pool)
    .await)?;
    let provinces: Vec<(String,)> = on_pool!(db, |pool| sqlx::query_as(
        "SELECT code FROM provinces WHERE era = '2025' ORDER BY code"
    )
    .fetch_all(pool)
    .await)?;
    let provinces: Vec<String> = provinces.into_iter().map(|(code,)| code).collect();
    let (mut product_id, mut listing_id) = (
        first_id(db, "ocop_products").await?,
        first_id(db, "market_listings").await?,
    );

    // Products of their own for makers with none in the OCOP records, enough to pass 100,000
    // listings with the OCOP products.
    let wanted = 100_500usize.saturating_sub(products.len()).min(makers.len());
    let mut new_products = Vec::new();
    let mut offered: Vec<(i64, i64, usize)> = products
        .iter()
        .map(|(id, organisation, name)| (*id, *organisation, goods_of(name)))
        .collect();
    for (organisation, _) in makers.iter().take(wanted) {
        let kind = rng.usize(0..GOODS.len());
        let name = format!("{} {}", GOODS[kind].name, product_id);
        new_products.push(vec![
            Arg::I64(product_id),
            Arg::I64(*organisation),
            Arg::Text(name.clone()),
            Arg::Text(text::searchable(&name)),
            Arg::Text(text::name_key(&name)),
            Arg::Text(GOODS[kind].group.into()),
            Arg::Bool(rng.u32(0..2) == 0),
            Arg::OptText(None),
            Arg::Bool(rng.u32(0..5) == 0),
            Arg::Bool(rng.u32(0..6) == 0),
            Arg::Time(now),
            Arg::Time(now),
        ]);
        offered.push((product_id, *organisation, kind));
        product_id += 1;
    }

    let mut listings = Vec::new();
    let mut listing_provinces = Vec::new();
    for (product, organisation, kind) in &offered {
        let goods = &GOODS[*kind];
        let monthly = rng.i64(goods.monthly.0..=goods.monthly.1);
        let low = rng.i64(goods.price.0..=goods.price.1);
        let high = (low + low / 5 * i64::from(rng.u32(0..3))).min(goods.price.1.max(low));
        let nationwide = rng.u32(0..10) < 7;
        if !nationwide {
            for _ in 0..rng.usize(1..=3) {
                let code = &provinces[rng.usize(0..provinces.len())];
                listing_provinces.push((listing_id, code.clone()));
            }
        }
        let state = match rng.u32(0..100) {
            0..=89 => "active",
            90..=96 => "paused",
            _ => "closed",
        };
        let description = format!("{} loại một, giao hàng tận nơi", goods.name);
        listings.push(vec![
            Arg::I64(listing_id),
            Arg::I64(*product),
            Arg::I64(*organisation),
            Arg::OptText(Some(description.clone())),
            Arg::Text(text::searchable(&description)),
            Arg::I64(season(&mut rng)),
            Arg::Text(goods.unit.into()),
            Arg::I64(monthly),
            Arg::I64(low),
            Arg::I64(high),
            Arg::OptI64((rng.u32(0..2) == 0).then(|| (monthly / 10).max(1))),
            Arg::Bool(nationwide),
            Arg::Bool(rng.u32(0..10) < 3),
            Arg::Bool(rng.u32(0..20) == 0),
            Arg::Text(state.into()),
            Arg::Time(now),
            Arg::Time(now),
        ]);
        listing_id += 1;
    }
    listing_provinces.sort();
    listing_provinces.dedup();

    let mut demands = Vec::new();
    for _ in 0..20_000 {
        let goods = &GOODS[rng.usize(0..GOODS.len())];
        let (buyer,) = buyers[rng.usize(0..buyers.len())];
        let starts = today + Duration::days(rng.i64(-30..90));
        let ends = starts + Duration::days(rng.i64(30..=365));
        let months = (ends - starts).num_days() / 30 + 1;
        let quantity = rng.i64(goods.monthly.0..=goods.monthly.1) * months * i64::from(rng.u32(1..=4));
        let state = match rng.u32(0..100) {
            0..=84 => "open",
            85..=94 => "met",
            _ => "withdrawn",
        };
        demands.push(vec![
            Arg::I64(buyer),
            Arg::Text(goods.name.into()),
            Arg::Text(text::searchable(goods.name)),
            Arg::OptText((rng.u32(0..2) == 0).then(|| goods.group.to_owned())),
            Arg::I64(quantity),
            Arg::Text(goods.unit.into()),
            Arg::Date(starts),
            Arg::Date(ends),
            Arg::Text(provinces[rng.usize(0..provinces.len())].clone()),
            Arg::OptI32((rng.u32(0..5) == 0).then(|| rng.i32(3..=4))),
            Arg::Bool(false),
            Arg::Bool(rng.u32(0..10) < 2),
            Arg::Bool(false),
            Arg::OptI64((rng.u32(0..2) == 0).then_some(goods.price.1)),
            Arg::Text(state.into()),
            Arg::Time(now),
            Arg::Time(now),
        ]);
    }

    // Each province in a programme with the next one, a shop, and a fair a year since 2022.
    let mut programmes = Vec::new();
    let mut shops = Vec::new();
    let mut fairs = Vec::new();
    for (n, code) in provinces.iter().enumerate() {
        let partner = &provinces[(n + 1) % provinces.len()];
        let signed = NaiveDate::from_ymd_opt(2023, 1 + (n % 12) as u32, 15).unwrap_or(today);
        let name = format!("Chương trình phối hợp giữa Liên minh HTX tỉnh {code} và tỉnh {partner}");
        programmes.push(vec![
            Arg::Text(name.clone()),
            Arg::Text(text::searchable(&name)),
            Arg::Text("cooperation".into()),
            Arg::Text(code.clone()),
            Arg::Text(partner.clone()),
            Arg::Text("signed".into()),
            Arg::OptDate(Some(signed)),
            Arg::Date(signed),
            Arg::OptDate(NaiveDate::from_ymd_opt(2027, 12, 31)),
            Arg::Time(now),
            Arg::Time(now),
        ]);
        let shop = format!("Cửa hàng giới thiệu và bán sản phẩm OCOP tỉnh {code}");
        shops.push(vec![
            Arg::Text(shop.clone()),
            Arg::Text(text::searchable(&shop)),
            Arg::Text("ocop_shop".into()),
            Arg::Text(code.clone()),
            Arg::Text("Trung tâm tỉnh".into()),
            Arg::OptText(Some("Liên minh Hợp tác xã tỉnh".into())),
            Arg::Text("operating".into()),
            Arg::Time(now),
            Arg::Time(now),
        ]);
        for year in 2022..=today.year() {
            let Some(opening) = NaiveDate::from_ymd_opt(year, 10, 1 + (n % 20) as u32) else {
                continue;
            };
            if opening > today {
                continue;
            }
            let fair = format!("Hội chợ OCOP tỉnh {code} năm {year}");
            fairs.push(vec![
                Arg::Text(fair.clone()),
                Arg::Text(text::searchable(&fair)),
                Arg::Text("fair".into()),
                Arg::Text(code.clone()),
                Arg::Text(code.clone()),
                Arg::Date(opening),
                Arg::Date(opening + Duration::days(4)),
                Arg::Time(now),
                Arg::Time(now),
            ]);
        }
    }

    let volume = MarketVolume {
        products: new_products.len(),
        listings: listings.len(),
        demands: demands.len(),
        programmes: programmes.len(),
        shops: shops.len(),
        fairs: fairs.len(),
    };
    let mut tx = Tx::begin(db).await?;
    tx.insert_many(
        "ocop_products",
        &hoptac_ocop::store::volume::PRODUCT_COLUMNS,
        &new_products,
    )
    .await?;
    let listing_columns = [
        "id",
        "product_id",
        "organisation_id",
        "description",
        "search_text",
        "season_mask",
        "unit",
        "monthly_volume",
        "price_min",
        "price_max",
        "min_order",
        "delivers_nationwide",
        "vietgap",
        "organic",
        "state",
        "created_at",
        "updated_at",
    ];
    tx.insert_many("market_listings", &listing_columns, &listings)
        .await?;
    let rows: Vec<Vec<Arg>> = listing_provinces
        .into_iter()
        .map(|(listing, code)| vec![Arg::I64(listing), Arg::Text(code)])
        .collect();
    tx.insert_many(
        "market_listing_provinces",
        &["listing_id", "province_code"],
        &rows,
    )
    .await?;
    let demand_columns = [
        "buyer_id",
        "product",
        "search_text",
        "product_group",
        "quantity",
        "unit",
        "starts_on",
        "ends_on",
        "delivery_province",
        "min_stars",
        "certificate_through_period",
        "vietgap",
        "organic",
        "price_ceiling",
        "state",
        "created_at",
        "updated_at",
    ];
    tx.insert_many("market_demands", &demand_columns, &demands)
        .await?;
    let programme_columns = [
        "name",
        "search_text",
        "kind",
        "proposer_province",
        "partner_province",
        "state",
        "signed_on",
        "valid_from",
        "valid_until",
        "created_at",
        "updated_at",
    ];
    tx.insert_many("market_programmes", &programme_columns, &programmes)
        .await?;
    let shop_columns = [
        "name",
        "search_text",
        "kind",
        "province_code",
        "address",
        "operator_name",
        "state",
        "created_at",
        "updated_at",
    ];
    tx.insert_many("market_shops", &shop_columns, &shops).await?;
    let fair_columns = [
        "name",
        "search_text",
        "kind",
        "organiser_province",
        "venue_province",
        "opening_day",
        "closing_day",
        "created_at",
        "updated_at",
    ];
    tx.insert_many("market_fairs", &fair_columns, &fairs).await?;
    tx.commit().await?;
    Ok(volume)
}
