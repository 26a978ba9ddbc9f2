/// Reads an English span the way a reader would say it: numbers, dates, times, money, units,
/// abbreviations, acronyms, symbols, URLs and e-mail addresses become words. Case is kept; numbers
/// become lowercase words; punctuation is reduced to . , ! ? ; : with one space after.
struct EnglishNormalizer {
    func normalize(_ text: String) -> String {
        let tokens = EnglishTokenizer.tokenize(WebAddresses.spellOut(text))
        var reader = EnglishReader(tokens: tokens)
        return EnglishPunctuation.tidy(reader.read())
    }
}

/// One pass over the tokens; each rule looks ahead a few tokens and says how many it consumed.
struct EnglishReader {
    let t: [EnglishToken]
    var i = 0
    var out = ""
    /// The last word written, lowercased: "in 1990" reads a year, "No. 5" a number.
    var previousWord = ""

    init(tokens: [EnglishToken]) { t = tokens }

    mutating func read() -> String {
        while i < t.count {
            let token = t[i]
            switch token.kind {
            case .space:
                out.append(" ")
                i += 1
            case .number:
                let (words, next) = number(at: i, negative: false)
                say(words)
                i = next
            case .word:
                word(token.text)
            case .symbol:
                symbol(token.text.first!)
            }
        }
        return out
    }

    private func token(_ k: Int) -> EnglishToken? { k >= 0 && k < t.count ? t[k] : nil }

    /// The index of the next token that is not a space.
    private func skipSpace(_ k: Int) -> Int { token(k)?.isSpace == true ? k + 1 : k }

    /// Set after a hyphen inside a word: the next word follows with no space ("well-known").
    var glue = false

    private mutating func say(_ words: String) {
        if !glue { out.append(" ") }
        glue = false
        out += words
        out.append(" ")
        if let last = words.split(separator: " ").last { previousWord = last.lowercased() }
    }

    // MARK: numbers

