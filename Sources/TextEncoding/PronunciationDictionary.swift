import Foundation

/// A user's replacement dictionary: words or phrases with the pronunciation to use for them,
/// applied to normalized text. One entry per line, `#` starts a comment:
///
/// ```
/// GLM     JH IY1 EH1 L EH1 M        # ARPAbet phones, vowels with stress
/// 行长     hang2 zhang3              # pinyin with tone numbers, one syllable per character
/// ```
///
/// English keys match whole words regardless of case; Chinese keys match anywhere, longest first.
public struct PronunciationDictionary: Sendable, Equatable {
    public private(set) var entries: [String: PronunciationInput.Piece] = [:]
    private var longestHanKey = 0

    public init() {}

    /// Adds or replaces an entry. Throws for unknown phones or invalid pinyin.
    public mutating func add(_ key: String, pronunciation: String) throws {
        let symbols = pronunciation.split(whereSeparator: \.isWhitespace).map(String.init)
        entries[Self.canonicalKey(key)] = try Self.piece(for: symbols, key: key)
        if key.contains(where: \.isHan) { longestHanKey = max(longestHanKey, key.count) }
    }

    /// Reads a dictionary file; errors name the file and the line.
    public init(contentsOf url: URL) throws {
        let text = try TextInput.read(contentsOf: url)
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.prefix { $0 != "#" }.trimmingSpaces()
            if line.isEmpty { continue }
            let fields = line.split(whereSeparator: \.isWhitespace)
            guard fields.count >= 2 else {
                throw TextInputError.invalidDictionaryEntry(path: url.path, line: index + 1,
                                                            reason: "expected a word and its pronunciation, found '\(line)'")
            }
            do {
                try add(String(fields[0]), pronunciation: fields.dropFirst().joined(separator: " "))
            } catch let error as TextInputError {
                throw TextInputError.invalidDictionaryEntry(path: url.path, line: index + 1, reason: error.description)
            }
        }
    }

    private static func canonicalKey(_ key: String) -> String { key.lowercased() }

    private static func piece(for symbols: [String], key: String) throws -> PronunciationInput.Piece {
        let upper = symbols.map { $0.uppercased() }
        if !symbols.isEmpty && upper.allSatisfy(ARPAbet.isPhone) { return .phones(upper) }
        let syllables = symbols.map(Pinyin.canonical)
        if !symbols.isEmpty && syllables.allSatisfy(Pinyin.isSyllable) { return .pinyin(syllables) }
        if key.contains(where: \.isHan) {
            throw TextInputError.invalidPinyin(syllables.filter { !Pinyin.isSyllable($0) }, pin: key)
        }
        throw TextInputError.unknownPhones(upper.filter { !ARPAbet.isPhone($0) }, pin: key)
    }

    /// Replaces dictionary words in the text pieces with their pinned pronunciations.
    public func apply(to pieces: [PronunciationInput.Piece]) -> [PronunciationInput.Piece] {
        guard !entries.isEmpty else { return pieces }
        return pieces.flatMap { piece -> [PronunciationInput.Piece] in
            if case let .text(text) = piece { return apply(to: text) }
            return [piece]
        }
    }

    private func apply(to text: String) -> [PronunciationInput.Piece] {
        let c = Array(text)
        var result: [PronunciationInput.Piece] = []
        var pending = ""
        var i = 0
        func emit(_ piece: PronunciationInput.Piece) {
            if !pending.isEmpty { result.append(.text(pending)); pending = "" }
            result.append(piece)
        }
        while i < c.count {
            if c[i].isHan, longestHanKey > 0 {
                var length = min(longestHanKey, c.count - i)
                var matched = false
                while length >= 1 {
                    if let piece = entries[String(c[i..<(i + length)])] {
                        emit(piece); i += length; matched = true; break
                    }
                    length -= 1
                }
                if matched { continue }
            } else if c[i].isWordLetter, i == 0 || !c[i - 1].isWordLetter {
                var j = i
                while j < c.count && (c[j].isWordLetter || c[j] == "'" && j + 1 < c.count && c[j + 1].isWordLetter) { j += 1 }
                let word = String(c[i..<j])
                if let piece = entries[Self.canonicalKey(word)] {
                    emit(piece)
                } else {
                    pending += word
                }
                i = j
                continue
            }
            pending.append(c[i])
            i += 1
        }
        if !pending.isEmpty { result.append(.text(pending)) }
        return result
    }
}
