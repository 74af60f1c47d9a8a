<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi">
<context>
    <name>AssistBar</name>
    <message>
        <location filename="../assist_bar.py" line="53"/>
        <source>Trở lại chữ cỡ thường</source>
        <translation>Back to normal text</translation>
    </message>
    <message>
        <location filename="../assist_bar.py" line="56"/>
        <source>Chữ to, tương phản cao</source>
        <translation>Large text, high contrast</translation>
    </message>
    <message>
        <location filename="../assist_bar.py" line="57"/>
        <source>Cần trợ giúp</source>
        <translation>Need help</translation>
    </message>
</context>
<context>
    <name>ConfirmScreen</name>
    <message>
        <location filename="../screens/confirm.py" line="53"/>
        <source>Đây có phải là bạn không?</source>
        <translation>Is this you?</translation>
    </message>
    <message>
        <location filename="../screens/confirm.py" line="54"/>
        <source>Họ và tên:</source>
        <translation>Full name:</translation>
    </message>
    <message>
        <location filename="../screens/confirm.py" line="55"/>
        <source>Năm sinh:</source>
        <translation>Year of birth:</translation>
    </message>
    <message>
        <location filename="../screens/confirm.py" line="56"/>
        <source>Số căn cước:</source>
        <translation>ID number:</translation>
    </message>
    <message>
        <location filename="../screens/confirm.py" line="57"/>
        <source>✔  Đúng, tiếp tục</source>
        <translation>✔  Yes, continue</translation>
    </message>
    <message>
        <location filename="../screens/confirm.py" line="58"/>
        <source>Không phải tôi</source>
        <translation>This is not me</translation>
    </message>
    <message>
        <location filename="../screens/confirm.py" line="72"/>
        <source>Đọc từ chip, thẻ đã được xác thực.</source>
        <translation>Read from the chip; the card is authenticated.</translation>
    </message>
    <message>
        <location filename="../screens/confirm.py" line="73"/>
        <source>Đọc từ chip.</source>
        <translation>Read from the chip.</translation>
    </message>
    <message>
        <location filename="../screens/confirm.py" line="74"/>
        <source>Đọc từ mã QR trên thẻ căn cước.</source>
        <translation>Read from the QR code on the ID card.</translation>
    </message>
    <message>
        <location filename="../screens/confirm.py" line="75"/>
        <source>Đọc từ mã QR trên thẻ BHYT.</source>
        <translation>Read from the QR code on the insurance card.</translation>
    </message>
    <message>
        <location filename="../screens/confirm.py" line="76"/>
        <source>Theo số bạn đã nhập.</source>
        <translation>From the number you typed.</translation>
    </message>
    <message>
        <location filename="../screens/confirm.py" line="1"/>
        <source>Số thẻ BHYT:</source>
        <translation>Insurance card no.:</translation>
    </message>
</context>
<context>
    <name>CounterScreen</name>
    <message>
        <location filename="../screens/notices.py" line="90"/>
        <source>Mời bạn đến quầy tiếp đón</source>
        <translation>Please go to the reception counter</translation>
    </message>
    <message>
        <location filename="../screens/notices.py" line="91"/>
        <source>Nhân viên đã nhận thông tin và sẽ giúp bạn. Bạn không cần làm lại.</source>
        <translation>The staff have your details and will help you. You do not need to start again.</translation>
    </message>
    <message>
        <location filename="../screens/notices.py" line="92"/>
        <source>Đã hiểu</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../screens/notices.py" line="98"/>
        <source>Thẻ của bạn cần được nhân viên kiểm tra.</source>
        <translation>Your card needs to be checked by the staff.</translation>
    </message>
    <message>
        <location filename="../screens/notices.py" line="1"/>
        <source>Số của bạn ở quầy: %1</source>
        <translation>Your number at the counter: %1</translation>
    </message>
    <message>
        <location filename="../screens/notices.py" line="1"/>
        <source>Đang in phiếu…</source>
        <translation>Printing your slip…</translation>
    </message>
    <message>
        <location filename="../screens/notices.py" line="1"/>
        <source>Mời bạn lấy phiếu ở khe bên dưới và mang đến quầy.</source>
        <translation>Please take the slip from the slot below and bring it to the counter.</translation>
    </message>
    <message>
        <location filename="../screens/notices.py" line="1"/>
        <source>Không in được phiếu: hãy nhớ số của bạn.</source>
        <translation>The slip could not be printed: please remember your number.</translation>
    </message>
</context>
<context>
    <name>DepartmentScreen</name>
    <message>
        <location filename="../screens/department.py" line="41"/>
        <source>Bạn muốn khám ở đâu? Chạm vào một khoa:</source>
        <translation>Where would you like to be seen? Touch a department:</translation>
    </message>
    <message>
        <location filename="../screens/department.py" line="63"/>
        <source>Phòng</source>
        <translation>Room</translation>
    </message>
</context>
<context>
    <name>HealthTab</name>
    <message>
        <location filename="../station/health.py" line="34"/>
        <source>Bộ phận</source>
        <translation>Part</translation>
    </message>
    <message>
        <location filename="../station/health.py" line="34"/>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../station/health.py" line="34"/>
        <source>Chi tiết</source>
        <translation>Detail</translation>
    </message>
    <message>
        <location filename="../station/health.py" line="35"/>
        <source>Kiểm tra lại</source>
        <translation>Check again</translation>
    </message>
    <message>
        <location filename="../station/health.py" line="39"/>
        <source>◷ Đang kiểm tra…</source>
        <translation>◷ Checking…</translation>
    </message>
    <message>
        <location filename="../station/health.py" line="53"/>
        <source>Tổng thể: </source>
        <translation>Overall: </translation>
    </message>
</context>
<context>
    <name>HelpOverlay</name>
    <message>
        <location filename="../help_overlay.py" line="45"/>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../help_overlay.py" line="47"/>
        <source>Chưa gọi được nhân viên</source>
        <translation>Staff could not be called</translation>
    </message>
    <message>
        <location filename="../help_overlay.py" line="48"/>
        <source>Vui lòng đến quầy tiếp đón, nhân viên sẽ giúp bạn.</source>
        <translation>Please go to the reception counter; staff there will help you.</translation>
    </message>
    <message>
        <location filename="../help_overlay.py" line="50"/>
        <source>Đã báo nhân viên</source>
        <translation>Staff have been told</translation>
    </message>
    <message>
        <location filename="../help_overlay.py" line="51"/>
        <source>Nhân viên đang đến giúp bạn. Vui lòng chờ tại máy này.</source>
        <translation>A staff member is coming to help you. Please wait at this kiosk.</translation>
    </message>
    <message>
        <location filename="../help_overlay.py" line="53"/>
        <source>Đang gọi nhân viên…</source>
        <translation>Calling a staff member…</translation>
    </message>
    <message>
        <location filename="../help_overlay.py" line="54"/>
        <source>Vui lòng chờ tại máy này.</source>
        <translation>Please wait at this kiosk.</translation>
    </message>
</context>
<context>
    <name>IdleScreen</name>
    <message>
        <location filename="../screens/idle.py" line="50"/>
        <source>Xin chào! Mời bạn làm thủ tục khám bệnh</source>
        <translation>Welcome! Check in for your visit here</translation>
    </message>
    <message>
        <location filename="../screens/idle.py" line="51"/>
        <source>Đặt thẻ căn cước lên đầu đọc hoặc đưa mã QR vào camera</source>
        <translation>Place your ID card on the reader or show its QR code to the camera</translation>
    </message>
    <message>
        <location filename="../screens/idle.py" line="52"/>
        <source>Giữ mã QR (thẻ hoặc điện thoại) trong khung, cách camera khoảng 25 cm</source>
        <translation>Hold the QR code (card or phone) inside the square, about 25 cm from the camera</translation>
    </message>
    <message>
        <location filename="../screens/idle.py" line="87"/>
        <source>Đưa điện thoại lại gần hơn</source>
        <translation>Bring the phone closer</translation>
    </message>
    <message>
        <location filename="../screens/idle.py" line="88"/>
        <source>Tăng độ sáng màn hình</source>
        <translation>Turn up the screen brightness</translation>
    </message>
    <message>
        <location filename="../screens/idle.py" line="89"/>
        <source>Giữ yên</source>
        <translation>Hold still</translation>
    </message>
    <message>
        <location filename="../screens/idle.py" line="53"/>
        <source>⌨  Nhập số căn cước (12 số)</source>
        <translation>⌨  Type your ID number (12 digits)</translation>
    </message>
    <message>
        <location filename="../screens/idle.py" line="55"/>
        <location filename="../screens/idle.py" line="71"/>
        <source>Chưa có hình từ camera</source>
        <translation>No picture from the camera yet</translation>
    </message>