    /// Reads the number at k with what follows it; returns the words and the index after them.
    private func number(at k: Int, negative: Bool) -> (String, Int) {
        let n = t[k]
        let sign = negative ? "minus " : ""
        if !negative, let result = timeOfDay(at: k) ?? isoDate(at: k) ?? slashDate(at: k) ?? phone(at: k)
            ?? dayBeforeMonth(at: k) {
            return result
        }
        if n.isPlainInteger, n.text.count <= 3, token(k + 1)?.isSymbol("/") == true,
           let d = token(k + 2), d.isPlainInteger, d.text.count <= 3, let den = d.integerValue, den >= 2,
           token(k + 3)?.isSymbol("/") != true, let num = n.integerValue {
            // A proper fraction is read as one ("three quarters"); "24/7" is two numbers.
            guard num < den else {
                return (sign + EnglishNumbers.cardinal(num) + " " + EnglishNumbers.cardinal(den), k + 3)
            }
            return (sign + EnglishNumbers.cardinal(num) + " " + EnglishNumbers.denominator(den, plural: num != 1), k + 3)
        }
        // Version numbers: 2.0.1 → "two point zero point one".
        if n.text.contains("."), token(k + 1)?.isSymbol(".") == true, let part = token(k + 2), part.isPlainInteger {
            var words = sign + plainReading(at: k, yearLike: false).0
            var j = k + 1
            while token(j)?.isSymbol(".") == true, let p = token(j + 1), p.isPlainInteger {
                words += " point " + EnglishNumbers.cardinal(digits: Substring(p.text))
                j += 2
            }
            return (words, j)
        }
        // Ratios and scores that are not times: 3:2 → "three to two".
        if n.isPlainInteger, token(k + 1)?.isSymbol(":") == true, let m = token(k + 2), m.isPlainInteger {
            return (sign + plainReading(at: k, yearLike: false).0 + " to " + plainReading(at: k + 2, yearLike: false).0, k + 3)
        }
        // Ranges: 10-20, 1990–2000.
        if !negative, n.kind == .number, let dash = token(k + 1), dash.isSymbol("-") || dash.isSymbol("–"),
           let m = token(k + 2), m.isNumber, token(k + 3)?.isSymbol("-") != true {
            let (first, _) = plainReading(at: k, yearLike: n.text.count == 4 && m.text.count == 4)
            let (second, after) = number(at: k + 2, negative: false)
            let yearRange = n.text.count == 4 && m.text.count == 4
            let secondWords = yearRange ? plainReading(at: k + 2, yearLike: true).0 : second
            return (first + " to " + secondWords, yearRange ? k + 3 : after)
        }
        // 1st, 22nd, 3rd, 4th.
        if let suffix = token(k + 1), suffix.isWord, ["st", "nd", "rd", "th"].contains(suffix.text.lowercased()),
           let value = n.integerValue ?? Int(n.text.filter(\.isASCIIDigit)) {
            return (sign + EnglishNumbers.ordinal(value), k + 2)
        }
        // Decades: 1990s, 80s.
        if let s = token(k + 1), s.isWord, s.text == "s", let value = n.integerValue, value % 10 == 0,
           n.text.count == 4 || n.text.count == 2 {
            return (EnglishNumbers.decade(value), k + 2)
        }
        if token(k + 1)?.isSymbol("%") == true {
            return (sign + plainReading(at: k, yearLike: false).0 + " percent", k + 2)
        }
        if token(k + 1)?.isSymbol("¢") == true {
            return (sign + plainReading(at: k, yearLike: false).0 + (n.text == "1" ? " cent" : " cents"), k + 2)
        }
        if token(k + 1)?.isSymbol("‰") == true {
            return (sign + plainReading(at: k, yearLike: false).0 + " per mille", k + 2)
        }
        if token(k + 1)?.isSymbol("°") == true {
            let words = sign + plainReading(at: k, yearLike: false).0
            let one = n.text == "1" && !negative
            let degrees = one ? "degree" : "degrees"
            if let scale = token(k + 2), scale.isWord, scale.text == "C" || scale.text == "F" {
                return (words + " " + degrees + (scale.text == "C" ? " Celsius" : " Fahrenheit"), k + 3)
            }
            return (words + " " + degrees, k + 2)
        }
        if let (unit, after) = unit(after: k) {
            let one = n.text == "1" && !negative
            return (sign + plainReading(at: k, yearLike: false).0 + " " + (one ? unit.0 : unit.1), after)
        }
        // 2x, 4x4.
        if let x = token(k + 1), x.isWord, x.text == "x" || x.text == "X" {
            if token(k + 2)?.isNumber == true {
                return (sign + plainReading(at: k, yearLike: false).0 + " by", k + 2)
            }
            return (sign + plainReading(at: k, yearLike: false).0 + " times", k + 2)
        }
        let yearLike = !negative && n.isPlainInteger && n.text.count == 4 && isYearContext(after: k)
        let (words, after) = plainReading(at: k, yearLike: yearLike)
        // "2 1/2": a whole number and a fraction.
        if after == k + 1, token(k + 1)?.isSpace == true, let f = token(k + 2), f.isPlainInteger,
           token(k + 3)?.isSymbol("/") == true, let d = token(k + 4)?.integerValue, d >= 2, d <= 100,
           let num = f.integerValue, num < d, token(k + 5)?.isSymbol("/") != true {
            return (sign + words + " and " + EnglishNumbers.cardinal(num) + " " +
                    EnglishNumbers.denominator(d, plural: num != 1), k + 5)
        }
        return (sign + words, after)
    }

    private func isYearContext(after k: Int) -> Bool {
        guard let value = t[k].integerValue, (1000...2199).contains(value) else { return false }
        if EnglishTables.yearContext.contains(previousWord) { return true }
        if EnglishTables.monthNumbers[previousWord.capitalized] != nil { return true }
        let next = skipSpace(k + 1)
        if let era = token(next), era.isWord, ["BC", "AD", "BCE", "CE", "B.C.", "A.D."].contains(era.text) { return true }
        return false
    }

