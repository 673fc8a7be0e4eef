//! The demo's market, made through the same repository functions as the pages: the OCOP demo's
//! products listed by the cooperatives that make them (tea in its picking months, oranges from
//! October to January), green tea from a second tea maker of Thái Nguyên and a Ninh Bình rice
//! cooperative offering to the north, a Hà Nội food company buying (account `nguoimua`), and its
//! demands: tea of four stars through half a year (which the Tân Cương tea, its certificate
//! ending within weeks, cannot meet), oranges for Tết that no one cooperative can supply alone,
//! rice, and a demand already met; and a rice contract with two cooperatives, signed and in force,
//! with its first deliveries; the buyer talking with `giamdoc`'s tea cooperative about its green
//! tea demand. Dates are counted from today.

use super::{demands, listings};
use crate::domain::inputs::{DemandInput, ListingInput};
use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use hoptac_core::access::GrantInput;
use hoptac_core::audit::Actor;
use hoptac_core::roles::{self, NewGrant};
use hoptac_core::{on_pool, text, users, Context, Db, StoreError, StoreResult};
use hoptac_ocop::domain::inputs::ProductInput;
use hoptac_registry::domain::organisation::OrganisationInput;

/// What the market demo made.
pub struct MarketDemo {
    pub listings: usize,
    pub demands: usize,
    pub contracts: usize,
    pub programmes: usize,
    pub shops: usize,
    pub fairs: usize,
    /// Conversations between the buyer and cooperatives.
    pub conversations: usize,
}

/// A listing of the demo: the product's name (made by the OCOP demo or here), its months, unit,
/// monthly volume, prices, minimum order and the provinces it delivers to (none: everywhere).
struct DemoListing {
    product: &'static str,
    description: &'static str,
    months: &'static [u32],
    unit: &'static str,
    monthly: i64,
    price: (i64, i64),
    min_order: Option<i64>,
    delivers_to: &'static [&'static str],
    vietgap: bool,
}

const LISTINGS: [DemoListing; 9] = [
    DemoListing {
        product: "Cam sành Bắc Kạn",
        description: "Cam sành quả to, vỏ mỏng, hái khi chín cây; đóng thùng carton 10 kg.",
        months: &[10, 11, 12, 1],
        unit: "kg",
        monthly: 8_000,
        price: (25_000, 35_000),
        min_order: Some(500),
        delivers_to: &[],
        vietgap: true,
    },
    DemoListing {
        product: "Chè búp Tân Cương",
        description: "Chè búp khô sao sấy thủ công, đóng túi hút chân không 200 g và 500 g.",
        months: &[3, 4, 5, 6, 7, 8, 9, 10, 11],
        unit: "kg",
        monthly: 600,
        price: (250_000, 400_000),
        min_order: Some(20),
        delivers_to: &[],
        vietgap: true,
    },
    DemoListing {
        product: "Gạo Bao thai Định Hóa",
        description: "Gạo Bao thai vụ mùa, xay xát trong ngày, bao 25 kg.",
        months: &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        unit: "tonne",
        monthly: 20,
        price: (18_000_000, 22_000_000),
        min_order: Some(1),
        delivers_to: &["01", "24", "25"],
        vietgap: false,
    },
    DemoListing {
        product: "Miến dong Na Rì",
        description: "Miến dong nguyên chất, phơi nắng, gói 500 g.",
        months: &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        unit: "kg",
        monthly: 3_000,
        price: (80_000, 100_000),
        min_order: Some(50),
        delivers_to: &[],
        vietgap: false,
    },
    DemoListing {
        product: "Chè đinh La Bằng",
        description: "Chè đinh hái một tôm, hộp thiếc 100 g.",
        months: &[3, 4, 5, 6, 7, 8, 9, 10],
        unit: "kg",
        monthly: 120,
        price: (1_500_000, 2_500_000),
        min_order: None,
        delivers_to: &[],
        vietgap: true,
    },
    DemoListing {
        product: "Mật ong rừng Võ Nhai",
        description: "Mật ong hoa rừng khai thác tự nhiên, chai 500 ml và 1 lít.",
        months: &[3, 4, 5, 6],
        unit: "litre",
        monthly: 400,
        price: (400_000, 500_000),
        min_order: Some(10),
        delivers_to: &[],
        vietgap: false,
    },
    DemoListing {
        product: "Bánh chưng Bờ Đậu",
        description: "Bánh chưng gói lá dong, nhân đậu xanh thịt lợn, 1 kg một chiếc.",
        months: &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        unit: "piece",
        monthly: 3_000,
        price: (60_000, 80_000),
        min_order: Some(20),
        delivers_to: &["01"],
        vietgap: false,
    },
    DemoListing {
        product: "Chè xanh Trại Cài",
        description: "Chè xanh búp khô, túi 500 g.",
        months: &[3, 4, 5, 6, 7, 8, 9, 10, 11],
        unit: "kg",
        monthly: 400,
        price: (180_000, 260_000),
        min_order: Some(10),
        delivers_to: &[],
        vietgap: false,
    },
    DemoListing {
        product: "Gạo hữu cơ Kim Sơn",
        description: "Gạo hữu cơ trồng trên đất bãi ven biển Kim Sơn, bao 10 kg.",
        months: &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        unit: "tonne",
        monthly: 15,
        price: (24_000_000, 28_000_000),
        min_order: Some(2),
        delivers_to: &[],
        vietgap: true,
    },
];

