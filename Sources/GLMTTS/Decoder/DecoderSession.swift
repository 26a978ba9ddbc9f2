import CKernels

/// What the decoder reads before generating: optional precomputed input embeddings (a style prefix,
/// `[count, hidden]` row-major), then token ids.
public struct DecoderInput: Sendable, Equatable {
    public var prefixEmbeddings: [Float]
    public var tokens: [Int]
    public init(prefixEmbeddings: [Float] = [], tokens: [Int]) {
        self.prefixEmbeddings = prefixEmbeddings
        self.tokens = tokens
    }
}

/// One request's decoder state: the KV cache and scratch buffers over a shared `LlamaModel`.
/// Not shareable between threads; make one per request (they are cheap next to the model).
public final class DecoderSession {
    public let model: LlamaModel
    public let cache: KVCache
    /// With the cache off, every step recomputes the whole sequence (the path benchmarks compare).
    public var useCache: Bool
    private var scratch = Scratch()

    public init(model: LlamaModel, capacity: Int? = nil, useCache: Bool = true) {
        let c = model.configuration
        self.model = model
        self.cache = KVCache(layers: c.numHiddenLayers, capacity: capacity ?? min(c.maxPositionEmbeddings, 4096), kvDim: c.kvDim)
        self.useCache = useCache
    }

    /// Forgets the sequence.
    public func reset() { cache.reset() }

    /// Runs `tokens` after what the cache holds and returns the logits of the last position.
    public func forward(tokens: [Int]) throws -> [Float] {
        try forward(embeddings: try embed(tokens), rows: tokens.count)
    }

    /// Runs precomputed input embeddings `[rows, hidden]` after what the cache holds.
    public func forward(embeddings: [Float], rows: Int) throws -> [Float] {
        let h = model.configuration.hiddenSize
        guard rows >= 1, embeddings.count == rows * h else {
            throw TTSError.invalidArgument(name: "embeddings", reason: "\(embeddings.count) values for \(rows) rows of \(h)")
        }
        guard rows <= cache.capacity - cache.count else { throw TTSError.kvCacheFull(capacity: cache.capacity) }
        return try embeddings.withUnsafeBufferPointer { try run($0.baseAddress!, rows: rows) }
    }

    /// Embedding rows for token ids; ids outside the vocabulary are an error that names them.
    func embed(_ tokens: [Int]) throws -> [Float] {
        let c = model.configuration
        guard !tokens.isEmpty else { throw TTSError.invalidArgument(name: "tokens", reason: "no tokens given") }
        if let bad = tokens.firstIndex(where: { $0 < 0 || $0 >= c.vocabSize }) {
            throw TTSError.invalidArgument(name: "token id", reason: "\(tokens[bad]) at index \(bad) is outside the vocabulary 0…\(c.vocabSize - 1)")
        }
        var x = [Float](repeating: 0, count: tokens.count * c.hiddenSize)
        x.withUnsafeMutableBufferPointer { p in
            for (i, t) in tokens.enumerated() { model.weights.embed.copyRow(t, to: p.baseAddress! + i * c.hiddenSize) }
        }
        return x
    }

