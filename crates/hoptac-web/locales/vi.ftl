### The platform's pages: the frame, signing in, accounts, people and roles, the audit trail.
### Tiếng Việt.
app-tagline = Kinh tế tập thể
app-footer = Hệ thống thông tin kinh tế tập thể, hợp tác xã

nav-skip = Bỏ qua, tới nội dung chính
nav-main = Điều hướng chính
nav-home = Trang chủ
nav-units = Đơn vị hành chính

auth-sign_in = Đăng nhập
auth-form_kept = Phiên làm việc đã hết hạn: nội dung bạn nhập vẫn được giữ. Đăng nhập lại, biểu mẫu sẽ hiện ra với nội dung đó.
auth-sign_out = Đăng xuất

account-title = Tài khoản
account-password = Đổi mật khẩu
account-password_hint = Ít nhất 10 ký tự. Các phiên đăng nhập khác của bạn sẽ bị đóng, và các mã truy cập API bị thu hồi trừ khi bạn chọn giữ lại.
account-password_changed = Đã đổi mật khẩu. Các phiên đăng nhập khác đã bị đóng.
field-keep_tokens = Giữ lại các mã truy cập API của tôi
account-change_password = Đổi mật khẩu
account-tokens = Mã truy cập API
account-tokens_lead = Cho phần mềm khác dùng API với quyền của bạn: gửi mã trong tiêu đề Authorization: Bearer. Thu hồi mã khi không dùng nữa.
account-token_once = Mã truy cập mới. Hãy sao chép ngay: mã không được lưu và không thể xem lại.
account-create_token = Tạo mã
account-token_start = Bắt đầu bằng
account-created = Ngày tạo
account-last_used = Dùng lần cuối
account-revoked = Đã thu hồi
account-revoke = Thu hồi

nav-users = Người dùng

users-title = Người dùng và vai trò

access-revoke = Thu hồi
access-pending = (lời mời chưa nhận)
access-whole_country = Toàn quốc
access-no_role = Không giao vai trò
access-province_scope = Tỉnh/thành phố (cán bộ Liên minh)
access-commune_scope = Xã/phường: mã hoặc tên (cán bộ xã)
access-organisation_scope = Tổ chức: tên hoặc số (người quản lý, bên mua)
access-scope_hint = Mỗi vai trò có một phạm vi: cán bộ Liên minh HTX theo tỉnh (hoặc toàn quốc), cán bộ xã theo từng xã/phường, người quản lý và bên mua theo tổ chức (gõ tên tổ chức, không cần dấu, rồi chọn trong gợi ý). Cán bộ một tỉnh mới thấy cả các tổ chức đăng ký tại tỉnh cũ đã hợp nhất; với xã, hãy giao thêm từng xã cũ (trước 1/7/2025) đã nhập vào xã mới. Thay đổi có hiệu lực ngay ở lần truy cập kế tiếp.
access-grant_title = Giao vai trò cho tài khoản đã có
access-grant = Giao vai trò
access-roles_title = Vai trò đang giao
access-no_roles = Chưa có vai trò nào trong phạm vi của bạn.
access-holder = Người nhận
access-granted = Ngày giao
access-your_roles = Vai trò của bạn

users-invite = Mời người dùng mới
users-send_invitation = Tạo lời mời
users-invite_hint = Hệ thống tạo một đường dẫn dùng một lần, hiệu lực 7 ngày, để gửi cho người được mời qua thư điện tử hoặc tin nhắn.
users-link_for = Đường dẫn cho
users-link_once = Đường dẫn chỉ hiện lần này và chỉ dùng được một lần.
users-open_links = Đường dẫn chưa dùng
users-kind = Loại
users-kind_invitation = Lời mời
users-kind_reset = Đặt lại mật khẩu
users-expires = Hết hạn
users-accounts = Tài khoản
users-admin = Quản trị
users-reset = Tạo đường dẫn đặt lại mật khẩu

invite-title = Tạo tài khoản
invite-reset_title = Đặt mật khẩu mới
invite-password_hint = Ít nhất 10 ký tự.
invite-create_account = Tạo tài khoản
invite-set_password = Đặt mật khẩu

