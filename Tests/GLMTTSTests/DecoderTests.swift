import Foundation
import Testing
@testable import GLMTTS

/// The decoder against transformers' LlamaForCausalLM on tiny random checkpoints
/// (grouped, multi-query and plain heads; tied and untied; f32, bf16, f16; odd sizes with biases;
/// sharded). Logits tolerance: 1e-4 absolute (float32 sums in another order, logits of order 1–10).
@Suite struct DecoderTests {
    @Test(arguments: DecoderFixture.names)
    func lastPositionLogitsMatchTransformers(name: String) throws {
        let f = try DecoderFixture(name)
        let model = try LlamaModel(directory: f.directory)
        let session = DecoderSession(model: model, capacity: 64)
        let logits = try session.forward(tokens: f.prompt)
        #expect(maxAbsDiff(logits, f.logits) < 1e-4, "\(name)")
        #expect(session.cache.count == f.prompt.count)
    }

    @Test(arguments: DecoderFixture.names)
    func greedyTokensMatchWithCacheOnAndOff(name: String) throws {
        let f = try DecoderFixture(name)
        let model = try LlamaModel(directory: f.directory)
        for useCache in [true, false] {
            let session = DecoderSession(model: model, capacity: 64, useCache: useCache)
            let result = try session.generate(DecoderInput(tokens: f.prompt), limits: GenerationLimits(maxTokens: f.greedy.count),
                                              sampling: .greedy, seed: 0)
            #expect(result.tokens == f.greedy, "\(name), cache \(useCache)")
            #expect(!result.stopped)
        }
    }

    @Test func bf16IsMappedNativelyOrWidenedOnRequest() throws {
        let f = try DecoderFixture("gqa_bf16")
        let native = try LlamaModel(directory: f.directory)
        let widened = try LlamaModel(directory: f.directory, precision: .float32)
        #expect(native.usesBF16)
        #expect(!widened.usesBF16)
        #expect(native.bytesPerToken * 2 == widened.bytesPerToken)
        let a = try DecoderSession(model: native).forward(tokens: f.prompt)
        let b = try DecoderSession(model: widened).forward(tokens: f.prompt)
        #expect(maxAbsDiff(a, b) < 1e-4)
    }

    @Test func tiedHeadSharesTheEmbedding() throws {
        let model = try LlamaModel(directory: try DecoderFixture("mha_tied_f32").directory)
        #expect(model.weights.lmHead.base == model.weights.embed.base)
        #expect(model.configuration.tieWordEmbeddings)
    }

    @Test func blockAndStepwiseForwardAgree() throws {
        let f = try DecoderFixture("gqa_f32")
        let model = try LlamaModel(directory: f.directory)
        let stepwise = DecoderSession(model: model)
        var last: [Float] = []
        for t in f.prompt { last = try stepwise.forward(tokens: [t]) }
        #expect(maxAbsDiff(last, f.logits) < 1e-4)
    }

    @Test func embeddingEntryPointEqualsTokenEntryPoint() throws {
        let f = try DecoderFixture("odd_sizes_bias")
        let model = try LlamaModel(directory: f.directory)
        let a = DecoderSession(model: model)
        let rows = try a.embed(f.prompt)
        let viaEmbeddings = try a.forward(embeddings: rows, rows: f.prompt.count)
        #expect(maxAbsDiff(viaEmbeddings, f.logits) < 1e-4)
        // A prefix of embeddings followed by tokens, through generate().
        let b = DecoderSession(model: model)
        let split = DecoderInput(prefixEmbeddings: try b.embed(Array(f.prompt.prefix(2))), tokens: Array(f.prompt.dropFirst(2)))
        let result = try b.generate(split, limits: GenerationLimits(maxTokens: f.greedy.count), sampling: .greedy, seed: 0)
        #expect(result.tokens == f.greedy)
    }

