/// Character classes the normalizers and the segmenter share.
extension Unicode.Scalar {
    /// Han ideographs (CJK Unified Ideographs, extensions, compatibility ideographs) and 〇.
    var isHan: Bool {
        switch value {
        case 0x3007, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F: return true
        default: return false
        }
    }

    /// Kana and Hangul: not Chinese, but never English either; they travel with CJK spans.
    var isOtherCJK: Bool {
        switch value {
        case 0x3040...0x30FF, 0x31F0...0x31FF, 0xAC00...0xD7AF, 0x1100...0x11FF: return true
        default: return false
        }
    }

    var isASCIIDigit: Bool { value >= 0x30 && value <= 0x39 }
    var isASCIILetter: Bool { (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A) }
}

extension Character {
    var firstScalar: Unicode.Scalar { unicodeScalars.first! }
    var isHan: Bool { firstScalar.isHan }
    var isCJK: Bool { firstScalar.isHan || firstScalar.isOtherCJK }
    var isASCIIDigit: Bool { unicodeScalars.count == 1 && firstScalar.isASCIIDigit }
    var isASCIILetter: Bool { unicodeScalars.count == 1 && firstScalar.isASCIILetter }
    /// A letter of a Latin-script (or Greek, Cyrillic) word: anything alphabetic that is not CJK.
    var isWordLetter: Bool { isLetter && !isCJK }
    var isSpace: Bool { isWhitespace }

    /// Sentence-final marks, ASCII and CJK.
    var isSentenceEnd: Bool { "。！？!?…".contains(self) || self == "." }
    /// Clause marks, ASCII and CJK.
    var isClauseMark: Bool { "，、；：,;:—".contains(self) }
    /// Marks the Chinese normalizer writes in full width.
    var isCJKPunctuation: Bool { "，。！？；：、…—“”‘’（）《》【】「」『』～·".contains(self) }
}