</context>
<context>
    <name>KeypadScreen</name>
    <message>
        <location filename="../screens/keypad.py" line="1"/>
        <source>Nhập ngày sinh của trẻ (ngày tháng năm, 8 số)</source>
        <translation>Type the child's date of birth (day month year, 8 digits)</translation>
    </message>
    <message>
        <location filename="../screens/keypad.py" line="1"/>
        <source>Nhập 12 số trên thẻ căn cước, hoặc 10 số bảo hiểm của trẻ dưới 6 tuổi</source>
        <translation>Type the 12 digits on your ID card, or the 10-digit insurance number of a child under 6</translation>
    </message>
    <message>
        <location filename="../screens/keypad.py" line="1"/>
        <source>Đủ 10 số bảo hiểm của trẻ. Bấm Xong, hoặc nhập tiếp nếu là số căn cước.</source>
        <translation>10-digit child's insurance number complete. Press Done, or keep typing if it is an ID number.</translation>
    </message>
    <message>
        <location filename="../screens/keypad.py" line="1"/>
        <source>Ví dụ: 10052023.</source>
        <translation>For example: 10052023.</translation>
    </message>
    <message>
        <location filename="../screens/keypad.py" line="55"/>
        <source>Xong</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../screens/keypad.py" line="56"/>
        <source>← Quay lại</source>
        <translation>← Back</translation>
    </message>
    <message>
        <location filename="../screens/keypad.py" line="75"/>
        <source>Đủ số. Bấm Xong.</source>
        <translation>Complete. Press Done.</translation>
    </message>
    <message>
        <location filename="../screens/keypad.py" line="79"/>
        <source>Còn thiếu {n} số.</source>
        <translation>{n} more digits needed.</translation>
    </message>
    <message>
        <location filename="../screens/keypad.py" line="1"/>
        <source>Nhập năm sinh (4 số)</source>
        <translation>Enter your year of birth (4 digits)</translation>
    </message>
    <message>
        <location filename="../screens/keypad.py" line="1"/>
        <source>Nhanh hơn: đưa mã QR trên thẻ căn cước hoặc thẻ BHYT vào camera, hoặc đặt thẻ gắn chip lên đầu đọc.</source>
        <translation>Faster: show the QR code on your ID card or health insurance card to the camera, or place your chip card on the reader.</translation>
    </message>
    <message>
        <location filename="../screens/keypad.py" line="1"/>
        <source>Ví dụ: 1988.</source>
        <translation>For example: 1988.</translation>
    </message>
</context>
<context>
    <name>KioskApp</name>
    <message>
        <location filename="../kiosk_app.py" line="152"/>
        <source>Camera chưa sẵn sàng: hãy dùng thẻ chip hoặc nhập số.</source>
        <translation>The camera is not ready: use the chip card or type the number.</translation>
    </message>
</context>
<context>
    <name>KioskController</name>
    <message>
        <location filename="../kiosk_controller.py" line="1"/>
        <source>Chỉ trẻ dưới 6 tuổi được dùng số bảo hiểm. Vui lòng nhập số căn cước.</source>
        <translation>Only children under 6 can use the insurance number. Please type the ID number.</translation>
    </message>
    <message>
        <location filename="../kiosk_controller.py" line="1"/>
        <source>Số căn cước hoặc năm sinh chưa đúng. Vui lòng nhập lại.</source>
        <translation>The ID number or year of birth is not right. Please enter them again.</translation>
    </message>
    <message>
        <location filename="../kiosk_controller.py" line="1"/>
        <source>Camera chưa đọc được mã QR trên thẻ. Hãy nhập 12 số căn cước, thẻ vẫn để trên đầu đọc.</source>
        <translation>The camera could not read the QR code on your card. Please type the 12-digit ID number and leave the card on the reader.</translation>
    </message>
    <message>
        <location filename="../kiosk_controller.py" line="1"/>
        <source>Đã nhận thẻ. Hãy nhập 12 số căn cước để đọc chip, thẻ vẫn để trên đầu đọc.</source>
        <translation>Card detected. Please type the 12-digit ID number so the chip can be read, and leave the card on the reader.</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../kiosk_window.py" line="84"/>
        <source>↺ Làm lại</source>
        <translation>↺ Start again</translation>
    </message>
    <message>
        <location filename="../kiosk_window.py" line="85"/>
        <source>English</source>
        <translation>Tiếng Việt</translation>
    </message>
    <message>
        <location filename="../kiosk_window.py" line="102"/>
        <source>🔊 Nghe lại</source>
        <translation>🔊 Listen again</translation>
    </message>
</context>
<context>
    <name>LookupTab</name>
    <message>
        <location filename="../station/lookup.py" line="64"/>
        <source>Số thẻ (CCCD, BHXH hoặc mã BHYT) / quét QR:</source>
        <translation>Card number (ID, social insurance or health-insurance code) / scan QR:</translation>
    </message>
    <message>
        <location filename="../station/lookup.py" line="65"/>
        <source>Họ và tên:</source>
        <translation>Full name:</translation>
    </message>
    <message>
        <location filename="../station/lookup.py" line="66"/>
        <source>Ngày sinh (dd/mm/yyyy hoặc năm):</source>
        <translation>Birth date (dd/mm/yyyy or year):</translation>
    </message>
    <message>
        <location filename="../station/lookup.py" line="68"/>
        <source>Tra cứu cổng BHXH</source>
        <translation>Look up on the VSS gateway</translation>
    </message>
    <message>
        <location filename="../station/lookup.py" line="69"/>
        <source>Chấp nhận / ghi đè…</source>
        <translation>Accept / override…</translation>
    </message>
    <message>
        <location filename="../station/lookup.py" line="96"/>
        <source>◷ Đang tra cứu…</source>
        <translation>◷ Looking up…</translation>
    </message>
    <message>
        <location filename="../station/lookup.py" line="126"/>
        <source>Ki-ốt: cho chọn khoa khám</source>
        <translation>Kiosk: lets the patient choose a department</translation>
    </message>
    <message>
        <location filename="../station/lookup.py" line="127"/>
        <source>Ki-ốt: báo đã có thẻ mới, rồi cho chọn khoa</source>
        <translation>Kiosk: says a new card exists, then lets the patient choose a department</translation>
    </message>
    <message>
        <location filename="../station/lookup.py" line="128"/>
        <source>Ki-ốt: báo nhân viên xác nhận mức hưởng, rồi cho chọn khoa hoặc đến quầy</source>
        <translation>Kiosk: says staff will confirm the benefit, then offers a department or the counter</translation>
    </message>
    <message>
        <location filename="../station/lookup.py" line="127"/>
        <source>Ki-ốt: hỏi giấy chuyển / phiếu hẹn khám lại, rồi tính mức hưởng</source>
        <translation>Kiosk: asks for a referral slip or re-visit appointment, then works out the benefit</translation>
    </message>
    <message>
        <location filename="../station/lookup.py" line="129"/>
        <source>Ki-ốt: vẫn đăng ký, thẻ được kiểm tra lại sau</source>
        <translation>Kiosk: registers anyway; the card is checked again later</translation>
    </message>
    <message>
        <location filename="../station/lookup.py" line="130"/>
        <source>Ki-ốt: mời đến quầy</source>
        <translation>Kiosk: sends the patient to the counter</translation>
    </message>
</context>
<context>
    <name>NameScreen</name>
    <message>
        <location filename="../screens/name_entry.py" line="62"/>
        <source>Nhập họ và tên</source>
        <translation>Type your full name</translation>
    </message>
    <message>
        <location filename="../screens/name_entry.py" line="63"/>
        <source>Không cần gõ dấu. Ví dụ: TRAN VAN BINH</source>
        <translation>No accents needed. Example: TRAN VAN BINH</translation>
    </message>
    <message>
        <location filename="../screens/name_entry.py" line="64"/>
        <source>Dấu cách</source>
        <translation>Space</translation>
    </message>
    <message>
        <location filename="../screens/name_entry.py" line="65"/>
        <source>Xong</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../screens/name_entry.py" line="66"/>
        <source>← Quay lại</source>
        <translation>← Back</translation>
    </message>
</context>
<context>
    <name>NewCardScreen</name>
    <message>
        <location filename="../screens/notices.py" line="108"/>
        <source>Bạn đã có thẻ BHYT mới</source>
        <translation>You have a new health-insurance card</translation>
    </message>
    <message>
        <location filename="../screens/notices.py" line="109"/>
        <source>Máy sẽ dùng thẻ mới cho lần khám này.</source>
        <translation>The kiosk will use the new card for this visit.</translation>
    </message>
    <message>
        <location filename="../screens/notices.py" line="110"/>
        <source>Tiếp tục</source>
        <translation>Continue</translation>
    </message>
    <message>
        <location filename="../screens/notices.py" line="111"/>
        <source>Đến quầy tiếp đón</source>
        <translation>Go to the reception counter</translation>
    </message>
    <message>
        <location filename="../screens/notices.py" line="116"/>
        <source>Thẻ bảo hiểm y tế của bạn còn hiệu lực theo thẻ mới.</source>
        <translation>Your health insurance is valid under your new card.</translation>
    </message>
</context>
<context>
    <name>NotMeScreen</name>
    <message>
        <location filename="../screens/notices.py" line="180"/>
        <source>Thông tin đã được xoá</source>
        <translation>Your details have been cleared</translation>
    </message>
    <message>
        <location filename="../screens/notices.py" line="181"/>
        <source>Hãy dùng thẻ của chính bạn, hoặc hỏi nhân viên ở quầy.</source>
        <translation>Please use your own card, or ask the staff at the counter.</translation>
    </message>
    <message>
        <location filename="../screens/notices.py" line="182"/>
        <source>Làm lại</source>
        <translation>Start again</translation>
    </message>
    <message>
        <location filename="../screens/notices.py" line="188"/>
        <source>Bạn đã chọn &quot;Không phải tôi&quot;.</source>
        <translation>You chose &quot;This is not me&quot;.</translation>
    </message>
