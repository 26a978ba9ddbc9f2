import Foundation
import WaveformOutput

/// A speaker's voice as the synthesizer uses it: the speaker embedding of a reference clip, the
/// clip's transcript if known, and room for what later stages compute once per voice (prompt
/// speech tokens, the decoder's cached prefix). Saved as JSON so a batch or a server computes it
/// once.
public struct Voice: Sendable, Equatable {
    /// The file format's version; a file with a newer one is refused.
    public static let formatVersion = 1
    static let formatName = "glmtts-voice"

    /// L2-normalized speaker embedding.
    public var embedding: [Float]
    /// The embedding space (`SpeakerEncoder.modelIdentifier`).
    public var embeddingModel: String
    /// What the reference clip says, if known.
    public var transcript: String?
    /// Length of the reference audio used, in seconds.
    public var duration: Double
    /// What the intake checks noticed about the clip.
    public var warnings: [IntakeWarning]
    /// Speech tokens of the reference clip, for the decoder's prompt (filled by a later stage).
    public var promptSpeechTokens: [Int]?
    /// The decoder's state after the voice's prefix: opaque bytes tied to one model.
    public var cachedPrefix: CachedPrefix?

    public struct CachedPrefix: Sendable, Equatable, Codable {
        /// Identifies the model (and its version) the bytes belong to; another model must ignore them.
        public var model: String
        public var data: Data

        public init(model: String, data: Data) {
            self.model = model
            self.data = data
        }
    }

    public init(embedding: [Float], embeddingModel: String = SpeakerEncoder.modelIdentifier, transcript: String? = nil,
                duration: Double = 0, warnings: [IntakeWarning] = [], promptSpeechTokens: [Int]? = nil,
                cachedPrefix: CachedPrefix? = nil) {
        self.embedding = embedding
        self.embeddingModel = embeddingModel
        self.transcript = transcript
        self.duration = duration
        self.warnings = warnings
        self.promptSpeechTokens = promptSpeechTokens
        self.cachedPrefix = cachedPrefix
    }

    /// Reads and checks a reference clip and computes its embedding with `encoder` (the bundled
    /// encoder when nil). Throws AudioFileError, ReferenceClipError or ModelFileError.
    public init(referenceAudio url: URL, transcript: String? = nil, encoder: SpeakerEncoder? = nil) throws {
        try self.init(clip: ReferenceClip(contentsOf: url), transcript: transcript, encoder: encoder)
    }

    /// The voice of a clip that passed the intake checks.
    public init(clip: ReferenceClip, transcript: String? = nil, encoder: SpeakerEncoder? = nil) throws {
        let encoder = try encoder ?? SpeakerEncoder.bundled()
        guard let embedding = try encoder.embed(clip.waveform) else {
            throw ReferenceClipError(path: clip.path, kind: .silent, reason: "no speech found in the clip (voice activity detection kept nothing)")
        }
        self.init(embedding: embedding, transcript: transcript, duration: clip.duration, warnings: clip.warnings)
    }

    /// Cosine similarity of the two voices' embeddings: 1 for the same direction. resemblyzer's
    /// embeddings are non-negative, so different speakers still score about 0.4–0.65 (flite's voices;
    /// four 1.4 s ALSA test clips of one man score 0.69–0.82 with each other).
    public func similarity(to other: Voice) throws -> Float {
        guard embeddingModel == other.embeddingModel, embedding.count == other.embedding.count else {
            throw VoiceFileError(path: "", reason: "cannot compare embeddings of \(embeddingModel) and \(other.embeddingModel)")
        }
        return SpeakerEncoder.cosineSimilarity(embedding, other.embedding)
    }
}

/// A saved voice that cannot be loaded.
public struct VoiceFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { path.isEmpty ? reason : "\(path): \(reason)" }
}

// MARK: - Saving and loading

