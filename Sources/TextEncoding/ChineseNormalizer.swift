/// Reads a Chinese span: numbers in Chinese (years digit by digit, dates, times, money, percentages,
/// temperatures, units, phone numbers), operators in words, punctuation in full width.
struct ChineseNormalizer {
    /// Units written in Latin letters after a number.
    static let unitNames: [String: String] = [
        "km": "公里", "m": "米", "cm": "厘米", "mm": "毫米", "nm": "纳米", "kg": "公斤", "g": "克",
        "mg": "毫克", "t": "吨", "L": "升", "l": "升", "ml": "毫升", "mL": "毫升", "h": "小时",
        "min": "分钟", "s": "秒", "ms": "毫秒", "Hz": "赫兹", "kHz": "千赫兹", "MHz": "兆赫兹",
        "GHz": "吉赫兹", "W": "瓦", "kW": "千瓦", "kWh": "千瓦时", "V": "伏", "mAh": "毫安时",
        "dB": "分贝", "cc": "立方厘米", "mph": "英里每小时",
    ]

    static func isUnit(_ word: String) -> Bool { unitNames[word] != nil || word == "C" || word == "F" }

    /// Measure words after which a lone 2 is read 两 ("2个" → 两个).
    static let liangMeasureWords: Set<Character> = [
        "个", "只", "位", "本", "条", "件", "次", "天", "年", "岁", "张", "台", "辆", "把", "种", "份",
        "家", "块", "杯", "瓶", "双", "对", "周", "名", "口", "头", "匹", "艘", "架", "碗", "片", "层",
        "间", "座", "首", "部", "封", "场", "趟", "遍", "倍", "斤", "万", "千", "亿", "百", "公", "米", "厘",
        "毫", "克", "吨", "升", "小", "分", "秒", "点",
    ]

    private static let currencyNames: [Character: String] = ["¥": "元", "$": "美元", "€": "欧元", "£": "英镑", "₩": "韩元"]

    private static let punctuation: [Character: Character] = [
        ",": "，", "!": "！", "?": "？", ";": "；", ":": "：", "，": "，", "。": "。", "！": "！", "？": "？",
        "；": "；", "：": "：", "、": "、", ".": "。", "…": "。", "—": "，", "–": "，",
    ]

    private static let removed: Set<Character> = [
        "(", ")", "（", "）", "[", "]", "【", "】", "《", "》", "「", "」", "『", "』", "“", "”", "‘", "’",
        "\"", "'", "·", "`", "|", "\\", "_", "#", "^", "{", "}", "®", "™", "～", "~",
    ]

    private static let symbolWords: [Character: String] = [
        "&": "和", "@": "艾特", "+": "加", "=": "等于", "×": "乘", "÷": "除以", "≈": "约等于",
        "≠": "不等于", "≤": "小于等于", "≥": "大于等于", "±": "正负", "%": "百分号", "°": "度",
        "‰": "千分号", "§": "第", "©": "版权",
    ]

    private static let strength: [Character: Int] = ["？": 7, "！": 6, "。": 5, "；": 4, "：": 3, "，": 2, "、": 1]

    func normalize(_ text: String) -> String {
        var reader = ChineseReader(Array(text))
        return Self.tidy(reader.read())
    }

    /// Drops spaces between CJK characters, keeps one at the edges of the span (next to English),
    /// and reduces a run of marks to its strongest one.
    private static func tidy(_ text: String) -> String {
        let leadingSpace = text.first?.isWhitespace == true
        let trailingSpace = text.last?.isWhitespace == true
        var out = ""
        var pendingSpace = false
        for c in text {
            if c.isWhitespace { pendingSpace = true; continue }
            if let rank = strength[c] {
                pendingSpace = false
                if let last = out.last, let lastRank = strength[last] {
                    if rank > lastRank { out.removeLast(); out.append(c) }
                    continue
                }
                out.append(c)
                continue
            }
            if pendingSpace, let last = out.last, !(last.isCJK || strength[last] != nil || c.isCJK) {
                out.append(" ")
            }
            pendingSpace = false
            out.append(c)
        }
        if out.isEmpty { return leadingSpace || trailingSpace ? " " : "" }
        return (leadingSpace ? " " : "") + out + (trailingSpace ? " " : "")
    }