error-link_not_valid_title = Đường dẫn không dùng được
error-link_not_valid = Đường dẫn này không dùng được: có thể đã hết hạn hoặc đã được dùng. Hãy đề nghị người quản trị tạo đường dẫn mới.

nav-audit = Nhật ký thay đổi

audit-title = Nhật ký thay đổi
audit-lead = Mọi thay đổi dữ liệu: ai, lúc nào, từ đâu, và giá trị trước và sau. Nhật ký không thể sửa hay xóa.
audit-actor = Người thực hiện
audit-entity = Loại bản ghi
audit-entity_id = Mã bản ghi
audit-organisation = Tổ chức (tên hoặc mã số)
audit-organisation_name = Tổ chức
audit-when = Thời điểm
audit-address = Địa chỉ máy
audit-what = Thay đổi
audit-export = Tải về (CSV)
audit-from = Từ ngày
audit-to = Đến ngày
audit-count = { $n } thay đổi.
audit-field = Mục
audit-before = Trước
audit-after = Sau
audit-action-create = Thêm
audit-action-update = Sửa
audit-action-delete = Xóa
audit-action-status = Đổi tình trạng
audit-entity-role_grant = vai trò
audit-action-sign_in = Đăng nhập
audit-action-sign_in_failed = Đăng nhập không thành công
audit-action-password_change = Đổi mật khẩu
audit-action-revoke = Thu hồi
audit-action-accept = Dùng đường dẫn
audit-entity-account = tài khoản
audit-entity-api_token = mã truy cập API
audit-entity-invitation = lời mời / đường dẫn đặt lại mật khẩu

auth-throttled = Quá nhiều lần đăng nhập không thành công. Hãy thử lại sau { $minutes } phút.
auth-failed = Tên đăng nhập hoặc mật khẩu không đúng.

home-title = Kinh tế tập thể trên địa bàn
home-lead = Sổ đăng ký tổ hợp tác, hợp tác xã, liên hiệp hợp tác xã, trang trại và các chủ thể liên quan, với thành viên và số liệu hằng năm.

filter-search = Tìm kiếm
filter-all = Tất cả
filter-more = Lọc thêm
filter-flags = Đặc điểm

action-filter = Lọc
action-clear = Bỏ lọc
action-edit = Sửa
action-save = Lưu
action-cancel = Hủy

registry-filters = Bộ lọc

era-2025 = Đơn vị hành chính từ 1/7/2025
era-2008 = Đơn vị hành chính trước 1/7/2025

pager-label = Phân trang
pager-prev = Trang trước
pager-next = Trang sau

detail-province_old = Tỉnh trước 1/7/2025

form-fix_errors = Vui lòng sửa các mục sau
form-conflict_title = Hồ sơ vừa được người khác lưu
form-conflict = Trong lúc bạn sửa, hồ sơ đã được lưu lúc { $when }.
form-conflict_saved = Bản đã lưu
form-conflict_yours = Bản bạn nhập
form-conflict_next = Biểu mẫu giữ những gì bạn nhập ở các trường đó. Hãy chọn giá trị cần giữ rồi bấm Lưu.
form-conflict_taken = Các thay đổi của bản đã lưu ở những trường bạn không sửa đã được đưa vào biểu mẫu: { $fields }.
form-conflict_both = Các trường dưới đây cả hai cùng sửa, với giá trị khác nhau:
form-conflict_none = Không có trường nào cả hai cùng sửa. Hãy xem lại biểu mẫu rồi bấm Lưu.
form-restored = Nội dung bạn nhập trước khi đăng nhập lại đã được điền lại vào biểu mẫu dưới đây. Hãy kiểm tra rồi bấm Lưu.

units-title = Đơn vị hành chính
units-lead = 34 tỉnh, thành phố từ 1/7/2025 và 63 tỉnh, thành phố trước đó đã hợp nhất vào.
units-communes = xã, phường
units-all_provinces = Tất cả tỉnh, thành phố
units-code = Mã
units-district = Mã huyện
units-province_2025 = Tỉnh, thành phố (từ 1/7/2025)
units-formed_from = Hợp nhất từ

