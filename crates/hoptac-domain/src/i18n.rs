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
    pub fn pick(self, vi: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

/// Defines a closed vocabulary: an enum whose values have a stable code (used in URLs, JSON and the
/// database) and a label in each language.
#[macro_export]
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal, $vi:literal, $en:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
                 serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $code)] $variant,)+
        }

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
    let field = field_label(&error.field, lang);
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
    }

    #[test]
    fn parses_accept_language_prefixes() {
        assert_eq!(Lang::parse("en-GB"), Some(Lang::En));
        assert_eq!(Lang::parse("vi"), Some(Lang::Vi));
        assert_eq!(Lang::parse("fr"), None);
    }
}
