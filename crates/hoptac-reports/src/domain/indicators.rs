//! The catalogue of what the provincial reports count, defined once: each indicator's code, its
//! names, its unit, how it is measured over a period and what records it is computed from. The
//! store computes every indicator from these definitions; pages, exports and the narrative read
//! the names and units from here.

use hoptac_core::i18n::Lang;
use hoptac_core::numbers::Fixed;
use hoptac_core::vocabulary;
use hoptac_core::word;

vocabulary! {
    /// Something a report counts.
    Indicator {
        ThtActive = "tht_active";
        ThtMembers = "tht_members";
        ThtFounded = "tht_founded";
        ThtDissolved = "tht_dissolved";
        HtxActive = "htx_active";
        HtxMembers = "htx_members";
        HtxFounded = "htx_founded";
        HtxDissolved = "htx_dissolved";
        LhhtxActive = "lhhtx_active";
        LhhtxMembers = "lhhtx_members";
        LhhtxFounded = "lhhtx_founded";
        LhhtxDissolved = "lhhtx_dissolved";
        ThtMembersReported = "tht_members_reported";
        HtxMembersReported = "htx_members_reported";
        LhhtxMembersReported = "lhhtx_members_reported";
        ThtWithoutMembers = "tht_without_members";
        HtxWithoutMembers = "htx_without_members";
        LhhtxWithoutMembers = "lhhtx_without_members";
        HtxNewModel = "htx_new_model";
        HtxValueChain = "htx_value_chain";
        OnEcommerce = "on_ecommerce";
        CoopsActive = "coops_active";
        CoopsAgriculture = "coops_agriculture";
        CoopsIndustryHandicraft = "coops_industry_handicraft";
        CoopsTradeServices = "coops_trade_services";
        CoopsTransport = "coops_transport";
        CoopsConstruction = "coops_construction";
        CoopsCredit = "coops_credit";
        CoopsEnvironment = "coops_environment";
        CoopsOther = "coops_other";
        Workers = "workers";
        ThtWorkers = "tht_workers";
        HtxWorkers = "htx_workers";
        LhhtxWorkers = "lhhtx_workers";
        CoopsReporting = "coops_reporting";
        Revenue = "revenue";
        RevenuePerCoop = "revenue_per_coop";
        CoopsReportingProfit = "coops_reporting_profit";
        Profit = "profit";
        ProfitPerCoop = "profit_per_coop";
        ThtRevenue = "tht_revenue";
        ThtReportingProfit = "tht_reporting_profit";
        ThtProfit = "tht_profit";
        ThtProfitPerTht = "tht_profit_per_tht";
        IncomePaid = "income_paid";
        WorkersWithIncome = "workers_with_income";
        AverageIncome = "average_income";
        FarmsActive = "farms_active";
        FarmCapital = "farm_capital";
        FarmsReportingCapital = "farms_reporting_capital";
        FarmCapitalPerFarm = "farm_capital_per_farm";
        OcopProducts = "ocop_products";
        Ocop3Stars = "ocop_3_stars";
        Ocop4Stars = "ocop_4_stars";
        Ocop5Stars = "ocop_5_stars";
        OcopSubjects = "ocop_subjects";
        OcopByHtx = "ocop_by_htx";
        OcopByTht = "ocop_by_tht";
        OcopByEnterprise = "ocop_by_enterprise";
        OcopByHousehold = "ocop_by_household";
        OcopSubjectsHtx = "ocop_subjects_htx";
        OcopSubjectsTht = "ocop_subjects_tht";
        OcopSubjectsEnterprise = "ocop_subjects_enterprise";
        OcopSubjectsHousehold = "ocop_subjects_household";
        OcopAppliedFirst = "ocop_applied_first";
        OcopAppliedRerecognition = "ocop_applied_rerecognition";
        OcopAppliedUpgrade = "ocop_applied_upgrade";
        OcopRecognised = "ocop_recognised";
        OcopRerecognised = "ocop_rerecognised";
        OcopUpgraded = "ocop_upgraded";
        OcopNotRecognised = "ocop_not_recognised";
        OcopPotentialFive = "ocop_potential_five";
        OcopRecognised3Stars = "ocop_recognised_3_stars";
        OcopRecognised4Stars = "ocop_recognised_4_stars";
        OcopRecognised5Stars = "ocop_recognised_5_stars";
        OcopRerecognised3Stars = "ocop_rerecognised_3_stars";
        OcopRerecognised4Stars = "ocop_rerecognised_4_stars";
        OcopRerecognised5Stars = "ocop_rerecognised_5_stars";
        OcopUpgraded3To4 = "ocop_upgraded_3_to_4";
        OcopUpgraded3To5 = "ocop_upgraded_3_to_5";
        OcopUpgraded4To5 = "ocop_upgraded_4_to_5";
        ProductsTraceability = "products_traceability";
        ProductsValueChain = "products_value_chain";
        ProductsQualityDeclaration = "products_quality_declaration";
        ProductsIp = "products_ip";
        MarketListings = "market_listings";
        MarketProductsOnPlatform = "market_products_on_platform";
        MarketDemandsOpen = "market_demands_open";
        MarketContractsSigned = "market_contracts_signed";
        MarketDemandsContracted = "market_demands_contracted";
        MarketContractsInForce = "market_contracts_in_force";
        MarketDeliveredValue = "market_delivered_value";
        MarketDeliveredOutside = "market_delivered_outside";
        MarketFairParticipants = "market_fair_participants";
        MarketFairSales = "market_fair_sales";
    }
}

