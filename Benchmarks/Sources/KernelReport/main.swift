// KernelReport: the kernel measurements as a plain table (or JSON with --json), without the benchmark
// framework. Bandwidth figures are measured side by side, interleaved round by round, in one process,
// so their ratios hold even on a shared, noisy machine where absolute numbers drift.
//
//   cd Benchmarks && swift build -c release --product KernelReport && .build/release/KernelReport [--json] [--rounds N]
import BenchSupport
import CKernels
import Foundation

// MARK: Options

var jsonOutput = false
var rounds = 7
do {
    var args = CommandLine.arguments.dropFirst()
    while let arg = args.popFirst() {
        switch arg {
        case "--json": jsonOutput = true
        case "--rounds":
            guard let n = args.popFirst().flatMap(Int.init), n >= 1 else { fatalError("--rounds needs a positive integer") }
            rounds = n
        case "-h", "--help":
            print("usage: KernelReport [--json] [--rounds N]   (N interleaved rounds per measurement, default 7)")
            exit(0)
        default: fatalError("unknown argument \(arg)")
        }
    }
}

func log(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}

// MARK: Timing

nonisolated(unsafe) var sink: Float = 0
let clock = ContinuousClock()

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

/// Seconds per call, averaged over `calls` back-to-back calls.
func timePerCall(_ calls: Int, _ body: () -> Float) -> Double {
    let start = clock.now
    for _ in 0..<calls { sink += body() }
    return seconds(clock.now - start) / Double(calls)
}

