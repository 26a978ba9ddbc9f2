/// The language-independent passes that run before numbers and words are read: control characters,
/// markup, emoji, invisible characters, full-width forms and line breaks. Each pass is linear.
enum TextCleanup {
    /// Throws for C0/C1 control characters other than tab, line feed, carriage return, vertical tab and
    /// form feed: in text meant to be spoken they signal binary data or text in another encoding.
    static func rejectControlCharacters(_ text: String) throws {
        var line = 1, column = 0
        for character in text {
            column += 1
            if character == "\n" || character == "\r\n" { line += 1; column = 0; continue }
            for scalar in character.unicodeScalars {
                let v = scalar.value
                let allowed = v == 0x09 || v == 0x0A || v == 0x0B || v == 0x0C || v == 0x0D
                if (v < 0x20 || (0x7F...0x9F).contains(v)) && !allowed {
                    throw TextInputError.controlCharacter(codePoint: v, line: line, column: column)
                }
            }
        }
    }

    /// The two characters `\` `n`, as GLM-TTS users type them in one-line prompts, become line breaks.
    static func expandEscapedNewlines(_ text: String) -> String {
        guard text.contains("\\n") else { return text }
        return text.replacingAll("\\n", with: "\n")
    }

    /// Removes emoji (with their modifiers, joiners and keycaps), zero-width characters and the soft
    /// hyphen. Emoji are recognised per grapheme so that a family or a flag goes as one.
    static func removeEmojiAndInvisibles(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            if isEmoji(character) { continue }
            let scalars = character.unicodeScalars.filter { !isInvisible($0) }
            if scalars.isEmpty { continue }
            if scalars.count == character.unicodeScalars.count { out.append(character) } else {
                out.unicodeScalars.append(contentsOf: scalars)
            }
        }
        return out
    }

    private static func isEmoji(_ character: Character) -> Bool {
        for scalar in character.unicodeScalars {
            let v = scalar.value
            if v == 0xFE0F || v == 0x20E3 || v == 0x200D && character.unicodeScalars.count > 1 { return true }
            if (0x1F000...0x1FAFF).contains(v) || (0x2600...0x27BF).contains(v) || (0x1F1E6...0x1F1FF).contains(v) {
                return true
            }
            if scalar.properties.isEmojiPresentation { return true }
            if (0xE0020...0xE007F).contains(v) { return true }   // tag characters of subdivision flags
        }
        return false
    }

    private static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00AD, 0x200B...0x200F, 0x2060...0x2064, 0xFEFF, 0xFE00...0xFE0E: return true
        default: return false
        }
    }

    /// Full-width ASCII (Ａ, １, ％, ，) becomes ASCII and the ideographic space a space; the Chinese
    /// normalizer turns punctuation back into full width inside Chinese spans. Circled numbers and
    /// unit ligatures (㎞) are expanded; ¹²³ become ^1 ^2 ^3 so that "m²" stays a square metre.
    static func foldWidths(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            guard character.unicodeScalars.count == 1 else { out.append(character); continue }
            let v = character.firstScalar.value
            switch v {
            case 0xFF01...0xFF5E: out.unicodeScalars.append(Unicode.Scalar(v - 0xFEE0)!)
            case 0x3000: out.append(" ")
            case 0xFFE5: out.append("¥")
            case 0xFFE0: out.append("¢")
            case 0xFFE1: out.append("£")
            case 0x2460...0x2473: out += String(v - 0x2460 + 1)                 // ①…⑳
            case 0x2474...0x2487: out += "(" + String(v - 0x2474 + 1) + ")"     // ⑴…⒇
            case 0x00B2: out += "^2"
            case 0x00B3: out += "^3"
            case 0x00B9: out += "^1"
            case 0x00BD, 0x00BC, 0x00BE:
                if let last = out.last, last.isASCIIDigit { out.append(" ") }
                out += v == 0x00BD ? "1/2" : v == 0x00BC ? "1/4" : "3/4"
            case 0x2212: out.append("-")                                          // minus sign
            case 0x2103: out += "°C"
            case 0x2109: out += "°F"
            default:
                if let unit = unitLigatures[v] { out += unit } else { out.append(character) }
            }
        }
        return out
    }

    private static let unitLigatures: [UInt32: String] = [
        0x339E: "km", 0x338F: "kg", 0x338E: "mg", 0x339D: "cm", 0x339C: "mm", 0x33A1: "m^2",
        0x33A2: "km^2", 0x33A5: "m^3", 0x33C4: "cc", 0x3396: "ml", 0x3397: "dl", 0x3398: "kl",
        0x33D1: "ln", 0x2113: "l", 0x33B3: "ms", 0x33A7: "m/s", 0x33CF: "kt",
    ]

    /// GLM-TTS's rule for several lines: drop empty lines, end each line that lacks one with a full
    /// stop ("。" when the line has Chinese in it, "." otherwise), then join the lines — with no
    /// separator when the text contains Chinese, with a space otherwise.
    static func joinLines(_ text: String) -> String {
        guard text.contains(where: { $0.isNewline }) else { return text }
        var lines: [String] = []
        var anyChinese = false
        for rawLine in text.split(whereSeparator: { $0.isNewline }) {
            let line = rawLine.trimmingSpaces()
            if line.isEmpty { continue }
            let hasChinese = line.contains { $0.isHan }
            anyChinese = anyChinese || hasChinese
            let last = line.last { !closingMarks.contains($0) } ?? line.last!
            if lineEnders.contains(last) { lines.append(String(line)) } else {
                lines.append(line + (hasChinese ? "。" : "."))
            }
        }
        return lines.joined(separator: anyChinese ? "" : " ")
    }

    private static let lineEnders: Set<Character> = [".", "!", "?", ";", ":", ",", "。", "！", "？", "；", "：", "，", "、", "…"]
    private static let closingMarks: Set<Character> = ["\"", "'", ")", "]", "”", "’", "」", "』", "》", "）", "】"]
}

extension StringProtocol {
    func trimmingSpaces() -> SubSequence {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return self[endIndex...] }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return self[first...last]
    }
}

extension String {
    /// Replaces every occurrence of `target` (a plain string, not a pattern) in one pass.
    func replacingAll(_ target: String, with replacement: String) -> String {
        let t = Array(target.utf8)
        let bytes = Array(utf8)
        guard !t.isEmpty, bytes.count >= t.count else { return self }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == t[0] && i + t.count <= bytes.count && bytes[i..<(i + t.count)].elementsEqual(t) {
                out.append(contentsOf: replacement.utf8)
                i += t.count
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
