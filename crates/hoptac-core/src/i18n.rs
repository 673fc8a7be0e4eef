//! The two languages of hoptac and the words of every validation message. Vietnamese comes first;
//! English is a switch away.

use crate::errors::FieldError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "vi")]
    Vi,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn parse(value: &str) -> Option<Lang> {
        match value.trim().get(..2).map(str::to_ascii_lowercase).as_deref() {
            Some("vi") => Some(Lang::Vi),
            Some("en") => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks `vi` or `en` text.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

/// Defines a closed vocabulary: an enum whose values have a stable code (used in URLs, JSON and the
/// database) and a label in each language. Its OpenAPI schema is a string of those codes, with the
/// enum's doc comment as its description.
#[macro_export]
macro_rules! vocabulary {
    ($(#[doc = $doc:expr])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal, $vi:literal, $en:literal;)+ }) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
                 serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $code)] $variant,)+
        }

        // Written out rather than derived: the derive cannot read the codes through this macro and
        // documented the variants' Rust names, which the API refuses.
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                let lines: &[&str] = &[$($doc),*];
                let description = lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join("\n");
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($code),+]))
                    .description(Some(description).filter(|d| !d.is_empty()))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {}

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn parse(value: &str) -> Option<Self> {
                match value.trim() { $($code => Some($name::$variant),)+ _ => None }
            }

            pub fn label(self, lang: $crate::i18n::Lang) -> &'static str {
                match self { $($name::$variant => lang.pick($vi, $en)),+ }
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                $name::parse(&value).ok_or_else(|| format!("unknown {} code {value:?}", stringify!($name)))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// The name of an input field as a user knows it.
pub fn field_label(field: &str, lang: Lang) -> &'static str {
    let (vi, en) = match field {
        "kind" => ("Loại hình", "Type"),
        "stars" => ("Số sao", "Stars"),
        "page" => ("Trang", "Page"),
        "per_page" => ("Số dòng mỗi trang", "Rows per page"),
        "query" => ("Tham số địa chỉ", "Query string"),
        "name" => ("Tên", "Name"),
        "short_name" => ("Tên viết tắt", "Short name"),
        "tax_code" => ("Mã số thuế", "Tax code"),
        "registration_number" => ("Số đăng ký", "Registration number"),
        "registration_date" => ("Ngày đăng ký", "Registration date"),
        "founding_date" => ("Ngày thành lập", "Founding date"),
        "sectors" => ("Ngành nghề", "Sectors"),
        "address" => ("Địa chỉ", "Address"),
        "commune" => ("Xã/phường", "Commune"),
        "commune_era" => ("Thời kỳ đơn vị hành chính", "Administrative era"),
        "province" => ("Tỉnh/thành phố (từ 1/7/2025)", "Province (from 1 July 2025)"),
        "commune_province" => ("Tỉnh/thành phố của xã/phường", "Province of the commune"),
        "old_province" => ("Tỉnh/thành phố (trước 1/7/2025)", "Province (before 1 July 2025)"),
        "commune_code" => ("Mã xã/phường", "Commune code"),
        "sector" => ("Ngành nghề", "Sector"),
        "is_new_model" => ("HTX kiểu mới", "New-model cooperative"),
        "is_value_chain" => ("Gắn với chuỗi giá trị", "Linked to a value chain"),
        "is_on_ecommerce" => (
            "Trên sàn thương mại điện tử của Liên minh HTX",
            "On the Alliance's e-commerce platform",
        ),
        "member_kind" => ("Thành viên là", "Member is a"),
        "on" => ("Tại ngày", "On"),
        "founded_year" => ("Năm thành lập", "Founding year"),
        "representative_name" => ("Người đại diện theo pháp luật", "Legal representative"),
        "representative_title" => ("Chức danh", "Title"),
        "phone" => ("Điện thoại", "Phone"),
        "email" => ("Thư điện tử", "E-mail"),
        "website" => ("Trang web", "Website"),
        "charter_capital" => ("Vốn điều lệ", "Charter capital"),
        "description" => ("Giới thiệu", "Description"),
        "status" => ("Tình trạng", "Status"),
        "status_since" => ("Từ ngày", "Since"),
        "effective_date" => ("Ngày hiệu lực", "Effective date"),
        "reason" => ("Lý do", "Reason"),
        "full_name" => ("Họ tên / tên thành viên", "Member name"),
        "id_number" => ("Số định danh / mã số thuế", "ID or tax number"),
        "birth_date" => ("Ngày sinh", "Date of birth"),
        "membership" => ("Loại thành viên", "Membership"),
        "joined_on" => ("Ngày gia nhập", "Joined on"),
        "left_on" => ("Ngày ra khỏi", "Left on"),
        "capital_contribution" => ("Vốn góp", "Capital contributed"),
        "year" => ("Năm", "Year"),
        "members" => ("Số thành viên", "Members"),
        "regular_workers" => ("Lao động thường xuyên", "Regular workers"),
        "revenue" => ("Doanh thu", "Revenue"),
        "profit" => ("Lợi nhuận", "Profit"),
        "average_income" => ("Thu nhập bình quân người lao động", "Average worker income"),
        "rating" => ("Xếp loại", "Rating"),
        "source" => ("Nguồn số liệu", "Source"),
        "username" => ("Tên đăng nhập", "Username"),
        "password" => ("Mật khẩu", "Password"),
        "current_password" => ("Mật khẩu hiện tại", "Current password"),
        "new_password" => ("Mật khẩu mới", "New password"),
        "contact" => ("Thư điện tử hoặc số điện thoại", "E-mail or phone"),
        "display_name" => ("Họ tên hiển thị", "Display name"),
        "token_name" => ("Tên mã truy cập", "Token name"),
        "body" => ("Nội dung yêu cầu", "Request body"),
        "role" => ("Vai trò", "Role"),
        "scope" => ("Phạm vi", "Scope"),
        "user_id" => ("Tài khoản", "Account"),
        "invitation_id" => ("Lời mời", "Invitation"),
        "organisation_id" => ("Tổ chức", "Organisation"),
        "file" => ("Tệp bảng tiêu chí", "Scorecard file"),
        "product_group" => ("Nhóm sản phẩm", "Product group"),
        "product_set_id" => ("Bộ sản phẩm", "Product set"),
        "ip_protection" => ("Bảo hộ sở hữu trí tuệ", "IP protection"),
        "product_id" => ("Sản phẩm", "Product"),
        "opened_on" => ("Ngày mở đợt", "Opening date"),
        "closes_on" => ("Hạn nhận hồ sơ", "Last day for applications"),
        "round" | "round_id" => ("Đợt đánh giá", "Evaluation round"),
        "application" => ("Hồ sơ đăng ký", "Application"),
        "scorecard_id" => ("Phiên bản phiếu chấm", "Scorecard version"),
        "number" => ("Số quyết định", "Decision number"),
        "date" => ("Ngày ký", "Date signed"),
        "signer" => ("Người ký", "Signed by"),
        "certificates" => ("Số giấy chứng nhận", "Certificate numbers"),
        "indicator" => ("Chỉ tiêu", "Indicator"),
        "place" => ("Địa bàn", "Place"),
        "period" => ("Kỳ báo cáo", "Period"),
        "from" => ("Từ ngày", "From"),
        "to" => ("Đến ngày", "To"),
        "value" => ("Giá trị", "Value"),
        "target" => ("Chỉ tiêu kế hoạch", "Target"),
        "note" => ("Căn cứ", "Based on"),
        _ => ("Trường dữ liệu", "Field"),
    };
    lang.pick(vi, en)
}