</context>
<context>
    <name>OverrideTab</name>
    <message>
        <location filename="../station/override.py" line="1"/>
        <source>Giấy hẹn tái khám (mã hẹn):</source>
        <translation>Re-visit appointment (id):</translation>
    </message>
    <message>
        <location filename="../station/override.py" line="1"/>
        <source>◷ Đang kiểm tra giấy hẹn với hệ thống bệnh viện…</source>
        <translation>◷ Checking the appointment with the hospital system…</translation>
    </message>
    <message>
        <location filename="../station/override.py" line="1"/>
        <source>Giấy hẹn {id} đã được dùng hoặc không có trong hệ thống bệnh viện; xóa mã hẹn để đăng ký không kèm giấy hẹn.</source>
        <translation>Appointment {id} has already been used or is not in the hospital system; clear the appointment id to register without it.</translation>
    </message>
    <message>
        <location filename="../station/override.py" line="82"/>
        <source>Khoa:</source>
        <translation>Department:</translation>
    </message>
    <message>
        <location filename="../station/override.py" line="82"/>
        <source>Đăng ký là:</source>
        <translation>Register as:</translation>
    </message>
    <message>
        <location filename="../station/override.py" line="82"/>
        <source>Loại lý do:</source>
        <translation>Reason type:</translation>
    </message>
    <message>
        <location filename="../station/override.py" line="83"/>
        <source>Lý do (ít nhất 3 từ):</source>
        <translation>Reason (at least 3 words):</translation>
    </message>
    <message>
        <location filename="../station/override.py" line="83"/>
        <source>Nhân viên:</source>
        <translation>Staff member:</translation>
    </message>
    <message>
        <location filename="../station/override.py" line="84"/>
        <source>Ưu tiên:</source>
        <translation>Priority:</translation>
    </message>
    <message>
        <location filename="../station/override.py" line="86"/>
        <source>Giấy chuyển (số:mã CSKCB:ngày ký):</source>
        <translation>Referral slip (number:facility code:signing date):</translation>
    </message>
    <message>
        <location filename="../station/override.py" line="86"/>
        <source>Có BHYT (nhân viên xác nhận)</source>
        <translation>Insured (confirmed by staff)</translation>
    </message>
    <message>
        <location filename="../station/override.py" line="87"/>
        <source>Bệnh nhân dịch vụ (tự chi trả)</source>
        <translation>Service patient (self-paying)</translation>
    </message>
    <message>
        <location filename="../station/override.py" line="89"/>
        <source>Xác nhận mức hưởng (ĐKBĐ nơi khác)</source>
        <translation>Benefit confirmed (registered elsewhere)</translation>
    </message>
    <message>
        <location filename="../station/override.py" line="90"/>
        <source>Nhân viên đã kiểm tra thẻ/giấy tờ</source>
        <translation>Card/papers checked by staff</translation>
    </message>
    <message>
        <location filename="../station/override.py" line="91"/>
        <source>Bệnh nhân tự chi trả</source>
        <translation>Patient pays</translation>
    </message>
    <message>
        <location filename="../station/override.py" line="92"/>
        <source>Cấp cứu</source>
        <translation>Emergency</translation>
    </message>
    <message>
        <location filename="../station/override.py" line="93"/>
        <source>Khác</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../station/override.py" line="94"/>
        <source>Bệnh nhân ưu tiên</source>
        <translation>Priority patient</translation>
    </message>
    <message>
        <location filename="../station/override.py" line="95"/>
        <source>Chấp nhận / ghi đè và cấp số</source>
        <translation>Accept / override and issue a number</translation>
    </message>
    <message>
        <location filename="../station/override.py" line="96"/>
        <source>In lại phiếu</source>
        <translation>Reprint ticket</translation>
    </message>
    <message>
        <location filename="../station/override.py" line="98"/>
        <source>Chọn một lượt “đến quầy” trong danh sách hôm nay, hoặc tra cứu thẻ, rồi bấm “Chấp nhận / ghi đè”.</source>
        <translation>Pick a “go to the counter” check-in in today's list, or look a card up, then press “Accept / override”.</translation>
    </message>
    <message>
        <location filename="../station/override.py" line="160"/>
        <source>◷ Đang đăng ký…</source>
        <translation>◷ Registering…</translation>
    </message>
    <message>
        <location filename="../station/override.py" line="169"/>
        <source>Số thứ tự {n} · {dept} · phòng {room}</source>
        <translation>Number {n} · {dept} · room {room}</translation>
    </message>
    <message>
        <location filename="../station/override.py" line="180"/>
        <source>đã in</source>
        <translation>printed</translation>
    </message>
</context>
<context>
    <name>PendingScreen</name>
    <message>
        <location filename="../screens/notices.py" line="144"/>
        <source>Chưa kiểm tra được thẻ BHYT lúc này</source>
        <translation>Your insurance card cannot be checked right now</translation>
    </message>
    <message>
        <location filename="../screens/notices.py" line="145"/>
        <source>Bạn vẫn được lấy số. Máy sẽ tự kiểm tra lại thẻ khi có mạng.</source>
        <translation>You can still get a number. The kiosk will check your card again when the network is back.</translation>
    </message>
    <message>
        <location filename="../screens/notices.py" line="146"/>
        <source>Tiếp tục lấy số</source>
        <translation>Continue and get a number</translation>
    </message>
    <message>
        <location filename="../screens/notices.py" line="147"/>
        <source>Đến quầy tiếp đón</source>
        <translation>Go to the reception counter</translation>
    </message>
</context>
<context>
    <name>PriorityScreen</name>
    <message>
        <location filename="../screens/priority.py" line="46"/>
        <source>Bạn có thuộc nhóm được ưu tiên không?</source>
        <translation>Are you in a priority group?</translation>
    </message>
    <message>
        <location filename="../screens/priority.py" line="47"/>
        <source>Nhân viên sẽ kiểm tra giấy tờ khi bạn vào khám.</source>
        <translation>Staff will check your papers when you go in.</translation>
    </message>
    <message>
        <location filename="../screens/priority.py" line="49"/>
        <source>Cấp cứu</source>
        <translation>Emergency</translation>
    </message>
    <message>
        <location filename="../screens/priority.py" line="50"/>
        <source>Trẻ em dưới 6 tuổi</source>
        <translation>Child under 6</translation>
    </message>
    <message>
        <location filename="../screens/priority.py" line="51"/>
        <source>Người khuyết tật nặng</source>
        <translation>Severely disabled</translation>
    </message>
    <message>
        <location filename="../screens/priority.py" line="52"/>
        <source>Người từ 80 tuổi trở lên</source>
        <translation>Aged 80 or over</translation>
    </message>
    <message>
        <location filename="../screens/priority.py" line="53"/>
        <source>Người có công với cách mạng</source>
        <translation>War veteran / revolutionary contributor</translation>
    </message>
    <message>
        <location filename="../screens/priority.py" line="54"/>
        <source>Phụ nữ có thai</source>
        <translation>Pregnant</translation>
    </message>
    <message>
        <location filename="../screens/priority.py" line="58"/>
        <source>Không, tôi không thuộc nhóm nào</source>
        <translation>No, I am not in any of these groups</translation>
    </message>
    <message>
        <location filename="../screens/priority.py" line="1"/>
        <source>Không ưu tiên</source>
        <translation>No priority</translation>
    </message>
    <message>
        <location filename="../screens/priority.py" line="1"/>
        <source>Theo ngày sinh trên thẻ, bạn thuộc nhóm: %1.</source>
        <translation>From the birth date on your card, you belong to: %1.</translation>
    </message>
    <message>
        <location filename="../screens/priority.py" line="1"/>
        <source>✔  Tiếp tục, tôi được ưu tiên</source>
        <translation>✔  Continue with priority</translation>
    </message>
</context>
<context>
    <name>ReadingScreen</name>
    <message>
        <location filename="../screens/reading.py" line="52"/>
        <source>Vui lòng chờ trong giây lát</source>
        <translation>Please wait a moment</translation>
    </message>
    <message>
        <location filename="../screens/reading.py" line="53"/>
        <source>Huỷ và làm lại</source>
        <translation>Cancel and start again</translation>
    </message>
    <message>
        <location filename="../screens/reading.py" line="59"/>
        <source>Đang đọc thẻ căn cước…</source>
        <translation>Reading your ID card…</translation>
    </message>
    <message>
        <location filename="../screens/reading.py" line="60"/>
        <source>Đang kiểm tra thẻ là thẻ thật…</source>
        <translation>Checking the card is genuine…</translation>
    </message>
    <message>
        <location filename="../screens/reading.py" line="61"/>
        <source>Đang kiểm tra thẻ bảo hiểm y tế…</source>
        <translation>Checking your health insurance…</translation>
    </message>
    <message>
        <location filename="../screens/reading.py" line="62"/>
        <source>Đang đăng ký lượt khám…</source>
        <translation>Registering your visit…</translation>
    </message>
    <message>
        <location filename="../screens/reading.py" line="76"/>
        <source>Xin đừng nhấc thẻ ra khỏi đầu đọc.</source>
        <translation>Please keep the card on the reader.</translation>
    </message>
    <message>
        <location filename="../screens/reading.py" line="1"/>
        <source>Nhập số căn cước thay vì đọc mã QR</source>
        <translation>Type the ID number instead</translation>
    </message>
    <message>
        <location filename="../screens/reading.py" line="1"/>
        <source>Đang đọc mã QR trên thẻ bằng camera…</source>
        <translation>Reading the QR code on your card with the camera…</translation>
    </message>
    <message>
        <location filename="../screens/reading.py" line="1"/>
        <source>Để thẻ nằm yên trên đầu đọc, mặt có mã QR hướng lên.</source>
        <translation>Leave the card on the reader, QR code side up.</translation>
    </message>
</context>
<context>
    <name>StaffPinScreen</name>
    <message>
        <location filename="../screens/staff_pin.py" line="37"/>
        <source>Dành cho nhân viên: nhập mã PIN</source>
        <translation>Staff only: enter the PIN</translation>
    </message>
    <message>
        <location filename="../screens/staff_pin.py" line="38"/>
        <source>Mở khoá</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../screens/staff_pin.py" line="39"/>
        <source>← Quay lại</source>
        <translation>← Back</translation>
    </message>
    <message>
        <location filename="../screens/staff_pin.py" line="56"/>
        <source>Sai mã PIN.</source>
        <translation>Wrong PIN.</translation>
    </message>
    <message>
        <location filename="../screens/staff_pin.py" line="66"/>
        <source>Đã khoá do nhập sai mã PIN nhiều lần. Thử lại sau {n} phút.</source>
        <translation>Locked after too many wrong PINs. Try again in {n} min.</translation>
    </message>
    <message>
        <location filename="../screens/staff_pin.py" line="78"/>
        <source>Vui lòng đợi {n} giây rồi thử lại.</source>
        <translation>Please wait {n} s, then try again.</translation>
    </message>
