import CKernels
import Testing

// gt_lstsq_f32 (LAPACK sgelsd, minimum-norm least squares) against numpy.linalg.lstsq fixtures and
// against Double references from the normal equations: x = (AᵀA)⁻¹Aᵀb when overdetermined,
// x = Aᵀ(AAᵀ)⁻¹b (the minimum-norm solution) when underdetermined. The test matrices are well
// conditioned (cond < 10 for the random ones), so float32 results are within relative error 1e-5
// (1e-4 for the 80 × 1025 mel-filterbank-shaped case).

private let ok = Int32(GT_OK)
private let invalid = Int32(GT_ERR_INVALID_ARGUMENT)
private let workspaceError = Int32(GT_ERR_WORKSPACE)

/// Runs gt_lstsq_f32 with exactly the workspace gt_lstsq_workspace asks for (plus `extra` floats).
private func lstsq(_ a: [Float], _ b: [Float], m: Int, n: Int, nrhs: Int, rcond: Float = -1,
                   extra: Int = 0) -> (Int32, [Float]) {
    var nFloats = 0, nInts = 0
    let q = gt_lstsq_workspace(Int32(m), Int32(n), Int32(nrhs), &nFloats, &nInts)
    guard Int32(q) == ok else { return (Int32(q), []) }
    var ws = [Float](repeating: .nan, count: nFloats + extra)
    var iws = [Int32](repeating: -1, count: nInts)
    var x = [Float](repeating: .nan, count: n * nrhs)
    let st = gt_lstsq_f32(&x, a, b, Int32(m), Int32(n), Int32(nrhs), rcond, &ws, ws.count, &iws, iws.count)
    return (Int32(st), x)
}

/// Solves the symmetric positive definite system s·y = r (s: [k, k], r: [k, nrhs]) in Double by
/// Gaussian elimination with partial pivoting.
private func solve(_ s: [Double], _ r: [Double], k: Int, nrhs: Int) -> [Double] {
    var a = s, y = r
    for col in 0..<k {
        var p = col
        for i in (col + 1)..<k where abs(a[i * k + col]) > abs(a[p * k + col]) { p = i }
        if p != col {
            for j in 0..<k { a.swapAt(col * k + j, p * k + j) }
            for j in 0..<nrhs { y.swapAt(col * nrhs + j, p * nrhs + j) }
        }
        for i in (col + 1)..<k {
            let f = a[i * k + col] / a[col * k + col]
            if f == 0 { continue }
            for j in col..<k { a[i * k + j] -= f * a[col * k + j] }
            for j in 0..<nrhs { y[i * nrhs + j] -= f * y[col * nrhs + j] }
        }
    }
    for col in stride(from: k - 1, through: 0, by: -1) {
        for j in 0..<nrhs {
            var v = y[col * nrhs + j]
            for i in (col + 1)..<k { v -= a[col * k + i] * y[i * nrhs + j] }
            y[col * nrhs + j] = v / a[col * k + col]
        }
    }
    return y
}

/// The least-squares solution of a full-rank system from the normal equations, in Double.
private func normalEquations(_ a: [Float], _ b: [Float], m: Int, n: Int, nrhs: Int) -> [Float] {
    let A = a.map(Double.init), B = b.map(Double.init)
    if m >= n {
        var ata = [Double](repeating: 0, count: n * n), atb = [Double](repeating: 0, count: n * nrhs)
        for i in 0..<m {
            for p in 0..<n {
                let aip = A[i * n + p]
                for q in 0..<n { ata[p * n + q] += aip * A[i * n + q] }
                for r in 0..<nrhs { atb[p * nrhs + r] += aip * B[i * nrhs + r] }
            }
        }
        return solve(ata, atb, k: n, nrhs: nrhs).map { Float($0) }
    } else {
        var aat = [Double](repeating: 0, count: m * m)
        for p in 0..<m {
            for q in 0..<m {
                var acc = 0.0
                for j in 0..<n { acc += A[p * n + j] * A[q * n + j] }
                aat[p * m + q] = acc
            }
        }
        let y = solve(aat, B, k: m, nrhs: nrhs)
        var x = [Double](repeating: 0, count: n * nrhs)
        for j in 0..<n {
            for p in 0..<m {
                for r in 0..<nrhs { x[j * nrhs + r] += A[p * n + j] * y[p * nrhs + r] }
            }
        }
        return x.map { Float($0) }
    }
}

