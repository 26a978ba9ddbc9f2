import CKernels

/// Settings of the C kernels that apply to the whole process.
public enum Kernels {
    /// Threads in OpenBLAS's pool: the one owner of parallelism in the kernels.
    public static var threadCount: Int { Int(gt_get_num_threads()) }

    /// Sets the OpenBLAS thread count. Throws for a count below one.
    public static func setThreadCount(_ n: Int) throws {
        guard n >= 1, n <= Int(Int32.max) else {
            throw TTSError.invalidArgument(name: "thread count", reason: "must be at least 1, got \(n)")
        }
        try check(gt_set_num_threads(Int32(n)), "gt_set_num_threads")
    }

    /// The instruction set the hand-tuned loops run with ("avx512", "avx2" or "scalar").
    public static var simdLevel: String {
        switch gt_simd_active() {
        case Int32(GT_SIMD_AVX512): return "avx512"
        case Int32(GT_SIMD_AVX2): return "avx2"
        default: return "scalar"
        }
    }

    /// Turns a kernel status into a thrown error, once, at the Swift boundary.
    @inline(__always)
    static func check(_ status: Int32, _ name: String) throws {
        if status != Int32(GT_OK) { throw TTSError.kernel(name: name, status: status) }
    }
}
