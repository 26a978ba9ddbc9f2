import CKernels
import Foundation
import Testing

/// Rotary embedding, KV-cache append and grouped-query attention, against transformers/PyTorch
/// fixtures (make_nn_fixtures.py) and a naive attention written here.
@Suite struct AttentionTests {
    @Test(arguments: ["nn_rope_small", "nn_rope_far"])
    func ropeMatchesTransformers(name: String) throws {
        let f = try Fixture(name)
        var x = f[tensor: "x"].data
        let positions = f[tensor: "positions"].ints
        #expect(gt_rope_f32(&x, positions, f.int("n_tokens"), f.int("n_heads"), f.int("head_dim"), f.float("theta")) == GT_OK)
        // Same float32 angle arithmetic as transformers; cos/sin of angles up to 2e4 rad differ by
        // a few ulps between libm and torch: 2e-5 absolute on unit-variance inputs.
        #expect(maxAbsDiff(x, f[tensor: "out"].data) < 2e-5)
    }

    @Test func ropeAtPositionZeroIsIdentityAndPreservesNorm() {
        var rng = TestRNG(seed: 4)
        let x = rng.floats(2 * 3 * 16)
        var y = x
        #expect(gt_rope_f32(&y, [0, 5], 2, 3, 16, 10000) == GT_OK)
        #expect(maxAbsDiff(Array(y[0..<48]), Array(x[0..<48])) == 0)
        for h in 0..<3 {
            let a = x[(48 + h * 16)..<(48 + h * 16 + 16)], b = y[(48 + h * 16)..<(48 + h * 16 + 16)]
            let na = a.map { $0 * $0 }.reduce(0, +), nb = b.map { $0 * $0 }.reduce(0, +)
            #expect(abs(na - nb) < 1e-4)
        }
        #expect(gt_rope_f32(&y, [0], 1, 1, 7, 10000) == GT_ERR_INVALID_ARGUMENT)
    }

    /// Softmax(q·kᵀ/√d)·v for every head, causal, GQA by integer division of the head index.
    func naiveAttention(q: [Float], k: [Float], v: [Float], nPast: Int, nNew: Int, heads: Int, kvHeads: Int, dim: Int) -> [Float] {
        var out = [Float](repeating: 0, count: nNew * heads * dim)
        let group = heads / kvHeads
        for i in 0..<nNew {
            for h in 0..<heads {
                let kh = h / group
                let len = nPast + i + 1
                var scores = [Double](repeating: 0, count: len)
                for t in 0..<len {
                    var s: Double = 0
                    for d in 0..<dim { s += Double(q[(i * heads + h) * dim + d]) * Double(k[(t * kvHeads + kh) * dim + d]) }
                    scores[t] = s / Double(dim).squareRoot()
                }
                let m = scores.max()!
                let e = scores.map { Foundation.exp($0 - m) }
                let z = e.reduce(0, +)
                for d in 0..<dim {
                    var acc: Double = 0
                    for t in 0..<len { acc += e[t] / z * Double(v[(t * kvHeads + kh) * dim + d]) }
                    out[(i * heads + h) * dim + d] = Float(acc)
                }
            }
        }
        return out
    }