/// n_mels triangular filters with evenly spaced centres over n_bins: the shape of a mel filterbank.
private func melLikeFilterbank(mels: Int, bins: Int) -> [Float] {
    var fb = [Float](repeating: 0, count: mels * bins)
    let spacing = Double(bins - 1) / Double(mels + 1)
    for i in 0..<mels {
        let lo = Double(i) * spacing, mid = lo + spacing, hi = mid + spacing
        for k in 0..<bins {
            let v = min((Double(k) - lo) / (mid - lo), (hi - Double(k)) / (hi - mid))
            fb[i * bins + k] = Float(max(0, v))
        }
    }
    return fb
}

@Test(arguments: ["lstsq_overdetermined", "lstsq_underdetermined", "lstsq_mel_like"])
func lstsqMatchesNumPy(_ name: String) throws {
    let f = try Fixture(name)
    let m = Int(f.int("m")), n = Int(f.int("n")), nrhs = Int(f.int("nrhs"))
    let (st, x) = lstsq(f[tensor: "a"].data, f[tensor: "b"].data, m: m, n: n, nrhs: nrhs)
    #expect(st == ok)
    try #require(x.count == n * nrhs)
    #expect(relativeError(x, f[tensor: "x"].data) < 1e-5)
}

@Test func lstsqMatchesNormalEquations() {
    var rng = TestRNG(seed: 0x15A)
    // Overdetermined, square, underdetermined (the mel-inversion shape, smaller), one right-hand side.
    for (m, n, nrhs) in [(30, 7, 3), (9, 9, 2), (20, 129, 5), (5, 40, 1), (64, 1, 1), (1, 16, 2)] {
        var a = rng.floats(m * n)
        if m == n { for i in 0..<n { a[i * n + i] += 4 } }  // keep the square case well conditioned
        let b = rng.floats(m * nrhs)
        let (st, x) = lstsq(a, b, m: m, n: n, nrhs: nrhs)
        #expect(st == ok, "\(m)×\(n)")
        #expect(relativeError(x, normalEquations(a, b, m: m, n: n, nrhs: nrhs)) < 1e-5, "\(m)×\(n)")
    }
}

@Test func lstsqInvertsMelShapedFilterbank() {
    // The genuine use: minimum-norm inversion of an 80 × 1025 filterbank for a preview vocoder.
    let mels = 80, bins = 1025, frames = 3
    let fb = melLikeFilterbank(mels: mels, bins: bins)
    var rng = TestRNG(seed: 0x3E1)
    let spectrum = (0..<(bins * frames)).map { _ in abs(rng.float()) }
    var mel = [Float](repeating: 0, count: mels * frames)
    for i in 0..<mels {
        for r in 0..<frames {
            var acc = 0.0
            for k in 0..<bins { acc += Double(fb[i * bins + k]) * Double(spectrum[k * frames + r]) }
            mel[i * frames + r] = Float(acc)
        }
    }
    let (st, x) = lstsq(fb, mel, m: mels, n: bins, nrhs: frames)
    #expect(st == ok)
    #expect(x.count == bins * frames)
    #expect(relativeError(x, normalEquations(fb, mel, m: mels, n: bins, nrhs: frames)) < 1e-4)
    // The solution reproduces the mel spectrogram exactly (the system is consistent).
    var back = [Float](repeating: 0, count: mels * frames)
    for i in 0..<mels {
        for r in 0..<frames {
            var acc = 0.0
            for k in 0..<bins { acc += Double(fb[i * bins + k]) * Double(x[k * frames + r]) }
            back[i * frames + r] = Float(acc)
        }
    }
    #expect(relativeError(back, mel) < 1e-4)
}

