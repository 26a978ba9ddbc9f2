import Foundation
import SpeakerStyle
import TextEncoding
import WaveformOutput

/// What one synthesis produced, with what is needed to trace and reproduce it.
public struct Synthesis: Sendable {
    public var waveform: Waveform
    public var normalizedText: String
    public var segments: [String]
    /// Speech tokens generated per segment.
    public var speechTokens: [[Int]]
    /// Things the user should know (a segment that hit the maximum length without an end token).
    public var warnings: [String]
    public var timings: StageTimings
}

/// Seconds spent in each stage.
public struct StageTimings: Sendable, Equatable, Codable {
    public var text: Double = 0
    public var decoder: Double = 0
    public var acoustic: Double = 0
    public var upsampler: Double = 0
    public var total: Double { text + decoder + acoustic + upsampler }
}

/// One request's state over a shared `Synthesizer`: the decoder's KV cache and the sampler. Not for
/// sharing between threads; make one per request or per worker.
public final class Session {
    public let synthesizer: Synthesizer
    public private(set) var options: SessionOptions
    private var decoder: DecoderSession?
    /// Decoder prefixes (speaker row and prompt text) by voice, computed once per voice; the oldest
    /// goes when `maxCachedPrefixes` are held, so a long batch with a new clip on every line does not
    /// keep one prefix per line.
    private var prefixes: [PrefixKey: KVPrefix] = [:]
    private var prefixOrder: [PrefixKey] = []
    static let maxCachedPrefixes = 8

    struct PrefixKey: Hashable {
        let rows: [Float]
        let tokens: [Int]
    }

    init(synthesizer: Synthesizer, options: SessionOptions) throws {
        try options.validate()
        _ = try synthesizer.upsampler(for: options.sampleRate)
        self.synthesizer = synthesizer
        self.options = options
    }

    /// Changes the sample rate between requests; the output equals a new process's at that rate.
    public func setSampleRate(_ rate: SampleRate) throws {
        _ = try synthesizer.upsampler(for: rate)
        options.sampleRate = rate
    }

    /// Changes the seed used from the next request on (batches set it per line).
    public func setSeed(_ seed: UInt64) {
        options.seed = seed
    }

    /// Bytes held by the session's caches and scratch buffers.
    public var cacheBytes: Int { (decoder?.byteCount ?? 0) + prefixes.values.reduce(0) { $0 + $1.byteCount } }

    var cachedPrefixCount: Int { prefixes.count }
    var decoderCacheForTesting: KVCache? { decoder?.cache }

    /// Returns the KV cache's memory. The next request allocates it again.
    public func clearCache() {
        decoder = nil
        prefixes.removeAll()
        prefixOrder.removeAll()
    }

    /// Speaks `text` in `voice` (or the model's default speaker) and returns the whole waveform.
    public func synthesize(_ text: String, voice: Voice? = nil) throws -> Synthesis {
        var samples: [Float] = []
        let result = try run(text, voice: voice) { samples += $0 }
        return Synthesis(waveform: Waveform(samples: samples, sampleRate: options.sampleRate.rawValue), normalizedText: result.normalized,
                         segments: result.segments, speechTokens: result.tokens, warnings: result.warnings, timings: result.timings)
    }

    /// Speaks `text`, handing samples to `onChunk` as soon as they are final; the chunks concatenated
    /// equal `synthesize`'s waveform. The first chunk comes after a few decoder steps.
    @discardableResult
    public func synthesize(_ text: String, voice: Voice? = nil, onChunk: ([Float]) throws -> Void) throws -> Synthesis {
        let result = try run(text, voice: voice, onChunk: onChunk)
        return Synthesis(waveform: Waveform(samples: [], sampleRate: options.sampleRate.rawValue), normalizedText: result.normalized,
                         segments: result.segments, speechTokens: result.tokens, warnings: result.warnings, timings: result.timings)
    }

    private struct RunResult {
        var normalized: String
        var segments: [String]
        var tokens: [[Int]]
        var warnings: [String]
        var timings: StageTimings
    }

