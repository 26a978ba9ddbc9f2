import Foundation

/// Errors in the text a user gives: what was wrong and where.
public enum TextInputError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty
    case invalidUTF8(byteOffset: Int)
    /// A C0/C1 control character other than tab and line breaks; line and column count from 1.
    case controlCharacter(codePoint: UInt32, line: Int, column: Int)
    /// Pinned phones (`[[...]]`) with symbols that are not ARPAbet.
    case unknownPhones([String], pin: String)
    /// Pinned pinyin (`{...}`) with syllables that are not pinyin with a tone number 1–5.
    case invalidPinyin([String], pin: String)
    /// `[[` without its `]]`; offset counts characters from the start of the text.
    case unclosedPin(offset: Int)
    case unreadableFile(path: String, reason: String)
    /// An error in the contents of a file, with the file's path.
    indirect case inFile(path: String, TextInputError)
    case invalidDictionaryEntry(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .empty: return "the text is empty or only whitespace; give at least one word to speak"
        case let .invalidUTF8(offset): return "the text is not valid UTF-8 (first bad byte at offset \(offset))"
        case let .controlCharacter(codePoint, line, column):
            let hex = String(codePoint, radix: 16, uppercase: true)
            return "the text contains the control character U+\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex) "
                + "at line \(line), column \(column); remove it (is the file in another encoding or binary?)"
        case let .unknownPhones(symbols, pin):
            return "unknown phones \(symbols.joined(separator: ", ")) in \(pin); use ARPAbet with a stress digit "
                + "on vowels, e.g. [[HH AH0 L OW1]]"
        case let .invalidPinyin(syllables, pin):
            return "invalid pinyin \(syllables.joined(separator: ", ")) in \(pin); write syllables with a tone "
                + "number 1-5, e.g. {hang2} or {yin2 hang2}"
        case let .unclosedPin(offset): return "'[[' at character \(offset) has no closing ']]'"
        case let .unreadableFile(path, reason): return "cannot read \(path): \(reason)"
        case let .inFile(path, error): return "\(path): \(error.description)"
        case let .invalidDictionaryEntry(path, line, reason): return "\(path), line \(line): \(reason)"
        }
    }
}

/// The first step of text encoding: decoding bytes, rejecting empty input and folding whitespace.
public enum TextInput {
    /// Decodes UTF-8 bytes, naming the offset of the first invalid byte.
    public static func decode(_ bytes: [UInt8]) throws -> String {
        var offset = 0
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var scalars = String.UnicodeScalarView()
        var consumed = 0
        while true {
            switch decoder.decode(&iterator) {
            case let .scalarValue(s):
                scalars.append(s)
                consumed += UTF8.width(s)
                offset = consumed
            case .emptyInput:
                return String(scalars)
            case .error:
                throw TextInputError.invalidUTF8(byteOffset: offset)
            }
        }
    }

    /// Reads a UTF-8 text file (a leading byte-order mark is dropped); errors name the file.
    public static func read(contentsOf url: URL) throws -> String {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw TextInputError.unreadableFile(path: url.path, reason: error.localizedDescription)
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        do {
            return try decode(bytes)
        } catch let error as TextInputError {
            throw TextInputError.inFile(path: url.path, error)
        }
    }

    /// Replaces control characters and runs of whitespace (newlines included) with one space and
    /// trims the ends. Throws `.empty` when nothing is left.
    public static func clean(_ text: String) throws -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace || scalar.properties.generalCategory == .control {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(" ") }
            pendingSpace = false
            out.unicodeScalars.append(scalar)
        }
        guard !out.isEmpty else { throw TextInputError.empty }
        return out
    }
}
