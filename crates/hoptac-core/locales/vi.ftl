### What every area says: the names of shared fields and the messages of shared checks.
### Tiếng Việt.
field-kind = Loại hình
field-stars = Số sao
field-page = Trang
field-per_page = Số dòng mỗi trang
field-query = Tham số địa chỉ
field-name = Tên
field-commune = Xã/phường
field-province = Tỉnh/thành phố (từ 1/7/2025)
field-old_province = Tỉnh/thành phố (trước 1/7/2025)
field-commune_code = Mã xã/phường
field-phone = Điện thoại
field-email = Thư điện tử
field-username = Tên đăng nhập
field-password = Mật khẩu
field-current_password = Mật khẩu hiện tại
field-new_password = Mật khẩu mới
field-contact = Thư điện tử hoặc số điện thoại
field-display_name = Họ tên hiển thị
field-token_name = Tên mã truy cập
field-body = Nội dung yêu cầu
field-role = Vai trò
field-scope = Phạm vi
field-user_id = Tài khoản
field-invitation_id = Lời mời
field-organisation_id = Tổ chức
field-commune_era = Thời kỳ đơn vị hành chính
field-is_value_chain = Gắn với chuỗi giá trị
field-description = Giới thiệu
field-year = Năm
field-source = Nguồn số liệu
field-sort = Sắp xếp theo
field-era = Thời kỳ đơn vị hành chính
field-entity = Loại bản ghi
field-organisation = Tổ chức
field-of_row = { $field } ({ $list }, dòng { $n })
field-unknown = Trường dữ liệu
field-criterion = Tiêu chí
field-id = Mã bản ghi
field-issued_on = Ngày cấp
field-prefix = Phần đầu của mã
field-state = Trạng thái
field-withdrawn_on = Ngày rút

check-required = { $field }: bắt buộc nhập.
check-too_long = { $field }: dài quá { $max } ký tự.
check-file_damaged = { $field }: tệp ảnh bị hỏng hoặc không đọc được; hãy chụp hoặc lưu lại ảnh rồi tải lên.
check-file_not_chosen = { $field }: chưa chọn tệp.
check-file_empty = { $field }: tệp rỗng, không có nội dung.
check-file_too_large = { $field }: tệp lớn quá { $megabytes } MB.
check-file_type_not_allowed = { $field }: nội dung tệp không phải loại được nhận ({ $allowed }); loại tệp được xét theo nội dung, không theo tên tệp.
check-invalid_date = { $field }: ngày không hợp lệ (dùng dd/mm/yyyy).
check-in_future = { $field }: không được sau ngày hôm nay.
check-too_early = { $field }: ngày quá xa trong quá khứ.
check-invalid_number-min = { $field }: phải là số nguyên từ { $min } trở lên.
check-invalid_number = { $field }: phải là số nguyên (ví dụ 1.500.000).
check-negative = { $field }: không được âm.
check-invalid_choice = { $field }: giá trị «{ $value }» không có trong danh mục.
check-unknown_commune = { $field }: không tìm thấy xã/phường «{ $value }» trong danh mục.
check-ambiguous_commune = { $field }: có nhiều xã/phường tên «{ $value }», hãy nhập mã 5 chữ số.
check-invalid_email = { $field }: địa chỉ thư điện tử không hợp lệ.
check-invalid_phone = { $field }: số điện thoại phải có 8 đến 15 chữ số.
check-invalid_username = { $field }: chỉ gồm chữ không dấu, chữ số và . _ - @ (tối đa 64 ký tự).
check-password_too_short = { $field }: cần ít nhất { $min } ký tự.
check-invalid_contact = { $field }: cần một địa chỉ thư điện tử hoặc số điện thoại.
check-wrong_password = { $field }: không đúng.
check-username_taken = { $field }: tên đăng nhập này đã có người dùng.
check-outside_scope = { $field }: «{ $value }» nằm ngoài phạm vi được giao cho bạn.
check-not_grantable = { $field }: bạn không được giao vai trò này ở phạm vi đã chọn.
check-assigned_in_round = { $field }: thành viên hội đồng OCOP được phân công từ đợt đánh giá.
check-unknown_organisation = { $field }: không tìm thấy tổ chức «{ $value }».
check-several_organisations_match = { $field }: có { $count } tổ chức khớp với «{ $value }»: { $choices }. Hãy gõ đủ tên, hoặc chép một tên kèm số (#…) ở trên.
check-buyer_not_enterprise = { $field }: bên mua phải là một doanh nghiệp trong sổ đăng ký.
check-unknown_account = { $field }: không có tài khoản «{ $value }».
check-already_granted = { $field }: tài khoản này đã có vai trò này ở phạm vi đó.
check-malformed = { $field }: không đọc được dữ liệu gửi lên ({ $detail }).
check-stale = { $field }: hồ sơ đã được người khác sửa sau khi bạn mở (nay là phiên bản { $current }); hãy tải lại, xem thay đổi của họ rồi sửa lại.
check-differs_from_if_match = { $field }: khác với phiên bản ghi trong If-Match ({ $value }); chỉ gửi một phiên bản.
field-version = Phiên bản
check-control_characters = { $field }: có ký tự điều khiển (không nhìn thấy được), hãy gõ lại.
check-damaged_text = { $field }: chữ đã bị hỏng trước khi gửi lên (có ký tự «�»); hãy gõ lại hoặc lưu tệp theo bảng mã UTF-8.
check-invalid_flag = { $field }: chỉ nhận «true» hoặc «false».
check-too_many_words = { $field }: nhiều quá { $max } từ; hãy tìm bằng ít từ hơn.
check-other = { $field }: không hợp lệ ({ $code }).

## OrgKind
OrgKind-tht = Tổ hợp tác
OrgKind-htx = Hợp tác xã
OrgKind-lhhtx = Liên hiệp hợp tác xã
OrgKind-farm = Trang trại
OrgKind-enterprise = Doanh nghiệp
OrgKind-household_business = Hộ kinh doanh

## Sector
Sector-agriculture = Nông, lâm, ngư nghiệp
Sector-industry_handicraft = Công nghiệp, tiểu thủ công nghiệp
Sector-trade_services = Thương mại, dịch vụ
Sector-transport = Vận tải
Sector-construction = Xây dựng
Sector-credit = Quỹ tín dụng nhân dân
Sector-environment = Vệ sinh môi trường
Sector-other = Lĩnh vực khác

## OrgStatus
OrgStatus-active = Đang hoạt động
OrgStatus-suspended = Tạm ngừng hoạt động
OrgStatus-dissolved = Giải thể
OrgStatus-bankrupt = Phá sản

## Role
Role-alliance_officer = Cán bộ Liên minh HTX
Role-commune_officer = Cán bộ xã/phường
Role-manager = Người quản lý tổ chức
Role-buyer = Bên mua (doanh nghiệp)
Role-evaluator = Thành viên hội đồng OCOP
check-too_large = { $field }: «{ $value }» lớn quá mức có thể (tối đa { $max }); hãy kiểm tra con số và đơn vị ghi ở tiêu đề cột.

unit-dong = đồng
check-hidden_characters = { $field }: có ký tự ẩn làm đổi cách hiển thị chữ (ký tự đổi chiều viết, ký tự không độ rộng), hãy gõ lại.
check-not_a_web_address = { $field }: «{ $value }» không phải địa chỉ trang web (cần dạng https://ten-mien.vn/...).
