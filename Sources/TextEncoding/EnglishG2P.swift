import CFlite
import Foundation

/// English grapheme-to-phoneme conversion through libflite: the CMU lexicon (cmu_lex) for known
/// words, flite's letter-to-sound rules for the rest, letter names for what flite would spell out.
/// Phones are ARPAbet with stress digits on vowels ("hello" → HH AH0 L OW1), flite's own names
/// mapped as documented in Docs/TextEncoding.md (its schwa "ax" is ARPAbet "AH").
///
/// Safe to use from several threads: the C shim initialises flite once and serialises lookups.
public struct EnglishG2P: Sendable {
    public init() {}

    /// The phones of one word. Case is ignored except for a lone "A", which is the letter (EY1)
    /// where a lowercase "a" is the article (AH0). Hyphenated words are read part by part; letters
    /// with diacritics lose them; characters that are not Latin letters are ignored.
    public func phones(for word: String) -> [String] {
        let parts = word.split(whereSeparator: { $0 == "-" || $0 == "–" })
        if parts.count > 1 { return parts.flatMap { phones(for: String($0)) } }
        if word == "a" { return ["AH0"] }
        let plain = word.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
            .replacingOccurrences(of: "’", with: "'")
        let cleaned = String(plain.filter { $0.isASCIILetter || $0 == "'" }).trimmingCharactersAtEdges(of: "'")
        guard !cleaned.isEmpty else { return [] }
        let lower = cleaned.lowercased()
        if lower.count == 1 { return letterName(lower) }
        if inLexicon(lower) { return lookup(lower) }
        if lower.contains("'") {
            if lower.hasSuffix("'s") {
                let base = String(lower.dropLast(2))
                let stem = base.count == 1 ? letterName(base) : phones(for: base)
                return stem + possessive(after: stem.last)
            }
            let joined = lower.replacingOccurrences(of: "'", with: "")
            if inLexicon(joined) { return lookup(joined) }
            // Contractions the lexicon lacks: "we'll" is "we" + L, not "well".
            for (suffix, tail) in [("'ll", ["L"]), ("'ve", ["V"]), ("'re", ["R"]), ("'d", ["D"]), ("'m", ["M"])]
                where lower.hasSuffix(suffix) {
                let base = String(lower.dropLast(suffix.count))
                if inLexicon(base) || pronounceable(base) { return lookup(base) + tail }
            }
            return phones(for: joined)
        }
        if !pronounceable(lower) { return lower.flatMap { letterName(String($0)) } }
        return lookup(lower)
    }

    /// Phones of every word of a normalized English text, in order; punctuation and other
    /// characters between words are skipped. Runs of capital letters spelled by the normalizer
    /// ("F B I") read as letter names.
    public func phones(forText text: String) -> [[String]] {
        words(in: text).map { phones(for: $0) }.filter { !$0.isEmpty }
    }

    func words(in text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for c in text {
            if c.isLetter || c == "'" || c == "’" || (c == "-" && !current.isEmpty) {
                current.append(c)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    // MARK: flite

    private func inLexicon(_ word: String) -> Bool { gt_flite_in_lexicon(word, nil) == 1 }

    private func pronounceable(_ word: String) -> Bool { gt_flite_is_pronounceable(word) == 1 }

    /// A letter's name as flite says it when it spells a word ("nn", the noun reading: "a" is EY1).
    private func letterName(_ letter: String) -> [String] { lookup(letter, pos: "nn") }

    private func lookup(_ word: String, pos: String? = nil) -> [String] {
        var buffer = [CChar](repeating: 0, count: 512)
        let length = buffer.withUnsafeMutableBufferPointer { out in
            gt_flite_word_phones(word, pos, out.baseAddress, out.count, nil)
        }
        guard length > 0 else { return [] }
        let text = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return text.split(separator: " ").compactMap { FlitePhones.arpabet(String($0)) }
    }

    /// "'s" after the last phone: /ɪz/ after sibilants, /s/ after other voiceless sounds, else /z/.
    private func possessive(after phone: String?) -> [String] {
        switch phone {
        case "S", "Z", "SH", "ZH", "CH", "JH": return ["AH0", "Z"]
        case "P", "T", "K", "F", "TH": return ["S"]
        default: return ["Z"]
        }
    }
}

/// flite's phone names → ARPAbet.
enum FlitePhones {
    /// "ax0" → "AH0", "hh" → "HH", "ow1" → "OW1"; a vowel without a digit is unstressed; "pau" → nil.
    static func arpabet(_ phone: String) -> String? {
        if phone == "pau" || phone.isEmpty { return nil }
        var name = phone.uppercased()
        var stress = ""
        if let last = name.last, last.isASCIIDigit { stress = String(last); name.removeLast() }
        if name == "AX" { name = "AH" }
        if ARPAbet.vowels.contains(name) { return name + (stress.isEmpty ? "0" : stress) }
        return name
    }
}
