//! The words of the pages in both languages, and small helpers that templates call. Field names come
//! from the domain's catalogue so that a form label and an error message never disagree.

use hoptac_core::i18n::{error_message, field_label};
use hoptac_core::{FieldErrors, Lang};

/// The words of an area's pages: Vietnamese then English for a key, or `None`.
pub type Words = fn(&str) -> Option<(&'static str, &'static str)>;

/// Translates page text into the request's language: an area's own words first, then the
/// platform's.
#[derive(Debug, Clone, Copy)]
pub struct Tr {
    lang: Lang,
    area: Option<Words>,
}

impl Tr {
    /// The platform's words.
    pub fn new(lang: Lang) -> Tr {
        Tr { lang, area: None }
    }

    /// An area's words, falling back on the platform's.
    pub fn with(lang: Lang, area: Words) -> Tr {
        Tr {
            lang,
            area: Some(area),
        }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn code(&self) -> &'static str {
        self.lang.code()
    }

    pub fn is_vi(&self) -> bool {
        self.lang == Lang::Vi
    }

    /// The text for `key`; the key itself when it has none, which the template test catches.
    pub fn s(&self, key: &str) -> &'static str {
        if let Some(field) = key.strip_prefix("field.") {
            let label = field_label(field, self.lang);
            if label != field_label("", self.lang) {
                return label;
            }
        }
        match self.area.and_then(|words| words(key)).or_else(|| text(key)) {
            Some((vi, en)) => self.lang.pick(vi, en),
            None => leak_key(key),
        }
    }
}

/// Unknown keys are shown as themselves; interned so `s` can keep returning `&'static str`.
fn leak_key(key: &str) -> &'static str {
    static UNKNOWN: std::sync::OnceLock<std::sync::Mutex<Vec<&'static str>>> = std::sync::OnceLock::new();
    let mut seen = UNKNOWN
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(k) = seen.iter().find(|k| **k == key) {
        return k;
    }
    let leaked: &'static str = Box::leak(key.to_owned().into_boxed_str());
    seen.push(leaked);
    leaked
}