    /// A number on its own: integer, decimal, leading zeros, or digit strings too long for a cardinal.
    private func plainReading(at index: Int, yearLike: Bool) -> (String, Int) {
        let n = t[index]
        let text = n.text.filter { $0 != "," }
        if let dot = text.firstIndex(of: ".") {
            return (EnglishNumbers.decimal(integer: text[..<dot], fraction: text[text.index(after: dot)...]), index + 1)
        }
        if yearLike, let value = Int(text) { return (EnglishNumbers.year(value), index + 1) }
        if text.count > 1 && text.first == "0" && !n.text.contains(",") { return (EnglishNumbers.digits(text), index + 1) }
        return (EnglishNumbers.cardinal(digits: Substring(text)), index + 1)
    }

    private func unit(after k: Int) -> ((String, String), Int)? {
        let attached = token(k + 1)?.isWord == true
        let u = attached ? k + 1 : (token(k + 1)?.isSpace == true ? k + 2 : -1)
        guard let unitToken = token(u), unitToken.isWord else { return nil }
        let name = unitToken.text
        guard var entry = EnglishTables.units[name] else { return nil }
        if !attached && EnglishTables.attachedOnlyUnits.contains(name) && token(u + 1)?.isSymbol("^") != true { return nil }
        var after = u + 1
        // Squares and cubes: "m^2" (from "m²").
        if token(after)?.isSymbol("^") == true, let power = token(after + 1)?.text, power == "2" || power == "3" {
            let prefix = power == "2" ? "square " : "cubic "
            entry = (prefix + entry.0, prefix + entry.1)
            after += 2
        }
        // Rates: "km/h", "m/s".
        if token(after)?.isSymbol("/") == true, let per = token(after + 1), per.isWord,
           let perEntry = EnglishTables.units[per.text] {
            entry = (entry.0 + " per " + perEntry.0, entry.1 + " per " + perEntry.0)
            after += 2
        }
        return (entry, after)
    }

    /// 3:30, 15:45:10, 3:30 pm, 7 a.m.
    private func timeOfDay(at k: Int) -> (String, Int)? {
        guard let hour = t[k].integerValue, t[k].text.count <= 2, hour <= 24 else { return nil }
        var minute: Int?
        var second: Int?
        var after = k + 1
        if token(k + 1)?.isSymbol(":") == true, let m = token(k + 2), m.isPlainInteger, m.text.count == 2,
           let mv = m.integerValue, mv < 60 {
            minute = mv
            after = k + 3
            if token(k + 3)?.isSymbol(":") == true, let s = token(k + 4), s.isPlainInteger, s.text.count == 2,
               let sv = s.integerValue, sv < 60 {
                second = sv
                after = k + 5
            }
        }
        let markerIndex = skipSpace(after)
        let marker = token(markerIndex).flatMap { tok -> String? in
            guard tok.isWord else { return nil }
            switch tok.text.lowercased() {
            case "am", "a.m.": return "A M"
            case "pm", "p.m.": return "P M"
            default: return nil
            }
        }
        guard minute != nil || (marker != nil && hour <= 12) else { return nil }
        var words = EnglishNumbers.cardinal(hour)
        if let minute {
            if minute == 0 {
                if marker == nil {
                    words = hour == 0 ? "midnight" : hour <= 12 ? words + " o'clock" : words + " hundred"
                }
            } else if minute < 10 {
                words += " oh " + EnglishNumbers.cardinal(minute)
            } else {
                words += " " + EnglishNumbers.cardinal(minute)
            }
        }
        if let second {
            words += " and " + EnglishNumbers.cardinal(second) + (second == 1 ? " second" : " seconds")
        }
        if let marker {
            // "a.m." at the end of a sentence also ends it.
            let endsSentence = token(markerIndex)!.text.hasSuffix(".") && endOfSentence(after: markerIndex + 1)
            return (words + " " + marker + (endsSentence ? "." : ""), markerIndex + 1)
        }
        return (words, after)
    }

    private func endOfSentence(after k: Int) -> Bool {
        let next = skipSpace(k)
        guard let tok = token(next) else { return true }
        return tok.isCapitalized
    }

    private func dateWords(month: Int, day: Int, year: String?) -> String {
        var words = EnglishTables.months[month - 1] + " " + EnglishNumbers.ordinal(day)
        if let year, let value = Int(year) {
            words += ", " + (year.count == 4 ? EnglishNumbers.year(value) : year.first == "0"
                ? "oh " + EnglishNumbers.cardinal(value) : EnglishNumbers.cardinal(value))
        }
        return words
    }