/// The parts of a report, in the order the report shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    Organisations,
    Business,
    Farms,
    Ocop,
    OcopRound,
    Products,
    Market,
}

impl Section {
    pub const ALL: [Section; 7] = [
        Section::Organisations,
        Section::Business,
        Section::Farms,
        Section::Ocop,
        Section::OcopRound,
        Section::Products,
        Section::Market,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Section::Organisations => word!(lang, "report-groups_cooperatives_unions"),
            Section::Business => word!(lang, "report-business_results"),
            Section::Farms => word!(lang, "report-farms"),
            Section::Ocop => word!(lang, "report-ocop_products"),
            Section::OcopRound => word!(lang, "report-evaluation_results_in_the_period"),
            Section::Products => word!(lang, "report-product_quality_and_brands"),
            Section::Market => word!(lang, "report-market_linkage"),
        }
    }
}

/// What an indicator's value counts, for the table's unit column and the narrative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Tht,
    Htx,
    Lhhtx,
    Farm,
    Organisation,
    Member,
    Worker,
    Product,
    Subject,
    /// Linkage contracts and memoranda.
    Contract,
    /// Buyers' demands.
    Demand,
    /// Whole đồng.
    Dong,
    /// Đồng per cooperative.
    DongPerCoop,
    /// Đồng per worker per year.
    DongPerWorkerYear,
    /// Đồng per cooperative group (THT).
    DongPerTht,
    /// Đồng per farm.
    DongPerFarm,
}

impl Unit {
    /// The counted noun, as the report writes after a number ("7.210 thành viên").
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Unit::Tht => "THT",
            Unit::Htx => "HTX",
            Unit::Lhhtx => "LHHTX",
            Unit::Farm => word!(lang, "report-farms_2"),
            Unit::Organisation => word!(lang, "report-organisations"),
            Unit::Member => word!(lang, "report-members"),
            Unit::Worker => word!(lang, "report-workers"),
            Unit::Product => word!(lang, "report-products"),
            Unit::Subject => word!(lang, "report-subjects"),
            Unit::Contract => word!(lang, "report-contracts"),
            Unit::Demand => word!(lang, "report-demands"),
            Unit::Dong => word!(lang, "report-vnd"),
            Unit::DongPerCoop => word!(lang, "report-vnd_per_cooperative"),
            Unit::DongPerWorkerYear => word!(lang, "report-vnd_per_worker_per_year"),
            Unit::DongPerTht => word!(lang, "report-vnd_per_cooperative_group"),
            Unit::DongPerFarm => word!(lang, "report-vnd_per_farm"),
        }
    }

    pub fn is_money(self) -> bool {
        self == Unit::Dong || self.is_average_money()
    }

    /// Đồng per cooperative, group, farm or worker.
    fn is_average_money(self) -> bool {
        matches!(
            self,
            Unit::DongPerCoop | Unit::DongPerWorkerYear | Unit::DongPerTht | Unit::DongPerFarm
        )
    }

    /// Digits after the comma a report states: one for đồng per cooperative, group, farm or
    /// worker, none otherwise.
    pub fn places(self) -> u32 {
        if self.is_average_money() {
            1
        } else {
            0
        }
    }

    /// How every output of a report states a value of this unit: counts as they are, đồng in
    /// triệu đồng (whole for totals, with one decimal per cooperative or per worker, as the
    /// provinces' tables give money), rounded once, half away from zero.
    pub fn stated(self, value: i64) -> Fixed {
        if !self.is_money() {
            return Fixed::whole(value);
        }
        // Dividing by a million cannot overflow nor divide by zero.
        Fixed::quotient(value, MILLION, self.places()).unwrap_or(Fixed::whole(value))
    }

    /// The smallest step of a stated value, in the unit's own terms: 100.000 đồng for an amount
    /// stated with one decimal of triệu đồng, 1 otherwise. A ratio is rounded to it once.
    pub fn step(self) -> i64 {
        if self.is_money() {
            MILLION / 10i64.pow(self.places())
        } else {
            1
        }
    }
}