/// Every page text, Vietnamese then English.
pub fn text(key: &str) -> Option<(&'static str, &'static str)> {
    Some(match key {
        "app.tagline" => ("Kinh tế tập thể", "Collective economy"),
        "app.footer" => ("Hệ thống thông tin kinh tế tập thể, hợp tác xã", "Information system of the collective economy"),
        "nav.skip" => ("Bỏ qua, tới nội dung chính", "Skip to the main content"),
        "nav.main" => ("Điều hướng chính", "Main navigation"),
        "nav.home" => ("Trang chủ", "Home"),
        "nav.registry" => ("Sổ đăng ký", "Registry"),
        "nav.units" => ("Đơn vị hành chính", "Administrative units"),
        "auth.sign_in" => ("Đăng nhập", "Sign in"),
        "auth.sign_out" => ("Đăng xuất", "Sign out"),
        "account.title" => ("Tài khoản", "Account"),
        "account.password" => ("Đổi mật khẩu", "Change the password"),
        "account.password_hint" => ("Ít nhất 10 ký tự. Các phiên đăng nhập khác của bạn sẽ bị đóng.", "At least 10 characters. Your other sessions will be closed."),
        "account.password_changed" => ("Đã đổi mật khẩu. Các phiên đăng nhập khác đã bị đóng.", "Password changed. Your other sessions have been closed."),
        "account.change_password" => ("Đổi mật khẩu", "Change password"),
        "account.tokens" => ("Mã truy cập API", "API tokens"),
        "account.tokens_lead" => (
            "Cho phần mềm khác dùng API với quyền của bạn: gửi mã trong tiêu đề Authorization: Bearer. Thu hồi mã khi không dùng nữa.",
            "Let other software use the API with your rights: send the token as Authorization: Bearer. Revoke a token you no longer use.",
        ),
        "account.token_once" => ("Mã truy cập mới. Hãy sao chép ngay: mã không được lưu và không thể xem lại.", "Your new token. Copy it now: it is not stored and cannot be shown again."),
        "account.create_token" => ("Tạo mã", "Create token"),
        "account.token_start" => ("Bắt đầu bằng", "Starts with"),
        "account.created" => ("Ngày tạo", "Created"),
        "account.last_used" => ("Dùng lần cuối", "Last used"),
        "account.revoked" => ("Đã thu hồi", "Revoked"),
        "account.revoke" => ("Thu hồi", "Revoke"),
        "nav.users" => ("Người dùng", "Users"),
        "users.title" => ("Người dùng và vai trò", "People and roles"),
        "access.revoke" => ("Thu hồi", "Revoke"),
        "access.pending" => ("(lời mời chưa nhận)", "(invitation not yet accepted)"),
        "access.whole_country" => ("Toàn quốc", "Whole country"),
        "access.no_role" => ("Không giao vai trò", "No role"),
        "access.province_scope" => ("Tỉnh/thành phố (cán bộ Liên minh)", "Province (Alliance officer)"),
        "access.commune_scope" => ("Xã/phường: mã hoặc tên (cán bộ xã)", "Commune: code or name (commune officer)"),
        "access.organisation_scope" => ("Mã tổ chức (người quản lý, bên mua)", "Organisation number (manager, buyer)"),
        "access.scope_hint" => (
            "Mỗi vai trò có một phạm vi: cán bộ Liên minh HTX theo tỉnh (hoặc toàn quốc), cán bộ xã theo từng xã/phường, người quản lý và bên mua theo tổ chức (số trên địa chỉ trang của tổ chức). Cán bộ một tỉnh mới thấy cả các tổ chức đăng ký tại tỉnh cũ đã hợp nhất; với xã, hãy giao thêm từng xã cũ (trước 1/7/2025) đã nhập vào xã mới. Thay đổi có hiệu lực ngay ở lần truy cập kế tiếp.",
            "Each role has a scope: Alliance officers a province (or the whole country), commune officers each commune, managers and buyers an organisation (the number in its page's address). An officer of a new province also sees the organisations registered in the old provinces merged into it; for communes, grant each old commune (before 1 July 2025) that became part of the new one. Changes apply from the holder's next request.",
        ),
        "access.grant_title" => ("Giao vai trò cho tài khoản đã có", "Grant a role to an existing account"),
        "access.grant" => ("Giao vai trò", "Grant role"),
        "access.roles_title" => ("Vai trò đang giao", "Roles held"),
        "access.no_roles" => ("Chưa có vai trò nào trong phạm vi của bạn.", "No roles within your scope yet."),
        "access.holder" => ("Người nhận", "Holder"),
        "access.granted" => ("Ngày giao", "Granted on"),
        "access.your_roles" => ("Vai trò của bạn", "Your roles"),
        "users.invite" => ("Mời người dùng mới", "Invite a new user"),
        "users.send_invitation" => ("Tạo lời mời", "Create invitation"),
        "users.invite_hint" => (
            "Hệ thống tạo một đường dẫn dùng một lần, hiệu lực 7 ngày, để gửi cho người được mời qua thư điện tử hoặc tin nhắn.",
            "The system makes a one-time link, valid 7 days, to pass on to the person by e-mail or message.",
        ),
        "users.link_for" => ("Đường dẫn cho", "Link for"),
        "users.link_once" => ("Đường dẫn chỉ hiện lần này và chỉ dùng được một lần.", "The link is shown this once and works once."),
        "users.open_links" => ("Đường dẫn chưa dùng", "Links not yet used"),
        "users.kind" => ("Loại", "Kind"),
        "users.kind_invitation" => ("Lời mời", "Invitation"),
        "users.kind_reset" => ("Đặt lại mật khẩu", "Password reset"),
        "users.expires" => ("Hết hạn", "Expires"),
        "users.accounts" => ("Tài khoản", "Accounts"),
        "users.admin" => ("Quản trị", "Administrator"),
        "users.reset" => ("Tạo đường dẫn đặt lại mật khẩu", "Make a password reset link"),
        "invite.title" => ("Tạo tài khoản", "Create your account"),
        "invite.reset_title" => ("Đặt mật khẩu mới", "Set a new password"),
        "invite.password_hint" => ("Ít nhất 10 ký tự.", "At least 10 characters."),
        "invite.create_account" => ("Tạo tài khoản", "Create account"),
        "invite.set_password" => ("Đặt mật khẩu", "Set password"),
        "error.link_not_valid_title" => ("Đường dẫn không dùng được", "Link not valid"),
        "error.link_not_valid" => (
            "Đường dẫn này không dùng được: có thể đã hết hạn hoặc đã được dùng. Hãy đề nghị người quản trị tạo đường dẫn mới.",
            "This link cannot be used: it may have expired or been used already. Ask an administrator for a new one.",
        ),
        "nav.audit" => ("Nhật ký thay đổi", "Audit trail"),
        "audit.title" => ("Nhật ký thay đổi", "Audit trail"),
        "audit.lead" => (
            "Mọi thay đổi dữ liệu: ai, lúc nào, từ đâu, và giá trị trước và sau. Nhật ký không thể sửa hay xóa.",
            "Every change to the data: who, when, from where, and the values before and after. The trail cannot be edited or deleted.",
        ),
        "audit.actor" => ("Người thực hiện", "Person"),
        "audit.entity" => ("Loại bản ghi", "Record type"),
        "audit.entity_id" => ("Mã bản ghi", "Record id"),
        "audit.organisation" => ("Mã tổ chức", "Organisation id"),
        "audit.from" => ("Từ ngày", "From"),
        "audit.to" => ("Đến ngày", "To"),
        "audit.count" => ("{n} thay đổi.", "{n} changes."),
        "audit.field" => ("Mục", "Field"),
        "audit.before" => ("Trước", "Before"),
        "audit.after" => ("Sau", "After"),
        "audit.action.create" => ("Thêm", "Created"),
        "audit.action.update" => ("Sửa", "Edited"),
        "audit.action.delete" => ("Xóa", "Deleted"),
        "audit.action.status" => ("Đổi tình trạng", "Changed the status of"),
        "audit.entity.organisation" => ("tổ chức", "organisation"),
        "audit.entity.member" => ("thành viên", "member"),
        "audit.entity.yearly_figures" => ("số liệu năm", "yearly figures"),
        "audit.entity.role_grant" => ("vai trò", "role"),
        "auth.throttled" => (
            "Quá nhiều lần đăng nhập không thành công. Hãy thử lại sau {minutes} phút.",
            "Too many failed sign-ins. Try again in {minutes} minutes.",
        ),
        "auth.failed" => ("Tên đăng nhập hoặc mật khẩu không đúng.", "Wrong username or password."),
        "home.title" => ("Kinh tế tập thể trên địa bàn", "The collective economy at a glance"),
        "home.lead" => (
            "Sổ đăng ký tổ hợp tác, hợp tác xã, liên hiệp hợp tác xã, trang trại và các chủ thể liên quan, với thành viên và số liệu hằng năm.",
            "The registry of cooperative groups, cooperatives, unions, farms and related businesses, with their members and yearly figures.",
        ),
        "filter.search" => ("Tìm kiếm", "Search"),
        "filter.all" => ("Tất cả", "All"),
        "filter.flags" => ("Đặc điểm", "Features"),
        "action.filter" => ("Lọc", "Filter"),
        "action.clear" => ("Bỏ lọc", "Clear"),
        "action.edit" => ("Sửa", "Edit"),
        "action.save" => ("Lưu", "Save"),
        "action.cancel" => ("Hủy", "Cancel"),
        "registry.filters" => ("Bộ lọc", "Filters"),
        "era.2025" => ("Đơn vị hành chính từ 1/7/2025", "Units from 1 July 2025"),
        "era.2008" => ("Đơn vị hành chính trước 1/7/2025", "Units before 1 July 2025"),
        "pager.label" => ("Phân trang", "Pages"),
        "pager.prev" => ("Trang trước", "Previous"),
        "pager.next" => ("Trang sau", "Next"),
        "detail.province_old" => ("Tỉnh trước 1/7/2025", "Province before 1 July 2025"),
        "form.fix_errors" => ("Vui lòng sửa các mục sau", "Please correct the following"),
        "units.title" => ("Đơn vị hành chính", "Administrative units"),
        "units.lead" => ("34 tỉnh, thành phố từ 1/7/2025 và 63 tỉnh, thành phố trước đó đã hợp nhất vào.", "The 34 provinces from 1 July 2025 and the 63 provinces that merged into them."),
        "units.communes" => ("xã, phường", "communes"),
        "units.all_provinces" => ("Tất cả tỉnh, thành phố", "All provinces"),
        "units.code" => ("Mã", "Code"),
        "units.district" => ("Mã huyện", "District code"),
        "units.province_2025" => ("Tỉnh, thành phố (từ 1/7/2025)", "Province (from 1 July 2025)"),
        "units.formed_from" => ("Hợp nhất từ", "Formed from"),
        "error.not_found_title" => ("Không tìm thấy", "Not found"),
        "error.forbidden_title" => ("Không được phép", "Not allowed"),
        "error.forbidden" => (
            "Vai trò của bạn không cho phép việc này với hồ sơ này.",
            "Your role does not allow this on this record.",
        ),
        "error.not_found" => ("Không có trang hoặc bản ghi này.", "There is no such page or record."),
        "error.internal_title" => ("Có lỗi xảy ra", "Something went wrong"),
        "error.internal" => ("Hệ thống gặp lỗi khi xử lý yêu cầu. Lỗi đã được ghi lại; vui lòng thử lại sau.", "The system failed to handle the request. The error has been logged; please try again later."),
        "error.form_not_accepted_title" => ("Biểu mẫu không được chấp nhận", "Form not accepted"),
        "error.form_not_accepted" => (
            "Biểu mẫu này không được gửi từ một trang của hệ thống, hoặc đã cũ. Hãy quay lại, tải lại trang và gửi lại.",
            "This form was not sent from a page of this system, or is out of date. Go back, reload the page and send it again.",
        ),
        "error.bad_request_title" => ("Yêu cầu không đọc được", "Request not understood"),
        "error.bad_request" => ("Dữ liệu gửi lên không phải là một biểu mẫu hợp lệ.", "What was sent is not a valid form."),
        "error.refused_title" => ("Không thực hiện được", "Not done"),
        "error.refused" => ("Yêu cầu không được thực hiện vì:", "The request was not carried out because:"),
        "error.sign_in_required" => ("Cần đăng nhập để thực hiện thao tác này.", "Sign in to do this."),
        "audit.entity.ocop_scorecard" => ("bộ tiêu chí OCOP", "OCOP scorecard"),
        "audit.entity.ocop_product" => ("sản phẩm OCOP", "OCOP product"),
        "audit.entity.ocop_self_assessment" => ("phiếu tự đánh giá OCOP", "OCOP self-assessment"),
        "audit.entity.ocop_round" => ("đợt đánh giá OCOP", "OCOP round"),
        "audit.entity.ocop_application" => ("hồ sơ OCOP", "OCOP application"),
        "audit.entity.ocop_sheet" => ("phiếu chấm OCOP", "OCOP scoring sheet"),
        "audit.entity.report_entry" => ("số liệu nhập cho báo cáo", "entered report figure"),
        "audit.entity.report_target" => ("chỉ tiêu kế hoạch", "plan target"),
        _ => return None,
    })
}

