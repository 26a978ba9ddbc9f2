import CKernels
import Testing

// gt_conv1d_f32 and gt_conv_transpose1d_f32 against direct nested-loop references (on TestRNG
// inputs) and against PyTorch fixtures (Tools/fixtures/make_conv_fixtures.py, float64 references).
// Tolerance: relative error (‖out − ref‖ / ‖ref‖) below 1e-5 throughout; float32 GEMM over at most
// a few hundred terms is good to about 1e-6.

private let ok = Int32(GT_OK)
private let invalid = Int32(GT_ERR_INVALID_ARGUMENT)
private let tolerance: Float = 1e-5

private func withOptional<R>(_ a: [Float]?, _ body: (UnsafePointer<Float>?) -> R) -> R {
    guard let a else { return body(nil) }
    return a.withUnsafeBufferPointer { body($0.baseAddress) }
}

private struct ConvShape: CustomStringConvertible {
    var cIn: Int, cOut: Int, lIn: Int, kernel: Int
    var stride = 1, padding = 0, dilation = 1, outputPadding = 0, groups = 1, bias = true
    var description: String {
        "cIn \(cIn) cOut \(cOut) lIn \(lIn) k \(kernel) s \(stride) p \(padding) d \(dilation) "
            + "op \(outputPadding) g \(groups) bias \(bias)"
    }
}

// MARK: - References

/// out[o, t] = b[o] + Σ_{ci, j} w[o, ci, j] · x[g·cig + ci, t·s − p + j·d], in Double.
private func naiveConv1d(_ x: [Float], _ w: [Float], _ bias: [Float]?, _ s: ConvShape) -> [Float] {
    let lOut = (s.lIn + 2 * s.padding - s.dilation * (s.kernel - 1) - 1) / s.stride + 1
    let cig = s.cIn / s.groups, cog = s.cOut / s.groups
    var out = [Float](repeating: 0, count: s.cOut * lOut)
    for o in 0..<s.cOut {
        let g = o / cog
        for t in 0..<lOut {
            var acc = Double(bias?[o] ?? 0)
            for ci in 0..<cig {
                for j in 0..<s.kernel {
                    let pos = t * s.stride - s.padding + j * s.dilation
                    if pos < 0 || pos >= s.lIn { continue }
                    acc += Double(w[(o * cig + ci) * s.kernel + j]) * Double(x[(g * cig + ci) * s.lIn + pos])
                }
            }
            out[o * lOut + t] = Float(acc)
        }
    }
    return out
}

/// Scatter form of the transposed convolution:
/// out[g·cog + co, t·s − p + j·d] += x[ci, t] · w[ci, co, j] for every input position t.
private func naiveConvTranspose1d(_ x: [Float], _ w: [Float], _ bias: [Float]?, _ s: ConvShape) -> [Float] {
    let lOut = (s.lIn - 1) * s.stride - 2 * s.padding + s.dilation * (s.kernel - 1) + s.outputPadding + 1
    let cig = s.cIn / s.groups, cog = s.cOut / s.groups
    var acc = [Double](repeating: 0, count: s.cOut * lOut)
    for o in 0..<s.cOut {
        for t in 0..<lOut { acc[o * lOut + t] = Double(bias?[o] ?? 0) }
    }
    for ci in 0..<s.cIn {
        let g = ci / cig
        for co in 0..<cog {
            for j in 0..<s.kernel {
                for t in 0..<s.lIn {
                    let pos = t * s.stride - s.padding + j * s.dilation
                    if pos < 0 || pos >= lOut { continue }
                    acc[(g * cog + co) * lOut + pos] +=
                        Double(x[ci * s.lIn + t]) * Double(w[(ci * cog + co) * s.kernel + j])
                }
            }
        }
    }
    return acc.map { Float($0) }
}

// MARK: - Kernel calls