fn organisation(kind: &str, name: &str, commune: &str, founded: &str, sector: &str) -> OrganisationInput {
    OrganisationInput {
        kind: kind.into(),
        name: name.into(),
        founding_date: founded.into(),
        sectors: vec![sector.into()],
        commune_era: Some("2025".into()),
        commune: commune.into(),
        ..OrganisationInput::default()
    }
}

/// The id of the OCOP product named `name`.
async fn product_named(db: &Db, name: &str) -> StoreResult<Option<i64>> {
    Ok(on_pool!(db, |pool| sqlx::query_scalar(
        "SELECT id FROM ocop_products WHERE name = $1 ORDER BY id LIMIT 1"
    )
    .bind(name)
    .fetch_optional(pool)
    .await)?)
}

/// Loads the market demo into a database holding the demo province and the OCOP demo; makes the
/// buyer's account `nguoimua` with `password`.
pub async fn load(db: &Db, password: &str, today: NaiveDate, now: DateTime<Utc>) -> StoreResult<MarketDemo> {
    let operator = Actor::system("demo");
    let cx = Context::on(db, &operator, today, now);
    let registry = hoptac_registry::store::organisations::create;
    let buyer = registry(
        &cx,
        &OrganisationInput {
            representative_name: Some("Trần Minh Đức".into()),
            representative_title: Some("Giám đốc".into()),
            phone: Some("024 3825 6688".into()),
            ..organisation(
                "enterprise",
                "Công ty Cổ phần Thực phẩm Sạch Thủ Đô",
                "00070",
                "2015-05-12",
                "trade_services",
            )
        },
    )
    .await?;
    let rice_cooperative = registry(
        &cx,
        &organisation(
            "htx",
            "HTX Nông nghiệp hữu cơ Kim Sơn",
            "14638",
            "2019-03-08",
            "agriculture",
        ),
    )
    .await?;
    // A second tea maker of Thái Nguyên, besides the one `giamdoc` runs, with a product not yet
    // rated.
    let second_tea = hoptac_registry::store::demo::maker(db, "Chè", "19", &[tea_maker(db).await?])
        .await?
        .ok_or_else(|| StoreError::Config("the market demo needs a second HTX Chè in Thái Nguyên".into()))?;
    for (organisation_id, name, group) in [
        (second_tea, "Chè xanh Trại Cài", "drinks"),
        (rice_cooperative, "Gạo hữu cơ Kim Sơn", "food"),
    ] {
        let input = ProductInput {
            organisation_id: Some(organisation_id.to_string()),
            name: name.into(),
            product_group: group.into(),
            has_quality_declaration: true,
            ..ProductInput::default()
        };
        hoptac_ocop::store::products::create(&cx, &input).await?;
    }
    let mut listed = 0;
    for listing in &LISTINGS {
        let product = product_named(db, listing.product).await?.ok_or_else(|| {
            StoreError::Config(format!(
                "the market demo lists «{}», which the OCOP demo makes; load it first",
                listing.product
            ))
        })?;
        let input = ListingInput {
            product_id: Some(product.to_string()),
            description: Some(listing.description.into()),
            season: listing.months.iter().map(u32::to_string).collect(),
            unit: listing.unit.into(),
            monthly_volume: Some(listing.monthly.to_string()),
            price_min: Some(listing.price.0.to_string()),
            price_max: Some(listing.price.1.to_string()),
            min_order: listing.min_order.map(|n| n.to_string()),
            delivers_to: listing.delivers_to.iter().map(|c| (*c).to_owned()).collect(),
            vietgap: listing.vietgap,
            // The province's certified products are on the Alliance's e-commerce platform too.
            platform_url: listing.vietgap.then(|| {
                format!(
                    "https://san.lienminhhtx.example.vn/san-pham/{}",
                    text::searchable(listing.product).replace(' ', "-")
                )
            }),
            ..ListingInput::default()
        };
        listings::create(&cx, &input).await?;
        listed += 1;
    }

    users::create(
        db,
        "nguoimua",
        "Phòng thu mua Thực phẩm Sạch Thủ Đô",
        password,
        false,
        now,
    )
    .await?;
    let grant = NewGrant {
        username: "nguoimua".into(),
        grant: GrantInput {
            role: "buyer".into(),
            organisation_id: Some(buyer.to_string()),
            ..GrantInput::default()
        },
    };
    roles::grant(&cx, &grant).await?;

    let month_start = |n: u32| {
        NaiveDate::from_ymd_opt(today.year(), today.month(), 1)
            .and_then(|d| d.checked_add_months(Months::new(n)))
            .unwrap_or(today)
    };
    let last_day = |n: u32| month_start(n).pred_opt().unwrap_or(today);
    // The coming Tết: oranges from the first of next month to the end of the month after.
    let demands_made = [
        DemandInput {
            product: "Chè búp".into(),
            product_group: Some("drinks".into()),
            quantity: Some("1500".into()),
            unit: "kg".into(),
            starts_on: month_start(1).to_string(),
            ends_on: last_day(7).to_string(),
            delivery_province: "01".into(),
            min_stars: Some("4".into()),
            certificate_through_period: true,
            price_ceiling: Some("3000000".into()),
            notes: Some(
                "Giao hàng tháng một lần về kho Long Biên; hàng đóng gói sẵn có tem truy xuất.".into(),
            ),
            ..DemandInput::default()
        },
        DemandInput {
            product: "Cam sành".into(),
            quantity: Some("30".into()),
            unit: "tonne".into(),
            starts_on: month_start(1).to_string(),
            ends_on: last_day(3).to_string(),
            delivery_province: "01".into(),
            price_ceiling: Some("40000000".into()),
            notes: Some("Cam phục vụ dịp Tết, quả đều từ 200 g trở lên.".into()),
            ..DemandInput::default()
        },
        DemandInput {
            product: "Gạo".into(),
            quantity: Some("100".into()),
            unit: "tonne".into(),
            starts_on: month_start(1).to_string(),
            ends_on: last_day(4).to_string(),
            delivery_province: "01".into(),
            price_ceiling: Some("26000000".into()),
            ..DemandInput::default()
        },
        DemandInput {
            product: "Chè xanh".into(),
            quantity: Some("500".into()),
            unit: "kg".into(),
            starts_on: month_start(1).to_string(),
            ends_on: last_day(6).to_string(),
            delivery_province: "01".into(),
            ..DemandInput::default()
        },
    ];
    let mut posted = 0;
    for input in &demands_made {
        let input = DemandInput {
            buyer_id: Some(buyer.to_string()),
            ..input.clone()
        };
        demands::create(&cx, &input).await?;
        posted += 1;
    }
    // Honey bought last season, and marked met.
    let season = today.year() - 1;
    let honey = DemandInput {
        buyer_id: Some(buyer.to_string()),
        product: "Mật ong rừng".into(),
        quantity: Some("800".into()),
        unit: "litre".into(),
        starts_on: format!("{season}-03-01"),
        ends_on: format!("{season}-06-30"),
        delivery_province: "01".into(),
        ..DemandInput::default()
    };
    let earlier = Context::on(
        db,
        &operator,
        NaiveDate::from_ymd_opt(season, 2, 1).unwrap_or(today),
        now,
    );
    let id = demands::create(&earlier, &honey).await?;
    let met = DemandInput {
        state: Some("met".into()),
        ..honey
    };
    demands::update(&cx, id, &met).await?;
    posted += 1;
    let contracts = rice_contract(db, buyer, rice_cooperative, today).await?;
    let promotion = promotion(&cx, buyer, rice_cooperative, second_tea).await?;
    let conversations = green_tea_talk(db, buyer, today, now).await?;
    Ok(MarketDemo {
        conversations,
        listings: listed,
        demands: posted,
        contracts,
        programmes: promotion.0,
        shops: promotion.1,
        fairs: promotion.2,
    })
}

