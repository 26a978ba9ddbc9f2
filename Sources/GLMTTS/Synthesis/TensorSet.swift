import CKernels
import ModelStorage

/// A stage's weights widened to f32, each checked against the shape the stage's configuration
/// implies. Small stages (acoustic, upsampler) own their values; the decoder maps its own.
struct TensorSet: Sendable {
    struct Tensor: Sendable {
        let shape: [Int]
        let values: [Float]
    }

    let tensors: [String: Tensor]

    /// Reads every expected tensor from `path`; errors name the file and the tensor.
    init(path: String, expected: [String: [Int]]) throws {
        let file: SafetensorsFile
        do { file = try SafetensorsFile(path: path) } catch let e as ModelFileError {
            throw TTSError.invalidModel(file: e.file, tensor: e.tensor, reason: e.reason)
        }
        var tensors: [String: Tensor] = [:]
        for (name, shape) in expected {
            do {
                let values = try file.floats(name, shape: shape)
                if let bad = values.firstIndex(where: { !$0.isFinite }) {
                    throw TTSError.invalidModel(file: path, tensor: name, reason: "value \(bad) is \(values[bad])")
                }
                tensors[name] = Tensor(shape: shape, values: values)
            } catch let e as ModelFileError {
                throw TTSError.invalidModel(file: e.file, tensor: e.tensor, reason: e.reason)
            }
        }
        self.tensors = tensors
    }

    /// Uniform random values in ±1/√fan_in (PyTorch's default bound); names containing "alpha" are 1.
    init(randomFor expected: [String: [Int]], seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        var tensors: [String: Tensor] = [:]
        for (name, shape) in expected.sorted(by: { $0.key < $1.key }) {
            let n = shape.reduce(1, *)
            let fanIn = shape.count >= 2 ? shape.dropFirst().reduce(1, *) : max(1, shape[0])
            let bound = 1 / Float(fanIn).squareRoot()
            let values = name.contains("alpha") ? [Float](repeating: 1, count: n)
                : (0..<n).map { _ in Float(generator.nextUnit() * 2 - 1) * bound }
            tensors[name] = Tensor(shape: shape, values: values)
        }
        self.tensors = tensors
    }

    subscript(_ name: String) -> Tensor {
        guard let t = tensors[name] else { preconditionFailure("tensor \(name) was validated at load") }
        return t
    }

    /// Conv1d (stride 1, "same"-style padding given) of `x` `[channels, length]` with `name`.weight/.bias.
    /// `scratch` lends the im2col workspace, reused across calls.
    func conv(_ x: [Float], channels: Int, length: Int, _ name: String, outChannels: Int, kernel: Int,
              padding: Int, dilation: Int = 1, scratch: ConvScratch = ConvScratch()) throws -> [Float] {
        let w = self[name + ".weight"], b = self[name + ".bias"]
        let outLength = Int(gt_conv1d_out_length(Int32(length), Int32(kernel), 1, Int32(padding), Int32(dilation)))
        let workspace = scratch.floats(gt_conv1d_workspace_floats(Int32(channels), Int32(length), Int32(kernel), 1,
                                                                  Int32(padding), Int32(dilation), 1))
        var status: Int32 = 0
        // The kernel writes every output value, so the array need not be zeroed first.
        let out = [Float](unsafeUninitializedCapacity: outChannels * outLength) { buffer, count in
            status = gt_conv1d_f32(buffer.baseAddress!, x, w.values, b.values, Int32(channels), Int32(length), Int32(outChannels),
                                   Int32(kernel), 1, Int32(padding), Int32(dilation), 1, workspace)
            count = status == GT_OK ? outChannels * outLength : 0
        }
        try Kernels.check(status, "gt_conv1d_f32 (\(name))")
        return out
    }

    /// ConvTranspose1d of `x` `[channels, length]` with `name`.weight/.bias.
    func transposedConv(_ x: [Float], channels: Int, length: Int, _ name: String, outChannels: Int, kernel: Int,
                        stride: Int, padding: Int, scratch: ConvScratch = ConvScratch()) throws -> [Float] {
        let w = self[name + ".weight"], b = self[name + ".bias"]
        let outLength = Int(gt_conv_transpose1d_out_length(Int32(length), Int32(kernel), Int32(stride), Int32(padding), 1, 0))
        let workspace = scratch.floats(gt_conv_transpose1d_workspace_floats(Int32(outChannels), Int32(length), Int32(kernel), 1))
        var status: Int32 = 0
        // The kernel starts the output from the bias (or zero) itself.
        let out = [Float](unsafeUninitializedCapacity: outChannels * outLength) { buffer, count in
            status = gt_conv_transpose1d_f32(buffer.baseAddress!, x, w.values, b.values, Int32(channels), Int32(length), Int32(outChannels),
                                             Int32(kernel), Int32(stride), Int32(padding), 1, 0, 1, workspace)
            count = status == GT_OK ? outChannels * outLength : 0
        }
        try Kernels.check(status, "gt_conv_transpose1d_f32 (\(name))")
        return out
    }
}

/// A workspace that grows to the largest size asked for and is reused: one per render call, so
/// convolutions do not allocate and zero a fresh im2col buffer each time.
final class ConvScratch {
    private var storage: UnsafeMutablePointer<Float>?
    private var capacity = 0

    deinit { storage?.deallocate() }

    func floats(_ n: Int) -> UnsafeMutablePointer<Float> {
        if n > capacity || storage == nil {
            storage?.deallocate()
            capacity = max(n, 1)
            storage = .allocate(capacity: capacity)
        }
        return storage!
    }
}

/// In-place leaky ReLU over a whole buffer.
func leakyReLU(_ x: inout [Float], slope: Float) {
    x.withUnsafeMutableBufferPointer { p in
        precondition(gt_leaky_relu_f32(p.baseAddress!, p.baseAddress!, p.count, slope) == GT_OK)
    }
}
