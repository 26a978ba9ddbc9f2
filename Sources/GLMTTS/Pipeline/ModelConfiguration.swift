import Foundation

/// A model directory's `config.json`: every stage's architecture and where its weights are.
/// Docs/ModelFormat.md describes the format.
public struct ModelConfiguration: Sendable, Decodable {
    public struct Speaker: Sendable, Decodable {
        public var embeddingSize: Int
        public var encoder: String
        enum CodingKeys: String, CodingKey { case embeddingSize = "embedding_size", encoder }
    }

    /// How the decoder's sequence is laid out (Docs/ModelFormat.md). `glm`: GLM-TTS's layout, text
    /// and speech tokens share the vocabulary, `[speaker prefix][prompt text][target text][begin-of-audio]
    /// [prompt speech]` → speech tokens until `end_audio`. `duration`: a phone encoder predicts each
    /// symbol's duration and the decoder reads one step row per token (Tools/model/bundled.py).
    public enum Layout: String, Sendable, Decodable {
        case glm, duration
    }

    /// The decoding a model recommends (`decoder.sampling`).
    public enum RecommendedSampling: String, Sendable, Decodable {
        case greedy, ras
        public var options: SamplingOptions { self == .greedy ? .greedy : .ras }
    }

    public struct Decoder: Sendable, Decodable {
        public var directory: String
        public var conditioning: String
        public var speechOffset: Int
        public var speechCodes: Int
        public var beginAudio: Int
        /// Required in the glm layout; the duration layout has no end token.
        public var endAudio: Int?
        public var minTokensPerSymbol: Double?
        public var maxTokensPerSymbol: Double?
        public var layout: Layout = .glm
        public var sampling: RecommendedSampling?
        /// Duration layout: the most tokens one segment's durations may add up to.
        public var maxTokensPerSegment: Int?
        enum CodingKeys: String, CodingKey {
            case directory, conditioning, layout, sampling
            case speechOffset = "speech_offset", speechCodes = "speech_codes", beginAudio = "begin_audio", endAudio = "end_audio"
            case minTokensPerSymbol = "min_tokens_per_symbol", maxTokensPerSymbol = "max_tokens_per_symbol"
            case maxTokensPerSegment = "max_tokens_per_segment"
        }
    }

    /// The duration layout's phone encoder (Tools/model/bundled.py's PhoneEncoder): `embed[S, C]`,
    /// the speaker projection, the acoustic stage's residual layers, `conv_out` to `encoding + 1`
    /// channels (the encoding and the log duration).
    public struct EncoderConfiguration: Sendable, Equatable, Decodable {
        public var type: String
        public var channels: Int
        public var encoding: Int
        public var kernel: Int
        public var dilations: [Int]
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
    /// Duration layout: the phone encoder.
    public var encoder: Stage<EncoderConfiguration>?
    /// Duration layout: the symbol put before and after every segment's symbols.
    public var boundarySymbol: String?
    /// Duration layout: the symbols whose duration may be 0 (punctuation, the boundary, …); every
    /// other symbol is spoken for at least one token.
    public var silentSymbols: [String]?

    enum CodingKeys: String, CodingKey {
        case format, version, name, license, symbols, speaker, decoder, acoustic, upsamplers, encoder
        case boundarySymbol = "boundary_symbol", silentSymbols = "silent_symbols"
    }