    /// The scanner over one span's characters.
    struct ChineseReader {
        let c: [Character]
        var i = 0
        var out = ""

        init(_ characters: [Character]) { c = characters }

        private func at(_ k: Int) -> Character? { k >= 0 && k < c.count ? c[k] : nil }
        private func isDigit(_ k: Int) -> Bool { at(k)?.isASCIIDigit == true }

        mutating func read() -> String {
            while i < c.count {
                let ch = c[i]
                if ch.isASCIIDigit || (ch == "." && isDigit(i + 1) && !isDigit(i - 1)) {
                    number(negative: false)
                } else if (ch == "-") && isDigit(i + 1) && !(isDigit(i - 1) || at(i - 1)?.isASCIILetter == true) {
                    i += 1
                    number(negative: true)
                } else if let name = ChineseNormalizer.currencyNames[ch], isDigit(i + 1) {
                    i += 1
                    money(currency: name)
                } else if ch == "+" && isDigit(i + 1) && !isDigit(i - 1) && at(i - 1) != " " || ch == "+" && i == 0 && isDigit(1) {
                    i += 1
                    out += "加"
                    phoneGroups()
                } else {
                    symbol(ch)
                }
            }
            return out
        }

        // MARK: numbers

        /// The digits at i: integer part (thousands commas removed), fraction, and the end index.
        private func scanNumber(_ start: Int) -> (integer: String, fraction: String?, end: Int) {
            var j = start
            var integer = ""
            while let d = at(j), d.isASCIIDigit { integer.append(d); j += 1 }
            while at(j) == ",", isDigit(j + 1), isDigit(j + 2), isDigit(j + 3), !isDigit(j + 4) {
                integer += String(c[(j + 1)...(j + 3)])
                j += 4
            }
            var fraction: String?
            if at(j) == ".", isDigit(j + 1) {
                var f = ""
                j += 1
                while let d = at(j), d.isASCIIDigit { f.append(d); j += 1 }
                fraction = f
            }
            return (integer, fraction, j)
        }

        private func reading(_ integer: String, _ fraction: String?) -> String {
            if let fraction {
                return ChineseNumbers.decimal(integer: Substring(integer), fraction: Substring(fraction))
            }
            if integer.count > 1 && integer.first == "0" { return ChineseNumbers.digits(integer) }
            if integer.count > 12 { return ChineseNumbers.digits(integer) }
            let words = ChineseNumbers.cardinal(integer)
            // 2000 is said 两千, 20000 两万: a leading 二 before 千, 万 or 亿.
            if words.hasPrefix("二"), let unit = words.dropFirst().first, "千万亿".contains(unit) {
                return "两" + words.dropFirst()
            }
            return words
        }

        private mutating func number(negative: Bool) {
            let start = i
            if !negative, let words = date(start) ?? time(start) ?? phone(start) {
                out += words
                return
            }
            let (integer, fraction, end) = scanNumber(start)
            var value = reading(integer, fraction)
            // Numbers that name rather than count: 电话/手机/号码/账号 123… are read digit by digit.
            if fraction == nil, !negative, integer.count >= 5, Self.namesANumber(out) {
                out += ChineseNumbers.digits(integer, yao: true)
                i = end
                return
            }
            i = end
            let sign = negative ? "负" : ""
            // Percent and per mille.
            if at(i) == "%" { out += sign + "百分之" + value; i += 1; return }
            if at(i) == "‰" { out += sign + "千分之" + value; i += 1; return }
            // Temperatures.
            if at(i) == "°" {
                let scale = at(i + 1)
                if scale == "C" || scale == "F" {
                    out += (negative ? "零下" : "") + value + (scale == "C" ? "摄氏度" : "华氏度")
                    i += 2
                } else {
                    out += (negative ? "零下" : "") + value + "度"
                    i += 1
                }
                return
            }
            // Fractions: 3/4 → 四分之三.
            if fraction == nil, at(i) == "/", isDigit(i + 1), integer.count <= 3 {
                let (den, denFraction, denEnd) = scanNumber(i + 1)
                if denFraction == nil, den.count <= 3, at(denEnd) != "/" && !(at(denEnd)?.isASCIILetter ?? false) {
                    out += sign + ChineseNumbers.cardinal(den) + "分之" + value
                    i = denEnd
                    return
                }
            }
            // Ranges: 10-20, 3~5 → 十到二十.
            if let dash = at(i), dash == "-" || dash == "~" || dash == "～" || dash == "–", isDigit(i + 1) {
                // "5-3=2" is a subtraction, not a range.
                let isSubtraction = dash == "-" && at(scanNumber(i + 1).end) == "="
                out += sign + value + (isSubtraction ? "减" : "到")
                i += 1
                number(negative: false)
                return
            }
            if let unit = unit() {
                if integer == "2" && fraction == nil && !negative && unit.first.map({ ChineseNormalizer.liangMeasureWords.contains($0) }) == true
                    && !out.hasSuffix("第") {
                    value = "两"
                }
                out += sign + value + unit
                return
            }
            // 两 before a measure word, but not after 第 (第2个 is 第二个) or inside a larger number.
            if integer == "2" && fraction == nil && !negative, let next = at(i),
               ChineseNormalizer.liangMeasureWords.contains(next), !out.hasSuffix("第") {
                value = "两"
            }
            out += sign + value
        }

