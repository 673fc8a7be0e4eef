"""Writes bac-kan-ocop-2024.xlsx: the former Bắc Kạn's list of OCOP products with their certificates
and its table of collective-economy indicators for 2024, in the layout provinces keep them (title
block, two-row merged headings, a row of column numbers, district sections, a signature block).
The subjects are cooperatives of bac-kan-htx-2024.xlsx; its problems are deliberate (a 2-star
product, a subject not in the registry, a ratio entered as a figure, an indicator not in the
catalogue). Run with openpyxl: python3 make-ocop-sample.py"""

import datetime
import openpyxl
from openpyxl.styles import Alignment, Font

wb = openpyxl.Workbook()
ws = wb.active
ws.title = "San pham OCOP"
bold = Font(bold=True)


def title(sheet, lines, width):
    for i, text in enumerate(lines, start=1):
        sheet.cell(row=i, column=1, value=text).font = bold
        sheet.merge_cells(start_row=i, start_column=1, end_row=i, end_column=width)
        sheet.cell(row=i, column=1).alignment = Alignment(horizontal="center")


title(ws, [
    "UBND TỈNH BẮC KẠN",
    "DANH SÁCH SẢN PHẨM OCOP TỈNH BẮC KẠN ĐẾN NĂM 2024",
    "(Kèm theo Báo cáo số 152/BC-LMHTX ngày 20/12/2024 của Liên minh HTX tỉnh)",
], 10)
top = ["STT", "Tên sản phẩm", "Chủ thể", "Mã số thuế", "Nhóm sản phẩm", "Hạng sao",
       "Quyết định công nhận", None, "Ngày hết hạn", "Ghi chú"]
sub = [None, None, None, None, None, None, "Số", "Ngày", None, None]
for col, text in enumerate(top, start=1):
    ws.cell(row=5, column=col, value=text).font = bold
for col, text in enumerate(sub, start=1):
    if text:
        ws.cell(row=6, column=col, value=text).font = bold
ws.merge_cells("G5:H5")
for col in [1, 2, 3, 4, 5, 6, 9, 10]:
    ws.merge_cells(start_row=5, start_column=col, end_row=6, end_column=col)
for col in range(1, 11):
    ws.cell(row=7, column=col, value=f"({col})")

d = datetime.datetime
rows = [
    ("I", "HUYỆN CHỢ ĐỒN"),
    (1, "Gạo Bao Thai Chợ Đồn", "HTX Gạo Bao Thai Quyết Thắng", "5398977857", "Thực phẩm", "3 sao",
     "1250/QĐ-UBND", d(2020, 7, 15), d(2023, 7, 15), None),
    (2, "Gạo Bao Thai Chợ Đồn", "HTX Gạo Bao Thai Quyết Thắng", "5398977857", "Thực phẩm", "4 sao",
     "1830/QĐ-UBND", "20/09/2023", "20/09/2026", "Công nhận lại, nâng hạng"),
    ("II", "HUYỆN NA RÌ"),
    (3, "Gạo Bao Thai Văn Minh", "Hợp tác xã Gạo Bao Thai Phú Lộc", None, "Thực phẩm", 3,
     "1830/QĐ-UBND", "20/09/2023", None, None),
    ("III", "HUYỆN NGÂN SƠN"),
    (4, "Chè Shan tuyết Đồng Tâm", "HTX Chè Đồng Tâm", None, "Đồ uống", "★★★★",
     "1520/QĐ-UBND", d(2024, 8, 28), d(2027, 8, 28), None),
    (5, "Miến dong Nà Phặc", "HTX Miến dong Tân Tiến trấn Nà Phặc", 2606077692, "Thực phẩm", "3 sao",
     "2105/QĐ-UBND", "12/10/2022", "12/10/2025", None),
    ("IV", "HUYỆN PÁC NẶM"),
    (6, "Bí xanh thơm Bằng Thành", "HTX Dịch vụ nông nghiệp Thành Công Bằng Thành", 5710139559,
     "Thực phẩm", "2 sao", "1520/QĐ-UBND", "28/08/2024", None, "Chưa đạt 3 sao"),
    ("V", "HUYỆN BẠCH THÔNG"),
    (7, "Cam quýt Núi Rừng", "HTX Cam quýt Núi Rừng", None, "Thực phẩm", "3 sao",
     "1520/QĐ-UBND", "28/08/2024", "28/08/2027", None),
    ("VI", "THÀNH PHỐ BẮC KẠN"),
    (8, "Mật ong bạc hà Bắc Kạn", "Hợp tác xã Mật ong Xanh", "0472485799", "Thực phẩm", "4 sao",
     "1520/QĐ-UBND", "28/08/2024", "28/08/2027", None),
    (9, "Cam sành Bắc Kạn", "HTX Nông sản Bắc Sơn", None, "Thực phẩm", "3 sao",
     "1520/QĐ-UBND", "28/08/2024", "28/08/2027", None),
]
r = 8
for row in rows:
    for col, value in enumerate(row, start=1):
        ws.cell(row=r, column=col, value=value)
    r += 1
r += 1
ws.cell(row=r, column=3, value="NGƯỜI LẬP BIỂU").font = bold
ws.cell(row=r, column=8, value="CHỦ TỊCH").font = bold

ws = wb.create_sheet("Chi tieu 2024")
title(ws, [
    "UBND TỈNH BẮC KẠN",
    "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU PHÁT TRIỂN KINH TẾ TẬP THỂ NĂM 2024",
    "(Kèm theo Báo cáo số 152/BC-LMHTX ngày 20/12/2024 của Liên minh HTX tỉnh)",
], 6)
for col, text in enumerate(["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch năm 2024",
                            "Thực hiện năm 2024", "Ghi chú"], start=1):
    ws.cell(row=5, column=col, value=text).font = bold
for col in range(1, 7):
    ws.cell(row=6, column=col, value=f"({col})")
rows = [
    ("I", "TỔ HỢP TÁC, HỢP TÁC XÃ"),
    (1, "Số hợp tác xã đang hoạt động", "HTX", 180, 176, None),
    (2, "Số hợp tác xã thành lập mới", "HTX", 15, 17, None),
    (3, "Thành viên hợp tác xã", "Thành viên", "9.500", "9.812", None),
    (4, "Số tổ hợp tác", "THT", 420, 431, None),
    (5, "Lao động thường xuyên", "Người", "3.000", "3.125", None),
    (6, "Tổng doanh thu của HTX", "triệu đồng", "450.000", "463.250,5", None),
    (7, "Thu nhập bình quân của người lao động", "triệu đồng/người/năm", 48, "49,5", None),
    ("II", "SẢN PHẨM OCOP, TRANG TRẠI"),
    (8, "Sản phẩm OCOP từ 3 sao trở lên", "Sản phẩm", 190, 196, None),
    (9, "Số trang trại", "Trang trại", 250, 248, None),
    (10, "Tỷ lệ HTX hoạt động hiệu quả", "%", 60, 62, None),
]
r = 7
for row in rows:
    for col, value in enumerate(row, start=1):
        ws.cell(row=r, column=col, value=value)
    r += 1
r += 1
ws.cell(row=r, column=2, value="NGƯỜI LẬP BIỂU").font = bold
ws.cell(row=r, column=5, value="CHỦ TỊCH").font = bold

wb.save("bac-kan-ocop-2024.xlsx")