@Test func lstsqRankDeficientGivesMinimumNorm() {
    // Columns 1 and 2 are equal: the minimum-norm solution splits their weight evenly.
    var rng = TestRNG(seed: 0xDEF)
    let m = 8
    let c0 = rng.floats(m), c1 = rng.floats(m), b = rng.floats(m)
    var a = [Float](repeating: 0, count: m * 3), reduced = [Float](repeating: 0, count: m * 2)
    for i in 0..<m {
        a[i * 3] = c0[i]; a[i * 3 + 1] = c1[i]; a[i * 3 + 2] = c1[i]
        reduced[i * 2] = c0[i]; reduced[i * 2 + 1] = c1[i]
    }
    let z = normalEquations(reduced, b, m: m, n: 2, nrhs: 1)
    let (st, x) = lstsq(a, b, m: m, n: 3, nrhs: 1, rcond: 1e-5)
    #expect(st == ok)
    #expect(relativeError(x, [z[0], z[1] / 2, z[1] / 2]) < 1e-5)
}

@Test func lstsqWorkspaceAndArgumentChecks() {
    var nFloats = 0, nInts = 0
    #expect(Int32(gt_lstsq_workspace(10, 4, 2, &nFloats, &nInts)) == ok)
    // At least the copies of a and b, the singular values and some LAPACK work.
    #expect(nFloats > 10 * 4 + 10 * 2 + 4)
    #expect(nInts >= 1)
    #expect(Int32(gt_lstsq_workspace(0, 4, 2, &nFloats, &nInts)) == invalid)
    #expect(Int32(gt_lstsq_workspace(10, 0, 2, &nFloats, &nInts)) == invalid)
    #expect(Int32(gt_lstsq_workspace(10, 4, 0, &nFloats, &nInts)) == invalid)
    #expect(Int32(gt_lstsq_workspace(10, 4, 2, nil, &nInts)) == invalid)
    #expect(Int32(gt_lstsq_workspace(10, 4, 2, &nFloats, nil)) == invalid)

    #expect(Int32(gt_lstsq_workspace(10, 4, 2, &nFloats, &nInts)) == ok)
    var rng = TestRNG(seed: 5)
    let a = rng.floats(40), b = rng.floats(20)
    var x = [Float](repeating: 7, count: 8)
    var ws = [Float](repeating: 0, count: nFloats)
    var iws = [Int32](repeating: 0, count: nInts)
    #expect(Int32(gt_lstsq_f32(&x, a, b, 10, 4, 2, -1, &ws, nFloats - 1, &iws, nInts)) == workspaceError)
    #expect(Int32(gt_lstsq_f32(&x, a, b, 10, 4, 2, -1, &ws, nFloats, &iws, nInts - 1)) == workspaceError)
    #expect(Int32(gt_lstsq_f32(&x, a, b, 10, 4, 2, -1, &ws, 0, &iws, nInts)) == workspaceError)
    #expect(Int32(gt_lstsq_f32(nil, a, b, 10, 4, 2, -1, &ws, nFloats, &iws, nInts)) == invalid)
    #expect(Int32(gt_lstsq_f32(&x, nil, b, 10, 4, 2, -1, &ws, nFloats, &iws, nInts)) == invalid)
    #expect(Int32(gt_lstsq_f32(&x, a, nil, 10, 4, 2, -1, &ws, nFloats, &iws, nInts)) == invalid)
    #expect(Int32(gt_lstsq_f32(&x, a, b, 10, 4, 2, -1, nil, nFloats, &iws, nInts)) == invalid)
    #expect(Int32(gt_lstsq_f32(&x, a, b, 10, 4, 2, -1, &ws, nFloats, nil, nInts)) == invalid)
    #expect(Int32(gt_lstsq_f32(&x, a, b, 10, 0, 2, -1, &ws, nFloats, &iws, nInts)) == invalid)
    #expect(Int32(gt_lstsq_f32(&x, a, b, 10, 4, 2, .nan, &ws, nFloats, &iws, nInts)) == invalid)
    #expect(x.allSatisfy { $0 == 7 })

    // Exactly the reported size works, and so does a larger one.
    #expect(Int32(gt_lstsq_f32(&x, a, b, 10, 4, 2, -1, &ws, nFloats, &iws, nInts)) == ok)
    let exact = x
    let (st, larger) = lstsq(a, b, m: 10, n: 4, nrhs: 2, extra: 1000)
    #expect(st == ok)
    #expect(relativeError(larger, exact) < 1e-5)
}