    /// The decoding `decoder.sampling` recommends: greedy, or RAS when it says so or says nothing.
    public var recommendedSampling: SamplingOptions { (decoder.sampling ?? .ras).options }

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
        switch d.layout {
        case .glm:
            guard let endAudio = d.endAudio else { try check(false, "decoder.end_audio is required in the glm layout"); return }
            guard let minPer = d.minTokensPerSymbol else { try check(false, "decoder.min_tokens_per_symbol is required in the glm layout"); return }
            guard let maxPer = d.maxTokensPerSymbol else { try check(false, "decoder.max_tokens_per_symbol is required in the glm layout"); return }
            try check(d.speechOffset >= symbols.count, "speech_offset \(d.speechOffset) overlaps the \(symbols.count) text symbols")
            for (name, id) in [("begin_audio", d.beginAudio), ("end_audio", endAudio)] {
                try check(id >= 0 && !(d.speechOffset..<(d.speechOffset + d.speechCodes)).contains(id) && id >= symbols.count,
                          "\(name) \(id) collides with text symbols or speech tokens")
            }
            try check(minPer >= 0 && maxPer >= minPer && maxPer <= 100, "need 0 ≤ min_tokens_per_symbol ≤ max_tokens_per_symbol ≤ 100")
            try check(encoder == nil, "encoder is only used by the duration layout (decoder.layout)")
            try check(acoustic.architecture.phones == 0, "acoustic phones need the duration layout (decoder.layout), which says which symbol each token speaks")
        case .duration:
            try check(d.speechOffset == 0, "speech_offset must be 0 in the duration layout, got \(d.speechOffset)")
            try check(d.beginAudio == d.speechCodes, "begin_audio must be speech_codes (\(d.speechCodes)) in the duration layout, got \(d.beginAudio)")
            if let m = d.maxTokensPerSegment { try check(m >= 1 && m <= 1 << 20, "decoder.max_tokens_per_segment \(m) outside 1…\(1 << 20)") }
            guard let encoder else { try check(false, "encoder is required in the duration layout"); return }
            try encoder.architecture.validate(file: file)
            guard let boundary = boundarySymbol else { try check(false, "boundary_symbol is required in the duration layout"); return }
            try check(symbols.contains(boundary), "boundary_symbol \(boundary) is not one of the symbols")
            guard let silent = silentSymbols else { try check(false, "silent_symbols is required in the duration layout"); return }
            if let bad = silent.first(where: { !symbols.contains($0) }) { try check(false, "silent_symbols: \(bad) is not one of the symbols") }
            let p = acoustic.architecture.phones
            try check(p == 0 || p == symbols.count, "acoustic phones \(p) ≠ the \(symbols.count) symbols")
        }
        try check(acoustic.architecture.speakerDim == speaker.embeddingSize, "acoustic speaker_dim ≠ speaker embedding_size")
        try check(!upsamplers.isEmpty, "no upsampler")
        for (rate, stage) in upsamplers {
            try check(Int(rate) == stage.architecture.sampleRate, "upsampler \"\(rate)\" has sample_rate \(stage.architecture.sampleRate)")
            try check(stage.architecture.melBins == acoustic.architecture.melBins, "upsampler \(rate) reads \(stage.architecture.melBins) mel bins, the acoustic stage writes \(acoustic.architecture.melBins)")
        }
        for path in [d.directory, d.conditioning, acoustic.weights] + upsamplers.values.map(\.weights) + (encoder.map { [$0.weights] } ?? []) {
            try check(!path.hasPrefix("/") && !path.split(separator: "/").contains(".."), "path \(path) leaves the model directory")
        }
    }
}

extension ModelConfiguration.Decoder {
    public init(from decoder: any Swift.Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(directory: try c.decode(String.self, forKey: .directory), conditioning: try c.decode(String.self, forKey: .conditioning),
                  speechOffset: try c.decode(Int.self, forKey: .speechOffset), speechCodes: try c.decode(Int.self, forKey: .speechCodes),
                  beginAudio: try c.decode(Int.self, forKey: .beginAudio), endAudio: try c.decodeIfPresent(Int.self, forKey: .endAudio),
                  minTokensPerSymbol: try c.decodeIfPresent(Double.self, forKey: .minTokensPerSymbol),
                  maxTokensPerSymbol: try c.decodeIfPresent(Double.self, forKey: .maxTokensPerSymbol),
                  layout: try c.decodeIfPresent(ModelConfiguration.Layout.self, forKey: .layout) ?? .glm,
                  sampling: try c.decodeIfPresent(ModelConfiguration.RecommendedSampling.self, forKey: .sampling),
                  maxTokensPerSegment: try c.decodeIfPresent(Int.self, forKey: .maxTokensPerSegment))
    }
}

extension ModelConfiguration.EncoderConfiguration {
    func validate(file: String) throws {
        func check(_ ok: Bool, _ reason: String) throws {
            if !ok { throw TTSError.invalidModel(file: file, tensor: nil, reason: "encoder: \(reason)") }
        }
        try check(type == "conv", "type \(type) is not supported (conv)")
        for (name, v) in [("channels", channels), ("encoding", encoding)] {
            try check(v >= 1 && v <= 1 << 16, "\(name) \(v) outside 1…\(1 << 16)")
        }
        try ConvStack(channels: channels, kernel: kernel, dilations: dilations).validate { try check(false, $0) }
    }
}