</context>
<context>
    <name>NotSetUpWindow</name>
    <message>
        <location filename="../not_set_up.py" line="30"/>
        <source>Kiosk chưa được cài đặt — vui lòng gọi bộ phận IT</source>
        <translation>This kiosk is not set up yet — please call IT</translation>
    </message>
    <message>
        <location filename="../not_set_up.py" line="31"/>
        <source>Nhân viên IT: chạy «kiosk doctor» để xem các thiết lập còn thiếu, rồi «kiosk setup».</source>
        <translation>IT staff: run “kiosk doctor” to see the missing settings, then “kiosk setup”.</translation>
    </message>
    <message>
        <location filename="../not_set_up.py" line="36"/>
        <source>Quầy tiếp đón chưa được cài đặt — vui lòng gọi bộ phận IT</source>
        <translation>This reception station is not set up yet — please call IT</translation>
    </message>
    <message>
        <location filename="../not_set_up.py" line="37"/>
        <source>Nhân viên IT: chạy «kiosk setup --station» trên máy này (địa chỉ và khóa API của hệ thống bệnh viện), và thêm tài khoản của bạn vào nhóm kiosk-staff.</source>
        <translation>IT staff: run “kiosk setup --station” on this PC (the hospital system’s address and API key), and add your account to the group kiosk-staff.</translation>
    </message>
</context>
<context>
    <name>StationWindow</name>
    <message>
        <location filename="../station/window.py" line="81"/>
        <source>Tra cứu thẻ</source>
        <translation>Card lookup</translation>
    </message>
    <message>
        <location filename="../station/window.py" line="82"/>
        <source>Chấp nhận / ghi đè</source>
        <translation>Accept / override</translation>
    </message>
    <message>
        <location filename="../station/window.py" line="83"/>
        <source>Thiết bị và dịch vụ</source>
        <translation>Devices and services</translation>
    </message>
</context>
<context>
    <name>StatusWords</name>
    <message>
        <location filename="../station/status_words.py" line="21"/>
        <source>đã xác minh</source>
        <translation>verified</translation>
    </message>
    <message>
        <location filename="../station/status_words.py" line="22"/>
        <source>đã xác minh (thẻ mới)</source>
        <translation>verified (new card)</translation>
    </message>
    <message>
        <location filename="../station/status_words.py" line="23"/>
        <source>ĐKBĐ nơi khác (xác nhận mức hưởng)</source>
        <translation>registered elsewhere (confirm the benefit)</translation>
    </message>
    <message>
        <location filename="../station/status_words.py" line="24"/>
        <source>hết hạn → quầy</source>
        <translation>expired → counter</translation>
    </message>
    <message>
        <location filename="../station/status_words.py" line="25"/>
        <source>không tìm thấy → quầy</source>
        <translation>not found → counter</translation>
    </message>
    <message>
        <location filename="../station/status_words.py" line="26"/>
        <source>sai tên/ngày sinh → quầy</source>
        <translation>name/birth mismatch → counter</translation>
    </message>
    <message>
        <location filename="../station/status_words.py" line="27"/>
        <source>chờ kiểm tra thẻ (khi có mạng)</source>
        <translation>pending (offline)</translation>
    </message>
    <message>
        <location filename="../station/status_words.py" line="28"/>
        <source>lỗi cổng BHXH → quầy/thử lại</source>
        <translation>gateway error → counter/retry</translation>
    </message>
    <message>
        <location filename="../station/status_words.py" line="29"/>
        <source>cần nhân viên</source>
        <translation>needs staff</translation>
    </message>
    <message>
        <location filename="../station/status_words.py" line="30"/>
        <source>khuôn mặt không khớp ảnh chip → quầy</source>
        <translation>face does not match the chip photo → counter</translation>
    </message>
    <message>
        <location filename="../station/status_words.py" line="30"/>
        <source>đã gửi</source>
        <translation>delivered</translation>
    </message>
    <message>
        <location filename="../station/status_words.py" line="31"/>
        <source>cần xử lý</source>
        <translation>needs attention</translation>
    </message>
    <message>
        <location filename="../station/status_words.py" line="32"/>
        <source>hoạt động</source>
        <translation>working</translation>
    </message>
    <message>
        <location filename="../station/status_words.py" line="33"/>
        <source>lỗi</source>
        <translation>failing</translation>
    </message>
    <message>
        <location filename="../station/status_words.py" line="34"/>
        <source>chưa rõ</source>
        <translation>unknown</translation>
    </message>
    <message>
        <location filename="../station/status_words.py" line="35"/>
        <source>không dùng</source>
        <translation>not used</translation>
    </message>
    <message>
        <location filename="../station/status_words.py" line="36"/>
        <source>gửi thất bại</source>
        <translation>delivery failed</translation>
    </message>
    <message>
        <location filename="../station/status_words.py" line="37"/>
        <source>đang thử lại</source>
        <translation>retrying</translation>
    </message>
    <message>
        <location filename="../station/status_words.py" line="38"/>
        <source>hoạt động hạn chế</source>
        <translation>degraded</translation>
    </message>
    <message>
        <location filename="../station/status_words.py" line="39"/>
        <source>chờ gửi (chưa có mạng)</source>
        <translation>queued (offline)</translation>
    </message>
    <message>
        <location filename="../station/status_words.py" line="40"/>
        <source>nhân viên đã tiếp nhận (ghi đè)</source>
        <translation>taken over by staff (override)</translation>
    </message>
</context>
<context>
    <name>TicketScreen</name>
    <message>
        <location filename="../screens/ticket.py" line="65"/>
        <source>Đăng ký thành công</source>
        <translation>You are checked in</translation>
    </message>
    <message>
        <location filename="../screens/ticket.py" line="66"/>
        <source>Số thứ tự của bạn</source>
        <translation>Your queue number</translation>
    </message>
    <message>
        <location filename="../screens/ticket.py" line="67"/>
        <source>Phòng khám:</source>
        <translation>Room:</translation>
    </message>
    <message>
        <location filename="../screens/ticket.py" line="68"/>
        <source>Khoa:</source>
        <translation>Department:</translation>
    </message>
    <message>
        <location filename="../screens/ticket.py" line="69"/>
        <source>Thời gian:</source>
        <translation>Time:</translation>
    </message>
    <message>
        <location filename="../screens/ticket.py" line="70"/>
        <source>Xong</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../screens/ticket.py" line="101"/>
        <source>Mạng đang gián đoạn: số thứ tự vẫn có giá trị, thẻ BHYT sẽ được kiểm tra lại sau.</source>
        <translation>The network is down: your number is valid, and your insurance card will be checked again later.</translation>
    </message>
    <message>
        <location filename="../screens/ticket.py" line="103"/>
        <source>Bạn được ưu tiên. Vui lòng báo nhân viên khi vào khám.</source>
        <translation>You have priority. Please tell the staff when you go in.</translation>
    </message>
    <message>
        <location filename="../screens/ticket.py" line="105"/>
        <source>Mời bạn đến phòng khám và chờ gọi số.</source>
        <translation>Please go to the room and wait for your number.</translation>
    </message>
    <message>
        <location filename="../screens/ticket.py" line="107"/>
        <source>Đang in phiếu…</source>
        <translation>Printing the ticket…</translation>
    </message>
    <message>
        <location filename="../screens/ticket.py" line="108"/>
        <source>Mời bạn lấy phiếu ở khe bên dưới.</source>
        <translation>Please take your ticket from the slot below.</translation>
    </message>
    <message>
        <location filename="../screens/ticket.py" line="109"/>
        <source>Máy này không in phiếu: hãy nhớ số hoặc chụp lại màn hình.</source>
        <translation>This kiosk does not print tickets: remember the number or take a photo of the screen.</translation>
    </message>
    <message>
        <location filename="../screens/ticket.py" line="110"/>
        <source>Không in được phiếu: hãy nhớ số hoặc chụp lại màn hình.</source>
        <translation>The ticket could not be printed: remember the number or take a photo of the screen.</translation>
    </message>
    <message>
        <location filename="../screens/ticket.py" line="1"/>
        <source>Số thứ tự hôm nay của bạn</source>
        <translation>Your number for today</translation>
    </message>
    <message>
        <location filename="../screens/ticket.py" line="1"/>
        <source>Hôm nay bạn đã có số cho phòng khám này. Muốn khám thêm phòng khác, mời bạn hỏi quầy tiếp đón.</source>
        <translation>You already have today's number for this clinic. To see another clinic as well, please ask at the reception counter.</translation>
    </message>
    <message>
        <location filename="../screens/ticket.py" line="1"/>
        <source>Đây là số bạn đã lấy hôm nay. Mời bạn đến phòng khám và chờ gọi số.</source>
        <translation>This is the number you took earlier today. Please go to the clinic and wait for your number.</translation>
    </message>
</context>
<context>
    <name>TimeoutOverlay</name>
    <message>
        <location filename="../timeout_overlay.py" line="44"/>
        <source>Bạn vẫn còn ở đây chứ?</source>
        <translation>Are you still there?</translation>
    </message>
    <message>
        <location filename="../timeout_overlay.py" line="45"/>
        <source>Tôi vẫn ở đây</source>
        <translation>I am still here</translation>
    </message>
    <message>
        <location filename="../timeout_overlay.py" line="47"/>
        <source>Để bảo vệ thông tin của bạn, màn hình sẽ được xoá sau {n} giây.</source>
        <translation>To protect your details, the screen will be cleared in {n} seconds.</translation>
    </message>