extension Voice {
    private struct File: Codable {
        var format: String
        var formatVersion: Int
        var embeddingModel: String
        var embeddingSize: Int
        var embedding: [Float]
        var transcript: String?
        var duration: Double
        var warnings: [IntakeWarning]
        var promptSpeechTokens: [Int]?
        var cachedPrefix: CachedPrefix?
    }

    /// The voice as pretty-printed JSON (the cached prefix base64-encoded).
    public func jsonData() throws -> Data {
        let file = File(format: Self.formatName, formatVersion: Self.formatVersion, embeddingModel: embeddingModel,
                        embeddingSize: embedding.count, embedding: embedding, transcript: transcript,
                        duration: duration, warnings: warnings,
                        promptSpeechTokens: promptSpeechTokens, cachedPrefix: cachedPrefix)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(file)
    }

    /// Writes the voice atomically.
    public func save(to url: URL) throws {
        do {
            try jsonData().write(to: url, options: .atomic)
        } catch {
            throw VoiceFileError(path: url.path, reason: "cannot write: \(error.localizedDescription)")
        }
    }

    /// Loads a saved voice, refusing one of another format version or embedding model.
    public init(contentsOf url: URL, expectedModel: String = SpeakerEncoder.modelIdentifier,
                expectedSize: Int = SpeakerEncoder.embeddingSize) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw VoiceFileError(path: url.path, reason: "cannot read: \(error.localizedDescription)")
        }
        try self.init(jsonData: data, path: url.path, expectedModel: expectedModel, expectedSize: expectedSize)
    }

    public init(jsonData data: Data, path: String = "<voice>", expectedModel: String = SpeakerEncoder.modelIdentifier,
                expectedSize: Int = SpeakerEncoder.embeddingSize) throws {
        func fail(_ reason: String) -> VoiceFileError { VoiceFileError(path: path, reason: reason) }
        // The version is checked before the full decode so that a newer file gets a clear message.
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw fail("not a voice file (not a JSON object)")
        }
        guard object["format"] as? String == Self.formatName else {
            throw fail("not a voice file (no \"format\": \"\(Self.formatName)\")")
        }
        guard let version = object["formatVersion"] as? Int else { throw fail("formatVersion is missing") }
        guard version <= Self.formatVersion, version >= 1 else {
            throw fail("format version \(version) is not supported (this library reads version \(Self.formatVersion)); re-extract the voice")
        }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw fail("malformed voice file: \(error)")
        }
        guard file.embeddingModel == expectedModel else {
            throw fail("voice was made with the speaker encoder \"\(file.embeddingModel)\", but this model uses \"\(expectedModel)\"; re-extract it from the reference clip")
        }
        guard file.embeddingSize == expectedSize, file.embedding.count == expectedSize else {
            throw fail("embedding has \(file.embedding.count) values (declared \(file.embeddingSize)); this model expects \(expectedSize)")
        }
        guard file.embedding.allSatisfy(\.isFinite) else { throw fail("embedding holds NaN or infinite values") }
        guard file.duration.isFinite, file.duration >= 0 else { throw fail("duration \(file.duration) is not a length") }
        self.init(embedding: file.embedding, embeddingModel: file.embeddingModel, transcript: file.transcript,
                  duration: file.duration, warnings: file.warnings, promptSpeechTokens: file.promptSpeechTokens,
                  cachedPrefix: file.cachedPrefix)
    }

    /// A saved voice (a JSON file) or, for any other file, the voice of that reference clip: what a
    /// command that accepts either needs.
    public static func load(_ url: URL, transcript: String? = nil, encoder: SpeakerEncoder? = nil) throws -> Voice {
        if isVoiceFile(url) { return try Voice(contentsOf: url) }
        return try Voice(referenceAudio: url, transcript: transcript, encoder: encoder)
    }

    /// Whether the file starts like JSON (a saved voice) rather than audio.
    public static func isVoiceFile(_ url: URL) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: url.path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 64)) ?? Data()
        return head.first { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) } == UInt8(ascii: "{")
    }
}