private func runConv1d(_ x: [Float], _ w: [Float], _ bias: [Float]?, _ s: ConvShape) -> (Int32, [Float]) {
    let lOut = Int(gt_conv1d_out_length(Int32(s.lIn), Int32(s.kernel), Int32(s.stride),
                                        Int32(s.padding), Int32(s.dilation)))
    let wsCount = gt_conv1d_workspace_floats(Int32(s.cIn), Int32(s.lIn), Int32(s.kernel), Int32(s.stride),
                                             Int32(s.padding), Int32(s.dilation), Int32(s.groups))
    var out = [Float](repeating: .nan, count: max(lOut, 1) * s.cOut)
    var ws = [Float](repeating: .nan, count: max(wsCount, 1))
    let status = withOptional(bias) { b in
        gt_conv1d_f32(&out, x, w, b, Int32(s.cIn), Int32(s.lIn), Int32(s.cOut), Int32(s.kernel),
                      Int32(s.stride), Int32(s.padding), Int32(s.dilation), Int32(s.groups), &ws)
    }
    return (Int32(status), out)
}

private func runConvTranspose1d(_ x: [Float], _ w: [Float], _ bias: [Float]?, _ s: ConvShape) -> (Int32, [Float]) {
    let lOut = Int(gt_conv_transpose1d_out_length(Int32(s.lIn), Int32(s.kernel), Int32(s.stride),
                                                  Int32(s.padding), Int32(s.dilation), Int32(s.outputPadding)))
    let wsCount = gt_conv_transpose1d_workspace_floats(Int32(s.cOut), Int32(s.lIn), Int32(s.kernel),
                                                       Int32(s.groups))
    var out = [Float](repeating: .nan, count: max(lOut, 1) * s.cOut)
    var ws = [Float](repeating: .nan, count: max(wsCount, 1))
    let status = withOptional(bias) { b in
        gt_conv_transpose1d_f32(&out, x, w, b, Int32(s.cIn), Int32(s.lIn), Int32(s.cOut), Int32(s.kernel),
                                Int32(s.stride), Int32(s.padding), Int32(s.dilation),
                                Int32(s.outputPadding), Int32(s.groups), &ws)
    }
    return (Int32(status), out)
}

// MARK: - conv1d

private let conv1dShapes: [ConvShape] = [
    ConvShape(cIn: 3, cOut: 5, lIn: 17, kernel: 3, padding: 1),
    ConvShape(cIn: 6, cOut: 3, lIn: 11, kernel: 1),                                  // pointwise, no im2col
    ConvShape(cIn: 4, cOut: 6, lIn: 23, kernel: 5, stride: 2, padding: 2, groups: 2, bias: false),
    ConvShape(cIn: 3, cOut: 4, lIn: 31, kernel: 7, stride: 3, padding: 2),
    ConvShape(cIn: 4, cOut: 4, lIn: 40, kernel: 3, padding: 3, dilation: 3),        // HiFi-GAN "same"
    ConvShape(cIn: 3, cOut: 3, lIn: 37, kernel: 7, padding: 15, dilation: 5),
    ConvShape(cIn: 8, cOut: 8, lIn: 13, kernel: 3, padding: 1, groups: 8),           // depthwise
    ConvShape(cIn: 2, cOut: 3, lIn: 5, kernel: 3, stride: 2, padding: 4, dilation: 2), // padding > input
    ConvShape(cIn: 5, cOut: 7, lIn: 30, kernel: 4, stride: 3, dilation: 2),
    ConvShape(cIn: 3, cOut: 4, lIn: 9, kernel: 9),                                   // l_out = 1
    ConvShape(cIn: 1, cOut: 1, lIn: 1, kernel: 1),
    ConvShape(cIn: 2, cOut: 2, lIn: 6, kernel: 1, stride: 2, padding: 1),            // pointwise, strided
    ConvShape(cIn: 16, cOut: 12, lIn: 50, kernel: 7, padding: 3),
]

@Test func conv1dMatchesNaiveReference() {
    var rng = TestRNG(seed: 0xC0111)
    for s in conv1dShapes {
        let x = rng.floats(s.cIn * s.lIn)
        let w = rng.floats(s.cOut * (s.cIn / s.groups) * s.kernel, scale: 0.5)
        let bias = s.bias ? rng.floats(s.cOut) : nil
        let (status, out) = runConv1d(x, w, bias, s)
        #expect(status == ok, "\(s)")
        let ref = naiveConv1d(x, w, bias, s)
        #expect(out.count == ref.count, "\(s)")
        if out.count == ref.count {
            #expect(relativeError(out, ref) < tolerance, "\(s)")
        }
    }
}

