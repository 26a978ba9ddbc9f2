/// The result of a generation.
public struct GenerationResult: Sendable, Equatable {
    public var tokens: [Int]
    /// True when a stop token ended it; false when it reached `maxTokens` (the caller should warn).
    public var stopped: Bool
}

extension DecoderSession {
    /// Generates after `input`: prefill, then one token per step. With the cache on, each step runs
    /// one position; with it off, each step recomputes the whole sequence from scratch.
    ///
    /// `onToken` sees each token as it is chosen (streaming renders audio from it); a throw stops
    /// the generation. With `continuing`, `input` follows what the cache already holds (a voice
    /// prefix loaded from a snapshot) instead of starting a new sequence; it needs the cache on.
    public func generate(_ input: DecoderInput, limits: GenerationLimits, sampling: SamplingOptions, seed: UInt64,
                         continuing: Bool = false, onToken: (Int) throws -> Void = { _ in }) throws -> GenerationResult {
        let hidden = model.configuration.hiddenSize
        guard input.prefixEmbeddings.count % hidden == 0 else {
            throw TTSError.invalidArgument(name: "prefix embeddings", reason: "\(input.prefixEmbeddings.count) values is not a multiple of hidden size \(hidden)")
        }
        let prefixRows = input.prefixEmbeddings.count / hidden
        let total = prefixRows + input.tokens.count
        guard total >= 1 else { throw TTSError.invalidArgument(name: "decoder input", reason: "empty") }
        let prompt = try input.tokens.isEmpty ? [] : embed(input.tokens)
        return try generate(start: input.prefixEmbeddings + prompt, rows: total, limits: limits, sampling: sampling, seed: seed,
                            continuing: continuing, nextRow: { token, _ in try self.embed([token]) }, onToken: onToken)
    }

    /// Generates after the input rows `start` (`[rows, hidden]`), where the row that follows each
    /// chosen token comes from `nextRow(token, step)` (`step`: the index of the token that row
    /// predicts, 1 for the row after the first token). With the cache on, each step runs that one
    /// row; with it off, each step recomputes `start` and every row so far. `generate(_:…)` is this
    /// with the token's embedding as the next row; the duration layout adds a per-step term to it.
    public func generate(start: [Float], rows: Int, limits: GenerationLimits, sampling: SamplingOptions, seed: UInt64,
                         continuing: Bool = false, nextRow: (_ token: Int, _ step: Int) throws -> [Float],
                         onToken: (Int) throws -> Void = { _ in }) throws -> GenerationResult {
        precondition(!continuing || useCache, "continuing a cached prefix needs the KV cache on")
        try sampling.validate()
        guard limits.maxTokens >= 0, limits.minTokens >= 0, limits.minTokens <= limits.maxTokens else {
            throw TTSError.invalidArgument(name: "generation limits", reason: "need 0 ≤ min (\(limits.minTokens)) ≤ max (\(limits.maxTokens))")
        }
        let hidden = model.configuration.hiddenSize
        guard rows >= 1, start.count == rows * hidden else {
            throw TTSError.invalidArgument(name: "decoder input", reason: "\(start.count) values for \(rows) rows of \(hidden)")
        }
        let held = continuing ? cache.count : 0
        guard held + rows + limits.maxTokens <= cache.capacity else {
            throw TTSError.kvCacheFull(capacity: cache.capacity)
        }
        var sampler = TokenSampler(options: sampling, seed: seed)
        var generated: [Int] = []
        // With the cache off: every row after `start`, for the recomputation.
        var appended: [Float] = []
        if !continuing { reset() }
        var logits = try forward(embeddings: start, rows: rows)
        while generated.count < limits.maxTokens {
            TokenSampler.mask(&logits, limits: limits, generated: generated.count)
            let token = sampler.next(logits: logits, history: generated)
            if limits.stopTokens.contains(token) { return GenerationResult(tokens: generated, stopped: true) }
            generated.append(token)
            try onToken(token)
            if generated.count == limits.maxTokens { break }
            let row = try nextRow(token, generated.count)
            guard row.count == hidden else {
                throw TTSError.invalidArgument(name: "decoder input", reason: "a step row of \(row.count) values, hidden size \(hidden)")
            }
            if useCache {
                logits = try forward(embeddings: row, rows: 1)
            } else {
                appended += row
                reset()
                logits = try forward(embeddings: start + appended, rows: rows + generated.count)
            }
        }
        return GenerationResult(tokens: generated, stopped: false)
    }
}
