/// Sample rates the upsamplers render at.
public enum SampleRate: Int, Sendable, CaseIterable, CustomStringConvertible {
    case hz24000 = 24000
    case hz32000 = 32000

    /// The rate for `hertz`, or an error that lists the supported rates.
    public init(hertz: Int) throws {
        guard let rate = SampleRate(rawValue: hertz) else {
            throw TTSError.invalidArgument(name: "sample rate",
                                           reason: "\(hertz) Hz is not supported; use \(SampleRate.allCases.map { String($0.rawValue) }.joined(separator: " or "))")
        }
        self = rate
    }

    public var description: String { "\(rawValue) Hz" }
}

/// Settings of one session (one request, or a series of requests in order).
public struct SessionOptions: Sendable, Equatable {
    public var sampleRate: SampleRate
    /// With the KV cache off, every decoder step recomputes the whole sequence (much slower; for comparison).
    public var useKVCache: Bool
    /// The generator is reset to this seed before every text segment, as GLM-TTS does.
    public var seed: UInt64
    /// How tokens are chosen; nil (the default) uses the model's recommendation
    /// (`Synthesizer.recommendedSampling`: `decoder.sampling` in its config, RAS when it says nothing).
    public var sampling: SamplingOptions?
    /// Long text is split into pieces of at most this many characters (the tuning guide advises 300).
    public var maxSegmentCharacters: Int
    /// Largest KV cache the session may hold, in positions; nil sizes it to each request.
    public var kvCacheCapacity: Int?
    /// Cross-fade between segments, in seconds.
    public var crossFade: Double
    /// Longest text one request accepts, in characters; longer text is refused with
    /// `TTSError.invalidArgument(name: "text", …)` before any work starts.
    public var maxTextCharacters: Int
    /// Most speech tokens (25 per second) generated for one segment; nil leaves the model's own
    /// limit (max_tokens_per_symbol × the segment's symbols; in the duration layout, the predicted
    /// durations, bounded by decoder.max_tokens_per_segment). A segment that reaches it keeps what
    /// was generated (durations are cut to fit) and the request reports it in `Synthesis.warnings`.
    public var maxTokensPerSegment: Int?
    /// Most prompt speech tokens a voice may bring (a saved voice file is user input too); the
    /// default, 750, is 30 s at 25 tokens per second, the reference-clip limit.
    public var maxPromptSpeechTokens: Int

    public init(sampleRate: SampleRate = .hz24000, useKVCache: Bool = true, seed: UInt64 = 0, sampling: SamplingOptions? = nil,
                maxSegmentCharacters: Int = 300, kvCacheCapacity: Int? = nil, crossFade: Double = 0.02,
                maxTextCharacters: Int = 50_000, maxTokensPerSegment: Int? = nil, maxPromptSpeechTokens: Int = 750) {
        self.sampleRate = sampleRate
        self.useKVCache = useKVCache
        self.seed = seed
        self.sampling = sampling
        self.maxSegmentCharacters = maxSegmentCharacters
        self.kvCacheCapacity = kvCacheCapacity
        self.crossFade = crossFade
        self.maxTextCharacters = maxTextCharacters
        self.maxTokensPerSegment = maxTokensPerSegment
        self.maxPromptSpeechTokens = maxPromptSpeechTokens
    }

    func validate() throws {
        try sampling?.validate()
        guard maxSegmentCharacters >= 20 else {
            throw TTSError.invalidArgument(name: "maximum segment length", reason: "must be at least 20 characters, got \(maxSegmentCharacters)")
        }
        if let kvCacheCapacity, kvCacheCapacity < 16 {
            throw TTSError.invalidArgument(name: "KV cache capacity", reason: "must be at least 16 positions, got \(kvCacheCapacity)")
        }
        guard maxTextCharacters >= 1 else {
            throw TTSError.invalidArgument(name: "maximum text length", reason: "must be at least 1 character, got \(maxTextCharacters)")
        }
        guard maxPromptSpeechTokens >= 0 else {
            throw TTSError.invalidArgument(name: "maximum prompt speech tokens", reason: "must not be negative, got \(maxPromptSpeechTokens)")
        }
        if let maxTokensPerSegment, maxTokensPerSegment < 1 {
            throw TTSError.invalidArgument(name: "maximum tokens per segment", reason: "must be at least 1, got \(maxTokensPerSegment)")
        }
        guard crossFade >= 0 && crossFade <= 0.5 else {
            throw TTSError.invalidArgument(name: "cross-fade", reason: "must be between 0 and 0.5 s, got \(crossFade)")
        }
    }
}
