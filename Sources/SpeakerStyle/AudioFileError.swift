/// An audio file that cannot be used, with the file and what is wrong with it.
public struct AudioFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// No file at the path, or not a regular file.
        case missing
        /// Zero bytes, or a header with no audio frames.
        case empty
        /// The bytes are text, not audio.
        case textFile
        /// The format is not one libsndfile recognises (random bytes, a JPEG named .wav, …).
        case unrecognizedFormat
        /// A header field that cannot be right: zero channels, a zero sample rate, a missing chunk.
        case malformedHeader
        /// The file ends before the audio its header announces.
        case truncated
        /// A sample is NaN or infinite.
        case nonFiniteSamples
        /// The file could not be opened or decoded for another reason (permissions, I/O, codec).
        case unreadable
    }

    public let path: String
    public let kind: Kind
    public let reason: String

    public init(path: String, kind: Kind, reason: String) {
        self.path = path
        self.kind = kind
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