    /// 2024-01-05.
    private func isoDate(at k: Int) -> (String, Int)? {
        guard t[k].isPlainInteger, t[k].text.count == 4, token(k + 1)?.isSymbol("-") == true,
              let m = token(k + 2)?.integerValue, token(k + 2)!.text.count <= 2, (1...12).contains(m),
              token(k + 3)?.isSymbol("-") == true,
              let d = token(k + 4)?.integerValue, token(k + 4)!.text.count <= 2, (1...31).contains(d) else { return nil }
        return (dateWords(month: m, day: d, year: t[k].text), k + 5)
    }

    /// 1/5/2024 (month first, as in the United States).
    private func slashDate(at k: Int) -> (String, Int)? {
        guard let m = t[k].integerValue, t[k].text.count <= 2, (1...12).contains(m), token(k + 1)?.isSymbol("/") == true,
              let d = token(k + 2)?.integerValue, token(k + 2)!.text.count <= 2, (1...31).contains(d),
              token(k + 3)?.isSymbol("/") == true, let y = token(k + 4), y.isPlainInteger,
              y.text.count == 4 || y.text.count == 2 else { return nil }
        return (dateWords(month: m, day: d, year: y.text), k + 5)
    }

    /// "5 January", "5th of January 2024" → "the fifth of January, twenty twenty-four".
    private func dayBeforeMonth(at k: Int) -> (String, Int)? {
        guard let d = t[k].integerValue, t[k].text.count <= 2, (1...31).contains(d) else { return nil }
        var j = k + 1
        if let s = token(j), s.isWord, ["st", "nd", "rd", "th"].contains(s.text.lowercased()) { j += 1 }
        guard token(j)?.isSpace == true else { return nil }
        j += 1
        if token(j)?.text == "of", token(j + 1)?.isSpace == true { j += 2 }
        guard let monthToken = token(j), monthToken.isWord,
              let month = EnglishTables.monthNumbers[monthToken.text], monthToken.text.count > 3 || token(j + 1)?.isSymbol(".") == true
        else { return nil }
        j += 1
        if token(j)?.isSymbol(".") == true && monthToken.text.count == 3 { j += 1 }
        var words = "the " + EnglishNumbers.ordinal(d) + " of " + EnglishTables.months[month - 1]
        if token(j)?.isSpace == true, let y = token(j + 1), y.isPlainInteger, y.text.count == 4, let yv = y.integerValue {
            words += ", " + EnglishNumbers.year(yv)
            j += 2
        }
        return (words, j)
    }

    /// 555-1234, 555-123-4567, 1-800-555-0199: groups of digits joined by hyphens, read digit by digit.
    private func phone(at k: Int) -> (String, Int)? {
        var groups: [String] = [t[k].text]
        var j = k + 1
        while token(j)?.isSymbol("-") == true, let g = token(j + 1), g.isPlainInteger {
            groups.append(g.text)
            j += 2
        }
        guard groups.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        let lengths = groups.map(\.count)
        let looksLikePhone = (lengths == [3, 4]) || (groups.count >= 3 && lengths.last == 4 && lengths.first != 4
            && lengths.reduce(0, +) >= 10)
        guard looksLikePhone else { return nil }
        return (groups.map { EnglishNumbers.digits($0) }.joined(separator: ", "), j)
    }

    // MARK: words

