/// Removes HTML and Markdown markup so that only what a reader would say is left: tags go (block
/// tags become line breaks), entities are decoded, links keep their text, emphasis marks, code ticks,
/// heading marks, quote marks and list bullets go. Pinned pronunciations (`[[...]]`) are left alone.
enum Markup {
    static func strip(_ text: String) -> String {
        guard text.contains(where: { "<&[*_`#>~-+".contains($0) }) else { return text }
        let c = Array(text)
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var i = 0
        var atLineStart = true
        while i < c.count {
            let ch = c[i]
            if atLineStart {
                if ch == " " || ch == "\t" { out.append(ch); i += 1; continue }
                if let skip = lineStartMarker(c, i) { i += skip; atLineStart = false; continue }
            }
            atLineStart = ch.isNewline
            switch ch {
            case "<":
                if let (length, isBlock) = tag(c, i) {
                    out.append(isBlock ? "\n" : " ")
                    atLineStart = isBlock
                    i += length
                    continue
                }
            case "&":
                if let (length, decoded) = entity(c, i) { out += decoded; i += length; continue }
            case "!" where i + 1 < c.count && c[i + 1] == "[":
                if let (length, label) = link(c, i + 1) { out += label; i += 1 + length; continue }
            case "[":
                if let (length, label) = link(c, i) { out += label; i += length; continue }
            case "*", "_", "~":
                if i + 1 < c.count && c[i + 1] == ch { i += 2; continue }   // **bold**, __bold__, ~~strike~~
            case "`":
                i += 1
                continue
            default:
                break
            }
            out.append(ch)
            i += 1
        }
        return out
    }

    /// Heading marks, block quotes and list bullets at the start of a line: returns how much to skip.
    private static func lineStartMarker(_ c: [Character], _ i: Int) -> Int? {
        var j = i
        if c[i] == "#" {
            while j < c.count && c[j] == "#" { j += 1 }
            return j < c.count && c[j] == " " && j - i <= 6 ? j - i + 1 : nil
        }
        if c[i] == ">" || c[i] == "-" || c[i] == "*" || c[i] == "+" {
            return i + 1 < c.count && c[i + 1] == " " ? 2 : nil
        }
        return nil
    }

    private static let blockTags: Set<String> = [
        "br", "p", "div", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
        "blockquote", "section", "article", "hr", "pre",
    ]

    /// `<name ...>` or `</name>` or `<!-- ... -->`, on one line and shorter than 300 characters.
    private static func tag(_ c: [Character], _ i: Int) -> (Int, Bool)? {
        guard i + 1 < c.count, c[i + 1].isASCIILetter || c[i + 1] == "/" || c[i + 1] == "!" else { return nil }
        var j = i + 1
        while j < c.count && j - i < 300 {
            if c[j] == ">" {
                let body = String(c[(i + 1)..<j]).trimmingCharactersAtEdges(of: "/!")
                let name = String(body.prefix { $0.isASCIILetter || $0.isASCIIDigit }).lowercased()
                if name.isEmpty && !body.hasPrefix("--") { return nil }
                return (j - i + 1, blockTags.contains(name))
            }
            if c[j] == "<" || c[j].isNewline { return nil }
            j += 1
        }
        return nil
    }

    private static let entities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "mdash": "—",
        "ndash": "–", "hellip": "…", "copy": "©", "reg": "®", "trade": "™", "deg": "°", "euro": "€",
        "pound": "£", "yen": "¥", "cent": "¢", "times": "×", "divide": "÷", "lsquo": "‘", "rsquo": "’",
        "ldquo": "“", "rdquo": "”", "middot": "·", "laquo": "«", "raquo": "»",
    ]

    private static func entity(_ c: [Character], _ i: Int) -> (Int, String)? {
        var j = i + 1
        while j < c.count && j - i <= 10 && c[j] != ";" {
            guard c[j].isASCIILetter || c[j].isASCIIDigit || c[j] == "#" else { return nil }
            j += 1
        }
        guard j < c.count, c[j] == ";", j > i + 1 else { return nil }
        let name = String(c[(i + 1)..<j])
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let value = digits.hasPrefix("x") || digits.hasPrefix("X")
                ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            guard let value, let scalar = Unicode.Scalar(value) else { return nil }
            return (j - i + 1, String(Character(scalar)))
        }
        guard let decoded = entities[name] else { return nil }
        return (j - i + 1, decoded)
    }

    /// `[label](target)` → label. Not `[[...]]`, which pins a pronunciation.
    private static func link(_ c: [Character], _ i: Int) -> (Int, String)? {
        guard i + 1 < c.count, c[i + 1] != "[", i == 0 || c[i - 1] != "[" else { return nil }
        var j = i + 1
        while j < c.count && c[j] != "]" && !c[j].isNewline && j - i < 500 { j += 1 }
        guard j + 1 < c.count, c[j] == "]", c[j + 1] == "(" else { return nil }
        var k = j + 2
        while k < c.count && c[k] != ")" && !c[k].isWhitespace { k += 1 }
        guard k < c.count, c[k] == ")" else { return nil }
        return (k - i + 1, String(c[(i + 1)..<j]))
    }
}

extension String {
    func trimmingCharactersAtEdges(of set: String) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
