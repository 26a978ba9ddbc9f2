import CKernels
import Foundation
import ModelStorage

/// Where a model comes from.
public enum ModelSource: Sendable, Equatable {
    /// The model shipped with the library (the GLMTTS module's `bundled` resource). Until it is
    /// exported there, this is the test model.
    case bundled
    /// A model directory (Docs/ModelFormat.md).
    case directory(String)
    /// Random weights from fixed seeds: the pipeline end to end, saying noise.
    case testModel
}

/// The immutable, shareable model: every stage's weights. Make one per process and any number of
/// `Session`s (one per request) over it, on any threads.
public final class Synthesizer: Sendable {
    public let configuration: ModelConfiguration
    /// True for the test model (random weights): the output is noise, not speech.
    public let isTestModel: Bool
    /// Names the model in manifests: "glmtts-test-model-1", or a hash of the directory's config.json.
    public let identifier: String
    let frontend: SymbolFrontend
    let decoder: LlamaModel
    let conditioning: TensorSet
    let acoustic: AcousticStage
    let upsamplers: [Int: Upsampler]
    /// The duration layout's parts (nil in the glm layout).
    let duration: DurationStage?

    /// The duration layout's phone encoder and symbol roles.
    struct DurationStage: Sendable {
        let encoder: PhoneEncoder
        /// The id put before and after every segment.
        let boundary: Int
        /// Per symbol id: whether its duration may be 0.
        let silent: [Bool]
    }

    public convenience init(model: ModelSource = .bundled) throws {
        Kernels.applyDefaultThreadCount()
        switch model {
        case .bundled:
            if let directory = Self.bundledDirectory {
                try self.init(directory: directory)
            } else {
                try self.init(testModelSeed: 1)
            }
        case .testModel:
            try self.init(testModelSeed: 1)
        case let .directory(path):
            try self.init(directory: path)
        }
    }

    /// The bundled model's directory in the module's resources, when a model has been exported
    /// there (Sources/GLMTTS/Resources/bundled/config.json).
    static var bundledDirectory: String? {
        guard let url = Bundle.module.url(forResource: "bundled", withExtension: nil),
              FileManager.default.fileExists(atPath: url.appendingPathComponent("config.json").path) else { return nil }
        return url.path
    }

    init(testModelSeed seed: UInt64) throws {
        let config = TestModel.configuration()
        configuration = config
        isTestModel = true
        identifier = TestModel.identifier
        frontend = SymbolFrontend(symbols: config.symbols)
        decoder = try LlamaModel.random(configuration: TestModel.decoderConfiguration(config), seed: seed)
        conditioning = TensorSet(randomFor: Self.conditioningShapes(config, hidden: decoder.configuration.hiddenSize), seed: seed + 1)
        acoustic = try AcousticStage(randomWith: config.acoustic.architecture, seed: seed + 2)
        var upsamplers: [Int: Upsampler] = [:]
        for (rate, stage) in config.upsamplers {
            upsamplers[Int(rate)!] = try Upsampler(randomWith: stage.architecture, seed: seed + 3 + UInt64(rate)!)
        }
        self.upsamplers = upsamplers
        duration = nil
    }

    init(directory: String) throws {
        let configPath = (directory as NSString).appendingPathComponent("config.json")
        guard let data = FileManager.default.contents(atPath: configPath) else {
            throw TTSError.invalidModel(file: configPath, tensor: nil, reason: "cannot read the file (is \(directory) a model directory?)")
        }
        let config: ModelConfiguration
        do { config = try JSONDecoder().decode(ModelConfiguration.self, from: data) } catch {
            throw TTSError.invalidModel(file: configPath, tensor: nil, reason: "not a valid model configuration: \(Self.describe(error))")
        }
        try config.validate(file: configPath)
        func path(_ p: String) -> String { (directory as NSString).appendingPathComponent(p) }
        configuration = config
        isTestModel = false
        identifier = "fnv1a64:" + Self.fingerprint(data)
        frontend = SymbolFrontend(symbols: config.symbols)
        decoder = try LlamaModel(directory: path(config.decoder.directory))
        let vocabulary = decoder.configuration.vocabSize
        let d = config.decoder
        switch d.layout {
        case .glm:
            guard vocabulary >= d.speechOffset + d.speechCodes, let endAudio = d.endAudio, endAudio < vocabulary, d.beginAudio < vocabulary else {
                throw TTSError.invalidModel(file: configPath, tensor: nil, reason: "decoder vocabulary \(vocabulary) is smaller than the token layout needs")
            }
            duration = nil
        case .duration:
            guard vocabulary >= d.speechCodes + 1 else {
                throw TTSError.invalidModel(file: configPath, tensor: nil,
                                            reason: "decoder vocabulary \(vocabulary) is smaller than speech_codes + 1 (\(d.speechCodes + 1): the codes and begin_audio)")
            }
            // Validated: the duration layout has an encoder, a boundary symbol and silent symbols.
            let encoder = config.encoder!
            let silent = Set(config.silentSymbols ?? [])
            duration = DurationStage(encoder: try PhoneEncoder(configuration: encoder.architecture, symbols: config.symbols.count,
                                                               speakerDim: config.speaker.embeddingSize, weightsPath: path(encoder.weights)),
                                     boundary: config.symbols.firstIndex(of: config.boundarySymbol!)!,
                                     silent: config.symbols.map { silent.contains($0) })
        }
        conditioning = try TensorSet(path: path(config.decoder.conditioning),
                                     expected: Self.conditioningShapes(config, hidden: decoder.configuration.hiddenSize))
        acoustic = try AcousticStage(configuration: config.acoustic.architecture, weightsPath: path(config.acoustic.weights))
        var upsamplers: [Int: Upsampler] = [:]
        for (rate, stage) in config.upsamplers {
            upsamplers[stage.architecture.sampleRate] = try Upsampler(configuration: stage.architecture, weightsPath: path(stage.weights))
        }
        self.upsamplers = upsamplers
    }

