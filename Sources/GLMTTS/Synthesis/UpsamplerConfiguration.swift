import Foundation

/// The "upsampler" entry of a model's config (one per sample rate); see Tools/model/upsampler.py,
/// the PyTorch definition this engine reproduces.
public struct UpsamplerConfiguration: Sendable, Equatable, Decodable {
    public struct ISTFTHead: Sendable, Equatable, Decodable {
        public var nFFT: Int
        public var hop: Int
        enum CodingKeys: String, CodingKey { case nFFT = "n_fft", hop }
    }

    public enum Activation: String, Sendable, Decodable { case leakyReLU = "leaky_relu", snake }

    public var type: String
    public var sampleRate: Int
    public var melBins: Int
    public var channels: Int
    public var upsampleRates: [Int]
    public var upsampleKernelSizes: [Int]
    public var resblockKernelSizes: [Int]
    public var resblockDilations: [[Int]]
    public var activation: Activation
    public var istft: ISTFTHead?

    enum CodingKeys: String, CodingKey {
        case type, channels, activation, istft
        case sampleRate = "sample_rate", melBins = "mel_bins"
        case upsampleRates = "upsample_rates", upsampleKernelSizes = "upsample_kernel_sizes"
        case resblockKernelSizes = "resblock_kernel_sizes", resblockDilations = "resblock_dilations"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decode(String.self, forKey: .type)
        sampleRate = try c.decode(Int.self, forKey: .sampleRate)
        melBins = try c.decode(Int.self, forKey: .melBins)
        channels = try c.decode(Int.self, forKey: .channels)
        upsampleRates = try c.decode([Int].self, forKey: .upsampleRates)
        upsampleKernelSizes = try c.decode([Int].self, forKey: .upsampleKernelSizes)
        resblockKernelSizes = try c.decode([Int].self, forKey: .resblockKernelSizes)
        resblockDilations = try c.decode([[Int]].self, forKey: .resblockDilations)
        activation = try c.decodeIfPresent(Activation.self, forKey: .activation) ?? .leakyReLU
        istft = try c.decodeIfPresent(ISTFTHead.self, forKey: .istft)
    }

    public init(sampleRate: Int, melBins: Int = 80, channels: Int, upsampleRates: [Int], upsampleKernelSizes: [Int],
                resblockKernelSizes: [Int] = [3, 7, 11], resblockDilations: [[Int]] = [[1, 3, 5], [1, 3, 5], [1, 3, 5]],
                activation: Activation = .leakyReLU, istft: ISTFTHead? = nil) {
        self.type = "hifigan"
        self.sampleRate = sampleRate
        self.melBins = melBins
        self.channels = channels
        self.upsampleRates = upsampleRates
        self.upsampleKernelSizes = upsampleKernelSizes
        self.resblockKernelSizes = resblockKernelSizes
        self.resblockDilations = resblockDilations
        self.activation = activation
        self.istft = istft
    }

    /// Output samples per mel frame: Π upsample_rates (× the iSTFT hop).
    public var samplesPerFrame: Int { upsampleRates.reduce(1, *) * (istft?.hop ?? 1) }

    /// Mel frames of context on each side beyond which an output sample cannot change (the
    /// receptive field's radius), so chunked rendering can reproduce the offline output exactly.
    public var contextFrames: Int {
        var frames = 3.0
        var scale = 1
        for (u, k) in zip(upsampleRates, upsampleKernelSizes) {
            frames += Double((k + u - 1) / u) / Double(scale)
            scale *= u
            let block = zip(resblockKernelSizes, resblockDilations).map { rk, rd in
                rd.reduce(0) { $0 + $1 * (rk - 1) / 2 + (rk - 1) / 2 }
            }.max() ?? 0
            frames += Double(block) / Double(scale)
        }
        frames += 3 / Double(scale)
        if let istft { frames += Double(istft.nFFT) / Double(scale * istft.hop) }
        return Int(frames) + 1
    }

    public func validate(file: String) throws {
        func check(_ ok: Bool, _ reason: String) throws {
            if !ok { throw TTSError.invalidModel(file: file, tensor: nil, reason: "upsampler: \(reason)") }
        }
        try check(type == "hifigan", "type \(type) is not supported (hifigan)")
        try check(melBins >= 1 && melBins <= 1024, "mel_bins \(melBins) outside 1…1024")
        try check(channels >= 1 && channels <= 4096, "channels \(channels) outside 1…4096")
        try check(!upsampleRates.isEmpty && upsampleRates.count == upsampleKernelSizes.count,
                  "upsample_rates and upsample_kernel_sizes must be non-empty and of equal length")
        try check(channels >> upsampleRates.count >= 1, "channels \(channels) halve below 1 over \(upsampleRates.count) stages")
        for (u, k) in zip(upsampleRates, upsampleKernelSizes) {
            try check(u >= 1 && u <= 64 && k >= u && k <= 256 && (k - u) % 2 == 0, "upsampling stage rate \(u), kernel \(k): need kernel ≥ rate, kernel − rate even")
        }
        try check(!resblockKernelSizes.isEmpty && resblockKernelSizes.count == resblockDilations.count,
                  "resblock_kernel_sizes and resblock_dilations must be non-empty and of equal length")
        for (k, ds) in zip(resblockKernelSizes, resblockDilations) {
            try check(k >= 1 && k % 2 == 1 && k <= 63 && !ds.isEmpty && ds.allSatisfy { $0 >= 1 && $0 <= 64 }, "resblock kernel \(k) dilations \(ds): odd kernel, dilations 1…64")
        }
        if let istft {
            try check(istft.nFFT >= 2 && istft.nFFT % 2 == 0 && istft.hop >= 1 && istft.hop <= istft.nFFT, "istft n_fft \(istft.nFFT) hop \(istft.hop)")
        }
        // Up to 12 stages of ×64 overflow an Int: bound the product before samplesPerFrame forms it.
        let tooLarge = (upsampleRates + [istft?.hop ?? 1]).reduce((1, false)) { acc, u in
            let (p, o) = acc.0.multipliedReportingOverflow(by: u)
            return (p, acc.1 || o || p > 1 << 20)
        }.1
        try check(!tooLarge, "upsampling factor of \(upsampleRates) (× iSTFT hop) exceeds \(1 << 20) samples per frame")
        try check(sampleRate == samplesPerFrame * 50, "sample_rate \(sampleRate) is not 50 frames per second × \(samplesPerFrame) samples per frame")
    }
}