        private static func namesANumber(_ before: String) -> Bool {
            var tail = Substring(before)
            while let last = tail.last, "是为：: ".contains(last) { tail = tail.dropLast() }
            return ["号", "号码", "电话", "手机", "编号", "账号", "卡号", "单号", "密码", "邮编", "尾号"].contains { tail.hasSuffix($0) }
        }

        /// A Latin unit after the number (optionally after one space), with "/unit" and "^2" forms.
        private mutating func unit() -> String? {
            var j = i
            if at(j) == " " { j += 1 }
            var k = j
            while let ch = at(k), ch.isASCIILetter { k += 1 }
            guard k > j, let name = ChineseNormalizer.unitNames[String(c[j..<k])] else { return nil }
            var words = name
            if at(k) == "^", let p = at(k + 1), p == "2" || p == "3" {
                words = (p == "2" ? "平方" : "立方") + words
                k += 2
            }
            if at(k) == "/" {
                var m = k + 1
                while let ch = at(m), ch.isASCIILetter { m += 1 }
                if m > k + 1, let per = ChineseNormalizer.unitNames[String(c[(k + 1)..<m])] {
                    words += "每" + per
                    k = m
                }
            }
            i = k
            return words
        }

        /// 2024年 (four digits read one by one), 2024-01-05, 2024/1/5, 2024.1.5.
        private mutating func date(_ start: Int) -> String? {
            let (year, yf, yearEnd) = scanNumber(start)
            guard yf == nil || at(yearEnd) == "." else { return nil }
            var j = start
            while isDigit(j) { j += 1 }
            guard j - start == 4 else { return nil }
            if at(j) == "年" {
                i = j + 1
                return ChineseNumbers.digits(year) + "年"
            }
            guard let sep = at(j), sep == "-" || sep == "/" || sep == "." else { return nil }
            var k = j + 1
            let monthStart = k
            while isDigit(k) { k += 1 }
            guard k - monthStart >= 1 && k - monthStart <= 2, let month = Int(String(c[monthStart..<k])), (1...12).contains(month) else {
                return nil
            }
            var words = ChineseNumbers.digits(year) + "年" + ChineseNumbers.cardinal(String(month)) + "月"
            if at(k) == sep, isDigit(k + 1) {
                let dayStart = k + 1
                var m = dayStart
                while isDigit(m) { m += 1 }
                guard m - dayStart <= 2, let day = Int(String(c[dayStart..<m])), (1...31).contains(day) else { return nil }
                words += ChineseNumbers.cardinal(String(day)) + (at(m) == "日" || at(m) == "号" ? "" : "日")
                k = m
            } else if sep == "." {
                return nil
            }
            i = k
            return words
        }