</context>
<context>
    <name>UnreadableScreen</name>
    <message>
        <location filename="../screens/notices.py" line="162"/>
        <source>Không đọc được thẻ</source>
        <translation>The card could not be read</translation>
    </message>
    <message>
        <location filename="../screens/notices.py" line="163"/>
        <source>Hãy đặt lại thẻ cho ngay ngắn, đưa mã QR vào camera, hoặc nhập số.</source>
        <translation>Place the card flat on the reader again, show the QR code to the camera, or type the number.</translation>
    </message>
    <message>
        <location filename="../screens/notices.py" line="164"/>
        <source>⌨  Nhập số căn cước</source>
        <translation>⌨  Type the ID number</translation>
    </message>
    <message>
        <location filename="../screens/notices.py" line="165"/>
        <source>Thử lại</source>
        <translation>Try again</translation>
    </message>
    <message>
        <location filename="../screens/notices.py" line="170"/>
        <source>Thẻ được nhấc ra quá sớm hoặc mã QR bị mờ.</source>
        <translation>The card was lifted too early or the QR code is blurred.</translation>
    </message>
</context>
<context>
    <name>WrongRouteScreen</name>
    <message>
        <location filename="../screens/notices.py" line="126"/>
        <source>Bạn đăng ký khám ban đầu ở nơi khác</source>
        <translation>Your registered clinic is elsewhere</translation>
    </message>
    <message>
        <location filename="../screens/notices.py" line="127"/>
        <source>Nếu khám ở đây, bảo hiểm có thể chi trả ít hơn. Bạn muốn làm gì?</source>
        <translation>If you are seen here, insurance may cover less. What would you like to do?</translation>
    </message>
    <message>
        <location filename="../screens/notices.py" line="128"/>
        <source>Vẫn khám ở đây</source>
        <translation>Be seen here anyway</translation>
    </message>
    <message>
        <location filename="../screens/notices.py" line="129"/>
        <source>Hỏi nhân viên ở quầy</source>
        <translation>Ask the staff at the counter</translation>
    </message>
    <message>
        <location filename="../screens/notices.py" line="134"/>
        <source>Thẻ bảo hiểm y tế của bạn hợp lệ; nhân viên sẽ xác nhận mức hưởng.</source>
        <translation>Your health insurance card is valid; staff will confirm the level of cover.</translation>
    </message>
</context>
<context>
    <name>SlipQuestionScreen</name>
    <message>
        <location filename="../screens/slip_question.py" line="53"/>
        <source>Bạn có giấy chuyển cơ sở khám chữa bệnh hoặc phiếu hẹn khám lại không?</source>
        <translation>Do you have a referral slip or a re-visit appointment?</translation>
    </message>
    <message>
        <location filename="../screens/slip_question.py" line="54"/>
        <source>Nếu có, bạn vẫn lấy số như bình thường và đưa giấy cho nhân viên ở quầy để được hưởng đủ quyền lợi bảo hiểm.</source>
        <translation>If you do, take your number as usual and show the slip to the staff at the counter to get your full insurance benefit.</translation>
    </message>
    <message>
        <location filename="../screens/slip_question.py" line="56"/>
        <source>Có, tôi có giấy</source>
        <translation>Yes, I have one</translation>
    </message>
    <message>
        <location filename="../screens/slip_question.py" line="57"/>
        <source>Không có</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>ReturningScreen</name>
    <message>
        <location filename="../screens/notices.py" line="1"/>
        <source>Hôm nay bạn đã có số thứ tự</source>
        <translation>You already have a number today</translation>
    </message>
    <message>
        <location filename="../screens/notices.py" line="1"/>
        <source>Bạn không cần lấy số mới cho phòng khám này.</source>
        <translation>You do not need a new number for this clinic.</translation>
    </message>
    <message>
        <location filename="../screens/notices.py" line="1"/>
        <source>In lại số của tôi</source>
        <translation>Print my number again</translation>
    </message>
    <message>
        <location filename="../screens/notices.py" line="1"/>
        <source>Xong</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../screens/notices.py" line="1"/>
        <source>Đăng ký thêm phòng khám khác</source>
        <translation>Register for another clinic too</translation>
    </message>
    <message>
        <location filename="../screens/notices.py" line="1"/>
        <source>Số %1 — %2, phòng %3.</source>
        <translation>Number %1 — %2, room %3.</translation>
    </message>
</context>
<context>
    <name>HealthTab</name>
    <message>
        <source>{part} hoạt động bình thường.</source>
        <translation>{part} is working normally.</translation>
    </message>
    <message>
        <source>{part} hoạt động hạn chế; IT xem chi tiết bằng “kiosk doctor”.</source>
        <translation>{part} is degraded; IT can see the detail with “kiosk doctor”.</translation>
    </message>
    <message>
        <source>{part} không hoạt động; báo IT (chi tiết: “kiosk doctor”).</source>
        <translation>{part} is not working; tell IT (detail: “kiosk doctor”).</translation>
    </message>
    <message>
        <source>{part}: chưa rõ trạng thái.</source>
        <translation>{part}: state unknown.</translation>
    </message>
</context>
<context>
    <name>KiosksTab</name>
    <message>
        <source>Ki-ốt</source>
        <translation>Kiosk</translation>
    </message>
    <message>
        <source>Kết nối</source>
        <translation>Connection</translation>
    </message>
    <message>
        <source>Giấy in</source>
        <translation>Paper</translation>
    </message>
    <message>
        <source>Chờ gửi</source>
        <translation>Waiting to send</translation>
    </message>
    <message>
        <source>Check-in gần nhất</source>
        <translation>Last check-in</translation>
    </message>
    <message>
        <source>Bộ phận có lỗi</source>
        <translation>Faulty parts</translation>
    </message>
    <message>
        <source>Phiên bản</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Làm mới</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>{n} phút</source>
        <translation>{n} min</translation>
    </message>
    <message>
        <source>{n} giây</source>
        <translation>{n} s</translation>
    </message>
    <message>
        <source>trực tuyến</source>
        <translation>online</translation>
    </message>
    <message>
        <source>mất kết nối từ {t}</source>
        <translation>offline since {t}</translation>
    </message>
    <message>
        <source>{n} lượt, cũ nhất {age}</source>
        <translation>{n} items, oldest {age}</translation>
    </message>
    <message>
        <source>không có</source>
        <translation>none</translation>
    </message>
    <message>
        <source>{n} lượt cần nhân viên xử lý</source>
        <translation>{n} need staff</translation>
    </message>
    <message>
        <source>mất kết nối hôm nay: {p}</source>
        <translation>offline today: {p}</translation>
    </message>
    <message>
        <source>{n} ki-ốt</source>
        <translation>{n} kiosks</translation>
    </message>
    <message>
        <source>mất kết nối: {ids}</source>
        <translation>offline: {ids}</translation>
    </message>
    <message>
        <source>không</source>
        <translation>none</translation>
    </message>
    <message>
        <source>cần giấy: {ids}</source>
        <translation>need paper: {ids}</translation>
    </message>
    <message>
        <source>Cần xử lý: {n}</source>
        <translation>Needs staff: {n}</translation>
    </message>
    <message>
        <source>bảng dưới đây là lần đọc cuối</source>
        <translation>the table below is the last one read</translation>
    </message>
    <message>
        <source>nay</source>
        <translation>now</translation>
    </message>
</context>
<context>
    <name>LobbyTab</name>
    <message>
        <source>Giờ</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Ki-ốt</source>
        <translation>Kiosk</translation>
    </message>
    <message>
        <source>Số</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>Khoa</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>Bệnh nhân</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>In lại phiếu</source>
        <translation>Reprint ticket</translation>
    </message>
    <message>
        <source>Nhận xử lý</source>
        <translation>Claim</translation>
    </message>
    <message>
        <source>Trả lại</source>
        <translation>Release</translation>
    </message>
    <message>
        <source>Chấp nhận / ghi đè…</source>
        <translation>Accept / override…</translation>
    </message>
    <message>
        <source>Xác nhận bệnh nhân dịch vụ</source>
        <translation>Confirm as service patient</translation>
    </message>
    <message>
        <source>Kiểm tra lại thẻ ngay</source>
        <translation>Re-check card now</translation>
    </message>
    <message>
        <source>Bệnh nhân ra về</source>
        <translation>Patient sent home</translation>
    </message>
    <message>
        <source>Đã xử lý (ghi lý do)</source>
        <translation>Resolved (give a reason)</translation>
    </message>
    <message>
        <source>Ghi chú / lý do (bắt buộc khi “Đã xử lý”)</source>
        <translation>Note / reason (required for “Resolved”)</translation>
    </message>
    <message>
        <source>Ki-ốt:</source>
        <translation>Kiosk:</translation>
    </message>
    <message>
        <source>Tất cả</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Xác nhận</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>◷ Đang đọc danh sách từ hệ thống bệnh viện…</source>
        <translation>◷ Reading the list from the hospital system…</translation>
    </message>
    <message>
        <source>Cần xử lý: {n} · Đã đăng ký hôm nay: {m} · Ki-ốt: {k}</source>
        <translation>Needs staff: {n} · Registered today: {m} · Kiosks: {k}</translation>
    </message>
    <message>
        <source>(không có tên)</source>
        <translation>(no name)</translation>
    </message>
    <message>
        <source>{what}: {who} · số {ticket} · ki-ốt {kiosk}?</source>
        <translation>{what}: {who} · ticket {ticket} · kiosk {kiosk}?</translation>
    </message>