const MILLION: i64 = 1_000_000;

/// How a value is taken over a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Counted on the period's last day (today, for a period not over yet).
    Stock,
    /// Counted over the days of the period.
    Flow,
    /// Summed from the organisations' yearly figures for the year the period ends in.
    Yearly,
    /// One indicator divided by another, each added up over the place first, so that averages of
    /// a province or of the country weigh every organisation alike.
    Ratio {
        numerator: Indicator,
        denominator: Indicator,
    },
    /// Several indicators added together, as reports group them (HTX and LHHTX together); known
    /// where any of them is.
    Sum(&'static [Indicator]),
}

impl Measure {
    /// Ratios and sums follow from other indicators: they are neither counted nor entered.
    pub fn is_derived(self) -> bool {
        matches!(self, Measure::Ratio { .. } | Measure::Sum(_))
    }

    /// Read from the organisations' yearly figures, alone or through a ratio or sum of them.
    pub fn reads_yearly_figures(self) -> bool {
        match self {
            Measure::Yearly => true,
            Measure::Ratio {
                numerator,
                denominator,
            } => {
                numerator.definition().measure.reads_yearly_figures()
                    || denominator.definition().measure.reads_yearly_figures()
            }
            Measure::Sum(parts) => parts
                .iter()
                .any(|p| p.definition().measure.reads_yearly_figures()),
            Measure::Stock | Measure::Flow => false,
        }
    }
}

/// Everything the catalogue says about one indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Definition {
    pub section: Section,
    pub unit: Unit,
    pub measure: Measure,
    /// A part of a ratio that reports do not show on its own.
    pub hidden: bool,
    /// True where a value below zero means something (a loss).
    pub may_be_negative: bool,
    /// How the value is computed from the records, in each language.
    pub how_vi: &'static str,
    pub how_en: &'static str,
}