/// The sentence a user reads for one field error, naming the field.
pub fn error_message(error: &FieldError, lang: Lang) -> String {
    let param = |name: &str| {
        error
            .params
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    let field = match error.field.strip_prefix("points.") {
        Some(code) => format!("{} {code}", lang.pick("Tiêu chí", "Criterion")),
        None if error.field.starts_with("certificates[") => field_label("certificates", lang).to_owned(),
        None => field_label(&error.field, lang).to_owned(),
    };
    let text = match (error.code, lang) {
        ("required", Lang::Vi) => format!("{field}: bắt buộc nhập."),
        ("required", Lang::En) => format!("{field}: required."),
        ("too_long", Lang::Vi) => format!("{field}: dài quá {} ký tự.", param("max")),
        ("too_long", Lang::En) => format!("{field}: longer than {} characters.", param("max")),
        ("invalid_date", Lang::Vi) => format!("{field}: ngày không hợp lệ (dùng dd/mm/yyyy)."),
        ("invalid_date", Lang::En) => format!("{field}: not a valid date (use dd/mm/yyyy)."),
        ("in_future", Lang::Vi) => format!("{field}: không được sau ngày hôm nay."),
        ("in_future", Lang::En) => format!("{field}: cannot be later than today."),
        ("too_early", Lang::Vi) => format!("{field}: ngày quá xa trong quá khứ."),
        ("too_early", Lang::En) => format!("{field}: too far in the past."),
        ("round_changed", Lang::Vi) => format!("{field}: đợt vừa có thay đổi trong lúc ghi, hãy thử lại."),
        ("round_changed", Lang::En) => format!("{field}: the round changed while this was being saved; please try again."),
        ("invalid_number", Lang::Vi) if !param("min").is_empty() => format!("{field}: phải là số nguyên từ {} trở lên.", param("min")),
        ("invalid_number", Lang::En) if !param("min").is_empty() => format!("{field}: must be a whole number of {} or more.", param("min")),
        ("invalid_number", Lang::Vi) => format!("{field}: phải là số nguyên (ví dụ 1.500.000)."),
        ("invalid_number", Lang::En) => format!("{field}: must be a whole number (e.g. 1500000)."),
        ("negative", Lang::Vi) => format!("{field}: không được âm."),
        ("negative", Lang::En) => format!("{field}: cannot be negative."),
        ("invalid_choice", Lang::Vi) => format!("{field}: giá trị «{}» không có trong danh mục.", param("value")),
        ("invalid_choice", Lang::En) => format!("{field}: «{}» is not one of the allowed values.", param("value")),
        ("invalid_tax_code", Lang::Vi) => {
            format!("{field}: phải gồm 10 chữ số, 10 chữ số kèm mã đơn vị phụ thuộc (-001), hoặc 12 chữ số định danh cá nhân.")
        }
        ("invalid_tax_code", Lang::En) => {
            format!("{field}: must be 10 digits, 10 digits with a branch suffix (-001), or a 12-digit personal number.")
        }
        ("tax_code_check_digit", Lang::Vi) => format!("{field}: chữ số kiểm tra không đúng, hãy soát lại mã số thuế."),
        ("tax_code_check_digit", Lang::En) => format!("{field}: the check digit is wrong; please re-check the code."),
        ("personal_tax_code_not_allowed", Lang::Vi) => {
            format!("{field}: loại hình này dùng mã số thuế tổ chức 10 chữ số, không dùng số định danh cá nhân.")
        }
        ("personal_tax_code_not_allowed", Lang::En) => {
            format!("{field}: this type of organisation uses a 10-digit organisation tax code, not a personal number.")
        }
        ("duplicate_tax_code", Lang::Vi) => format!("{field}: mã số thuế {} đã được dùng cho tổ chức khác.", param("value")),
        ("duplicate_tax_code", Lang::En) => format!("{field}: tax code {} already belongs to another organisation.", param("value")),
        ("unknown_commune", Lang::Vi) => format!("{field}: không tìm thấy xã/phường «{}» trong danh mục.", param("value")),
        ("unknown_commune", Lang::En) => format!("{field}: no commune «{}» in the list of units.", param("value")),
        ("ambiguous_commune", Lang::Vi) => format!("{field}: có nhiều xã/phường tên «{}», hãy nhập mã 5 chữ số.", param("value")),
        ("ambiguous_commune", Lang::En) => format!("{field}: several communes are called «{}»; enter the 5-digit code.", param("value")),
        ("before_founding", Lang::Vi) => format!("{field}: không được trước ngày thành lập."),
        ("before_founding", Lang::En) => format!("{field}: cannot be before the founding date."),
        ("before_joining", Lang::Vi) => format!("{field}: không được trước ngày gia nhập."),
        ("before_joining", Lang::En) => format!("{field}: cannot be before the joining date."),
        ("before_last_status", Lang::Vi) => format!("{field}: không được trước lần thay đổi tình trạng gần nhất ({}).", param("date")),
        ("before_last_status", Lang::En) => format!("{field}: cannot be before the last status change ({}).", param("date")),
        ("after_status_change", Lang::Vi) => format!("{field}: sau một lần thay đổi tình trạng đã ghi ({}).", param("date")),
        ("after_status_change", Lang::En) => format!("{field}: later than a recorded status change ({}).", param("date")),
        ("status_final", Lang::Vi) => format!("{field}: tổ chức đã giải thể hoặc phá sản, không thể đổi tình trạng."),
        ("status_final", Lang::En) => format!("{field}: the organisation is dissolved or bankrupt; its status cannot change."),
        ("status_unchanged", Lang::Vi) => format!("{field}: tổ chức đang ở tình trạng này."),
        ("status_unchanged", Lang::En) => format!("{field}: the organisation already has this status."),
        ("flag_not_applicable", Lang::Vi) => format!("{field}: chỉ áp dụng cho hợp tác xã và liên hiệp hợp tác xã."),
        ("flag_not_applicable", Lang::En) => format!("{field}: applies only to cooperatives and unions."),
        ("invalid_email", Lang::Vi) => format!("{field}: địa chỉ thư điện tử không hợp lệ."),
        ("invalid_email", Lang::En) => format!("{field}: not a valid e-mail address."),
        ("invalid_phone", Lang::Vi) => format!("{field}: số điện thoại phải có 8 đến 15 chữ số."),
        ("invalid_phone", Lang::En) => format!("{field}: a phone number has 8 to 15 digits."),
        ("under_age", Lang::Vi) => format!("{field}: thành viên là cá nhân phải đủ 18 tuổi khi gia nhập."),
        ("under_age", Lang::En) => format!("{field}: a member who is a person must be 18 or older on joining."),
        ("member_kind_not_allowed", Lang::Vi) => format!("{field}: thành viên của liên hiệp hợp tác xã phải là pháp nhân (hợp tác xã)."),
        ("member_kind_not_allowed", Lang::En) => format!("{field}: members of a union must be legal entities (cooperatives)."),
        ("members_not_applicable", Lang::Vi) => format!("{field}: loại hình này không có thành viên."),
        ("members_not_applicable", Lang::En) => format!("{field}: this type of organisation has no members."),
        ("capital_cap_exceeded", Lang::Vi) => format!(
            "{field}: vốn góp {} vượt mức tối đa {}% vốn điều lệ ({}).",
            param("value"), param("percent"), param("cap")
        ),
        ("capital_cap_exceeded", Lang::En) => format!(
            "{field}: a contribution of {} exceeds the {}% cap on one member's share of the charter capital ({}).",
            param("value"), param("percent"), param("cap")
        ),
        ("year_out_of_range", Lang::Vi) => format!("{field}: năm phải từ {} đến {}.", param("min"), param("max")),
        ("year_out_of_range", Lang::En) => format!("{field}: the year must be between {} and {}.", param("min"), param("max")),
        ("duplicate_year", Lang::Vi) => format!("{field}: đã có số liệu năm {}.", param("value")),
        ("duplicate_year", Lang::En) => format!("{field}: figures for {} already exist.", param("value")),
        ("invalid_username", Lang::Vi) => format!("{field}: chỉ gồm chữ không dấu, chữ số và . _ - @ (tối đa 64 ký tự)."),
        ("invalid_username", Lang::En) => format!("{field}: letters without accents, digits and . _ - @ only (64 at most)."),
        ("password_too_short", Lang::Vi) => format!("{field}: cần ít nhất {} ký tự.", param("min")),
        ("password_too_short", Lang::En) => format!("{field}: needs at least {} characters.", param("min")),
        ("invalid_contact", Lang::Vi) => format!("{field}: cần một địa chỉ thư điện tử hoặc số điện thoại."),
        ("invalid_contact", Lang::En) => format!("{field}: needs an e-mail address or a phone number."),
        ("wrong_password", Lang::Vi) => format!("{field}: không đúng."),
        ("wrong_password", Lang::En) => format!("{field}: not correct."),
        ("username_taken", Lang::Vi) => format!("{field}: tên đăng nhập này đã có người dùng."),
        ("username_taken", Lang::En) => format!("{field}: this username is taken."),
        ("outside_scope", Lang::Vi) => format!("{field}: «{}» nằm ngoài phạm vi được giao cho bạn.", param("value")),
        ("outside_scope", Lang::En) => format!("{field}: «{}» is outside the scope you were given.", param("value")),
        ("not_grantable", Lang::Vi) => format!("{field}: bạn không được giao vai trò này ở phạm vi đã chọn."),
        ("not_grantable", Lang::En) => format!("{field}: you cannot grant this role in the scope chosen."),
        ("assigned_in_round", Lang::Vi) => format!("{field}: thành viên hội đồng OCOP được phân công từ đợt đánh giá."),
        ("assigned_in_round", Lang::En) => format!("{field}: OCOP council members are assigned from their evaluation round."),
        ("unknown_organisation", Lang::Vi) => format!("{field}: không tìm thấy tổ chức «{}».", param("value")),
        ("unknown_organisation", Lang::En) => format!("{field}: no organisation «{}».", param("value")),
        ("buyer_not_enterprise", Lang::Vi) => format!("{field}: bên mua phải là một doanh nghiệp trong sổ đăng ký."),
        ("buyer_not_enterprise", Lang::En) => format!("{field}: a buyer must be an enterprise in the registry."),
        ("unknown_account", Lang::Vi) => format!("{field}: không có tài khoản «{}».", param("value")),
        ("unknown_account", Lang::En) => format!("{field}: there is no account «{}».", param("value")),
        ("already_granted", Lang::Vi) => format!("{field}: tài khoản này đã có vai trò này ở phạm vi đó."),
        ("already_granted", Lang::En) => format!("{field}: this account already holds this role there."),
        ("scorecard_empty", Lang::Vi) => format!("{field}: tệp không có dòng tiêu chí nào."),
        ("scorecard_empty", Lang::En) => format!("{field}: the file has no criterion lines."),
        ("scorecard_unknown_decision", Lang::Vi) => format!("{field}: dòng {}: «{}» không phải quyết định 148/QĐ-TTg hay 1048/QĐ-TTg.", param("line"), param("value")),
        ("scorecard_unknown_decision", Lang::En) => format!("{field}: line {}: «{}» is neither Decision 148/QĐ-TTg nor 1048/QĐ-TTg.", param("line"), param("value")),
        ("scorecard_mixed", Lang::Vi) => format!("{field}: dòng {}: khác quyết định hoặc bộ sản phẩm của dòng đầu; mỗi tệp là một phiếu.", param("line")),
        ("scorecard_mixed", Lang::En) => format!("{field}: line {}: another decision or product set than the first line's; one file is one scorecard.", param("line")),
        ("required_cell", Lang::Vi) => format!("{field}: dòng {}: cột {} bị trống.", param("line"), param("column")),
        ("required_cell", Lang::En) => format!("{field}: line {}: column {} is empty.", param("line"), param("column")),
        ("criterion_duplicate", Lang::Vi) => format!("{field}: dòng {}: mã tiêu chí {} đã có ở dòng trước.", param("line"), param("value")),
        ("criterion_duplicate", Lang::En) => format!("{field}: line {}: criterion code {} appears twice.", param("line"), param("value")),
        ("part_unknown", Lang::Vi) => format!("{field}: dòng {}: phần «{}» không phải A, B hay C.", param("line"), param("value")),
        ("part_unknown", Lang::En) => format!("{field}: line {}: part «{}» is not A, B or C.", param("line"), param("value")),
        ("criterion_max_invalid", Lang::Vi) => format!("{field}: dòng {}: điểm tối đa «{}» phải là số nguyên từ 1 đến 100.", param("line"), param("value")),
        ("criterion_max_invalid", Lang::En) => format!("{field}: line {}: maximum «{}» must be a whole number from 1 to 100.", param("line"), param("value")),
        ("option_above_max", Lang::Vi) => format!("{field}: dòng {}: mức «{}» cao hơn điểm tối đa.", param("line"), param("value")),
        ("option_above_max", Lang::En) => format!("{field}: line {}: option «{}» is above the maximum.", param("line"), param("value")),
        ("option_order", Lang::Vi) => format!("{field}: dòng {}: các mức điểm phải tăng dần («{}»).", param("line"), param("value")),
        ("option_order", Lang::En) => format!("{field}: line {}: options must rise («{}»).", param("line"), param("value")),
        ("option_invalid", Lang::Vi) => format!("{field}: dòng {}: không đọc được mức «{}» (dạng điểm:mô tả).", param("line"), param("value")),
        ("option_invalid", Lang::En) => format!("{field}: line {}: cannot read option «{}» (write points:label).", param("line"), param("value")),
        ("option_max_missing", Lang::Vi) => format!("{field}: dòng {}: mức cao nhất phải bằng điểm tối đa {}.", param("line"), param("value")),
        ("option_max_missing", Lang::En) => format!("{field}: line {}: the highest option must equal the maximum {}.", param("line"), param("value")),
        ("minimum_invalid", Lang::Vi) => format!("{field}: dòng {}: yêu cầu tối thiểu «{}» phải có dạng sao:điểm với điểm là một mức của tiêu chí.", param("line"), param("value")),
        ("minimum_invalid", Lang::En) => format!("{field}: line {}: minimum «{}» must read stars:points, the points being one of the criterion's options.", param("line"), param("value")),
        ("part_total", Lang::Vi) => format!("{field}: tổng điểm tối đa phần {} là {}, quyết định quy định {}.", param("part"), param("total"), param("expected")),
        ("part_total", Lang::En) => format!("{field}: part {} adds up to {}, the decision sets {}.", param("part"), param("total"), param("expected")),
        ("unreadable_line", Lang::Vi) => format!("{field}: không đọc được dòng {} ({}); cần tệp CSV UTF-8 có dòng tiêu đề.", param("line"), param("detail")),
        ("unreadable_line", Lang::En) => format!("{field}: cannot read line {} ({}); a UTF-8 CSV with a header line is needed.", param("line"), param("detail")),
        ("group_not_in_scheme", Lang::Vi) => format!("{field}: nhóm này không thuộc quyết định của phiếu chấm."),
        ("group_not_in_scheme", Lang::En) => format!("{field}: this group does not belong to the scorecard's decision."),
        ("set_in_other_group", Lang::Vi) => format!("{field}: bộ sản phẩm này đã thuộc nhóm «{}».", param("value")),
        ("set_in_other_group", Lang::En) => format!("{field}: this product set already belongs to group «{}».", param("value")),
        ("set_not_in_group", Lang::Vi) => format!("{field}: bộ «{}» không thuộc nhóm sản phẩm đã chọn.", param("value")),
        ("set_not_in_group", Lang::En) => format!("{field}: set «{}» is not in the product group chosen.", param("value")),
        ("unknown_criterion", Lang::Vi) => format!("{field}: phiếu chấm không có tiêu chí này."),
        ("unknown_criterion", Lang::En) => format!("{field}: the scorecard has no such criterion."),
        ("above_max", Lang::Vi) => format!("{field}: vượt điểm tối đa {}.", param("max")),
        ("above_max", Lang::En) => format!("{field}: above the maximum of {}.", param("max")),
        ("not_an_option", Lang::Vi) => format!("{field}: {} điểm không phải một mức của tiêu chí (các mức: {}).", param("value"), param("options")),
        ("not_an_option", Lang::En) => format!("{field}: {} points is not one of the criterion's options ({}).", param("value"), param("options")),
        ("invalid_points", Lang::Vi) => format!("{field}: điểm phải là số nguyên không âm (nhận được {}).", param("value")),
        ("invalid_points", Lang::En) => format!("{field}: points must be a whole number, not negative (got {}).", param("value")),
        ("scorecard_mismatch", Lang::Vi) => format!("{field}: sản phẩm này không chấm theo phiên bản phiếu {}.", param("value")),
        ("scorecard_mismatch", Lang::En) => format!("{field}: this product is not scored on scorecard version {}.", param("value")),
        ("not_an_ocop_subject", Lang::Vi) => format!("{field}: chủ thể OCOP phải là hợp tác xã, tổ hợp tác, doanh nghiệp hoặc hộ kinh doanh."),
        ("not_an_ocop_subject", Lang::En) => format!("{field}: an OCOP subject is a cooperative, a cooperative group, an enterprise or a household business."),
        ("organisation_not_active", Lang::Vi) => format!("{field}: chủ thể «{}» không còn hoạt động.", param("value")),
        ("organisation_not_active", Lang::En) => format!("{field}: the subject «{}» is not active.", param("value")),
        ("before_opening", Lang::Vi) => format!("{field}: không được trước ngày mở đợt {}.", param("date")),
        ("before_opening", Lang::En) => format!("{field}: cannot be before the round opened {}.", param("date")),
        ("unknown_product", Lang::Vi) => format!("{field}: không có sản phẩm «{}» trong sổ đăng ký.", param("value")),
        ("unknown_product", Lang::En) => format!("{field}: there is no product «{}» in the registry.", param("value")),
        ("round_closed", Lang::Vi) => format!("{field}: đợt «{}» đã hết hạn nhận hồ sơ hoặc đã có quyết định.", param("value")),
        ("round_closed", Lang::En) => format!("{field}: round «{}» no longer receives applications.", param("value")),
        ("outside_round_province", Lang::Vi) => format!("{field}: chủ thể ở {}, ngoài tỉnh của đợt đánh giá.", param("value")),
        ("outside_round_province", Lang::En) => format!("{field}: the subject is in {}, outside the round's province.", param("value")),
        ("group_of_other_scheme", Lang::Vi) => format!("{field}: sản phẩm đang xếp theo nhóm của quyết định cũ; hãy chọn nhóm theo Quyết định {} trước khi đăng ký.", param("value")),
        ("group_of_other_scheme", Lang::En) => format!("{field}: the product is in a group of the former decision; choose its group under Decision {} before applying.", param("value")),
        ("already_certified", Lang::Vi) => format!("{field}: sản phẩm đang có giấy chứng nhận còn hiệu lực; hãy đăng ký nâng hạng hoặc công nhận lại."),
        ("already_certified", Lang::En) => format!("{field}: the product holds a valid certificate; apply for an upgrade or re-recognition."),
        ("no_certificate", Lang::Vi) => format!("{field}: sản phẩm chưa có giấy chứng nhận OCOP để công nhận lại hay nâng hạng."),
        ("no_certificate", Lang::En) => format!("{field}: the product has no OCOP certificate to renew or upgrade."),
        ("already_top", Lang::Vi) => format!("{field}: sản phẩm đã đạt 5 sao."),
        ("already_top", Lang::En) => format!("{field}: the product already holds five stars."),
        ("already_applied", Lang::Vi) => format!("{field}: sản phẩm đã đăng ký trong đợt này."),
        ("already_applied", Lang::En) => format!("{field}: the product has already applied in this round."),
        ("round_decided", Lang::Vi) => format!("{field}: đợt đã có quyết định công nhận, không thay đổi được."),
        ("round_decided", Lang::En) => format!("{field}: the round has been decided and can no longer change."),
        ("application_withdrawn", Lang::Vi) => format!("{field}: hồ sơ đã rút."),
        ("application_withdrawn", Lang::En) => format!("{field}: the application was withdrawn."),
        ("unknown_application", Lang::Vi) => format!("{field}: hồ sơ {} không thuộc đợt này.", param("value")),
        ("unknown_application", Lang::En) => format!("{field}: application {} is not in this round.", param("value")),
        ("certificate_not_earned", Lang::Vi) => format!("{field}: «{}» không đạt hạng để cấp giấy chứng nhận.", param("value")),
        ("certificate_not_earned", Lang::En) => format!("{field}: «{}» earns no certificate.", param("value")),
        ("unscored_applications", Lang::Vi) => format!("{field}: còn sản phẩm chưa được chấm điểm: {}.", param("value")),
        ("unscored_applications", Lang::En) => format!("{field}: some products are not scored yet: {}.", param("value")),
        ("duplicate_certificate_number", Lang::Vi) => format!("{field}: số «{}» đã được dùng cho giấy chứng nhận khác.", param("value")),
        ("duplicate_certificate_number", Lang::En) => format!("{field}: number «{}» is already used by another certificate.", param("value")),
        ("invalid_period", Lang::Vi) => format!("{field}: không đọc được kỳ «{}» (viết 2024, 2024-H1, 2024-Q3 hoặc 2024-05).", param("value")),
        ("invalid_period", Lang::En) => format!("{field}: cannot read the period «{}» (write 2024, 2024-H1, 2024-Q3 or 2024-05).", param("value")),
        ("period_end_before_start", Lang::Vi) => format!("{field}: ngày kết thúc trước ngày bắt đầu {}.", param("date")),
        ("period_end_before_start", Lang::En) => format!("{field}: the period ends before it starts on {}.", param("date")),
        ("period_in_future", Lang::Vi) => format!("{field}: kỳ báo cáo bắt đầu ngày {}, chưa đến.", param("date")),
        ("period_in_future", Lang::En) => format!("{field}: the period starts on {}, which has not come yet.", param("date")),
        ("unknown_indicator", Lang::Vi) => format!("{field}: không có chỉ tiêu «{}» trong danh mục.", param("value")),
        ("unknown_indicator", Lang::En) => format!("{field}: there is no indicator «{}» in the catalogue.", param("value")),
        ("indicator_derived", Lang::Vi) => format!("{field}: chỉ tiêu «{}» được tính từ các chỉ tiêu khác, không nhập trực tiếp.", param("value")),
        ("indicator_derived", Lang::En) => format!("{field}: «{}» is worked out from other indicators and cannot be entered.", param("value")),
        ("unknown_place", Lang::Vi) => format!("{field}: không có địa bàn «{}».", param("value")),
        ("unknown_place", Lang::En) => format!("{field}: there is no place «{}».", param("value")),
        ("malformed", Lang::Vi) => format!("{field}: không đọc được dữ liệu gửi lên ({}).", param("detail")),
        ("malformed", Lang::En) => format!("{field}: the data sent could not be read ({}).", param("detail")),
        (other, Lang::Vi) => format!("{field}: không hợp lệ ({other})."),
        (other, Lang::En) => format!("{field}: invalid ({other})."),
    };
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FieldErrors;

    #[test]
    fn messages_name_the_field_and_quote_params() {
        let mut errors = FieldErrors::new();
        errors.add_with("name", "too_long", vec![("max", "255".into())]);
        let e = &errors.0[0];
        assert_eq!(error_message(e, Lang::Vi), "Tên: dài quá 255 ký tự.");
        assert_eq!(error_message(e, Lang::En), "Name: longer than 255 characters.");
        errors.add_with("points.A1.2", "above_max", vec![("max", "3".into())]);
        assert_eq!(
            error_message(&errors.0[1], Lang::Vi),
            "Tiêu chí A1.2: vượt điểm tối đa 3."
        );
    }

    #[test]
    fn parses_accept_language_prefixes() {
        assert_eq!(Lang::parse("en-GB"), Some(Lang::En));
        assert_eq!(Lang::parse("vi"), Some(Lang::Vi));
        assert_eq!(Lang::parse("fr"), None);
    }
}
