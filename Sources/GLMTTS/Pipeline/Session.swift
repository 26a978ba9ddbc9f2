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
    /// Duration layout: the tokens each symbol of each segment was spoken for, the boundary symbols
    /// before and after included (empty in the glm layout).
    public var durations: [[Int]] = []
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
        var result = try run(text, voice: voice) { samples += $0 }
        result.waveform = Waveform(samples: samples, sampleRate: options.sampleRate.rawValue)
        return result
    }

    /// Speaks `text`, handing samples to `onChunk` as soon as they are final; the chunks concatenated
    /// equal `synthesize`'s waveform. The first chunk comes after a few decoder steps.
    @discardableResult
    public func synthesize(_ text: String, voice: Voice? = nil, onChunk: ([Float]) throws -> Void) throws -> Synthesis {
        try run(text, voice: voice, onChunk: onChunk)
    }

    /// Speaks symbol ids directly (one list per segment, before any boundary symbols) with a speaker
    /// embedding: the pipeline after the text frontend, for tests that must not depend on G2P.
    func synthesize(symbolIds: [[Int]], speaker: [Float], onChunk: (([Float]) throws -> Void)? = nil) throws -> Synthesis {
        guard speaker.count == synthesizer.configuration.speaker.embeddingSize else {
            throw TTSError.invalidArgument(name: "speaker embedding", reason: "\(speaker.count) values, the model expects \(synthesizer.configuration.speaker.embeddingSize)")
        }
        if let bad = symbolIds.joined().first(where: { $0 < 0 || $0 >= synthesizer.configuration.symbols.count }) {
            throw TTSError.invalidArgument(name: "symbol id", reason: "\(bad) is outside 0…\(synthesizer.configuration.symbols.count - 1)")
        }
        var samples: [Float] = []
        var timings = StageTimings()
        let spoken = try speak(symbolIds: symbolIds, speaker: speaker, promptIds: [], promptSpeech: [], timings: &timings) { chunk in
            if let onChunk { try onChunk(chunk) } else { samples += chunk }
        }
        return Synthesis(waveform: Waveform(samples: samples, sampleRate: options.sampleRate.rawValue), normalizedText: "",
                         segments: symbolIds.map { $0.map(String.init).joined(separator: " ") }, speechTokens: spoken.tokens,
                         durations: spoken.durations, warnings: spoken.warnings, timings: timings)
    }

    /// The whole request; the returned waveform is empty (the samples went to `onChunk`).
    private func run(_ text: String, voice: Voice?, onChunk: ([Float]) throws -> Void) throws -> Synthesis {
        let s = synthesizer
        var timings = StageTimings()
        let clock = ContinuousClock.now

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
        timings.text += (ContinuousClock.now - clock).inSeconds
        let spoken = try speak(symbolIds: symbolIds, speaker: speaker, promptIds: promptIds, promptSpeech: promptSpeech, timings: &timings,
                               onChunk: onChunk)
        return Synthesis(waveform: Waveform(samples: [], sampleRate: options.sampleRate.rawValue), normalizedText: normalized,
                         segments: segments, speechTokens: spoken.tokens, durations: spoken.durations, warnings: spoken.warnings,
                         timings: timings)
    }

    private struct Spoken {
        var tokens: [[Int]] = []
        var durations: [[Int]] = []
        var warnings: [String] = []
    }

    /// Decodes and renders every segment's symbol ids, handing samples to `onChunk` as they become final.
    private func speak(symbolIds: [[Int]], speaker: [Float], promptIds: [Int], promptSpeech: [Int], timings: inout StageTimings,
                       onChunk: ([Float]) throws -> Void) throws -> Spoken {
        let s = synthesizer
        var clock = ContinuousClock.now
        func lap() -> Double {
            let now = ContinuousClock.now
            defer { clock = now }
            return (now - clock).inSeconds
        }
        let prefix = try s.speakerPrefix(speaker)
        let upsampler = try s.upsampler(for: options.sampleRate)
        var joiner = SegmentJoiner(fadeSamples: symbolIds.count > 1 ? Int(options.crossFade * Double(options.sampleRate.rawValue)) : 0)
        var spoken = Spoken()
        if s.duration != nil && !promptSpeech.isEmpty {
            spoken.warnings.append("this model (duration layout) does not read prompt speech tokens; the voice's were ignored")
        }
        for (index, ids) in symbolIds.enumerated() where !ids.isEmpty {
            var renderer = ChunkRenderer(acoustic: s.acoustic, upsampler: upsampler, speaker: speaker)
            joiner.beginSegment()
            func emit(_ code: Int, phone: Int?) throws {
                let chunk = try renderer.append(code, phone: phone)
                if !chunk.isEmpty { try onChunk(joiner.add(chunk)) }
            }
            if let stage = s.duration {
                let (tokens, durations) = try durationSegment(ids, index: index, stage: stage, speaker: speaker, prefix: prefix,
                                                              warnings: &spoken.warnings, emit: emit)
                spoken.tokens.append(tokens)
                spoken.durations.append(durations)
            } else {
                spoken.tokens.append(try glmSegment(ids, index: index, prefix: prefix, promptIds: promptIds, promptSpeech: promptSpeech,
                                                    warnings: &spoken.warnings, emit: emit))
            }
            try onChunk(joiner.add(try renderer.finish()))
            // Chunks render inside the decoder loop: move their time from the decoder's share.
            timings.decoder += lap() - renderer.acousticSeconds - renderer.upsamplerSeconds
            timings.acoustic += renderer.acousticSeconds
            timings.upsampler += renderer.upsamplerSeconds
        }
        try onChunk(joiner.finish())
        timings.upsampler += lap()
        return spoken
    }

    /// One segment in GLM-TTS's layout; returns its speech tokens (without the offset).
    private func glmSegment(_ ids: [Int], index: Int, prefix: [Float], promptIds: [Int], promptSpeech: [Int], warnings: inout [String],
                            emit: (Int, Int?) throws -> Void) throws -> [Int] {
        let d = synthesizer.configuration.decoder
        // Validated for the glm layout.
        let endAudio = d.endAudio!, minPer = d.minTokensPerSymbol!, maxPer = d.maxTokensPerSymbol!
        // GLM-TTS: the prompt's text and speech go in only when there is prompt speech.
        let voiceTokens = promptSpeech.isEmpty ? [] : promptIds
        let tokens = ids + [d.beginAudio] + promptSpeech.map { $0 + d.speechOffset }
        let maxTokens = min(max(1, Int((maxPer * Double(ids.count)).rounded(.up))), options.maxTokensPerSegment ?? .max)
        let limits = GenerationLimits(minTokens: min(Int((minPer * Double(ids.count)).rounded(.up)), maxTokens),
                                      maxTokens: maxTokens,
                                      stopTokens: [endAudio], allowedRange: d.speechOffset..<(d.speechOffset + d.speechCodes))
        let session = try decoderSession(positions: 1 + voiceTokens.count + tokens.count + limits.maxTokens)
        let input: DecoderInput
        if options.useKVCache {
            try loadPrefix(session, prefix: prefix, voiceTokens: voiceTokens)
            input = DecoderInput(tokens: tokens)
        } else {
            input = DecoderInput(prefixEmbeddings: prefix, tokens: voiceTokens + tokens)
        }
        let result = try session.generate(input, limits: limits, sampling: sampling, seed: options.seed,
                                          continuing: options.useKVCache) { token in try emit(token - d.speechOffset, nil) }
        if !result.stopped {
            warnings.append("segment \(index + 1) reached the maximum length (\(limits.maxTokens) speech tokens) without an end token; kept what was generated")
        }
        return result.tokens.map { $0 - d.speechOffset }
    }

    /// One segment in the duration layout (Tools/model/bundled.py): the phone encoder fixes the
    /// durations, then the decoder reads one row per token, `embed[previous code] + step_proj(features)`.
    /// Returns the codes and the durations.
    private func durationSegment(_ ids: [Int], index: Int, stage: Synthesizer.DurationStage, speaker: [Float], prefix: [Float],
                                 warnings: inout [String], emit: (Int, Int?) throws -> Void) throws -> ([Int], [Int]) {
        let s = synthesizer
        let d = s.configuration.decoder
        let symbols = [stage.boundary] + ids + [stage.boundary]
        let (encodings, logDurations) = try stage.encoder.encode(symbols, speaker: speaker)
        var durations = DurationPlan.durations(logDurations: logDurations, silent: symbols.map { stage.silent[$0] })
        let limit = min(d.maxTokensPerSegment ?? .max, options.maxTokensPerSegment ?? .max)
        if DurationPlan.truncate(&durations, to: limit) {
            warnings.append("segment \(index + 1)'s predicted durations exceed the maximum length (\(limit) speech tokens); cut to fit")
        }
        let plan = DurationPlan(durations: durations)
        guard plan.steps > 0 else { return ([], durations) }
        let hidden = s.decoder.configuration.hiddenSize
        let steps = try s.stepRows(plan.features(encodings: encodings, encoding: stage.encoder.configuration.encoding), steps: plan.steps)
        let session = try decoderSession(positions: 2 + plan.steps)
        func row(previous: Int, step: Int) throws -> [Float] {
            var r = try session.embed([previous])
            for k in 0..<hidden { r[k] += steps[step * hidden + k] }
            return r
        }
        let first = try row(previous: d.beginAudio, step: 0)
        let start: [Float]
        if options.useKVCache {
            try loadPrefix(session, prefix: prefix, voiceTokens: [])
            start = first
        } else {
            start = prefix + first
        }
        let withPhones = s.acoustic.configuration.phones > 0
        var t = 0
        let result = try session.generate(start: start, rows: start.count / hidden, limits: GenerationLimits(maxTokens: plan.steps, allowedRange: 0..<d.speechCodes),
                                          sampling: sampling, seed: options.seed, continuing: options.useKVCache,
                                          nextRow: { try row(previous: $0, step: $1) }) { code in
            try emit(code, withPhones ? symbols[plan.current[t]] : nil)
            t += 1
        }
        return (result.tokens, durations)
    }

    /// The sampling in use: the session's, or the model's recommendation.
    private var sampling: SamplingOptions { options.sampling ?? synthesizer.recommendedSampling }

    /// Puts the part of the sequence that depends only on the voice (the speaker row, the prompt
    /// text) in the session's cache: computed once per voice, then copied from a snapshot for every
    /// segment and request after that.
    private func loadPrefix(_ session: DecoderSession, prefix: [Float], voiceTokens: [Int]) throws {
        let key = PrefixKey(rows: prefix, tokens: voiceTokens)
        if let cached = prefixes[key] {
            try session.cache.load(cached)
        } else {
            session.reset()
            _ = try session.forward(embeddings: prefix + (voiceTokens.isEmpty ? [] : session.embed(voiceTokens)), rows: 1 + voiceTokens.count)
            if prefixOrder.count >= Self.maxCachedPrefixes { prefixes[prefixOrder.removeFirst()] = nil }
            prefixes[key] = session.cache.snapshot()
            prefixOrder.append(key)
        }
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
