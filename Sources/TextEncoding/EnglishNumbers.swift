/// English number words: cardinals, ordinals, years, decimals and digit strings, in American usage
/// ("one hundred five", no "and").
enum EnglishNumbers {
    static let ones = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                       "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                       "seventeen", "eighteen", "nineteen"]
    static let tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    static let scales: [(value: Int, name: String)] = [
        (1_000_000_000_000_000, "quadrillion"), (1_000_000_000_000, "trillion"),
        (1_000_000_000, "billion"), (1_000_000, "million"), (1_000, "thousand"),
    ]

    /// The largest number read as a cardinal; longer digit strings are read digit by digit.
    static let maxCardinal = 999_999_999_999_999_999

    static func cardinal(_ n: Int) -> String {
        precondition(n >= 0, "negative numbers are read by the caller")
        if n < 100 { return belowHundred(n) }
        if n < 1000 {
            let rest = n % 100
            return ones[n / 100] + " hundred" + (rest == 0 ? "" : " " + belowHundred(rest))
        }
        for (value, name) in scales where n >= value {
            let rest = n % value
            return cardinal(n / value) + " " + name + (rest == 0 ? "" : " " + cardinal(rest))
        }
        preconditionFailure("unreachable")
    }

    /// Reads a string of ASCII digits as a cardinal, or digit by digit when it is too long for one.
    static func cardinal(digits: Substring) -> String {
        let trimmed = digits.drop { $0 == "0" }
        if trimmed.isEmpty { return "zero" }
        if trimmed.count > 18 { return self.digits(digits) }
        return cardinal(Int(trimmed)!)
    }

    private static func belowHundred(_ n: Int) -> String {
        if n < 20 { return ones[n] }
        return tens[n / 10] + (n % 10 == 0 ? "" : "-" + ones[n % 10])
    }

    static func ordinal(_ n: Int) -> String {
        ordinal(fromCardinal: cardinal(n))
    }

    /// Turns the last word of a cardinal into its ordinal: "twenty-one" → "twenty-first".
    static func ordinal(fromCardinal words: String) -> String {
        let irregular = ["one": "first", "two": "second", "three": "third", "five": "fifth",
                         "eight": "eighth", "nine": "ninth", "twelve": "twelfth"]
        let splitAt = words.lastIndex { $0 == " " || $0 == "-" }.map { words.index(after: $0) } ?? words.startIndex
        let head = words[..<splitAt]
        let last = String(words[splitAt...])
        if let word = irregular[last] { return head + word }
        if last.hasSuffix("y") { return head + last.dropLast() + "ieth" }
        return head + last + "th"
    }

    /// Plural of an ordinal used as a fraction's denominator: "thirds", "quarters", "halves".
    static func denominator(_ n: Int, plural: Bool) -> String {
        switch n {
        case 2: return plural ? "halves" : "half"
        case 4: return plural ? "quarters" : "quarter"
        default: return ordinal(n) + (plural ? "s" : "")
        }
    }

    /// A year as people say it: 1999 "nineteen ninety-nine", 2000 "two thousand", 2005 "two thousand
    /// five", 2010 "twenty ten", 1905 "nineteen oh five", 1900 "nineteen hundred".
    static func year(_ n: Int) -> String {
        guard (1000...9999).contains(n) else { return cardinal(n) }
        let high = n / 100, low = n % 100
        if n % 1000 < 10 && (2000...2009).contains(n) || n % 1000 == 0 { return cardinal(n) }
        if low == 0 { return cardinal(high) + " hundred" }
        if low < 10 { return cardinal(high) + " oh " + ones[low] }
        return cardinal(high) + " " + cardinal(low)
    }

    /// The plural of a decade: 1990 → "nineteen nineties", 2000 → "two thousands", 80 → "eighties".
    static func decade(_ n: Int) -> String {
        let words = n >= 1000 ? year(n) : cardinal(n)
        if words.hasSuffix("y") { return words.dropLast() + "ies" }
        return words + "s"
    }

    static func digits<S: StringProtocol>(_ digits: S) -> String {
        digits.compactMap { $0.wholeNumberValue }.map { ones[$0] }.joined(separator: " ")
    }

    /// "3.14" → "three point one four"; the integer part may be empty (".5" → "point five").
    static func decimal(integer: Substring, fraction: Substring) -> String {
        let head = integer.isEmpty ? "" : cardinal(digits: integer) + " "
        return head + "point " + digits(fraction)
    }

    /// The value of a Roman numeral written with I, V, X (and L, C), or nil if it is not well formed.
    static func roman(_ text: String) -> Int? {
        let values: [Character: Int] = ["I": 1, "V": 5, "X": 10, "L": 50, "C": 100]
        let digits = text.compactMap { values[$0] }
        guard digits.count == text.count, !digits.isEmpty else { return nil }
        var total = 0
        for (index, value) in digits.enumerated() {
            if index + 1 < digits.count && value < digits[index + 1] { total -= value } else { total += value }
        }
        // Round-trip check rejects forms such as "IIII" or "VX".
        let symbols: [(Int, String)] = [(100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"),
                                        (5, "V"), (4, "IV"), (1, "I")]
        var rest = total, canonical = ""
        for (value, symbol) in symbols { while rest >= value { canonical += symbol; rest -= value } }
        return canonical == text ? total : nil
    }
}
