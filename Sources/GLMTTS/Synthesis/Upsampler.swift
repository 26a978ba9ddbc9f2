import CKernels
import Foundation
import ModelStorage

/// The neural upsampler (vocoder): log-mel frames `[mel_bins, frames]` → samples, on the C kernels.
/// A HiFi-GAN generator (transposed-convolution upsampling, multi-receptive-field residual blocks,
/// leaky-ReLU or Snake), optionally ending in an inverse STFT as GLM-TTS's HiFT does.
/// Immutable after loading; `render` allocates its own buffers, so one upsampler serves any threads.
public final class Upsampler: Sendable {
    public let configuration: UpsamplerConfiguration
    private let weights: TensorSet

    /// Loads `path` (safetensors) for `configuration`, checking every tensor's presence and shape.
    public init(configuration: UpsamplerConfiguration, weightsPath path: String) throws {
        try configuration.validate(file: path)
        self.configuration = configuration
        self.weights = try TensorSet(path: path, expected: Self.expectedShapes(configuration))
    }

    /// Random weights in PyTorch's default range (±1/√fan_in), for the test model and benchmarks.
    public init(randomWith configuration: UpsamplerConfiguration, seed: UInt64) throws {
        try configuration.validate(file: "random upsampler configuration")
        self.configuration = configuration
        self.weights = TensorSet(randomFor: Self.expectedShapes(configuration), seed: seed)
    }

    /// Every tensor the configuration needs, with its shape (PyTorch layouts, see upsampler.py).
    static func expectedShapes(_ c: UpsamplerConfiguration) -> [String: [Int]] {
        var shapes: [String: [Int]] = [:]
        var ch = c.channels
        shapes["conv_pre.weight"] = [ch, c.melBins, 7]
        shapes["conv_pre.bias"] = [ch]
        let kernels = c.resblockKernelSizes.count
        for (i, (_, k)) in zip(c.upsampleRates, c.upsampleKernelSizes).enumerated() {
            if c.activation == .snake { shapes["ups_alpha.\(i)"] = [ch] }
            shapes["ups.\(i).weight"] = [ch, ch / 2, k]
            shapes["ups.\(i).bias"] = [ch / 2]
            ch /= 2
            for (j, (rk, rd)) in zip(c.resblockKernelSizes, c.resblockDilations).enumerated() {
                let b = i * kernels + j
                for d in rd.indices {
                    shapes["resblocks.\(b).convs1.\(d).weight"] = [ch, ch, rk]
                    shapes["resblocks.\(b).convs1.\(d).bias"] = [ch]
                    shapes["resblocks.\(b).convs2.\(d).weight"] = [ch, ch, rk]
                    shapes["resblocks.\(b).convs2.\(d).bias"] = [ch]
                    if c.activation == .snake {
                        shapes["resblocks.\(b).alpha1.\(d)"] = [ch]
                        shapes["resblocks.\(b).alpha2.\(d)"] = [ch]
                    }
                }
            }
        }
        if c.activation == .snake { shapes["post_alpha"] = [ch] }
        shapes["conv_post.weight"] = [c.istft.map { $0.nFFT + 2 } ?? 1, ch, 7]
        shapes["conv_post.bias"] = [c.istft.map { $0.nFFT + 2 } ?? 1]
        return shapes
    }

    public var samplesPerFrame: Int { configuration.samplesPerFrame }
    public var sampleRate: Int { configuration.sampleRate }

    /// Renders `mel` `[mel_bins, frames]` (row-major, bins outer) to `frames · samplesPerFrame` samples.
    public func render(mel: [Float], frames: Int) throws -> [Float] {
        let c = configuration
        guard frames >= 1, mel.count == c.melBins * frames else {
            throw TTSError.invalidArgument(name: "mel", reason: "\(mel.count) values for \(frames) frames of \(c.melBins) bins")
        }
        guard mel.allSatisfy(\.isFinite) else {
            throw TTSError.invalidArgument(name: "mel", reason: "contains NaN or infinite values")
        }
        var ch = c.channels
        var length = frames
        let scratch = ConvScratch()
        var x = try conv(mel, channels: c.melBins, length: length, "conv_pre", outChannels: ch, kernel: 7, padding: 3, scratch: scratch)
        let kernels = c.resblockKernelSizes.count
        for (i, (u, k)) in zip(c.upsampleRates, c.upsampleKernelSizes).enumerated() {
            activate(&x, channels: ch, length: length, alpha: "ups_alpha.\(i)", slope: 0.1)
            x = try weights.transposedConv(x, channels: ch, length: length, "ups.\(i)", outChannels: ch / 2, kernel: k, stride: u,
                                           padding: (k - u) / 2, scratch: scratch)
            ch /= 2
            length *= u
            var sum = [Float](repeating: 0, count: ch * length)
            for (j, (rk, rd)) in zip(c.resblockKernelSizes, c.resblockDilations).enumerated() {
                let block = try residualBlock(x, channels: ch, length: length, index: i * kernels + j, kernel: rk, dilations: rd,
                                              scratch: scratch)
                sum.withUnsafeMutableBufferPointer { s in block.withUnsafeBufferPointer { b in for t in s.indices { s[t] += b[t] } } }
            }
            let scale = 1 / Float(kernels)
            x = sum
            x.withUnsafeMutableBufferPointer { p in for t in p.indices { p[t] *= scale } }
        }
        activate(&x, channels: ch, length: length, alpha: "post_alpha", slope: 0.01)
        guard let head = c.istft else {
            let y = try conv(x, channels: ch, length: length, "conv_post", outChannels: 1, kernel: 7, padding: 3, scratch: scratch)
            return y.map { Float(tanh(Double($0))) }
        }
        let y = try conv(x, channels: ch, length: length, "conv_post", outChannels: head.nFFT + 2, kernel: 7, padding: 3, scratch: scratch)
        return try inverseSTFT(y, frames: length, head: head)
    }