    private mutating func word(_ w: String) {
        let next = token(i + 1)
        // Dotted abbreviations: e.g., i.e., a.m., U.S.
        if w.contains(".") {
            let key = String(w.dropLast()).lowercased()
            let words = EnglishTables.dotted[key] ?? w.filter { $0 != "." }.uppercased().map(String.init).joined(separator: " ")
            let keepStop = !(EnglishTables.dotted[key] == "for example" || EnglishTables.dotted[key] == "that is")
                && endOfSpan(after: i + 1)
            say(words + (keepStop ? "." : ""))
            i += 1
            return
        }
        // Month before a day: "January 5", "Jan. 5, 2024", "March 2020".
        if let month = EnglishTables.monthNumbers[w], let (words, after) = monthDate(month: month, word: w) {
            say(words)
            i = after
            return
        }
        // Abbreviations with a period.
        if next?.isSymbol(".") == true {
            if let expansion = periodAbbreviation(w) {
                say(expansion.words)
                i += 2
                if !expansion.title && endOfSpan(after: i) { out.append(".") }
                return
            }
        }
        if let title = EnglishTables.bareTitles[w], next?.isSpace == true, token(i + 2)?.isCapitalized == true {
            say(title)
            i += 1
            return
        }
        if w == "No" || w == "no", next?.isSymbol(".") == true, token(skipSpace(i + 2))?.isNumber == true {
            say("number")
            i += 2
            return
        }
        if w == "x" || w == "X", token(i - 1)?.isSpace == true, token(i - 2)?.isNumber == true,
           next?.isSpace == true, token(i + 2)?.isNumber == true {
            say("by")
            i += 1
            return
        }
        if let roman = romanNumeral(w) {
            say(roman)
            i += 1
            return
        }
        if let special = EnglishTables.specialAcronyms[w] {
            say(special)
            i += 1
            return
        }
        say(acronym(w) ?? w)
        i += 1
    }

    private func endOfSpan(after k: Int) -> Bool {
        var j = k
        while let tok = token(j), tok.isSpace { j += 1 }
        return j >= t.count
    }

    private func periodAbbreviation(_ w: String) -> (words: String, title: Bool)? {
        let nextWord = token(skipSpace(i + 2))
        let beforeName = nextWord?.isCapitalized == true && token(i + 2)?.isSpace == true
        switch w {
        case "Dr": return beforeName ? ("Doctor", true) : ("Drive", false)
        case "St": return beforeName ? ("Saint", true) : ("Street", false)
        default:
            if let a = EnglishTables.withPeriod[w] {
                // "vs." and titles need something after them; "Co." only after a capitalised word.
                return (a.expansion, a.title)
            }
            // A month abbreviation with a period not followed by a day: "in Jan." → "January".
            if let month = EnglishTables.monthNumbers[w], w.count == 3 || w == "Sept" {
                return (EnglishTables.months[month - 1], false)
            }
            return nil
        }
    }

    private func monthDate(month: Int, word: String) -> (String, Int)? {
        var j = i + 1
        if token(j)?.isSymbol(".") == true && word.count <= 4 { j += 1 }
        guard token(j)?.isSpace == true, let n = token(j + 1), n.isPlainInteger, let value = n.integerValue else {
            return nil
        }
        // Short forms like "Mar" or "May" are only months when a day or year follows.
        let name = EnglishTables.months[month - 1]
        if n.text.count == 4 {
            return (name + " " + EnglishNumbers.year(value), j + 2)
        }
        guard n.text.count <= 2, (1...31).contains(value) else { return nil }
        var k = j + 2
        if let s = token(k), s.isWord, ["st", "nd", "rd", "th"].contains(s.text.lowercased()) { k += 1 }
        var words = name + " " + EnglishNumbers.ordinal(value)
        if token(k)?.isSymbol(",") == true, token(k + 1)?.isSpace == true, let y = token(k + 2), y.isPlainInteger,
           y.text.count == 4, let yv = y.integerValue {
            words += ", " + EnglishNumbers.year(yv)
            k += 3
        } else if token(k)?.isSpace == true, let y = token(k + 1), y.isPlainInteger, y.text.count == 4,
                  let yv = y.integerValue {
            words += ", " + EnglishNumbers.year(yv)
            k += 2
        }
        return (words, k)
    }

    /// "Henry VIII" → "Henry the eighth", "World War II" → "World War two": a Roman numeral from 2
    /// to 39 after a capitalised word; a cardinal after words that number things, else an ordinal.
    private func romanNumeral(_ w: String) -> String? {
        guard w.count >= 2, w.allSatisfy({ "IVX".contains($0) }), token(i - 1)?.isSpace == true,
              let before = token(i - 2), before.isCapitalized, let value = EnglishNumbers.roman(w), (2...39).contains(value)
        else { return nil }
        if EnglishTables.numberedThings.contains(before.text) { return EnglishNumbers.cardinal(value) }
        return "the " + EnglishNumbers.ordinal(value)
    }

