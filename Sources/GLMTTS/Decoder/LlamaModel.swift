import CKernels
import Foundation
import ModelStorage

/// A Llama-style decoder's immutable weights: shared by any number of sessions on any threads.
/// The per-request state (KV cache, scratch, random generator) lives in `DecoderSession`.
public final class LlamaModel: Sendable {
    public let configuration: LlamaConfiguration
    let weights: LlamaWeights
    /// Where the weights came from: a directory, or "random" for benchmarks.
    public let source: String

    /// Loads a Hugging Face Llama checkpoint as published: `config.json` and one or several
    /// `*.safetensors` files (with `model.safetensors.index.json` when sharded), memory-mapped.
    /// Everything is validated before use; errors name the file and the tensor.
    public init(directory: String, precision: WeightPrecision = .native) throws {
        let config = try LlamaConfiguration.load(path: (directory as NSString).appendingPathComponent("config.json"))
        let reader = try LlamaCheckpointReader(directory: directory, config: config, precision: precision)
        self.configuration = config
        self.weights = try reader.read()
        self.source = directory
    }

    init(configuration: LlamaConfiguration, weights: LlamaWeights, source: String) {
        self.configuration = configuration
        self.weights = weights
        self.source = source
    }

    /// Bytes of weights held (a tied head counted once).
    public var weightBytes: Int { weights.byteCount }
    /// Bytes a one-token decode step reads: the roofline's denominator.
    public var bytesPerToken: Int { weights.bytesPerToken }
    /// Whether the layer matrices are bf16 (else f32).
    public var usesBF16: Bool { weights.layers.first?.q.precision == .bf16 }

    /// A model of the given shape with uniform random weights (scale 0.02 · √3, the usual init's
    /// standard deviation) — for benchmarks, never written to disk. Norm weights are 1.
    public static func random(configuration c: LlamaConfiguration, bf16: Bool = false, seed: UInt64 = 1) throws -> LlamaModel {
        try c.validate(file: "random model configuration")
        var state = seed | 1
        func fillMatrix(rows: Int, columns: Int) -> WeightMatrix {
            let n = rows * columns
            let buffer = WeightBuffer(byteCount: n * (bf16 ? 2 : 4))
            let scale = Float(0.02 * 3.0.squareRoot()) / Float(1 << 23)
            if bf16 {
                let p = buffer.pointer.assumingMemoryBound(to: UInt16.self)
                for i in 0..<n {
                    state ^= state << 13; state ^= state >> 7; state ^= state << 17
                    let f = Float(Int32(truncatingIfNeeded: state >> 40) - (1 << 23)) * scale
                    p[i] = UInt16(truncatingIfNeeded: f.bitPattern >> 16)
                }
            } else {
                let p = buffer.pointer.assumingMemoryBound(to: Float.self)
                for i in 0..<n {
                    state ^= state << 13; state ^= state >> 7; state ^= state << 17
                    p[i] = Float(Int32(truncatingIfNeeded: state >> 40) - (1 << 23)) * scale
                }
            }
            return WeightMatrix(precision: bf16 ? .bf16 : .f32, rows: rows, columns: columns,
                                base: UnsafeRawPointer(buffer.pointer), owner: buffer)
        }
        func ones(_ n: Int) -> WeightVector {
            let buffer = WeightBuffer(byteCount: n * 4)
            let p = buffer.pointer.assumingMemoryBound(to: Float.self)
            p.initialize(repeating: 1, count: n)
            return WeightVector(base: UnsafePointer(p), count: n, owner: buffer)
        }
        let h = c.hiddenSize
        let embed = fillMatrix(rows: c.vocabSize, columns: h)
        let layers = (0..<c.numHiddenLayers).map { _ in
            LlamaLayerWeights(
                inputNorm: ones(h),
                q: fillMatrix(rows: c.queryDim, columns: h), k: fillMatrix(rows: c.kvDim, columns: h),
                v: fillMatrix(rows: c.kvDim, columns: h), o: fillMatrix(rows: h, columns: c.queryDim),
                qBias: nil, kBias: nil, vBias: nil, oBias: nil,
                postNorm: ones(h),
                gate: fillMatrix(rows: c.intermediateSize, columns: h), up: fillMatrix(rows: c.intermediateSize, columns: h),
                down: fillMatrix(rows: h, columns: c.intermediateSize),
                gateBias: nil, upBias: nil, downBias: nil)
        }
        let head = c.tieWordEmbeddings ? embed : fillMatrix(rows: c.vocabSize, columns: h)
        return LlamaModel(configuration: c, weights: LlamaWeights(embed: embed, layers: layers, norm: ones(h), lmHead: head),
                          source: "random")
    }
}
