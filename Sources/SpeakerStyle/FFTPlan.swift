import CKernels

/// A CKernels real-FFT plan of one length, allocated once; read-only after construction, so it can
/// be shared between threads (each transform brings its own workspace).
final class FFTPlan: @unchecked Sendable {
    let length: Int
    private let plan: UnsafeMutableRawPointer

    init(length: Int) {
        self.length = length
        let bytes = gt_fft_plan_bytes(Int32(length))
        plan = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        let status = gt_fft_plan_init(plan, bytes, Int32(length))
        precondition(status == GT_OK, "FFT plan of length \(length): \(String(cString: gt_status_string(status)))")
    }

    deinit { plan.deallocate() }

    /// |STFT|² (squared) or |STFT| of `x` framed without centering: 1 + (n − length) / hop frames
    /// of length/2 + 1 bins; no frames when x is shorter than one window.
    func stftMagnitude(_ x: [Float], window: [Float], hop: Int, squared: Bool) -> MelSpectrogram {
        precondition(window.count == length)
        let bins = length / 2 + 1
        guard x.count >= length else { return MelSpectrogram(frameCount: 0, binCount: bins, values: []) }
        let frames = Int(gt_stft_frame_count(Int32(x.count), Int32(length), Int32(hop)))
        var out = [Float](repeating: 0, count: frames * bins)
        var workspace = [Float](repeating: 0, count: gt_stft_workspace_floats(Int32(length)))
        let status = gt_stft_magnitude_f32(&out, x, Int32(x.count), window, Int32(length), Int32(hop),
                                           squared ? 1 : 0, plan, &workspace)
        precondition(status == GT_OK, "STFT: \(String(cString: gt_status_string(status)))")
        return MelSpectrogram(frameCount: frames, binCount: bins, values: out)
    }

    /// Forward real FFT of one frame of `length` samples into `out` ([length/2 + 1][2]).
    func rfft(_ frame: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, workspace: UnsafeMutablePointer<Float>) {
        let status = gt_rfft_f32(plan, frame, out, workspace)
        precondition(status == GT_OK, "rFFT: \(String(cString: gt_status_string(status)))")
    }

    var workspaceFloats: Int { gt_fft_workspace_floats(Int32(length)) }
}

extension MelSpectrogram {
    /// self [frames][n] times filterbankᵀ, filterbank [bins][n] → [frames][bins].
    func project(onto filterbank: [Float], bins: Int) -> MelSpectrogram {
        precondition(filterbank.count == bins * binCount)
        guard frameCount > 0 else { return MelSpectrogram(frameCount: 0, binCount: bins, values: []) }
        var out = [Float](repeating: 0, count: frameCount * bins)
        let status = gt_gemm_f32(0, 1, Int32(frameCount), Int32(bins), Int32(binCount), 1, values, Int32(binCount),
                                 filterbank, Int32(binCount), 0, &out, Int32(bins))
        precondition(status == GT_OK, "GEMM: \(String(cString: gt_status_string(status)))")
        return MelSpectrogram(frameCount: frameCount, binCount: bins, values: out)
    }
}