    /// Capitals to spell: "FBI" → "F B I", "CEOs" → "C E O's"; words in capitals stay words.
    private func acronym(_ w: String) -> String? {
        var letters = Substring(w)
        var suffix = ""
        if w.hasSuffix("'s") { letters = letters.dropLast(2); suffix = "'s" } else if w.count >= 3 && w.hasSuffix("s")
            && w.dropLast().allSatisfy({ $0.isUppercase }) {
            letters = letters.dropLast(); suffix = "'s"
        }
        guard letters.count >= 2, letters.allSatisfy({ $0.isASCIILetter && $0.isUppercase }) else { return nil }
        if EnglishTables.wordAcronyms.contains(String(letters)) { return nil }
        let hasVowel = letters.contains { "AEIOUY".contains($0) }
        if letters.count >= 5 && hasVowel { return nil }
        return letters.map(String.init).joined(separator: " ") + suffix
    }

    // MARK: symbols

    private mutating func symbol(_ c: Character) {
        let prev = token(i - 1), next = token(i + 1)
        switch c {
        case "(" where next?.isPlainInteger == true && next!.text.count == 3 && token(i + 2)?.isSymbol(")") == true:
            // (555) 123-4567
            var j = skipSpace(i + 3)
            if let a = token(j), a.isPlainInteger, a.text.count == 3, token(j + 1)?.isSymbol("-") == true,
               let b = token(j + 2), b.isPlainInteger, b.text.count == 4 {
                j += 3
                say([next!.text, a.text, b.text].map { EnglishNumbers.digits($0) }.joined(separator: ", "))
                i = j
                return
            }
            out.append(" ")
            i += 1
        case "+" where next?.isPlainInteger == true && (prev == nil || prev!.isSpace):
            // +44 20 7946 0958: an international number, group by group.
            var groups: [String] = []
            var j = i + 1
            while let g = token(j), g.isPlainInteger {
                groups.append(g.text)
                if let sep = token(j + 1), sep.isSpace || sep.isSymbol("-"), token(j + 2)?.isPlainInteger == true { j += 2 } else { j += 1; break }
            }
            if groups.count >= 2 && groups.joined().count >= 8 {
                say("plus " + groups.map { EnglishNumbers.digits($0) }.joined(separator: ", "))
                i = j
                return
            }
            say("plus")
            i += 1
        case "$", "€", "£", "¥", "₹", "₩":
            if let (words, after) = money(symbol: c, at: i + 1, negative: false) { say(words); i = after; return }
            i += 1
        case "-", "–":
            if c == "-", next?.kind == .number, prev == nil || prev!.isSpace || prev!.isSymbol("(") || prev!.isSymbol("=") {
                let (words, after) = number(at: i + 1, negative: true)
                say(words)
                i = after
                return
            }
            if c == "-", let cur = next, cur.text.first.map({ EnglishTables.currencies[$0] != nil }) == true,
               prev == nil || prev!.isSpace, let (words, after) = money(symbol: cur.text.first!, at: i + 2, negative: true) {
                say(words); i = after; return
            }
            if prev?.isSpace == true && next?.isSpace == true {
                let before = token(i - 2), after = token(i + 2)
                if before?.isNumber == true && after?.isNumber == true { say("minus") } else { out.append(",") }
            } else if prev?.isWord == true && next?.isWord == true && c == "-" {
                while out.last == " " { out.removeLast() }
                out.append("-")
                glue = true
            } else if c == "–" || (i + 1 < t.count && next?.isSymbol("-") == true) {
                out.append(",")
                if next?.isSymbol("-") == true { i += 1 }
            } else {
                out.append(" ")
            }
            i += 1
        case "—":
            out.append(",")
            i += 1
        case "#":
            if let n = next, n.isNumber { say("number"); i += 1; return }
            if let w = next, w.isWord { say("hashtag") }
            i += 1
        case "*", "×":
            if prev?.isNumber == true || (prev?.isSpace == true && token(i - 2)?.isNumber == true),
               next?.isNumber == true || (next?.isSpace == true && token(i + 2)?.isNumber == true) {
                say("times")
            }
            i += 1
        case "^":
            if let n = next, n.isNumber, prev?.isNumber == true { say("to the power of") }
            i += 1
        case "~":
            if next?.isNumber == true { say("about") }
            i += 1
        case "/":
            if let a = prev, let b = next, a.isWord, b.isWord {
                if a.text == "and" || b.text == "or" {
                    out.append(" ")
                } else {
                    say(a.text == a.text.lowercased() && b.text == b.text.lowercased() ? "or" : "slash")
                }
            } else if prev?.isNumber == true && next?.isNumber == true {
                say("over")
            } else {
                out.append(" ")
            }
            i += 1
        case "'", "\"", "“", "”", "‘", "’", "«", "»", "(", ")", "[", "]", "{", "}", "<", ">", "|", "\\", "`",
             "「", "」", "『", "』", "《", "》", "【", "】", "（", "）", "®", "™", "·":
            if c == "<" || c == ">", prev?.isSpace == true, next?.isSpace == true {
                say(EnglishTables.symbolWords[c]!)
            } else if c == "(" || c == ")" || c == "（" || c == "）" {
                out.append(" ")
            }
            i += 1
        case "_":
            out.append(" ")
            i += 1
        case ".":
            // "Node.js", "file.txt": a period inside a word is said.
            if prev?.isWord == true && next?.isWord == true { say("dot") } else { out.append(c) }
            i += 1
        case ",", "!", "?", ";", ":":
            out.append(c)
            i += 1
        case "。", "．": out.append("."); i += 1
        case "，", "、": out.append(","); i += 1
        case "！": out.append("!"); i += 1
        case "？": out.append("?"); i += 1
        case "；": out.append(";"); i += 1
        case "：": out.append(":"); i += 1
        case "…": out.append("."); i += 1
        default:
            if let words = EnglishTables.symbolWords[c] { say(words) } else if c.isLetter || c.isNumber {
                out.append(c)
            } else {
                out.append(" ")
            }
            i += 1
        }
    }