/// Thái Nguyên's trade promotion: its programme with Ninh Bình's alliance, signed ten months ago,
/// with a study visit, a product exchange and the fair below among its activities; a twinning
/// proposed by Cà Mau's alliance awaiting Thái Nguyên's answer (which `lienminh` gives); the
/// province's OCOP shop carrying its certified products and a point of sale the Hà Nội buyer
/// runs; and the province's OCOP fair of two months ago with four cooperatives, their products
/// and sales. Gives (programmes, shops, fairs).
async fn promotion(
    cx: &Context,
    buyer: i64,
    kim_son: i64,
    second_tea: i64,
) -> StoreResult<(usize, usize, usize)> {
    use crate::domain::fairs::{FairInput, ParticipantInput};
    use crate::domain::programmes::{ActivityInput, ProgrammeInput};
    use crate::domain::shops::{ShopInput, ShopProductsInput};
    use crate::store::{fairs, programmes, shops};
    let today = cx.today;
    let ago = |days: i64| (today - chrono::Duration::days(days)).to_string();
    let signed = today - chrono::Duration::days(300);
    let with_ninh_binh = programmes::create(
        cx,
        &ProgrammeInput {
            name: format!(
                "Chương trình phối hợp giữa Liên minh HTX tỉnh Thái Nguyên và Liên minh HTX tỉnh Ninh Bình giai đoạn {}–{}",
                signed.year(),
                signed.year() + 4
            ),
            kind: "cooperation".into(),
            proposer_province: "19".into(),
            partner_province: "37".into(),
            signed_on: Some(signed.to_string()),
            valid_from: signed.to_string(),
            valid_until: Some(format!("{}-12-31", signed.year() + 4)),
            content: Some(
                "Hai bên phối hợp xúc tiến tiêu thụ sản phẩm HTX: đưa chè Thái Nguyên vào hệ thống điểm bán \
                 của Ninh Bình và gạo hữu cơ Kim Sơn ra thị trường Thái Nguyên; tổ chức đoàn HTX tham quan, \
                 học tập mô hình sản xuất theo chuỗi giá trị; mời HTX hai tỉnh tham gia hội chợ của nhau."
                    .into(),
            ),
            ..ProgrammeInput::default()
        },
    )
    .await?;
    let fair_days = (
        today - chrono::Duration::days(62),
        today - chrono::Duration::days(59),
    );
    let activities = [
        (
            "study_visit",
            "Đoàn HTX chè Thái Nguyên tham quan mô hình lúa hữu cơ Kim Sơn",
            ago(240),
            Some(ago(239)),
            "37",
            Some(12),
            None,
            None,
            "Các HTX học cách tổ chức sản xuất hữu cơ theo chuỗi và cấp mã vùng trồng.",
        ),
        (
            "product_exchange",
            "Giới thiệu chè Thái Nguyên tại các điểm bán OCOP Ninh Bình",
            ago(150),
            None,
            "37",
            Some(5),
            Some(180_000_000),
            Some(2),
            "Chè búp Tân Cương và chè xanh Trại Cài được nhận bày bán thường xuyên tại 3 điểm bán.",
        ),
        (
            "fair",
            "HTX Ninh Bình tham gia Hội chợ OCOP Thái Nguyên",
            fair_days.0.to_string(),
            Some(fair_days.1.to_string()),
            "19",
            Some(3),
            Some(24_500_000),
            Some(1),
            "Gạo hữu cơ Kim Sơn ký biên bản ghi nhớ cung ứng cho bếp ăn trường học.",
        ),
    ];
    for (kind, title, held_on, ends_on, province, cooperatives, sales, agreements, results) in activities {
        let number = |n: Option<i64>| n.map(|n| n.to_string());
        let input = ActivityInput {
            kind: kind.into(),
            name: title.into(),
            held_on,
            last_day: ends_on,
            province_code: Some(province.into()),
            results: Some(results.into()),
            cooperatives: number(cooperatives),
            sales: number(sales),
            agreements: number(agreements),
            ..ActivityInput::default()
        };
        programmes::add_activity(cx, with_ninh_binh, &input).await?;
    }
    programmes::create(
        cx,
        &ProgrammeInput {
            name: "Chương trình kết nghĩa giữa Liên minh HTX tỉnh Cà Mau và Liên minh HTX tỉnh Thái Nguyên"
                .into(),
            kind: "twinning".into(),
            proposer_province: "96".into(),
            partner_province: "19".into(),
            valid_from: format!("{}-01-01", today.year() + 1),
            content: Some(
                "Trao đổi sản phẩm tôm, cua, mật ong rừng U Minh với chè, miến dong của Thái Nguyên; \
                 mỗi năm một đoàn HTX sang học tập kinh nghiệm."
                    .into(),
            ),
            ..ProgrammeInput::default()
        },
    )
    .await?;

    let shop = shops::create(
        cx,
        &ShopInput {
            name: "Trung tâm giới thiệu và bán sản phẩm OCOP tỉnh Thái Nguyên".into(),
            kind: "ocop_shop".into(),
            province_code: "19".into(),
            address: "Số 2 đường Hoàng Văn Thụ".into(),
            operator_name: Some("Liên minh Hợp tác xã tỉnh Thái Nguyên".into()),
            phone: Some("0208 3856 789".into()),
            open_since: Some(ago(700)),
            ..ShopInput::default()
        },
    )
    .await?;
    let certified = hoptac_ocop::store::products::list(
        &cx.db,
        &hoptac_ocop::store::products::ProductFilter {
            province: Some("19".into()),
            certified_only: true,
            ..Default::default()
        },
        hoptac_core::Paging::new(Some(1), Some(200)),
        today,
    )
    .await?;
    let carried = ShopProductsInput {
        product_ids: certified.items.iter().map(|p| p.id.to_string()).collect(),
        version: None,
    };
    shops::set_products(cx, shop, &carried).await?;
    let point = shops::create(
        cx,
        &ShopInput {
            name: "Điểm bán đặc sản vùng miền Thực phẩm Sạch Thủ Đô".into(),
            kind: "point_of_sale".into(),
            province_code: "01".into(),
            address: "Tầng 1, số 15 phố Nguyễn Văn Cừ".into(),
            operator_id: Some(buyer.to_string()),
            open_since: Some(ago(400)),
            ..ShopInput::default()
        },
    )
    .await?;
    let mut regional = Vec::new();
    for name in [
        "Chè búp Tân Cương",
        "Gạo Bao thai Định Hóa",
        "Gạo hữu cơ Kim Sơn",
        "Miến dong Na Rì",
    ] {
        if let Some(id) = product_named(&cx.db, name).await? {
            regional.push(id.to_string());
        }
    }
    shops::set_products(
        cx,
        point,
        &ShopProductsInput {
            product_ids: regional,
            version: None,
        },
    )
    .await?;

    let fair = fairs::create(
        cx,
        &FairInput {
            name: format!("Hội chợ sản phẩm OCOP và nông sản tiêu biểu tỉnh Thái Nguyên năm {}", fair_days.0.year()),
            kind: "fair".into(),
            organiser_province: "19".into(),
            organiser: Some("Liên minh HTX tỉnh Thái Nguyên phối hợp với Sở Công Thương".into()),
            venue: Some("Quảng trường 20/8".into()),
            venue_province: "19".into(),
            opening_day: fair_days.0.to_string(),
            closing_day: fair_days.1.to_string(),
            results: Some(
                "120 gian hàng của HTX, doanh nghiệp trong và ngoài tỉnh; khoảng 30.000 lượt khách tham quan, mua sắm."
                    .into(),
            ),
            ..FairInput::default()
        },
    )
    .await?;
    let tea = tea_maker(&cx.db).await?;
    let honey = maker_of(&cx.db, "Mật ong rừng Võ Nhai").await?;
    let parts = [
        (tea, "Chè búp Tân Cương", 2, 85_000_000, 1, 450_000_000),
        (second_tea, "Chè xanh Trại Cài", 1, 32_000_000, 0, 0),
        (kim_son, "Gạo hữu cơ Kim Sơn", 1, 24_500_000, 1, 250_000_000),
        (honey, "Mật ong rừng Võ Nhai", 1, 18_000_000, 0, 0),
    ];
    for (organisation, product, booths, sales, agreements, value) in parts {
        let shown = product_named(&cx.db, product).await?;
        let input = ParticipantInput {
            organisation_id: Some(organisation.to_string()),
            booths: Some(booths.to_string()),
            product_ids: shown.map(|id| id.to_string()).into_iter().collect(),
            sales: Some(sales.to_string()),
            agreements: Some(agreements.to_string()),
            agreement_value: (value > 0).then(|| value.to_string()),
            version: None,
        };
        fairs::put_participant(cx, fair, &input).await?;
    }
    Ok((2, 2, 1))
}