    @Test func kvCacheCountsTrimsResetsAndReportsBytes() throws {
        let f = try DecoderFixture("gqa_f32")
        let model = try LlamaModel(directory: f.directory)
        let session = DecoderSession(model: model, capacity: 10)
        let c = model.configuration
        #expect(session.cache.capacity == 10)
        #expect(session.cache.byteCount == 2 * c.numHiddenLayers * 10 * c.kvDim * 4)
        _ = try session.forward(tokens: f.prompt)
        #expect(session.cache.count == 5)
        session.cache.trim(to: 2)
        #expect(session.cache.count == 2)
        // Continuing from a trimmed cache equals running the whole sequence again.
        let continued = try session.forward(tokens: Array(f.prompt.dropFirst(2)))
        #expect(maxAbsDiff(continued, f.logits) < 1e-4)
        session.reset()
        #expect(session.cache.count == 0)
    }

    @Test func prefixSnapshotSeedsOtherSessions() throws {
        let f = try DecoderFixture("gqa_f32")
        let model = try LlamaModel(directory: f.directory)
        let voice = DecoderSession(model: model)
        _ = try voice.forward(tokens: Array(f.prompt.prefix(3)))
        let prefix = voice.cache.snapshot()
        #expect(prefix.count == 3)
        let other = DecoderSession(model: model)
        try other.cache.load(prefix)
        let logits = try other.forward(tokens: Array(f.prompt.dropFirst(3)))
        #expect(maxAbsDiff(logits, f.logits) < 1e-4)
        // The copy is independent: changing one session leaves the other's cache as it was.
        voice.reset()
        _ = try voice.forward(tokens: [1, 2, 3, 4, 5, 6])
        #expect(other.cache.count == 5)
        let wrong = DecoderSession(model: try LlamaModel(directory: try DecoderFixture("odd_sizes_bias").directory))
        #expect(throws: TTSError.self) { try wrong.cache.load(prefix) }
    }

    @Test func generationPastCapacityIsATypedError() throws {
        let f = try DecoderFixture("gqa_f32")
        let session = DecoderSession(model: try LlamaModel(directory: f.directory), capacity: 8)
        #expect(throws: TTSError.kvCacheFull(capacity: 8)) {
            try session.generate(DecoderInput(tokens: f.prompt), limits: GenerationLimits(maxTokens: 4), sampling: .greedy, seed: 0)
        }
        _ = try session.forward(tokens: f.prompt)
        #expect(throws: TTSError.kvCacheFull(capacity: 8)) { try session.forward(tokens: [1, 2, 3, 4]) }
        #expect(session.cache.count == 5)
    }

    @Test func tokenIdsOutOfRangeAreNamed() throws {
        let session = DecoderSession(model: try LlamaModel(directory: try DecoderFixture("gqa_f32").directory))
        do {
            _ = try session.forward(tokens: [1, 64])
            Issue.record("expected an error")
        } catch let error as TTSError {
            #expect("\(error)".contains("64") && "\(error)".contains("index 1"))
        }
        #expect(throws: TTSError.self) { try session.forward(tokens: [-1]) }
        #expect(throws: TTSError.self) { try session.forward(tokens: []) }
    }

    @Test func stopTokensEndGenerationAndMinimumLengthMasksThem() throws {
        let f = try DecoderFixture("gqa_f32")
        let model = try LlamaModel(directory: f.directory)
        let stop = f.greedy[3]
        let session = DecoderSession(model: model)
        let result = try session.generate(DecoderInput(tokens: f.prompt), limits: GenerationLimits(maxTokens: 12, stopTokens: [stop]),
                                          sampling: .greedy, seed: 0)
        let firstStop = f.greedy.firstIndex(of: stop)!
        #expect(result.stopped)
        #expect(result.tokens == Array(f.greedy.prefix(firstStop)))
        // Allowed range: only ids 0..<8 may come out.
        let ranged = try session.generate(DecoderInput(tokens: f.prompt), limits: GenerationLimits(minTokens: 6, maxTokens: 6, stopTokens: [63], allowedRange: 0..<8),
                                          sampling: .ras, seed: 9)
        #expect(ranged.tokens.count == 6)
        #expect(ranged.tokens.allSatisfy { (0..<8).contains($0) })
    }
}