impl Indicator {
    pub fn definition(self) -> Definition {
        use Indicator::*;
        use Measure::{Flow, Stock, Yearly};
        use Section as S;
        let d = |section, unit, measure, how_vi, how_en| Definition {
            section,
            unit,
            measure,
            hidden: false,
            may_be_negative: false,
            how_vi,
            how_en,
        };
        let ratio = |numerator, denominator| Measure::Ratio {
            numerator,
            denominator,
        };
        match self {
            ThtActive => d(S::Organisations, Unit::Tht, Stock, ACTIVE_VI, ACTIVE_EN),
            HtxActive => d(S::Organisations, Unit::Htx, Stock, ACTIVE_VI, ACTIVE_EN),
            LhhtxActive => d(S::Organisations, Unit::Lhhtx, Stock, ACTIVE_VI, ACTIVE_EN),
            ThtMembers | HtxMembers | LhhtxMembers => d(S::Organisations, Unit::Member, Stock, MEMBERS_VI, MEMBERS_EN),
            ThtMembersReported | HtxMembersReported | LhhtxMembersReported => Definition {
                hidden: true,
                ..d(
                    S::Organisations,
                    Unit::Member,
                    Stock,
                    "Phần số thành viên lấy từ số liệu năm của các tổ chức đang hoạt động chưa có sổ thành viên.",
                    "The part of the members taken from the yearly figures of active organisations keeping no member register.",
                )
            },
            ThtWithoutMembers | HtxWithoutMembers | LhhtxWithoutMembers => Definition {
                hidden: true,
                ..d(
                    S::Organisations,
                    self.org_unit(),
                    Stock,
                    "Số tổ chức đang hoạt động chưa có sổ thành viên và chưa có số thành viên trong số liệu năm.",
                    "Active organisations with neither a member register nor members in their yearly figures.",
                )
            },
            ThtFounded | HtxFounded | LhhtxFounded => d(
                S::Organisations,
                self.org_unit(),
                Flow,
                "Số tổ chức có ngày thành lập trong kỳ.",
                "Organisations whose founding date falls in the period.",
            ),
            ThtDissolved | HtxDissolved | LhhtxDissolved => d(
                S::Organisations,
                self.org_unit(),
                Flow,
                "Số tổ chức chuyển sang tình trạng giải thể hoặc phá sản trong kỳ.",
                "Organisations whose status became dissolved or bankrupt in the period.",
            ),
            HtxNewModel => d(
                S::Organisations,
                Unit::Htx,
                Stock,
                "Số HTX đang hoạt động được đánh dấu là HTX kiểu mới (theo dấu hiện tại trong sổ đăng ký).",
                "Active cooperatives marked as new-model (the register's current mark).",
            ),
            HtxValueChain => d(
                S::Organisations,
                Unit::Htx,
                Stock,
                "Số HTX đang hoạt động được đánh dấu là gắn với chuỗi giá trị (theo dấu hiện tại).",
                "Active cooperatives marked as linked to a value chain (the current mark).",
            ),
            CoopsActive => d(
                S::Organisations,
                Unit::Htx,
                Measure::Sum(&[HtxActive, LhhtxActive]),
                "Số HTX và LHHTX đang hoạt động vào cuối kỳ, cộng lại.",
                "Cooperatives and unions active on the period's last day, together.",
            ),
            CoopsAgriculture | CoopsIndustryHandicraft | CoopsTradeServices | CoopsTransport
            | CoopsConstruction | CoopsCredit | CoopsEnvironment | CoopsOther => d(
                S::Organisations,
                Unit::Htx,
                Stock,
                "Số HTX, LHHTX đang hoạt động vào cuối kỳ theo lĩnh vực chính: tổ chức hoạt động nhiều \
                 lĩnh vực được tính ở lĩnh vực đứng trước trong danh mục (nông, lâm nghiệp, thủy sản; công \
                 nghiệp, tiểu thủ công nghiệp; thương mại, dịch vụ; vận tải; xây dựng; tín dụng; môi trường; \
                 khác).",
                "Cooperatives and unions active on the period's last day by main field: one working in \
                 several is counted in the field listed first (agriculture, forestry and fishery; industry \
                 and handicraft; trade and services; transport; construction; credit; environment; other).",
            ),
            OnEcommerce => d(
                S::Organisations,
                Unit::Organisation,
                Stock,
                "Số THT, HTX, LHHTX đang hoạt động có mặt trên sàn thương mại điện tử của Liên minh HTX.",
                "Active groups, cooperatives and unions listed on the Alliance's e-commerce platform.",
            ),
            Workers => d(
                S::Business,
                Unit::Worker,
                Yearly,
                "Tổng số lao động thường xuyên trong số liệu năm của THT, HTX, LHHTX.",
                "Regular workers in the yearly figures of groups, cooperatives and unions.",
            ),
            ThtWorkers | HtxWorkers | LhhtxWorkers => d(
                S::Business,
                Unit::Worker,
                Yearly,
                "Số lao động thường xuyên trong số liệu năm của các tổ chức thuộc loại hình tương ứng.",
                "Regular workers in the yearly figures of organisations of that kind.",
            ),
            CoopsReporting => d(
                S::Business,
                Unit::Htx,
                Yearly,
                "Số HTX, LHHTX có doanh thu trong số liệu năm.",
                "Cooperatives and unions with revenue in their yearly figures.",
            ),
            Revenue => d(
                S::Business,
                Unit::Dong,
                Yearly,
                "Tổng doanh thu trong số liệu năm của HTX, LHHTX.",
                "Revenue summed over the yearly figures of cooperatives and unions.",
            ),
            RevenuePerCoop => d(
                S::Business,
                Unit::DongPerCoop,
                ratio(Revenue, CoopsReporting),
                "Tổng doanh thu chia cho số HTX, LHHTX có số liệu doanh thu.",
                "Revenue divided by the cooperatives and unions reporting it.",
            ),
            CoopsReportingProfit => Definition {
                hidden: true,
                ..d(
                    S::Business,
                    Unit::Htx,
                    Yearly,
                    "Số HTX, LHHTX có lợi nhuận trong số liệu năm.",
                    "Cooperatives and unions with profit in their yearly figures.",
                )
            },
            Profit => Definition {
                may_be_negative: true,
                ..d(
                    S::Business,
                    Unit::Dong,
                    Yearly,
                    "Tổng lợi nhuận (lỗ ghi số âm) trong số liệu năm của HTX, LHHTX.",
                    "Profit (a loss negative) summed over the yearly figures of cooperatives and unions.",
                )
            },
            ProfitPerCoop => Definition {
                may_be_negative: true,
                ..d(
                    S::Business,
                    Unit::DongPerCoop,
                    ratio(Profit, CoopsReportingProfit),
                    "Tổng lợi nhuận chia cho số HTX, LHHTX có số liệu lợi nhuận.",
                    "Profit divided by the cooperatives and unions reporting it.",
                )
            },
            ThtRevenue => d(
                S::Business,
                Unit::Dong,
                Yearly,
                "Tổng doanh thu trong số liệu năm của các THT.",
                "Revenue summed over the yearly figures of cooperative groups.",
            ),
            ThtReportingProfit => Definition {
                hidden: true,
                ..d(
                    S::Business,
                    Unit::Tht,
                    Yearly,
                    "Số THT có lợi nhuận trong số liệu năm.",
                    "Cooperative groups with profit in their yearly figures.",
                )
            },
            ThtProfit => Definition {
                may_be_negative: true,
                ..d(
                    S::Business,
                    Unit::Dong,
                    Yearly,
                    "Tổng lợi nhuận (lỗ ghi số âm) trong số liệu năm của các THT.",
                    "Profit (a loss negative) summed over the yearly figures of cooperative groups.",
                )
            },
            ThtProfitPerTht => Definition {
                may_be_negative: true,
                ..d(
                    S::Business,
                    Unit::DongPerTht,
                    ratio(ThtProfit, ThtReportingProfit),
                    "Tổng lợi nhuận của THT chia cho số THT có số liệu lợi nhuận: lợi nhuận bình quân một THT \
                     trong năm.",
                    "Cooperative groups' profit divided by the groups reporting it: the average profit of a \
                     group in the year.",
                )
            },
            IncomePaid => Definition {
                hidden: true,
                ..d(
                    S::Business,
                    Unit::Dong,
                    Yearly,
                    "Tổng của thu nhập bình quân nhân với số lao động, ở các tổ chức có cả hai số liệu.",
                    "Average income times regular workers, over organisations reporting both.",
                )
            },
            WorkersWithIncome => Definition {
                hidden: true,
                ..d(
                    S::Business,
                    Unit::Worker,
                    Yearly,
                    "Số lao động thường xuyên ở các tổ chức có số liệu thu nhập bình quân.",
                    "Regular workers of organisations reporting an average income.",
                )
            },
            AverageIncome => d(
                S::Business,
                Unit::DongPerWorkerYear,
                ratio(IncomePaid, WorkersWithIncome),
                "Thu nhập bình quân của các tổ chức, tính theo số lao động của từng tổ chức.",
                "The organisations' average incomes, weighted by their regular workers.",
            ),
            FarmsActive => d(S::Farms, Unit::Farm, Stock, ACTIVE_VI, ACTIVE_EN),
            FarmCapital => d(
                S::Farms,
                Unit::Dong,
                Yearly,
                "Tổng vốn trong số liệu năm của các trang trại.",
                "Capital summed over the yearly figures of farms.",
            ),
            FarmsReportingCapital => Definition {
                hidden: true,
                ..d(
                    S::Farms,
                    Unit::Farm,
                    Yearly,
                    "Số trang trại có vốn trong số liệu năm.",
                    "Farms with capital in their yearly figures.",
                )
            },
            FarmCapitalPerFarm => d(
                S::Farms,
                Unit::DongPerFarm,
                ratio(FarmCapital, FarmsReportingCapital),
                "Tổng vốn đầu tư chia cho số trang trại có số liệu vốn: vốn đầu tư bình quân một trang trại.",
                "Capital divided by the farms reporting it: the average investment of a farm.",
            ),
            OcopProducts => d(S::Ocop, Unit::Product, Stock, OCOP_VI, OCOP_EN),
            Ocop3Stars | Ocop4Stars | Ocop5Stars => d(
                S::Ocop,
                Unit::Product,
                Stock,
                "Số sản phẩm có giấy chứng nhận OCOP hạng sao tương ứng còn hiệu lực vào cuối kỳ.",
                "Products holding a valid certificate of that many stars at the end of the period.",
            ),
            OcopSubjects => d(
                S::Ocop,
                Unit::Subject,
                Stock,
                "Số chủ thể có ít nhất một sản phẩm OCOP còn hiệu lực vào cuối kỳ.",
                "Subjects with at least one product holding a valid certificate at the end of the period.",
            ),
            OcopByHtx | OcopByTht | OcopByEnterprise | OcopByHousehold => d(
                S::Ocop,
                Unit::Product,
                Stock,
                "Số sản phẩm OCOP còn hiệu lực vào cuối kỳ mà chủ thể thuộc loại hình tương ứng.",
                "Products holding a valid certificate at the end of the period whose subject is of that type.",
            ),
            OcopSubjectsHtx => d(S::Ocop, Unit::Htx, Stock, SUBJECTS_VI, SUBJECTS_EN),
            OcopSubjectsTht => d(S::Ocop, Unit::Tht, Stock, SUBJECTS_VI, SUBJECTS_EN),
            OcopSubjectsEnterprise | OcopSubjectsHousehold => {
                d(S::Ocop, Unit::Subject, Stock, SUBJECTS_VI, SUBJECTS_EN)
            }
            OcopAppliedFirst | OcopAppliedRerecognition | OcopAppliedUpgrade => d(
                S::OcopRound,
                Unit::Product,
                Flow,
                "Số hồ sơ theo loại (đánh giá lần đầu, công nhận lại, nâng hạng) có kết quả trong các \
                 quyết định của UBND tỉnh ký trong kỳ, kể cả hồ sơ không đạt.",
                "Applications of that type (first evaluation, re-recognition, upgrade) decided in the \
                 People's Committee decisions signed in the period, those not recognised included.",
            ),
            OcopRecognised3Stars | OcopRecognised4Stars | OcopRecognised5Stars => d(
                S::OcopRound,
                Unit::Product,
                Flow,
                "Số sản phẩm được công nhận lần đầu với hạng sao tương ứng trong các quyết định ký trong kỳ.",
                "Products recognised for the first time with that many stars in the decisions signed in \
                 the period.",
            ),
            OcopRerecognised3Stars | OcopRerecognised4Stars | OcopRerecognised5Stars => d(
                S::OcopRound,
                Unit::Product,
                Flow,
                "Số sản phẩm được công nhận lại với hạng sao tương ứng trong các quyết định ký trong kỳ.",
                "Products re-recognised with that many stars in the decisions signed in the period.",
            ),
            OcopUpgraded3To4 | OcopUpgraded3To5 | OcopUpgraded4To5 => d(
                S::OcopRound,
                Unit::Product,
                Flow,
                "Số sản phẩm được nâng hạng từ hạng sao đang có lên hạng sao tương ứng trong các quyết \
                 định ký trong kỳ.",
                "Products upgraded from the stars they held to that many in the decisions signed in the \
                 period.",
            ),
            OcopRecognised | OcopRerecognised | OcopUpgraded | OcopNotRecognised => d(
                S::OcopRound,
                Unit::Product,
                Flow,
                "Số hồ sơ có kết quả tương ứng trong các quyết định của UBND tỉnh ký trong kỳ.",
                "Applications with that outcome in the People's Committee decisions signed in the period.",
            ),
            OcopPotentialFive => d(
                S::OcopRound,
                Unit::Product,
                Flow,
                "Số sản phẩm đạt từ 90 điểm trong các quyết định ký trong kỳ (tiềm năng 5 sao).",
                "Products scoring 90 or more in the decisions signed in the period (potential 5 stars).",
            ),
            ProductsTraceability | ProductsValueChain | ProductsQualityDeclaration | ProductsIp => d(
                S::Products,
                Unit::Product,
                Stock,
                "Số sản phẩm trong danh mục sản phẩm OCOP của chủ thể trên địa bàn có đặc điểm tương ứng \
                 (theo dấu hiện tại), đăng ký đến cuối kỳ.",
                "Products in the OCOP product register of the place's subjects with that feature (its \
                 current mark), registered by the end of the period.",
            ),
            MarketListings => d(
                S::Market,
                Unit::Product,
                Stock,
                "Số sản phẩm các tổ chức trên địa bàn đang chào bán trên sàn liên kết tiêu thụ (tin chào bán \
                 đăng đến cuối kỳ, theo trạng thái hiện tại).",
                "Products the place's organisations offer on the market (listings posted by the end of the \
                 period, in their current state).",
            ),
            MarketProductsOnPlatform => d(
                S::Market,
                Unit::Product,
                Stock,
                "Số sản phẩm các tổ chức trên địa bàn có mặt trên sàn thương mại điện tử của Liên minh HTX \
                 (tin chào bán ghi địa chỉ trên sàn, đăng đến cuối kỳ, theo trạng thái hiện tại).",
                "Products of the place's organisations on the Cooperative Alliance's e-commerce platform \
                 (listings that give their address there, posted by the end of the period, in their current \
                 state).",
            ),
            MarketDemandsOpen => d(
                S::Market,
                Unit::Demand,
                Stock,
                "Số nhu cầu mua của người mua trên địa bàn đang mở vào cuối kỳ (chưa hết thời gian giao hàng).",
                "Demands of the place's buyers open at the end of the period (their delivery period not over).",
            ),
            MarketContractsSigned => d(
                S::Market,
                Unit::Contract,
                Flow,
                "Số hợp đồng, biên bản ghi nhớ liên kết tiêu thụ được các bên ký đủ trong kỳ mà bên bán có \
                 tổ chức trên địa bàn.",
                "Linkage contracts and memoranda signed by every party in the period with a seller of the place.",
            ),
            MarketDemandsContracted => d(
                S::Market,
                Unit::Demand,
                Flow,
                "Số nhu cầu mua của người mua trên địa bàn có hợp đồng liên kết được ký trong kỳ.",
                "Demands of the place's buyers answered by a linkage contract signed in the period.",
            ),
            MarketContractsInForce => d(
                S::Market,
                Unit::Contract,
                Stock,
                "Số hợp đồng liên kết đang thực hiện vào cuối kỳ (theo lịch sử trạng thái) mà bên bán có tổ \
                 chức trên địa bàn.",
                "Linkage contracts in force at the end of the period (from their history of states) with a \
                 seller of the place.",
            ),
            MarketDeliveredValue => d(
                S::Market,
                Unit::Dong,
                Flow,
                "Tổng giá trị sản phẩm các tổ chức trên địa bàn đã giao theo hợp đồng liên kết trong kỳ.",
                "Value of the goods the place's organisations delivered under linkage contracts in the period.",
            ),
            MarketDeliveredOutside => d(
                S::Market,
                Unit::Dong,
                Flow,
                "Phần giá trị đã giao theo hợp đồng liên kết trong kỳ cho người mua ở tỉnh khác.",
                "Of the value delivered under linkage contracts in the period, what went to buyers of other \
                 provinces.",
            ),
            MarketFairParticipants => d(
                S::Market,
                Unit::Organisation,
                Flow,
                "Số tổ chức trên địa bàn tham gia hội chợ, triển lãm khai mạc trong kỳ.",
                "Organisations of the place that took part in fairs and exhibitions opening in the period.",
            ),
            MarketFairSales => d(
                S::Market,
                Unit::Dong,
                Flow,
                "Doanh thu các tổ chức trên địa bàn báo tại hội chợ, triển lãm khai mạc trong kỳ.",
                "Sales the place's organisations reported at fairs and exhibitions opening in the period.",
            ),
        }
    }

