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
/// - a stretch of them with no space or punctuation mark inside goes with the letters it touches,
///   Chinese first: "25个", "3.5元", "约100", "I paid 100元";
/// - spaces and marks end what comes before them: "Hello, 世界" puts ", " with "Hello";
/// - a unit written in Latin letters right after a number in a Chinese span stays Chinese ("8km",
///   "-5°C", "60km/h", "500ml水").
public enum LanguageSpans {
    private enum Class: Equatable { case chinese, english, neutral }

    /// How a piece of a neutral run sits: alone, or before, at, or after its spaces and marks.
    private enum Part { case strong, whole, left, middle, right }

    private struct Run {
        var start: Int
        var end: Int
        var cls: Class
        var part: Part
    }

    public static func split(_ text: String) -> [LanguageSpan] {
        let chars = Array(text)
        if chars.isEmpty { return [] }
        let classes = chars.map { c -> Class in c.isCJK ? .chinese : c.isWordLetter ? .english : .neutral }
        let runs = resolve(chars, runs: neutralParts(chars, runs: equalRuns(classes)))
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

    private static func equalRuns(_ classes: [Class]) -> [Run] {
        var runs: [Run] = []
        var start = 0
        for i in 1...classes.count where i == classes.count || classes[i] != classes[start] {
            runs.append(Run(start: start, end: i, cls: classes[start], part: classes[start] == .neutral ? .whole : .strong))
            start = i
        }
        return runs
    }

    private static func isSeparator(_ c: Character) -> Bool {
        c.isWhitespace || c.isSentenceEnd || c.isClauseMark || c.isCJKPunctuation
    }

    /// Cuts each neutral run around its spaces and marks: the part before the first one, the part from
    /// the first to the last, and the part after the last.
    private static func neutralParts(_ chars: [Character], runs: [Run]) -> [Run] {
        var out: [Run] = []
        for run in runs {
            guard run.part == .whole,
                  let first = (run.start..<run.end).first(where: { isSeparator(chars[$0]) }),
                  let last = (run.start..<run.end).last(where: { isSeparator(chars[$0]) }) else {
                out.append(run)
                continue
            }
            // "3.5" and "1,000" are numbers, not a mark between two parts.
            if !chars[first].isWhitespace && first > run.start && first + 1 < run.end
                && chars[first - 1].isASCIIDigit && chars[first + 1].isASCIIDigit && first == last {
                out.append(run)
                continue
            }
            if first > run.start { out.append(Run(start: run.start, end: first, cls: .neutral, part: .left)) }
            out.append(Run(start: first, end: last + 1, cls: .neutral, part: .middle))
            if last + 1 < run.end { out.append(Run(start: last + 1, end: run.end, cls: .neutral, part: .right)) }
        }
        return out
    }

    private static func resolve(_ chars: [Character], runs input: [Run]) -> [Run] {
        var runs = input
        let fallback: Class = chars.contains { $0.isCJK } ? .chinese : .english
        // The nearest strong run on each side of every run.
        var previousStrong = [Int](repeating: -1, count: runs.count)
        var nextStrong = [Int](repeating: -1, count: runs.count)
        var last = -1
        for r in runs.indices {
            previousStrong[r] = last
            if runs[r].part == .strong { last = r }
        }
        last = -1
        for r in runs.indices.reversed() {
            nextStrong[r] = last
            if runs[r].part == .strong { last = r }
        }

        func resolveNeutralRuns() {
            for r in runs.indices where runs[r].part != .strong {
                let before = previousStrong[r] >= 0 ? runs[previousStrong[r]].cls : nil
                let after = nextStrong[r] >= 0 ? runs[nextStrong[r]].cls : nil
                let touchesBefore = r > 0 && runs[r - 1].part == .strong
                let touchesAfter = r + 1 < runs.count && runs[r + 1].part == .strong
                switch runs[r].part {
                case .whole:
                    if touchesBefore && before == .chinese || touchesAfter && after == .chinese {
                        runs[r].cls = .chinese
                    } else {
                        runs[r].cls = before ?? after ?? (chars[runs[r].start..<runs[r].end].contains { $0.isCJKPunctuation }
                            ? .chinese : fallback)
                    }
                case .left:
                    runs[r].cls = before ?? after ?? fallback
                case .middle:
                    let leftPart = r > 0 && runs[r - 1].part == .left ? runs[r - 1].cls : nil
                    runs[r].cls = leftPart ?? before ?? (chars[runs[r].start..<runs[r].end].contains { $0.isCJKPunctuation }
                        ? .chinese : after ?? fallback)
                case .right:
                    runs[r].cls = after ?? runs[r - 1].cls
                case .strong:
                    break
                }
            }
        }
        resolveNeutralRuns()

        // Latin units after a number in a Chinese span ("8km", "-5°C", "60km/h", "500ml水").
        var changed = false
        for r in runs.indices where runs[r].part == .strong && runs[r].cls == .english && r > 0 {
            let run = runs[r]
            let word = String(chars[run.start..<run.end])
            let nextIsLetter = run.end < chars.count && chars[run.end].isWordLetter
            guard !nextIsLetter, ChineseNormalizer.isUnit(word) else { continue }
            let gap = String(chars[runs[r - 1].start..<runs[r - 1].end])
            // The character the unit follows, across at most one space: a digit or a degree sign.
            var p = run.start - 1
            if chars[p] == " " && p > 0 { p -= 1 }
            let numberBefore = chars[p].isASCIIDigit || chars[p] == "°"
            var owner = r - 1
            while owner > 0 && runs[owner].start > p { owner -= 1 }
            let afterNumber = numberBefore && runs[owner].cls == .chinese
            let afterUnit = gap == "/" && r >= 2 && runs[r - 2].cls == .chinese
            let beforeHan = r + 1 < runs.count && runs[r + 1].cls == .chinese && !chars[run.end].isWhitespace
            guard afterNumber || afterUnit || (numberBefore && beforeHan) else { continue }
            runs[r].cls = .chinese
            changed = true
        }
        if changed { resolveNeutralRuns() }
        return runs
    }
}
