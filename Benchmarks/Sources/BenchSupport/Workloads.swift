// Workloads shared by the ordo-one/benchmark suite (KernelBenchmarks) and the plain runner (KernelReport).
// Every buffer is allocated and filled once, in an initializer; `run()` only calls the kernel, so what is
// timed is the kernel alone. The workloads are classes holding raw pointers and are used from one thread
// at a time (the multi-threaded read splits its own work), hence @unchecked Sendable.
import CKernels
import Dispatch
import Foundation

/// A 64-byte aligned float buffer, filled with reproducible values in [-1, 1) so that every page is
/// touched (mapped) before anything is timed.
public final class FloatBuffer: @unchecked Sendable {
    public let pointer: UnsafeMutablePointer<Float>
    public let count: Int
    public var byteCount: Int { count * MemoryLayout<Float>.stride }

    public init(count: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) {
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Float>.stride,
                                                   alignment: 64)
        pointer = raw.bindMemory(to: Float.self, capacity: max(count, 1))
        var state = seed
        for i in 0..<count {
            // xorshift64*: fast and deterministic; 24 high bits become a float in [-1, 1).
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            let bits = (state &* 0x2545_F491_4F6C_DD1D) >> 40
            pointer[i] = Float(bits) / Float(1 << 23) - 1
        }
    }

    deinit { UnsafeMutableRawPointer(pointer).deallocate() }
}

@inline(__always)
private func check(_ status: Int32, _ what: String) {
    if status != Int32(GT_OK) {
        fatalError("\(what) failed: \(String(cString: gt_status_string(status)))")
    }
}

/// Sets OpenBLAS's thread count (which every BLAS-backed kernel uses).
public func setKernelThreads(_ n: Int) {
    check(gt_set_num_threads(Int32(n)), "gt_set_num_threads(\(n))")
}

// MARK: - Memory bandwidth reference

/// Sums `count` floats with four 16-wide accumulators: a plain streaming read the compiler vectorises,
/// the memory-read speed a memory-bound kernel (GEMV) can at best reach.
@inline(never)
public func sumFloats(_ p: UnsafePointer<Float>, _ count: Int) -> Float {
    let raw = UnsafeRawPointer(p)
    var a0 = SIMD16<Float>(), a1 = SIMD16<Float>(), a2 = SIMD16<Float>(), a3 = SIMD16<Float>()
    var i = 0
    while i + 64 <= count {
        let o = i * 4
        a0 += raw.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self)
        a1 += raw.loadUnaligned(fromByteOffset: o + 64, as: SIMD16<Float>.self)
        a2 += raw.loadUnaligned(fromByteOffset: o + 128, as: SIMD16<Float>.self)
        a3 += raw.loadUnaligned(fromByteOffset: o + 192, as: SIMD16<Float>.self)
        i += 64
    }
    var s = ((a0 + a1) + (a2 + a3)).sum()
    while i < count { s += p[i]; i += 1 }
    return s
}

/// Reads (sums) a buffer with 1 or more threads; `bytesRead` per call is `buffer.byteCount`.
public final class MemoryReadWorkload: @unchecked Sendable {
    public let buffer: FloatBuffer
    public let threads: Int
    private let partial: UnsafeMutablePointer<Float>

    /// Reads `buffer` (pass a GEMV workload's matrix to compare like with like).
    public init(buffer: FloatBuffer, threads: Int) {
        precondition(threads >= 1)
        self.buffer = buffer
        self.threads = threads
        partial = .allocate(capacity: threads)
        partial.initialize(repeating: 0, count: threads)
    }

    deinit { partial.deallocate() }

    public var bytesPerCall: Int { buffer.byteCount }

