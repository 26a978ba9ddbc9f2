import Foundation
import ModelStorage

/// The fields of a Hugging Face Llama `config.json` that the decoder needs.
public struct LlamaConfiguration: Sendable, Equatable, Decodable {
    public var hiddenSize: Int
    public var numHiddenLayers: Int
    public var numAttentionHeads: Int
    public var numKeyValueHeads: Int
    public var headDim: Int
    public var intermediateSize: Int
    public var vocabSize: Int
    public var ropeTheta: Float
    public var rmsNormEps: Float
    public var maxPositionEmbeddings: Int
    public var tieWordEmbeddings: Bool
    public var attentionBias: Bool
    public var mlpBias: Bool

    public init(hiddenSize: Int, numHiddenLayers: Int, numAttentionHeads: Int, numKeyValueHeads: Int,
                headDim: Int? = nil, intermediateSize: Int, vocabSize: Int, ropeTheta: Float = 10000,
                rmsNormEps: Float = 1e-6, maxPositionEmbeddings: Int = 4096, tieWordEmbeddings: Bool = false,
                attentionBias: Bool = false, mlpBias: Bool = false) {
        self.hiddenSize = hiddenSize
        self.numHiddenLayers = numHiddenLayers
        self.numAttentionHeads = numAttentionHeads
        self.numKeyValueHeads = numKeyValueHeads
        self.headDim = headDim ?? (numAttentionHeads > 0 ? hiddenSize / numAttentionHeads : 0)
        self.intermediateSize = intermediateSize
        self.vocabSize = vocabSize
        self.ropeTheta = ropeTheta
        self.rmsNormEps = rmsNormEps
        self.maxPositionEmbeddings = maxPositionEmbeddings
        self.tieWordEmbeddings = tieWordEmbeddings
        self.attentionBias = attentionBias
        self.mlpBias = mlpBias
    }

    /// GLM-TTS's decoder: 28 layers, hidden 2048, 16 query and 4 key/value heads of 128, MLP 6144,
    /// vocabulary 98304, RoPE theta 10000, tied embeddings (1.55 B parameters).
    public static let glmTTS = LlamaConfiguration(
        hiddenSize: 2048, numHiddenLayers: 28, numAttentionHeads: 16, numKeyValueHeads: 4, headDim: 128,
        intermediateSize: 6144, vocabSize: 98304, ropeTheta: 10000, rmsNormEps: 1e-5,
        maxPositionEmbeddings: 32768, tieWordEmbeddings: true)

    public var kvDim: Int { numKeyValueHeads * headDim }
    public var queryDim: Int { numAttentionHeads * headDim }

    /// Parameters, counting a tied head once.
    public var parameterCount: Int {
        let attention = hiddenSize * queryDim * 2 + hiddenSize * kvDim * 2
        let mlp = 3 * hiddenSize * intermediateSize
        let layer = attention + mlp + 2 * hiddenSize
        return numHiddenLayers * layer + vocabSize * hiddenSize * (tieWordEmbeddings ? 1 : 2) + hiddenSize
    }

    enum CodingKeys: String, CodingKey {
        case hiddenSize = "hidden_size", numHiddenLayers = "num_hidden_layers"
        case numAttentionHeads = "num_attention_heads", numKeyValueHeads = "num_key_value_heads"
        case headDim = "head_dim", intermediateSize = "intermediate_size", vocabSize = "vocab_size"
        case ropeTheta = "rope_theta", rmsNormEps = "rms_norm_eps"
        case maxPositionEmbeddings = "max_position_embeddings", tieWordEmbeddings = "tie_word_embeddings"
        case attentionBias = "attention_bias", mlpBias = "mlp_bias"
        case ropeParameters = "rope_parameters", ropeScaling = "rope_scaling", hiddenAct = "hidden_act"
    }

