/// Renders one segment's speech tokens to samples as they arrive, so that the chunks concatenated
/// equal rendering the whole segment at once: each chunk is computed with enough tokens and mel
/// frames of context on both sides (the acoustic stage's and the upsampler's receptive fields) that
/// the samples it emits can no longer change.
struct ChunkRenderer {
    let acoustic: AcousticStage
    let upsampler: Upsampler
    let speaker: [Float]
    /// Mel frames rendered at least in the next chunk (except the last): `minimumFrames` for the first,
    /// so that audio starts soon, then doubling up to `maximumFrames`, because every chunk recomputes
    /// its context on both sides (about 64 frames for the bundled acoustic stage) and small chunks
    /// would spend most of their time on it.
    private(set) var chunkFrames: Int
    let maximumFrames: Int
    private(set) var codes: [Int] = []
    /// The spoken symbol of each token, for an acoustic stage with `phones` (empty otherwise).
    private(set) var phones: [Int] = []
    /// Mel frames whose samples have been emitted.
    private(set) var emittedFrames = 0
    /// Seconds spent in each stage so far.
    private(set) var acousticSeconds = 0.0
    private(set) var upsamplerSeconds = 0.0

    init(acoustic: AcousticStage, upsampler: Upsampler, speaker: [Float], minimumFrames: Int = 10, maximumFrames: Int = 320) {
        precondition(minimumFrames >= 1 && maximumFrames >= minimumFrames)
        self.acoustic = acoustic
        self.upsampler = upsampler
        self.speaker = speaker
        chunkFrames = minimumFrames
        self.maximumFrames = maximumFrames
    }

    private var tokenContext: Int { (acoustic.configuration.contextFrames + 1) / 2 + 1 }
    private var frameContext: Int { upsampler.configuration.contextFrames }

    /// Adds a token (with its spoken symbol when the acoustic stage takes phones); returns samples
    /// that became final, if any.
    mutating func append(_ code: Int, phone: Int? = nil) throws -> [Float] {
        guard (phone != nil) == (acoustic.configuration.phones > 0) else {
            throw TTSError.invalidArgument(name: "phone", reason: phone == nil ? "this acoustic stage needs the spoken symbol of each token"
                                                                              : "this acoustic stage takes no phones")
        }
        codes.append(code)
        if let phone { phones.append(phone) }
        let ready = 2 * (codes.count - tokenContext) - frameContext
        guard ready - emittedFrames >= chunkFrames else { return [] }
        chunkFrames = min(maximumFrames, 2 * chunkFrames)
        return try render(upTo: ready, final: false)
    }

    /// The segment ended: the rest of its samples.
    mutating func finish() throws -> [Float] {
        guard !codes.isEmpty, emittedFrames < 2 * codes.count else { return [] }
        return try render(upTo: 2 * codes.count, final: true)
    }

    /// Samples of mel frames emittedFrames..<end.
    private mutating func render(upTo end: Int, final: Bool) throws -> [Float] {
        let totalFrames = 2 * codes.count
        let m0 = max(0, emittedFrames - frameContext)
        let m1 = final ? totalFrames : min(totalFrames, end + frameContext)
        let t0 = max(0, m0 / 2 - tokenContext)
        let t1 = final ? codes.count : min(codes.count, (m1 + 1) / 2 + tokenContext)
        let clock = ContinuousClock.now
        let melWindow = try acoustic.mel(codes: Array(codes[t0..<t1]), phones: phones.isEmpty ? nil : Array(phones[t0..<t1]), speaker: speaker)
        let melDone = ContinuousClock.now
        acousticSeconds += (melDone - clock).inSeconds
        let bins = acoustic.configuration.melBins
        let windowFrames = 2 * (t1 - t0)
        let frames = m1 - m0
        var mel = [Float](repeating: 0, count: bins * frames)
        for b in 0..<bins {
            for f in 0..<frames { mel[b * frames + f] = melWindow[b * windowFrames + (m0 - 2 * t0) + f] }
        }
        let samples = try upsampler.render(mel: mel, frames: frames)
        upsamplerSeconds += (ContinuousClock.now - melDone).inSeconds
        let spf = upsampler.samplesPerFrame
        let from = (emittedFrames - m0) * spf, to = (end - m0) * spf
        emittedFrames = end
        return Array(samples[from..<to])
    }
}

/// Joins segments with a linear cross-fade, holding back each segment's tail until the next
/// segment's head is known; offline and streaming synthesis both go through it.
struct SegmentJoiner {
    let fadeSamples: Int
    private var tail: [Float] = []
    private var headToMix: Int = 0
    private var startedSegment = false

    init(fadeSamples: Int) { self.fadeSamples = fadeSamples }

    /// Starts a new segment: the next samples overlap the previous segment's held tail.
    mutating func beginSegment() {
        headToMix = tail.count
        startedSegment = true
    }

    /// Samples of the current segment; returns what can be emitted now.
    mutating func add(_ samples: [Float]) -> [Float] {
        var out: [Float] = []
        var input = samples[...]
        if headToMix > 0 {
            let n = min(headToMix, input.count)
            let fadeStart = tail.count - headToMix
            for i in 0..<n {
                let w = Float(fadeStart + i + 1) / Float(tail.count + 1)
                out.append(tail[fadeStart + i] * (1 - w) + input[input.startIndex + i] * w)
            }
            headToMix -= n
            input = input.dropFirst(n)
            if headToMix == 0 { tail.removeAll() }
            if input.isEmpty { return out }
        }
        // Keep the last fadeSamples back for the next segment's cross-fade.
        tail += input
        if tail.count > fadeSamples {
            out += tail.prefix(tail.count - fadeSamples)
            tail.removeFirst(tail.count - fadeSamples)
        }
        return out
    }

    /// No more segments: the held tail.
    mutating func finish() -> [Float] {
        defer { tail.removeAll() }
        return tail
    }
}