    // MARK: layers

    private func conv(_ x: [Float], channels: Int, length: Int, _ name: String, outChannels: Int, kernel: Int,
                      padding: Int, dilation: Int = 1, scratch: ConvScratch) throws -> [Float] {
        try weights.conv(x, channels: channels, length: length, name, outChannels: outChannels, kernel: kernel,
                         padding: padding, dilation: dilation, scratch: scratch)
    }

    /// The activation of `x` into a new array (Snake with per-channel alphas, or leaky ReLU).
    private func activated(_ x: [Float], channels: Int, length: Int, alpha: String, slope: Float) -> [Float] {
        var status: Int32 = 0
        let out = [Float](unsafeUninitializedCapacity: x.count) { buffer, count in
            if configuration.activation == .snake {
                status = gt_snake_f32(buffer.baseAddress!, x, weights[alpha].values, Int32(channels), Int32(length))
            } else {
                status = gt_leaky_relu_f32(buffer.baseAddress!, x, x.count, slope)
            }
            count = x.count
        }
        precondition(status == GT_OK, "activation over validated shapes")
        return out
    }

    private func activate(_ x: inout [Float], channels: Int, length: Int, alpha: String, slope: Float) {
        x = activated(x, channels: channels, length: length, alpha: alpha, slope: slope)
    }

    private func residualBlock(_ input: [Float], channels: Int, length: Int, index b: Int, kernel: Int, dilations: [Int],
                               scratch: ConvScratch) throws -> [Float] {
        var x = input
        for (d, dilation) in dilations.enumerated() {
            var t = activated(x, channels: channels, length: length, alpha: "resblocks.\(b).alpha1.\(d)", slope: 0.1)
            t = try conv(t, channels: channels, length: length, "resblocks.\(b).convs1.\(d)", outChannels: channels, kernel: kernel,
                         padding: dilation * (kernel - 1) / 2, dilation: dilation, scratch: scratch)
            activate(&t, channels: channels, length: length, alpha: "resblocks.\(b).alpha2.\(d)", slope: 0.1)
            t = try conv(t, channels: channels, length: length, "resblocks.\(b).convs2.\(d)", outChannels: channels, kernel: kernel,
                         padding: (kernel - 1) / 2, scratch: scratch)
            x.withUnsafeMutableBufferPointer { xs in t.withUnsafeBufferPointer { ts in for i in xs.indices { xs[i] += ts[i] } } }
        }
        return x
    }

    /// HiFT's head: magnitude exp(·) clamped at 100, phase sin(·), inverse STFT with a periodic Hann
    /// window, centred (n_fft/2 trimmed at the start), `frames · hop` samples, clamped to ±0.99.
    private func inverseSTFT(_ y: [Float], frames: Int, head: UpsamplerConfiguration.ISTFTHead) throws -> [Float] {
        let nFFT = head.nFFT, hop = head.hop, bins = nFFT / 2 + 1
        var spec = [Float](repeating: 0, count: frames * bins * 2)
        for f in 0..<frames {
            for b in 0..<bins {
                let magnitude = min(Foundation.exp(y[b * frames + f]), 100)
                let phase = Foundation.sin(y[(bins + b) * frames + f])
                spec[(f * bins + b) * 2] = magnitude * Foundation.cos(phase)
                spec[(f * bins + b) * 2 + 1] = magnitude * Foundation.sin(phase)
            }
        }
        var window = [Float](repeating: 0, count: nFFT)
        try Kernels.check(gt_hann_window_f32(&window, Int32(nFFT), 1), "gt_hann_window_f32")
        var plan = [UInt8](repeating: 0, count: gt_fft_plan_bytes(Int32(nFFT)) + 8)
        let full = nFFT + (frames - 1) * hop
        var out = [Float](repeating: 0, count: full)
        var workspace = [Float](repeating: 0, count: gt_istft_workspace_floats(Int32(nFFT), Int32(frames), Int32(hop)))
        try plan.withUnsafeMutableBytes { raw in
            // The plan must be 8-byte aligned.
            let base = raw.baseAddress!
            let aligned = base.advanced(by: (8 - Int(bitPattern: base) % 8) % 8)
            try Kernels.check(gt_fft_plan_init(aligned, gt_fft_plan_bytes(Int32(nFFT)), Int32(nFFT)), "gt_fft_plan_init")
            try Kernels.check(gt_istft_f32(&out, spec, Int32(frames), window, Int32(nFFT), Int32(hop), aligned, &workspace), "gt_istft_f32")
        }
        let start = nFFT / 2, count = frames * hop
        return (0..<count).map { i in
            let j = start + i
            return j < full ? min(max(out[j], -0.99), 0.99) : 0
        }
    }
}