</context>
<context>
    <name>LobbyWords</name>
    <message>
        <source>cài đặt máy</source>
        <translation>set-up</translation>
    </message>
    <message>
        <source>bảo mật chip thẻ</source>
        <translation>chip security</translation>
    </message>
    <message>
        <source>vi</source>
        <translation>en</translation>
    </message>
    <message>
        <source>đã đăng ký</source>
        <translation>registered</translation>
    </message>
    <message>
        <source>cần xử lý — chưa ai nhận</source>
        <translation>needs staff — not claimed</translation>
    </message>
    <message>
        <source>quầy {desk} đang xử lý ({staff})</source>
        <translation>desk {desk} handling ({staff})</translation>
    </message>
    <message>
        <source>đã xử lý: {how}</source>
        <translation>resolved: {how}</translation>
    </message>
    <message>
        <source>thẻ BHYT hết hạn</source>
        <translation>insurance card expired</translation>
    </message>
    <message>
        <source>không tìm thấy thẻ BHYT</source>
        <translation>insurance card not found</translation>
    </message>
    <message>
        <source>họ tên / ngày sinh không khớp thẻ</source>
        <translation>name / birth date do not match the card</translation>
    </message>
    <message>
        <source>cổng BHXH lỗi, chưa kiểm tra được thẻ</source>
        <translation>insurance gateway error, card not checked</translation>
    </message>
    <message>
        <source>ĐKBĐ nơi khác: cần xác nhận mức hưởng</source>
        <translation>registered elsewhere: confirm the benefit</translation>
    </message>
    <message>
        <source>cổng BHXH yêu cầu nhân viên kiểm tra</source>
        <translation>the insurance gateway asks staff to check</translation>
    </message>
    <message>
        <source>đã có số khi mất mạng nhưng kiểm tra lại thẻ không đạt</source>
        <translation>has a ticket (offline) but the card re-check failed</translation>
    </message>
    <message>
        <source>hệ thống bệnh viện từ chối đăng ký</source>
        <translation>the hospital system refused the registration</translation>
    </message>
    <message>
        <source>khuôn mặt không khớp ảnh trên thẻ</source>
        <translation>face does not match the card photo</translation>
    </message>
    <message>
        <source>bệnh nhân không đồng ý đối chiếu khuôn mặt</source>
        <translation>patient declined the face check</translation>
    </message>
    <message>
        <source>bệnh nhân bấm “Cần trợ giúp”</source>
        <translation>patient pressed “Need help”</translation>
    </message>
    <message>
        <source>lý do khác</source>
        <translation>other reason</translation>
    </message>
    <message>
        <source>đã đăng ký khám</source>
        <translation>visit registered</translation>
    </message>
    <message>
        <source>bệnh nhân dịch vụ</source>
        <translation>service patient</translation>
    </message>
    <message>
        <source>kiểm tra lại thẻ đạt</source>
        <translation>card re-check passed</translation>
    </message>
    <message>
        <source>bệnh nhân ra về</source>
        <translation>patient sent home</translation>
    </message>
    <message>
        <source>đã giải quyết</source>
        <translation>resolved</translation>
    </message>
    <message>
        <source>thông tin thẻ chính xác</source>
        <translation>card information correct</translation>
    </message>
    <message>
        <source>thẻ do BHXH Bộ Quốc phòng quản lý: kiểm tra thẻ giấy</source>
        <translation>card managed by the Ministry of Defence insurance office: check the paper card</translation>
    </message>
    <message>
        <source>thẻ do BHXH Bộ Công an quản lý: kiểm tra thẻ giấy</source>
        <translation>card managed by the Ministry of Public Security insurance office: check the paper card</translation>
    </message>
    <message>
        <source>thẻ cũ hết hạn, đã cấp thẻ mới</source>
        <translation>old card expired, a new card was issued</translation>
    </message>
    <message>
        <source>thẻ cũ còn hạn, đã cấp thẻ mới</source>
        <translation>old card still valid, a new card was issued</translation>
    </message>
    <message>
        <source>thẻ hết hạn</source>
        <translation>card expired</translation>
    </message>
    <message>
        <source>không tìm thấy thông tin thẻ</source>
        <translation>no card information found</translation>
    </message>
    <message>
        <source>sai mã thẻ</source>
        <translation>wrong card code</translation>
    </message>
    <message>
        <source>sai mã tỉnh (ký tự 4-5)</source>
        <translation>wrong province code (chars 4-5)</translation>
    </message>
    <message>
        <source>sai mã quyền lợi (ký tự 3)</source>
        <translation>wrong benefit code (char 3)</translation>
    </message>
    <message>
        <source>CCCD cán bộ tra cứu chưa đăng ký cho cơ sở: IT cần sửa cấu hình cổng</source>
        <translation>lookup officer's ID is not registered for this facility: IT must fix the gateway settings</translation>
    </message>
    <message>
        <source>họ tên cán bộ tra cứu không khớp CCCD: IT cần sửa cấu hình cổng</source>
        <translation>lookup officer's name does not match that ID: IT must fix the gateway settings</translation>
    </message>
    <message>
        <source>sai họ tên</source>
        <translation>wrong name</translation>
    </message>
    <message>
        <source>sai họ tên (đúng ký tự đầu)</source>
        <translation>wrong name (first character correct)</translation>
    </message>
    <message>
        <source>sai ngày sinh</source>
        <translation>wrong date of birth</translation>
    </message>
    <message>
        <source>sai giới tính</source>
        <translation>wrong sex</translation>
    </message>
    <message>
        <source>sai nơi đăng ký khám ban đầu</source>
        <translation>wrong registered facility</translation>
    </message>
    <message>
        <source>lỗi đọc dữ liệu thẻ: thử lại sau</source>
        <translation>error reading the card data: retry later</translation>
    </message>
    <message>
        <source>máy chủ cổng BHXH lỗi: thử lại sau</source>
        <translation>insurance gateway server error: retry later</translation>
    </message>
    <message>
        <source>thẻ đã bị thu hồi</source>
        <translation>card revoked</translation>
    </message>
    <message>
        <source>thẻ bị báo giảm</source>
        <translation>card reported reduced</translation>
    </message>
    <message>
        <source>thẻ bị báo giảm: chuyển ra ngoại tỉnh</source>
        <translation>card reduced: moved out of the province</translation>
    </message>
    <message>
        <source>thẻ bị báo giảm: chuyển trong tỉnh</source>
        <translation>card reduced: moved within the province</translation>
    </message>
    <message>
        <source>thẻ bị báo giảm: đã tham gia lại</source>
        <translation>card reduced: re-added</translation>
    </message>
    <message>
        <source>thẻ bị báo giảm: dừng tham gia</source>
        <translation>card reduced: stopped</translation>
    </message>
    <message>
        <source>trẻ em chưa xuất trình thẻ</source>
        <translation>child did not present a card</translation>
    </message>
    <message>
        <source>sai định dạng tham số (lỗi của ki-ốt: báo IT)</source>
        <translation>wrong parameter format (a kiosk bug: tell IT)</translation>
    </message>
    <message>
        <source>lỗi xác thực với cổng BHXH (token hết hạn hoặc sai IP)</source>
        <translation>authentication error with the insurance gateway (token expired or wrong IP)</translation>
    </message>
    <message>
        <source>mã chưa có trong bảng mã</source>
        <translation>code not in the code table</translation>
    </message>
    <message>
        <source>đầu đọc thẻ</source>
        <translation>card reader</translation>
    </message>
    <message>
        <source>camera</source>
        <translation>camera</translation>
    </message>
    <message>
        <source>máy in</source>
        <translation>printer</translation>
    </message>
    <message>
        <source>cổng BHXH</source>
        <translation>insurance gateway</translation>
    </message>
    <message>
        <source>hệ thống bệnh viện</source>
        <translation>hospital system</translation>
    </message>
    <message>
        <source>hàng đợi gửi</source>
        <translation>send queue</translation>
    </message>
    <message>
        <source>ổ đĩa</source>
        <translation>disk</translation>
    </message>
    <message>
        <source>đồng hồ</source>
        <translation>clock</translation>
    </message>
    <message>
        <source>mã PIN nhân viên</source>
        <translation>staff PIN</translation>
    </message>
    <message>
        <source>máy quét</source>
        <translation>scanner</translation>
    </message>
    <message>
        <source>báo cáo trạng thái</source>
        <translation>heartbeat</translation>
    </message>
    <message>
        <source>danh sách sảnh</source>
        <translation>lobby list</translation>
    </message>
    <message>
        <source>đối chiếu khuôn mặt</source>
        <translation>face check</translation>
    </message>
    <message>
        <source>giọng nói</source>
        <translation>voice</translation>
    </message>
    <message>
        <source>bộ phận khác</source>
        <translation>other part</translation>
    </message>
    <message>
        <source>đủ giấy</source>
        <translation>paper ok</translation>
    </message>
    <message>
        <source>sắp hết giấy</source>
        <translation>paper low</translation>
    </message>
    <message>
        <source>hết giấy</source>
        <translation>paper out</translation>
    </message>
    <message>
        <source>chưa rõ</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>không có máy in</source>
        <translation>no printer</translation>
    </message>
    <message>
        <source>mã</source>
        <translation>code</translation>
    </message>
    <message>
        <source>khoa</source>
        <translation>department</translation>
    </message>
</context>
<context>
    <name>LookupTab</name>
    <message>
        <source>Máy này chưa cấu hình cổng BHXH: không tra cứu được.</source>
        <translation>This PC has no insurance gateway configured: lookup is not possible.</translation>
    </message>
    <message>
        <source>đăng ký khám ban đầu tại đây</source>
        <translation>registered here</translation>
    </message>
    <message>
        <source>đăng ký khám ban đầu nơi khác</source>
        <translation>registered elsewhere</translation>
    </message>
    <message>
        <source>chưa rõ nơi đăng ký</source>
        <translation>registration place unknown</translation>
    </message>
    <message>
        <source>Kết quả: {what}</source>
        <translation>Result: {what}</translation>
    </message>
    <message>
        <source>Ghi chú của cổng: {note}</source>
        <translation>Gateway note: {note}</translation>
    </message>
    <message>
        <source>Mã thẻ: {card}</source>
        <translation>Card: {card}</translation>
    </message>
    <message>
        <source>Họ tên: {name}   Ngày sinh: {birth}   Giới tính: {sex}</source>
        <translation>Name: {name}   Birth: {birth}   Sex: {sex}</translation>
    </message>
    <message>
        <source>Nam</source>
        <translation>Male</translation>
    </message>
    <message>
        <source>Nữ</source>
        <translation>Female</translation>
    </message>
    <message>
        <source>Hạn thẻ: {a} → {b}</source>
        <translation>Valid: {a} → {b}</translation>
    </message>
    <message>
        <source>Nơi ĐKBĐ: {where} ({route})</source>
        <translation>Registered facility: {where} ({route})</translation>
    </message>
    <message>
        <source>Thẻ mới: {card}   {a} → {b}</source>
        <translation>New card: {card}   {a} → {b}</translation>
    </message>
    <message>
        <source>Kiểm tra lúc: {at}</source>
        <translation>Checked at: {at}</translation>
    </message>