error-not_found_title = Không tìm thấy
error-forbidden_title = Không được phép
error-forbidden = Vai trò của bạn không cho phép việc này với hồ sơ này.
error-not_found = Không có trang hoặc bản ghi này.
error-internal_title = Có lỗi xảy ra
error-internal = Hệ thống gặp lỗi khi xử lý yêu cầu. Lỗi đã được ghi lại; vui lòng thử lại sau.
error-form_not_accepted_title = Biểu mẫu không được chấp nhận
error-form_not_accepted = Biểu mẫu này không được gửi từ một trang của hệ thống, hoặc đã cũ. Hãy quay lại, tải lại trang và gửi lại.
error-method_not_allowed_title = Không dùng được địa chỉ này như vậy
error-method_not_allowed = Địa chỉ này chỉ nhận biểu mẫu gửi từ trang của hệ thống.
error-bad_request_title = Yêu cầu không đọc được
error-bad_request = Dữ liệu gửi lên không phải là một biểu mẫu hợp lệ.
error-submission_in_progress = Yêu cầu này đã được gửi và đang được xử lý; hãy chờ một lát rồi tải lại trang.
error-busy_title = Hệ thống đang bận
error-busy = Cơ sở dữ liệu đang bận với các thao tác khác; chưa có gì được ghi. Vui lòng thử lại sau vài giây.
error-too_large_title = Dữ liệu gửi lên quá lớn
error-too_large = Dữ liệu gửi lên vượt quá mức hệ thống nhận: { $megabytes } MB cho một biểu mẫu, { $upload } MB cho một tệp tải lên (bảng tính, tài liệu, ảnh).
error-unsupported_media_type = Nội dung gửi lên phải là JSON (Content-Type: application/json).
error-refused_title = Không thực hiện được
error-refused = Yêu cầu không được thực hiện vì:
error-sign_in_required = Cần đăng nhập để thực hiện thao tác này.

## Words of documents and views
audit-yes = Có
audit-no = Không
field-If-Match = Tiêu đề If-Match
field-Idempotency-Key = Tiêu đề Idempotency-Key
field-q = Từ khóa tìm kiếm

## Asking before what cannot be undone
confirm-cannot_undo = Việc này không thể hoàn tác.
confirm-can_undo = Ngay sau đó, trang sẽ cho phép hoàn tác nếu bạn đổi ý.
confirm-go_on = Đồng ý, thực hiện
confirm-go_back = Không, quay lại
confirm-q-generic = Thực hiện thao tác này?
confirm-q-delete_member = Xóa thành viên này khỏi danh sách?
confirm-q-delete_figures = Xóa số liệu năm này?
confirm-q-withdraw_application = Rút hồ sơ đăng ký đánh giá OCOP này?
confirm-q-revoke_role = Thu hồi vai trò này?
confirm-q-revoke_token = Thu hồi mã truy cập API này? Các chương trình đang dùng mã sẽ không truy cập được nữa.
confirm-q-delete_entry = Xóa số liệu đã nhập này?
confirm-q-delete_target = Xóa chỉ tiêu kế hoạch này?
confirm-q-delete_template = Xóa mẫu này?
audit-export_cut = Tệp chỉ có { $n } thay đổi mới nhất trong { $total } thay đổi khớp bộ lọc; hãy lọc hẹp hơn (theo ngày, người, tổ chức) để tải phần còn lại.

## The one search
search-title = Tìm kiếm
search-words = Tên tổ chức, sản phẩm hoặc số giấy chứng nhận
search-hint = ví dụ: che tan cuong
search-go = Tìm
search-nothing = Không tìm thấy gì khớp với «{ $q }».
nav-search = Tìm kiếm

# Notifications
nav-notifications = Thông báo
notify-title = Thông báo
notify-lead = Những điều gửi tới đơn vị của bạn: nhu cầu mua phù hợp với sản phẩm, tin nhắn trao đổi, hợp đồng chờ ký. Mỗi thông báo cũng được gửi thư tới địa chỉ thư điện tử của đơn vị khi hệ thống có máy chủ thư.
notify-count = Có { $n } thông báo.
notify-unread = chưa đọc
notify-read_all = Đánh dấu tất cả đã đọc
