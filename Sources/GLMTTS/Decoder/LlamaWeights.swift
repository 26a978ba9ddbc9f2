import CKernels
import Foundation
import ModelStorage

/// How reduced-precision checkpoints are held in memory.
public enum WeightPrecision: Sendable, Equatable {
    /// bf16 matrices are used in place (half the bytes per token); f16 is widened to f32.
    case native
    /// Every matrix is widened to f32 at load (exactly transformers' float32 arithmetic).
    case float32
}

struct LlamaLayerWeights: Sendable {
    let inputNorm: WeightVector
    let q, k, v, o: WeightMatrix
    let qBias, kBias, vBias, oBias: WeightVector?
    let postNorm: WeightVector
    let gate, up, down: WeightMatrix
    let gateBias, upBias, downBias: WeightVector?
}

struct LlamaWeights: Sendable {
    let embed: WeightMatrix
    let layers: [LlamaLayerWeights]
    let norm: WeightVector
    let lmHead: WeightMatrix

    var byteCount: Int {
        let matrices = layers.reduce(0) { $0 + [$1.q, $1.k, $1.v, $1.o, $1.gate, $1.up, $1.down].reduce(0) { $0 + $1.byteCount } }
        return matrices + embed.byteCount + (lmHead.base == embed.base ? 0 : lmHead.byteCount)
    }

    /// Bytes one decode step reads: every layer matrix, the head, one embedding row.
    var bytesPerToken: Int {
        let matrices = layers.reduce(0) { $0 + [$1.q, $1.k, $1.v, $1.o, $1.gate, $1.up, $1.down].reduce(0) { $0 + $1.byteCount } }
        return matrices + lmHead.byteCount
    }
}

/// Finds and checks each tensor a Llama checkpoint must hold, across one or several safetensors files.
struct LlamaCheckpointReader {
    let config: LlamaConfiguration
    let files: [SafetensorsFile]
    let precision: WeightPrecision
    private var index: [String: SafetensorsFile] = [:]