</context>
<context>
    <name>StationWindow</name>
    <message>
        <source>{facility} — quầy {desk}</source>
        <translation>{facility} — desk {desk}</translation>
    </message>
    <message>
        <source>Hôm nay</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>Ki-ốt</source>
        <translation>Kiosk</translation>
    </message>
    <message>
        <source>✖ Không kết nối được hệ thống bệnh viện.</source>
        <translation>✖ Cannot reach the hospital system.</translation>
    </message>
    <message>
        <source>Danh sách dưới đây là lần đọc cuối, {s} giây trước.</source>
        <translation>The list below is the last one read, {s} s ago.</translation>
    </message>
    <message>
        <source>Cập nhật lúc {t}</source>
        <translation>Updated at {t}</translation>
    </message>
    <message>
        <source>Dòng này không còn trong danh sách.</source>
        <translation>This row is no longer in the list.</translation>
    </message>
    <message>
        <source>Dòng này vừa thay đổi; thao tác không còn áp dụng. Hãy xem lại.</source>
        <translation>This row just changed; the action no longer applies. Please look again.</translation>
    </message>
    <message>
        <source>Đã in lại phiếu số {n}.</source>
        <translation>Ticket {n} reprinted.</translation>
    </message>
    <message>
        <source>Quầy {desk} đã nhận xử lý số {n}.</source>
        <translation>Desk {desk} claimed {n}.</translation>
    </message>
    <message>
        <source>Đã trả lại lượt cho các quầy khác.</source>
        <translation>Released to the other desks.</translation>
    </message>
    <message>
        <source>Đã ghi: bệnh nhân ra về.</source>
        <translation>Recorded: patient sent home.</translation>
    </message>
    <message>
        <source>Đã xác nhận bệnh nhân dịch vụ.</source>
        <translation>Confirmed as a service patient.</translation>
    </message>
    <message>
        <source>Đã đánh dấu đã xử lý.</source>
        <translation>Marked resolved.</translation>
    </message>
    <message>
        <source>◷ Đang kiểm tra lại thẻ với cổng BHXH…</source>
        <translation>◷ Re-checking the card with the insurance gateway…</translation>
    </message>
    <message>
        <source>Kiểm tra lại: thẻ hợp lệ; đã xử lý xong.</source>
        <translation>Re-check: the card is valid; resolved.</translation>
    </message>
    <message>
        <source>Kiểm tra lại: {what}. Lượt vẫn do quầy này giữ.</source>
        <translation>Re-check: {what}. This desk still holds it.</translation>
    </message>
    <message>
        <source>Đã đăng ký số {n} và đóng lượt chuyển quầy.</source>
        <translation>Registered {n} and closed the referral.</translation>
    </message>
</context>
<context>
    <name>StationErrors</name>
    <message>
        <source>Số thẻ phải là CCCD 12 số, mã BHXH 10 số hoặc mã thẻ BHYT 15 ký tự.</source>
        <translation>The card number must be a 12-digit ID, a 10-digit social insurance number or a 15-character health-insurance code.</translation>
    </message>
    <message>
        <source>Số CCCD phải có đúng 12 chữ số hợp lệ.</source>
        <translation>The ID number must be exactly 12 valid digits.</translation>
    </message>
    <message>
        <source>Ngày sinh phải là một ngày có thật, viết dd/mm/yyyy (hoặc chỉ năm sinh).</source>
        <translation>The birth date must be a real date written dd/mm/yyyy (or just the year).</translation>
    </message>
    <message>
        <source>Giới tính phải là Nam hoặc Nữ.</source>
        <translation>The sex must be male or female.</translation>
    </message>
    <message>
        <source>Họ và tên còn trống hoặc không phải tên người.</source>
        <translation>The full name is empty or not a name.</translation>
    </message>
    <message>
        <source>Giấy chuyển viết dạng SỐ:MÃ CSKCB 5 số:NGÀY KÝ dd/mm/yyyy (có thể thêm :mã ICD-10), ngày ký không ở tương lai.</source>
        <translation>A referral is written NUMBER:5-DIGIT FACILITY:SIGNED DD/MM/YYYY (optionally :ICD-10), signed no later than today.</translation>
    </message>
    <message>
        <source>Mã giấy hẹn gồm 1-40 chữ, số hoặc / . _ -.</source>
        <translation>The appointment id is 1-40 letters, digits or / . _ -.</translation>
    </message>
    <message>
        <source>Cần nhập lý do ghi đè.</source>
        <translation>An override needs a reason.</translation>
    </message>
    <message>
        <source>Lý do phải có ít nhất 3 từ (10 ký tự).</source>
        <translation>The reason must be at least 3 words (10 characters).</translation>
    </message>
    <message>
        <source>Lý do dài tối đa 500 ký tự.</source>
        <translation>The reason must be at most 500 characters.</translation>
    </message>
    <message>
        <source>Cần nhập tên nhân viên (tối đa 100 ký tự).</source>
        <translation>Enter the staff member's name (up to 100 characters).</translation>
    </message>
    <message>
        <source>Loại lý do hoặc cách đăng ký không hợp lệ.</source>
        <translation>Unknown override reason or class.</translation>
    </message>
    <message>
        <source>Chọn khoa khám trước khi ghi đè.</source>
        <translation>Choose a department for the override.</translation>
    </message>
    <message>
        <source>Khoa này không có trong danh sách khoa của bệnh viện.</source>
        <translation>This department is not in the hospital's list.</translation>
    </message>
    <message>
        <source>Không kết nối được hệ thống bệnh viện; đang hiện danh sách lần đọc cuối.</source>
        <translation>Cannot reach the hospital system; showing the list last read.</translation>
    </message>
    <message>
        <source>Dòng này vừa thay đổi ở quầy khác; danh sách đã được đọc lại, hãy xem rồi thử lại.</source>
        <translation>This row just changed at another desk; the list was read again, look and try again.</translation>
    </message>
    <message>
        <source>Không kết nối được hệ thống bệnh viện; thử lại sau ít phút.</source>
        <translation>Cannot reach the hospital system; try again in a few minutes.</translation>
    </message>
    <message>
        <source>Hệ thống bệnh viện trả lời không đúng định dạng; báo IT.</source>
        <translation>The hospital system gave a malformed answer; tell IT.</translation>
    </message>
    <message>
        <source>Hệ thống bệnh viện từ chối yêu cầu; báo IT nếu lặp lại.</source>
        <translation>The hospital system refused the request; tell IT if it happens again.</translation>
    </message>
    <message>
        <source>Không kết nối được cổng BHXH; thử lại sau ít phút.</source>
        <translation>Cannot reach the insurance gateway; try again in a few minutes.</translation>
    </message>
    <message>
        <source>Cổng BHXH báo lỗi; thử lại sau ít phút.</source>
        <translation>The insurance gateway reported an error; try again in a few minutes.</translation>
    </message>
    <message>
        <source>Không ghi được dữ liệu trên máy này; báo IT.</source>
        <translation>Cannot write data on this PC; tell IT.</translation>
    </message>
    <message>
        <source>Cấu hình máy chưa đúng; báo IT (chạy “kiosk doctor”).</source>
        <translation>This PC is not configured correctly; tell IT (run “kiosk doctor”).</translation>
    </message>
    <message>
        <source>Quầy này không giữ lượt này; hãy nhận xử lý trước.</source>
        <translation>This desk does not hold this referral; claim it first.</translation>
    </message>
    <message>
        <source>Quầy {desk} ({staff}) đã nhận xử lý lượt này.</source>
        <translation>Desk {desk} ({staff}) has already claimed this referral.</translation>
    </message>
    <message>
        <source>Không thực hiện được; xem chi tiết trong nhật ký hoặc báo IT.</source>
        <translation>It could not be done; see the log or tell IT.</translation>
    </message>
    <message>
        <source>Không còn dữ liệu cá nhân của lượt này (đã xóa theo thời hạn lưu); hãy tra cứu lại thẻ.</source>
        <translation>This referral's personal data was erased (retention); look the card up again.</translation>
    </message>
    <message>
        <source>Không kết nối được thiết bị hoặc dịch vụ; thử lại sau ít phút.</source>
        <translation>Cannot reach a device or service; try again in a few minutes.</translation>
    </message>
    <message>
        <source>Đã có lỗi không lường trước; báo IT.</source>
        <translation>Something unexpected went wrong; tell IT.</translation>
    </message>
