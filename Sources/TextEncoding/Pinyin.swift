import Foundation

/// Mandarin readings in pinyin with tone numbers (1–4, 5 for the neutral tone; ü written v):
/// "银行" → ["yin2", "hang2"]. Polyphones are resolved by word: the longest phrase of the table that
/// matches at each position wins, and characters outside any phrase take their most common reading.
/// The table comes from pypinyin's data (MIT); see Docs/TextEncoding.md.
public enum Pinyin {
    /// One syllable per Han character of `text`, in order; other characters are skipped.
    /// Characters the table does not know are skipped too.
    public static func convert(_ text: String) -> [String] {
        annotate(text).compactMap(\.syllable)
    }

    /// Every character of `text` with its syllable (nil for characters that are not Han or unknown).
    public static func annotate(_ text: String) -> [(character: Character, syllable: String?)] {
        let table = PinyinTable.shared
        let chars = Array(text)
        var result: [(Character, String?)] = []
        result.reserveCapacity(chars.count)
        var i = 0
        while i < chars.count {
            guard chars[i].isHan else { result.append((chars[i], nil)); i += 1; continue }
            var matched = false
            var length = min(table.longestPhrase, chars.count - i)
            while length >= 2 {
                if let syllables = table.phrases[String(chars[i..<(i + length)])] {
                    for k in 0..<length { result.append((chars[i + k], syllables[k])) }
                    i += length
                    matched = true
                    break
                }
                length -= 1
            }
            if !matched {
                result.append((chars[i], table.defaults[chars[i]]))
                i += 1
            }
        }
        return result
    }

    /// All readings the table knows for a character, the most common first.
    public static func readings(of character: Character) -> [String] {
        let table = PinyinTable.shared
        guard let first = table.defaults[character] else { return [] }
        return [first] + (table.alternates[character] ?? [])
    }

    /// Whether `syllable` is a pinyin syllable with a tone number that some character is read as.
    /// "ü" and "u:" are accepted for "v".
    public static func isSyllable(_ syllable: String) -> Bool {
        PinyinTable.shared.syllables.contains(canonical(syllable))
    }

    /// Lowercase, with "ü"/"u:" written "v".
    public static func canonical(_ syllable: String) -> String {
        syllable.lowercased().replacingAll("u:", with: "v").replacingAll("ü", with: "v")
    }
}

/// The parsed resource file; loaded once, on first use.
struct PinyinTable: Sendable {
    var defaults: [Character: String] = [:]
    var alternates: [Character: [String]] = [:]
    var phrases: [String: [String]] = [:]
    var syllables: Set<String> = []
    var longestPhrase = 1

    static let shared: PinyinTable = {
        guard let url = Bundle.module.url(forResource: "pinyin", withExtension: "txt", subdirectory: "Resources")
            ?? Bundle.module.url(forResource: "pinyin", withExtension: "txt"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            preconditionFailure("the TextEncoding bundle lacks Resources/pinyin.txt")
        }
        return PinyinTable(parsing: text)
    }()

    init(parsing text: String) {
        var section = ""
        for line in text.split(separator: "\n") {
            if line.hasPrefix("#") { continue }
            if line.hasPrefix("@") { section = String(line.dropFirst()); continue }
            let fields = line.split(separator: " ")
            guard fields.count >= 2 else { continue }
            switch section {
            case "default":
                let syllable = String(fields[0])
                syllables.insert(syllable)
                for ch in fields[1] { defaults[ch] = syllable }
            case "alternate":
                let syllable = String(fields[0])
                syllables.insert(syllable)
                for ch in fields[1] { alternates[ch, default: []].append(syllable) }
            case "phrase":
                let phrase = String(fields[0])
                phrases[phrase] = fields.dropFirst().map(String.init)
                longestPhrase = max(longestPhrase, phrase.count)
            default:
                break
            }
        }
    }
}