        /// 8:30 → 八点三十分, 14:05:09 → 十四点零五分九秒, 3:2 → 三比二.
        private mutating func time(_ start: Int) -> String? {
            var j = start
            while isDigit(j) { j += 1 }
            guard j - start <= 2, at(j) == ":" || at(j) == "：", isDigit(j + 1) else { return nil }
            let hour = Int(String(c[start..<j]))!
            var k = j + 1
            while isDigit(k) { k += 1 }
            let minuteText = String(c[(j + 1)..<k])
            guard minuteText.count == 2, hour <= 24, let minute = Int(minuteText), minute < 60 else {
                // A score or ratio.
                guard minuteText.count <= 3 else { return nil }
                i = k
                return ChineseNumbers.cardinal(String(c[start..<j])) + "比" + ChineseNumbers.cardinal(minuteText)
            }
            var words = (hour == 2 ? "两" : ChineseNumbers.cardinal(String(hour))) + "点"
            if minute > 0 { words += (minute < 10 ? "零" : "") + ChineseNumbers.cardinal(String(minute)) + "分" }
            if at(k) == ":", isDigit(k + 1), isDigit(k + 2), !isDigit(k + 3), let second = Int(String(c[(k + 1)...(k + 2)])), second < 60 {
                if minute == 0 { words += "零分" }
                words += ChineseNumbers.cardinal(String(second)) + "秒"
                k += 3
            }
            i = k
            return words
        }

        /// Mobile numbers (11 digits from 1), numbers with hyphenated groups (010-12345678,
        /// 400-123-4567): digit by digit, 1 read 幺.
        private mutating func phone(_ start: Int) -> String? {
            var groups: [String] = []
            var j = start
            while true {
                var k = j
                while isDigit(k) { k += 1 }
                guard k > j else { break }
                groups.append(String(c[j..<k]))
                j = k
                if at(j) == "-", isDigit(j + 1) { j += 1 } else { break }
            }
            let total = groups.reduce(0) { $0 + $1.count }
            let mobile = groups.count == 1 && total == 11 && groups[0].first == "1"
            let grouped = groups.count >= 2 && groups.allSatisfy { $0.count >= 3 } && total >= 7
                && !(groups[0].count == 4 && groups.count == 3 && groups[1].count <= 2)
            guard mobile || grouped, at(j) != "." || !isDigit(j + 1) else { return nil }
            i = j
            return groups.map { ChineseNumbers.digits($0, yao: true) }.joined()
        }

        /// "+86 138 0013 8000": digit groups after a plus, read one by one.
        private mutating func phoneGroups() {
            var first = true
            while isDigit(i) || (!first && (at(i) == " " || at(i) == "-") && isDigit(i + 1)) {
                if !isDigit(i) { i += 1 }
                var k = i
                while isDigit(k) { k += 1 }
                out += ChineseNumbers.digits(String(c[i..<k]), yao: true)
                i = k
                first = false
            }
        }

        private mutating func money(currency: String) {
            let (integer, fraction, end) = scanNumber(i)
            i = end
            var trimmed = fraction.map { String($0.reversed().drop { $0 == "0" }.reversed()) }
            if trimmed?.isEmpty == true { trimmed = nil }
            var words = reading(integer, trimmed)
            if let scale = at(i), scale == "万" || scale == "亿" || scale == "千" || scale == "百" {
                words.append(scale)
                i += 1
                if at(i) == "亿" { words.append("亿"); i += 1 }
            }
            out += words + currency
        }

        // MARK: symbols

        private mutating func symbol(_ ch: Character) {
            defer { i += 1 }
            if let mark = ChineseNormalizer.punctuation[ch] {
                // "..." and "……" are one pause; "--" and "——" one comma.
                out.append(mark)
                return
            }
            if ChineseNormalizer.removed.contains(ch) { return }
            let betweenNumbers = isDigit(i - 1) || isDigit(i + 1) || at(i - 1) == " " && isDigit(i - 2)
            switch ch {
            case "-":
                if betweenNumbers && at(i - 1) == " " && at(i + 1) == " " { out += "减" }
                return
            case "/":
                if betweenNumbers { out += "除以" } else if at(i - 1)?.isHan == true && at(i + 1)?.isHan == true { out += "或" }
                return
            case "*":
                if betweenNumbers { out += "乘" }
                return
            case "<": out += "小于"; return
            case ">": out += "大于"; return
            default: break
            }
            if let words = ChineseNormalizer.symbolWords[ch] { out += words; return }
            out.append(ch)
        }
    }
}
