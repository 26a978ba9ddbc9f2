// ordo-one/benchmark suite for the CKernels hot paths. Run from Benchmarks/:
//
//   swift package benchmark                                   # everything
//   swift package benchmark --filter 'GEMV.*' --filter 'Memory.*'
//
// Bandwidth and FLOP rates are custom metrics in MB/s and MFLOP/s (10⁶, integers), larger is better;
// wallClock is the time per call. The memory-read and memcpy benchmarks read the same 64 MiB as GEMV,
// in the same run, so GEMV ÷ memory read is the fraction of the machine's bandwidth GEMV reaches.
import Benchmark
import BenchSupport

private enum Rate {
    /// 10⁶ bytes per second of the data a kernel must stream (matrix, KV cache, source buffer).
    static let megabytesPerSecond = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)
    /// 10⁶ floating-point operations per second (a multiply-add counts as 2).
    static let megaflopsPerSecond = BenchmarkMetric.custom("MFLOP/s", polarity: .prefersLarger, useScalingFactor: false)
}

/// Runs `body` once inside the measured region and records `amount / seconds / 10⁶` as `metric`.
private func measureRate(_ benchmark: Benchmark, _ metric: BenchmarkMetric, amount: Double,
                         _ body: () -> Float) {
    let clock = ContinuousClock()
    benchmark.startMeasurement()
    let start = clock.now
    let result = body()
    let elapsed = clock.now - start
    benchmark.stopMeasurement()
    blackHole(result)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    if seconds > 0 { benchmark.measurement(metric, Int((amount / seconds / 1e6).rounded())) }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 3,
        maxDuration: .seconds(2),
        maxIterations: 1_000
    )
    // Print the rates as plain integers (the default would show "18 (K)" for 18 000 MB/s).
    Benchmark.defaultConfiguration.units = [Rate.megabytesPerSecond: .count, Rate.megaflopsPerSecond: .count]
    let bandwidthMetrics: [BenchmarkMetric] = [.wallClock, .mallocCountTotal, Rate.megabytesPerSecond]
    let flopMetrics: [BenchmarkMetric] = [.wallClock, .mallocCountTotal, Rate.megaflopsPerSecond]

    // MARK: 64 MiB bandwidth: GEMV against a plain read and memcpy of the same size

    let gemv = Lazy { GemvWorkload(rows: 4096, cols: 4096) }
    let memcpyWork = Lazy { MemcpyWorkload(bytes: bandwidthBytes) }

    for threads in [1, 2] {
        let read = Lazy { MemoryReadWorkload(buffer: gemv.value.a, threads: threads) }
        Benchmark("Memory read 64MiB", configuration: .init(metrics: bandwidthMetrics,
                                                            tags: ["threads": "\(threads)"])) { benchmark in
            let work = read.value
            measureRate(benchmark, Rate.megabytesPerSecond, amount: Double(work.bytesPerCall)) { work.run() }
        }
        Benchmark("GEMV 4096x4096 fp32", configuration: .init(metrics: bandwidthMetrics,
                                                              tags: ["threads": "\(threads)"])) { benchmark in
            let work = gemv.value
            setKernelThreads(threads)
            measureRate(benchmark, Rate.megabytesPerSecond, amount: Double(work.matrixBytes)) { work.run() }
        }
    }
    Benchmark("Memory memcpy 64MiB", configuration: .init(metrics: bandwidthMetrics)) { benchmark in
        let work = memcpyWork.value
        measureRate(benchmark, Rate.megabytesPerSecond, amount: Double(work.bytesPerCall)) { work.run() }
    }

    // MARK: Decode attention, GLM-TTS LLM heads (16 query, 4 KV, head_dim 128)

    for context in [128, 512, 2048, 8192] {
        let attention = Lazy { DecodeAttentionWorkload(contextLength: context) }
        Benchmark("Attention decode 16q4kv128", configuration: .init(metrics: bandwidthMetrics,
                                                                     tags: ["ctx": "\(context)"])) { benchmark in
            let work = attention.value
            measureRate(benchmark, Rate.megabytesPerSecond, amount: Double(work.cacheBytes)) { work.run() }
        }
    }

    // MARK: Transposed convolution, vocoder upsampler stages

    for (name, shape) in [("512to256.k16.s8.l100", ConvTransposeShape.hiftStage1),
                          ("256to128.k11.s5.l800", ConvTransposeShape.hiftStage2)] {
        let conv = Lazy { ConvTransposeWorkload(shape: shape) }
        for threads in [1, 2] {
            Benchmark("ConvTranspose1d \(name)", configuration: .init(metrics: flopMetrics,
                                                                     tags: ["threads": "\(threads)"])) { benchmark in
                let work = conv.value
                setKernelThreads(threads)
                measureRate(benchmark, Rate.megaflopsPerSecond, amount: work.flops) { work.run() }
            }
        }
    }
}
