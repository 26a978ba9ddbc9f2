import CKernels
import Foundation

/// The "acoustic" entry of a model's config; see Tools/model/acoustic.py.
public struct AcousticConfiguration: Sendable, Equatable, Decodable {
    public var type: String
    public var codes: Int
    public var channels: Int
    public var speakerDim: Int
    public var melBins: Int
    public var kernel: Int
    public var dilations: [Int]
    public var postnetChannels: Int

    enum CodingKeys: String, CodingKey {
        case type, codes, channels, kernel, dilations
        case speakerDim = "speaker_dim", melBins = "mel_bins", postnetChannels = "postnet_channels"
    }

    public init(codes: Int, channels: Int, speakerDim: Int, melBins: Int = 80, kernel: Int = 5,
                dilations: [Int] = [1, 2, 4, 8], postnetChannels: Int = 0) {
        type = "conv"
        self.codes = codes
        self.channels = channels
        self.speakerDim = speakerDim
        self.melBins = melBins
        self.kernel = kernel
        self.dilations = dilations
        self.postnetChannels = postnetChannels
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(codes: try c.decode(Int.self, forKey: .codes), channels: try c.decode(Int.self, forKey: .channels),
                  speakerDim: try c.decode(Int.self, forKey: .speakerDim), melBins: try c.decode(Int.self, forKey: .melBins),
                  kernel: try c.decode(Int.self, forKey: .kernel), dilations: try c.decode([Int].self, forKey: .dilations),
                  postnetChannels: try c.decodeIfPresent(Int.self, forKey: .postnetChannels) ?? 0)
        type = try c.decode(String.self, forKey: .type)
    }

    func validate(file: String) throws {
        func check(_ ok: Bool, _ reason: String) throws {
            if !ok { throw TTSError.invalidModel(file: file, tensor: nil, reason: "acoustic stage: \(reason)") }
        }
        try check(type == "conv", "type \(type) is not supported (conv)")
        for (name, v) in [("codes", codes), ("channels", channels), ("speaker_dim", speakerDim), ("mel_bins", melBins)] {
            try check(v >= 1 && v <= 1 << 20, "\(name) \(v) outside 1…\(1 << 20)")
        }
        try check(kernel >= 1 && kernel % 2 == 1 && kernel <= 63, "kernel \(kernel) must be odd, ≤ 63")
        try check(dilations.allSatisfy { $0 >= 1 && $0 <= 256 }, "dilations \(dilations) must be in 1…256")
        try check(postnetChannels >= 0 && postnetChannels <= 4096, "postnet_channels \(postnetChannels) outside 0…4096")
    }

    var expectedShapes: [String: [Int]] {
        var s: [String: [Int]] = ["embed.weight": [codes, channels], "speaker_proj.weight": [channels, speakerDim],
                                  "speaker_proj.bias": [channels], "conv_out.weight": [melBins, channels, 1], "conv_out.bias": [melBins]]
        for l in dilations.indices {
            s["layers.\(l).conv1.weight"] = [channels, channels, kernel]
            s["layers.\(l).conv1.bias"] = [channels]
            s["layers.\(l).conv2.weight"] = [channels, channels, 1]
            s["layers.\(l).conv2.bias"] = [channels]
        }
        if postnetChannels > 0 {
            s["postnet.0.weight"] = [postnetChannels, melBins, kernel]
            s["postnet.0.bias"] = [postnetChannels]
            s["postnet.2.weight"] = [melBins, postnetChannels, kernel]
            s["postnet.2.bias"] = [melBins]
        }
        return s
    }

    /// Mel frames of context on each side that can change a frame (for chunked rendering).
    public var contextFrames: Int {
        let half = (kernel - 1) / 2
        return dilations.reduce(0) { $0 + $1 * half } + (postnetChannels > 0 ? 2 * half : 0)
    }
}

/// Speech tokens and a speaker embedding → log-mel frames `[mel_bins, 2·tokens]`.
public final class AcousticStage: Sendable {
    public let configuration: AcousticConfiguration
    private let weights: TensorSet

    public init(configuration: AcousticConfiguration, weightsPath path: String) throws {
        try configuration.validate(file: path)
        self.configuration = configuration
        weights = try TensorSet(path: path, expected: configuration.expectedShapes)
    }

    public init(randomWith configuration: AcousticConfiguration, seed: UInt64) throws {
        try configuration.validate(file: "random acoustic configuration")
        self.configuration = configuration
        weights = TensorSet(randomFor: configuration.expectedShapes, seed: seed)
    }

    /// Mel `[mel_bins, 2·codes.count]` for `codes` (each in 0..<codes) spoken by `speaker`.
    public func mel(codes: [Int], speaker: [Float]) throws -> [Float] {
        let c = configuration
        guard !codes.isEmpty else { throw TTSError.invalidArgument(name: "speech tokens", reason: "none to render") }
        if let bad = codes.firstIndex(where: { $0 < 0 || $0 >= c.codes }) {
            throw TTSError.invalidArgument(name: "speech token", reason: "\(codes[bad]) at index \(bad) is outside 0…\(c.codes - 1)")
        }
        guard speaker.count == c.speakerDim else {
            throw TTSError.invalidArgument(name: "speaker embedding", reason: "\(speaker.count) values, the model expects \(c.speakerDim)")
        }
        let ch = c.channels, length = 2 * codes.count
        var projected = [Float](repeating: 0, count: ch)
        try Kernels.check(gt_linear_f32(&projected, speaker, weights["speaker_proj.weight"].values, weights["speaker_proj.bias"].values, 1,
                                        Int32(c.speakerDim), Int32(ch)), "gt_linear_f32 (speaker_proj)")
        let table = weights["embed.weight"].values
        var x = [Float](repeating: 0, count: ch * length)
        for (t, code) in codes.enumerated() {
            for k in 0..<ch {
                let v = table[code * ch + k] + projected[k]
                x[k * length + 2 * t] = v
                x[k * length + 2 * t + 1] = v
            }
        }
        let half = (c.kernel - 1) / 2
        for (l, d) in c.dilations.enumerated() {
            var t = x
            leakyReLU(&t, slope: 0.1)
            t = try weights.conv(t, channels: ch, length: length, "layers.\(l).conv1", outChannels: ch, kernel: c.kernel, padding: d * half, dilation: d)
            leakyReLU(&t, slope: 0.1)
            t = try weights.conv(t, channels: ch, length: length, "layers.\(l).conv2", outChannels: ch, kernel: 1, padding: 0)
            for i in x.indices { x[i] += t[i] }
        }
        leakyReLU(&x, slope: 0.1)
        var mel = try weights.conv(x, channels: ch, length: length, "conv_out", outChannels: c.melBins, kernel: 1, padding: 0)
        if c.postnetChannels > 0 {
            var p = try weights.conv(mel, channels: c.melBins, length: length, "postnet.0", outChannels: c.postnetChannels, kernel: c.kernel, padding: half)
            for i in p.indices { p[i] = Foundation.tanh(p[i]) }
            let r = try weights.conv(p, channels: c.postnetChannels, length: length, "postnet.2", outChannels: c.melBins, kernel: c.kernel, padding: half)
            for i in mel.indices { mel[i] += r[i] }
        }
        return mel
    }
}
