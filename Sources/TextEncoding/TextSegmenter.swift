/// Splits text into pieces of at most `maxCharacters` characters, each spoken as one request.
///
/// Each piece ends at the last sentence end that fits; failing that, at the last clause mark; failing
/// that — a run with no punctuation at all — at the last space, then at the last boundary next to a
/// CJK character, and only then in the middle of a word. Whitespace at the cuts is dropped; nothing
/// else is lost or reordered. Text that already fits comes back as one piece. Runs in linear time:
/// the last boundary of each kind before every position is computed once, up front.
public struct TextSegmenter: Sendable {
    public let maxCharacters: Int

    /// `maxCharacters` defaults to 300, the length GLM-TTS's tuning guide advises per request.
    public init(maxCharacters: Int = 300) {
        precondition(maxCharacters > 0, "a piece must be allowed at least one character")
        self.maxCharacters = maxCharacters
    }

    public func split(_ text: String) -> [String] {
        let c = Array(text)
        let n = c.count
        var pieces: [String] = []
        // last*[j]: the largest index ≤ j where a cut may follow, or -1.
        var lastSentence = [Int](repeating: -1, count: n)
        var lastClause = [Int](repeating: -1, count: n)
        var lastSpace = [Int](repeating: -1, count: n)
        var lastCJK = [Int](repeating: -1, count: n)
        for j in 0..<n {
            let previous = j > 0 ? j - 1 : -1
            lastSentence[j] = isSentenceEnd(c, j) ? j : (previous >= 0 ? lastSentence[previous] : -1)
            lastClause[j] = c[j].isClauseMark ? j : (previous >= 0 ? lastClause[previous] : -1)
            lastSpace[j] = c[j].isWhitespace ? j : (previous >= 0 ? lastSpace[previous] : -1)
            let cjkCut = j + 1 < n && (c[j].isCJK || c[j + 1].isCJK)
            lastCJK[j] = cjkCut ? j : (previous >= 0 ? lastCJK[previous] : -1)
        }
        var start = 0
        while true {
            while start < n && c[start].isWhitespace { start += 1 }
            if start >= n { break }
            var end = n
            while end > start && c[end - 1].isWhitespace { end -= 1 }
            if end - start <= maxCharacters {
                pieces.append(String(c[start..<end]))
                break
            }
            let last = start + maxCharacters - 1     // the last index a piece may hold
            var cut: Int                              // the piece is c[start..<cut]
            if lastSentence[last] >= start {
                cut = lastSentence[last] + 1
            } else if lastClause[last] >= start {
                cut = lastClause[last] + 1
            } else if lastSpace[last + 1] > start {
                cut = lastSpace[last + 1]             // the space itself is dropped
            } else {
                cut = lastCJK[last] >= start ? lastCJK[last] + 1 : last + 1
                // A mark right after the cut would make a piece of its own ("。"): leave it a word.
                if cut < n && (c[cut].isSentenceEnd || c[cut].isClauseMark) && cut - 1 > start { cut -= 1 }
            }
            // Marks that close the sentence ("?!", "。」") stay with it while they fit.
            while cut < n && cut - start < maxCharacters && (c[cut].isSentenceEnd || c[cut].isClauseMark
                    || closingMarks.contains(c[cut])) {
                cut += 1
            }
            var pieceEnd = cut
            while pieceEnd > start && c[pieceEnd - 1].isWhitespace { pieceEnd -= 1 }
            pieces.append(String(c[start..<pieceEnd]))
            start = cut
        }
        return pieces
    }

    private let closingMarks: Set<Character> = ["\"", "'", ")", "]", "”", "’", "」", "』", "》", "）", "】"]

    /// A sentence-final mark; an ASCII period only before a space, the end or a CJK character, so
    /// that "3.5" and "example.com" are not cut.
    private func isSentenceEnd(_ c: [Character], _ j: Int) -> Bool {
        guard c[j].isSentenceEnd else { return false }
        if c[j] == "." {
            return j + 1 == c.count || c[j + 1].isWhitespace || c[j + 1].isCJK
        }
        return true
    }
}
