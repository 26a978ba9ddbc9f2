/// From normalized text to the symbols a model reads: ARPAbet phones for English words (flite),
/// pinyin syllables with tone numbers for Han characters, the marks , . ? ! ; : as themselves, and
/// pinned pronunciations as given. A user's dictionary is applied first.
public struct Phonemizer: Sendable {
    /// The punctuation symbols kept between words; CJK marks map onto them.
    public static let punctuation = [",", ".", "?", "!", ";", ":"]

    public var dictionary: PronunciationDictionary
    private let g2p = EnglishG2P()

    public init(dictionary: PronunciationDictionary = PronunciationDictionary()) {
        self.dictionary = dictionary
    }

    /// Symbols for text that `TextNormalizer` has already read. Throws for invalid pins.
    public func symbols(for normalizedText: String) throws -> [String] {
        let pieces = dictionary.apply(to: try PronunciationInput.parse(normalizedText))
        var out: [String] = []
        for piece in pieces {
            switch piece {
            case let .phones(phones): out += phones
            case let .pinyin(syllables): out += syllables
            case let .text(text):
                for span in LanguageSpans.split(text) {
                    if span.language == .chinese {
                        for (character, syllable) in Pinyin.annotate(span.text) {
                            if let syllable { out.append(syllable) } else if let mark = Self.mark(character) { out.append(mark) }
                        }
                    } else {
                        out += englishSymbols(span.text)
                    }
                }
            }
        }
        return out
    }

    /// Words to phones and marks to marks. A capital "A" is the letter (the normalizer spells
    /// "A I" that way) unless a lowercase word follows it, where it is the article.
    private func englishSymbols(_ text: String) -> [String] {
        var tokens: [(word: String?, mark: String?)] = []
        var word = ""
        let c = Array(text)
        for (i, ch) in c.enumerated() {
            if ch.isLetter || (ch == "'" || ch == "-") && !word.isEmpty && i + 1 < c.count && c[i + 1].isLetter {
                word.append(ch)
                continue
            }
            if !word.isEmpty { tokens.append((word, nil)); word = "" }
            if let mark = Self.mark(ch) { tokens.append((nil, mark)) }
        }
        if !word.isEmpty { tokens.append((word, nil)) }
        var out: [String] = []
        for (index, token) in tokens.enumerated() {
            if let mark = token.mark { out.append(mark); continue }
            var w = token.word!
            if w == "A", index + 1 < tokens.count, let next = tokens[index + 1].word, next.count > 1,
               next.first!.isLowercase {
                w = "a"
            }
            out += g2p.phones(for: w)
        }
        return out
    }

    private static func mark(_ c: Character) -> String? {
        switch c {
        case ",", "，", "、": return ","
        case ".", "。": return "."
        case "?", "？": return "?"
        case "!", "！": return "!"
        case ";", "；": return ";"
        case ":", "：": return ":"
        default: return nil
        }
    }
}