/// The organisation that makes the OCOP product named `name`.
async fn maker_of(db: &Db, name: &str) -> StoreResult<i64> {
    let found: Option<i64> = on_pool!(db, |pool| sqlx::query_scalar(
        "SELECT organisation_id FROM ocop_products WHERE name = $1 ORDER BY id LIMIT 1"
    )
    .bind(name)
    .fetch_optional(pool)
    .await)?;
    found.ok_or_else(|| StoreError::Config(format!("the market demo needs the OCOP product «{name}»")))
}

/// A rice contract between the Hà Nội buyer and two cooperatives, written two months ago, signed by
/// the three, in force since last month, with its first deliveries: 1 contract.
async fn rice_contract(db: &Db, buyer: i64, kim_son: i64, today: NaiveDate) -> StoreResult<usize> {
    use crate::domain::contracts::{DeliveryInput, DueInput, LineInput, TermsInput};
    use crate::store::contracts::{self, ContractInput, StateInput};
    let dinh_hoa = maker_of(db, "Gạo Bao thai Định Hóa").await?;
    let operator = Actor::system("demo");
    let day = |days: i64| today - chrono::Duration::days(days);
    let on = |days: i64| {
        let d = day(days);
        Context::on(
            db,
            &operator,
            d,
            d.and_hms_opt(3, 0, 0).map(|t| t.and_utc()).unwrap_or_default(),
        )
    };
    let starts = day(30);
    let month = |n: u32| starts.checked_add_months(Months::new(n)).unwrap_or(starts);
    let line = |seller: i64, product: &str, quantity: i64, price: i64| LineInput {
        seller_id: Some(seller.to_string()),
        product: product.into(),
        quantity: Some(quantity.to_string()),
        unit: "tonne".into(),
        price: Some(price.to_string()),
    };
    let due = |line: usize, on: NaiveDate, quantity: i64| DueInput {
        line: Some(line.to_string()),
        due_on: on.to_string(),
        quantity: Some(quantity.to_string()),
    };
    let input = ContractInput {
        kind: "contract".into(),
        name: "Liên kết tiêu thụ gạo Định Hóa và Kim Sơn".into(),
        contract_number: Some(format!("12/{}/HĐLK-TPS", day(60).year())),
        buyer_id: Some(buyer.to_string()),
        demand_id: None,
        terms: TermsInput {
            starts_on: starts.to_string(),
            ends_on: month(6).to_string(),
            lines: vec![
                line(dinh_hoa, "Gạo Bao thai Định Hóa", 60, 19_000_000),
                line(kim_son, "Gạo hữu cơ Kim Sơn", 30, 25_000_000),
            ],
            schedule: (0..6)
                .flat_map(|m| [due(1, month(m), 10), due(2, month(m), 5)])
                .collect(),
            price_terms: Some("Giá cố định trong thời hạn hợp đồng; thanh toán chuyển khoản trong 15 ngày sau mỗi lần giao.".into()),
            change_note: None,
        },
    };
    let id = contracts::create(&on(60), &input).await?;
    let proposed = StateInput {
        state: "proposed".into(),
        reason: None,
    };
    contracts::change_state(&on(55), id, &proposed, None).await?;
    for party in [buyer, dinh_hoa, kim_son] {
        contracts::sign(&on(45), id, party, None).await?;
    }
    let in_force = StateInput {
        state: "in_force".into(),
        reason: None,
    };
    contracts::change_state(&on(30), id, &in_force, None).await?;
    for (line, days, quantity) in [(1, 28, 10), (2, 28, 5), (1, 1, 10)] {
        let delivery = DeliveryInput {
            line: Some(line.to_string()),
            delivered_on: day(days).to_string(),
            quantity: Some(quantity.to_string()),
            ..DeliveryInput::default()
        };
        contracts::deliver(&on(days), id, &delivery).await?;
    }
    Ok(1)
}