</context>
<context>
    <name>BenefitLines</name>
    <message>
        <source>đăng ký KCB ban đầu tại đây</source>
        <translation>registered here for primary care</translation>
    </message>
    <message>
        <source>có giấy chuyển tuyến</source>
        <translation>has a referral slip</translation>
    </message>
    <message>
        <source>có giấy hẹn tái khám</source>
        <translation>has a re-visit appointment</translation>
    </message>
    <message>
        <source>cấp cứu</source>
        <translation>emergency</translation>
    </message>
    <message>
        <source>đủ 5 năm liên tục</source>
        <translation>five continuous years of cover</translation>
    </message>
    <message>
        <source>đăng ký KCB ban đầu nơi khác, không giấy chuyển</source>
        <translation>registered elsewhere, no referral slip</translation>
    </message>
    <message>
        <source>chưa rõ nơi đăng ký</source>
        <translation>registration place unknown</translation>
    </message>
    <message>
        <source>lý do khác</source>
        <translation>other reason</translation>
    </message>
    <message>
        <source>NV xác nhận</source>
        <translation>staff confirm</translation>
    </message>
    <message>
        <source>Mức hưởng {share} · {why} · quy tắc {rule} ({source}) · mã {code} tạm tính</source>
        <translation>Cover {share} · {why} · rule {rule} ({source}) · code {code} provisional</translation>
    </message>
    <message>
        <source>không có quy tắc</source>
        <translation>no rule</translation>
    </message>
    <message>
        <source>Nhân viên xác nhận mức hưởng (quy tắc chưa xác nhận hoặc thiếu dữ liệu).</source>
        <translation>Staff confirm the cover (rule unconfirmed or data missing).</translation>
    </message>
</context>
<context>
    <name>FaceScreen</name>
    <message>
        <location filename="../screens/face.py" line="1"/>
        <source>Kiosk sẽ so khớp khuôn mặt của bạn với ảnh trong thẻ; ảnh không được lưu lại</source>
        <translation>The kiosk will compare your face with the photo in your card; no picture is kept</translation>
    </message>
    <message>
        <location filename="../screens/face.py" line="1"/>
        <source>Đồng ý</source>
        <translation>I agree</translation>
    </message>
    <message>
        <location filename="../screens/face.py" line="1"/>
        <source>Không, cảm ơn</source>
        <translation>No, thank you</translation>
    </message>
    <message>
        <location filename="../screens/face.py" line="1"/>
        <source>Bạn có thể từ chối.</source>
        <translation>You may say no.</translation>
    </message>
    <message>
        <location filename="../screens/face.py" line="1"/>
        <source>Vui lòng nhìn vào camera.</source>
        <translation>Please look at the camera.</translation>
    </message>
    <message>
        <location filename="../screens/face.py" line="1"/>
        <source>Vui lòng quay đầu sang một bên một chút.</source>
        <translation>Please turn your head slightly to one side.</translation>
    </message>
</context>
<context>
    <name>TakeCardScreen</name>
    <message>
        <location filename="../screens/take_card.py" line="1"/>
        <source>Vui lòng lấy lại thẻ</source>
        <translation>Please take your card</translation>
    </message>
    <message>
        <location filename="../screens/take_card.py" line="1"/>
        <source>Thẻ căn cước của bạn vẫn còn trên đầu đọc.</source>
        <translation>Your ID card is still on the reader.</translation>
    </message>
</context>
<context>
    <name>VoicePrompt</name>
    <message>
        <location filename="../voice/prompts.py" line="21"/>
        <source>Mời bạn đặt thẻ căn cước lên đầu đọc hoặc đưa mã QR vào camera.</source>
        <translation>Please place your ID card on the reader or show its QR code to the camera.</translation>
    </message>
    <message>
        <location filename="../voice/prompts.py" line="22"/>
        <source>Mời bạn nhập 12 số trên thẻ căn cước, rồi bấm Xong.</source>
        <translation>Please type the 12 digits on your ID card, then press Done.</translation>
    </message>
    <message>
        <location filename="../voice/prompts.py" line="23"/>
        <source>Mời bạn nhập năm sinh, 4 số, rồi bấm Xong.</source>
        <translation>Please type your year of birth, 4 digits, then press Done.</translation>
    </message>
    <message>
        <location filename="../voice/prompts.py" line="25"/>
        <source>Mời bạn nhập ngày sinh của trẻ: ngày, tháng, năm, 8 số.</source>
        <translation>Please type the child's date of birth: day, month, year, 8 digits.</translation>
    </message>
    <message>
        <location filename="../voice/prompts.py" line="26"/>
        <source>Mời bạn nhập họ và tên, không cần gõ dấu, rồi bấm Xong.</source>
        <translation>Please type your full name, accents are not needed, then press Done.</translation>
    </message>
    <message>
        <location filename="../voice/prompts.py" line="27"/>
        <source>Vui lòng chờ trong giây lát.</source>
        <translation>Please wait a moment.</translation>
    </message>
    <message>
        <location filename="../voice/prompts.py" line="28"/>
        <source>Đây có phải là bạn không? Nếu đúng, chạm nút Đúng, tiếp tục.</source>
        <translation>Is this you? If it is, touch Yes, continue.</translation>
    </message>
    <message>
        <location filename="../voice/prompts.py" line="30"/>
        <source>Bạn có giấy chuyển cơ sở khám chữa bệnh hoặc phiếu hẹn khám lại không?</source>
        <translation>Do you have a referral letter or a follow-up appointment slip?</translation>
    </message>
    <message>
        <location filename="../voice/prompts.py" line="31"/>
        <source>Mời bạn chạm vào khoa bạn muốn khám.</source>
        <translation>Please touch the department you want to visit.</translation>
    </message>
    <message>
        <location filename="../voice/prompts.py" line="32"/>
        <source>Bạn có thuộc nhóm được ưu tiên không? Mời bạn chạm câu trả lời.</source>
        <translation>Do you belong to a priority group? Please touch your answer.</translation>
    </message>
    <message>
        <location filename="../voice/prompts.py" line="33"/>
        <source>Mời bạn đến phòng khám và chờ gọi số.</source>
        <translation>Please go to the clinic and wait for your number to be called.</translation>
    </message>
    <message>
        <location filename="../voice/prompts.py" line="34"/>
        <source>Hôm nay bạn đã có số thứ tự.</source>
        <translation>You already have a number today.</translation>
    </message>
    <message>
        <location filename="../voice/prompts.py" line="35"/>
        <source>Mời bạn đến quầy tiếp đón. Nhân viên sẽ giúp bạn.</source>
        <translation>Please go to the reception counter. A staff member will help you.</translation>
    </message>
    <message>
        <location filename="../voice/prompts.py" line="36"/>
        <source>Bạn đã có thẻ bảo hiểm y tế mới. Chạm Tiếp tục để lấy số.</source>
        <translation>You have a new health insurance card. Touch Continue to get your number.</translation>
    </message>
    <message>
        <location filename="../voice/prompts.py" line="38"/>
        <source>Bạn đăng ký khám ban đầu ở nơi khác. Nếu khám ở đây, bảo hiểm có thể chi trả ít hơn. Bạn muốn làm gì?</source>
        <translation>You are registered at another clinic. If you are seen here, insurance may pay less. What would you like to do?</translation>
    </message>
    <message>
        <location filename="../voice/prompts.py" line="41"/>
        <source>Chưa kiểm tra được thẻ bảo hiểm y tế lúc này. Bạn vẫn được lấy số.</source>
        <translation>Your health insurance cannot be checked right now. You can still get a number.</translation>
    </message>
    <message>
        <location filename="../voice/prompts.py" line="42"/>
        <source>Không đọc được thẻ. Hãy đặt lại thẻ, đưa mã QR vào camera, hoặc nhập số.</source>
        <translation>The card could not be read. Place it again, show the QR code to the camera, or type the number.</translation>
    </message>
    <message>
        <location filename="../voice/prompts.py" line="44"/>
        <source>Thông tin đã được xoá. Hãy dùng thẻ của chính bạn, hoặc hỏi nhân viên ở quầy.</source>
        <translation>The information has been deleted. Please use your own card, or ask at the counter.</translation>
    </message>
    <message>
        <location filename="../voice/prompts.py" line="50"/>
        <source>Số thứ tự của bạn là</source>
        <translation>Your number is</translation>
    </message>
    <message>
        <location filename="../voice/prompts.py" line="51"/>
        <source>Mời bạn xem số thứ tự trên màn hình.</source>
        <translation>Please read your number on the screen.</translation>
    </message>
    <message>
        <location filename="../voice/prompts.py" line="52"/>
        <source>Mời bạn xem phòng khám trên màn hình.</source>
        <translation>Please read the room on the screen.</translation>
    </message>
    <message>
        <location filename="../voice/prompts.py" line="53"/>
        <source>Số của bạn ở quầy là</source>
        <translation>Your number at the counter is</translation>
    </message>
    <message>
        <location filename="../voice/prompts.py" line="54"/>
        <source>Bảo hiểm y tế chi trả</source>
        <translation>Health insurance pays</translation>
    </message>
    <message>
        <location filename="../voice/prompts.py" line="55"/>
        <source>phần trăm chi phí trong phạm vi quyền lợi.</source>
        <translation>percent of the costs within your benefits.</translation>
    </message>
    <message>
        <location filename="../voice/prompts.py" line="29"/>
        <source>Mời bạn để thẻ nằm yên trên đầu đọc, mặt có mã QR hướng lên.</source>
        <translation>Please keep your card still on the reader, with the QR code facing up.</translation>
    </message>
    <message>
        <location filename="../voice/prompts.py" line="48"/>
        <source>Vui lòng lấy lại thẻ căn cước của bạn trên đầu đọc.</source>
        <translation>Please take your ID card from the reader.</translation>
    </message>
    <message>
        <location filename="../voice/prompts.py" line="49"/>
        <source>Kiosk sẽ so khớp khuôn mặt của bạn với ảnh trong thẻ; ảnh không được lưu lại. Nếu đồng ý, chạm nút Đồng ý, rồi nhìn vào camera.</source>
        <translation>The kiosk will compare your face with the photo in your card; no picture is kept. If you agree, touch I agree, then look at the camera.</translation>
    </message>
    <message>
        <location filename="../voice/prompts.py" line="63"/>
        <source>Vui lòng quay đầu sang một bên một chút.</source>
        <translation>Please turn your head slightly to one side.</translation>
    </message>
</context>
</TS>