    /// $12.50, $5 million, £3, €1.5bn.
    private func money(symbol: Character, at k: Int, negative: Bool) -> (String, Int)? {
        guard let n = token(k), n.isNumber, let names = EnglishTables.currencies[symbol] else { return nil }
        let sign = negative ? "minus " : ""
        let text = n.text.filter { $0 != "," }
        var after = k + 1
        // A scale word: "$5 million", "$2.5bn", "$3k".
        var scale: String?
        if let s = token(after), s.isWord, let word = EnglishTables.scaleAbbreviations[s.text] {
            scale = word; after += 1
        } else if token(after)?.isSpace == true, let s = token(after + 1), s.isWord,
                  EnglishTables.scaleWords.contains(s.text.lowercased()) {
            scale = s.text.lowercased(); after += 2
        }
        let integerPart: Substring, fraction: Substring
        if let dot = text.firstIndex(of: ".") {
            integerPart = text[..<dot]; fraction = text[text.index(after: dot)...]
        } else {
            integerPart = Substring(text); fraction = ""
        }
        if let scale {
            let amount = fraction.isEmpty ? EnglishNumbers.cardinal(digits: integerPart)
                : EnglishNumbers.decimal(integer: integerPart, fraction: fraction)
            return (sign + amount + " " + scale + " " + names.1, after)
        }
        let units = Int(integerPart.isEmpty ? "0" : integerPart) ?? 0
        var words: [String] = []
        if fraction.count == 2, !names.2.isEmpty, let cents = Int(fraction) {
            if units > 0 || cents == 0 {
                words.append(EnglishNumbers.cardinal(digits: integerPart.isEmpty ? "0" : integerPart) + " " + (units == 1 ? names.0 : names.1))
            }
            if cents > 0 { words.append(EnglishNumbers.cardinal(cents) + " " + (cents == 1 ? names.2 : names.3)) }
            return (sign + words.joined(separator: " and "), after)
        }
        if !fraction.isEmpty {
            return (sign + EnglishNumbers.decimal(integer: integerPart, fraction: fraction) + " " + names.1, after)
        }
        return (sign + EnglishNumbers.cardinal(digits: integerPart) + " " + (units == 1 ? names.0 : names.1), after)
    }
}
