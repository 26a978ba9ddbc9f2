import Foundation

/// A model directory's `config.json`: every stage's architecture and where its weights are.
/// Docs/ModelFormat.md describes the format.
public struct ModelConfiguration: Sendable, Decodable {
    public struct Speaker: Sendable, Decodable {
        public var embeddingSize: Int
        public var encoder: String
        enum CodingKeys: String, CodingKey { case embeddingSize = "embedding_size", encoder }
    }

    /// How text and speech tokens share the decoder's vocabulary, as GLM-TTS lays them out:
    /// `[speaker prefix][prompt text][target text][begin-of-audio][prompt speech]` → speech tokens.
    public struct Decoder: Sendable, Decodable {
        public var directory: String
        public var conditioning: String
        public var speechOffset: Int
        public var speechCodes: Int
        public var beginAudio: Int
        public var endAudio: Int
        public var minTokensPerSymbol: Double
        public var maxTokensPerSymbol: Double
        enum CodingKeys: String, CodingKey {
            case directory, conditioning
            case speechOffset = "speech_offset", speechCodes = "speech_codes", beginAudio = "begin_audio", endAudio = "end_audio"
            case minTokensPerSymbol = "min_tokens_per_symbol", maxTokensPerSymbol = "max_tokens_per_symbol"
        }
    }

    public struct Stage<Architecture: Decodable & Sendable>: Sendable, Decodable {
        public var architecture: Architecture
        public var weights: String
        enum CodingKeys: String, CodingKey { case weights }
        public init(from decoder: any Swift.Decoder) throws {
            architecture = try Architecture(from: decoder)
            weights = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .weights)
        }
        init(architecture: Architecture, weights: String) {
            self.architecture = architecture
            self.weights = weights
        }
    }

    public var format: String
    public var version: Int
    public var name: String
    public var license: String
    public var symbols: [String]
    public var speaker: Speaker
    public var decoder: Decoder
    public var acoustic: Stage<AcousticConfiguration>
    public var upsamplers: [String: Stage<UpsamplerConfiguration>]

    /// Checks everything that does not need the weights; errors name `file` and the field.
    func validate(file: String) throws {
        func check(_ ok: Bool, _ reason: String) throws {
            if !ok { throw TTSError.invalidModel(file: file, tensor: nil, reason: reason) }
        }
        try check(format == "glmtts-model", "format is \(format), expected glmtts-model")
        try check(version == 1, "version \(version) is not supported (1)")
        try check(!symbols.isEmpty && Set(symbols).count == symbols.count, "symbols must be a non-empty list without repeats")
        try check(symbols.contains("<unk>"), "symbols must include <unk>")
        let d = decoder
        // Bounds first: the range below traps on a negative count or an overflowing end.
        try check(d.speechCodes >= 1 && d.speechCodes <= 1 << 20, "speech_codes \(d.speechCodes) outside 1…\(1 << 20)")
        try check(d.speechOffset >= 0 && d.speechOffset <= 1 << 24, "speech_offset \(d.speechOffset) outside 0…\(1 << 24)")
        try check(d.speechCodes == acoustic.architecture.codes, "decoder speech_codes \(d.speechCodes) ≠ acoustic codes \(acoustic.architecture.codes)")
        try check(d.speechOffset >= symbols.count, "speech_offset \(d.speechOffset) overlaps the \(symbols.count) text symbols")
        for (name, id) in [("begin_audio", d.beginAudio), ("end_audio", d.endAudio)] {
            try check(id >= 0 && !(d.speechOffset..<(d.speechOffset + d.speechCodes)).contains(id) && id >= symbols.count,
                      "\(name) \(id) collides with text symbols or speech tokens")
        }
        try check(d.minTokensPerSymbol >= 0 && d.maxTokensPerSymbol >= d.minTokensPerSymbol && d.maxTokensPerSymbol <= 100,
                  "need 0 ≤ min_tokens_per_symbol ≤ max_tokens_per_symbol ≤ 100")
        try check(acoustic.architecture.speakerDim == speaker.embeddingSize, "acoustic speaker_dim ≠ speaker embedding_size")
        try check(!upsamplers.isEmpty, "no upsampler")
        for (rate, stage) in upsamplers {
            try check(Int(rate) == stage.architecture.sampleRate, "upsampler \"\(rate)\" has sample_rate \(stage.architecture.sampleRate)")
            try check(stage.architecture.melBins == acoustic.architecture.melBins, "upsampler \(rate) reads \(stage.architecture.melBins) mel bins, the acoustic stage writes \(acoustic.architecture.melBins)")
        }
        for path in [d.directory, d.conditioning, acoustic.weights] + upsamplers.values.map(\.weights) {
            try check(!path.hasPrefix("/") && !path.split(separator: "/").contains(".."), "path \(path) leaves the model directory")
        }
    }
}