private let conv1dFixtures = [
    "conv_basic", "conv_pointwise", "conv_stride3_k7", "conv_dilation3_same",
    "conv_dilation5_same_k7", "conv_groups2", "conv_wide_padding",
]

@Test(arguments: conv1dFixtures)
func conv1dMatchesPyTorch(_ name: String) throws {
    let f = try Fixture(name)
    let s = ConvShape(cIn: Int(f.int("c_in")), cOut: Int(f.int("c_out")), lIn: Int(f.int("l_in")),
                      kernel: Int(f.int("kernel")), stride: Int(f.int("stride")),
                      padding: Int(f.int("padding")), dilation: Int(f.int("dilation")),
                      groups: Int(f.int("groups")))
    let bias = f.tensors["bias"]?.data
    #expect(gt_conv1d_out_length(Int32(s.lIn), Int32(s.kernel), Int32(s.stride), Int32(s.padding),
                                 Int32(s.dilation)) == f.int("l_out"))
    let (status, out) = runConv1d(f[tensor: "x"].data, f[tensor: "w"].data, bias, s)
    #expect(status == ok)
    let ref = f[tensor: "out"].data
    try #require(out.count == ref.count)
    #expect(relativeError(out, ref) < tolerance)
}

// MARK: - conv_transpose1d

private let convTransposeShapes: [ConvShape] = [
    ConvShape(cIn: 6, cOut: 3, lIn: 7, kernel: 16, stride: 8, padding: 4),          // HiFi-GAN ×8
    ConvShape(cIn: 4, cOut: 3, lIn: 6, kernel: 11, stride: 5, padding: 3),          // ×5
    ConvShape(cIn: 4, cOut: 2, lIn: 5, kernel: 11, stride: 5, padding: 3, outputPadding: 1, bias: false),
    ConvShape(cIn: 3, cOut: 5, lIn: 9, kernel: 7, stride: 3, padding: 2),
    ConvShape(cIn: 4, cOut: 6, lIn: 8, kernel: 3, stride: 2, padding: 1, dilation: 2, outputPadding: 1, groups: 2),
    ConvShape(cIn: 2, cOut: 2, lIn: 5, kernel: 3, padding: 3),                      // l_out = 1
    ConvShape(cIn: 3, cOut: 4, lIn: 1, kernel: 5, stride: 2),                       // one input frame
    ConvShape(cIn: 4, cOut: 4, lIn: 10, kernel: 4, stride: 2, padding: 1, groups: 4),
    ConvShape(cIn: 2, cOut: 3, lIn: 6, kernel: 3, dilation: 3, outputPadding: 2),   // op < dilation
    ConvShape(cIn: 5, cOut: 3, lIn: 12, kernel: 2, stride: 4, outputPadding: 3),    // stride > kernel: gaps
    ConvShape(cIn: 3, cOut: 2, lIn: 4, kernel: 5, stride: 3, padding: 6),           // padding > kernel span / 2
    ConvShape(cIn: 16, cOut: 8, lIn: 20, kernel: 8, stride: 4, padding: 2),
]

@Test func convTranspose1dMatchesNaiveReference() {
    var rng = TestRNG(seed: 0x7EA5)
    for s in convTransposeShapes {
        let x = rng.floats(s.cIn * s.lIn)
        let w = rng.floats(s.cIn * (s.cOut / s.groups) * s.kernel, scale: 0.5)
        let bias = s.bias ? rng.floats(s.cOut) : nil
        let lOut = (s.lIn - 1) * s.stride - 2 * s.padding + s.dilation * (s.kernel - 1) + s.outputPadding + 1
        #expect(Int(gt_conv_transpose1d_out_length(Int32(s.lIn), Int32(s.kernel), Int32(s.stride),
                                                   Int32(s.padding), Int32(s.dilation),
                                                   Int32(s.outputPadding))) == lOut, "\(s)")
        let (status, out) = runConvTranspose1d(x, w, bias, s)
        #expect(status == ok, "\(s)")
        let ref = naiveConvTranspose1d(x, w, bias, s)
        #expect(out.count == ref.count, "\(s)")
        if out.count == ref.count {
            #expect(relativeError(out, ref) < tolerance, "\(s)")
        }
    }
}

