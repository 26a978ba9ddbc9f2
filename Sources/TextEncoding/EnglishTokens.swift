/// A piece of an English span: a word (letters with inner apostrophes, or a dotted abbreviation such
/// as "e.g."), a number (digits with thousands commas and one decimal point), a run of spaces, or any
/// other single character.
struct EnglishToken: Equatable {
    enum Kind: Equatable { case word, number, space, symbol }
    var kind: Kind
    var text: String

    var isWord: Bool { kind == .word }
    var isNumber: Bool { kind == .number }
    var isSpace: Bool { kind == .space }
    func isSymbol(_ c: Character) -> Bool { kind == .symbol && text.first == c }
    /// Digits only: no commas, no decimal point.
    var isPlainInteger: Bool { kind == .number && text.allSatisfy(\.isASCIIDigit) }
    var integerValue: Int? { isPlainInteger && text.count <= 18 ? Int(text) : nil }
    var isCapitalized: Bool { kind == .word && text.first!.isUppercase }
}

enum EnglishTokenizer {
    static func tokenize(_ text: String) -> [EnglishToken] {
        let c = Array(text)
        var tokens: [EnglishToken] = []
        var i = 0
        while i < c.count {
            let ch = c[i]
            if ch.isWhitespace {
                var j = i
                while j < c.count && c[j].isWhitespace { j += 1 }
                tokens.append(.init(kind: .space, text: " "))
                i = j
            } else if ch.isASCIIDigit {
                let j = numberEnd(c, i)
                tokens.append(.init(kind: .number, text: String(c[i..<j])))
                i = j
            } else if ch == "." && i + 1 < c.count && c[i + 1].isASCIIDigit
                        && (i == 0 || !(c[i - 1].isASCIIDigit || c[i - 1].isWordLetter)) {
                // ".5": a decimal without its leading zero.
                let j = numberEnd(c, i + 1)
                tokens.append(.init(kind: .number, text: String(c[i..<j])))
                i = j
            } else if ch.isWordLetter {
                if let j = dottedEnd(c, i) {
                    tokens.append(.init(kind: .word, text: String(c[i..<j])))
                    i = j
                    continue
                }
                var j = i
                var word = ""
                while j < c.count {
                    if c[j].isWordLetter { word.append(c[j]); j += 1; continue }
                    if (c[j] == "'" || c[j] == "’") && j + 1 < c.count && c[j + 1].isWordLetter && !word.isEmpty {
                        word.append("'"); j += 1; continue
                    }
                    break
                }
                tokens.append(.init(kind: .word, text: word))
                i = j
            } else {
                tokens.append(.init(kind: .symbol, text: String(ch)))
                i += 1
            }
        }
        return tokens
    }

    /// Digits, then ",ddd" groups, then one ".d+" fraction.
    private static func numberEnd(_ c: [Character], _ start: Int) -> Int {
        var j = start
        while j < c.count && c[j].isASCIIDigit { j += 1 }
        let leadDigits = j - start
        if c[start] != "." && leadDigits <= 3 {
            while j + 3 < c.count && c[j] == "," && c[j + 1].isASCIIDigit && c[j + 2].isASCIIDigit && c[j + 3].isASCIIDigit
                    && (j + 4 == c.count || !c[j + 4].isASCIIDigit) {
                j += 4
            }
        }
        if c[start] != "." && j + 1 < c.count && c[j] == "." && c[j + 1].isASCIIDigit {
            j += 1
            while j < c.count && c[j].isASCIIDigit { j += 1 }
        }
        return j
    }

    /// "e.g.", "U.S.A.", "a.m.", "Ph.D.": one- or two-letter groups each followed by a period, at
    /// least two groups, the last group one letter. Returns the end index, or nil.
    private static func dottedEnd(_ c: [Character], _ start: Int) -> Int? {
        var j = start
        var groups = 0
        var lastGroupLength = 0
        while j < c.count {
            var k = j
            while k < c.count && c[k].isWordLetter && k - j < 3 { k += 1 }
            let length = k - j
            guard length >= 1 && length <= 2, k < c.count, c[k] == "." else { break }
            if k + 1 < c.count && c[k + 1].isWordLetter == false || k + 1 == c.count {
                groups += 1; lastGroupLength = length; j = k + 1; break
            }
            groups += 1; lastGroupLength = length; j = k + 1
        }
        guard groups >= 2, lastGroupLength == 1 else { return nil }
        if j < c.count && c[j].isWordLetter { return nil }
        return j
    }
}