/// The page frame's facts: who is signed in and where to come back to.
pub struct Chrome {
    pub user_name: Option<String>,
    pub here_encoded: String,
    /// The anti-forgery token every form on the page carries.
    pub csrf: String,
    pub is_admin: bool,
    /// Administrators and officers, who invite people and grant roles.
    pub manages_people: bool,
    /// The areas' links the person sees, as (address, label).
    pub nav: Vec<(&'static str, &'static str)>,
}

impl Chrome {
    pub fn new(ctx: &crate::ctx::Ctx) -> Chrome {
        Chrome {
            user_name: ctx.user.as_ref().map(|u| u.display_name.clone()),
            here_encoded: url_encode(&ctx.here),
            csrf: ctx.csrf.clone(),
            is_admin: ctx.user.as_ref().is_some_and(|u| u.is_admin),
            manages_people: ctx.user.is_some() && ctx.access.grants_anything(),
            nav: ctx.nav.clone(),
        }
    }
}

/// A form's field errors, worded in the user's language.
pub struct FormErrors {
    lang: Lang,
    errors: FieldErrors,
}

impl FormErrors {
    pub fn new(lang: Lang, errors: FieldErrors) -> FormErrors {
        FormErrors { lang, errors }
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn has(&self, field: &str) -> bool {
        self.errors.for_field(field).is_some()
    }

    pub fn get(&self, field: &str) -> Option<String> {
        self.errors.for_field(field).map(|e| error_message(e, self.lang))
    }

    /// (field, message) for the summary at the top of a form, each linking to its input.
    pub fn summary(&self) -> Vec<(String, String)> {
        self.errors
            .iter()
            .map(|e| (e.field.clone(), error_message(e, self.lang)))
            .collect()
    }
}

/// Percent-encodes a value for a query string.
pub fn url_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// (code, label) pairs for a select.
pub fn options<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
) -> Vec<(&'static str, &'static str)> {
    all.iter().map(|v| (code(*v), label(*v))).collect()
}

/// The `t.s("...")` keys of the templates in `dir` that `tr` has no words for in one of the two
/// languages, as "key (lang)": every area's template test asks this of its own templates.
pub fn untranslated(dir: &std::path::Path, tr: fn(Lang) -> Tr) -> Vec<String> {
    let mut missing = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return vec![format!("{} cannot be read", dir.display())];
    };
    for entry in entries.flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        for part in text.split("t.s(\"").skip(1) {
            let key = part.split('"').next().unwrap_or_default();
            for lang in [Lang::Vi, Lang::En] {
                if tr(lang).s(key) == key {
                    missing.push(format!("{key} ({})", lang.code()));
                }
            }
        }
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_key_is_translated() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let missing = untranslated(&dir, Tr::new);
        assert!(missing.is_empty(), "untranslated: {missing:?}");
    }

    #[test]
    fn encodes_query_values() {
        assert_eq!(
            url_encode("/organisations?q=tiến linh"),
            "/organisations%3Fq%3Dti%E1%BA%BFn%20linh"
        );
    }
}