    private func run(_ text: String, voice: Voice?, onChunk: ([Float]) throws -> Void) throws -> RunResult {
        let s = synthesizer
        var timings = StageTimings()
        var clock = ContinuousClock.now
        func lap() -> Double {
            let now = ContinuousClock.now
            defer { clock = now }
            return (now - clock).inSeconds
        }

        let speaker = try speakerEmbedding(voice)
        let length = text.count
        guard length <= options.maxTextCharacters else {
            throw TTSError.invalidArgument(name: "text", reason: "is \(length) characters long; this session accepts at most \(options.maxTextCharacters) (SessionOptions.maxTextCharacters): split it into several requests")
        }
        if let transcript = voice?.transcript, transcript.count > options.maxTextCharacters {
            throw TTSError.invalidArgument(name: "voice transcript", reason: "is \(transcript.count) characters long; this session accepts at most \(options.maxTextCharacters) (SessionOptions.maxTextCharacters)")
        }
        if let count = voice?.promptSpeechTokens?.count, count > options.maxPromptSpeechTokens {
            throw TTSError.invalidArgument(name: "voice prompt speech tokens", reason: "the voice brings \(count); this session accepts at most \(options.maxPromptSpeechTokens) (SessionOptions.maxPromptSpeechTokens)")
        }
        let normalized = try TextNormalizer().normalize(text)
        let segments = TextSegmenter(maxCharacters: options.maxSegmentCharacters).split(normalized)
        var symbolIds: [[Int]] = []
        for segment in segments {
            let ids = s.frontend.encode(try s.frontend.symbols(for: segment))
            symbolIds.append(ids)
        }
        let promptIds: [Int] = try voice?.transcript.map { try s.frontend.encode(s.frontend.symbols(for: TextNormalizer().normalize($0))) } ?? []
        let promptSpeech = voice?.promptSpeechTokens ?? []
        if let bad = promptSpeech.first(where: { $0 < 0 || $0 >= s.configuration.decoder.speechCodes }) {
            throw TTSError.invalidArgument(name: "voice prompt speech tokens", reason: "\(bad) is outside 0…\(s.configuration.decoder.speechCodes - 1)")
        }
        let prefix = try s.speakerPrefix(speaker)
        timings.text += lap()

        let upsampler = try s.upsampler(for: options.sampleRate)
        var joiner = SegmentJoiner(fadeSamples: segments.count > 1 ? Int(options.crossFade * Double(options.sampleRate.rawValue)) : 0)
        var allTokens: [[Int]] = []
        var warnings: [String] = []
        let d = s.configuration.decoder
        for (index, ids) in symbolIds.enumerated() where !ids.isEmpty {
            // GLM-TTS: the prompt's text and speech go in only when there is prompt speech.
            let voiceTokens = promptSpeech.isEmpty ? [] : promptIds
            let tokens = ids + [d.beginAudio] + promptSpeech.map { $0 + d.speechOffset }
            let maxTokens = min(max(1, Int((d.maxTokensPerSymbol * Double(ids.count)).rounded(.up))), options.maxTokensPerSegment ?? .max)
            let limits = GenerationLimits(minTokens: min(Int((d.minTokensPerSymbol * Double(ids.count)).rounded(.up)), maxTokens),
                                          maxTokens: maxTokens,
                                          stopTokens: [d.endAudio], allowedRange: d.speechOffset..<(d.speechOffset + d.speechCodes))
            let session = try decoderSession(positions: 1 + voiceTokens.count + tokens.count + limits.maxTokens)
            // The part of the sequence that depends only on the voice runs once per voice and is
            // copied into the cache for every segment and request after that.
            let input: DecoderInput
            if options.useKVCache {
                let key = PrefixKey(rows: prefix, tokens: voiceTokens)
                if let cached = prefixes[key] {
                    try session.cache.load(cached)
                } else {
                    session.reset()
                    _ = try session.forward(embeddings: prefix + (voiceTokens.isEmpty ? [] : session.embed(voiceTokens)),
                                            rows: 1 + voiceTokens.count)
                    if prefixOrder.count >= Self.maxCachedPrefixes { prefixes[prefixOrder.removeFirst()] = nil }
                    prefixes[key] = session.cache.snapshot()
                    prefixOrder.append(key)
                }
                input = DecoderInput(tokens: tokens)
            } else {
                input = DecoderInput(prefixEmbeddings: prefix, tokens: voiceTokens + tokens)
            }
            var renderer = ChunkRenderer(acoustic: s.acoustic, upsampler: upsampler, speaker: speaker)
            joiner.beginSegment()
            let result = try session.generate(input, limits: limits, sampling: options.sampling, seed: options.seed,
                                              continuing: options.useKVCache) { token in
                let chunk = try renderer.append(token - d.speechOffset)
                if !chunk.isEmpty { try onChunk(joiner.add(chunk)) }
            }
            try onChunk(joiner.add(try renderer.finish()))
            // Chunks render inside the decoder loop: move their time from the decoder's share.
            timings.decoder += lap() - renderer.acousticSeconds - renderer.upsamplerSeconds
            timings.acoustic += renderer.acousticSeconds
            timings.upsampler += renderer.upsamplerSeconds
            if !result.stopped {
                warnings.append("segment \(index + 1) reached the maximum length (\(limits.maxTokens) speech tokens) without an end token; kept what was generated")
            }
            allTokens.append(result.tokens.map { $0 - d.speechOffset })
        }
        try onChunk(joiner.finish())
        timings.upsampler += lap()
        return RunResult(normalized: normalized, segments: segments, tokens: allTokens, warnings: warnings, timings: timings)
    }

    private func speakerEmbedding(_ voice: Voice?) throws -> [Float] {
        let expected = synthesizer.configuration.speaker.embeddingSize
        guard let voice else { return synthesizer.defaultSpeaker }
        guard voice.embedding.count == expected else {
            throw TTSError.invalidArgument(name: "voice",
                reason: "its embedding has \(voice.embedding.count) values but this model expects \(expected) (a voice made for another model?)")
        }
        guard voice.embedding.allSatisfy(\.isFinite) else { throw TTSError.invalidArgument(name: "voice", reason: "its embedding holds NaN or infinite values") }
        return voice.embedding
    }

    private func decoderSession(positions: Int) throws -> DecoderSession {
        if let capacity = options.kvCacheCapacity, positions > capacity { throw TTSError.kvCacheFull(capacity: capacity) }
        if let decoder, decoder.cache.capacity >= positions {
            decoder.useCache = options.useKVCache
            return decoder
        }
        let session = DecoderSession(model: synthesizer.decoder, capacity: options.kvCacheCapacity ?? max(positions, 256), useCache: options.useKVCache)
        decoder = session
        return session
    }
}
