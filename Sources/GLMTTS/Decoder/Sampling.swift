import Foundation

/// How the next token is chosen from the logits.
public struct SamplingOptions: Sendable, Equatable {
    /// 0 chooses greedily (the most probable token; the lowest id on ties).
    public var temperature: Float
    /// Keep at most this many of the most probable tokens (0: no limit).
    public var topK: Int
    /// Keep the most probable tokens while their cumulative probability is below this (1: no limit).
    public var topP: Double
    /// Repetition-aware sampling (RAS): when the drawn token occurs at least
    /// `max(1, window · repetitionRatio)` times in the last `window` generated tokens, redraw from
    /// the full distribution. 0 turns it off.
    public var repetitionWindow: Int
    public var repetitionRatio: Float

    public init(temperature: Float = 1, topK: Int = 0, topP: Double = 1, repetitionWindow: Int = 0, repetitionRatio: Float = 0.1) {
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.repetitionWindow = repetitionWindow
        self.repetitionRatio = repetitionRatio
    }

    public static let greedy = SamplingOptions(temperature: 0)
    /// GLM-TTS's default: nucleus 0.8 capped at 25 candidates, redrawn when repeated in the last 10.
    public static let ras = SamplingOptions(temperature: 1, topK: 25, topP: 0.8, repetitionWindow: 10, repetitionRatio: 0.1)

    public func validate() throws {
        guard temperature >= 0, temperature.isFinite else { throw TTSError.invalidArgument(name: "temperature", reason: "must be ≥ 0, got \(temperature)") }
        guard topK >= 0 else { throw TTSError.invalidArgument(name: "top-k", reason: "must be ≥ 0, got \(topK)") }
        guard topP > 0, topP <= 1 else { throw TTSError.invalidArgument(name: "top-p", reason: "must be in (0, 1], got \(topP)") }
        guard repetitionWindow >= 0 else { throw TTSError.invalidArgument(name: "repetition window", reason: "must be ≥ 0") }
    }
}

/// Limits of one generation.
public struct GenerationLimits: Sendable, Equatable {
    /// Tokens to generate at least (stop tokens are masked before) and at most.
    public var minTokens: Int
    public var maxTokens: Int
    /// Tokens that end the generation; not included in the result.
    public var stopTokens: Set<Int>
    /// Only ids in this range (plus the stop tokens) may be generated, e.g. the speech tokens.
    public var allowedRange: Range<Int>?

    public init(minTokens: Int = 0, maxTokens: Int, stopTokens: Set<Int> = [], allowedRange: Range<Int>? = nil) {
        self.minTokens = minTokens
        self.maxTokens = maxTokens
        self.stopTokens = stopTokens
        self.allowedRange = allowedRange
    }
}

/// Chooses tokens from logits. Arithmetic is in Double, and ties are broken by the lower id, so the
/// same logits and seed give the same token everywhere.
public struct TokenSampler: Sendable {
    public let options: SamplingOptions
    public private(set) var generator: SeededGenerator

    public init(options: SamplingOptions, seed: UInt64) {
        self.options = options
        self.generator = SeededGenerator(seed: seed)
    }

    /// Sets logits outside the allowed ids (and stop tokens before the minimum length) to −∞.
    public static func mask(_ logits: inout [Float], limits: GenerationLimits, generated: Int) {
        if let range = limits.allowedRange {
            for i in logits.indices where !range.contains(i) && !limits.stopTokens.contains(i) { logits[i] = -.infinity }
        }
        if generated < limits.minTokens {
            for t in limits.stopTokens where logits.indices.contains(t) { logits[t] = -.infinity }
        }
    }

    /// The next token given the logits and the tokens generated so far.
    public mutating func next(logits: [Float], history: [Int]) -> Int {
        if options.temperature == 0 { return Self.argmax(logits) }
        let probabilities = Self.softmax(logits, temperature: options.temperature)
        var token = draw(Self.nucleus(probabilities, topK: options.topK, topP: options.topP))
        if options.repetitionWindow > 0 {
            let recent = history.suffix(options.repetitionWindow)
            let repeats = recent.reduce(0) { $0 + ($1 == token ? 1 : 0) }
            let threshold = max(1, Int((Float(options.repetitionWindow) * options.repetitionRatio).rounded(.up)))
            if repeats >= threshold {
                let all = probabilities.enumerated().filter { $0.element > 0 }.map { (id: $0.offset, p: $0.element) }
                token = draw(all)
            }
        }
        return token
    }

    public static func argmax(_ logits: [Float]) -> Int {
        var best = 0
        for i in logits.indices where logits[i] > logits[best] { best = i }
        return best
    }

    static func softmax(_ logits: [Float], temperature: Float) -> [Double] {
        let t = Double(temperature)
        let m = Double(logits.max() ?? 0)
        var p = logits.map { $0 == -.infinity ? 0 : Foundation.exp((Double($0) - m) / t) }
        let z = p.reduce(0, +)
        for i in p.indices { p[i] /= z }
        return p
    }

    /// The candidates kept by top-k and top-p, most probable first (lower id first on ties): tokens
    /// are added while the cumulative probability before them is below `topP`.
    static func nucleus(_ p: [Double], topK: Int, topP: Double) -> [(id: Int, p: Double)] {
        let sorted = p.enumerated().filter { $0.element > 0 }
            .sorted { $0.element != $1.element ? $0.element > $1.element : $0.offset < $1.offset }
        var kept: [(id: Int, p: Double)] = []
        var cumulative = 0.0
        for (id, q) in sorted {
            if topK > 0 && kept.count >= topK { break }
            if !kept.isEmpty && cumulative >= topP { break }
            kept.append((id, q))
            cumulative += q
        }
        return kept
    }

    /// A draw proportional to the candidates' probabilities.
    mutating func draw(_ candidates: [(id: Int, p: Double)]) -> Int {
        precondition(!candidates.isEmpty, "no token can be drawn: every logit is masked")
        let total = candidates.reduce(0) { $0 + $1.p }
        let u = generator.nextUnit() * total
        var cumulative = 0.0
        for c in candidates {
            cumulative += c.p
            if u < cumulative { return c.id }
        }
        return candidates[candidates.count - 1].id
    }
}
