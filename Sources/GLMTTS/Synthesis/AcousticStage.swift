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
    /// With `phones` (the model's symbol count), each token's spoken symbol is embedded too
    /// (`phone_embed.weight [phones, channels]`); 0: none.
    public var phones: Int

    enum CodingKeys: String, CodingKey {
        case type, codes, channels, kernel, dilations, phones
        case speakerDim = "speaker_dim", melBins = "mel_bins", postnetChannels = "postnet_channels"
    }

    public init(codes: Int, channels: Int, speakerDim: Int, melBins: Int = 80, kernel: Int = 5,
                dilations: [Int] = [1, 2, 4, 8], postnetChannels: Int = 0, phones: Int = 0) {
        type = "conv"
        self.codes = codes
        self.channels = channels
        self.speakerDim = speakerDim
        self.melBins = melBins
        self.kernel = kernel
        self.dilations = dilations
        self.postnetChannels = postnetChannels
        self.phones = phones
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(codes: try c.decode(Int.self, forKey: .codes), channels: try c.decode(Int.self, forKey: .channels),
                  speakerDim: try c.decode(Int.self, forKey: .speakerDim), melBins: try c.decode(Int.self, forKey: .melBins),
                  kernel: try c.decode(Int.self, forKey: .kernel), dilations: try c.decode([Int].self, forKey: .dilations),
                  postnetChannels: try c.decodeIfPresent(Int.self, forKey: .postnetChannels) ?? 0,
                  phones: try c.decodeIfPresent(Int.self, forKey: .phones) ?? 0)
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
        try stack.validate { try check(false, $0) }
        try check(phones >= 0 && phones <= 1 << 20, "phones \(phones) outside 0…\(1 << 20)")
        try check(postnetChannels >= 0 && postnetChannels <= 4096, "postnet_channels \(postnetChannels) outside 0…4096")
    }

    var stack: ConvStack { ConvStack(channels: channels, kernel: kernel, dilations: dilations) }

    var expectedShapes: [String: [Int]] {
        var s = stack.expectedShapes(speakerDim: speakerDim, outChannels: melBins)
        s["embed.weight"] = [codes, channels]
        if phones > 0 { s["phone_embed.weight"] = [phones, channels] }
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
        stack.context + (postnetChannels > 0 ? 2 * ((kernel - 1) / 2) : 0)
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

    /// Mel `[mel_bins, 2·codes.count]` for `codes` (each in 0..<codes) spoken by `speaker`. A stage
    /// configured with `phones` needs each token's spoken symbol in `phones` (one per code); one
    /// without takes none.
    public func mel(codes: [Int], phones: [Int]? = nil, speaker: [Float]) throws -> [Float] {
        let c = configuration
        guard !codes.isEmpty else { throw TTSError.invalidArgument(name: "speech tokens", reason: "none to render") }
        if let bad = codes.firstIndex(where: { $0 < 0 || $0 >= c.codes }) {
            throw TTSError.invalidArgument(name: "speech token", reason: "\(codes[bad]) at index \(bad) is outside 0…\(c.codes - 1)")
        }
        switch (phones, c.phones) {
        case (nil, 0): break
        case (nil, _): throw TTSError.invalidArgument(name: "phones", reason: "this acoustic stage needs the spoken symbol of each token")
        case (_?, 0): throw TTSError.invalidArgument(name: "phones", reason: "this acoustic stage takes no phones")
        case let (p?, n):
            guard p.count == codes.count else {
                throw TTSError.invalidArgument(name: "phones", reason: "\(p.count) phones for \(codes.count) speech tokens")
            }
            if let bad = p.firstIndex(where: { $0 < 0 || $0 >= n }) {
                throw TTSError.invalidArgument(name: "phone", reason: "\(p[bad]) at index \(bad) is outside 0…\(n - 1)")
            }
        }
        guard speaker.count == c.speakerDim else {
            throw TTSError.invalidArgument(name: "speaker embedding", reason: "\(speaker.count) values, the model expects \(c.speakerDim)")
        }
        let ch = c.channels, length = 2 * codes.count
        let projected = try c.stack.speakerProjection(speaker, weights: weights)
        let table = weights["embed.weight"].values
        let phoneTable = c.phones > 0 ? weights["phone_embed.weight"].values : []
        var x = [Float](repeating: 0, count: ch * length)
        for (t, code) in codes.enumerated() {
            let phone = phones?[t]
            for k in 0..<ch {
                var e = table[code * ch + k]
                if let phone { e += phoneTable[phone * ch + k] }
                let v = e + projected[k]
                x[k * length + 2 * t] = v
                x[k * length + 2 * t + 1] = v
            }
        }
        var mel = try c.stack.run(x, length: length, outChannels: c.melBins, weights: weights)
        let half = (c.kernel - 1) / 2
        if c.postnetChannels > 0 {
            var p = try weights.conv(mel, channels: c.melBins, length: length, "postnet.0", outChannels: c.postnetChannels, kernel: c.kernel, padding: half)
            for i in p.indices { p[i] = Foundation.tanh(p[i]) }
            let r = try weights.conv(p, channels: c.postnetChannels, length: length, "postnet.2", outChannels: c.melBins, kernel: c.kernel, padding: half)
            for i in mel.indices { mel[i] += r[i] }
        }
        return mel
    }
}