    @Test(arguments: ["nn_attention_prefill_gqa", "nn_attention_prefill_past"])
    func prefillMatchesPyTorch(name: String) throws {
        let f = try Fixture(name)
        let nPast = f.int("n_past"), nNew = f.int("n_new")
        var out = [Float](repeating: .nan, count: f[tensor: "out"].data.count)
        var ws = [Float](repeating: 0, count: gt_attention_prefill_workspace_floats(nPast, nNew))
        #expect(gt_attention_prefill_f32(&out, f[tensor: "q"].data, f[tensor: "k"].data, f[tensor: "v"].data,
                                         nPast, nNew, f.int("n_heads"), f.int("n_kv_heads"), f.int("head_dim"), &ws) == GT_OK)
        #expect(maxAbsDiff(out, f[tensor: "out"].data) < 1e-5) // torch SDPA in float32
    }

    @Test func decodeMatchesPyTorch() throws {
        let f = try Fixture("nn_attention_decode_gqa")
        let nCtx = f.int("n_past") + f.int("n_new"), heads = f.int("n_heads")
        var out = [Float](repeating: .nan, count: f[tensor: "out"].data.count)
        var ws = [Float](repeating: 0, count: gt_attention_decode_workspace_floats(nCtx, heads))
        #expect(gt_attention_decode_f32(&out, f[tensor: "q"].data, f[tensor: "k"].data, f[tensor: "v"].data,
                                        nCtx, heads, f.int("n_kv_heads"), f.int("head_dim"), &ws) == GT_OK)
        #expect(maxAbsDiff(out, f[tensor: "out"].data) < 1e-5)
    }

    /// Prefill of a block, then decode token by token, must both equal the naive reference:
    /// the two paths the decoder takes with and without a cache.
    @Test(arguments: [(8, 2, 32), (4, 4, 7), (6, 1, 64)])
    func prefillAndDecodeAgreeWithNaive(shape: (Int, Int, Int)) {
        let (heads, kvHeads, dim) = shape
        let n = 19
        var rng = TestRNG(seed: UInt64(heads * 100 + dim))
        let q = rng.floats(n * heads * dim), k = rng.floats(n * kvHeads * dim), v = rng.floats(n * kvHeads * dim)
        let expected = naiveAttention(q: q, k: k, v: v, nPast: 0, nNew: n, heads: heads, kvHeads: kvHeads, dim: dim)

        var prefill = [Float](repeating: .nan, count: expected.count)
        var ws = [Float](repeating: 0, count: gt_attention_prefill_workspace_floats(0, Int32(n)))
        #expect(gt_attention_prefill_f32(&prefill, q, k, v, 0, Int32(n), Int32(heads), Int32(kvHeads), Int32(dim), &ws) == GT_OK)
        #expect(maxAbsDiff(prefill, expected) < 1e-5)

        var decoded = [Float]()
        var dws = [Float](repeating: 0, count: gt_attention_decode_workspace_floats(Int32(n), Int32(heads)))
        for t in 0..<n {
            var o = [Float](repeating: .nan, count: heads * dim)
            let qt = Array(q[(t * heads * dim)..<((t + 1) * heads * dim)])
            #expect(gt_attention_decode_f32(&o, qt, k, v, Int32(t + 1), Int32(heads), Int32(kvHeads), Int32(dim), &dws) == GT_OK)
            decoded += o
        }
        #expect(maxAbsDiff(decoded, expected) < 1e-5)
    }

    @Test func attentionRejectsHeadsThatDoNotDivide() {
        var out = [Float](repeating: 0, count: 12)
        var ws = [Float](repeating: 0, count: 12)
        let x = [Float](repeating: 0, count: 12)
        #expect(gt_attention_decode_f32(&out, x, x, x, 1, 3, 2, 4, &ws) == GT_ERR_INVALID_ARGUMENT)
        #expect(gt_attention_prefill_f32(&out, x, x, x, 0, 1, 3, 2, 4, &ws) == GT_ERR_INVALID_ARGUMENT)
        #expect(gt_attention_decode_f32(&out, x, x, x, 0, 2, 2, 4, &ws) == GT_ERR_INVALID_ARGUMENT)
    }

    @Test func kvAppendFillsRowsAndRefusesPastCapacity() {
        let kvDim = 6, capacity = 5
        var kc = [Float](repeating: -1, count: capacity * kvDim), vc = kc
        var count: Int32 = 0
        let k1 = (0..<(3 * kvDim)).map { Float($0) }, v1 = k1.map { -$0 }
        #expect(gt_kv_append_f32(&kc, &vc, &count, Int32(capacity), k1, v1, 3, Int32(kvDim)) == GT_OK)
        #expect(count == 3)
        #expect(Array(kc[0..<18]) == k1)
        #expect(Array(vc[0..<18]) == v1)
        // 3 more rows do not fit in the 2 left: nothing is written, the count stays.
        let k2 = [Float](repeating: 7, count: 3 * kvDim)
        #expect(gt_kv_append_f32(&kc, &vc, &count, Int32(capacity), k2, k2, 3, Int32(kvDim)) == GT_ERR_CAPACITY)
        #expect(count == 3)
        #expect(Array(kc[18...]) == [Float](repeating: -1, count: 12))
        #expect(gt_kv_append_f32(&kc, &vc, &count, Int32(capacity), k2, k2, 2, Int32(kvDim)) == GT_OK)
        #expect(count == 5)
        #expect(Array(kc[18...]) == [Float](repeating: 7, count: 12))
        var bad: Int32 = 9
        #expect(gt_kv_append_f32(&kc, &vc, &bad, Int32(capacity), k2, k2, 1, Int32(kvDim)) == GT_ERR_INVALID_ARGUMENT)
    }
}
