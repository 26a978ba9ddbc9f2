import Foundation

/// The duration layout's phone encoder (Tools/model/bundled.py's PhoneEncoder): symbol ids and a
/// speaker embedding → an encoding per symbol and its log duration in tokens.
///
///     x = embed[symbols] + speaker_proj(speaker)     [C, L]
///     x = residual dilated layers(x)                 (the acoustic stage's, no repeat, no postnet)
///     y = conv_out(lrelu(x))                         [E + 1, L]
final class PhoneEncoder: Sendable {
    typealias Configuration = ModelConfiguration.EncoderConfiguration
    let configuration: Configuration
    let symbols: Int
    let speakerDim: Int
    private let weights: TensorSet

    init(configuration: Configuration, symbols: Int, speakerDim: Int, weightsPath path: String) throws {
        try configuration.validate(file: path)
        self.configuration = configuration
        self.symbols = symbols
        self.speakerDim = speakerDim
        weights = try TensorSet(path: path, expected: Self.expectedShapes(configuration, symbols: symbols, speakerDim: speakerDim))
    }

    static func expectedShapes(_ c: Configuration, symbols: Int, speakerDim: Int) -> [String: [Int]] {
        var s = stack(c).expectedShapes(speakerDim: speakerDim, outChannels: c.encoding + 1)
        s["embed.weight"] = [symbols, c.channels]
        return s
    }

    private static func stack(_ c: Configuration) -> ConvStack { ConvStack(channels: c.channels, kernel: c.kernel, dilations: c.dilations) }

    /// `ids` (each in 0..<symbols) spoken by `speaker` → encodings `[L, encoding]` row-major and the
    /// log duration of each symbol `[L]`.
    func encode(_ ids: [Int], speaker: [Float]) throws -> (encodings: [Float], logDurations: [Float]) {
        let c = configuration
        guard !ids.isEmpty else { throw TTSError.invalidArgument(name: "symbols", reason: "none to encode") }
        if let bad = ids.firstIndex(where: { $0 < 0 || $0 >= symbols }) {
            throw TTSError.invalidArgument(name: "symbol id", reason: "\(ids[bad]) at index \(bad) is outside 0…\(symbols - 1)")
        }
        guard speaker.count == speakerDim else {
            throw TTSError.invalidArgument(name: "speaker embedding", reason: "\(speaker.count) values, the model expects \(speakerDim)")
        }
        let ch = c.channels, length = ids.count, e = c.encoding
        let stack = Self.stack(c)
        let projected = try stack.speakerProjection(speaker, weights: weights)
        let table = weights["embed.weight"].values
        var x = [Float](repeating: 0, count: ch * length)
        for (t, id) in ids.enumerated() {
            for k in 0..<ch { x[k * length + t] = table[id * ch + k] + projected[k] }
        }
        let y = try stack.run(x, length: length, outChannels: e + 1, weights: weights)
        var encodings = [Float](repeating: 0, count: length * e)
        for k in 0..<e {
            for t in 0..<length { encodings[t * e + k] = y[k * length + t] }
        }
        return (encodings, Array(y[(e * length)..<((e + 1) * length)]))
    }
}