    @discardableResult
    public func run() -> Float {
        if threads == 1 { return sumFloats(buffer.pointer, buffer.count) }
        // One chunk per thread, each a multiple of 64 floats (256 bytes), on threads started for the call
        // (fixed partitioning, as OpenBLAS does). Not DispatchQueue.concurrentPerform: it lets the calling
        // thread run every chunk itself when a worker is slow to start, which on a busy 2-core machine
        // silently turns the 2-thread read into a 1-thread one.
        let n = buffer.count, t = threads
        let chunk = (n / t + 63) / 64 * 64
        let done = DispatchSemaphore(value: 0)
        for k in 1..<t {
            Thread {
                let lo = min(k * chunk, n), hi = min(lo + chunk, n)
                self.partial[k] = sumFloats(self.buffer.pointer + lo, hi - lo)
                done.signal()
            }.start()
        }
        partial[0] = sumFloats(buffer.pointer, min(chunk, n))
        for _ in 1..<t { done.wait() }
        var s: Float = 0
        for k in 0..<t { s += partial[k] }
        return s
    }
}

/// memcpy between two buffers of the same size; `bytesPerCall` counts the bytes copied (each way).
public final class MemcpyWorkload: @unchecked Sendable {
    public let source: FloatBuffer
    public let destination: FloatBuffer

    public init(bytes: Int) {
        source = FloatBuffer(count: bytes / MemoryLayout<Float>.stride)
        destination = FloatBuffer(count: bytes / MemoryLayout<Float>.stride, seed: 7)
    }

    public var bytesPerCall: Int { source.byteCount }

    @discardableResult
    public func run() -> Float {
        memcpy(destination.pointer, source.pointer, source.byteCount)
        return destination.pointer[destination.count / 2]
    }
}

// MARK: - GEMV

/// y = A·x with A: [rows, cols] row-major fp32 (gt_gemv_f32, trans = 0): the decode-time linear layer.
public final class GemvWorkload: @unchecked Sendable {
    public let rows: Int, cols: Int
    public let a: FloatBuffer, x: FloatBuffer, y: FloatBuffer

    public init(rows: Int = 4096, cols: Int = 4096) {
        self.rows = rows
        self.cols = cols
        a = FloatBuffer(count: rows * cols)
        x = FloatBuffer(count: cols, seed: 3)
        y = FloatBuffer(count: rows, seed: 5)
    }

    /// Bytes of matrix read per call (x and y are tiny next to it).
    public var matrixBytes: Int { a.byteCount }

    @discardableResult
    public func run() -> Float {
        check(gt_gemv_f32(0, Int32(rows), Int32(cols), 1, a.pointer, Int32(cols), x.pointer, 0, y.pointer),
              "gt_gemv_f32")
        return y.pointer[0]
    }
}

// MARK: - Decode attention

/// One decode step of grouped-query attention over `contextLength` cached positions.
/// GLM-TTS's LLM: 16 query heads, 4 KV heads, head_dim 128.
public final class DecodeAttentionWorkload: @unchecked Sendable {
    public let contextLength: Int, heads: Int, kvHeads: Int, headDim: Int
    public let q: FloatBuffer, k: FloatBuffer, v: FloatBuffer, out: FloatBuffer, workspace: FloatBuffer

    public init(contextLength: Int, heads: Int = 16, kvHeads: Int = 4, headDim: Int = 128) {
        self.contextLength = contextLength
        self.heads = heads
        self.kvHeads = kvHeads
        self.headDim = headDim
        q = FloatBuffer(count: heads * headDim, seed: 11)
        k = FloatBuffer(count: contextLength * kvHeads * headDim, seed: 13)
        v = FloatBuffer(count: contextLength * kvHeads * headDim, seed: 17)
        out = FloatBuffer(count: heads * headDim, seed: 19)
        workspace = FloatBuffer(
            count: gt_attention_decode_workspace_floats(Int32(contextLength), Int32(heads)), seed: 23)
    }

    /// Bytes of K and V cache read per call (each KV head once).
    public var cacheBytes: Int { k.byteCount + v.byteCount }
    /// Multiply-adds counted as 2 FLOPs: Q·Kᵀ and P·V, each heads × context × head_dim.
    public var flops: Double { 4 * Double(heads) * Double(contextLength) * Double(headDim) }

