import Foundation
import TextEncoding

/// Text → the model's symbol ids: normalization, then pinned pronunciations, English G2P (ARPAbet
/// through flite) and Chinese pinyin, and punctuation where the symbol table has it.
struct SymbolFrontend: Sendable {
    let ids: [String: Int]
    let unknown: Int
    private let g2p = EnglishG2P()
    private static let punctuation: [Character: String] = [",": ",", "，": ",", "、": ",", ";": ",", "；": ",", ":": ",", "：": ",",
                                                            ".": ".", "。": ".", "!": "!", "！": "!", "?": "?", "？": "?"]

    init(symbols: [String]) {
        var ids: [String: Int] = [:]
        for (i, s) in symbols.enumerated() { ids[s] = i }
        self.ids = ids
        unknown = ids["<unk>"] ?? 0
    }

    /// Symbol strings of one normalized segment, in order.
    func symbols(for segment: String) throws -> [String] {
        var out: [String] = []
        for piece in try PronunciationInput.parse(segment) {
            switch piece {
            case let .phones(p): out += p
            case let .pinyin(p): out += p
            case let .text(text): out += textSymbols(text)
            }
        }
        return out
    }

    private func textSymbols(_ text: String) -> [String] {
        var out: [String] = []
        for span in LanguageSpans.split(text) {
            if span.language == .chinese {
                for (character, syllable) in Pinyin.annotate(span.text) {
                    if let syllable { out.append(syllable) } else if let p = Self.punctuation[character] { out.append(p) }
                }
                continue
            }
            var word = ""
            func flush() {
                if !word.isEmpty { out += g2p.phones(for: word); word = "" }
            }
            for c in span.text {
                if c.isLetter || c == "'" || (c == "-" && !word.isEmpty) {
                    word.append(c)
                } else {
                    flush()
                    if let p = Self.punctuation[c] { out.append(p) }
                }
            }
            flush()
        }
        return out
    }

    /// Ids for symbols; those the table lacks become `<unk>`.
    func encode(_ symbols: [String]) -> [Int] { symbols.map { ids[$0] ?? unknown } }
}
