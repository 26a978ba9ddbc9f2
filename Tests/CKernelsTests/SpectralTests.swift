import CKernels
import Foundation
import Testing

/// FFT, STFT / inverse STFT, windows, reflect padding and the mel filterbank, against numpy / torch /
/// librosa fixtures (Tools/fixtures/make_spectral_fixtures.py), a naive DFT written here, and
/// identities (round trip, Parseval, perfect reconstruction).
@Suite struct SpectralTests {
    /// Plan memory owned by the test (the kernels never allocate). Explicitly deallocated (with
    /// `defer`) so the memory outlives every call that uses `raw`.
    struct Plan {
        let raw: UnsafeMutableRawPointer
        let bytes: Int
        let n: Int32
        init(_ n: Int32) {
            self.n = n
            bytes = gt_fft_plan_bytes(n)
            raw = UnsafeMutableRawPointer.allocate(byteCount: max(bytes, 1), alignment: 64)
            let status = gt_fft_plan_init(raw, bytes, n)
            precondition(status == GT_OK, "plan init failed for n = \(n)")
        }
        func deallocate() { raw.deallocate() }
    }

    // MARK: helpers

    func rfft(_ x: [Float], _ plan: Plan) -> [Float] {
        let n = Int(plan.n)
        var out = [Float](repeating: .nan, count: 2 * (n / 2 + 1))
        var ws = [Float](repeating: 0, count: gt_fft_workspace_floats(plan.n))
        #expect(gt_rfft_f32(plan.raw, x, &out, &ws) == GT_OK)
        return out
    }

    func irfft(_ spec: [Float], _ plan: Plan) -> [Float] {
        var out = [Float](repeating: .nan, count: Int(plan.n))
        var ws = [Float](repeating: 0, count: gt_fft_workspace_floats(plan.n))
        #expect(gt_irfft_f32(plan.raw, spec, &out, &ws) == GT_OK)
        return out
    }

    /// The input of the 1920/2560 rfft fixtures, as make_spectral_fixtures.formula_signal.
    func formulaSignal(_ n: Int) -> [Float] {
        (0..<n).map { i in
            let d = Double(i)
            let lcg = Double((i * 7919 + 13) % 1009)
            return Float(sin(0.37 * d) + 0.5 * cos(1.3 * d) + 0.25 * (lcg / 504.5 - 1))
        }
    }

    func hann(_ n: Int32, periodic: Bool = true) -> [Float] {
        var w = [Float](repeating: .nan, count: Int(n))
        #expect(gt_hann_window_f32(&w, n, periodic ? 1 : 0) == GT_OK)
        return w
    }

    // MARK: FFT

    /// numpy.fft.rfft (float64) on the same float32 input. Tolerance: relative error < 1e-5
    /// (float32 butterflies; observed ~1e-7).
    @Test(arguments: [16, 7, 97, 400, 1920, 2560])
    func rfftMatchesNumpy(n: Int) throws {
        let f = try Fixture("spectral_rfft_\(n)")
        let x = f.tensors["x"]?.data ?? formulaSignal(n)
        let plan = Plan(Int32(n))
        defer { plan.deallocate() }
        #expect(gt_fft_plan_length(plan.raw) == Int32(n))
        let out = rfft(x, plan)
        #expect(relativeError(out, f[tensor: "out"].data) < 1e-5)
    }

    /// numpy.fft.irfft(spec, n) on random half spectra whose DC (and, for even n, Nyquist) bins have
    /// non-zero imaginary parts, which numpy ignores. Tolerance: relative error < 1e-5.
    @Test(arguments: [16, 7, 97, 400])
    func irfftMatchesNumpy(n: Int) throws {
        let f = try Fixture("spectral_irfft_\(n)")
        let spec = f[tensor: "spec"].data
        #expect(spec[1] != 0) // the fixture does exercise the ignored imaginary part
        let plan = Plan(Int32(n))
        defer { plan.deallocate() }
        let out = irfft(spec, plan)
        #expect(relativeError(out, f[tensor: "out"].data) < 1e-5)
    }