    static func conditioningShapes(_ c: ModelConfiguration, hidden: Int) -> [String: [Int]] {
        var shapes = ["speaker_proj.weight": [hidden, c.speaker.embeddingSize], "speaker_proj.bias": [hidden],
                      "default_speaker": [c.speaker.embeddingSize]]
        if c.decoder.layout == .duration, let e = c.encoder?.architecture.encoding {
            shapes["step_proj.weight"] = [hidden, 2 * e + 3]
            shapes["step_proj.bias"] = [hidden]
        }
        return shapes
    }

    /// The decoding the model recommends (`decoder.sampling` in its config): what a session uses
    /// when `SessionOptions.sampling` is nil.
    public var recommendedSampling: SamplingOptions { configuration.recommendedSampling }

    /// Sample rates this model renders, ascending.
    public var sampleRates: [Int] { upsamplers.keys.sorted() }

    /// The speaker embedding used when a request gives no voice.
    public var defaultSpeaker: [Float] { conditioning["default_speaker"].values }

    public func makeSession(_ options: SessionOptions = SessionOptions()) throws -> Session {
        try Session(synthesizer: self, options: options)
    }

    /// The upsampler that renders at `rate`.
    public func upsampler(for rate: SampleRate) throws -> Upsampler {
        guard let u = upsamplers[rate.rawValue] else {
            throw TTSError.invalidArgument(name: "sample rate", reason: "this model renders \(sampleRates.map(String.init).joined(separator: ", ")) Hz, not \(rate.rawValue)")
        }
        return u
    }

    /// The decoder's prefix row for a speaker embedding: speaker_proj · e + bias.
    func speakerPrefix(_ embedding: [Float]) throws -> [Float] {
        let hidden = decoder.configuration.hiddenSize
        var out = [Float](repeating: 0, count: hidden)
        try Kernels.check(gt_linear_f32(&out, embedding, conditioning["speaker_proj.weight"].values, conditioning["speaker_proj.bias"].values,
                                        1, Int32(embedding.count), Int32(hidden)), "gt_linear_f32 (speaker_proj)")
        return out
    }

    /// The duration layout's step_proj term of every step's decoder row, `[steps, hidden]`.
    func stepRows(_ features: [Float], steps: Int) throws -> [Float] {
        let hidden = decoder.configuration.hiddenSize
        let weight = conditioning["step_proj.weight"]
        let width = weight.shape[1]
        precondition(features.count == steps * width)
        var out = [Float](repeating: 0, count: steps * hidden)
        try Kernels.check(gt_linear_f32(&out, features, weight.values, conditioning["step_proj.bias"].values,
                                        Int32(steps), Int32(width), Int32(hidden)), "gt_linear_f32 (step_proj)")
        return out
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case let DecodingError.keyNotFound(key, context):
            return "missing field \((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))"
        case let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context):
            return "field \(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type"
        case let DecodingError.dataCorrupted(context):
            return context.codingPath.isEmpty ? "not valid JSON" : "field \(context.codingPath.map(\.stringValue).joined(separator: ".")) is invalid"
        default:
            return "\(error)"
        }
    }

    /// FNV-1a 64 of the configuration bytes: enough to tell models apart in a manifest.
    static func fingerprint(_ data: Data) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in data { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return String(h, radix: 16)
    }
}
