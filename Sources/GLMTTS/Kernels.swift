import CKernels
import Foundation
import Synchronization

/// Settings of the C kernels that apply to the whole process.
public enum Kernels {
    /// Threads in OpenBLAS's pool: the one owner of parallelism in the kernels.
    public static var threadCount: Int { Int(gt_get_num_threads()) }

    /// Sets the OpenBLAS thread count. Throws for a count below one.
    public static func setThreadCount(_ n: Int) throws {
        guard n >= 1, n <= Int(Int32.max) else {
            throw TTSError.invalidArgument(name: "thread count", reason: "must be at least 1, got \(n)")
        }
        chosen.store(true, ordering: .relaxed)
        try check(gt_set_num_threads(Int32(n)), "gt_set_num_threads")
    }

    /// The thread count a `Synthesizer` starts with when nobody chose one.
    public static let defaultThreadCount = 1
    /// Environment variables through which a user sets OpenBLAS's threads; any of them wins over the default.
    static let threadVariables = ["GLMTTS_THREADS", "OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"]
    private static let chosen = Atomic<Bool>(false)

    /// OpenBLAS starts one thread per core. The models here make thousands of small products per
    /// second of speech, and a second thread mostly waits: on a busy machine (another process on the
    /// other core) two threads made the bundled model 70 times slower than one (Docs/Performance.md).
    /// So the first synthesizer sets `defaultThreadCount`, unless `setThreadCount` was called or one
    /// of `threadVariables` is set (GLMTTS_THREADS=N sets N).
    static func applyDefaultThreadCount() {
        guard !chosen.exchange(true, ordering: .relaxed) else { return }
        if let n = startingThreadCount(environment: ProcessInfo.processInfo.environment) { _ = gt_set_num_threads(Int32(n)) }
    }

    /// The thread count a synthesizer made now would run with (what `applyDefaultThreadCount` would
    /// set, or OpenBLAS's current count when the user already chose).
    public static var synthesisThreadCount: Int {
        if chosen.load(ordering: .relaxed) { return threadCount }
        return startingThreadCount(environment: ProcessInfo.processInfo.environment) ?? threadCount
    }

    /// The count to set at the first synthesizer: GLMTTS_THREADS when it is a number from 1 to 1024,
    /// nil (leave OpenBLAS alone) when an OpenBLAS/OpenMP variable is set, else `defaultThreadCount`.
    static func startingThreadCount(environment: [String: String]) -> Int? {
        if let value = environment["GLMTTS_THREADS"], let n = Int(value), (1...1024).contains(n) { return n }
        if threadVariables.dropFirst().contains(where: { environment[$0] != nil }) { return nil }
        return defaultThreadCount
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