    /// For the counts of one kind of organisation, the kind's unit.
    fn org_unit(self) -> Unit {
        use Indicator::*;
        match self {
            ThtActive | ThtFounded | ThtDissolved | ThtWithoutMembers => Unit::Tht,
            LhhtxActive | LhhtxFounded | LhhtxDissolved | LhhtxWithoutMembers => Unit::Lhhtx,
            _ => Unit::Htx,
        }
    }

    pub fn unit(self) -> Unit {
        self.definition().unit
    }

    pub fn section(self) -> Section {
        self.definition().section
    }

    /// Whether the indicator counts đồng (a total, or one per cooperative or worker).
    pub fn is_money(self) -> bool {
        self.definition().unit.is_money()
    }

    /// The indicators a report shows, in catalogue order.
    pub fn shown() -> impl Iterator<Item = Indicator> {
        Indicator::ALL.iter().copied().filter(|i| !i.definition().hidden)
    }

    /// Whether an officer may enter a value or a target for it: every shown indicator that is not
    /// derived (a ratio or a sum follows from its parts).
    pub fn may_be_entered(self) -> bool {
        let d = self.definition();
        !d.hidden && !d.measure.is_derived()
    }

    /// How the value is computed, in the reader's language.
    pub fn how(self, lang: Lang) -> &'static str {
        let d = self.definition();
        lang.pick(d.how_vi, d.how_en)
    }
}