private let convTransposeFixtures = [
    "conv_transpose_s8_k16_p4", "conv_transpose_s5_k11_p3", "conv_transpose_s5_k11_p3_op1",
    "conv_transpose_s3_k7", "conv_transpose_groups2_dil2", "conv_transpose_big_padding",
]

@Test(arguments: convTransposeFixtures)
func convTranspose1dMatchesPyTorch(_ name: String) throws {
    let f = try Fixture(name)
    let s = ConvShape(cIn: Int(f.int("c_in")), cOut: Int(f.int("c_out")), lIn: Int(f.int("l_in")),
                      kernel: Int(f.int("kernel")), stride: Int(f.int("stride")),
                      padding: Int(f.int("padding")), dilation: Int(f.int("dilation")),
                      outputPadding: Int(f.int("output_padding")), groups: Int(f.int("groups")))
    let bias = f.tensors["bias"]?.data
    #expect(gt_conv_transpose1d_out_length(Int32(s.lIn), Int32(s.kernel), Int32(s.stride),
                                           Int32(s.padding), Int32(s.dilation),
                                           Int32(s.outputPadding)) == f.int("l_out"))
    let (status, out) = runConvTranspose1d(f[tensor: "x"].data, f[tensor: "w"].data, bias, s)
    #expect(status == ok)
    let ref = f[tensor: "out"].data
    try #require(out.count == ref.count)
    #expect(relativeError(out, ref) < tolerance)
}

// MARK: - Sizes and argument checks

@Test func convOutputLengthsAndWorkspaceSizes() {
    // torch: (l_in + 2p − d(k−1) − 1) / s + 1
    #expect(gt_conv1d_out_length(17, 3, 1, 1, 1) == 17)
    #expect(gt_conv1d_out_length(31, 7, 3, 2, 1) == 10)
    #expect(gt_conv1d_out_length(19, 3, 1, 3, 3) == 19)
    // Numerator −1: C's truncating division would give 1; torch rejects it, so must we.
    #expect(gt_conv1d_out_length(4, 3, 2, 0, 2) == 0)
    #expect(gt_conv1d_out_length(0, 1, 1, 0, 1) == 0)
    #expect(gt_conv1d_out_length(8, 3, 0, 0, 1) == 0)
    #expect(gt_conv1d_out_length(8, 3, 1, -1, 1) == 0)
    #expect(gt_conv1d_workspace_floats(4, 23, 5, 2, 2, 1, 2) == 2 * 5 * 12)
    #expect(gt_conv1d_workspace_floats(4, 23, 5, 2, 2, 1, 3) == 0)
    // torch: (l_in − 1)s − 2p + d(k−1) + op + 1
    #expect(gt_conv_transpose1d_out_length(7, 16, 8, 4, 1, 0) == 56)
    #expect(gt_conv_transpose1d_out_length(6, 11, 5, 3, 1, 0) == 30)
    #expect(gt_conv_transpose1d_out_length(6, 11, 5, 3, 1, 1) == 31)
    // output_padding must be smaller than stride or dilation.
    #expect(gt_conv_transpose1d_out_length(6, 3, 2, 0, 1, 2) == 0)
    #expect(gt_conv_transpose1d_out_length(6, 3, 1, 0, 3, 2) == 14)
    #expect(gt_conv_transpose1d_out_length(5, 3, 1, 4, 1, 0) == 0)   // too much padding
    #expect(gt_conv_transpose1d_workspace_floats(6, 8, 3, 2) == 3 * 3 * 8)
    #expect(gt_conv_transpose1d_workspace_floats(6, 8, 3, 4) == 0)
}

