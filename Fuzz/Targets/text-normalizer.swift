import Foundation
import TextEncoding

// The text front end a request goes through: TextNormalizer().normalize, TextSegmenter.split at a
// limit chosen by the first byte, and the Phonemizer on every piece. Any string gives text or a
// TextInputError; every piece is non-empty, within the limit, and the pieces hold the normalized
// text's characters in order (only whitespace at the cuts is dropped).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let limit = 20 + Int(data[0]) % 281
    let text = Scratch.string(data + 1, size - 1)
    let normalized: String
    do {
        normalized = try TextNormalizer().normalize(text)
    } catch is TextInputError {
        return 0
    } catch {
        fatalError("normalize threw \(type(of: error)): \(error)")
    }
    let pieces = TextSegmenter(maxCharacters: limit).split(normalized)
    precondition(!pieces.isEmpty, "no pieces for non-empty normalized text")
    for piece in pieces {
        precondition(!piece.isEmpty && piece.count <= limit, "piece of \(piece.count) characters, limit \(limit)")
    }
    let kept = normalized.filter { !$0.isWhitespace }
    precondition(pieces.joined().filter { !$0.isWhitespace } == kept, "segmentation lost or reordered characters")
    for piece in pieces {
        do { _ = try Phonemizer().symbols(for: piece) } catch is TextInputError {} catch {
            fatalError("Phonemizer threw \(type(of: error)): \(error)")
        }
    }
    return 0
}
