import CKernels
import Testing

/// GEMM/GEMV/linear against triple loops written here. Tolerance: relative error < 1e-5
/// (float32 sums of up to 70 terms in a different order).
@Suite struct BLASTests {
    func naiveGemm(_ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, _ a: [Float], _ b: [Float]) -> [Float] {
        var c = [Float](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var s: Double = 0
                for p in 0..<k {
                    let av = ta ? a[p * m + i] : a[i * k + p]
                    let bv = tb ? b[j * k + p] : b[p * n + j]
                    s += Double(av) * Double(bv)
                }
                c[i * n + j] = Float(s)
            }
        }
        return c
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func gemmMatchesTripleLoop(transposes: (Bool, Bool)) {
        let (ta, tb) = transposes
        let (m, n, k) = (13, 7, 70)
        var rng = TestRNG(seed: 11)
        let a = rng.floats(m * k), b = rng.floats(k * n)
        var c = [Float](repeating: 1, count: m * n)
        let status = gt_gemm_f32(ta ? 1 : 0, tb ? 1 : 0, Int32(m), Int32(n), Int32(k), 1, a,
                                 Int32(ta ? m : k), b, Int32(tb ? k : n), 0, &c, Int32(n))
        #expect(status == GT_OK)
        #expect(relativeError(c, naiveGemm(ta, tb, m, n, k, a, b)) < 1e-5)
    }

    @Test func gemmAccumulatesWithBeta() {
        var rng = TestRNG(seed: 5)
        let a = rng.floats(4 * 3), b = rng.floats(3 * 2)
        let c0 = rng.floats(4 * 2)
        var c = c0
        #expect(gt_gemm_f32(0, 0, 4, 2, 3, 2, a, 3, b, 2, 0.5, &c, 2) == GT_OK)
        let ab = naiveGemm(false, false, 4, 2, 3, a, b)
        let expected = zip(ab, c0).map { 2 * $0 + 0.5 * $1 }
        #expect(maxAbsDiff(c, expected) < 1e-5)
    }

    @Test func gemvBothOrientations() {
        let (m, n) = (9, 17)
        var rng = TestRNG(seed: 3)
        let a = rng.floats(m * n), x = rng.floats(n), xt = rng.floats(m)
        var y = [Float](repeating: 0, count: m), yt = [Float](repeating: 0, count: n)
        #expect(gt_gemv_f32(0, Int32(m), Int32(n), 1, a, Int32(n), x, 0, &y) == GT_OK)
        #expect(gt_gemv_f32(1, Int32(m), Int32(n), 1, a, Int32(n), xt, 0, &yt) == GT_OK)
        #expect(relativeError(y, naiveGemm(false, false, m, 1, n, a, x)) < 1e-5)
        #expect(relativeError(yt, naiveGemm(true, false, n, 1, m, a, xt)) < 1e-5)
    }

    @Test(arguments: [1, 6])
    func linearMatchesPyTorchLayout(tokens: Int) {
        let (inF, outF) = (20, 11)
        var rng = TestRNG(seed: UInt64(tokens))
        let x = rng.floats(tokens * inF), w = rng.floats(outF * inF), bias = rng.floats(outF)
        var out = [Float](repeating: .nan, count: tokens * outF)
        #expect(gt_linear_f32(&out, x, w, bias, Int32(tokens), Int32(inF), Int32(outF)) == GT_OK)
        var expected = naiveGemm(false, true, tokens, outF, inF, x, w)
        for t in 0..<tokens { for o in 0..<outF { expected[t * outF + o] += bias[o] } }
        #expect(relativeError(out, expected) < 1e-5)
    }

    @Test func rejectsBadShapes() {
        var c = [Float](repeating: 0, count: 4)
        let a = [Float](repeating: 1, count: 4)
        #expect(gt_gemm_f32(0, 0, 0, 2, 2, 1, a, 2, a, 2, 0, &c, 2) == GT_ERR_INVALID_ARGUMENT)
        #expect(gt_gemm_f32(0, 0, 2, 2, 2, 1, a, 1, a, 2, 0, &c, 2) == GT_ERR_INVALID_ARGUMENT)
        #expect(gt_gemv_f32(0, 2, 2, 1, a, 1, a, 0, &c) == GT_ERR_INVALID_ARGUMENT)
        #expect(gt_linear_f32(&c, a, nil, nil, 1, 2, 2) == GT_ERR_INVALID_ARGUMENT)
    }

    @Test func threadCountIsExplicit() {
        let before = gt_get_num_threads()
        #expect(gt_set_num_threads(1) == GT_OK)
        #expect(gt_get_num_threads() == 1)
        #expect(gt_set_num_threads(0) == GT_ERR_INVALID_ARGUMENT)
        #expect(gt_set_num_threads(before) == GT_OK)
    }
}