/// The demo's tea cooperative (the one `giamdoc` runs).
async fn tea_maker(db: &Db) -> StoreResult<i64> {
    hoptac_registry::store::demo::maker(db, hoptac_registry::store::demo::MANAGED_TRADE, "19", &[])
        .await?
        .ok_or_else(|| StoreError::Config("the demo has no HTX Chè in Thái Nguyên".into()))
}

/// The Hà Nội buyer and `giamdoc`'s tea cooperative talking about the green tea demand over the
/// last three days: the buyer asks, the cooperative offers, the buyer asks for samples (each side
/// told of the other's messages, as on the pages). Gives the conversations made.
async fn green_tea_talk(db: &Db, buyer: i64, today: NaiveDate, now: DateTime<Utc>) -> StoreResult<usize> {
    use crate::domain::conversations::{ConversationInput, MessageInput};
    use hoptac_core::access::{Access, Grant, Role, Scope};
    let tea = tea_maker(db).await?;
    let ids: Option<(i64, i64)> = on_pool!(db, |pool| sqlx::query_as(
        "SELECT d.id, l.id FROM market_demands d, market_listings l \
         WHERE d.buyer_id = $1 AND d.product = 'Chè xanh' AND l.organisation_id = $2 ORDER BY l.id LIMIT 1"
    )
    .bind(buyer)
    .bind(tea)
    .fetch_optional(pool)
    .await)?;
    let Some((demand, listing)) = ids else {
        return Ok(0);
    };
    let side = |name: &str, role: Role, organisation: i64| Actor {
        user_id: None,
        name: name.into(),
        address: None,
        access: Access {
            admin: false,
            grants: vec![Grant {
                role,
                scope: Scope::Organisation(organisation),
            }],
        },
    };
    let buyer_side = side("Trần Minh Đức", Role::Buyer, buyer);
    let tea_side = side("Giám đốc HTX", Role::Manager, tea);
    let hours_ago = |h: i64| Context::on(db, &buyer_side, today, now - chrono::Duration::hours(h));
    let id = super::conversations::open(
        &hours_ago(72),
        &ConversationInput {
            listing_id: Some(listing.to_string()),
            demand_id: Some(demand.to_string()),
            message: "Chào anh chị, công ty cần 500 kg chè xanh giao Hà Nội trong sáu tháng tới, \
                      chia theo tháng. HTX có giao được đều hằng tháng không ạ?"
                .into(),
            ..ConversationInput::default()
        },
    )
    .await?;
    let reply = Context::on(db, &tea_side, today, now - chrono::Duration::hours(50));
    super::conversations::send(
        &reply,
        id,
        &MessageInput {
            message: "Chào anh, HTX giao được 100 kg mỗi tháng, đóng túi 500 g có tem truy xuất.\n\
                      Giá theo niêm yết; đơn từ 300 kg HTX chịu phí vận chuyển về Hà Nội."
                .into(),
        },
    )
    .await?;
    super::conversations::send(
        &hours_ago(20),
        id,
        &MessageInput {
            message: "Cảm ơn anh. Anh gửi giúp công ty 2 kg mẫu để kiểm nghiệm trước khi ký hợp đồng nhé."
                .into(),
        },
    )
    .await?;
    Ok(1)
}