    /// The transformer over `rows` new positions starting at cache.count; logits of the last one.
    private func run(_ input: UnsafePointer<Float>, rows n: Int) throws -> [Float] {
        let c = model.configuration
        let w = model.weights
        let hidden = c.hiddenSize, inter = c.intermediateSize
        let past = cache.count
        let s = scratch.prepare(config: c, rows: n, context: past + n)
        s.x.update(from: input, count: n * hidden)
        for i in 0..<n { s.positions[i] = Int32(past + i) }

        for (l, layer) in w.layers.enumerated() {
            try check(gt_rmsnorm_f32(s.h, s.x, layer.inputNorm.base, Int32(n), Int32(hidden), c.rmsNormEps), "gt_rmsnorm_f32")
            layer.q.apply(s.q, s.h, tokens: n, bias: layer.qBias?.base, workspace: s.linear)
            layer.k.apply(s.k, s.h, tokens: n, bias: layer.kBias?.base, workspace: s.linear)
            layer.v.apply(s.v, s.h, tokens: n, bias: layer.vBias?.base, workspace: s.linear)
            try check(gt_rope_f32(s.q, s.positions, Int32(n), Int32(c.numAttentionHeads), Int32(c.headDim), c.ropeTheta), "gt_rope_f32")
            try check(gt_rope_f32(s.k, s.positions, Int32(n), Int32(c.numKeyValueHeads), Int32(c.headDim), c.ropeTheta), "gt_rope_f32")
            try cache.append(layer: l, keys: s.k, values: s.v, rows: n)
            if n == 1 {
                try check(gt_attention_decode_f32(s.attention, s.q, cache.layerKeys(l), cache.layerValues(l), Int32(past + 1),
                                                  Int32(c.numAttentionHeads), Int32(c.numKeyValueHeads), Int32(c.headDim), s.attentionWork),
                          "gt_attention_decode_f32")
            } else {
                try check(gt_attention_prefill_f32(s.attention, s.q, cache.layerKeys(l), cache.layerValues(l), Int32(past), Int32(n),
                                                   Int32(c.numAttentionHeads), Int32(c.numKeyValueHeads), Int32(c.headDim), s.attentionWork),
                          "gt_attention_prefill_f32")
            }
            layer.o.apply(s.h, s.attention, tokens: n, bias: layer.oBias?.base, workspace: s.linear)
            add(s.x, s.h, n * hidden)
            try check(gt_rmsnorm_f32(s.h, s.x, layer.postNorm.base, Int32(n), Int32(hidden), c.rmsNormEps), "gt_rmsnorm_f32")
            layer.gate.apply(s.gate, s.h, tokens: n, bias: layer.gateBias?.base, workspace: s.linear)
            layer.up.apply(s.up, s.h, tokens: n, bias: layer.upBias?.base, workspace: s.linear)
            try check(gt_swiglu_f32(s.gate, s.gate, s.up, n * inter), "gt_swiglu_f32")
            layer.down.apply(s.h, s.gate, tokens: n, bias: layer.downBias?.base, workspace: s.linear)
            add(s.x, s.h, n * hidden)
        }
        cache.commit(n)
        let last = s.x + (n - 1) * hidden
        try check(gt_rmsnorm_f32(s.h, last, w.norm.base, 1, Int32(hidden), c.rmsNormEps), "gt_rmsnorm_f32")
        var logits = [Float](repeating: 0, count: c.vocabSize)
        logits.withUnsafeMutableBufferPointer { out in
            w.lmHead.apply(out.baseAddress!, s.h, tokens: 1, bias: nil, workspace: s.linear)
        }
        return logits
    }

    @inline(__always)
    private func add(_ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ n: Int) {
        for i in 0..<n { y[i] += x[i] }
    }

    @inline(__always)
    private func check(_ status: Int32, _ name: String) throws { try Kernels.check(status, name) }

    /// Bytes held by this session: the KV cache and the scratch buffers.
    public var byteCount: Int { cache.byteCount + scratch.byteCount }
}

/// Activation buffers, grown to the largest block seen and reused across steps.
private final class Scratch {
    private var storage: UnsafeMutablePointer<Float>?
    private var floats = 0
    private var rows = 0, context = 0
    var x, h, q, k, v, attention, gate, up, attentionWork, linear: UnsafeMutablePointer<Float>!
    var positions: UnsafeMutablePointer<Int32>!
    private var positionStorage: UnsafeMutablePointer<Int32>?

    var byteCount: Int { floats * 4 + rows * 4 }

    deinit {
        storage?.deallocate()
        positionStorage?.deallocate()
    }

    func prepare(config c: LlamaConfiguration, rows n: Int, context ctx: Int) -> Scratch {
        if n <= rows && ctx <= context { return self }
        // Grow geometrically, each dimension only when it must, so a growing sequence reallocates
        // O(log n) times.
        let newRows = n > rows ? max(n, rows * 2) : rows
        let newContext = ctx > context ? max(ctx, context * 2, 64) : context
        let sizes = [
            newRows * c.hiddenSize, newRows * c.hiddenSize, newRows * c.queryDim, newRows * c.kvDim, newRows * c.kvDim,
            newRows * c.queryDim, newRows * c.intermediateSize, newRows * c.intermediateSize,
            max(gt_attention_prefill_workspace_floats(Int32(newContext - 1), Int32(newRows)),
                gt_attention_decode_workspace_floats(Int32(newContext), Int32(c.numAttentionHeads))),
            gt_linear_bf16_workspace_floats(Int32(max(c.hiddenSize, c.intermediateSize, c.queryDim))),
        ].map { ($0 + 15) & ~15 }
        storage?.deallocate()
        positionStorage?.deallocate()
        floats = sizes.reduce(0, +)
        let base = UnsafeMutablePointer<Float>.allocate(capacity: floats)
        base.initialize(repeating: 0, count: floats)
        storage = base
        var offsets: [UnsafeMutablePointer<Float>] = []
        var at = base
        for size in sizes { offsets.append(at); at += size }
        (x, h, q, k, v, attention, gate, up, attentionWork, linear) =
            (offsets[0], offsets[1], offsets[2], offsets[3], offsets[4], offsets[5], offsets[6], offsets[7], offsets[8], offsets[9])
        positionStorage = .allocate(capacity: newRows)
        positions = positionStorage
        rows = newRows
        context = newContext
        return self
    }
}
