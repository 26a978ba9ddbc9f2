/// Chinese number readings: cardinals with 万/亿 grouping and 零 for gaps, digit strings, decimals.
enum ChineseNumbers {
    static let digitNames: [Character] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]

    /// Reads ASCII digits as a Chinese cardinal: "25" → 二十五, "10" → 十, "1001" → 一千零一,
    /// "100000" → 十万. Numbers longer than 16 digits are read digit by digit.
    static func cardinal<S: StringProtocol>(_ digits: S) -> String {
        let values = Array(digits.compactMap { $0.wholeNumberValue }.drop { $0 == 0 })
        if values.isEmpty { return "零" }
        if values.count > 16 { return self.digits(digits) }
        // Sections of four digits from the right: units, 万, 亿, 万亿.
        let sectionNames = ["", "万", "亿", "万亿"]
        var sections: [[Int]] = []
        var end = values.count
        while end > 0 {
            let start = max(0, end - 4)
            sections.insert(Array(values[start..<end]), at: 0)
            end = start
        }
        var out = ""
        var needZero = false
        for (index, section) in sections.enumerated() {
            let name = sectionNames[sections.count - 1 - index]
            let value = section.reduce(0) { $0 * 10 + $1 }
            if value == 0 { needZero = !out.isEmpty; continue }
            // A section below 1000 after a higher non-zero section starts with 零 (一万零一).
            if !out.isEmpty && (needZero || value < 1000) { out.append("零") }
            out += readSection(value)
            out += name
            needZero = false
        }
        // 一十 at the very start is said 十 (十五, 十万), but not inside (一百一十).
        if out.hasPrefix("一十") { out.removeFirst() }
        return out
    }

    /// 1…9999 with 千百十 and one 零 per gap: 1010 → 一千零一十, 205 → 二百零五.
    private static func readSection(_ value: Int) -> String {
        let units = ["千", "百", "十", ""]
        let digits = [value / 1000, value / 100 % 10, value / 10 % 10, value % 10]
        var out = ""
        var pendingZero = false
        for (digit, unit) in zip(digits, units) {
            if digit == 0 {
                pendingZero = !out.isEmpty
                continue
            }
            if pendingZero { out.append("零") }
            pendingZero = false
            out.append(digitNames[digit])
            out += unit
        }
        return out
    }

    /// Digit by digit: "2024" → 二零二四. With `yao`, 1 is read 幺 as in telephone numbers.
    static func digits<S: StringProtocol>(_ digits: S, yao: Bool = false) -> String {
        String(digits.compactMap { $0.wholeNumberValue }.map { yao && $0 == 1 ? "幺" : digitNames[$0] })
    }

    /// "3.5" → 三点五; the integer part may be empty (".5" → 零点五).
    static func decimal(integer: Substring, fraction: Substring) -> String {
        (integer.isEmpty ? "零" : cardinal(integer)) + "点" + digits(fraction)
    }
}