@Test func convRejectsInvalidArguments() {
    var rng = TestRNG(seed: 99)
    let x = rng.floats(4 * 10), w = rng.floats(6 * 4 * 3), b = rng.floats(6)
    var out = [Float](repeating: 42, count: 1024)
    var ws = [Float](repeating: 0, count: 1024)
    // (c_in, l_in, c_out, k, stride, padding, dilation, groups)
    let badConv: [(Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32)] = [
        (0, 10, 6, 3, 1, 0, 1, 1), (4, 0, 6, 3, 1, 0, 1, 1), (4, 10, 0, 3, 1, 0, 1, 1),
        (4, 10, 6, 0, 1, 0, 1, 1), (4, 10, 6, 3, 0, 0, 1, 1), (4, 10, 6, 3, 1, -1, 1, 1),
        (4, 10, 6, 3, 1, 0, 0, 1), (4, 10, 6, 3, 1, 0, 1, 0), (4, 10, 6, 3, 1, 0, 1, 3),
        (4, 10, 6, 3, 1, 0, 1, 4),                       // groups divides c_in but not c_out
        (4, 10, 6, 3, 1, 0, 6, 1),                       // dilated kernel longer than the input
        (4, 2, 6, 3, 2, 0, 1, 1),                        // numerator −1
    ]
    for a in badConv {
        let st = gt_conv1d_f32(&out, x, w, b, a.0, a.1, a.2, a.3, a.4, a.5, a.6, a.7, &ws)
        #expect(Int32(st) == invalid, "\(a)")
    }
    #expect(Int32(gt_conv1d_f32(nil, x, w, b, 4, 10, 6, 3, 1, 0, 1, 1, &ws)) == invalid)
    #expect(Int32(gt_conv1d_f32(&out, nil, w, b, 4, 10, 6, 3, 1, 0, 1, 1, &ws)) == invalid)
    #expect(Int32(gt_conv1d_f32(&out, x, nil, b, 4, 10, 6, 3, 1, 0, 1, 1, &ws)) == invalid)
    #expect(Int32(gt_conv1d_f32(&out, x, w, b, 4, 10, 6, 3, 1, 0, 1, 1, nil)) == invalid)

    // (c_in, l_in, c_out, k, stride, padding, dilation, output_padding, groups)
    let badTranspose: [(Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32)] = [
        (0, 10, 6, 3, 2, 0, 1, 0, 1), (4, 0, 6, 3, 2, 0, 1, 0, 1), (4, 10, 0, 3, 2, 0, 1, 0, 1),
        (4, 10, 6, 0, 2, 0, 1, 0, 1), (4, 10, 6, 3, 0, 0, 1, 0, 1), (4, 10, 6, 3, 2, -1, 1, 0, 1),
        (4, 10, 6, 3, 2, 0, 0, 0, 1), (4, 10, 6, 3, 2, 0, 1, -1, 1), (4, 10, 6, 3, 2, 0, 1, 0, 0),
        (4, 10, 6, 3, 2, 0, 1, 0, 3), (4, 10, 6, 3, 2, 0, 1, 0, 4),
        (4, 10, 6, 3, 2, 0, 1, 2, 1),                    // output_padding ≥ stride and dilation
        (4, 1, 6, 3, 1, 2, 1, 0, 1),                     // padding leaves no output
    ]
    for a in badTranspose {
        let st = gt_conv_transpose1d_f32(&out, x, w, b, a.0, a.1, a.2, a.3, a.4, a.5, a.6, a.7, a.8, &ws)
        #expect(Int32(st) == invalid, "\(a)")
    }
    #expect(Int32(gt_conv_transpose1d_f32(nil, x, w, b, 4, 10, 6, 3, 2, 0, 1, 0, 1, &ws)) == invalid)
    #expect(Int32(gt_conv_transpose1d_f32(&out, nil, w, b, 4, 10, 6, 3, 2, 0, 1, 0, 1, &ws)) == invalid)
    #expect(Int32(gt_conv_transpose1d_f32(&out, x, nil, b, 4, 10, 6, 3, 2, 0, 1, 0, 1, &ws)) == invalid)
    #expect(Int32(gt_conv_transpose1d_f32(&out, x, w, b, 4, 10, 6, 3, 2, 0, 1, 0, 1, nil)) == invalid)
    // Nothing was written by any rejected call.
    #expect(out.allSatisfy { $0 == 42 })
}
