import CKernels
import Foundation

/// The convolutional body shared by the acoustic stage and the phone encoder (Tools/model/acoustic.py's
/// `Layer`s): a speaker projection added to every position, then residual dilated layers
/// `x = x + conv2_l(lrelu(conv1_l(lrelu(x))))`, then `conv_out(lrelu(x))` (kernel 1).
struct ConvStack: Sendable, Equatable {
    let channels: Int
    let kernel: Int
    let dilations: [Int]

    /// Reports the first problem through `fail` (which throws with the caller's file and stage).
    func validate(_ fail: (String) throws -> Void) throws {
        if !(kernel >= 1 && kernel % 2 == 1 && kernel <= 63) { try fail("kernel \(kernel) must be odd, ≤ 63") }
        if !dilations.allSatisfy({ $0 >= 1 && $0 <= 256 }) { try fail("dilations \(dilations) must be in 1…256") }
    }

    /// Tensor shapes of the speaker projection, the layers and `conv_out` (to `outChannels`).
    func expectedShapes(speakerDim: Int, outChannels: Int) -> [String: [Int]] {
        var s: [String: [Int]] = ["speaker_proj.weight": [channels, speakerDim], "speaker_proj.bias": [channels],
                                  "conv_out.weight": [outChannels, channels, 1], "conv_out.bias": [outChannels]]
        for l in dilations.indices {
            s["layers.\(l).conv1.weight"] = [channels, channels, kernel]
            s["layers.\(l).conv1.bias"] = [channels]
            s["layers.\(l).conv2.weight"] = [channels, channels, 1]
            s["layers.\(l).conv2.bias"] = [channels]
        }
        return s
    }

    /// Positions of context on each side that the layers let change a position.
    var context: Int { dilations.reduce(0) { $0 + $1 * ((kernel - 1) / 2) } }

    /// speaker_proj · speaker + bias `[channels]`.
    func speakerProjection(_ speaker: [Float], weights: TensorSet) throws -> [Float] {
        var projected = [Float](repeating: 0, count: channels)
        try Kernels.check(gt_linear_f32(&projected, speaker, weights["speaker_proj.weight"].values, weights["speaker_proj.bias"].values, 1,
                                        Int32(speaker.count), Int32(channels)), "gt_linear_f32 (speaker_proj)")
        return projected
    }

    /// The layers over `x` `[channels, length]`, then `conv_out(lrelu(x))` → `[outChannels, length]`.
    func run(_ input: [Float], length: Int, outChannels: Int, weights: TensorSet) throws -> [Float] {
        var x = input
        let half = (kernel - 1) / 2
        let scratch = ConvScratch()
        for (l, d) in dilations.enumerated() {
            var t = x
            leakyReLU(&t, slope: 0.1)
            t = try weights.conv(t, channels: channels, length: length, "layers.\(l).conv1", outChannels: channels, kernel: kernel,
                                 padding: d * half, dilation: d, scratch: scratch)
            leakyReLU(&t, slope: 0.1)
            t = try weights.conv(t, channels: channels, length: length, "layers.\(l).conv2", outChannels: channels, kernel: 1, padding: 0,
                                 scratch: scratch)
            for i in x.indices { x[i] += t[i] }
        }
        leakyReLU(&x, slope: 0.1)
        return try weights.conv(x, channels: channels, length: length, "conv_out", outChannels: outChannels, kernel: 1, padding: 0, scratch: scratch)
    }
}