const SUBJECTS_VI: &str = "Số chủ thể thuộc loại hình tương ứng có ít nhất một sản phẩm OCOP còn hiệu lực \
     vào cuối kỳ.";
const SUBJECTS_EN: &str =
    "Subjects of that type with at least one product holding a valid certificate at the end of the period.";
const ACTIVE_VI: &str = "Số tổ chức có tình trạng đang hoạt động vào cuối kỳ (theo lịch sử tình trạng).";
const ACTIVE_EN: &str =
    "Organisations whose status was active on the period's last day (from the status history).";
const MEMBERS_VI: &str =
    "Số thành viên của các tổ chức đang hoạt động vào cuối kỳ: theo sổ thành viên (đã gia nhập \
     và chưa ra khỏi) ở tổ chức có sổ, theo số liệu năm ở tổ chức chưa có sổ.";
const MEMBERS_EN: &str =
    "Members of the organisations active on the period's last day: from the member register \
     (joined and not yet left) where an organisation keeps one, from its yearly figures where it keeps none.";
const OCOP_VI: &str = "Số sản phẩm có giấy chứng nhận OCOP từ 3 sao trở lên còn hiệu lực vào cuối kỳ.";
const OCOP_EN: &str =
    "Products holding a valid OCOP certificate of 3 stars or more on the period's last day.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ratio_divides_two_hidden_or_shown_totals_that_are_not_ratios() {
        for indicator in Indicator::ALL {
            if let Measure::Ratio {
                numerator,
                denominator,
            } = indicator.definition().measure
            {
                for part in [numerator, denominator] {
                    assert!(
                        !part.definition().measure.is_derived(),
                        "{indicator}: {part} is itself derived"
                    );
                }
                assert!(!indicator.may_be_entered(), "{indicator} is a ratio");
            }
        }
    }

    #[test]
    fn hidden_parts_are_neither_shown_nor_entered() {
        assert!(Indicator::shown().all(|i| !i.definition().hidden));
        assert!(!Indicator::IncomePaid.may_be_entered());
        assert!(Indicator::HtxFounded.may_be_entered());
        assert_eq!(Indicator::HtxFounded.unit(), Unit::Htx);
        assert_eq!(Indicator::ThtDissolved.unit(), Unit::Tht);
    }

    #[test]
    fn codes_are_unique_and_parse_back() {
        for indicator in Indicator::ALL {
            assert_eq!(Indicator::parse(indicator.as_str()), Some(*indicator));
        }
    }

    #[test]
    fn only_profit_may_be_negative() {
        let negative: Vec<_> = Indicator::ALL
            .iter()
            .filter(|i| i.definition().may_be_negative)
            .collect();
        assert_eq!(
            negative,
            [
                &Indicator::Profit,
                &Indicator::ProfitPerCoop,
                &Indicator::ThtProfit,
                &Indicator::ThtProfitPerTht
            ]
        );
    }
}