    /// irfft(rfft(x)) == x and Parseval's identity Σx² = (1/n)·Σ_k |X_k|² over the full spectrum, for
    /// lengths covering every butterfly (2, 3, 4, 5, generic) and both the packed (even) and direct
    /// (odd) real paths. Tolerances: relative error < 1e-5 for both.
    @Test(arguments: [1, 2, 3, 5, 6, 12, 15, 49, 98, 143, 512, 1018, 1920, 2560])
    func roundTripAndParseval(n: Int) {
        var rng = TestRNG(seed: UInt64(n))
        let x = rng.floats(n)
        let plan = Plan(Int32(n))
        defer { plan.deallocate() }
        let spec = rfft(x, plan)
        #expect(relativeError(irfft(spec, plan), x) < 1e-5)

        var energy: Double = 0, spectral: Double = 0
        for v in x { energy += Double(v) * Double(v) }
        for k in 0...(n / 2) {
            let re = Double(spec[2 * k]), im = Double(spec[2 * k + 1])
            let p = re * re + im * im
            let mirrored = k != 0 && !(n % 2 == 0 && k == n / 2) // bins that appear twice in the full spectrum
            spectral += mirrored ? 2 * p : p
        }
        #expect(abs(spectral / Double(n) - energy) / energy < 1e-5)
        // A real input has real DC and Nyquist bins.
        #expect(spec[1] == 0)
        if n % 2 == 0 { #expect(spec[n + 1] == 0) }
    }

    /// A naive O(n²) DFT in double precision, for prime lengths and products of primes > 5 (the
    /// generic butterfly). Tolerance: relative error < 1e-5.
    @Test(arguments: [7, 11, 97, 101, 154, 2 * 97, 7 * 7 * 3])
    func rfftMatchesNaiveDFT(n: Int) {
        var rng = TestRNG(seed: 1000 + UInt64(n))
        let x = rng.floats(n)
        var expected = [Float](repeating: 0, count: 2 * (n / 2 + 1))
        for k in 0...(n / 2) {
            var re: Double = 0, im: Double = 0
            for i in 0..<n {
                let angle = -2 * Double.pi * Double((k * i) % n) / Double(n)
                re += Double(x[i]) * cos(angle)
                im += Double(x[i]) * sin(angle)
            }
            expected[2 * k] = Float(re)
            expected[2 * k + 1] = Float(im)
        }
        let plan = Plan(Int32(n))
        defer { plan.deallocate() }
        #expect(relativeError(rfft(x, plan), expected) < 1e-5)
    }

    // MARK: windows and padding

    /// torch.hann_window (periodic) and numpy.hanning (symmetric) for n = 16, 15, 1, and the formula
    /// 0.5 − 0.5·cos(2πi/N) for n = 1920. Tolerance: 1e-6 absolute.
    @Test func hannWindowMatchesTorchAndNumpy() throws {
        let f = try Fixture("spectral_hann")
        for n: Int32 in [16, 15, 1] {
            #expect(maxAbsDiff(hann(n, periodic: true), f[tensor: "periodic_\(n)"].data) < 1e-6)
            #expect(maxAbsDiff(hann(n, periodic: false), f[tensor: "symmetric_\(n)"].data) < 1e-6)
        }
        let n = 1920
        let periodic = (0..<n).map { Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(n))) }
        let symmetric = (0..<n).map { Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(n - 1))) }
        #expect(maxAbsDiff(hann(Int32(n), periodic: true), periodic) < 1e-6)
        #expect(maxAbsDiff(hann(Int32(n), periodic: false), symmetric) < 1e-6)
    }

    /// numpy.pad(mode="reflect"): a copy, so exact.
    @Test func reflectPadMatchesNumpy() throws {
        let f = try Fixture("spectral_reflect_pad")
        let x = f[tensor: "x"].data
        let n = Int32(x.count), left = f.int("left"), right = f.int("right")
        var out = [Float](repeating: .nan, count: Int(left + n + right))
        #expect(gt_reflect_pad_f32(&out, x, n, left, right) == GT_OK)
        #expect(out == f[tensor: "out"].data)
        var out2 = [Float](repeating: .nan, count: Int(n + 3))
        #expect(gt_reflect_pad_f32(&out2, x, n, 0, 3) == GT_OK)
        #expect(out2 == f[tensor: "out_0_3"].data)
    }

    // MARK: STFT

    /// torch.stft(center=False) with a periodic Hann window, n_fft = 64 (radix 4/2) and 60 (4·3·5
    /// with the packed real path). Also |STFT| and |STFT|² against the same fixture.
    /// Tolerance: relative error < 1e-5.
    @Test(arguments: [64, 60])
    func stftMatchesTorch(nFFT: Int) throws {
        let f = try Fixture("spectral_stft_\(nFFT)")
        let x = f[tensor: "x"].data, window = f[tensor: "window"].data
        let hop = f.int("hop"), n = Int32(nFFT)
        #expect(maxAbsDiff(hann(n), window) < 1e-6) // the fixture's window is torch.hann_window
        let frames = gt_stft_frame_count(Int32(x.count), n, hop)
        let bins = nFFT / 2 + 1
        let expected = f[tensor: "out"].data
        #expect(f[tensor: "out"].shape == [Int(frames), bins, 2])

        let plan = Plan(n)
        defer { plan.deallocate() }
        var ws = [Float](repeating: 0, count: gt_stft_workspace_floats(n))
        var out = [Float](repeating: .nan, count: Int(frames) * bins * 2)
        #expect(gt_stft_f32(&out, x, Int32(x.count), window, n, hop, plan.raw, &ws) == GT_OK)
        #expect(relativeError(out, expected) < 1e-5)

        var power = [Float](repeating: 0, count: Int(frames) * bins)
        for i in power.indices {
            let re = expected[2 * i], im = expected[2 * i + 1]
            power[i] = re * re + im * im
        }
        var mag = [Float](repeating: .nan, count: Int(frames) * bins)
        #expect(gt_stft_magnitude_f32(&mag, x, Int32(x.count), window, n, hop, 0, plan.raw, &ws) == GT_OK)
        #expect(relativeError(mag, power.map { $0.squareRoot() }) < 1e-5)
        #expect(gt_stft_magnitude_f32(&mag, x, Int32(x.count), window, n, hop, 1, plan.raw, &ws) == GT_OK)
        #expect(relativeError(mag, power) < 1e-5)
    }

    /// torch.istft(center=False, normalized=False, onesided=True) with a periodic Hamming window (torch
    /// refuses a Hann window there because its envelope is 0 at sample 0) on an inconsistent spectrum.
    /// Tolerance: relative error < 1e-5.
    @Test(arguments: [60, 64])
    func istftMatchesTorch(nFFT: Int) throws {
        let f = try Fixture("spectral_istft_\(nFFT)")
        let spec = f[tensor: "spec"].data, window = f[tensor: "window"].data
        let hop = f.int("hop"), frames = f.int("n_frames"), n = Int32(nFFT)
        let expected = f[tensor: "out"].data
        #expect(expected.count == nFFT + Int(frames - 1) * Int(hop))
        var ws = [Float](repeating: 0, count: gt_istft_workspace_floats(n, frames, hop))
        var out = [Float](repeating: .nan, count: expected.count)
        let plan = Plan(n)
        defer { plan.deallocate() }
        #expect(gt_istft_f32(&out, spec, frames, window, n, hop, plan.raw, &ws) == GT_OK)
        #expect(relativeError(out, expected) < 1e-5)
    }

    /// ISTFT(STFT(x)) == x with a periodic Hann window at the vocoder's sizes (hop = n_fft/4), away from
    /// the ends where fewer frames overlap: max abs error < 1e-4 on inputs in [−1, 1]. At sample 0 the
    /// envelope is 0, so the undivided overlap-add sum (0) is returned.
    @Test(arguments: [(1920, 480), (2560, 640), (400, 100)])
    func stftIstftReconstructsInterior(nFFT: Int, hop: Int) {
        let n = Int32(nFFT)
        var rng = TestRNG(seed: 77)
        let x = rng.floats(nFFT + 12 * hop)
        let window = hann(n)
        let plan = Plan(n)
        defer { plan.deallocate() }
        let frames = gt_stft_frame_count(Int32(x.count), n, Int32(hop))
        #expect(frames == 13)
        let bins = nFFT / 2 + 1
        var spec = [Float](repeating: .nan, count: Int(frames) * bins * 2)
        var ws = [Float](repeating: 0, count: gt_stft_workspace_floats(n))
        #expect(gt_stft_f32(&spec, x, Int32(x.count), window, n, Int32(hop), plan.raw, &ws) == GT_OK)

        var iws = [Float](repeating: 0, count: gt_istft_workspace_floats(n, frames, Int32(hop)))
        var y = [Float](repeating: .nan, count: x.count)
        #expect(gt_istft_f32(&y, spec, frames, window, n, Int32(hop), plan.raw, &iws) == GT_OK)
        let interior = nFFT..<(x.count - nFFT)
        #expect(maxAbsDiff(Array(y[interior]), Array(x[interior])) < 1e-4)
        #expect(y[0] == 0)
        #expect(y.allSatisfy { $0.isFinite })
    }

    // MARK: mel filterbank

    /// librosa.filters.mel(htk=False) with norm="slaney" and norm=None. Small banks are compared in
    /// full; the 1920/2560 banks (80 mels, 0–8000 Hz) by five full rows, the row sums and the product
    /// with v[k] = 1 + cos(0.05k). Tolerances: max abs diff < 1e-6 · max weight; relative error < 1e-5.
    @Test func melFilterbankMatchesLibrosa() throws {
        func mel(_ f: Fixture, norm: Int32) -> [Float] {
            let nFFT = f.int("n_fft"), nMels = f.int("n_mels")
            var out = [Float](repeating: .nan, count: Int(nMels) * Int(nFFT / 2 + 1))
            #expect(gt_mel_filterbank_f32(&out, f.int("sr"), nFFT, nMels, f.float("fmin"), f.float("fmax"), norm) == GT_OK)
            return out
        }
        let small = try Fixture("spectral_mel_small")
        let slaney = small[tensor: "slaney"].data, plain = small[tensor: "none"].data
        #expect(maxAbsDiff(mel(small, norm: 1), slaney) < 1e-6 * slaney.max()!)
        #expect(maxAbsDiff(mel(small, norm: 0), plain) < 1e-6 * plain.max()!)

        let f400 = try Fixture("spectral_mel_400")
        let ref400 = f400[tensor: "slaney"].data
        #expect(maxAbsDiff(mel(f400, norm: 1), ref400) < 1e-6 * ref400.max()!)

        for nFFT in [1920, 2560] {
            let f = try Fixture("spectral_mel_\(nFFT)")
            let bins = nFFT / 2 + 1, nMels = Int(f.int("n_mels"))
            let m = mel(f, norm: 1)
            let rows = f[tensor: "rows"].data.map { Int($0) }
            let rowValues = f[tensor: "row_values"].data
            let mx = rowValues.max()!
            for (r, row) in rows.enumerated() {
                #expect(maxAbsDiff(Array(m[(row * bins)..<((row + 1) * bins)]), Array(rowValues[(r * bins)..<((r + 1) * bins)])) < 1e-6 * mx)
            }
            var sums = [Float](repeating: 0, count: nMels), proj = [Float](repeating: 0, count: nMels)
            for i in 0..<nMels {
                var s: Double = 0, p: Double = 0
                for k in 0..<bins {
                    let w = Double(m[i * bins + k])
                    s += w
                    p += w * Double(Float(1 + cos(0.05 * Double(k))))
                }
                sums[i] = Float(s)
                proj[i] = Float(p)
            }
            #expect(relativeError(sums, f[tensor: "row_sums"].data) < 1e-5)
            #expect(relativeError(proj, f[tensor: "projection"].data) < 1e-5)
        }
    }

    // MARK: argument checking

    /// Bad sizes, NULL pointers and foreign or mismatched plans give GT_ERR_INVALID_ARGUMENT and leave
    /// the output untouched.
    @Test func invalidArgumentsAreRejected() {
        let plan = Plan(16)
        defer { plan.deallocate() }
        let x = [Float](repeating: 1, count: 64)
        var ws = [Float](repeating: 0, count: 4096)
        var out = [Float](repeating: -7, count: 256)

        // Plans.
        #expect(gt_fft_plan_bytes(0) == 0)
        #expect(gt_fft_workspace_floats(-3) == 0)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: 4096, alignment: 64)
        defer { raw.deallocate() }
        #expect(gt_fft_plan_init(raw, 4096, 0) == GT_ERR_INVALID_ARGUMENT)
        #expect(gt_fft_plan_init(nil, 4096, 16) == GT_ERR_INVALID_ARGUMENT)
        #expect(gt_fft_plan_init(raw, gt_fft_plan_bytes(16) - 1, 16) == GT_ERR_INVALID_ARGUMENT)
        #expect(gt_fft_plan_init(raw + 1, 4000, 16) == GT_ERR_INVALID_ARGUMENT) // misaligned
        raw.initializeMemory(as: UInt8.self, repeating: 0x5A, count: 4096)
        #expect(gt_fft_plan_length(raw) == 0)
        #expect(gt_rfft_f32(raw, x, &out, &ws) == GT_ERR_INVALID_ARGUMENT) // not a plan
        #expect(gt_rfft_f32(nil, x, &out, &ws) == GT_ERR_INVALID_ARGUMENT)
        // A plan copied byte for byte is still a plan; one byte changed in its header is not.
        raw.copyMemory(from: plan.raw, byteCount: plan.bytes)
        #expect(gt_fft_plan_length(raw) == 16)
        raw.storeBytes(of: raw.load(fromByteOffset: 8, as: UInt8.self) ^ 1, toByteOffset: 8, as: UInt8.self)
        #expect(gt_irfft_f32(raw, x, &out, &ws) == GT_ERR_INVALID_ARGUMENT)
        #expect(gt_rfft_f32(plan.raw, nil, &out, &ws) == GT_ERR_INVALID_ARGUMENT)
        #expect(gt_rfft_f32(plan.raw, x, nil, &ws) == GT_ERR_INVALID_ARGUMENT)
        #expect(gt_irfft_f32(plan.raw, x, &out, nil) == GT_ERR_INVALID_ARGUMENT)

        // Windows, padding, filterbank.
        #expect(gt_hann_window_f32(&out, 0, 1) == GT_ERR_INVALID_ARGUMENT)
        #expect(gt_hann_window_f32(nil, 8, 1) == GT_ERR_INVALID_ARGUMENT)
        #expect(gt_reflect_pad_f32(&out, x, 4, 4, 0) == GT_ERR_INVALID_ARGUMENT) // left ≥ n
        #expect(gt_reflect_pad_f32(&out, x, 4, 0, 4) == GT_ERR_INVALID_ARGUMENT) // right ≥ n
        #expect(gt_reflect_pad_f32(&out, x, 4, -1, 0) == GT_ERR_INVALID_ARGUMENT)
        #expect(gt_mel_filterbank_f32(&out, 16000, 16, 0, 0, 8000, 1) == GT_ERR_INVALID_ARGUMENT)
        #expect(gt_mel_filterbank_f32(&out, 0, 16, 4, 0, 8000, 1) == GT_ERR_INVALID_ARGUMENT)
        #expect(gt_mel_filterbank_f32(&out, 16000, 16, 4, 4000, 1000, 1) == GT_ERR_INVALID_ARGUMENT)
        #expect(gt_mel_filterbank_f32(&out, 16000, 16, 4, -1, 1000, 1) == GT_ERR_INVALID_ARGUMENT)
        #expect(gt_mel_filterbank_f32(&out, 16000, 16, 4, 0, .nan, 1) == GT_ERR_INVALID_ARGUMENT)

        // STFT / ISTFT.
        let w = hann(16)
        #expect(gt_stft_frame_count(15, 16, 4) == 0)
        #expect(gt_stft_frame_count(64, 16, 0) == 0)
        #expect(gt_stft_frame_count(64, 16, 4) == 13)
        #expect(gt_stft_f32(&out, x, 15, w, 16, 4, plan.raw, &ws) == GT_ERR_INVALID_ARGUMENT) // too short
        #expect(gt_stft_f32(&out, x, 64, w, 16, 0, plan.raw, &ws) == GT_ERR_INVALID_ARGUMENT) // hop 0
        #expect(gt_stft_f32(&out, x, 64, w, 32, 4, plan.raw, &ws) == GT_ERR_INVALID_ARGUMENT) // plan is 16
        #expect(gt_stft_f32(&out, x, 64, nil, 16, 4, plan.raw, &ws) == GT_ERR_INVALID_ARGUMENT)
        #expect(gt_stft_magnitude_f32(&out, x, 64, w, 16, 4, 0, plan.raw, nil) == GT_ERR_INVALID_ARGUMENT)
        #expect(gt_istft_workspace_floats(16, 0, 4) == 0)
        #expect(gt_istft_f32(&out, x, 0, w, 16, 4, plan.raw, &ws) == GT_ERR_INVALID_ARGUMENT) // no frames
        #expect(gt_istft_f32(&out, x, 2, w, 16, -4, plan.raw, &ws) == GT_ERR_INVALID_ARGUMENT)
        #expect(gt_istft_f32(&out, x, 2, w, 8, 4, plan.raw, &ws) == GT_ERR_INVALID_ARGUMENT) // plan is 16

        #expect(out.allSatisfy { $0 == -7 }) // nothing was written
    }
}
