import CKernels
import Foundation
import Testing

/// Norms and activations against transformers/PyTorch fixtures (make_nn_fixtures.py) and
/// against formulas written here. Tolerances are stated per test.
@Suite struct NormActivationTests {
    @Test func rmsNormMatchesTransformers() throws {
        let f = try Fixture("nn_rmsnorm")
        let x = f[tensor: "x"], w = f[tensor: "weight"].data
        var out = [Float](repeating: .nan, count: x.data.count)
        #expect(gt_rmsnorm_f32(&out, x.data, w, Int32(x.shape[0]), Int32(x.shape[1]), f.float("eps")) == GT_OK)
        #expect(maxAbsDiff(out, f[tensor: "out"].data) < 1e-5) // float32 rounding only
    }

    @Test func layerNormMatchesPyTorch() throws {
        let f = try Fixture("nn_layernorm")
        let x = f[tensor: "x"]
        var out = [Float](repeating: .nan, count: x.data.count)
        #expect(gt_layernorm_f32(&out, x.data, f[tensor: "weight"].data, f[tensor: "bias"].data,
                                 Int32(x.shape[0]), Int32(x.shape[1]), f.float("eps")) == GT_OK)
        #expect(maxAbsDiff(out, f[tensor: "out"].data) < 1e-5)
    }

    @Test func layerNormWithoutAffineHasZeroMeanUnitVariance() {
        var rng = TestRNG(seed: 8)
        let x = rng.floats(64).map { $0 * 100 + 1000 }
        var out = [Float](repeating: 0, count: 64)
        #expect(gt_layernorm_f32(&out, x, nil, nil, 1, 64, 0) == GT_OK)
        let mean = out.reduce(0, +) / 64
        let variance = out.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 64
        #expect(abs(mean) < 1e-4)
        #expect(abs(variance - 1) < 1e-3)
    }

    @Test func activationsMatchPyTorch() throws {
        let f = try Fixture("nn_activations")
        let x = f[tensor: "x"].data
        let n = x.count
        var out = [Float](repeating: .nan, count: n)
        // SiLU uses a vector exp (Cephes, ~2e-7 relative): allow 1e-5 absolute on |x| ≤ 9.
        #expect(gt_silu_f32(&out, x, n) == GT_OK)
        #expect(maxAbsDiff(out, f[tensor: "silu"].data) < 1e-5)
        #expect(gt_gelu_f32(&out, x, n, 0) == GT_OK)
        #expect(maxAbsDiff(out, f[tensor: "gelu"].data) < 1e-5)
        #expect(gt_gelu_f32(&out, x, n, 1) == GT_OK)
        #expect(maxAbsDiff(out, f[tensor: "gelu_tanh"].data) < 1e-5)
        #expect(gt_leaky_relu_f32(&out, x, n, f.float("slope")) == GT_OK)
        #expect(maxAbsDiff(out, f[tensor: "leaky"].data) == 0)
        var s = x.map { $0 * 0.5 }
        #expect(gt_softmax_f32(&s, 1, Int32(n)) == GT_OK)
        #expect(maxAbsDiff(s, f[tensor: "softmax"].data) < 1e-6)
    }

    @Test func softmaxIsStableForLargeLogits() {
        var x: [Float] = [1000, 1001, 999, -1e30]
        #expect(gt_softmax_f32(&x, 1, 4) == GT_OK)
        let e = [exp(Float(-1)), 1, exp(Float(-2))]
        let z = e.reduce(0, +)
        #expect(maxAbsDiff(x, [e[0] / z, e[1] / z, e[2] / z, 0]) < 1e-6)
    }

    @Test func swigluIsSiluTimesUp() {
        var rng = TestRNG(seed: 21)
        let gate = rng.floats(100, scale: 6), up = rng.floats(100, scale: 2)
        var out = [Float](repeating: .nan, count: 100)
        #expect(gt_swiglu_f32(&out, gate, up, 100) == GT_OK)
        let expected = zip(gate, up).map { g, u in Float(Double(g) / (1 + Foundation.exp(-Double(g))) * Double(u)) }
        #expect(maxAbsDiff(out, expected) < 1e-5)
    }

    @Test func snakeMatchesFormula() {
        let channels = 3, length = 10
        var rng = TestRNG(seed: 2)
        let x = rng.floats(channels * length, scale: 3)
        let alpha: [Float] = [0.5, 1, 2.5]
        var out = [Float](repeating: .nan, count: x.count)
        #expect(gt_snake_f32(&out, x, alpha, Int32(channels), Int32(length)) == GT_OK)
        var expected = x
        for c in 0..<channels {
            for t in 0..<length {
                let v = Double(x[c * length + t]), a = Double(alpha[c])
                expected[c * length + t] = Float(v + pow(sin(a * v), 2) / (a + 1e-9))
            }
        }
        #expect(maxAbsDiff(out, expected) < 1e-5)
    }

    /// Every instruction set the CPU has must give the scalar answer (within the vector exp's error).
    @Test func simdVariantsAgreeWithScalar() {
        let detected = gt_simd_detected()
        var rng = TestRNG(seed: 99)
        let x = rng.floats(1000, scale: 8), y = rng.floats(1000, scale: 8)
        func run() -> [Float] {
            var silu = [Float](repeating: 0, count: x.count)
            var swiglu = silu
            var soft = x
            var norm = silu
            _ = gt_silu_f32(&silu, x, x.count)
            _ = gt_swiglu_f32(&swiglu, x, y, x.count)
            _ = gt_softmax_f32(&soft, 4, 250)
            _ = gt_rmsnorm_f32(&norm, x, nil, 10, 100, 1e-6)
            return silu + swiglu + soft + norm
        }
        #expect(gt_simd_select(Int32(GT_SIMD_SCALAR)) == GT_OK)
        let reference = run()
        for level in stride(from: Int32(GT_SIMD_AVX2), through: detected, by: 1) {
            #expect(gt_simd_select(level) == GT_OK)
            #expect(relativeError(run(), reference) < 1e-6, "SIMD level \(level)")
        }
        #expect(gt_simd_select(detected) == GT_OK)
        #expect(gt_simd_select(detected + 1) != GT_OK)
    }

    @Test func statusStringsNameTheProblem() {
        #expect(String(cString: gt_status_string(Int32(GT_ERR_CAPACITY))).contains("capacity"))
        #expect(String(cString: gt_status_string(12345)) == "unknown status")
    }
}
