/// The last English pass: one space between words, none before a mark, one after; a run of marks
/// becomes its strongest one ("?!" → "?", "..." → "."); no mark at the very start.
enum EnglishPunctuation {
    private static let strength: [Character: Int] = ["?": 6, "!": 5, ".": 4, ";": 3, ":": 2, ",": 1]

    static func tidy(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for c in text {
            if let rank = strength[c] {
                pendingSpace = false
                guard let last = out.last else { continue }
                if let lastRank = strength[last] {
                    if rank > lastRank { out.removeLast(); out.append(c) }
                } else {
                    out.append(c)
                }
                pendingSpace = true
            } else if c.isWhitespace {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(c)
            }
        }
        return out
    }
}