    @discardableResult
    public func run() -> Float {
        check(gt_attention_decode_f32(out.pointer, q.pointer, k.pointer, v.pointer, Int32(contextLength),
                                      Int32(heads), Int32(kvHeads), Int32(headDim), workspace.pointer),
              "gt_attention_decode_f32")
        return out.pointer[0]
    }
}

// MARK: - Transposed convolution

/// ConvTranspose1d (gt_conv_transpose1d_f32) shapes of a HiFi-GAN/HiFT upsampler stage.
public struct ConvTransposeShape: Sendable, CustomStringConvertible {
    public var cIn: Int, cOut: Int, kernel: Int, stride: Int, padding: Int, lIn: Int

    public init(cIn: Int, cOut: Int, kernel: Int, stride: Int, padding: Int, lIn: Int) {
        self.cIn = cIn
        self.cOut = cOut
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.lIn = lIn
    }

    public var lOut: Int {
        Int(gt_conv_transpose1d_out_length(Int32(lIn), Int32(kernel), Int32(stride), Int32(padding), 1, 0))
    }

    public var description: String {
        "\(cIn)→\(cOut) k\(kernel) s\(stride) p\(padding) l_in \(lIn)"
    }

    /// The first two upsampling stages of a HiFT-style vocoder (CosyVoice's HiFT: upsample rates 8, 5, 3,
    /// kernels 16, 11, 7; HiFi-GAN's first stage is the same 512→256, k16, ×8): 100 mel frames in
    /// (2 s at 50 frames/s), 800 samples per channel after stage 1, 4000 after stage 2.
    public static let hiftStage1 = ConvTransposeShape(cIn: 512, cOut: 256, kernel: 16, stride: 8, padding: 4, lIn: 100)
    public static let hiftStage2 = ConvTransposeShape(cIn: 256, cOut: 128, kernel: 11, stride: 5, padding: 3, lIn: 800)
}

public final class ConvTransposeWorkload: @unchecked Sendable {
    public let shape: ConvTransposeShape
    public let x: FloatBuffer, w: FloatBuffer, bias: FloatBuffer, out: FloatBuffer, workspace: FloatBuffer

    public init(shape: ConvTransposeShape) {
        self.shape = shape
        x = FloatBuffer(count: shape.cIn * shape.lIn, seed: 29)
        w = FloatBuffer(count: shape.cIn * shape.cOut * shape.kernel, seed: 31)
        bias = FloatBuffer(count: shape.cOut, seed: 37)
        out = FloatBuffer(count: shape.cOut * shape.lOut, seed: 41)
        workspace = FloatBuffer(
            count: gt_conv_transpose1d_workspace_floats(Int32(shape.cOut), Int32(shape.lIn), Int32(shape.kernel), 1),
            seed: 43)
    }

    /// Multiply-adds as 2 FLOPs: every input sample meets c_out × kernel weights.
    public var flops: Double {
        2 * Double(shape.cIn) * Double(shape.cOut) * Double(shape.kernel) * Double(shape.lIn)
    }
    public var outputSamples: Int { shape.cOut * shape.lOut }

    @discardableResult
    public func run() -> Float {
        let s = shape
        check(gt_conv_transpose1d_f32(out.pointer, x.pointer, w.pointer, bias.pointer, Int32(s.cIn), Int32(s.lIn),
                                      Int32(s.cOut), Int32(s.kernel), Int32(s.stride), Int32(s.padding), 1, 0, 1,
                                      workspace.pointer),
              "gt_conv_transpose1d_f32")
        return out.pointer[0]
    }
}

/// A value made on first use, so that a benchmark process allocates only what the benchmarks it runs need.
public final class Lazy<Value>: @unchecked Sendable {
    private var made: Value?
    private let make: () -> Value
    public init(_ make: @escaping () -> Value) { self.make = make }
    public var value: Value {
        if let made { return made }
        let v = make()
        made = v
        return v
    }
}

/// The size every bandwidth measurement uses: a 4096 × 4096 fp32 matrix, 64 MiB.
public let bandwidthBytes = 4096 * 4096 * MemoryLayout<Float>.stride
