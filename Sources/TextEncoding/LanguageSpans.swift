/// The language a span of text is read in.
public enum Language: String, Sendable, Equatable, CaseIterable {
    case english
    case chinese
}

/// A maximal run of text read in one language.
public struct LanguageSpan: Sendable, Equatable {
    public var language: Language
    public var text: String

    public init(_ language: Language, _ text: String) {
        self.language = language
        self.text = text
    }
}

/// Splits mixed text into Chinese and English spans. Han characters (and kana, hangul) are Chinese,
/// Latin letters English; digits, symbols, punctuation and spaces take a side by context:
/// - a run that touches a Han character directly (no space between) is Chinese: "25个", "3.5元", "约100";
/// - otherwise it joins the span before it, or the one after it at the start of the text;
/// - a unit written in Latin letters right after a number in a Chinese span stays Chinese ("8km").
public enum LanguageSpans {
    private enum Class: Equatable { case chinese, english, neutral }

    public static func split(_ text: String) -> [LanguageSpan] {
        let chars = Array(text)
        if chars.isEmpty { return [] }
        let classes = chars.map { c -> Class in
            c.isCJK ? .chinese : c.isWordLetter ? .english : .neutral
        }
        // Runs of equal class.
        var runs: [(start: Int, end: Int, cls: Class)] = []
        var start = 0
        for i in 1...chars.count where i == chars.count || classes[i] != classes[start] {
            runs.append((start, i, classes[start]))
            start = i
        }
        let fallback: Class = classes.contains(.chinese) ? .chinese : .english
        let isNeutral = runs.map { $0.cls == .neutral }
        let neutral = runs.indices.filter { isNeutral[$0] }
        func resolveNeutralRuns() {
            for r in neutral {
                let run = runs[r]
                let touchesHanLeft = r > 0 && runs[r - 1].cls == .chinese && !chars[run.start].isWhitespace
                let touchesHanRight = r + 1 < runs.count && runs[r + 1].cls == .chinese
                    && !chars[run.end - 1].isWhitespace
                if touchesHanLeft || touchesHanRight {
                    runs[r].cls = .chinese
                } else if r > 0 {
                    runs[r].cls = runs[r - 1].cls
                } else if r + 1 < runs.count {
                    runs[r].cls = runs[r + 1].cls
                } else {
                    runs[r].cls = chars[run.start..<run.end].contains { $0.isCJKPunctuation } ? .chinese : fallback
                }
            }
        }
        resolveNeutralRuns()
        // Latin units after a number in a Chinese span ("8km", "-5°C", "60km/h") are read in Chinese.
        var changed = false
        for r in runs.indices where runs[r].cls == .english && !isNeutral[r] && r > 0 {
            let run = runs[r]
            let word = String(chars[run.start..<run.end])
            let nextIsLetter = run.end < chars.count && chars[run.end].isWordLetter
            guard !nextIsLetter, ChineseNormalizer.isUnit(word) else { continue }
            let gap = String(chars[runs[r - 1].start..<runs[r - 1].end])
            let afterNumber = runs[r - 1].cls == .chinese
                && (gap.last!.isASCIIDigit || gap.hasSuffix("°") || gap.last! == " " && gap.dropLast().last?.isASCIIDigit == true)
            let afterUnit = gap == "/" && r >= 2 && runs[r - 2].cls == .chinese
            // "500ml水", "5 km的路", "100m^2的": a number and unit written against Chinese.
            let numberBefore = gap.last!.isASCIIDigit || gap.hasSuffix("°")
                || gap.last! == " " && gap.dropLast().last?.isASCIIDigit == true
            let beforeHan = r + 1 < runs.count && runs[r + 1].cls == .chinese && !chars[run.end].isWhitespace
            guard afterNumber || afterUnit || (numberBefore && beforeHan) else { continue }
            runs[r].cls = .chinese
            changed = true
        }
        if changed { resolveNeutralRuns() }
        var spans: [LanguageSpan] = []
        for run in runs {
            let language: Language = run.cls == .chinese ? .chinese : .english
            let piece = String(chars[run.start..<run.end])
            if let last = spans.last, last.language == language {
                spans[spans.count - 1].text += piece
            } else {
                spans.append(LanguageSpan(language, piece))
            }
        }
        return spans
    }
}
