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
        precondition(!continuing || useCache, "continuing a cached prefix needs the KV cache on")
        try sampling.validate()
        guard limits.maxTokens >= 0, limits.minTokens >= 0, limits.minTokens <= limits.maxTokens else {
            throw TTSError.invalidArgument(name: "generation limits", reason: "need 0 ≤ min (\(limits.minTokens)) ≤ max (\(limits.maxTokens))")
        }
        let hidden = model.configuration.hiddenSize
        guard input.prefixEmbeddings.count % hidden == 0 else {
            throw TTSError.invalidArgument(name: "prefix embeddings", reason: "\(input.prefixEmbeddings.count) values is not a multiple of hidden size \(hidden)")
        }
        let prefixRows = input.prefixEmbeddings.count / hidden
        let total = prefixRows + input.tokens.count
        guard total >= 1 else { throw TTSError.invalidArgument(name: "decoder input", reason: "empty") }
        let held = continuing ? cache.count : 0
        guard held + total + limits.maxTokens <= cache.capacity else {
            throw TTSError.kvCacheFull(capacity: cache.capacity)
        }
        let prompt = try input.tokens.isEmpty ? [] : embed(input.tokens)
        let start = input.prefixEmbeddings + prompt

        var sampler = TokenSampler(options: sampling, seed: seed)
        var generated: [Int] = []
        if !continuing { reset() }
        var logits = try forward(embeddings: start, rows: total)
        while generated.count < limits.maxTokens {
            TokenSampler.mask(&logits, limits: limits, generated: generated.count)
            let token = sampler.next(logits: logits, history: generated)
            if limits.stopTokens.contains(token) { return GenerationResult(tokens: generated, stopped: true) }
            generated.append(token)
            try onToken(token)
            if generated.count == limits.maxTokens { break }
            if useCache {
                logits = try forward(tokens: [token])
            } else {
                reset()
                logits = try forward(embeddings: start + embed(generated), rows: total + generated.count)
            }
        }
        return GenerationResult(tokens: generated, stopped: false)
    }
}
