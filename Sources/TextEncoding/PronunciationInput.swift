/// Hybrid input, as in GLM-TTS's phoneme mode: plain text with pronunciations pinned inline.
///
/// - `[[HH AH0 L OW1]]` pins ARPAbet phones (vowels with a stress digit);
/// - `{hang2}` or `{yin2 hang2}` pins pinyin with tone numbers for the Han characters right before
///   it, one syllable per character.
///
/// A `{...}` whose words do not end in a tone digit is not a pin and stays text.
public enum PronunciationInput {
    public enum Piece: Sendable, Equatable {
        case text(String)
        case phones([String])
        case pinyin([String])
    }

    /// Splits `text` into text and validated pins. Throws for unknown phones, invalid pinyin and an
    /// unclosed `[[`.
    ///
    /// A pinyin pin stands for the Han characters right before it, one per syllable: in the result
    /// those characters are gone from the text before it (`银行{yin2 hang2}` → `.pinyin`). With no
    /// Han characters before it, the pin is simply read.
    public static func parse(_ text: String) throws -> [Piece] {
        var pieces: [Piece] = []
        for segment in try segments(text) {
            switch segment {
            case let .text(s):
                pieces.append(.text(s))
            case let .pin(raw):
                let piece = try validate(raw)
                if case let .pinyin(syllables) = piece, case let .text(before)? = pieces.last {
                    let han = before.reversed().prefix { $0.isHan }.count
                    let kept = String(before.dropLast(min(han, syllables.count)))
                    pieces.removeLast()
                    if !kept.isEmpty { pieces.append(.text(kept)) }
                }
                pieces.append(piece)
            }
        }
        return pieces
    }

    /// A stretch of text, or a pin as written (brackets included).
    enum Segment: Equatable {
        case text(String)
        case pin(String)
    }

    /// Finds the pins without validating them; the normalizer uses this to leave pins untouched.
    static func segments(_ text: String) throws -> [Segment] {
        guard text.contains("[[") || text.contains("{") else { return [.text(text)] }
        let c = Array(text)
        var result: [Segment] = []
        var current = ""
        var i = 0
        func flush() {
            if !current.isEmpty { result.append(.text(current)); current = "" }
        }
        while i < c.count {
            if c[i] == "[", i + 1 < c.count, c[i + 1] == "[" {
                var j = i + 2
                while j + 1 < c.count && !(c[j] == "]" && c[j + 1] == "]") { j += 1 }
                guard j + 1 < c.count else { throw TextInputError.unclosedPin(offset: i) }
                flush()
                result.append(.pin(String(c[i...(j + 1)])))
                i = j + 2
                continue
            }
            if c[i] == "{", let close = c[(i + 1)...].prefix(64).firstIndex(of: "}") {
                let body = String(c[(i + 1)..<close])
                let words = body.split(separator: " ")
                if !words.isEmpty, words.allSatisfy({ $0.last?.isASCIIDigit == true && $0.first?.isLetter == true }) {
                    flush()
                    result.append(.pin(String(c[i...close])))
                    i = close + 1
                    continue
                }
            }
            current.append(c[i])
            i += 1
        }
        flush()
        return result
    }

    private static func validate(_ raw: String) throws -> Piece {
        if raw.hasPrefix("[[") {
            let symbols = raw.dropFirst(2).dropLast(2).split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" })
                .map { $0.uppercased() }
            let unknown = symbols.filter { !ARPAbet.isPhone($0) }
            guard unknown.isEmpty, !symbols.isEmpty else {
                throw TextInputError.unknownPhones(symbols.isEmpty ? ["(nothing)"] : unknown, pin: raw)
            }
            return .phones(symbols)
        }
        let syllables = raw.dropFirst().dropLast().split(separator: " ").map { Pinyin.canonical(String($0)) }
        let invalid = syllables.filter { !Pinyin.isSyllable($0) }
        guard invalid.isEmpty else { throw TextInputError.invalidPinyin(invalid, pin: raw) }
        return .pinyin(syllables)
    }
}
