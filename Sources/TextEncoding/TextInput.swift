/// Errors in the text a user gives.
public enum TextInputError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty
    case invalidUTF8(byteOffset: Int)

    public var description: String {
        switch self {
        case .empty: return "the text is empty or only whitespace; give at least one word to speak"
        case let .invalidUTF8(offset): return "the text is not valid UTF-8 (first bad byte at offset \(offset))"
        }
    }
}

/// The first step of text encoding: decoding bytes, rejecting empty input and folding whitespace.
/// Language-aware normalization (numbers, units, dates) builds on this.
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