    init(directory: String, config: LlamaConfiguration, precision: WeightPrecision) throws {
        self.config = config
        self.precision = precision
        let fm = FileManager.default
        let indexPath = (directory as NSString).appendingPathComponent("model.safetensors.index.json")
        var names: [String]
        if fm.fileExists(atPath: indexPath) {
            guard let data = fm.contents(atPath: indexPath),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let map = object["weight_map"] as? [String: String]
            else { throw TTSError.invalidModel(file: indexPath, tensor: nil, reason: "not a JSON object with a weight_map of strings") }
            names = Array(Set(map.values)).sorted()
            for name in names where name.contains("/") || name.hasPrefix(".") {
                throw TTSError.invalidModel(file: indexPath, tensor: nil, reason: "weight_map names a file outside the model directory: \(name)")
            }
        } else {
            let listing = (try? fm.contentsOfDirectory(atPath: directory)) ?? []
            names = listing.filter { $0.hasSuffix(".safetensors") }.sorted()
        }
        guard !names.isEmpty else {
            throw TTSError.invalidModel(file: directory, tensor: nil, reason: "no *.safetensors file in the model directory")
        }
        var files: [SafetensorsFile] = []
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            do { files.append(try SafetensorsFile(path: path)) } catch let e as ModelFileError {
                throw TTSError.invalidModel(file: e.file, tensor: e.tensor, reason: e.reason)
            }
        }
        self.files = files
        for file in files {
            for name in file.tensors.keys {
                if let other = index[name] {
                    throw TTSError.invalidModel(file: file.file.path, tensor: name, reason: "also present in \(other.file.path)")
                }
                index[name] = file
            }
        }
    }

    private func locate(_ name: String, shape: [Int]) throws -> (SafetensorsFile, TensorInfo) {
        guard let file = index[name], let info = file.tensors[name] else {
            throw TTSError.invalidModel(file: files.map(\.file.path).joined(separator: ", "), tensor: name, reason: "missing")
        }
        guard info.shape == shape else {
            throw TTSError.invalidModel(file: file.file.path, tensor: name,
                                        reason: "shape \(info.shape), but config.json implies \(shape)")
        }
        return (file, info)
    }

    func has(_ name: String) -> Bool { index[name] != nil }

    func matrix(_ name: String, rows: Int, columns: Int) throws -> WeightMatrix {
        let (file, info) = try locate(name, shape: [rows, columns])
        let raw = file.rawBytes(info)
        let base = raw.baseAddress!
        switch info.dtype {
        case .f32 where Int(bitPattern: base) % 4 == 0:
            return WeightMatrix(precision: .f32, rows: rows, columns: columns, base: base, owner: file)
        case .bf16 where precision == .native && Int(bitPattern: base) % 2 == 0:
            return WeightMatrix(precision: .bf16, rows: rows, columns: columns, base: base, owner: file)
        case .f32, .bf16, .f16:
            let buffer = try widen(raw, info: info, file: file)
            return WeightMatrix(precision: .f32, rows: rows, columns: columns, base: UnsafeRawPointer(buffer.pointer), owner: buffer)
        default:
            throw TTSError.invalidModel(file: file.file.path, tensor: name, reason: "dtype \(info.dtype.rawValue) is not supported (F32, F16 or BF16)")
        }
    }

    func vector(_ name: String, count: Int) throws -> WeightVector {
        let (file, info) = try locate(name, shape: [count])
        guard [.f32, .f16, .bf16].contains(info.dtype) else {
            throw TTSError.invalidModel(file: file.file.path, tensor: name, reason: "dtype \(info.dtype.rawValue) is not supported (F32, F16 or BF16)")
        }
        let buffer = try widen(file.rawBytes(info), info: info, file: file)
        return WeightVector(base: UnsafePointer(buffer.pointer.assumingMemoryBound(to: Float.self)), count: count, owner: buffer)
    }

    func optionalVector(_ name: String, count: Int, required: Bool) throws -> WeightVector? {
        required ? try vector(name, count: count) : nil
    }

    /// Copies a tensor to an owned, aligned f32 buffer.
    private func widen(_ raw: UnsafeRawBufferPointer, info: TensorInfo, file: SafetensorsFile) throws -> WeightBuffer {
        let n = info.elementCount
        let buffer = WeightBuffer(byteCount: n * 4)
        let out = buffer.pointer.assumingMemoryBound(to: Float.self)
        switch info.dtype {
        case .f32:
            UnsafeMutableRawPointer(out).copyMemory(from: raw.baseAddress!, byteCount: n * 4)
        case .bf16, .f16:
            let halves = UnsafeMutablePointer<UInt16>.allocate(capacity: max(n, 1))
            defer { halves.deallocate() }
            UnsafeMutableRawPointer(halves).copyMemory(from: raw.baseAddress!, byteCount: n * 2)
            _ = info.dtype == .bf16 ? gt_bf16_to_f32(out, halves, n) : gt_f16_to_f32(out, halves, n)
        default:
            throw TTSError.invalidModel(file: file.file.path, tensor: info.name, reason: "dtype \(info.dtype.rawValue) is not supported")
        }
        return buffer
    }

    func read() throws -> LlamaWeights {
        let c = config
        let h = c.hiddenSize
        let embed = try matrix("model.embed_tokens.weight", rows: c.vocabSize, columns: h)
        var layers: [LlamaLayerWeights] = []
        for i in 0..<c.numHiddenLayers {
            let p = "model.layers.\(i)."
            layers.append(LlamaLayerWeights(
                inputNorm: try vector(p + "input_layernorm.weight", count: h),
                q: try matrix(p + "self_attn.q_proj.weight", rows: c.queryDim, columns: h),
                k: try matrix(p + "self_attn.k_proj.weight", rows: c.kvDim, columns: h),
                v: try matrix(p + "self_attn.v_proj.weight", rows: c.kvDim, columns: h),
                o: try matrix(p + "self_attn.o_proj.weight", rows: h, columns: c.queryDim),
                qBias: try optionalVector(p + "self_attn.q_proj.bias", count: c.queryDim, required: c.attentionBias),
                kBias: try optionalVector(p + "self_attn.k_proj.bias", count: c.kvDim, required: c.attentionBias),
                vBias: try optionalVector(p + "self_attn.v_proj.bias", count: c.kvDim, required: c.attentionBias),
                oBias: try optionalVector(p + "self_attn.o_proj.bias", count: h, required: c.attentionBias),
                postNorm: try vector(p + "post_attention_layernorm.weight", count: h),
                gate: try matrix(p + "mlp.gate_proj.weight", rows: c.intermediateSize, columns: h),
                up: try matrix(p + "mlp.up_proj.weight", rows: c.intermediateSize, columns: h),
                down: try matrix(p + "mlp.down_proj.weight", rows: h, columns: c.intermediateSize),
                gateBias: try optionalVector(p + "mlp.gate_proj.bias", count: c.intermediateSize, required: c.mlpBias),
                upBias: try optionalVector(p + "mlp.up_proj.bias", count: c.intermediateSize, required: c.mlpBias),
                downBias: try optionalVector(p + "mlp.down_proj.bias", count: h, required: c.mlpBias)))
        }
        let norm = try vector("model.norm.weight", count: h)
        let head = c.tieWordEmbeddings && !has("lm_head.weight")
            ? embed : try matrix("lm_head.weight", rows: c.vocabSize, columns: h)
        return LlamaWeights(embed: embed, layers: layers, norm: norm, lmHead: head)
    }
}
