/// Turns what a user typed into what a reader would say, in English and Chinese.
///
/// The passes, in order: control characters are rejected; the two characters `\n` become a line
/// break; markup and emoji are removed; full-width forms are folded; lines are joined as GLM-TTS
/// joins them (a full stop where a line has none); the text is cut into Chinese and English spans
/// and each is read by its language's rules; whitespace is folded. Pinned pronunciations
/// (`[[...]]`, `{hang2}`) pass through unchanged.
///
/// ```swift
/// try TextNormalizer().normalize("It costs $12.50.")   // "It costs twelve dollars and fifty cents."
/// try TextNormalizer().normalize("2024年花了3.5元")      // "二零二四年花了三点五元"
/// ```
public struct TextNormalizer: Sendable {
    public init() {}

    /// Throws `TextInputError.controlCharacter`, `.unclosedPin`, or `.empty` when nothing speakable
    /// is left.
    public func normalize(_ text: String) throws -> String {
        try TextCleanup.rejectControlCharacters(text)
        var s = TextCleanup.expandEscapedNewlines(text)
        s = Markup.strip(s)
        s = TextCleanup.removeEmojiAndInvisibles(s)
        s = TextCleanup.foldWidths(s)
        s = TextCleanup.joinLines(s)
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for segment in try PronunciationInput.segments(s) {
            switch segment {
            case let .pin(raw):
                out += raw
            case let .text(t):
                for span in LanguageSpans.split(t) { out += read(span) }
            }
        }
        let result = Self.foldSpaces(out)
        guard result.contains(where: { $0.isLetter || $0.isNumber }) else { throw TextInputError.empty }
        return result
    }

    /// The language spans of `text` after the language-independent passes, before reading.
    public func spans(_ text: String) throws -> [LanguageSpan] {
        try TextCleanup.rejectControlCharacters(text)
        let s = TextCleanup.joinLines(TextCleanup.foldWidths(TextCleanup.removeEmojiAndInvisibles(
            Markup.strip(TextCleanup.expandEscapedNewlines(text)))))
        return LanguageSpans.split(s)
    }

    private func read(_ span: LanguageSpan) -> String {
        let body = span.language == .english
            ? EnglishNormalizer().normalize(span.text) : ChineseNormalizer().normalize(span.text)
        let lead = span.text.first?.isWhitespace == true ? " " : ""
        let trail = span.text.last?.isWhitespace == true ? " " : ""
        return lead + body + trail
    }

    /// One space between words, none around CJK punctuation or before ASCII marks; trimmed.
    static func foldSpaces(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for c in text {
            if c.isWhitespace { pendingSpace = !out.isEmpty; continue }
            if pendingSpace, let last = out.last {
                let noSpace = ".,!?;:".contains(c) || c.isCJKPunctuation || last.isCJKPunctuation
                if !noSpace { out.append(" ") }
            }
            pendingSpace = false
            out.append(c)
        }
        return out
    }
}