/// How many calls make a batch of at least `target` seconds (measured after one warm-up call).
func callsPerBatch(target: Double, _ body: () -> Float) -> Int {
    sink += body()
    let t = timePerCall(1, body)
    return max(1, Int((target / max(t, 1e-9)).rounded(.up)))
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

struct Stat: Codable {
    var median: Double
    var best: Double
    var samples: Int
}

/// Rates (amount per second) from per-call times; best is the fastest sample.
func rateStat(amount: Double, times: [Double]) -> Stat {
    let rates = times.map { amount / $0 }
    return Stat(median: median(rates), best: rates.max() ?? 0, samples: rates.count)
}

// MARK: Machine

func cpuModel() -> String {
    guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
    for line in info.split(separator: "\n") where line.hasPrefix("model name") {
        return line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
    }
    return "unknown"
}

let simdNames = [Int32(GT_SIMD_SCALAR): "scalar", Int32(GT_SIMD_AVX2): "AVX2+FMA", Int32(GT_SIMD_AVX512): "AVX-512"]

struct Machine: Codable {
    var cpu: String
    var logicalCores: Int
    var simdActive: String
}

let machine = Machine(cpu: cpuModel(), logicalCores: ProcessInfo.processInfo.activeProcessorCount,
                      simdActive: simdNames[gt_simd_active()] ?? "?")

// MARK: 1. Bandwidth: memory read vs GEMV over the same 64 MiB, interleaved

struct Bandwidth: Codable {
    var bytes: Int
    var gigabytesPerSecond: [String: Stat]   // 10⁹ bytes/s: read1, read2, memcpy, gemv1, gemv2
    var ratios: [String: Double]             // gemvT/readT: median of paired calls; others: ratio of medians
}

log("allocating 64 MiB buffers…")
let gemv = GemvWorkload(rows: 4096, cols: 4096)
let reads = [1: MemoryReadWorkload(buffer: gemv.a, threads: 1), 2: MemoryReadWorkload(buffer: gemv.a, threads: 2)]
let copy = MemcpyWorkload(bytes: bandwidthBytes)
let bytes = Double(gemv.matrixBytes)

/// After a multi-threaded call OpenBLAS's idle workers spin (about 2^28 TSC cycles, ~0.1 s) before they
/// sleep; on a 2-core machine a spinning worker would take a core from the next measurement.
func letBLASWorkersSleep() { Thread.sleep(forTimeInterval: 0.25) }

// Each round: memcpy, then for 1 and 2 threads alternating single calls read, gemv, read, gemv, …
// The ratio GEMV/read is taken per adjacent pair (t_read / t_gemv), so both sides of every ratio saw the
// same machine load; the table reports the median over all pairs.
var bandwidthTimes: [String: [Double]] = [:]
var pairRatios: [Int: [Double]] = [1: [], 2: []]
let pairsPerRound = 4
log("bandwidth: \(rounds) interleaved rounds…")
for threads in [1, 2] {  // warm-up: page faults, thread pools
    setKernelThreads(threads)
    for _ in 0..<3 { sink += reads[threads]!.run() + gemv.run() }
}
sink += copy.run()
for _ in 0..<rounds {
    letBLASWorkersSleep()  // the previous round ended with 2-thread GEMV calls
    sink += copy.run()
    for _ in 0..<pairsPerRound { bandwidthTimes["memcpy", default: []].append(timePerCall(1) { copy.run() }) }
    for threads in [1, 2] {
        setKernelThreads(threads)
        sink += reads[threads]!.run() + gemv.run()  // first calls after switching are not counted
        for _ in 0..<pairsPerRound {
            if threads > 1 { letBLASWorkersSleep() }  // else the 2-thread read shares a core with a spinning BLAS worker
            let tRead = timePerCall(1) { reads[threads]!.run() }
            let tGemv = timePerCall(1) { gemv.run() }
            bandwidthTimes["read\(threads)", default: []].append(tRead)
            bandwidthTimes["gemv\(threads)", default: []].append(tGemv)
            pairRatios[threads]!.append(tRead / tGemv)
        }
    }
}
var bandwidthStats: [String: Stat] = [:]
for (name, times) in bandwidthTimes {
    let s = rateStat(amount: bytes, times: times)
    bandwidthStats[name] = Stat(median: s.median / 1e9, best: s.best / 1e9, samples: s.samples)
}
let bandwidth = Bandwidth(
    bytes: gemv.matrixBytes,
    gigabytesPerSecond: bandwidthStats,
    ratios: [
        "gemv1/read1": median(pairRatios[1]!),
        "gemv2/read2": median(pairRatios[2]!),
        "gemv2/gemv1": bandwidthStats["gemv2"]!.median / bandwidthStats["gemv1"]!.median,
        "read2/read1": bandwidthStats["read2"]!.median / bandwidthStats["read1"]!.median,
    ])

// MARK: 2. Decode attention vs context length

struct AttentionRow: Codable {
    var context: Int
    var microsecondsPerCall: Stat      // median and best (lowest) time
    var kvGigabytesPerSecond: Double   // K+V cache bytes / median time
    var gflopsPerSecond: Double
}

setKernelThreads(1)
letBLASWorkersSleep()
var attentionRows: [AttentionRow] = []
for context in [128, 512, 2048, 8192] {
    log("attention decode, context \(context)…")
    let work = DecodeAttentionWorkload(contextLength: context)
    let calls = callsPerBatch(target: 0.02) { work.run() }
    var times: [Double] = []
    for _ in 0..<max(rounds, 5) { times.append(timePerCall(calls) { work.run() }) }
    let med = median(times)
    attentionRows.append(AttentionRow(
        context: context,
        microsecondsPerCall: Stat(median: med * 1e6, best: (times.min() ?? 0) * 1e6, samples: times.count),
        kvGigabytesPerSecond: Double(work.cacheBytes) / med / 1e9,
        gflopsPerSecond: work.flops / med / 1e9))
}

// MARK: 3. Transposed convolution

struct ConvRow: Codable {
    var shape: String
    var lOut: Int
    var threads: Int
    var millisecondsPerCall: Stat
    var gflopsPerSecond: Double           // from the median time
    var megaSamplesPerSecond: Double      // output samples (c_out × l_out) / median time
}

var convRows: [ConvRow] = []
for shape in [ConvTransposeShape.hiftStage1, .hiftStage2] {
    let work = ConvTransposeWorkload(shape: shape)
    for threads in [1, 2] {
        log("conv-transpose \(shape), \(threads) thread(s)…")
        setKernelThreads(threads)
        let calls = callsPerBatch(target: 0.05) { work.run() }
        var times: [Double] = []
        for _ in 0..<max(rounds, 5) { times.append(timePerCall(calls) { work.run() }) }
        let med = median(times)
        convRows.append(ConvRow(
            shape: shape.description, lOut: shape.lOut, threads: threads,
            millisecondsPerCall: Stat(median: med * 1e3, best: (times.min() ?? 0) * 1e3, samples: times.count),
            gflopsPerSecond: work.flops / med / 1e9,
            megaSamplesPerSecond: Double(work.outputSamples) / med / 1e6))
    }
}
setKernelThreads(1)

// MARK: Output

struct Report: Codable {
    var machine: Machine
    var rounds: Int
    var bandwidth: Bandwidth
    var attentionDecode: [AttentionRow]
    var convTranspose: [ConvRow]
}

let report = Report(machine: machine, rounds: rounds, bandwidth: bandwidth, attentionDecode: attentionRows,
                    convTranspose: convRows)

func f(_ x: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", x) }

if jsonOutput {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    print(String(decoding: try encoder.encode(report), as: UTF8.self))
} else {
    print("Machine: \(machine.cpu), \(machine.logicalCores) cores, kernels use \(machine.simdActive)")
    print("")
    print("64 MiB fp32 (4096 x 4096), GB/s = 10^9 bytes/s, \(rounds) rounds x \(pairsPerRound) interleaved calls each")
    print("| measurement                 | median GB/s | best GB/s |")
    print("|-----------------------------|------------:|----------:|")
    let labels = [("read1", "memory read, 1 thread"), ("read2", "memory read, 2 threads"),
                  ("memcpy", "memcpy (bytes copied)"), ("gemv1", "gt_gemv_f32, 1 thread"),
                  ("gemv2", "gt_gemv_f32, 2 threads")]
    for (key, label) in labels {
        let s = bandwidth.gigabytesPerSecond[key]!
        print("| \(label.padding(toLength: 27, withPad: " ", startingAt: 0)) | \(f(s.median).leftPad(11)) | \(f(s.best).leftPad(9)) |")
    }
    print("")
    for key in ["gemv1/read1", "gemv2/read2"] {
        print("ratio \(key): \(f(bandwidth.ratios[key]!, 3))   (median over paired calls)")
    }
    for key in ["gemv2/gemv1", "read2/read1"] {
        print("ratio \(key): \(f(bandwidth.ratios[key]!, 3))   (ratio of medians)")
    }
    print("")
    print("Decode attention, 16 query heads, 4 KV heads, head_dim 128, 1 thread")
    print("| context | median µs/call | best µs/call | KV GB/s | GFLOP/s |")
    print("|--------:|---------------:|-------------:|--------:|--------:|")
    for r in attentionRows {
        print("| \(String(r.context).leftPad(7)) | \(f(r.microsecondsPerCall.median, 1).leftPad(14)) | \(f(r.microsecondsPerCall.best, 1).leftPad(12)) | \(f(r.kvGigabytesPerSecond).leftPad(7)) | \(f(r.gflopsPerSecond).leftPad(7)) |")
    }
    print("")
    print("gt_conv_transpose1d_f32")
    print("| shape                            | l_out | threads | median ms/call | GFLOP/s | Msamples/s |")
    print("|----------------------------------|------:|--------:|---------------:|--------:|-----------:|")
    for r in convRows {
        print("| \(r.shape.padding(toLength: 32, withPad: " ", startingAt: 0)) | \(String(r.lOut).leftPad(5)) | \(String(r.threads).leftPad(7)) | \(f(r.millisecondsPerCall.median, 3).leftPad(14)) | \(f(r.gflopsPerSecond).leftPad(7)) | \(f(r.megaSamplesPerSecond).leftPad(10)) |")
    }
}
if sink.isNaN { log("(results contained NaN)") }

extension String {
    func leftPad(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