    /// transformers ≥ 5 writes `rope_parameters: {rope_theta, rope_type}`; older files a top-level
    /// `rope_theta` and an optional `rope_scaling`.
    struct RopeParameters: Decodable {
        var ropeTheta: Float?
        var ropeType: String?
        enum CodingKeys: String, CodingKey { case ropeTheta = "rope_theta", ropeType = "rope_type", type }
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            ropeTheta = try c.decodeIfPresent(Float.self, forKey: .ropeTheta)
            ropeType = try c.decodeIfPresent(String.self, forKey: .ropeType) ?? c.decodeIfPresent(String.self, forKey: .type)
        }
    }

    /// What `config.json` asks for that this decoder does not implement, if anything.
    static func unsupportedFeature(in data: Data) -> String? {
        struct Extras: Decodable {
            var hidden_act: String?
            var rope_parameters: RopeParameters?
            var rope_scaling: RopeParameters?
        }
        guard let extras = try? JSONDecoder().decode(Extras.self, from: data) else { return nil }
        if let act = extras.hidden_act, act != "silu" { return "hidden_act \(act) (only silu is supported)" }
        for rope in [extras.rope_parameters, extras.rope_scaling].compactMap({ $0 }) {
            if let type = rope.ropeType, type != "default" { return "rope type \(type) (only the default rotary embedding is supported)" }
        }
        return nil
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let hidden = try c.decode(Int.self, forKey: .hiddenSize)
        let heads = try c.decode(Int.self, forKey: .numAttentionHeads)
        self.init(
            hiddenSize: hidden,
            numHiddenLayers: try c.decode(Int.self, forKey: .numHiddenLayers),
            numAttentionHeads: heads,
            numKeyValueHeads: try c.decodeIfPresent(Int.self, forKey: .numKeyValueHeads) ?? heads,
            headDim: try c.decodeIfPresent(Int.self, forKey: .headDim),
            intermediateSize: try c.decode(Int.self, forKey: .intermediateSize),
            vocabSize: try c.decode(Int.self, forKey: .vocabSize),
            ropeTheta: try c.decodeIfPresent(Float.self, forKey: .ropeTheta)
                ?? c.decodeIfPresent(RopeParameters.self, forKey: .ropeParameters)?.ropeTheta ?? 10000,
            rmsNormEps: try c.decodeIfPresent(Float.self, forKey: .rmsNormEps) ?? 1e-6,
            maxPositionEmbeddings: try c.decodeIfPresent(Int.self, forKey: .maxPositionEmbeddings) ?? 2048,
            tieWordEmbeddings: try c.decodeIfPresent(Bool.self, forKey: .tieWordEmbeddings) ?? false,
            attentionBias: try c.decodeIfPresent(Bool.self, forKey: .attentionBias) ?? false,
            mlpBias: try c.decodeIfPresent(Bool.self, forKey: .mlpBias) ?? false)
    }

    /// Reads and checks `config.json`; errors name the file and the field.
    public static func load(path: String) throws -> LlamaConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TTSError.invalidModel(file: path, tensor: nil, reason: "cannot read the file")
        }
        let config: LlamaConfiguration
        do {
            config = try JSONDecoder().decode(LlamaConfiguration.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw TTSError.invalidModel(file: path, tensor: nil, reason: "missing field \(key.stringValue)")
        } catch let DecodingError.typeMismatch(_, context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw TTSError.invalidModel(file: path, tensor: nil, reason: "field \(field) has the wrong type")
        } catch {
            throw TTSError.invalidModel(file: path, tensor: nil, reason: "not valid JSON")
        }
        if let feature = unsupportedFeature(in: data) {
            throw TTSError.invalidModel(file: path, tensor: nil, reason: "unsupported \(feature)")
        }
        try config.validate(file: path)
        return config
    }

    public func validate(file: String) throws {
        func check(_ ok: Bool, _ reason: String) throws {
            if !ok { throw TTSError.invalidModel(file: file, tensor: nil, reason: reason) }
        }
        let limit = 1 << 20
        for (name, v) in [("hidden_size", hiddenSize), ("num_hidden_layers", numHiddenLayers),
                          ("num_attention_heads", numAttentionHeads), ("num_key_value_heads", numKeyValueHeads),
                          ("head_dim", headDim), ("intermediate_size", intermediateSize),
                          ("vocab_size", vocabSize), ("max_position_embeddings", maxPositionEmbeddings)] {
            try check(v >= 1 && v <= (name == "vocab_size" || name == "max_position_embeddings" ? 1 << 24 : limit),
                      "\(name) is \(v), outside 1…\(name == "vocab_size" ? 1 << 24 : limit)")
        }
        try check(numAttentionHeads % numKeyValueHeads == 0,
                  "num_attention_heads (\(numAttentionHeads)) is not a multiple of num_key_value_heads (\(numKeyValueHeads))")
        try check(headDim % 2 == 0, "head_dim \(headDim) is odd; rotary embedding needs pairs")
        try check(ropeTheta > 0 && ropeTheta.isFinite, "rope_theta \(ropeTheta) must be positive")
        try check(rmsNormEps >= 0 && rmsNormEps.isFinite, "rms_norm_eps \(rmsNormEps) must be non-negative")
    }
}
