### The registry's pages, fields and checks.
### Tiếng Việt.
field-short_name = Tên viết tắt
field-tax_code = Mã số thuế
field-registration_number = Số đăng ký
field-registration_date = Ngày đăng ký
field-founding_date = Ngày thành lập
field-sectors = Ngành nghề
field-address = Địa chỉ
field-commune_province = Tỉnh/thành phố của xã/phường
field-sector = Ngành nghề
field-is_new_model = HTX kiểu mới
field-is_on_ecommerce = Trên sàn thương mại điện tử của Liên minh HTX
field-member_kind = Thành viên là
field-on = Tại ngày
field-founded_year = Năm thành lập
field-representative_name = Người đại diện theo pháp luật
field-representative_title = Chức danh
field-website = Trang web
field-charter_capital = Vốn điều lệ
field-status = Tình trạng
field-status_since = Từ ngày
field-effective_date = Ngày hiệu lực
field-reason = Lý do
field-full_name = Họ tên / tên thành viên
field-id_number = Số định danh / mã số thuế
field-birth_date = Ngày sinh
field-birth_year = Năm sinh
field-gender = Giới tính
field-membership = Loại thành viên
field-joined_on = Ngày gia nhập
field-left_on = Ngày ra khỏi
field-capital_contribution = Vốn góp
field-members = Số thành viên
field-regular_workers = Lao động thường xuyên
field-revenue = Doanh thu
field-profit = Lợi nhuận
field-average_income = Thu nhập bình quân người lao động
field-rating = Xếp loại

auth-sign_in_to_edit = Đăng nhập để cập nhật thông tin.

access-managers = Người quản lý trên hệ thống
access-no_managers = Chưa có tài khoản nào quản lý tổ chức này.
access-add_manager = Mời hoặc giao quyền quản lý

detail-figures_private = Số liệu hằng năm chỉ hiện với người được giao quản lý tổ chức này.
detail-changes = Lịch sử cập nhật
detail-changes_count = { $shown } thay đổi gần nhất trên tổng số { $n } thay đổi.
detail-all_changes = Xem toàn bộ trong nhật ký

home-active_now = Đang hoạt động
home-count_on_date = Đếm số đang hoạt động tại một ngày

filter-on = Tại ngày
filter-search_hint = Tên, tên viết tắt hoặc mã số thuế; gõ có dấu hay không dấu đều được
filter-founded_year = Năm thành lập
filter-sort = Sắp xếp

sort-name = Tên
sort-founded = Thành lập mới nhất
sort-updated = Cập nhật gần nhất

action-count = Đếm
action-delete = Xóa

registry-title = Sổ đăng ký tổ chức
registry-new = Thêm tổ chức
registry-count = Tìm thấy { $n } tổ chức.
registry-count_on = Tìm thấy { $n } tổ chức tại ngày { $date }.

era-2008_short = đơn vị cũ

pager-text = Trang { $page }/{ $pages }

detail-since = từ ngày
detail-compliance = Chưa đáp ứng quy định
detail-members = Thành viên
detail-members_private = Danh sách thành viên chỉ hiện với người được giao quản lý tổ chức này.
detail-no_members = Chưa có thành viên nào được ghi nhận.
detail-no_members_kind = Loại hình này không có thành viên.
detail-figures = Số liệu hằng năm
detail-no_figures = Chưa có số liệu.
detail-money_unit = Số tiền tính bằng đồng.
detail-history = Quá trình hoạt động
detail-recorded = Ngày cập nhật

status-change = Ghi nhận thay đổi tình trạng

form-identity = Thông tin đăng ký
form-address = Trụ sở
form-contacts = Người đại diện và liên hệ
form-more = Vốn và đặc điểm

hint-tax_code = 10 chữ số (có chữ số kiểm tra), 10 chữ số kèm -001 cho đơn vị phụ thuộc, hoặc 12 chữ số định danh cá nhân với hộ kinh doanh.
hint-commune = Nhập mã 5 chữ số hoặc tên xã/phường (chọn tỉnh để thu hẹp).
hint-money = Đơn vị: đồng, ví dụ 1.500.000.000

org-new_title = Thêm tổ chức
org-edit_title = Sửa thông tin tổ chức

member-new = Thêm thành viên
member-new_title = Thêm thành viên
member-edit_title = Sửa thông tin thành viên
member-delete_hint = Chỉ xóa khi ghi nhầm. Thành viên ra khỏi tổ chức thì ghi ngày ra khỏi.
member-cap_hint = Tối đa { $percent }% vốn điều lệ: { $cap } đồng.
member-no_cap = Vốn điều lệ chưa ghi nhận nên chưa kiểm tra mức góp tối đa.
member-birth_year_hint = Khi không biết ngày sinh, chỉ ghi năm sinh.

figures-new = Thêm số liệu năm
figures-new_title = Thêm số liệu năm
figures-edit_title = Sửa số liệu năm { $year }

check-id_taken = { $field }: số này đã thuộc về bản ghi khác, không thể khôi phục bản ghi đã xóa dưới số cũ.
check-invalid_tax_code = { $field }: phải gồm 10 chữ số, 10 chữ số kèm mã đơn vị phụ thuộc (-001), hoặc 12 chữ số định danh cá nhân.
check-tax_code_check_digit = { $field }: chữ số kiểm tra không đúng, hãy soát lại mã số thuế.
check-personal_tax_code_not_allowed = { $field }: loại hình này dùng mã số thuế tổ chức 10 chữ số, không dùng số định danh cá nhân.
check-duplicate_tax_code = { $field }: mã số thuế { $value } đã được dùng cho tổ chức khác.
check-after_organisation_ended = { $field }: sau ngày tổ chức giải thể hoặc phá sản ({ $value }).
check-before_founding = { $field }: không được trước ngày thành lập.
check-before_joining = { $field }: không được trước ngày gia nhập.
check-before_last_status = { $field }: không được trước lần thay đổi tình trạng gần nhất ({ $date }).
check-after_status_change = { $field }: sau một lần thay đổi tình trạng đã ghi ({ $date }).
check-status_final = { $field }: tổ chức đã giải thể hoặc phá sản, không thể đổi tình trạng.
check-status_unchanged = { $field }: tổ chức đang ở tình trạng này.
check-flag_not_applicable = { $field }: chỉ áp dụng cho hợp tác xã và liên hiệp hợp tác xã.
check-under_age = { $field }: thành viên là cá nhân phải đủ 18 tuổi khi gia nhập.
check-invalid_year = { $field }: phải là một năm từ { $min } đến { $max }.
check-differs_from_birth_date = { $field }: khác với năm của ngày sinh ({ $value }).
check-gender_of_a_person_only = { $field }: chỉ ghi cho thành viên là cá nhân.
check-member_kind_not_allowed = { $field }: thành viên của liên hiệp hợp tác xã phải là pháp nhân (hợp tác xã).
check-members_not_applicable = { $field }: loại hình này không có thành viên.
check-capital_cap_exceeded = { $field }: vốn góp { $value } vượt mức tối đa { $percent }% vốn điều lệ ({ $cap }).
check-year_out_of_range = { $field }: năm phải từ { $min } đến { $max }.
check-duplicate_year = { $field }: đã có số liệu năm { $value }.

nav-registry = Sổ đăng ký
audit-entity-organisation = tổ chức
audit-entity-member = thành viên
audit-entity-yearly_figures = số liệu năm

## MemberKind
MemberKind-person = Cá nhân
MemberKind-household = Hộ gia đình
MemberKind-coop_group = Tổ hợp tác
MemberKind-legal_entity = Pháp nhân

## Membership
Membership-official = Thành viên chính thức
Membership-associate = Thành viên liên kết

Gender-male = Nam
Gender-female = Nữ

## YearlyRating
YearlyRating-good = Tốt
YearlyRating-fair = Khá
YearlyRating-average = Trung bình
YearlyRating-weak = Yếu
YearlyRating-not_rated = Chưa xếp loại
ProposalState-pending = Chờ duyệt
ProposalState-accepted = Đã chấp nhận
ProposalState-rejected = Không chấp nhận
ProposalState-withdrawn = Đã rút
org-identity_proposed = Loại hình, mã số thuế, số và ngày đăng ký, ngày thành lập và xã/phường là thông tin pháp lý do cơ quan quản lý xác nhận: thay đổi các trường này sẽ được gửi thành đề nghị để cán bộ phụ trách duyệt; các trường khác được lưu ngay.
proposal-title = Đề nghị thay đổi thông tin pháp lý đang chờ duyệt
proposal-by = { $who } đề nghị lúc { $when }.
proposal-now = Hiện tại
proposal-proposed = Đề nghị
proposal-accept = Chấp nhận thay đổi
proposal-reject = Không chấp nhận
proposal-withdraw = Rút đề nghị
detail-members_search = Tìm thành viên theo tên
detail-members_found = { $count ->
    [one] Tìm thấy { $count } thành viên.
   *[other] Tìm thấy { $count } thành viên.
}
registry-export = Tải về (các cột đọc lại được khi nhập):
registry-export_xlsx = Danh sách (Excel)
registry-export_csv = Danh sách (CSV)
registry-export_members_xlsx = Thành viên (Excel)
registry-export_members_csv = Thành viên (CSV)
field-current_commune = Xã, phường từ 1/7/2025
detail-current_commune_unknown = chưa có trong bảng chuyển đổi xã cũ sang xã mới
detail-current_commune_unsettled = chưa xác định (xã cũ đã chia cho nhiều xã mới)
detail-split_title = Xã cũ đã chia cho nhiều xã mới
detail-split_text = Từ 1/7/2025, địa bàn xã cũ của tổ chức thuộc các xã, phường:
detail-split_suggested = Gợi ý theo địa chỉ của tổ chức; hãy kiểm tra trước khi lưu.
detail-split_settle = Lưu xã, phường mới
check-not_a_successor = { $field }: «{ $value }» không phải một xã, phường mới mà xã cũ của tổ chức đã nhập vào.
check-not_split = { $field }: xã cũ của tổ chức không bị chia, xã mới đã xác định theo bảng chuyển đổi.
registry-export_year = Số liệu năm
check-implausible_change = { $field }: { $value } chênh hơn 100 lần so với số liệu năm { $year } ({ $previous }). Hãy kiểm tra đơn vị (đồng, nghìn đồng, triệu đồng) và số chữ số 0; nếu số liệu đúng, đánh dấu «Tôi đã kiểm tra» rồi lưu lại.
figures-unusual_checked = Tôi đã kiểm tra, số liệu trên là đúng
home-your_work = Việc cần làm
home-figures_missing = Nhập số liệu năm { $year } của { $name }
home-proposal_waiting = Xét đề nghị thay đổi thông tin pháp lý của { $name } (do { $proposer } gửi)
audit-entity-identity_proposal = đề nghị thay đổi thông tin pháp lý
search-organisations = Tổ chức ({ $n })
search-all_organisations = Xem cả { $n } tổ chức trong sổ đăng ký

undo-member_removed = Đã xóa thành viên «{ $name }».
undo-figures_removed = Đã xóa số liệu năm { $year }.
undo-action = Hoàn tác
undo-member_restored = Đã khôi phục thành viên.
undo-figures_restored = Đã khôi phục số liệu năm { $year }.
